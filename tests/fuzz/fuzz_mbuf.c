/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#include <stdlib.h>
#include <string.h>

#include "fuzz_mbuf.h"

struct rte_mbuf *
fuzz_chain_build(struct fuzz_chain *c, const uint8_t *frame, uint32_t len, uint32_t seg,
		 uint16_t room)
{
	uint32_t off = 0;
	unsigned int i;

	if (seg == 0)
		seg = len > 0 ? len : 1;
	if (seg > UINT16_MAX || (len + seg - 1) / seg > FUZZ_MAX_SEGS)
		return NULL;
	memset(c, 0, sizeof(*c));
	do {
		uint32_t n = len - off < seg ? len - off : seg;
		uint16_t r = c->n == 0 ? room : 0;
		struct rte_mbuf *m = &c->m[c->n];

		/* exactly headroom + data (one byte for an empty frame) */
		c->buf[c->n] = malloc((size_t)r + (n > 0 ? n : 1));
		if (c->buf[c->n] == NULL)
			abort();
		m->buf_addr = c->buf[c->n];
		m->buf_len = (uint16_t)(r + n);
		m->data_off = r;
		m->data_len = (uint16_t)n;
		m->nb_segs = 1;
		rte_mbuf_refcnt_set(m, 1);
		if (n > 0)
			memcpy(rte_pktmbuf_mtod(m, uint8_t *), frame + off, n);
		if (c->n > 0)
			c->m[c->n - 1].next = m;
		off += n;
		c->n++;
	} while (off < len);
	c->m[0].pkt_len = len;
	c->m[0].nb_segs = (uint16_t)c->n;
	for (i = 1; i < c->n; i++)
		c->m[i].pkt_len = c->m[i].data_len;
	return &c->m[0];
}

void
fuzz_chain_free(struct fuzz_chain *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		free(c->buf[i]);
	c->n = 0;
}

void
fuzz_chain_flatten(const struct rte_mbuf *m, uint8_t *out)
{
	for (; m != NULL; m = m->next) {
		memcpy(out, rte_pktmbuf_mtod(m, const uint8_t *), m->data_len);
		out += m->data_len;
	}
}

uint32_t
fuzz_sum16(const uint8_t *p, uint32_t len, uint32_t sum)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)fuzz_be16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t
fuzz_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}
