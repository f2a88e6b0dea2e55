/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Path selection: the path asked for, or the first of the auto order that
 * works, with one line per path skipped and why. Trying a path is the
 * caller's business (probe, then create the port), so this logic is pure.
 */

#include <errno.h>
#include <stdio.h>

#include "l2k.h"

/*
 * Fastest first, from the project's own benchmark (doc/benchmarks.md, "Path
 * order"): flent rrul TCP total and ICMP p99 under load on both wires, with
 * offloads negotiated and the short rings. rtap leads on both: on the wire
 * without offloads (af_xdp) its TCP total is the highest and its ping p99
 * the lowest, and on a wire with them it carries TSO and GRO, which the
 * redirect paths cannot. Then af_xdp, af_packet, tap as measured before.
 * It also needs the fewest privileges (CAP_NET_ADMIN alone). virtio-user
 * cannot be measured on the reference host (no vhost-net); it leads on its
 * model: shared rings with no system call per packet, offloads carried in
 * the virtio-net header as rtap's are.
 */
const enum l2k_path l2k_auto_order[] = {
	L2K_PATH_VIRTIO_USER,
	L2K_PATH_RTAP,
	L2K_PATH_AF_XDP,
	L2K_PATH_AF_PACKET,
	L2K_PATH_TAP,
};
const unsigned int l2k_auto_order_len = RTE_DIM(l2k_auto_order);

int
l2k_path_select(enum l2k_path asked, l2k_path_try_t try_path, void *arg,
		enum l2k_path *chosen, char *err, size_t errlen)
{
	const enum l2k_path *order = l2k_auto_order;
	unsigned int n = l2k_auto_order_len, i;
	char why[L2K_ERRLEN];
	int ret = -ENODEV;

	if (asked != L2K_PATH_AUTO) {
		order = &asked;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		const char *name = l2k_path_name(order[i]);

		why[0] = '\0';
		ret = try_path(order[i], why, sizeof(why), arg);
		if (ret == 0) {
			*chosen = order[i];
			L2K_INFO("path %s: chosen (%s)", name, asked == L2K_PATH_AUTO ?
				 "auto: the first that works in the order measured fastest" :
				 "--path");
			return 0;
		}
		if (ret == -EINTR) {
			snprintf(err, errlen, "interrupted during start-up");
			return ret;
		}
		if (asked != L2K_PATH_AUTO) {
			snprintf(err, errlen, "path %s: %.200s", name, why);
			return ret;
		}
		L2K_INFO("path %s: skipped: %s", name, why);
	}
	snprintf(err, errlen, "no kernel path works on this host (each was skipped above)");
	return ret;
}
