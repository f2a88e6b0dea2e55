/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * CoDel (Nichols and Jacobson, RFC 8289) as a per-packet decision, with
 * the same state machine as Linux's include/net/codel_impl.h:
 *
 * - A packet whose sojourn time is at or above 'target' while more than
 *   one MTU is queued starts the clock; if sojourn stays above target for
 *   'interval', the next such packet is dropped (or marked) and the queue
 *   enters the dropping state.
 * - In the dropping state the n-th next drop comes interval/sqrt(n) after
 *   the previous one; 1/sqrt(n) is kept in Q0.32 and refined by one Newton
 *   step per drop (no division, no floating point, no sqrt).
 * - A packet below target (or a nearly empty queue) ends the dropping state.
 *   Entering it again soon after starts from the drop rate that last
 *   controlled the queue instead of from 1.
 *
 * Linux drops inside its dequeue loop and looks at the next packet within
 * the same step; here the caller drives the loop, so what a drop leaves to
 * do for the next packet is remembered in 'pending'.
 */

#include <string.h>

#include "l2k_queue.h"

enum {
	PENDING_NONE = 0,
	PENDING_ENTERED, /* dropped the packet that entered the dropping state */
	PENDING_DROPPED, /* dropped a packet in the dropping state */
};

/* a strictly after b, a at or after b (modular) */
static inline bool
time_after(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) > 0;
}

static inline bool
time_after_eq(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) >= 0;
}

/*
 * One Newton step towards 1/sqrt(count): x' = x * (3 - count * x^2) / 2.
 * From below or from 1/sqrt(count - 1) the step never overshoots, so
 * count * x^2 stays under 3; the guard only covers a count that wrapped.
 */
static void
newton_step(struct l2k_codel *c)
{
	uint64_t x = c->rec_inv_sqrt;
	uint64_t x2 = (x * x) >> 32;
	uint64_t cx2 = (uint64_t)c->count * x2;
	uint64_t v;

	if (cx2 >= (3ULL << 32)) {
		c->rec_inv_sqrt >>= 1;
		return;
	}
	v = ((3ULL << 32) - cx2) >> 2;  /* (3 - c x^2) / 4, fits 32 bits */
	v = (v * x) >> 31;              /* * x * 2 / 2^32 */
	c->rec_inv_sqrt = (uint32_t)v;
}

/* t + interval / sqrt(count) */
static inline uint64_t
control_law(uint64_t t, uint64_t interval, uint32_t rec_inv_sqrt)
{
	return t + ((interval * rec_inv_sqrt) >> 32);
}

static inline bool
should_drop(struct l2k_codel *c, const struct l2k_codel_params *p, uint64_t sojourn,
	    uint64_t now, uint32_t backlog)
{
	if (sojourn < p->target || backlog <= p->mtu) {
		c->first_above = 0;
		return false;
	}
	if (c->first_above == 0) {
		c->first_above = now + p->interval;
		return false;
	}
	return time_after(now, c->first_above);
}

void
l2k_codel_params_init(struct l2k_codel_params *p)
{
	p->target = L2K_CODEL_TARGET_NS;
	p->interval = L2K_CODEL_INTERVAL_NS;
	p->mtu = L2K_CODEL_MTU;
	p->ecn = true;
}

void
l2k_codel_init(struct l2k_codel *c)
{
	memset(c, 0, sizeof(*c));
}

void
l2k_codel_empty(struct l2k_codel *c)
{
	/* Linux finds the queue empty while still in its drop loop: no sojourn */
	if (c->pending != PENDING_NONE)
		c->first_above = 0;
	c->pending = PENDING_NONE;
	c->dropping = false;
}

/* Enter the dropping state with this packet. */
static enum l2k_codel_verdict
enter_dropping(struct l2k_codel *c, const struct l2k_codel_params *p, uint64_t now,
	       bool ecn_capable)
{
	enum l2k_codel_verdict v = L2K_CODEL_MARK;
	uint32_t delta;

	if (!(p->ecn && ecn_capable)) {
		v = L2K_CODEL_DROP;
		c->pending = PENDING_ENTERED;
	}
	c->dropping = true;
	/*
	 * Went above target again soon after leaving: the drop rate that
	 * controlled the queue last time is a good start.
	 */
	delta = c->count - c->lastcount;
	if (delta > 1 && (int64_t)(now - c->drop_next) < (int64_t)(16 * p->interval)) {
		c->count = delta;
		newton_step(c);
	} else {
		c->count = 1;
		c->rec_inv_sqrt = UINT32_MAX;
	}
	c->lastcount = c->count;
	c->drop_next = control_law(now, p->interval, c->rec_inv_sqrt);
	return v;
}

enum l2k_codel_verdict
l2k_codel_decide(struct l2k_codel *c, const struct l2k_codel_params *p, uint64_t sojourn,
		 uint64_t now, uint32_t backlog, bool ecn_capable)
{
	bool drop = should_drop(c, p, sojourn, now, backlog);

	if (__builtin_expect(c->pending != PENDING_NONE, 0)) {
		uint8_t pending = c->pending;

		c->pending = PENDING_NONE;
		/* the packet after the one that entered the state always goes */
		if (pending == PENDING_ENTERED)
			return L2K_CODEL_PASS;
		/* after a drop: schedule the next one only if still above target */
		if (!drop) {
			c->dropping = false;
			return L2K_CODEL_PASS;
		}
		c->drop_next = control_law(c->drop_next, p->interval, c->rec_inv_sqrt);
	}

	if (c->dropping) {
		if (!drop) {
			c->dropping = false;
			return L2K_CODEL_PASS;
		}
		if (!time_after_eq(now, c->drop_next))
			return L2K_CODEL_PASS;
		c->count++;
		newton_step(c);
		if (p->ecn && ecn_capable) {
			c->drop_next = control_law(c->drop_next, p->interval, c->rec_inv_sqrt);
			return L2K_CODEL_MARK;
		}
		c->pending = PENDING_DROPPED;
		return L2K_CODEL_DROP;
	}
	if (drop)
		return enter_dropping(c, p, now, ecn_capable);
	return L2K_CODEL_PASS;
}
