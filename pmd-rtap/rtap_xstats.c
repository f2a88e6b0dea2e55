/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Basic statistics and per-queue extended statistics. */

#include <stddef.h>
#include <stdio.h>

#include <rte_ethdev.h>
#include <ethdev_driver.h>

#include "rtap.h"

struct rtap_xstat_def {
	const char *name;
	size_t off;
};

#define RX_STAT(n) { #n, offsetof(struct rtap_rxq_stats, n) }
#define TX_STAT(n) { #n, offsetof(struct rtap_txq_stats, n) }

static const struct rtap_xstat_def rx_defs[] = {
	RX_STAT(packets), RX_STAT(bytes), RX_STAT(errors), RX_STAT(nombuf),
	RX_STAT(malformed), RX_STAT(oversize), RX_STAT(read_errors), RX_STAT(csum_partial),
	RX_STAT(csum_valid), RX_STAT(gso), RX_STAT(multiseg),
};

static const struct rtap_xstat_def tx_defs[] = {
	TX_STAT(packets), TX_STAT(bytes), TX_STAT(errors), TX_STAT(write_errors),
	TX_STAT(ring_full), TX_STAT(csum), TX_STAT(tso), TX_STAT(data_valid),
	TX_STAT(multiseg),
};

#define NB_RX_DEFS RTE_DIM(rx_defs)
#define NB_TX_DEFS RTE_DIM(tx_defs)

static unsigned int
xstats_count(const struct rte_eth_dev *dev)
{
	return dev->data->nb_rx_queues * NB_RX_DEFS + dev->data->nb_tx_queues * NB_TX_DEFS;
}

#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
int
rtap_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats,
	       struct eth_queue_stats *qstats)
#else
int
rtap_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats)
#endif
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct rtap_rx_queue *rxq = dev->data->rx_queues[i];

		if (rxq == NULL)
			continue;
		stats->ipackets += rxq->st.packets;
		stats->ibytes += rxq->st.bytes;
		stats->ierrors += rxq->st.errors;
		/* rx_nombuf: ethdev fills it from rx_mbuf_alloc_failed */
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
		if (qstats != NULL && i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			qstats->q_ipackets[i] = rxq->st.packets;
			qstats->q_ibytes[i] = rxq->st.bytes;
			qstats->q_errors[i] = rxq->st.errors;
		}
#else
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_ipackets[i] = rxq->st.packets;
			stats->q_ibytes[i] = rxq->st.bytes;
			stats->q_errors[i] = rxq->st.errors;
		}
#endif
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct rtap_tx_queue *txq = dev->data->tx_queues[i];

		if (txq == NULL)
			continue;
		stats->opackets += txq->st.packets;
		stats->obytes += txq->st.bytes;
		stats->oerrors += txq->st.errors;
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
		if (qstats != NULL && i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			qstats->q_opackets[i] = txq->st.packets;
			qstats->q_obytes[i] = txq->st.bytes;
		}
#else
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			stats->q_opackets[i] = txq->st.packets;
			stats->q_obytes[i] = txq->st.bytes;
		}
#endif
	}
	return 0;
}

int
rtap_stats_reset(struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct rtap_rx_queue *rxq = dev->data->rx_queues[i];

		if (rxq != NULL)
			memset(&rxq->st, 0, sizeof(rxq->st));
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		struct rtap_tx_queue *txq = dev->data->tx_queues[i];

		if (txq != NULL)
			memset(&txq->st, 0, sizeof(txq->st));
	}
	dev->data->rx_mbuf_alloc_failed = 0;
	return 0;
}

int
rtap_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
		      unsigned int n)
{
	unsigned int count = xstats_count(dev), k = 0, j;
	uint16_t q;

	if (names == NULL || n < count)
		return (int)count;
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		for (j = 0; j < NB_RX_DEFS; j++)
			snprintf(names[k++].name, RTE_ETH_XSTATS_NAME_SIZE, "rx_q%u_%s",
				 q, rx_defs[j].name);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		for (j = 0; j < NB_TX_DEFS; j++)
			snprintf(names[k++].name, RTE_ETH_XSTATS_NAME_SIZE, "tx_q%u_%s",
				 q, tx_defs[j].name);
	return (int)count;
}

int
rtap_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n)
{
	unsigned int count = xstats_count(dev), k = 0, j;
	uint16_t q;

	if (xstats == NULL || n < count)
		return (int)count;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct rtap_rx_queue *rxq = dev->data->rx_queues[q];

		for (j = 0; j < NB_RX_DEFS; j++, k++) {
			xstats[k].id = k;
			xstats[k].value = rxq == NULL ? 0 :
				*(const uint64_t *)RTE_PTR_ADD(&rxq->st, rx_defs[j].off);
		}
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct rtap_tx_queue *txq = dev->data->tx_queues[q];

		for (j = 0; j < NB_TX_DEFS; j++, k++) {
			xstats[k].id = k;
			xstats[k].value = txq == NULL ? 0 :
				*(const uint64_t *)RTE_PTR_ADD(&txq->st, tx_defs[j].off);
		}
	}
	return (int)count;
}
