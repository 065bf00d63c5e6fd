"""Parses Prometheus text from standard input with prometheus_client and prints its samples as JSON
lines: {"name", "labels", "value"}. Exits 1 if the text does not parse."""

import json
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            print(json.dumps({"name": sample.name, "labels": sample.labels, "value": sample.value}))
except Exception as error:
    print(f"not Prometheus text: {error}", file=sys.stderr)
    sys.exit(1)
