/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Unit test of the pure builders and parsers: no socket, no privileges. */

#include <errno.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "l2k_netlink.h"
#include "nl_test.h"

#define MAXTYPE 64
#define OPER_UP 6 /* IF_OPER_UP of linux/if.h, which clashes with net/if.h */

struct attrs {
	const struct nlattr *tb[MAXTYPE];
	int count;
};

static int
collect_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	uint16_t type = mnl_attr_get_type(attr);

	CHECK(type < MAXTYPE);
	CHECK(a->tb[type] == NULL); /* each attribute once */
	a->tb[type] = attr;
	a->count++;
	return MNL_CB_OK;
}

/* Check the header of a built request and collect its top-level attributes. */
static const struct ifinfomsg *
decode(const void *buf, int len, uint16_t type, uint16_t flags, uint32_t seq, struct attrs *a)
{
	const struct nlmsghdr *nlh = buf;

	CHECK(len > 0);
	CHECK_EQ(nlh->nlmsg_len, len);
	CHECK_EQ(nlh->nlmsg_type, type);
	CHECK_EQ(nlh->nlmsg_flags, flags);
	CHECK_EQ(nlh->nlmsg_seq, seq);
	CHECK(len >= (int)(MNL_NLMSG_HDRLEN + sizeof(struct ifinfomsg)));
	memset(a, 0, sizeof(*a));
	CHECK_EQ(mnl_attr_parse(nlh, sizeof(struct ifinfomsg), collect_cb, a), MNL_CB_OK);
	return mnl_nlmsg_get_payload(nlh);
}

static void
test_build_link_change(void)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x99, 0x01 };
	struct l2k_link_change chg = {
		.set = L2K_LINK_SET_MTU | L2K_LINK_SET_ADDR | L2K_LINK_SET_UP |
		       L2K_LINK_SET_PROMISC | L2K_LINK_SET_ALLMULTI | L2K_LINK_SET_CARRIER |
		       L2K_LINK_SET_NAME | L2K_LINK_SET_ALIAS | L2K_LINK_SET_NETNS_FD |
		       L2K_LINK_SET_TXQLEN,
		.mtu = 9000, .up = true, .promisc = false, .allmulti = true, .carrier = true,
		.name = "k0", .alias = "kernel side", .netns_fd = 7, .txqlen = 500,
	};
	const struct ifinfomsg *ifm;
	uint8_t buf[1024];
	struct attrs a;
	int len, i;

	memcpy(chg.addr, mac, 6);
	len = l2k_nl_build_link_change(buf, sizeof(buf), 42, 5, &chg);
	ifm = decode(buf, len, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 42, &a);
	CHECK_EQ(ifm->ifi_index, 5);
	CHECK_EQ(ifm->ifi_family, AF_UNSPEC);
	CHECK_EQ(ifm->ifi_change, IFF_UP | IFF_PROMISC | IFF_ALLMULTI);
	CHECK_EQ(ifm->ifi_flags, IFF_UP | IFF_ALLMULTI);
	CHECK_EQ(a.count, 7);
	CHECK_EQ(mnl_attr_validate(a.tb[IFLA_MTU], MNL_TYPE_U32), 0);
	CHECK_EQ(mnl_attr_get_u32(a.tb[IFLA_MTU]), 9000);
	CHECK_EQ(mnl_attr_get_payload_len(a.tb[IFLA_ADDRESS]), 6);
	CHECK(memcmp(mnl_attr_get_payload(a.tb[IFLA_ADDRESS]), mac, 6) == 0);
	CHECK_EQ(mnl_attr_validate(a.tb[IFLA_CARRIER], MNL_TYPE_U8), 0);
	CHECK_EQ(mnl_attr_get_u8(a.tb[IFLA_CARRIER]), 1);
	CHECK_EQ(mnl_attr_validate(a.tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING), 0);
	CHECK_STR(mnl_attr_get_str(a.tb[IFLA_IFNAME]), "k0");
	CHECK_EQ(mnl_attr_get_payload_len(a.tb[IFLA_IFALIAS]), strlen("kernel side"));
	CHECK(memcmp(mnl_attr_get_payload(a.tb[IFLA_IFALIAS]), "kernel side", 11) == 0);
	CHECK_EQ(mnl_attr_get_u32(a.tb[IFLA_NET_NS_FD]), 7);
	CHECK_EQ(mnl_attr_get_u32(a.tb[IFLA_TXQLEN]), 500);

	/* Every buffer shorter than the message is refused. */
	for (i = 0; i < len; i++)
		CHECK_EQ(l2k_nl_build_link_change(buf, i, 42, 5, &chg), -ENOSPC);

	/* Flags only: down, promisc on; no attribute at all. */
	memset(&chg, 0, sizeof(chg));
	chg.set = L2K_LINK_SET_UP | L2K_LINK_SET_PROMISC;
	chg.promisc = true;
	len = l2k_nl_build_link_change(buf, sizeof(buf), 1, 3, &chg);
	ifm = decode(buf, len, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 1, &a);
	CHECK_EQ(ifm->ifi_change, IFF_UP | IFF_PROMISC);
	CHECK_EQ(ifm->ifi_flags, IFF_PROMISC);
	CHECK_EQ(a.count, 0);

	/* Carrier off is a u8 0; an empty alias is an empty attribute (deletes it). */
	chg.set = L2K_LINK_SET_CARRIER | L2K_LINK_SET_ALIAS;
	len = l2k_nl_build_link_change(buf, sizeof(buf), 1, 3, &chg);
	ifm = decode(buf, len, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 1, &a);
	CHECK_EQ(ifm->ifi_change, 0);
	CHECK_EQ(a.count, 2);
	CHECK_EQ(mnl_attr_get_u8(a.tb[IFLA_CARRIER]), 0);
	CHECK_EQ(mnl_attr_get_payload_len(a.tb[IFLA_IFALIAS]), 0);
}

static void
test_build_link_change_invalid(void)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = 1500 };
	uint8_t buf[1024];

	CHECK(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg) > 0);
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 0, &chg), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, -3, &chg), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, NULL), -EINVAL);
	chg.mtu = 0;
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	chg.set = 0;
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	chg.set = 1u << 20;
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	chg.set = L2K_LINK_SET_NAME;
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	memset(chg.name, 'a', sizeof(chg.name)); /* 16 chars, no NUL */
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	chg.name[IFNAMSIZ - 1] = '\0'; /* 15 chars: the longest valid name */
	CHECK(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg) > 0);
	chg.set = L2K_LINK_SET_ALIAS;
	memset(chg.alias, 'b', sizeof(chg.alias));
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
	chg.set = L2K_LINK_SET_NETNS_FD;
	chg.netns_fd = -1;
	CHECK_EQ(l2k_nl_build_link_change(buf, sizeof(buf), 1, 1, &chg), -EINVAL);
}

static void
test_build_veth(void)
{
	const struct ifinfomsg *ifm;
	const struct nlattr *attr;
	struct attrs a, info, data, peer;
	const void *start;
	uint8_t buf[512];
	size_t size;
	int len, i;

	len = l2k_nl_build_veth_create(buf, sizeof(buf), 9, "ve0", "ve0p");
	ifm = decode(buf, len, RTM_NEWLINK,
		     NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 9, &a);
	CHECK_EQ(ifm->ifi_index, 0);
	CHECK_EQ(a.count, 2);
	CHECK_STR(mnl_attr_get_str(a.tb[IFLA_IFNAME]), "ve0");
	memset(&info, 0, sizeof(info));
	CHECK_EQ(mnl_attr_parse_nested(a.tb[IFLA_LINKINFO], collect_cb, &info), MNL_CB_OK);
	CHECK_EQ(info.count, 2);
	CHECK_EQ(mnl_attr_validate(info.tb[IFLA_INFO_KIND], MNL_TYPE_NUL_STRING), 0);
	CHECK_STR(mnl_attr_get_str(info.tb[IFLA_INFO_KIND]), "veth");
	memset(&data, 0, sizeof(data));
	CHECK_EQ(mnl_attr_parse_nested(info.tb[IFLA_INFO_DATA], collect_cb, &data), MNL_CB_OK);
	CHECK_EQ(data.count, 1);
	attr = data.tb[VETH_INFO_PEER];
	CHECK(attr != NULL);
	/* The peer nest: an ifinfomsg, then the peer's attributes. */
	CHECK(mnl_attr_get_payload_len(attr) >= sizeof(*ifm));
	ifm = mnl_attr_get_payload(attr);
	CHECK_EQ(ifm->ifi_index, 0);
	CHECK_EQ(ifm->ifi_family, AF_UNSPEC);
	memset(&peer, 0, sizeof(peer));
	start = (const char *)ifm + MNL_ALIGN(sizeof(*ifm));
	size = mnl_attr_get_payload_len(attr) - MNL_ALIGN(sizeof(*ifm));
	mnl_attr_for_each_payload(start, size)
		collect_cb(attr, &peer);
	CHECK_EQ(peer.count, 1);
	CHECK_STR(mnl_attr_get_str(peer.tb[IFLA_IFNAME]), "ve0p");

	for (i = 0; i < len; i++)
		CHECK_EQ(l2k_nl_build_veth_create(buf, i, 9, "ve0", "ve0p"), -ENOSPC);
	CHECK_EQ(l2k_nl_build_veth_create(buf, sizeof(buf), 9, "", "ve0p"), -EINVAL);
	CHECK_EQ(l2k_nl_build_veth_create(buf, sizeof(buf), 9, "ve0", NULL), -EINVAL);
	CHECK_EQ(l2k_nl_build_veth_create(buf, sizeof(buf), 9, "ve0", "0123456789abcdef"),
		 -EINVAL);
}

static void
test_build_get_delete(void)
{
	const struct ifinfomsg *ifm;
	uint8_t buf[256];
	struct attrs a;
	int len;

	len = l2k_nl_build_link_get(buf, sizeof(buf), 3, 12, NULL);
	ifm = decode(buf, len, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 3, &a);
	CHECK_EQ(ifm->ifi_index, 12);
	CHECK_EQ(a.count, 1);
	CHECK_EQ(mnl_attr_get_u32(a.tb[IFLA_EXT_MASK]), RTEXT_FILTER_SKIP_STATS);

	len = l2k_nl_build_link_get(buf, sizeof(buf), 4, 0, "lo");
	ifm = decode(buf, len, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 4, &a);
	CHECK_EQ(ifm->ifi_index, 0);
	CHECK_EQ(a.count, 2);
	CHECK_STR(mnl_attr_get_str(a.tb[IFLA_IFNAME]), "lo");

	len = l2k_nl_build_link_get(buf, sizeof(buf), 5, 0, NULL);
	ifm = decode(buf, len, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 5, &a);
	CHECK_EQ(ifm->ifi_index, 0);
	CHECK_EQ(a.count, 1);

	CHECK_EQ(l2k_nl_build_link_get(buf, sizeof(buf), 5, -1, NULL), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_get(buf, sizeof(buf), 5, 2, "lo"), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_get(buf, sizeof(buf), 5, 0, ""), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_get(buf, 20, 5, 0, NULL), -ENOSPC);
	CHECK_EQ(l2k_nl_build_link_get(buf, 36, 5, 0, "lo"), -ENOSPC);

	len = l2k_nl_build_link_delete(buf, sizeof(buf), 6, 8);
	ifm = decode(buf, len, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, 6, &a);
	CHECK_EQ(ifm->ifi_index, 8);
	CHECK_EQ(a.count, 0);
	CHECK_EQ(l2k_nl_build_link_delete(buf, sizeof(buf), 6, 0), -EINVAL);
	CHECK_EQ(l2k_nl_build_link_delete(buf, 31, 6, 8), -ENOSPC);
}

/* ---- parsers ---- */

static struct nlmsghdr *
link_msg(void *buf, uint16_t type, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = IFF_UP | IFF_RUNNING;
	return nlh;
}

static void
test_parse_link(void)
{
	static const uint8_t mac[6] = { 0x02, 1, 2, 3, 4, 5 };
	uint32_t buf[256];
	struct l2k_link link;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = link_msg(buf, RTM_NEWLINK, 7);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "ve0");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	mnl_attr_put_u32(nlh, IFLA_MIN_MTU, 68);
	mnl_attr_put_u32(nlh, IFLA_MAX_MTU, 65535);
	mnl_attr_put_u32(nlh, IFLA_TXQLEN, 1000);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	mnl_attr_put_u8(nlh, IFLA_CARRIER, 1);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, OPER_UP);
	mnl_attr_put_u32(nlh, IFLA_LINK, 8);
	mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, 2);
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, "an alias");
	mnl_attr_put_strz(nlh, IFLA_QDISC, "noqueue");  /* not used: ignored */
	mnl_attr_put_u64(nlh, 999, 1);                   /* unknown type: ignored */
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);

	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), 0);
	CHECK_EQ(link.ifindex, 7);
	CHECK_STR(link.name, "ve0");
	CHECK_STR(link.kind, "veth");
	CHECK_STR(link.alias, "an alias");
	CHECK_EQ(link.flags, IFF_UP | IFF_RUNNING);
	CHECK_EQ(link.mtu, 1500);
	CHECK_EQ(link.min_mtu, 68);
	CHECK_EQ(link.max_mtu, 65535);
	CHECK_EQ(link.txqlen, 1000);
	CHECK(link.has_addr && memcmp(link.addr, mac, 6) == 0);
	CHECK(link.carrier);
	CHECK_EQ(link.operstate, OPER_UP);
	CHECK_EQ(link.link, 8);
	CHECK_EQ(link.link_netnsid, 2);

	/* A minimal DELLINK: defaults for everything absent. */
	nlh = link_msg(buf, RTM_DELLINK, 3);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "x");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), 0);
	CHECK_EQ(link.ifindex, 3);
	CHECK_STR(link.kind, "");
	CHECK_STR(link.alias, "");
	CHECK(!link.has_addr && !link.carrier);
	CHECK_EQ(link.link, 0);
	CHECK_EQ(link.link_netnsid, -1);

	/* An alias longer than the field is cut, still terminated. */
	nlh = link_msg(buf, RTM_NEWLINK, 3);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "x");
	memset(buf + 100, 'z', 200);
	((char *)(buf + 100))[199] = '\0';
	mnl_attr_put_strz(nlh, IFLA_IFALIAS, (const char *)(buf + 100));
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), 0);
	CHECK_EQ(strlen(link.alias), L2K_NL_ALIAS_LEN - 1);
}

static void
test_parse_link_malformed(void)
{
	uint32_t buf[128];
	struct l2k_link link;
	struct nlmsghdr *nlh;
	struct nlattr *attr, *nest;

	/* Truncated: header says more than given; ifinfomsg cut. */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len - 4, &link), -EBADMSG);
	CHECK_EQ(l2k_nl_parse_link(nlh, 8, &link), -EBADMSG);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	CHECK_EQ(l2k_nl_parse_link(nlh, sizeof(buf), &link), -EBADMSG);

	/* Attribute length beyond the message. */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	attr->nla_len = 64;
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	/* ... and a tail too short to be an attribute. */
	attr->nla_len = 8;
	memset(mnl_nlmsg_get_payload_tail(nlh), 0, 4);
	nlh->nlmsg_len += 4;
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);

	/* IFLA_MTU of the wrong size (2 and 8 bytes). */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	mnl_attr_put_u64(nlh, IFLA_MTU, 1500);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);

	/* IFLA_CARRIER of the wrong size. */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	mnl_attr_put_u32(nlh, IFLA_CARRIER, 1);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);

	/* IFLA_IFNAME not terminated, too long, empty, or missing. */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "0123456789abcdefgh");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);

	/* IFLA_INFO_KIND not terminated inside IFLA_LINKINFO. */
	nlh = link_msg(buf, RTM_NEWLINK, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put(nlh, IFLA_INFO_KIND, 4, "veth");
	mnl_attr_nest_end(nlh, nest);
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);

	/* Wrong message type, invalid ifindex. */
	nlh = link_msg(buf, RTM_NEWADDR, 1);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
	nlh = link_msg(buf, RTM_NEWLINK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a");
	CHECK_EQ(l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link), -EBADMSG);
}

/* An NLMSG_ERROR as the kernel sends it; 'echo' bytes of request payload unless capped. */
static struct nlmsghdr *
error_msg(void *buf, int error, bool capped, unsigned int echo)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + (capped ? 0 : echo));
	e->error = error;
	e->msg.nlmsg_len = sizeof(e->msg) + echo;
	e->msg.nlmsg_type = RTM_NEWLINK;
	return nlh;
}

static void
test_parse_error(void)
{
	uint32_t buf[128];
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	char msg[64];
	int err;

	/* Plain ack. */
	nlh = error_msg(buf, 0, true, 0);
	err = 1;
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), 0);
	CHECK_EQ(err, 0);
	CHECK_STR(msg, "");

	/* Error without extack. */
	nlh = error_msg(buf, -ENODEV, true, 0);
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), 0);
	CHECK_EQ(err, -ENODEV);
	CHECK_STR(msg, "");

	/* Capped error with a message and an offset. */
	nlh = error_msg(buf, -EINVAL, true, 0);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "mtu less than device minimum");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 32);
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), 0);
	CHECK_EQ(err, -EINVAL);
	CHECK_STR(msg, "mtu less than device minimum");
	/* A short buffer gets a cut message; NULL is allowed. */
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, 4), 0);
	CHECK_STR(msg, "mtu");
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, NULL, 0), 0);

	/* Not capped: the request payload (20 bytes) is echoed before the TLVs. */
	nlh = error_msg(buf, -EEXIST, false, 20);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "exists");
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), 0);
	CHECK_EQ(err, -EEXIST);
	CHECK_STR(msg, "exists");

	/* Truncated: shorter than nlmsgerr, or than its header says. */
	nlh = error_msg(buf, -EINVAL, true, 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(int);
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);
	nlh = error_msg(buf, -EINVAL, true, 0);
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len - 1, &err, msg, sizeof(msg)), -EBADMSG);
	/* Echoed request claims more than the message holds. */
	nlh = error_msg(buf, -EINVAL, false, 0);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 200;
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);

	/* Message not terminated; attribute beyond the message. */
	nlh = error_msg(buf, -EINVAL, true, 0);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "oops");
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);
	nlh = error_msg(buf, -EINVAL, true, 0);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "oops");
	attr->nla_len = 100;
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);

	/* Positive error, wrong type. */
	nlh = error_msg(buf, 5, true, 0);
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);
	nlh = error_msg(buf, -1, true, 0);
	nlh->nlmsg_type = NLMSG_DONE;
	CHECK_EQ(l2k_nl_parse_error(nlh, nlh->nlmsg_len, &err, msg, sizeof(msg)), -EBADMSG);
}

int
main(void)
{
	test_build_link_change();
	test_build_link_change_invalid();
	test_build_veth();
	test_build_get_delete();
	test_parse_link();
	test_parse_link_malformed();
	test_parse_error();
	printf("test_nl_msg: ok\n");
	return 0;
}
