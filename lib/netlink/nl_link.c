/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/* Link requests: get, dump, create veth, delete, change. */

#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "nl_private.h"

struct get_ctx {
	struct l2k_link *link;
	bool found;
};

static int
get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct get_ctx *ctx = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (l2k_nl_parse_link(nlh, nlh->nlmsg_len, ctx->link) < 0)
		return -EBADMSG;
	ctx->found = true;
	return 0;
}

static int
link_get(struct l2k_nl *nl, int ifindex, const char *name, struct l2k_link *link)
{
	struct get_ctx ctx = { .link = link };
	int ret;

	if (ifindex == 0 && name == NULL)
		return -EINVAL; /* would be a dump */
	ret = l2k_nl_build_link_get(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), ifindex, name);
	if (ret < 0)
		return ret;
	ret = l2k_nl__request(nl, get_cb, &ctx);
	if (ret < 0)
		return ret;
	return ctx.found ? 0 : -EBADMSG; /* acked without the link */
}

int
l2k_nl_link_get_in(struct l2k_nl *nl, int nsid, int ifindex, struct l2k_link *link)
{
	struct get_ctx ctx = { .link = link };
	int ret;

	ret = l2k_nl_build_link_get_in(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), nsid,
				       ifindex);
	if (ret < 0)
		return ret;
	ret = l2k_nl__request(nl, get_cb, &ctx);
	if (ret < 0)
		return ret;
	if (!ctx.found)
		return -EBADMSG; /* acked without the link */
	link->netnsid = nsid;
	return 0;
}

int
l2k_nl_link_get(struct l2k_nl *nl, int ifindex, struct l2k_link *link)
{
	if (ifindex <= 0)
		return -EINVAL;
	return link_get(nl, ifindex, NULL, link);
}

int
l2k_nl_link_get_by_name(struct l2k_nl *nl, const char *name, struct l2k_link *link)
{
	if (name == NULL)
		return -EINVAL;
	return link_get(nl, 0, name, link);
}

struct dump_ctx {
	int (*cb)(const struct l2k_link *link, void *arg);
	void *arg;
};

static int
dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx *ctx = arg;
	struct l2k_link link;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (l2k_nl_parse_link(nlh, nlh->nlmsg_len, &link) < 0)
		return -EBADMSG;
	return ctx->cb(&link, ctx->arg);
}

int
l2k_nl_link_dump(struct l2k_nl *nl, int (*cb)(const struct l2k_link *link, void *arg),
		 void *arg)
{
	struct dump_ctx ctx = { cb, arg };
	int ret;

	if (cb == NULL)
		return -EINVAL;
	ret = l2k_nl_build_link_get(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), 0, NULL);
	if (ret < 0)
		return ret;
	return l2k_nl__request(nl, dump_cb, &ctx);
}

int
l2k_nl_veth_create(struct l2k_nl *nl, const char *name, const char *peer)
{
	struct l2k_link link;
	int ret;

	ret = l2k_nl_build_veth_create(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), name, peer);
	if (ret < 0)
		return ret;
	ret = l2k_nl__request(nl, NULL, NULL);
	if (ret < 0)
		return ret;
	ret = l2k_nl_link_get_by_name(nl, name, &link);
	return ret < 0 ? ret : link.ifindex;
}

int
l2k_nl_link_delete(struct l2k_nl *nl, int ifindex)
{
	int ret;

	ret = l2k_nl_build_link_delete(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), ifindex);
	if (ret < 0)
		return ret;
	return l2k_nl__request(nl, NULL, NULL);
}

int
l2k_nl_link_delete_in(struct l2k_nl *nl, int nsid, int ifindex)
{
	int ret;

	ret = l2k_nl_build_link_delete_in(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), nsid,
					  ifindex);
	if (ret < 0)
		return ret;
	return l2k_nl__request(nl, NULL, NULL);
}

int
l2k_nl_link_change(struct l2k_nl *nl, int ifindex, const struct l2k_link_change *chg)
{
	int ret;

	ret = l2k_nl_build_link_change(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), ifindex, chg);
	if (ret < 0)
		return ret;
	return l2k_nl__request(nl, NULL, NULL);
}

static int
nsid_cb(const struct nlmsghdr *nlh, void *arg)
{
	return l2k_nl_parse_nsid(nlh, nlh->nlmsg_len, arg) < 0 ? -EBADMSG : 1;
}

static int
nsid_get(struct l2k_nl *nl, int netns_fd, bool assign, int *nsid)
{
	int ret;

	ret = l2k_nl_build_nsid(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), netns_fd, assign);
	if (ret < 0)
		return ret;
	ret = l2k_nl__request(nl, assign ? NULL : nsid_cb, nsid);
	return ret < 0 ? ret : 0;
}

int
l2k_nl_nsid_of_noassign(struct l2k_nl *nl, int netns_fd)
{
	int nsid = -1, ret;

	ret = nsid_get(nl, netns_fd, false, &nsid);
	if (ret < 0)
		return ret;
	return nsid >= 0 ? nsid : -ENOENT;
}

int
l2k_nl_nsid_of(struct l2k_nl *nl, int netns_fd)
{
	int nsid = -1, ret;

	ret = nsid_get(nl, netns_fd, false, &nsid);
	if (ret == 0 && nsid < 0) {
		ret = nsid_get(nl, netns_fd, true, NULL);
		if (ret == 0 || ret == -EEXIST) /* assigned meanwhile: fine */
			ret = nsid_get(nl, netns_fd, false, &nsid);
	}
	if (ret < 0)
		return ret;
	return nsid >= 0 ? nsid : -ENOENT;
}

/* ---- verb-object shorthands ---- */

int
l2k_nl_link_set_mtu(struct l2k_nl *nl, int ifindex, uint32_t mtu)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_MTU, .mtu = mtu };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_addr(struct l2k_nl *nl, int ifindex, const uint8_t addr[6])
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ADDR };

	memcpy(chg.addr, addr, sizeof(chg.addr));
	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_up(struct l2k_nl *nl, int ifindex, bool up)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_UP, .up = up };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_promisc(struct l2k_nl *nl, int ifindex, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_PROMISC, .promisc = on };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_allmulti(struct l2k_nl *nl, int ifindex, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ALLMULTI, .allmulti = on };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_carrier(struct l2k_nl *nl, int ifindex, bool on)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_CARRIER, .carrier = on };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_name(struct l2k_nl *nl, int ifindex, const char *name)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_NAME };

	if (name == NULL || strnlen(name, IFNAMSIZ) >= IFNAMSIZ)
		return -EINVAL;
	strcpy(chg.name, name);
	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_alias(struct l2k_nl *nl, int ifindex, const char *alias)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_ALIAS };

	if (alias == NULL || strnlen(alias, L2K_NL_ALIAS_LEN) >= L2K_NL_ALIAS_LEN)
		return -EINVAL;
	strcpy(chg.alias, alias);
	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_netns(struct l2k_nl *nl, int ifindex, int netns_fd)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_NETNS_FD, .netns_fd = netns_fd };

	return l2k_nl_link_change(nl, ifindex, &chg);
}

int
l2k_nl_link_set_txqlen(struct l2k_nl *nl, int ifindex, uint32_t txqlen)
{
	struct l2k_link_change chg = { .set = L2K_LINK_SET_TXQLEN, .txqlen = txqlen };

	return l2k_nl_link_change(nl, ifindex, &chg);
}
