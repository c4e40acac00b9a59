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
  Resource-centric queries (POST /v1{resourceId}/query, as LogsQueryClient.query_resource):
    https://learn.microsoft.com/azure/azure-monitor/logs/api/access-api
  Result size limits (500,000 rows / 64 MB; a PartialError with E_QUERY_RESULT_SET_TOO_LARGE):
    https://learn.microsoft.com/azure/azure-monitor/service-limits
  Prefer: include-statistics=true (a "statistics" object beside "tables"):
    https://learn.microsoft.com/azure/azure-monitor/logs/api/prefer-options
  Azure Resource Manager Activity Log (GET .../providers/Microsoft.Insights/eventtypes/management/
  values?api-version=2015-04-01&$filter=..., {"value": [...], "nextLink": ...}):
    https://learn.microsoft.com/rest/api/monitor/activity-logs/list
  Prefer: wait=N server timeout:
    https://learn.microsoft.com/azure/azure-monitor/logs/api/timeouts
    https://learn.microsoft.com/azure/azure-monitor/logs/api/prefer-options

Expected credentials come from the environment (never argv): FAKE_TENANT_ID, FAKE_CLIENT_ID,
FAKE_CLIENT_SECRET. `--record FILE` appends one JSON line per request received (the secret is
never recorded, only whether it matched).

The behaviour of the query endpoint is picked by the workspace id (see MODES below), or for a
resource-centric query by the resource's name (its last path segment, see RESOURCE_MODES).

The "windowed" mode serves a table of FAKE_ROWS rows (default 1000) spread evenly over
FAKE_SPAN_SECONDS (default 86400) from FAKE_START (default 2024-05-01T00:00:00Z), and answers only
the window queries recproc writes (`T | where TimeGenerated >= datetime(A) and TimeGenerated <
datetime(B) [| where _ResourceId =~ "ID"] | sort by TimeGenerated asc`, with timespan "A/B"); a
window of more than FAKE_ROW_LIMIT rows (0: no limit) is truncated to that many with the
documented PartialError, and every FAKE_THROTTLE_EVERY-th query (0: never) is answered 429 with
Retry-After: 1; from the FAKE_FAIL_FROM-th query on (0: never) every answer is 500. The Activity Log serves FAKE_EVENTS events (default 25) of the queried resource
over the same span, FAKE_PAGE_SIZE (default 10) per page, newest first, plus events of another
resource that the resourceUri filter must remove.
"""

import argparse
import bisect
import datetime
import gzip
import json
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCOPE = "https://api.loganalytics.io/.default"
ARM_SCOPE = "https://management.azure.com/.default"

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
    "00000000-0000-0000-0000-00000000000b": "windowed",      # FAKE_ROWS rows, FAKE_ROW_LIMIT
}

# Resource name (last segment of the resource id) -> behaviour of the resource-centric endpoint;
# any other resource is "normal".
RESOURCE_MODES = {"windowed": "windowed", "partial": "partial", "throttle": "throttle"}

WINDOWED_COLUMNS = [
    {"name": "TimeGenerated", "type": "datetime"},
    {"name": "Computer", "type": "string"},
    {"name": "Seq", "type": "long"},
]

WINDOW_QUERY = re.compile(
    r"^([A-Za-z_][A-Za-z0-9_]*) \| where TimeGenerated >= datetime\(([0-9T:Z-]+)\) and "
    r"TimeGenerated < datetime\(([0-9T:Z-]+)\)( \| where _ResourceId =~ \"([^\"\\\\]*)\")? "
    r"\| sort by TimeGenerated asc$")

TOO_LARGE_ERROR = {
    "code": "PartialError",
    "message": "There were some errors when processing your query.",
    "details": [{
        "code": "EngineError",
        "message": "Something went wrong processing your query on the server.",
        "innererror": {
            "code": "-2133196797",
            "message": "Query result set has exceeded the internal record count limit "
                       "(E_QUERY_RESULT_SET_TOO_LARGE, 0x80DA0003).",
            "severity": 2,
            "severityName": "Error",
        },
    }],
}


def parse_time_ms(text):
    return int(datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()) * 1000


def format_time_ms(ms, digits=3):
    t = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    fraction = f"{ms % 1000:03d}" + "0" * (digits - 3)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + fraction + "Z"


class Dataset:
    """FAKE_ROWS rows, row i at FAKE_START + i * FAKE_SPAN_SECONDS / FAKE_ROWS (milliseconds)."""

    def __init__(self):
        self.start_ms = parse_time_ms(os.environ.get("FAKE_START", "2024-05-01T00:00:00Z"))
        self.span_ms = int(os.environ.get("FAKE_SPAN_SECONDS", "86400")) * 1000
        self.count = int(os.environ.get("FAKE_ROWS", "1000"))
        self.limit = int(os.environ.get("FAKE_ROW_LIMIT", "0"))
        self.times = [self.start_ms + i * self.span_ms // self.count for i in range(self.count)]
        # Each row's JSON text, made once: a million rows are served many times over.
        seconds = {}
        self.json_rows = []
        for i, ms in enumerate(self.times):
            prefix = seconds.get(ms // 1000)
            if prefix is None:
                prefix = seconds[ms // 1000] = time.strftime("%Y-%m-%dT%H:%M:%S.",
                                                             time.gmtime(ms // 1000))
            self.json_rows.append(f'["{prefix}{ms % 1000:03d}Z","host-{i % 7}",{i}]')

    def rows(self, from_ms, to_ms):
        """The JSON text of the rows in [from_ms, to_ms), in time order."""
        lo = bisect.bisect_left(self.times, from_ms)
        hi = bisect.bisect_left(self.times, to_ms)
        return self.json_rows[lo:hi]

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
        self.scopes = {}  # token -> scope it was issued for
        self.queries = 0
        self.dataset = None

    def windowed(self):
        with self.lock:
            if self.dataset is None:
                self.dataset = Dataset()
            return self.dataset

    def next_query(self):
        with self.lock:
            self.queries += 1
            return self.queries

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
            body = gzip.compress(body, compresslevel=1)
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
        resource_path = re.fullmatch(r"/v1(/subscriptions/.+)/query", path)
        if token_path:
            self.token(urllib.parse.unquote(token_path.group(1)))
        elif query_path:
            self.query(urllib.parse.unquote(query_path.group(1)), None)
        elif resource_path:
            self.query(None, urllib.parse.unquote(resource_path.group(1)))
        else:
            self.send_json(404, one_api_error("PathNotFoundError", f"Path {path} not found"))

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        activity = re.fullmatch(
            r"/subscriptions/([^/]+)/providers/Microsoft\.Insights/eventtypes/management/values",
            split.path)
        if activity:
            return self.activity(activity.group(1), split)
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
        if field("scope") not in (SCOPE, ARM_SCOPE):
            return self.send_json(400, entra_error(
                "invalid_scope", 70011,
                f"The provided request must include a 'scope' input parameter. The provided value "
                f"for the input parameter 'scope' is not valid."))
        token = "fake-token-" + secrets.token_hex(16)
        with self.state.lock:
            self.state.tokens.add(token)
            self.state.scopes[token] = field("scope")
        self.send_json(200, {"token_type": "Bearer", "expires_in": 3599,
                             "ext_expires_in": 3599, "access_token": token},
                       headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    # -- Log Analytics: POST /v1/workspaces/{id}/query ------------------------------------------
    def query(self, workspace, resource):
        raw = self.read_body()
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        entry = {
            "kind": "query", "workspace": workspace, "resource": resource,
            "method": self.command, "path": urllib.parse.urlsplit(self.path).path,
            "content_type": self.headers.get("Content-Type", ""),
            "accept": self.headers.get("Accept", ""),
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

        if token not in self.state.tokens or self.state.scopes.get(token) != SCOPE:
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

        if resource is not None:
            mode = RESOURCE_MODES.get(resource.rsplit("/", 1)[-1], "normal")
        else:
            mode = MODES.get(workspace)
        if mode is None:
            return self.send_json(404, one_api_error(
                "WorkspaceNotFoundError", f"Workspace '{workspace}' not found"))
        table = {"name": "PrimaryResult", "columns": COLUMNS, "rows": ROWS}
        statistics = "include-statistics=true" in self.headers.get("Prefer", "")
        if mode == "windowed":
            return self.windowed_query(body, statistics)
        if mode == "normal":
            result = {"tables": [table]}
            if statistics:
                result["statistics"] = stats_of(len(ROWS))
            return self.send_json(200, result)
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

    # -- The windowed table: only recproc's window queries, truncated over FAKE_ROW_LIMIT -------
    def windowed_query(self, body, statistics):
        every = int(os.environ.get("FAKE_THROTTLE_EVERY", "0"))
        number = self.state.next_query()
        fail_from = int(os.environ.get("FAKE_FAIL_FROM", "0"))
        if fail_from > 0 and number >= fail_from:
            return self.send_json(500, one_api_error(
                "InternalServerError", "An internal error occurred"))
        if every > 0 and number % every == 0:
            return self.send_json(429, one_api_error(
                "ThrottledError", "Your request was throttled. Retry after 1 second."),
                headers=[("Retry-After", "1")])
        match = WINDOW_QUERY.match(body["query"])
        timespan = body.get("timespan")
        if not match:
            return self.send_json(400, one_api_error(
                "BadArgumentError", "The request had some invalid properties",
                {"code": "SyntaxError", "message": "not a window query: " + body["query"]}))
        start, end = match.group(2), match.group(3)
        if timespan != f"{start}/{end}":
            return self.send_json(400, one_api_error(
                "BadArgumentError", "The request had some invalid properties",
                {"code": "InvalidTimespan",
                 "message": f"timespan {timespan!r} is not the window {start}/{end}"}))
        data = self.state.windowed()
        rows = data.rows(parse_time_ms(start), parse_time_ms(end))
        truncated = data.limit > 0 and len(rows) > data.limit
        if truncated:
            rows = rows[:data.limit]
        text = ('{"tables":[{"name":"PrimaryResult","columns":' + json.dumps(WINDOWED_COLUMNS) +
                ',"rows":[' + ",".join(rows) + "]}]")
        if truncated:
            text += ',"error":' + json.dumps(TOO_LARGE_ERROR)
        if statistics:
            text += ',"statistics":' + json.dumps(stats_of(len(rows)))
        return self.send_json(200, None, raw=(text + "}").encode("utf-8"))

    # -- ARM: GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values -
    def activity(self, subscription, split):
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        params = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        entry = {
            "kind": "activity", "method": self.command, "path": split.path,
            "query": split.query, "params": {k: v for k, v in sorted(params.items())},
            "accept": self.headers.get("Accept", ""),
            "token_known": token in self.state.tokens,
            "token_scope": self.state.scopes.get(token, ""),
        }
        self.state.record(entry)
        if token not in self.state.tokens or self.state.scopes.get(token) != ARM_SCOPE:
            return self.send_json(401, arm_error(
                "InvalidAuthenticationToken", "The access token is invalid."),
                headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')])
        if params.get("api-version") != ["2015-04-01"]:
            return self.send_json(400, arm_error(
                "InvalidApiVersionParameter", f"The api-version '{params.get('api-version')}' "
                "is invalid."))
        filters = params.get("$filter", [])
        match = len(filters) == 1 and re.fullmatch(
            r"eventTimestamp ge '([0-9T:Z-]+)' and eventTimestamp le '([0-9T:Z-]+)' and "
            r"resourceUri eq '([^']+)'", filters[0])
        if not match:
            return self.send_json(400, arm_error("BadRequest", f"Invalid $filter {filters!r}"))
        start, end = parse_time_ms(match.group(1)), parse_time_ms(match.group(2))
        resource = match.group(3)
        if not resource.lower().startswith(f"/subscriptions/{subscription}/".lower()):
            return self.send_json(400, arm_error("BadRequest", "resourceUri of another subscription"))
        stamp_ms = lambda e: (parse_time_ms(e["eventTimestamp"][:19] + "Z")
                              + int(e["eventTimestamp"][20:23]))
        events = [e for e in activity_events(subscription, resource)
                  if start <= stamp_ms(e) <= end
                  and e["resourceId"].lower() == resource.lower()]
        events.sort(key=lambda e: e["eventTimestamp"], reverse=True)  # newest first, as ARM
        size = int(os.environ.get("FAKE_PAGE_SIZE", "10"))
        skip = int(params.get("$skipToken", ["0"])[0])
        page = {"value": events[skip:skip + size]}
        if skip + size < len(events):
            query = urllib.parse.urlencode({"api-version": "2015-04-01", "$filter": filters[0],
                                            "$skipToken": str(skip + size)},
                                           quote_via=urllib.parse.quote)
            page["nextLink"] = f"http://{self.headers['Host']}{split.path}?{query}"
        return self.send_json(200, page)


def arm_error(code, message):
    return {"error": {"code": code, "message": message}}


def activity_events(subscription, resource):
    """FAKE_EVENTS events of `resource` over the span (one exactly on each hour), and as many of
    a sibling resource that the resourceUri filter must remove."""
    start = parse_time_ms(os.environ.get("FAKE_START", "2024-05-01T00:00:00Z"))
    span = int(os.environ.get("FAKE_SPAN_SECONDS", "86400")) * 1000
    count = int(os.environ.get("FAKE_EVENTS", "25"))
    out = []
    for i in range(count):
        for rid, name in ((resource, "vm"), (resource + "-other", "other")):
            ms = start + i * span // count
            out.append({
                "authorization": {"action": "Microsoft.Compute/virtualMachines/write",
                                  "scope": rid},
                "caller": "admin@example.com",
                "channels": "Operation",
                "correlationId": str(uuid.UUID(int=i)),
                "eventDataId": str(uuid.UUID(int=(1 << 64) + i)),
                "eventName": {"value": "EndRequest", "localizedValue": "End request"},
                "category": {"value": "Administrative", "localizedValue": "Administrative"},
                "eventTimestamp": format_time_ms(ms, 7),
                "id": f"{rid}/events/{uuid.UUID(int=i)}/ticks/{ms * 10000}",
                "level": "Informational",
                "operationName": {"value": "Microsoft.Compute/virtualMachines/write",
                                  "localizedValue": "Create or Update Virtual Machine"},
                "resourceGroupName": "rg",
                "resourceProviderName": {"value": "Microsoft.Compute",
                                         "localizedValue": "Microsoft.Compute"},
                "resourceId": rid,
                "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
                "subStatus": {"value": "OK", "localizedValue": "OK (HTTP Status Code: 200)"},
                "submissionTimestamp": format_time_ms(ms + 5000, 7),
                "subscriptionId": subscription,
                "tenantId": os.environ.get("FAKE_TENANT_ID", ""),
                "properties": {"statusCode": "OK", "seq": str(i), "of": name},
            })
    return out


def stats_of(rows):
    # The shape the service returns under Prefer: include-statistics=true.
    return {"query": {"executionTime": 0.0125, "resourceUsage": {
        "cache": {"memory": {"hits": 1, "misses": 0, "total": 1}},
        "cpu": {"user": "00:00:00", "kernel": "00:00:00", "totalCpu": "00:00:00"},
        "memory": {"peakPerNode": 524384}},
        "inputDatasetStatistics": {"extents": {"total": 1, "scanned": 1}, "rows": {
            "total": rows, "scanned": rows}},
        "datasetStatistics": [{"tableRowCount": rows, "tableSize": rows * 64}]}}


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
