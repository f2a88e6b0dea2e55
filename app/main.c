/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * dpdk-l2fwd-kernel: joins every port the EAL probed (P) to the Linux
 * kernel through a kernel port (K) on the best path the host offers.
 * The main lcore does control only; forwarding lcores move the packets.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mempool.h>

#include "l2k.h"
#include "l2k_netlink.h"

RTE_LOG_REGISTER(l2k_logtype, l2fwd_kernel.app, NOTICE);

volatile bool l2k_force_quit;

static struct l2k_app app = {
	.netns_fd = -1,
	.self_ns_fd = -1,
	.wake_fd = -1,
};

static void
signal_handler(int signum)
{
	(void)signum;
	l2k_force_quit = true;
}

static void
free_pool(struct rte_mempool **mp)
{
	rte_mempool_free(*mp);
	*mp = NULL;
}

/* Undo everything K of 'pair' holds; P is left alone. */
static void
pair_close_kern(struct l2k_pair *pair)
{
	l2k_kport_destroy(&app, pair);
	free_pool(&pair->kern_pool);
}

/* Create K on 'path', set it up and start it. */
static int
pair_open_kern(struct l2k_pair *pair, enum l2k_path path, char *err, size_t errlen)
{
	int ret;

	pair->path = path;
	pair->nb_queues = l2k_queues_for(pair->wire, app.nb_workers, path);
	ret = l2k_kport_create(&app, pair, err, errlen);
	if (ret < 0)
		return ret;
	l2k_port_negotiate(pair, app.cfg.soft);
	ret = l2k_port_setup(&app, pair, pair->kern, pair->plan.kern_rx, pair->plan.kern_tx,
			     &pair->kern_pool, err, errlen);
	if (ret < 0)
		goto fail;
	pair->kern_started = true;
	ret = l2k_kport_attach(&app, pair, err, errlen);
	if (ret < 0)
		goto fail;
	return 0;
fail:
	pair_close_kern(pair);
	return ret;
}

/* Try one path for the pair being set up: probe the host, then create K. */
static int
try_path(enum l2k_path path, char *why, size_t len, void *arg)
{
	int ret;

	if (l2k_force_quit)
		return -EINTR;
	ret = l2k_check_privileges(path, why, len);
	if (ret < 0)
		return ret;
	ret = l2k_path_probe(path, why, len);
	if (ret == 0)
		ret = pair_open_kern(arg, path, why, len);
	return ret;
}

static int
pair_init(unsigned int idx, uint16_t port, char *err, size_t errlen)
{
	struct l2k_pair *pair = &app.pairs[idx];
	int ret;

	pair->wire = port;
	rte_eth_dev_get_name_by_port(port, pair->wire_name);
	ret = rte_eth_macaddr_get(port, &pair->mac);
	if (ret == 0)
		ret = rte_eth_dev_get_mtu(port, &pair->mtu);
	if (ret < 0) {
		snprintf(err, errlen, "port %u (%s): cannot read MAC/MTU: %s", port,
			 pair->wire_name, strerror(-ret));
		return ret;
	}
	/* within it: the ethdev MTU starts at 1500 (RTE_ETHER_MTU) or the driver's */
	pair->max_mtu = l2k_port_max_mtu(port, NULL, 0);
	if (idx < app.cfg.n_iface)
		memcpy(pair->ifname, app.cfg.iface[idx], sizeof(pair->ifname));
	else
		snprintf(pair->ifname, sizeof(pair->ifname), "l2k%u", port);

	/* a name taken by someone else is the user's problem, not the path's */
	ret = l2k_kport_check_name(&app, pair->ifname, err, errlen);
	if (ret < 0)
		return ret;
	if (idx == 0) {
		enum l2k_path chosen;

		ret = l2k_path_select(app.cfg.path, try_path, pair, &chosen, err, errlen);
	} else {
		enum l2k_path path = app.pairs[0].path;

		ret = pair_open_kern(pair, path, err, errlen);
		if (ret < 0) {
			char tmp[L2K_ERRLEN];

			snprintf(tmp, sizeof(tmp), "%s", err);
			snprintf(err, errlen, "path %s: %.200s", l2k_path_name(path), tmp);
		}
	}
	if (ret < 0)
		return ret;

	ret = l2k_port_setup(&app, pair, port, pair->plan.wire_rx, pair->plan.wire_tx,
			     &pair->wire_pool, err, errlen);
	if (ret < 0)
		return ret;
	pair->wire_started = true;

	pair->to_kern = rte_zmalloc("l2k_stats", pair->nb_queues * sizeof(*pair->to_kern),
				    RTE_CACHE_LINE_SIZE);
	pair->to_wire = rte_zmalloc("l2k_stats", pair->nb_queues * sizeof(*pair->to_wire),
				    RTE_CACHE_LINE_SIZE);
	if (pair->to_kern == NULL || pair->to_wire == NULL) {
		snprintf(err, errlen, "out of memory for counters");
		return -ENOMEM;
	}
	L2K_INFO("port %u (%s) <-> kernel %s via %s%s%s%s, MTU %u",
		 port, pair->wire_name, pair->ifname, l2k_path_name(pair->path),
		 pair->peer[0] ? " (veth peer " : "", pair->peer, pair->peer[0] ? ")" : "",
		 pair->mtu);
	{
		char desc[L2K_OFFLOAD_DESC_LEN];

		l2k_offload_describe(&pair->plan, desc, sizeof(desc));
		L2K_INFO("port %u (%s) <-> kernel %s offloads: %s", port, pair->wire_name,
			 pair->ifname, desc);
		l2k_offload_describe_soft(app.cfg.soft, &pair->plan, desc, sizeof(desc));
		L2K_INFO("port %u (%s) <-> kernel %s soft-offload %s", port, pair->wire_name,
			 pair->ifname, desc);
	}
	return 0;
}

static int
netns_open(char *err, size_t errlen)
{
	char path[128];

	if (app.cfg.netns[0] == '\0')
		return 0;
	snprintf(path, sizeof(path), "/var/run/netns/%s", app.cfg.netns);
	app.netns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (app.netns_fd < 0) {
		snprintf(err, errlen, "network namespace '%s' not found (%s): create it with "
			 "'ip netns add %s'", app.cfg.netns, strerror(errno), app.cfg.netns);
		return -errno;
	}
	app.nl_ns = l2k_nl_open_netns(app.netns_fd, 0);
	if (app.nl_ns == NULL) {
		snprintf(err, errlen, "cannot open netlink in network namespace '%s': %s",
			 app.cfg.netns, strerror(errno));
		return -errno;
	}
	return 0;
}

/*
 * The start-up line that says what queue a direction of 'pair' has, at what
 * rate it leaves, and where there is none, which ring of the kernel's is the
 * queue instead.
 */
static void
queueing_info(const struct l2k_pair *pair, bool to_wire)
{
	static const char *const kinds[] = {
		[L2K_QUEUE_FQ_CODEL] = "fq_codel (CoDel 5 ms/100 ms, ECN marking)",
		[L2K_QUEUE_FIFO] = "one FIFO (no queue management)",
		[L2K_QUEUE_OFF] = "none",
	};
	const char *dir = to_wire ? "to the wire" : "to the kernel";
	uint64_t rate = to_wire ? app.cfg.shape_bps : app.cfg.shape_in_bps;
	enum l2k_dir_queue dq = l2k_fwd_dir_queue(&app, pair, to_wire);
	char ring[96];

	if (dq == L2K_DIR_QUEUED && rate != 0) {
		L2K_INFO("queueing: %s %s shaped to %" PRIu64 " bit/s, %s", pair->ifname, dir,
			 rate, kinds[app.cfg.queue]);
		return;
	}
	if (dq == L2K_DIR_QUEUED) {
		L2K_INFO("queueing: %s %s unshaped, %s", pair->ifname, dir, kinds[app.cfg.queue]);
		return;
	}
	if (dq == L2K_DIR_NONE_CONFIG) {
		L2K_INFO("queueing: %s %s unshaped, none (queue off): back-pressure to the rings",
			 pair->ifname, dir);
		return;
	}
	if (to_wire && pair->kern_txqlen != 0)
		snprintf(ring, sizeof(ring), "%s's TUN ring, txqueuelen %u, up to %u while one "
			 "bulk flow has it alone", pair->ifname, pair->kern_txqlen,
			 L2K_TUN_RING_ONE_FLOW);
	else
		snprintf(ring, sizeof(ring), "the RX ring of port %u, %u descriptors%s",
			 to_wire ? pair->kern : pair->wire,
			 to_wire ? pair->kern_rxd : pair->wire_rxd,
			 app.cfg.rxd != 0 ? " (rx-descriptors)" : "");
	L2K_INFO("queueing: %s %s unshaped, none: %s; the queue is %s", pair->ifname, dir,
		 dq == L2K_DIR_NONE_UMEM ? "net_af_xdp frames are buffers of its UMEM" :
					   "frames of one MTU (no segmentation offload)",
		 ring);
}

static int
app_init(char *err, size_t errlen)
{
	uint16_t port, ports[L2K_MAX_PORTS];
	unsigned int n = 0, i;
	int ret;

	if (rte_lcore_count() < 2) {
		snprintf(err, errlen, "needs two lcores, one for control and one to forward "
			 "(e.g. -l 0,1)");
		return -EINVAL;
	}
	app.nb_workers = rte_lcore_count() - 1;
	RTE_ETH_FOREACH_DEV(port) {
		if (n == L2K_MAX_PORTS) {
			snprintf(err, errlen, "too many ports probed (max %d)", L2K_MAX_PORTS);
			return -E2BIG;
		}
		ports[n++] = port;
	}
	if (n == 0) {
		snprintf(err, errlen, "no ports probed: give the wire port to the EAL, "
			 "e.g. -a 0000:01:00.0 or --vdev net_af_xdp0,iface=eth0");
		return -ENODEV;
	}
	if (app.cfg.n_iface > n) {
		snprintf(err, errlen, "%u interface names given for %u port(s)",
			 app.cfg.n_iface, n);
		return -EINVAL;
	}
	app.nl = l2k_nl_open(0);
	if (app.nl == NULL) {
		snprintf(err, errlen, "cannot open rtnetlink: %s", strerror(errno));
		return -errno;
	}
	/* where K comes back to before its driver closes it */
	app.self_ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (app.self_ns_fd < 0) {
		snprintf(err, errlen, "cannot open own network namespace: %s", strerror(errno));
		return -errno;
	}
	ret = netns_open(err, errlen);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		ret = pair_init(i, ports[i], err, errlen);
		app.nb_pairs = i + 1;
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < app.nb_pairs; i++) {
		queueing_info(&app.pairs[i], true);
		queueing_info(&app.pairs[i], false);
	}
	return l2k_mirror_init(&app, err, errlen);
}

static void
app_cleanup(void)
{
	unsigned int i;

	l2k_mirror_fini(&app);
	/* first: the schedulers hold mbufs of the pools freed below */
	l2k_fwd_release();
	for (i = 0; i < app.nb_pairs; i++) {
		struct l2k_pair *pair = &app.pairs[i];

		pair_close_kern(pair);
		if (pair->wire_started)
			l2k_port_close(pair->wire);
		pair->wire_started = false;
		free_pool(&pair->wire_pool);
		rte_free(pair->to_kern);
		rte_free(pair->to_wire);
		pair->to_kern = pair->to_wire = NULL;
	}
	if (app.nl_ns != NULL)
		l2k_nl_close(app.nl_ns);
	if (app.nl != NULL)
		l2k_nl_close(app.nl);
	if (app.netns_fd >= 0)
		close(app.netns_fd);
	if (app.self_ns_fd >= 0)
		close(app.self_ns_fd);
}

/* K was deleted: stop forwarding, make K again on the same path, resume. */
static int
reopen_kern(struct l2k_pair *pair, char *err, size_t errlen)
{
	int ret;

	l2k_fwd_stop();
	pair_close_kern(pair);
	ret = pair_open_kern(pair, pair->path, err, errlen);
	if (ret == 0)
		ret = l2k_fwd_assign(&app);
	return ret;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Control: wait for netlink events or an LSC interrupt, and look at P's
 * link every CONTROL_TICK_MS whatever happens (PMDs without interrupts).
 */
#define CONTROL_TICK_MS 10

static void
control_loop(void)
{
	struct pollfd fds[2] = {
		{ .fd = l2k_nl_watch_fd(app.watch), .events = POLLIN },
		{ .fd = app.wake_fd, .events = POLLIN },
	};
	uint64_t next_stats = now_ms() + app.cfg.stats_interval * 1000u;
	unsigned int i;

	while (!l2k_force_quit) {
		if (poll(fds, RTE_DIM(fds), CONTROL_TICK_MS) < 0 && errno != EINTR)
			break;
		l2k_mirror_poll(&app, reopen_kern);
		for (i = 0; i < app.nb_pairs; i++)
			l2k_kport_ring_poll(&app, &app.pairs[i], now_ms());
		if (app.cfg.stats_interval && now_ms() >= next_stats) {
			next_stats += app.cfg.stats_interval * 1000u;
			l2k_stats_print(&app, "stats");
		}
	}
}

/* Options after "--", with the program name in front as getopt wants. */
static int
parse_app_args(int argc, char **argv, char *err, size_t errlen)
{
	int sep = l2k_split_args(argc, argv);
	char *args[argc + 1];
	int n = 0, i;

	args[n++] = argv[0];
	for (i = sep + 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	l2k_config_init(&app.cfg);
	return l2k_config_parse_args(&app.cfg, n, args, err, errlen);
}

int
main(int argc, char **argv)
{
	char err[L2K_ERRLEN] = "";
	bool interrupted = false;
	char **eal_argv;
	int eal_argc, ret;

	/* first: a stop asked for during start-up is a stop, not a crash */
	signal(SIGINT, signal_handler);
	signal(SIGTERM, signal_handler);
	ret = parse_app_args(argc, argv, err, sizeof(err));
	if (ret == L2K_CONFIG_HELP) {
		l2k_config_usage(stdout, argv[0]);
		return EXIT_SUCCESS;
	}
	if (ret < 0) {
		L2K_ERR("%s (see --help)", err);
		return EXIT_FAILURE;
	}
	/* before the EAL: a missing capability is named and nothing is made */
	if (l2k_check_privileges(app.cfg.path, err, sizeof(err)) < 0) {
		if (app.cfg.path == L2K_PATH_AUTO)
			L2K_ERR("every kernel path %s", err);
		else
			L2K_ERR("path %s %s", l2k_path_name(app.cfg.path), err);
		return EXIT_FAILURE;
	}
	if (app.cfg.netns[0] != '\0' && l2k_check_netns_privileges(err, sizeof(err)) < 0) {
		L2K_ERR("--netns %s", err);
		return EXIT_FAILURE;
	}
	if (l2k_check_wire_privileges(l2k_split_args(argc, argv), argv, err, sizeof(err)) < 0) {
		L2K_ERR("%s", err);
		return EXIT_FAILURE;
	}
	if (app.cfg.path != L2K_PATH_AUTO &&
	    l2k_path_probe(app.cfg.path, err, sizeof(err)) < 0) {
		char why[L2K_ERRLEN];

		snprintf(why, sizeof(why), "%s", err);
		L2K_ERR("path %s: %s", l2k_path_name(app.cfg.path), why);
		return EXIT_FAILURE;
	}
	ret = l2k_eal_args_build(argc, argv, l2k_hugepages_free(), &eal_argv, &eal_argc,
				 &app.no_huge);
	if (ret < 0) {
		L2K_ERR("out of memory");
		return EXIT_FAILURE;
	}
	if (l2k_force_quit) {
		L2K_INFO("start-up interrupted by a signal: stopping");
		L2K_INFO("exit");
		free(eal_argv);
		return EXIT_SUCCESS;
	}
	/* what an instance killed with SIGKILL left behind */
	l2k_stale_reclaim(eal_argc, eal_argv);

	ret = rte_eal_init(eal_argc, eal_argv);
	if (ret < 0) {
		L2K_ERR("EAL initialisation failed: %s", rte_strerror(rte_errno));
		free(eal_argv);
		return EXIT_FAILURE;
	}
	if (app.no_huge)
		L2K_WARN("no hugepages reserved: running from ordinary memory (--no-huge); "
			 "reserve hugepages for full speed");

	ret = app_init(err, sizeof(err));
	if (ret == 0)
		ret = l2k_fwd_assign(&app);
	if (ret == 0 && !l2k_force_quit) {
		l2k_telemetry_register(&app);
		L2K_INFO("ready");
		control_loop();
	} else if (l2k_force_quit && !app.failed) {
		/* SIGINT/SIGTERM during start-up: what was made so far is undone below */
		L2K_INFO("start-up interrupted by a signal: stopping");
		interrupted = true;
	} else {
		if (err[0] == '\0')
			snprintf(err, sizeof(err), "start-up failed: %s", strerror(-ret));
		L2K_ERR("%s", err);
	}
	l2k_force_quit = true;
	l2k_telemetry_register(NULL);
	rte_eal_mp_wait_lcore();
	if (ret == 0)
		l2k_stats_print(&app, "summary");
	app_cleanup();
	rte_eal_cleanup();
	free(eal_argv);
	L2K_INFO("exit");
	return (ret == 0 || interrupted) && !app.failed ? EXIT_SUCCESS : EXIT_FAILURE;
}
