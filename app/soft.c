/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Software offloads (design card, "Offloads"): the work P's hardware
 * cannot do, done by the forwarding lcore, only where the plan says so
 * (offload.c; --soft-offload, doc/benchmarks.md for why).
 *
 * K -> P: the kernel's partial checksums completed (L2K_SW_CSUM), its
 * TCP/IPv4 GSO frames cut with librte_gso (L2K_SW_GSO): each segment gets
 * its IPv4 header checksum and its TCP checksum (in software, or by P when
 * it has TX checksum offload), CWR on the first segment only.
 *
 * P -> K: runs of in-order TCP/IPv4 segments merged with librte_gro
 * (L2K_SW_GRO) into one GSO frame the kernel takes whole, its checksum
 * valid. A segment is merged only when its checksums are known good: by
 * P's RX flags, else verified here first. A frame whose checksum is bad is
 * passed on untouched, for the kernel to drop and count.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_byteorder.h>
#include <rte_ethdev.h>
#include <rte_gro.h>
#include <rte_gso.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_net.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "l2k.h"

#define SOFT_GSO_MBUFS 4095     /* direct and indirect mbufs per direction queue */
#define SOFT_GRO_FLOWS 16       /* flows x items per flow: RTE_GRO_MAX_BURST_ITEM_NUM */
#define SOFT_GRO_ITEMS 8
#define TCP_CSUM_OFF offsetof(struct rte_tcp_hdr, cksum)
#define UDP_CSUM_OFF offsetof(struct rte_udp_hdr, dgram_cksum)

struct l2k_soft {
	uint32_t sw;                    /* L2K_SW_* of this direction */
	bool wire_csum;                 /* K -> P: P computes TCP checksums */
	bool wire_multi_seg;            /* K -> P: P sends chained mbufs */
	struct rte_gso_ctx gso;
	struct l2k_dir_stats *st;
	struct rte_mbuf *out[L2K_SOFT_MAX_OUT];
};

_Static_assert(SOFT_GRO_FLOWS * SOFT_GRO_ITEMS <= RTE_GRO_MAX_BURST_ITEM_NUM, "GRO table size");

/* Is the L4 header of 'm' in its first segment, at l2_len + l3_len? */
static bool
hdrs_fit(const struct rte_mbuf *m, uint32_t l4min)
{
	return m->l2_len >= RTE_ETHER_HDR_LEN && m->l3_len > 0 &&
	       (uint32_t)m->l2_len + m->l3_len + l4min <= m->data_len;
}

/*
 * Raw sum (not folded to 16 bits, not inverted) of 'len' bytes of the
 * chain from 'off'. A segment that starts at an odd offset of the range
 * has its folded sum byte-swapped (RFC 1071 2.(B)). rte_raw_cksum_mbuf()
 * of 22.11 swaps the unfolded sum and gets chains with odd segments wrong.
 */
static int
raw_sum_chain(const struct rte_mbuf *m, uint32_t off, uint32_t len, uint32_t *sum)
{
	uint32_t done = 0, n, s;

	if ((uint64_t)off + len > m->pkt_len)
		return -EINVAL;
	for (; m != NULL && off >= m->data_len; m = m->next)
		off -= m->data_len;
	*sum = 0;
	for (; m != NULL && done < len; m = m->next, off = 0) {
		n = RTE_MIN(m->data_len - off, len - done);
		s = __rte_raw_cksum_reduce(__rte_raw_cksum(rte_pktmbuf_mtod_offset(m,
				const void *, off), n, 0));
		if (done & 1)
			s = rte_bswap16((uint16_t)s);
		*sum += s;
		done += n;
	}
	return done == len ? 0 : -EINVAL;
}

int
l2k_soft_l4_sum(const struct rte_mbuf *m, uint16_t *sum)
{
	uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;
	uint32_t l4off = (uint32_t)m->l2_len + m->l3_len, len, s;
	uint8_t proto;
	uint32_t raw;
	struct {
		uint8_t zero;
		uint8_t proto;
		rte_be16_t len;
	} psd;

	if (l4 == RTE_PTYPE_L4_TCP)
		proto = IPPROTO_TCP;
	else if (l4 == RTE_PTYPE_L4_UDP)
		proto = IPPROTO_UDP;
	else
		return -ENOTSUP;
	if (!hdrs_fit(m, proto == IPPROTO_TCP ? sizeof(struct rte_tcp_hdr) :
			 sizeof(struct rte_udp_hdr)))
		return -EINVAL;

	if (RTE_ETH_IS_IPV4_HDR(m->packet_type)) {
		const struct rte_ipv4_hdr *ip =
			rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
		uint32_t total = rte_be_to_cpu_16(ip->total_length);

		if (total < m->l3_len || m->l2_len + total > m->pkt_len)
			return -EINVAL;
		len = total - m->l3_len;
		s = __rte_raw_cksum(&ip->src_addr, 2 * sizeof(ip->src_addr), 0);
	} else if (RTE_ETH_IS_IPV6_HDR(m->packet_type)) {
		const struct rte_ipv6_hdr *ip6 =
			rte_pktmbuf_mtod_offset(m, const struct rte_ipv6_hdr *, m->l2_len);
		uint32_t total = rte_be_to_cpu_16(ip6->payload_len) + sizeof(*ip6);

		/* the upper-layer length is after the extension headers (RFC 8200 8.1) */
		if (total < m->l3_len || m->l2_len + total > m->pkt_len)
			return -EINVAL;
		len = total - m->l3_len;
		s = __rte_raw_cksum(ip6->src_addr, sizeof(ip6->src_addr) + sizeof(ip6->dst_addr),
				    0);
	} else {
		return -ENOTSUP;
	}
	psd.zero = 0;
	psd.proto = proto;
	psd.len = rte_cpu_to_be_16((uint16_t)len);
	s = __rte_raw_cksum(&psd, sizeof(psd), s);
	if (raw_sum_chain(m, l4off, len, &raw) < 0)
		return -EINVAL;
	*sum = __rte_raw_cksum_reduce(__rte_raw_cksum_reduce(s) + __rte_raw_cksum_reduce(raw));
	return 0;
}

int
l2k_soft_csum(struct rte_mbuf *m)
{
	bool udp = (m->packet_type & RTE_PTYPE_L4_MASK) == RTE_PTYPE_L4_UDP;
	uint32_t field = (uint32_t)m->l2_len + m->l3_len + (udp ? UDP_CSUM_OFF : TCP_CSUM_OFF);
	uint16_t zero = 0, sum, ck;
	int ret;

	if (!hdrs_fit(m, udp ? sizeof(struct rte_udp_hdr) : sizeof(struct rte_tcp_hdr)))
		return -EINVAL;
	/* the field may be misaligned (odd data_off) */
	memcpy(rte_pktmbuf_mtod_offset(m, void *, field), &zero, sizeof(zero));
	ret = l2k_soft_l4_sum(m, &sum);
	if (ret < 0)
		return ret;
	ck = (uint16_t)~sum;
	if (udp && ck == 0)
		ck = 0xffff; /* 0 is "no checksum" in UDP */
	memcpy(rte_pktmbuf_mtod_offset(m, void *, field), &ck, sizeof(ck));
	return 0;
}

/* IPv4 header checksum, set in place. */
static void
ipv4_csum(struct rte_mbuf *m)
{
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, m->l2_len);

	ip->hdr_checksum = 0;
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

/*
 * A TCP/IPv4 segment GRO may merge: one segment, headers as parsed, no IP
 * options, no padding, ACK alone among the flags (what librte_gro of 22.11 merges),
 * some payload. Parses the frame when P did not (ptype 0).
 */
static bool
gro_candidate(struct rte_mbuf *m)
{
	const struct rte_ipv4_hdr *ip;
	const struct rte_tcp_hdr *th;
	struct rte_net_hdr_lens hl;
	uint32_t hlen;

	if (m->nb_segs != 1)
		return false;
	if ((m->packet_type & RTE_PTYPE_L4_MASK) == 0 || m->l4_len == 0) {
		m->packet_type = rte_net_get_ptype(m, &hl, RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK |
						   RTE_PTYPE_L4_MASK);
		m->l2_len = hl.l2_len;
		m->l3_len = hl.l3_len;
		m->l4_len = hl.l4_len;
	}
	/* IPv4 options: rte_gro would merge segments whose options differ */
	if (!RTE_ETH_IS_IPV4_HDR(m->packet_type) || m->l3_len != sizeof(*ip) ||
	    (m->packet_type & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_TCP ||
	    m->l4_len < sizeof(*th) || !hdrs_fit(m, m->l4_len))
		return false;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
	th = rte_pktmbuf_mtod_offset(m, const struct rte_tcp_hdr *, m->l2_len + m->l3_len);
	hlen = (uint32_t)m->l2_len + m->l3_len + m->l4_len;
	return th->tcp_flags == RTE_TCP_ACK_FLAG && m->pkt_len > hlen &&
	       m->l2_len + (uint32_t)rte_be_to_cpu_16(ip->total_length) == m->pkt_len;
}

/*
 * Checksums of a GRO candidate: 1 good (by P's flags or verified here), 0
 * bad (counted; the frame goes on untouched).
 */
static int
gro_verify(struct rte_mbuf *m, struct l2k_dir_stats *st)
{
	uint64_t l4f = m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
	uint64_t ipf = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	const struct rte_ipv4_hdr *ip;
	uint16_t sum;

	if (l4f == RTE_MBUF_F_RX_L4_CKSUM_BAD || ipf == RTE_MBUF_F_RX_IP_CKSUM_BAD)
		goto bad;
	if (ipf != RTE_MBUF_F_RX_IP_CKSUM_GOOD) {
		ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, m->l2_len);
		if (rte_raw_cksum(ip, m->l3_len) != 0xffff)
			goto bad;
	}
	if (l4f != RTE_MBUF_F_RX_L4_CKSUM_GOOD) {
		if (l2k_soft_l4_sum(m, &sum) < 0 || sum != 0xffff)
			goto bad;
	}
	m->ol_flags = (m->ol_flags & ~(RTE_MBUF_F_RX_L4_CKSUM_MASK | RTE_MBUF_F_RX_IP_CKSUM_MASK)) |
		      RTE_MBUF_F_RX_L4_CKSUM_GOOD | RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	return 1;
bad:
	st->soft_csum_bad++;
	return 0;
}

/* Merge one run of good candidates; returns the frames left, at pkts[0..]. */
static uint16_t
gro_run(struct rte_mbuf **pkts, uint16_t n, struct l2k_dir_stats *st)
{
	const struct rte_gro_param param = {
		.gro_types = RTE_GRO_TCP_IPV4,
		.max_flow_num = SOFT_GRO_FLOWS,
		.max_item_per_flow = SOFT_GRO_ITEMS,
	};
	uint16_t out, i, hlen;
	struct rte_mbuf *m;

	if (n < 2)
		return n;
	out = rte_gro_reassemble_burst(pkts, n, &param);
	if (out == n)
		return n;
	for (i = 0; i < out; i++) {
		m = pkts[i];
		if (m->nb_segs == 1)
			continue;
		/* the head's own payload: no segment of the frame was larger than the MTU */
		hlen = m->l2_len + m->l3_len + m->l4_len;
		m->tso_segsz = m->data_len - hlen;
		m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4;
		ipv4_csum(m);
		st->soft_gro++;
		st->soft_gro_segs += m->nb_segs;
	}
	return out;
}

uint16_t
l2k_soft_gro(struct rte_mbuf **pkts, uint16_t n, struct l2k_dir_stats *st)
{
	uint16_t i, run = 0, out = 0;

	/*
	 * Runs of good candidates between the other frames, so no frame
	 * overtakes another of its flow it did not overtake on the wire.
	 */
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		if (gro_candidate(m) && gro_verify(m, st) == 1) {
			pkts[out + run++] = m;
			continue;
		}
		out += gro_run(&pkts[out], run, st);
		run = 0;
		pkts[out++] = m;
	}
	return out + gro_run(&pkts[out], run, st);
}

/* Header layout of a frame being segmented, given to each segment. */
struct gso_hdrs {
	uint32_t packet_type;
	uint16_t l2_len, l3_len, l4_len;
};

/* One segment out of rte_gso, finished for P. Returns 0 or -errno. */
static int
gso_finish(const struct l2k_soft *s, struct rte_mbuf *seg, const struct gso_hdrs *hdrs,
	   bool first)
{
	struct rte_tcp_hdr *th;

	if (!s->wire_multi_seg && seg->nb_segs > 1 && rte_pktmbuf_linearize(seg) < 0)
		return -ENOSPC;
	seg->packet_type = hdrs->packet_type;
	seg->l2_len = hdrs->l2_len;
	seg->l3_len = hdrs->l3_len;
	seg->l4_len = hdrs->l4_len;
	th = rte_pktmbuf_mtod_offset(seg, struct rte_tcp_hdr *, seg->l2_len + seg->l3_len);
	if (!first)
		th->tcp_flags &= (uint8_t)~RTE_TCP_CWR_FLAG;
	ipv4_csum(seg);
	seg->ol_flags &= ~(RTE_MBUF_F_TX_OFFLOAD_MASK | RTE_MBUF_F_RX_L4_CKSUM_MASK |
			   RTE_MBUF_F_RX_LRO);
	if (s->wire_csum) {
		/* P finishes it: l2k_offload_prep() asks, from "partial" */
		seg->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_NONE;
		return 0;
	}
	seg->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
	return l2k_soft_csum(seg);
}

int
l2k_soft_gso(struct l2k_soft *s, struct rte_mbuf *m, struct rte_mbuf **out, uint16_t max)
{
	uint32_t hlen = (uint32_t)m->l2_len + m->l3_len + m->l4_len;
	uint64_t fl = m->ol_flags;
	const struct gso_hdrs hdrs = {
		.packet_type = m->packet_type,
		.l2_len = m->l2_len, .l3_len = m->l3_len, .l4_len = m->l4_len,
	};
	int ret, i;

	if (!RTE_ETH_IS_IPV4_HDR(m->packet_type) ||
	    (m->packet_type & RTE_PTYPE_L4_MASK) != RTE_PTYPE_L4_TCP || m->l4_len == 0 ||
	    m->tso_segsz == 0 || hlen + m->tso_segsz > UINT16_MAX || !hdrs_fit(m, m->l4_len))
		return -EINVAL;
	if ((m->pkt_len - hlen + m->tso_segsz - 1) / m->tso_segsz > max)
		return -ENOSPC;
	s->gso.gso_size = (uint16_t)(hlen + m->tso_segsz);
	m->ol_flags = (fl & ~RTE_MBUF_F_TX_OFFLOAD_MASK) | RTE_MBUF_F_TX_TCP_SEG |
		      RTE_MBUF_F_TX_IPV4;
	ret = rte_gso_segment(m, &s->gso, out, max);
	if (ret < 0) {
		m->ol_flags = fl;
		return ret;
	}
	if (ret == 0) {
		/* no larger than one segment: a frame with a partial checksum */
		out[0] = m;
		ret = 1;
	} else if (out[0] != m) {
		rte_pktmbuf_free(m); /* the segments hold its data */
	}
	for (i = 0; i < ret; i++) {
		if (gso_finish(s, out[i], &hdrs, i == 0) < 0) {
			rte_pktmbuf_free_bulk(&out[i], (unsigned int)(ret - i));
			return -ENOSPC;
		}
	}
	return ret;
}

uint16_t
l2k_soft_to_wire(struct l2k_soft *s, struct rte_mbuf **in, uint16_t n, struct rte_mbuf **out,
		 uint16_t max)
{
	struct l2k_dir_stats *st = s->st;
	uint16_t i, j = 0;
	int r;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = in[i];
		uint64_t fl = m->ol_flags;

		if ((fl & RTE_MBUF_F_RX_LRO) && (s->sw & L2K_SW_GSO) &&
		    RTE_ETH_IS_IPV4_HDR(m->packet_type)) {
			r = j < max ? l2k_soft_gso(s, m, &out[j], (uint16_t)(max - j)) : -ENOSPC;
			if (unlikely(r < 0)) {
				rte_pktmbuf_free(m);
				st->soft_errors++;
				st->drops++;
				continue;
			}
			st->soft_gso++;
			st->soft_gso_segs += (uint64_t)r;
			j += (uint16_t)r;
			continue;
		}
		if (!(fl & RTE_MBUF_F_RX_LRO) && (s->sw & L2K_SW_CSUM) &&
		    (fl & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE) {
			if (unlikely(l2k_soft_csum(m) < 0)) {
				rte_pktmbuf_free(m);
				st->soft_errors++;
				st->drops++;
				continue;
			}
			m->ol_flags = (fl & ~RTE_MBUF_F_RX_L4_CKSUM_MASK) |
				      RTE_MBUF_F_RX_L4_CKSUM_GOOD;
			st->soft_csum++;
		}
		if (unlikely(j >= max)) {
			rte_pktmbuf_free(m);
			st->soft_errors++;
			st->drops++;
			continue;
		}
		out[j++] = m;
	}
	return j;
}

uint16_t
l2k_soft_to_kern(struct l2k_soft *s, struct rte_mbuf **pkts, uint16_t n)
{
	return l2k_soft_gro(pkts, n, s->st);
}

struct rte_mbuf **
l2k_soft_buf(struct l2k_soft *s)
{
	return s->out;
}

/* Pools of one direction queue: headers (direct) and payload references (indirect). */
static int
gso_pools(struct l2k_soft *s, uint16_t port, uint16_t queue, int socket)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	snprintf(name, sizeof(name), "l2k_gsod_%u_%u", port, queue);
	s->gso.direct_pool = rte_pktmbuf_pool_create(name, SOFT_GSO_MBUFS, 256, 0,
						     RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	snprintf(name, sizeof(name), "l2k_gsoi_%u_%u", port, queue);
	s->gso.indirect_pool = rte_pktmbuf_pool_create(name, SOFT_GSO_MBUFS, 256, 0, 0, socket);
	if (s->gso.direct_pool == NULL || s->gso.indirect_pool == NULL)
		return -rte_errno;
	s->gso.gso_types = RTE_ETH_TX_OFFLOAD_TCP_TSO;
	s->gso.gso_size = RTE_ETHER_MTU; /* set per frame */
	s->gso.flag = 0;                  /* incrementing IPv4 ids, as the kernel's */
	return 0;
}

struct l2k_soft *
l2k_soft_create(const struct l2k_offload_plan *plan, bool to_wire, uint16_t wire,
		uint16_t queue, struct l2k_dir_stats *st, int socket)
{
	uint32_t sw = plan->sw & (to_wire ? (L2K_SW_CSUM | L2K_SW_GSO) : L2K_SW_GRO);
	struct rte_eth_dev_info info;
	struct l2k_soft *s;

	rte_errno = 0;
	if (sw == 0)
		return NULL;
	s = rte_zmalloc_socket("l2k_soft", sizeof(*s), RTE_CACHE_LINE_SIZE, socket);
	if (s == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	s->sw = sw;
	s->st = st;
	if (to_wire && rte_eth_dev_info_get(wire, &info) == 0)
		s->wire_multi_seg = info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	s->wire_csum = plan->wire_tx & RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
	if ((sw & L2K_SW_GSO) && gso_pools(s, wire, queue, socket) < 0) {
		l2k_soft_free(s);
		rte_errno = ENOMEM;
		return NULL;
	}
	return s;
}

void
l2k_soft_free(struct l2k_soft *s)
{
	if (s == NULL)
		return;
	rte_mempool_free(s->gso.direct_pool);
	rte_mempool_free(s->gso.indirect_pool);
	rte_free(s);
}
