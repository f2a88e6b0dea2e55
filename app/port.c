/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Ethdev set-up shared by P and K: queues, descriptors, mempool, start.
 * Each port receives into its own mempool (AF_XDP uses it as its UMEM).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "l2k.h"

#define L2K_MEMPOOL_CACHE 256
#define L2K_MIN_MBUFS 4095

/*
 * Fewest mbufs a port's pool may be given (--mbufs): its RX rings full, per
 * queue a burst being replaced and one held by the forwarding lcore, and
 * what the per-lcore caches may keep out of reach of the other lcores.
 */
static unsigned int
min_mbufs(const struct l2k_app *app, uint16_t nq, uint16_t nb_rxd)
{
	return nq * (nb_rxd + 2u * app->cfg.burst) + (app->nb_workers + 1) * L2K_MEMPOOL_CACHE;
}

/* XDP_PACKET_HEADROOM of <linux/bpf.h>: what the kernel leaves before an XDP frame */
#define L2K_XDP_HEADROOM 256

/*
 * The highest MTU 'port' carries with the application's mbufs, and in 'why'
 * what sets it when it is less than the driver's max_mtu. net_af_xdp (22.11
 * and later) receives a frame into a single mbuf of the pool, its UMEM,
 * after the kernel's XDP headroom, and has neither scattered RX nor
 * multi-segment TX: a frame longer than one mbuf cannot come in (the kernel
 * drops it) nor go out. A frame at the MTU may carry one VLAN tag.
 */
uint16_t
l2k_port_max_mtu(uint16_t port, char *why, size_t len)
{
	struct rte_eth_dev_info info;
	uint32_t max, frame;

	if (len > 0)
		why[0] = '\0';
	if (rte_eth_dev_info_get(port, &info) != 0)
		return UINT16_MAX;
	max = info.max_mtu != 0 ? info.max_mtu : UINT16_MAX;
	if (strcmp(info.driver_name, "net_af_xdp") != 0)
		return (uint16_t)max;
	frame = RTE_MBUF_DEFAULT_BUF_SIZE - RTE_PKTMBUF_HEADROOM - L2K_XDP_HEADROOM;
	if (frame - RTE_ETHER_HDR_LEN - RTE_VLAN_HLEN < max) {
		max = frame - RTE_ETHER_HDR_LEN - RTE_VLAN_HLEN;
		snprintf(why, len, "%s receives a frame into one %u-byte mbuf after %u bytes of "
			 "XDP headroom: %u bytes, %u of MTU with a VLAN tag", info.driver_name,
			 (unsigned int)(RTE_MBUF_DEFAULT_BUF_SIZE - RTE_PKTMBUF_HEADROOM),
			 L2K_XDP_HEADROOM, frame, max);
	}
	return (uint16_t)max;
}

/* Queue pairs for a wire port: one per forwarding lcore, within P's limits. */
uint16_t
l2k_queues_for(uint16_t wire_port, unsigned int nb_workers, enum l2k_path path)
{
	struct rte_eth_dev_info info;
	uint16_t n = RTE_MAX(nb_workers, 1u);

	if (rte_eth_dev_info_get(wire_port, &info) == 0) {
		n = RTE_MIN(n, info.max_rx_queues);
		n = RTE_MIN(n, info.max_tx_queues);
	}
	/* the veth K is created with one queue pair */
	if (path == L2K_PATH_AF_XDP || path == L2K_PATH_AF_PACKET)
		n = 1;
	return RTE_MAX(n, (uint16_t)1);
}

/*
 * Offloads of a pair: the intersection of what P's hardware does and what
 * K can exchange with the kernel. Only rtap carries virtio-net headers
 * here (checksum-partial and GSO frames both ways); the redirect paths and
 * net_tap hand finished frames only.
 */
void
l2k_port_negotiate(struct l2k_pair *pair, enum l2k_soft_mode soft)
{
	struct rte_eth_dev_info wi, ki;
	struct l2k_kern_caps kc = { 0 };
	struct l2k_offload_policy pol;

	memset(&wi, 0, sizeof(wi));
	memset(&ki, 0, sizeof(ki));
	if (rte_eth_dev_info_get(pair->wire, &wi) < 0 || rte_eth_dev_info_get(pair->kern, &ki) < 0)
		wi.rx_offload_capa = wi.tx_offload_capa = 0;
	if (pair->path == L2K_PATH_RTAP) {
		kc.csum = ki.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
		/* with LRO, rtap lets the kernel send TSO (ECN too) and USO where it has it */
		kc.tso4 = kc.tso6 = kc.ecn = kc.uso = ki.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TCP_LRO;
		kc.csum_valid = true;
		kc.gso_in = ki.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO;
		kc.uso_in = ki.tx_offload_capa & RTE_ETH_TX_OFFLOAD_UDP_TSO;
	}
	l2k_offload_policy_of(soft, &pol);
	l2k_offload_negotiate(wi.rx_offload_capa, wi.tx_offload_capa, &kc, &pol, &pair->plan);
}

int
l2k_port_setup(struct l2k_app *app, struct l2k_pair *pair, uint16_t port,
	       uint64_t rx_offloads, uint64_t tx_offloads, struct rte_mempool **pool,
	       char *err, size_t errlen)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t nb_rxd, nb_txd;
	uint16_t q, nq = pair->nb_queues;
	char name[RTE_MEMPOOL_NAMESIZE];
	int socket = rte_eth_dev_socket_id(port);
	enum l2k_dir_queue dq;
	unsigned int nb_mbufs;
	int ret;

	if (socket < 0)
		socket = (int)rte_socket_id();
	ret = rte_eth_dev_info_get(port, &info);
	if (ret < 0) {
		snprintf(err, errlen, "port %u: cannot get device info: %s", port, strerror(-ret));
		return ret;
	}
	/* the driver's preferred ring sizes, as ethdev itself would pick them */
	nb_rxd = app->cfg.rxd ? app->cfg.rxd : info.default_rxportconf.ring_size;
	nb_txd = app->cfg.txd ? app->cfg.txd : info.default_txportconf.ring_size;
	if (nb_rxd == 0)
		nb_rxd = RTE_ETH_DEV_FALLBACK_RX_RINGSIZE;
	if (nb_txd == 0)
		nb_txd = RTE_ETH_DEV_FALLBACK_TX_RINGSIZE;
	/*
	 * The direction this port receives for, and whether the application
	 * queues it. Where not, P's RX ring is the queue, and is kept short. K's
	 * is left alone: a short one looked costly for af_xdp K, within a wide
	 * spread (doc/benchmarks.md "Short rings"); its TUN ring is kport.c's.
	 */
	dq = l2k_fwd_dir_queue(app, pair, port == pair->kern);
	if (port == pair->wire && app->cfg.rxd == 0 && l2k_dir_short_ring(dq))
		nb_rxd = RTE_MIN(nb_rxd, (uint16_t)L2K_SHORT_RX_RING);
	memset(&conf, 0, sizeof(conf));
	/* frames larger than one mbuf (an MTU raised later) arrive and leave as chains */
	conf.rxmode.offloads = (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) | rx_offloads;
	conf.txmode.offloads = (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) |
			       tx_offloads;
	if (rx_offloads & RTE_ETH_RX_OFFLOAD_TCP_LRO)
		conf.rxmode.max_lro_pkt_size = info.max_lro_pkt_size;
	/* link changes interrupt the control loop where the driver can */
	if (port == pair->wire && (*info.dev_flags & RTE_ETH_DEV_INTR_LSC))
		conf.intr_conf.lsc = 1;
	/* an idle forwarding lcore sleeps on RX interrupts where the driver has them */
	if (l2k_rx_intr_driver(info.driver_name))
		conf.intr_conf.rxq = 1;
	if (nq > 1 && info.flow_type_rss_offloads) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);
	}
	ret = rte_eth_dev_configure(port, nq, nq, &conf);
	if (ret < 0) {
		snprintf(err, errlen, "port %u: cannot configure %u queue pair(s): %s",
			 port, nq, strerror(-ret));
		return ret;
	}
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (ret < 0) {
		snprintf(err, errlen, "port %u: cannot adjust descriptors: %s", port,
			 strerror(-ret));
		return ret;
	}

	/* RX ring + peer's TX ring + bursts in flight + per-lcore caches */
	nb_mbufs = app->cfg.mbufs;
	if (nb_mbufs != 0 && nb_mbufs < min_mbufs(app, nq, nb_rxd)) {
		snprintf(err, errlen, "port %u: mbufs %u is too few to fill its rings: at least "
			 "%u needed (%u queue(s) x (%u RX descriptors + 2 bursts of %u) + %u "
			 "lcore caches of %u)", port, nb_mbufs, min_mbufs(app, nq, nb_rxd), nq,
			 nb_rxd, app->cfg.burst, app->nb_workers + 1, L2K_MEMPOOL_CACHE);
		return -EINVAL;
	}
	if (nb_mbufs == 0) {
		nb_mbufs = nq * (2u * nb_rxd + nb_txd + 2u * app->cfg.burst) +
			   (app->nb_workers + 1) * L2K_MEMPOOL_CACHE;
		nb_mbufs = RTE_MAX(nb_mbufs, (unsigned int)L2K_MIN_MBUFS);
		/* frames of this port wait in its direction's scheduler (1024 frames, 4 MB) */
		if (dq == L2K_DIR_QUEUED)
			nb_mbufs += nq * 3072u;
	}
	snprintf(name, sizeof(name), "l2k_mp_%u", port);
	*pool = rte_pktmbuf_pool_create(name, nb_mbufs, L2K_MEMPOOL_CACHE, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE, socket);
	if (*pool == NULL) {
		snprintf(err, errlen, "port %u: cannot create mempool of %u mbufs: %s%s",
			 port, nb_mbufs, rte_strerror(rte_errno),
			 app->no_huge ? " (running without hugepages: raise -m)" : "");
		return -rte_errno;
	}

	for (q = 0; q < nq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nb_rxd, socket, NULL, *pool);
		if (ret < 0) {
			snprintf(err, errlen, "port %u: rx queue %u setup: %s", port, q,
				 strerror(-ret));
			return ret;
		}
		ret = rte_eth_tx_queue_setup(port, q, nb_txd, socket, NULL);
		if (ret < 0) {
			snprintf(err, errlen, "port %u: tx queue %u setup: %s", port, q,
				 strerror(-ret));
			return ret;
		}
	}
	ret = rte_eth_dev_start(port);
	if (ret < 0) {
		snprintf(err, errlen, "port %u: cannot start: %s", port, strerror(-ret));
		return ret;
	}
	if (port == pair->kern)
		pair->kern_rxd = nb_rxd;
	else
		pair->wire_rxd = nb_rxd;
	L2K_INFO("port %u: %u queue pair(s), %u rx / %u tx descriptors, mempool %u mbufs x %u bytes",
		 port, nq, nb_rxd, nb_txd, nb_mbufs, (unsigned int)RTE_MBUF_DEFAULT_BUF_SIZE);
	return 0;
}

void
l2k_port_close(uint16_t port)
{
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
}
