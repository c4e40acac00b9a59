#!/usr/bin/env python3
"""A local stand-in for Microsoft Entra ID's token endpoint and the Azure Monitor Log Analytics
query API, for recproc's tests (issue 7). No emulator exists for either service.

Python 3 standard library only. Listens on 127.0.0.1 on a free port and prints the port on
stdout, one line, before serving. Never talks to anything but its own clients.

Request and response formats follow Microsoft's documentation:
  Token endpoint (client-credentials flow, shared secret; form body, success and error bodies):
    https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
  AADSTS error codes used in the error bodies (7000215, 700016, 70011, 90002, 900144, 70003):
    https://learn.microsoft.com/entra/identity-platform/reference-error-codes
  Query API request (POST /v1/workspaces/{id}/query, JSON body with query and timespan):
    https://learn.microsoft.com/azure/azure-monitor/logs/api/request-format
  Query API response (tables/columns/rows; OneAPI error object; PartialError beside tables):
    https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format
  Prefer: wait=N server timeout:
    https://learn.microsoft.com/azure/azure-monitor/logs/api/timeouts
    https://learn.microsoft.com/azure/azure-monitor/logs/api/prefer-options

Expected credentials come from the environment (never argv): FAKE_TENANT_ID, FAKE_CLIENT_ID,
FAKE_CLIENT_SECRET. `--record FILE` appends one JSON line per request received (the secret is
never recorded, only whether it matched).

The behaviour of the query endpoint is picked by the workspace id (see MODES below).
"""

import argparse
import gzip
import json
import os
import re
import secrets
import sys
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPE = "https://api.loganalytics.io/.default"

# Workspace id -> behaviour of the query endpoint.
MODES = {
    "00000000-0000-0000-0000-000000000001": "normal",        # every column type
    "00000000-0000-0000-0000-000000000002": "empty",         # columns, no rows
    "00000000-0000-0000-0000-000000000003": "partial",       # rows + PartialError
    "00000000-0000-0000-0000-000000000004": "throttle",      # 429 Retry-After: 1, then normal
    "00000000-0000-0000-0000-000000000005": "expired",       # 401 on the first token, then normal
    "00000000-0000-0000-0000-000000000006": "malformed",     # 200 with truncated JSON
    "00000000-0000-0000-0000-000000000007": "bad_query",     # 400 BadArgumentError
    "00000000-0000-0000-0000-000000000008": "unauthorized",  # 401 whatever the token
    "00000000-0000-0000-0000-000000000009": "server_error",  # 500 always
    "00000000-0000-0000-0000-00000000000a": "large",         # 5000 rows
}

COLUMNS = [
    {"name": "TimeGenerated", "type": "datetime"},
    {"name": "Computer", "type": "string"},
    {"name": "EventCount", "type": "long"},
    {"name": "Severity", "type": "int"},
    {"name": "Ratio", "type": "real"},
    {"name": "IsError", "type": "bool"},
    {"name": "Properties", "type": "dynamic"},
    {"name": "CorrelationId", "type": "guid"},
    {"name": "Duration", "type": "timespan"},
]

# Dynamic values arrive as JSON text inside a string, as the service sends them.
ROWS = [
    ["2024-05-01T10:00:00.123Z", "web-01", 42, 3, 0.25, True,
     "{\"a\":1,\"tags\":[\"x\",\"y\"]}", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "00:01:30"],
    ["2024-05-01T10:05:00Z", "db \"primary\"\n\\line2 \u00fcn\u00ef,x", 9007199254740993, -7,
     1.5e+20, False, "[1, 2.50, {\"b\": null}]", "00000000-0000-0000-0000-000000000000",
     "1.02:03:04.5000000"],
    [None, None, None, None, None, None, "", None, None],
    ["2024-05-01T10:10:00Z", "", 0, 0, "NaN", False, "not json", None, "-00:00:01"],
]

PARTIAL_ERROR = {
    "code": "PartialError",
    "message": "There were some errors when processing your query.",
    "details": [{
        "code": "EngineError",
        "message": "Something went wrong processing your query on the server.",
        "innererror": {
            "code": "-2133196797",
            "message": "The results of this query exceed the set limit of 500000 records, so not "
                       "all records were returned (E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003).",
            "severity": 2,
            "severityName": "Error",
        },
    }],
}


def one_api_error(code, message, inner=None):
    error = {"message": message, "code": code, "correlationId": str(uuid.uuid4())}
    if inner is not None:
        error["innererror"] = inner
    return {"error": error}


def entra_error(error, code, description):
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    return {
        "error": error,
        "error_description": f"AADSTS{code}: {description}\r\nTrace ID: {trace}\r\n"
                             f"Correlation ID: {correlation}\r\nTimestamp: 2024-05-01 10:00:00Z",
        "error_codes": [code],
        "timestamp": "2024-05-01 10:00:00Z",
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }


# ISO-8601 duration (PT12H, P1D) or a start/end pair (2024-01-01/2024-01-02T00:00:00Z).
TIMESPAN = re.compile(r"^(P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?|[0-9T:.+Z-]+/[0-9T:.+Z-]+)$")


class State:
    def __init__(self, record_path):
        self.lock = threading.Lock()
        self.record_path = record_path
        self.tokens = set()
        self.counts = {}
        self.rejected = {}  # workspace -> token rejected as expired

    def record(self, entry):
        if not self.record_path:
            return
        with self.lock, open(self.record_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def count(self, workspace):
        with self.lock:
            self.counts[workspace] = self.counts.get(workspace, 0) + 1
            return self.counts[workspace]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set in main()

    def log_message(self, fmt, *args):  # keep the test output clean
        pass

    def send_json(self, status, payload, headers=(), raw=None):
        body = raw if raw is not None else json.dumps(
            payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        accept = self.headers.get("Accept-Encoding", "")
        gzipped = "gzip" in accept and status == 200
        if gzipped:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length > 0 else b""

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        token_path = re.fullmatch(r"/([^/]+)/oauth2/v2\.0/token", path)
        query_path = re.fullmatch(r"/v1/workspaces/([^/]+)/query", path)
        if token_path:
            self.token(urllib.parse.unquote(token_path.group(1)))
        elif query_path:
            self.query(urllib.parse.unquote(query_path.group(1)))
        else:
            self.send_json(404, one_api_error("PathNotFoundError", f"Path {path} not found"))

    def do_GET(self):
        self.send_json(405, one_api_error("MethodNotAllowed", "Use POST"))

    # -- Microsoft Entra ID: POST /{tenant}/oauth2/v2.0/token -----------------------------------
    def token(self, tenant):
        body = self.read_body().decode("utf-8", "replace")
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        field = lambda name: form.get(name, [""])[0]
        expected_secret = os.environ.get("FAKE_CLIENT_SECRET", "")
        secret_ok = field("client_secret") == expected_secret and expected_secret != ""
        self.state.record({
            "kind": "token", "tenant": tenant,
            "content_type": self.headers.get("Content-Type", ""),
            "grant_type": field("grant_type"), "client_id": field("client_id"),
            "scope": field("scope"), "secret_ok": secret_ok,
            "fields": sorted(form.keys()),
        })
        if tenant != os.environ.get("FAKE_TENANT_ID", ""):
            return self.send_json(400, entra_error(
                "invalid_request", 90002, f"Tenant '{tenant}' not found."))
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return self.send_json(400, entra_error(
                "invalid_request", 900144,
                "The request body must contain the following parameter: 'grant_type'."))
        if field("grant_type") != "client_credentials":
            return self.send_json(400, entra_error(
                "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type."))
        if field("client_id") != os.environ.get("FAKE_CLIENT_ID", ""):
            return self.send_json(400, entra_error(
                "unauthorized_client", 700016,
                f"Application with identifier '{field('client_id')}' was not found in the "
                f"directory '{tenant}'."))
        if not secret_ok:
            return self.send_json(401, entra_error(
                "invalid_client", 7000215,
                "Invalid client secret provided. Ensure the secret being sent in the request is "
                "the client secret value, not the client secret ID, for a secret added to app "
                f"'{field('client_id')}'."))
        if field("scope") != SCOPE:
            return self.send_json(400, entra_error(
                "invalid_scope", 70011,
                f"The provided request must include a 'scope' input parameter. The provided value "
                f"for the input parameter 'scope' is not valid."))
        token = "fake-token-" + secrets.token_hex(16)
        with self.state.lock:
            self.state.tokens.add(token)
        self.send_json(200, {"token_type": "Bearer", "expires_in": 3599,
                             "ext_expires_in": 3599, "access_token": token},
                       headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    # -- Log Analytics: POST /v1/workspaces/{id}/query ------------------------------------------
    def query(self, workspace):
        raw = self.read_body()
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        entry = {
            "kind": "query", "workspace": workspace,
            "content_type": self.headers.get("Content-Type", ""),
            "prefer": self.headers.get("Prefer", ""),
            "accept_encoding": self.headers.get("Accept-Encoding", ""),
            "token_known": token in self.state.tokens,
        }
        try:
            body = json.loads(raw.decode("utf-8"))
            entry["query"] = body.get("query")
            entry["timespan"] = body.get("timespan")
        except (ValueError, AttributeError):
            body = None
        self.state.record(entry)

        if token not in self.state.tokens:
            return self.send_json(401, one_api_error(
                "AuthorizationRequiredError", "Valid authentication was not provided"),
                headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')])
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.send_json(415, one_api_error(
                "UnsupportedMediaType", "Content-Type must be application/json"))
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return self.send_json(400, one_api_error(
                "BadArgumentError", "The request had some invalid properties",
                {"code": "QueryMissing", "message": "The query parameter is required"}))
        timespan = body.get("timespan")
        if timespan is not None and (not isinstance(timespan, str) or not TIMESPAN.match(timespan)):
            return self.send_json(400, one_api_error(
                "BadArgumentError", "The request had some invalid properties",
                {"code": "InvalidTimespan", "message": f"Invalid timespan '{timespan}'"}))

        mode = MODES.get(workspace)
        if mode is None:
            return self.send_json(404, one_api_error(
                "WorkspaceNotFoundError", f"Workspace '{workspace}' not found"))
        table = {"name": "PrimaryResult", "columns": COLUMNS, "rows": ROWS}
        if mode == "normal":
            return self.send_json(200, {"tables": [table]})
        if mode == "large":
            rows = [["2024-05-01T10:00:00Z", f"host-{i}", i, i % 7, i / 4, i % 2 == 0,
                     json.dumps({"i": i}), str(uuid.UUID(int=i)), "00:00:01"]
                    for i in range(5000)]
            return self.send_json(200, {"tables": [dict(table, rows=rows)]})
        if mode == "empty":
            return self.send_json(200, {"tables": [dict(table, rows=[])]})
        if mode == "partial":
            return self.send_json(200, {"tables": [dict(table, rows=ROWS[:1])],
                                        "error": PARTIAL_ERROR})
        if mode == "throttle":
            if self.state.count(workspace) % 2 == 1:
                return self.send_json(429, one_api_error(
                    "ThrottledError", "Your request was throttled. Retry after 1 second."),
                    headers=[("Retry-After", "1")])
            return self.send_json(200, {"tables": [table]})
        if mode == "expired":
            # The first token presented is treated as expired; a different (refreshed) one works.
            with self.state.lock:
                rejected = self.state.rejected.get(workspace)
                expire = rejected is None or rejected == token
                if expire:
                    self.state.rejected[workspace] = token
                else:
                    del self.state.rejected[workspace]
            if expire:
                return self.send_json(401, one_api_error(
                    "InvalidTokenError", "The provided authentication is not valid for this "
                    "resource", {"code": "TokenExpired", "message": "The access token expired"}),
                    headers=[("WWW-Authenticate",
                              'Bearer error="invalid_token", '
                              'error_description="The access token expired"')])
            return self.send_json(200, {"tables": [table]})
        if mode == "malformed":
            text = json.dumps({"tables": [table]}, ensure_ascii=False)
            return self.send_json(200, None, raw=text[: len(text) // 2].encode("utf-8"))
        if mode == "bad_query":
            return self.send_json(400, one_api_error(
                "BadArgumentError", "The request had some invalid properties",
                {"code": "SyntaxError", "message": "A recognition error occurred in the query.",
                 "innererror": {"code": "SYN0002",
                                "message": "Query could not be parsed at '|' on line [1,0]",
                                "line": 1, "pos": 0, "token": "|"}}))
        if mode == "unauthorized":
            return self.send_json(401, one_api_error(
                "InvalidTokenError", "The provided authentication is not valid for this resource"),
                headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')])
        if mode == "server_error":
            return self.send_json(500, one_api_error(
                "InternalServerError", "An internal error occurred"))
        raise AssertionError(mode)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", help="append one JSON line per request to this file")
    args = parser.parse_args()
    Handler.state = State(args.record)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
