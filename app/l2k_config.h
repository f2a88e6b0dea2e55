/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_CONFIG_H
#define L2K_CONFIG_H

/**
 * @file
 * Configuration of dpdk-l2fwd-kernel: defaults, then the INI file given by
 * --config, then the command line (application options after the EAL's
 * "--"). Pure code: no EAL, no system calls beyond reading the file.
 */

#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

/** Kernel paths, in no particular order (select.c holds the auto order). */
enum l2k_path {
	L2K_PATH_AUTO = 0,
	L2K_PATH_RTAP,
	L2K_PATH_TAP,
	L2K_PATH_VIRTIO_USER,
	L2K_PATH_AF_XDP,
	L2K_PATH_AF_PACKET,
	L2K_PATH_MAX
};

/** --soft-offload: offloads P lacks, done in software (doc/benchmarks.md). */
enum l2k_soft_mode {
	L2K_SOFT_AUTO = 0, /**< only where measured faster: GRO to the kernel */
	L2K_SOFT_ON,       /**< all: checksums, TCP/IPv4 segmentation, GRO */
	L2K_SOFT_OFF,      /**< none: the kernel is not offered what P cannot do */
	L2K_SOFT_MAX
};

/** Default longest sleep of an idle forwarding lcore, microseconds. */
#define L2K_IDLE_SLEEP_US 100

/** Most ports (P) the application handles; one kernel port (K) each. */
#define L2K_MAX_PORTS 16
/** Length of a network namespace name (as under /var/run/netns). */
#define L2K_NETNS_LEN 64

/** The application's queue of each direction (sched.c). */
enum l2k_queue_kind {
	L2K_QUEUE_FQ_CODEL = 0, /**< flow queues, CoDel, ECN marking: the default */
	L2K_QUEUE_FIFO,         /**< one tail-drop FIFO: no management, for comparisons */
	L2K_QUEUE_OFF,          /**< none unless shaped: back-pressure to the rings */
};

struct l2k_config {
	enum l2k_path path;                      /**< --path / path=, default auto */
	char iface[L2K_MAX_PORTS][IFNAMSIZ];     /**< --iface / iface=, "" = derive */
	unsigned int n_iface;                    /**< names given */
	char netns[L2K_NETNS_LEN];               /**< --netns / netns=, "" = stay */
	bool exit_on_delete;                     /**< --on-delete / on-delete=exit; default recreate */
	unsigned int stats_interval;             /**< --stats / stats=, seconds, 0 = off */
	char config_file[PATH_MAX];              /**< --config, "" = none */
	uint16_t burst;                          /**< burst=, packets per rx/tx burst */
	uint16_t rxd;                            /**< rx-descriptors=, 0 = driver default */
	uint16_t txd;                            /**< tx-descriptors=, 0 = driver default */
	uint32_t mbufs;                          /**< mbufs=, per port, 0 = computed */
	uint64_t shape_bps;                      /**< --shape / shape=, bit/s to the wire, 0 = off */
	uint64_t shape_in_bps;                   /**< --shape-in, bit/s from the wire to K, 0 = off */
	enum l2k_queue_kind queue;               /**< --queue / queue=, default fq_codel */
	bool bql_off;                            /**< --bql off: no byte queue limits */
	uint32_t bql_min;                        /**< --bql-min, bytes, default 0 */
	uint32_t bql_max;                        /**< --bql-max, bytes, 0 = no bound */
	uint32_t bql_hold_ms;                    /**< --bql-hold, slack hold time, ms */
	uint32_t idle_sleep_us;                  /**< --idle-sleep, longest idle nap, 0 = poll */
	enum l2k_soft_mode soft;                 /**< --soft-offload / soft-offload=, default auto */
};

/**
 * Whether a direction has the application's queue (a scheduler): shaped, or
 * unshaped unless --queue off. to_wire: K -> P, else P -> K.
 */
bool l2k_config_queued(const struct l2k_config *cfg, bool to_wire);

/** Whether a direction has the application's queue, and if not, why. */
enum l2k_dir_queue {
	L2K_DIR_QUEUED = 0,    /**< a scheduler: shaped, or segmentation-offload frames */
	L2K_DIR_NONE_CONFIG,   /**< --queue off, unshaped: the rings as the drivers make them */
	L2K_DIR_NONE_UMEM,     /**< unshaped, RX of net_af_xdp: frames are UMEM buffers */
	L2K_DIR_NONE_MTU,      /**< unshaped, frames of one MTU each */
};

/**
 * The rule of doc/design.md "Queueing" for one direction: its configuration
 * (to_wire: K -> P, else P -> K), the driver of the port it receives from,
 * and whether its frames are segmentation-offload frames (TSO P finishes,
 * or P's LRO frames passed whole).
 */
enum l2k_dir_queue l2k_config_dir_queue(const struct l2k_config *cfg, bool to_wire,
					const char *rx_driver, bool gso_frames);

/**
 * Where a direction has no queue of the application's for want of one
 * (L2K_DIR_NONE_UMEM, L2K_DIR_NONE_MTU), the kernel's ring ahead of it is
 * the queue, and is kept short (doc/benchmarks.md "Short rings"): P's RX
 * ring (P -> K), unless rx-descriptors is set...
 */
#define L2K_SHORT_RX_RING 512
/**
 * ... and K's TUN ring (the netdev's txqueuelen), for rtap, tap and
 * virtio-user: L2K_SHORT_TUN_RING with several bulk flows through it, up to
 * L2K_TUN_RING_ONE_FLOW for a lone one (ringsize.c), recounted every
 * L2K_RING_INTERVAL_MS.
 */
#define L2K_SHORT_TUN_RING 128
#define L2K_TUN_RING_ONE_FLOW 512
#define L2K_RING_INTERVAL_MS 100

/** Whether 'q' keeps the kernel's ring ahead of the direction short. */
static inline bool
l2k_dir_short_ring(enum l2k_dir_queue q)
{
	return q == L2K_DIR_NONE_UMEM || q == L2K_DIR_NONE_MTU;
}

/** Outcome of l2k_config_parse_args() other than an error. */
enum {
	L2K_CONFIG_RUN = 0,  /**< go on */
	L2K_CONFIG_HELP = 1, /**< --help was given: print usage, exit 0 */
};

/** Fill 'cfg' with the defaults. */
void l2k_config_init(struct l2k_config *cfg);

/**
 * Parse application options (argv[0] is the program name, as getopt wants).
 * When --config FILE is present the file is read first, so command-line
 * options override it whatever their order.
 * @return L2K_CONFIG_RUN, L2K_CONFIG_HELP, or -EINVAL with a message in
 *         'err' that names the problem (option, value, file and line).
 */
int l2k_config_parse_args(struct l2k_config *cfg, int argc, char **argv,
			  char *err, size_t errlen);

/**
 * Parse an INI file into 'cfg' (only keys present are changed).
 * @return 0, or -errno with 'err' naming file, line and problem.
 */
int l2k_config_parse_file(struct l2k_config *cfg, const char *path,
			  char *err, size_t errlen);

/** Parse INI text from memory; 'name' is used in messages. Same returns. */
int l2k_config_parse_string(struct l2k_config *cfg, const char *text,
			    const char *name, char *err, size_t errlen);

/** "auto", "rtap", "tap", "virtio-user", "af_xdp", "af_packet". */
const char *l2k_path_name(enum l2k_path path);

/** Inverse of l2k_path_name(); -EINVAL when unknown. */
int l2k_path_parse(const char *name, enum l2k_path *path);

/** "auto", "on", "off". */
const char *l2k_soft_mode_name(enum l2k_soft_mode mode);

/** Check a kernel interface name (non-empty, < IFNAMSIZ, no '/', ':' or space). */
int l2k_ifname_check(const char *name, char *err, size_t errlen);

/** Usage text for --help and errors. */
void l2k_config_usage(FILE *f, const char *prog);

#endif /* L2K_CONFIG_H */
