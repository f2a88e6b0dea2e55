/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * The application's queue of one direction (K -> P txq, or P -> K txq):
 * what is received is queued here (fq-codel, or a plain FIFO for
 * comparisons) and leaves when the TX queue takes it and, with --shape or
 * --shape-in, at the shaped rate, so the standing queue forms where it is
 * managed instead of in a kernel ring or a slower link downstream. One
 * scheduler per direction, owned by its forwarding lcore: no locks.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "l2k.h"
#include "l2k_queue.h"

/* Bytes held at most: TSO frames are up to 64 kB each. */
#define SCHED_LIMIT_BYTES (4u << 20)
#define SCHED_LIMIT_PKTS 1024u

struct l2k_sched {
	struct l2k_shaper shaper;
	bool shaped;                    /* a rate was set: the shaper paces dequeues */
	struct l2k_dir_stats *stats;
	uint64_t ns_per_tsc;            /* Q32: ns = tsc * ns_per_tsc >> 32 */
	struct rte_mbuf *next;          /* dequeued, waiting for tokens */
	uint32_t next_len;
	bool waiting;                   /* frames were left waiting by the last dequeue */
	struct l2k_fq fq;               /* last: its arrays follow in the same block */
};

static void
sched_drop(void *pkt, void *arg)
{
	struct l2k_sched *s = arg;

	rte_pktmbuf_free(pkt);
	s->stats->drops++;
}

uint64_t
l2k_sched_now(const struct l2k_sched *s)
{
	uint64_t t = rte_get_tsc_cycles();

	return (uint64_t)(((unsigned __int128)t * s->ns_per_tsc) >> 32);
}

struct l2k_sched *
l2k_sched_create(const struct l2k_config *cfg, struct l2k_dir_stats *stats, int socket)
{
	struct l2k_fq_conf conf;
	struct l2k_sched *s;
	size_t len;

	l2k_fq_conf_init(&conf);
	conf.limit_pkts = SCHED_LIMIT_PKTS;
	conf.limit_bytes = SCHED_LIMIT_BYTES;
	if (cfg->queue == L2K_QUEUE_FIFO) {
		/* one flow, CoDel never acting: a tail-drop FIFO */
		conf.nb_flows = 1;
		conf.codel.target = UINT64_MAX / 4;
		conf.codel.interval = UINT32_MAX;
		conf.codel.ecn = false;
	}
	conf.drop = sched_drop;
	len = l2k_fq_memsize(&conf);
	if (len == 0)
		return NULL;
	s = rte_zmalloc_socket("l2k_sched", offsetof(struct l2k_sched, fq) + len,
			       RTE_CACHE_LINE_SIZE, socket);
	if (s == NULL)
		return NULL;
	conf.drop_arg = s;
	s->stats = stats;
	/* a multiply per poll, the division once here */
	s->ns_per_tsc = (1000000000ull << 32) / rte_get_tsc_hz();
	s->shaped = cfg->shape_bps != 0;
	if (l2k_fq_init(&s->fq, len, &conf) < 0 ||
	    (s->shaped && l2k_shaper_init(&s->shaper, cfg->shape_bps, 0, l2k_sched_now(s)) < 0)) {
		rte_free(s);
		return NULL;
	}
	return s;
}

void
l2k_sched_free(struct l2k_sched *s)
{
	if (s == NULL)
		return;
	if (s->next != NULL)
		rte_pktmbuf_free(s->next);
	l2k_fq_purge(&s->fq);
	rte_free(s);
}

/*
 * Flow hash: the NIC's RSS hash, else a CRC of addresses, protocol and
 * ports, copied first into an aligned buffer (frames start anywhere and
 * rte_hash_crc() reads 8 bytes at a time).
 */
static uint32_t
flow_hash(const struct rte_mbuf *m, const uint8_t *l3, size_t len, bool v6)
{
	uint64_t key[6];
	size_t n, ports;
	uint8_t proto;

	if (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH)
		return m->hash.rss;
	if (!v6 && len >= sizeof(struct rte_ipv4_hdr)) {
		ports = (size_t)(l3[0] & 0x0f) * 4;
		n = 8;
		memcpy(key, l3 + 12, n);
		proto = l3[9];
	} else if (v6 && len >= sizeof(struct rte_ipv6_hdr)) {
		ports = sizeof(struct rte_ipv6_hdr);
		n = 32;
		memcpy(key, l3 + 8, n);
		proto = l3[6];
	} else {
		/* not IP: the Ethernet addresses */
		n = RTE_MIN((size_t)m->data_len, (size_t)12);
		memset(key, 0, sizeof(key));
		memcpy(key, rte_pktmbuf_mtod(m, const void *), n);
		return rte_hash_crc(key, 12, 0) * 2654435761u;
	}
	if (ports + 4 <= len) {
		memcpy((uint8_t *)key + n, l3 + ports, 4);
		n += 4;
	}
	/* fq picks the flow from the high bits */
	return rte_hash_crc(key, (uint32_t)n, proto) * 2654435761u;
}

/* The flow hash the scheduler would give 'm' (fwd.c counts K's bulk flows with it). */
uint32_t
l2k_sched_flow_hash(const struct rte_mbuf *m)
{
	const uint8_t *frame = rte_pktmbuf_mtod(m, const uint8_t *);
	uint16_t l3;
	bool v6 = false;

	if (l2k_ecn_classify(frame, m->data_len, &l3, &v6) >= 0)
		return flow_hash(m, frame + l3, m->data_len - l3, v6);
	return flow_hash(m, frame, 0, false);
}

/*
 * What a frame costs on the wire: a TSO/USO frame counts its headers once
 * per segment, as P sends it (Linux's qdisc_pkt_len_init() does the same),
 * so the rate and the flows' shares are in wire bytes, not in GSO frames.
 */
static inline uint32_t
wire_len(const struct rte_mbuf *m)
{
	uint32_t hdr;

	if (!(m->ol_flags & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_UDP_SEG)))
		return m->pkt_len;
	hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;
	if (m->ol_flags & RTE_MBUF_F_TX_TUNNEL_MASK)
		hdr += (uint32_t)m->outer_l2_len + m->outer_l3_len;
	return l2k_wire_bytes(m->pkt_len, hdr, m->tso_segsz);
}

void
l2k_sched_enqueue(struct l2k_sched *s, struct rte_mbuf **pkts, uint16_t n, uint64_t now)
{
	const uint8_t *frame;
	uint16_t i, l3;
	bool v6 = false;
	int ecn;

	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];

		frame = rte_pktmbuf_mtod(m, const uint8_t *);
		ecn = l2k_ecn_classify(frame, m->data_len, &l3, &v6);
		l2k_fq_enqueue(&s->fq, m, wire_len(m),
			       ecn >= 0 ? flow_hash(m, frame + l3, m->data_len - l3, v6) :
					  flow_hash(m, frame, 0, false),
			       ecn == L2K_ECN_ECT0 || ecn == L2K_ECN_ECT1, now);
	}
}

/* Frames that may leave now, at most 'max', into 'out'. */
uint16_t
l2k_sched_dequeue(struct l2k_sched *s, struct rte_mbuf **out, uint16_t max, uint64_t now)
{
	uint16_t n = 0, l3;
	bool mark, v6;
	uint8_t *frame;

	while (n < max) {
		if (s->next == NULL) {
			s->next = l2k_fq_dequeue(&s->fq, now, &s->next_len, &mark);
			if (s->next == NULL)
				break;
			if (mark) {
				frame = rte_pktmbuf_mtod(s->next, uint8_t *);
				if (l2k_ecn_classify(frame, s->next->data_len, &l3, &v6) >= 0)
					l2k_ecn_set_ce(frame + l3, s->next->data_len - l3, v6);
			}
		}
		if (s->shaped) {
			if (!l2k_shaper_may_send(&s->shaper, s->next_len, now, s->waiting))
				break;
			l2k_shaper_consume(&s->shaper, s->next_len);
		}
		out[n++] = s->next;
		s->next = NULL;
	}
	s->waiting = l2k_sched_busy(s);
	return n;
}

/* Drop every frame queued (its K went down), counted as drops. */
void
l2k_sched_drop_all(struct l2k_sched *s)
{
	if (s->next != NULL) {
		sched_drop(s->next, s);
		s->next = NULL;
	}
	l2k_fq_purge(&s->fq);
	s->waiting = false;
}

/* Frames wait for their turn: the lcore must keep polling to send them on time. */
bool
l2k_sched_busy(const struct l2k_sched *s)
{
	return s->next != NULL || s->fq.backlog != 0;
}

void
l2k_sched_stats(const struct l2k_sched *s, struct l2k_queue_stats *qs)
{
	qs->codel_drops += s->fq.stats.codel_drops;
	qs->ce_marks += s->fq.stats.ce_marks;
	qs->overlimit += s->fq.stats.overlimit_drops;
	qs->backlog += s->fq.backlog;
	qs->shaper_lost_bytes += s->shaper.lost_bytes;
}
