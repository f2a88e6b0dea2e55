/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/dql.c on scripted enqueue/complete sequences, values
 * worked out by hand from Linux's lib/dynamic_queue_limits.c: starvation
 * grows the limit, slack shrinks it by the smallest slack seen once the
 * hold time has passed (and not before), min/max bound it.
 */

#include <errno.h>

#include "l2k_queue.h"
#include "l2k_test.h"

#define MS 1000000ULL
#define HOLD (100 * MS)

static void
test_init(void)
{
	struct l2k_dql d;

	CHECK(l2k_dql_init(&d, 0, 0, 0) == 0);
	CHECK(d.slack_hold_time == L2K_DQL_HOLD_NS);
	CHECK(d.max_limit == L2K_DQL_MAX_LIMIT);
	CHECK(d.limit == 0);
	/* an empty queue may take one object, whatever its size */
	CHECK(l2k_dql_avail(&d) == 0);
	CHECK(l2k_dql_init(&d, HOLD, 5000, 4000) == -EINVAL);
	CHECK(l2k_dql_init(&d, HOLD, 0, L2K_DQL_MAX_LIMIT + 1) == -EINVAL);
	CHECK(l2k_dql_init(&d, HOLD, 3000, 0) == 0);
	CHECK(d.limit == 3000 && l2k_dql_avail(&d) == 3000);
}

/* Starved twice: the limit grows by what went through, as Linux does. */
static void
test_starvation_grows(void)
{
	struct l2k_dql d;

	l2k_dql_init(&d, HOLD, 0, 0);
	l2k_dql_queued(&d, 1500);
	CHECK(l2k_dql_avail(&d) == -1500);          /* over the limit */
	CHECK(l2k_dql_inflight(&d) == 1500);
	/* over limit and all done: starved; limit += 1500 - 0 + 0 */
	l2k_dql_completed(&d, 1500, 1 * MS);
	CHECK(d.limit == 1500);
	CHECK(l2k_dql_avail(&d) == 1500);
	CHECK(l2k_dql_inflight(&d) == 0);

	l2k_dql_queued(&d, 1500);
	l2k_dql_queued(&d, 1500);
	CHECK(l2k_dql_avail(&d) == -1500);
	/* starved again: limit += completed (4500) - prev queued (1500) */
	l2k_dql_completed(&d, 3000, 2 * MS);
	CHECK(d.limit == 4500);
	CHECK(l2k_dql_avail(&d) == 4500);

	/* partly completed, never over: no change */
	l2k_dql_queued(&d, 3000);
	l2k_dql_completed(&d, 1500, 3 * MS);
	CHECK(d.limit == 4500);
	CHECK(l2k_dql_avail(&d) == 4500 - 1500);

	/* completing more than in flight is clamped */
	l2k_dql_completed(&d, 100000, 4 * MS);
	CHECK(l2k_dql_inflight(&d) == 0);
	CHECK(d.num_completed == d.num_queued);
}

/* Same starvation against a max_limit of 4000. */
static void
test_max_bound(void)
{
	struct l2k_dql d;

	l2k_dql_init(&d, HOLD, 0, 4000);
	l2k_dql_queued(&d, 1500);
	l2k_dql_completed(&d, 1500, 1 * MS);
	l2k_dql_queued(&d, 3000);
	l2k_dql_completed(&d, 3000, 2 * MS);
	CHECK(d.limit == 4000);
	/* a single huge starvation stays bounded too */
	l2k_dql_queued(&d, 1000000);
	l2k_dql_completed(&d, 1000000, 3 * MS);
	CHECK(d.limit == 4000);
}

/*
 * Busy queue with slack: grow to 30000 by one starvation (from 0), then every
 * millisecond queue what completed (1500) keeping 28500 in flight. Slack
 * is limit - 2 * completed = 27000, except at step 50 where 6000 go
 * through (slack 30000 - 12000 = 18000, the lowest). The limit must hold
 * for the whole hold time after the starvation (t0) and drop by the lowest
 * slack, to 12000, at the first completion strictly after t0 + HOLD.
 */
static void
run_slack(struct l2k_dql *d, uint32_t start, uint32_t lowest, uint32_t want_final)
{
	const uint64_t t0 = 10 * MS;
	unsigned int k;
	bool early = false;

	l2k_dql_queued(d, 30000);
	l2k_dql_completed(d, 30000, t0);
	CHECK(d->limit == start);
	l2k_dql_queued(d, 30000);
	l2k_dql_completed(d, 1500, t0 + 1 * MS);
	CHECK(l2k_dql_inflight(d) == 28500);
	for (k = 2; k <= 100; k++) {
		uint32_t n = k == 50 ? 6000 : 1500;

		CHECK(l2k_dql_avail(d) >= 0);
		l2k_dql_queued(d, n);
		l2k_dql_completed(d, n, t0 + k * MS);
		if (d->limit != start)
			early = true;
	}
	/* exactly the hold time after t0: not yet */
	CHECK(!early);
	CHECK(d->lowest_slack == lowest);
	l2k_dql_queued(d, 1500);
	l2k_dql_completed(d, 1500, t0 + 101 * MS);
	CHECK(d->limit == want_final);
	CHECK(d->lowest_slack == UINT32_MAX);       /* a new slack interval */
	CHECK(d->slack_start == t0 + 101 * MS);
}

static void
test_slack_shrinks(void)
{
	struct l2k_dql d;

	l2k_dql_init(&d, HOLD, 0, 0);
	run_slack(&d, 30000, 18000, 12000);
	/* now 28500 in flight against 12000: over, must not queue */
	CHECK(l2k_dql_avail(&d) < 0);
}

static void
test_min_bound(void)
{
	struct l2k_dql d;

	/*
	 * Starting from 20000, the first starvation grows to 20000 + 30000;
	 * slacks are then 47000 and 38000 (step 50): 50000 - 38000 = 12000 is
	 * below the minimum.
	 */
	l2k_dql_init(&d, HOLD, 20000, 0);
	run_slack(&d, 50000, 38000, 20000);
}

/* A longer hold keeps the limit through the same sequence. */
static void
test_hold_longer(void)
{
	struct l2k_dql d;
	unsigned int k;

	l2k_dql_init(&d, 1000 * MS, 0, 0);
	l2k_dql_queued(&d, 30000);
	l2k_dql_completed(&d, 30000, 0);
	l2k_dql_queued(&d, 30000);
	for (k = 1; k <= 999; k++) {
		l2k_dql_completed(&d, 1500, k * MS);
		l2k_dql_queued(&d, 1500);
	}
	CHECK(d.limit == 30000);
	l2k_dql_completed(&d, 1500, 1001 * MS);
	CHECK(d.limit == 3000);     /* 30000 - (30000 - 2 * 1500) */
}

/* The second starvation rule: over the limit last time, all of it done since. */
static void
test_starved_between(void)
{
	struct l2k_dql d;

	l2k_dql_init(&d, HOLD, 3000, 0);
	l2k_dql_queued(&d, 4500);                   /* 1500 over */
	l2k_dql_completed(&d, 1500, 1 * MS);        /* 3000 still in flight */
	CHECK(d.limit == 3000);
	CHECK(d.prev_ovlimit == 1500);
	/*
	 * Everything queued before that pass is done now: the queue may
	 * have run dry in between. limit += 4500 - 4500 + prev_ovlimit 1500.
	 */
	l2k_dql_queued(&d, 1500);
	l2k_dql_completed(&d, 3000, 2 * MS);
	CHECK(d.limit == 4500);
}

/*
 * Slack of a big last object: when the previous pass was over the limit
 * because of one large object, the part of it that was not excess counts
 * as slack too (Linux's slack_last_objs), and wins when larger.
 */
static void
test_slack_last_object(void)
{
	struct l2k_dql d;

	l2k_dql_init(&d, HOLD, 0, 0);
	l2k_dql_queued(&d, 3000);
	l2k_dql_completed(&d, 3000, 1 * MS);        /* starved: limit 3000 */
	CHECK(d.limit == 3000);
	l2k_dql_queued(&d, 1000);
	l2k_dql_queued(&d, 20000);                  /* 21000 in flight, 18000 over */
	l2k_dql_completed(&d, 500, 2 * MS);
	CHECK(d.prev_ovlimit == 18000 && d.prev_last_obj_cnt == 20000);
	/* slack = 3000 + 18000 - 2 * 10000 = 1000; last object: 20000 - 18000 = 2000 */
	l2k_dql_completed(&d, 10000, 3 * MS);
	CHECK(d.lowest_slack == 2000);
	CHECK(d.limit == 3000);
	/* slack now 3000 + 17500 - 1000 = 19500: the lowest stays, applied after hold */
	l2k_dql_completed(&d, 500, 1 * MS + HOLD + 1);
	CHECK(d.limit == 1000);
}

/* 32-bit counters wrap: behaviour is the same near UINT32_MAX. */
static void
test_wrap(void)
{
	struct l2k_dql d;
	uint32_t base = UINT32_MAX - 2000;

	l2k_dql_init(&d, HOLD, 0, 0);
	d.num_queued = d.num_completed = d.prev_num_queued = base;
	d.adj_limit = base;
	l2k_dql_queued(&d, 1500);
	l2k_dql_queued(&d, 1500);                   /* wraps */
	CHECK(l2k_dql_inflight(&d) == 3000);
	CHECK(l2k_dql_avail(&d) == -3000);
	l2k_dql_completed(&d, 3000, 1 * MS);
	CHECK(d.limit == 3000);
	CHECK(l2k_dql_avail(&d) == 3000);
}

int
main(void)
{
	test_init();
	test_starvation_grows();
	test_max_bound();
	test_slack_shrinks();
	test_min_bound();
	test_hold_longer();
	test_starved_between();
	test_slack_last_object();
	test_wrap();
	return test_result("dql");
}
