/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Queues and the data path. Each RX and each TX queue owns one io_uring on
 * its queue pair's TAP fd (two rings per pair, so the two directions may run
 * on different lcores without locks).
 *
 * RX: a slot is one readv posted into 'nsegs' mbufs, the virtio-net header
 * landing in the first mbuf's headroom; up to RTAP_RX_INFLIGHT slots are
 * posted at once. rx_burst harvests
 * completions, chains the mbufs a frame used and re-posts the slot with fresh
 * mbufs in place of those given away (unused tail mbufs stay posted).
 * Slots are posted from the data path, so their completions run in the
 * polling thread's context.
 *
 * TX: one writev per frame (header + segments), all of a burst in one
 * submit; the mbuf stays owned by its slot until its completion is reaped.
 */

#include <errno.h>
#include <inttypes.h>
#include <unistd.h>

#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <ethdev_driver.h>

#include "rtap.h"

#define RTAP_BURST_MAX		64
/*
 * Reads armed at once per RX queue. Every packet the TAP queues wakes every
 * armed read (io_uring's internal poll is not exclusive), so arming all the
 * descriptors costs more than it gains: re-posted reads complete at once,
 * in the submit of the same rx_burst, while the TAP has frames queued.
 */
#define RTAP_RX_INFLIGHT	32
#define RTAP_RX_MAX_SEGS	128
#define RTAP_CANCEL_TAG		UINT64_MAX
#define RTAP_DRAIN_TIMEOUT_MS	1000

uint32_t
rtap_rx_frame_max(const struct rte_eth_dev *dev)
{
	if (dev->data->dev_conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO)
		return RTAP_GSO_MAX_FRAME;
	return RTAP_MTU_FRAME(dev->data->mtu);
}

/*
 * Completions of reads armed on the TAP run as task work of the polling
 * thread: with COOP_TASKRUN it is not interrupted for them, the work runs
 * when rx_burst enters the kernel (liburing does so when the ring flags
 * IORING_SQ_TASKRUN). A sleeping thread (RX interrupts) is still woken.
 */
static int
rtap_ring_init(struct io_uring *ring, unsigned int entries)
{
	int ret;

	ret = io_uring_queue_init(entries, ring,
				  IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
	if (ret == -EINVAL) /* before Linux 5.19 */
		ret = io_uring_queue_init(entries, ring, 0);
	return ret;
}

/* ---- RX ---- */

int
rtap_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct rte_eth_rxconf *conf,
		    struct rte_mempool *mp)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	struct rtap_rx_queue *rxq;
	int ret;

	if (qid >= pmd->nb_fds || pmd->fds[qid] < 0) {
		PMD_LOG(ERR, "RX queue %u: port not configured for it", qid);
		return -EINVAL;
	}
	if (rte_pktmbuf_data_room_size(mp) < RTE_PKTMBUF_HEADROOM + RTE_ETHER_MIN_LEN ||
	    RTE_PKTMBUF_HEADROOM < RTAP_VNET_HDR_LEN) {
		PMD_LOG(ERR, "RX queue %u: mbufs of pool %s are too small", qid, mp->name);
		return -EINVAL;
	}
	nb_desc = (uint16_t)rte_align32pow2(RTE_MAX(nb_desc, (uint16_t)RTAP_MIN_DESC));
	if (nb_desc > RTAP_MAX_DESC)
		nb_desc = RTAP_MAX_DESC;

	rxq = rte_zmalloc_socket("rtap_rxq", sizeof(*rxq), RTE_CACHE_LINE_SIZE, (int)socket_id);
	if (rxq == NULL)
		return -ENOMEM;
	rxq->idle = rte_zmalloc_socket("rtap_rxq_idle", nb_desc * sizeof(uint16_t), 0,
				       (int)socket_id);
	if (rxq->idle == NULL) {
		ret = -ENOMEM;
		goto free_rxq;
	}
	ret = rtap_ring_init(&rxq->ring, nb_desc);
	if (ret < 0) {
		PMD_LOG(ERR, "RX queue %u: io_uring_queue_init(%u): %s", qid, nb_desc,
			strerror(-ret));
		goto free_idle;
	}
	rxq->ring_ok = true;
	rxq->fd = pmd->fds[qid];
	rxq->intr_fd = -1;
	rxq->port_id = dev->data->port_id;
	rxq->queue_id = qid;
	rxq->nb_desc = nb_desc;
	rxq->mp = mp;
	rxq->offloads = conf->offloads | dev->data->dev_conf.rxmode.offloads;
	dev->data->rx_queues[qid] = rxq;
	return 0;

free_idle:
	rte_free(rxq->idle);
free_rxq:
	rte_free(rxq);
	return ret;
}

static void
rx_free_segs(struct rtap_rx_queue *rxq)
{
	uint32_t i;

	if (rxq->segs != NULL) {
		for (i = 0; i < (uint32_t)rxq->nb_desc * rxq->nsegs; i++) {
			if (rxq->segs[i] != NULL) {
				rxq->segs[i]->next = NULL;
				rxq->segs[i]->nb_segs = 1;
				rte_pktmbuf_free_seg(rxq->segs[i]);
			}
		}
	}
	rte_free(rxq->segs);
	rte_free(rxq->iovs);
	rxq->segs = NULL;
	rxq->iovs = NULL;
}

int
rtap_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_rx_queue *rxq = dev->data->rx_queues[qid];
	uint32_t frame, n;
	uint16_t i;

	if (rxq == NULL)
		return -EINVAL;
	if (rxq->started)
		return 0;
	rxq->seg_len = rte_pktmbuf_data_room_size(rxq->mp) - RTE_PKTMBUF_HEADROOM;
	frame = rtap_rx_frame_max(dev);
	/*
	 * Room for one byte more than the largest frame: a TAP read returns at
	 * most what was asked, so a read that fills every posted byte may have
	 * been cut, and is told apart from a frame of the largest size.
	 */
	rxq->nsegs = (uint16_t)RTE_MIN((frame + rxq->seg_len) / rxq->seg_len,
				       (uint32_t)RTAP_RX_MAX_SEGS);
	__atomic_store_n(&rxq->max_len, RTAP_MTU_FRAME(dev->data->mtu), __ATOMIC_RELAXED);
	if (rxq->nsegs > 1 && !(rxq->offloads & (RTE_ETH_RX_OFFLOAD_SCATTER |
						 RTE_ETH_RX_OFFLOAD_TCP_LRO)))
		PMD_LOG(INFO, "RX queue %u: frames up to %u bytes arrive as up to %u mbufs",
			qid, frame, rxq->nsegs);

	n = (uint32_t)rxq->nb_desc * rxq->nsegs;
	rxq->segs = rte_zmalloc_socket("rtap_rx_segs", n * sizeof(*rxq->segs), 0,
				       rxq->mp->socket_id);
	rxq->iovs = rte_zmalloc_socket("rtap_rx_iovs", n * sizeof(*rxq->iovs), 0,
				       rxq->mp->socket_id);
	if (rxq->segs == NULL || rxq->iovs == NULL) {
		rx_free_segs(rxq);
		return -ENOMEM;
	}
	for (i = 0; i < rxq->nb_desc; i++)
		rxq->idle[i] = (uint16_t)(rxq->nb_desc - 1 - i);
	rxq->nb_idle = rxq->nb_desc;
	rxq->inflight = 0;
	rxq->detached = false;
	rxq->started = true;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

/* Fill a slot's missing mbufs and post its read. */
static int
rx_post(struct rtap_rx_queue *rxq, uint16_t slot)
{
	struct rte_mbuf **segs = &rxq->segs[(uint32_t)slot * rxq->nsegs];
	struct iovec *iov = &rxq->iovs[(uint32_t)slot * rxq->nsegs];
	struct rte_mbuf *fresh[RTAP_RX_MAX_SEGS];
	struct io_uring_sqe *sqe;
	unsigned int i, missing = 0, k = 0;

	for (i = 0; i < rxq->nsegs; i++)
		missing += segs[i] == NULL;
	if (missing > 0) {
		if (rte_pktmbuf_alloc_bulk(rxq->mp, fresh, missing) < 0) {
			rxq->st.nombuf++;
			rte_eth_devices[rxq->port_id].data->rx_mbuf_alloc_failed++;
			return -ENOMEM;
		}
		for (i = 0; i < rxq->nsegs; i++) {
			if (segs[i] == NULL)
				segs[i] = fresh[k++];
		}
	}
	sqe = io_uring_get_sqe(&rxq->ring);
	if (sqe == NULL)
		return -EBUSY;
	for (i = 0; i < rxq->nsegs; i++) {
		iov[i].iov_base = rte_pktmbuf_mtod(segs[i], void *);
		iov[i].iov_len = rxq->seg_len;
	}
	iov[0].iov_base = (uint8_t *)iov[0].iov_base - RTAP_VNET_HDR_LEN;
	iov[0].iov_len += RTAP_VNET_HDR_LEN;
	io_uring_prep_readv(sqe, rxq->fd, iov, rxq->nsegs, 0);
	io_uring_sqe_set_data64(sqe, slot);
	rxq->inflight++;
	return 0;
}

static unsigned int
rx_refill(struct rtap_rx_queue *rxq)
{
	unsigned int posted = 0;

	if (unlikely(rxq->detached))
		return 0;
	while (rxq->nb_idle > 0 && rxq->inflight < RTAP_RX_INFLIGHT) {
		if (rx_post(rxq, rxq->idle[rxq->nb_idle - 1]) < 0)
			break;
		rxq->nb_idle--;
		posted++;
	}
	if (posted > 0)
		io_uring_submit(&rxq->ring);
	return posted;
}

/* Turn a completed read into an mbuf chain, or NULL when the frame is dropped. */
static struct rte_mbuf *
rx_complete(struct rtap_rx_queue *rxq, uint16_t slot, uint32_t res)
{
	struct rte_mbuf **segs = &rxq->segs[(uint32_t)slot * rxq->nsegs];
	struct virtio_net_hdr hdr;
	struct rte_mbuf *head = segs[0];
	uint32_t len, left;
	uint16_t used, i;
	int ret;

	if (res < RTAP_VNET_HDR_LEN + RTE_ETHER_HDR_LEN) {
		rxq->st.malformed++;
		rxq->st.errors++;
		return NULL;
	}
	memcpy(&hdr, rte_pktmbuf_mtod_offset(head, uint8_t *, -(int)RTAP_VNET_HDR_LEN),
	       sizeof(hdr));
	len = res - RTAP_VNET_HDR_LEN;
	/*
	 * Every posted byte filled: cut by the read (the TAP's MTU was raised
	 * behind the port's back). Without GSO, longer than the port's MTU.
	 * Either way what a NIC would drop at its MAC.
	 */
	if (unlikely(len >= (uint32_t)rxq->nsegs * rxq->seg_len ||
		     (len > __atomic_load_n(&rxq->max_len, __ATOMIC_RELAXED) &&
		      hdr.gso_type == VIRTIO_NET_HDR_GSO_NONE))) {
		PMD_RX_LOG(DEBUG, "oversize frame: %u bytes", len);
		rxq->st.oversize++;
		rxq->st.errors++;
		return NULL;
	}
	used = (uint16_t)((len + rxq->seg_len - 1) / rxq->seg_len);
	left = len;
	for (i = 0; i < used; i++) {
		segs[i]->data_len = (uint16_t)RTE_MIN(left, rxq->seg_len);
		left -= segs[i]->data_len;
		segs[i]->next = i + 1 < used ? segs[i + 1] : NULL;
	}
	head->pkt_len = len;
	head->nb_segs = used;
	head->port = rxq->port_id;
	head->ol_flags = 0;
	head->packet_type = 0;
	head->tx_offload = 0;

	ret = rtap_rx_offload(head, &hdr, rxq->offloads);
	if (ret < 0) {
		PMD_RX_LOG(DEBUG, "malformed frame: len %u flags 0x%x gso %u/%u csum %u+%u",
			   len, hdr.flags, hdr.gso_type, hdr.gso_size, hdr.csum_start,
			   hdr.csum_offset);
		for (i = 0; i < used; i++) {
			segs[i]->next = NULL;
			segs[i]->nb_segs = 1;
		}
		rxq->st.malformed++;
		rxq->st.errors++;
		return NULL;
	}
	if (ret & RTAP_RX_OFL_CSUM_PARTIAL)
		rxq->st.csum_partial++;
	if (ret & RTAP_RX_OFL_CSUM_VALID)
		rxq->st.csum_valid++;
	if (ret & RTAP_RX_OFL_GSO)
		rxq->st.gso++;
	if (used > 1)
		rxq->st.multiseg++;
	rxq->st.packets++;
	rxq->st.bytes += len;
	for (i = 0; i < used; i++)
		segs[i] = NULL;
	return head;
}

uint16_t
rtap_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct rtap_rx_queue *rxq = queue;
	struct io_uring_cqe *cqes[RTAP_BURST_MAX];
	unsigned int n, i;
	uint16_t nb_rx = 0;

	if (unlikely(!rxq->started))
		return 0;
	n = io_uring_peek_batch_cqe(&rxq->ring, cqes, RTE_MIN(nb_pkts, RTAP_BURST_MAX));
	for (i = 0; i < n; i++) {
		uint64_t slot = io_uring_cqe_get_data64(cqes[i]);
		int res = cqes[i]->res;
		struct rte_mbuf *m;

		if (unlikely(slot >= rxq->nb_desc))
			continue;
		rxq->inflight--;
		rxq->idle[rxq->nb_idle++] = (uint16_t)slot;
		if (unlikely(res < 0)) {
			if (res != -ECANCELED && res != -EAGAIN && res != -EINTR) {
				rxq->st.read_errors++;
				rxq->st.errors++;
			}
			if (res == -EBADFD && !rxq->detached) {
				rxq->detached = true;
				PMD_LOG(ERR, "port %u RX queue %u: the TAP was deleted",
					rxq->port_id, rxq->queue_id);
			}
			continue;
		}
		m = rx_complete(rxq, (uint16_t)slot, (uint32_t)res);
		if (m != NULL)
			pkts[nb_rx++] = m;
	}
	if (n > 0)
		io_uring_cq_advance(&rxq->ring, n);
	if (rxq->nb_idle > 0)
		rx_refill(rxq);
	return nb_rx;
}

/* Post what can be posted: for interrupt mode before the thread sleeps. */
unsigned int
rtap_rx_refill(struct rtap_rx_queue *rxq)
{
	return rxq->started ? rx_refill(rxq) : 0;
}

/*
 * Wait until 'ring' has no request in flight, calling 'done' per completion;
 * 'done' returns true when the completion was one of the counted requests.
 */
static int
ring_drain(struct io_uring *ring, uint32_t *inflight,
	   bool (*done)(void *q, struct io_uring_cqe *cqe), void *q)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	unsigned int waited = 0;
	struct io_uring_cqe *cqe;

	while (*inflight > 0) {
		int ret = io_uring_wait_cqe_timeout(ring, &cqe, &ts);

		if (ret == -ETIME || ret == -EINTR) {
			waited += 10;
			if (waited >= RTAP_DRAIN_TIMEOUT_MS)
				return -ETIMEDOUT;
			continue;
		}
		if (ret < 0)
			return ret;
		if (done(q, cqe))
			(*inflight)--;
		io_uring_cqe_seen(ring, cqe);
	}
	return 0;
}

static bool
rx_drain_one(void *q, struct io_uring_cqe *cqe)
{
	struct rtap_rx_queue *rxq = q;
	uint64_t slot = io_uring_cqe_get_data64(cqe);

	if (slot >= rxq->nb_desc)
		return false; /* the cancel request itself */
	rxq->idle[rxq->nb_idle++] = (uint16_t)slot;
	return true;
}

int
rtap_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_rx_queue *rxq = dev->data->rx_queues[qid];
	struct io_uring_sqe *sqe;
	int ret = 0;

	if (rxq == NULL || !rxq->started)
		return 0;
	rxq->started = false;
	if (rxq->inflight > 0) {
		sqe = io_uring_get_sqe(&rxq->ring);
		if (sqe != NULL) {
			io_uring_prep_cancel64(sqe, 0, IORING_ASYNC_CANCEL_ANY);
			io_uring_sqe_set_data64(sqe, RTAP_CANCEL_TAG);
			io_uring_submit(&rxq->ring);
		}
		ret = ring_drain(&rxq->ring, &rxq->inflight, rx_drain_one, rxq);
	}
	if (ret < 0) {
		/* the kernel may still write into them: leak rather than corrupt */
		PMD_LOG(ERR, "RX queue %u: %u reads not cancelled (%s), their mbufs are leaked",
			qid, rxq->inflight, strerror(-ret));
		rxq->segs = NULL;
		rxq->iovs = NULL;
	}
	rx_free_segs(rxq);
	rxq->nb_idle = 0;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return ret;
}

void
rtap_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_rx_queue *rxq = dev->data->rx_queues[qid];

	if (rxq == NULL)
		return;
	rtap_rx_queue_stop(dev, qid);
	if (rxq->ring_ok)
		io_uring_queue_exit(&rxq->ring);
	rte_free(rxq->idle);
	rte_free(rxq);
	dev->data->rx_queues[qid] = NULL;
}

/* ---- TX ---- */

int
rtap_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
		    unsigned int socket_id, const struct rte_eth_txconf *conf)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	struct rtap_tx_queue *txq;
	uint16_t i;
	int ret;

	if (qid >= pmd->nb_fds || pmd->fds[qid] < 0) {
		PMD_LOG(ERR, "TX queue %u: port not configured for it", qid);
		return -EINVAL;
	}
	nb_desc = (uint16_t)rte_align32pow2(RTE_MAX(nb_desc, (uint16_t)RTAP_MIN_DESC));
	if (nb_desc > RTAP_MAX_DESC)
		nb_desc = RTAP_MAX_DESC;

	txq = rte_zmalloc_socket("rtap_txq", sizeof(*txq), RTE_CACHE_LINE_SIZE, (int)socket_id);
	if (txq == NULL)
		return -ENOMEM;
	txq->free = rte_zmalloc_socket("rtap_txq_free", nb_desc * sizeof(uint16_t), 0,
				       (int)socket_id);
	txq->slots = rte_zmalloc_socket("rtap_txq_slots", nb_desc * sizeof(*txq->slots), 0,
					(int)socket_id);
	txq->iovs = rte_zmalloc_socket("rtap_txq_iovs", (size_t)nb_desc *
				       (1 + RTAP_TX_MAX_SEGS) * sizeof(*txq->iovs), 0,
				       (int)socket_id);
	if (txq->free == NULL || txq->slots == NULL || txq->iovs == NULL) {
		ret = -ENOMEM;
		goto free_arrays;
	}
	ret = rtap_ring_init(&txq->ring, nb_desc);
	if (ret < 0) {
		PMD_LOG(ERR, "TX queue %u: io_uring_queue_init(%u): %s", qid, nb_desc,
			strerror(-ret));
		goto free_arrays;
	}
	txq->ring_ok = true;
	for (i = 0; i < nb_desc; i++)
		txq->free[i] = (uint16_t)(nb_desc - 1 - i);
	txq->nb_free = nb_desc;
	txq->fd = pmd->fds[qid];
	txq->port_id = dev->data->port_id;
	txq->queue_id = qid;
	txq->nb_desc = nb_desc;
	txq->offloads = conf->offloads | dev->data->dev_conf.txmode.offloads;
	dev->data->tx_queues[qid] = txq;
	return 0;

free_arrays:
	rte_free(txq->iovs);
	rte_free(txq->slots);
	rte_free(txq->free);
	rte_free(txq);
	return ret;
}

static bool
tx_done(void *q, struct io_uring_cqe *cqe)
{
	struct rtap_tx_queue *txq = q;
	uint64_t slot = io_uring_cqe_get_data64(cqe);
	struct rte_mbuf *m;

	if (unlikely(slot >= txq->nb_desc || txq->slots[slot].m == NULL))
		return false;
	m = txq->slots[slot].m;
	if (likely(cqe->res >= 0)) {
		txq->st.packets++;
		txq->st.bytes += m->pkt_len;
	} else {
		PMD_TX_LOG(DEBUG, "write: %s", strerror(-cqe->res));
		txq->st.write_errors++;
		txq->st.errors++;
	}
	rte_pktmbuf_free(m);
	txq->slots[slot].m = NULL;
	txq->free[txq->nb_free++] = (uint16_t)slot;
	return true;
}

static void
tx_reap(struct rtap_tx_queue *txq)
{
	struct io_uring_cqe *cqes[RTAP_BURST_MAX];
	unsigned int n, i;

	do {
		n = io_uring_peek_batch_cqe(&txq->ring, cqes, RTAP_BURST_MAX);
		for (i = 0; i < n; i++)
			(void)tx_done(txq, cqes[i]);
		io_uring_cq_advance(&txq->ring, n);
	} while (n == RTAP_BURST_MAX);
}

int
rtap_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	if (dev->data->tx_queues[qid] == NULL)
		return -EINVAL;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

uint16_t
rtap_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct rtap_tx_queue *txq = queue;
	struct io_uring_sqe *sqe;
	uint16_t i, queued = 0;

	tx_reap(txq);
	for (i = 0; i < nb_pkts; i++) {
		struct rte_mbuf *m = pkts[i], *seg;
		struct rtap_tx_slot *s;
		struct iovec *iov;
		uint16_t slot, k;
		int ret;

		if (unlikely(txq->nb_free == 0)) {
			txq->st.ring_full++;
			break;
		}
		if (unlikely(m->nb_segs > RTAP_TX_MAX_SEGS)) {
			PMD_TX_LOG(DEBUG, "%u segments, at most %u", m->nb_segs, RTAP_TX_MAX_SEGS);
			txq->st.errors++;
			rte_pktmbuf_free(m);
			continue;
		}
		slot = txq->free[txq->nb_free - 1];
		s = &txq->slots[slot];
		ret = rtap_tx_offload(m, &s->hdr, txq->offloads);
		if (unlikely(ret < 0)) {
			PMD_TX_LOG(DEBUG, "offload request 0x%" PRIx64 " refused", m->ol_flags);
			txq->st.errors++;
			rte_pktmbuf_free(m);
			continue;
		}
		sqe = io_uring_get_sqe(&txq->ring);
		if (unlikely(sqe == NULL)) {
			txq->st.ring_full++;
			break;
		}
		txq->nb_free--;
		if (ret & RTAP_TX_OFL_CSUM)
			txq->st.csum++;
		if (ret & RTAP_TX_OFL_TSO)
			txq->st.tso++;
		if (ret & RTAP_TX_OFL_DATA_VALID)
			txq->st.data_valid++;
		if (m->nb_segs > 1)
			txq->st.multiseg++;

		iov = &txq->iovs[(uint32_t)slot * (1 + RTAP_TX_MAX_SEGS)];
		iov[0].iov_base = &s->hdr;
		iov[0].iov_len = RTAP_VNET_HDR_LEN;
		for (seg = m, k = 1; seg != NULL; seg = seg->next, k++) {
			iov[k].iov_base = rte_pktmbuf_mtod(seg, void *);
			iov[k].iov_len = seg->data_len;
		}
		io_uring_prep_writev(sqe, txq->fd, iov, k, 0);
		io_uring_sqe_set_data64(sqe, slot);
		s->m = m;
		queued++;
	}
	if (queued > 0) {
		io_uring_submit(&txq->ring);
		tx_reap(txq);
	}
	return i;
}

int
rtap_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_tx_queue *txq = dev->data->tx_queues[qid];
	uint32_t inflight;
	int ret;

	if (txq == NULL)
		return 0;
	tx_reap(txq);
	inflight = (uint32_t)(txq->nb_desc - txq->nb_free);
	ret = ring_drain(&txq->ring, &inflight, tx_done, txq);
	if (ret < 0) {
		PMD_LOG(ERR, "TX queue %u: %u writes not completed: %s", qid, inflight,
			strerror(-ret));
		return ret;
	}
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

void
rtap_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_tx_queue *txq = dev->data->tx_queues[qid];

	if (txq == NULL)
		return;
	if (rtap_tx_queue_stop(dev, qid) < 0) {
		/* the kernel still reads from them: leak rather than corrupt */
		dev->data->tx_queues[qid] = NULL;
		return;
	}
	if (txq->ring_ok)
		io_uring_queue_exit(&txq->ring);
	rte_free(txq->iovs);
	rte_free(txq->slots);
	rte_free(txq->free);
	rte_free(txq);
	dev->data->tx_queues[qid] = NULL;
}
