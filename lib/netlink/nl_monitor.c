/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Link events: read what a RTMGRP_LINK socket has queued, without blocking. */

#include <errno.h>

#include <linux/rtnetlink.h>

#include "nl_private.h"

int
l2k_nl_monitor_read(struct l2k_nl *nl,
		    int (*cb)(int type, const struct l2k_link *link, void *arg), void *arg)
{
	const struct nlmsghdr *nlh;
	struct l2k_link link;
	int events = 0, ret, rem;
	ssize_t n;

	if (cb == NULL)
		return -EINVAL;
	for (;;) {
		n = l2k_nl__recv(nl, MSG_DONTWAIT);
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return events;
		if (n == -EMSGSIZE)
			continue; /* counted as invalid */
		if (n < 0)
			return n; /* -ENOBUFS: events were lost */
		rem = (int)n;
		for (nlh = (const void *)nl->rx; l2k_nl__msg_ok(nlh, rem);
		     nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
				continue;
			if (l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link) < 0) {
				nl->invalid++;
				continue;
			}
			link.netnsid = nl->rx_nsid;
			ret = cb(nlh->nlmsg_type, &link, arg);
			if (ret < 0)
				return ret;
			events++;
		}
		if (rem > 0)
			nl->invalid++;
	}
}

uint64_t
l2k_nl_monitor_invalid(const struct l2k_nl *nl)
{
	return nl->invalid;
}
