#!/usr/bin/env python3
"""A local stand-in for the token endpoints of Microsoft Entra ID sign-in, for recproc's
credential tests (issue 15). Python 3 standard library only. Listens on 127.0.0.1 on a free
port, prints the port on stdout (one line), then serves. Never talks to anything but its clients.

Formats follow Microsoft's documentation:
  Entra ID client credentials, shared secret and federated client assertion (workload identity):
    POST /{tenant}/oauth2/v2.0/token, form grant_type=client_credentials, client_id, scope,
    client_secret | client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
    + client_assertion; answer {"token_type","expires_in","ext_expires_in","access_token"}
    https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
  IMDS (virtual machines):
    GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=R[&client_id=C], header
    Metadata: true; answer with every number as a string: access_token, client_id, expires_in,
    expires_on, ext_expires_in, not_before, resource, token_type
    https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token
  App Service / Functions (IDENTITY_ENDPOINT + IDENTITY_HEADER):
    GET /msi/token?resource=R&api-version=2019-08-01[&client_id=C], header X-IDENTITY-HEADER;
    answer access_token, expires_on (string seconds), resource, token_type, client_id
    https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference

The access tokens are unsigned-in-spirit JWTs (any signature) with aud, iss
https://sts.windows.net/{tenant}/, nbf, exp, iat, tid, oid: what Azurite's `--oauth basic` checks.

Expected values come from the environment (never argv): FAKE_TENANT_ID, FAKE_CLIENT_ID,
FAKE_CLIENT_SECRET, FAKE_IDENTITY_HEADER. `--record FILE` appends one JSON line per request (the
secret and the identity header are recorded only as whether they matched). `--control FILE`, read
at every request when it exists, is a JSON object that changes the answers:
  lifetime      seconds from now to the token's exp (default 3600; negative: already expired)
  audience      the token's aud (default: the requested resource)
  imds_identity false: IMDS answers 400 "Identity not found"
  status        answer every token request with this HTTP status and an error body
"""

import argparse
import base64
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
LOCK = threading.Lock()


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(resource, tenant, control, counter):
    now = int(time.time())
    lifetime = int(control.get("lifetime", 3600))
    claims = {
        "aud": control.get("audience", resource),
        "iss": "https://sts.windows.net/%s/" % tenant,
        "iat": now - 60,
        "nbf": now - 60,
        "exp": now + lifetime,
        "tid": tenant,
        "oid": str(uuid.UUID(int=counter)),
        "n": counter,
    }
    header = {"alg": "RS256", "typ": "JWT"}
    token = ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()),
                      b64url(b"fake-signature")])
    return token, now + lifetime, lifetime


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counter = 0

    def log_message(self, fmt, *args):
        pass

    def control(self):
        path = self.server.control_path
        if path and os.path.exists(path):
            with open(path) as f:
                return json.load(f)
        return {}

    def record(self, entry):
        if self.server.record_path:
            with LOCK, open(self.server.record_path, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def next_counter(self):
        with LOCK:
            Handler.counter += 1
            return Handler.counter

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        control = self.control()
        entry = {"method": "GET", "path": url.path, "query": query,
                 "metadata": self.headers.get("Metadata"),
                 "identity_header_ok": self.headers.get("X-IDENTITY-HEADER") ==
                 os.environ.get("FAKE_IDENTITY_HEADER") and
                 self.headers.get("X-IDENTITY-HEADER") is not None}
        self.record(entry)
        resource = query.get("resource", "")
        if "status" in control:
            return self.send_json(control["status"], {"error": "server_error",
                                                      "error_description": "fake failure"})
        if url.path == "/metadata/identity/oauth2/token":
            if self.headers.get("Metadata") != "true":
                return self.send_json(400, {"error": "invalid_request",
                                            "error_description":
                                            "Required metadata header not specified"})
            if query.get("api-version") != "2018-02-01" or not resource:
                return self.send_json(400, {"error": "invalid_request",
                                            "error_description": "bad api-version or resource"})
            if control.get("imds_identity") is False:
                return self.send_json(400, {"error": "invalid_request",
                                            "error_description": "Identity not found"})
            token, exp, lifetime = mint(resource, "imds-tenant", control, self.next_counter())
            return self.send_json(200, {
                "access_token": token, "client_id": query.get("client_id", "system-assigned"),
                "expires_in": str(lifetime), "expires_on": str(exp),
                "ext_expires_in": str(lifetime), "not_before": str(exp - lifetime - 60),
                "resource": resource, "token_type": "Bearer"})
        if url.path == "/msi/token":
            if not entry["identity_header_ok"]:
                return self.send_json(401, {"statusCode": 401,
                                            "message": "Unauthorized: bad X-IDENTITY-HEADER"})
            if query.get("api-version") != "2019-08-01" or not resource:
                return self.send_json(400, {"statusCode": 400,
                                            "message": "bad api-version or resource"})
            token, exp, _ = mint(resource, "appservice-tenant", control, self.next_counter())
            return self.send_json(200, {
                "access_token": token, "expires_on": str(exp), "resource": resource,
                "token_type": "Bearer", "client_id": query.get("client_id", "system-assigned")})
        self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
        tenant = os.environ.get("FAKE_TENANT_ID", "")
        control = self.control()
        entry = {"method": "POST", "path": url.path,
                 "content_type": self.headers.get("Content-Type"),
                 "form": {k: v for k, v in form.items() if k != "client_secret"},
                 "client_secret_ok": "client_secret" in form and
                 form["client_secret"] == os.environ.get("FAKE_CLIENT_SECRET")}
        self.record(entry)
        parts = url.path.strip("/").split("/")
        if len(parts) != 4 or parts[1:] != ["oauth2", "v2.0", "token"]:
            return self.send_json(404, {"error": "not_found"})
        if parts[0] != tenant:
            return self.send_json(400, {
                "error": "invalid_request",
                "error_description": "AADSTS90002: Tenant '%s' not found.\r\nTrace ID: x" %
                parts[0]})
        if "status" in control:
            return self.send_json(control["status"], {"error": "temporarily_unavailable",
                                                      "error_description": "AADSTS50000: fake"})
        if form.get("grant_type") != "client_credentials" or \
                entry["content_type"] != "application/x-www-form-urlencoded":
            return self.send_json(400, {"error": "unsupported_grant_type",
                                        "error_description": "AADSTS70003: bad grant"})
        if form.get("client_id") != os.environ.get("FAKE_CLIENT_ID"):
            return self.send_json(400, {"error": "unauthorized_client",
                                        "error_description": "AADSTS700016: unknown app"})
        scope = form.get("scope", "")
        if not scope.endswith("/.default"):
            return self.send_json(400, {"error": "invalid_scope",
                                        "error_description": "AADSTS1002012: bad scope"})
        if "client_secret" in form:
            if not entry["client_secret_ok"]:
                return self.send_json(401, {"error": "invalid_client",
                                            "error_description":
                                            "AADSTS7000215: Invalid client secret provided."})
        elif form.get("client_assertion_type") == ASSERTION_TYPE and form.get("client_assertion"):
            pass
        else:
            return self.send_json(400, {"error": "invalid_request",
                                        "error_description":
                                        "AADSTS900144: The request body must contain the "
                                        "following parameter: 'client_assertion' or "
                                        "'client_secret'."})
        resource = scope[: -len("/.default")]
        token, _, lifetime = mint(resource, tenant, control, self.next_counter())
        self.send_json(200, {"token_type": "Bearer", "expires_in": lifetime,
                             "ext_expires_in": lifetime, "access_token": token})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record")
    parser.add_argument("--control")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.record_path = args.record
    server.control_path = args.control
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
