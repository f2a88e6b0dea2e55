#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
"""Malformed frames for the fault tests, sent on one interface.

  fault_frames.py --iface DEV --set SET [--count N] [--dst MAC] [--src MAC]
                  [--saddr IP --daddr IP]

Sets:
  vnet   AF_PACKET with PACKET_VNET_HDR: a virtio-net header the kernel
         checks (virtio_net_hdr_to_skb) in front of each frame; on a TAP
         whose reader asked for headers (rtap) what the kernel accepts
         arrives with a header the kernel rebuilt from the skb.
  raw    AF_PACKET SOCK_RAW, no header: truncated and inconsistent IPv4,
         IPv6, TCP and UDP headers, VLAN and QinQ stacks.
  big    a frame 100 bytes above --mtu, and 64 kB TCP GSO frames (vnet).
  tcprun runs of --segs in-order TCP/IPv4 segments of one flow, ACK flag
         only, 1000 bytes each (what GRO merges): tcp_run_good with right
         checksums, tcp_run_bad with every TCP checksum wrong.

Prints one line per vector: "NAME sent N" or "NAME refused ERRNO-NAME"
(the kernel said no to the first send), then "total sent N refused M".
"""

import argparse
import errno
import socket
import struct
import sys

SOL_PACKET = 263
PACKET_VNET_HDR = 15
ETH_P_ALL = 0x0003

F_NEEDS_CSUM = 1
GSO_NONE, GSO_TCPV4, GSO_UDP, GSO_TCPV6, GSO_UDP_L4 = 0, 1, 3, 4, 5
GSO_ECN = 0x80


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


class Frames:
    def __init__(self, dst, src, saddr, daddr):
        self.dst, self.src = mac(dst), mac(src)
        self.saddr = socket.inet_aton(saddr)
        self.daddr = socket.inet_aton(daddr)
        self.saddr6 = socket.inet_pton(socket.AF_INET6, "fd00:99::2")
        self.daddr6 = socket.inet_pton(socket.AF_INET6, "fd00:99::1")

    def eth(self, etype, tags=()):
        h = self.dst + self.src
        for tpid, vid in tags:
            h += struct.pack("!HH", tpid, vid)
        return h + struct.pack("!H", etype)

    def ipv4(self, proto, payload, ihl=5, tot=None, frag=0, opts=b""):
        opts = opts.ljust((ihl - 5) * 4, b"\1") if ihl > 5 else b""
        if tot is None:
            tot = ihl * 4 + len(payload) if ihl >= 5 else 20 + len(payload)
        h = struct.pack("!BBHHHBBH4s4s", 0x40 | (ihl & 15), 0, tot & 0xFFFF, 0x1234, frag,
                        64, proto, 0, self.saddr, self.daddr) + opts
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
        return h + payload

    def ipv6(self, nh, payload, plen=None, exts=b""):
        if plen is None:
            plen = len(exts) + len(payload)
        return struct.pack("!IHBB16s16s", 0x60000000, plen & 0xFFFF, nh, 64,
                           self.saddr6, self.daddr6) + exts + payload

    @staticmethod
    def tcp(doff=5, data=b"x" * 32, flags=0x18, sport=40009, dport=9):
        opts = b"\1" * ((doff - 5) * 4) if doff > 5 else b""
        return struct.pack("!HHIIBBHHH", sport, dport, 1, 1, (doff & 15) << 4, flags,
                           65535, 0, 0) + opts + data

    @staticmethod
    def udp(data=b"y" * 32, ulen=None, sport=40009, dport=9):
        if ulen is None:
            ulen = 8 + len(data)
        return struct.pack("!HHHH", sport, dport, ulen & 0xFFFF, 0) + data


def ext6(n, last):
    """n IPv6 destination options headers (8 bytes, PadN), then 'last'."""
    return b"".join(bytes([60 if i < n - 1 else last, 0, 1, 4, 0, 0, 0, 0])
                    for i in range(n))


def vnet(flags=0, gso=GSO_NONE, hdr_len=0, gso_size=0, start=0, off=0):
    return struct.pack("<BBHHHH", flags, gso, hdr_len, gso_size, start, off)


def set_vnet(f):
    """(name, vnet header, frame); the comments say what the kernel does."""
    e4 = f.eth(0x0800)
    tcp4 = e4 + f.ipv4(6, f.tcp())
    udp4 = e4 + f.ipv4(17, f.udp())
    big = e4 + f.ipv4(6, f.tcp(data=b"z" * 3000))
    return [
        # refused by virtio_net_hdr_to_skb(): pskb_may_pull() of csum_start + offset
        ("csum_start_past_frame", vnet(F_NEEDS_CSUM, start=len(tcp4) + 10, off=16), tcp4),
        ("csum_offset_past_frame", vnet(F_NEEDS_CSUM, start=34, off=2000), tcp4),
        # refused: gso_size 0 with a GSO type, unknown GSO type, ECN bit alone
        ("gso_size_zero", vnet(F_NEEDS_CSUM, GSO_TCPV4, 54, 0, 34, 16), big),
        ("gso_type_unknown", vnet(F_NEEDS_CSUM, 7, 54, 1000, 34, 16), big),
        ("gso_ecn_only", vnet(F_NEEDS_CSUM, GSO_ECN, 54, 1000, 34, 16), big),
        # refused: transport offset below sizeof(struct iphdr)
        ("csum_start_in_eth", vnet(F_NEEDS_CSUM, start=6, off=0), tcp4),
        # refused: runt, shorter than the Ethernet header (dev_validate_header)
        ("runt_13", vnet(), tcp4[:13]),
        # refused: UDP GSO with a TCP checksum offset
        ("uso_tcp_offset", vnet(F_NEEDS_CSUM, GSO_UDP_L4, 42, 1000, 34, 16), big),
        # accepted, reach the TAP reader: partial checksums where no L4
        # header is (inside the IP header, after a truncated one), headers
        # that say more than the frame holds
        ("csum_start_in_ip", vnet(F_NEEDS_CSUM, start=24, off=0), tcp4),
        ("csum_at_end", vnet(F_NEEDS_CSUM, start=len(tcp4) - 2, off=0), tcp4),
        ("ihl_past_data", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(data=b""), ihl=15)[:20] + f.tcp(data=b"")),
        ("ihl_below_5", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(), ihl=3)),
        ("tcp_doff_past_data", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(doff=15, data=b"")[:20])),
        ("tcp_doff_below_5", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(doff=2))),
        ("udp_len_past_data", vnet(F_NEEDS_CSUM, start=34, off=6),
         e4 + f.ipv4(17, f.udp(ulen=4000))),
        ("ipv4_tot_past_data", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(), tot=1400)),
        ("udp_csum_on_tcp", vnet(F_NEEDS_CSUM, start=34, off=6), tcp4),
        ("tcp_csum_on_udp", vnet(F_NEEDS_CSUM, start=34, off=16), udp4),
        ("ipv4_fragment_partial", vnet(F_NEEDS_CSUM, start=34, off=16),
         e4 + f.ipv4(6, f.tcp(), frag=0x2000 | 100)),
        ("ipv6_tcp_csum_in_ext", vnet(F_NEEDS_CSUM, start=54, off=16),
         f.eth(0x86DD) + f.ipv6(0, f.tcp(), exts=bytes([6, 0]) + b"\1\4" + b"\0" * 4)),
        ("ipv6_plen_past_data", vnet(F_NEEDS_CSUM, start=54, off=16),
         f.eth(0x86DD) + f.ipv6(6, f.tcp(), plen=9000)),
        ("vlan3_partial", vnet(F_NEEDS_CSUM, start=46, off=16),
         f.eth(0x0800, ((0x8100, 1), (0x8100, 2), (0x8100, 3))) + f.ipv4(6, f.tcp())),
        ("qinq_ad_partial", vnet(F_NEEDS_CSUM, start=42, off=16),
         f.eth(0x0800, ((0x88A8, 10), (0x8100, 20))) + f.ipv4(6, f.tcp())),
        ("vlan_truncated", vnet(F_NEEDS_CSUM, start=20, off=0),
         f.eth(0x8100, ((0x8100, 1), (0x88A8, 2)))),
        # GSO with headers that do not match the type (the kernel marks
        # them DODGY and checks them when it segments: see the report)
        ("gso_tcpv4_on_udp", vnet(F_NEEDS_CSUM, GSO_TCPV4, 42, 1000, 34, 16),
         e4 + f.ipv4(17, f.udp(data=b"z" * 3000))),
        ("gso_tcpv6_on_ipv4", vnet(F_NEEDS_CSUM, GSO_TCPV6, 54, 1000, 34, 16), big),
        ("gso_tcpv4_doff_past", vnet(F_NEEDS_CSUM, GSO_TCPV4, 54, 1000, 34, 16),
         e4 + f.ipv4(6, f.tcp(doff=15, data=b"")[:20] + b"z" * 3000)),
        ("gso_tcpv4_tiny_mss", vnet(F_NEEDS_CSUM, GSO_TCPV4, 54, 8, 34, 16),
         e4 + f.ipv4(6, f.tcp(data=b"z" * 800))),
        ("gso_no_csum_flag", vnet(0, GSO_TCPV4, 54, 1000, 0, 0), big),
        # UFO: the kernel fragments it in software (no device does UFO)
        ("gso_udp_ufo", vnet(F_NEEDS_CSUM, GSO_UDP, 42, 1000, 34, 6),
         e4 + f.ipv4(17, f.udp(data=b"u" * 3000))),
        # valid for the kernel (it skips any number of IPv6 extension
        # headers), beyond what rte_net_get_ptype() skips (5): the GSO type
        # and the parsed L4 do not match for rtap, dropped as malformed
        ("gso_tcpv6_6_exthdrs", vnet(F_NEEDS_CSUM, GSO_TCPV6, 122, 1000, 102, 16),
         f.eth(0x86DD) + f.ipv6(60, f.tcp(data=b"6" * 3000), exts=ext6(6, 6))),
        ("gso_uso6_6_exthdrs", vnet(F_NEEDS_CSUM, GSO_UDP_L4, 110, 1000, 102, 6),
         f.eth(0x86DD) + f.ipv6(60, f.udp(data=b"6" * 3000), exts=ext6(6, 17))),
    ]


def set_raw(f):
    """(name, None, frame): no virtio-net header."""
    e4, e6 = f.eth(0x0800), f.eth(0x86DD)

    def q(etype, n):
        return f.eth(etype, tuple((0x8100, i + 1) for i in range(n)))

    return [
        ("ipv4_truncated_hdr", None, e4 + f.ipv4(6, f.tcp())[:12]),
        ("ipv4_ihl_below_5", None, e4 + f.ipv4(6, f.tcp(), ihl=2)),
        ("ipv4_ihl_past_data", None, e4 + f.ipv4(6, b"", ihl=15)[:24]),
        ("ipv4_tot_past_data", None, e4 + f.ipv4(6, f.tcp(), tot=60000)),
        ("ipv4_tot_below_hdr", None, e4 + f.ipv4(6, f.tcp(), tot=8)),
        ("ipv4_version_6", None, e4 + b"\x65" + f.ipv4(6, f.tcp())[1:]),
        ("tcp_truncated_hdr", None, e4 + f.ipv4(6, f.tcp()[:9])),
        ("tcp_doff_past_data", None, e4 + f.ipv4(6, f.tcp(doff=15, data=b"")[:24])),
        ("tcp_doff_below_5", None, e4 + f.ipv4(6, f.tcp(doff=1))),
        ("udp_truncated_hdr", None, e4 + f.ipv4(17, f.udp()[:5])),
        ("udp_len_past_data", None, e4 + f.ipv4(17, f.udp(ulen=9000))),
        ("udp_len_below_8", None, e4 + f.ipv4(17, f.udp(ulen=3))),
        ("ipv6_truncated_hdr", None, e6 + f.ipv6(6, f.tcp())[:30]),
        ("ipv6_plen_past_data", None, e6 + f.ipv6(6, f.tcp(), plen=40000)),
        ("ipv6_ext_past_data", None, e6 + f.ipv6(0, b"", exts=bytes([6, 200]) + b"\0" * 6)),
        ("ipv6_hopopts_twice", None, e6 + f.ipv6(0, b"", exts=bytes([0, 0]) + b"\0" * 6 +
                                                 bytes([6, 0]) + b"\0" * 6)),
        ("ipv6_9_exthdrs_trunc", None, e6 + f.ipv6(60, f.tcp()[:8], exts=ext6(9, 6))),
        ("ipv6_tcp_truncated", None, e6 + f.ipv6(6, f.tcp()[:7])),
        ("eth_only", None, e4),
        ("vlan_truncated", None, q(0x0800, 1)[:16]),
        ("vlan1_ipv4_tcp", None, q(0x0800, 1) + f.ipv4(6, f.tcp())),
        ("qinq_ipv4_tcp", None, f.eth(0x0800, ((0x88A8, 10), (0x8100, 20))) +
         f.ipv4(6, f.tcp())),
        ("vlan3_ipv4_tcp", None, q(0x0800, 3) + f.ipv4(6, f.tcp())),
        ("vlan8_ipv6_truncated", None, q(0x86DD, 8) + f.ipv6(6, b"")[:20]),
        ("ad_ad_ad_tcp_trunc", None, f.eth(0x0800, ((0x88A8, 1), (0x88A8, 2), (0x88A8, 3))) +
         f.ipv4(6, f.tcp()[:10])),
    ]


def set_big(f, mtu):
    """A frame 100 bytes above 'mtu', a 64 kB TCP GSO frame."""
    e4 = f.eth(0x0800)
    over = e4 + f.ipv4(1, b"\x08\0\0\0" + b"o" * (mtu - 24 + 100))
    gso = e4 + f.ipv4(6, f.tcp(data=b"g" * (65535 - 40 - 16)))
    return [
        ("above_mtu_icmp", None, over),
        ("gso_64k_tcpv4", vnet(F_NEEDS_CSUM, GSO_TCPV4, 54, 1448, 34, 16), gso),
    ]


def tcp4_seg(f, seq, data, good, sport=40011, dport=9):
    """A TCP/IPv4 segment, ACK only, checksum right or off by one."""
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, 1, 5 << 4, 0x10, 65535, 0, 0)
    phdr = f.saddr + f.daddr + struct.pack("!BBH", 0, 6, len(h) + len(data))
    ck = csum(phdr + h + data)
    if not good:
        ck = (ck + 1) & 0xFFFF or 1
    # DF: the IPv4 id does not matter (GRO checks ids only of fragmentable ones)
    return f.eth(0x0800) + f.ipv4(6, h[:16] + struct.pack("!H", ck) + h[18:] + data,
                                  frag=0x4000)


def set_tcprun(f, segs):
    """(name, None, [frames]): one run of in-order segments per vector."""
    def run(good):
        return [tcp4_seg(f, 1000 + i * 1000, bytes([0x41 + i % 26]) * 1000, good)
                for i in range(segs)]
    return [("tcp_run_good", None, run(True)), ("tcp_run_bad", None, run(False))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iface", required=True)
    ap.add_argument("--set", required=True, choices=["vnet", "raw", "big", "tcprun"])
    ap.add_argument("--segs", type=int, default=8, help="'tcprun': segments per run")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--dst", default="02:00:00:00:00:01")
    ap.add_argument("--src", default="02:00:00:00:00:02")
    ap.add_argument("--saddr", default="10.99.0.2")
    ap.add_argument("--daddr", default="10.99.0.1")
    ap.add_argument("--mtu", type=int, default=1500, help="'big': the MTU to exceed")
    ap.add_argument("--only", default="", help="comma-separated vector names")
    a = ap.parse_args()

    f = Frames(a.dst, a.src, a.saddr, a.daddr)
    vecs = {"vnet": set_vnet, "raw": set_raw,
            "tcprun": lambda f: set_tcprun(f, a.segs)}.get(a.set,
                                                         lambda f: set_big(f, a.mtu))(f)
    if a.only:
        names = a.only.split(",")
        vecs = [v for v in vecs if v[0] in names]
    need_vnet = any(v[1] is not None for v in vecs)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0))
    if need_vnet:
        s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    s.bind((a.iface, 0))
    total = refused = 0
    for name, hdr, frames in vecs:
        if not isinstance(frames, list):
            frames = [frames]
        bufs = [(hdr if hdr is not None else vnet() if need_vnet else b"") + fr
                for fr in frames]
        n, err = 0, None
        for _ in range(a.count):
            try:
                for buf in bufs:
                    s.send(buf)
                    n += 1
            except OSError as e:
                err = e.errno
                break
        if err is not None and n == 0:
            refused += 1
            print("%s refused %s" % (name, errno.errorcode.get(err, err)), flush=True)
        else:
            total += n
            print("%s sent %d%s" % (name, n, " (then %s)" % errno.errorcode.get(err, err)
                                    if err else ""), flush=True)
    print("total sent %d refused %d" % (total, refused), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
