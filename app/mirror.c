/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * State mirroring between P and K, so that the two behave as one
 * interface. The kernel side is the control plane: what a user sets on K
 * (MTU, MAC, up/down, promiscuous, all-multicast) is applied to P, and
 * undone on K when P refuses it; P's link state becomes K's carrier.
 * K is followed by ifindex through renames and namespace moves, and
 * re-created when a user deletes it (or the application exits, as
 * configured). Every change is logged once and counted.
 *
 * Sources: a netlink watch (lib/netlink) for K and for P's backing netdev
 * when P has one (af_xdp, af_packet, tap wire ports); P's LSC interrupt
 * when the PMD has one, which wakes the control loop; otherwise P's link
 * is polled on every control-loop tick.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include <rte_ethdev.h>

#include "l2k.h"
#include "l2k_netlink.h"

static const char *const mirror_names[L2K_MIRROR_MAX] = {
	[L2K_MIRROR_WIRE_LINK] = "wire_link",
	[L2K_MIRROR_MTU] = "mtu",
	[L2K_MIRROR_ADDR] = "addr",
	[L2K_MIRROR_UP] = "up",
	[L2K_MIRROR_PROMISC] = "promisc",
	[L2K_MIRROR_ALLMULTI] = "allmulti",
	[L2K_MIRROR_RENAME] = "rename",
	[L2K_MIRROR_NETNS] = "netns",
	[L2K_MIRROR_RECREATE] = "recreate",
	[L2K_MIRROR_REFUSED] = "refused",
};

const char *
l2k_mirror_name(enum l2k_mirror_what what)
{
	return (unsigned int)what < L2K_MIRROR_MAX ? mirror_names[what] : "unknown";
}

static bool
is_veth_path(enum l2k_path path)
{
	return path == L2K_PATH_AF_XDP || path == L2K_PATH_AF_PACKET;
}

static const char *
errmsg_sep(struct l2k_nl *nl)
{
	return *l2k_nl_errmsg(nl) ? ": " : "";
}

/* ---- P -> K: link state ---- */

/*
 * P's link. A P backed by a netdev (af_xdp, af_packet, a TAP wire) has the
 * link of that netdev, followed wherever it goes; otherwise the PMD says.
 */
static bool
wire_link_now(struct l2k_app *app, struct l2k_pair *pair, struct rte_eth_link *link)
{
	const struct l2k_link *nd = NULL;
	bool up;

	memset(link, 0, sizeof(*link));
	up = rte_eth_link_get_nowait(pair->wire, link) == 0 && link->link_status;
	if (pair->wire_ifindex != 0)
		nd = l2k_nl_watch_link(app->watch, &pair->wire_ifindex);
	if (nd != NULL)
		up = nd->carrier && (nd->flags & IFF_UP);
	link->link_status = up;
	return up;
}

/*
 * K's carrier: IFLA_CARRIER on a tun device; a veth follows its peer's admin
 * state. af_packet's sockets on the peer need a hand when it comes back up
 * (l2k_kport_packet_fixup()).
 */
static int
set_kern_carrier(struct l2k_app *app, struct l2k_pair *pair, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_CARRIER, .carrier = on };
	int ret;

	if (is_veth_path(pair->path)) {
		if (on)
			l2k_kport_packet_fixup(pair, false);
		ret = l2k_nl_link_set_up(app->nl, pair->peer_ifindex, on);
		if (on && ret == 0)
			l2k_kport_packet_fixup(pair, true);
		return ret;
	}
	if (pair->kern_lost)
		return -ENODEV;
	return l2k_nl_link_change_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &chg);
}

/* ethtool K shows P's speed and duplex (a tun device keeps what it is given). */
static void
set_kern_speed(struct l2k_app *app, struct l2k_pair *pair, const struct rte_eth_link *link)
{
	int ret;

	if (is_veth_path(pair->path) || pair->kern_lost || !link->link_status ||
	    link->link_speed == RTE_ETH_SPEED_NUM_NONE ||
	    link->link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ||
	    (link->link_speed == pair->kern_speed && link->link_duplex == pair->kern_duplex))
		return;
	ret = l2k_nl_ethtool_set_speed(app->nl, pair->kern_nsid, pair->kern_ifindex,
				       link->link_speed,
				       link->link_duplex == RTE_ETH_LINK_FULL_DUPLEX);
	if (ret < 0) {
		L2K_LOG(INFO, "cannot show speed on %s: %s", pair->ifname, strerror(-ret));
		return;
	}
	pair->kern_speed = link->link_speed;
	pair->kern_duplex = link->link_duplex;
}

static void
wire_link_check(struct l2k_app *app, struct l2k_pair *pair, bool force)
{
	struct rte_eth_link link;
	char txt[RTE_ETH_LINK_MAX_STR_LEN];
	bool up;
	int ret;

	if (pair->wire_lost != NULL)
		return; /* K's carrier is off for good: the application is leaving */
	up = wire_link_now(app, pair, &link);
	if (up == pair->wire_link && !force)
		return;
	pair->wire_link = up;
	set_kern_speed(app, pair, &link);
	ret = set_kern_carrier(app, pair, up);
	if (force && ret == 0)
		return; /* start-up: no change to report */
	rte_eth_link_to_str(txt, sizeof(txt), &link);
	if (ret < 0) {
		L2K_WARN("port %u (%s) link %s: cannot set carrier of %s: %s", pair->wire,
			 pair->wire_name, up ? "up" : "down", pair->ifname, strerror(-ret));
		return;
	}
	pair->mirrored[L2K_MIRROR_WIRE_LINK]++;
	L2K_INFO("port %u (%s) %s: kernel %s carrier %s", pair->wire, pair->wire_name,
		 up ? txt : "link down", pair->ifname, up ? "on" : "off");
}

static void
wake(struct l2k_app *app)
{
	uint64_t one = 1;

	if (write(app->wake_fd, &one, sizeof(one)) < 0)
		return; /* the counter is full: the loop is awake anyway */
}

static int
lsc_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	RTE_SET_USED(port);
	RTE_SET_USED(type);
	RTE_SET_USED(ret_param);
	/* interrupt thread: only wake the control loop, which does the work */
	wake(arg);
	return 0;
}

/* P's device was unplugged: interrupt thread, so only flag it and wake the control loop. */
static int
rmv_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	struct l2k_app *app = arg;
	unsigned int p;

	RTE_SET_USED(type);
	RTE_SET_USED(ret_param);
	for (p = 0; p < app->nb_pairs; p++)
		if (app->pairs[p].wire == port)
			app->pairs[p].wire_removed = true;
	wake(app);
	return 0;
}

/* ---- K -> P ---- */

static void
refused(struct l2k_pair *pair)
{
	pair->mirrored[L2K_MIRROR_REFUSED]++;
}

/*
 * Set a port's MTU. A driver that sized its receive buffers for the old
 * MTU answers -EBUSY while started (rtap): the port is then stopped, given
 * the MTU and started again, with forwarding paused meanwhile.
 */
static int
port_set_mtu(uint16_t port, uint16_t mtu, bool *paused)
{
	int ret = rte_eth_dev_set_mtu(port, mtu);

	if (ret != -EBUSY)
		return ret;
	if (!*paused) {
		l2k_fwd_stop();
		*paused = true;
	}
	ret = rte_eth_dev_stop(port);
	if (ret == 0)
		ret = rte_eth_dev_set_mtu(port, mtu);
	if (rte_eth_dev_start(port) < 0 && ret == 0)
		ret = -EIO;
	return ret;
}

/* P (and the DPDK end of K) take the new MTU, or all is rolled back. */
static int
apply_mtu(struct l2k_app *app, struct l2k_pair *pair, uint16_t mtu, char *why, size_t len)
{
	bool paused = false;
	int ret;

	if (mtu > pair->max_mtu) {
		char lim[L2K_MTU_WHY_LEN];

		l2k_port_max_mtu(pair->wire, lim, sizeof(lim));
		snprintf(why, len, "above the %u port %u (%s) carries: %s", pair->max_mtu,
			 pair->wire, pair->wire_name, lim[0] ? lim : "its driver's max_mtu");
		return -ERANGE;
	}
	ret = port_set_mtu(pair->wire, mtu, &paused);
	if (ret < 0) {
		snprintf(why, len, "port %u (%s) refused it: %s", pair->wire, pair->wire_name,
			 strerror(-ret));
		goto out;
	}
	if (is_veth_path(pair->path)) {
		ret = l2k_nl_link_set_mtu(app->nl, pair->peer_ifindex, mtu);
		if (ret < 0)
			snprintf(why, len, "veth peer %s refused it: %s%s%s", pair->peer,
				 strerror(-ret), errmsg_sep(app->nl), l2k_nl_errmsg(app->nl));
		if (ret == 0)
			ret = port_set_mtu(pair->kern, mtu, &paused);
	} else if (pair->path == L2K_PATH_RTAP) {
		/* K's netdev has the MTU already; rtap answers -EBUSY when its reads are too small */
		ret = port_set_mtu(pair->kern, mtu, &paused);
	} else if (pair->path == L2K_PATH_TAP) {
		/* net_tap checks frame sizes against its own copy of the MTU */
		uint16_t cur = 0;

		ret = port_set_mtu(pair->kern, mtu, &paused);
		/* lowering needs no change of that check; raising does */
		if (ret == -ENODEV && rte_eth_dev_get_mtu(pair->kern, &cur) == 0 && mtu <= cur)
			ret = 0;
		if (ret == -ENODEV)
			snprintf(why, len, "net_tap sets the MTU by interface name in the "
				 "application's namespace, and %s is not there (rtap follows it "
				 "anywhere)", pair->ifname);
	}
	if (ret < 0 && why[0] == '\0')
		snprintf(why, len, "the %s port refused it: %s", l2k_path_name(pair->path),
			 strerror(-ret));
	if (ret < 0) {
		port_set_mtu(pair->wire, pair->mtu, &paused);
		if (is_veth_path(pair->path))
			l2k_nl_link_set_mtu(app->nl, pair->peer_ifindex, pair->mtu);
	}
out:
	if (paused && l2k_fwd_assign(app) < 0) {
		L2K_ERR("cannot restart forwarding after the MTU change; exiting");
		app->failed = true;
		l2k_force_quit = true;
	}
	return ret;
}

static void
on_mtu(struct l2k_app *app, struct l2k_pair *pair, uint32_t old, uint32_t mtu)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU };
	char why[L2K_ERRLEN] = "";
	int ret;

	if (mtu == pair->mtu)
		return; /* our own restore, or no change for P */
	ret = mtu > UINT16_MAX ? -ERANGE : apply_mtu(app, pair, (uint16_t)mtu, why, sizeof(why));
	if (mtu > UINT16_MAX)
		snprintf(why, sizeof(why), "above what an ethdev port takes");
	if (ret == 0) {
		pair->mtu = (uint16_t)mtu;
		pair->mirrored[L2K_MIRROR_MTU]++;
		L2K_INFO("kernel %s MTU %u -> %u: applied to port %u (%s)", pair->ifname, old, mtu,
			 pair->wire, pair->wire_name);
		return;
	}
	refused(pair);
	chg.mtu = pair->mtu;
	ret = l2k_nl_link_change_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &chg);
	L2K_WARN("kernel %s MTU %u refused (%s); MTU %s to %u", pair->ifname, mtu, why,
		 ret == 0 ? "restored" : "could not be restored", pair->mtu);
}

/* Lower case, as ip-link(8) prints it. */
static void
mac_str(char *buf, size_t len, const uint8_t *a)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void
on_addr(struct l2k_app *app, struct l2k_pair *pair, const uint8_t *addr)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ADDR };
	char txt[RTE_ETHER_ADDR_FMT_SIZE], old[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr mac;
	int ret;

	memcpy(mac.addr_bytes, addr, RTE_ETHER_ADDR_LEN);
	if (rte_is_same_ether_addr(&mac, &pair->mac))
		return;
	mac_str(txt, sizeof(txt), mac.addr_bytes);
	mac_str(old, sizeof(old), pair->mac.addr_bytes);
	ret = rte_eth_dev_default_mac_addr_set(pair->wire, &mac);
	if (ret == 0) {
		pair->mac = mac;
		pair->mirrored[L2K_MIRROR_ADDR]++;
		L2K_INFO("kernel %s address %s -> %s: applied to port %u (%s)", pair->ifname, old,
			 txt, pair->wire, pair->wire_name);
		return;
	}
	refused(pair);
	memcpy(chg.addr, pair->mac.addr_bytes, sizeof(chg.addr));
	l2k_nl_link_change_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &chg);
	L2K_WARN("kernel %s address %s refused by port %u (%s): %s; address restored to %s",
		 pair->ifname, txt, pair->wire, pair->wire_name, strerror(-ret), old);
}

static void
on_up(struct l2k_pair *pair, bool up)
{
	int ret;

	if (pair->fwd_on == up)
		return;
	pair->fwd_on = up;
	ret = up ? rte_eth_dev_set_link_up(pair->wire) : rte_eth_dev_set_link_down(pair->wire);
	pair->mirrored[L2K_MIRROR_UP]++;
	L2K_INFO("kernel %s %s: forwarding %s%s", pair->ifname, up ? "up" : "down",
		 up ? "resumed" : "stopped",
		 ret == 0 ? (up ? ", port link up" : ", port link down") : "");
}

static void
set_rx_mode(struct l2k_pair *pair, const struct l2k_link *k, bool log)
{
	bool promisc = k->flags & IFF_PROMISC;
	/* K's multicast list is not in rtnetlink: a multicast K gets all multicast */
	bool allmulti = (k->flags & IFF_ALLMULTI) || (k->flags & IFF_MULTICAST);
	int ret;

	if (rte_eth_promiscuous_get(pair->wire) != (int)promisc) {
		ret = promisc ? rte_eth_promiscuous_enable(pair->wire) :
				rte_eth_promiscuous_disable(pair->wire);
		if (ret < 0) {
			refused(pair);
			L2K_WARN("port %u (%s) refused promiscuous %s: %s", pair->wire,
				 pair->wire_name, promisc ? "on" : "off", strerror(-ret));
		} else if (log) {
			pair->mirrored[L2K_MIRROR_PROMISC]++;
			L2K_INFO("kernel %s promiscuous %s: applied to port %u (%s)", pair->ifname,
				 promisc ? "on" : "off", pair->wire, pair->wire_name);
		}
	}
	if (rte_eth_allmulticast_get(pair->wire) != (int)allmulti) {
		ret = allmulti ? rte_eth_allmulticast_enable(pair->wire) :
				 rte_eth_allmulticast_disable(pair->wire);
		if (ret < 0 && ret != -ENOTSUP) {
			refused(pair);
			L2K_WARN("port %u (%s) refused all-multicast %s: %s", pair->wire,
				 pair->wire_name, allmulti ? "on" : "off", strerror(-ret));
		} else if (ret == 0 && log) {
			pair->mirrored[L2K_MIRROR_ALLMULTI]++;
			L2K_INFO("kernel %s all-multicast %s: applied to port %u (%s)",
				 pair->ifname, allmulti ? "on" : "off", pair->wire,
				 pair->wire_name);
		}
	}
}

/* ---- events ---- */

static void
on_kern_event(struct l2k_app *app, struct l2k_pair *pair, const struct l2k_link_event *ev)
{
	switch (ev->what) {
	case L2K_LINK_EV_MTU:
		on_mtu(app, pair, ev->u.old, ev->u.new);
		break;
	case L2K_LINK_EV_ADDR:
		on_addr(app, pair, ev->addr.new);
		break;
	case L2K_LINK_EV_UP: {
		/*
		 * Act on K's state now, not the event's: a port restart (MTU)
		 * takes K down and up again before its events are read.
		 */
		struct l2k_link now;
		bool up = ev->u.new;

		if (l2k_nl_link_get_in(app->nl, pair->kern_nsid, pair->kern_ifindex, &now) == 0)
			up = now.flags & IFF_UP;
		on_up(pair, up);
		break;
	}
	case L2K_LINK_EV_PROMISC:
	case L2K_LINK_EV_ALLMULTI:
	case L2K_LINK_EV_MULTICAST:
		set_rx_mode(pair, ev->link, true);
		break;
	case L2K_LINK_EV_TXQLEN:
		l2k_kport_ring_changed(app, pair);
		break;
	case L2K_LINK_EV_NAME:
		L2K_INFO("kernel %s renamed %s: still followed (ifindex %d)", ev->name.old,
			 ev->name.new, pair->kern_ifindex);
		snprintf(pair->ifname, sizeof(pair->ifname), "%s", ev->name.new);
		pair->mirrored[L2K_MIRROR_RENAME]++;
		break;
	case L2K_LINK_EV_MOVED:
		pair->kern_nsid = ev->moved.nsid;
		pair->kern_ifindex = ev->moved.ifindex;
		pair->mirrored[L2K_MIRROR_NETNS]++;
		L2K_INFO("kernel %s moved to network namespace nsid %d (ifindex %d): still "
			 "followed", pair->ifname, ev->moved.nsid, ev->moved.ifindex);
		break;
	case L2K_LINK_EV_LOST:
		pair->kern_lost = true;
		L2K_WARN("kernel %s moved to a network namespace this application cannot see "
			 "(no CAP_NET_BROADCAST, or no namespace id): forwarding goes on, its "
			 "changes are no longer mirrored", pair->ifname);
		/* the move took K down, and its coming up there cannot be seen */
		on_up(pair, true);
		break;
	case L2K_LINK_EV_DELETED:
		pair->kern_deleted = true;
		pair->kern_ifindex = 0; /* nothing left to bring home */
		break;
	default:
		break; /* carrier: ours to set, not to follow */
	}
}

/*
 * P's backing netdev. Deleted or moved to another namespace, it takes the
 * driver's socket with it (AF_XDP and AF_PACKET sockets are unbound): P is
 * dead for good. Noted here, acted on by l2k_mirror_poll(). A TAP (net_tap,
 * net_rtap wire) keeps its queues through a move: its file descriptors stay
 * attached, so it is followed like K.
 */
static void
on_wire_event(struct l2k_app *app, struct l2k_pair *pair, const struct l2k_link_event *ev)
{
	switch (ev->what) {
	case L2K_LINK_EV_DELETED:
		pair->wire_lost = "was deleted";
		break;
	case L2K_LINK_EV_MOVED:
	case L2K_LINK_EV_LOST:
		if (pair->wire_tap) {
			L2K_INFO("port %u (%s): interface %s moved to another network "
				 "namespace: followed (a TAP keeps its queues)", pair->wire,
				 pair->wire_name, pair->wire_netdev);
			wire_link_check(app, pair, false);
			break;
		}
		pair->wire_lost = "was moved to another network namespace";
		break;
	case L2K_LINK_EV_NAME:
		snprintf(pair->wire_netdev, sizeof(pair->wire_netdev), "%s", ev->name.new);
		break;
	default:
		wire_link_check(app, pair, false);
		break;
	}
}

static void
on_event(const struct l2k_link_event *ev, void *cookie, void *arg)
{
	struct l2k_app *app = arg;
	unsigned int p;

	for (p = 0; p < app->nb_pairs; p++) {
		struct l2k_pair *pair = &app->pairs[p];

		if (cookie == &pair->kern_ifindex)
			on_kern_event(app, pair, ev);
		else if (cookie == &pair->wire_ifindex)
			on_wire_event(app, pair, ev);
	}
}

/*
 * P is gone (its netdev deleted or moved away, or the device unplugged):
 * K loses its carrier and the application exits with status 1, removing
 * what it created, so that a service manager can start it again once the
 * interface is back.
 */
static void
wire_gone(struct l2k_app *app, struct l2k_pair *pair)
{
	const struct l2k_link *nd = l2k_nl_watch_link(app->watch, &pair->wire_ifindex);
	int ret;

	/* moved where it can be followed: its AF_XDP program, if any, went with it */
	if (nd != NULL && nd->netnsid != L2K_NL_NSID_SELF)
		l2k_stale_xdp_moved(app->nl, nd->netnsid, nd->ifindex, pair->wire_netdev);
	ret = set_kern_carrier(app, pair, false);
	pair->wire_link = false;
	if (pair->wire_netdev[0] != '\0')
		L2K_ERR("port %u (%s): interface %s %s: kernel %s carrier %s; exiting",
			pair->wire, pair->wire_name, pair->wire_netdev, pair->wire_lost,
			pair->ifname, ret == 0 ? "off" : "could not be set off");
	else
		L2K_ERR("port %u (%s) %s: kernel %s carrier %s; exiting", pair->wire,
			pair->wire_name, pair->wire_lost, pair->ifname,
			ret == 0 ? "off" : "could not be set off");
	app->failed = true;
	l2k_force_quit = true;
}

/* K is gone: exit, or make it again (forwarding pauses meanwhile). */
static void
kern_deleted(struct l2k_app *app, struct l2k_pair *pair, l2k_kport_reopen_t reopen)
{
	char err[L2K_ERRLEN] = "";
	int ret;

	pair->kern_deleted = false;
	if (app->cfg.exit_on_delete) {
		L2K_INFO("kernel %s deleted: exiting (on-delete=exit)", pair->ifname);
		l2k_force_quit = true;
		return;
	}
	L2K_INFO("kernel %s deleted: re-creating it", pair->ifname);
	l2k_nl_watch_remove(app->watch, &pair->kern_ifindex);
	ret = reopen(pair, err, sizeof(err));
	/* what the re-creation queued is older than the state read when following */
	if (ret == 0 && l2k_nl_watch_poll(app->watch, on_event, app) >= 0)
		ret = l2k_mirror_follow(app, pair, err, sizeof(err));
	if (ret < 0) {
		L2K_ERR("cannot re-create kernel %s: %s; exiting", pair->ifname, err);
		app->failed = true;
		l2k_force_quit = true;
		return;
	}
	pair->mirrored[L2K_MIRROR_RECREATE]++;
	L2K_INFO("kernel %s re-created via %s, MTU %u", pair->ifname, l2k_path_name(pair->path),
		 pair->mtu);
}

/* ---- set-up ---- */

int
l2k_mirror_follow(struct l2k_app *app, struct l2k_pair *pair, char *err, size_t errlen)
{
	const struct l2k_link *k;
	struct l2k_link link;
	int ret;

	/* kport.c found K where it put it */
	pair->kern_lost = false;
	pair->kern_speed = 0;
	ret = l2k_nl_watch_add(app->watch, pair->kern_nsid, pair->kern_ifindex,
			       &pair->kern_ifindex);
	if (ret < 0) {
		snprintf(err, errlen, "cannot follow kernel %s: %s", pair->ifname, strerror(-ret));
		return ret;
	}
	if (is_veth_path(pair->path)) {
		ret = l2k_nl_link_get_by_name(app->nl, pair->peer, &link);
		if (ret < 0) {
			snprintf(err, errlen, "veth peer %s: %s", pair->peer, strerror(-ret));
			return ret;
		}
		pair->peer_ifindex = link.ifindex;
	}
	k = l2k_nl_watch_link(app->watch, &pair->kern_ifindex);
	pair->fwd_on = k->flags & IFF_UP;
	/* P's link may have been taken down with the K that was deleted */
	if (pair->fwd_on)
		rte_eth_dev_set_link_up(pair->wire);
	set_rx_mode(pair, k, false);
	wire_link_check(app, pair, true);
	return 0;
}

int
l2k_mirror_init(struct l2k_app *app, char *err, size_t errlen)
{
	struct rte_eth_dev_info info;
	unsigned int p;
	int ret;

	app->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	app->watch = l2k_nl_watch_open();
	if (app->wake_fd < 0 || app->watch == NULL) {
		snprintf(err, errlen, "cannot open the netlink watch: %s", strerror(errno));
		return -errno;
	}
	for (p = 0; p < app->nb_pairs; p++) {
		struct l2k_pair *pair = &app->pairs[p];

		if (rte_eth_dev_info_get(pair->wire, &info) != 0) {
			snprintf(err, errlen, "port %u: cannot get device info", pair->wire);
			return -ENODEV;
		}
		pair->wire_tap = strcmp(info.driver_name, "net_tap") == 0 ||
				 strcmp(info.driver_name, "net_rtap") == 0;
		/* P backed by a netdev: its carrier is P's link */
		if (info.if_index > 0 &&
		    l2k_nl_watch_add(app->watch, L2K_NL_NSID_SELF, (int)info.if_index,
				     &pair->wire_ifindex) == 0) {
			pair->wire_ifindex = (int)info.if_index;
			snprintf(pair->wire_netdev, sizeof(pair->wire_netdev), "%s",
				 l2k_nl_watch_link(app->watch, &pair->wire_ifindex)->name);
		}
		if (*info.dev_flags & RTE_ETH_DEV_INTR_LSC)
			rte_eth_dev_callback_register(pair->wire, RTE_ETH_EVENT_INTR_LSC,
						      lsc_event, app);
		if (*info.dev_flags & RTE_ETH_DEV_INTR_RMV)
			rte_eth_dev_callback_register(pair->wire, RTE_ETH_EVENT_INTR_RMV,
						      rmv_event, app);
		ret = l2k_mirror_follow(app, pair, err, errlen);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void
l2k_mirror_poll(struct l2k_app *app, l2k_kport_reopen_t reopen)
{
	uint64_t n;
	unsigned int p;
	int ret;

	if (app->watch == NULL)
		return;
	if (read(app->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		L2K_LOG(DEBUG, "eventfd: %s", strerror(errno));
	ret = l2k_nl_watch_poll(app->watch, on_event, app);
	if (ret < 0)
		L2K_WARN("netlink watch: %s", strerror(-ret));
	if (l2k_nl_watch_resyncs(app->watch) != app->resyncs) {
		app->resyncs = l2k_nl_watch_resyncs(app->watch);
		L2K_WARN("netlink events were lost (receive buffer overrun): state read again");
	}
	for (p = 0; p < app->nb_pairs && !l2k_force_quit; p++) {
		struct l2k_pair *pair = &app->pairs[p];

		if (pair->wire_removed && pair->wire_lost == NULL)
			pair->wire_lost = "was removed (device unplugged)";
		if (pair->wire_lost != NULL) {
			wire_gone(app, pair);
			break;
		}
		if (pair->kern_deleted)
			kern_deleted(app, pair, reopen);
		wire_link_check(app, pair, false);
	}
}

void
l2k_mirror_fini(struct l2k_app *app)
{
	unsigned int p;

	for (p = 0; p < app->nb_pairs; p++) {
		rte_eth_dev_callback_unregister(app->pairs[p].wire, RTE_ETH_EVENT_INTR_LSC,
						lsc_event, app);
		rte_eth_dev_callback_unregister(app->pairs[p].wire, RTE_ETH_EVENT_INTR_RMV,
						rmv_event, app);
	}
	l2k_nl_watch_close(app->watch);
	app->watch = NULL;
	if (app->wake_fd >= 0)
		close(app->wake_fd);
	app->wake_fd = -1;
}
