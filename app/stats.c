/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Counters: summed over the queues of a pair from the per-queue records
 * the forwarding lcores write (each record has a single writer, so the
 * main lcore reads without locks), printed as one key=value line per pair.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "l2k.h"

/* Software offload counters (soft.c), by name, in the order printed. */
static const struct {
	const char *name;
	size_t off;
} soft_counters[] = {
	{ "soft_csum", offsetof(struct l2k_dir_stats, soft_csum) },
	{ "soft_gso", offsetof(struct l2k_dir_stats, soft_gso) },
	{ "soft_gso_segs", offsetof(struct l2k_dir_stats, soft_gso_segs) },
	{ "soft_gro", offsetof(struct l2k_dir_stats, soft_gro) },
	{ "soft_gro_segs", offsetof(struct l2k_dir_stats, soft_gro_segs) },
	{ "soft_csum_bad", offsetof(struct l2k_dir_stats, soft_csum_bad) },
	{ "soft_errors", offsetof(struct l2k_dir_stats, soft_errors) },
};

static uint64_t
soft_counter(const struct l2k_dir_stats *st, unsigned int i)
{
	const uint64_t *c = RTE_PTR_ADD(st, soft_counters[i].off);

	return *c;
}

static void
sum(const struct l2k_dir_stats *st, uint16_t n, struct l2k_dir_stats *out)
{
	unsigned int i;
	uint16_t q;
	uint64_t *c;

	memset(out, 0, sizeof(*out));
	for (q = 0; q < n; q++) {
		out->pkts += st[q].pkts;
		out->bytes += st[q].bytes;
		out->drops += st[q].drops;
		out->gso += st[q].gso;
		for (i = 0; i < RTE_DIM(soft_counters); i++) {
			c = RTE_PTR_ADD(out, soft_counters[i].off);
			*c += soft_counter(&st[q], i);
		}
	}
}

/* " to_kernel_soft_gro=N ..." of one direction */
static size_t
soft_fields(const char *dir, const struct l2k_dir_stats *st, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;
	int r;

	for (i = 0; i < RTE_DIM(soft_counters) && n < len; i++) {
		r = snprintf(buf + n, len - n, " %s_%s=%" PRIu64, dir, soft_counters[i].name,
			     soft_counter(st, i));
		if (r < 0)
			break;
		n += (size_t)r;
	}
	return n;
}

/* Drops inside the drivers: full RX rings and failed transmits. */
static uint64_t
port_drops(uint16_t port)
{
	struct rte_eth_stats st;

	if (rte_eth_stats_get(port, &st) != 0)
		return 0;
	return st.imissed + st.ierrors + st.oerrors + st.rx_nombuf;
}

/* mbufs of the pair's pools not free: in rings, in flight, in queues, in caches */
static uint64_t
mbufs_in_use(const struct l2k_pair *pair)
{
	uint64_t n = 0;

	if (pair->wire_pool != NULL)
		n += rte_mempool_in_use_count(pair->wire_pool);
	if (pair->kern_pool != NULL)
		n += rte_mempool_in_use_count(pair->kern_pool);
	return n;
}

/* " to_wire_queue_backlog_bytes=N ..." of the schedulers of one direction, if it has any */
static size_t
queue_fields(const struct l2k_pair *pair, bool to_wire, char *buf, size_t len)
{
	const char *dir = to_wire ? "to_wire" : "to_kernel";
	struct l2k_queue_stats qs;
	int n;

	if (!l2k_fwd_queue_stats(pair, to_wire, &qs))
		return 0;
	n = snprintf(buf, len, " %s_queue_backlog_bytes=%" PRIu32 " %s_queue_codel_drops=%"
		     PRIu64 " %s_queue_ce_marks=%" PRIu64 " %s_queue_overlimit_drops=%" PRIu64
		     " %s_shaper_lost_bytes=%" PRIu64,
		     dir, qs.backlog, dir, qs.codel_drops, dir, qs.ce_marks, dir, qs.overlimit,
		     dir, qs.shaper_lost_bytes);
	return n < 0 ? 0 : (size_t)n;
}

/* " mirror_mtu=N ..." for every kind of mirrored change, then netlink resyncs */
static void
mirror_fields(const struct l2k_app *app, const struct l2k_pair *pair, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < L2K_MIRROR_MAX && n < len; i++)
		n += snprintf(buf + n, len - n, " mirror_%s=%" PRIu64, l2k_mirror_name(i),
			      pair->mirrored[i]);
	if (n < len)
		n += snprintf(buf + n, len - n, " netlink_resyncs=%" PRIu64, app->resyncs);
	if (n < len) {
		uint32_t limit, inflight;
		uint64_t throttled;

		if (l2k_fwd_bql_stats(pair, &limit, &inflight, &throttled))
			n += snprintf(buf + n, len - n, " bql_limit_bytes=%" PRIu32
				      " bql_inflight_bytes=%" PRIu32 " bql_throttled=%" PRIu64,
				      limit, inflight, throttled);
	}
	if (n < len && pair->kern_txqlen != 0)
		n += snprintf(buf + n, len - n, " kernel_ring_frames=%" PRIu32
			      " kernel_ring_resizes=%" PRIu64, pair->kern_txqlen,
			      pair->kern_ring_resizes);
	if (n < len)
		n += queue_fields(pair, true, buf + n, len - n);
	if (n < len)
		queue_fields(pair, false, buf + n, len - n);
}

void
l2k_stats_print(const struct l2k_app *app, const char *what)
{
	struct l2k_dir_stats k, w;
	struct l2k_idle_stats is;
	char mirror[1024], soft[640];
	unsigned int p;
	size_t n;

	for (p = 0; p < app->nb_pairs; p++) {
		const struct l2k_pair *pair = &app->pairs[p];

		if (pair->to_kern == NULL)
			continue;
		sum(pair->to_kern, pair->nb_queues, &k);
		sum(pair->to_wire, pair->nb_queues, &w);
		mirror_fields(app, pair, mirror, sizeof(mirror));
		l2k_fwd_idle_stats(pair, &is);
		n = soft_fields("to_kernel", &k, soft, sizeof(soft));
		if (n < sizeof(soft))
			soft_fields("to_wire", &w, soft + n, sizeof(soft) - n);
		L2K_INFO("%s iface=%s path=%s to_kernel_pkts=%" PRIu64 " to_kernel_bytes=%" PRIu64
			 " to_kernel_drops=%" PRIu64 " to_wire_pkts=%" PRIu64
			 " to_wire_bytes=%" PRIu64 " to_wire_drops=%" PRIu64
			 " wire_port_drops=%" PRIu64 " kernel_port_drops=%" PRIu64
			 " to_kernel_gso=%" PRIu64 " to_wire_gso=%" PRIu64
			 "%s mbufs_in_use=%" PRIu64 " lcore_naps=%" PRIu64
			 " lcore_intr_waits=%" PRIu64 " lcore_yields=%" PRIu64 "%s",
			 what, pair->ifname, l2k_path_name(pair->path), k.pkts, k.bytes, k.drops,
			 w.pkts, w.bytes, w.drops, port_drops(pair->wire),
			 pair->kern_created ? port_drops(pair->kern) : 0, k.gso, w.gso,
			 soft, mbufs_in_use(pair), is.naps, is.intr_waits, is.yields, mirror);
	}
}

/* ---- telemetry: /l2fwd_kernel/stats,PAIR (dpdk-telemetry.py) ---- */

#if RTE_VERSION >= RTE_VERSION_NUM(23, 3, 0, 0)
#define tel_add_u64 rte_tel_data_add_dict_uint
#else
#define tel_add_u64 rte_tel_data_add_dict_u64
#endif

static const struct l2k_app *tel_app;

/* "" -> 0; otherwise decimal digits only, naming an existing pair */
static int
tel_pair(const char *params, unsigned int *idx)
{
	unsigned long v;
	char *end;

	if (params == NULL || params[0] == '\0') {
		*idx = 0;
		return tel_app->nb_pairs > 0 ? 0 : -ENODEV;
	}
	if (!isdigit((unsigned char)params[0]) || strlen(params) > 4)
		return -EINVAL;
	v = strtoul(params, &end, 10);
	if (*end != '\0' || v >= tel_app->nb_pairs)
		return -EINVAL;
	*idx = (unsigned int)v;
	return 0;
}

/* The scheduler counters of one direction, when it has a scheduler. */
static void
tel_queue(struct rte_tel_data *d, const struct l2k_pair *pair, bool to_wire)
{
	const char *dir = to_wire ? "to_wire" : "to_kernel";
	struct l2k_queue_stats qs;
	char name[48];

	if (!l2k_fwd_queue_stats(pair, to_wire, &qs))
		return;
	snprintf(name, sizeof(name), "%s_queue_backlog_bytes", dir);
	tel_add_u64(d, name, qs.backlog);
	snprintf(name, sizeof(name), "%s_queue_codel_drops", dir);
	tel_add_u64(d, name, qs.codel_drops);
	snprintf(name, sizeof(name), "%s_queue_ce_marks", dir);
	tel_add_u64(d, name, qs.ce_marks);
	snprintf(name, sizeof(name), "%s_queue_overlimit_drops", dir);
	tel_add_u64(d, name, qs.overlimit);
	snprintf(name, sizeof(name), "%s_shaper_lost_bytes", dir);
	tel_add_u64(d, name, qs.shaper_lost_bytes);
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	const struct l2k_pair *pair;
	struct l2k_dir_stats k, w;
	char name[32];
	unsigned int idx, i;

	RTE_SET_USED(cmd);
	if (tel_app == NULL || tel_pair(params, &idx) < 0)
		return -EINVAL;
	pair = &tel_app->pairs[idx];
	if (pair->to_kern == NULL)
		return -ENODEV;
	sum(pair->to_kern, pair->nb_queues, &k);
	sum(pair->to_wire, pair->nb_queues, &w);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "iface", pair->ifname);
	rte_tel_data_add_dict_string(d, "path", l2k_path_name(pair->path));
	tel_add_u64(d, "to_kernel_pkts", k.pkts);
	tel_add_u64(d, "to_kernel_bytes", k.bytes);
	tel_add_u64(d, "to_kernel_drops", k.drops);
	tel_add_u64(d, "to_wire_pkts", w.pkts);
	tel_add_u64(d, "to_wire_bytes", w.bytes);
	tel_add_u64(d, "to_wire_drops", w.drops);
	tel_add_u64(d, "to_kernel_gso", k.gso);
	tel_add_u64(d, "to_wire_gso", w.gso);
	for (i = 0; i < RTE_DIM(soft_counters); i++) {
		snprintf(name, sizeof(name), "to_kernel_%s", soft_counters[i].name);
		tel_add_u64(d, name, soft_counter(&k, i));
		snprintf(name, sizeof(name), "to_wire_%s", soft_counters[i].name);
		tel_add_u64(d, name, soft_counter(&w, i));
	}
	tel_add_u64(d, "mbufs_in_use", mbufs_in_use(pair));
	{
		struct l2k_idle_stats is;

		l2k_fwd_idle_stats(pair, &is);
		tel_add_u64(d, "lcore_naps", is.naps);
		tel_add_u64(d, "lcore_intr_waits", is.intr_waits);
		tel_add_u64(d, "lcore_yields", is.yields);
	}
	tel_add_u64(d, "wire_link", pair->wire_link);
	tel_add_u64(d, "forwarding", pair->fwd_on);
	tel_add_u64(d, "mtu", pair->mtu);
	for (i = 0; i < L2K_MIRROR_MAX; i++) {
		snprintf(name, sizeof(name), "mirror_%s", l2k_mirror_name(i));
		tel_add_u64(d, name, pair->mirrored[i]);
	}
	tel_add_u64(d, "netlink_resyncs", tel_app->resyncs);
	{
		uint32_t limit, inflight;
		uint64_t throttled;

		if (pair->kern_txqlen != 0) {
			tel_add_u64(d, "kernel_ring_frames", pair->kern_txqlen);
			tel_add_u64(d, "kernel_ring_resizes", pair->kern_ring_resizes);
		}
		if (l2k_fwd_bql_stats(pair, &limit, &inflight, &throttled)) {
			tel_add_u64(d, "bql_limit_bytes", limit);
			tel_add_u64(d, "bql_inflight_bytes", inflight);
			tel_add_u64(d, "bql_throttled", throttled);
		}
	}
	tel_queue(d, pair, true);
	tel_queue(d, pair, false);
	return 0;
}

/* 'app' NULL: answer -EINVAL from now on (the pairs are being freed). */
void
l2k_telemetry_register(const struct l2k_app *app)
{
	static bool registered;

	tel_app = app;
	if (registered || app == NULL)
		return;
	registered = true;
	rte_telemetry_register_cmd("/l2fwd_kernel/stats", tel_stats,
				   "Counters of a port pair. Parameters: int pair_id (default 0)");
}
