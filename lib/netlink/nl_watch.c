/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * A watch: follow a few links by (nsid, ifindex) through renames, moves
 * and deletion, and report typed events. Events of other namespaces come
 * through NETLINK_LISTEN_ALL_NSID; when the kernel drops events (ENOBUFS)
 * every followed link is read again and the difference reported.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "nl_private.h"

struct watched {
	void *cookie;
	bool lost;                /* moved where this socket cannot follow */
	struct l2k_link link;     /* last state; link.netnsid/ifindex is the key */
};

struct l2k_nl_watch {
	struct l2k_nl *mon;
	struct l2k_nl *req;
	struct watched *v;
	unsigned int n;
	unsigned int cap;
	uint64_t resyncs;
	bool all_nsid;            /* events of other namespaces reach 'mon' */
	l2k_nl_watch_cb_t cb;     /* of the poll in progress */
	void *arg;
	int events;
};

struct l2k_nl_watch *
l2k_nl_watch_open(void)
{
	struct l2k_nl_watch *w;
	int err;

	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	/* link events, and namespace ids going away (with the links in them) */
	w->mon = l2k_nl_open(RTMGRP_LINK | (1u << (RTNLGRP_NSID - 1)));
	if (w->mon == NULL)
		goto fail;
	/* Best effort (needs CAP_NET_BROADCAST): without it, links moved away are lost. */
	w->all_nsid = l2k_nl_listen_all_nsid(w->mon) == 0;
	w->req = l2k_nl_open(0);
	if (w->req == NULL)
		goto fail;
	return w;
fail:
	err = errno;
	l2k_nl_watch_close(w);
	errno = err;
	return NULL;
}

void
l2k_nl_watch_close(struct l2k_nl_watch *w)
{
	if (w == NULL)
		return;
	l2k_nl_close(w->mon);
	l2k_nl_close(w->req);
	free(w->v);
	free(w);
}

int
l2k_nl_watch_fd(const struct l2k_nl_watch *w)
{
	return l2k_nl_fd(w->mon);
}

struct l2k_nl *
l2k_nl_watch_nl(struct l2k_nl_watch *w)
{
	return w->req;
}

uint64_t
l2k_nl_watch_resyncs(const struct l2k_nl_watch *w)
{
	return w->resyncs;
}

int
l2k_nl_watch_add(struct l2k_nl_watch *w, int nsid, int ifindex, void *cookie)
{
	struct watched *e;
	int ret;

	if (w->n == w->cap) {
		unsigned int cap = w->cap ? w->cap * 2 : 8;

		e = realloc(w->v, cap * sizeof(*e));
		if (e == NULL)
			return -ENOMEM;
		w->v = e;
		w->cap = cap;
	}
	e = &w->v[w->n];
	memset(e, 0, sizeof(*e));
	ret = l2k_nl_link_get_in(w->req, nsid, ifindex, &e->link);
	if (ret < 0)
		return ret;
	e->link.netnsid = nsid;
	e->cookie = cookie;
	w->n++;
	return 0;
}

static void
watch_del(struct l2k_nl_watch *w, unsigned int i)
{
	w->v[i] = w->v[--w->n];
}

void
l2k_nl_watch_remove(struct l2k_nl_watch *w, void *cookie)
{
	unsigned int i = 0;

	while (i < w->n) {
		if (w->v[i].cookie == cookie)
			watch_del(w, i);
		else
			i++;
	}
}

const struct l2k_link *
l2k_nl_watch_link(const struct l2k_nl_watch *w, void *cookie)
{
	unsigned int i;

	for (i = 0; i < w->n; i++)
		if (w->v[i].cookie == cookie && !w->v[i].lost)
			return &w->v[i].link;
	return NULL;
}

static struct watched *
find(struct l2k_nl_watch *w, int nsid, int ifindex)
{
	unsigned int i;

	for (i = 0; i < w->n; i++)
		if (!w->v[i].lost && w->v[i].link.netnsid == nsid &&
		    w->v[i].link.ifindex == ifindex)
			return &w->v[i];
	return NULL;
}

static void
emit(struct l2k_nl_watch *w, struct l2k_link_event *ev, void *cookie)
{
	w->events++;
	w->cb(ev, cookie, w->arg);
}

/* A new state of a followed link: report each field that changed. */
static void
update(struct l2k_nl_watch *w, struct watched *e, const struct l2k_link *now)
{
	struct l2k_link_event ev[L2K_LINK_EV_MAX];
	struct l2k_link old = e->link;
	void *cookie = e->cookie;
	unsigned int n, i;

	e->link = *now;
	e->link.netnsid = old.netnsid;
	e->link.new_netnsid = -1;
	e->link.new_ifindex = 0;
	n = l2k_nl_link_diff(&old, &e->link, ev, L2K_LINK_EV_MAX);
	/* 'e' may move if a callback removes or adds links: report from copies */
	for (i = 0; i < n; i++) {
		struct l2k_link cur = *ev[i].link;

		ev[i].link = &cur;
		emit(w, &ev[i], cookie);
	}
}

static void
gone(struct l2k_nl_watch *w, struct watched *e, const struct l2k_link *del)
{
	struct l2k_link_event ev;
	struct l2k_link now;
	void *cookie = e->cookie;
	int nsid = -ENOENT;

	memset(&ev, 0, sizeof(ev));
	ev.nsid = e->link.netnsid;
	ev.ifindex = e->link.ifindex;
	/* a move: the new nsid is relative to where the link was, make it ours */
	if (del != NULL && del->new_netnsid >= 0)
		nsid = l2k_nl_nsid_translate(w->req, e->link.netnsid, del->new_netnsid);
	/* followed there only if that namespace's events reach us */
	if (nsid >= L2K_NL_NSID_SELF && (w->all_nsid || nsid == L2K_NL_NSID_SELF)) {
		ev.what = L2K_LINK_EV_MOVED;
		ev.moved.nsid = nsid;
		ev.moved.ifindex = del->new_ifindex > 0 ? del->new_ifindex : e->link.ifindex;
		e->link.netnsid = ev.moved.nsid;
		e->link.ifindex = ev.moved.ifindex;
		ev.link = &e->link;
		emit(w, &ev, cookie);
		/* events there before its nsid existed here were not seen: read it */
		if (l2k_nl_link_get_in(w->req, nsid, ev.moved.ifindex, &now) == 0) {
			e = find(w, nsid, ev.moved.ifindex);
			if (e != NULL)
				update(w, e, &now);
		}
		return;
	}
	if (del != NULL && del->new_netnsid >= 0) {
		ev.what = L2K_LINK_EV_LOST;
		e->lost = true;
	} else {
		ev.what = L2K_LINK_EV_DELETED;
		watch_del(w, (unsigned int)(e - w->v));
	}
	emit(w, &ev, cookie);
}

static int
on_message(int type, const struct l2k_link *link, void *arg)
{
	struct l2k_nl_watch *w = arg;
	struct watched *e;
	unsigned int i = 0;

	if (type == RTM_DELNSID) {
		/* the namespace is destroyed: its links are, unreported */
		while (i < w->n) {
			e = &w->v[i];
			if (!e->lost && e->link.netnsid == link->netnsid)
				gone(w, e, NULL); /* slot i now holds another link */
			else
				i++;
		}
		return 0;
	}
	e = find(w, link->netnsid, link->ifindex);
	if (e == NULL)
		return 0;
	if (type == RTM_DELLINK)
		gone(w, e, link);
	else
		update(w, e, link);
	return 0;
}

static void
drain(struct l2k_nl *nl)
{
	ssize_t n;

	do {
		n = l2k_nl__recv(nl, MSG_DONTWAIT);
	} while (n >= 0 || n == -ENOBUFS || n == -EMSGSIZE);
}

int
l2k_nl_watch_resync(struct l2k_nl_watch *w, l2k_nl_watch_cb_t cb, void *arg)
{
	struct l2k_link now;
	unsigned int i = 0;
	int ret;

	w->cb = cb;
	w->arg = arg;
	w->events = 0;
	while (i < w->n) {
		struct watched *e = &w->v[i];

		if (e->lost) {
			i++;
			continue;
		}
		ret = l2k_nl_link_get_in(w->req, e->link.netnsid, e->link.ifindex, &now);
		if (ret == -ENODEV || ret == -EINVAL) {
			/* -EINVAL: the nsid no longer names a namespace */
			gone(w, e, NULL);
			continue; /* slot i now holds another link */
		}
		if (ret < 0)
			return ret;
		update(w, e, &now);
		i++;
	}
	return w->events;
}

int
l2k_nl_watch_poll(struct l2k_nl_watch *w, l2k_nl_watch_cb_t cb, void *arg)
{
	int ret, total = 0;

	for (;;) {
		w->cb = cb;
		w->arg = arg;
		w->events = 0;
		ret = l2k_nl_monitor_read(w->mon, on_message, w);
		if (ret >= 0)
			return total + w->events;
		if (ret != -ENOBUFS)
			return ret;
		/*
		 * Events were dropped. What is still queued is older than the
		 * state read now and would replay it backwards: discard it.
		 */
		total += w->events;
		w->resyncs++;
		drain(w->mon);
		ret = l2k_nl_watch_resync(w, cb, arg);
		if (ret < 0)
			return ret;
		total += ret;
	}
}
