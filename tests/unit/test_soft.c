/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/soft.c, the software offloads, on frames built here
 * and checked against a reference checksum written out independently:
 * completion of IPv4/IPv6 TCP/UDP checksums (one segment and chained), GRO
 * of a scripted burst of in-order TCP/IPv4 segments, a bad checksum never
 * merged, and GSO of a large TCP/IPv4 frame into segments with the right
 * sequence numbers, flags and checksums. The EAL runs in memory without
 * hugepages and without devices (no privileges); where it cannot start,
 * the test is skipped.
 */

#include <stdlib.h>

#include <rte_eal.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "l2k.h"
#include "l2k_test.h"

#define TEST_SKIPPED 77
#define PAYLOAD 1000
#define ETH_LEN 14

static struct rte_mempool *pool;

/* ---- reference: RFC 1071 over a flat byte buffer, big-endian words ---- */

static uint32_t
ref_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t
ref_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The L4 checksum a frame must carry (field taken as 0), host order. */
static uint16_t
ref_l4_csum(const uint8_t *f, size_t len, bool v6, size_t l3_len, uint8_t proto, size_t field)
{
	size_t l4 = ETH_LEN + l3_len, l4len = len - l4;
	uint8_t *copy = malloc(len);
	uint32_t sum = 0;
	uint16_t ck;

	memcpy(copy, f, len);
	copy[field] = copy[field + 1] = 0;
	if (v6)
		sum = ref_add(sum, f + ETH_LEN + 8, 32);
	else
		sum = ref_add(sum, f + ETH_LEN + 12, 8);
	sum += proto + (uint32_t)l4len;
	sum = ref_add(sum, copy + l4, l4len);
	free(copy);
	ck = (uint16_t)~ref_fold(sum);
	return proto == IPPROTO_UDP && ck == 0 ? 0xffff : ck;
}

/* ---- frames ---- */

struct frame {
	uint8_t b[16384];
	size_t len;
	size_t l3_len, l4_len;
	bool v6;
	uint8_t proto;
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/*
 * Ethernet + IPv4 (or IPv6, with 'ext' bytes of a destination options
 * header) + TCP (ACK, 'flags' more) or UDP + 'plen' bytes of payload; all
 * checksums right.
 */
static void
build(struct frame *f, bool v6, uint8_t proto, size_t ext, uint32_t seq, uint8_t flags,
      size_t plen, uint8_t fill)
{
	uint8_t *ip = f->b + ETH_LEN, *l4;
	size_t i;

	memset(f, 0, sizeof(*f));
	f->v6 = v6;
	f->proto = proto;
	memcpy(f->b, "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
	f->l4_len = proto == IPPROTO_TCP ? 20 : 8;
	if (v6) {
		put16(f->b + 12, RTE_ETHER_TYPE_IPV6);
		f->l3_len = 40 + ext;
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)(ext + f->l4_len + plen));
		ip[6] = ext ? 60 : proto;
		ip[7] = 64;
		memcpy(ip + 8, "\xfd\0\0\x99\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
		memcpy(ip + 24, "\xfd\0\0\x99\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		if (ext) {
			ip[40] = proto;
			ip[41] = (uint8_t)(ext / 8 - 1);
			ip[42] = 1; /* PadN */
			ip[43] = (uint8_t)(ext - 4);
		}
	} else {
		put16(f->b + 12, RTE_ETHER_TYPE_IPV4);
		f->l3_len = 20;
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + f->l4_len + plen));
		put16(ip + 4, (uint16_t)(0x100 + seq / PAYLOAD));
		put16(ip + 6, 0x4000); /* DF */
		ip[8] = 64;
		ip[9] = proto;
		memcpy(ip + 12, "\x0a\x63\0\x02\x0a\x63\0\x01", 8);
		put16(ip + 10, (uint16_t)~ref_fold(ref_add(0, ip, 20)));
	}
	l4 = ip + f->l3_len;
	if (proto == IPPROTO_TCP) {
		put16(l4, 40009);
		put16(l4 + 2, 5201);
		put32(l4 + 4, seq);
		put32(l4 + 8, 77);
		l4[12] = 5 << 4;
		l4[13] = RTE_TCP_ACK_FLAG | flags;
		put16(l4 + 14, 512);
	} else {
		put16(l4, 40009);
		put16(l4 + 2, 5201);
		put16(l4 + 4, (uint16_t)(8 + plen));
	}
	for (i = 0; i < plen; i++)
		l4[f->l4_len + i] = (uint8_t)(fill + i * 7);
	f->len = ETH_LEN + f->l3_len + f->l4_len + plen;
	put16(l4 + (proto == IPPROTO_TCP ? 16 : 6),
	      ref_l4_csum(f->b, f->len, v6, f->l3_len, proto,
			  ETH_LEN + f->l3_len + (proto == IPPROTO_TCP ? 16 : 6)));
}

static size_t
csum_field(const struct frame *f)
{
	return ETH_LEN + f->l3_len + (f->proto == IPPROTO_TCP ? 16 : 6);
}

/* An mbuf (chain of 'nseg' segments when > 1, cut at odd offsets) holding 'f'. */
static struct rte_mbuf *
to_mbuf(const struct frame *f, unsigned int nseg, bool parsed)
{
	struct rte_mbuf *head = NULL, *m;
	size_t off = 0, cut, hdr = ETH_LEN + f->l3_len + f->l4_len;
	unsigned int i;

	for (i = 0; i < nseg; i++) {
		m = rte_pktmbuf_alloc(pool);
		if (m == NULL)
			return NULL;
		/* first segment: headers and an odd slice; the rest split evenly */
		cut = i + 1 == nseg ? f->len - off :
		      i == 0 ? hdr + 333 : (f->len - off) / (nseg - i) | 1;
		memcpy(rte_pktmbuf_append(m, (uint16_t)cut), f->b + off, cut);
		off += cut;
		if (head == NULL)
			head = m;
		else if (rte_pktmbuf_chain(head, m) < 0)
			return NULL;
	}
	if (parsed) {
		head->packet_type = RTE_PTYPE_L2_ETHER | (f->v6 ? RTE_PTYPE_L3_IPV6_EXT_UNKNOWN :
							  RTE_PTYPE_L3_IPV4) |
				    (f->proto == IPPROTO_TCP ? RTE_PTYPE_L4_TCP : RTE_PTYPE_L4_UDP);
		head->l2_len = ETH_LEN;
		head->l3_len = (uint16_t)f->l3_len;
		head->l4_len = (uint16_t)f->l4_len;
	}
	return head;
}

/* The whole frame of 'm' flattened into 'buf'; returns its length. */
static size_t
flat(const struct rte_mbuf *m, uint8_t *buf)
{
	const uint8_t *p = rte_pktmbuf_read(m, 0, m->pkt_len, buf);

	if (p != buf)
		memcpy(buf, p, m->pkt_len);
	return m->pkt_len;
}

/* ---- checksums ---- */

static void
test_csum_one(bool v6, uint8_t proto, size_t ext, unsigned int nseg)
{
	static struct frame f;
	static uint8_t out[16384];
	struct rte_mbuf *m;
	uint16_t want, sum;

	build(&f, v6, proto, ext, 1, 0, 1801, 3);
	want = get16(f.b + csum_field(&f));
	/* a partial checksum as the kernel leaves it: garbage as far as we care */
	put16(f.b + csum_field(&f), 0xbeef);
	m = to_mbuf(&f, nseg, true);
	CHECK(m != NULL);
	if (m == NULL)
		return;
	CHECK(l2k_soft_csum(m) == 0);
	flat(m, out);
	CHECK(get16(out + csum_field(&f)) == want);
	CHECK(memcmp(out, f.b, csum_field(&f)) == 0);
	CHECK(l2k_soft_l4_sum(m, &sum) == 0 && sum == 0xffff);
	if (get16(out + csum_field(&f)) != want)
		fprintf(stderr, "v6 %d proto %u ext %zu segs %u: got 0x%04x want 0x%04x\n", v6,
			proto, ext, nseg, get16(out + csum_field(&f)), want);
	rte_pktmbuf_free(m);
}

static void
test_csum(void)
{
	unsigned int nseg;

	for (nseg = 1; nseg <= 3; nseg++) {
		test_csum_one(false, IPPROTO_TCP, 0, nseg);
		test_csum_one(false, IPPROTO_UDP, 0, nseg);
		test_csum_one(true, IPPROTO_TCP, 0, nseg);
		test_csum_one(true, IPPROTO_UDP, 0, nseg);
		/* the upper-layer length is after the extension headers */
		test_csum_one(true, IPPROTO_TCP, 16, nseg);
	}
}

/* ---- GRO ---- */

/* A burst of 'n' in-order segments of one flow, as P delivers them (not parsed). */
static void
gro_burst(struct rte_mbuf **pkts, unsigned int n, int bad)
{
	static struct frame f;
	unsigned int i;

	for (i = 0; i < n; i++) {
		build(&f, false, IPPROTO_TCP, 0, 1000 + i * PAYLOAD, 0, PAYLOAD, (uint8_t)i);
		if ((int)i == bad)
			put16(f.b + csum_field(&f), get16(f.b + csum_field(&f)) ^ 0x0100);
		pkts[i] = to_mbuf(&f, 1, false);
	}
}

static void
check_merged(struct rte_mbuf *m, unsigned int first, unsigned int n)
{
	static uint8_t out[65536];
	static struct frame f;
	const uint8_t *ip = out + ETH_LEN, *th = ip + 20;
	unsigned int i;

	CHECK(m->nb_segs == n);
	CHECK(m->pkt_len == ETH_LEN + 40 + n * PAYLOAD);
	CHECK(m->tso_segsz == PAYLOAD);
	CHECK((m->ol_flags & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4)) ==
	      (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_IPV4));
	CHECK((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_GOOD);
	CHECK(m->l2_len == ETH_LEN && m->l3_len == 20 && m->l4_len == 20);
	flat(m, out);
	CHECK(get16(ip + 2) == 40 + n * PAYLOAD);
	CHECK(ref_fold(ref_add(0, ip, 20)) == 0xffff); /* header checksum redone */
	CHECK(get32(th + 4) == 1000 + first * PAYLOAD);
	CHECK(th[13] == RTE_TCP_ACK_FLAG);
	for (i = 0; i < n; i++) {
		build(&f, false, IPPROTO_TCP, 0, 0, 0, PAYLOAD, (uint8_t)(first + i));
		CHECK(memcmp(out + 54 + i * PAYLOAD, f.b + 54, PAYLOAD) == 0);
	}
}

static void
test_gro(void)
{
	struct rte_mbuf *pkts[16];
	struct l2k_dir_stats st;
	uint8_t before[64];
	uint16_t n;

	/* 8 in-order segments: one frame of 8000 bytes, segsz 1000 */
	memset(&st, 0, sizeof(st));
	gro_burst(pkts, 8, -1);
	n = l2k_soft_gro(pkts, 8, &st);
	CHECK(n == 1);
	check_merged(pkts[0], 0, 8);
	CHECK(st.soft_gro == 1 && st.soft_gro_segs == 8 && st.soft_csum_bad == 0);
	rte_pktmbuf_free_bulk(pkts, n);

	/* the 4th has a bad TCP checksum: passed on untouched, the others merged around it */
	memset(&st, 0, sizeof(st));
	gro_burst(pkts, 8, 3);
	memcpy(before, rte_pktmbuf_mtod(pkts[3], void *), sizeof(before));
	n = l2k_soft_gro(pkts, 8, &st);
	CHECK(n == 3);
	if (n == 3) {
		check_merged(pkts[0], 0, 3);
		CHECK(pkts[1]->nb_segs == 1 && pkts[1]->pkt_len == ETH_LEN + 40 + PAYLOAD);
		CHECK(memcmp(before, rte_pktmbuf_mtod(pkts[1], void *), sizeof(before)) == 0);
		CHECK(!(pkts[1]->ol_flags & RTE_MBUF_F_TX_TCP_SEG));
		CHECK((pkts[1]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) !=
		      RTE_MBUF_F_RX_L4_CKSUM_GOOD);
		check_merged(pkts[2], 4, 4);
	}
	CHECK(st.soft_csum_bad == 1 && st.soft_gro == 2 && st.soft_gro_segs == 7);
	rte_pktmbuf_free_bulk(pkts, n);

	/* P said bad: not verified again, not merged */
	memset(&st, 0, sizeof(st));
	gro_burst(pkts, 2, -1);
	pkts[1]->ol_flags |= RTE_MBUF_F_RX_L4_CKSUM_BAD;
	n = l2k_soft_gro(pkts, 2, &st);
	CHECK(n == 2 && st.soft_csum_bad == 1 && st.soft_gro == 0);
	rte_pktmbuf_free_bulk(pkts, n);

	/* a segment with PSH ends a run: not merged, nothing overtakes it */
	{
		static struct frame f;

		memset(&st, 0, sizeof(st));
		gro_burst(pkts, 4, -1);
		rte_pktmbuf_free(pkts[2]);
		build(&f, false, IPPROTO_TCP, 0, 1000 + 2 * PAYLOAD, RTE_TCP_PSH_FLAG, PAYLOAD, 2);
		pkts[2] = to_mbuf(&f, 1, false);
		n = l2k_soft_gro(pkts, 4, &st);
		CHECK(n == 3 && st.soft_gro == 1 && st.soft_gro_segs == 2);
		if (n == 3) {
			CHECK(pkts[0]->nb_segs == 2);
			CHECK(get32(rte_pktmbuf_mtod_offset(pkts[1], uint8_t *, 38)) ==
			      1000 + 2 * PAYLOAD);
			CHECK(get32(rte_pktmbuf_mtod_offset(pkts[2], uint8_t *, 38)) ==
			      1000 + 3 * PAYLOAD);
		}
		rte_pktmbuf_free_bulk(pkts, n);
	}
}

/* ---- GSO ---- */

static void
test_gso(void)
{
	const struct l2k_offload_plan plan = {
		.sw = L2K_SW_CSUM | L2K_SW_GSO, .sw_gso = L2K_GSO_TCP4,
	};
	const uint32_t segsz = 1448, plen = 10000, seq0 = 4000000000u; /* wraps */
	static uint8_t out[16384];
	static struct frame f;
	struct rte_mbuf *in[2], *segs[64];
	struct l2k_dir_stats st;
	struct l2k_soft *s;
	uint32_t i, n, want = (plen + segsz - 1) / segsz, off;
	uint16_t id0;

	memset(&st, 0, sizeof(st));
	/* no such port: P takes single segments, checksums done here */
	s = l2k_soft_create(&plan, true, RTE_MAX_ETHPORTS - 1, 0, &st, SOCKET_ID_ANY);
	CHECK(s != NULL);
	if (s == NULL)
		return;

	/* a TSO frame of the kernel (rtap): CWR and PSH set, partial checksum */
	build(&f, false, IPPROTO_TCP, 0, seq0, RTE_TCP_CWR_FLAG | RTE_TCP_PSH_FLAG, plen, 9);
	id0 = get16(f.b + ETH_LEN + 4);
	put16(f.b + csum_field(&f), 0x1234);
	in[0] = to_mbuf(&f, 8, true);
	in[0]->ol_flags = RTE_MBUF_F_RX_LRO | RTE_MBUF_F_RX_L4_CKSUM_NONE;
	in[0]->tso_segsz = segsz;
	/* and a small frame with a partial checksum only */
	{
		static struct frame g;

		build(&g, true, IPPROTO_UDP, 0, 0, 0, 100, 1);
		put16(g.b + csum_field(&g), 0x1234);
		in[1] = to_mbuf(&g, 1, true);
		in[1]->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE;
	}

	n = l2k_soft_to_wire(s, in, 2, segs, RTE_DIM(segs));
	CHECK(n == want + 1);
	CHECK(st.soft_gso == 1 && st.soft_gso_segs == want && st.soft_csum == 1);
	CHECK(st.soft_errors == 0 && st.drops == 0);
	for (i = 0, off = 0; i < want && i < n; i++, off += segsz) {
		struct rte_mbuf *m = segs[i];
		uint32_t len = RTE_MIN(segsz, plen - off);
		const uint8_t *ip = out + ETH_LEN, *th = ip + 20;
		uint8_t fl = RTE_TCP_ACK_FLAG;

		CHECK(m->nb_segs == 1); /* linearized for a P without chains */
		CHECK(m->pkt_len == 54 + len);
		CHECK(!(m->ol_flags & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_RX_LRO)));
		flat(m, out);
		CHECK(get16(ip + 2) == 40 + len);
		CHECK(get16(ip + 4) == (uint16_t)(id0 + i));
		CHECK(ref_fold(ref_add(0, ip, 20)) == 0xffff);
		CHECK(get32(th + 4) == seq0 + off);
		if (i == 0)
			fl |= RTE_TCP_CWR_FLAG;
		if (i + 1 == want)
			fl |= RTE_TCP_PSH_FLAG;
		CHECK(th[13] == fl);
		CHECK(get16(th + 16) == ref_l4_csum(out, m->pkt_len, false, 20, IPPROTO_TCP, 50));
		CHECK(memcmp(out + 54, f.b + 54 + off, len) == 0);
	}
	if (n == want + 1) {
		static struct frame g;

		build(&g, true, IPPROTO_UDP, 0, 0, 0, 100, 1);
		flat(segs[want], out);
		CHECK(memcmp(out, g.b, g.len) == 0);
	}
	rte_pktmbuf_free_bulk(segs, n);
	/* every mbuf back: the segments held the original's data only */
	CHECK(rte_mempool_in_use_count(pool) == 0);

	/* no room for the segments: dropped and counted, nothing leaked */
	memset(&st, 0, sizeof(st));
	in[0] = to_mbuf(&f, 8, true);
	in[0]->ol_flags = RTE_MBUF_F_RX_LRO | RTE_MBUF_F_RX_L4_CKSUM_NONE;
	in[0]->tso_segsz = segsz;
	n = l2k_soft_to_wire(s, in, 1, segs, 3);
	CHECK(n == 0 && st.soft_errors == 1 && st.drops == 1);
	CHECK(rte_mempool_in_use_count(pool) == 0);
	l2k_soft_free(s);
}

int
main(int argc, char **argv)
{
	char *eal[] = { argv[0], "--no-huge", "-m", "256", "--no-pci", "--no-shconf",
			"--file-prefix=l2k_test_soft",
			"-l", "0", "--log-level=4",
			NULL };

	RTE_SET_USED(argc);
	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0) {
		printf("soft: SKIP: the EAL cannot start here (%s)\n", rte_strerror(rte_errno));
		return TEST_SKIPPED;
	}
	pool = rte_pktmbuf_pool_create("test_soft", 1024, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
	if (pool == NULL) {
		printf("soft: SKIP: no mempool (%s)\n", rte_strerror(rte_errno));
		return TEST_SKIPPED;
	}
	test_csum();
	test_gro();
	test_gso();
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return test_result("soft");
}
