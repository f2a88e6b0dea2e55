/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_NETLINK_H
#define L2K_NETLINK_H

/**
 * @file
 * Small rtnetlink library on top of libmnl: get, create, delete and change
 * links, and follow link events.
 *
 * Conventions, kept by every function:
 * - Functions returning int return 0 (or a non-negative value where stated)
 *   on success and -errno on failure; when the kernel refused a request the
 *   errno is the kernel's own.
 * - When the kernel attached an extended-ack message to an error, it is kept
 *   and l2k_nl_errmsg() returns it until the next request.
 * - Every message received is validated before use: the sender must be the
 *   kernel (port id 0), lengths must fit, and every attribute used must have
 *   the expected type and size.  A malformed message yields -EBADMSG.
 * - Requests are synchronous (one request, wait for the ack); the socket is
 *   not thread-safe: use one per thread.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nlmsghdr;

/** Opaque handle: one NETLINK_ROUTE socket with its receive buffer. */
struct l2k_nl;

/** Length of a link alias kept in struct l2k_link (IFALIASZ is 256). */
#define L2K_NL_ALIAS_LEN 64
/** Length of a link kind ("veth", "tun", ...). */
#define L2K_NL_KIND_LEN 16

/** What the library knows of one link, filled from RTM_NEWLINK. */
struct l2k_link {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[L2K_NL_KIND_LEN];   /**< IFLA_INFO_KIND, "" when absent */
	char alias[L2K_NL_ALIAS_LEN]; /**< IFLA_IFALIAS, "" when absent */
	unsigned int flags;           /**< IFF_* from ifinfomsg */
	uint32_t mtu;
	uint32_t min_mtu;             /**< 0 when the kernel did not say */
	uint32_t max_mtu;             /**< 0 when the kernel did not say */
	uint32_t txqlen;
	uint8_t addr[6];
	bool has_addr;
	bool carrier;                 /**< IFLA_CARRIER (false when absent) */
	uint8_t operstate;            /**< IF_OPER_* */
	int link;                     /**< IFLA_LINK (veth peer ifindex), 0 when absent */
	int link_netnsid;             /**< IFLA_LINK_NETNSID, -1 when absent */
};

/** Fields of a link to change in one request (l2k_nl_link_change()). */
enum l2k_link_set {
	L2K_LINK_SET_MTU      = 1u << 0,
	L2K_LINK_SET_ADDR     = 1u << 1,
	L2K_LINK_SET_UP       = 1u << 2, /**< IFF_UP from 'up' */
	L2K_LINK_SET_PROMISC  = 1u << 3, /**< IFF_PROMISC from 'promisc' */
	L2K_LINK_SET_ALLMULTI = 1u << 4, /**< IFF_ALLMULTI from 'allmulti' */
	L2K_LINK_SET_CARRIER  = 1u << 5,
	L2K_LINK_SET_NAME     = 1u << 6,
	L2K_LINK_SET_ALIAS    = 1u << 7,
	L2K_LINK_SET_NETNS_FD = 1u << 8,
	L2K_LINK_SET_TXQLEN   = 1u << 9,
};

/** A change request; only the fields named in 'set' are used. */
struct l2k_link_change {
	unsigned int set;             /**< L2K_LINK_SET_* */
	uint32_t mtu;
	uint8_t addr[6];
	bool up;
	bool promisc;
	bool allmulti;
	bool carrier;
	char name[IFNAMSIZ];
	char alias[L2K_NL_ALIAS_LEN];
	int netns_fd;
	uint32_t txqlen;
};

/* ---- socket ---- */

/**
 * Open a NETLINK_ROUTE socket in the current network namespace.
 * @param groups  RTMGRP_* multicast groups to join (0 for requests only;
 *                RTMGRP_LINK to follow link events).
 * @return the handle, or NULL with errno set.
 */
struct l2k_nl *l2k_nl_open(unsigned int groups);

/**
 * Open a NETLINK_ROUTE socket inside the network namespace 'netns_fd'
 * (an fd of /var/run/netns/NAME or /proc/PID/ns/net); the calling thread
 * returns to its own namespace before this returns.
 */
struct l2k_nl *l2k_nl_open_netns(int netns_fd, unsigned int groups);

void l2k_nl_close(struct l2k_nl *nl);

/** File descriptor to poll for events (monitor sockets). */
int l2k_nl_fd(const struct l2k_nl *nl);

/** Extended-ack message of the last failed request, or "" when none. */
const char *l2k_nl_errmsg(const struct l2k_nl *nl);

/* ---- links ---- */

/** Get one link by ifindex. -ENODEV when it does not exist. */
int l2k_nl_link_get(struct l2k_nl *nl, int ifindex, struct l2k_link *link);

/** Get one link by name. -ENODEV when it does not exist. */
int l2k_nl_link_get_by_name(struct l2k_nl *nl, const char *name, struct l2k_link *link);

/**
 * Call 'cb' for every link of the namespace. A non-zero return of 'cb'
 * stops the walk and is returned. -EINTR when the kernel flagged the dump
 * as interrupted (links changed meanwhile): the caller should dump again.
 */
int l2k_nl_link_dump(struct l2k_nl *nl,
		     int (*cb)(const struct l2k_link *link, void *arg), void *arg);

/**
 * Create a veth pair 'name' <-> 'peer' in the current namespace, both down.
 * @return the ifindex of 'name' (> 0), or -errno (-EEXIST when a name is taken).
 */
int l2k_nl_veth_create(struct l2k_nl *nl, const char *name, const char *peer);

/** Delete a link (and, for a veth, its peer). */
int l2k_nl_link_delete(struct l2k_nl *nl, int ifindex);

/** Apply every change named in chg->set in one RTM_NEWLINK request. */
int l2k_nl_link_change(struct l2k_nl *nl, int ifindex, const struct l2k_link_change *chg);

/* Verb-object shorthands for l2k_nl_link_change(). */
int l2k_nl_link_set_mtu(struct l2k_nl *nl, int ifindex, uint32_t mtu);
int l2k_nl_link_set_addr(struct l2k_nl *nl, int ifindex, const uint8_t addr[6]);
int l2k_nl_link_set_up(struct l2k_nl *nl, int ifindex, bool up);
int l2k_nl_link_set_promisc(struct l2k_nl *nl, int ifindex, bool on);
int l2k_nl_link_set_allmulti(struct l2k_nl *nl, int ifindex, bool on);
int l2k_nl_link_set_carrier(struct l2k_nl *nl, int ifindex, bool on);
int l2k_nl_link_set_name(struct l2k_nl *nl, int ifindex, const char *name);
int l2k_nl_link_set_alias(struct l2k_nl *nl, int ifindex, const char *alias);
int l2k_nl_link_set_netns(struct l2k_nl *nl, int ifindex, int netns_fd);
int l2k_nl_link_set_txqlen(struct l2k_nl *nl, int ifindex, uint32_t txqlen);

/* ---- events ---- */

/**
 * Read every pending message on a monitor socket (opened with RTMGRP_LINK)
 * without blocking, and call 'cb' with RTM_NEWLINK or RTM_DELLINK and the
 * parsed link. Invalid messages are skipped and counted. A negative return
 * of 'cb' stops the read and is returned. Use a socket of its own for the
 * monitor: requests on it would swallow the events queued before the reply.
 * @return number of events delivered, or -errno (-ENOBUFS when the kernel
 *         dropped events: the caller should re-read the state it follows).
 */
int l2k_nl_monitor_read(struct l2k_nl *nl,
			int (*cb)(int type, const struct l2k_link *link, void *arg), void *arg);

/** Messages the monitor skipped as invalid since the socket was opened. */
uint64_t l2k_nl_monitor_invalid(const struct l2k_nl *nl);

/* ---- pure message building and parsing (no socket; unit-tested) ---- */

/**
 * Build an RTM_NEWLINK request changing 'chg' on 'ifindex' into 'buf'.
 * @return message length, or -EINVAL (bad field) / -ENOSPC (buf too small).
 */
int l2k_nl_build_link_change(void *buf, size_t len, uint32_t seq, int ifindex,
			     const struct l2k_link_change *chg);

/** Build an RTM_NEWLINK request creating veth 'name' <-> 'peer'. */
int l2k_nl_build_veth_create(void *buf, size_t len, uint32_t seq,
			     const char *name, const char *peer);

/** Build an RTM_GETLINK for ifindex (> 0) or name (ifindex 0), or a dump (both unset). */
int l2k_nl_build_link_get(void *buf, size_t len, uint32_t seq, int ifindex, const char *name);

/** Build an RTM_DELLINK request. */
int l2k_nl_build_link_delete(void *buf, size_t len, uint32_t seq, int ifindex);

/**
 * Parse and validate an RTM_NEWLINK/RTM_DELLINK message into 'link'.
 * @return 0, or -EBADMSG naming nothing more (the message is not usable).
 */
int l2k_nl_parse_link(const struct nlmsghdr *nlh, size_t len, struct l2k_link *link);

/**
 * Parse an NLMSG_ERROR message: '*err' gets the (negative) error or 0 for an
 * ack; 'msg' (if not NULL) gets the extended-ack text or "".
 * @return 0, or -EBADMSG when the message is malformed.
 */
int l2k_nl_parse_error(const struct nlmsghdr *nlh, size_t len, int *err,
		       char *msg, size_t msglen);

#ifdef __cplusplus
}
#endif

#endif /* L2K_NETLINK_H */
