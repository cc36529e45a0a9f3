#!/usr/bin/env python3
"""Authoritative test DNS server for the outbound tests, on loopback, standard library only.

Usage: dns_server.py ZONE.json [--address 127.0.0.1] [--port 0]

ZONE.json maps lower-case owner names to record lists and names the signed zones:

    {"records": {"tls.example": [{"type": "MX", "preference": 10,
                                  "exchange": "mx.tls.example"}],
                 "mx.tls.example": [{"type": "A", "address": "127.0.0.11"}],
                 "_mta-sts.tls.example": [{"type": "TXT", "text": "v=STSv1; id=1"}],
                 "_25._tcp.mx.tls.example": [{"type": "TLSA", "usage": 3,
                                               "selector": 1, "matching": 1,
                                               "data": "ab12..."}]},
     "secure": ["tls.example"]}

Responses for names at or below a zone in "secure" carry the AD bit, standing in for a
validating resolver. A name without records gets NXDOMAIN; a known name without records
of the asked type gets an empty NOERROR answer. The server prints "PORT <port> <pid>" on
standard output once it listens on UDP and TCP, then serves until it is killed.
"""
import json
import signal
import os
import socket
import struct
import sys
import threading

TYPES = {"A": 1, "MX": 15, "TXT": 16, "AAAA": 28, "TLSA": 52}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\x00"


def read_question(packet):
    offset = 12
    labels = []
    while True:
        length = packet[offset]
        offset += 1
        if length == 0:
            break
        labels.append(packet[offset:offset + length].decode("ascii", "replace"))
        offset += length
    qtype, qclass = struct.unpack("!HH", packet[offset:offset + 4])
    return ".".join(labels).lower(), qtype, offset + 4


def rdata(record):
    kind = record["type"]
    if kind == "A":
        return socket.inet_aton(record["address"])
    if kind == "AAAA":
        return socket.inet_pton(socket.AF_INET6, record["address"])
    if kind == "MX":
        return struct.pack("!H", record["preference"]) + encode_name(record["exchange"])
    if kind == "TXT":
        text = record["text"].encode("utf-8")
        chunks = [text[i:i + 255] for i in range(0, len(text), 255)] or [b""]
        return b"".join(bytes([len(c)]) + c for c in chunks)
    if kind == "TLSA":
        return bytes([record["usage"], record["selector"], record["matching"]]) + bytes.fromhex(
            record["data"])
    raise ValueError("unsupported record type " + kind)


def is_secure(name, zones):
    return any(name == zone or name.endswith("." + zone) for zone in zones)


def answer(packet, zone):
    query_id, flags = struct.unpack("!HH", packet[:4])
    name, qtype, end = read_question(packet)
    records = zone["records"].get(name)
    response_flags = 0x8400 | (flags & 0x0100)  # QR, AA, copy RD
    if records is None:
        response_flags |= 3  # NXDOMAIN
        records = []
    matching = [r for r in records if TYPES[r["type"]] == qtype]
    if is_secure(name, zone.get("secure", [])):
        response_flags |= 0x0020  # AD
    header = struct.pack("!HHHHHH", query_id, response_flags, 1, len(matching), 0, 0)
    body = packet[12:end]
    for record in matching:
        data = rdata(record)
        body += b"\xc0\x0c" + struct.pack("!HHIH", qtype, 1, record.get("ttl", 300), len(data))
        body += data
    return header + body


def serve_udp(sock, zone):
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            sock.sendto(answer(packet, zone), peer)
        except Exception as error:  # a malformed query must not stop the server
            print("dns_server: bad query from %s: %s" % (peer, error), file=sys.stderr)


def serve_tcp(sock, zone):
    while True:
        connection, _ = sock.accept()
        with connection:
            try:
                length = struct.unpack("!H", connection.recv(2))[0]
                packet = b""
                while len(packet) < length:
                    packet += connection.recv(length - len(packet))
                reply = answer(packet, zone)
                connection.sendall(struct.pack("!H", len(reply)) + reply)
            except Exception as error:
                print("dns_server: bad TCP query: %s" % error, file=sys.stderr)


def main():
    # A test runner may start this process with SIGTERM blocked; unblock it so that the
    # watchdog's kill ends the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    arguments = sys.argv[1:]
    zone = json.load(open(arguments[0]))
    address = arguments[arguments.index("--address") + 1] if "--address" in arguments else "127.0.0.1"
    port = int(arguments[arguments.index("--port") + 1]) if "--port" in arguments else 0
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((address, port))
    port = udp.getsockname()[1]
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, port))
    tcp.listen(16)
    threading.Thread(target=serve_tcp, args=(tcp, zone), daemon=True).start()
    print("PORT %d %d" % (port, os.getpid()), flush=True)
    serve_udp(udp, zone)


if __name__ == "__main__":
    main()
