/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_H
#define L2K_H

/*
 * Private header of dpdk-l2fwd-kernel, grouped by the file that defines
 * each function. Return convention: 0 or positive on success, -errno on
 * failure; functions that fail for a reason the user must read also fill
 * an error buffer (char *err, size_t errlen) naming the problem.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_log.h>

#include "l2k_config.h"
#include "l2k_offload.h"
#include "l2k_queue.h"

struct l2k_nl;
struct l2k_nl_watch;
struct rte_mempool;
struct rte_mbuf;

extern int l2k_logtype;

#define L2K_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, l2k_logtype, "l2fwd-kernel: " fmt "\n", ##__VA_ARGS__)

/* Lines the user (and the tests) read go to stdout, errors to stderr. */
#define L2K_INFO(fmt, ...) do { \
	printf("l2fwd-kernel: " fmt "\n", ##__VA_ARGS__); \
	fflush(stdout); \
} while (0)
#define L2K_WARN(fmt, ...) do { \
	printf("l2fwd-kernel: warning: " fmt "\n", ##__VA_ARGS__); \
	fflush(stdout); \
} while (0)
#define L2K_ERR(fmt, ...) \
	fprintf(stderr, "l2fwd-kernel: error: " fmt "\n", ##__VA_ARGS__)

#define L2K_ERRLEN 256

/* Alias put on every netdev the application creates, to recognise its own. */
#define L2K_ALIAS_PREFIX "l2fwd-kernel pid "

/** Traffic counters of one direction of one queue, written by one lcore only. */
struct __rte_cache_aligned l2k_dir_stats {
	uint64_t pkts;
	uint64_t bytes;
	uint64_t drops;
	uint64_t gso;                   /**< frames handed on whole for segmentation */
	/* software offloads (soft.c) */
	uint64_t soft_csum;             /**< checksums completed in software */
	uint64_t soft_gso;              /**< GSO frames segmented in software */
	uint64_t soft_gso_segs;         /**< segments they gave */
	uint64_t soft_gro;              /**< frames merged in software (GRO) */
	uint64_t soft_gro_segs;         /**< segments merged into them */
	uint64_t soft_csum_bad;         /**< bad checksums found: not merged, passed on */
	uint64_t soft_errors;           /**< frames software could not finish: dropped */
	/** K -> P where K's TUN ring is sized by flows: a bit per sampled bulk
	 *  flow, set by the lcore, taken (and cleared) by kport.c each interval */
	uint64_t bulk_flow_bits;
};

/** Mirrored changes, counted per pair (mirror.c). */
enum l2k_mirror_what {
	L2K_MIRROR_WIRE_LINK,   /**< P link up/down -> K carrier */
	L2K_MIRROR_MTU,         /**< K MTU -> P */
	L2K_MIRROR_ADDR,        /**< K MAC -> P */
	L2K_MIRROR_UP,          /**< K up/down -> forwarding on/off (and P's link) */
	L2K_MIRROR_PROMISC,     /**< K promisc -> P */
	L2K_MIRROR_ALLMULTI,    /**< K allmulticast/multicast -> P */
	L2K_MIRROR_RENAME,      /**< K renamed: followed */
	L2K_MIRROR_NETNS,       /**< K moved to another namespace: followed */
	L2K_MIRROR_RECREATE,    /**< K deleted by a user: recreated */
	L2K_MIRROR_REFUSED,     /**< P refused a change: K restored */
	L2K_MIRROR_MAX
};

/** One wire port P and its kernel port K. */
struct l2k_pair {
	uint16_t wire;                  /**< P's port id */
	uint16_t kern;                  /**< K's port id */
	uint16_t nb_queues;
	enum l2k_path path;
	char wire_name[RTE_ETH_NAME_MAX_LEN];
	char kern_vdev[RTE_ETH_NAME_MAX_LEN];
	char ifname[IFNAMSIZ];          /**< K's kernel netdev */
	char peer[IFNAMSIZ];            /**< DPDK end of the veth ("" for TAP-like paths) */
	bool kern_created;              /**< K vdev exists */
	bool veth_created;              /**< veth pair exists */
	bool kern_started;
	bool wire_started;
	bool in_netns;                  /**< K was moved into cfg->netns */
	struct rte_ether_addr mac;
	uint16_t mtu;
	uint16_t max_mtu;               /**< highest MTU P carries in our mbufs */
	uint16_t wire_rxd;              /**< P's RX descriptors per queue, as set up */
	uint16_t kern_rxd;              /**< K's */
	uint32_t kern_txqlen;           /**< K's TUN ring as set (kport.c), 0 = left alone */
	struct l2k_ring_sizer kern_ring; /**< its length from the bulk flows (kport.c) */
	uint64_t kern_ring_resizes;     /**< lengths set since start */
	uint64_t kern_ring_next_ms;     /**< when the flows are next counted */
	bool kern_ring_fixed;           /**< refused, or set by someone else: no more sizing */
	int kern_ifindex;               /**< K's netdev, followed by mirror.c */
	int kern_nsid;                  /**< where it is (L2K_NL_NSID_SELF: here) */
	int peer_ifindex;               /**< the veth peer, 0 for TAP-like paths */
	int wire_ifindex;               /**< P's backing netdev (af_xdp, ...), 0 when none */
	char wire_netdev[IFNAMSIZ];     /**< its name, for messages */
	const char *wire_lost;          /**< P's netdev gone ("was deleted", ...): exit */
	bool wire_tap;                  /**< P is a TAP: its netdev may move, the fds stay */
	volatile bool wire_removed;     /**< RTE_ETH_EVENT_INTR_RMV (interrupt thread) */
	bool wire_link;                 /**< P's link as last mirrored */
	uint32_t kern_speed;            /**< speed K reports (ethtool), 0 = not set */
	uint16_t kern_duplex;
	bool kern_lost;                 /**< K moved where it cannot be followed */
	bool kern_deleted;              /**< K deleted by a user: re-create or exit */
	volatile bool fwd_on;           /**< K is up: forward (read by the lcores) */
	uint64_t mirrored[L2K_MIRROR_MAX];
	struct l2k_offload_plan plan;   /**< offloads negotiated between P and K */
	struct rte_mempool *wire_pool;  /**< mbufs received on P */
	struct rte_mempool *kern_pool;  /**< mbufs received on K */
	struct l2k_dir_stats *to_kern;  /**< [nb_queues] P -> K */
	struct l2k_dir_stats *to_wire;  /**< [nb_queues] K -> P */
};

/** Application state, owned by the main lcore. */
struct l2k_app {
	struct l2k_config cfg;
	struct l2k_pair pairs[L2K_MAX_PORTS];
	unsigned int nb_pairs;
	unsigned int nb_workers;
	bool no_huge;
	int netns_fd;                   /**< cfg.netns opened, -1 when none */
	int self_ns_fd;                 /**< our own namespace, -1 when not needed */
	struct l2k_nl *nl;              /**< requests in our namespace */
	struct l2k_nl *nl_ns;           /**< requests in cfg.netns, NULL when none */
	struct l2k_nl_watch *watch;     /**< follows every K (and P's netdev) */
	int wake_fd;                    /**< eventfd: LSC interrupt -> control loop */
	uint64_t resyncs;               /**< netlink overruns recovered */
	bool failed;                    /**< stopped by an error after start: exit status 1 */
};

extern volatile bool l2k_force_quit;

/* eal_args.c */
int l2k_eal_args_build(int argc, char **argv, int hugepages_free, char ***out,
		       int *out_argc, bool *no_huge);
int l2k_hugepages_free(void);
int l2k_split_args(int argc, char **argv);

/* stale.c */
void l2k_stale_reclaim(int argc, char **argv);
void l2k_stale_xdp_moved(struct l2k_nl *nl, int nsid, int ifindex, const char *ifname);

/* path.c */
int l2k_path_probe(enum l2k_path path, char *why, size_t len);
int l2k_check_privileges(enum l2k_path path, char *err, size_t errlen);
int l2k_check_netns_privileges(char *err, size_t errlen);
int l2k_check_wire_privileges(int argc, char **argv, char *err, size_t errlen);

/* kport.c */
int l2k_kport_check_name(struct l2k_app *app, const char *name, char *err, size_t errlen);
int l2k_kport_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
int l2k_kport_attach(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
void l2k_kport_destroy(struct l2k_app *app, struct l2k_pair *pair);
void l2k_kport_ring_poll(struct l2k_app *app, struct l2k_pair *pair, uint64_t now_ms);
void l2k_kport_ring_changed(struct l2k_app *app, struct l2k_pair *pair);
int l2k_kport_packet_fixup(const struct l2k_pair *pair, bool kick);
int l2k_kport_vdev_args(const struct l2k_pair *pair, char *name, size_t nlen,
			char *args, size_t alen);

/* veth.c */
int l2k_veth_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
void l2k_veth_destroy(struct l2k_app *app, struct l2k_pair *pair);
int l2k_veth_peer_name(const char *ifname, char *peer, size_t len);

/* select.c */
extern const enum l2k_path l2k_auto_order[];
extern const unsigned int l2k_auto_order_len;
typedef int (*l2k_path_try_t)(enum l2k_path path, char *why, size_t len, void *arg);
int l2k_path_select(enum l2k_path asked, l2k_path_try_t try_path, void *arg,
		    enum l2k_path *chosen, char *err, size_t errlen);

/* port.c */
int l2k_port_setup(struct l2k_app *app, struct l2k_pair *pair, uint16_t port,
		   uint64_t rx_offloads, uint64_t tx_offloads, struct rte_mempool **pool,
		   char *err, size_t errlen);
void l2k_port_negotiate(struct l2k_pair *pair, enum l2k_soft_mode soft);
void l2k_port_close(uint16_t port);
#define L2K_MTU_WHY_LEN 128 /* what l2k_port_max_mtu() says, at most */
uint16_t l2k_port_max_mtu(uint16_t port, char *why, size_t len);
uint16_t l2k_queues_for(uint16_t wire_port, unsigned int nb_workers, enum l2k_path path);

/* fwd.c */
int l2k_fwd_assign(struct l2k_app *app);
enum l2k_dir_queue l2k_fwd_dir_queue(const struct l2k_app *app, const struct l2k_pair *pair,
				     bool to_wire);
int l2k_fwd_lcore(void *arg);
void l2k_fwd_stop(void);
/* Counters of the --shape/--shape-in schedulers of one direction of a pair (summed). */
struct l2k_queue_stats {
	uint64_t codel_drops;
	uint64_t ce_marks;
	uint64_t overlimit;
	uint64_t shaper_lost_bytes; /* of the rate, while frames waited on a late lcore */
	uint32_t backlog;
};
bool l2k_fwd_queue_stats(const struct l2k_pair *pair, bool to_wire, struct l2k_queue_stats *qs);
bool l2k_rx_intr_driver(const char *driver_name);
bool l2k_fwd_bql_stats(const struct l2k_pair *pair, uint32_t *limit, uint32_t *inflight,
		       uint64_t *throttled);
/* Idle back-off of the lcores serving a pair (summed, each lcore once). */
struct l2k_idle_stats {
	uint64_t naps;       /* timed naps */
	uint64_t intr_waits; /* sleeps on RX interrupts */
	uint64_t yields;     /* empty rounds that yielded the core after a nap */
};
void l2k_fwd_idle_stats(const struct l2k_pair *pair, struct l2k_idle_stats *is);
void l2k_fwd_release(void);

/* bql.c */
struct l2k_bql;
struct l2k_bql *l2k_bql_create(uint16_t port, uint16_t queue, const struct l2k_config *cfg,
			       int socket, char *why, size_t len);
uint16_t l2k_bql_admit(struct l2k_bql *b, struct rte_mbuf **pkts, uint16_t n);
void l2k_bql_sent(struct l2k_bql *b, struct rte_mbuf **pkts, uint16_t admitted,
		  uint16_t sent);
void l2k_bql_poll(struct l2k_bql *b);
void l2k_bql_free(struct l2k_bql *b);
void l2k_bql_stats(const struct l2k_bql *b, uint32_t *limit, uint32_t *inflight,
		   uint64_t *throttled);

/* sched.c */
struct l2k_sched;
struct l2k_sched *l2k_sched_create(const struct l2k_config *cfg, struct l2k_dir_stats *stats,
				   int socket);
void l2k_sched_free(struct l2k_sched *s);
uint64_t l2k_sched_now(const struct l2k_sched *s);
void l2k_sched_enqueue(struct l2k_sched *s, struct rte_mbuf **pkts, uint16_t n, uint64_t now);
uint16_t l2k_sched_dequeue(struct l2k_sched *s, struct rte_mbuf **out, uint16_t max,
			   uint64_t now);
bool l2k_sched_busy(const struct l2k_sched *s);
void l2k_sched_drop_all(struct l2k_sched *s);
void l2k_sched_stats(const struct l2k_sched *s, struct l2k_queue_stats *qs);
uint32_t l2k_sched_flow_hash(const struct rte_mbuf *m);

/* soft.c */
/** Most frames one burst becomes after software segmentation. */
#define L2K_SOFT_MAX_OUT 2048
/** Most frames received per burst on a direction that segments in software. */
#define L2K_SOFT_GSO_BURST 32
struct l2k_soft;
struct l2k_soft *l2k_soft_create(const struct l2k_offload_plan *plan, bool to_wire, uint16_t wire,
				 uint16_t queue, struct l2k_dir_stats *st, int socket);
void l2k_soft_free(struct l2k_soft *s);
uint16_t l2k_soft_to_wire(struct l2k_soft *s, struct rte_mbuf **in, uint16_t n,
			  struct rte_mbuf **out, uint16_t max);
uint16_t l2k_soft_to_kern(struct l2k_soft *s, struct rte_mbuf **pkts, uint16_t n);
struct rte_mbuf **l2k_soft_buf(struct l2k_soft *s);
int l2k_soft_l4_sum(const struct rte_mbuf *m, uint16_t *sum);
int l2k_soft_csum(struct rte_mbuf *m);
uint16_t l2k_soft_gro(struct rte_mbuf **pkts, uint16_t n, struct l2k_dir_stats *st);
int l2k_soft_gso(struct l2k_soft *s, struct rte_mbuf *m, struct rte_mbuf **out, uint16_t max);

/* mirror.c */
typedef int (*l2k_kport_reopen_t)(struct l2k_pair *pair, char *err, size_t errlen);
int l2k_mirror_init(struct l2k_app *app, char *err, size_t errlen);
int l2k_mirror_follow(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
void l2k_mirror_poll(struct l2k_app *app, l2k_kport_reopen_t reopen);
void l2k_mirror_fini(struct l2k_app *app);
const char *l2k_mirror_name(enum l2k_mirror_what what);

/* stats.c */
void l2k_stats_print(const struct l2k_app *app, const char *what);
void l2k_telemetry_register(const struct l2k_app *app);

#endif /* L2K_H */
