#!/usr/bin/env python3
"""HTTPS server for MTA-STS policy files in the outbound tests, standard library only.

Usage: mta_sts_server.py ADDRESS PORT CERT KEY POLICY_DIR

Serves POLICY_DIR/HOST.txt, where HOST is the request's Host header, at
/.well-known/mta-sts.txt with status 200 and text/plain, and 404 for every other path
or host. PORT 0 picks a free port. Prints "PORT <port> <pid>" once it listens,
then serves until killed.
"""
import http.server
import os
import signal
import ssl
import sys


def main():
    # A test runner may start this process with SIGTERM blocked; unblock it so that the
    # watchdog's kill ends the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    address, port, cert, key, policy_dir = sys.argv[1:6]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            path = os.path.join(policy_dir, host + ".txt")
            if self.path != "/.well-known/mta-sts.txt" or "/" in host or not os.path.isfile(path):
                self.send_error(404)
                return
            policy = open(path, "rb").read()
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
    print("PORT %d %d" % (server.server_address[1], os.getpid()), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
