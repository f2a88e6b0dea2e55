/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Link control through lib/netlink. Every request runs in the TAP's own
 * network namespace (TUNGETDEVNETNS on the first queue's fd) on the link's
 * ifindex, found from the name the fd reports now (TUNGETIFF): a rename or a
 * move to another namespace does not lose the port.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <rte_string_fns.h>

#include "l2k_netlink.h"
#include "rtap.h"

static bool
same_netns(int nsfd)
{
	struct stat a, b;

	return fstat(nsfd, &a) == 0 && stat("/proc/self/ns/net", &b) == 0 &&
		a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static struct l2k_nl *
rtap_nl_open(const struct rtap_pmd *pmd)
{
	struct l2k_nl *nl;
	int nsfd, err;

	nsfd = ioctl(pmd->fds[0], TUNGETDEVNETNS);
	if (nsfd < 0)
		return l2k_nl_open(0); /* kernel without TUNGETDEVNETNS: ours */
	if (same_netns(nsfd))
		nl = l2k_nl_open(0);
	else
		nl = l2k_nl_open_netns(nsfd, 0);
	err = errno;
	close(nsfd);
	errno = err;
	return nl;
}

/*
 * Run one change (or none: chg == NULL) on the TAP; 'out' (if not NULL) gets
 * the link as it was before the change.
 */
static int
rtap_nl_run(struct rtap_pmd *pmd, const char *what, const struct l2k_link_change *chg,
	    struct l2k_link *out)
{
	struct l2k_link link;
	struct l2k_nl *nl;
	struct ifreq ifr;
	int ret;

	if (pmd->fds[0] < 0)
		return -ENODEV;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(pmd->fds[0], TUNGETIFF, &ifr) < 0)
		return -errno;
	nl = rtap_nl_open(pmd);
	if (nl == NULL) {
		ret = -errno;
		PMD_LOG(ERR, "%s: %s: netlink socket: %s", ifr.ifr_name, what, strerror(errno));
		return ret;
	}
	ret = l2k_nl_link_get_by_name(nl, ifr.ifr_name, &link);
	if (ret == 0) {
		pmd->ifindex = link.ifindex;
		rte_strlcpy(pmd->ifname, link.name, IFNAMSIZ);
		if (out != NULL)
			*out = link;
		if (chg != NULL)
			ret = l2k_nl_link_change(nl, link.ifindex, chg);
	}
	if (ret < 0) {
		const char *msg = l2k_nl_errmsg(nl);

		PMD_LOG(ERR, "%s: %s: %s%s%s", ifr.ifr_name, what, strerror(-ret),
			msg[0] != '\0' ? ": " : "", msg);
	}
	l2k_nl_close(nl);
	return ret;
}

int
rtap_nl_link_get(struct rtap_pmd *pmd, struct l2k_link *link)
{
	return rtap_nl_run(pmd, "get link", NULL, link);
}

int
rtap_nl_set_mtu(struct rtap_pmd *pmd, uint32_t mtu)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = mtu };

	return rtap_nl_run(pmd, "set mtu", &chg, NULL);
}

int
rtap_nl_set_mac(struct rtap_pmd *pmd, const struct rte_ether_addr *mac)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ADDR };

	memcpy(chg.addr, mac->addr_bytes, RTE_ETHER_ADDR_LEN);
	return rtap_nl_run(pmd, "set address", &chg, NULL);
}

int
rtap_nl_set_up(struct rtap_pmd *pmd, bool up)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_UP, .up = up };

	return rtap_nl_run(pmd, up ? "set up" : "set down", &chg, NULL);
}

int
rtap_nl_set_promisc(struct rtap_pmd *pmd, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_PROMISC, .promisc = on };

	return rtap_nl_run(pmd, "set promisc", &chg, NULL);
}

int
rtap_nl_set_allmulti(struct rtap_pmd *pmd, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ALLMULTI, .allmulti = on };

	return rtap_nl_run(pmd, "set allmulticast", &chg, NULL);
}
