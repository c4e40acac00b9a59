#!/usr/bin/env python3
"""A fault-injecting HTTP proxy on 127.0.0.1 for the upload retry tests (issue 6).

usage: fault_proxy.py UPSTREAM_PORT PLAN [CERT_PEM KEY_PEM]

PLAN is a comma-separated list of faults for successive requests; once it is used up every
request is forwarded to 127.0.0.1:UPSTREAM_PORT unchanged. A fault prefixed with "*" repeats
forever. Faults:
  500    answer 500 InternalError
  503    answer 503 ServerBusy with "Retry-After: 1"
  503ms  answer 503 ServerBusy with "x-ms-retry-after-ms: 50"
  429    answer 429 TooManyRequests with "Retry-After: 1" (throttling)
  stall  read the request, then answer nothing for 30 s (a hung connection), then close
  401    answer 401 InvalidAuthenticationInfo (an expired bearer token, issue 15)
  403rbac answer 403 AuthorizationPermissionMismatch (a bearer token without the role)
  drop   close the connection without answering
  half   forward, but send only the first half of the body, then close the connection
  ok     forward
  pause=DIR  create DIR/held, wait until DIR/release exists, then forward: lets a test change
         the blob between a listing and the read that follows it (issue 15: ETag pinning)
With CERT_PEM and KEY_PEM it speaks HTTPS to its clients (for the certificate tests).
With FAULT_PROXY_LOG set, appends one line per request to that file: the method, the path with
its query, and the x-ms-tags / x-ms-access-tier / x-ms-meta-* headers (issue 15).
Prints the port it listens on, then serves until killed.
"""
import http.client
import http.server
import os
import ssl
import sys
import threading
import time

UPSTREAM = int(sys.argv[1])
PLAN = [f for f in sys.argv[2].split(",") if f]
LOCK = threading.Lock()


def next_fault():
    with LOCK:
        if not PLAN:
            return "ok"
        if PLAN[0].startswith("*"):
            return PLAN[0][1:]
        return PLAN.pop(0)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: ctest shows stderr only on failure anyway
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = next_fault()
        log = os.environ.get("FAULT_PROXY_LOG")
        if log:
            shown = [f"{k.lower()}={v}" for k, v in self.headers.items()
                     if k.lower() in ("x-ms-tags", "x-ms-access-tier")
                     or k.lower().startswith("x-ms-meta-")]
            with LOCK, open(log, "a") as f:
                f.write(" ".join([self.command, self.path] + shown) + "\n")
        if fault.startswith("pause="):
            pause_dir = fault[len("pause="):]
            open(os.path.join(pause_dir, "held"), "w").close()
            deadline = time.monotonic() + 60
            while not os.path.exists(os.path.join(pause_dir, "release")):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
        if fault == "stall":
            time.sleep(30)
            fault = "drop"
        if fault == "drop":
            self.close_connection = True
            self.connection.close()
            return
        if fault in ("500", "503", "503ms", "429", "401", "403rbac"):
            status = int(fault[:3])
            code = {500: "InternalError", 503: "ServerBusy", 429: "TooManyRequests",
                    401: "InvalidAuthenticationInfo", 403: "AuthorizationPermissionMismatch"}[status]
            # The 403's message is the service's documented text for a missing RBAC role.
            message = ("This request is not authorized to perform this operation using this "
                       "permission." if status == 403 else f"injected {fault}")
            xml = (f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code>'
                   f"<Message>{message}\nRequestId:x</Message></Error>").encode()
            self.send_response(status)
            self.send_header("x-ms-error-code", code)
            if fault in ("503", "429"):
                self.send_header("Retry-After", "1")
            if fault == "503ms":
                self.send_header("x-ms-retry-after-ms", "50")
            self.send_header("Content-Length", str(len(xml)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(xml)
            return
        conn = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        conn.request(self.command, self.path, body=body if length else None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        # A HEAD's Content-Length is the blob's size, not the (empty) body's.
        length_out = resp.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length_out or str(len(data)))
        self.end_headers()
        if fault == "half":  # a connection dropped mid-body (issue 15: reads resume)
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.close()
        elif self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) > 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
