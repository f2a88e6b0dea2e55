/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of l2k_send_round_more() (l2k_queue.h), what one round of a
 * queued direction sends: L2K_SEND_ROUND frames first, the rest of the
 * burst only when those came to fewer than L2K_SEND_SMALL_BYTES; bursts
 * smaller than L2K_SEND_ROUND are sent whole; a round that got fewer
 * frames than it asked for is asked no further, here by scripting a
 * queue and dequeuing as fwd.c's dir_dequeue() does.
 */

#include "l2k_queue.h"
#include "l2k_test.h"

/*
 * One round over a scripted queue of frame lengths, as fwd.c dequeues:
 * ask for what l2k_send_round_more() allows, stop when the queue gives
 * fewer. Returns the frames sent; the queue's head moves past them.
 */
static uint16_t
round_of(const uint32_t *lens, unsigned int *head, unsigned int nlens, uint16_t burst,
	 uint64_t *bytes_out)
{
	uint64_t bytes = 0;
	uint16_t n = 0, want, got;

	while ((want = l2k_send_round_more(n, bytes, burst)) > 0) {
		for (got = 0; got < want && *head < nlens; got++)
			bytes += lens[(*head)++];
		n += got;
		if (got < want)
			break;
	}
	*bytes_out = bytes;
	return n;
}

static void
test_first_step(void)
{
	/* nothing sent yet: the first step, never more than the burst */
	CHECK(l2k_send_round_more(0, 0, 32) == L2K_SEND_ROUND);
	CHECK(l2k_send_round_more(0, 0, 512) == L2K_SEND_ROUND);
	CHECK(l2k_send_round_more(0, 0, 8) == 8);
	CHECK(l2k_send_round_more(0, 0, 1) == 1);
	CHECK(l2k_send_round_more(0, 0, L2K_SEND_ROUND) == L2K_SEND_ROUND);
	/* a partial first step asks only for its rest */
	CHECK(l2k_send_round_more(5, 5 * 64, 32) == L2K_SEND_ROUND - 5);
	/* a whole small burst is the end */
	CHECK(l2k_send_round_more(8, 8 * 64, 8) == 0);
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, 64, L2K_SEND_ROUND) == 0);
}

static void
test_small_goes_on(void)
{
	/* 16 frames of 64 bytes: the rest of the burst */
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, L2K_SEND_ROUND * 64, 32) ==
	      32 - L2K_SEND_ROUND);
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, L2K_SEND_ROUND * 64, 512) ==
	      512 - L2K_SEND_ROUND);
	/* the bound is strict: exactly L2K_SEND_SMALL_BYTES stops */
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, L2K_SEND_SMALL_BYTES - 1, 32) ==
	      32 - L2K_SEND_ROUND);
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, L2K_SEND_SMALL_BYTES, 32) == 0);
	/* once the burst is reached, nothing more, small or not */
	CHECK(l2k_send_round_more(32, 32 * 64, 32) == 0);
}

static void
test_large_stops(void)
{
	/* one GSO frame among acknowledgements: 16 and no more */
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, 15 * 66 + 65226, 32) == 0);
	/* MTU frames: 16 x 1514 is above the bound */
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, L2K_SEND_ROUND * 1514ULL, 32) == 0);
	CHECK(l2k_send_round_more(L2K_SEND_ROUND, UINT64_MAX, 512) == 0);
}

static void
test_rounds(void)
{
	static uint32_t lens[200];
	unsigned int head, i;
	uint64_t bytes;

	/* a 64-byte flood: whole bursts of 32, then what is left */
	for (i = 0; i < 40; i++)
		lens[i] = 64;
	head = 0;
	CHECK(round_of(lens, &head, 40, 32, &bytes) == 32 && bytes == 32 * 64);
	CHECK(round_of(lens, &head, 40, 32, &bytes) == 8 && head == 40);
	CHECK(round_of(lens, &head, 40, 32, &bytes) == 0 && bytes == 0);

	/* rrul's mix, a 64 kB GSO frame after every 3 acknowledgements: 16 a round */
	for (i = 0; i < 64; i++)
		lens[i] = i % 4 == 3 ? 65226 : 66;
	head = 0;
	CHECK(round_of(lens, &head, 64, 32, &bytes) == L2K_SEND_ROUND);
	CHECK(bytes == 4 * (3 * 66 + 65226));
	CHECK(round_of(lens, &head, 64, 32, &bytes) == L2K_SEND_ROUND);

	/* acknowledgements only, then a GSO frame within the second step: the burst */
	for (i = 0; i < 64; i++)
		lens[i] = i == 20 ? 65226 : 66;
	head = 0;
	CHECK(round_of(lens, &head, 64, 32, &bytes) == 32);
	CHECK(bytes == 31 * 66 + 65226);
	/* the next round starts with large frames' bytes from zero */
	CHECK(round_of(lens, &head, 64, 32, &bytes) == 32 && bytes == 32 * 66);

	/* a queue shorter than the first step: what it holds */
	head = 0;
	CHECK(round_of(lens, &head, 10, 32, &bytes) == 10);

	/* --burst 8: never past it, small or not */
	for (i = 0; i < 20; i++)
		lens[i] = 64;
	head = 0;
	CHECK(round_of(lens, &head, 20, 8, &bytes) == 8);
	/* --burst 512: 16 small, then the other 496 */
	for (i = 0; i < 200; i++)
		lens[i] = 60;
	head = 0;
	CHECK(round_of(lens, &head, 200, 512, &bytes) == 200 && bytes == 200 * 60);
}

int
main(void)
{
	test_first_step();
	test_small_goes_on();
	test_large_stops();
	test_rounds();
	return test_result("round");
}
