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

/* Finish a partial checksum in software: sum from csum_start to the end. */
static int
rx_csum_finish(struct rte_mbuf *m, uint16_t start, uint16_t offset, bool udp)
{
	uint16_t sum;
	uint16_t csum;

	if (rte_raw_cksum_mbuf(m, start, m->pkt_len - start, &sum) < 0)
		return -EINVAL;
	csum = (uint16_t)~sum;
	if (udp && csum == 0)
		csum = 0xffff;
	mbuf_write16(m, (uint32_t)start + offset, csum);
	return 0;
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

	memset(&hl, 0, sizeof(hl));
	ptype = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
	m->packet_type = ptype;
	m->l2_len = hl.l2_len;
	m->l3_len = hl.l3_len;
	m->l4_len = hl.l4_len;
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
		bool known = hdr->csum_start == l4off &&
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
		phdr = rte_ipv6_phdr_cksum(ip6, 0);
	} else {
		return -EINVAL;
	}
	*rte_pktmbuf_mtod_offset(m, uint16_t *, field) = phdr;
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
