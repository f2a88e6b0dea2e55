/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Reaching a namespace known only by its nsid. The kernel reports where a
 * link moved as an nsid, and answers RTM_GETLINK/RTM_DELLINK aimed at one
 * (IFLA_TARGET_NETNSID), but changes to a link must be asked from inside
 * its namespace: find a file that names the namespace (ip-netns(8) names,
 * namespaces this process holds open, then every process's) and open a
 * socket there. Only the file's name is remembered, for the next time: a
 * file descriptor kept would keep the namespace alive, and with it the
 * links a user meant to destroy with "ip netns del".
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
	 ns_match_t match, char *found, size_t flen)
{
	char path[NL_NS_PATH_LEN], target[64];
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
	if (fd >= 0 && found != NULL)
		snprintf(found, flen, "%s", path);
	return fd;
}

static int
scan_all(struct l2k_nl *nl, int nsid, ns_match_t match, char *found, size_t flen)
{
	int fd = scan_dir(nl, "/var/run/netns", "", nsid, SCAN_NAMES, match, found, flen);

	if (fd < 0)
		fd = scan_dir(nl, "/proc/self/fd", "", nsid, SCAN_OWN_FDS, match, found, flen);
	if (fd < 0)
		fd = scan_dir(nl, "/proc", "/ns/net", nsid, SCAN_PIDS, match, found, flen);
	return fd;
}

int
l2k_nl_netns_find(struct l2k_nl *nl, int nsid)
{
	int fd;

	if (nsid < 0)
		return -EINVAL;
	/* the file found last time usually still names that namespace */
	if (nl->ns_path[0] != '\0' && nl->ns_nsid == nsid) {
		fd = open(nl->ns_path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && nsid_here(nl, fd, nsid))
			return fd;
		if (fd >= 0)
			close(fd);
	}
	nl->ns_path[0] = '\0';
	fd = scan_all(nl, nsid, nsid_here, nl->ns_path, sizeof(nl->ns_path));
	if (fd < 0)
		return -ENOENT;
	nl->ns_nsid = nsid;
	return fd;
}

/* A route socket inside the namespace 'nsid' names for 'nl'; NULL with *err. */
struct l2k_nl *
l2k_nl__open_in(struct l2k_nl *nl, int nsid, int *err)
{
	struct l2k_nl *there;
	int fd;

	fd = l2k_nl_netns_find(nl, nsid);
	if (fd < 0) {
		*err = fd;
		return NULL;
	}
	there = l2k_nl_open_netns(fd, 0);
	*err = -errno;
	close(fd);
	return there;
}

int
l2k_nl_link_change_in(struct l2k_nl *nl, int nsid, int ifindex,
		      const struct l2k_link_change *chg)
{
	struct l2k_nl *there;
	int ret;

	if (nsid == L2K_NL_NSID_SELF)
		return l2k_nl_link_change(nl, ifindex, chg);
	there = l2k_nl__open_in(nl, nsid, &ret);
	if (there == NULL)
		return ret;
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
	there = l2k_nl__open_in(nl, from, &ret);
	if (there == NULL)
		return ret;
	/* back to our own namespace? */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self >= 0 && nsid_there(there, self, nsid)) {
		ret = L2K_NL_NSID_SELF;
	} else {
		fd = scan_all(there, nsid, nsid_there, NULL, 0);
		ret = fd < 0 ? -ENOENT : l2k_nl_nsid_of(nl, fd);
		if (fd >= 0)
			close(fd);
	}
	if (self >= 0)
		close(self);
	l2k_nl_close(there);
	return ret;
}
