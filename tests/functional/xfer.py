#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
"""TCP or UDP transfer with end-to-end verification.

TCP (IPv4 or IPv6: an address with a colon is IPv6):
server: accept one connection, read to EOF, print "sha256 HEX bytes N".
client: send N MB of random data, print "sha256 HEX bytes N in S s (R Mbit/s)".

UDP (--udp): the client sends N MB as batches of datagrams, each batch in
one sendmsg() with UDP_SEGMENT (the kernel's UDP GSO; segmented by whoever
the offload negotiation made responsible) and waits for the server to
acknowledge the batch. Every datagram carries (batch, index, count) and a
payload derived from them, so the server checks each byte it receives.
server: print "udp datagrams N bytes B bad K" when the client says it is done.
client: print "udp datagrams N bytes B lost L in S s (R Mbit/s)".
"""

import argparse
import hashlib
import os
import random
import socket
import struct
import sys
import time

SOL_UDP = 17
UDP_SEGMENT = 103          # linux/udp.h
UDP_HDR = struct.Struct("!IHH")   # batch, index, count
UDP_FIN = 0xffffffff

CHUNK = 64 * 1024


def server(args):
    fam = socket.AF_INET6 if ":" in args.bind else socket.AF_INET
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.bind, args.port))
    srv.listen(1)
    srv.settimeout(args.timeout)
    print("listening %s:%d" % (args.bind, args.port), flush=True)
    conn, _ = srv.accept()
    conn.settimeout(args.timeout)
    h = hashlib.sha256()
    n = 0
    while True:
        buf = conn.recv(CHUNK)
        if not buf:
            break
        h.update(buf)
        n += len(buf)
    conn.close()
    srv.close()
    print("sha256 %s bytes %d" % (h.hexdigest(), n), flush=True)
    return 0


def connect(args):
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            return socket.create_connection((args.host, args.port), timeout=args.timeout)
        except (ConnectionRefusedError, socket.timeout, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def client(args):
    total = args.mb * 1024 * 1024
    sock = connect(args)
    h = hashlib.sha256()
    sent = 0
    t0 = time.monotonic()
    while sent < total:
        buf = os.urandom(min(CHUNK, total - sent))
        h.update(buf)
        sock.sendall(buf)
        sent += len(buf)
    sock.shutdown(socket.SHUT_WR)
    # wait for the server to close: all data was read
    while sock.recv(CHUNK):
        pass
    dt = time.monotonic() - t0
    sock.close()
    print("sha256 %s bytes %d in %.2f s (%.0f Mbit/s)"
          % (h.hexdigest(), sent, dt, sent * 8 / dt / 1e6), flush=True)
    return 0


def udp_payload(batch, index, size):
    return random.Random(batch << 16 | index).randbytes(size - UDP_HDR.size)


def udp_family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def udp_server(args):
    sock = socket.socket(udp_family(args.bind), socket.SOCK_DGRAM)
    sock.bind((args.bind, args.port))
    sock.settimeout(args.timeout)
    print("listening udp %s:%d" % (args.bind, args.port), flush=True)
    got, nbytes, bad, seen = 0, 0, 0, {}
    while True:
        buf, peer = sock.recvfrom(65536)
        if len(buf) < UDP_HDR.size:
            bad += 1
            continue
        batch, index, count = UDP_HDR.unpack_from(buf)
        if batch == UDP_FIN:
            sock.sendto(UDP_HDR.pack(UDP_FIN, 0, 0), peer)
            break
        if buf[UDP_HDR.size:] != udp_payload(batch, index, len(buf)):
            bad += 1
            continue
        got += 1
        nbytes += len(buf)
        have = seen.setdefault(batch, set())
        have.add(index)
        if len(have) == count:
            sock.sendto(UDP_HDR.pack(batch, 0, count), peer)
            del seen[batch]
    sock.close()
    print("udp datagrams %d bytes %d bad %d" % (got, nbytes, bad), flush=True)
    return 0


def udp_client(args):
    size, per = args.size, 65000 // args.size
    total = args.mb * 1024 * 1024
    sock = socket.socket(udp_family(args.host), socket.SOCK_DGRAM)
    sock.connect((args.host, args.port))
    sock.setsockopt(SOL_UDP, UDP_SEGMENT, size)
    sock.settimeout(0.5)
    sent = nbytes = lost = batch = 0
    t0 = time.monotonic()
    while nbytes < total:
        n = min(per, -(-(total - nbytes) // size))
        buf = b"".join(UDP_HDR.pack(batch, i, n) + udp_payload(batch, i, size)
                       for i in range(n))
        sock.send(buf)
        try:
            while UDP_HDR.unpack_from(sock.recv(64))[0] != batch:
                pass
        except socket.timeout:
            lost += 1      # the batch, or its acknowledgement
        sent += n
        nbytes += len(buf)
        batch += 1
    dt = time.monotonic() - t0
    for _ in range(20):
        sock.send(UDP_HDR.pack(UDP_FIN, 0, 0))
        try:
            if UDP_HDR.unpack_from(sock.recv(64))[0] == UDP_FIN:
                break
        except socket.timeout:
            pass
    sock.close()
    print("udp datagrams %d bytes %d lost %d in %.2f s (%.0f Mbit/s)"
          % (sent, nbytes, lost, dt, nbytes * 8 / dt / 1e6), flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("--bind", default="0.0.0.0")
    p.add_argument("--host")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mb", type=int, default=20)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--udp", action="store_true", help="UDP datagrams (see above)")
    p.add_argument("--size", type=int, default=1200, help="UDP datagram size")
    args = p.parse_args()
    if args.udp and not UDP_HDR.size < args.size <= 1400:
        p.error("--size: %d bytes, want %d to 1400" % (args.size, UDP_HDR.size + 1))
    try:
        if args.udp:
            return udp_server(args) if args.mode == "server" else udp_client(args)
        return server(args) if args.mode == "server" else client(args)
    except OSError as e:
        print("xfer %s: error: %s" % (args.mode, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
