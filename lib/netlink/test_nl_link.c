/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Functional test against the kernel: root, in network namespaces of its
 * own (unshared at start), so it touches nothing else and everything it
 * creates goes away with the process, even when a check fails.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "l2k_netlink.h"
#include "nl_test.h"

#define VETH "l2knl0"
#define PEER "l2knl0p"
#define RENAMED "l2knl1"

static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x99, 0x00, 0x01 };

/* What the monitor saw of one ifindex. */
struct seen {
	int ifindex;
	int newlink;
	int dellink;
	struct l2k_link last;
};

static int
seen_cb(int type, const struct l2k_link *link, void *arg)
{
	struct seen *s = arg;

	if (link->ifindex != s->ifindex)
		return 0;
	if (type == RTM_NEWLINK)
		s->newlink++;
	else if (type == RTM_DELLINK)
		s->dellink++;
	s->last = *link;
	return 0;
}

static void
monitor(struct l2k_nl *mon, struct seen *s, int ifindex)
{
	memset(s, 0, sizeof(*s));
	s->ifindex = ifindex;
	CHECK(l2k_nl_monitor_read(mon, seen_cb, s) >= 0);
}

struct dump_ctx {
	int count;
	bool veth, peer;
};

static int
dump_cb(const struct l2k_link *link, void *arg)
{
	struct dump_ctx *d = arg;

	d->count++;
	d->veth |= strcmp(link->name, VETH) == 0;
	d->peer |= strcmp(link->name, PEER) == 0;
	return 0;
}

static int
stop_cb(const struct l2k_link *link, void *arg)
{
	(void)link;
	(void)arg;
	return 42;
}

static int
open_own_ns(void)
{
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	CHECK(fd >= 0);
	return fd;
}

static bool
same_ns(int a, int b)
{
	struct stat sa, sb;

	CHECK(fstat(a, &sa) == 0 && fstat(b, &sb) == 0);
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void
test_create_get(struct l2k_nl *nl, int *idx, int *pidx)
{
	struct l2k_link link, peer;
	struct dump_ctx d = { 0 };

	*idx = l2k_nl_veth_create(nl, VETH, PEER);
	CHECK(*idx > 0);
	CHECK_EQ(l2k_nl_link_get(nl, *idx, &link), 0);
	CHECK_STR(link.name, VETH);
	CHECK_STR(link.kind, "veth");
	CHECK(!(link.flags & IFF_UP));
	CHECK(link.has_addr);
	CHECK_EQ(link.min_mtu, 68);
	CHECK(link.link > 0);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, PEER, &peer), 0);
	CHECK_EQ(peer.ifindex, link.link);
	CHECK_EQ(peer.link, *idx);
	*pidx = peer.ifindex;

	CHECK_EQ(l2k_nl_veth_create(nl, VETH, "l2knl9"), -EEXIST);
	CHECK_EQ(l2k_nl_link_get(nl, 999999, &link), -ENODEV);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, "l2knl-none", &link), -ENODEV);

	CHECK_EQ(l2k_nl_link_dump(nl, dump_cb, &d), 0);
	CHECK_EQ(d.count, 3); /* lo and the pair */
	CHECK(d.veth && d.peer);
	CHECK_EQ(l2k_nl_link_dump(nl, stop_cb, NULL), 42);
	/* The socket stays in sync after a walk stopped early. */
	CHECK_EQ(l2k_nl_link_get(nl, *idx, &link), 0);
}

static void
test_set(struct l2k_nl *nl, int idx, int pidx)
{
	struct l2k_link_change chg = { 0 };
	struct l2k_link link;

	CHECK_EQ(l2k_nl_link_set_mtu(nl, idx, 9000), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK_EQ(link.mtu, 9000);
	/* veth refuses an MTU under 68: the kernel's errno and its message. */
	CHECK_EQ(l2k_nl_link_set_mtu(nl, idx, 10), -EINVAL);
	CHECK(l2k_nl_errmsg(nl)[0] != '\0');
	printf("kernel said for mtu 10: \"%s\"\n", l2k_nl_errmsg(nl));
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK_STR(l2k_nl_errmsg(nl), ""); /* cleared by the next request */
	CHECK_EQ(link.mtu, 9000);

	CHECK_EQ(l2k_nl_link_set_addr(nl, idx, mac), 0);
	CHECK_EQ(l2k_nl_link_set_txqlen(nl, idx, 500), 0);
	CHECK_EQ(l2k_nl_link_set_alias(nl, idx, "l2k test"), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK(link.has_addr && memcmp(link.addr, mac, 6) == 0);
	CHECK_EQ(link.txqlen, 500);
	CHECK_STR(link.alias, "l2k test");
	CHECK_EQ(l2k_nl_link_set_alias(nl, idx, ""), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK_STR(link.alias, "");

	/* Rename while down (the kernel refuses it on a running link). */
	CHECK_EQ(l2k_nl_link_set_name(nl, idx, RENAMED), 0);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, RENAMED, &link), 0);
	CHECK_EQ(link.ifindex, idx);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, VETH, &link), -ENODEV);

	CHECK_EQ(l2k_nl_link_set_up(nl, idx, true), 0);
	CHECK_EQ(l2k_nl_link_set_up(nl, pidx, true), 0);
	CHECK_EQ(l2k_nl_link_set_promisc(nl, idx, true), 0);
	CHECK_EQ(l2k_nl_link_set_allmulti(nl, idx, true), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK_EQ(link.flags & (IFF_UP | IFF_PROMISC | IFF_ALLMULTI),
		 IFF_UP | IFF_PROMISC | IFF_ALLMULTI);
	CHECK(link.carrier); /* both ends up */
	/* veth has no carrier control: the kernel's errno is passed up. */
	CHECK_EQ(l2k_nl_link_set_carrier(nl, idx, false), -EOPNOTSUPP);

	/* Several fields in one request. */
	chg.set = L2K_LINK_SET_PROMISC | L2K_LINK_SET_ALLMULTI | L2K_LINK_SET_MTU;
	chg.mtu = 1500;
	CHECK_EQ(l2k_nl_link_change(nl, idx, &chg), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK_EQ(link.flags & (IFF_UP | IFF_PROMISC | IFF_ALLMULTI), IFF_UP);
	CHECK_EQ(link.mtu, 1500);
	CHECK_EQ(l2k_nl_link_set_up(nl, idx, false), 0);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), 0);
	CHECK(!(link.flags & IFF_UP));
}

static void
test_netns(struct l2k_nl *nl, int ns_a, int ns_b, int pidx)
{
	struct l2k_link link;
	struct l2k_nl *nlb;
	int cur;

	CHECK(l2k_nl_open_netns(-1, 0) == NULL);
	CHECK_EQ(errno, EBADF);
	cur = open_own_ns();
	CHECK(same_ns(cur, ns_a));
	close(cur);

	CHECK_EQ(l2k_nl_link_set_netns(nl, pidx, ns_b), 0);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, PEER, &link), -ENODEV);
	nlb = l2k_nl_open_netns(ns_b, 0);
	CHECK(nlb != NULL);
	cur = open_own_ns();
	CHECK(same_ns(cur, ns_a)); /* back home */
	close(cur);
	CHECK_EQ(l2k_nl_link_get_by_name(nlb, PEER, &link), 0);
	CHECK_STR(link.kind, "veth");
	CHECK(link.link_netnsid >= 0); /* the other end lives elsewhere */
	l2k_nl_close(nlb);
}

static void
test_monitor(struct l2k_nl *nl, struct l2k_nl *mon, int idx)
{
	struct l2k_link link;
	struct seen s;

	monitor(mon, &s, 0); /* drain what the previous steps queued */
	CHECK_EQ(l2k_nl_link_set_mtu(nl, idx, 1400), 0);
	monitor(mon, &s, idx);
	CHECK(s.newlink >= 1);
	CHECK_EQ(s.last.mtu, 1400);
	CHECK_STR(s.last.name, RENAMED);

	CHECK_EQ(l2k_nl_link_delete(nl, idx), 0);
	monitor(mon, &s, idx);
	CHECK_EQ(s.dellink, 1);
	CHECK_EQ(l2k_nl_link_get(nl, idx, &link), -ENODEV);
	CHECK_EQ(l2k_nl_link_delete(nl, idx), -ENODEV);
	CHECK_EQ(l2k_nl_monitor_invalid(mon), 0);
}

/* A monitor that falls behind learns it with -ENOBUFS. */
static void
test_monitor_overrun(struct l2k_nl *nl)
{
	struct l2k_nl *mon;
	struct seen s;
	int rcvbuf = 1, i, idx, ret;

	mon = l2k_nl_open(RTMGRP_LINK);
	CHECK(mon != NULL);
	CHECK(setsockopt(l2k_nl_fd(mon), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) == 0);
	idx = l2k_nl_veth_create(nl, VETH, PEER);
	CHECK(idx > 0);
	for (i = 0; i < 200; i++)
		CHECK_EQ(l2k_nl_link_set_txqlen(nl, idx, 100 + i), 0);
	memset(&s, 0, sizeof(s));
	ret = l2k_nl_monitor_read(mon, seen_cb, &s);
	CHECK_EQ(ret, -ENOBUFS);
	CHECK(l2k_nl_monitor_read(mon, seen_cb, &s) >= 0); /* reading goes on */
	CHECK_EQ(l2k_nl_link_delete(nl, idx), 0);
	l2k_nl_close(mon);
}

/* Typed events of a watch, as the kernel produces them. */
struct evlog {
	int n;
	struct l2k_link_event ev[64];
	int cookie_ok;
};

static int watch_cookie;

static void
ev_cb(const struct l2k_link_event *ev, void *cookie, void *arg)
{
	struct evlog *log = arg;

	log->cookie_ok += cookie == &watch_cookie;
	if (log->n < 64)
		log->ev[log->n++] = *ev;
}

static const struct l2k_link_event *
ev_find(const struct evlog *log, enum l2k_link_what what)
{
	int i;

	for (i = log->n - 1; i >= 0; i--)
		if (log->ev[i].what == what)
			return &log->ev[i];
	return NULL;
}

static void
watch_poll(struct l2k_nl_watch *w, struct evlog *log)
{
	memset(log, 0, sizeof(*log));
	CHECK(l2k_nl_watch_poll(w, ev_cb, log) >= 0);
	CHECK_EQ(log->cookie_ok, log->n);
}

static void
test_watch(struct l2k_nl *nl, int ns_b)
{
	static const uint8_t mac2[6] = { 0x02, 0, 0, 0x99, 0, 0x02 };
	const struct l2k_link_event *e;
	struct l2k_nl_watch *w;
	struct evlog log;
	int idx, nsid, rcvbuf = 1, i;

	idx = l2k_nl_veth_create(nl, VETH, PEER);
	CHECK(idx > 0);
	w = l2k_nl_watch_open();
	CHECK(w != NULL);
	CHECK_EQ(l2k_nl_watch_add(w, L2K_NL_NSID_SELF, idx, &watch_cookie), 0);
	CHECK_EQ(l2k_nl_watch_add(w, L2K_NL_NSID_SELF, 99999, NULL), -ENODEV);
	CHECK(l2k_nl_watch_link(w, &watch_cookie) != NULL);

	/* each change becomes one typed event with its old and new value */
	CHECK_EQ(l2k_nl_link_set_mtu(nl, idx, 1400), 0);
	watch_poll(w, &log);
	CHECK_EQ(log.n, 1);
	CHECK_EQ(log.ev[0].what, L2K_LINK_EV_MTU);
	CHECK_EQ(log.ev[0].u.old, 1500);
	CHECK_EQ(log.ev[0].u.new, 1400);
	CHECK_EQ(log.ev[0].ifindex, idx);

	CHECK_EQ(l2k_nl_link_set_addr(nl, idx, mac2), 0);
	CHECK_EQ(l2k_nl_link_set_promisc(nl, idx, true), 0);
	CHECK_EQ(l2k_nl_link_set_allmulti(nl, idx, true), 0);
	CHECK_EQ(l2k_nl_link_set_name(nl, idx, RENAMED), 0);
	watch_poll(w, &log);
	e = ev_find(&log, L2K_LINK_EV_ADDR);
	CHECK(e != NULL && memcmp(e->addr.new, mac2, 6) == 0);
	e = ev_find(&log, L2K_LINK_EV_PROMISC);
	CHECK(e != NULL && e->u.old == 0 && e->u.new == 1);
	CHECK(ev_find(&log, L2K_LINK_EV_ALLMULTI) != NULL);
	e = ev_find(&log, L2K_LINK_EV_NAME);
	CHECK(e != NULL);
	CHECK_STR(e->name.old, VETH);
	CHECK_STR(e->name.new, RENAMED);

	/* up with the peer down: admin up, no carrier; then the peer up: carrier */
	CHECK_EQ(l2k_nl_link_set_up(nl, idx, true), 0);
	watch_poll(w, &log);
	e = ev_find(&log, L2K_LINK_EV_UP);
	CHECK(e != NULL && e->u.new == 1);
	CHECK(ev_find(&log, L2K_LINK_EV_CARRIER) == NULL);

	/* moved to another namespace: followed there by nsid */
	nsid = l2k_nl_nsid_of(nl, ns_b);
	CHECK(nsid >= 0);
	CHECK_EQ(l2k_nl_nsid_of(nl, ns_b), nsid); /* stable */
	CHECK_EQ(l2k_nl_link_set_netns(nl, idx, ns_b), 0);
	watch_poll(w, &log);
	e = ev_find(&log, L2K_LINK_EV_MOVED);
	CHECK(e != NULL);
	CHECK_EQ(e->moved.nsid, nsid);
	CHECK_EQ(e->nsid, L2K_NL_NSID_SELF);
	idx = e->moved.ifindex;
	CHECK(l2k_nl_watch_link(w, &watch_cookie)->netnsid == nsid);

	/* a change made there is seen here */
	CHECK_EQ(l2k_nl_link_set_mtu(nl, idx, 1300), -ENODEV);
	{
		struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = 1300 };

		CHECK_EQ(l2k_nl_link_change_in(nl, nsid, idx, &chg), 0);
	}
	watch_poll(w, &log);
	e = ev_find(&log, L2K_LINK_EV_MTU);
	CHECK(e != NULL && e->u.new == 1300 && e->nsid == nsid);

	/* an overrun: the queued events are dropped and the state read again */
	CHECK(setsockopt(l2k_nl_watch_fd(w), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			 sizeof(rcvbuf)) == 0);
	for (i = 0; i < 200; i++) {
		struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = 1000 + i };

		CHECK_EQ(l2k_nl_link_change_in(nl, nsid, idx, &chg), 0);
	}
	watch_poll(w, &log);
	CHECK_EQ(l2k_nl_watch_resyncs(w), 1);
	CHECK_EQ(log.n, 1);
	CHECK_EQ(log.ev[0].what, L2K_LINK_EV_MTU);
	CHECK_EQ(log.ev[0].u.old, 1300);
	CHECK_EQ(log.ev[0].u.new, 1199);
	CHECK_EQ(l2k_nl_watch_link(w, &watch_cookie)->mtu, 1199);

	/* deleted (with its peer): reported and no longer followed */
	CHECK_EQ(l2k_nl_link_delete_in(nl, nsid, idx), 0);
	watch_poll(w, &log);
	CHECK(ev_find(&log, L2K_LINK_EV_DELETED) != NULL);
	CHECK(l2k_nl_watch_link(w, &watch_cookie) == NULL);
	l2k_nl_watch_close(w);
}

/* A request the library has no verb for (a bridge, a port's master), acked. */
static void
raw_link_request(uint16_t flags, int ifindex, const char *name, const char *kind, int master)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *s = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *nest;
	ssize_t n;

	CHECK(s != NULL && mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) == 0);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = 1;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (name != NULL)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (kind != NULL) {
		nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
		mnl_attr_nest_end(nlh, nest);
	}
	if (master >= 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	CHECK(mnl_socket_sendto(s, nlh, nlh->nlmsg_len) == (ssize_t)nlh->nlmsg_len);
	n = mnl_socket_recvfrom(s, buf, sizeof(buf));
	CHECK(n > 0 && mnl_cb_run(buf, n, 1, mnl_socket_get_portid(s), NULL, NULL) >= 0);
	mnl_socket_close(s);
}

/*
 * A followed link joins and leaves a bridge: the kernel's AF_BRIDGE
 * RTM_NEWLINK/RTM_DELLINK about the port are not link events (a DELLINK
 * of those once read as "deleted" and made the app re-create K).
 */
static void
test_watch_bridge_port(struct l2k_nl *nl)
{
	struct l2k_nl_watch *w;
	struct l2k_link link;
	struct evlog log;
	int idx, pidx, br;

	idx = l2k_nl_veth_create(nl, VETH, PEER);
	CHECK(idx > 0);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, PEER, &link), 0);
	pidx = link.ifindex;
	CHECK_EQ(l2k_nl_link_set_up(nl, pidx, true), 0);
	CHECK_EQ(l2k_nl_link_set_up(nl, idx, true), 0);
	raw_link_request(NLM_F_CREATE | NLM_F_EXCL, 0, "l2knlbr", "bridge", -1);
	CHECK_EQ(l2k_nl_link_get_by_name(nl, "l2knlbr", &link), 0);
	br = link.ifindex;

	w = l2k_nl_watch_open();
	CHECK(w != NULL);
	CHECK_EQ(l2k_nl_watch_add(w, L2K_NL_NSID_SELF, idx, &watch_cookie), 0);
	CHECK(l2k_nl_watch_link(w, &watch_cookie)->carrier);

	raw_link_request(0, idx, NULL, NULL, br);
	watch_poll(w, &log);
	CHECK(ev_find(&log, L2K_LINK_EV_DELETED) == NULL);
	CHECK(ev_find(&log, L2K_LINK_EV_CARRIER) == NULL);
	CHECK(ev_find(&log, L2K_LINK_EV_MTU) == NULL);
	raw_link_request(0, idx, NULL, NULL, 0);
	watch_poll(w, &log);
	CHECK(ev_find(&log, L2K_LINK_EV_DELETED) == NULL);
	CHECK(ev_find(&log, L2K_LINK_EV_CARRIER) == NULL);
	CHECK(l2k_nl_watch_link(w, &watch_cookie) != NULL);
	CHECK(l2k_nl_watch_link(w, &watch_cookie)->carrier);
	CHECK_EQ(l2k_nl_watch_link(w, &watch_cookie)->mtu, 1500);

	l2k_nl_watch_close(w);
	CHECK_EQ(l2k_nl_link_delete(nl, idx), 0);
	CHECK_EQ(l2k_nl_link_delete(nl, br), 0);
}

int
main(void)
{
	struct l2k_nl *nl, *mon;
	int ns_a, ns_b, idx, pidx;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("skip: needs root to create network namespaces\n");
		return TEST_SKIP;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		printf("skip: unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return TEST_SKIP;
	}
	ns_a = open_own_ns();
	CHECK(unshare(CLONE_NEWNET) == 0); /* a second namespace, kept by its fd */
	ns_b = open_own_ns();
	CHECK(setns(ns_a, CLONE_NEWNET) == 0);

	nl = l2k_nl_open(0);
	mon = l2k_nl_open(RTMGRP_LINK);
	CHECK(nl != NULL && mon != NULL);
	CHECK(l2k_nl_fd(mon) >= 0);

	test_create_get(nl, &idx, &pidx);
	test_set(nl, idx, pidx);
	test_netns(nl, ns_a, ns_b, pidx);
	test_monitor(nl, mon, idx);
	test_monitor_overrun(nl);
	test_watch(nl, ns_b);
	test_watch_bridge_port(nl);

	l2k_nl_close(mon);
	l2k_nl_close(nl);
	close(ns_b);
	close(ns_a);
	printf("test_nl_link: ok\n");
	return 0;
}
