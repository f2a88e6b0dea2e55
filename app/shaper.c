/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Token bucket shaper and the rate parser for --shape. The shaper moves
 * the bottleneck into the application when the real one is downstream of
 * P (a slower uplink behind the NIC), so that fq_codel.c, not a modem's
 * buffer, holds the queue.
 *
 * Tokens are bit-nanoseconds: a byte is worth 8e9 of them and the bucket
 * gains rate_bps of them per nanosecond, so that per packet there is a
 * multiplication and a comparison, no division and no rounding at all.
 *
 * The poller is a forwarding lcore, not a timer: on a busy host it can be
 * descheduled or slowed for milliseconds while frames wait, and a bucket
 * capped at 1 ms would lose the rest of that time for good (measured: 6 %
 * of 200 Mbit/s on tap K under rrul, doc/design.md "Queueing"). While
 * frames wait, the bucket may therefore hold L2K_SHAPER_CATCHUP_NS more,
 * as Linux's sch_fq makes up for timer drift; after idle time it holds
 * its burst only, so an idle shaper still sends no more than that at once.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include "l2k_queue.h"

#define NS_PER_S 1000000000ULL
#define BITNS_PER_BYTE (8 * NS_PER_S)
#define MAX_DEBT ((int64_t)L2K_SHAPER_MAX_PKT * (int64_t)BITNS_PER_BYTE)
#define MAX_CATCHUP ((uint64_t)L2K_SHAPER_MAX_BURST * BITNS_PER_BYTE)

uint32_t
l2k_wire_bytes(uint32_t pkt_len, uint32_t hdr_len, uint32_t seg_size)
{
	uint64_t segs, bytes;

	if (seg_size == 0 || hdr_len >= pkt_len)
		return pkt_len;
	segs = ((uint64_t)pkt_len - hdr_len + seg_size - 1) / seg_size;
	bytes = (uint64_t)pkt_len + (segs - 1) * hdr_len;
	return bytes < L2K_SHAPER_MAX_PKT ? (uint32_t)bytes : L2K_SHAPER_MAX_PKT;
}

int
l2k_shaper_init(struct l2k_shaper *sh, uint64_t rate_bps, uint32_t burst_bytes, uint64_t now_ns)
{
	if (rate_bps == 0)
		return -EINVAL;
	if (rate_bps > L2K_RATE_MAX || burst_bytes > L2K_SHAPER_MAX_BURST)
		return -ERANGE;
	if (burst_bytes == 0) {
		uint64_t b = rate_bps / 8000; /* one millisecond */

		if (b < L2K_SHAPER_MIN_BURST)
			b = L2K_SHAPER_MIN_BURST;
		if (b > L2K_SHAPER_MAX_BURST)
			b = L2K_SHAPER_MAX_BURST;
		burst_bytes = (uint32_t)b;
	}
	sh->rate_bps = rate_bps;
	sh->burst_bytes = burst_bytes;
	sh->burst = (int64_t)burst_bytes * (int64_t)BITNS_PER_BYTE;
	sh->tokens = sh->burst;
	/* rate * 4 ms in bit-ns, at most the largest burst: fits in 63 bits */
	if (rate_bps > MAX_CATCHUP / L2K_SHAPER_CATCHUP_NS)
		sh->catchup = (int64_t)MAX_CATCHUP;
	else
		sh->catchup = (int64_t)(rate_bps * L2K_SHAPER_CATCHUP_NS);
	/* beyond this gap the bucket is full whatever the debt: bounds gap * rate */
	sh->max_gap = (uint64_t)(sh->burst + sh->catchup + MAX_DEBT) / rate_bps + 1;
	sh->last = now_ns;
	sh->lost_bytes = 0;
	return 0;
}

static inline void
refill(struct l2k_shaper *sh, uint64_t now, bool waited)
{
	int64_t cap = waited ? sh->burst + sh->catchup : sh->burst;
	uint64_t gap;

	if ((int64_t)(now - sh->last) <= 0)
		return;
	gap = now - sh->last;
	sh->last = now;
	if (gap > sh->max_gap) {
		if (waited)
			sh->lost_bytes += (uint64_t)((unsigned __int128)(gap - sh->max_gap) *
						     sh->rate_bps / BITNS_PER_BYTE);
		gap = sh->max_gap;
	}
	sh->tokens += (int64_t)(gap * sh->rate_bps);
	if (sh->tokens > cap) {
		if (waited)
			sh->lost_bytes += (uint64_t)(sh->tokens - cap) / BITNS_PER_BYTE;
		sh->tokens = cap;
	}
}

bool
l2k_shaper_may_send(struct l2k_shaper *sh, uint32_t bytes, uint64_t now_ns, bool waited)
{
	uint32_t need = bytes < sh->burst_bytes ? bytes : sh->burst_bytes;

	refill(sh, now_ns, waited);
	return sh->tokens >= (int64_t)need * (int64_t)BITNS_PER_BYTE;
}

void
l2k_shaper_consume(struct l2k_shaper *sh, uint32_t bytes)
{
	if (bytes > L2K_SHAPER_MAX_PKT)
		bytes = L2K_SHAPER_MAX_PKT;
	sh->tokens -= (int64_t)bytes * (int64_t)BITNS_PER_BYTE;
	if (sh->tokens < -MAX_DEBT)
		sh->tokens = -MAX_DEBT;
}

/* tc's units (iproute2 tc/tc_util.c), in bit/s per unit */
static const struct {
	const char *name;
	uint64_t scale;
} units[] = {
	{ "", 1 },
	{ "bit", 1 },
	{ "kbit", 1000ULL },
	{ "mbit", 1000000ULL },
	{ "gbit", 1000000000ULL },
	{ "tbit", 1000000000000ULL },
	{ "kibit", 1ULL << 10 },
	{ "mibit", 1ULL << 20 },
	{ "gibit", 1ULL << 30 },
	{ "tibit", 1ULL << 40 },
	{ "bps", 8ULL },
	{ "kbps", 8000ULL },
	{ "mbps", 8000000ULL },
	{ "gbps", 8000000000ULL },
	{ "tbps", 8000000000000ULL },
	{ "kibps", 8ULL << 10 },
	{ "mibps", 8ULL << 20 },
	{ "gibps", 8ULL << 30 },
	{ "tibps", 8ULL << 40 },
};

#define FRAC_DIGITS 6 /* fraction digits taken into account; more are ignored */

int
l2k_rate_parse(const char *s, uint64_t *bps, char *err, size_t errlen)
{
	uint64_t ip = 0, frac = 0, fden = 1, total, part;
	unsigned int digits = 0, i;
	const char *p = s;

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "empty rate");
		return -EINVAL;
	}
	for (; isdigit((unsigned char)*p); p++, digits++) {
		if (ip > (UINT64_MAX - 9) / 10) {
			snprintf(err, errlen, "rate '%s': too large, at most 10tbit", s);
			return -ERANGE;
		}
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++) {
			if (fden < 1000000ULL) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				fden *= 10;
			}
		}
	}
	if (digits == 0) {
		snprintf(err, errlen, "rate '%s': not a number (expected e.g. 200mbit)", s);
		return -EINVAL;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(p, units[i].name) == 0)
			break;
	if (i == sizeof(units) / sizeof(units[0])) {
		snprintf(err, errlen, "rate '%s': unknown unit '%s' (bit, kbit, mbit, gbit, tbit, "
			 "kibit..tibit, or bps, kbps, mbps, gbps, tbps for bytes)", s, p);
		return -EINVAL;
	}
	/* frac < 1e6 and scale < 2^44: frac * scale fits 64 bits */
	part = frac * units[i].scale / fden;
	if (__builtin_mul_overflow(ip, units[i].scale, &total) ||
	    __builtin_add_overflow(total, part, &total) || total > L2K_RATE_MAX) {
		snprintf(err, errlen, "rate '%s': too large, at most 10tbit", s);
		return -ERANGE;
	}
	if (total == 0) {
		snprintf(err, errlen, "rate '%s': must be more than zero", s);
		return -EINVAL;
	}
	*bps = total;
	return 0;
}
