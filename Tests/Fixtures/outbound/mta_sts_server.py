#!/usr/bin/env python3
"""HTTPS server for MTA-STS policy files in the outbound tests, standard library only.

Usage: mta_sts_server.py ADDRESS PORT CERT KEY POLICY

Serves POLICY (a file) at /.well-known/mta-sts.txt with status 200 and text/plain, and
404 for every other path. Prints "READY" once it listens, then serves until killed.
"""
import http.server
import ssl
import sys


def main():
    address, port, cert, key, policy_path = sys.argv[1:6]
    policy = open(policy_path, "rb").read()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/.well-known/mta-sts.txt":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(policy)))
            self.end_headers()
            self.wfile.write(policy)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer((address, int(port)), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
