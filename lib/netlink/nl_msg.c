/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Pure rtnetlink message builders and parsers: no socket, unit-tested. */

#include <errno.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "nl_private.h"

#define NL_MAX_ADDR_LEN 32 /* MAX_ADDR_LEN of linux/netdevice.h */

#define LINK_SET_ALL (L2K_LINK_SET_MTU | L2K_LINK_SET_ADDR | L2K_LINK_SET_UP | \
		      L2K_LINK_SET_PROMISC | L2K_LINK_SET_ALLMULTI | L2K_LINK_SET_CARRIER | \
		      L2K_LINK_SET_NAME | L2K_LINK_SET_ALIAS | L2K_LINK_SET_NETNS_FD | \
		      L2K_LINK_SET_TXQLEN)

/* ---- building ---- */

static bool
valid_ifname(const char *name)
{
	size_t n;

	if (name == NULL)
		return false;
	n = strnlen(name, IFNAMSIZ);
	return n > 0 && n < IFNAMSIZ;
}

/* Start a message with an ifinfomsg header; NULL when 'len' cannot hold them. */
static struct nlmsghdr *
put_link_header(void *buf, size_t len, uint16_t type, uint16_t flags, uint32_t seq,
		int ifindex, struct ifinfomsg **ifm)
{
	struct nlmsghdr *nlh;

	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(**ifm)))
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	*ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(**ifm));
	(*ifm)->ifi_family = AF_UNSPEC;
	(*ifm)->ifi_index = ifindex;
	return nlh;
}

static bool
put_ifname(struct nlmsghdr *nlh, size_t len, uint16_t type, const char *name)
{
	return mnl_attr_put_strz_check(nlh, len, type, name);
}

static void
change_flag(struct ifinfomsg *ifm, unsigned int flag, bool on)
{
	ifm->ifi_change |= flag;
	if (on)
		ifm->ifi_flags |= flag;
}

static int
check_link_change(int ifindex, const struct l2k_link_change *chg)
{
	if (ifindex <= 0 || chg == NULL || chg->set == 0 || (chg->set & ~LINK_SET_ALL))
		return -EINVAL;
	if ((chg->set & L2K_LINK_SET_MTU) && chg->mtu == 0)
		return -EINVAL;
	if ((chg->set & L2K_LINK_SET_NAME) && !valid_ifname(chg->name))
		return -EINVAL;
	if ((chg->set & L2K_LINK_SET_ALIAS) &&
	    strnlen(chg->alias, L2K_NL_ALIAS_LEN) == L2K_NL_ALIAS_LEN)
		return -EINVAL;
	if ((chg->set & L2K_LINK_SET_NETNS_FD) && chg->netns_fd < 0)
		return -EINVAL;
	return 0;
}

/* Aim the request at another namespace (IFLA_TARGET_NETNSID) unless 'nsid' is ours. */
static bool
put_target(struct nlmsghdr *nlh, size_t len, int nsid)
{
	return nsid == L2K_NL_NSID_SELF ||
	       mnl_attr_put_u32_check(nlh, len, IFLA_TARGET_NETNSID, (uint32_t)nsid);
}

int
l2k_nl_build_link_change(void *buf, size_t len, uint32_t seq, int ifindex,
			 const struct l2k_link_change *chg)
{
	return l2k_nl_build_link_change_in(buf, len, seq, L2K_NL_NSID_SELF, ifindex, chg);
}

int
l2k_nl_build_link_change_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex,
			    const struct l2k_link_change *chg)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	unsigned int set;
	bool ok = true;
	int ret;

	ret = check_link_change(ifindex, chg);
	if (ret < 0)
		return ret;
	if (nsid < L2K_NL_NSID_SELF)
		return -EINVAL;
	/* RTM_NEWLINK looks the link up in our own namespace only; SETLINK follows the target */
	nlh = put_link_header(buf, len, nsid == L2K_NL_NSID_SELF ? RTM_NEWLINK : RTM_SETLINK,
			      NLM_F_ACK, seq, ifindex, &ifm);
	if (nlh == NULL || !put_target(nlh, len, nsid))
		return -ENOSPC;
	set = chg->set;
	if (set & L2K_LINK_SET_UP)
		change_flag(ifm, IFF_UP, chg->up);
	if (set & L2K_LINK_SET_PROMISC)
		change_flag(ifm, IFF_PROMISC, chg->promisc);
	if (set & L2K_LINK_SET_ALLMULTI)
		change_flag(ifm, IFF_ALLMULTI, chg->allmulti);
	if (set & L2K_LINK_SET_MTU)
		ok = ok && mnl_attr_put_u32_check(nlh, len, IFLA_MTU, chg->mtu);
	if (set & L2K_LINK_SET_ADDR)
		ok = ok && mnl_attr_put_check(nlh, len, IFLA_ADDRESS, sizeof(chg->addr), chg->addr);
	if (set & L2K_LINK_SET_CARRIER)
		ok = ok && mnl_attr_put_u8_check(nlh, len, IFLA_CARRIER, chg->carrier);
	if (set & L2K_LINK_SET_NAME)
		ok = ok && put_ifname(nlh, len, IFLA_IFNAME, chg->name);
	/* The alias goes without its NUL (as iproute2 sends it): empty deletes it. */
	if (set & L2K_LINK_SET_ALIAS)
		ok = ok && mnl_attr_put_check(nlh, len, IFLA_IFALIAS,
					      strlen(chg->alias), chg->alias);
	if (set & L2K_LINK_SET_NETNS_FD)
		ok = ok && mnl_attr_put_u32_check(nlh, len, IFLA_NET_NS_FD, chg->netns_fd);
	if (set & L2K_LINK_SET_TXQLEN)
		ok = ok && mnl_attr_put_u32_check(nlh, len, IFLA_TXQLEN, chg->txqlen);
	return ok ? (int)nlh->nlmsg_len : -ENOSPC;
}

int
l2k_nl_build_veth_create(void *buf, size_t len, uint32_t seq, const char *name, const char *peer)
{
	struct nlattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (!valid_ifname(name) || !valid_ifname(peer))
		return -EINVAL;
	nlh = put_link_header(buf, len, RTM_NEWLINK,
			      NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, 0, &ifm);
	if (nlh == NULL || !put_ifname(nlh, len, IFLA_IFNAME, name))
		return -ENOSPC;
	linkinfo = mnl_attr_nest_start_check(nlh, len, IFLA_LINKINFO);
	if (linkinfo == NULL || !mnl_attr_put_strz_check(nlh, len, IFLA_INFO_KIND, "veth"))
		return -ENOSPC;
	data = mnl_attr_nest_start_check(nlh, len, IFLA_INFO_DATA);
	if (data == NULL)
		return -ENOSPC;
	peer_nest = mnl_attr_nest_start_check(nlh, len, VETH_INFO_PEER);
	/* VETH_INFO_PEER holds an ifinfomsg followed by the peer's attributes. */
	if (peer_nest == NULL || nlh->nlmsg_len + MNL_ALIGN(sizeof(*ifm)) > len)
		return -ENOSPC;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (!put_ifname(nlh, len, IFLA_IFNAME, peer))
		return -ENOSPC;
	mnl_attr_nest_end(nlh, peer_nest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nlh->nlmsg_len;
}

int
l2k_nl_build_link_get(void *buf, size_t len, uint32_t seq, int ifindex, const char *name)
{
	bool dump = ifindex == 0 && name == NULL;
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (ifindex < 0 || (ifindex > 0 && name != NULL) || (name != NULL && !valid_ifname(name)))
		return -EINVAL;
	/* A dump ends with NLMSG_DONE, a single get with the ack. */
	nlh = put_link_header(buf, len, RTM_GETLINK, dump ? NLM_F_DUMP : NLM_F_ACK,
			      seq, ifindex, &ifm);
	if (nlh == NULL)
		return -ENOSPC;
	if (name != NULL && !put_ifname(nlh, len, IFLA_IFNAME, name))
		return -ENOSPC;
	if (!mnl_attr_put_u32_check(nlh, len, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

int
l2k_nl_build_link_get_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (ifindex <= 0 || nsid < L2K_NL_NSID_SELF)
		return -EINVAL;
	nlh = put_link_header(buf, len, RTM_GETLINK, NLM_F_ACK, seq, ifindex, &ifm);
	if (nlh == NULL || !put_target(nlh, len, nsid) ||
	    !mnl_attr_put_u32_check(nlh, len, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

int
l2k_nl_build_link_delete(void *buf, size_t len, uint32_t seq, int ifindex)
{
	return l2k_nl_build_link_delete_in(buf, len, seq, L2K_NL_NSID_SELF, ifindex);
}

int
l2k_nl_build_link_delete_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;

	if (ifindex <= 0 || nsid < L2K_NL_NSID_SELF)
		return -EINVAL;
	nlh = put_link_header(buf, len, RTM_DELLINK, NLM_F_ACK, seq, ifindex, &ifm);
	if (nlh == NULL || !put_target(nlh, len, nsid))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

int
l2k_nl_build_nsid(void *buf, size_t len, uint32_t seq, int netns_fd, bool assign)
{
	struct nlmsghdr *nlh;
	struct rtgenmsg *rtg;

	if (netns_fd < 0)
		return -EINVAL;
	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtg)))
		return -ENOSPC;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = assign ? RTM_NEWNSID : RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	rtg = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtg));
	rtg->rtgen_family = AF_UNSPEC;
	if (!mnl_attr_put_u32_check(nlh, len, NETNSA_FD, (uint32_t)netns_fd))
		return -ENOSPC;
	/* -1: any free id */
	if (assign && !mnl_attr_put_u32_check(nlh, len, NETNSA_NSID, (uint32_t)-1))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

/* ---- parsing ---- */

/*
 * Walk the attributes in [start, start + len), calling 'cb' for each. Unlike
 * mnl_attr_parse(), bytes left that do not form an attribute are an error.
 */
int
l2k_nl__attr_walk(const void *start, size_t len, mnl_attr_cb_t cb, void *data)
{
	const char *end = (const char *)start + len;
	const struct nlattr *attr;
	int ret;

	mnl_attr_for_each_payload(start, len) {
		ret = cb(attr, data);
		if (ret <= MNL_CB_ERROR)
			return -EBADMSG;
		if (ret == MNL_CB_STOP)
			return 0;
	}
	return (const char *)attr < end ? -EBADMSG : 0;
}

static void
copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	size_t n = strnlen(mnl_attr_get_str(attr), mnl_attr_get_payload_len(attr));

	if (n >= size)
		n = size - 1;
	memcpy(dst, mnl_attr_get_str(attr), n);
	dst[n] = '\0';
}

static int
link_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);
	int ret;

	switch (type) {
	case IFLA_MTU:
	case IFLA_MIN_MTU:
	case IFLA_MAX_MTU:
	case IFLA_TXQLEN:
	case IFLA_LINK:
	case IFLA_LINK_NETNSID:
	case IFLA_NEW_NETNSID:
	case IFLA_NEW_IFINDEX:
	case IFLA_TARGET_NETNSID:
		ret = mnl_attr_validate(attr, MNL_TYPE_U32);
		break;
	case IFLA_CARRIER:
	case IFLA_OPERSTATE:
		ret = mnl_attr_validate(attr, MNL_TYPE_U8);
		break;
	case IFLA_IFNAME:
	case IFLA_IFALIAS:
		ret = mnl_attr_validate(attr, MNL_TYPE_NUL_STRING);
		break;
	case IFLA_ADDRESS:
		ret = mnl_attr_get_payload_len(attr) <= NL_MAX_ADDR_LEN ? 0 : -1;
		break;
	case IFLA_LINKINFO:
		ret = mnl_attr_validate(attr, MNL_TYPE_NESTED);
		break;
	default:
		return MNL_CB_OK; /* not used: skipped */
	}
	if (ret < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

static int
linkinfo_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **kind = data;

	if (mnl_attr_get_type(attr) != IFLA_INFO_KIND)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_ERROR;
	*kind = attr;
	return MNL_CB_OK;
}

static uint32_t
get_u32(const struct nlattr *attr, uint32_t dflt)
{
	return attr != NULL ? mnl_attr_get_u32(attr) : dflt;
}

int
l2k_nl_parse_link(const struct nlmsghdr *nlh, size_t len, struct l2k_link *link)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	const struct nlattr *kind = NULL;
	const struct ifinfomsg *ifm;
	size_t hlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifm));

	if (len < sizeof(*nlh) || nlh->nlmsg_len < hlen || nlh->nlmsg_len > len)
		return -EBADMSG;
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return -EBADMSG;
	ifm = mnl_nlmsg_get_payload(nlh);
	if (ifm->ifi_index <= 0)
		return -EBADMSG;
	if (l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(*ifm)),
			 nlh->nlmsg_len - hlen, link_attr_cb, tb) < 0)
		return -EBADMSG;
	if (tb[IFLA_IFNAME] == NULL || mnl_attr_get_payload_len(tb[IFLA_IFNAME]) > IFNAMSIZ ||
	    mnl_attr_get_str(tb[IFLA_IFNAME])[0] == '\0')
		return -EBADMSG;
	if (tb[IFLA_LINKINFO] != NULL &&
	    l2k_nl__attr_walk(mnl_attr_get_payload(tb[IFLA_LINKINFO]),
			 mnl_attr_get_payload_len(tb[IFLA_LINKINFO]), linkinfo_attr_cb, &kind) < 0)
		return -EBADMSG;

	memset(link, 0, sizeof(*link));
	link->ifindex = ifm->ifi_index;
	link->flags = ifm->ifi_flags;
	copy_str(link->name, sizeof(link->name), tb[IFLA_IFNAME]);
	if (kind != NULL)
		copy_str(link->kind, sizeof(link->kind), kind);
	if (tb[IFLA_IFALIAS] != NULL)
		copy_str(link->alias, sizeof(link->alias), tb[IFLA_IFALIAS]);
	link->mtu = get_u32(tb[IFLA_MTU], 0);
	link->min_mtu = get_u32(tb[IFLA_MIN_MTU], 0);
	link->max_mtu = get_u32(tb[IFLA_MAX_MTU], 0);
	link->txqlen = get_u32(tb[IFLA_TXQLEN], 0);
	link->link = (int)get_u32(tb[IFLA_LINK], 0);
	link->link_netnsid = (int)get_u32(tb[IFLA_LINK_NETNSID], (uint32_t)-1);
	link->netnsid = (int)get_u32(tb[IFLA_TARGET_NETNSID], (uint32_t)L2K_NL_NSID_SELF);
	link->new_netnsid = (int)get_u32(tb[IFLA_NEW_NETNSID], (uint32_t)-1);
	link->new_ifindex = (int)get_u32(tb[IFLA_NEW_IFINDEX], 0);
	if (link->netnsid < L2K_NL_NSID_SELF || link->new_netnsid < -1 || link->new_ifindex < 0)
		return -EBADMSG;
	if (tb[IFLA_ADDRESS] != NULL && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(link->addr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
		link->has_addr = true;
	}
	if (tb[IFLA_CARRIER] != NULL)
		link->carrier = mnl_attr_get_u8(tb[IFLA_CARRIER]) != 0;
	if (tb[IFLA_OPERSTATE] != NULL)
		link->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
	return 0;
}

static int
nsid_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **nsid = data;

	if (mnl_attr_get_type(attr) != NETNSA_NSID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	*nsid = attr;
	return MNL_CB_OK;
}

int
l2k_nl_parse_nsid(const struct nlmsghdr *nlh, size_t len, int *nsid)
{
	const struct nlattr *attr = NULL;
	size_t hlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtgenmsg));
	int32_t v;

	if (len < sizeof(*nlh) || nlh->nlmsg_len < hlen || nlh->nlmsg_len > len ||
	    (nlh->nlmsg_type != RTM_NEWNSID && nlh->nlmsg_type != RTM_DELNSID))
		return -EBADMSG;
	if (l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(struct rtgenmsg)),
			      nlh->nlmsg_len - hlen, nsid_attr_cb, &attr) < 0 || attr == NULL)
		return -EBADMSG;
	v = (int32_t)mnl_attr_get_u32(attr);
	if (v < -1)
		return -EBADMSG;
	*nsid = v;
	return 0;
}

struct extack {
	char *msg;
	size_t msglen;
};

static int
extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct extack *ea = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		if (ea->msg != NULL && ea->msglen > 0)
			copy_str(ea->msg, ea->msglen, attr);
		break;
	case NLMSGERR_ATTR_OFFS:
	case NLMSGERR_ATTR_MISS_TYPE:
	case NLMSGERR_ATTR_MISS_NEST:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

/* Parse the extended-ack TLVs found 'offset' bytes into the payload of 'nlh'. */
int
l2k_nl__parse_extack(const struct nlmsghdr *nlh, size_t offset, char *msg, size_t msglen)
{
	struct extack ea = { msg, msglen };
	size_t start = MNL_NLMSG_HDRLEN + MNL_ALIGN(offset);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (start > nlh->nlmsg_len)
		return -EBADMSG;
	return l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, offset),
			    nlh->nlmsg_len - start, extack_attr_cb, &ea);
}

int
l2k_nl_parse_error(const struct nlmsghdr *nlh, size_t len, int *err, char *msg, size_t msglen)
{
	const struct nlmsgerr *e;
	size_t offset = sizeof(*e);

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (len < sizeof(*nlh) || nlh->nlmsg_len > len || nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	/* Without NETLINK_CAP_ACK the request's payload is echoed before the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg))
			return -EBADMSG;
		offset += e->msg.nlmsg_len - sizeof(e->msg);
	}
	if (l2k_nl__parse_extack(nlh, offset, msg, msglen) < 0)
		return -EBADMSG;
	*err = e->error;
	return 0;
}
