#!/usr/bin/env python3
"""SMTP server for the outbound tests that completes STARTTLS and then resets.

Usage: tls_reset_server.py CERT KEY

Listens on 127.0.0.1 at a port the kernel chooses and prints "PORT <port> <pid>". Each
connection gets a banner, an EHLO reply that offers STARTTLS and a 220 reply to
STARTTLS. After the TLS handshake the server resets the connection (TCP RST), so the
client's next writes fail with ECONNRESET and then EPIPE. Serves until killed.
"""
import os
import signal
import socket
import ssl
import struct
import sys
import threading


def serve(connection, context):
    try:
        lines = connection.makefile("rb")
        connection.sendall(b"220 reset.test ESMTP\r\n")
        lines.readline()
        connection.sendall(b"250-reset.test\r\n250 STARTTLS\r\n")
        lines.readline()
        connection.sendall(b"220 2.0.0 Ready to start TLS\r\n")
        tls = context.wrap_socket(connection, server_side=True)
        tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        tls.close()
    except (OSError, ssl.SSLError):
        connection.close()


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print("PORT %d %d" % (listener.getsockname()[1], os.getpid()), flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, context), daemon=True).start()


if __name__ == "__main__":
    main()
