/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Reaching a namespace known only by its nsid. The kernel reports where a
 * link moved as an nsid, and answers RTM_GETLINK/RTM_DELLINK aimed at one
 * (IFLA_TARGET_NETNSID), but changes to a link must be asked from inside
 * its namespace: find a file that names the namespace (ip-netns(8) names,
 * namespaces this process holds open, then every process's), keep it, and
 * open a socket there.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nl_private.h"

enum scan { SCAN_NAMES, SCAN_OWN_FDS, SCAN_PIDS };

/*
 * Open the first namespace file under 'dir' for which 'match' holds:
 * names (SCAN_NAMES), namespace fds of this process (SCAN_OWN_FDS), or
 * /proc/PID/ns/net (SCAN_PIDS). -1 when none.
 */
typedef bool (*ns_match_t)(struct l2k_nl *nl, int fd, int nsid);

static bool
nsid_here(struct l2k_nl *nl, int fd, int nsid)
{
	return l2k_nl_nsid_of_noassign(nl, fd) == nsid;
}

static int
scan_dir(struct l2k_nl *nl, const char *dir, const char *suffix, int nsid, enum scan how,
	 ns_match_t match)
{
	char path[320], target[64];
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int fd = -1;

	d = opendir(dir);
	if (d == NULL)
		return -1;
	while (fd < 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (how == SCAN_PIDS && (de->d_name[0] < '1' || de->d_name[0] > '9'))
			continue;
		if (how == SCAN_OWN_FDS) {
			/* only namespace files held open by this process */
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			n = readlink(path, target, sizeof(target) - 1);
			if (n < 4 || strncmp(target, "net:", 4) != 0)
				continue;
		}
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, suffix);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && !match(nl, fd, nsid)) {
			close(fd);
			fd = -1;
		}
	}
	closedir(d);
	return fd;
}

static int
scan_all(struct l2k_nl *nl, int nsid, ns_match_t match)
{
	int fd = scan_dir(nl, "/var/run/netns", "", nsid, SCAN_NAMES, match);

	if (fd < 0)
		fd = scan_dir(nl, "/proc/self/fd", "", nsid, SCAN_OWN_FDS, match);
	if (fd < 0)
		fd = scan_dir(nl, "/proc", "/ns/net", nsid, SCAN_PIDS, match);
	return fd;
}

int
l2k_nl_netns_find(struct l2k_nl *nl, int nsid)
{
	int fd;

	if (nsid < 0)
		return -EINVAL;
	if (nl->ns_fd >= 0 && nl->ns_nsid == nsid &&
	    l2k_nl_nsid_of_noassign(nl, nl->ns_fd) == nsid)
		return nl->ns_fd;
	if (nl->ns_fd >= 0)
		close(nl->ns_fd);
	nl->ns_fd = -1;
	fd = scan_all(nl, nsid, nsid_here);
	if (fd < 0)
		return -ENOENT;
	nl->ns_fd = fd;
	nl->ns_nsid = nsid;
	return fd;
}

int
l2k_nl_link_change_in(struct l2k_nl *nl, int nsid, int ifindex,
		      const struct l2k_link_change *chg)
{
	struct l2k_nl *there;
	int fd, ret;

	if (nsid == L2K_NL_NSID_SELF)
		return l2k_nl_link_change(nl, ifindex, chg);
	fd = l2k_nl_netns_find(nl, nsid);
	if (fd < 0)
		return fd;
	there = l2k_nl_open_netns(fd, 0);
	if (there == NULL)
		return -errno;
	ret = l2k_nl_link_change(there, ifindex, chg);
	memcpy(nl->errmsg, there->errmsg, sizeof(nl->errmsg));
	l2k_nl_close(there);
	return ret;
}

/* 'there' is a socket in the namespace the nsid was given by. */
static bool
nsid_there(struct l2k_nl *there, int fd, int nsid)
{
	return l2k_nl_nsid_of_noassign(there, fd) == nsid;
}

int
l2k_nl_nsid_translate(struct l2k_nl *nl, int from, int nsid)
{
	struct l2k_nl *there;
	int fd, self, ret;

	if (from == L2K_NL_NSID_SELF)
		return nsid;
	fd = l2k_nl_netns_find(nl, from);
	if (fd < 0)
		return fd;
	there = l2k_nl_open_netns(fd, 0);
	if (there == NULL)
		return -errno;
	/* back to our own namespace? */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self >= 0 && nsid_there(there, self, nsid)) {
		ret = L2K_NL_NSID_SELF;
	} else {
		fd = scan_all(there, nsid, nsid_there);
		ret = fd < 0 ? -ENOENT : l2k_nl_nsid_of(nl, fd);
		if (fd >= 0)
			close(fd);
	}
	if (self >= 0)
		close(self);
	l2k_nl_close(there);
	return ret;
}
