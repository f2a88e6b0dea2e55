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

/* Open the namespace file 'path' if its nsid here is 'nsid'; -1 otherwise. */
static int
try_ns(struct l2k_nl *nl, const char *path, int nsid)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = l2k_nl_nsid_of_noassign(nl, fd);
	if (ret == nsid)
		return fd;
	close(fd);
	return -1;
}

enum scan { SCAN_NAMES, SCAN_OWN_FDS, SCAN_PIDS };

static int
scan_dir(struct l2k_nl *nl, const char *dir, const char *suffix, int nsid, enum scan how)
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
		fd = try_ns(nl, path, nsid);
	}
	closedir(d);
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
	fd = scan_dir(nl, "/var/run/netns", "", nsid, SCAN_NAMES);
	if (fd < 0)
		fd = scan_dir(nl, "/proc/self/fd", "", nsid, SCAN_OWN_FDS);
	if (fd < 0)
		fd = scan_dir(nl, "/proc", "/ns/net", nsid, SCAN_PIDS);
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
