/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Fuzz target: lib/netlink's message parsers over an arbitrary datagram, as
 * a receiver walks it (mnl_nlmsg_ok/next). Each message goes to
 * l2k_nl_parse_link() and l2k_nl_parse_error() whatever its type, with the
 * message's own length and with the rest of the datagram; the extended-ack
 * text is asked for in buffers of several sizes. What is checked, besides
 * the sanitizers' own checks: a parser that accepts a message returns
 * values a caller can use as they are (strings terminated within their
 * arrays, an ifindex > 0, an errno within the kernel's range).
 */

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "l2k_netlink.h"
#include "fuzz.h"

static void
check_link(const struct nlmsghdr *nlh, size_t len)
{
	struct l2k_link link;
	int ret;

	memset(&link, 0xa5, sizeof(link)); /* no NUL anywhere beforehand */
	ret = l2k_nl_parse_link(nlh, len, &link);
	FUZZ_ASSERT(ret == 0 || ret == -EBADMSG);
	if (ret < 0)
		return;
	FUZZ_ASSERT(len >= sizeof(*nlh) && nlh->nlmsg_len <= len);
	FUZZ_ASSERT(nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK);
	FUZZ_ASSERT(link.ifindex > 0);
	FUZZ_ASSERT(link.name[0] != '\0' && memchr(link.name, '\0', sizeof(link.name)) != NULL);
	FUZZ_ASSERT(memchr(link.kind, '\0', sizeof(link.kind)) != NULL);
	FUZZ_ASSERT(memchr(link.alias, '\0', sizeof(link.alias)) != NULL);
}

static void
check_error(const struct nlmsghdr *nlh, size_t len)
{
	static const size_t sizes[] = { 0, 1, 7, 256 };
	unsigned int i;
	int ret, err;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* every size in a heap buffer of its own: a write past it is caught */
		char *m = sizes[i] > 0 ? malloc(sizes[i]) : NULL;

		if (m != NULL)
			memset(m, 'x', sizes[i]);
		err = 1;
		ret = l2k_nl_parse_error(nlh, len, &err, m, sizes[i]);
		FUZZ_ASSERT(ret == 0 || ret == -EBADMSG);
		if (m != NULL)
			FUZZ_ASSERT(memchr(m, '\0', sizes[i]) != NULL); /* "" at least */
		if (ret == 0) {
			FUZZ_ASSERT(nlh->nlmsg_type == NLMSG_ERROR);
			FUZZ_ASSERT(err <= 0 && err >= -4095);
		}
		free(m);
	}
	/* no message buffer at all */
	err = 1;
	ret = l2k_nl_parse_error(nlh, len, &err, NULL, 16);
	FUZZ_ASSERT(ret == 0 || ret == -EBADMSG);
	if (ret == 0)
		FUZZ_ASSERT(err <= 0 && err >= -4095);
}

/*
 * mnl_nlmsg_ok() of libmnl 1.0.4 compares (int)nlmsg_len with what is
 * left: a length of 2^31 or more passes as negative and mnl_nlmsg_next()
 * then jumps out of the datagram. The kernel never sends such a length;
 * our receivers (nl_sock.c, nl_monitor.c) rely on that, this walk cannot.
 */
static bool
msg_ok(const struct nlmsghdr *nlh, int len)
{
	return mnl_nlmsg_ok(nlh, len) && nlh->nlmsg_len <= (unsigned int)len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *nlh = (const void *)data;
	int len = size > INT_MAX ? INT_MAX : (int)size;

	/* the parsers check the length they are given before anything else */
	check_link(nlh, size);
	check_error(nlh, size);

	for (; msg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		check_link(nlh, nlh->nlmsg_len);
		check_error(nlh, nlh->nlmsg_len);
		/* a receiver may also pass what is left of the datagram */
		check_link(nlh, (size_t)len);
		check_error(nlh, (size_t)len);
	}
	return 0;
}
