#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
"""TCP transfer with end-to-end verification.

IPv4 or IPv6: an address with a colon is IPv6.

server: accept one connection, read to EOF, print "sha256 HEX bytes N".
client: send N MB of random data, print "sha256 HEX bytes N in S s (R Mbit/s)".
"""

import argparse
import hashlib
import os
import socket
import sys
import time

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


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("mode", choices=["server", "client"])
    p.add_argument("--bind", default="0.0.0.0")
    p.add_argument("--host")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mb", type=int, default=20)
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()
    try:
        return server(args) if args.mode == "server" else client(args)
    except OSError as e:
        print("xfer %s: error: %s" % (args.mode, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
