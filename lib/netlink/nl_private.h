/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_NL_PRIVATE_H
#define L2K_NL_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>

#include "l2k_netlink.h"

/* Big enough for one datagram of a link dump (the kernel caps them at 32 kB). */
#define NL_RX_BUF_SIZE (32 * 1024)
/* Largest request we build: a link change with every field is under 300 bytes. */
#define NL_TX_BUF_SIZE 1024
#define NL_ERRMSG_LEN 256
/* A file naming a namespace: /var/run/netns/NAME, /proc/PID/ns/net, ... */
#define NL_NS_PATH_LEN 320

struct l2k_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint64_t invalid;           /* datagrams/messages skipped as invalid */
	int rx_nsid;                /* nsid of the last datagram's namespace, or SELF */
	char ns_path[NL_NS_PATH_LEN]; /* file naming the namespace last found, or "" */
	int ns_nsid;                /* its nsid */
	char errmsg[NL_ERRMSG_LEN]; /* extack of the last failed request */
	uint8_t tx[NL_TX_BUF_SIZE] __attribute__((aligned(8)));
	uint8_t rx[NL_RX_BUF_SIZE] __attribute__((aligned(8)));
};

/* Called for each reply message of a request that is not an ack/error/done. */
typedef int (*l2k_nl_reply_cb_t)(const struct nlmsghdr *nlh, void *arg);

/* nl_sock.c */
struct l2k_nl *l2k_nl__open(int proto, unsigned int groups);
struct l2k_nl *l2k_nl__open_netns(int netns_fd, int proto, unsigned int groups);
struct l2k_nl *l2k_nl__open_in(struct l2k_nl *nl, int nsid, int *err);
uint32_t l2k_nl__next_seq(struct l2k_nl *nl);
ssize_t l2k_nl__recv(struct l2k_nl *nl, int flags);
int l2k_nl__request(struct l2k_nl *nl, l2k_nl_reply_cb_t cb, void *arg);

/* nl_link.c */
int l2k_nl_nsid_of_noassign(struct l2k_nl *nl, int netns_fd);

/* nl_msg.c */
int l2k_nl__attr_walk(const void *start, size_t len, mnl_attr_cb_t cb, void *data);
int l2k_nl__parse_extack(const struct nlmsghdr *nlh, size_t offset, char *msg, size_t msglen);

/* mnl_nlmsg_ok(), also refusing nlmsg_len >= 2^31 (libmnl 1.0.4 compares it as int). */
static inline bool
l2k_nl__msg_ok(const struct nlmsghdr *nlh, int len)
{
	return mnl_nlmsg_ok(nlh, len) && nlh->nlmsg_len <= (unsigned int)len;
}

#endif /* L2K_NL_PRIVATE_H */
