/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * ECN on real headers (RFC 3168): find the IP header of an Ethernet frame
 * and its ECN field, and set Congestion Experienced where CoDel asks for a
 * mark. Byte-wise big-endian reads and writes: no alignment assumed, no
 * byte order helper needed, every read bounds-checked.
 */

#include <errno.h>

#include "l2k_queue.h"

#define ETH_HLEN 14
#define VLAN_HLEN 4
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100   /* 802.1Q */
#define ETHERTYPE_QINQ 0x88a8   /* 802.1ad service tag */
#define ETHERTYPE_QINQ1 0x9100  /* pre-standard service tag */
#define IPV4_HLEN 20
#define IPV6_HLEN 40
#define ECN_MASK 0x03

static inline uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline bool
is_vlan(uint16_t type)
{
	return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ1;
}

/* IPv4 header at l3 is whole and sane; len bytes are readable. */
static inline bool
ipv4_ok(const uint8_t *l3, size_t len)
{
	unsigned int ihl;

	if (len < IPV4_HLEN || (l3[0] >> 4) != 4)
		return false;
	ihl = (l3[0] & 0x0fU) * 4U;
	return ihl >= IPV4_HLEN && ihl <= len;
}

static inline bool
ipv6_ok(const uint8_t *l3, size_t len)
{
	return len >= IPV6_HLEN && (l3[0] >> 4) == 6;
}

int
l2k_ecn_classify(const uint8_t *frame, size_t len, uint16_t *l3_off, bool *is_ipv6)
{
	size_t off = ETH_HLEN;
	unsigned int tags = 0;
	uint16_t type;

	if (len < ETH_HLEN)
		return -EINVAL;
	type = rd16(frame + 12);
	while (is_vlan(type)) {
		if (++tags > 2)
			return -EPROTONOSUPPORT;
		if (len < off + VLAN_HLEN)
			return -EINVAL;
		type = rd16(frame + off + 2);
		off += VLAN_HLEN;
	}
	switch (type) {
	case ETHERTYPE_IPV4:
		if (!ipv4_ok(frame + off, len - off))
			return -EINVAL;
		*is_ipv6 = false;
		*l3_off = (uint16_t)off;
		return frame[off + 1] & ECN_MASK;
	case ETHERTYPE_IPV6:
		if (!ipv6_ok(frame + off, len - off))
			return -EINVAL;
		*is_ipv6 = true;
		*l3_off = (uint16_t)off;
		return (frame[off + 1] >> 4) & ECN_MASK;
	default:
		return -EPROTONOSUPPORT;
	}
}

/*
 * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), one's complement sums, where
 * m is the 16-bit word that changed (version/IHL and TOS).
 */
static inline uint16_t
csum_replace16(uint16_t hc, uint16_t m, uint16_t m_new)
{
	uint32_t sum = (uint32_t)(uint16_t)~hc + (uint16_t)~m + m_new;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int
l2k_ecn_set_ce(uint8_t *l3, size_t len, int is_ipv6)
{
	uint8_t ecn;

	if (is_ipv6) {
		if (!ipv6_ok(l3, len))
			return -EINVAL;
		ecn = (l3[1] >> 4) & ECN_MASK;
		if (ecn == L2K_ECN_NOT_ECT)
			return 0;
		l3[1] |= ECN_MASK << 4;
		return 1;
	}
	if (!ipv4_ok(l3, len))
		return -EINVAL;
	ecn = l3[1] & ECN_MASK;
	if (ecn == L2K_ECN_NOT_ECT)
		return 0;
	if (ecn != L2K_ECN_CE) {
		uint16_t m = rd16(l3);
		uint16_t m_new = (uint16_t)(m | ECN_MASK);
		uint16_t hc = csum_replace16(rd16(l3 + 10), m, m_new);

		l3[1] = (uint8_t)m_new;
		l3[10] = (uint8_t)(hc >> 8);
		l3[11] = (uint8_t)hc;
	}
	return 1;
}
