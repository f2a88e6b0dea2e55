/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Flow-queue CoDel over opaque packets, the scheduler of Linux's
 * net/sched/sch_fq_codel.c (Dumazet, RFC 8290):
 *
 * - packets are spread by flow hash over nb_flows FIFO queues, each with
 *   its own CoDel state;
 * - deficit round robin in bytes picks the queue to serve; a queue that
 *   becomes active goes on the "new" list, served before the "old" list,
 *   so a sparse flow (DNS, ACKs, a game) passes ahead of bulk backlogs;
 * - when the packet or byte limit is hit, packets are dropped from the
 *   head of the flow holding the most bytes, half of its backlog at most
 *   and drop_batch packets at most, so that the scan for the fattest flow
 *   is paid rarely.
 *
 * All memory is one caller-allocated block (rte_zmalloc_socket() on the
 * lcore's socket); packets sit in preallocated records linked by index.
 */

#include <errno.h>
#include <string.h>

#include "l2k_queue.h"

#define NIL UINT32_MAX
#define FQ_ALIGN 64
#define FQ_MAX_FLOWS (1U << 20)
#define FQ_MAX_LIMIT (1U << 24)

/** One queued packet. */
struct l2k_fq_rec {
	void *pkt;
	uint64_t ts;        /* enqueue time */
	uint32_t len;
	uint32_t next;      /* next record of the flow, or of the free list */
	bool ecn_capable;
};

enum { ON_NEW = 0, ON_OLD = 1, ON_NONE = 2 };

/** One flow queue. */
struct l2k_fq_flow {
	uint32_t head, tail; /* records, NIL when empty */
	uint32_t next;       /* next flow on the list it is on */
	int32_t deficit;
	uint8_t list;        /* ON_* */
	struct l2k_codel cv;
};

static inline size_t
align_up(size_t v)
{
	return (v + FQ_ALIGN - 1) & ~(size_t)(FQ_ALIGN - 1);
}

void
l2k_fq_conf_init(struct l2k_fq_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->nb_flows = L2K_FQ_FLOWS;
	conf->limit_pkts = L2K_FQ_LIMIT;
	conf->quantum = L2K_FQ_QUANTUM;
	conf->drop_batch = L2K_FQ_DROP_BATCH;
	l2k_codel_params_init(&conf->codel);
}

size_t
l2k_fq_memsize(const struct l2k_fq_conf *c)
{
	if (c->nb_flows == 0 || (c->nb_flows & (c->nb_flows - 1)) != 0 ||
	    c->nb_flows > FQ_MAX_FLOWS || c->limit_pkts == 0 || c->limit_pkts > FQ_MAX_LIMIT ||
	    c->quantum == 0 || c->quantum > INT32_MAX / 2 || c->drop_batch == 0 ||
	    c->drop == NULL || c->codel.interval == 0 || c->codel.interval > UINT32_MAX)
		return 0;
	return align_up(sizeof(struct l2k_fq)) +
		align_up((size_t)c->nb_flows * sizeof(struct l2k_fq_flow)) +
		align_up((size_t)c->nb_flows * sizeof(uint32_t)) +
		((size_t)c->limit_pkts + 1) * sizeof(struct l2k_fq_rec);
}

/* Empty every flow and chain all records on the free list. */
static void
fq_clear(struct l2k_fq *fq)
{
	uint32_t i, nrec = fq->conf.limit_pkts + 1;

	for (i = 0; i < fq->conf.nb_flows; i++) {
		struct l2k_fq_flow *f = &fq->flows[i];

		f->head = f->tail = f->next = NIL;
		f->deficit = 0;
		f->list = ON_NONE;
		l2k_codel_init(&f->cv);
		fq->backlogs[i] = 0;
	}
	for (i = 0; i < nrec; i++)
		fq->recs[i].next = i + 1 < nrec ? i + 1 : NIL;
	fq->free_rec = 0;
	fq->head[ON_NEW] = fq->tail[ON_NEW] = fq->head[ON_OLD] = fq->tail[ON_OLD] = NIL;
	fq->qlen = 0;
	fq->backlog = 0;
}

int
l2k_fq_init(struct l2k_fq *fq, size_t memlen, const struct l2k_fq_conf *conf)
{
	size_t need = l2k_fq_memsize(conf);
	uint8_t *p = (uint8_t *)fq;

	if (need == 0)
		return -EINVAL;
	if (memlen < need)
		return -ENOSPC;
	memset(fq, 0, sizeof(*fq));
	fq->conf = *conf;
	if (fq->conf.limit_bytes == 0)
		fq->conf.limit_bytes = UINT32_MAX;
	fq->flow_shift = 32 - (uint32_t)__builtin_ctz(conf->nb_flows);
	p += align_up(sizeof(*fq));
	fq->flows = (struct l2k_fq_flow *)(void *)p;
	p += align_up((size_t)conf->nb_flows * sizeof(struct l2k_fq_flow));
	fq->backlogs = (uint32_t *)(void *)p;
	p += align_up((size_t)conf->nb_flows * sizeof(uint32_t));
	fq->recs = (struct l2k_fq_rec *)(void *)p;
	fq_clear(fq);
	return 0;
}

static inline void
list_push(struct l2k_fq *fq, uint8_t which, uint32_t fi)
{
	fq->flows[fi].next = NIL;
	fq->flows[fi].list = which;
	if (fq->head[which] == NIL)
		fq->head[which] = fi;
	else
		fq->flows[fq->tail[which]].next = fi;
	fq->tail[which] = fi;
}

/* Take the first flow off a list. */
static inline void
list_pop(struct l2k_fq *fq, uint8_t which)
{
	uint32_t fi = fq->head[which];

	fq->head[which] = fq->flows[fi].next;
	if (fq->head[which] == NIL)
		fq->tail[which] = NIL;
	fq->flows[fi].list = ON_NONE;
}

/* Unlink the head record of a flow, account it, return its index. */
static inline uint32_t
flow_pop(struct l2k_fq *fq, uint32_t fi)
{
	struct l2k_fq_flow *f = &fq->flows[fi];
	uint32_t r = f->head;
	uint32_t len = fq->recs[r].len;

	f->head = fq->recs[r].next;
	if (f->head == NIL)
		f->tail = NIL;
	fq->backlogs[fi] -= len;
	fq->backlog -= len;
	fq->qlen--;
	return r;
}

static inline void
rec_free(struct l2k_fq *fq, uint32_t r)
{
	fq->recs[r].next = fq->free_rec;
	fq->free_rec = r;
}

/*
 * Drop from the head of the flow holding the most bytes: a linear scan of
 * the compact backlogs[] array, as Linux does, paid once per batch.
 */
static unsigned int
drop_fattest(struct l2k_fq *fq)
{
	uint32_t i, fi = 0, max = 0, threshold;
	uint32_t bytes = 0;
	unsigned int n = 0;

	for (i = 0; i < fq->conf.nb_flows; i++) {
		if (fq->backlogs[i] > max) {
			max = fq->backlogs[i];
			fi = i;
		}
	}
	/* only zero-length packets: any non-empty flow */
	while (max == 0 && fq->flows[fi].head == NIL)
		fi++;
	threshold = fq->backlogs[fi] >> 1;
	do {
		uint32_t r = flow_pop(fq, fi);

		bytes += fq->recs[r].len;
		fq->conf.drop(fq->recs[r].pkt, fq->conf.drop_arg);
		rec_free(fq, r);
		n++;
	} while (n < fq->conf.drop_batch && bytes < threshold && fq->flows[fi].head != NIL);
	fq->stats.overlimit_drops += n;
	return n;
}

unsigned int
l2k_fq_enqueue(struct l2k_fq *fq, void *pkt, uint32_t len, uint32_t hash, bool ecn_capable,
	       uint64_t now)
{
	uint32_t fi = (uint32_t)((uint64_t)hash >> fq->flow_shift);
	struct l2k_fq_flow *f = &fq->flows[fi];
	uint32_t r = fq->free_rec;
	struct l2k_fq_rec *rec = &fq->recs[r];

	/* there is always a free record: the queue holds at most limit_pkts + 1 */
	fq->free_rec = rec->next;
	rec->pkt = pkt;
	rec->ts = now;
	rec->len = len;
	rec->ecn_capable = ecn_capable;
	rec->next = NIL;
	if (f->tail == NIL)
		f->head = r;
	else
		fq->recs[f->tail].next = r;
	f->tail = r;
	fq->backlogs[fi] += len;
	fq->backlog += len;
	fq->qlen++;
	fq->stats.enqueued++;

	if (f->list == ON_NONE) {
		list_push(fq, ON_NEW, fi);
		f->deficit = (int32_t)fq->conf.quantum;
		fq->new_flow_count++;
	}
	if (__builtin_expect(fq->qlen <= fq->conf.limit_pkts && fq->backlog <= fq->conf.limit_bytes, 1))
		return 0;
	return drop_fattest(fq);
}

void *
l2k_fq_dequeue(struct l2k_fq *fq, uint64_t now, uint32_t *len, bool *mark_ce)
{
	for (;;) {
		uint8_t which = fq->head[ON_NEW] != NIL ? ON_NEW : ON_OLD;
		uint32_t fi = fq->head[which];
		struct l2k_fq_flow *f;

		if (fi == NIL)
			return NULL;
		f = &fq->flows[fi];
		if (f->deficit <= 0) {
			/* used its share: next round, at the end of the old list */
			f->deficit += (int32_t)fq->conf.quantum;
			list_pop(fq, which);
			list_push(fq, ON_OLD, fi);
			continue;
		}
		while (f->head != NIL) {
			uint32_t r = flow_pop(fq, fi);
			struct l2k_fq_rec *rec = &fq->recs[r];
			int64_t sojourn = (int64_t)(now - rec->ts);
			enum l2k_codel_verdict v;
			void *pkt = rec->pkt;
			uint32_t plen = rec->len;

			v = l2k_codel_decide(&f->cv, &fq->conf.codel,
					     sojourn > 0 ? (uint64_t)sojourn : 0, now,
					     fq->backlog, rec->ecn_capable);
			rec_free(fq, r);
			if (__builtin_expect(v == L2K_CODEL_DROP, 0)) {
				fq->stats.codel_drops++;
				fq->conf.drop(pkt, fq->conf.drop_arg);
				continue;
			}
			*mark_ce = v == L2K_CODEL_MARK;
			fq->stats.ce_marks += *mark_ce;
			fq->stats.dequeued++;
			f->deficit -= (int32_t)plen;
			*len = plen;
			return pkt;
		}
		/*
		 * Empty. A new flow goes through the old list once more, so that
		 * a flow cannot stay "new" forever by sending a packet per round.
		 */
		l2k_codel_empty(&f->cv);
		list_pop(fq, which);
		if (which == ON_NEW && fq->head[ON_OLD] != NIL)
			list_push(fq, ON_OLD, fi);
	}
}

void
l2k_fq_purge(struct l2k_fq *fq)
{
	uint32_t i;

	for (i = 0; i < fq->conf.nb_flows; i++) {
		uint32_t r;

		for (r = fq->flows[i].head; r != NIL; r = fq->recs[r].next)
			fq->conf.drop(fq->recs[r].pkt, fq->conf.drop_arg);
	}
	fq_clear(fq);
}
