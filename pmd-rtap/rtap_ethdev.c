/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * net_rtap: probe/remove, devargs, the TAP device and the control ethdev ops.
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>
#include <rte_string_fns.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <bus_vdev_driver.h>

#include "l2k_netlink.h"
#include "rtap.h"

#define RTAP_IFACE_ARG		"iface"
#define RTAP_MAC_ARG		"mac"
#define RTAP_PERSIST_ARG	"persist"
#define RTAP_NAPI_ARG		"napi"
#define RTAP_DEFAULT_IFNAME	"rtap%d"
#define RTAP_TUN_DEV		"/dev/net/tun"

RTE_LOG_REGISTER(rtap_logtype, pmd.net.rtap, NOTICE);

static const char *const rtap_valid_args[] = {
	RTAP_IFACE_ARG, RTAP_MAC_ARG, RTAP_PERSIST_ARG, RTAP_NAPI_ARG, NULL
};

struct rtap_args {
	char ifname[IFNAMSIZ];
	struct rte_ether_addr mac;
	bool has_mac;
	bool persist;
	bool napi;
};

/* Open /dev/net/tun and attach it to (or create) the TAP 'name'. */
static int
tap_open(const char *name, unsigned int flags, char *actual)
{
	struct ifreq ifr;
	int fd, ret;

	fd = open(RTAP_TUN_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	rte_strlcpy(ifr.ifr_name, name, IFNAMSIZ);
	ifr.ifr_flags = (short)flags;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (actual != NULL)
		rte_strlcpy(actual, ifr.ifr_name, IFNAMSIZ);
	return fd;
}

/* Inode of a network namespace fd, to compare namespaces. */
static int
netns_ino(int fd, ino_t *ino)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

/*
 * Attach one more queue to the TAP, found through the first queue's fd: its
 * current name (TUNGETIFF follows renames) in its current namespace
 * (TUNGETDEVNETNS follows moves), so neither breaks the port.
 */
int
rtap_tap_attach_queue(struct rtap_pmd *pmd, int *fdp)
{
	struct ifreq ifr;
	int nsfd, selffd = -1, fd, ret;
	ino_t ns_ino = 0, self_ino = 0;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(pmd->fds[0], TUNGETIFF, &ifr) < 0)
		return -errno;

	nsfd = ioctl(pmd->fds[0], TUNGETDEVNETNS);
	if (nsfd >= 0) {
		selffd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (selffd < 0 || netns_ino(nsfd, &ns_ino) < 0 ||
		    netns_ino(selffd, &self_ino) < 0 || ns_ino == self_ino) {
			if (selffd >= 0)
				close(selffd);
			close(nsfd);
			selffd = -1;
			nsfd = -1;
		} else if (setns(nsfd, CLONE_NEWNET) < 0) {
			ret = -errno;
			PMD_LOG_ERRNO(ERR, "cannot enter the namespace of %s", ifr.ifr_name);
			goto close_ns;
		}
	}

	fd = tap_open(ifr.ifr_name, pmd->tun_flags, NULL);
	ret = fd < 0 ? fd : 0;
	if (fd < 0)
		PMD_LOG(ERR, "cannot attach a queue to %s: %s", ifr.ifr_name, strerror(-fd));
	else
		*fdp = fd;

	if (selffd >= 0 && setns(selffd, CLONE_NEWNET) < 0) {
		PMD_LOG_ERRNO(CRIT, "cannot return to the original network namespace");
		ret = -errno;
	}
close_ns:
	if (selffd >= 0)
		close(selffd);
	if (nsfd >= 0)
		close(nsfd);
	return ret;
}

static int
rtap_set_tun_offload(struct rtap_pmd *pmd, uint64_t rx_offloads)
{
	unsigned int f = rtap_tun_offload_flags(rx_offloads);

	if ((f & TUN_F_TSO4) && ioctl(pmd->fds[0], TUNSETOFFLOAD, f | TUN_F_USO4 | TUN_F_USO6) == 0) {
		pmd->tun_offload = f | TUN_F_USO4 | TUN_F_USO6;
		return 0;
	}
	if (ioctl(pmd->fds[0], TUNSETOFFLOAD, f) < 0) {
		PMD_LOG_ERRNO(ERR, "TUNSETOFFLOAD 0x%x", f);
		return -errno;
	}
	pmd->tun_offload = f;
	return 0;
}

static int
rtap_dev_configure(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t nb = RTE_MAX(dev->data->nb_rx_queues, dev->data->nb_tx_queues);
	uint16_t i;
	int ret;

	if (nb > RTAP_MAX_QUEUES) {
		PMD_LOG(ERR, "%u queues asked, at most %u", nb, RTAP_MAX_QUEUES);
		return -EINVAL;
	}
	for (i = pmd->nb_fds; i < nb; i++) {
		ret = rtap_tap_attach_queue(pmd, &pmd->fds[i]);
		if (ret < 0)
			return ret;
		pmd->nb_fds = i + 1;
	}
	for (i = RTE_MAX(nb, 1); i < pmd->nb_fds; i++) {
		close(pmd->fds[i]);
		pmd->fds[i] = -1;
	}
	pmd->nb_fds = RTE_MAX(nb, 1);

	return rtap_set_tun_offload(pmd, dev->data->dev_conf.rxmode.offloads);
}

static int
rtap_dev_info(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	struct rtap_pmd *pmd = dev->data->dev_private;

	info->if_index = pmd->ifindex;
	info->max_mac_addrs = 1;
	info->max_rx_queues = RTAP_MAX_QUEUES;
	info->max_tx_queues = RTAP_MAX_QUEUES;
	info->max_rx_pktlen = RTAP_GSO_MAX_FRAME;
	info->max_lro_pkt_size = RTAP_GSO_MAX_FRAME;
	info->min_rx_bufsize = 0;
	info->min_mtu = RTAP_MIN_MTU;
	info->max_mtu = RTAP_MAX_MTU;
	info->speed_capa = RTE_ETH_LINK_SPEED_10G;
	info->rx_desc_lim = (struct rte_eth_desc_lim) {
		.nb_max = RTAP_MAX_DESC, .nb_min = RTAP_MIN_DESC, .nb_align = 1,
	};
	info->tx_desc_lim = (struct rte_eth_desc_lim) {
		.nb_max = RTAP_MAX_DESC, .nb_min = RTAP_MIN_DESC, .nb_align = 1,
		.nb_seg_max = RTAP_TX_MAX_SEGS, .nb_mtu_seg_max = RTAP_TX_MAX_SEGS,
	};
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
		RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
		RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_LRO;
	info->rx_queue_offload_capa = 0;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
		RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO;
	info->tx_queue_offload_capa = 0;
	info->default_rxportconf.burst_size = 32;
	info->default_rxportconf.ring_size = RTAP_DEFAULT_DESC;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.burst_size = 32;
	info->default_txportconf.ring_size = RTAP_DEFAULT_DESC;
	info->default_txportconf.nb_queues = 1;
	return 0;
}

static int
rtap_link_update(struct rte_eth_dev *dev, int wait)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	struct rte_eth_link link = {
		.link_speed = RTE_ETH_SPEED_NUM_10G,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
		.link_status = RTE_ETH_LINK_DOWN,
	};
	struct l2k_link kl;

	RTE_SET_USED(wait);
	if (rtap_nl_link_get(pmd, &kl) == 0 && (kl.flags & IFF_UP) &&
	    ((kl.flags & IFF_RUNNING) || kl.carrier))
		link.link_status = RTE_ETH_LINK_UP;
	return rte_eth_linkstatus_set(dev, &link);
}

static int
rtap_set_link_up(struct rte_eth_dev *dev)
{
	int ret = rtap_nl_set_up(dev->data->dev_private, true);

	if (ret == 0)
		rtap_link_update(dev, 0);
	return ret;
}

static int
rtap_set_link_down(struct rte_eth_dev *dev)
{
	int ret = rtap_nl_set_up(dev->data->dev_private, false);

	if (ret == 0)
		rtap_link_update(dev, 0);
	return ret;
}

static int
rtap_dev_start(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t i;
	int ret;

	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		ret = rtap_rx_queue_start(dev, i);
		if (ret < 0)
			goto stop_queues;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		ret = rtap_tx_queue_start(dev, i);
		if (ret < 0)
			goto stop_queues;
	}
	if (dev->data->dev_conf.intr_conf.rxq) {
		ret = rtap_intr_setup(dev);
		if (ret < 0)
			goto stop_queues;
	}
	pmd->started = true;
	if (rtap_nl_set_up(pmd, true) < 0)
		PMD_LOG(WARNING, "%s: cannot set the TAP up", dev->data->name);
	rtap_link_update(dev, 0);
	return 0;

stop_queues:
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		rtap_rx_queue_stop(dev, i);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		rtap_tx_queue_stop(dev, i);
	return ret;
}

static int
rtap_dev_stop(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t i;

	rtap_intr_teardown(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		rtap_rx_queue_stop(dev, i);
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		rtap_tx_queue_stop(dev, i);
	pmd->started = false;
	if (rtap_nl_set_up(pmd, false) < 0)
		PMD_LOG(DEBUG, "%s: cannot set the TAP down", dev->data->name);
	rtap_link_update(dev, 0);
	return 0;
}

static int
rtap_dev_close(struct rte_eth_dev *dev)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint16_t i;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	if (pmd->started)
		rtap_dev_stop(dev);
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		rtap_rx_queue_release(dev, i);
		dev->data->rx_queues[i] = NULL;
	}
	for (i = 0; i < dev->data->nb_tx_queues; i++) {
		rtap_tx_queue_release(dev, i);
		dev->data->tx_queues[i] = NULL;
	}
	for (i = 0; i < RTAP_MAX_QUEUES; i++) {
		if (pmd->fds[i] >= 0)
			close(pmd->fds[i]);
		pmd->fds[i] = -1;
	}
	pmd->nb_fds = 0;
	return 0;
}

static int
rtap_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	uint32_t frame = RTAP_MTU_FRAME(mtu);
	uint16_t i;
	int ret;

	if (pmd->started) {
		for (i = 0; i < dev->data->nb_rx_queues; i++) {
			const struct rtap_rx_queue *rxq = dev->data->rx_queues[i];

			/* the reads must hold one byte more (see rtap_rx_queue_start) */
			if (rxq != NULL && rxq->started &&
			    frame >= (uint32_t)rxq->nsegs * rxq->seg_len) {
				PMD_LOG(ERR, "MTU %u needs larger receive buffers: stop the port first",
					mtu);
				return -EBUSY;
			}
		}
	}
	ret = rtap_nl_set_mtu(pmd, mtu);
	if (ret < 0)
		return ret;
	for (i = 0; i < dev->data->nb_rx_queues; i++) {
		struct rtap_rx_queue *rxq = dev->data->rx_queues[i];

		if (rxq != NULL)
			__atomic_store_n(&rxq->max_len, frame, __ATOMIC_RELAXED);
	}
	return 0;
}

static int
rtap_mac_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	struct rtap_pmd *pmd = dev->data->dev_private;
	int ret = rtap_nl_set_mac(pmd, mac);

	if (ret == 0)
		pmd->mac = *mac;
	return ret;
}

static int
rtap_promisc_enable(struct rte_eth_dev *dev)
{
	return rtap_nl_set_promisc(dev->data->dev_private, true);
}

static int
rtap_promisc_disable(struct rte_eth_dev *dev)
{
	return rtap_nl_set_promisc(dev->data->dev_private, false);
}

static int
rtap_allmulti_enable(struct rte_eth_dev *dev)
{
	return rtap_nl_set_allmulti(dev->data->dev_private, true);
}

static int
rtap_allmulti_disable(struct rte_eth_dev *dev)
{
	return rtap_nl_set_allmulti(dev->data->dev_private, false);
}

static const struct eth_dev_ops rtap_ops = {
	.dev_configure = rtap_dev_configure,
	.dev_infos_get = rtap_dev_info,
	.dev_start = rtap_dev_start,
	.dev_stop = rtap_dev_stop,
	.dev_close = rtap_dev_close,
	.link_update = rtap_link_update,
	.dev_set_link_up = rtap_set_link_up,
	.dev_set_link_down = rtap_set_link_down,
	.mtu_set = rtap_mtu_set,
	.mac_addr_set = rtap_mac_set,
	.promiscuous_enable = rtap_promisc_enable,
	.promiscuous_disable = rtap_promisc_disable,
	.allmulticast_enable = rtap_allmulti_enable,
	.allmulticast_disable = rtap_allmulti_disable,
	.rx_queue_setup = rtap_rx_queue_setup,
	.tx_queue_setup = rtap_tx_queue_setup,
	.rx_queue_release = rtap_rx_queue_release,
	.tx_queue_release = rtap_tx_queue_release,
	.rx_queue_intr_enable = rtap_rx_intr_enable,
	.rx_queue_intr_disable = rtap_rx_intr_disable,
	.stats_get = rtap_stats_get,
	.stats_reset = rtap_stats_reset,
	.xstats_get = rtap_xstats_get,
	.xstats_get_names = rtap_xstats_get_names,
	.xstats_reset = rtap_stats_reset,
};

/* ---- devargs ---- */

static int
arg_iface(const char *key, const char *value, void *opaque)
{
	struct rtap_args *a = opaque;

	RTE_SET_USED(key);
	if (value == NULL || value[0] == '\0' || strlen(value) >= IFNAMSIZ ||
	    strchr(value, '/') != NULL || strchr(value, ' ') != NULL) {
		PMD_LOG(ERR, "iface='%s' is not a valid interface name", value ? value : "");
		return -EINVAL;
	}
	rte_strlcpy(a->ifname, value, IFNAMSIZ);
	return 0;
}

static int
arg_mac(const char *key, const char *value, void *opaque)
{
	struct rtap_args *a = opaque;

	RTE_SET_USED(key);
	if (value == NULL || rte_ether_unformat_addr(value, &a->mac) < 0 ||
	    !rte_is_unicast_ether_addr(&a->mac) || rte_is_zero_ether_addr(&a->mac)) {
		PMD_LOG(ERR, "mac='%s' is not a unicast MAC address", value ? value : "");
		return -EINVAL;
	}
	a->has_mac = true;
	return 0;
}

static int
arg_bool(const char *key, const char *value, void *opaque)
{
	bool *b = opaque;

	if (value == NULL || value[0] == '\0' || strcmp(value, "1") == 0 ||
	    strcmp(value, "yes") == 0 || strcmp(value, "on") == 0) {
		*b = true;
	} else if (strcmp(value, "0") == 0 || strcmp(value, "no") == 0 ||
		   strcmp(value, "off") == 0) {
		*b = false;
	} else {
		PMD_LOG(ERR, "%s='%s': expected 0 or 1", key, value);
		return -EINVAL;
	}
	return 0;
}

static int
rtap_parse_args(const char *params, struct rtap_args *a)
{
	struct rte_kvargs *kv;
	int ret = 0;

	memset(a, 0, sizeof(*a));
	rte_strlcpy(a->ifname, RTAP_DEFAULT_IFNAME, IFNAMSIZ);
	a->napi = true;
	if (params == NULL || params[0] == '\0')
		return 0;

	kv = rte_kvargs_parse(params, rtap_valid_args);
	if (kv == NULL) {
		PMD_LOG(ERR, "invalid arguments '%s' (known: iface, mac, persist, napi)", params);
		return -EINVAL;
	}
	if (rte_kvargs_process(kv, RTAP_IFACE_ARG, arg_iface, a) < 0 ||
	    rte_kvargs_process(kv, RTAP_MAC_ARG, arg_mac, a) < 0 ||
	    rte_kvargs_process(kv, RTAP_PERSIST_ARG, arg_bool, &a->persist) < 0 ||
	    rte_kvargs_process(kv, RTAP_NAPI_ARG, arg_bool, &a->napi) < 0)
		ret = -EINVAL;
	rte_kvargs_free(kv);
	return ret;
}

/* ---- probe / remove ---- */

static int
rtap_uring_check(void)
{
	struct io_uring ring;
	int ret, disabled = -1;
	FILE *f;

	ret = io_uring_queue_init(4, &ring, 0);
	if (ret == 0) {
		io_uring_queue_exit(&ring);
		return 0;
	}
	f = fopen("/proc/sys/kernel/io_uring_disabled", "r");
	if (f != NULL) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = -1;
		fclose(f);
	}
	if (disabled > 0)
		PMD_LOG(ERR, "io_uring is not available: %s (sysctl kernel.io_uring_disabled=%d); "
			"use another kernel path such as net_tap", strerror(-ret), disabled);
	else
		PMD_LOG(ERR, "io_uring is not available: %s; use another kernel path such as net_tap",
			strerror(-ret));
	return ret;
}

static int
rtap_create(struct rtap_pmd *pmd, const struct rtap_args *a)
{
	unsigned int flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_MULTI_QUEUE;
	int hdrsz = RTAP_VNET_HDR_LEN;
	int fd, ret;

	fd = -EINVAL;
	if (a->napi)
		fd = tap_open(a->ifname, flags | IFF_NAPI, pmd->ifname);
	if (fd >= 0)
		flags |= IFF_NAPI;
	else
		fd = tap_open(a->ifname, flags, pmd->ifname);
	if (fd < 0) {
		PMD_LOG(ERR, "cannot create TAP '%s' with %s: %s%s", a->ifname, RTAP_TUN_DEV,
			strerror(-fd), fd == -EINVAL || fd == -EBUSY ?
			" (an existing device of that name must be a multi_queue vnet_hdr TAP)" :
			"");
		return fd;
	}
	pmd->tun_flags = flags;
	pmd->fds[0] = fd;
	pmd->nb_fds = 1;

	if (ioctl(fd, TUNSETVNETHDRSZ, &hdrsz) < 0 || ioctl(fd, TUNSETOFFLOAD, 0) < 0) {
		ret = -errno;
		PMD_LOG_ERRNO(ERR, "%s: virtio-net header set-up", pmd->ifname);
		goto close_tap;
	}
	if (a->persist && ioctl(fd, TUNSETPERSIST, 1) < 0) {
		ret = -errno;
		PMD_LOG_ERRNO(ERR, "%s: TUNSETPERSIST", pmd->ifname);
		goto close_tap;
	}
	pmd->persist = a->persist;
	pmd->ifindex = (int)if_nametoindex(pmd->ifname);
	return 0;

close_tap:
	close(fd);
	pmd->fds[0] = -1;
	pmd->nb_fds = 0;
	return ret;
}

static int
rtap_init_mac(struct rtap_pmd *pmd, const struct rtap_args *a)
{
	struct l2k_link kl;
	int ret;

	if (a->has_mac) {
		ret = rtap_nl_set_mac(pmd, &a->mac);
		if (ret < 0) {
			PMD_LOG(ERR, "%s: cannot set MAC address: %s", pmd->ifname, strerror(-ret));
			return ret;
		}
		pmd->mac = a->mac;
		return 0;
	}
	ret = rtap_nl_link_get(pmd, &kl);
	if (ret < 0 || !kl.has_addr) {
		PMD_LOG(ERR, "%s: cannot read MAC address: %s", pmd->ifname,
			strerror(ret < 0 ? -ret : ENODATA));
		return ret < 0 ? ret : -ENODATA;
	}
	memcpy(pmd->mac.addr_bytes, kl.addr, RTE_ETHER_ADDR_LEN);
	return 0;
}

static int
rtap_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct rte_eth_dev *dev;
	struct rtap_pmd *pmd;
	struct rtap_args args;
	unsigned int i;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PMD_LOG(ERR, "%s: secondary processes are not supported", name);
		return -ENOTSUP;
	}
	ret = rtap_parse_args(rte_vdev_device_args(vdev), &args);
	if (ret < 0)
		return ret;
	ret = rtap_uring_check();
	if (ret < 0)
		return ret;

	dev = rte_eth_vdev_allocate(vdev, sizeof(*pmd));
	if (dev == NULL) {
		PMD_LOG(ERR, "%s: cannot allocate the ethdev", name);
		return -ENOMEM;
	}
	pmd = dev->data->dev_private;
	for (i = 0; i < RTAP_MAX_QUEUES; i++)
		pmd->fds[i] = -1;

	ret = rtap_create(pmd, &args);
	if (ret < 0)
		goto release_port;
	ret = rtap_init_mac(pmd, &args);
	if (ret < 0)
		goto close_tap;

	dev->data->mac_addrs = rte_zmalloc(name, sizeof(struct rte_ether_addr), 0);
	if (dev->data->mac_addrs == NULL) {
		ret = -ENOMEM;
		goto close_tap;
	}
	*dev->data->mac_addrs = pmd->mac;
	dev->dev_ops = &rtap_ops;
	dev->rx_pkt_burst = rtap_rx_burst;
	dev->tx_pkt_burst = rtap_tx_burst;
	dev->data->dev_link = (struct rte_eth_link) {
		.link_speed = RTE_ETH_SPEED_NUM_10G,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};
	rte_eth_dev_probing_finish(dev);
	PMD_LOG(INFO, "%s: TAP %s (ifindex %d)%s%s", name, pmd->ifname, pmd->ifindex,
		pmd->persist ? ", persistent" : "",
		(pmd->tun_flags & IFF_NAPI) ? ", napi" : "");
	return 0;

close_tap:
	if (args.persist && pmd->fds[0] >= 0)
		ioctl(pmd->fds[0], TUNSETPERSIST, 0);
	close(pmd->fds[0]);
	pmd->fds[0] = -1;
release_port:
	rte_eth_dev_release_port(dev);
	return ret;
}

static int
rtap_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));

	if (dev == NULL)
		return 0;
	rtap_dev_close(dev);
	rte_eth_dev_release_port(dev);
	return 0;
}

static struct rte_vdev_driver rtap_vdev_drv = {
	.probe = rtap_probe,
	.remove = rtap_remove,
};

RTE_PMD_REGISTER_VDEV(net_rtap, rtap_vdev_drv);
RTE_PMD_REGISTER_PARAM_STRING(net_rtap,
	RTAP_IFACE_ARG "=<ifname> "
	RTAP_MAC_ARG "=<xx:xx:xx:xx:xx:xx> "
	RTAP_PERSIST_ARG "=<0|1> "
	RTAP_NAPI_ARG "=<0|1>");
