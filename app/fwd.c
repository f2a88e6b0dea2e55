/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * The packet path. Each forwarding lcore owns a set of directions
 * (P rxq i -> K txq i, K rxq i -> P txq i) and polls them in turn: burst
 * in, burst out, no locks, no copies, frames never rewritten.
 *
 * When the TX ring is full the rest of the burst is held and retried
 * before anything more is received on that direction, so back-pressure
 * reaches the sender's ring instead of dropping what was already pulled.
 * A burst that cannot leave within L2K_HOLD_US is dropped and counted.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "l2k.h"

#define L2K_MAX_BURST 512
#define L2K_HOLD_US 2000
/* TX offloads that make a direction look at each frame's offload metadata */
#define L2K_TX_PREP_OFFLOADS (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | \
			      RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO)

struct l2k_dir {
	uint16_t rx_port;
	uint16_t rx_queue;
	uint16_t tx_port;
	uint16_t tx_queue;
	uint16_t held;          /* frames in pkts[] not yet sent */
	uint16_t first;         /* index of the first of them */
	uint64_t held_bytes;    /* their length */
	uint64_t held_since;    /* tsc of the first failed send */
	const volatile bool *on; /* the pair's K is up */
	struct l2k_sched *sched; /* --shape: frames wait here, not in the ring */
	uint64_t tx_offloads;   /* enabled on the sending port; 0: frames pass as they are */
	struct l2k_dir_stats *stats;
	struct rte_mbuf *pkts[L2K_MAX_BURST];
	struct rte_mbuf *rx[L2K_MAX_BURST]; /* received, for the scheduler */
};

struct l2k_worker {
	unsigned int nb_dirs;
	uint16_t burst;
	uint64_t hold_tsc;
	struct l2k_dir *dirs;
};

static struct l2k_worker workers[RTE_MAX_LCORE];
static volatile bool fwd_stop;   /* ask the lcores to return (K re-created) */

static inline uint64_t
burst_bytes(struct rte_mbuf **pkts, uint16_t n)
{
	uint64_t bytes = 0;
	uint16_t i;

	for (i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	return bytes;
}

static inline void
dir_drop_held(struct l2k_dir *d)
{
	rte_pktmbuf_free_bulk(&d->pkts[d->first], d->held);
	d->stats->drops += d->held;
	d->held = 0;
}

/*
 * Offload metadata of the receiving port made into requests to the sending
 * one (l2k_offload_prep); frames it cannot finish are dropped and counted.
 * The driver's tx_prepare then fixes what its hardware needs (pseudo-header
 * sums). Returns the frames left, compacted at the front.
 */
static uint16_t
dir_prep(struct l2k_dir *d, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i, j = 0, ok;
	int r;

	for (i = 0; i < n; i++) {
		r = l2k_offload_prep(pkts[i], d->tx_offloads);
		if (unlikely(r < 0)) {
			rte_pktmbuf_free(pkts[i]);
			d->stats->drops++;
			continue;
		}
		d->stats->gso += (uint64_t)r;
		pkts[j++] = pkts[i];
	}
	ok = rte_eth_tx_prepare(d->tx_port, d->tx_queue, pkts, j);
	if (unlikely(ok < j)) {
		rte_pktmbuf_free_bulk(&pkts[ok], j - ok);
		d->stats->drops += j - ok;
	}
	return ok;
}

/* Send what is held; keep what the ring refused, drop it after the hold time. */
static inline void
dir_send(struct l2k_dir *d, uint64_t hold_tsc)
{
	struct rte_mbuf **pkts = &d->pkts[d->first];
	uint64_t bytes = d->held_bytes;
	uint16_t n = d->held, sent;

	sent = rte_eth_tx_burst(d->tx_port, d->tx_queue, pkts, n);
	d->held_bytes = 0;
	if (unlikely(sent < n))
		d->held_bytes = burst_bytes(&pkts[sent], n - sent);
	d->stats->pkts += sent;
	d->stats->bytes += bytes - d->held_bytes;
	d->first += sent;
	d->held -= sent;
	if (likely(d->held == 0))
		return;

	if (d->held_since == 0)
		d->held_since = rte_get_tsc_cycles();
	else if (rte_get_tsc_cycles() - d->held_since > hold_tsc)
		dir_drop_held(d);
}

static inline void
dir_hold(struct l2k_dir *d, uint16_t n)
{
	d->first = 0;
	d->held = n;
	d->held_since = 0;
	/* lengths are read before the driver may free what it sends */
	d->held_bytes = burst_bytes(d->pkts, n);
}

static inline void
dir_poll(struct l2k_dir *d, uint16_t burst, uint64_t hold_tsc)
{
	uint16_t n;

	if (d->held == 0) {
		n = rte_eth_rx_burst(d->rx_port, d->rx_queue, d->pkts, burst);
		if (d->tx_offloads != 0 && n > 0)
			n = dir_prep(d, d->pkts, n);
		if (n == 0)
			return;
		dir_hold(d, n);
	}
	dir_send(d, hold_tsc);
}

/* --shape: everything received goes into the scheduler; what it lets out is sent. */
static void
dir_poll_sched(struct l2k_dir *d, uint16_t burst, uint64_t hold_tsc)
{
	uint64_t now;
	uint16_t n;

	n = rte_eth_rx_burst(d->rx_port, d->rx_queue, d->rx, burst);
	if (d->tx_offloads != 0 && n > 0)
		n = dir_prep(d, d->rx, n);
	now = l2k_sched_now(d->sched);
	if (n > 0)
		l2k_sched_enqueue(d->sched, d->rx, n, now);
	if (d->held == 0) {
		n = l2k_sched_dequeue(d->sched, d->pkts, burst, now);
		if (n == 0)
			return;
		dir_hold(d, n);
	}
	dir_send(d, hold_tsc);
}

int
l2k_fwd_lcore(void *arg)
{
	struct l2k_worker *w = arg;
	struct l2k_dir *dirs = w->dirs;
	unsigned int i, nb = w->nb_dirs;
	const uint16_t burst = w->burst;
	const uint64_t hold = w->hold_tsc;

	while (likely(!l2k_force_quit && !fwd_stop)) {
		for (i = 0; i < nb; i++) {
			/* K down: leave frames in the rings, drop what was already pulled */
			if (unlikely(!*dirs[i].on)) {
				if (dirs[i].held)
					dir_drop_held(&dirs[i]);
			} else if (dirs[i].sched != NULL) {
				dir_poll_sched(&dirs[i], burst, hold);
			} else {
				dir_poll(&dirs[i], burst, hold);
			}
		}
	}
	for (i = 0; i < nb; i++)
		if (dirs[i].held)
			dir_drop_held(&dirs[i]);
	return 0;
}

static void
dir_init(struct l2k_dir *d, uint16_t rx, uint16_t tx, uint16_t q, struct l2k_dir_stats *st,
	 const volatile bool *on, uint64_t tx_offloads)
{
	memset(d, 0, sizeof(*d));
	d->on = on;
	d->tx_offloads = tx_offloads & L2K_TX_PREP_OFFLOADS;
	d->rx_port = rx;
	d->tx_port = tx;
	d->rx_queue = q;
	d->tx_queue = q;
	d->stats = st;
}

/*
 * Give every queue pair of every port pair (both directions) to a
 * forwarding lcore, round robin, and launch them.
 */
int
l2k_fwd_assign(struct l2k_app *app)
{
	unsigned int lcores[RTE_MAX_LCORE], nb_lcores = 0, next = 0, p, lc, i;
	unsigned int want[RTE_MAX_LCORE] = { 0 };
	struct l2k_dir *d;
	uint16_t q;

	RTE_LCORE_FOREACH_WORKER(lc)
		lcores[nb_lcores++] = lc;
	if (nb_lcores == 0)
		return -ENODEV;

	/* count, allocate, fill */
	for (p = 0; p < app->nb_pairs; p++)
		for (q = 0; q < app->pairs[p].nb_queues; q++)
			want[next++ % nb_lcores] += 2;
	for (i = 0; i < nb_lcores; i++) {
		struct l2k_worker *w = &workers[lcores[i]];

		w->burst = app->cfg.burst;
		w->hold_tsc = rte_get_tsc_hz() / 1000000 * L2K_HOLD_US;
		w->nb_dirs = 0;
		if (want[i] == 0)
			continue;
		w->dirs = rte_zmalloc_socket("l2k_dirs", want[i] * sizeof(*w->dirs),
					     RTE_CACHE_LINE_SIZE,
					     (int)rte_lcore_to_socket_id(lcores[i]));
		if (w->dirs == NULL)
			return -ENOMEM;
	}
	next = 0;
	for (p = 0; p < app->nb_pairs; p++) {
		struct l2k_pair *pair = &app->pairs[p];

		for (q = 0; q < pair->nb_queues; q++) {
			lc = lcores[next++ % nb_lcores];
			dir_init(&workers[lc].dirs[workers[lc].nb_dirs++], pair->wire,
				 pair->kern, q, &pair->to_kern[q], &pair->fwd_on,
				 pair->plan.kern_tx);
			d = &workers[lc].dirs[workers[lc].nb_dirs++];
			dir_init(d, pair->kern, pair->wire, q, &pair->to_wire[q], &pair->fwd_on,
				 pair->plan.wire_tx);
			if (app->cfg.shape_bps != 0) {
				/* the pair's rate, shared by its queues */
				struct l2k_config c = app->cfg;

				c.shape_bps = RTE_MAX(c.shape_bps / pair->nb_queues, 1u);
				d->sched = l2k_sched_create(&c, &pair->to_wire[q],
							    (int)rte_lcore_to_socket_id(lc));
				if (d->sched == NULL)
					return -ENOMEM;
			}
			L2K_INFO("lcore %u: %s queue %u <-> %s queue %u", lc,
				 pair->wire_name, q, pair->ifname, q);
		}
	}
	for (i = 0; i < nb_lcores; i++) {
		struct l2k_worker *w = &workers[lcores[i]];

		if (w->nb_dirs > 0)
			rte_eal_remote_launch(l2k_fwd_lcore, w, lcores[i]);
	}
	return 0;
}

/* Stop the forwarding lcores (they drop what they hold) and free their state. */
void
l2k_fwd_stop(void)
{
	fwd_stop = true;
	rte_eal_mp_wait_lcore();
	fwd_stop = false;
	l2k_fwd_release();
}

/* Queue counters of the pair's schedulers (read while the lcores run: racy, monotonic). */
void
l2k_fwd_queue_stats(const struct l2k_pair *pair, uint64_t *codel_drops, uint64_t *ce_marks,
		    uint64_t *overlimit, uint32_t *backlog)
{
	unsigned int lc, i;

	*codel_drops = *ce_marks = *overlimit = 0;
	*backlog = 0;
	for (lc = 0; lc < RTE_MAX_LCORE; lc++)
		for (i = 0; i < workers[lc].nb_dirs; i++) {
			const struct l2k_dir *d = &workers[lc].dirs[i];

			if (d->sched != NULL && d->stats >= pair->to_wire &&
			    d->stats < pair->to_wire + pair->nb_queues)
				l2k_sched_stats(d->sched, codel_drops, ce_marks, overlimit,
						backlog);
		}
}

/* Free the lcores' state, the frames their schedulers hold included. */
void
l2k_fwd_release(void)
{
	unsigned int lc, i;

	for (lc = 0; lc < RTE_MAX_LCORE; lc++) {
		for (i = 0; i < workers[lc].nb_dirs; i++)
			l2k_sched_free(workers[lc].dirs[i].sched);
		rte_free(workers[lc].dirs);
		workers[lc].dirs = NULL;
		workers[lc].nb_dirs = 0;
	}
}
