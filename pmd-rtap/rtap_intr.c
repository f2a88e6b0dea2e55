/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * RX interrupts: one eventfd per RX queue, registered with the queue's ring
 * so that every completion posted signals it. The EAL drains the 8-byte
 * counter (RTE_INTR_HANDLE_VDEV with a counter size of 8).
 */

#include <errno.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include <rte_ethdev.h>
#include <rte_interrupts.h>
#include <ethdev_driver.h>

#include "rtap.h"

void
rtap_intr_teardown(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct rtap_rx_queue *rxq = dev->data->rx_queues[i];

		if (rxq == NULL || rxq->intr_fd < 0)
			continue;
		io_uring_unregister_eventfd(&rxq->ring);
		close(rxq->intr_fd);
		rxq->intr_fd = -1;
	}
	if (pmd->intr_handle != NULL) {
		rte_intr_vec_list_free(pmd->intr_handle);
		rte_intr_instance_free(pmd->intr_handle);
		pmd->intr_handle = NULL;
	}
	dev->intr_handle = NULL;
}

int
rtap_intr_setup(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t n = dev->data->nb_rx_queues;
	struct rte_intr_handle *h;
	uint16_t i;
	int ret;

	if (n > RTE_MAX_RXTX_INTR_VEC_ID) {
		PMD_LOG(ERR, "RX interrupts: %u queues, at most %u", n, RTE_MAX_RXTX_INTR_VEC_ID);
		return -EINVAL;
	}
	h = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (h == NULL)
		return -ENOMEM;
	pmd->intr_handle = h;
	if (rte_intr_type_set(h, RTE_INTR_HANDLE_VDEV) < 0 ||
	    rte_intr_efd_counter_size_set(h, sizeof(uint64_t)) < 0 ||
	    rte_intr_vec_list_alloc(h, NULL, n) < 0) {
		ret = -rte_errno;
		goto teardown;
	}
	for (i = 0; i < n; i++) {
		struct rtap_rx_queue *rxq = dev->data->rx_queues[i];
		int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

		if (efd < 0) {
			ret = -errno;
			PMD_LOG_ERRNO(ERR, "RX queue %u: eventfd", i);
			goto teardown;
		}
		ret = io_uring_register_eventfd(&rxq->ring, efd);
		if (ret < 0) {
			PMD_LOG(ERR, "RX queue %u: io_uring_register_eventfd: %s", i,
				strerror(-ret));
			close(efd);
			goto teardown;
		}
		rxq->intr_fd = efd;
		if (rte_intr_efds_index_set(h, i, efd) < 0 ||
		    rte_intr_vec_list_index_set(h, i, RTE_INTR_VEC_RXTX_OFFSET + i) < 0) {
			ret = -rte_errno;
			goto teardown;
		}
	}
	if (rte_intr_nb_efd_set(h, n) < 0 || rte_intr_max_intr_set(h, n + 1) < 0) {
		ret = -rte_errno;
		goto teardown;
	}
	dev->intr_handle = h;
	return 0;

teardown:
	rtap_intr_teardown(dev);
	return ret;
}

int
rtap_rx_intr_enable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_rx_queue *rxq = dev->data->rx_queues[qid];
	uint64_t one = 1;

	if (rxq == NULL || rxq->intr_fd < 0)
		return -EINVAL;
	/* reads must be posted for a completion ever to come */
	rtap_rx_refill(rxq);
	io_uring_cq_eventfd_toggle(&rxq->ring, true);
	/* a completion that arrived while disabled must still wake the thread */
	if (io_uring_cq_ready(&rxq->ring) > 0 &&
	    write(rxq->intr_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

int
rtap_rx_intr_disable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct rtap_rx_queue *rxq = dev->data->rx_queues[qid];

	if (rxq == NULL || rxq->intr_fd < 0)
		return -EINVAL;
	io_uring_cq_eventfd_toggle(&rxq->ring, false);
	return 0;
}
