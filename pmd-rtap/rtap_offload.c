/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * virtio-net header <-> mbuf offload translation. Pure functions over one
 * mbuf and one header: no system calls, no allocation, so the unit test links
 * this file alone with DPDK.
 *
 * Checksum convention: the kernel (CHECKSUM_PARTIAL) and DPDK's TX checksum
 * offload both want the pseudo-header sum in the L4 checksum field, but for
 * segmentation the kernel's pseudo-header includes the length of the whole
 * frame where DPDK's excludes it; on TX the field is rewritten with the
 * kernel's form, whatever the application put there.
 */

#include <stddef.h>

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_net.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <rte_ethdev.h>

#include "rtap.h"

#define TCP_CSUM_OFF ((uint16_t)offsetof(struct rte_tcp_hdr, cksum))
#define UDP_CSUM_OFF ((uint16_t)offsetof(struct rte_udp_hdr, dgram_cksum))

/* Write a 16-bit value at 'off' of a possibly chained mbuf. */
static void
mbuf_write16(struct rte_mbuf *m, uint32_t off, uint16_t v)
{
	const uint8_t *src = (const uint8_t *)&v;
	unsigned int i;

	for (i = 0; i < 2; i++, off++) {
		struct rte_mbuf *seg = m;
		uint32_t o = off;

		while (seg != NULL && o >= seg->data_len) {
			o -= seg->data_len;
			seg = seg->next;
		}
		if (seg == NULL)
			return;
		*rte_pktmbuf_mtod_offset(seg, uint8_t *, o) = src[i];
	}
}

/*
 * Raw checksum of [off, off + len) of a possibly chained mbuf. Not DPDK
 * 22.11's rte_raw_cksum_mbuf(): it truncates the unreduced sum of a segment
 * to 16 bits before byte-swapping it, for a segment that starts at an odd
 * byte of the range, and so gets the sum wrong with odd segment lengths.
 */
static int
rx_cksum_mbuf(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint16_t *cksum)
{
	const struct rte_mbuf *seg;
	uint32_t sum = 0, done = 0, n, tmp;

	for (seg = m; seg != NULL && off >= seg->data_len; seg = seg->next)
		off -= seg->data_len;
	for (; seg != NULL && done < len; seg = seg->next, off = 0) {
		n = RTE_MIN((uint32_t)seg->data_len - off, len - done);
		tmp = __rte_raw_cksum_reduce(__rte_raw_cksum(
			rte_pktmbuf_mtod_offset(seg, const void *, off), n, 0));
		if (done & 1)
			tmp = rte_bswap16((uint16_t)tmp);
		sum += tmp;
		done += n;
	}
	if (done != len)
		return -EINVAL;
	*cksum = __rte_raw_cksum_reduce(sum);
	return 0;
}

/* Finish a partial checksum in software: sum from csum_start to the end. */
static int
rx_csum_finish(struct rte_mbuf *m, uint16_t start, uint16_t offset, bool udp)
{
	uint16_t sum;
	uint16_t csum;

	if (rx_cksum_mbuf(m, start, m->pkt_len - start, &sum) < 0)
		return -EINVAL;
	csum = (uint16_t)~sum;
	if (udp && csum == 0)
		csum = 0xffff;
	mbuf_write16(m, (uint32_t)start + offset, csum);
	return 0;
}

/*
 * Offset of the ethertype of the L3 header, after up to two VLAN tags
 * (802.1Q or 802.1ad, in any order, as the kernel skips them); 0 when the
 * frame ends first. '*ntags' gets the number of tags.
 */
static uint32_t
rx_skip_vlans(const struct rte_mbuf *m, uint16_t *type, unsigned int *ntags)
{
	uint32_t off = RTE_ETHER_HDR_LEN - sizeof(rte_be16_t);
	const uint8_t *t; /* bytes: the frame may start at an odd address */
	uint8_t copy[2];

	for (*ntags = 0; ; (*ntags)++, off += sizeof(struct rte_vlan_hdr)) {
		t = rte_pktmbuf_read(m, off, sizeof(copy), copy);
		if (t == NULL)
			return 0;
		*type = (uint16_t)(t[0] << 8 | t[1]);
		if (*ntags == 2 || (*type != RTE_ETHER_TYPE_VLAN && *type != RTE_ETHER_TYPE_QINQ))
			return off;
	}
}

/* L3 and L4 of a frame whose L3 header of 'type' starts at hl->l2_len. */
static uint32_t
rx_parse_l3(const struct rte_mbuf *m, uint16_t type, struct rte_net_hdr_lens *hl)
{
	uint32_t off = hl->l2_len, ptype;
	const struct rte_tcp_hdr *th;
	struct rte_tcp_hdr th_copy;
	uint8_t proto;

	if (type == RTE_ETHER_TYPE_IPV4) {
		const struct rte_ipv4_hdr *ip;
		struct rte_ipv4_hdr ip_copy;

		ip = rte_pktmbuf_read(m, off, sizeof(*ip), &ip_copy);
		if (ip == NULL || (ip->version_ihl >> 4) != 4 || rte_ipv4_hdr_len(ip) < sizeof(*ip))
			return 0;
		hl->l3_len = rte_ipv4_hdr_len(ip);
		ptype = hl->l3_len == sizeof(*ip) ? RTE_PTYPE_L3_IPV4 : RTE_PTYPE_L3_IPV4_EXT;
		if (ip->fragment_offset &
		    rte_cpu_to_be_16(RTE_IPV4_HDR_OFFSET_MASK | RTE_IPV4_HDR_MF_FLAG))
			return ptype | RTE_PTYPE_L4_FRAG;
		proto = ip->next_proto_id;
	} else if (type == RTE_ETHER_TYPE_IPV6) {
		const struct rte_ipv6_hdr *ip6;
		struct rte_ipv6_hdr ip6_copy;
		int ret, frag = 0;

		ip6 = rte_pktmbuf_read(m, off, sizeof(*ip6), &ip6_copy);
		if (ip6 == NULL || (rte_be_to_cpu_32(ip6->vtc_flow) >> 28) != 6)
			return 0;
		off += sizeof(*ip6);
		proto = ip6->proto;
		ptype = RTE_PTYPE_L3_IPV6;
		if (proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING ||
		    proto == IPPROTO_DSTOPTS || proto == IPPROTO_FRAGMENT) {
			ptype = RTE_PTYPE_L3_IPV6_EXT;
			ret = rte_net_skip_ip6_ext(proto, m, &off, &frag);
			if (ret < 0)
				return ptype;
			proto = (uint8_t)ret;
		}
		hl->l3_len = (uint16_t)(off - hl->l2_len);
		if (frag)
			return ptype | RTE_PTYPE_L4_FRAG;
	} else {
		return 0;
	}
	off = hl->l2_len + hl->l3_len;
	if (proto == IPPROTO_UDP) {
		hl->l4_len = sizeof(struct rte_udp_hdr);
		return ptype | RTE_PTYPE_L4_UDP;
	}
	if (proto != IPPROTO_TCP)
		return ptype;
	th = rte_pktmbuf_read(m, off, sizeof(*th), &th_copy);
	if (th == NULL)
		return ptype;
	hl->l4_len = (th->data_off & 0xf0) >> 2;
	return ptype | RTE_PTYPE_L4_TCP;
}

/*
 * Packet type and header lengths. rte_net_get_ptype() takes 0x88a8 for two
 * VLAN tags and 0x8100 for one: with a lone 802.1ad tag, or 802.1Q in
 * 802.1Q, it looks for L3 at the wrong offset, and the kernel's csum_start
 * and GSO type would not match (GSO frames dropped as malformed). There
 * the L3 and L4 headers are found here.
 */
static uint32_t
rx_parse(const struct rte_mbuf *m, struct rte_net_hdr_lens *hl)
{
	unsigned int ntags;
	uint32_t ptype, off;
	uint16_t type;

	memset(hl, 0, sizeof(*hl));
	ptype = rte_net_get_ptype(m, hl, RTE_PTYPE_ALL_MASK);
	off = rx_skip_vlans(m, &type, &ntags);
	if (ntags == 0 || off == 0 || off + sizeof(rte_be16_t) == hl->l2_len)
		return ptype;
	memset(hl, 0, sizeof(*hl));
	hl->l2_len = (uint8_t)(off + sizeof(rte_be16_t));
	return (ntags == 1 ? RTE_PTYPE_L2_ETHER_VLAN : RTE_PTYPE_L2_ETHER_QINQ) |
		rx_parse_l3(m, type, hl);
}

/*
 * Do the lengths fit the mbuf's bit fields? IPv6 extension headers may not
 * (l4_len, 8 bits in both, always does).
 */
static bool
rx_lens_fit(const struct rte_net_hdr_lens *hl)
{
	return hl->l2_len < (1u << RTE_MBUF_L2_LEN_BITS) &&
		hl->l3_len < (1u << RTE_MBUF_L3_LEN_BITS);
}

static int
rx_gso_check(uint8_t gso, uint32_t ptype)
{
	uint32_t l4 = ptype & RTE_PTYPE_L4_MASK;
	uint32_t l3 = ptype & RTE_PTYPE_L3_MASK;

	switch (gso) {
	case VIRTIO_NET_HDR_GSO_TCPV4:
		return (l4 == RTE_PTYPE_L4_TCP && RTE_ETH_IS_IPV4_HDR(l3)) ? 0 : -EINVAL;
	case VIRTIO_NET_HDR_GSO_TCPV6:
		return (l4 == RTE_PTYPE_L4_TCP && RTE_ETH_IS_IPV6_HDR(l3)) ? 0 : -EINVAL;
	case VIRTIO_NET_HDR_GSO_UDP_L4:
		return l4 == RTE_PTYPE_L4_UDP ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

int
rtap_rx_offload(struct rte_mbuf *m, const struct virtio_net_hdr *hdr, uint64_t offloads)
{
	uint8_t gso = hdr->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	bool partial = hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
	struct rte_net_hdr_lens hl;
	uint32_t ptype, l4;
	int ret = 0;
	bool fit;

	if (m->pkt_len < RTE_ETHER_HDR_LEN)
		return -EINVAL;

	if (gso != VIRTIO_NET_HDR_GSO_NONE) {
		if (gso != VIRTIO_NET_HDR_GSO_TCPV4 && gso != VIRTIO_NET_HDR_GSO_TCPV6 &&
		    gso != VIRTIO_NET_HDR_GSO_UDP_L4)
			return -EINVAL;
		if (hdr->gso_size == 0 || !partial)
			return -EINVAL;
	}
	if (partial) {
		if (hdr->csum_start < RTE_ETHER_HDR_LEN ||
		    (uint32_t)hdr->csum_start + hdr->csum_offset + 2 > m->pkt_len)
			return -EINVAL;
	} else if (!(hdr->flags & VIRTIO_NET_HDR_F_DATA_VALID)) {
		return 0; /* nothing to say about this frame */
	}

	ptype = rx_parse(m, &hl);
	fit = rx_lens_fit(&hl);
	m->packet_type = ptype;
	if (fit) { /* else left 0: never a truncated length */
		m->l2_len = hl.l2_len;
		m->l3_len = hl.l3_len;
		m->l4_len = hl.l4_len;
	}
	l4 = ptype & RTE_PTYPE_L4_MASK;

	if (gso != VIRTIO_NET_HDR_GSO_NONE) {
		if (rx_gso_check(gso, ptype) < 0)
			return -EINVAL;
		m->ol_flags |= RTE_MBUF_F_RX_LRO;
		m->tso_segsz = hdr->gso_size;
		ret |= RTAP_RX_OFL_GSO;
	}

	if (RTE_ETH_IS_IPV4_HDR(ptype))
		m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD; /* the kernel always fills it */

	if (partial) {
		uint16_t l4off = (uint16_t)(hl.l2_len + hl.l3_len);
		bool known = fit && hdr->csum_start == l4off &&
			((l4 == RTE_PTYPE_L4_TCP && hdr->csum_offset == TCP_CSUM_OFF) ||
			 (l4 == RTE_PTYPE_L4_UDP && hdr->csum_offset == UDP_CSUM_OFF));

		ret |= RTAP_RX_OFL_CSUM_PARTIAL;
		if (known && (gso != VIRTIO_NET_HDR_GSO_NONE ||
			      (offloads & (RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
					   RTE_ETH_RX_OFFLOAD_UDP_CKSUM)))) {
			/* data is intact, checksum field holds the pseudo-header only */
			m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_NONE;
		} else {
			if (rx_csum_finish(m, hdr->csum_start, hdr->csum_offset,
					   l4 == RTE_PTYPE_L4_UDP) < 0)
				return -EINVAL;
			m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
		}
	} else {
		ret |= RTAP_RX_OFL_CSUM_VALID;
		m->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	}
	return ret;
}

/*
 * IPv6 pseudo-header sum (RFC 8200 8.1): the upper-layer length and protocol
 * are those of the L4 header, after any extension header. (DPDK's
 * rte_ipv6_phdr_cksum() takes the payload length and next header of the
 * fixed header, wrong with extension headers.)
 */
static uint16_t
tx_ipv6_phdr(const struct rte_ipv6_hdr *ip6, uint32_t l3_len, uint8_t proto)
{
	uint32_t len = rte_be_to_cpu_16(ip6->payload_len) - (l3_len - sizeof(*ip6));
	struct {
		rte_be32_t len;
		uint8_t zero[3];
		uint8_t proto;
	} psd = { rte_cpu_to_be_32(len), { 0, 0, 0 }, proto };
	uint32_t sum;

	sum = __rte_raw_cksum(ip6->src_addr, sizeof(ip6->src_addr) + sizeof(ip6->dst_addr), 0);
	sum = __rte_raw_cksum(&psd, sizeof(psd), sum);
	return __rte_raw_cksum_reduce(sum);
}

/* Pseudo-header sum the kernel expects in the L4 checksum field. */
static int
tx_set_phdr(struct rte_mbuf *m, uint64_t fl, uint16_t l4_csum_off)
{
	uint32_t l3off = m->l2_len;
	uint32_t field = m->l2_len + m->l3_len + l4_csum_off;
	uint16_t phdr;

	if (m->l2_len < RTE_ETHER_HDR_LEN || m->l3_len == 0 || field + 2 > m->data_len)
		return -EINVAL;

	if (fl & RTE_MBUF_F_TX_IPV4) {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l3off);

		if (m->l3_len < sizeof(*ip))
			return -EINVAL;
		phdr = rte_ipv4_phdr_cksum(ip, 0);
		if (fl & RTE_MBUF_F_TX_IP_CKSUM) {
			ip->hdr_checksum = 0;
			ip->hdr_checksum = rte_ipv4_cksum(ip);
		}
	} else if (fl & RTE_MBUF_F_TX_IPV6) {
		const struct rte_ipv6_hdr *ip6 =
			rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, l3off);

		if (m->l3_len < sizeof(*ip6))
			return -EINVAL;
		phdr = tx_ipv6_phdr(ip6, m->l3_len,
				    l4_csum_off == TCP_CSUM_OFF ? IPPROTO_TCP : IPPROTO_UDP);
	} else {
		return -EINVAL;
	}
	/* the field may be misaligned (odd data_off) */
	memcpy(rte_pktmbuf_mtod_offset(m, void *, field), &phdr, sizeof(phdr));
	return 0;
}

int
rtap_tx_offload(struct rte_mbuf *m, struct virtio_net_hdr *hdr, uint64_t offloads)
{
	uint64_t fl = m->ol_flags;
	uint64_t l4 = fl & RTE_MBUF_F_TX_L4_MASK;
	uint16_t csum_off;

	RTE_SET_USED(offloads);
	memset(hdr, 0, sizeof(*hdr));

	if (fl & RTE_MBUF_F_TX_TUNNEL_MASK)
		return -ENOTSUP;

	if (fl & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_UDP_SEG)) {
		bool tcp = fl & RTE_MBUF_F_TX_TCP_SEG;
		uint32_t hlen = m->l2_len + m->l3_len + m->l4_len;

		if (m->tso_segsz == 0 || m->l4_len == 0 || hlen > m->data_len ||
		    hlen > UINT16_MAX)
			return -EINVAL;
		csum_off = tcp ? TCP_CSUM_OFF : UDP_CSUM_OFF;
		if (tx_set_phdr(m, fl, csum_off) < 0)
			return -EINVAL;
		if (tcp)
			hdr->gso_type = (fl & RTE_MBUF_F_TX_IPV4) ?
				VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_TCPV6;
		else
			hdr->gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
		hdr->gso_size = m->tso_segsz;
		hdr->hdr_len = (uint16_t)hlen;
		hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		hdr->csum_start = (uint16_t)(m->l2_len + m->l3_len);
		hdr->csum_offset = csum_off;
		return RTAP_TX_OFL_TSO;
	}

	if (l4 == RTE_MBUF_F_TX_TCP_CKSUM || l4 == RTE_MBUF_F_TX_UDP_CKSUM) {
		csum_off = l4 == RTE_MBUF_F_TX_TCP_CKSUM ? TCP_CSUM_OFF : UDP_CSUM_OFF;
		if (tx_set_phdr(m, fl, csum_off) < 0)
			return -EINVAL;
		hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		hdr->csum_start = (uint16_t)(m->l2_len + m->l3_len);
		hdr->csum_offset = csum_off;
		return RTAP_TX_OFL_CSUM;
	}
	if (l4 != RTE_MBUF_F_TX_L4_NO_CKSUM)
		return -ENOTSUP; /* SCTP CRC32c has no virtio-net header form */

	if (fl & RTE_MBUF_F_TX_IP_CKSUM) {
		struct rte_ipv4_hdr *ip;

		if (!(fl & RTE_MBUF_F_TX_IPV4) || m->l3_len < sizeof(*ip) ||
		    (uint32_t)m->l2_len + m->l3_len > m->data_len)
			return -EINVAL;
		ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, m->l2_len);
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}

	if ((fl & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD) {
		hdr->flags = VIRTIO_NET_HDR_F_DATA_VALID;
		return RTAP_TX_OFL_DATA_VALID;
	}
	return 0;
}

unsigned int
rtap_tun_offload_flags(uint64_t rx_offloads)
{
	unsigned int f = 0;

	if (rx_offloads & (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			   RTE_ETH_RX_OFFLOAD_TCP_LRO))
		f |= TUN_F_CSUM;
	if (rx_offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO)
		f |= TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
	return f;
}
