/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * ethtool over generic netlink, by ifindex: the link settings (speed,
 * duplex) a kernel interface reports to "ethtool IFACE". The family id is
 * asked of the generic netlink controller each time: these requests are
 * rare (a link change), and a socket is opened in the link's namespace.
 */

#include <errno.h>
#include <string.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>

#include "nl_private.h"

static struct genlmsghdr *
put_genl(void *buf, size_t len, uint16_t type, uint32_t seq, uint8_t cmd, uint8_t version,
	 struct nlmsghdr **nlhp)
{
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;

	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*g)))
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	*nlhp = nlh;
	return g;
}

int
l2k_nl_build_genl_family_get(void *buf, size_t len, uint32_t seq, const char *name)
{
	struct nlmsghdr *nlh;

	if (name == NULL || name[0] == '\0' || strlen(name) >= GENL_NAMSIZ)
		return -EINVAL;
	if (put_genl(buf, len, GENL_ID_CTRL, seq, CTRL_CMD_GETFAMILY, 1, &nlh) == NULL ||
	    !mnl_attr_put_strz_check(nlh, len, CTRL_ATTR_FAMILY_NAME, name))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

static int
family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **id = data;

	if (mnl_attr_get_type(attr) != CTRL_ATTR_FAMILY_ID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
		return MNL_CB_ERROR;
	*id = attr;
	return MNL_CB_OK;
}

int
l2k_nl_parse_genl_family(const struct nlmsghdr *nlh, size_t len, uint16_t *id)
{
	size_t hlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr));
	const struct nlattr *attr = NULL;

	if (len < sizeof(*nlh) || nlh->nlmsg_len < hlen || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != GENL_ID_CTRL)
		return -EBADMSG;
	if (l2k_nl__attr_walk(mnl_nlmsg_get_payload_offset(nlh, sizeof(struct genlmsghdr)),
			      nlh->nlmsg_len - hlen, family_attr_cb, &attr) < 0 || attr == NULL)
		return -EBADMSG;
	*id = mnl_attr_get_u16(attr);
	return *id >= GENL_MIN_ID ? 0 : -EBADMSG;
}

int
l2k_nl_build_ethtool_speed(void *buf, size_t len, uint32_t seq, uint16_t family, int ifindex,
			   uint32_t speed, bool full_duplex)
{
	struct nlmsghdr *nlh;
	struct nlattr *hdr;

	if (ifindex <= 0 || speed == 0 || family < GENL_MIN_ID)
		return -EINVAL;
	if (put_genl(buf, len, family, seq, ETHTOOL_MSG_LINKMODES_SET, ETHTOOL_GENL_VERSION,
		     &nlh) == NULL)
		return -ENOSPC;
	hdr = mnl_attr_nest_start_check(nlh, len, ETHTOOL_A_LINKMODES_HEADER);
	if (hdr == NULL ||
	    !mnl_attr_put_u32_check(nlh, len, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)ifindex))
		return -ENOSPC;
	mnl_attr_nest_end(nlh, hdr);
	/* a fixed setting: what P negotiated is what K reports */
	if (!mnl_attr_put_u8_check(nlh, len, ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_DISABLE) ||
	    !mnl_attr_put_u32_check(nlh, len, ETHTOOL_A_LINKMODES_SPEED, speed) ||
	    !mnl_attr_put_u8_check(nlh, len, ETHTOOL_A_LINKMODES_DUPLEX,
				   full_duplex ? DUPLEX_FULL : DUPLEX_HALF))
		return -ENOSPC;
	return nlh->nlmsg_len;
}

int
l2k_nl_build_ethtool_features_off(void *buf, size_t len, uint32_t seq, uint16_t family,
				  int ifindex, const char *const *names, unsigned int n)
{
	struct nlattr *hdr, *wanted, *bits, *bit;
	struct nlmsghdr *nlh;
	unsigned int i;

	if (ifindex <= 0 || family < GENL_MIN_ID || names == NULL || n == 0)
		return -EINVAL;
	if (put_genl(buf, len, family, seq, ETHTOOL_MSG_FEATURES_SET, ETHTOOL_GENL_VERSION,
		     &nlh) == NULL)
		return -ENOSPC;
	hdr = mnl_attr_nest_start_check(nlh, len, ETHTOOL_A_FEATURES_HEADER);
	if (hdr == NULL ||
	    !mnl_attr_put_u32_check(nlh, len, ETHTOOL_A_HEADER_DEV_INDEX, (uint32_t)ifindex))
		return -ENOSPC;
	mnl_attr_nest_end(nlh, hdr);
	/* a verbose bitset with a mask: only the bits named change; no VALUE = off */
	wanted = mnl_attr_nest_start_check(nlh, len, ETHTOOL_A_FEATURES_WANTED);
	bits = wanted ? mnl_attr_nest_start_check(nlh, len, ETHTOOL_A_BITSET_BITS) : NULL;
	if (bits == NULL)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		if (names[i] == NULL || names[i][0] == '\0' || strlen(names[i]) >= ETH_GSTRING_LEN)
			return -EINVAL;
		bit = mnl_attr_nest_start_check(nlh, len, ETHTOOL_A_BITSET_BITS_BIT);
		if (bit == NULL ||
		    !mnl_attr_put_strz_check(nlh, len, ETHTOOL_A_BITSET_BIT_NAME, names[i]))
			return -ENOSPC;
		mnl_attr_nest_end(nlh, bit);
	}
	mnl_attr_nest_end(nlh, bits);
	mnl_attr_nest_end(nlh, wanted);
	return nlh->nlmsg_len;
}

static int
family_cb(const struct nlmsghdr *nlh, void *arg)
{
	return l2k_nl_parse_genl_family(nlh, nlh->nlmsg_len, arg) < 0 ? -EBADMSG : 1;
}

/* A generic netlink socket where the link is, and the ethtool family id. */
static struct l2k_nl *
ethtool_open(struct l2k_nl *nl, int nsid, uint16_t *family, int *err)
{
	struct l2k_nl *g;
	int fd = -1, ret;

	if (nsid != L2K_NL_NSID_SELF) {
		fd = l2k_nl_netns_find(nl, nsid);
		if (fd < 0) {
			*err = fd;
			return NULL;
		}
	}
	g = fd < 0 ? l2k_nl__open(NETLINK_GENERIC, 0) :
		     l2k_nl__open_netns(fd, NETLINK_GENERIC, 0);
	*err = -errno;
	if (fd >= 0)
		close(fd);
	if (g == NULL)
		return NULL;
	ret = l2k_nl_build_genl_family_get(g->tx, sizeof(g->tx), l2k_nl__next_seq(g),
					   ETHTOOL_GENL_NAME);
	if (ret > 0)
		ret = l2k_nl__request(g, family_cb, family);
	if (ret < 0) {
		*err = ret;
		l2k_nl_close(g);
		return NULL;
	}
	return g;
}

/* Send what is built in g->tx, keep the kernel's message in 'nl', close 'g'. */
static int
ethtool_request(struct l2k_nl *nl, struct l2k_nl *g, int built)
{
	int ret = built;

	if (ret > 0)
		ret = l2k_nl__request(g, NULL, NULL);
	memcpy(nl->errmsg, g->errmsg, sizeof(nl->errmsg));
	l2k_nl_close(g);
	return ret < 0 ? ret : 0;
}

int
l2k_nl_ethtool_set_speed(struct l2k_nl *nl, int nsid, int ifindex, uint32_t speed,
			 bool full_duplex)
{
	uint16_t family = 0;
	struct l2k_nl *g;
	int err = 0;

	g = ethtool_open(nl, nsid, &family, &err);
	if (g == NULL)
		return err;
	return ethtool_request(nl, g, l2k_nl_build_ethtool_speed(g->tx, sizeof(g->tx),
				l2k_nl__next_seq(g), family, ifindex, speed, full_duplex));
}

int
l2k_nl_ethtool_features_off(struct l2k_nl *nl, int nsid, int ifindex,
			    const char *const *names, unsigned int n)
{
	uint16_t family = 0;
	struct l2k_nl *g;
	int err = 0;

	g = ethtool_open(nl, nsid, &family, &err);
	if (g == NULL)
		return err;
	return ethtool_request(nl, g, l2k_nl_build_ethtool_features_off(g->tx, sizeof(g->tx),
				l2k_nl__next_seq(g), family, ifindex, names, n));
}
