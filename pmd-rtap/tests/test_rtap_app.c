/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Functional test of net_rtap linked into an application (rtap_dep), on the
 * path the application uses: rte_vdev_init("net_rtap0", "iface=NAME"), one
 * queue pair, start, rte_eth_rx_burst/tx_burst. The kernel side is an
 * AF_PACKET socket on the TAP. Covers RX interrupts (the eventfd wakes an
 * rte_epoll_wait), a jumbo frame received as chained mbufs, a frame above
 * the port's MTU dropped and counted (oversize), a chained mbuf sent,
 * statistics, and no fd left behind after close + uninit (twice).
 * Needs root; exits 77 otherwise.
 */

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_epoll.h>
#include <rte_ethdev.h>
#include <rte_interrupts.h>
#include <rte_mbuf.h>

#define ETHERTYPE_TEST 0x88b5
#define JUMBO 8000
#define PORT_MTU 9000
#define OVERSIZE 12000 /* more than the 5 mbufs a read holds at PORT_MTU */
#define CHAIN_SEGS 3
#define CHAIN_SEG_LEN 1000
#define TX_DESC 256

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the DIR's own fd */
}

static void
fill(uint8_t *p, size_t len, const struct rte_ether_addr *dst, uint8_t seed)
{
	size_t i;

	memcpy(p, dst, RTE_ETHER_ADDR_LEN);
	memset(p + 6, 0x02, RTE_ETHER_ADDR_LEN);
	p[6] = 0x02;
	p[12] = ETHERTYPE_TEST >> 8;
	p[13] = ETHERTYPE_TEST & 0xff;
	for (i = 14; i < len; i++)
		p[i] = (uint8_t)(i * 13 + seed);
}

/* Poll rx_burst until a test frame of 'len' bytes arrives (or 2 s pass). */
static struct rte_mbuf *
rx_wait(uint16_t port, uint32_t len)
{
	uint64_t end = rte_get_timer_cycles() + 2 * rte_get_timer_hz();
	struct rte_mbuf *pkts[32];

	while (rte_get_timer_cycles() < end) {
		uint16_t n = rte_eth_rx_burst(port, 0, pkts, 32), i;
		struct rte_mbuf *found = NULL;

		for (i = 0; i < n; i++) {
			const uint16_t *et = rte_pktmbuf_mtod_offset(pkts[i], uint16_t *, 12);

			if (found == NULL && pkts[i]->pkt_len == len &&
			    *et == htons(ETHERTYPE_TEST))
				found = pkts[i];
			else
				rte_pktmbuf_free(pkts[i]);
		}
		if (found != NULL)
			return found;
		usleep(1000);
	}
	return NULL;
}

static bool
mbuf_equals(const struct rte_mbuf *m, const uint8_t *want, uint32_t len)
{
	static uint8_t flat[JUMBO];

	if (m->pkt_len != len || len > sizeof(flat))
		return false;
	return memcmp(rte_pktmbuf_read(m, 0, len, flat), want, len) == 0;
}

static uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t id, v = UINT64_MAX;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) == 0)
		rte_eth_xstats_get_by_id(port, &id, &v, 1);
	return v;
}

static void
test_rx_interrupt(uint16_t port, int ps, int ifindex, const struct rte_ether_addr *mac)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex,
				   .sll_halen = 6 };
	struct rte_epoll_event ev[1];
	struct rte_mbuf *m;
	uint8_t frame[100];
	int n;

	CHECK(rte_eth_dev_rx_intr_ctl_q(port, 0, RTE_EPOLL_PER_THREAD,
					RTE_INTR_EVENT_ADD, NULL) == 0);
	while ((m = rx_wait(port, 1)) != NULL) /* drain whatever the kernel sent */
		rte_pktmbuf_free(m);
	CHECK(rte_eth_dev_rx_intr_enable(port, 0) == 0);
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 1, 200);
	CHECK(n == 0); /* nothing to receive: the thread sleeps */

	fill(frame, sizeof(frame), mac, 1);
	memcpy(sll.sll_addr, mac, 6);
	CHECK(sendto(ps, frame, sizeof(frame), 0, (struct sockaddr *)&sll, sizeof(sll)) ==
	      (ssize_t)sizeof(frame));
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 1, 2000);
	CHECK(n == 1); /* the frame's completion woke it */
	CHECK(rte_eth_dev_rx_intr_disable(port, 0) == 0);
	m = rx_wait(port, sizeof(frame));
	CHECK(m != NULL && mbuf_equals(m, frame, sizeof(frame)));
	rte_pktmbuf_free(m);
	printf("rx interrupt: %s\n", n == 1 ? "woken by the frame" : "NOT woken");
}

static void
test_rx_jumbo(uint16_t port, int ps, int ifindex, const struct rte_ether_addr *mac)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex,
				   .sll_halen = 6 };
	static uint8_t frame[JUMBO];
	struct rte_mbuf *m;

	fill(frame, sizeof(frame), mac, 2);
	memcpy(sll.sll_addr, mac, 6);
	CHECK(sendto(ps, frame, sizeof(frame), 0, (struct sockaddr *)&sll, sizeof(sll)) ==
	      (ssize_t)sizeof(frame));
	m = rx_wait(port, sizeof(frame));
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK(m->nb_segs > 1);
	CHECK(mbuf_equals(m, frame, sizeof(frame)));
	printf("rx jumbo: %u bytes in %u mbufs\n", m->pkt_len, m->nb_segs);
	rte_pktmbuf_free(m);
}

static int
netdev_set_mtu(const char *ifname, int mtu)
{
	struct ifreq ifr = { .ifr_mtu = mtu };
	int s = socket(AF_INET, SOCK_DGRAM, 0), ret;

	if (s < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ret = ioctl(s, SIOCSIFMTU, &ifr);
	close(s);
	return ret;
}

/*
 * The TAP's MTU raised behind the port's back (the port stays at
 * PORT_MTU): frames above the port's MTU, one that the posted reads hold
 * and one they would cut, are dropped and counted, neither delivered whole
 * nor cut; the frame after them is delivered.
 */
static void
test_rx_oversize(uint16_t port, int ps, int ifindex, const char *ifname,
		 const struct rte_ether_addr *mac)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex,
				   .sll_halen = 6 };
	static uint8_t big[OVERSIZE];
	const size_t lens[] = { PORT_MTU + RTE_ETHER_HDR_LEN + 100, sizeof(big) };
	uint8_t small[100];
	uint64_t before = xstat(port, "rx_q0_oversize");
	struct rte_mbuf *m;
	unsigned int i;

	CHECK(netdev_set_mtu(ifname, OVERSIZE) == 0);
	fill(big, sizeof(big), mac, 3);
	fill(small, sizeof(small), mac, 4);
	memcpy(sll.sll_addr, mac, 6);
	for (i = 0; i < RTE_DIM(lens); i++)
		CHECK(sendto(ps, big, lens[i], 0, (struct sockaddr *)&sll, sizeof(sll)) ==
		      (ssize_t)lens[i]);
	CHECK(sendto(ps, small, sizeof(small), 0, (struct sockaddr *)&sll, sizeof(sll)) ==
	      (ssize_t)sizeof(small));
	m = rx_wait(port, sizeof(small)); /* frees anything else it receives */
	CHECK(m != NULL && mbuf_equals(m, small, sizeof(small)));
	rte_pktmbuf_free(m);
	CHECK(xstat(port, "rx_q0_oversize") == before + RTE_DIM(lens));
	CHECK(netdev_set_mtu(ifname, PORT_MTU) == 0);
	printf("rx oversize: %zu- and %zu-byte frames dropped and counted\n", lens[0], lens[1]);
}

/*
 * A burst larger than the TX ring: tx_burst takes what fits, says so, and
 * leaves the rest to the caller untouched (who frees them here; the final
 * mempool check proves nothing leaked either way).
 */
static void
test_tx_ring_full(uint16_t port, struct rte_mempool *mp, const struct rte_ether_addr *mac)
{
	enum { N = 2 * TX_DESC };
	struct rte_mbuf *pkts[N];
	uint64_t full_before = xstat(port, "tx_q0_ring_full");
	uint16_t sent, i;

	if (rte_pktmbuf_alloc_bulk(mp, pkts, N) != 0) {
		CHECK(!"mbufs for the ring-full test");
		return;
	}
	for (i = 0; i < N; i++) {
		uint8_t *p = (uint8_t *)rte_pktmbuf_append(pkts[i], 60);

		if (p != NULL)
			fill(p, 60, mac, (uint8_t)i);
	}
	sent = rte_eth_tx_burst(port, 0, pkts, N);
	printf("tx ring full: %u of %u sent\n", sent, (unsigned int)N);
	CHECK(sent >= 1 && sent <= TX_DESC);
	CHECK(xstat(port, "tx_q0_ring_full") > full_before);
	/* the unsent ones are still ours, intact */
	for (i = sent; i < N; i++)
		CHECK(rte_mbuf_refcnt_read(pkts[i]) == 1 && pkts[i]->pkt_len == 60);
	rte_pktmbuf_free_bulk(&pkts[sent], N - sent);
}

static void
test_tx_chain(uint16_t port, int ps, struct rte_mempool *mp)
{
	static const struct rte_ether_addr bcast = {
		.addr_bytes = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	uint8_t want[CHAIN_SEGS * CHAIN_SEG_LEN], got[sizeof(want) + 64];
	struct rte_mbuf *head = NULL, *prev = NULL;
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n = -1;
	int i, tries;

	fill(want, sizeof(want), &bcast, 3);
	for (i = 0; i < CHAIN_SEGS; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);

		if (m == NULL) {
			CHECK(m != NULL);
			rte_pktmbuf_free(head);
			return;
		}
		memcpy(rte_pktmbuf_append(m, CHAIN_SEG_LEN), want + i * CHAIN_SEG_LEN,
		       CHAIN_SEG_LEN);
		if (head == NULL) {
			head = m;
		} else {
			prev->next = m;
			head->nb_segs++;
			head->pkt_len += CHAIN_SEG_LEN;
		}
		prev = m;
	}
	CHECK(rte_eth_tx_burst(port, 0, &head, 1) == 1);
	for (tries = 0; tries < 200; tries++) {
		fl = sizeof(from);
		n = recvfrom(ps, got, sizeof(got), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n == (ssize_t)sizeof(want) && from.sll_pkttype != PACKET_OUTGOING &&
		    memcmp(got + 12, want + 12, 2) == 0)
			break;
		if (n < 0)
			usleep(10000);
	}
	CHECK(n == (ssize_t)sizeof(want) && memcmp(got, want, sizeof(want)) == 0);
	printf("tx chain: %d segments -> %zd bytes received by the kernel\n", CHAIN_SEGS, n);
}

static int
cycle(const char *ifname, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	struct rte_eth_stats st;
	struct rte_ether_addr mac;
	char args[64], path[128];
	uint16_t port;
	int ps, ifindex, fd;

	snprintf(args, sizeof(args), "iface=%s", ifname);
	if (rte_vdev_init("net_rtap0", args) < 0 ||
	    rte_eth_dev_get_port_by_name("net_rtap0", &port) < 0) {
		fprintf(stderr, "rte_vdev_init(net_rtap0, %s) failed\n", args);
		return -1;
	}
	ifindex = (int)if_nametoindex(ifname);
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	fd = open(path, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror(path);
		close(fd);
	}

	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.rxq = 1;
	CHECK(rte_eth_dev_configure(port, 1, 1, &conf) == 0);
	CHECK(rte_eth_dev_set_mtu(port, PORT_MTU) == 0);
	CHECK(rte_eth_rx_queue_setup(port, 0, 256, 0, NULL, mp) == 0);
	CHECK(rte_eth_tx_queue_setup(port, 0, TX_DESC, 0, NULL) == 0);
	CHECK(rte_eth_dev_start(port) == 0);
	CHECK(rte_eth_macaddr_get(port, &mac) == 0);

	ps = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
	if (ps < 0) {
		perror("AF_PACKET");
		failures++;
	} else {
		struct sockaddr_ll sll = { .sll_family = AF_PACKET,
					   .sll_protocol = htons(ETHERTYPE_TEST),
					   .sll_ifindex = ifindex };

		CHECK(bind(ps, (struct sockaddr *)&sll, sizeof(sll)) == 0);
		test_rx_interrupt(port, ps, ifindex, &mac);
		test_rx_jumbo(port, ps, ifindex, &mac);
		test_rx_oversize(port, ps, ifindex, ifname, &mac);
		test_tx_chain(port, ps, mp);
		test_tx_ring_full(port, mp, &mac);
		close(ps);
	}

	CHECK(rte_eth_stats_get(port, &st) == 0);
	/* the oversize frames are the only errors */
	CHECK(st.ipackets >= 2 && st.opackets >= 1 && st.ierrors == 2 && st.oerrors == 0);
	CHECK(xstat(port, "rx_q0_multiseg") >= 1);
	CHECK(xstat(port, "tx_q0_multiseg") == 1);
	CHECK(rte_eth_dev_stop(port) == 0);
	CHECK(rte_eth_dev_close(port) == 0);
	CHECK(rte_vdev_uninit("net_rtap0") == 0);
	CHECK(if_nametoindex(ifname) == 0); /* not persistent: gone with the port */
	return 0;
}

int
main(int argc, char **argv)
{
	char prefix[32], ifname[IFNAMSIZ], rundir[64];
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-shconf", "--no-pci",
			"-l", "0", "--file-prefix", prefix, "--no-telemetry",
			"--log-level", "pmd.net.rtap:info" };
	struct rte_mempool *mp;
	int fds[2] = { -1, -1 }, i;

	RTE_SET_USED(argc);
	if (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0) {
		printf("SKIP: needs root and /dev/net/tun\n");
		return 77;
	}
	snprintf(prefix, sizeof(prefix), "rtapapp%d", getpid());
	snprintf(ifname, sizeof(ifname), "rtp%d", getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "rte_eal_init failed\n");
		return 1;
	}
	mp = rte_pktmbuf_pool_create("rtap_test", 8191, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	if (mp == NULL) {
		fprintf(stderr, "mbuf pool\n");
		return 1;
	}
	for (i = 0; i < 2; i++) {
		if (cycle(ifname, mp) < 0) {
			failures++;
			break;
		}
		fds[i] = count_fds();
	}
	CHECK(fds[0] > 0 && fds[1] == fds[0]);
	printf("fds after each cycle: %d %d\n", fds[0], fds[1]);
	CHECK(rte_mempool_in_use_count(mp) == 0); /* no mbuf leaked */
	printf("mbufs in use at the end: %u\n", rte_mempool_in_use_count(mp));
	rte_mempool_free(mp);
	rte_eal_cleanup();
	/* the EAL leaves its (empty) runtime directory behind */
	snprintf(rundir, sizeof(rundir), "/var/run/dpdk/%s", prefix);
	rmdir(rundir);
	printf("%s\n", failures == 0 ? "PASS" : "FAIL");
	return failures == 0 ? 0 : 1;
}
