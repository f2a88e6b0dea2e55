/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/offload.c: every combination of the P capability bits
 * that matter (plus unrelated ones that must never be enabled), every K
 * capability and every policy, checked against the rule written out here
 * independently, and against invariants; then explicit cases with their
 * start-up line.
 */

#include "l2k_offload.h"
#include "l2k_test.h"

static const uint64_t rx_bits[] = {
	RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, RTE_ETH_RX_OFFLOAD_TCP_CKSUM,
	RTE_ETH_RX_OFFLOAD_UDP_CKSUM, RTE_ETH_RX_OFFLOAD_TCP_LRO, RTE_ETH_RX_OFFLOAD_SCATTER,
};
static const uint64_t tx_bits[] = {
	RTE_ETH_TX_OFFLOAD_IPV4_CKSUM, RTE_ETH_TX_OFFLOAD_TCP_CKSUM,
	RTE_ETH_TX_OFFLOAD_UDP_CKSUM, RTE_ETH_TX_OFFLOAD_TCP_TSO, RTE_ETH_TX_OFFLOAD_UDP_TSO,
	RTE_ETH_TX_OFFLOAD_MULTI_SEGS,
};
#define NB_RX (sizeof(rx_bits) / sizeof(rx_bits[0]))
#define NB_TX (sizeof(tx_bits) / sizeof(tx_bits[0]))
/* capabilities P may have that negotiation must never turn on */
#define RX_NOISE (RTE_ETH_RX_OFFLOAD_VLAN_STRIP | RTE_ETH_RX_OFFLOAD_RSS_HASH | \
		  RTE_ETH_RX_OFFLOAD_TIMESTAMP | RTE_ETH_RX_OFFLOAD_KEEP_CRC)
#define TX_NOISE (RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE | \
		  RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_VXLAN_TNL_TSO | \
		  RTE_ETH_TX_OFFLOAD_OUTER_IPV4_CKSUM)

static uint64_t
mask_of(const uint64_t *bits, unsigned int n, unsigned int sel)
{
	uint64_t m = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (sel & (1U << i))
			m |= bits[i];
	return m;
}

static void
kern_of(unsigned int sel, struct l2k_kern_caps *k)
{
	k->csum = sel & 1;
	k->tso4 = sel & 2;
	k->tso6 = sel & 4;
	k->uso = sel & 8;
	k->ecn = sel & 16;
	k->csum_valid = sel & 32;
	k->gso_in = sel & 64;
	k->uso_in = sel & 128;
}

static unsigned int combos;

/* The rule, restated, and the invariants, for one combination. */
static void
check_one(uint64_t rx, uint64_t tx, const struct l2k_kern_caps *k,
	  const struct l2k_offload_policy *pol, const struct l2k_offload_plan *p)
{
	bool hw_csum = (tx & RTE_ETH_TX_OFFLOAD_TCP_CKSUM) && (tx & RTE_ETH_TX_OFFLOAD_UDP_CKSUM);
	bool hw_tso = tx & RTE_ETH_TX_OFFLOAD_TCP_TSO;
	bool hw_uso = tx & RTE_ETH_TX_OFFLOAD_UDP_TSO;
	bool csum = k->csum && (hw_csum || pol->sw_csum);
	bool tso4 = csum && k->tso4 && (hw_tso || (pol->sw_gso & L2K_GSO_TCP4));
	bool tso6 = csum && k->tso6 && (hw_tso || (pol->sw_gso & L2K_GSO_TCP6));
	bool uso = csum && k->uso && (hw_uso || (pol->sw_gso & L2K_GSO_UDP));
	bool ecn = k->ecn && (tso4 || tso6) && (!hw_tso || pol->wire_tso_ecn);
	bool rx_csum = k->csum_valid && (rx & (RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
					      RTE_ETH_RX_OFFLOAD_UDP_CKSUM));
	bool lro = rx_csum && k->gso_in && (rx & RTE_ETH_RX_OFFLOAD_TCP_LRO);
	bool gro = pol->sw_gro && k->csum_valid && k->gso_in && !lro;
	bool any_gso = tso4 || tso6 || uso;
	bool hw_gso = ((tso4 || tso6) && hw_tso) || (uso && hw_uso);
	uint32_t tun = 0, sw = 0;
	uint8_t sw_gso = 0;
	uint64_t wrx = 0, wtx = 0;
	char d[L2K_OFFLOAD_DESC_LEN];
	int n;

	combos++;
	tun |= csum ? L2K_TUN_F_CSUM : 0;
	tun |= tso4 ? L2K_TUN_F_TSO4 : 0;
	tun |= tso6 ? L2K_TUN_F_TSO6 : 0;
	tun |= uso ? L2K_TUN_F_USO4 | L2K_TUN_F_USO6 : 0;
	tun |= ecn ? L2K_TUN_F_TSO_ECN : 0;
	CHECK(p->tun_features == tun);

	sw_gso |= tso4 && !hw_tso ? L2K_GSO_TCP4 : 0;
	sw_gso |= tso6 && !hw_tso ? L2K_GSO_TCP6 : 0;
	sw_gso |= uso && !hw_uso ? L2K_GSO_UDP : 0;
	sw |= csum && !hw_csum ? L2K_SW_CSUM : 0;
	sw |= sw_gso ? L2K_SW_GSO : 0;
	sw |= gro ? L2K_SW_GRO : 0;
	sw |= gro && !rx_csum ? L2K_SW_RX_CSUM : 0;
	CHECK(p->sw_gso == sw_gso);
	CHECK(p->sw == sw);
	CHECK((p->sw_gso & ~pol->sw_gso) == 0);
	CHECK((p->hw_gso & p->sw_gso) == 0);

	CHECK(p->rx_csum_to_kernel == rx_csum);
	CHECK(p->lro_to_kernel == lro);
	wrx |= rx_csum ? rx & (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
			       RTE_ETH_RX_OFFLOAD_UDP_CKSUM) : 0;
	wrx |= lro ? rx & (RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_SCATTER) : 0;
	CHECK(p->wire_rx == wrx);

	wtx |= csum ? tx & (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM) : 0;
	wtx |= (tso4 || tso6) && hw_tso ? RTE_ETH_TX_OFFLOAD_TCP_TSO : 0;
	wtx |= uso && hw_uso ? RTE_ETH_TX_OFFLOAD_UDP_TSO : 0;
	wtx |= any_gso ? tx & RTE_ETH_TX_OFFLOAD_MULTI_SEGS : 0;
	wtx |= hw_gso ? tx & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM : 0;
	CHECK(p->wire_tx == wtx);

	/* invariants */
	CHECK((p->wire_rx & ~rx) == 0);
	CHECK((p->wire_tx & ~tx) == 0);
	CHECK((p->wire_rx & RX_NOISE) == 0 && (p->wire_tx & TX_NOISE) == 0);
	if (p->tun_features & (L2K_TUN_F_TSO4 | L2K_TUN_F_TSO6 | L2K_TUN_F_USO4))
		CHECK(p->tun_features & L2K_TUN_F_CSUM);
	if (p->tun_features & L2K_TUN_F_TSO_ECN)
		CHECK(p->tun_features & (L2K_TUN_F_TSO4 | L2K_TUN_F_TSO6));
	/* the kernel is never promised what K cannot carry */
	CHECK(!(p->tun_features & L2K_TUN_F_CSUM) || k->csum);
	CHECK(!(p->tun_features & L2K_TUN_F_TSO4) || k->tso4);
	CHECK(!(p->tun_features & L2K_TUN_F_TSO6) || k->tso6);
	CHECK(!(p->tun_features & L2K_TUN_F_USO4) || k->uso);
	CHECK(!(p->tun_features & L2K_TUN_F_TSO_ECN) || k->ecn);
	/* K's ethdev side follows */
	CHECK(!!(p->kern_rx & RTE_ETH_RX_OFFLOAD_TCP_CKSUM) == csum);
	CHECK(!!(p->kern_rx & RTE_ETH_RX_OFFLOAD_TCP_LRO) == any_gso);
	CHECK(!!(p->kern_tx & RTE_ETH_TX_OFFLOAD_TCP_TSO) == (lro || gro));
	CHECK(!!(p->kern_tx & RTE_ETH_TX_OFFLOAD_UDP_TSO) == (lro && k->uso_in));
	CHECK(!(p->sw & L2K_SW_GRO) || !p->lro_to_kernel);

	/* the line: short, and saying what was chosen */
	if (combos % 7 != 0)
		return;
	n = l2k_offload_describe(p, d, sizeof(d));
	CHECK(n > 0 && n < (int)sizeof(d));
	CHECK_HAS(d, " on P; K sends ");
	CHECK(!!strstr(d, "software: none") == (sw == 0));
	CHECK(!!strstr(d, "K sends finished frames") == (tun == 0));
	CHECK(!!strstr(d, "TSO-ECN") == ecn);
	CHECK(!!strstr(d, "passed to kernel") == rx_csum);
	CHECK(!!strstr(d, "LRO") == lro);
	CHECK(!!strstr(d, "GRO") == gro);
}

static void
test_all_combinations(void)
{
	unsigned int r, t, k, pol;
	struct l2k_offload_plan plan;

	for (r = 0; r < (1U << NB_RX); r++) {
		uint64_t rx = mask_of(rx_bits, NB_RX, r) | RX_NOISE;

		for (t = 0; t < (1U << NB_TX); t++) {
			uint64_t tx = mask_of(tx_bits, NB_TX, t) | TX_NOISE;

			for (k = 0; k < 256; k++) {
				struct l2k_kern_caps kc;

				kern_of(k, &kc);
				for (pol = 0; pol < 64; pol++) {
					struct l2k_offload_policy po = {
						.sw_csum = pol & 1,
						.sw_gso = (uint8_t)((pol >> 1) & 7),
						.wire_tso_ecn = pol & 16,
						.sw_gro = pol & 32,
					};

					l2k_offload_negotiate(rx, tx, &kc, &po, &plan);
					check_one(rx, tx, &kc, &po, &plan);
				}
			}
		}
	}
	CHECK(combos == (1U << NB_RX) * (1U << NB_TX) * 256 * 64);
}

#define NIC_RX (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
		RTE_ETH_RX_OFFLOAD_UDP_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_LRO | \
		RTE_ETH_RX_OFFLOAD_SCATTER | RTE_ETH_RX_OFFLOAD_VLAN_STRIP)
#define NIC_TX (RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM | \
		RTE_ETH_TX_OFFLOAD_UDP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO | \
		RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_VLAN_INSERT)

static const struct l2k_kern_caps vnet_all = {
	.csum = true, .tso4 = true, .tso6 = true, .uso = true, .ecn = true,
	.csum_valid = true, .gso_in = true, .uso_in = true,
};

static void
test_explicit(void)
{
	struct l2k_offload_policy pol = { .sw_csum = false };
	struct l2k_kern_caps none = { .csum = false };
	struct l2k_offload_plan p, q;
	char d[L2K_OFFLOAD_DESC_LEN];

	/* a NIC with checksums, TSO and LRO, a vnet-header K (rtap, virtio-user) */
	l2k_offload_negotiate(NIC_RX, NIC_TX, &vnet_all, &pol, &p);
	CHECK(p.tun_features == (L2K_TUN_F_CSUM | L2K_TUN_F_TSO4 | L2K_TUN_F_TSO6));
	CHECK(p.wire_tx == (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			    RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
			    RTE_ETH_TX_OFFLOAD_IPV4_CKSUM));
	CHECK(p.wire_rx == (NIC_RX & ~RTE_ETH_RX_OFFLOAD_VLAN_STRIP));
	/* P's LRO frames, TCP or (from a virtual P) UDP, reach the kernel whole */
	CHECK((p.kern_tx & (RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO)) ==
	      (RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_UDP_TSO));
	CHECK(p.sw == L2K_SW_NONE);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "tx csum+tso4+tso6 on P; K sends csum-partial+TSO4+TSO6; rx csum verified "
		  "by P passed to kernel, P's LRO frames passed whole; software: none");

	/* same, the driver vouching for CWR handling: TSO_ECN too */
	pol.wire_tso_ecn = true;
	l2k_offload_negotiate(NIC_RX, NIC_TX, &vnet_all, &pol, &p);
	CHECK(p.tun_features & L2K_TUN_F_TSO_ECN);
	pol.wire_tso_ecn = false;

	/* an AF_XDP or AF_PACKET wire (no offload at all): the kernel finishes everything */
	l2k_offload_negotiate(0, 0, &vnet_all, &pol, &p);
	CHECK(p.tun_features == 0 && p.wire_rx == 0 && p.wire_tx == 0 && p.sw == 0);
	CHECK(p.kern_rx == 0 && p.kern_tx == 0);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "no tx offload on P; K sends finished frames; kernel verifies rx csum; "
		  "software: none");
	/* NULL policy is no policy */
	l2k_offload_negotiate(NIC_RX, NIC_TX, &vnet_all, NULL, &q);
	l2k_offload_negotiate(NIC_RX, NIC_TX, &vnet_all, &pol, &p);
	CHECK(memcmp(&p, &q, sizeof(p)) == 0);

	/* same wire, software allowed to checksum and segment TCP/IPv4 (rte_gso) */
	pol.sw_csum = true;
	pol.sw_gso = L2K_GSO_TCP4;
	l2k_offload_negotiate(0, 0, &vnet_all, &pol, &p);
	CHECK(p.tun_features == (L2K_TUN_F_CSUM | L2K_TUN_F_TSO4 | L2K_TUN_F_TSO_ECN));
	CHECK(p.sw == (L2K_SW_CSUM | L2K_SW_GSO) && p.sw_gso == L2K_GSO_TCP4);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "no tx offload on P; K sends csum-partial+TSO4+TSO-ECN; kernel verifies "
		  "rx csum; software: checksums and TSO4");

	/* a K without a virtio-net header (veth paths): nothing enabled on P */
	l2k_offload_negotiate(NIC_RX, NIC_TX, &none, &pol, &p);
	CHECK(p.tun_features == 0 && p.wire_rx == 0 && p.wire_tx == 0 && p.sw == 0);

	/* P checksums TCP only: UDP partials would be left over, so software or nothing */
	pol.sw_csum = false;
	pol.sw_gso = 0;
	l2k_offload_negotiate(0, RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO,
			      &vnet_all, &pol, &p);
	CHECK(p.tun_features == 0 && p.wire_tx == 0);
	pol.sw_csum = true;
	l2k_offload_negotiate(0, RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO,
			      &vnet_all, &pol, &p);
	CHECK(p.tun_features == (L2K_TUN_F_CSUM | L2K_TUN_F_TSO4 | L2K_TUN_F_TSO6));
	CHECK(p.wire_tx == (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO));
	CHECK(p.sw == L2K_SW_CSUM && p.hw_gso == (L2K_GSO_TCP4 | L2K_GSO_TCP6));
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "tx csum+tso4+tso6 on P; K sends csum-partial+TSO4+TSO6; kernel verifies "
		  "rx csum; software: checksums");

	/* P with USO: the kernel may send UDP GSO */
	pol.sw_csum = false;
	l2k_offload_negotiate(0, NIC_TX | RTE_ETH_TX_OFFLOAD_UDP_TSO, &vnet_all, &pol, &p);
	CHECK(p.tun_features & L2K_TUN_F_USO4 && p.tun_features & L2K_TUN_F_USO6);
	CHECK(p.wire_tx & RTE_ETH_TX_OFFLOAD_UDP_TSO);

	/* LRO needs K to take GSO frames in and to say they are valid */
	none.csum_valid = true;
	l2k_offload_negotiate(NIC_RX, 0, &none, &pol, &p);
	CHECK(p.rx_csum_to_kernel && !p.lro_to_kernel);
	CHECK(!(p.wire_rx & RTE_ETH_RX_OFFLOAD_TCP_LRO));
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "no tx offload on P; K sends finished frames; rx csum verified by P passed "
		  "to kernel; software: none");
}

/* --soft-offload modes: the policy each gives, and the start-up line */
static void
test_soft_modes(void)
{
	struct l2k_offload_policy pol;
	struct l2k_offload_plan p;
	char d[L2K_OFFLOAD_DESC_LEN];

	l2k_offload_policy_of(L2K_SOFT_OFF, &pol);
	CHECK(!pol.sw_csum && pol.sw_gso == 0 && !pol.sw_gro && !pol.wire_tso_ecn);
	l2k_offload_policy_of(L2K_SOFT_ON, &pol);
	CHECK(pol.sw_csum && pol.sw_gso == L2K_GSO_TCP4 && pol.sw_gro && !pol.wire_tso_ecn);
	l2k_offload_policy_of(L2K_SOFT_AUTO, &pol);
	CHECK(!pol.sw_csum && pol.sw_gso == 0 && pol.sw_gro && !pol.wire_tso_ecn);

	/* auto, an af_xdp wire (no offload), rtap K: GRO only, checksums verified first */
	l2k_offload_negotiate(0, 0, &vnet_all, &pol, &p);
	CHECK(p.sw == (L2K_SW_GRO | L2K_SW_RX_CSUM) && p.tun_features == 0);
	CHECK(p.kern_tx == (RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS));
	CHECK(p.wire_rx == 0 && p.wire_tx == 0 && p.kern_rx == 0);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "no tx offload on P; K sends finished frames; kernel verifies rx csum; "
		  "software: GRO (checksums verified first)");
	l2k_offload_describe_soft(L2K_SOFT_AUTO, &p, d, sizeof(d));
	CHECK_STR(d, "auto: GRO on (TCP/IPv4 from P merged for the kernel); checksums and TSO4 "
		  "in software off (measured no faster than the kernel doing them) "
		  "(doc/benchmarks.md)");

	/* auto, P verifies checksums but has no LRO: GRO trusts P's verdict */
	l2k_offload_negotiate(RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM, 0,
			      &vnet_all, &pol, &p);
	CHECK(p.sw == L2K_SW_GRO && p.rx_csum_to_kernel);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_HAS(d, "software: GRO");
	CHECK(strstr(d, "verified first") == NULL);

	/* auto, P with LRO: its frames go whole, no software GRO */
	l2k_offload_negotiate(NIC_RX, NIC_TX, &vnet_all, &pol, &p);
	CHECK(p.lro_to_kernel && p.sw == 0);
	l2k_offload_describe_soft(L2K_SOFT_AUTO, &p, d, sizeof(d));
	CHECK_HAS(d, "auto: GRO not needed (P's LRO)");

	/* auto, a veth K (af_xdp, af_packet): cannot take GSO frames in */
	{
		struct l2k_kern_caps none = { .csum = false };

		l2k_offload_negotiate(0, 0, &none, &pol, &p);
		CHECK(p.sw == 0 && p.kern_tx == 0);
		l2k_offload_describe_soft(L2K_SOFT_AUTO, &p, d, sizeof(d));
		CHECK_HAS(d, "GRO off (K cannot take GSO frames in)");
	}

	/* on, an af_xdp wire: the kernel may send partial checksums and TSO4 (with ECN) */
	l2k_offload_policy_of(L2K_SOFT_ON, &pol);
	l2k_offload_negotiate(0, 0, &vnet_all, &pol, &p);
	CHECK(p.sw == (L2K_SW_CSUM | L2K_SW_GSO | L2K_SW_GRO | L2K_SW_RX_CSUM));
	CHECK(p.tun_features == (L2K_TUN_F_CSUM | L2K_TUN_F_TSO4 | L2K_TUN_F_TSO_ECN));
	CHECK(p.sw_gso == L2K_GSO_TCP4 && p.hw_gso == 0);
	l2k_offload_describe(&p, d, sizeof(d));
	CHECK_STR(d, "no tx offload on P; K sends csum-partial+TSO4+TSO-ECN; kernel verifies "
		  "rx csum; software: checksums and TSO4 and GRO (checksums verified first)");
	l2k_offload_describe_soft(L2K_SOFT_ON, &p, d, sizeof(d));
	CHECK_STR(d, "on: GRO on (TCP/IPv4 from P merged for the kernel); checksums and TSO4 "
		  "in software on");

	/* off: nothing, whatever the wire */
	l2k_offload_policy_of(L2K_SOFT_OFF, &pol);
	l2k_offload_negotiate(0, 0, &vnet_all, &pol, &p);
	CHECK(p.sw == 0 && p.tun_features == 0 && p.kern_tx == 0);
	l2k_offload_describe_soft(L2K_SOFT_OFF, &p, d, sizeof(d));
	CHECK_STR(d, "off: GRO off; checksums and TSO4 in software off");
}

int
main(void)
{
	test_explicit();
	test_soft_modes();
	test_all_combinations();
	return test_result("offload");
}
