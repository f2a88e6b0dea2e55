/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * The kernel port K of a pair: created on the chosen path as a DPDK vdev
 * (plus a veth pair for the redirect paths), given P's MAC and MTU, put
 * into the configured network namespace, and removed again at exit.
 */

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>

#include <rte_dev.h>
#include <rte_ethdev.h>

#include "l2k.h"
#include "l2k_netlink.h"

static bool
is_veth_path(enum l2k_path path)
{
	return path == L2K_PATH_AF_XDP || path == L2K_PATH_AF_PACKET;
}

/* Name and devargs of K's vdev. */
int
l2k_kport_vdev_args(const struct l2k_pair *pair, char *name, size_t nlen,
		    char *args, size_t alen)
{
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int idx = pair->wire;
	int n, m;

	rte_ether_format_addr(mac, sizeof(mac), &pair->mac);
	switch (pair->path) {
	case L2K_PATH_RTAP:
		n = snprintf(name, nlen, "net_rtap_l2k%u", idx);
		m = snprintf(args, alen, "iface=%s,mac=%s", pair->ifname, mac);
		break;
	case L2K_PATH_TAP:
		n = snprintf(name, nlen, "net_tap_l2k%u", idx);
		m = snprintf(args, alen, "iface=%s,mac=%s", pair->ifname, mac);
		break;
	case L2K_PATH_VIRTIO_USER:
		n = snprintf(name, nlen, "virtio_user_l2k%u", idx);
		m = snprintf(args, alen, "path=/dev/vhost-net,iface=%s,mac=%s,queues=%u",
			     pair->ifname, mac, pair->nb_queues);
		break;
	case L2K_PATH_AF_XDP:
		n = snprintf(name, nlen, "net_af_xdp_l2k%u", idx);
		m = snprintf(args, alen, "iface=%s,start_queue=0,queue_count=%u",
			     pair->peer, pair->nb_queues);
		break;
	case L2K_PATH_AF_PACKET:
		n = snprintf(name, nlen, "net_af_packet_l2k%u", idx);
		m = snprintf(args, alen, "iface=%s,qpairs=%u", pair->peer, pair->nb_queues);
		break;
	default:
		return -EINVAL;
	}
	if (n < 0 || (size_t)n >= nlen || m < 0 || (size_t)m >= alen)
		return -ENAMETOOLONG;
	return 0;
}

/* Through the EAL's hotplug API, so the app does not link the vdev bus driver. */
static int
vdev_probe(const char *name, const char *args)
{
	char devargs[RTE_ETH_NAME_MAX_LEN + 256];

	snprintf(devargs, sizeof(devargs), "%s,%s", name, args);
	return rte_dev_probe(devargs);
}

static bool
pid_alive(int pid)
{
	return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM);
}

/* Is 'name' free in the namespace of 'nl'? Remove it when it is our own stale one. */
static int
check_name_in(struct l2k_nl *nl, const char *ns, const char *name, char *err, size_t errlen)
{
	struct l2k_link link;
	int ret, pid;

	ret = l2k_nl_link_get_by_name(nl, name, &link);
	if (ret == -ENODEV)
		return 0;
	if (ret < 0) {
		snprintf(err, errlen, "cannot look up interface '%s': %s", name, strerror(-ret));
		return ret;
	}
	if (strncmp(link.alias, L2K_ALIAS_PREFIX, strlen(L2K_ALIAS_PREFIX)) != 0) {
		snprintf(err, errlen, "interface name '%s' is already in use by another device%s%s",
			 name, ns ? " in network namespace " : "", ns ? ns : "");
		return -EEXIST;
	}
	pid = atoi(link.alias + strlen(L2K_ALIAS_PREFIX));
	if (pid_alive(pid) && pid != getpid()) {
		snprintf(err, errlen, "interface name '%s' is already in use by another device "
			 "(dpdk-l2fwd-kernel pid %d is running)", name, pid);
		return -EEXIST;
	}
	ret = l2k_nl_link_delete(nl, link.ifindex);
	if (ret < 0 && ret != -ENODEV) {
		snprintf(err, errlen, "cannot remove stale interface '%s' left by pid %d: %s",
			 name, pid, strerror(-ret));
		return ret;
	}
	L2K_INFO("removed stale interface %s left by pid %d%s%s", name, pid,
		 ns ? " in network namespace " : "", ns ? ns : "");
	return 0;
}

int
l2k_kport_check_name(struct l2k_app *app, const char *name, char *err, size_t errlen)
{
	int ret = check_name_in(app->nl, NULL, name, err, errlen);

	if (ret == 0 && app->nl_ns != NULL)
		ret = check_name_in(app->nl_ns, app->cfg.netns, name, err, errlen);
	return ret;
}

int
l2k_kport_create(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen)
{
	const char *path = l2k_path_name(pair->path);
	char args[256];
	int ret;

	/* K's name was checked by the caller; the veth peer's is checked here */
	if (is_veth_path(pair->path)) {
		ret = l2k_veth_create(app, pair, err, errlen);
		if (ret < 0)
			return ret;
	}
	ret = l2k_kport_vdev_args(pair, pair->kern_vdev, sizeof(pair->kern_vdev),
				  args, sizeof(args));
	if (ret < 0) {
		snprintf(err, errlen, "path %s: devargs too long", path);
		goto fail_veth;
	}
	ret = vdev_probe(pair->kern_vdev, args);
	if (ret < 0) {
		snprintf(err, errlen, "path %s: driver could not create %s,%s (%s)",
			 path, pair->kern_vdev, args, strerror(-ret));
		goto fail_veth;
	}
	pair->kern_created = true;
	ret = rte_eth_dev_get_port_by_name(pair->kern_vdev, &pair->kern);
	if (ret < 0) {
		snprintf(err, errlen, "path %s: %s created no ethdev port", path, pair->kern_vdev);
		goto fail_vdev;
	}
	L2K_LOG(DEBUG, "created %s,%s as port %u", pair->kern_vdev, args, pair->kern);
	return 0;

fail_vdev:
	rte_eal_hotplug_remove("vdev", pair->kern_vdev);
	pair->kern_created = false;
fail_veth:
	l2k_veth_destroy(app, pair);
	return ret;
}

/*
 * af_packet K after its veth peer was taken down and up (K's carrier
 * following the wire). Two things keep frames from K then:
 * - the kernel stored ENETDOWN on every packet socket bound to the peer when
 *   it went down (packet_notifier()), and the first send after the peer is
 *   up again fails with that stored error instead of transmitting;
 * - net_af_packet leaves the frames of a failed send in its TX ring, where
 *   they wait for the next send: those that came from the wire in the
 *   moment between its link coming up and K's carrier following.
 * With sparse traffic (an ARP request, retried once a second) K then hears
 * nothing for seconds. So before the peer comes up the stored error is read
 * (SO_ERROR clears it), and after, the ring is kicked (an empty send, as
 * the PMD's own) so that what waits there goes now. The PMD keeps its
 * sockets to itself: they are found among the process's descriptors,
 * AF_PACKET sockets bound to the peer's ifindex. The kernel serialises
 * sends on a ring, so the kick and the lcore's own sends do not race; it
 * takes only frames whose status says they are ready, which the PMD writes
 * after the frame (in order on x86; a weakly ordered CPU could let the kick
 * see the status first, the one case where this from the control thread is
 * weaker than the lcore's own send).
 * Returns how many sockets had an error cleared or were kicked.
 */
int
l2k_kport_packet_fixup(const struct l2k_pair *pair, bool kick)
{
	struct sockaddr_ll sll;
	socklen_t len;
	struct dirent *de;
	int fd, dom, err, n = 0;
	DIR *d;

	if (pair->path != L2K_PATH_AF_PACKET || pair->peer_ifindex <= 0)
		return 0;
	d = opendir("/proc/self/fd");
	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long v = strtol(de->d_name, &end, 10);

		if (*end != '\0' || end == de->d_name || v < 0 || v == dirfd(d))
			continue;
		fd = (int)v;
		len = sizeof(dom);
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) < 0 || dom != AF_PACKET)
			continue;
		len = sizeof(sll);
		if (getsockname(fd, (struct sockaddr *)&sll, &len) < 0 ||
		    sll.sll_ifindex != pair->peer_ifindex)
			continue;
		if (kick) {
			if (sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0) == 0)
				n++;
			continue;
		}
		len = sizeof(err);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
			L2K_LOG(DEBUG, "%s: cleared %s stored on packet socket %d", pair->ifname,
				strerror(err), fd);
			n++;
		}
	}
	closedir(d);
	return n;
}

/*
 * Kernel features (ethtool names) behind the TUN_F_* flags rtap turns on
 * together when asked for GSO frames from the kernel.
 */
static const struct {
	uint32_t tun;
	const char *name;
} gso_features[] = {
	{ L2K_TUN_F_TSO4, "tx-tcp-segmentation" },
	{ L2K_TUN_F_TSO6, "tx-tcp6-segmentation" },
	{ L2K_TUN_F_TSO_ECN, "tx-tcp-ecn-segmentation" },
	{ L2K_TUN_F_USO4, "tx-udp-segmentation" },
};

static int
ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

/* Bit index of each gso_features[] name on this netdev, -1 when unknown. */
static int
gso_feature_bits(int fd, const char *ifname, int bits[], unsigned int nwords)
{
	struct ethtool_sset_info *info;
	struct ethtool_gstrings *strs = NULL;
	uint32_t count, i, j;
	int ret;

	for (j = 0; j < RTE_DIM(gso_features); j++)
		bits[j] = -1;
	info = calloc(1, sizeof(*info) + sizeof(uint32_t));
	if (info == NULL)
		return -ENOMEM;
	info->cmd = ETHTOOL_GSSET_INFO;
	info->sset_mask = 1ULL << ETH_SS_FEATURES;
	ret = ethtool(fd, ifname, info);
	count = info->data[0];
	if (ret == 0 && (info->sset_mask == 0 || count > nwords * 32))
		ret = -ENOTSUP;
	if (ret == 0) {
		strs = calloc(1, sizeof(*strs) + (size_t)count * ETH_GSTRING_LEN);
		ret = strs == NULL ? -ENOMEM : 0;
	}
	if (ret == 0) {
		strs->cmd = ETHTOOL_GSTRINGS;
		strs->string_set = ETH_SS_FEATURES;
		strs->len = count;
		ret = ethtool(fd, ifname, strs);
	}
	for (i = 0; ret == 0 && i < count; i++)
		for (j = 0; j < RTE_DIM(gso_features); j++)
			if (strncmp((const char *)strs->data + i * ETH_GSTRING_LEN,
				    gso_features[j].name, ETH_GSTRING_LEN) == 0)
				bits[j] = (int)i;
	free(strs);
	free(info);
	return ret;
}

/*
 * The kernel features rtap turns on together (TSO4, TSO6, ECN, USO) that
 * the plan cannot finish (software segments TCP/IPv4 only): off on K, so
 * the kernel segments those frames itself rather than send what P would
 * drop.
 */
static void
kport_gso_trim(const struct l2k_pair *pair)
{
	enum { NWORDS = 8 };
	struct ethtool_gfeatures *get;
	struct ethtool_sfeatures *set;
	int bits[RTE_DIM(gso_features)], fd, ret;
	char names[128] = "";
	unsigned int j, w;
	size_t n = 0;
	uint32_t bit;

	if (pair->path != L2K_PATH_RTAP || !(pair->plan.kern_rx & RTE_ETH_RX_OFFLOAD_TCP_LRO))
		return;
	/* (flexible arrays: allocated, a struct may not hold one in the middle) */
	get = calloc(1, sizeof(*get) + NWORDS * sizeof(get->features[0]));
	set = calloc(1, sizeof(*set) + NWORDS * sizeof(set->features[0]));
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || get == NULL || set == NULL) {
		ret = fd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	ret = gso_feature_bits(fd, pair->ifname, bits, NWORDS);
	if (ret == 0) {
		get->cmd = ETHTOOL_GFEATURES;
		get->size = NWORDS;
		ret = ethtool(fd, pair->ifname, get);
	}
	set->cmd = ETHTOOL_SFEATURES;
	/* the kernel wants its own word count back, which GFEATURES told */
	set->size = RTE_MIN(get->size, (uint32_t)NWORDS);
	for (j = 0; ret == 0 && j < RTE_DIM(gso_features); j++) {
		if (bits[j] < 0 || (pair->plan.tun_features & gso_features[j].tun))
			continue;
		w = (unsigned int)bits[j] / 32;
		bit = 1U << (bits[j] % 32);
		/* only what is on: a feature off already needs nothing */
		if (w >= set->size || !(get->features[w].active & bit))
			continue;
		set->features[w].valid |= bit;
		if (n < sizeof(names))
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", n ? " " : "",
					      gso_features[j].name);
	}
	/* ETHTOOL_SFEATURES answers with positive flags when it did less: ethtool() says 0 */
	if (ret == 0 && n > 0)
		ret = ethtool(fd, pair->ifname, set);
out:
	if (fd >= 0)
		close(fd);
	free(get);
	free(set);
	if (ret < 0)
		L2K_WARN("%s: cannot turn off kernel GSO features the plan cannot finish (%s): "
			 "the kernel may send frames P drops", pair->ifname, strerror(-ret));
	else if (n > 0)
		L2K_INFO("%s: kernel features off: %s (no segmentation for them on P or in "
			 "software)", pair->ifname, names);
}

/*
 * K's netdev is a TUN device (rtap, tap, virtio-user's vhost-net tap): the
 * kernel queues what it sends in the TUN ring, txqueuelen frames (1000),
 * until the application reads it. Where the application has no queue for
 * that direction (frames of one MTU), that ring is the queue, and a full
 * one is tail-dropped: it is kept short (doc/benchmarks.md "Short rings"),
 * and sized from then on by the bulk flows through it (l2k_kport_ring_poll).
 * Not fatal: the ring as it was still works.
 */
static void
kport_short_ring(struct l2k_app *app, struct l2k_pair *pair)
{
	int ret;

	pair->kern_txqlen = 0;
	if (pair->path != L2K_PATH_RTAP && pair->path != L2K_PATH_TAP &&
	    pair->path != L2K_PATH_VIRTIO_USER)
		return;
	if (!l2k_dir_short_ring(l2k_fwd_dir_queue(app, pair, true)))
		return;
	ret = l2k_nl_link_set_txqlen(app->nl, pair->kern_ifindex, L2K_SHORT_TUN_RING);
	if (ret < 0) {
		L2K_WARN("%s: cannot shorten its ring to txqueuelen %u: %s; frames to the wire "
			 "wait in the ring as it is", pair->ifname, L2K_SHORT_TUN_RING,
			 strerror(-ret));
		return;
	}
	pair->kern_txqlen = L2K_SHORT_TUN_RING;
	pair->kern_ring_fixed = false;
	pair->kern_ring_next_ms = 0;
	l2k_ring_sizer_init(&pair->kern_ring, L2K_SHORT_TUN_RING, L2K_TUN_RING_ONE_FLOW);
}

/*
 * Every L2K_RING_INTERVAL_MS: the bulk flows the lcores sampled on their
 * way out of K's TUN ring since the last time (fwd.c) give the ring's
 * length (ringsize.c): room for a lone flow, little for many. The flows of
 * all K's queues count, though each queue has a ring of that length. A
 * change the kernel refuses leaves the ring as it is, for good, with one
 * warning; K gone meanwhile is mirror.c's business.
 */
void
l2k_kport_ring_poll(struct l2k_app *app, struct l2k_pair *pair, uint64_t now_ms)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_TXQLEN };
	uint64_t bits = 0;
	uint16_t q;
	int ret;

	if (pair->kern_txqlen == 0 || pair->kern_ring_fixed || pair->to_wire == NULL ||
	    pair->kern_lost || pair->kern_deleted || now_ms < pair->kern_ring_next_ms)
		return;
	pair->kern_ring_next_ms = now_ms + L2K_RING_INTERVAL_MS;
	for (q = 0; q < pair->nb_queues; q++)
		bits |= __atomic_exchange_n(&pair->to_wire[q].bulk_flow_bits, 0,
					    __ATOMIC_RELAXED);
	chg.txqlen = l2k_ring_sizer_update(&pair->kern_ring, bits);
	if (chg.txqlen == 0 || chg.txqlen == pair->kern_txqlen)
		return;
	ret = l2k_nl_link_change_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &chg);
	if (ret == -ENODEV)
		/* K deleted or moved a moment ago: mirror.c follows it, and a
		 * re-created K starts its sizing afresh */
		return;
	if (ret < 0) {
		L2K_WARN("%s: cannot set its ring to txqueuelen %u: %s; it stays at %u",
			 pair->ifname, chg.txqlen, strerror(-ret), pair->kern_txqlen);
		pair->kern_ring_fixed = true;
		return;
	}
	pair->kern_txqlen = chg.txqlen;
	pair->kern_ring_resizes++;
}

/*
 * K's txqueuelen changed (a netlink event). The application's own changes
 * come back this way too, possibly late, after a newer one: so it is K's
 * length now, not the event's, that tells. Set by someone else, it is
 * theirs: the sizing stops for good (a re-created K starts it afresh).
 */
void
l2k_kport_ring_changed(struct l2k_app *app, struct l2k_pair *pair)
{
	struct l2k_link now;

	if (pair->kern_txqlen == 0 || pair->kern_ring_fixed)
		return;
	if (l2k_nl_link_get_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &now) < 0 ||
	    now.txqlen == 0 || now.txqlen == pair->kern_txqlen)
		return;
	L2K_INFO("kernel %s: txqueuelen set to %u by someone else: its ring is left at that "
		 "(the application set %u and sizes it no more)", pair->ifname, now.txqlen,
		 pair->kern_txqlen);
	pair->kern_txqlen = now.txqlen;
	pair->kern_ring_fixed = true;
}

/* K started: give its netdev P's MTU, mark it ours, bring it up, move it. */
int
l2k_kport_attach(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen)
{
	struct l2k_link_change chg;
	struct l2k_link link;
	int ret;

	ret = l2k_nl_link_get_by_name(app->nl, pair->ifname, &link);
	if (ret < 0) {
		snprintf(err, errlen, "kernel interface %s vanished: %s", pair->ifname,
			 strerror(-ret));
		return ret;
	}
	pair->kern_nsid = L2K_NL_NSID_SELF;
	pair->kern_ifindex = link.ifindex;
	kport_gso_trim(pair);
	memset(&chg, 0, sizeof(chg));
	chg.set = L2K_LINK_SET_MTU | L2K_LINK_SET_ALIAS | L2K_LINK_SET_UP;
	chg.mtu = pair->mtu;
	chg.up = true;
	snprintf(chg.alias, sizeof(chg.alias), L2K_ALIAS_PREFIX "%d", (int)getpid());
	ret = l2k_nl_link_change(app->nl, link.ifindex, &chg);
	if (ret < 0) {
		snprintf(err, errlen, "cannot set MTU %u on %s: %s%s%s", pair->mtu, pair->ifname,
			 strerror(-ret), *l2k_nl_errmsg(app->nl) ? ": " : "",
			 l2k_nl_errmsg(app->nl));
		return ret;
	}
	kport_short_ring(app, pair);
	if (app->netns_fd < 0)
		return 0;

	ret = l2k_nl_link_set_netns(app->nl, link.ifindex, app->netns_fd);
	if (ret < 0) {
		snprintf(err, errlen, "cannot move %s into network namespace %s: %s%s%s",
			 pair->ifname, app->cfg.netns, strerror(-ret),
			 *l2k_nl_errmsg(app->nl) ? ": " : "", l2k_nl_errmsg(app->nl));
		return ret;
	}
	pair->in_netns = true;
	ret = l2k_nl_nsid_of(app->nl, app->netns_fd);
	if (ret < 0) {
		snprintf(err, errlen, "no namespace id for %s: %s", app->cfg.netns,
			 strerror(-ret));
		return ret;
	}
	pair->kern_nsid = ret;
	pair->kern_ifindex = 0;
	/* a move takes the link down */
	ret = l2k_nl_link_get_by_name(app->nl_ns, pair->ifname, &link);
	if (ret == 0) {
		pair->kern_ifindex = link.ifindex;
		ret = l2k_nl_link_set_up(app->nl_ns, link.ifindex, true);
	}
	if (ret < 0) {
		snprintf(err, errlen, "cannot bring %s up in network namespace %s: %s",
			 pair->ifname, app->cfg.netns, strerror(-ret));
		return ret;
	}
	return 0;
}

/* Bring a TAP-like K back home, wherever it was moved, so its driver can close it. */
static void
kport_move_home(struct l2k_app *app, struct l2k_pair *pair)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_NETNS_FD, .netns_fd = app->self_ns_fd };
	int ret;

	ret = l2k_nl_link_change_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &chg);
	if (ret < 0 && ret != -ENODEV)
		L2K_WARN("cannot move %s back from network namespace nsid %d: %s",
			 pair->ifname, pair->kern_nsid, strerror(-ret));
	pair->in_netns = false;
	pair->kern_nsid = L2K_NL_NSID_SELF;
}

void
l2k_kport_destroy(struct l2k_app *app, struct l2k_pair *pair)
{
	if (pair->kern_started) {
		rte_eth_dev_stop(pair->kern);
		pair->kern_started = false;
	}
	if (pair->kern_nsid != L2K_NL_NSID_SELF && pair->kern_ifindex > 0 && !pair->kern_lost &&
	    !is_veth_path(pair->path))
		kport_move_home(app, pair);
	if (pair->kern_created) {
		rte_eth_dev_close(pair->kern);
		rte_eal_hotplug_remove("vdev", pair->kern_vdev);
		pair->kern_created = false;
	}
	l2k_veth_destroy(app, pair);
}
