#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Write the seed corpora of the fuzz targets, tests/fuzz/corpus/<target>/:
# hand-made valid inputs, as the kernel or a user would give them. The
# corpus directories hold exactly what this script writes (other files are
# removed): change this script, run it, commit both.
#
#   tests/fuzz/make_corpus.py [--check]
#
# --check: write nothing, exit 1 when the committed corpus differs.

import os
import struct
import sys

TOP = os.path.dirname(os.path.abspath(__file__))

# ---- netlink (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h) ----
NLMSG_ERROR, NLMSG_DONE = 2, 3
RTM_NEWLINK, RTM_DELLINK = 16, 17
NLM_F_MULTI, NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x2, 0x100, 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK = 1, 2, 3, 4, 5
IFLA_TXQLEN, IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO, IFLA_IFALIAS = 13, 16, 17, 18, 20
IFLA_GROUP, IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES = 27, 30, 31, 32
IFLA_CARRIER, IFLA_LINK_NETNSID, IFLA_MIN_MTU, IFLA_MAX_MTU = 33, 37, 50, 51
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
NLA_F_NESTED = 0x8000
IFF_UP, IFF_BROADCAST, IFF_RUNNING, IFF_MULTICAST, IFF_LOWER_UP = 0x1, 0x2, 0x40, 0x1000, 0x10000
ARPHRD_ETHER = 1
PORTID = 4242


def align4(b):
    return b + b'\0' * (-len(b) % 4)


def attr(t, payload):
    return align4(struct.pack('=HH', 4 + len(payload), t) + payload)


def u32(t, v):
    return attr(t, struct.pack('=I', v))


def u8(t, v):
    return attr(t, struct.pack('=B', v))


def strz(t, s):
    return attr(t, s.encode() + b'\0')


def nest(t, *attrs):
    return attr(t | NLA_F_NESTED, b''.join(attrs))


def nlmsg(mtype, flags, seq, payload, pid=0):
    return align4(struct.pack('=IHHII', 16 + len(payload), mtype, flags, seq, pid) + payload)


def ifinfomsg(index, flags, change=0):
    return struct.pack('=BBHiII', 0, 0, ARPHRD_ETHER, index, flags, change)


def newlink(index, name, kind=None, alias=None, link=None, netnsid=None, up=True,
            mtype=RTM_NEWLINK, flags=0, seq=7):
    fl = IFF_BROADCAST | IFF_MULTICAST
    if up:
        fl |= IFF_UP | IFF_RUNNING | IFF_LOWER_UP
    a = [strz(IFLA_IFNAME, name), u32(IFLA_TXQLEN, 1000), u8(IFLA_OPERSTATE, 6 if up else 2),
         u8(IFLA_LINKMODE, 0), u32(IFLA_MTU, 1500), u32(IFLA_MIN_MTU, 68),
         u32(IFLA_MAX_MTU, 65535), u32(IFLA_GROUP, 0), u32(IFLA_PROMISCUITY, 0),
         u32(IFLA_NUM_TX_QUEUES, 1), u32(IFLA_NUM_RX_QUEUES, 1), u8(IFLA_CARRIER, 1 if up else 0)]
    if link is not None:
        a.append(u32(IFLA_LINK, link))
    if kind is not None:
        a.append(nest(IFLA_LINKINFO, strz(IFLA_INFO_KIND, kind), nest(IFLA_INFO_DATA)))
    if netnsid is not None:
        a.append(u32(IFLA_LINK_NETNSID, netnsid))
    if alias is not None:
        a.append(strz(IFLA_IFALIAS, alias))
    a.append(attr(IFLA_ADDRESS, bytes([0x02, 0x99, 0x77, 0, 0, index & 0xff])))
    a.append(attr(IFLA_BROADCAST, b'\xff' * 6))
    return nlmsg(mtype, flags, seq, ifinfomsg(index, fl) + b''.join(a))


def nlerror(err, request, seq=7, capped=False, extack=None, offs=None):
    flags = 0
    if capped:
        flags |= NLM_F_CAPPED
        request = request[:16]
    tlvs = b''
    if extack is not None:
        tlvs += strz(NLMSGERR_ATTR_MSG, extack)
    if offs is not None:
        tlvs += u32(NLMSGERR_ATTR_OFFS, offs)
    if tlvs:
        flags |= NLM_F_ACK_TLVS
    return nlmsg(NLMSG_ERROR, flags, seq, struct.pack('=i', err) + request + tlvs)


def nl_corpus():
    # the request the errors answer: RTM_NEWLINK creating a veth pair
    req = nlmsg(RTM_NEWLINK, 0x1 | 0x4 | 0x400 | 0x200, 7,
                ifinfomsg(0, 0) + strz(IFLA_IFNAME, 'l2k0') +
                nest(IFLA_LINKINFO, strz(IFLA_INFO_KIND, 'veth')), pid=PORTID)
    dump = (newlink(1, 'lo', up=True, flags=NLM_F_MULTI, seq=9) +
            newlink(2, 'eth0', flags=NLM_F_MULTI, seq=9) +
            newlink(7, 'l2k0', kind='veth', link=8, flags=NLM_F_MULTI, seq=9) +
            nlmsg(NLMSG_DONE, NLM_F_MULTI, 9, struct.pack('=i', 0)))
    return {
        'newlink-veth': newlink(7, 'l2k0', kind='veth', alias='l2fwd-kernel pid 1234',
                                link=8, netnsid=0),
        'newlink-tun-down': newlink(12, 'k0', kind='tun', up=False),
        'dellink': newlink(7, 'l2k0', kind='veth', mtype=RTM_DELLINK),
        'dump-3-links-done': dump,
        'ack': nlerror(0, req, capped=True),
        'error-eexist-extack': nlerror(-17, req, extack='File exists', offs=36),
        'error-capped-extack': nlerror(-95, req, capped=True,
                                       extack='Device does not support this operation'),
        'newlink-then-ack': newlink(7, 'l2k0', kind='veth') + nlerror(0, req, capped=True),
    }


# ---- configuration ----
CONF_FULL = b"""# every key, as a user writes them
[kernel]
path = af_xdp      ; comment after a value
iface = k0, k1
netns = l2k
on-delete = exit

[forwarding]
burst = 64
rx-descriptors = 1024
tx-descriptors = 2048
mbufs = 16384

[stats]
interval = 5
"""


def config_corpus():
    # (config/l2fwd-kernel.conf, the shipped file, is replayed as it is by the
    # unit suite: not copied here, where it would go stale)
    def args(*a):
        return b''.join(b'\0' + x.encode() for x in a)
    return {
        'full-conf': CONF_FULL,
        'full-conf-args': CONF_FULL + args('--config', 'l2k.conf', '--path', 'tap',
                                           '--iface', 'a,b', '--iface=c', '--stats', '1'),
        'args-only': args('--path=rtap', '--iface', 'k0', '--netns', 'dut', '--burst', '512'),
        'args-help': args('--help'),
        'args-missing-file': args('--config', 'missing'),
        'crlf-conf': b'[kernel]\r\npath = tap\r\n[stats]\r\ninterval = 0\r\n',
    }


# ---- frames (RFC 791, 8200, 793, 768; IEEE 802.1Q/802.1ad) ----
VNET_F_NEEDS_CSUM, VNET_F_DATA_VALID = 1, 2
GSO_NONE, GSO_TCPV4, GSO_UDP, GSO_TCPV6, GSO_UDP_L4, GSO_ECN = 0, 1, 3, 4, 5, 0x80
MAC = bytes([0x02, 0x99, 0x77, 0, 0, 0x0a]) + bytes([0x02, 0x99, 0x77, 0, 0, 0x0b])
SRC4, DST4 = bytes([10, 99, 0, 2]), bytes([10, 99, 0, 1])
SRC6 = bytes.fromhex('fd000099' + '00' * 11 + '02')
DST6 = bytes.fromhex('fd000099' + '00' * 11 + '01')


def csum16(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def l4(proto, payload, opts=b''):
    if proto == 6:
        doff = (20 + len(opts)) // 4
        return struct.pack('!HHIIBBHHH', 40000, 5201, 1, 1, doff << 4, 0x18, 512, 0, 0) + \
            opts + payload
    return struct.pack('!HHHH', 40000, 5201, 8 + len(payload), 0) + payload


def ipv4(proto, seg, opts=b''):
    ihl = (20 + len(opts)) // 4
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, 4 * ihl + len(seg), 1, 0x4000, 64,
                    proto, 0, SRC4, DST4) + opts
    h = h[:10] + struct.pack('!H', 0xffff - csum16(h)) + h[12:]
    return h, h + seg


def ipv6(proto, seg, ext=()):
    exts = b''
    nh = proto
    for t in reversed(ext):   # (type, length in bytes, multiple of 8)
        opts = b''
        left = t[1] - 2
        while left >= 2:      # PadN options (RFC 8200 4.2), then Pad1
            n = min(left - 2, 255)
            opts += bytes([1, n]) + b'\0' * n
            left -= 2 + n
        opts += b'\0' * left
        exts = struct.pack('!BB', nh, t[1] // 8 - 1) + opts + exts
        nh = t[0]
    h = struct.pack('!IHBB16s16s', 6 << 28, len(exts) + len(seg), nh, 64, SRC6, DST6)
    return h, h + exts + seg


def eth(ethertype, payload, tags=()):
    b = MAC
    for tpid, vid in tags:
        b += struct.pack('!HH', tpid, vid)
    return b + struct.pack('!H', ethertype) + payload


def frame(v6=False, proto=6, payload=100, tags=(), ipopts=b'', tcpopts=b'', ext=()):
    """Frame with the pseudo-header sum in the L4 checksum field (CHECKSUM_PARTIAL)."""
    data = bytes((i * 7 + 3) & 0xff for i in range(payload))
    seg = l4(proto, data, tcpopts)
    if v6:
        _, ip = ipv6(proto, seg, ext)
        phdr = SRC6 + DST6 + struct.pack('!IxxxB', len(seg), proto)
        et = 0x86dd
        l3len = len(ip) - len(seg)
    else:
        _, ip = ipv4(proto, seg, ipopts)
        phdr = SRC4 + DST4 + struct.pack('!xBH', proto, len(seg))
        et = 0x0800
        l3len = len(ip) - len(seg)
    off = 16 if proto == 6 else 6
    ps = csum16(phdr)
    seg = seg[:off] + struct.pack('!H', ps) + seg[off + 2:]
    f = eth(et, ip[:l3len] + seg, tags)
    return f, len(f) - len(seg), off


def vnet(flags=0, gso=GSO_NONE, gso_size=0, start=0, off=0, hdr_len=0):
    return struct.pack('=BBHHHH', flags, gso, hdr_len, gso_size, start, off)


def rtap_corpus():
    out = {}

    def partial(name, gso=GSO_NONE, gso_size=0, **kw):
        f, start, off = frame(**kw)
        out[name] = vnet(VNET_F_NEEDS_CSUM, gso, gso_size, start, off, start + 20) + f

    f, _, _ = frame(payload=64)
    out['plain-ipv4-tcp'] = vnet() + f
    f, _, _ = frame(proto=17, payload=300)
    out['data-valid-ipv4-udp'] = vnet(VNET_F_DATA_VALID) + f
    partial('partial-ipv4-tcp', payload=200)
    partial('partial-ipv6-udp', v6=True, proto=17, payload=77)
    partial('gso-tcpv4', GSO_TCPV4, 1448, payload=3000)
    partial('gso-tcpv6-ecn', GSO_TCPV6 | GSO_ECN, 1428, v6=True, payload=2900)
    partial('gso-udp-l4', GSO_UDP_L4, 1400, proto=17, payload=2800)
    partial('partial-vlan-tcp', payload=150, tags=((0x8100, 10),))
    partial('partial-qinq-udp', proto=17, payload=90, tags=((0x88a8, 20), (0x8100, 10)))
    partial('partial-ipv4-options-tcp-options', payload=60, ipopts=b'\x01' * 4,
            tcpopts=b'\x02\x04\x05\xb4\x01\x01\x04\x02' + b'\x01' * 4)
    return out


def pkt_corpus():
    out = {}
    for name, kw in [
            ('ipv4-tcp', {}),
            ('ipv4-udp', {'proto': 17}),
            ('ipv4-ihl6-tcp-doff8', {'ipopts': b'\x01' * 4,
                                     'tcpopts': b'\x02\x04\x05\xb4' + b'\x01' * 8}),
            ('ipv6-tcp', {'v6': True}),
            ('ipv6-udp', {'v6': True, 'proto': 17}),
            ('ipv6-hbh-dstopts-tcp', {'v6': True, 'ext': ((0, 8), (60, 16))}),
            # headers longer than the mbuf's 9-bit l3_len can say
            ('ipv6-dstopts512-udp', {'v6': True, 'proto': 17, 'ext': ((60, 512),)}),
            ('vlan-ipv4-tcp', {'tags': ((0x8100, 100),)}),
            ('vlan-ipv6-udp', {'v6': True, 'proto': 17, 'tags': ((0x8100, 100),)}),
            ('qinq-ipv4-udp', {'proto': 17, 'tags': ((0x88a8, 200), (0x8100, 100))}),
            ('vlan-in-vlan-ipv4-tcp', {'tags': ((0x8100, 200), (0x8100, 100))}),
            ('ad-ipv4-tcp', {'tags': ((0x88a8, 200),)})]:
        f, _, _ = frame(payload=40, **kw)
        out[name] = f
    out['arp'] = eth(0x0806, struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, MAC[6:],
                                         SRC4, b'\0' * 6, DST4))
    _, ip = ipv4(6, l4(6, b'x' * 20))
    out['ipv4-fragment'] = eth(0x0800, ip[:6] + b'\x20\x00' + ip[8:])
    return out


CORPORA = {
    'fuzz_nl_parse': nl_corpus,
    'fuzz_config': config_corpus,
    'fuzz_rtap_vnet': rtap_corpus,
    'fuzz_pkt_headers': pkt_corpus,
}


def main():
    check = sys.argv[1:] == ['--check']
    differ = []
    for target, make in CORPORA.items():
        d = os.path.join(TOP, 'corpus', target)
        files = make()
        if not check:
            os.makedirs(d, exist_ok=True)
        have = set(os.listdir(d)) if os.path.isdir(d) else set()
        for name, data in files.items():
            p = os.path.join(d, name)
            old = open(p, 'rb').read() if name in have else None
            if old != data:
                differ.append(p)
                if not check:
                    with open(p, 'wb') as f:
                        f.write(data)
        for name in sorted(have - set(files)):
            differ.append(os.path.join(d, name))
            if not check:
                os.remove(os.path.join(d, name))
    if check and differ:
        print('make_corpus: differs from this script:', *differ, sep='\n  ')
        return 1
    print('make_corpus: %d corpora, %d file(s) %s' %
          (len(CORPORA), len(differ), 'differ' if check else 'written or removed'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
