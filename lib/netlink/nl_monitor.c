/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Link events: read what a RTMGRP_LINK socket has queued, without blocking. */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "nl_private.h"

/*
 * An id of our namespace's table no longer names a namespace (it was
 * destroyed, with its links, whose removal is not reported here): tell
 * 'cb' with RTM_DELNSID and a link that has only 'netnsid' set.
 * @return 1 when reported, 0 when skipped, or what 'cb' returned.
 */
static int
nsid_deleted(struct l2k_nl *nl, const struct nlmsghdr *nlh,
	     int (*cb)(int type, const struct l2k_link *link, void *arg), void *arg)
{
	struct l2k_link link;
	int ret;

	if (nl->rx_nsid != L2K_NL_NSID_SELF)
		return 0; /* another namespace's table: its ids are not ours */
	memset(&link, 0, sizeof(link));
	if (l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &link.netnsid) < 0 || link.netnsid < 0) {
		nl->invalid++;
		return 0;
	}
	ret = cb(RTM_DELNSID, &link, arg);
	return ret < 0 ? ret : 1;
}

int
l2k_nl_monitor_read(struct l2k_nl *nl,
		    int (*cb)(int type, const struct l2k_link *link, void *arg), void *arg)
{
	const struct nlmsghdr *nlh;
	const struct ifinfomsg *ifm;
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
			if (nlh->nlmsg_type == RTM_DELNSID) {
				ret = nsid_deleted(nl, nlh, cb, arg);
				if (ret < 0)
					return ret;
				events += ret;
				continue;
			}
			if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
				continue;
			if (l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link) < 0) {
				nl->invalid++;
				continue;
			}
			/*
			 * AF_BRIDGE notifications (a port joins or leaves a
			 * bridge) describe the port, not the link: a
			 * RTM_DELLINK of those does not delete the link.
			 */
			ifm = mnl_nlmsg_get_payload(nlh);
			if (ifm->ifi_family != AF_UNSPEC)
				continue;
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
