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
 *
 * Idle back-off: when no direction of an lcore moved a frame for
 * L2K_IDLE_US, the lcore naps between rounds, 1 us at first, doubling up
 * to --idle-sleep (default 100 us), and polls at full speed again from the
 * first frame. A host with nothing to forward gets its core back; a frame
 * that arrives during a nap waits at most the nap. Timer slack is set to
 * 1 us so the naps are as short as asked. Where every RX queue of the
 * lcore can interrupt (net_rtap), the lcore instead sleeps until
 * a frame arrives once the naps have reached their longest: no CPU at all
 * while idle, a wake-up of some microseconds for the first frame.
 *
 * Napping makes the lcore's core look idle to the scheduler, so it places
 * other work there: a kernel thread, or the very process our last frame
 * woke. Two things keep that work from delaying frames:
 * - a short scheduler slice (L2K_SLICE_US, EEVDF's sched_runtime, Linux
 *   6.12 and later): a nap's end then preempts whatever runs on the core
 *   instead of waiting for its 1-3 ms slice to run out;
 * - while the lcore is in its polling window after a frame and napped
 *   lately (L2K_YIELD_US), an empty round yields the core, so that the
 *   server our frame woke answers now, not after our next nap.
 */

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sched.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_epoll.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "l2k.h"

#define L2K_MAX_BURST 512
/* most frames per tx_burst call: net_af_xdp stalled on 512 after segmentation */
#define L2K_TX_CHUNK 64
#define L2K_HOLD_US 2000
#define L2K_READ_AHEAD 4        /* more bursts a round reads into the scheduler */
#define L2K_IDLE_US 50          /* no frame for this long: start napping */
#define L2K_INTR_WAIT_MS 10     /* longest sleep on RX interrupts (stop requests) */
#define L2K_SLICE_US 100        /* the napping lcore's scheduler slice */
#define L2K_YIELD_US 1000       /* napped this recently: yield empty rounds */
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
	struct l2k_sched *sched; /* frames wait here, not in the ring; NULL: --queue off */
	struct l2k_bql *bql;    /* byte queue limit of the TX queue, NULL: none */
	uint64_t tx_offloads;   /* enabled on the sending port; 0: frames pass as they are */
	struct l2k_soft *soft;  /* software offloads of this direction, NULL: none */
	bool to_wire;
	bool count_flows;       /* K -> P into a TUN ring sized by flows: sample them */
	uint32_t flow_sample;   /* bulk frames seen, to sample one in L2K_FLOW_SAMPLE */
	struct l2k_dir_stats *stats;
	struct rte_mbuf *pkts[L2K_SOFT_MAX_OUT]; /* a burst, or what segmentation made of it */
	struct rte_mbuf *rx[L2K_MAX_BURST]; /* received: for the scheduler, or to segment */
};

struct l2k_worker {
	unsigned int nb_dirs;
	uint16_t burst;
	uint64_t hold_tsc;
	uint64_t idle_tsc;      /* no work for this long: nap */
	uint64_t yield_tsc;     /* napped this recently: empty rounds yield */
	uint64_t rested_tsc;    /* end of the last nap or interrupt wait */
	uint32_t nap_max_us;    /* --idle-sleep; 0: never nap */
	uint64_t naps;          /* naps taken */
	uint64_t intr_waits;    /* sleeps on RX interrupts */
	uint64_t yields;        /* empty rounds that yielded the core */
	bool intr;              /* every RX queue of this lcore can interrupt */
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

/*
 * Bulk flows through K's TUN ring (kport.c sizes it from their number):
 * every L2K_FLOW_SAMPLE-th frame of at least L2K_BULK_FRAME bytes sets the
 * bit its flow hash picks. Acknowledgements and pings are smaller and do
 * not count; a bulk flow sends enough frames to be sampled many times per
 * interval. One atomic OR per sample: kport.c takes the word from another
 * thread.
 */
#define L2K_FLOW_SAMPLE 8
#define L2K_BULK_FRAME 1000

static inline void
dir_count_flows(struct l2k_dir *d, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		if (rte_pktmbuf_pkt_len(pkts[i]) < L2K_BULK_FRAME ||
		    (++d->flow_sample % L2K_FLOW_SAMPLE) != 0)
			continue;
		__atomic_fetch_or(&d->stats->bulk_flow_bits,
				  1ULL << (l2k_sched_flow_hash(pkts[i]) >> 26 & 63),
				  __ATOMIC_RELAXED);
	}
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

/*
 * A frame no device of this MTU takes (an MTU lowered while it was on its
 * way): held, it would stop the direction for the hold time. GSO frames are
 * the device's to cut, and two VLAN tags may come on top of the MTU.
 */
static bool
dir_oversize(const struct l2k_dir *d, const struct rte_mbuf *m)
{
	uint16_t mtu;

	if (m->ol_flags & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_UDP_SEG))
		return false;
	if (rte_eth_dev_get_mtu(d->tx_port, &mtu) != 0)
		return false;
	return rte_pktmbuf_pkt_len(m) > (uint32_t)mtu + RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN;
}

/* tx_burst in chunks of at most L2K_TX_CHUNK, until the ring refuses some. */
static inline uint16_t
dir_tx(const struct l2k_dir *d, struct rte_mbuf **pkts, uint16_t n)
{
	uint16_t sent = 0, c, s;

	while (sent < n) {
		c = RTE_MIN(n - sent, L2K_TX_CHUNK);
		s = rte_eth_tx_burst(d->tx_port, d->tx_queue, &pkts[sent], c);
		sent += s;
		if (s < c)
			break;
	}
	return sent;
}

/* Send what is held; keep what the ring refused, drop it after the hold time. */
static inline void
dir_send(struct l2k_dir *d, uint64_t hold_tsc)
{
	struct rte_mbuf **pkts = &d->pkts[d->first];
	uint64_t bytes = d->held_bytes;
	uint16_t n = d->held, sent, ok;

	if (d->bql != NULL) {
		ok = l2k_bql_admit(d->bql, pkts, n);
		sent = ok > 0 ? dir_tx(d, pkts, ok) : 0;
		l2k_bql_sent(d->bql, pkts, ok, sent);
	} else {
		sent = dir_tx(d, pkts, n);
	}
	d->held_bytes = 0;
	if (unlikely(sent < n))
		d->held_bytes = burst_bytes(&pkts[sent], n - sent);
	d->stats->pkts += sent;
	d->stats->bytes += bytes - d->held_bytes;
	d->first += sent;
	d->held -= sent;
	if (likely(d->held == 0))
		return;
	if (unlikely(dir_oversize(d, d->pkts[d->first]))) {
		d->held_bytes -= rte_pktmbuf_pkt_len(d->pkts[d->first]);
		rte_pktmbuf_free(d->pkts[d->first]);
		d->stats->drops++;
		d->first++;
		if (--d->held == 0)
			return;
	}

	if (d->held_since == 0)
		d->held_since = rte_get_tsc_cycles();
	else if (rte_get_tsc_cycles() - d->held_since > hold_tsc)
		dir_drop_held(d);
}

/* 'bytes' is their length, read before the driver may free what it sends. */
static inline void
dir_hold(struct l2k_dir *d, uint16_t n, uint64_t bytes)
{
	d->first = 0;
	d->held = n;
	d->held_since = 0;
	d->held_bytes = bytes;
}

/* Returns 0 when there was nothing to do. */
static inline unsigned int
dir_poll(struct l2k_dir *d, uint16_t burst, uint64_t hold_tsc)
{
	uint16_t n;

	if (d->held == 0) {
		if (d->soft != NULL && d->to_wire) {
			n = rte_eth_rx_burst(d->rx_port, d->rx_queue, d->rx,
					     RTE_MIN(burst, L2K_SOFT_GSO_BURST));
			if (n == 0)
				return 0;
			n = l2k_soft_to_wire(d->soft, d->rx, n, d->pkts, L2K_SOFT_MAX_OUT);
		} else {
			n = rte_eth_rx_burst(d->rx_port, d->rx_queue, d->pkts, burst);
			if (n == 0)
				return 0;
			if (d->count_flows)
				dir_count_flows(d, d->pkts, n);
			if (d->soft != NULL)
				n = l2k_soft_to_kern(d->soft, d->pkts, n);
		}
		if (n != 0 && d->tx_offloads != 0)
			n = dir_prep(d, d->pkts, n);
		if (n == 0)
			return 1;
		dir_hold(d, n, burst_bytes(d->pkts, n));
	}
	dir_send(d, hold_tsc);
	return 1;
}

/* One burst received into the scheduler; returns the frames received. */
static inline uint16_t
dir_rx_sched(struct l2k_dir *d, uint16_t burst, uint64_t now)
{
	struct rte_mbuf **in = d->rx;
	uint16_t n, rx;

	n = rx = rte_eth_rx_burst(d->rx_port, d->rx_queue, d->rx, burst);
	if (d->soft != NULL && n > 0) {
		if (d->to_wire) {
			in = l2k_soft_buf(d->soft);
			n = l2k_soft_to_wire(d->soft, d->rx, n, in, L2K_SOFT_MAX_OUT);
		} else {
			n = l2k_soft_to_kern(d->soft, d->rx, n);
		}
	}
	if (d->tx_offloads != 0 && n > 0)
		n = dir_prep(d, in, n);
	if (n > 0)
		l2k_sched_enqueue(d->sched, in, n, now);
	return rx;
}

/*
 * What the scheduler lets out this round, into pkts[]: L2K_SEND_ROUND
 * frames, or a whole burst when those were small (l2k_send_round_more).
 */
static inline uint16_t
dir_dequeue(struct l2k_dir *d, uint16_t burst, uint64_t now, uint64_t *bytes)
{
	uint16_t n = 0, want, got;

	*bytes = 0;
	while ((want = l2k_send_round_more(n, *bytes, burst)) > 0) {
		got = l2k_sched_dequeue(d->sched, &d->pkts[n], want, now);
		*bytes += burst_bytes(&d->pkts[n], got);
		n += got;
		if (got < want)
			break;
	}
	return n;
}

/*
 * Everything received goes into the scheduler; what it lets out is sent.
 * While the RX queue gives full bursts, up to L2K_READ_AHEAD more are read
 * in the same round: what the lcore leaves in the kernel's ring waits there
 * in arrival order, unmanaged, behind every bulk flow; read into the
 * scheduler it waits in its flow's queue instead, sparse flows first, and
 * the fattest flow pays when the queue is full.
 *
 * A round sends L2K_SEND_ROUND frames of what the scheduler lets out, and
 * a whole burst only when those were small (dir_dequeue). The frames of a
 * queued direction are GSO frames of up to 64 kB, and sending them to a
 * kernel-backed port (a TAP write, io_uring's inline submit, a packet
 * socket) runs the kernel's receive of them on the lcore's own core before
 * the send returns: while it does, the other direction is not polled, and
 * a ping read there waits. On the rtap wire 16 frames rather than a burst
 * of 32 halved the rrul ping median and took 16 % of the TCP total (four
 * alternated pairs); 8 took a third of it; a cap of 1 MB (16 x 64 kB) did
 * not do what 16 frames do (doc/benchmarks.md, "Unshaped rrul ping on the
 * rtap wire"). A flood of small frames, read five bursts a round, is
 * little work for the kernel, and at 16 a round it got half the 64-byte
 * rate of a burst of 32: a round of them goes on to the burst.
 */
static unsigned int
dir_poll_sched(struct l2k_dir *d, uint16_t burst, uint64_t hold_tsc)
{
	uint64_t now = l2k_sched_now(d->sched), bytes;
	unsigned int i;
	uint16_t n, rx;

	if (d->soft != NULL && d->to_wire)
		burst = RTE_MIN(burst, L2K_SOFT_GSO_BURST);
	n = rx = dir_rx_sched(d, burst, now);
	for (i = 0; i < L2K_READ_AHEAD && n == burst; i++)
		n = dir_rx_sched(d, burst, now);
	if (d->held == 0) {
		n = dir_dequeue(d, burst, now, &bytes);
		if (n == 0)
			/* frames waiting for tokens: keep polling to send them on time */
			return rx + l2k_sched_busy(d->sched);
		dir_hold(d, n, bytes);
	}
	dir_send(d, hold_tsc);
	return 1;
}

/*
 * Drivers whose RX interrupts were shown never to lose a wake-up here
 * (tests/flent/idle.sh: a lost one shows as a round trip of the whole
 * L2K_INTR_WAIT_MS): net_rtap, whose enable signals what already completed.
 * net_tap is not one: with it about one idle wake-up in 200 was lost.
 */
bool
l2k_rx_intr_driver(const char *driver_name)
{
	return strcmp(driver_name, "net_rtap") == 0;
}

/* Register this lcore's RX queues with its epoll instance; all or none. */
static bool
lcore_intr_setup(struct l2k_worker *w)
{
	unsigned int i, j;

	for (i = 0; i < w->nb_dirs; i++) {
		const struct l2k_dir *d = &w->dirs[i];

		if (rte_eth_dev_rx_intr_ctl_q(d->rx_port, d->rx_queue, RTE_EPOLL_PER_THREAD,
					      RTE_INTR_EVENT_ADD, NULL) != 0)
			break;
	}
	if (i == w->nb_dirs)
		return true;
	for (j = 0; j < i; j++)
		rte_eth_dev_rx_intr_ctl_q(w->dirs[j].rx_port, w->dirs[j].rx_queue,
					  RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, NULL);
	return false;
}

static void
lcore_intr_teardown(struct l2k_worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nb_dirs; i++)
		rte_eth_dev_rx_intr_ctl_q(w->dirs[i].rx_port, w->dirs[i].rx_queue,
					  RTE_EPOLL_PER_THREAD, RTE_INTR_EVENT_DEL, NULL);
}

/* Sleep until a frame arrives on any RX queue of the lcore (or a while passed). */
static void
lcore_intr_wait(struct l2k_worker *w)
{
	struct rte_epoll_event ev[8];
	unsigned int i;

	for (i = 0; i < w->nb_dirs; i++)
		rte_eth_dev_rx_intr_enable(w->dirs[i].rx_port, w->dirs[i].rx_queue);
	rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, RTE_DIM(ev), L2K_INTR_WAIT_MS);
	for (i = 0; i < w->nb_dirs; i++)
		rte_eth_dev_rx_intr_disable(w->dirs[i].rx_port, w->dirs[i].rx_queue);
	w->intr_waits++;
}

/*
 * Nothing moved this round: after idle_tsc of that, sleep, a little longer
 * each time up to nap_max_us, then on interrupts where the lcore can.
 * 'idle_since' 0: work was seen last round.
 */
static inline void
lcore_idle(struct l2k_worker *w, uint64_t *idle_since, uint32_t *nap_us)
{
	uint64_t now = rte_get_tsc_cycles();

	if (*idle_since == 0) {
		*idle_since = now;
		return;
	}
	if (now - *idle_since < w->idle_tsc) {
		/* low rate: let what our last frames woke on this core run now */
		if (now - w->rested_tsc < w->yield_tsc) {
			sched_yield();
			w->yields++;
		}
		return;
	}
	if (w->intr && *nap_us == w->nap_max_us) {
		lcore_intr_wait(w);
	} else {
		*nap_us = *nap_us == 0 ? 1 : RTE_MIN(*nap_us * 2, w->nap_max_us);
		rte_delay_us_sleep(*nap_us);
		w->naps++;
	}
	w->rested_tsc = rte_get_tsc_cycles();
}

/* sched_attr of Linux (include/uapi/linux/sched/types.h), its first version */
struct l2k_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;  /* SCHED_OTHER: the slice asked for, ns */
	uint64_t sched_deadline;
	uint64_t sched_period;
};

/*
 * Ask for a short slice for the calling thread, keeping its policy and
 * nice value. Returns the slice in effect in us, or 0 with the reason in
 * *why: a policy other than SCHED_OTHER is the user's choice and kept; a
 * refusal (seccomp, a container) or a kernel without custom slices (before
 * 6.12 sched_runtime is ignored for SCHED_OTHER) leaves the default slice.
 * Then the lcore works as before, only its wake-ups from naps may wait for
 * another task's slice.
 */
static unsigned int
lcore_short_slice(unsigned int us, const char **why)
{
	struct l2k_sched_attr a;

	memset(&a, 0, sizeof(a));
	if (syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0) != 0) {
		*why = strerror(errno);
		return 0;
	}
	if (a.sched_policy != SCHED_OTHER) {
		*why = "the lcore's scheduling policy is not SCHED_OTHER, kept";
		return 0;
	}
	a.size = sizeof(a);
	a.sched_flags = 0;
	a.sched_runtime = (uint64_t)us * 1000;
	if (syscall(SYS_sched_setattr, 0, &a, 0) != 0) {
		*why = strerror(errno);
		return 0;
	}
	memset(&a, 0, sizeof(a));
	if (syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0) != 0 || a.sched_runtime == 0) {
		*why = "the kernel has no custom slices (Linux 6.12)";
		return 0;
	}
	return (unsigned int)(a.sched_runtime / 1000);
}

int
l2k_fwd_lcore(void *arg)
{
	struct l2k_worker *w = arg;
	struct l2k_dir *dirs = w->dirs;
	unsigned int i, nb = w->nb_dirs;
	const uint16_t burst = w->burst;
	const uint64_t hold = w->hold_tsc;
	uint64_t idle_since = 0;
	uint32_t nap_us = 0;
	unsigned int work, slice;
	const char *why = NULL;

	/* naps of 1 us, not the default 50 us of slack */
	if (w->nap_max_us > 0) {
		prctl(PR_SET_TIMERSLACK, 1000UL, 0UL, 0UL, 0UL);
		w->intr = lcore_intr_setup(w);
		slice = lcore_short_slice(L2K_SLICE_US, &why);
		if (slice != 0)
			L2K_INFO("lcore %u: sched: slice %u us", rte_lcore_id(), slice);
		else
			L2K_INFO("lcore %u: sched: default slice (%s)", rte_lcore_id(), why);
	}
	if (w->nap_max_us == 0)
		L2K_INFO("lcore %u: idle: polls always (--idle-sleep 0)", rte_lcore_id());
	else
		L2K_INFO("lcore %u: idle: naps up to %u us%s", rte_lcore_id(), w->nap_max_us,
			 w->intr ? ", then sleeps on RX interrupts" : "");
	while (likely(!l2k_force_quit && !fwd_stop)) {
		work = 0;
		for (i = 0; i < nb; i++) {
			if (dirs[i].bql != NULL)
				l2k_bql_poll(dirs[i].bql);
			/* K down: leave frames in the rings, drop what was already pulled */
			if (unlikely(!*dirs[i].on)) {
				if (dirs[i].held)
					dir_drop_held(&dirs[i]);
				if (dirs[i].sched != NULL && l2k_sched_busy(dirs[i].sched))
					l2k_sched_drop_all(dirs[i].sched);
			} else if (dirs[i].sched != NULL) {
				work += dir_poll_sched(&dirs[i], burst, hold);
			} else {
				work += dir_poll(&dirs[i], burst, hold);
			}
		}
		if (likely(work != 0)) {
			idle_since = 0;
			nap_us = 0;
		} else if (w->nap_max_us != 0) {
			lcore_idle(w, &idle_since, &nap_us);
		}
	}
	if (w->intr)
		lcore_intr_teardown(w);
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

/* The software offloads of one queue of a direction, where the plan has some. */
static int
dir_soft(struct l2k_dir *d, const struct l2k_pair *pair, bool to_wire, uint16_t q,
	 unsigned int lc)
{
	d->to_wire = to_wire;
	d->soft = l2k_soft_create(&pair->plan, to_wire, pair->wire, q, d->stats,
				  (int)rte_lcore_to_socket_id(lc));
	if (d->soft == NULL && rte_errno == ENOMEM) {
		L2K_ERR("%s queue %u: no memory for software offloads (%s)", pair->wire_name,
			q, to_wire ? "segmentation" : "GRO");
		return -ENOMEM;
	}
	return 0;
}

/*
 * Whether a direction of 'pair' has the application's queue (the rule of
 * l2k_config_dir_queue()): what it receives from, and whether its frames
 * are segmentation-offload frames (K -> P: TSO that P finishes, P -> K:
 * P's LRO frames passed whole; software segmentation queues MTU segments).
 */
enum l2k_dir_queue
l2k_fwd_dir_queue(const struct l2k_app *app, const struct l2k_pair *pair, bool to_wire)
{
	struct rte_eth_dev_info info;
	bool gso = to_wire ? pair->plan.hw_gso != 0 : pair->plan.lro_to_kernel;

	if (rte_eth_dev_info_get(to_wire ? pair->kern : pair->wire, &info) != 0)
		info.driver_name = NULL;
	return l2k_config_dir_queue(&app->cfg, to_wire, info.driver_name, gso);
}

/*
 * The scheduler of one queue of a direction, if it has one: the pair's rate
 * (0: unshaped), shared by its queues. Returns 0, or -ENOMEM.
 */
static int
dir_sched(struct l2k_dir *d, const struct l2k_app *app, const struct l2k_pair *pair,
	  uint64_t rate, unsigned int lc)
{
	struct l2k_config c = app->cfg;

	if (l2k_fwd_dir_queue(app, pair, d->to_wire) != L2K_DIR_QUEUED)
		return 0;
	c.shape_bps = rate == 0 ? 0 : RTE_MAX(rate / pair->nb_queues, 1u);
	d->sched = l2k_sched_create(&c, d->stats, (int)rte_lcore_to_socket_id(lc));
	return d->sched == NULL ? -ENOMEM : 0;
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
	char why[128];
	uint16_t q;
	int ret;

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
		w->idle_tsc = rte_get_tsc_hz() / 1000000 * L2K_IDLE_US;
		w->yield_tsc = rte_get_tsc_hz() / 1000000 * L2K_YIELD_US;
		w->rested_tsc = 0;
		w->yields = 0;
		w->nap_max_us = app->cfg.idle_sleep_us;
		w->naps = 0;
		w->intr_waits = 0;
		w->intr = false;
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
			d = &workers[lc].dirs[workers[lc].nb_dirs++];
			dir_init(d, pair->wire, pair->kern, q, &pair->to_kern[q], &pair->fwd_on,
				 pair->plan.kern_tx);
			ret = dir_soft(d, pair, false, q, lc);
			if (ret < 0)
				return ret;
			if (dir_sched(d, app, pair, app->cfg.shape_in_bps, lc) < 0)
				return -ENOMEM;
			d = &workers[lc].dirs[workers[lc].nb_dirs++];
			dir_init(d, pair->kern, pair->wire, q, &pair->to_wire[q], &pair->fwd_on,
				 pair->plan.wire_tx);
			ret = dir_soft(d, pair, true, q, lc);
			if (ret < 0)
				return ret;
			d->bql = l2k_bql_create(pair->wire, q, &app->cfg,
						(int)rte_lcore_to_socket_id(lc), why, sizeof(why));
			L2K_INFO("bql: %s txq %u: %s", pair->wire_name, q, why);
			if (dir_sched(d, app, pair, app->cfg.shape_bps, lc) < 0)
				return -ENOMEM;
			/* a short TUN ring means no scheduler here (l2k_dir_short_ring) */
			d->count_flows = pair->kern_txqlen != 0 && d->soft == NULL;
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

/* The direction counts into one of the n stats from 'first' (a pair's queues, one way). */
static inline bool
dir_counts_into(const struct l2k_dir *d, const struct l2k_dir_stats *first, uint16_t n)
{
	return d->stats >= first && d->stats < first + n;
}

/*
 * Queue counters of the schedulers of one direction of the pair (read while
 * the lcores run: racy, monotonic). False: the direction has none.
 */
bool
l2k_fwd_queue_stats(const struct l2k_pair *pair, bool to_wire, struct l2k_queue_stats *qs)
{
	const struct l2k_dir_stats *first = to_wire ? pair->to_wire : pair->to_kern;
	unsigned int lc, i;
	bool any = false;

	memset(qs, 0, sizeof(*qs));
	for (lc = 0; lc < RTE_MAX_LCORE; lc++)
		for (i = 0; i < workers[lc].nb_dirs; i++) {
			const struct l2k_dir *d = &workers[lc].dirs[i];

			if (d->sched != NULL && dir_counts_into(d, first, pair->nb_queues)) {
				l2k_sched_stats(d->sched, qs);
				any = true;
			}
		}
	return any;
}

/* Byte queue limits of the pair's P TX queues (racy, like the queue stats): summed. */
bool
l2k_fwd_bql_stats(const struct l2k_pair *pair, uint32_t *limit, uint32_t *inflight,
		  uint64_t *throttled)
{
	unsigned int lc, i;
	bool any = false;

	*limit = *inflight = 0;
	*throttled = 0;
	for (lc = 0; lc < RTE_MAX_LCORE; lc++)
		for (i = 0; i < workers[lc].nb_dirs; i++) {
			const struct l2k_dir *d = &workers[lc].dirs[i];
			uint32_t l, f;
			uint64_t t;

			if (d->bql == NULL || !dir_counts_into(d, pair->to_wire, pair->nb_queues))
				continue;
			l2k_bql_stats(d->bql, &l, &f, &t);
			*limit += l;
			*inflight += f;
			*throttled += t;
			any = true;
		}
	return any;
}

/* Idle back-off counters of the lcores serving the pair (racy reads, like the rest). */
void
l2k_fwd_idle_stats(const struct l2k_pair *pair, struct l2k_idle_stats *is)
{
	unsigned int lc, i;

	memset(is, 0, sizeof(*is));
	for (lc = 0; lc < RTE_MAX_LCORE; lc++)
		for (i = 0; i < workers[lc].nb_dirs; i++) {
			const struct l2k_dir *d = &workers[lc].dirs[i];

			if (!dir_counts_into(d, pair->to_wire, pair->nb_queues) &&
			    !dir_counts_into(d, pair->to_kern, pair->nb_queues))
				continue;
			is->naps += workers[lc].naps;
			is->intr_waits += workers[lc].intr_waits;
			is->yields += workers[lc].yields;
			break;
		}
}

/* Free the lcores' state, the frames their schedulers hold included. */
void
l2k_fwd_release(void)
{
	unsigned int lc, i;

	for (lc = 0; lc < RTE_MAX_LCORE; lc++) {
		for (i = 0; i < workers[lc].nb_dirs; i++) {
			l2k_sched_free(workers[lc].dirs[i].sched);
			l2k_bql_free(workers[lc].dirs[i].bql);
			l2k_soft_free(workers[lc].dirs[i].soft);
		}
		rte_free(workers[lc].dirs);
		workers[lc].dirs = NULL;
		workers[lc].nb_dirs = 0;
	}
}
