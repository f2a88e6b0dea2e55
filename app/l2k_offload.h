/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_OFFLOAD_H
#define L2K_OFFLOAD_H

/**
 * @file
 * Offload negotiation between a wire port P and its kernel port K, as a
 * pure function (offload.c): what P's hardware can do (ethdev capability
 * masks) against what the kernel path can carry (virtio-net header
 * features), giving what to enable on each side, what the kernel may send,
 * and which gaps the application fills in software.
 *
 * Rule: the intersection. The kernel is told it may send checksum-partial
 * or GSO frames only when P finishes them in hardware or the policy allows
 * the application to finish them in software; nothing is enabled on P that
 * no frame will use.
 *
 * <rte_ethdev.h> is included for the RTE_ETH_*_OFFLOAD_* constants only.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "l2k_config.h"

/** @name Features the kernel may send on K (linux/if_tun.h TUN_F_*, same values) */
/**@{*/
#define L2K_TUN_F_CSUM 0x01     /**< checksum partial (NEEDS_CSUM) */
#define L2K_TUN_F_TSO4 0x02
#define L2K_TUN_F_TSO6 0x04
#define L2K_TUN_F_TSO_ECN 0x08  /**< TSO frames with CWR set */
#define L2K_TUN_F_USO4 0x20     /**< UDP segmentation (Linux >= 6.2) */
#define L2K_TUN_F_USO6 0x40
/**@}*/

/** @name Segmentation kinds (policy and plan) */
/**@{*/
#define L2K_GSO_TCP4 0x01
#define L2K_GSO_TCP6 0x02
#define L2K_GSO_UDP 0x04
/**@}*/

/** @name Gaps filled in software */
/**@{*/
#define L2K_SW_NONE 0
#define L2K_SW_CSUM 0x01 /**< L4 checksums P cannot compute */
#define L2K_SW_GSO 0x02  /**< segmentation P cannot do */
#define L2K_SW_GRO 0x04  /**< TCP/IPv4 from P merged into GSO frames for the kernel */
#define L2K_SW_RX_CSUM 0x08 /**< checksums of what GRO merges verified in software */
/**@}*/

/** What the kernel path K can exchange with the kernel (virtio-net header). */
struct l2k_kern_caps {
	bool csum;       /**< checksum-partial frames from the kernel (NEEDS_CSUM) */
	bool tso4;       /**< TCP/IPv4 GSO frames from the kernel */
	bool tso6;       /**< TCP/IPv6 GSO frames from the kernel */
	bool uso;        /**< UDP GSO frames from the kernel (USO) */
	bool ecn;        /**< TSO frames with CWR from the kernel (GSO_ECN) */
	bool csum_valid; /**< tell the kernel a checksum was verified (DATA_VALID) */
	bool gso_in;     /**< hand TCP GSO frames (P's LRO) into the kernel */
	bool uso_in;     /**< hand UDP GSO frames (a virtual P's LRO) into the kernel */
};

/** What the application may do in software; decided by measurement (doc/). */
struct l2k_offload_policy {
	bool sw_csum;      /**< compute L4 checksums P cannot */
	uint8_t sw_gso;    /**< L2K_GSO_* kinds it can segment (rte_gso: TCP4 only in 22.11) */
	/** P's TSO keeps CWR on the first segment only (no ethdev bit says so) */
	bool wire_tso_ecn;
	bool sw_gro;       /**< merge TCP/IPv4 from P into GSO frames (rte_gro) */
};

/** Outcome of the negotiation. */
struct l2k_offload_plan {
	uint64_t wire_rx;       /**< RTE_ETH_RX_OFFLOAD_* to enable on P */
	uint64_t wire_tx;       /**< RTE_ETH_TX_OFFLOAD_* to enable on P */
	uint64_t kern_rx;       /**< RTE_ETH_RX_OFFLOAD_* to request on K (from the kernel) */
	uint64_t kern_tx;       /**< RTE_ETH_TX_OFFLOAD_* to request on K (to the kernel) */
	uint32_t tun_features;  /**< L2K_TUN_F_*: what the kernel may send */
	uint32_t sw;            /**< L2K_SW_* */
	uint8_t sw_gso;         /**< L2K_GSO_* kinds segmented in software */
	uint8_t hw_gso;         /**< L2K_GSO_* kinds segmented by P */
	bool rx_csum_to_kernel; /**< P's RX checksum verdict becomes DATA_VALID */
	bool lro_to_kernel;     /**< P's LRO frames go into the kernel whole */
};

/** Length that always holds l2k_offload_describe()'s text. */
#define L2K_OFFLOAD_DESC_LEN 256

/* offload.c */

/**
 * Negotiate the offloads of one port pair.
 *
 * @param wire_rx_capa
 *   P's dev_info.rx_offload_capa.
 * @param wire_tx_capa
 *   P's dev_info.tx_offload_capa.
 * @param kern
 *   What K can carry; its PMD's capabilities are already folded in.
 * @param pol
 *   Software fill-ins allowed; NULL: none.
 */
void l2k_offload_negotiate(uint64_t wire_rx_capa, uint64_t wire_tx_capa,
			   const struct l2k_kern_caps *kern, const struct l2k_offload_policy *pol,
			   struct l2k_offload_plan *plan);

/**
 * The policy of a --soft-offload mode: auto is what doc/benchmarks.md
 * measured faster than leaving the work to the kernel (GRO only), on is
 * everything the application can do (checksums, TCP/IPv4 segmentation,
 * GRO), off is nothing.
 */
void l2k_offload_policy_of(enum l2k_soft_mode mode, struct l2k_offload_policy *pol);

/**
 * One line for the start-up print, after "soft-offload: ": the mode, what
 * it does for this pair and why.
 *
 * @return
 *   Length of the text (snprintf convention).
 */
int l2k_offload_describe_soft(enum l2k_soft_mode mode, const struct l2k_offload_plan *plan,
			      char *buf, size_t len);

/**
 * One line for the start-up print, after "offloads: ", e.g.
 * "tx csum+tso4+tso6 on P; K sends csum+TSO4+TSO6; rx csum verified by P
 * passed to kernel; software: none".
 *
 * @return
 *   Length of the text (snprintf convention).
 */
int l2k_offload_describe(const struct l2k_offload_plan *plan, char *buf, size_t len);

/**
 * What the receiving port said about a frame, made into what the sending
 * port must do (per packet, forwarding lcores): a GSO frame (RX_LRO, e.g.
 * a TSO frame of the kernel on rtap) is marked for TSO/USO, a frame whose
 * L4 checksum is partial (RX_L4_CKSUM_NONE) for checksum offload; frames
 * already complete are left alone. No payload byte is read or written.
 *
 * @param tx
 *   RTE_ETH_TX_OFFLOAD_* enabled on the sending port.
 * @return
 *   1 marked for segmentation, 0 nothing else to do, -1 the sending port
 *   cannot finish this frame (the caller drops and counts it).
 */
static inline int
l2k_offload_prep(struct rte_mbuf *m, uint64_t tx)
{
	uint64_t fl = m->ol_flags, out;
	uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;
	bool tcp = l4 == RTE_PTYPE_L4_TCP, udp = l4 == RTE_PTYPE_L4_UDP;
	bool v4 = RTE_ETH_IS_IPV4_HDR(m->packet_type);

	if (fl & RTE_MBUF_F_RX_LRO) {
		if (tcp && (tx & RTE_ETH_TX_OFFLOAD_TCP_TSO))
			out = RTE_MBUF_F_TX_TCP_SEG;
		else if (udp && (tx & RTE_ETH_TX_OFFLOAD_UDP_TSO))
			out = RTE_MBUF_F_TX_UDP_SEG;
		else
			return -1;
	} else if ((fl & RTE_MBUF_F_RX_L4_CKSUM_MASK) == RTE_MBUF_F_RX_L4_CKSUM_NONE) {
		if (tcp && (tx & RTE_ETH_TX_OFFLOAD_TCP_CKSUM))
			out = RTE_MBUF_F_TX_TCP_CKSUM;
		else if (udp && (tx & RTE_ETH_TX_OFFLOAD_UDP_CKSUM))
			out = RTE_MBUF_F_TX_UDP_CKSUM;
		else
			return -1;
	} else {
		return 0;
	}
	if (m->l2_len == 0 || m->l3_len == 0 || m->l4_len == 0 ||
	    !(v4 || RTE_ETH_IS_IPV6_HDR(m->packet_type)))
		return -1;
	if (v4)
		out |= RTE_MBUF_F_TX_IPV4 |
		       ((tx & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) ? RTE_MBUF_F_TX_IP_CKSUM : 0);
	else
		out |= RTE_MBUF_F_TX_IPV6;
	m->ol_flags = fl | out;
	return (out & (RTE_MBUF_F_TX_TCP_SEG | RTE_MBUF_F_TX_UDP_SEG)) != 0;
}

#endif /* L2K_OFFLOAD_H */
