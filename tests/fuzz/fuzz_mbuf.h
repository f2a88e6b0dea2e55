/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_FUZZ_MBUF_H
#define L2K_FUZZ_MBUF_H

/*
 * mbufs without the EAL for the rtap fuzz targets (as
 * pmd-rtap/tests/test_rtap_offload.c builds them): a frame copied into a
 * chain of segments, each over a heap buffer of exactly its headroom plus
 * data, so that a sanitizer build catches any access past a segment.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>

#define FUZZ_MAX_SEGS 128

struct fuzz_chain {
	struct rte_mbuf m[FUZZ_MAX_SEGS];
	uint8_t *buf[FUZZ_MAX_SEGS];
	unsigned int n;
};

/*
 * Copy 'len' bytes of 'frame' into 'c': 'seg' bytes per segment (0: one
 * segment), 'room' bytes of headroom in the first. NULL when 'len' does not
 * fit (more than FUZZ_MAX_SEGS segments or a segment over 65535 bytes).
 */
struct rte_mbuf *fuzz_chain_build(struct fuzz_chain *c, const uint8_t *frame, uint32_t len,
				  uint32_t seg, uint16_t room);

/* Free the buffers of 'c'. */
void fuzz_chain_free(struct fuzz_chain *c);

/* Copy the frame held by the chain to 'out' (pkt_len bytes). */
void fuzz_chain_flatten(const struct rte_mbuf *m, uint8_t *out);

/* Internet checksum helpers, written from RFC 1071 (not DPDK's): the 32-bit
 * sum of 16-bit big-endian words, and its folded complement. */
uint32_t fuzz_sum16(const uint8_t *p, uint32_t len, uint32_t sum);
uint16_t fuzz_fold(uint32_t sum);

static inline uint16_t
fuzz_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

#endif /* L2K_FUZZ_MBUF_H */
