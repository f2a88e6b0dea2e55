/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Byte queue limits on a TX queue of the wire port P: the dynamic limit of
 * dql.c fed with real completions, so that only what the device needs to
 * stay busy sits in its ring and the backlog stays in the application
 * (the held burst, or the --shape scheduler) where it can be managed.
 *
 * How a completion is learnt depends on the PMD (see the dql.c header):
 *
 * - Reference count (any PMD that keeps the mbuf until the device is done
 *   with it: rtap until its write completes, virtio-user until the used
 *   ring returns it, NIC PMDs until the descriptor is cleaned): the
 *   application takes one more reference on every segment before
 *   rte_eth_tx_burst(); the frame is complete once the driver has dropped
 *   its own, and the application frees it then. The oldest frames are
 *   checked at every poll; rte_eth_tx_done_cleanup() (or an empty
 *   rte_eth_tx_burst() where it is missing) makes lazy drivers let go.
 * - Synchronous: net_tap and net_af_packet copy the frame into the kernel
 *   inside rte_eth_tx_burst(), and net_af_xdp copies a frame from another
 *   mempool (every frame from K) into its UMEM and frees the mbuf there
 *   too. Nothing of ours waits in a device ring, so there is nothing to
 *   limit, and no cost is paid: no limit is set up.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "l2k.h"
#include "l2k_queue.h"

/* Frames in flight at most per queue: beyond it, sending waits. */
#define BQL_FIFO 4096u

struct l2k_bql {
	struct l2k_dql dql;
	uint16_t port;
	uint16_t queue;
	bool has_cleanup;       /* rte_eth_tx_done_cleanup() is implemented */
	uint64_t ns_per_tsc;    /* Q32 */
	uint32_t head;          /* oldest frame in flight */
	uint32_t tail;          /* next free entry */
	uint64_t throttled;     /* sends cut short by the limit */
	struct rte_mbuf *m[BQL_FIFO];
	uint32_t len[BQL_FIFO];
};

/* PMDs whose rte_eth_tx_burst() leaves nothing of ours in a device ring */
static const char *const sync_drivers[] = { "net_tap", "net_af_packet", "net_af_xdp" };

static uint64_t
bql_now(const struct l2k_bql *b)
{
	return (uint64_t)(((unsigned __int128)rte_get_tsc_cycles() * b->ns_per_tsc) >> 32);
}

struct l2k_bql *
l2k_bql_create(uint16_t port, uint16_t queue, const struct l2k_config *cfg, int socket,
	       char *why, size_t len)
{
	struct rte_eth_dev_info info;
	struct l2k_bql *b;
	unsigned int i;
	int ret;

	if (cfg->bql_off) {
		snprintf(why, len, "off (--bql off)");
		return NULL;
	}
	ret = rte_eth_dev_info_get(port, &info);
	if (ret != 0) {
		snprintf(why, len, "off: no device info (%s)", strerror(-ret));
		return NULL;
	}
	for (i = 0; i < RTE_DIM(sync_drivers); i++) {
		if (strcmp(info.driver_name, sync_drivers[i]) == 0) {
			snprintf(why, len, "none needed: %s copies each frame out "
				 "within rte_eth_tx_burst()", info.driver_name);
			return NULL;
		}
	}
	/* the reference method forbids RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE: port.c never asks */
	b = rte_zmalloc_socket("l2k_bql", sizeof(*b), RTE_CACHE_LINE_SIZE, socket);
	if (b == NULL) {
		snprintf(why, len, "off: out of memory");
		return NULL;
	}
	if (l2k_dql_init(&b->dql, (uint64_t)cfg->bql_hold_ms * 1000000, cfg->bql_min,
			 cfg->bql_max) < 0) {
		rte_free(b);
		snprintf(why, len, "off: bql-min/bql-max refused");
		return NULL;
	}
	b->port = port;
	b->queue = queue;
	b->ns_per_tsc = (uint64_t)(((unsigned __int128)NS_PER_S << 32) / rte_get_tsc_hz());
	/* probe: -ENOTSUP when the driver has no done_cleanup */
	b->has_cleanup = rte_eth_tx_done_cleanup(port, queue, 0) != -ENOTSUP;
	snprintf(why, len, "by reference count (%s)%s", info.driver_name,
		 b->has_cleanup ? ", done_cleanup" : "");
	return b;
}

/*
 * How many of the n frames at pkts may be handed to the device now, and
 * take the application's reference on them. Linux's rule: send while the
 * limit is not reached; the last frame may overshoot it.
 */
uint16_t
l2k_bql_admit(struct l2k_bql *b, struct rte_mbuf **pkts, uint16_t n)
{
	int32_t avail = l2k_dql_avail(&b->dql);
	uint32_t room = BQL_FIFO - (b->tail - b->head);
	uint16_t i;

	for (i = 0; i < n && avail >= 0 && i < room; i++) {
		avail -= (int32_t)rte_pktmbuf_pkt_len(pkts[i]);
		rte_pktmbuf_refcnt_update(pkts[i], 1);
	}
	if (i < n)
		b->throttled++;
	return i;
}

/* After rte_eth_tx_burst() took 'sent' of the 'admitted' frames. */
void
l2k_bql_sent(struct l2k_bql *b, struct rte_mbuf **pkts, uint16_t admitted, uint16_t sent)
{
	uint32_t bytes = 0, len;
	uint16_t i;

	for (i = 0; i < sent; i++) {
		uint32_t slot = b->tail++ & (BQL_FIFO - 1);

		len = rte_pktmbuf_pkt_len(pkts[i]);
		b->m[slot] = pkts[i];
		b->len[slot] = len;
		bytes += len;
	}
	/* the device refused these: they stay the caller's, with one reference */
	for (; i < admitted; i++)
		rte_pktmbuf_refcnt_update(pkts[i], -1);
	if (bytes > 0)
		l2k_dql_queued(&b->dql, bytes);
}

/* Complete, oldest first, the frames the driver let go of. */
void
l2k_bql_poll(struct l2k_bql *b)
{
	uint32_t bytes = 0;

	if (b->head == b->tail)
		return;
	if (rte_mbuf_refcnt_read(b->m[b->head & (BQL_FIFO - 1)]) > 1) {
		/* ask the driver to let go of what the device finished */
		if (b->has_cleanup)
			rte_eth_tx_done_cleanup(b->port, b->queue, 0);
		else
			rte_eth_tx_burst(b->port, b->queue, NULL, 0);
	}
	while (b->head != b->tail) {
		uint32_t slot = b->head & (BQL_FIFO - 1);
		struct rte_mbuf *m = b->m[slot];

		if (rte_mbuf_refcnt_read(m) > 1)
			break;
		bytes += b->len[slot];
		rte_pktmbuf_free(m);
		b->head++;
	}
	if (bytes > 0)
		l2k_dql_completed(&b->dql, bytes, bql_now(b));
}

/* Frames still in flight are the application's too: free them (lcores stopped). */
void
l2k_bql_free(struct l2k_bql *b)
{
	if (b == NULL)
		return;
	while (b->head != b->tail) {
		struct rte_mbuf *m = b->m[b->head++ & (BQL_FIFO - 1)];

		/* our reference; the driver frees its own when its queue is released */
		rte_pktmbuf_free(m);
	}
	rte_free(b);
}

void
l2k_bql_stats(const struct l2k_bql *b, uint32_t *limit, uint32_t *inflight,
	      uint64_t *throttled)
{
	*limit = b->dql.limit;
	*inflight = l2k_dql_inflight(&b->dql);
	*throttled = b->throttled;
}
