/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/shaper.c: over a simulated second, polled every
 * microsecond, the bytes let through match the rate within 2% for rates
 * from 1 Mbit/s to 10 Gbit/s and packets from 64 bytes to 64 KiB (larger
 * than the bucket); the bucket never holds more than its burst; GSO frames
 * count their headers once per segment; a late poller with frames waiting
 * catches up to 4 ms beyond the bucket, no more; and the rate parser's
 * accept/reject table.
 */

#include <errno.h>
#include <stdlib.h>

#include "l2k_queue.h"
#include "l2k_test.h"

#define US 1000ULL
#define S 1000000000ULL

/*
 * Bytes sent in one simulated second, the bucket starting full, by a
 * poller that comes back after each of 'gaps' in turn and sends all it may.
 */
static uint64_t
poll_second(struct l2k_shaper *sh, uint64_t rate, uint32_t burst, uint64_t start,
	    const uint32_t *sizes, unsigned int nsizes, const uint64_t *gaps,
	    unsigned int ngaps, bool waited)
{
	uint64_t t, bytes = 0;
	unsigned int i = 0, g = 0;

	CHECK(l2k_shaper_init(sh, rate, burst, start) == 0);
	for (t = start; t <= start + S; t += gaps[g], g = (g + 1) % ngaps) {
		while (l2k_shaper_may_send(sh, sizes[i], t, waited)) {
			l2k_shaper_consume(sh, sizes[i]);
			bytes += sizes[i];
			i = (i + 1) % nsizes;
		}
	}
	return bytes;
}

/* Bits sent in one simulated second, polled every microsecond. */
static uint64_t
simulate(uint64_t rate, uint32_t burst, const uint32_t *sizes, unsigned int nsizes,
	 uint64_t start)
{
	static const uint64_t every_us[] = { US };
	struct l2k_shaper sh;

	return poll_second(&sh, rate, burst, start, sizes, nsizes, every_us, 1, false) * 8;
}

static void
test_rate_accuracy(void)
{
	static const uint64_t rates[] = { 1000000ULL, 100000000ULL, 1000000000ULL,
					  10000000000ULL, 3333333ULL };
	static const uint32_t s64[] = { 64 }, s1514[] = { 1514 }, s9000[] = { 9000 };
	static const uint32_t mix[] = { 64, 1514, 576, 1514, 40, 9000, 1514, 128 };
	static const uint32_t big[] = { 65535 };
	static const struct {
		const uint32_t *s;
		unsigned int n;
	} sizes[] = { { s64, 1 }, { s1514, 1 }, { s9000, 1 }, { mix, 8 }, { big, 1 } };
	unsigned int r, k, measured = 0;

	for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct l2k_shaper sh;
			uint64_t got, want;
			double err;
			uint32_t max = 0;
			unsigned int j;

			/* the second ends within a packet: measurable to 2% if it is at most 2% */
			for (j = 0; j < sizes[k].n; j++)
				max = sizes[k].s[j] > max ? sizes[k].s[j] : max;
			if ((uint64_t)max * 8 * 50 > rates[r])
				continue;
			measured++;
			l2k_shaper_init(&sh, rates[r], 0, 0);
			got = simulate(rates[r], 0, sizes[k].s, sizes[k].n, 5 * S);
			/* one second of rate plus the initial bucket */
			want = rates[r] + (uint64_t)sh.burst_bytes * 8;
			err = ((double)got - (double)want) / (double)rates[r];
			if (err > 0.02 || err < -0.02) {
				CHECK(err <= 0.02 && err >= -0.02);
				fprintf(stderr, "rate %lu size[%u]: %lu bit/s, want %lu (%.2f%%)\n",
					(unsigned long)rates[r], k, (unsigned long)got,
					(unsigned long)want, err * 100);
			}
		}
	}
	CHECK(measured == 19);
}

static void
test_burst(void)
{
	struct l2k_shaper sh;
	uint64_t bytes = 0;

	/* default burst: 1 ms of rate, at least two full frames */
	CHECK(l2k_shaper_init(&sh, 1000000000ULL, 0, 0) == 0);
	CHECK(sh.burst_bytes == 125000);
	CHECK(l2k_shaper_init(&sh, 1000000ULL, 0, 0) == 0);
	CHECK(sh.burst_bytes == L2K_SHAPER_MIN_BURST);
	CHECK(l2k_shaper_init(&sh, 1000000ULL, 5000, 0) == 0);
	CHECK(sh.burst_bytes == 5000);

	/* after 10 s idle, only the burst may leave at once */
	CHECK(l2k_shaper_init(&sh, 100000000ULL, 0, 0) == 0);
	while (l2k_shaper_may_send(&sh, 100, 10 * S, false)) {
		l2k_shaper_consume(&sh, 100);
		bytes += 100;
	}
	CHECK(bytes == sh.burst_bytes);
	/* and then one packet's worth of time lets exactly one more go */
	CHECK(!l2k_shaper_may_send(&sh, 100, 10 * S + 7 * US, false));
	CHECK(l2k_shaper_may_send(&sh, 100, 10 * S + 8 * US, false));

	/* a packet larger than the bucket goes when it is full, then waits */
	CHECK(l2k_shaper_init(&sh, 8000000ULL, 4000, 0) == 0);      /* 1 MB/s */
	CHECK(l2k_shaper_may_send(&sh, 60000, 0, false));
	l2k_shaper_consume(&sh, 60000);
	CHECK(!l2k_shaper_may_send(&sh, 64, 55 * 1000 * US, false));      /* 56000 bytes of debt */
	CHECK(l2k_shaper_may_send(&sh, 64, 57 * 1000 * US, false));

	/* from the deepest debt, a long idle time still fills the bucket */
	CHECK(l2k_shaper_init(&sh, 8000000ULL, 4000, 0) == 0);
	l2k_shaper_consume(&sh, L2K_SHAPER_MAX_PKT);
	l2k_shaper_consume(&sh, L2K_SHAPER_MAX_PKT);
	CHECK(!l2k_shaper_may_send(&sh, 64, 1 * S, false));
	CHECK(l2k_shaper_may_send(&sh, 4000, 1000 * S, false));
	CHECK(sh.tokens == sh.burst);

	/* time going backwards changes nothing */
	CHECK(l2k_shaper_init(&sh, 8000000ULL, 4000, 1 * S) == 0);
	l2k_shaper_consume(&sh, 4000);
	CHECK(!l2k_shaper_may_send(&sh, 64, S / 2, false));
	CHECK(sh.last == 1 * S);

	/* errors */
	CHECK(l2k_shaper_init(&sh, 0, 0, 0) == -EINVAL);
	CHECK(l2k_shaper_init(&sh, L2K_RATE_MAX + 1, 0, 0) == -ERANGE);
	CHECK(l2k_shaper_init(&sh, 1000000ULL, L2K_SHAPER_MAX_BURST + 1, 0) == -ERANGE);
	/* the largest rate and burst do not overflow after a long idle time */
	CHECK(l2k_shaper_init(&sh, L2K_RATE_MAX, L2K_SHAPER_MAX_BURST, 0) == 0);
	l2k_shaper_consume(&sh, L2K_SHAPER_MAX_PKT);
	CHECK(l2k_shaper_may_send(&sh, L2K_SHAPER_MAX_BURST, 1000 * S, false));
	CHECK(sh.tokens == sh.burst);
	/* nor does catching up at that rate */
	CHECK(l2k_shaper_may_send(&sh, L2K_SHAPER_MAX_BURST, 2000 * S, true));
	CHECK(sh.tokens == sh.burst + sh.catchup && sh.catchup > 0);
}

/* Bytes of 1514-byte frames, always waiting, sent in a second polled after 'gaps'. */
static uint64_t
late_poller(uint64_t rate, const uint64_t *gaps, unsigned int ngaps, bool waited,
	    struct l2k_shaper *sh)
{
	static const uint32_t s1514[] = { 1514 };

	return poll_second(sh, rate, 0, 0, s1514, 1, gaps, ngaps, waited);
}

/*
 * A poller that comes back late while frames wait (descheduled, a slow
 * round) still gets the rate, as long as it is late by less than the
 * bucket and the catch-up (1 + 4 ms); what it misses beyond that is
 * counted; the catch-up is only for waiting frames: after idle time the
 * bucket holds its burst, and an unused catch-up is cut back to it.
 */
static void
test_late_poller(void)
{
	static const uint64_t late[] = { 2500 * US, 300 * US, 4500 * US, 10 * US, 1800 * US };
	static const uint64_t every_2ms5[] = { 2500 * US };
	const uint64_t rate = 200000000ULL, bps = rate / 8;
	struct l2k_shaper sh;
	uint64_t bytes, lost;
	double err;

	bytes = late_poller(rate, late, 5, true, &sh);
	err = ((double)bytes - (double)(bps + sh.burst_bytes)) / (double)bps;
	CHECK(err > -0.02 && err < 0.02);
	CHECK(sh.lost_bytes == 0);

	/* without the catch-up, a 1 ms bucket polled every 2.5 ms gives 40 % */
	bytes = late_poller(rate, every_2ms5, 1, false, &sh);
	CHECK(bytes < bps / 2 && bytes > bps / 3);
	CHECK(sh.lost_bytes == 0); /* not counted: nothing said frames waited */
	bytes = late_poller(rate, every_2ms5, 1, true, &sh);
	err = ((double)bytes - (double)(bps + sh.burst_bytes)) / (double)bps;
	CHECK(err > -0.02 && err < 0.02);

	/* 20 ms late: 5 ms of it caught up, 15 ms lost and counted */
	CHECK(l2k_shaper_init(&sh, rate, 0, 0) == 0);
	bytes = 0;
	while (l2k_shaper_may_send(&sh, 1514, 0, false)) {
		l2k_shaper_consume(&sh, 1514);
		bytes += 1514;
	}
	CHECK(bytes <= sh.burst_bytes && bytes + 1514 > sh.burst_bytes);
	bytes = 0;
	while (l2k_shaper_may_send(&sh, 1514, 20000 * US, true)) {
		l2k_shaper_consume(&sh, 1514);
		bytes += 1514;
	}
	CHECK(bytes + 1514 > bps * 5 / 1000 && bytes < bps * 5 / 1000 + 1514);
	lost = bps * 15 / 1000;
	CHECK(sh.lost_bytes + 1514 > lost && sh.lost_bytes < lost + 1514);

	/* after idle, no catch-up: the burst only */
	CHECK(l2k_shaper_init(&sh, rate, 0, 0) == 0);
	CHECK(l2k_shaper_may_send(&sh, 1514, 10 * S, false));
	CHECK(sh.tokens == sh.burst);
	/* a catch-up not spent is cut back to the burst once nothing waits */
	CHECK(l2k_shaper_may_send(&sh, 1514, 11 * S, true));
	CHECK(sh.tokens == sh.burst + sh.catchup);
	l2k_shaper_consume(&sh, 1514);
	CHECK(l2k_shaper_may_send(&sh, 1514, 11 * S + US, false));
	CHECK(sh.tokens == sh.burst);
	CHECK(sh.catchup == (int64_t)(rate * L2K_SHAPER_CATCHUP_NS));
}

/*
 * GSO frames are counted as the segments they become: over a simulated
 * second at 200 Mbit/s, 64 kB TSO frames let through as many wire bytes as
 * the rate (within 2%), so the TCP payload is the rate times mss / (mss +
 * headers), the share 1514-byte frames would get.
 */
static void
test_wire_bytes(void)
{
	/* Ethernet + IPv4 + TCP with timestamps; mss 1448: 1514-byte segments */
	const uint32_t hdr = 14 + 20 + 32, mss = 1448, frame = hdr + 45 * mss;
	const uint64_t rate = 200000000ULL;
	struct l2k_shaper sh;
	uint64_t t, frames = 0, wire = 0, payload;
	uint32_t w;
	double err;

	CHECK(l2k_wire_bytes(1514, 66, 1448) == 1514);         /* one segment */
	CHECK(l2k_wire_bytes(1515, 66, 1448) == 1515 + 66);    /* a byte more: two */
	CHECK(l2k_wire_bytes(frame, hdr, mss) == 45 * 1514);
	CHECK(l2k_wire_bytes(66 + 65000, 66, 536) == 66 + 65000 + 121 * 66);
	CHECK(l2k_wire_bytes(9000, 42, 0) == 9000);             /* not GSO */
	CHECK(l2k_wire_bytes(60, 66, 1448) == 60);              /* headers only */
	CHECK(l2k_wire_bytes(66, 66, 1448) == 66);
	CHECK(l2k_wire_bytes(65535, 0, 1) == 65535);             /* no headers */
	CHECK(l2k_wire_bytes(UINT32_MAX, 100, 1) == L2K_SHAPER_MAX_PKT);

	w = l2k_wire_bytes(frame, hdr, mss);
	CHECK(l2k_shaper_init(&sh, rate, 0, 0) == 0);
	for (t = 0; t <= S; t += US) {
		while (l2k_shaper_may_send(&sh, w, t, false)) {
			l2k_shaper_consume(&sh, w);
			wire += w;
			frames++;
		}
	}
	err = ((double)wire * 8 - (double)rate) / (double)rate;
	CHECK(err > -0.02 && err < 0.02);
	payload = frames * 45 * mss;
	err = ((double)payload * 8 - (double)rate * mss / (mss + hdr)) / (double)rate;
	CHECK(err > -0.02 && err < 0.02);
}

static void
test_rate_parse(void)
{
	static const struct {
		const char *s;
		uint64_t bps;
	} ok[] = {
		{ "200mbit", 200000000ULL },
		{ "1gbit", 1000000000ULL },
		{ "10kbit", 10000ULL },
		{ "1.5gbit", 1500000000ULL },
		{ "100mbps", 800000000ULL },
		{ "500bit", 500ULL },
		{ "1000000", 1000000ULL },
		{ "1Mbit", 1000000ULL },
		{ "1GBIT", 1000000000ULL },
		{ "0.5mbit", 500000ULL },
		{ ".5kbit", 500ULL },
		{ "1.25kbit", 1250ULL },
		{ "1kibit", 1024ULL },
		{ "2MiBps", 2ULL * 8 * 1048576 },
		{ "1gbps", 8000000000ULL },
		{ "10tbit", 10000000000000ULL },
		{ "1bps", 8ULL },
		{ "2.", 2ULL },
		{ "1.0000009mbit", 1000000ULL },        /* 6 fraction digits count */
	};
	static const struct {
		const char *s;
		const char *why;
		int ret;
	} bad[] = {
		{ "", "empty", -EINVAL },
		{ "abc", "not a number", -EINVAL },
		{ "mbit", "not a number", -EINVAL },
		{ "-1mbit", "not a number", -EINVAL },
		{ "+1mbit", "not a number", -EINVAL },
		{ " 1mbit", "not a number", -EINVAL },
		{ ".", "not a number", -EINVAL },
		{ "1 mbit", "unknown unit ' mbit'", -EINVAL },
		{ "1mbitx", "unknown unit", -EINVAL },
		{ "1.2.3mbit", "unknown unit '.3mbit'", -EINVAL },
		{ "1e9", "unknown unit 'e9'", -EINVAL },
		{ "0x10", "unknown unit 'x10'", -EINVAL },
		{ "10kbit/s", "unknown unit", -EINVAL },
		{ "0", "more than zero", -EINVAL },
		{ "0mbit", "more than zero", -EINVAL },
		{ "0.0000001kbit", "more than zero", -EINVAL },
		{ "0.5bit", "more than zero", -EINVAL },
		{ "11tbit", "too large", -ERANGE },
		{ "2tbps", "too large", -ERANGE },
		{ "18446744073709551615", "too large", -ERANGE },
		{ "99999999999999999999999", "too large", -ERANGE },
		{ "9999999999tibps", "too large", -ERANGE },
	};
	char err[256];
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint64_t bps = 0;

		err[0] = '\0';
		if (l2k_rate_parse(ok[i].s, &bps, err, sizeof(err)) != 0 || bps != ok[i].bps) {
			CHECK(bps == ok[i].bps);
			fprintf(stderr, "'%s': got %lu (%s)\n", ok[i].s, (unsigned long)bps, err);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t bps = 42;

		err[0] = '\0';
		CHECK(l2k_rate_parse(bad[i].s, &bps, err, sizeof(err)) == bad[i].ret);
		CHECK(bps == 42);
		CHECK_HAS(err, bad[i].why);
		if (bad[i].s[0] != '\0')
			CHECK_HAS(err, bad[i].s);
	}
	CHECK(l2k_rate_parse(NULL, &(uint64_t){ 0 }, err, sizeof(err)) == -EINVAL);
}

int
main(void)
{
	test_rate_accuracy();
	test_burst();
	test_late_poller();
	test_wire_bytes();
	test_rate_parse();
	return test_result("shaper");
}
