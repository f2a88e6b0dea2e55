/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/ecn.c: classifying Ethernet frames (untagged, one and
 * two VLAN tags, truncated anywhere, not IP), setting CE on IPv4 with the
 * header checksum still valid (checked by recomputing it over many random
 * headers), on IPv6's traffic class, and leaving Not-ECT alone.
 */

#include <errno.h>
#include <stdlib.h>

#include "l2k_queue.h"
#include "l2k_test.h"

/* Full IPv4 header checksum (RFC 1071), as the receiver computes it. */
static uint16_t
ip_csum(const uint8_t *h, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* An IPv4 header of ihl words with tos, random other fields, valid checksum. */
static void
make_ipv4(uint8_t *h, unsigned int ihl, uint8_t tos)
{
	unsigned int i;

	for (i = 0; i < ihl * 4; i++)
		h[i] = (uint8_t)rand();
	h[0] = (uint8_t)(0x40 | ihl);
	h[1] = tos;
	h[10] = h[11] = 0;
	put16(h + 10, ip_csum(h, ihl * 4));
}

static void
make_ipv6(uint8_t *h, uint8_t tclass)
{
	unsigned int i;

	for (i = 0; i < 40; i++)
		h[i] = (uint8_t)rand();
	h[0] = (uint8_t)(0x60 | (tclass >> 4));
	h[1] = (uint8_t)((tclass << 4) | (h[1] & 0x0f));
}

/* Ethernet header with the given tags (TPIDs) and final ethertype; returns its length. */
static size_t
make_eth(uint8_t *f, const uint16_t *tpids, unsigned int ntags, uint16_t type)
{
	size_t off = 12;
	unsigned int i;

	memset(f, 0xaa, 12);
	for (i = 0; i < ntags; i++) {
		put16(f + off, tpids[i]);
		put16(f + off + 2, (uint16_t)(100 + i));
		off += 4;
	}
	put16(f + off, type);
	return off + 2;
}

static void
test_ipv4_ce_checksum(void)
{
	uint8_t h[60], before[60];
	unsigned int i, ihl, bad = 0;

	srand(1);
	for (i = 0; i < 20000; i++) {
		uint8_t tos = (uint8_t)rand();
		int ret;

		ihl = 5 + (unsigned int)rand() % 11;
		make_ipv4(h, ihl, tos);
		/* checksum field edge values are covered by the random headers too */
		memcpy(before, h, sizeof(h));
		ret = l2k_ecn_set_ce(h, ihl * 4, 0);
		if ((tos & 3) == L2K_ECN_NOT_ECT) {
			CHECK(ret == 0);
			CHECK(memcmp(h, before, sizeof(h)) == 0);
			continue;
		}
		CHECK(ret == 1);
		CHECK((h[1] & 3) == L2K_ECN_CE);
		CHECK((h[1] & 0xfc) == (tos & 0xfc));           /* DSCP kept */
		CHECK(memcmp(h + 2, before + 2, 8) == 0);
		CHECK(memcmp(h + 12, before + 12, ihl * 4 - 12) == 0);
		/* the receiver's check: the sum over the header is all ones */
		if (ip_csum(h, ihl * 4) != 0) {
			bad++;
			CHECK(ip_csum(h, ihl * 4) == 0);
		}
		/* and it is what a full recomputation gives (no -0 ambiguity for IP) */
		{
			uint8_t c[60];
			uint16_t got = (uint16_t)(h[10] << 8 | h[11]);

			memcpy(c, h, sizeof(c));
			c[10] = c[11] = 0;
			if (got != ip_csum(c, ihl * 4) && got != 0xffff && got != 0)
				CHECK(got == ip_csum(c, ihl * 4));
		}
	}
	CHECK(bad == 0);
}

/* A known header (RFC 1071 style example): ECT(0) -> CE. */
static void
test_ipv4_known(void)
{
	uint8_t h[20] = {
		0x45, 0x02, 0x00, 0x54, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x01,
		0x00, 0x00, 0x0a, 0x63, 0x00, 0x02, 0x0a, 0x63, 0x00, 0x01,
	};

	put16(h + 10, ip_csum(h, 20));
	CHECK(l2k_ecn_set_ce(h, 20, 0) == 1);
	CHECK(h[1] == 0x03);
	CHECK(ip_csum(h, 20) == 0);
	/* already CE: unchanged, still reported as marked */
	CHECK(l2k_ecn_set_ce(h, 20, 0) == 1);
	CHECK(h[1] == 0x03 && ip_csum(h, 20) == 0);
	/* bad input */
	CHECK(l2k_ecn_set_ce(h, 19, 0) == -EINVAL);
	h[0] = 0x65;
	CHECK(l2k_ecn_set_ce(h, 20, 0) == -EINVAL);     /* not version 4 */
	h[0] = 0x44;
	CHECK(l2k_ecn_set_ce(h, 20, 0) == -EINVAL);     /* IHL below 5 */
	h[0] = 0x46;
	CHECK(l2k_ecn_set_ce(h, 20, 0) == -EINVAL);     /* IHL past the buffer */
}

static void
test_ipv6(void)
{
	uint8_t h[40], before[40];
	unsigned int tc;

	for (tc = 0; tc < 256; tc++) {
		make_ipv6(h, (uint8_t)tc);
		memcpy(before, h, sizeof(h));
		if ((tc & 3) == L2K_ECN_NOT_ECT) {
			CHECK(l2k_ecn_set_ce(h, 40, 1) == 0);
			CHECK(memcmp(h, before, 40) == 0);
			continue;
		}
		CHECK(l2k_ecn_set_ce(h, 40, 1) == 1);
		CHECK(h[0] == before[0]);                        /* version, TC high */
		CHECK((h[1] & 0x0f) == (before[1] & 0x0f));      /* flow label */
		CHECK(((h[1] >> 4) & 3) == L2K_ECN_CE);
		CHECK(((h[1] >> 6) & 3) == ((tc >> 2) & 3));     /* DSCP low bits */
		CHECK(memcmp(h + 2, before + 2, 38) == 0);
	}
	make_ipv6(h, 0x02);
	CHECK(l2k_ecn_set_ce(h, 39, 1) == -EINVAL);
	h[0] = 0x40;
	CHECK(l2k_ecn_set_ce(h, 40, 1) == -EINVAL);
}

/* Every tagging, both IP versions, every ECN codepoint; then set CE through it. */
static void
test_classify(void)
{
	static const uint16_t tags[][2] = {
		{ 0, 0 }, { 0x8100, 0 }, { 0x88a8, 0x8100 }, { 0x8100, 0x8100 },
	};
	static const unsigned int ntags[] = { 0, 1, 2, 2 };
	uint8_t f[128];
	unsigned int t, ecn, v6;

	for (t = 0; t < 4; t++) {
		for (v6 = 0; v6 < 2; v6++) {
			for (ecn = 0; ecn < 4; ecn++) {
				size_t l2 = make_eth(f, tags[t], ntags[t], v6 ? 0x86dd : 0x0800);
				size_t len = l2 + (v6 ? 40 : 20) + 10;
				uint16_t off = 0;
				bool is6 = !v6;
				int ret;

				if (v6)
					make_ipv6(f + l2, (uint8_t)(0xb8 | ecn));
				else
					make_ipv4(f + l2, 5, (uint8_t)(0xb8 | ecn));
				ret = l2k_ecn_classify(f, len, &off, &is6);
				CHECK(ret == (int)ecn);
				CHECK(off == l2);
				CHECK(is6 == (bool)v6);
				CHECK(l2k_ecn_set_ce(f + off, len - off, is6) == (ecn != 0));
				CHECK(l2k_ecn_classify(f, len, &off, &is6) ==
				      (ecn ? L2K_ECN_CE : L2K_ECN_NOT_ECT));
				if (!v6)
					CHECK(ip_csum(f + l2, 20) == 0);
			}
		}
	}
}

/* Truncated anywhere: rejected, never read past the end. */
static void
test_truncated(void)
{
	static const uint16_t qinq[2] = { 0x88a8, 0x8100 };
	uint8_t f[128];
	uint16_t off;
	bool is6;
	size_t l2, full, len;

	l2 = make_eth(f, qinq, 2, 0x0800);
	make_ipv4(f + l2, 6, 0x02);             /* with 4 bytes of options */
	full = l2 + 24;
	CHECK(l2k_ecn_classify(f, full, &off, &is6) == L2K_ECN_ECT0);
	for (len = 0; len < full; len++) {
		/* each shorter copy is on the heap, exactly len bytes long */
		uint8_t *c = malloc(len ? len : 1);

		memcpy(c, f, len);
		CHECK(l2k_ecn_classify(c, len, &off, &is6) == -EINVAL);
		free(c);
	}
	l2 = make_eth(f, qinq, 1, 0x86dd);
	make_ipv6(f + l2, 0x01);
	full = l2 + 40;
	CHECK(l2k_ecn_classify(f, full, &off, &is6) == L2K_ECN_ECT1);
	for (len = 0; len < full; len++)
		CHECK(l2k_ecn_classify(f, len, &off, &is6) == -EINVAL);
}

static void
test_not_ip(void)
{
	static const uint16_t three[3] = { 0x88a8, 0x8100, 0x8100 };
	uint8_t f[128];
	uint16_t off;
	bool is6;
	size_t l2;

	memset(f, 0, sizeof(f));
	l2 = make_eth(f, NULL, 0, 0x0806);      /* ARP */
	CHECK(l2k_ecn_classify(f, 64, &off, &is6) == -EPROTONOSUPPORT);
	l2 = make_eth(f, three, 3, 0x0800);     /* three tags: not ours to parse */
	make_ipv4(f + l2, 5, 0x02);
	CHECK(l2k_ecn_classify(f, 64, &off, &is6) == -EPROTONOSUPPORT);
	l2 = make_eth(f, NULL, 0, 0x0800);      /* says IPv4, holds IPv6 */
	make_ipv6(f + l2, 0x02);
	CHECK(l2k_ecn_classify(f, 64, &off, &is6) == -EINVAL);
	l2 = make_eth(f, NULL, 0, 0x86dd);      /* says IPv6, holds IPv4 */
	make_ipv4(f + l2, 5, 0x02);
	CHECK(l2k_ecn_classify(f, 64, &off, &is6) == -EINVAL);
}

int
main(void)
{
	test_ipv4_ce_checksum();
	test_ipv4_known();
	test_ipv6();
	test_classify();
	test_truncated();
	test_not_ip();
	return test_result("ecn");
}
