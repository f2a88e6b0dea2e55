/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Fuzz target: how net_rtap finds the L3 and L4 headers of a frame, the
 * offsets its offload translation stands on (rtap_offload.c: the RX side
 * compares the kernel's csum_start with them and fills l2_len/l3_len/
 * l4_len; the TX side writes the pseudo-header where they say).
 *
 * Input: a frame. A reference parser written here from the RFCs (Ethernet,
 * up to two VLAN tags 802.1Q/802.1ad, IPv4 with its IHL, IPv6 with up to
 * four hop-by-hop/routing/destination option headers, TCP with its data
 * offset, UDP) says whether it is a TCP or UDP frame whose headers are all
 * within it, and where they are. For such a frame the kernel would send a
 * partial checksum at the L4 header, and segments when it is large: both
 * must be accepted, with the reference's header lengths (none when they do
 * not fit the mbuf's bit fields, the checksum then finished), and the TX side
 * must give the kernel back the same offsets and the pseudo-header sum of
 * RFC 793/768/8200 in the checksum field. Any frame, well-formed or not,
 * goes through both sides for the sanitizers.
 */

#include <string.h>

#include <rte_net.h>

#include "rtap.h"
#include "fuzz.h"
#include "fuzz_mbuf.h"

#define FRAME_MAX 65535u
#define RX_ALL (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
		RTE_ETH_RX_OFFLOAD_TCP_LRO)

/* What the reference parser found. */
struct ref {
	bool ok;            /* TCP or UDP over IPv4/IPv6, every header within the frame */
	bool v6;
	uint8_t proto;      /* IPPROTO_TCP or IPPROTO_UDP */
	uint32_t l2, l3, l4;
	uint32_t l4_total;  /* L4 length the IP header gives (pseudo-header) */
};

static void
ref_parse(const uint8_t *p, uint32_t len, struct ref *r)
{
	uint32_t off = RTE_ETHER_HDR_LEN, l3, l4;
	uint16_t type;
	uint8_t proto;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (len < RTE_ETHER_HDR_LEN)
		return;
	type = fuzz_be16(p + 12);
	for (i = 0; i < 2 && (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ); i++) {
		if (off + 4 > len)
			return;
		type = fuzz_be16(p + off + 2);
		off += 4;
	}
	if (type == RTE_ETHER_TYPE_IPV4) {
		uint16_t total, frag;

		if (off + 20 > len || p[off] >> 4 != 4)
			return;
		l3 = (p[off] & 0xf) * 4u;
		total = fuzz_be16(p + off + 2);
		frag = fuzz_be16(p + off + 6);
		if (l3 < 20 || off + l3 > len || (frag & 0x3fff) != 0 || total < l3)
			return;
		proto = p[off + 9];
		r->l4_total = total - l3;
	} else if (type == RTE_ETHER_TYPE_IPV6) {
		uint16_t plen;

		if (off + 40 > len || p[off] >> 4 != 6)
			return;
		plen = fuzz_be16(p + off + 4);
		proto = p[off + 6];
		l3 = 40;
		for (i = 0; i < 4 && (proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING ||
				      proto == IPPROTO_DSTOPTS); i++) {
			if (off + l3 + 8 > len)
				return;
			proto = p[off + l3];
			l3 += (p[off + l3 + 1] + 1u) * 8;
		}
		if (off + l3 > len || plen < l3 - 40)
			return;
		r->l4_total = plen - (l3 - 40);
		r->v6 = true;
	} else {
		return;
	}
	if (proto == IPPROTO_TCP) {
		if (off + l3 + 20 > len)
			return;
		l4 = (p[off + l3 + 12] >> 4) * 4u;
		if (l4 < 20)
			return;
	} else if (proto == IPPROTO_UDP) {
		l4 = 8;
	} else {
		return;
	}
	if (off + l3 + l4 > len)
		return;
	r->ok = true;
	r->proto = proto;
	r->l2 = off;
	r->l3 = l3;
	r->l4 = l4;
}

/* Pseudo-header sum (not complemented) as the kernel puts it in the field. */
static uint16_t
ref_phdr(const uint8_t *p, const struct ref *r)
{
	const uint8_t *ip = p + r->l2;
	uint32_t sum;

	if (r->v6)
		sum = fuzz_sum16(ip + 8, 32, 0);    /* source and destination */
	else
		sum = fuzz_sum16(ip + 12, 8, 0);
	sum += r->proto + (r->l4_total >> 16) + (r->l4_total & 0xffff);
	return (uint16_t)~fuzz_fold(sum);
}

static struct virtio_net_hdr
kernel_hdr(const struct ref *r, bool gso)
{
	struct virtio_net_hdr h;

	memset(&h, 0, sizeof(h));
	h.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h.csum_start = (uint16_t)(r->l2 + r->l3);
	h.csum_offset = r->proto == IPPROTO_TCP ? 16 : 6;
	if (gso) {
		h.gso_type = r->proto == IPPROTO_UDP ? VIRTIO_NET_HDR_GSO_UDP_L4 :
			r->v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
		h.gso_size = 1000;
		h.hdr_len = (uint16_t)(r->l2 + r->l3 + r->l4);
	}
	return h;
}

/* RX with the kernel's header for this frame, then TX back. */
static void
run_one(const uint8_t *frame, uint32_t len, const struct ref *r, bool gso, uint32_t seg)
{
	struct virtio_net_hdr h = kernel_hdr(r, gso), t;
	uint64_t fl;
	struct fuzz_chain c;
	struct rte_mbuf *m;
	int ret;

	m = fuzz_chain_build(&c, frame, len, seg, RTE_PKTMBUF_HEADROOM);
	if (m == NULL)
		return;
	if (!r->ok) {
		/* anything goes, but for the sanitizers: both sides on what rtap found */
		memset(&h, 0, sizeof(h));
		h.flags = VIRTIO_NET_HDR_F_DATA_VALID;
		if (rtap_rx_offload(m, &h, RX_ALL) < 0)
			goto out;
		fl = m->ol_flags;
		if (RTE_ETH_IS_IPV4_HDR(m->packet_type))
			fl |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
		else if (RTE_ETH_IS_IPV6_HDR(m->packet_type))
			fl |= RTE_MBUF_F_TX_IPV6;
		if ((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_TCP)
			fl |= gso ? RTE_MBUF_F_TX_TCP_SEG : RTE_MBUF_F_TX_TCP_CKSUM;
		else if ((m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP)
			fl |= gso ? RTE_MBUF_F_TX_UDP_SEG : RTE_MBUF_F_TX_UDP_CKSUM;
		m->ol_flags = fl;
		m->tso_segsz = 1000;
		rtap_tx_offload(m, &t, 0);
		goto out;
	}
	ret = rtap_rx_offload(m, &h, RX_ALL);
	FUZZ_ASSERT(ret >= 0);
	FUZZ_ASSERT(ret & RTAP_RX_OFL_CSUM_PARTIAL);
	FUZZ_ASSERT(!gso || (m->ol_flags & RTE_MBUF_F_RX_LRO));
	if (r->l3 >= 512) {
		/* too long for the mbuf's l3_len: no lengths, checksum finished */
		FUZZ_ASSERT(m->l2_len == 0 && m->l3_len == 0 && m->l4_len == 0);
		FUZZ_ASSERT((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) ==
			    RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		goto out;
	}
	FUZZ_ASSERT((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE);
	FUZZ_ASSERT(m->l2_len == r->l2 && m->l3_len == r->l3 && m->l4_len == r->l4);
	FUZZ_ASSERT((m->packet_type & RTE_PTYPE_L4_MASK) ==
		    (r->proto == IPPROTO_TCP ? RTE_PTYPE_L4_TCP : RTE_PTYPE_L4_UDP));
	FUZZ_ASSERT(r->v6 ? RTE_ETH_IS_IPV6_HDR(m->packet_type) :
		    RTE_ETH_IS_IPV4_HDR(m->packet_type));

	/* back to the kernel, as an application forwarding it would ask */
	fl = r->v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4;
	if (gso)
		fl |= r->proto == IPPROTO_TCP ? RTE_MBUF_F_TX_TCP_SEG : RTE_MBUF_F_TX_UDP_SEG;
	else
		fl |= r->proto == IPPROTO_TCP ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM;
	m->ol_flags = fl;
	ret = rtap_tx_offload(m, &t, 0);
	if ((gso ? r->l2 + r->l3 + r->l4 : h.csum_start + h.csum_offset + 2u) > m->data_len) {
		FUZZ_ASSERT(ret == -EINVAL); /* headers past the first segment */
		goto out;
	}
	FUZZ_ASSERT(ret >= 0);
	FUZZ_ASSERT(t.flags == VIRTIO_NET_HDR_F_NEEDS_CSUM);
	FUZZ_ASSERT(t.csum_start == h.csum_start && t.csum_offset == h.csum_offset);
	FUZZ_ASSERT(t.gso_type == h.gso_type && t.gso_size == h.gso_size);
	FUZZ_ASSERT(!gso || t.hdr_len == h.hdr_len);
	FUZZ_ASSERT(fuzz_be16(rte_pktmbuf_mtod_offset(m, uint8_t *, t.csum_start + t.csum_offset))
		    == ref_phdr(rte_pktmbuf_mtod(m, uint8_t *), r));
out:
	fuzz_chain_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref r;

	if (size > FRAME_MAX)
		return 0;
	ref_parse(data, (uint32_t)size, &r);
	run_one(data, (uint32_t)size, &r, false, 0);
	run_one(data, (uint32_t)size, &r, true, 0);
	run_one(data, (uint32_t)size, &r, false, 64);
	return 0;
}
