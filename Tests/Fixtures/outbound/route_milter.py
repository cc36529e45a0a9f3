#!/usr/bin/python3
"""A stand-in milter for the Postfix configuration tests (pymilter, Debian python3-milter).

Usage: route_milter.py SOCKET

At end of message it adds the header X-TLSGuard-Route with the value of the message's
X-Test-Route header, as tlsguard adds it for a message that needs enforced TLS, so that
the tests can check main.cf's milter_header_checks without the tlsguard milter. It
prints "PORT 0 <pid>" once the socket exists and runs until killed.
"""
import os
import signal
import sys
import threading
import time

import Milter


class RouteMilter(Milter.Base):
    def __init__(self):
        self.route = None

    def header(self, name, value):
        if name.lower() == "x-test-route":
            self.route = value.strip()
        return Milter.CONTINUE

    def eom(self):
        if self.route:
            self.addheader("X-TLSGuard-Route", self.route)
        return Milter.ACCEPT


def announce(socket_path):
    while not os.path.exists(socket_path):
        time.sleep(0.05)
    print("PORT 0 %d" % os.getpid(), flush=True)


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    socket_path = sys.argv[1]
    os.umask(0)
    Milter.factory = RouteMilter
    Milter.set_flags(Milter.ADDHDRS)
    threading.Thread(target=announce, args=(socket_path,), daemon=True).start()
    Milter.runmilter("route_milter", "unix:" + socket_path, 30)


if __name__ == "__main__":
    main()
