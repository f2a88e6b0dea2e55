/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/fq_codel.c on scripted queues: a thin flow is not
 * delayed by a fat flow's backlog, DRR shares bytes evenly, the limit
 * drops from the fattest flow, CoDel drops or marks per flow, nothing is
 * lost (every packet is dequeued or handed to the drop callback once).
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "l2k_queue.h"
#include "l2k_test.h"

#define MS 1000000ULL
#define MAX_PKTS 100000

/* Packets are numbers; pkt_flow[] says which flow each belongs to. */
static uint16_t pkt_flow[MAX_PKTS];
static uint8_t pkt_seen[MAX_PKTS];   /* 1 dequeued, 2 dropped */
static unsigned int next_id;
static unsigned int dropped[MAX_PKTS];
static unsigned int nb_dropped;

static void
on_drop(void *pkt, void *arg)
{
	unsigned int id = (unsigned int)((uintptr_t)pkt - 1);

	(void)arg;
	if (pkt_seen[id] != 0)
		CHECK(pkt_seen[id] == 0);   /* never twice */
	pkt_seen[id] = 2;
	dropped[nb_dropped++] = id;
}

static struct l2k_fq *
fq_new(uint32_t flows, uint32_t limit, uint32_t limit_bytes)
{
	struct l2k_fq_conf conf;
	struct l2k_fq *fq;
	size_t sz;

	l2k_fq_conf_init(&conf);
	conf.nb_flows = flows;
	conf.limit_pkts = limit;
	conf.limit_bytes = limit_bytes;
	conf.drop = on_drop;
	sz = l2k_fq_memsize(&conf);
	CHECK(sz > 0);
	fq = aligned_alloc(64, (sz + 63) & ~(size_t)63);
	CHECK(fq != NULL);
	CHECK(l2k_fq_init(fq, sz, &conf) == 0);
	memset(pkt_seen, 0, sizeof(pkt_seen));
	next_id = 0;
	nb_dropped = 0;
	return fq;
}

/* The hash that puts a packet in flow f of a 1024-flow queue (high bits). */
static uint32_t
hash_of(unsigned int f)
{
	return ((uint32_t)f << 22) | 0x1234; /* low bits (the RSS queue's) do not matter */
}

static unsigned int
enq(struct l2k_fq *fq, unsigned int flow, uint32_t len, bool ecn, uint64_t now)
{
	unsigned int id = next_id++;

	pkt_flow[id] = (uint16_t)flow;
	return l2k_fq_enqueue(fq, (void *)(uintptr_t)(id + 1), len, hash_of(flow), ecn, now);
}

/* Dequeue one; returns its id or -1. */
static int
deq(struct l2k_fq *fq, uint64_t now, uint32_t *len, bool *ce)
{
	void *p = l2k_fq_dequeue(fq, now, len, ce);
	unsigned int id;

	if (p == NULL)
		return -1;
	id = (unsigned int)((uintptr_t)p - 1);
	CHECK(pkt_seen[id] == 0);
	pkt_seen[id] = 1;
	return (int)id;
}

static void
test_init_errors(void)
{
	struct l2k_fq_conf conf;
	struct l2k_fq *fq;
	size_t sz;

	l2k_fq_conf_init(&conf);
	CHECK(conf.nb_flows == 1024 && conf.quantum == 1514 && conf.limit_pkts == 1024);
	CHECK(l2k_fq_memsize(&conf) == 0);          /* no drop callback */
	conf.drop = on_drop;
	sz = l2k_fq_memsize(&conf);
	CHECK(sz > 1024 * sizeof(uint32_t));
	fq = aligned_alloc(64, (sz + 63) & ~(size_t)63);
	CHECK(l2k_fq_init(fq, sz - 1, &conf) == -ENOSPC);
	conf.nb_flows = 1000;
	CHECK(l2k_fq_memsize(&conf) == 0);
	CHECK(l2k_fq_init(fq, sz, &conf) == -EINVAL);
	conf.nb_flows = 1024;
	conf.quantum = 0;
	CHECK(l2k_fq_init(fq, sz, &conf) == -EINVAL);
	conf.quantum = 1514;
	conf.limit_pkts = 0;
	CHECK(l2k_fq_init(fq, sz, &conf) == -EINVAL);
	free(fq);
}

/* Empty queue, one packet in and out, purge. */
static void
test_basic(void)
{
	struct l2k_fq *fq = fq_new(1024, 64, 0);
	uint32_t len;
	bool ce = true;
	int i;

	CHECK(l2k_fq_dequeue(fq, 0, &len, &ce) == NULL);
	CHECK(enq(fq, 3, 700, false, 0) == 0);
	CHECK(fq->qlen == 1 && fq->backlog == 700);
	CHECK(deq(fq, 1 * MS, &len, &ce) == 0);
	CHECK(len == 700 && !ce);
	CHECK(fq->qlen == 0 && fq->backlog == 0);
	CHECK(deq(fq, 1 * MS, &len, &ce) == -1);
	/* FIFO within a flow */
	for (i = 0; i < 10; i++)
		enq(fq, 5, 100 + (uint32_t)i, false, 2 * MS);
	for (i = 0; i < 10; i++) {
		CHECK(deq(fq, 2 * MS, &len, &ce) == 1 + i);
		CHECK(len == 100 + (uint32_t)i);
	}
	/* purge hands everything to the callback, not counted as drops */
	for (i = 0; i < 20; i++)
		enq(fq, (unsigned int)i % 4, 100, false, 3 * MS);
	l2k_fq_purge(fq);
	CHECK(nb_dropped == 20);
	CHECK(fq->qlen == 0 && fq->backlog == 0);
	CHECK(fq->stats.codel_drops == 0 && fq->stats.overlimit_drops == 0);
	CHECK(fq->stats.enqueued == 31 && fq->stats.dequeued == 11);
	CHECK(deq(fq, 3 * MS, &len, &ce) == -1);
	free(fq);
}

/*
 * A fat flow has 1000 full-size packets queued; a thin flow sends one
 * small packet every 5 dequeues. Each thin packet must leave at the next
 * dequeue or the one after (within one DRR round), whatever the backlog.
 */
static void
test_isolation(void)
{
	struct l2k_fq *fq = fq_new(1024, 2048, 0);
	unsigned int i, waits_max = 0, thin_out = 0;
	uint32_t len;
	bool ce;

	for (i = 0; i < 1000; i++)
		enq(fq, 1, 1514, false, 0);
	for (i = 0; i < 500; i++) {
		int id;

		if (i % 5 == 0) {
			unsigned int t = next_id, w = 0;

			enq(fq, 2, 90, false, i * 1000ULL);
			do {
				id = deq(fq, i * 1000ULL, &len, &ce);
				w++;
			} while (id >= 0 && (unsigned int)id != t);
			thin_out++;
			if (w > waits_max)
				waits_max = w;
		} else {
			id = deq(fq, i * 1000ULL, &len, &ce);
			CHECK(id >= 0 && pkt_flow[id] == 1);
		}
	}
	CHECK(thin_out == 100);
	CHECK(waits_max <= 2);
	/* time stood still (under 1 ms sojourn): CoDel did nothing */
	CHECK(fq->stats.codel_drops == 0 && nb_dropped == 0);
	free(fq);
}

/*
 * sch_fq_codel's sparse-flow rules. A flow becoming active gets a whole
 * quantum at once (4 x 300 bytes in a row). A flow that empties while on
 * the new list goes to the old list, so sending again right away does not
 * make it new again: it waits for its turn behind the flow being served,
 * which keeps its remaining deficit.
 */
static void
test_sparse_rules(void)
{
	struct l2k_fq *fq = fq_new(1024, 1000, 0);
	unsigned int i, b2;
	uint32_t len;
	bool ce;

	for (i = 0; i < 100; i++)
		enq(fq, 1, 300, false, 0);              /* A: ids 0..99 */
	/* A's first quantum: 6 packets (the 6th with 14 bytes of deficit left) */
	for (i = 0; i < 7; i++)
		CHECK(deq(fq, 0, &len, &ce) == (int)i);
	/* A is on the old list now, deficit 1514 - 286 - 300 = 928 */
	for (i = 0; i < 4; i++)
		enq(fq, 2, 300, false, 0);              /* B: ids 100..103 */
	for (i = 0; i < 4; i++)
		CHECK(deq(fq, 0, &len, &ce) == (int)(100 + i));
	/* B is empty: moved behind A on the old list; A goes on with its deficit */
	CHECK(deq(fq, 0, &len, &ce) == 7);
	b2 = next_id;
	enq(fq, 2, 300, false, 0);
	/* B is not new again: A spends 628 more (3 packets), then B's turn */
	CHECK(deq(fq, 0, &len, &ce) == 8);
	CHECK(deq(fq, 0, &len, &ce) == 9);
	CHECK(deq(fq, 0, &len, &ce) == 10);
	CHECK(deq(fq, 0, &len, &ce) == (int)b2);
	CHECK(deq(fq, 0, &len, &ce) == 11);
	free(fq);
}

/*
 * Three backlogged flows with packets of 1514, 600 and 64 bytes: each gets
 * the same bytes, within a quantum plus a packet.
 */
static void
test_drr_fairness(void)
{
	static const uint32_t size[3] = { 1514, 600, 64 };
	struct l2k_fq *fq = fq_new(1024, 20000, 0);
	uint64_t bytes[3] = { 0, 0, 0 }, total = 0;
	unsigned int f, i;
	uint32_t len;
	bool ce;

	for (f = 0; f < 3; f++)
		for (i = 0; i < 6000; i++)
			enq(fq, 10 + f, size[f], false, 0);
	while (total < 900000) {
		int id = deq(fq, 0, &len, &ce);

		CHECK(id >= 0);
		if (id < 0)
			break;
		bytes[pkt_flow[id] - 10] += len;
		total += len;
	}
	for (f = 0; f < 3; f++) {
		int64_t diff = (int64_t)bytes[f] - (int64_t)(total / 3);

		CHECK(llabs(diff) <= 1514 + 1514);
	}
	free(fq);
}

/*
 * Limit 100 packets: flow 9 has 30 x 1500 bytes, flow 2 69 x 100 bytes
 * (more packets, fewer bytes), flow 3 one packet. The 101st packet drops
 * from flow 9, the fattest in bytes (and not the first flow in the
 * table): from its head, until half its bytes went (15 packets). The
 * others lose nothing.
 */
static void
test_overlimit_fattest(void)
{
	struct l2k_fq *fq = fq_new(1024, 100, 0);
	unsigned int i, n;

	for (i = 0; i < 69; i++)
		CHECK(enq(fq, 2, 100, false, 0) == 0);
	for (i = 0; i < 30; i++)
		CHECK(enq(fq, 9, 1500, false, 0) == 0);
	CHECK(enq(fq, 3, 64, false, 0) == 0);
	CHECK(fq->qlen == 100);
	n = enq(fq, 3, 64, false, 0);
	CHECK(n == 15);
	CHECK(nb_dropped == 15);
	for (i = 0; i < nb_dropped; i++) {
		CHECK(pkt_flow[dropped[i]] == 9);
		CHECK(dropped[i] == 69 + i);            /* oldest first */
	}
	CHECK(fq->stats.overlimit_drops == 15);
	CHECK(fq->qlen == 86);
	CHECK(fq->backlog == 15 * 1500 + 69 * 100 + 2 * 64);

	/* the batch is capped: 200 tiny packets over a limit of 200 drop 64 */
	free(fq);
	fq = fq_new(1024, 200, 0);
	for (i = 0; i < 200; i++)
		enq(fq, 7, 60, false, 0);
	CHECK(enq(fq, 8, 60, false, 0) == L2K_FQ_DROP_BATCH);
	CHECK(fq->qlen == 201 - L2K_FQ_DROP_BATCH);
	free(fq);
}

/* The byte limit works the same way. */
static void
test_byte_limit(void)
{
	struct l2k_fq *fq = fq_new(1024, 1000, 10000);
	unsigned int i, n = 0;

	n += enq(fq, 1, 1000, false, 0);
	for (i = 0; i < 6; i++)
		n += enq(fq, 700, 1500, false, 0);  /* 9000 */
	CHECK(n == 0);
	n = enq(fq, 2, 1500, false, 0);         /* 11500 > 10000 */
	CHECK(n == 3);                          /* half of flow 700's 9000 */
	for (i = 0; i < nb_dropped; i++)
		CHECK(pkt_flow[dropped[i]] == 700);
	CHECK(fq->backlog == 7000);
	free(fq);
}

/*
 * One flow, 300 packets queued at t=0, one dequeued per millisecond:
 * sojourn grows past target; after an interval CoDel drops. ECN-capable
 * packets in another run are marked instead, none dropped. Every packet is
 * accounted once.
 */
static void
run_codel(bool ecn, uint64_t *drops, uint64_t *marks)
{
	struct l2k_fq *fq = fq_new(1024, 1000, 0);
	unsigned int i, out = 0, ce_out = 0;
	uint64_t t = 0;
	uint32_t len;
	bool ce;

	for (i = 0; i < 300; i++)
		enq(fq, 4, 1000, ecn, 0);
	for (t = 0; out + nb_dropped < 300; t += MS) {
		int id = deq(fq, t, &len, &ce);

		if (id < 0)
			break;
		out++;
		ce_out += ce;
		CHECK(ce == false || ecn);
	}
	CHECK(out + nb_dropped == 300);
	CHECK(fq->stats.codel_drops == nb_dropped);
	CHECK(fq->stats.ce_marks == ce_out);
	CHECK(fq->stats.dequeued == out);
	CHECK(fq->qlen == 0 && fq->backlog == 0);
	*drops = fq->stats.codel_drops;
	*marks = fq->stats.ce_marks;
	free(fq);
}

static void
test_codel_per_flow(void)
{
	uint64_t drops, marks;

	run_codel(false, &drops, &marks);
	CHECK(drops > 0 && marks == 0);
	run_codel(true, &drops, &marks);
	CHECK(drops == 0 && marks > 0);
}

/* A flow with a standing queue does not make CoDel drop from a fresh flow. */
static void
test_codel_isolated(void)
{
	struct l2k_fq *fq = fq_new(1024, 2000, 0);
	unsigned int i, thin_dropped = 0;
	uint64_t t;
	uint32_t len;
	bool ce;

	for (i = 0; i < 1500; i++)
		enq(fq, 1, 1000, false, 0);
	for (t = 0; t < 1000 * MS; t += MS) {
		enq(fq, 2, 100, false, t);
		deq(fq, t, &len, &ce);
		deq(fq, t, &len, &ce);
	}
	CHECK(fq->stats.codel_drops > 0);
	for (i = 0; i < nb_dropped; i++)
		thin_dropped += pkt_flow[dropped[i]] == 2;
	CHECK(thin_dropped == 0);
	free(fq);
}

int
main(void)
{
	test_init_errors();
	test_basic();
	test_isolation();
	test_sparse_rules();
	test_drr_fairness();
	test_overlimit_fattest();
	test_byte_limit();
	test_codel_per_flow();
	test_codel_isolated();
	return test_result("fq_codel");
}
