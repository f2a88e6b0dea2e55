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

/**
 * Network namespace ids (nsid) are relative to the namespace of the socket
 * (see ip-netns(8) "list-id"). L2K_NL_NSID_SELF names the socket's own.
 */
#define L2K_NL_NSID_SELF (-1)

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
	int netnsid;                  /**< namespace the link is in, L2K_NL_NSID_SELF for the socket's */
	int new_netnsid;              /**< RTM_DELLINK of a move: where it went, -1 otherwise */
	int new_ifindex;              /**< RTM_DELLINK of a move: its ifindex there, 0 otherwise */
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

/*
 * The same requests on a link of another namespace, named by its nsid.
 * Get and delete are aimed there with IFLA_TARGET_NETNSID; a change is
 * made from a socket inside that namespace, found with l2k_nl_netns_find().
 * With L2K_NL_NSID_SELF they are the plain requests above.
 */
int l2k_nl_link_get_in(struct l2k_nl *nl, int nsid, int ifindex, struct l2k_link *link);
int l2k_nl_link_change_in(struct l2k_nl *nl, int nsid, int ifindex,
			  const struct l2k_link_change *chg);
int l2k_nl_link_delete_in(struct l2k_nl *nl, int nsid, int ifindex);

/**
 * The nsid the socket's namespace gives to the namespace 'netns_fd',
 * assigning one when it has none yet.
 * @return the nsid (>= 0), or -errno.
 */
int l2k_nl_nsid_of(struct l2k_nl *nl, int netns_fd);

/**
 * A file descriptor of the namespace that has 'nsid' here, found among
 * /var/run/netns/, the namespaces this process holds open, and
 * /proc/PID/ns/net. The caller closes it (held, it would keep the
 * namespace alive); 'nl' remembers which file it was, to look there first.
 * @return the fd, or -ENOENT when no file names that namespace.
 */
int l2k_nl_netns_find(struct l2k_nl *nl, int nsid);

/**
 * Translate 'nsid', an id given by the namespace 'from' (an nsid here),
 * into the id this socket's namespace gives to the same namespace,
 * assigning one if needed: how to follow a link that moved from one
 * foreign namespace to another.
 * @return the nsid here, L2K_NL_NSID_SELF when it is our own namespace,
 *         or -ENOENT when no file names that namespace.
 */
int l2k_nl_nsid_translate(struct l2k_nl *nl, int from, int nsid);

/**
 * Make the link report 'speed' (Mbit/s) and duplex to ethtool, fixed
 * (autonegotiation off), through ethtool's generic netlink family. Works on
 * drivers that keep settings (tun); -EOPNOTSUPP elsewhere (veth).
 */
int l2k_nl_ethtool_set_speed(struct l2k_nl *nl, int nsid, int ifindex, uint32_t speed,
			     bool full_duplex);

/**
 * Turn off the features named as ethtool -k names them
 * ("tx-scatter-gather", ...), through ethtool's generic netlink family.
 */
int l2k_nl_ethtool_features_off(struct l2k_nl *nl, int nsid, int ifindex,
				const char *const *names, unsigned int n);

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
 * parsed link; with RTNLGRP_NSID joined too, with RTM_DELNSID and a link
 * whose only field set is 'netnsid', the id that no longer names a namespace
 * (the namespace is gone, and the links in it, unreported). Invalid
 * messages are skipped and counted. A negative return
 * of 'cb' stops the read and is returned. Use a socket of its own for the
 * monitor: requests on it would swallow the events queued before the reply.
 * @return number of events delivered, or -errno (-ENOBUFS when the kernel
 *         dropped events: the caller should re-read the state it follows).
 */
int l2k_nl_monitor_read(struct l2k_nl *nl,
			int (*cb)(int type, const struct l2k_link *link, void *arg), void *arg);

/** Messages the monitor skipped as invalid since the socket was opened. */
uint64_t l2k_nl_monitor_invalid(const struct l2k_nl *nl);

/**
 * Also receive the events of every other namespace that has an nsid here
 * (NETLINK_LISTEN_ALL_NSID); their links carry that nsid in 'netnsid'.
 */
int l2k_nl_listen_all_nsid(struct l2k_nl *nl);

/* ---- typed link events ---- */

/** What changed on a followed link. */
enum l2k_link_what {
	L2K_LINK_EV_UP,        /**< administrative state (IFF_UP): old/new in 'u' */
	L2K_LINK_EV_CARRIER,   /**< carrier: old/new in 'u' */
	L2K_LINK_EV_MTU,       /**< old/new in 'u' */
	L2K_LINK_EV_ADDR,      /**< old/new in 'addr' */
	L2K_LINK_EV_PROMISC,   /**< IFF_PROMISC: old/new in 'u' */
	L2K_LINK_EV_ALLMULTI,  /**< IFF_ALLMULTI: old/new in 'u' */
	L2K_LINK_EV_MULTICAST, /**< IFF_MULTICAST: old/new in 'u' */
	L2K_LINK_EV_NAME,      /**< old/new in 'name' */
	L2K_LINK_EV_TXQLEN,    /**< txqueuelen: old/new in 'u' */
	L2K_LINK_EV_MOVED,     /**< to another namespace: 'moved' says where */
	L2K_LINK_EV_LOST,      /**< moved to a namespace this socket cannot follow */
	L2K_LINK_EV_DELETED,   /**< gone */
	L2K_LINK_EV_MAX
};

/** One change of one link, with its old and new value. */
struct l2k_link_event {
	enum l2k_link_what what;
	int nsid;                      /**< where the link was before the event */
	int ifindex;                   /**< its ifindex there */
	union {
		struct { uint32_t old, new; } u;
		struct { uint8_t old[6], new[6]; } addr;
		struct { char old[IFNAMSIZ], new[IFNAMSIZ]; } name;
		struct { int nsid, ifindex; } moved;
	};
	const struct l2k_link *link;   /**< state after the event (NULL when deleted or lost) */
};

/** "up", "carrier", "mtu", ... for logs. */
const char *l2k_link_what_name(enum l2k_link_what what);

/**
 * Compare two states of the same link and fill 'ev' with one event per
 * field that differs (in enum order), at most 'max'. Pure function.
 * @return the number of events written.
 */
unsigned int l2k_nl_link_diff(const struct l2k_link *old, const struct l2k_link *new,
			      struct l2k_link_event *ev, unsigned int max);

/**
 * A watch follows a set of links, wherever they move, and turns the
 * kernel's RTM_NEWLINK/RTM_DELLINK into typed events; the links of a
 * namespace that is destroyed are reported deleted (RTM_DELNSID). It owns a
 * monitor socket (all namespaces) and a request socket. When the kernel drops
 * events (ENOBUFS) it reads every followed link again and reports the
 * difference, so no state is lost.
 */
struct l2k_nl_watch;

/** Callback: 'cookie' is what l2k_nl_watch_add() was given for the link. */
typedef void (*l2k_nl_watch_cb_t)(const struct l2k_link_event *ev, void *cookie, void *arg);

/** Open a watch in the calling thread's namespace; NULL with errno set. */
struct l2k_nl_watch *l2k_nl_watch_open(void);
void l2k_nl_watch_close(struct l2k_nl_watch *w);
/** File descriptor that becomes readable when events are pending. */
int l2k_nl_watch_fd(const struct l2k_nl_watch *w);
/** Follow a link; its current state is read now and kept. */
int l2k_nl_watch_add(struct l2k_nl_watch *w, int nsid, int ifindex, void *cookie);
/** Stop following the link added with 'cookie' (all of them). */
void l2k_nl_watch_remove(struct l2k_nl_watch *w, void *cookie);
/** Last known state of the link added with 'cookie'; NULL when none. */
const struct l2k_link *l2k_nl_watch_link(const struct l2k_nl_watch *w, void *cookie);
/**
 * Read what is pending without blocking and report changes of followed
 * links. @return number of events reported, or -errno.
 */
int l2k_nl_watch_poll(struct l2k_nl_watch *w, l2k_nl_watch_cb_t cb, void *arg);
/** Re-read every followed link now and report what changed. */
int l2k_nl_watch_resync(struct l2k_nl_watch *w, l2k_nl_watch_cb_t cb, void *arg);
/** Times the watch re-read its links after the kernel dropped events. */
uint64_t l2k_nl_watch_resyncs(const struct l2k_nl_watch *w);
/** The watch's request socket (for changes to followed links). */
struct l2k_nl *l2k_nl_watch_nl(struct l2k_nl_watch *w);

/* ---- XDP programs and AF_XDP sockets on a link ---- */

/**
 * The XDP program attached to a link of the namespace 'nsid'
 * (L2K_NL_NSID_SELF: the socket's own): '*prog_id' 0 when none; '*mode'
 * one of XDP_ATTACHED_* (linux/if_link.h).
 */
int l2k_nl_link_xdp_get_in(struct l2k_nl *nl, int nsid, int ifindex, uint32_t *prog_id,
			   uint8_t *mode);

/**
 * Detach the XDP program 'prog_fd' (a file descriptor of it, attached in
 * 'mode', XDP_ATTACHED_DRV/SKB/HW) from a link of the namespace 'nsid',
 * only while it is still the one attached: -EEXIST when another program
 * took its place.
 */
int l2k_nl_link_xdp_detach_in(struct l2k_nl *nl, int nsid, int ifindex, int prog_fd,
			      uint8_t mode);

/**
 * Number of AF_XDP sockets bound to a link of the caller's namespace,
 * asked of sock_diag. -errno when the kernel cannot tell (no xsk_diag).
 */
int l2k_nl_xsk_count(int ifindex);

/* ---- pure message building and parsing (no socket; unit-tested) ---- */

/**
 * Build an RTM_NEWLINK request changing 'chg' on 'ifindex' into 'buf'.
 * @return message length, or -EINVAL (bad field) / -ENOSPC (buf too small).
 */
int l2k_nl_build_link_change(void *buf, size_t len, uint32_t seq, int ifindex,
			     const struct l2k_link_change *chg);

/** The same, on a link of the namespace 'nsid' (L2K_NL_NSID_SELF: own). */
int l2k_nl_build_link_change_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex,
				const struct l2k_link_change *chg);

/** Build an RTM_NEWLINK request creating veth 'name' <-> 'peer'. */
int l2k_nl_build_veth_create(void *buf, size_t len, uint32_t seq,
			     const char *name, const char *peer);

/** Build an RTM_GETLINK for ifindex (> 0) or name (ifindex 0), or a dump (both unset). */
int l2k_nl_build_link_get(void *buf, size_t len, uint32_t seq, int ifindex, const char *name);

/** Build an RTM_GETLINK for 'ifindex' in the namespace 'nsid'. */
int l2k_nl_build_link_get_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex);

/** Build the RTM_SETLINK of l2k_nl_link_xdp_detach_in() (own namespace). */
int l2k_nl_build_link_xdp_detach(void *buf, size_t len, uint32_t seq, int ifindex, int prog_fd,
				 uint8_t mode);

/** Build an RTM_DELLINK request. */
int l2k_nl_build_link_delete(void *buf, size_t len, uint32_t seq, int ifindex);
int l2k_nl_build_link_delete_in(void *buf, size_t len, uint32_t seq, int nsid, int ifindex);

/** Build an RTM_GETNSID (or with 'assign', an RTM_NEWNSID) for 'netns_fd'. */
int l2k_nl_build_nsid(void *buf, size_t len, uint32_t seq, int netns_fd, bool assign);

/** Build a generic netlink CTRL_CMD_GETFAMILY for family 'name'. */
int l2k_nl_build_genl_family_get(void *buf, size_t len, uint32_t seq, const char *name);

/** Parse the controller's reply: '*id' gets the family id. */
int l2k_nl_parse_genl_family(const struct nlmsghdr *nlh, size_t len, uint16_t *id);

/** Build an ETHTOOL_MSG_LINKMODES_SET of speed and duplex, autonegotiation off. */
int l2k_nl_build_ethtool_speed(void *buf, size_t len, uint32_t seq, uint16_t family,
			       int ifindex, uint32_t speed, bool full_duplex);

/** Build an ETHTOOL_MSG_FEATURES_SET turning off the 'n' features named. */
int l2k_nl_build_ethtool_features_off(void *buf, size_t len, uint32_t seq, uint16_t family,
				      int ifindex, const char *const *names, unsigned int n);

/**
 * Parse an RTM_NEWNSID reply, or an RTM_DELNSID event: '*nsid' gets
 * NETNSA_NSID (-1: none assigned).
 */
int l2k_nl_parse_nsid(const struct nlmsghdr *nlh, size_t len, int *nsid);

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
