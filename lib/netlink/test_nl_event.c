/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit test of typed link events, namespace-targeted requests and the
 * sender check: pure code plus two unprivileged netlink sockets.
 */

#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "l2k_netlink.h"
#include "nl_test.h"

static struct nlmsghdr *
link_msg(void *buf, uint16_t type, int ifindex, unsigned int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "k0");
	return nlh;
}

static struct l2k_link
base_link(void)
{
	struct l2k_link l;

	memset(&l, 0, sizeof(l));
	l.ifindex = 9;
	l.netnsid = L2K_NL_NSID_SELF;
	strcpy(l.name, "k0");
	l.flags = IFF_UP | IFF_MULTICAST;
	l.mtu = 1500;
	l.txqlen = 1000;
	l.carrier = true;
	l.has_addr = true;
	memcpy(l.addr, "\x02\x00\x00\x00\x00\x01", 6);
	return l;
}

static void
test_diff(void)
{
	struct l2k_link_event ev[L2K_LINK_EV_MAX];
	struct l2k_link a = base_link(), b;

	b = a;
	CHECK_EQ(l2k_nl_link_diff(&a, &b, ev, L2K_LINK_EV_MAX), 0);

	/* every field at once, reported in enum order with old and new */
	b.flags = IFF_PROMISC | IFF_ALLMULTI;
	b.carrier = false;
	b.mtu = 9000;
	b.addr[5] = 2;
	strcpy(b.name, "k1");
	b.txqlen = 128;
	CHECK_EQ(l2k_nl_link_diff(&a, &b, ev, L2K_LINK_EV_MAX), 9);
	CHECK_EQ(ev[0].what, L2K_LINK_EV_UP);
	CHECK_EQ(ev[0].u.old, 1);
	CHECK_EQ(ev[0].u.new, 0);
	CHECK_EQ(ev[1].what, L2K_LINK_EV_CARRIER);
	CHECK_EQ(ev[2].what, L2K_LINK_EV_MTU);
	CHECK_EQ(ev[2].u.old, 1500);
	CHECK_EQ(ev[2].u.new, 9000);
	CHECK_EQ(ev[3].what, L2K_LINK_EV_ADDR);
	CHECK_EQ(ev[3].addr.old[5], 1);
	CHECK_EQ(ev[3].addr.new[5], 2);
	CHECK_EQ(ev[4].what, L2K_LINK_EV_PROMISC);
	CHECK_EQ(ev[4].u.new, 1);
	CHECK_EQ(ev[5].what, L2K_LINK_EV_ALLMULTI);
	CHECK_EQ(ev[6].what, L2K_LINK_EV_MULTICAST);
	CHECK_EQ(ev[6].u.new, 0);
	CHECK_EQ(ev[7].what, L2K_LINK_EV_NAME);
	CHECK_STR(ev[7].name.old, "k0");
	CHECK_STR(ev[7].name.new, "k1");
	CHECK(ev[7].link == &b);
	CHECK_EQ(ev[7].ifindex, 9);
	CHECK_EQ(ev[7].nsid, L2K_NL_NSID_SELF);
	CHECK_EQ(ev[8].what, L2K_LINK_EV_TXQLEN);
	CHECK_EQ(ev[8].u.old, 1000);
	CHECK_EQ(ev[8].u.new, 128);

	/* 'max' is respected */
	CHECK_EQ(l2k_nl_link_diff(&a, &b, ev, 2), 2);
	CHECK_EQ(ev[1].what, L2K_LINK_EV_CARRIER);

	/* an address that vanished is no event (DELLINK may omit it) */
	b = a;
	b.has_addr = false;
	memset(b.addr, 0, 6);
	CHECK_EQ(l2k_nl_link_diff(&a, &b, ev, L2K_LINK_EV_MAX), 0);

	/* nor is a message without IFLA_TXQLEN (0); a change to it from 0 is */
	b = a;
	b.txqlen = 0;
	CHECK_EQ(l2k_nl_link_diff(&a, &b, ev, L2K_LINK_EV_MAX), 0);
	CHECK_EQ(l2k_nl_link_diff(&b, &a, ev, L2K_LINK_EV_MAX), 1);
	CHECK_EQ(ev[0].what, L2K_LINK_EV_TXQLEN);
	CHECK_EQ(ev[0].u.new, 1000);

	CHECK_STR(l2k_link_what_name(L2K_LINK_EV_MTU), "mtu");
	CHECK_STR(l2k_link_what_name(L2K_LINK_EV_TXQLEN), "txqueuelen");
	CHECK_STR(l2k_link_what_name(L2K_LINK_EV_MAX), "unknown");
	CHECK_STR(l2k_link_what_name((enum l2k_link_what)-1), "unknown");
}

static void
test_parse_move(void)
{
	uint32_t buf[128];
	struct l2k_link link;
	struct nlmsghdr *nlh;

	/* the DELLINK of a move says where the link went */
	nlh = link_msg(buf, RTM_DELLINK, 9, 0);
	mnl_attr_put_u32(nlh, IFLA_NEW_NETNSID, 3);
	mnl_attr_put_u32(nlh, IFLA_NEW_IFINDEX, 12);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), 0);
	CHECK_EQ(link.new_netnsid, 3);
	CHECK_EQ(link.new_ifindex, 12);
	CHECK_EQ(link.netnsid, L2K_NL_NSID_SELF);

	/* a reply to a targeted request names its namespace */
	nlh = link_msg(buf, RTM_NEWLINK, 9, 0);
	mnl_attr_put_u32(nlh, IFLA_TARGET_NETNSID, 4);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), 0);
	CHECK_EQ(link.netnsid, 4);
	CHECK_EQ(link.new_netnsid, -1);
	CHECK_EQ(link.new_ifindex, 0);

	/* wrong sizes and impossible values are rejected */
	nlh = link_msg(buf, RTM_DELLINK, 9, 0);
	mnl_attr_put_u8(nlh, IFLA_NEW_NETNSID, 3);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_DELLINK, 9, 0);
	mnl_attr_put_u32(nlh, IFLA_NEW_IFINDEX, (uint32_t)-5);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 9, 0);
	mnl_attr_put_u32(nlh, IFLA_TARGET_NETNSID, (uint32_t)-2);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
}

/* Find a top-level attribute of a built RTM_*LINK request. */
static const struct nlattr *
find_attr(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static void
test_build_in(void)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = 1400 };
	uint32_t buf[128];
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct nlattr *a;
	int len;

	len = l2k_nl_build_link_change_in(buf, sizeof(buf), 5, 2, 7, &chg);
	CHECK(len > 0);
	a = find_attr(nlh, IFLA_TARGET_NETNSID);
	CHECK(a != NULL && mnl_attr_get_u32(a) == 2);
	CHECK(find_attr(nlh, IFLA_MTU) != NULL);
	/* our own namespace: no target attribute, same bytes as the plain builder */
	len = l2k_nl_build_link_change_in(buf, sizeof(buf), 5, L2K_NL_NSID_SELF, 7, &chg);
	CHECK(len > 0 && find_attr(nlh, IFLA_TARGET_NETNSID) == NULL);
	CHECK_EQ(l2k_nl_build_link_change_in(buf, sizeof(buf), 5, -2, 7, &chg), -EINVAL);

	len = l2k_nl_build_link_get_in(buf, sizeof(buf), 6, 0, 7);
	CHECK(len > 0);
	CHECK_EQ(nlh->nlmsg_type, RTM_GETLINK);
	CHECK_EQ(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK(find_attr(nlh, IFLA_TARGET_NETNSID) != NULL);
	CHECK_EQ(l2k_nl_build_link_get_in(buf, sizeof(buf), 6, 0, 0), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_get_in(buf, 20, 6, 0, 7), -ENOSPC);

	len = l2k_nl_build_link_delete_in(buf, sizeof(buf), 6, 3, 7);
	CHECK(len > 0 && nlh->nlmsg_type == RTM_DELLINK);
	CHECK(find_attr(nlh, IFLA_TARGET_NETNSID) != NULL);
	CHECK_EQ(l2k_nl_build_link_delete_in(buf, sizeof(buf), 6, 3, -1), -EINVAL);
}

static void
test_nsid(void)
{
	uint32_t buf[64];
	struct nlmsghdr *nlh = (void *)buf;
	struct rtgenmsg *rtg;
	int len, nsid;

	len = l2k_nl_build_nsid(buf, sizeof(buf), 1, 5, false);
	CHECK(len > 0 && nlh->nlmsg_type == RTM_GETNSID);
	len = l2k_nl_build_nsid(buf, sizeof(buf), 1, 5, true);
	CHECK(len > 0 && nlh->nlmsg_type == RTM_NEWNSID);
	CHECK_EQ(l2k_nl_build_nsid(buf, sizeof(buf), 1, -1, true), -EINVAL);
	CHECK_EQ(l2k_nl_build_nsid(buf, 16, 1, 5, true), -ENOSPC);

	/* the kernel's reply */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNSID;
	rtg = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtg));
	rtg->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_NSID, 6);
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), 0);
	CHECK_EQ(nsid, 6);
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len - 1, &nsid), -EBADMSG);
	/* missing, wrong size, negative beyond -1 */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtg));
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), -EBADMSG);
	mnl_attr_put_u8(nlh, NETNSA_NSID, 6);
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), -EBADMSG);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtg));
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)-7);
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), -EBADMSG);
	nlh->nlmsg_type = RTM_NEWLINK;
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), -EBADMSG);
	/* the event of an id going away has the same form */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtg));
	nlh->nlmsg_type = RTM_DELNSID;
	mnl_attr_put_u32(nlh, NETNSA_NSID, 3);
	CHECK_EQ(l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, &nsid), 0);
	CHECK_EQ(nsid, 3);
}

static void
test_ethtool(void)
{
	uint32_t buf[64];
	struct nlmsghdr *nlh = (void *)buf;
	const struct genlmsghdr *g;
	const struct nlattr *a, *h;
	struct genlmsghdr *gm;
	bool speed = false, duplex = false, autoneg = false, dev = false;
	uint16_t id = 0;
	int len;

	len = l2k_nl_build_genl_family_get(buf, sizeof(buf), 3, "ethtool");
	CHECK(len > 0 && nlh->nlmsg_type == GENL_ID_CTRL);
	g = mnl_nlmsg_get_payload(nlh);
	CHECK_EQ(g->cmd, CTRL_CMD_GETFAMILY);
	CHECK_EQ(l2k_nl_build_genl_family_get(buf, sizeof(buf), 3, ""), -EINVAL);
	CHECK_EQ(l2k_nl_build_genl_family_get(buf, 8, 3, "ethtool"), -ENOSPC);

	/* the controller's answer */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	gm = mnl_nlmsg_put_extra_header(nlh, sizeof(*gm));
	gm->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "ethtool");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 27);
	CHECK_EQ(l2k_nl_parse_genl_family(nlh, nlh->nlmsg_len, &id), 0);
	CHECK_EQ(id, 27);
	CHECK_EQ(l2k_nl_parse_genl_family(nlh, nlh->nlmsg_len - 2, &id), -EBADMSG);
	nlh->nlmsg_len -= MNL_ALIGN(MNL_ATTR_HDRLEN + 2);
	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 27); /* wrong size */
	CHECK_EQ(l2k_nl_parse_genl_family(nlh, nlh->nlmsg_len, &id), -EBADMSG);
	nlh->nlmsg_len -= MNL_ALIGN(MNL_ATTR_HDRLEN + 4);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 1); /* a reserved id */
	CHECK_EQ(l2k_nl_parse_genl_family(nlh, nlh->nlmsg_len, &id), -EBADMSG);

	len = l2k_nl_build_ethtool_speed(buf, sizeof(buf), 4, 27, 9, 25000, true);
	nlh = (void *)buf;
	CHECK(len > 0 && nlh->nlmsg_type == 27);
	CHECK_EQ(((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
		 ETHTOOL_MSG_LINKMODES_SET);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case ETHTOOL_A_LINKMODES_HEADER:
			mnl_attr_for_each_nested(h, a)
				dev |= mnl_attr_get_type(h) == ETHTOOL_A_HEADER_DEV_INDEX &&
				       mnl_attr_get_u32(h) == 9;
			break;
		case ETHTOOL_A_LINKMODES_SPEED:
			speed = mnl_attr_get_u32(a) == 25000;
			break;
		case ETHTOOL_A_LINKMODES_DUPLEX:
			duplex = mnl_attr_get_u8(a) == DUPLEX_FULL;
			break;
		case ETHTOOL_A_LINKMODES_AUTONEG:
			autoneg = mnl_attr_get_u8(a) == AUTONEG_DISABLE;
			break;
		}
	}
	CHECK(dev && speed && duplex && autoneg);
	CHECK_EQ(l2k_nl_build_ethtool_speed(buf, sizeof(buf), 4, 27, 0, 25000, true), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_speed(buf, sizeof(buf), 4, 27, 9, 0, true), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_speed(buf, sizeof(buf), 4, 2, 9, 100, true), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_speed(buf, 24, 4, 27, 9, 100, true), -ENOSPC);
}

/* FEATURES_SET: the named bits, none with a VALUE flag (= off), in a masked bitset. */
static void
test_ethtool_features(void)
{
	static const char *const names[] = { "tx-scatter-gather", "tx-tcp-segmentation" };
	static const char *const bad[] = { "" };
	uint32_t buf[128];
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct nlattr *a, *b, *bit, *f;
	int len, seen = 0, values = 0, nomask = 0;

	len = l2k_nl_build_ethtool_features_off(buf, sizeof(buf), 5, 27, 9, names, 2);
	CHECK(len > 0 && nlh->nlmsg_type == 27);
	CHECK_EQ(((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd,
		 ETHTOOL_MSG_FEATURES_SET);
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != ETHTOOL_A_FEATURES_WANTED)
			continue;
		mnl_attr_for_each_nested(b, a) {
			nomask += mnl_attr_get_type(b) == ETHTOOL_A_BITSET_NOMASK;
			if (mnl_attr_get_type(b) != ETHTOOL_A_BITSET_BITS)
				continue;
			mnl_attr_for_each_nested(bit, b) {
				mnl_attr_for_each_nested(f, bit) {
					if (mnl_attr_get_type(f) == ETHTOOL_A_BITSET_BIT_NAME)
						CHECK_STR(mnl_attr_get_str(f), names[seen++]);
					values += mnl_attr_get_type(f) == ETHTOOL_A_BITSET_BIT_VALUE;
				}
			}
		}
	}
	CHECK_EQ(seen, 2);
	CHECK_EQ(values, 0);
	CHECK_EQ(nomask, 0);
	CHECK_EQ(l2k_nl_build_ethtool_features_off(buf, sizeof(buf), 5, 27, 9, bad, 1), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_features_off(buf, sizeof(buf), 5, 27, 9, names, 0), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_features_off(buf, sizeof(buf), 5, 27, 0, names, 2), -EINVAL);
	CHECK_EQ(l2k_nl_build_ethtool_features_off(buf, 60, 5, 27, 9, names, 2), -ENOSPC);
}

static int
count_cb(int type, const struct l2k_link *link, void *arg)
{
	(void)type;
	(void)link;
	++*(int *)arg;
	return 0;
}

/* A well-formed RTM_NEWLINK sent by a user process, not the kernel, is refused. */
static void
test_foreign_sender(void)
{
	struct l2k_nl *mon = l2k_nl_open(0);
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct mnl_socket *evil;
	uint32_t buf[64];
	struct nlmsghdr *nlh;
	int events = 0;
	socklen_t alen = sizeof(dst);

	CHECK(mon != NULL);
	CHECK(getsockname(l2k_nl_fd(mon), (struct sockaddr *)&dst, &alen) == 0);
	evil = mnl_socket_open(NETLINK_ROUTE);
	CHECK(evil != NULL);
	CHECK(mnl_socket_bind(evil, 0, MNL_SOCKET_AUTOPID) == 0);
	nlh = link_msg(buf, RTM_NEWLINK, 9, IFF_UP);
	CHECK(sendto(mnl_socket_get_fd(evil), nlh, nlh->nlmsg_len, 0,
		     (struct sockaddr *)&dst, sizeof(dst)) == (ssize_t)nlh->nlmsg_len);
	CHECK_EQ(l2k_nl_monitor_read(mon, count_cb, &events), 0);
	CHECK_EQ(events, 0);
	CHECK_EQ(l2k_nl_monitor_invalid(mon), 1);
	mnl_socket_close(evil);
	l2k_nl_close(mon);
}

int
main(void)
{
	test_diff();
	test_parse_move();
	test_build_in();
	test_nsid();
	test_ethtool();
	test_ethtool_features();
	test_foreign_sender();
	printf("test_nl_event: ok\n");
	return 0;
}
