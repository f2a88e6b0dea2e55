/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Redirect paths (af_xdp, af_packet): the kernel port is one end of a veth
 * pair, the DPDK driver sits on the other end. The pair carries finished
 * frames only: the kernel end does its own checksums and segmentation,
 * because neither AF_PACKET nor AF_XDP can pass offload metadata on.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "l2k.h"
#include "l2k_netlink.h"

/* The DPDK end: "<ifname>-p", ifname cut to fit IFNAMSIZ. */
int
l2k_veth_peer_name(const char *ifname, char *peer, size_t len)
{
	int n = snprintf(peer, len, "%.*s-p", IFNAMSIZ - 3, ifname);

	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

/* What the kernel end must not leave to the DPDK end (ethtool -k names). */
static const char *const offloads[] = {
	"tx-checksum-ip-generic", "tx-checksum-ipv4", "tx-checksum-ipv6",
	"tx-scatter-gather", "tx-generic-segmentation", "tx-tcp-segmentation",
	"tx-tcp-ecn-segmentation", "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation",
};

/* Turn off TX checksum, scatter-gather, TSO and GSO on a veth end, by ifindex. */
static int
offloads_off(struct l2k_app *app, int ifindex)
{
	return l2k_nl_ethtool_features_off(app->nl, L2K_NL_NSID_SELF, ifindex, offloads,
					   RTE_DIM(offloads));
}

int
l2k_veth_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen)
{
	struct l2k_link_change chg;
	int ifindex, peer_ifindex, ret;
	struct l2k_link link;

	ret = l2k_veth_peer_name(pair->ifname, pair->peer, sizeof(pair->peer));
	if (ret < 0)
		goto fail_name;
	ret = l2k_kport_check_name(app, pair->peer, err, errlen);
	if (ret < 0)
		return ret;

	ifindex = l2k_nl_veth_create(app->nl, pair->ifname, pair->peer);
	if (ifindex < 0) {
		ret = ifindex;
		snprintf(err, errlen, "cannot create veth pair %s/%s: %s%s%s",
			 pair->ifname, pair->peer, strerror(-ret),
			 *l2k_nl_errmsg(app->nl) ? ": " : "", l2k_nl_errmsg(app->nl));
		return ret;
	}
	pair->veth_created = true;

	ret = l2k_nl_link_get_by_name(app->nl, pair->peer, &link);
	if (ret < 0)
		goto fail_get;
	peer_ifindex = link.ifindex;

	/* K carries P's identity; both ends carry P's MTU. */
	memset(&chg, 0, sizeof(chg));
	chg.set = L2K_LINK_SET_ADDR | L2K_LINK_SET_MTU | L2K_LINK_SET_ALIAS;
	memcpy(chg.addr, pair->mac.addr_bytes, sizeof(chg.addr));
	chg.mtu = pair->mtu;
	snprintf(chg.alias, sizeof(chg.alias), L2K_ALIAS_PREFIX "%d", (int)getpid());
	ret = l2k_nl_link_change(app->nl, ifindex, &chg);
	if (ret < 0)
		goto fail_set;
	chg.set = L2K_LINK_SET_MTU | L2K_LINK_SET_ALIAS | L2K_LINK_SET_UP;
	chg.up = true;
	ret = l2k_nl_link_change(app->nl, peer_ifindex, &chg);
	if (ret < 0)
		goto fail_set;

	ret = offloads_off(app, ifindex);
	if (ret == 0)
		ret = offloads_off(app, peer_ifindex);
	if (ret < 0) {
		snprintf(err, errlen, "cannot turn off offloads on veth %s/%s: %s%s%s",
			 pair->ifname, pair->peer, strerror(-ret),
			 *l2k_nl_errmsg(app->nl) ? ": " : "", l2k_nl_errmsg(app->nl));
		goto fail_del;
	}
	return 0;

fail_set:
	snprintf(err, errlen, "cannot set MAC/MTU %u on veth %s/%s: %s%s%s",
		 pair->mtu, pair->ifname, pair->peer, strerror(-ret),
		 *l2k_nl_errmsg(app->nl) ? ": " : "", l2k_nl_errmsg(app->nl));
	goto fail_del;
fail_get:
	snprintf(err, errlen, "veth %s created but cannot be read back: %s",
		 pair->peer, strerror(-ret));
fail_del:
	l2k_veth_destroy(app, pair);
	return ret;
fail_name:
	snprintf(err, errlen, "no name for the veth peer of '%s'", pair->ifname);
	return ret;
}

/* Deleting the DPDK end deletes K too, wherever K is now. */
void
l2k_veth_destroy(struct l2k_app *app, struct l2k_pair *pair)
{
	struct l2k_link link;
	int ret;

	if (!pair->veth_created)
		return;
	ret = l2k_nl_link_get_by_name(app->nl, pair->peer, &link);
	if (ret == 0)
		ret = l2k_nl_link_delete(app->nl, link.ifindex);
	if (ret < 0 && ret != -ENODEV)
		L2K_WARN("cannot delete veth %s: %s", pair->peer, strerror(-ret));
	pair->veth_created = false;
}
