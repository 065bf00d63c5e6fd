"""Schemathesis hooks for fuzzing ledgerd from docs/openapi.yaml (see fuzz_openapi.py)."""

import json

import schemathesis

# The server errors the API documents: shutting down, storage unavailable or behind (503), storage full
# (507), a transfer coding it does not take (501). Any other 5xx, a 500 above all, is a defect.
DOCUMENTED_5XX = {
    501: {"not_implemented"},
    503: {"behind", "shutting_down", "storage_unavailable"},
    507: {"storage_full"},
}


@schemathesis.check
def no_undocumented_server_error(ctx, response, case):
    """Fails on a 5xx the API does not document for a client's request."""
    if response.status_code < 500:
        return
    try:
        code = json.loads(response.content)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    if code not in DOCUMENTED_5XX.get(response.status_code, set()):
        raise AssertionError(f"ledgerd answered {response.status_code} ({code}) to a client's request")


@schemathesis.serializer("application/x-ndjson")
def to_ndjson(ctx, value):
    """NDJSON bodies: a generated list is one event a line; anything else its JSON on one line."""
    items = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(item) for item in items).encode()


@schemathesis.hook
def before_load_schema(ctx, raw_schema):
    """A replay that follows never ends by itself: the fuzzer is not told of `follow`, and tests the rest of
    the replay's parameters (the Swift suites test following)."""
    replay = raw_schema["paths"]["/v1/events"]["get"]
    replay["parameters"] = [p for p in replay["parameters"] if p.get("name") != "follow"]
