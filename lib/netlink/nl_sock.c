/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* The socket: open (here or in another namespace), close, request/ack. */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include <linux/netlink.h>

#include "nl_private.h"

/* Receive buffer asked for monitor sockets, so bursts of events fit. */
#define NL_MONITOR_RCVBUF (1024 * 1024)

static int
set_opt(struct l2k_nl *nl, int level, int opt, int val)
{
	return setsockopt(mnl_socket_get_fd(nl->sock), level, opt, &val, sizeof(val));
}

struct l2k_nl *
l2k_nl_open(unsigned int groups)
{
	return l2k_nl__open(NETLINK_ROUTE, groups);
}

struct l2k_nl *
l2k_nl__open(int proto, unsigned int groups)
{
	struct l2k_nl *nl;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (nl == NULL)
		return NULL;
	nl->sock = mnl_socket_open2(proto, SOCK_CLOEXEC);
	if (nl->sock == NULL)
		goto free_nl;
	/* Errors explain themselves (extack), and do not echo our request. */
	if (set_opt(nl, SOL_NETLINK, NETLINK_EXT_ACK, 1) < 0 ||
	    set_opt(nl, SOL_NETLINK, NETLINK_CAP_ACK, 1) < 0)
		goto close_sock;
	/* Best effort: the default buffer still works, with ENOBUFS sooner. */
	if (groups != 0)
		(void)set_opt(nl, SOL_SOCKET, SO_RCVBUF, NL_MONITOR_RCVBUF);
	if (mnl_socket_bind(nl->sock, groups, MNL_SOCKET_AUTOPID) < 0)
		goto close_sock;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	nl->rx_nsid = L2K_NL_NSID_SELF;
	return nl;

close_sock:
	err = errno;
	mnl_socket_close(nl->sock);
	errno = err;
free_nl:
	err = errno;
	free(nl);
	errno = err;
	return NULL;
}

struct l2k_nl *
l2k_nl_open_netns(int netns_fd, unsigned int groups)
{
	return l2k_nl__open_netns(netns_fd, NETLINK_ROUTE, groups);
}

struct l2k_nl *
l2k_nl__open_netns(int netns_fd, int proto, unsigned int groups)
{
	struct l2k_nl *nl;
	int self, err;

	/* setns() moves the calling thread only: save this thread's namespace. */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return NULL;
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		err = errno;
		close(self);
		errno = err;
		return NULL;
	}
	nl = l2k_nl__open(proto, groups);
	err = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		fprintf(stderr, "l2k_netlink: cannot return to the original network namespace "
			"(%s); this thread would run in the wrong one, aborting\n",
			strerror(errno));
		abort();
	}
	close(self);
	errno = err;
	return nl;
}

void
l2k_nl_close(struct l2k_nl *nl)
{
	if (nl == NULL)
		return;
	mnl_socket_close(nl->sock);
	free(nl);
}

int
l2k_nl_fd(const struct l2k_nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

int
l2k_nl_listen_all_nsid(struct l2k_nl *nl)
{
	return set_opt(nl, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, 1) < 0 ? -errno : 0;
}

const char *
l2k_nl_errmsg(const struct l2k_nl *nl)
{
	return nl->errmsg;
}

uint32_t
l2k_nl__next_seq(struct l2k_nl *nl)
{
	return ++nl->seq;
}

/* The nsid of the datagram's namespace, from NETLINK_LISTEN_ALL_NSID's cmsg. */
static int
cmsg_nsid(struct msghdr *msg)
{
	struct cmsghdr *c;
	int nsid;

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_LISTEN_ALL_NSID &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(&nsid, CMSG_DATA(c), sizeof(nsid));
			return nsid >= 0 ? nsid : L2K_NL_NSID_SELF;
		}
	}
	return L2K_NL_NSID_SELF;
}

/*
 * Receive one datagram into nl->rx.
 * @return its length; 0 when it was dropped as not from the kernel, or
 *         -EMSGSIZE when it did not fit (both counted in nl->invalid); or -errno.
 */
ssize_t
l2k_nl__recv(struct l2k_nl *nl, int flags)
{
	struct sockaddr_nl addr;
	struct iovec iov = { .iov_base = nl->rx, .iov_len = sizeof(nl->rx) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr msg = {
		.msg_name = &addr,
		.msg_namelen = sizeof(addr),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	ssize_t n;

	do {
		n = recvmsg(mnl_socket_get_fd(nl->sock), &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC) {
		nl->invalid++;
		return -EMSGSIZE;
	}
	if (msg.msg_namelen != sizeof(addr) ||
	    addr.nl_family != AF_NETLINK || addr.nl_pid != 0 || n == 0) {
		nl->invalid++;
		return 0;
	}
	nl->rx_nsid = cmsg_nsid(&msg);
	return n;
}

/* NLMSG_DONE of a dump: an int error, then extack TLVs when flagged. */
static int
parse_done(struct l2k_nl *nl, const struct nlmsghdr *nlh)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err > 0 || err < -4095 ||
	    l2k_nl__parse_extack(nlh, sizeof(int), nl->errmsg, sizeof(nl->errmsg)) < 0)
		return -EBADMSG;
	return err;
}

/*
 * Send the request built in nl->tx and read replies until its ack, error or
 * NLMSG_DONE; 'cb' gets each other reply until it returns non-zero. Messages
 * of other requests (stale sequence numbers) are skipped.
 */
int
l2k_nl__request(struct l2k_nl *nl, l2k_nl_reply_cb_t cb, void *arg)
{
	const struct nlmsghdr *req = (const void *)nl->tx;
	const struct nlmsghdr *nlh;
	bool intr = false;
	int ret = 0, err, rem;
	ssize_t n;

	nl->errmsg[0] = '\0';
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = l2k_nl__recv(nl, 0);
		if (n < 0)
			return n;
		rem = (int)n;
		for (nlh = (const void *)nl->rx; l2k_nl__msg_ok(nlh, rem);
		     nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq || nlh->nlmsg_pid != nl->portid)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_ERROR:
				if (l2k_nl_parse_error(nlh, rem, &err, nl->errmsg,
						       sizeof(nl->errmsg)) < 0)
					return -EBADMSG;
				if (err == 0)
					nl->errmsg[0] = '\0';
				return err != 0 ? err : ret;
			case NLMSG_DONE:
				err = parse_done(nl, nlh);
				if (err == 0)
					nl->errmsg[0] = '\0';
				return err != 0 ? err : ret != 0 ? ret : intr ? -EINTR : 0;
			case NLMSG_NOOP:
				break;
			default:
				/* After 'cb' stopped, drain up to the ack to stay in sync. */
				if (ret == 0 && cb != NULL)
					ret = cb(nlh, arg);
				break;
			}
		}
		if (rem > 0)
			nl->invalid++; /* trailing bytes that are no message */
	}
}
