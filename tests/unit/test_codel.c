/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/codel.c on scripted sojourn times: one packet every
 * 100 us, the drop schedule checked against CoDel's control law (first
 * drop one interval after sojourn went above target, then interval /
 * sqrt(n)), leaving and re-entering the dropping state, ECN marks instead
 * of drops.
 */

#include <math.h>

#include "l2k_queue.h"
#include "l2k_test.h"

#define US 1000ULL
#define MS 1000000ULL
#define STEP (100 * US)
#define BIG_BACKLOG 100000
#define MAX_EVENTS 512

struct run {
	uint64_t at[MAX_EVENTS];  /* times of the drops (or marks) */
	unsigned int n;
	unsigned int drops, marks;
};

/* Feed packets from 'from' to 'to' (excluded) with a fixed sojourn. */
static void
feed(struct l2k_codel *c, const struct l2k_codel_params *p, uint64_t from, uint64_t to,
     uint64_t sojourn, bool ecn, struct run *r)
{
	uint64_t t;

	for (t = from; t < to; t += STEP) {
		enum l2k_codel_verdict v = l2k_codel_decide(c, p, sojourn, t, BIG_BACKLOG, ecn);

		if (v == L2K_CODEL_PASS)
			continue;
		if (v == L2K_CODEL_DROP)
			r->drops++;
		else
			r->marks++;
		if (r->n < MAX_EVENTS)
			r->at[r->n++] = t;
	}
}

static void
test_below_target(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c;
	struct run r = { .n = 0 };

	l2k_codel_params_init(&p);
	CHECK(p.target == 5 * MS && p.interval == 100 * MS && p.mtu == 1514 && p.ecn);
	l2k_codel_init(&c);
	/* just below target for 10 s: never */
	feed(&c, &p, STEP, 10000 * MS, 5 * MS - 1, false, &r);
	CHECK(r.n == 0);
	CHECK(!c.dropping);
	/* far above target, but only one MTU queued: never */
	for (uint64_t t = 10000 * MS; t < 11000 * MS; t += STEP)
		CHECK(l2k_codel_decide(&c, &p, 50 * MS, t, 1514, false) == L2K_CODEL_PASS);
}

/*
 * Sojourn 10 ms from t = 100 us: clock starts, first drop at the first
 * packet strictly after 100.1 ms. Then drops interval/sqrt(n) apart, with
 * Linux's Newton steps from 1.0: 100 ms, 50 ms (the first step is rough),
 * 56.25 ms, 48.8 ms ... converging on 1/sqrt(n).
 */
static void
check_schedule(const struct run *r)
{
	unsigned int k;

	CHECK(r->n > 100);
	CHECK(r->at[0] == 100 * MS + 2 * STEP);
	CHECK(r->at[1] == 200 * MS + 2 * STEP);
	CHECK(r->at[2] == 250 * MS + 2 * STEP);
	for (k = 3; k < r->n; k++) {
		double gap = (double)(r->at[k] - r->at[k - 1]);
		double want = 100.0 * MS / sqrt((double)k);

		/* packets arrive every STEP: a drop is late by less than that */
		if (fabs(gap - want) > 0.05 * want + STEP) {
			CHECK(fabs(gap - want) <= 0.05 * want + STEP);
			fprintf(stderr, "drop %u: gap %.0f ns, want %.0f ns\n", k, gap, want);
		}
	}
	/* later gaps get within 1% */
	for (k = 20; k < r->n; k++) {
		double gap = (double)(r->at[k] - r->at[k - 1]);
		double want = 100.0 * MS / sqrt((double)k);

		CHECK(fabs(gap - want) <= 0.01 * want + STEP);
	}
}

static void
test_drop_schedule(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c;
	struct run r = { .n = 0 };

	l2k_codel_params_init(&p);
	l2k_codel_init(&c);
	feed(&c, &p, STEP, 3000 * MS, 10 * MS, false, &r);
	CHECK(r.marks == 0);
	CHECK(r.drops == r.n);
	check_schedule(&r);
	CHECK(c.dropping);
	CHECK(c.count == r.drops);
}

/* The same sequence, ECN-capable: marked at exactly the same times, never dropped. */
static void
test_ecn_marks(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c, c2;
	struct run r = { .n = 0 }, r2 = { .n = 0 };
	unsigned int k;

	l2k_codel_params_init(&p);
	l2k_codel_init(&c);
	feed(&c, &p, STEP, 3000 * MS, 10 * MS, true, &r);
	CHECK(r.drops == 0);
	CHECK(r.marks == r.n);
	check_schedule(&r);

	l2k_codel_init(&c2);
	feed(&c2, &p, STEP, 3000 * MS, 10 * MS, false, &r2);
	CHECK(r.n == r2.n);
	for (k = 0; k < r.n && k < r2.n; k++)
		CHECK(r.at[k] == r2.at[k]);

	/* ECN off: ECN-capable packets are dropped like the others */
	p.ecn = false;
	l2k_codel_init(&c);
	r.n = r.drops = r.marks = 0;
	feed(&c, &p, STEP, 3000 * MS, 10 * MS, true, &r);
	CHECK(r.marks == 0 && r.drops == r2.drops);
}

/*
 * Leave the dropping state as soon as sojourn falls below target; a short
 * dip below target restarts the interval clock; coming back soon starts
 * from the previous drop rate (count - lastcount), not from 1.
 */
static void
test_leave_and_reenter(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c;
	struct run r = { .n = 0 };
	uint32_t count_before;
	uint64_t t;

	l2k_codel_params_init(&p);
	l2k_codel_init(&c);
	feed(&c, &p, STEP, 600 * MS, 10 * MS, false, &r);
	CHECK(c.dropping);
	count_before = c.count;
	CHECK(count_before > 5);

	/* below target: the next packet passes and the state is left */
	CHECK(l2k_codel_decide(&c, &p, 1 * MS, 600 * MS, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	CHECK(!c.dropping);
	r.n = r.drops = 0;
	feed(&c, &p, 600 * MS + STEP, 700 * MS, 1 * MS, false, &r);
	CHECK(r.n == 0);

	/* above again at 700 ms: a whole interval without drops first */
	feed(&c, &p, 700 * MS, 800 * MS + STEP, 10 * MS, false, &r);
	CHECK(r.n == 0);
	feed(&c, &p, 800 * MS + STEP, 1200 * MS, 10 * MS, false, &r);
	CHECK(r.n > 2);
	CHECK(r.at[0] == 800 * MS + STEP);
	/* re-entered with count = drops of the last cycle minus 1: faster than 1/interval */
	CHECK(r.at[1] - r.at[0] < 100 * MS / 2);
	t = 100 * MS * 1.0 / sqrt((double)(count_before - 1));
	CHECK(r.at[1] - r.at[0] <= t + STEP);

	/* an empty queue also ends the dropping state */
	CHECK(c.dropping);
	l2k_codel_empty(&c);
	CHECK(!c.dropping);
}

/* Re-entering long after (more than 16 intervals) starts from count 1. */
static void
test_reenter_late(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c;
	struct run r = { .n = 0 };

	l2k_codel_params_init(&p);
	l2k_codel_init(&c);
	feed(&c, &p, STEP, 600 * MS, 10 * MS, false, &r);
	l2k_codel_empty(&c);
	CHECK(l2k_codel_decide(&c, &p, 1 * MS, 600 * MS, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	r.n = r.drops = 0;
	feed(&c, &p, 3000 * MS, 3300 * MS, 10 * MS, false, &r);
	CHECK(r.n >= 2);
	CHECK(r.at[0] == 3100 * MS + STEP);
	CHECK(r.at[1] == 3200 * MS + STEP);    /* interval / sqrt(1) again */
}

/*
 * The packet right after the one that entered the dropping state passes
 * whatever it is (Linux returns it from the same dequeue), and after a drop
 * in the dropping state a packet below target ends the state.
 */
static void
test_pending(void)
{
	struct l2k_codel_params p;
	struct l2k_codel c;
	uint64_t t = 100 * MS + 2 * STEP;

	l2k_codel_params_init(&p);
	l2k_codel_init(&c);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, STEP, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	CHECK(c.dropping);
	/* next scheduled drop is one interval later */
	t += 100 * MS;
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(c.count == 2);
	/* the packet after it is below target: leave */
	CHECK(l2k_codel_decide(&c, &p, 1 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	CHECK(!c.dropping);

	/* a large backlog: several drops in a row once drop_next is far behind */
	l2k_codel_init(&c);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, STEP, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	t = 100 * MS + 2 * STEP;
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_PASS);
	t += 1000 * MS;  /* nothing dequeued for a second */
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(l2k_codel_decide(&c, &p, 10 * MS, t, BIG_BACKLOG, false) == L2K_CODEL_DROP);
	CHECK(c.count == 4);
}

int
main(void)
{
	test_below_target();
	test_drop_schedule();
	test_ecn_marks();
	test_leave_and_reenter();
	test_reenter_late();
	test_pending();
	return test_result("codel");
}
