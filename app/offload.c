/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Offload negotiation (design card, "Offloads"), pure: capability bits in,
 * a plan out; the ethdev and TUN calls that apply it belong to port.c and
 * the kernel paths.
 *
 * P -> K: P's RX checksum verdict is worth passing only if K can say
 * DATA_VALID; P's LRO frames only if K can hand GSO frames to the kernel
 * and say they are valid.
 *
 * K -> P: the kernel may leave checksums partial only if every such frame
 * can be finished (P's TX TCP and UDP checksum, else software); it may send
 * TCP or UDP GSO frames only if P segments them (TSO/USO) or software may,
 * and only with partial checksums allowed (tun refuses TSO without CSUM).
 * TSO_ECN needs a segmenter that keeps CWR on the first segment only:
 * software, or P when the policy vouches for its driver.
 */

#include <stdio.h>
#include <linux/if_tun.h>

#include "l2k_offload.h"

_Static_assert(L2K_TUN_F_CSUM == TUN_F_CSUM && L2K_TUN_F_TSO4 == TUN_F_TSO4 &&
	       L2K_TUN_F_TSO6 == TUN_F_TSO6 && L2K_TUN_F_TSO_ECN == TUN_F_TSO_ECN,
	       "TUN_F_* values");
#ifdef TUN_F_USO4
_Static_assert(L2K_TUN_F_USO4 == TUN_F_USO4 && L2K_TUN_F_USO6 == TUN_F_USO6, "TUN_F_USO*");
#endif

#define RX_CSUM (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
		 RTE_ETH_RX_OFFLOAD_UDP_CKSUM)
#define RX_L4_CSUM (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM)
#define TX_L4_CSUM (RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM)

static const struct l2k_offload_policy no_policy;

/* The kernel's partial checksums can all be finished: by P, or in software. */
static void
negotiate_csum(uint64_t tx, const struct l2k_kern_caps *k, const struct l2k_offload_policy *pol,
	       struct l2k_offload_plan *plan)
{
	bool hw = (tx & TX_L4_CSUM) == TX_L4_CSUM;

	if (!k->csum || !(hw || pol->sw_csum))
		return;
	plan->tun_features |= L2K_TUN_F_CSUM;
	plan->wire_tx |= tx & TX_L4_CSUM;
	plan->kern_rx |= RX_L4_CSUM;
	if (!hw)
		plan->sw |= L2K_SW_CSUM;
}

/* One GSO kind: who segments it, if anyone. */
static void
negotiate_gso(bool kern_can, bool hw, uint8_t kind, uint32_t tun,
	      const struct l2k_offload_policy *pol, struct l2k_offload_plan *plan)
{
	if (!kern_can || !(plan->tun_features & L2K_TUN_F_CSUM))
		return;
	if (hw)
		plan->hw_gso |= kind;
	else if (pol->sw_gso & kind)
		plan->sw_gso |= kind;
	else
		return;
	plan->tun_features |= tun;
}

void
l2k_offload_negotiate(uint64_t rx, uint64_t tx, const struct l2k_kern_caps *k,
		      const struct l2k_offload_policy *pol, struct l2k_offload_plan *plan)
{
	bool hw_tso = tx & RTE_ETH_TX_OFFLOAD_TCP_TSO;
	bool hw_uso = tx & RTE_ETH_TX_OFFLOAD_UDP_TSO;
	bool tcp_sw_only;

	if (pol == NULL)
		pol = &no_policy;
	*plan = (struct l2k_offload_plan){ 0 };

	/* P -> K */
	if (k->csum_valid && (rx & RX_L4_CSUM)) {
		plan->rx_csum_to_kernel = true;
		plan->wire_rx |= rx & RX_CSUM;
		/* a virtual P may deliver checksum-partial frames: K passes them on as such */
		plan->kern_tx |= TX_L4_CSUM;
		if (k->gso_in && (rx & RTE_ETH_RX_OFFLOAD_TCP_LRO)) {
			plan->lro_to_kernel = true;
			plan->wire_rx |= rx & (RTE_ETH_RX_OFFLOAD_TCP_LRO |
					       RTE_ETH_RX_OFFLOAD_SCATTER);
			plan->kern_tx |= RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
			/*
			 * A virtual P whose kernel may send it GSO (rtap) takes UDP
			 * GSO frames too (USO): no ethdev bit tells them apart, so
			 * K carries them whole where it can, else they are dropped
			 * and counted.
			 */
			if (k->uso_in)
				plan->kern_tx |= RTE_ETH_TX_OFFLOAD_UDP_TSO;
		}
	}

	/*
	 * P -> K without P's LRO: software GRO where K can carry GSO frames
	 * in and say they are valid; checksums verified first unless P did.
	 */
	if (pol->sw_gro && k->csum_valid && k->gso_in && !plan->lro_to_kernel) {
		plan->sw |= L2K_SW_GRO;
		if (!plan->rx_csum_to_kernel)
			plan->sw |= L2K_SW_RX_CSUM;
		plan->kern_tx |= RTE_ETH_TX_OFFLOAD_TCP_TSO | RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	}

	/* K -> P */
	negotiate_csum(tx, k, pol, plan);
	negotiate_gso(k->tso4, hw_tso, L2K_GSO_TCP4, L2K_TUN_F_TSO4, pol, plan);
	negotiate_gso(k->tso6, hw_tso, L2K_GSO_TCP6, L2K_TUN_F_TSO6, pol, plan);
	negotiate_gso(k->uso, hw_uso, L2K_GSO_UDP, L2K_TUN_F_USO4 | L2K_TUN_F_USO6, pol, plan);

	if (plan->tun_features & (L2K_TUN_F_TSO4 | L2K_TUN_F_TSO6)) {
		tcp_sw_only = !(plan->hw_gso & (L2K_GSO_TCP4 | L2K_GSO_TCP6));
		if (k->ecn && (tcp_sw_only || pol->wire_tso_ecn))
			plan->tun_features |= L2K_TUN_F_TSO_ECN;
	}
	if (plan->hw_gso & (L2K_GSO_TCP4 | L2K_GSO_TCP6))
		plan->wire_tx |= RTE_ETH_TX_OFFLOAD_TCP_TSO;
	if (plan->hw_gso & L2K_GSO_UDP)
		plan->wire_tx |= RTE_ETH_TX_OFFLOAD_UDP_TSO;
	if (plan->hw_gso | plan->sw_gso) {
		/* GSO frames arrive chained; IPv4 segments need their header checksum */
		plan->kern_rx |= RTE_ETH_RX_OFFLOAD_TCP_LRO | RTE_ETH_RX_OFFLOAD_SCATTER;
		plan->wire_tx |= tx & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
		if (plan->hw_gso)
			plan->wire_tx |= tx & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
	}
	if (plan->sw_gso)
		plan->sw |= L2K_SW_GSO;
}

/* Append "sep name" to a list being built in b (n used of len). */
static size_t
add(char *b, size_t len, size_t n, bool *first, const char *sep, const char *name)
{
	int r;

	if (n >= len)
		return n;
	r = snprintf(b + n, len - n, "%s%s", *first ? "" : sep, name);
	*first = false;
	return r < 0 ? n : n + (size_t)r;
}

int
l2k_offload_describe(const struct l2k_offload_plan *p, char *buf, size_t len)
{
	char tx[64] = "", ks[80] = "", sw[96] = "";
	size_t t = 0, k = 0, s = 0;
	bool ft = true, fk = true, fs = true;

	if (p->wire_tx & TX_L4_CSUM)
		t = add(tx, sizeof(tx), t, &ft, "+", "csum");
	if (p->hw_gso & L2K_GSO_TCP4)
		t = add(tx, sizeof(tx), t, &ft, "+", "tso4");
	if (p->hw_gso & L2K_GSO_TCP6)
		t = add(tx, sizeof(tx), t, &ft, "+", "tso6");
	if (p->hw_gso & L2K_GSO_UDP)
		t = add(tx, sizeof(tx), t, &ft, "+", "uso");

	if (p->tun_features & L2K_TUN_F_CSUM)
		k = add(ks, sizeof(ks), k, &fk, "+", "csum-partial");
	if (p->tun_features & L2K_TUN_F_TSO4)
		k = add(ks, sizeof(ks), k, &fk, "+", "TSO4");
	if (p->tun_features & L2K_TUN_F_TSO6)
		k = add(ks, sizeof(ks), k, &fk, "+", "TSO6");
	if (p->tun_features & L2K_TUN_F_TSO_ECN)
		k = add(ks, sizeof(ks), k, &fk, "+", "TSO-ECN");
	if (p->tun_features & L2K_TUN_F_USO4)
		k = add(ks, sizeof(ks), k, &fk, "+", "USO");

	if (p->sw & L2K_SW_CSUM)
		s = add(sw, sizeof(sw), s, &fs, " and ", "checksums");
	if (p->sw_gso & L2K_GSO_TCP4)
		s = add(sw, sizeof(sw), s, &fs, " and ", "TSO4");
	if (p->sw_gso & L2K_GSO_TCP6)
		s = add(sw, sizeof(sw), s, &fs, " and ", "TSO6");
	if (p->sw_gso & L2K_GSO_UDP)
		s = add(sw, sizeof(sw), s, &fs, " and ", "USO");
	if (p->sw & L2K_SW_GRO)
		s = add(sw, sizeof(sw), s, &fs, " and ", (p->sw & L2K_SW_RX_CSUM) ?
			"GRO (checksums verified first)" : "GRO");

	return snprintf(buf, len, "%s%s on P; K sends %s; %s%s; software: %s",
			ft ? "no tx offload" : "tx ", ft ? "" : tx,
			fk ? "finished frames" : ks,
			p->rx_csum_to_kernel ? "rx csum verified by P passed to kernel" :
					       "kernel verifies rx csum",
			p->lro_to_kernel ? ", P's LRO frames passed whole" : "",
			fs ? "none" : sw);
}

void
l2k_offload_policy_of(enum l2k_soft_mode mode, struct l2k_offload_policy *pol)
{
	*pol = (struct l2k_offload_policy){ 0 };
	switch (mode) {
	case L2K_SOFT_ON:
		pol->sw_csum = true;
		pol->sw_gso = L2K_GSO_TCP4; /* all rte_gso of 22.11 segments */
		pol->sw_gro = true;
		break;
	case L2K_SOFT_AUTO:
		/* doc/benchmarks.md: GRO 2-3x faster; csum and TSO4 no gain */
		pol->sw_gro = true;
		break;
	default:
		break;
	}
}

int
l2k_offload_describe_soft(enum l2k_soft_mode mode, const struct l2k_offload_plan *p,
			  char *buf, size_t len)
{
	const char *gro, *tx;

	if (p->sw & L2K_SW_GRO)
		gro = "GRO on (TCP/IPv4 from P merged for the kernel)";
	else if (p->lro_to_kernel)
		gro = "GRO not needed (P's LRO)";
	else if (mode == L2K_SOFT_OFF)
		gro = "GRO off";
	else
		gro = "GRO off (K cannot take GSO frames in)";

	if (p->sw & (L2K_SW_CSUM | L2K_SW_GSO))
		tx = (p->sw & L2K_SW_GSO) ? "checksums and TSO4 in software on" :
					     "checksums in software on";
	else if (mode == L2K_SOFT_AUTO)
		tx = "checksums and TSO4 in software off (measured no faster than the "
		     "kernel doing them)";
	else if (mode == L2K_SOFT_OFF)
		tx = "checksums and TSO4 in software off";
	else
		tx = "checksums and TSO4 in software not needed or not possible";

	return snprintf(buf, len, "%s: %s; %s%s", l2k_soft_mode_name(mode), gro, tx,
			mode == L2K_SOFT_AUTO ? " (doc/benchmarks.md)" : "");
}
