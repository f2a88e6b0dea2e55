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

struct l2k_nl;
struct rte_mempool;

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
};

extern volatile bool l2k_force_quit;

/* eal_args.c */
int l2k_eal_args_build(int argc, char **argv, int hugepages_free, char ***out,
		       int *out_argc, bool *no_huge);
int l2k_hugepages_free(void);
int l2k_split_args(int argc, char **argv);

/* path.c */
int l2k_path_probe(enum l2k_path path, char *why, size_t len);
int l2k_check_privileges(char *err, size_t errlen);

/* kport.c */
int l2k_kport_check_name(struct l2k_app *app, const char *name, char *err, size_t errlen);
int l2k_kport_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
int l2k_kport_attach(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
void l2k_kport_destroy(struct l2k_app *app, struct l2k_pair *pair);
int l2k_kport_vdev_args(const struct l2k_pair *pair, char *name, size_t nlen,
			char *args, size_t alen);

/* veth.c */
int l2k_veth_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen);
void l2k_veth_destroy(struct l2k_app *app, struct l2k_pair *pair);
int l2k_veth_peer_name(const char *ifname, char *peer, size_t len);
int l2k_ethtool_offloads_off(const char *ifname);

/* select.c */
extern const enum l2k_path l2k_auto_order[];
extern const unsigned int l2k_auto_order_len;
typedef int (*l2k_path_try_t)(enum l2k_path path, char *why, size_t len, void *arg);
int l2k_path_select(enum l2k_path asked, l2k_path_try_t try_path, void *arg,
		    enum l2k_path *chosen, char *err, size_t errlen);

/* port.c */
int l2k_port_setup(struct l2k_app *app, struct l2k_pair *pair, uint16_t port,
		   struct rte_mempool **pool, char *err, size_t errlen);
void l2k_port_close(uint16_t port);
uint16_t l2k_queues_for(uint16_t wire_port, unsigned int nb_workers, enum l2k_path path);

/* fwd.c */
int l2k_fwd_assign(struct l2k_app *app);
int l2k_fwd_lcore(void *arg);
void l2k_fwd_release(void);

/* stats.c */
void l2k_stats_print(const struct l2k_app *app, const char *what);

#endif /* L2K_H */
