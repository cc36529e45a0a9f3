#!/usr/bin/env python3
"""syslog-sink.py - receive syslog datagrams on a unix socket and append them to a file.

Usage: syslog-sink.py SOCKET FILE

Binds SOCKET (such as /dev/log inside a private mount namespace) as a datagram socket
that every user may write to. Each message it receives goes to FILE as one line, as the
program sent it: priority in angle brackets, time stamp, tag and text. Runs until
killed. sendmail-instance uses it because test machines run no syslog daemon.
"""
import os
import socket
import sys

MAX_DATAGRAM_BYTES = 65536


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: syslog-sink.py SOCKET FILE")
    socket_path, log_path = sys.argv[1], sys.argv[2]
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(socket_path)
    os.chmod(socket_path, 0o666)
    with open(log_path, "ab", buffering=0) as log:
        while True:
            message = receiver.recv(MAX_DATAGRAM_BYTES)
            log.write(message.rstrip(b"\0\r\n") + b"\n")


if __name__ == "__main__":
    main()
