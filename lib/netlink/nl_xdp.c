/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * XDP on a link: which program is attached (IFLA_XDP), detaching it only if
 * it is still the one expected, and how many AF_XDP sockets are bound to
 * the link (sock_diag, as "ss --xdp" asks). Enough to tell an AF_XDP
 * program nobody uses any more from one in use.
 */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>

#include "nl_private.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

struct xdp_ctx {
	uint32_t prog_id;
	uint8_t mode;
	bool found;
};

static int
xdp_attr_cb(const struct nlattr *attr, void *data)
{
	struct xdp_ctx *ctx = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_XDP_ATTACHED:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		ctx->mode = mnl_attr_get_u8(attr);
		break;
	case IFLA_XDP_PROG_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		ctx->prog_id = mnl_attr_get_u32(attr);
		break;
	default:
		break;
	}
	return MNL_CB_OK;
}

static int
link_xdp_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) != IFLA_XDP)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
		return MNL_CB_ERROR;
	return l2k_nl__attr_walk(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr),
				 xdp_attr_cb, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int
xdp_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	size_t hlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct ifinfomsg));
	struct xdp_ctx *ctx = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (nlh->nlmsg_len < hlen ||
	    l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(struct ifinfomsg)),
			      nlh->nlmsg_len - hlen, link_xdp_attr_cb, ctx) < 0)
		return -EBADMSG;
	ctx->found = true;
	return 0;
}

int
l2k_nl_link_xdp_get_in(struct l2k_nl *nl, int nsid, int ifindex, uint32_t *prog_id,
		       uint8_t *mode)
{
	struct xdp_ctx ctx = { .mode = XDP_ATTACHED_NONE };
	int ret;

	ret = l2k_nl_build_link_get_in(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), nsid,
				       ifindex);
	if (ret < 0)
		return ret;
	ret = l2k_nl__request(nl, xdp_get_cb, &ctx);
	if (ret < 0)
		return ret;
	if (!ctx.found)
		return -EBADMSG;
	*prog_id = ctx.mode == XDP_ATTACHED_NONE ? 0 : ctx.prog_id;
	*mode = ctx.mode;
	return 0;
}

int
l2k_nl_build_link_xdp_detach(void *buf, size_t len, uint32_t seq, int ifindex, int prog_fd,
			     uint8_t mode)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	struct nlattr *xdp;
	uint32_t flags;

	switch (mode) {
	case XDP_ATTACHED_DRV:
		flags = XDP_FLAGS_DRV_MODE;
		break;
	case XDP_ATTACHED_SKB:
		flags = XDP_FLAGS_SKB_MODE;
		break;
	case XDP_ATTACHED_HW:
		flags = XDP_FLAGS_HW_MODE;
		break;
	default:
		return -EINVAL; /* none, or several modes at once: which one is meant? */
	}
	if (ifindex <= 0 || prog_fd < 0 || len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*ifm)))
		return -EINVAL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_SETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	/* fd -1 detaches; REPLACE with the expected fd: only if it is still that program */
	xdp = mnl_attr_nest_start_check(nlh, len, IFLA_XDP);
	if (xdp == NULL ||
	    !mnl_attr_put_u32_check(nlh, len, IFLA_XDP_FD, (uint32_t)-1) ||
	    !mnl_attr_put_u32_check(nlh, len, IFLA_XDP_FLAGS, flags | XDP_FLAGS_REPLACE) ||
	    !mnl_attr_put_u32_check(nlh, len, IFLA_XDP_EXPECTED_FD, (uint32_t)prog_fd))
		return -ENOSPC;
	mnl_attr_nest_end(nlh, xdp);
	return nlh->nlmsg_len;
}

static int
xdp_detach(struct l2k_nl *nl, int ifindex, int prog_fd, uint8_t mode)
{
	int ret;

	ret = l2k_nl_build_link_xdp_detach(nl->tx, sizeof(nl->tx), l2k_nl__next_seq(nl), ifindex,
					   prog_fd, mode);
	if (ret < 0)
		return ret;
	return l2k_nl__request(nl, NULL, NULL);
}

/* Made from a socket in the link's namespace, as l2k_nl_link_change_in(). */
int
l2k_nl_link_xdp_detach_in(struct l2k_nl *nl, int nsid, int ifindex, int prog_fd, uint8_t mode)
{
	struct l2k_nl *there;
	int ret;

	if (nsid == L2K_NL_NSID_SELF)
		return xdp_detach(nl, ifindex, prog_fd, mode);
	there = l2k_nl__open_in(nl, nsid, &ret);
	if (there == NULL)
		return ret;
	ret = xdp_detach(there, ifindex, prog_fd, mode);
	memcpy(nl->errmsg, there->errmsg, sizeof(nl->errmsg));
	l2k_nl_close(there);
	return ret;
}

/* ---- AF_XDP sockets (sock_diag) ---- */

struct xsk_ctx {
	int ifindex;
	int count;
	bool have_info;
	struct xdp_diag_info info;
};

static int
xsk_attr_cb(const struct nlattr *attr, void *data)
{
	struct xsk_ctx *ctx = data;

	if (mnl_attr_get_type(attr) != XDP_DIAG_INFO)
		return MNL_CB_OK;
	if (mnl_attr_get_payload_len(attr) < sizeof(ctx->info))
		return MNL_CB_ERROR;
	memcpy(&ctx->info, mnl_attr_get_payload(attr), sizeof(ctx->info));
	ctx->have_info = true;
	return MNL_CB_OK;
}

static int
xsk_cb(const struct nlmsghdr *nlh, void *arg)
{
	size_t hlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct xdp_diag_msg));
	struct xsk_ctx *ctx = arg;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return 0;
	ctx->have_info = false;
	if (nlh->nlmsg_len < hlen ||
	    l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(struct xdp_diag_msg)),
			      nlh->nlmsg_len - hlen, xsk_attr_cb, ctx) < 0)
		return -EBADMSG;
	if (ctx->have_info && (int)ctx->info.ifindex == ctx->ifindex)
		ctx->count++;
	return 0;
}

int
l2k_nl_xsk_count(int ifindex)
{
	struct xsk_ctx ctx = { .ifindex = ifindex };
	struct xdp_diag_req *req;
	struct nlmsghdr *nlh;
	struct l2k_nl *nl;
	int ret;

	if (ifindex <= 0)
		return -EINVAL;
	nl = l2k_nl__open(NETLINK_SOCK_DIAG, 0);
	if (nl == NULL)
		return -errno;
	nlh = mnl_nlmsg_put_header(nl->tx);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = l2k_nl__next_seq(nl);
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = AF_XDP;
	req->xdiag_show = XDP_SHOW_INFO;
	ret = l2k_nl__request(nl, xsk_cb, &ctx);
	l2k_nl_close(nl);
	return ret < 0 ? ret : ctx.count;
}
