/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Typed link events: what changed between two states of a link. Pure code. */

#include <string.h>

#include <net/if.h>

#include "nl_private.h"

static const char *const what_names[L2K_LINK_EV_MAX] = {
	[L2K_LINK_EV_UP] = "up",
	[L2K_LINK_EV_CARRIER] = "carrier",
	[L2K_LINK_EV_MTU] = "mtu",
	[L2K_LINK_EV_ADDR] = "address",
	[L2K_LINK_EV_PROMISC] = "promisc",
	[L2K_LINK_EV_ALLMULTI] = "allmulticast",
	[L2K_LINK_EV_MULTICAST] = "multicast",
	[L2K_LINK_EV_NAME] = "name",
	[L2K_LINK_EV_TXQLEN] = "txqueuelen",
	[L2K_LINK_EV_MOVED] = "netns",
	[L2K_LINK_EV_LOST] = "lost",
	[L2K_LINK_EV_DELETED] = "deleted",
};

const char *
l2k_link_what_name(enum l2k_link_what what)
{
	if ((unsigned int)what >= L2K_LINK_EV_MAX)
		return "unknown";
	return what_names[what];
}

/* Append an event for a numeric field when it differs. */
static unsigned int
put_u(struct l2k_link_event *ev, unsigned int n, unsigned int max, enum l2k_link_what what, uint32_t old_v, uint32_t new_v)
{
	if (old_v == new_v || n >= max)
		return n;
	ev[n].what = what;
	ev[n].u.old = old_v;
	ev[n].u.new = new_v;
	return n + 1;
}

static uint32_t
flag(const struct l2k_link *l, unsigned int f)
{
	return (l->flags & f) != 0;
}

unsigned int
l2k_nl_link_diff(const struct l2k_link *old, const struct l2k_link *new,
		 struct l2k_link_event *ev, unsigned int max)
{
	unsigned int n = 0, i;

	n = put_u(ev, n, max, L2K_LINK_EV_UP, flag(old, IFF_UP), flag(new, IFF_UP));
	n = put_u(ev, n, max, L2K_LINK_EV_CARRIER, old->carrier, new->carrier);
	n = put_u(ev, n, max, L2K_LINK_EV_MTU, old->mtu, new->mtu);
	if (n < max && new->has_addr && (!old->has_addr || memcmp(old->addr, new->addr, 6))) {
		ev[n].what = L2K_LINK_EV_ADDR;
		memcpy(ev[n].addr.old, old->addr, 6);
		memcpy(ev[n].addr.new, new->addr, 6);
		n++;
	}
	n = put_u(ev, n, max, L2K_LINK_EV_PROMISC, flag(old, IFF_PROMISC),
		  flag(new, IFF_PROMISC));
	n = put_u(ev, n, max, L2K_LINK_EV_ALLMULTI, flag(old, IFF_ALLMULTI),
		  flag(new, IFF_ALLMULTI));
	n = put_u(ev, n, max, L2K_LINK_EV_MULTICAST, flag(old, IFF_MULTICAST),
		  flag(new, IFF_MULTICAST));
	if (n < max && strncmp(old->name, new->name, IFNAMSIZ) != 0) {
		ev[n].what = L2K_LINK_EV_NAME;
		memcpy(ev[n].name.old, old->name, IFNAMSIZ);
		memcpy(ev[n].name.new, new->name, IFNAMSIZ);
		n++;
	}
	/* a message without IFLA_TXQLEN says nothing about it */
	if (new->txqlen != 0)
		n = put_u(ev, n, max, L2K_LINK_EV_TXQLEN, old->txqlen, new->txqlen);
	for (i = 0; i < n; i++) {
		ev[i].nsid = old->netnsid;
		ev[i].ifindex = old->ifindex;
		ev[i].link = new;
	}
	return n;
}
