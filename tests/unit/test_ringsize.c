/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/ringsize.c: the ring for a number of bulk flows, and
 * the sizer fed a bitmap of flows interval by interval (a flow that arrives
 * counts at once, one that leaves only after the window; a window without
 * flows asks for nothing, 0).
 */

#include <errno.h>
#include <limits.h>

#include "l2k_queue.h"
#include "l2k_test.h"

static void
test_for_flows(void)
{
	CHECK(l2k_ring_for_flows(128, 512, 0) == 512);
	CHECK(l2k_ring_for_flows(128, 512, 1) == 512);
	CHECK(l2k_ring_for_flows(128, 512, 2) == 256);
	/* halvings only: three flows (or four, one paused) keep four's ring */
	CHECK(l2k_ring_for_flows(128, 512, 3) == 128);
	CHECK(l2k_ring_for_flows(128, 512, 4) == 128);
	CHECK(l2k_ring_for_flows(128, 512, 64) == 128);
	CHECK(l2k_ring_for_flows(128, 512, UINT_MAX) == 128);
	CHECK(l2k_ring_for_flows(128, 128, 1) == 128);
	CHECK(l2k_ring_for_flows(128, 128, 4) == 128);
	/* a min that is no halving of max: the smallest halving above it */
	CHECK(l2k_ring_for_flows(100, 512, 8) == 128);
	CHECK(l2k_ring_for_flows(100, 512, 5) == 128);
	CHECK(l2k_ring_for_flows(1, 1000, 3) == 250);
}

static void
test_init(void)
{
	struct l2k_ring_sizer s;

	CHECK(l2k_ring_sizer_init(&s, 0, 512) == -EINVAL);
	CHECK(l2k_ring_sizer_init(&s, 600, 512) == -EINVAL);
	CHECK(l2k_ring_sizer_init(&s, 128, 512) == 0);
	/* nothing seen yet: nothing asked */
	CHECK(l2k_ring_sizer_update(&s, 0) == 0);
}

#define F(n) (1ULL << (n))             /* the bit of flow n */
#define FOUR (F(1) | F(7) | F(20) | F(63))

/* rrul's four flows, then a lone flow, then four again */
static void
test_sequence(void)
{
	struct l2k_ring_sizer s;
	unsigned int i;

	l2k_ring_sizer_init(&s, 128, 512);
	/* a window without flows asks for nothing */
	for (i = 0; i < 2 * L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, 0) == 0);
	/* four flows: short */
	for (i = 0; i < 10; i++)
		CHECK(l2k_ring_sizer_update(&s, FOUR) == 128);
	/* one flow goes on alone: its room once the others are out of the window */
	for (i = 1; i < L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, F(7)) == 128);
	CHECK(l2k_ring_sizer_update(&s, F(7)) == 512);
	CHECK(l2k_ring_sizer_update(&s, F(7)) == 512);
	/* it stops: the lone flow's share while it is in the window, then nothing */
	for (i = 1; i < L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, 0) == 512);
	for (i = 0; i < 2 * L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, 0) == 0);
	/* a new lone flow, then a second one joins it: halved at once */
	CHECK(l2k_ring_sizer_update(&s, F(3)) == 512);
	CHECK(l2k_ring_sizer_update(&s, F(3) | F(40)) == 256);
	/* four more: short at once */
	CHECK(l2k_ring_sizer_update(&s, FOUR) == 128);
}

/* a flow that pauses (a retransmission timeout) keeps its share for the window */
static void
test_pause(void)
{
	struct l2k_ring_sizer s;
	unsigned int i;

	l2k_ring_sizer_init(&s, 128, 512);
	CHECK(l2k_ring_sizer_update(&s, FOUR) == 128);
	/* flows 1, 7 and 20 are silent for less than the window: still four */
	for (i = 1; i < L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, F(63)) == 128);
	CHECK(l2k_ring_sizer_update(&s, FOUR) == 128);
	/* three flows once the four are out of the window: the ring stays */
	for (i = 0; i < 2 * L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, F(1) | F(2) | F(3)) == 128);
	/* two: half of a lone flow's, once the third is out of the window */
	for (i = 1; i < L2K_RING_WINDOW; i++)
		CHECK(l2k_ring_sizer_update(&s, F(1) | F(2)) == 128);
	CHECK(l2k_ring_sizer_update(&s, F(1) | F(2)) == 256);
}

static void
test_flows(void)
{
	CHECK(l2k_ring_flows(0) == 0);
	CHECK(l2k_ring_flows(1ull << 63) == 1);
	CHECK(l2k_ring_flows(0x0101010100000000ull) == 4);
	CHECK(l2k_ring_flows(~0ull) == 64);
}

int
main(void)
{
	test_for_flows();
	test_init();
	test_sequence();
	test_pause();
	test_flows();
	return test_result("ringsize");
}
