/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * The length of K's TUN ring where a direction has no queue of the
 * application's (doc/design.md, "Short rings"), from the bulk flows through
 * it. The ring is a tail-drop FIFO: a lone TCP flow needs room for the
 * bursts the kernel's segmentation makes and to keep sending through a
 * loss, while with many flows each needs a share only (buffer sizing's
 * C x RTT / sqrt(n) result, here measured at its two ends: 512 frames for
 * one flow, 128 for rrul's four) and every frame in the ring delays a
 * ping behind it. Between the two ends: max / flows, steeper than
 * 1 / sqrt(n), which would give four flows 256 (one run at 256: rrul ping
 * p99 11.2 ms, against 6.4-6.9 at 128; doc/benchmarks.md), rounded down to
 * a halving of max (512, 256, 128): each resize drops what K sends in the
 * moment the kernel swaps its qdisc, so the ring moves by halves only.
 */

#include <errno.h>

#include "l2k_queue.h"

uint32_t
l2k_ring_for_flows(uint32_t min, uint32_t max, unsigned int flows)
{
	uint32_t len = max;

	/* halvings of max only: each change of length costs frames (the
	 * kernel drops what K sends while it swaps the qdisc), so three flows
	 * or one that pauses among four do not move the ring */
	while (len / 2 >= min && (uint64_t)len * flows > max)
		len /= 2;
	return len;
}

int
l2k_ring_sizer_init(struct l2k_ring_sizer *s, uint32_t min, uint32_t max)
{
	if (min == 0 || min > max)
		return -EINVAL;
	*s = (struct l2k_ring_sizer){ .min = min, .max = max };
	return 0;
}

uint32_t
l2k_ring_sizer_update(struct l2k_ring_sizer *s, uint64_t flow_bits)
{
	uint64_t all = 0;
	unsigned int i, flows;

	s->seen[s->next] = flow_bits;
	s->next = (s->next + 1) % L2K_RING_WINDOW;
	for (i = 0; i < L2K_RING_WINDOW; i++)
		all |= s->seen[i];
	flows = l2k_ring_flows(all);
	return flows == 0 ? 0 : l2k_ring_for_flows(s->min, s->max, flows);
}

unsigned int
l2k_ring_flows(uint64_t bits)
{
	return (unsigned int)__builtin_popcountll(bits);
}
