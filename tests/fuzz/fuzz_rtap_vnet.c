/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Fuzz target: net_rtap's RX translation of the virtio-net header the
 * kernel prepends to every frame read from the TAP (rtap_rx_offload()), and
 * on success the TX header built back from the resulting mbuf
 * (rtap_tx_offload()), as when an application forwards the frame to an
 * rtap port with the offloads the RX side reported.
 *
 * Input: struct virtio_net_hdr (10 bytes), then the frame. Each input runs
 * with and without RX offloads, in one segment (even and odd headroom) and
 * in segments of 61 bytes.
 *
 * Checked for an accepted header: the partial checksum lies within the
 * frame; the flags say what the header said (GSO, segment size); the header
 * lengths and packet type are the parser's, never truncated by the mbuf's
 * bit fields (untagged frames: DPDK's rte_net_get_ptype() as reference); a
 * partial checksum left to the application is where the lengths say; a
 * checksum finished in software is the RFC 1071 one and nothing
 * else in the frame changed; and when the TX side accepts the frame back,
 * its header points within the first segment and, for a partial checksum
 * the RX side kept, says what the kernel had said.
 */

#include <string.h>

#include <rte_net.h>

#include "rtap.h"
#include "fuzz.h"
#include "fuzz_mbuf.h"

#define VNET_LEN sizeof(struct virtio_net_hdr)
#define FRAME_MAX 65535u

#define RX_ALL (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
		RTE_ETH_RX_OFFLOAD_TCP_LRO)
#define TX_ALL (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | \
		RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO | \
		RTE_ETH_TX_OFFLOAD_UDP_TSO)

static const struct {
	uint32_t seg;       /* bytes per segment, 0: one segment */
	uint16_t room;      /* headroom of the first segment */
	uint64_t offloads;  /* RX offloads of the queue */
} runs[] = {
	{ 0, RTE_PKTMBUF_HEADROOM, 0 },
	{ 0, RTE_PKTMBUF_HEADROOM, RX_ALL },
	{ 0, RTE_PKTMBUF_HEADROOM - 1, RX_ALL },
	{ 61, RTE_PKTMBUF_HEADROOM, 0 },
};

/* TX offload flags an application forwarding the frame would ask for. */
static uint64_t
tx_flags(const struct rte_mbuf *m)
{
	uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;
	uint64_t fl = m->ol_flags;

	if (RTE_ETH_IS_IPV4_HDR(m->packet_type))
		fl |= RTE_MBUF_F_TX_IPV4;
	else if (RTE_ETH_IS_IPV6_HDR(m->packet_type))
		fl |= RTE_MBUF_F_TX_IPV6;
	if (m->ol_flags & RTE_MBUF_F_RX_LRO) {
		if (l4 == RTE_PTYPE_L4_TCP)
			fl |= RTE_MBUF_F_TX_TCP_SEG;
		else if (l4 == RTE_PTYPE_L4_UDP)
			fl |= RTE_MBUF_F_TX_UDP_SEG;
		if (fl & RTE_MBUF_F_TX_IPV4)
			fl |= RTE_MBUF_F_TX_IP_CKSUM;
	} else if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE) {
		if (l4 == RTE_PTYPE_L4_TCP)
			fl |= RTE_MBUF_F_TX_TCP_CKSUM;
		else if (l4 == RTE_PTYPE_L4_UDP)
			fl |= RTE_MBUF_F_TX_UDP_CKSUM;
	}
	return fl;
}

static void
check_tx(struct rte_mbuf *m, const struct virtio_net_hdr *rx, bool kept_partial)
{
	struct virtio_net_hdr h;
	uint8_t gso_rx = rx->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	int ret;

	m->ol_flags = tx_flags(m);
	ret = rtap_tx_offload(m, &h, TX_ALL);
	if (ret < 0) {
		FUZZ_ASSERT(ret == -EINVAL || ret == -ENOTSUP);
		return;
	}
	if (h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		FUZZ_ASSERT(h.csum_start >= RTE_ETHER_HDR_LEN);
		FUZZ_ASSERT((uint32_t)h.csum_start + h.csum_offset + 2 <= m->data_len);
	}
	if (h.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		FUZZ_ASSERT(h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM);
		FUZZ_ASSERT(h.gso_size == m->tso_segsz && h.gso_size > 0);
		FUZZ_ASSERT(h.hdr_len > h.csum_start && h.hdr_len <= m->data_len);
	}
	if (kept_partial) {
		/* the kernel gets back what it said */
		FUZZ_ASSERT(h.flags == VIRTIO_NET_HDR_F_NEEDS_CSUM);
		FUZZ_ASSERT(h.csum_start == rx->csum_start && h.csum_offset == rx->csum_offset);
		FUZZ_ASSERT(h.gso_type == gso_rx);
		if (gso_rx != VIRTIO_NET_HDR_GSO_NONE)
			FUZZ_ASSERT(h.gso_size == rx->gso_size);
	} else if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD &&
		   !(m->ol_flags & RTE_MBUF_F_RX_LRO)) {
		FUZZ_ASSERT(h.flags == VIRTIO_NET_HDR_F_DATA_VALID);
	}
}

static void
run_one(const struct virtio_net_hdr *hdr, const uint8_t *frame, uint32_t len,
	uint32_t seg, uint16_t room, uint64_t offloads, uint8_t *flat)
{
	uint8_t gso = hdr->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	bool partial = hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
	struct rte_net_hdr_lens hl;
	struct fuzz_chain c;
	struct rte_mbuf *m;
	uint32_t ptype, i, field = 0;
	bool kept_partial = false, finished = false, vlan;
	int ret;

	m = fuzz_chain_build(&c, frame, len, seg, room);
	if (m == NULL)
		return;
	memset(&hl, 0, sizeof(hl));
	ptype = rte_net_get_ptype(m, &hl, RTE_PTYPE_ALL_MASK);
	vlan = len >= RTE_ETHER_HDR_LEN &&
		(fuzz_be16(frame + 12) == RTE_ETHER_TYPE_VLAN ||
		 fuzz_be16(frame + 12) == RTE_ETHER_TYPE_QINQ);

	ret = rtap_rx_offload(m, hdr, offloads);
	if (ret < 0) {
		FUZZ_ASSERT(ret == -EINVAL);
		goto out;
	}
	FUZZ_ASSERT(len >= RTE_ETHER_HDR_LEN);
	FUZZ_ASSERT(m->pkt_len == len && m->nb_segs == c.n);
	FUZZ_ASSERT(!!(ret & RTAP_RX_OFL_GSO) == (gso != VIRTIO_NET_HDR_GSO_NONE));
	FUZZ_ASSERT(!!(m->ol_flags & RTE_MBUF_F_RX_LRO) == (gso != VIRTIO_NET_HDR_GSO_NONE));
	FUZZ_ASSERT(!!(ret & RTAP_RX_OFL_CSUM_PARTIAL) == partial);
	if (gso != VIRTIO_NET_HDR_GSO_NONE)
		FUZZ_ASSERT(partial && m->tso_segsz == hdr->gso_size);
	if (partial) {
		field = (uint32_t)hdr->csum_start + hdr->csum_offset;
		FUZZ_ASSERT(hdr->csum_start >= RTE_ETHER_HDR_LEN && field + 2 <= len);
	}
	if (ret != 0 && !vlan) {
		/* untagged: DPDK's parser's view, whole or not at all */
		FUZZ_ASSERT(m->packet_type == ptype);
		if (hl.l3_len < 512) {
			FUZZ_ASSERT(m->l2_len == hl.l2_len);
			FUZZ_ASSERT(m->l3_len == hl.l3_len);
			FUZZ_ASSERT(m->l4_len == hl.l4_len);
		} else {
			FUZZ_ASSERT(m->l2_len == 0 && m->l3_len == 0 && m->l4_len == 0);
		}
	}

	/* the frame: unchanged, but for a checksum finished in software */
	fuzz_chain_flatten(m, flat);
	if (partial) {
		uint64_t l4cs = m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;

		FUZZ_ASSERT(l4cs == RTE_MBUF_F_RX_L4_CKSUM_NONE ||
			    l4cs == RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		kept_partial = l4cs == RTE_MBUF_F_RX_L4_CKSUM_NONE;
		finished = !kept_partial;
	}
	if (kept_partial) {
		/* left to the application: the lengths must say where */
		uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;

		FUZZ_ASSERT(m->l2_len + m->l3_len == hdr->csum_start);
		FUZZ_ASSERT((l4 == RTE_PTYPE_L4_TCP && hdr->csum_offset == 16) ||
			    (l4 == RTE_PTYPE_L4_UDP && hdr->csum_offset == 6));
	}
	for (i = 0; i < len; i++) {
		if (finished && (i == field || i == field + 1))
			continue;
		FUZZ_ASSERT(flat[i] == frame[i]);
	}
	if (finished) {
		uint16_t want = fuzz_fold(fuzz_sum16(frame + hdr->csum_start,
						     len - hdr->csum_start, 0));

		if (want == 0 && (m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP)
			want = 0xffff;
		FUZZ_ASSERT(fuzz_be16(flat + field) == want);
	}

	check_tx(m, hdr, kept_partial);
out:
	fuzz_chain_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtio_net_hdr hdr;
	uint8_t *flat;
	unsigned int i;
	uint32_t len;

	if (size < VNET_LEN || size - VNET_LEN > FRAME_MAX)
		return 0;
	memcpy(&hdr, data, VNET_LEN);
	len = (uint32_t)(size - VNET_LEN);
	flat = malloc(len > 0 ? len : 1);
	FUZZ_ASSERT(flat != NULL);
	for (i = 0; i < RTE_DIM(runs); i++)
		run_one(&hdr, data + VNET_LEN, len, runs[i].seg, runs[i].room,
			runs[i].offloads, flat);
	free(flat);
	return 0;
}
