#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
"""802.1Q-tagged TCP and UDP through the forwarder, every byte checked.

This kernel may lack VLAN devices (8021q), so the frames are made and read
at layer 2, on AF_PACKET sockets:

  vlan_frames.py send --iface DEV --dst MAC --saddr IP --daddr IP [--vid N]
  vlan_frames.py recv --iface DEV --saddr IP --daddr IP [--vid N] [--timeout S]

send: one TCP byte stream in three kinds of tagged frames, taken in turn:
TSO frames (virtio-net header: GSO_TCPV4 of 1400-byte segments, checksum
partial), single segments with the checksum partial, and finished ones;
then UDP datagrams, partial and finished in turn. The kernel segments or
finishes what the device it sends on (K or the peer's end of the wire)
cannot; the rest crosses as it is, if the forwarder negotiated so.
recv: reads what arrives, checks the tag of every frame, the IPv4 header
checksum, the L4 checksum (a full one, or for a frame whose checksum is
still partial the pseudo-header sum in its field; a frame over the MTU
that its sender marked verified is a merge (GRO) of verified segments, its
field the first segment's), and every payload byte against the stream;
prints
  "vlan tcp BYTES/TOTAL frames N over-mtu M udp U/UTOTAL bad B"
then, if any sent frame did not arrive in full,
  "vlan missing frames N: tcp I... udp J..." (indexes in the order sent)
and exits 0 when everything arrived and nothing was bad.
"""

import argparse
import random
import socket
import struct
import sys
import time

SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_VNET_HDR = 15
ETH_P_ALL = 0x0003
TP_STATUS_CSUMNOTREADY = 1 << 3
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_CSUM_VALID = 1 << 7
F_NEEDS_CSUM = 1
GSO_NONE, GSO_TCPV4 = 0, 1
AUXDATA = struct.Struct("=IIIHHHH")
VNET = struct.Struct("=BBHHHH")

TOTAL = 256 * 1024        # TCP stream bytes
MSS = 1400
KINDS = (("tso", 8 * MSS), ("partial", 1200), ("full", 1200))
UDP_N, UDP_LEN = 24, 1000
SPORT, DPORT, UDP_DPORT = 40100, 40200, 40201
ISN = 0x10000000


def chunks():
    """The TCP stream as send() cuts it: (kind, offset, length) per frame."""
    off = k = 0
    while off < TOTAL:
        kind, size = KINDS[k % len(KINDS)]
        k += 1
        n = min(size, TOTAL - off)
        yield kind, off, n
        off += n


def stream():
    return random.Random(7).randbytes(TOTAL)


def udp_payload(i):
    return random.Random(1000 + i).randbytes(UDP_LEN)


def fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def csum(data):
    if len(data) % 2:
        data += b"\0"
    return ~fold(sum(struct.unpack("!%dH" % (len(data) // 2), data))) & 0xFFFF


def pseudo(saddr, daddr, proto, length):
    return fold(sum(struct.unpack("!4H", saddr + daddr)) + proto + length)


def ipv4(saddr, daddr, proto, ident, payload_len):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident, 0x4000, 64, proto, 0,
                    saddr, daddr)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:]


def l4_finish(l4, saddr, daddr, proto, off, partial):
    """The L4 header and data with the checksum at off: full, or the
    pseudo-header sum as the kernel leaves it for the device."""
    p = pseudo(saddr, daddr, proto, len(l4))
    if partial:
        c = p
    else:
        c = ~fold(p + (~csum(l4) & 0xFFFF)) & 0xFFFF
        if proto == socket.IPPROTO_UDP and c == 0:
            c = 0xFFFF
    return l4[:off] + struct.pack("!H", c) + l4[off + 2:]


def send(args):
    dst = bytes.fromhex(args.dst.replace(":", ""))
    src = open("/sys/class/net/%s/address" % args.iface).read().strip()
    src = bytes.fromhex(src.replace(":", ""))
    saddr, daddr = socket.inet_aton(args.saddr), socket.inet_aton(args.daddr)
    eth = dst + src + struct.pack("!HH", 0x8100, args.vid) + struct.pack("!H", 0x0800)
    l3 = len(eth)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    s.bind((args.iface, 0))
    data = stream()
    ident = sent = 0
    for kind, off, size in chunks():
        chunk = data[off:off + size]
        tcp = struct.pack("!HHIIBBHHH", SPORT, DPORT, (ISN + off) & 0xFFFFFFFF, 1,
                          5 << 4, 0x18, 65535, 0, 0) + chunk
        partial = kind != "full"
        tcp = l4_finish(tcp, saddr, daddr, socket.IPPROTO_TCP, 16, partial)
        if kind == "tso" and len(chunk) > MSS:
            vh = VNET.pack(F_NEEDS_CSUM, GSO_TCPV4, l3 + 40, MSS, l3 + 20, 16)
        elif partial:
            vh = VNET.pack(F_NEEDS_CSUM, GSO_NONE, 0, 0, l3 + 20, 16)
        else:
            vh = VNET.pack(0, GSO_NONE, 0, 0, 0, 0)
        ident += 1
        s.send(vh + eth + ipv4(saddr, daddr, socket.IPPROTO_TCP, ident, len(tcp)) + tcp)
        sent += 1
        time.sleep(0.002)
    for i in range(UDP_N):
        udp = struct.pack("!HHHH", SPORT, UDP_DPORT, 8 + UDP_LEN, 0) + udp_payload(i)
        partial = i % 2 == 0
        udp = l4_finish(udp, saddr, daddr, socket.IPPROTO_UDP, 6, partial)
        if partial:
            vh = VNET.pack(F_NEEDS_CSUM, GSO_NONE, 0, 0, l3 + 20, 6)
        else:
            vh = VNET.pack(0, GSO_NONE, 0, 0, 0, 0)
        ident += 1
        s.send(vh + eth + ipv4(saddr, daddr, socket.IPPROTO_UDP, ident, len(udp)) + udp)
        sent += 1
        time.sleep(0.002)
    print("vlan sent %d frames, tcp %d bytes, udp %d datagrams" % (sent, TOTAL, UDP_N),
          flush=True)
    return 0


class Check:
    def __init__(self, args):
        self.args = args
        self.saddr = socket.inet_aton(args.saddr)
        self.daddr = socket.inet_aton(args.daddr)
        self.data = stream()
        self.have = bytearray(TOTAL)
        self.got = 0
        self.udp = set()
        self.frames = self.big = self.bad = 0

    def fault(self, what):
        self.bad += 1
        if self.bad <= 5:
            print("vlan bad frame: %s" % what, file=sys.stderr, flush=True)

    def frame(self, buf, status, tci):
        """One frame as the packet socket gave it (tag in auxdata or in buf)."""
        vid = None
        if status & TP_STATUS_VLAN_VALID:
            vid = tci & 0xFFF
        etype = struct.unpack_from("!H", buf, 12)[0]
        l3 = 14
        if etype == 0x8100:
            if vid is not None:
                return self.fault("two tags")
            vid = struct.unpack_from("!H", buf, 14)[0] & 0xFFF
            etype = struct.unpack_from("!H", buf, 16)[0]
            l3 = 18
        if etype != 0x0800 or len(buf) < l3 + 20 or buf[l3 + 9] not in (6, 17):
            return
        if buf[l3 + 12:l3 + 16] != self.saddr or buf[l3 + 16:l3 + 20] != self.daddr:
            return
        proto = buf[l3 + 9]
        l4 = l3 + 20
        if len(buf) < l4 + 8:
            return self.fault("runt")
        sport, dport = struct.unpack_from("!HH", buf, l4)
        if sport != SPORT or dport not in (DPORT, UDP_DPORT):
            return
        self.frames += 1
        if vid != self.args.vid:
            return self.fault("tag %s, expected VLAN %d" % (vid, self.args.vid))
        tot = struct.unpack_from("!H", buf, l3 + 2)[0]
        if len(buf) > 1514:
            self.big += 1
            if tot == 0 or tot > len(buf) - l3:   # a GSO frame may carry tot_len 0
                tot = len(buf) - l3
        if tot > len(buf) - l3 or csum(bytes(buf[l3:l4])) != 0:
            return self.fault("IPv4 header (length %d, frame %d)" % (tot, len(buf)))
        seg = bytes(buf[l4:l3 + tot])
        if status & TP_STATUS_CSUMNOTREADY:
            field = struct.unpack_from("!H", seg, 16 if proto == 6 else 6)[0]
            ok = field == pseudo(self.saddr, self.daddr, proto, len(seg))
        elif status & TP_STATUS_CSUM_VALID and len(buf) > 1514:
            ok = True
        else:
            ok = csum(self.pseudo_hdr(proto, len(seg)) + seg) == 0
        if not ok:
            return self.fault("%s checksum, %d bytes" % ("TCP" if proto == 6 else "UDP",
                                                         len(seg)))
        if proto == 17:
            body = seg[8:]
            for i in range(UDP_N):
                if body == udp_payload(i):
                    self.udp.add(i)
                    return
            return self.fault("UDP payload matches no datagram sent")
        off = (struct.unpack_from("!I", seg, 4)[0] - ISN) & 0xFFFFFFFF
        body = seg[(seg[12] >> 4) * 4:]
        if off + len(body) > TOTAL or body != self.data[off:off + len(body)]:
            return self.fault("TCP payload at stream offset %d, %d bytes" % (off, len(body)))
        for i in range(off, off + len(body)):
            if not self.have[i]:
                self.have[i] = 1
                self.got += 1

    def pseudo_hdr(self, proto, length):
        return self.saddr + self.daddr + struct.pack("!BBH", 0, proto, length)

    def done(self):
        return self.got == TOTAL and len(self.udp) == UDP_N


def recv(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    s.bind((args.iface, 0))
    c = Check(args)
    print("listening on %s" % args.iface, flush=True)
    deadline = time.monotonic() + args.timeout
    while not c.done() and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            buf, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(AUXDATA.size))
        except socket.timeout:
            break
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        status, tci = 0, 0
        for level, typ, val in anc:
            if level == SOL_PACKET and typ == PACKET_AUXDATA:
                status, _, _, _, _, tci, _ = AUXDATA.unpack_from(val)
        c.frame(buf, status, tci)
    print("vlan tcp %d/%d frames %d over-mtu %d udp %d/%d bad %d"
          % (c.got, TOTAL, c.frames, c.big, len(c.udp), UDP_N, c.bad), flush=True)
    tcp_lost = [i for i, (_, off, n) in enumerate(chunks()) if 0 in c.have[off:off + n]]
    udp_lost = [i for i in range(UDP_N) if i not in c.udp]
    if tcp_lost or udp_lost:
        # frames, in the order sent: TCP 0..n-1, then UDP datagrams 0..UDP_N-1
        print("vlan missing frames %d: tcp %s udp %s"
              % (len(tcp_lost) + len(udp_lost), " ".join(map(str, tcp_lost)) or "-",
                 " ".join(map(str, udp_lost)) or "-"), flush=True)
    return 0 if c.done() and c.bad == 0 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["send", "recv"])
    p.add_argument("--iface", required=True)
    p.add_argument("--dst", help="destination MAC (send)")
    p.add_argument("--saddr", required=True)
    p.add_argument("--daddr", required=True)
    p.add_argument("--vid", type=int, default=100)
    p.add_argument("--timeout", type=float, default=20)
    args = p.parse_args()
    if not 1 <= args.vid <= 4094:
        p.error("--vid %d: want 1 to 4094" % args.vid)
    if args.mode == "send" and not args.dst:
        p.error("send needs --dst")
    try:
        return send(args) if args.mode == "send" else recv(args)
    except OSError as e:
        print("vlan_frames %s: error: %s" % (args.mode, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
