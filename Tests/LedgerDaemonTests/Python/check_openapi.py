"""Checks the live daemon's answers, errors included, against docs/openapi.yaml with openapi-core.

Usage: check_openapi.py SOCKET SPEC. Appends the example data set, then calls every route with good
and bad requests; each request and response must validate against the document, and each answer must
have the status the case expects. Prints one line per case; exits 1 on the first failure.
"""

import http.client
import json
import pathlib
import socket
import sys
import urllib.parse

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.unix_path)


def call(sock, method, path, query=None, body=None, content_type=None):
    target = path + ("?" + urllib.parse.urlencode(query) if query else "")
    headers = {"Content-Type": content_type} if content_type else {}
    connection = UnixConnection(sock)
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("Content-Type", ""), data


def main():
    sock, spec_path = sys.argv[1], sys.argv[2]
    openapi = OpenAPI.from_file_path(spec_path)
    seed = pathlib.Path(sys.argv[3]).read_bytes() if len(sys.argv) > 3 else None
    subject = "strike:deir-ezzor:2015-12-06"
    source = "Syrian Foreign Ministry"
    ndjson = "application/x-ndjson"
    event = {
        "type": "assert",
        "id": "openapi:1",
        "subject": "openapi:subject",
        "predicate": "p",
        "object": 1,
        "source": "s",
    }
    cases = [
        # (what, method, path, query, body, content type, expected status)
        ("append the example data (NDJSON)", "POST", "/v1/events", None, seed, ndjson, 200),
        ("append JSON", "POST", "/v1/events", None, json.dumps({"events": [event]}).encode(), "application/json", 200),
        (
            "append a duplicate",
            "POST",
            "/v1/events",
            None,
            json.dumps({"events": [event]}).encode(),
            "application/json",
            200,
        ),
        (
            "append a conflicting id",
            "POST",
            "/v1/events",
            None,
            json.dumps({"events": [dict(event, object=2)]}).encode(),
            "application/json",
            409,
        ),
        (
            "append without a field",
            "POST",
            "/v1/events",
            None,
            json.dumps({"events": [{"type": "assert", "subject": "x"}]}).encode(),
            "application/json",
            400,
        ),
        ("append broken JSON", "POST", "/v1/events", None, b"{", "application/json", 400),
        (
            "append with a stale expected_head",
            "POST",
            "/v1/events",
            None,
            json.dumps({"events": [dict(event, id="openapi:2")], "expected_head": 1}).encode(),
            "application/json",
            409,
        ),
        (
            "retract an unknown target",
            "POST",
            "/v1/events",
            None,
            json.dumps({"events": [{"type": "retract", "target": "nope", "reason": "r"}]}).encode(),
            "application/json",
            404,
        ),
        (
            "erase a claim's evidence",
            "POST",
            "/v1/events",
            None,
            json.dumps(
                {"events": [{"type": "erase", "target": "deir-ezzor-2015:sfm-target", "reason": "a test"}]}
            ).encode(),
            "application/json",
            200,
        ),
        (
            "erase it again",
            "POST",
            "/v1/events",
            None,
            json.dumps(
                {"events": [{"type": "erase", "target": "deir-ezzor-2015:sfm-target", "reason": "a test"}]}
            ).encode(),
            "application/json",
            409,
        ),
        ("replay", "GET", "/v1/events", {"from": "1", "limit": "5"}, None, None, 200),
        ("replay a subject", "GET", "/v1/events", {"subject": subject}, None, None, 200),
        (
            "replay and follow to a seq already there",
            "GET",
            "/v1/events",
            {"follow": "true", "to": "3"},
            None,
            None,
            200,
        ),
        ("replay with a bad seq", "GET", "/v1/events", {"from": "x"}, None, None, 400),
        ("replay with a bad follow", "GET", "/v1/events", {"follow": "maybe"}, None, None, 400),
        ("one event", "GET", "/v1/events/deir-ezzor-2015:sfm-killed", None, None, None, 200),
        ("an unknown event", "GET", "/v1/events/nope", None, None, None, 404),
        ("belief", "GET", "/v1/belief", {"subject": subject}, None, None, 200),
        (
            "belief at a time, as of a time",
            "GET",
            "/v1/belief",
            {"subject": subject, "predicate": "perpetrator", "at": "2015-12-07", "as_of": "2030-01-01T00:00:00Z"},
            None,
            None,
            200,
        ),
        ("belief without a subject", "GET", "/v1/belief", None, None, None, 400),
        ("belief with a bad time", "GET", "/v1/belief", {"subject": subject, "at": "yesterday"}, None, None, 400),
        ("belief about an unknown subject", "GET", "/v1/belief", {"subject": "nothing"}, None, None, 404),
        ("history", "GET", "/v1/history", {"subject": subject}, None, None, 200),
        (
            "history in a window",
            "GET",
            "/v1/history",
            {"subject": subject, "valid_from": "2015-12-07", "valid_to": "2015-12-08"},
            None,
            None,
            200,
        ),
        ("history without a subject", "GET", "/v1/history", None, None, None, 400),
        ("claims", "GET", "/v1/claims", {"source": source}, None, None, 200),
        ("claims, paged", "GET", "/v1/claims", {"source": source, "limit": "1"}, None, None, 200),
        ("claims without a source", "GET", "/v1/claims", None, None, None, 400),
        ("source", "GET", "/v1/source", {"name": source}, None, None, 200),
        ("source without a name", "GET", "/v1/source", None, None, None, 400),
        ("subjects", "GET", "/v1/subjects", {"prefix": "strike:"}, None, None, 200),
        ("subjects, paged", "GET", "/v1/subjects", {"limit": "1"}, None, None, 200),
        ("subjects with a bad limit", "GET", "/v1/subjects", {"limit": "0"}, None, None, 400),
        ("contested", "GET", "/v1/contested", None, None, None, 200),
        ("contested at a time", "GET", "/v1/contested", {"at": "2015-12-07"}, None, None, 200),
        ("receipt", "GET", "/v1/receipt", {"subject": subject}, None, None, 200),
        (
            "receipt for a predicate, at a time",
            "GET",
            "/v1/receipt",
            {"subject": subject, "predicate": "killed", "at": "2015-12-08"},
            None,
            None,
            200,
        ),
        ("receipt without a subject", "GET", "/v1/receipt", None, None, None, 400),
        ("receipt for an unknown subject", "GET", "/v1/receipt", {"subject": "nothing"}, None, None, 404),
        ("tree head", "GET", "/v1/audit/head", None, None, None, 200),
        ("tree head at a size", "GET", "/v1/audit/head", {"tree_size": "3"}, None, None, 200),
        ("tree head beyond the head", "GET", "/v1/audit/head", {"tree_size": "100000"}, None, None, 404),
        ("inclusion proof beyond the head", "GET", "/v1/audit/inclusion", {"seq": "100000"}, None, None, 404),
        ("inclusion proof", "GET", "/v1/audit/inclusion", {"seq": "2", "tree_size": "5"}, None, None, 200),
        ("inclusion proof without seq", "GET", "/v1/audit/inclusion", None, None, None, 400),
        ("consistency proof", "GET", "/v1/audit/consistency", {"first": "3", "second": "7"}, None, None, 200),
        ("consistency proof without first", "GET", "/v1/audit/consistency", None, None, None, 400),
        ("checkpoint", "GET", "/v1/audit/checkpoint", None, None, None, 200),
        ("leaf hashes", "GET", "/v1/audit/leaves", {"from": "1", "limit": "3"}, None, None, 200),
        ("status", "GET", "/v1/status", None, None, None, 200),
        ("health", "GET", "/v1/health", None, None, None, 200),
        ("metrics", "GET", "/metrics", None, None, None, 200),
        (
            "backup to a relative path",
            "POST",
            "/v1/admin/backup",
            None,
            json.dumps({"directory": "relative"}).encode(),
            "application/json",
            400,
        ),
        ("backup without a directory", "POST", "/v1/admin/backup", None, b"{}", "application/json", 400),
        ("compact", "POST", "/v1/admin/compact", None, None, None, 200),
        ("restore into a ledger with events of its own", "POST", "/v1/admin/restore", None, seed, ndjson, 409),
    ]
    if len(sys.argv) > 4:
        cases.append(
            (
                "backup",
                "POST",
                "/v1/admin/backup",
                None,
                json.dumps({"directory": sys.argv[4]}).encode(),
                "application/json",
                200,
            )
        )
    for what, method, path, query, body, content_type, expected in cases:
        status, response_type, data = call(sock, method, path, query, body, content_type)
        if status != expected:
            print(f"FAIL {what}: {method} {path} answered {status}, not {expected}: {data[:300]!r}")
            return 1
        request = MockRequest(
            "http://localhost",
            method.lower(),
            path,
            args=query or {},
            data=body or b"",
            content_type=content_type or "application/json",
        )
        response = MockResponse(data, status_code=status, content_type=response_type.split(";")[0])
        try:
            if expected < 400:
                openapi.validate_request(request)
            openapi.validate_response(request, response)
        except Exception as error:  # the validator's own error types vary by version; name it
            detail = getattr(error, "schema_errors", None) or getattr(error, "__cause__", None) or error
            print(
                f"FAIL {what}: {method} {path} {status} does not match docs/openapi.yaml: "
                f"{str(error)[:300]}: {str(detail)[:600]}"
            )
            return 1
        print(f"ok   {what}: {method} {path} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
