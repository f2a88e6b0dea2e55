/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit test of rtap_offload.c: virtio-net header <-> mbuf offload flags,
 * both ways, and the malformed headers that must be refused. No EAL: mbufs
 * are built by hand over static buffers.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "rtap.h"

static int failures;
static int checks;

#define CHECK(cond) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, \
			__func__, #cond); \
	} \
} while (0)

#define BUF_LEN (RTE_PKTMBUF_HEADROOM + 4096)
#define L2 RTE_ETHER_HDR_LEN
#define L3V4 ((uint16_t)sizeof(struct rte_ipv4_hdr))
#define L3V6 ((uint16_t)sizeof(struct rte_ipv6_hdr))
#define L4TCP ((uint16_t)sizeof(struct rte_tcp_hdr))
#define L4UDP ((uint16_t)sizeof(struct rte_udp_hdr))

static uint8_t bufs[2][BUF_LEN];
static struct rte_mbuf mbufs[2];

static struct rte_mbuf *
mb_reset(unsigned int i)
{
	struct rte_mbuf *m = &mbufs[i];

	memset(m, 0, sizeof(*m));
	memset(bufs[i], 0, BUF_LEN);
	m->buf_addr = bufs[i];
	m->buf_len = BUF_LEN;
	m->data_off = RTE_PKTMBUF_HEADROOM;
	m->nb_segs = 1;
	rte_mbuf_refcnt_set(m, 1);
	return m;
}

enum l4 { TCP, UDP };

/* Ethernet + IPv4 or IPv6 + TCP or UDP + payload, checksums left at zero. */
static struct rte_mbuf *
build(bool v6, enum l4 proto, uint16_t payload)
{
	struct rte_mbuf *m = mb_reset(0);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	uint16_t l3 = v6 ? L3V6 : L3V4;
	uint16_t l4 = proto == TCP ? L4TCP : L4UDP;
	uint16_t i;

	memset(&eth->dst_addr, 0x02, RTE_ETHER_ADDR_LEN);
	memset(&eth->src_addr, 0x04, RTE_ETHER_ADDR_LEN);
	if (v6) {
		struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(p + L2);

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
		ip6->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip6->payload_len = rte_cpu_to_be_16(l4 + payload);
		ip6->proto = proto == TCP ? IPPROTO_TCP : IPPROTO_UDP;
		ip6->hop_limits = 64;
		memset((uint8_t *)ip6 + 8, 0x20, 16);	/* src */
		memset((uint8_t *)ip6 + 24, 0x21, 16);	/* dst */
	} else {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + L2);

		eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(l3 + l4 + payload);
		ip->time_to_live = 64;
		ip->next_proto_id = proto == TCP ? IPPROTO_TCP : IPPROTO_UDP;
		ip->src_addr = rte_cpu_to_be_32(0x0a634d01);
		ip->dst_addr = rte_cpu_to_be_32(0x0a634d02);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	if (proto == TCP) {
		struct rte_tcp_hdr *th = (struct rte_tcp_hdr *)(p + L2 + l3);

		th->src_port = rte_cpu_to_be_16(1234);
		th->dst_port = rte_cpu_to_be_16(5201);
		th->data_off = (uint8_t)((L4TCP / 4) << 4);
		th->tcp_flags = RTE_TCP_ACK_FLAG;
		th->rx_win = rte_cpu_to_be_16(512);
	} else {
		struct rte_udp_hdr *uh = (struct rte_udp_hdr *)(p + L2 + l3);

		uh->src_port = rte_cpu_to_be_16(1234);
		uh->dst_port = rte_cpu_to_be_16(5201);
		uh->dgram_len = rte_cpu_to_be_16(l4 + payload);
	}
	for (i = 0; i < payload; i++)
		p[L2 + l3 + l4 + i] = (uint8_t)(i * 7 + 3);
	m->data_len = (uint16_t)(L2 + l3 + l4 + payload);
	m->pkt_len = m->data_len;
	return m;
}

static uint16_t *
csum_field(struct rte_mbuf *m, bool v6, enum l4 proto)
{
	uint16_t off = L2 + (v6 ? L3V6 : L3V4) + (proto == TCP ? 16 : 6);

	return rte_pktmbuf_mtod_offset(m, uint16_t *, off);
}

/* Put the pseudo-header sum in the L4 field, as the kernel's CHECKSUM_PARTIAL does. */
static void
set_partial(struct rte_mbuf *m, bool v6, enum l4 proto)
{
	void *l3 = rte_pktmbuf_mtod_offset(m, void *, L2);

	*csum_field(m, v6, proto) = v6 ? rte_ipv6_phdr_cksum(l3, 0) : rte_ipv4_phdr_cksum(l3, 0);
}

/* Is the L4 checksum of a single-segment frame correct? */
static bool
l4_valid(struct rte_mbuf *m, bool v6)
{
	void *l3 = rte_pktmbuf_mtod_offset(m, void *, L2);
	void *l4 = rte_pktmbuf_mtod_offset(m, void *, L2 + (v6 ? L3V6 : L3V4));

	if (v6)
		return rte_ipv6_udptcp_cksum_verify(l3, l4) == 0;
	return rte_ipv4_udptcp_cksum_verify(l3, l4) == 0;
}

static struct virtio_net_hdr
vhdr(uint8_t flags, uint8_t gso, uint16_t gso_size, uint16_t start, uint16_t off)
{
	struct virtio_net_hdr h;

	memset(&h, 0, sizeof(h));
	h.flags = flags;
	h.gso_type = gso;
	h.gso_size = gso_size;
	h.csum_start = start;
	h.csum_offset = off;
	return h;
}

/* ---- RX: header -> mbuf ---- */

static void
test_rx_plain(void)
{
	struct rte_mbuf *m = build(false, TCP, 100);
	struct virtio_net_hdr h = vhdr(0, 0, 0, 0, 0);

	CHECK(rtap_rx_offload(m, &h, 0) == 0);
	CHECK(m->ol_flags == 0);
}

static void
test_rx_data_valid(void)
{
	struct rte_mbuf *m = build(false, TCP, 100);
	struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_DATA_VALID, 0, 0, 0, 0);

	CHECK(rtap_rx_offload(m, &h, 0) == RTAP_RX_OFL_CSUM_VALID);
	CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	CHECK((m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) == RTE_MBUF_F_RX_IP_CKSUM_GOOD);
	CHECK((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_TCP);
}

static void
test_rx_partial_offloaded(void)
{
	struct rte_mbuf *m = build(false, TCP, 200);
	struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + L3V4, 16);
	uint16_t before;

	set_partial(m, false, TCP);
	before = *csum_field(m, false, TCP);
	CHECK(rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_TCP_CKSUM) ==
	      RTAP_RX_OFL_CSUM_PARTIAL);
	CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE);
	CHECK(*csum_field(m, false, TCP) == before); /* left to the application */
	CHECK(m->l2_len == L2 && m->l3_len == L3V4 && m->l4_len == L4TCP);
}

static void
test_rx_partial_software(void)
{
	struct rte_mbuf *m;
	struct virtio_net_hdr h;
	bool v6;

	for (v6 = false; ; v6 = true) {
		uint16_t l3 = v6 ? L3V6 : L3V4;

		m = build(v6, TCP, 301);
		h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + l3, 16);
		set_partial(m, v6, TCP);
		CHECK(rtap_rx_offload(m, &h, 0) == RTAP_RX_OFL_CSUM_PARTIAL);
		CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		CHECK(l4_valid(m, v6));

		m = build(v6, UDP, 77);
		h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + l3, 6);
		set_partial(m, v6, UDP);
		CHECK(rtap_rx_offload(m, &h, 0) == RTAP_RX_OFL_CSUM_PARTIAL);
		CHECK(l4_valid(m, v6));
		if (v6)
			break;
	}
}

/*
 * Partial checksum over a frame split in two mbufs, at an even and at an odd
 * byte of the checksummed range (DPDK 22.11's rte_raw_cksum_mbuf() got the
 * odd one wrong: found by fuzz_rtap_vnet).
 */
static void
rx_partial_chained(uint16_t split)
{
	struct rte_mbuf *m = build(false, TCP, 1000);
	struct rte_mbuf *m2 = mb_reset(1);
	struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + L3V4, 16);
	uint8_t flat[2048];

	set_partial(m, false, TCP);
	memcpy(rte_pktmbuf_mtod(m2, uint8_t *), rte_pktmbuf_mtod_offset(m, uint8_t *, split),
	       m->data_len - split);
	m2->data_len = (uint16_t)(m->data_len - split);
	m->data_len = split;
	m->next = m2;
	m->nb_segs = 2;
	CHECK(rtap_rx_offload(m, &h, 0) == RTAP_RX_OFL_CSUM_PARTIAL);
	/* flatten and verify */
	memcpy(flat, rte_pktmbuf_mtod(m, uint8_t *), m->data_len);
	memcpy(flat + m->data_len, rte_pktmbuf_mtod(m2, uint8_t *), m2->data_len);
	CHECK(rte_ipv4_udptcp_cksum_verify((void *)(flat + L2), flat + L2 + L3V4) == 0);
}

static void
test_rx_partial_chained(void)
{
	uint16_t split;

	for (split = 500; split <= 501; split++)
		rx_partial_chained(split);
}

/* Make room for 'n' bytes at 'off' of a one-segment frame (zeroed). */
static uint8_t *
open_gap(struct rte_mbuf *m, uint16_t off, uint16_t n)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	memmove(p + off + n, p + off, m->data_len - off);
	memset(p + off, 0, n);
	m->data_len = (uint16_t)(m->data_len + n);
	m->pkt_len = m->data_len;
	return p + off;
}

/*
 * GSO frames behind VLAN tags: the L3 header is where the kernel's
 * csum_start says, also for a lone 802.1ad tag and for 802.1Q in 802.1Q,
 * which rte_net_get_ptype() misreads (found by fuzz_pkt_headers: such
 * frames were dropped as malformed).
 */
static void
test_rx_vlan_tags(void)
{
	static const uint16_t tpids[][2] = {
		{ RTE_ETHER_TYPE_VLAN, 0 },
		{ RTE_ETHER_TYPE_QINQ, 0 },
		{ RTE_ETHER_TYPE_QINQ, RTE_ETHER_TYPE_VLAN },
		{ RTE_ETHER_TYPE_VLAN, RTE_ETHER_TYPE_VLAN },
	};
	unsigned int i, t;

	for (i = 0; i < RTE_DIM(tpids); i++) {
		struct rte_mbuf *m = build(false, TCP, 3000);
		uint16_t ntags = tpids[i][1] != 0 ? 2 : 1;
		uint16_t l2 = (uint16_t)(L2 + 4 * ntags);
		struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM,
					       VIRTIO_NET_HDR_GSO_TCPV4, 1448, l2 + L3V4, 16);
		uint8_t *tag;

		set_partial(m, false, TCP);
		tag = open_gap(m, 2 * RTE_ETHER_ADDR_LEN, (uint16_t)(4 * ntags));
		for (t = 0; t < ntags; t++) {
			tag[4 * t] = (uint8_t)(tpids[i][t] >> 8);
			tag[4 * t + 1] = (uint8_t)tpids[i][t];
			tag[4 * t + 3] = (uint8_t)(10 + t); /* VLAN id */
		}
		CHECK(rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_TCP_LRO) ==
		      (RTAP_RX_OFL_GSO | RTAP_RX_OFL_CSUM_PARTIAL));
		CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE);
		CHECK(m->l2_len == l2 && m->l3_len == L3V4 && m->l4_len == L4TCP);
		CHECK((m->packet_type & RTE_PTYPE_L2_MASK) ==
		      (ntags == 1 ? RTE_PTYPE_L2_ETHER_VLAN : RTE_PTYPE_L2_ETHER_QINQ));
		CHECK((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_TCP);
	}
}

/* Add a destination options header of 'len' bytes (Pad1 options) to an IPv6 frame. */
static void
add_ipv6_dstopts(struct rte_mbuf *m, uint16_t len)
{
	struct rte_ipv6_hdr *ip6 = rte_pktmbuf_mtod_offset(m, struct rte_ipv6_hdr *, L2);
	uint8_t *opt;

	opt = open_gap(m, L2 + L3V6, len);
	opt[0] = ip6->proto;
	opt[1] = (uint8_t)(len / 8 - 1);
	ip6->proto = IPPROTO_DSTOPTS;
	ip6->payload_len = rte_cpu_to_be_16(rte_be_to_cpu_16(ip6->payload_len) + len);
}

/*
 * IPv6 headers longer than the mbuf's 9-bit l3_len holds: no lengths
 * rather than truncated ones, the checksum finished (found by
 * fuzz_pkt_headers).
 */
static void
test_rx_long_ipv6_ext(void)
{
	struct rte_mbuf *m = build(true, UDP, 100);
	struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + L3V6 + 512, 6);

	add_ipv6_dstopts(m, 512);
	CHECK(rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_UDP_CKSUM) == RTAP_RX_OFL_CSUM_PARTIAL);
	CHECK(m->l2_len == 0 && m->l3_len == 0 && m->l4_len == 0);
	CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	CHECK((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP);
}

static void
test_rx_gso(void)
{
	struct rte_mbuf *m = build(false, TCP, 3000);
	struct virtio_net_hdr h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM,
				       VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN,
				       1448, L2 + L3V4, 16);
	int ret;

	set_partial(m, false, TCP);
	ret = rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_TCP_LRO);
	CHECK(ret == (RTAP_RX_OFL_GSO | RTAP_RX_OFL_CSUM_PARTIAL));
	CHECK(m->ol_flags & RTE_MBUF_F_RX_LRO);
	CHECK(m->tso_segsz == 1448);
	CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE);
	CHECK(m->l2_len == L2 && m->l3_len == L3V4 && m->l4_len == L4TCP);

	m = build(true, TCP, 3000);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV6, 1400, L2 + L3V6, 16);
	set_partial(m, true, TCP);
	CHECK(rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_TCP_LRO) > 0);
	CHECK(m->tso_segsz == 1400);

	m = build(false, UDP, 3000);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP_L4, 1200, L2 + L3V4, 6);
	set_partial(m, false, UDP);
	CHECK(rtap_rx_offload(m, &h, RTE_ETH_RX_OFFLOAD_TCP_LRO) > 0);
	CHECK(m->ol_flags & RTE_MBUF_F_RX_LRO);
}

static void
test_rx_malformed(void)
{
	struct rte_mbuf *m;
	struct virtio_net_hdr h;

	/* csum_start + csum_offset beyond the frame */
	m = build(false, TCP, 10);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, (uint16_t)(m->pkt_len - 1), 0);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, L2 + L3V4, 0xfff0);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0xffff, 0xffff);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* csum_start inside the Ethernet header */
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 4, 2);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* gso type with gso_size zero */
	m = build(false, TCP, 100);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 0, L2 + L3V4, 16);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* unknown gso types (UFO included) */
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP, 1000, L2 + L3V4, 16);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, 7, 1000, L2 + L3V4, 16);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* gso without a partial checksum */
	h = vhdr(0, VIRTIO_NET_HDR_GSO_TCPV4, 1000, 0, 0);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* gso type that does not match the frame */
	m = build(false, UDP, 100);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 1000, L2 + L3V4, 6);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	m = build(true, TCP, 100);
	h = vhdr(VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 1000, L2 + L3V6, 16);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	/* runt frames */
	m = build(false, TCP, 0);
	m->data_len = m->pkt_len = 10;
	h = vhdr(0, 0, 0, 0, 0);
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
	m->data_len = m->pkt_len = 0;
	CHECK(rtap_rx_offload(m, &h, 0) == -EINVAL);
}

/* ---- TX: mbuf -> header ---- */

static void
test_tx_plain(void)
{
	struct rte_mbuf *m = build(false, TCP, 100);
	struct virtio_net_hdr h;

	memset(&h, 0xa5, sizeof(h));
	CHECK(rtap_tx_offload(m, &h, 0) == 0);
	CHECK(h.flags == 0 && h.gso_type == 0 && h.gso_size == 0 && h.csum_start == 0 &&
	      h.csum_offset == 0 && h.hdr_len == 0);
}

static void
test_tx_data_valid(void)
{
	struct rte_mbuf *m = build(false, TCP, 100);
	struct virtio_net_hdr h;

	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_GOOD | RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	CHECK(rtap_tx_offload(m, &h, 0) == RTAP_TX_OFL_DATA_VALID);
	CHECK(h.flags == VIRTIO_NET_HDR_F_DATA_VALID);
	m->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_BAD;
	CHECK(rtap_tx_offload(m, &h, 0) == 0 && h.flags == 0);
}

/* Finish the kernel's way (sum from csum_start) and check the result. */
static bool
kernel_finish_valid(struct rte_mbuf *m, const struct virtio_net_hdr *h, bool v6)
{
	uint16_t sum = rte_raw_cksum(rte_pktmbuf_mtod_offset(m, void *, h->csum_start),
				     m->data_len - h->csum_start);

	sum = (uint16_t)~sum;
	memcpy(rte_pktmbuf_mtod_offset(m, void *, h->csum_start + h->csum_offset), &sum, 2);
	return l4_valid(m, v6);
}

/*
 * TX over IPv6 with an extension header: the pseudo-header has the length
 * and protocol of the TCP header (RFC 8200 8.1), not those of the fixed
 * header as rte_ipv6_phdr_cksum() takes them (found by fuzz_pkt_headers).
 */
static void
test_tx_ipv6_ext(void)
{
	struct rte_mbuf *m = build(true, TCP, 123);
	struct virtio_net_hdr h;
	uint8_t flat[BUF_LEN];
	struct rte_ipv6_hdr *ip6 = (struct rte_ipv6_hdr *)(void *)(flat + L2);
	uint16_t l3 = L3V6 + 16, sum;

	add_ipv6_dstopts(m, 16);
	m->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV6;
	m->l2_len = L2;
	m->l3_len = l3;
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_TCP_CKSUM) == RTAP_TX_OFL_CSUM);
	CHECK(h.csum_start == L2 + l3 && h.csum_offset == 16);
	/* finish the kernel's way, then check over the frame without the option header */
	sum = (uint16_t)~rte_raw_cksum(rte_pktmbuf_mtod_offset(m, void *, h.csum_start),
				       m->data_len - h.csum_start);
	memcpy(rte_pktmbuf_mtod_offset(m, void *, h.csum_start + h.csum_offset), &sum, 2);
	memcpy(flat, rte_pktmbuf_mtod(m, void *), L2 + L3V6);
	memcpy(flat + L2 + L3V6, rte_pktmbuf_mtod_offset(m, void *, L2 + l3),
	       m->data_len - L2 - l3);
	ip6->proto = IPPROTO_TCP;
	ip6->payload_len = rte_cpu_to_be_16(m->data_len - L2 - l3);
	CHECK(rte_ipv6_udptcp_cksum_verify(ip6, flat + L2 + L3V6) == 0);
}

/* TX of a frame at an odd address: no misaligned store (found by fuzz_rtap_vnet). */
static void
test_tx_odd_data_off(void)
{
	struct rte_mbuf *m = build(false, UDP, 55);
	struct virtio_net_hdr h;

	memmove(rte_pktmbuf_mtod_offset(m, uint8_t *, -1), rte_pktmbuf_mtod(m, uint8_t *),
		m->data_len);
	m->data_off--;
	m->ol_flags = RTE_MBUF_F_TX_UDP_CKSUM | RTE_MBUF_F_TX_IPV4;
	m->l2_len = L2;
	m->l3_len = L3V4;
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_UDP_CKSUM) == RTAP_TX_OFL_CSUM);
	CHECK(kernel_finish_valid(m, &h, false));
}

static void
test_tx_csum(void)
{
	struct rte_mbuf *m;
	struct virtio_net_hdr h;
	bool v6;

	for (v6 = false; ; v6 = true) {
		uint16_t l3 = v6 ? L3V6 : L3V4;

		m = build(v6, TCP, 123);
		m->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM |
			(v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4);
		m->l2_len = L2;
		m->l3_len = l3;
		*csum_field(m, v6, TCP) = 0x1234; /* whatever the application left */
		CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_TCP_CKSUM) == RTAP_TX_OFL_CSUM);
		CHECK(h.flags == VIRTIO_NET_HDR_F_NEEDS_CSUM);
		CHECK(h.csum_start == L2 + l3 && h.csum_offset == 16);
		CHECK(h.gso_type == VIRTIO_NET_HDR_GSO_NONE);
		CHECK(kernel_finish_valid(m, &h, v6));

		m = build(v6, UDP, 55);
		m->ol_flags = RTE_MBUF_F_TX_UDP_CKSUM |
			(v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4);
		m->l2_len = L2;
		m->l3_len = l3;
		CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_UDP_CKSUM) == RTAP_TX_OFL_CSUM);
		CHECK(h.csum_start == L2 + l3 && h.csum_offset == 6);
		CHECK(kernel_finish_valid(m, &h, v6));
		if (v6)
			break;
	}
}

static void
test_tx_ip_cksum(void)
{
	struct rte_mbuf *m = build(false, UDP, 20);
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, L2);
	struct virtio_net_hdr h;

	ip->hdr_checksum = 0xdead;
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	m->l2_len = L2;
	m->l3_len = L3V4;
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) == 0);
	CHECK(ip->hdr_checksum != 0xdead);
	CHECK(rte_raw_cksum(ip, sizeof(*ip)) == 0xffff);
}

static void
test_tx_tso(void)
{
	struct rte_mbuf *m = build(false, TCP, 4000);
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, L2);
	struct virtio_net_hdr h;
	uint16_t want;

	ip->hdr_checksum = 0;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
	m->l2_len = L2;
	m->l3_len = L3V4;
	m->l4_len = L4TCP;
	m->tso_segsz = 1000;
	/* DPDK's TSO convention: pseudo-header without the length */
	*csum_field(m, false, TCP) = rte_ipv4_phdr_cksum(ip, RTE_MBUF_F_TX_TCP_SEG);
	want = rte_ipv4_phdr_cksum(ip, 0);
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_TCP_TSO) == RTAP_TX_OFL_TSO);
	CHECK(h.gso_type == VIRTIO_NET_HDR_GSO_TCPV4);
	CHECK(h.gso_size == 1000);
	CHECK(h.hdr_len == L2 + L3V4 + L4TCP);
	CHECK(h.flags == VIRTIO_NET_HDR_F_NEEDS_CSUM);
	CHECK(h.csum_start == L2 + L3V4 && h.csum_offset == 16);
	CHECK(*csum_field(m, false, TCP) == want); /* the kernel's pseudo-header */
	CHECK(rte_raw_cksum(ip, sizeof(*ip)) == 0xffff); /* IP checksum filled */

	m = build(true, TCP, 4000);
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV6;
	m->l2_len = L2;
	m->l3_len = L3V6;
	m->l4_len = L4TCP;
	m->tso_segsz = 1200;
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_TCP_TSO) == RTAP_TX_OFL_TSO);
	CHECK(h.gso_type == VIRTIO_NET_HDR_GSO_TCPV6 && h.gso_size == 1200);

	m = build(false, UDP, 4000);
	m->ol_flags = RTE_MBUF_F_TX_UDP_SEG | RTE_MBUF_F_TX_IPV4;
	m->l2_len = L2;
	m->l3_len = L3V4;
	m->l4_len = L4UDP;
	m->tso_segsz = 1400;
	CHECK(rtap_tx_offload(m, &h, RTE_ETH_TX_OFFLOAD_UDP_TSO) == RTAP_TX_OFL_TSO);
	CHECK(h.gso_type == VIRTIO_NET_HDR_GSO_UDP_L4 && h.csum_offset == 6);
	CHECK(h.hdr_len == L2 + L3V4 + L4UDP);
}

static void
test_tx_refused(void)
{
	struct rte_mbuf *m = build(false, TCP, 4000);
	struct virtio_net_hdr h;

	m->l2_len = L2;
	m->l3_len = L3V4;
	m->l4_len = L4TCP;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4;
	m->tso_segsz = 0;
	CHECK(rtap_tx_offload(m, &h, 0) == -EINVAL);
	m->tso_segsz = 1000;
	m->l4_len = 0;
	CHECK(rtap_tx_offload(m, &h, 0) == -EINVAL);
	m->l4_len = L4TCP;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG; /* neither IPv4 nor IPv6 */
	CHECK(rtap_tx_offload(m, &h, 0) == -EINVAL);
	m->ol_flags = RTE_MBUF_F_TX_SCTP_CKSUM | RTE_MBUF_F_TX_IPV4;
	CHECK(rtap_tx_offload(m, &h, 0) == -ENOTSUP);
	m->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_TUNNEL_VXLAN;
	CHECK(rtap_tx_offload(m, &h, 0) == -ENOTSUP);
	m->ol_flags = RTE_MBUF_F_TX_TCP_CKSUM | RTE_MBUF_F_TX_IPV4;
	m->l3_len = 0;
	CHECK(rtap_tx_offload(m, &h, 0) == -EINVAL);
	m->l3_len = L3V4;
	m->data_len = L2 + 10; /* headers past the first segment */
	CHECK(rtap_tx_offload(m, &h, 0) == -EINVAL);
}

static void
test_tun_flags(void)
{
	CHECK(rtap_tun_offload_flags(0) == 0);
	CHECK(rtap_tun_offload_flags(RTE_ETH_RX_OFFLOAD_TCP_CKSUM) == TUN_F_CSUM);
	CHECK(rtap_tun_offload_flags(RTE_ETH_RX_OFFLOAD_TCP_LRO) ==
	      (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN));
}

int
main(void)
{
	test_rx_plain();
	test_rx_data_valid();
	test_rx_partial_offloaded();
	test_rx_partial_software();
	test_rx_partial_chained();
	test_rx_gso();
	test_rx_vlan_tags();
	test_rx_long_ipv6_ext();
	test_rx_malformed();
	test_tx_plain();
	test_tx_data_valid();
	test_tx_csum();
	test_tx_ip_cksum();
	test_tx_tso();
	test_tx_refused();
	test_tx_ipv6_ext();
	test_tx_odd_data_off();
	test_tun_flags();
	printf("%d checks, %d failed\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
