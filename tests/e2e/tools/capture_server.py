#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for alert tests.

Prints its port on stdout, then saves the body of each POST to <dir>/request-N.json. The first
FAIL_FIRST requests get a 503 with Retry-After: 0 so that the retry path is exercised.
Usage: capture_server.py DIR [FAIL_FIRST]
"""
import http.server
import os
import sys

out_dir = sys.argv[1]
fail_first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(os.path.join(out_dir, f"request-{count}.json"), "wb") as f:
            f.write(body)
        status = 503 if count <= fail_first else 200
        self.send_response(status)
        if status == 503:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
