/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef RTAP_H
#define RTAP_H

/*
 * net_rtap private header: a TAP netdev on the kernel side, an ethdev on the
 * DPDK side, packet I/O through io_uring. Declarations are grouped by the
 * source file that defines them. Helpers return 0 or -errno.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <net/if.h>
#include <sys/uio.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <liburing.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_version.h>

struct rte_eth_dev;
struct rte_eth_xstat;
struct rte_eth_xstat_name;
struct rte_eth_stats;
struct rte_intr_handle;
struct l2k_link;

/* Older uapi headers (Debian 12) lack the UDP segmentation offload names. */
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4 5
#endif
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

extern int rtap_logtype;

#define PMD_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, rtap_logtype, "%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define PMD_LOG_ERRNO(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, rtap_logtype, "%s(): " fmt ": %s\n", __func__, \
		##__VA_ARGS__, strerror(errno))

#ifdef RTE_ETHDEV_DEBUG_RX
#define PMD_RX_LOG(level, fmt, ...) PMD_LOG(level, "rx: " fmt, ##__VA_ARGS__)
#else
#define PMD_RX_LOG(level, fmt, ...) do { } while (0)
#endif

#ifdef RTE_ETHDEV_DEBUG_TX
#define PMD_TX_LOG(level, fmt, ...) PMD_LOG(level, "tx: " fmt, ##__VA_ARGS__)
#else
#define PMD_TX_LOG(level, fmt, ...) do { } while (0)
#endif

#define RTAP_MAX_QUEUES		64	/* queue pairs, each one TAP fd */
#define RTAP_MIN_DESC		32
#define RTAP_MAX_DESC		4096
#define RTAP_DEFAULT_DESC	512
#define RTAP_TX_MAX_SEGS	64	/* mbuf segments in one frame written */
#define RTAP_VNET_HDR_LEN	((uint16_t)sizeof(struct virtio_net_hdr))
#define RTAP_GSO_MAX_FRAME	(65536 + RTE_ETHER_HDR_LEN + RTE_VLAN_HLEN)
/* Longest frame without GSO at an MTU: Ethernet header and two VLAN tags. */
#define RTAP_MTU_FRAME(mtu)	((uint32_t)(mtu) + RTE_ETHER_HDR_LEN + 2 * RTE_VLAN_HLEN)
#define RTAP_MIN_MTU		68
#define RTAP_MAX_MTU		(65535 - RTE_ETHER_HDR_LEN)

/* Per-queue counters; the xstats table (rtap_xstats.c) names each one. */
struct rtap_rxq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors;	/* malformed + oversize + read errors */
	uint64_t nombuf;	/* frame dropped: no mbuf to replace the posted ones */
	uint64_t malformed;	/* bad virtio-net header or runt frame, dropped */
	uint64_t oversize;	/* longer than the MTU allows or than the read, dropped */
	uint64_t read_errors;	/* read completed with an error */
	uint64_t csum_partial;	/* kernel left the L4 checksum to us */
	uint64_t csum_valid;	/* kernel verified the checksum */
	uint64_t gso;		/* GSO frames (large receive) */
	uint64_t multiseg;	/* frames delivered as chained mbufs */
};

struct rtap_txq_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t errors;	/* bad offload request or write failure, mbuf freed */
	uint64_t write_errors;	/* write completed with an error */
	uint64_t ring_full;	/* bursts cut short by a full ring */
	uint64_t csum;		/* checksum offload requests */
	uint64_t tso;		/* segmentation offload requests */
	uint64_t data_valid;	/* frames marked DATA_VALID for the kernel */
	uint64_t multiseg;	/* chained mbufs written */
};

struct rtap_rx_queue {
	struct io_uring ring;
	bool ring_ok;
	bool started;
	bool detached;		/* the netdev was deleted: reads fail for good */
	int fd;			/* TAP queue fd (owned by rtap_pmd) */
	int intr_fd;		/* eventfd registered with the ring, -1 when none */
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t nb_desc;
	uint16_t nsegs;		/* mbufs posted per read */
	uint32_t seg_len;	/* data room of each posted mbuf */
	uint32_t max_len;	/* longest frame without GSO (MTU's); set by mtu_set too */
	uint32_t inflight;	/* reads posted and not completed */
	uint32_t nb_idle;	/* slots waiting to be posted */
	uint16_t *idle;		/* stack of slot indexes waiting to be posted */
	struct rte_mempool *mp;
	struct rte_mbuf **segs;	/* nb_desc * nsegs; NULL entry = not allocated */
	struct iovec *iovs;	/* nb_desc * nsegs */
	uint64_t offloads;	/* RTE_ETH_RX_OFFLOAD_* */
	struct rtap_rxq_stats st;
};

struct rtap_tx_slot {
	struct rte_mbuf *m;
	struct virtio_net_hdr hdr;
};

struct rtap_tx_queue {
	struct io_uring ring;
	bool ring_ok;
	int fd;
	uint16_t port_id;
	uint16_t queue_id;
	uint16_t nb_desc;
	uint16_t nb_free;
	uint16_t *free;		/* stack of free slot indexes */
	struct rtap_tx_slot *slots;
	struct iovec *iovs;	/* nb_desc * (1 + RTAP_TX_MAX_SEGS) */
	uint64_t offloads;	/* RTE_ETH_TX_OFFLOAD_* */
	struct rtap_txq_stats st;
};

struct rtap_pmd {
	char ifname[IFNAMSIZ];	/* name asked for (may hold %d) */
	int ifindex;		/* last known, in the TAP's own namespace */
	int fds[RTAP_MAX_QUEUES];	/* TAP queue fds, -1 when closed */
	uint16_t nb_fds;
	unsigned int tun_flags;	/* IFF_* used to attach queues */
	unsigned int tun_offload;	/* TUN_F_* last set with TUNSETOFFLOAD */
	bool persist;
	bool started;
	struct rte_ether_addr mac;
	struct rte_intr_handle *intr_handle;
};

/* rtap_ethdev.c */
int rtap_tap_attach_queue(struct rtap_pmd *pmd, int *fdp);

/* rtap_rxtx.c */
int rtap_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			unsigned int socket_id, const struct rte_eth_rxconf *conf,
			struct rte_mempool *mp);
int rtap_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid, uint16_t nb_desc,
			unsigned int socket_id, const struct rte_eth_txconf *conf);
void rtap_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void rtap_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int rtap_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int rtap_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
int rtap_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int rtap_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
uint16_t rtap_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint16_t rtap_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts);
uint32_t rtap_rx_frame_max(const struct rte_eth_dev *dev);
unsigned int rtap_rx_refill(struct rtap_rx_queue *rxq);

/* rtap_offload.c: pure translations, no system calls (unit-tested) */
/* Positive results of rtap_rx_offload(), for the counters. */
#define RTAP_RX_OFL_CSUM_PARTIAL	(1 << 0)
#define RTAP_RX_OFL_CSUM_VALID		(1 << 1)
#define RTAP_RX_OFL_GSO			(1 << 2)
/* Positive results of rtap_tx_offload(). */
#define RTAP_TX_OFL_CSUM		(1 << 0)
#define RTAP_TX_OFL_TSO			(1 << 1)
#define RTAP_TX_OFL_DATA_VALID		(1 << 2)
int rtap_rx_offload(struct rte_mbuf *m, const struct virtio_net_hdr *hdr, uint64_t offloads);
int rtap_tx_offload(struct rte_mbuf *m, struct virtio_net_hdr *hdr, uint64_t offloads);
unsigned int rtap_tun_offload_flags(uint64_t rx_offloads);

/* rtap_netlink.c: link control by ifindex in the TAP's own namespace */
int rtap_nl_link_get(struct rtap_pmd *pmd, struct l2k_link *link);
int rtap_nl_set_mtu(struct rtap_pmd *pmd, uint32_t mtu);
int rtap_nl_set_mac(struct rtap_pmd *pmd, const struct rte_ether_addr *mac);
int rtap_nl_set_up(struct rtap_pmd *pmd, bool up);
int rtap_nl_set_promisc(struct rtap_pmd *pmd, bool on);
int rtap_nl_set_allmulti(struct rtap_pmd *pmd, bool on);

/* rtap_intr.c */
int rtap_intr_setup(struct rte_eth_dev *dev);
void rtap_intr_teardown(struct rte_eth_dev *dev);
int rtap_rx_intr_enable(struct rte_eth_dev *dev, uint16_t qid);
int rtap_rx_intr_disable(struct rte_eth_dev *dev, uint16_t qid);

/* rtap_xstats.c */
#if RTE_VERSION >= RTE_VERSION_NUM(25, 11, 0, 0)
struct eth_queue_stats;
int rtap_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats,
		   struct eth_queue_stats *qstats);
#else
int rtap_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
#endif
int rtap_stats_reset(struct rte_eth_dev *dev);
int rtap_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats, unsigned int n);
int rtap_xstats_get_names(struct rte_eth_dev *dev, struct rte_eth_xstat_name *names,
			  unsigned int n);

#endif /* RTAP_H */
