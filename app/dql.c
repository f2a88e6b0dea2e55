/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Byte queue limits for a TX queue of the wire port, after Linux's dynamic
 * queue limits (lib/dynamic_queue_limits.c, Tom Herbert): keep in the
 * device ring just enough bytes that it never runs dry between two
 * completion passes, and leave the rest in the application's own queue
 * (fq_codel.c) where it can be scheduled and dropped.
 *
 * Use per TX queue, on the lcore that owns it:
 *
 *	while (l2k_dql_avail(&q->dql) >= 0 && (m = next packet))
 *		add m to the burst;
 *	sent = rte_eth_tx_burst(...);
 *	l2k_dql_queued(&q->dql, bytes of the 'sent' first packets);
 *	...
 *	l2k_dql_completed(&q->dql, bytes the device finished with, now);
 *
 * Counting completions. DQL only works if "completed" means the bytes
 * really left the device's queue, reported soon after they did. How to
 * learn it depends on the PMD:
 *
 * - Descriptor status: rte_eth_tx_descriptor_status(port, q, off) says
 *   whether the descriptor 'off' places after the tail is DONE. Remember,
 *   in a FIFO of (descriptors used, bytes) per transmitted packet, how far
 *   the ring was filled; at each poll walk from the oldest entry while its
 *   last descriptor reports RTE_ETH_TX_DESC_DONE and complete its bytes.
 *   Exact, no mbuf touched; NIC PMDs (ixgbe, i40e, ice, igc, mlx5 ...) have
 *   it. Descriptors per packet are nb_segs, plus one context descriptor
 *   for TSO/offloads on most Intel PMDs: probe the offset with care, or
 *   check only packets without offload flags.
 * - rte_eth_tx_done_cleanup(port, q, 0) makes the PMD free at once what
 *   the device finished, instead of at its tx_free_thresh. Its return value
 *   misses what rte_eth_tx_burst() freed by itself, so it is no counter on
 *   its own; it makes the reference probe below prompt on lazy PMDs.
 * - Reference probe, for PMDs with neither: take an extra reference
 *   (rte_mbuf_refcnt_update(m, 1)) before rte_eth_tx_burst(), keep the
 *   mbuf in the FIFO; the packet is complete when its refcount is back to
 *   1 (the driver let go), then the application frees it. Costs two
 *   atomics per packet and forbids RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE.
 * - Synchronous PMDs (net_tap's writev, net_af_packet's copy into the
 *   TPACKET ring followed by sendto): the frame is in the kernel when
 *   rte_eth_tx_burst() returns, so what it accepted is completed at once;
 *   the limit then stays at its minimum, which is right: the queue that
 *   matters is the kernel's, behind its own qdisc.
 */

#include <errno.h>

#include "l2k_queue.h"

/* a - b when positive (modular), else 0 */
static inline uint32_t
posdiff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0 ? a - b : 0;
}

/* a at or after b, modular */
static inline bool
after_eq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) >= 0;
}

static inline uint32_t
clamp32(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

void
l2k_dql_reset(struct l2k_dql *dql)
{
	dql->limit = dql->min_limit;
	dql->num_queued = 0;
	dql->num_completed = 0;
	dql->adj_limit = dql->limit;
	dql->last_obj_cnt = 0;
	dql->prev_num_queued = 0;
	dql->prev_last_obj_cnt = 0;
	dql->prev_ovlimit = 0;
	dql->lowest_slack = UINT32_MAX;
	dql->slack_started = false;
	dql->slack_start = 0;
}

int
l2k_dql_init(struct l2k_dql *dql, uint64_t hold_time_ns, uint32_t min_limit,
	     uint32_t max_limit)
{
	if (max_limit == 0)
		max_limit = L2K_DQL_MAX_LIMIT;
	if (max_limit > L2K_DQL_MAX_LIMIT || min_limit > max_limit)
		return -EINVAL;
	dql->min_limit = min_limit;
	dql->max_limit = max_limit;
	dql->slack_hold_time = hold_time_ns ? hold_time_ns : L2K_DQL_HOLD_NS;
	l2k_dql_reset(dql);
	return 0;
}

/* A new slack interval starts now. */
static inline void
slack_restart(struct l2k_dql *dql, uint64_t now)
{
	dql->slack_start = now;
	dql->slack_started = true;
	dql->lowest_slack = UINT32_MAX;
}

void
l2k_dql_completed(struct l2k_dql *dql, uint32_t bytes, uint64_t now_ns)
{
	uint32_t num_queued = dql->num_queued;
	uint32_t completed, limit, ovlimit, inprogress, prev_inprogress;
	bool all_prev_completed;

	if (bytes > num_queued - dql->num_completed)
		bytes = num_queued - dql->num_completed;
	if (!dql->slack_started)
		slack_restart(dql, now_ns);

	completed = dql->num_completed + bytes;
	limit = dql->limit;
	/* how far the queue went over its limit since the last completion */
	ovlimit = posdiff(num_queued - dql->num_completed, limit);
	inprogress = num_queued - completed;
	prev_inprogress = dql->prev_num_queued - dql->num_completed;
	all_prev_completed = after_eq(completed, dql->prev_num_queued);

	if ((ovlimit != 0 && inprogress == 0) ||
	    (dql->prev_ovlimit != 0 && all_prev_completed)) {
		/*
		 * Starved: the queue was over its limit (more was wanted) and
		 * everything in it is done, now or since the last pass. Grow by
		 * what was queued and completed since then, plus the previous
		 * excess.
		 */
		limit += posdiff(completed, dql->prev_num_queued) + dql->prev_ovlimit;
		slack_restart(dql, now_ns);
	} else if (inprogress != 0 && prev_inprogress != 0 && !all_prev_completed) {
		/*
		 * Busy for the whole interval: the slack is what was queued
		 * beyond need. Bounded below by the limit (plus excess) minus
		 * twice what completed, and by the part of the last object
		 * that was not over the limit. Shrink by the smallest slack of
		 * the hold time, so that one quiet pass does not shrink it.
		 */
		uint32_t slack, slack_last;

		slack = posdiff(limit + dql->prev_ovlimit, 2 * (completed - dql->num_completed));
		slack_last = dql->prev_ovlimit ?
			posdiff(dql->prev_last_obj_cnt, dql->prev_ovlimit) : 0;
		if (slack_last > slack)
			slack = slack_last;
		if (slack < dql->lowest_slack)
			dql->lowest_slack = slack;
		if ((int64_t)(now_ns - dql->slack_start) > (int64_t)dql->slack_hold_time) {
			limit = posdiff(limit, dql->lowest_slack);
			slack_restart(dql, now_ns);
		}
	}

	limit = clamp32(limit, dql->min_limit, dql->max_limit);
	if (limit != dql->limit) {
		dql->limit = limit;
		ovlimit = 0;
	}
	dql->adj_limit = limit + completed;
	dql->prev_ovlimit = ovlimit;
	dql->prev_last_obj_cnt = dql->last_obj_cnt;
	dql->num_completed = completed;
	dql->prev_num_queued = num_queued;
}
