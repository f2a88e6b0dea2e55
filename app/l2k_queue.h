/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

#ifndef L2K_QUEUE_H
#define L2K_QUEUE_H

/**
 * @file
 * Queueing building blocks of the forwarding path: byte queue limits,
 * CoDel, flow-queue CoDel, ECN marking, a token bucket shaper, and the
 * length of a kernel ring the application cannot manage.
 *
 * All of it is pure: no EAL, no system call, no allocation after init.
 * Time is an argument everywhere ("now"), in nanoseconds unless a
 * function says otherwise, so that tests can script it; any monotonic
 * unit works for dql.c and codel.c as long as the durations given at init
 * are in the same unit (the data path may use TSC cycles and convert the
 * durations once). Nothing here is thread-safe: one lcore owns each object.
 *
 * Return convention as in l2k.h: 0 or positive on success, -errno on failure.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* dql.c */

/** Default slack hold time: one second, as Linux (HZ). */
#define L2K_DQL_HOLD_NS 1000000000ULL
/** Largest object (packet, burst) one l2k_dql_queued() may account. */
#define L2K_DQL_MAX_OBJECT (UINT32_MAX / 16)
/** Largest limit, leaving room for wrap-safe arithmetic. */
#define L2K_DQL_MAX_LIMIT ((UINT32_MAX / 2) - L2K_DQL_MAX_OBJECT)

/**
 * Dynamic byte queue limit of one TX queue (Linux lib/dynamic_queue_limits.c).
 * Counters are 32-bit and wrap; all comparisons are modular.
 */
struct l2k_dql {
	/* written per queued object */
	uint32_t num_queued;        /**< bytes ever queued */
	uint32_t adj_limit;         /**< limit + num_completed */
	uint32_t last_obj_cnt;      /**< size of the last queued object */
	/* written per completion */
	uint32_t limit;             /**< current limit in bytes */
	uint32_t num_completed;     /**< bytes ever completed */
	uint32_t prev_ovlimit;      /**< over-limit amount at the last completion */
	uint32_t prev_num_queued;   /**< num_queued at the last completion */
	uint32_t prev_last_obj_cnt; /**< last_obj_cnt at the last completion */
	uint32_t lowest_slack;      /**< smallest slack seen since slack_start */
	bool slack_started;         /**< slack_start holds a time */
	uint64_t slack_start;       /**< start of the current slack interval */
	/* configuration */
	uint32_t min_limit;
	uint32_t max_limit;
	uint64_t slack_hold_time;
};

/**
 * Set up a byte queue limit.
 *
 * @param hold_time_ns
 *   How long slack must persist before the limit shrinks; 0: L2K_DQL_HOLD_NS.
 * @param min_limit
 *   Smallest limit in bytes (also the starting limit).
 * @param max_limit
 *   Largest limit in bytes; 0: L2K_DQL_MAX_LIMIT.
 * @return
 *   0, or -EINVAL when min_limit > max_limit or max_limit > L2K_DQL_MAX_LIMIT.
 */
int l2k_dql_init(struct l2k_dql *dql, uint64_t hold_time_ns, uint32_t min_limit,
		 uint32_t max_limit);

/** Forget everything queued and completed; the limit restarts at min_limit. */
void l2k_dql_reset(struct l2k_dql *dql);

/**
 * Account bytes handed to the TX queue (what rte_eth_tx_burst() accepted).
 * At most L2K_DQL_MAX_OBJECT bytes per call.
 */
static inline void
l2k_dql_queued(struct l2k_dql *dql, uint32_t bytes)
{
	dql->last_obj_cnt = bytes;
	dql->num_queued += bytes;
}

/**
 * Bytes that may still be queued: while it is >= 0 more may be sent (the
 * last object may overshoot, as in Linux); negative when over the limit.
 */
static inline int32_t
l2k_dql_avail(const struct l2k_dql *dql)
{
	return (int32_t)(dql->adj_limit - dql->num_queued);
}

/** Bytes queued and not completed yet. */
static inline uint32_t
l2k_dql_inflight(const struct l2k_dql *dql)
{
	return dql->num_queued - dql->num_completed;
}

/**
 * Account bytes the device finished with and recompute the limit: it grows
 * when the queue starved, shrinks by the smallest slack seen once slack has
 * persisted for the hold time. More than l2k_dql_inflight() is clamped.
 */
void l2k_dql_completed(struct l2k_dql *dql, uint32_t bytes, uint64_t now_ns);

/* codel.c */

#define L2K_CODEL_TARGET_NS 5000000ULL     /**< 5 ms */
#define L2K_CODEL_INTERVAL_NS 100000000ULL /**< 100 ms */
#define L2K_CODEL_MTU 1514                 /**< an Ethernet frame without FCS */

/** What to do with the packet just dequeued. */
enum l2k_codel_verdict {
	L2K_CODEL_PASS = 0, /**< send it */
	L2K_CODEL_MARK,     /**< set ECN CE, then send it */
	L2K_CODEL_DROP,     /**< drop it and dequeue the next one */
};

/** CoDel parameters, shared by all the queues of a flow-queue. */
struct l2k_codel_params {
	uint64_t target;   /**< acceptable standing sojourn time */
	uint64_t interval; /**< sliding window, about a worst-case RTT (< 2^32 units) */
	uint32_t mtu;      /**< no drop while the backlog is at most this many bytes */
	bool ecn;          /**< mark ECN-capable packets instead of dropping them */
};

/** CoDel state of one queue (Linux include/net/codel.h, codel_vars). */
struct l2k_codel {
	uint64_t first_above;  /**< when sojourn may be declared too long; 0: below */
	uint64_t drop_next;    /**< time of the next drop in the dropping state */
	uint32_t count;        /**< drops since entering the dropping state */
	uint32_t lastcount;    /**< count when the dropping state was last entered */
	uint32_t rec_inv_sqrt; /**< 1/sqrt(count), Q0.32 */
	bool dropping;
	uint8_t pending;       /**< what the previous drop left for this packet */
};

/** Default parameters in nanoseconds: 5 ms, 100 ms, 1514 bytes, ECN on. */
void l2k_codel_params_init(struct l2k_codel_params *p);

/** Start a queue's state: not dropping. */
void l2k_codel_init(struct l2k_codel *c);

/**
 * Decide on one packet just taken from the head of the queue.
 *
 * Called for every dequeued packet in order, including those it says to
 * drop. The caller marks (L2K_CODEL_MARK) or frees (L2K_CODEL_DROP) the
 * packet; it marks only what it said was ECN-capable.
 *
 * @param sojourn
 *   now minus the packet's enqueue time.
 * @param backlog
 *   Bytes still queued once this packet is out (the whole flow-queue's).
 * @param ecn_capable
 *   The packet is ECT(0), ECT(1) or CE (l2k_ecn_classify()).
 */
enum l2k_codel_verdict l2k_codel_decide(struct l2k_codel *c, const struct l2k_codel_params *p,
					uint64_t sojourn, uint64_t now, uint32_t backlog,
					bool ecn_capable);

/** Tell CoDel its queue is empty: it leaves the dropping state. */
void l2k_codel_empty(struct l2k_codel *c);

/* fq_codel.c */

#define L2K_FQ_FLOWS 1024     /**< default number of flow queues */
#define L2K_FQ_LIMIT 1024     /**< default packet limit */
#define L2K_FQ_QUANTUM 1514   /**< default DRR quantum in bytes */
#define L2K_FQ_DROP_BATCH 64  /**< most packets dropped at once when over the limit */

/** Called with every packet the flow-queue drops; the caller frees it. */
typedef void (*l2k_fq_drop_t)(void *pkt, void *arg);

/** Flow-queue configuration; l2k_fq_conf_init() fills the defaults. */
struct l2k_fq_conf {
	uint32_t nb_flows;    /**< flow queues, a power of two */
	uint32_t limit_pkts;  /**< packets held at most (also the preallocated records) */
	uint32_t limit_bytes; /**< bytes held at most, 0: no byte limit */
	uint32_t quantum;     /**< DRR quantum in bytes */
	uint32_t drop_batch;  /**< most packets dropped from the fattest flow at once */
	struct l2k_codel_params codel;
	l2k_fq_drop_t drop;   /**< required */
	void *drop_arg;
};

/** Counters of a flow-queue. */
struct l2k_fq_stats {
	uint64_t enqueued;
	uint64_t dequeued;
	uint64_t codel_drops;     /**< dropped by CoDel at dequeue */
	uint64_t ce_marks;        /**< handed out to be marked CE */
	uint64_t overlimit_drops; /**< dropped from the fattest flow at enqueue */
};

struct l2k_fq_flow;
struct l2k_fq_rec;

/**
 * Flow-queue CoDel (Linux net/sched/sch_fq_codel.c) over opaque packets.
 * Lives in one block of l2k_fq_memsize() bytes the caller allocated.
 */
struct l2k_fq {
	uint32_t qlen;         /**< packets held */
	uint32_t backlog;      /**< bytes held */
	uint32_t flow_shift;   /**< 32 - log2(nb_flows): hash >> flow_shift picks the flow */
	uint32_t free_rec;     /**< first free record */
	uint32_t head[2], tail[2]; /**< new and old flow lists, NIL-terminated */
	uint32_t new_flow_count;
	struct l2k_fq_conf conf;
	struct l2k_fq_stats stats;
	struct l2k_fq_flow *flows;  /**< [nb_flows] */
	uint32_t *backlogs;         /**< [nb_flows] bytes per flow */
	struct l2k_fq_rec *recs;    /**< [limit_pkts + 1] */
};

/** Defaults: 1024 flows, 1024 packets, no byte limit, 1514-byte quantum, CoDel defaults. */
void l2k_fq_conf_init(struct l2k_fq_conf *conf);

/** Bytes a flow-queue with this configuration needs; 0 when it is invalid. */
size_t l2k_fq_memsize(const struct l2k_fq_conf *conf);

/**
 * Set up a flow-queue in 'mem' (l2k_fq_memsize() bytes, 8-byte aligned at least).
 *
 * @return
 *   0, -EINVAL for a bad configuration (flows not a power of two, zero
 *   limit or quantum, no drop callback), -ENOSPC when memlen is too small.
 */
int l2k_fq_init(struct l2k_fq *fq, size_t memlen, const struct l2k_fq_conf *conf);

/**
 * Queue a packet. When this makes the queue exceed its packet or byte
 * limit, up to drop_batch packets are dropped from the head of the flow
 * holding the most bytes (which may be this packet's).
 *
 * @param hash
 *   Flow hash (RSS or software); its high bits pick the flow queue, since
 *   the low bits of an RSS hash are the same for all packets of a queue.
 * @return
 *   Number of packets dropped to make room (passed to the drop callback).
 */
unsigned int l2k_fq_enqueue(struct l2k_fq *fq, void *pkt, uint32_t len, uint32_t hash,
			    bool ecn_capable, uint64_t now);

/**
 * Take the next packet to send, by DRR over the flows (new flows first),
 * CoDel deciding per flow; packets CoDel drops go to the drop callback.
 *
 * @param[out] len
 *   The packet's length as given to l2k_fq_enqueue().
 * @param[out] mark_ce
 *   true when the caller must set ECN CE on it (l2k_ecn_set_ce()).
 * @return
 *   The packet, or NULL when the queue is empty.
 */
void *l2k_fq_dequeue(struct l2k_fq *fq, uint64_t now, uint32_t *len, bool *mark_ce);

/** Hand every queued packet to the drop callback (not counted as a drop). */
void l2k_fq_purge(struct l2k_fq *fq);

/* ecn.c */

/** ECN field of IPv4 TOS / IPv6 traffic class (RFC 3168). */
enum l2k_ecn {
	L2K_ECN_NOT_ECT = 0,
	L2K_ECN_ECT1 = 1,
	L2K_ECN_ECT0 = 2,
	L2K_ECN_CE = 3,
};

/**
 * Find the IP header of an Ethernet frame (up to two VLAN tags, 802.1Q or
 * 802.1ad) and read its ECN field.
 *
 * @param[out] l3_off
 *   Offset of the IPv4/IPv6 header in the frame.
 * @param[out] is_ipv6
 *   Whether it is IPv6.
 * @return
 *   The ECN codepoint (enum l2k_ecn); -EINVAL when the frame is truncated
 *   or the IP header malformed; -EPROTONOSUPPORT when it is not IP.
 */
int l2k_ecn_classify(const uint8_t *frame, size_t len, uint16_t *l3_off, bool *is_ipv6);

/**
 * Set ECN CE on an IPv4 or IPv6 header, fixing the IPv4 header checksum
 * incrementally (RFC 1624).
 *
 * @param l3
 *   The IP header; len bytes of it are readable and writable.
 * @return
 *   1 when the packet is now CE (it was ECT or already CE), 0 when it is
 *   Not-ECT (left alone: drop it instead), -EINVAL when too short or not
 *   the IP version announced.
 */
int l2k_ecn_set_ce(uint8_t *l3, size_t len, int is_ipv6);

/* shaper.c */

#define L2K_SHAPER_MIN_BURST (2 * 1514) /**< smallest default burst */
#define L2K_SHAPER_MAX_BURST (1U << 28) /**< largest burst in bytes */
#define L2K_SHAPER_MAX_PKT (1U << 24)   /**< larger packets are accounted as this */
#define L2K_RATE_MAX 10000000000000ULL  /**< 10 Tbit/s */
/**
 * Time a late poller may catch up beyond the bucket while frames waited
 * (l2k_shaper_may_send()): with the 1 ms default bucket, a burst after a
 * late poll drains downstream within 5 ms, CoDel's default target.
 */
#define L2K_SHAPER_CATCHUP_NS 4000000ULL

/**
 * Token bucket. Tokens are kept in bit-nanoseconds (bits * 1e9) so that
 * refilling is an exact multiplication by the rate in bit/s: no division
 * and no rounding per packet.
 */
struct l2k_shaper {
	int64_t tokens;      /**< bit-ns available; negative after an oversized packet */
	int64_t burst;       /**< bucket size in bit-ns */
	int64_t catchup;     /**< depth beyond burst while frames wait, bit-ns */
	uint64_t rate_bps;
	uint64_t max_gap;    /**< refill time from the deepest debt to full, in ns */
	uint64_t last;       /**< time of the last refill, ns */
	uint64_t lost_bytes; /**< rate lost while frames waited, beyond the catch-up */
	uint32_t burst_bytes;
};

/**
 * Set up a shaper, bucket full.
 *
 * @param burst_bytes
 *   Bucket size; 0: max(L2K_SHAPER_MIN_BURST, what the rate sends in 1 ms).
 * @return
 *   0, -EINVAL for a zero rate, -ERANGE for a rate above L2K_RATE_MAX or a
 *   burst above L2K_SHAPER_MAX_BURST.
 */
int l2k_shaper_init(struct l2k_shaper *sh, uint64_t rate_bps, uint32_t burst_bytes,
		    uint64_t now_ns);

/**
 * Refill the bucket up to now and tell whether a packet of this size may
 * leave. A packet larger than the bucket may leave when the bucket is
 * full; it then leaves the bucket in debt.
 *
 * @param waited
 *   Frames waited for tokens since the previous call: the time since then
 *   was the link's, and a poller that comes back late (descheduled, a slow
 *   round) may catch it up, L2K_SHAPER_CATCHUP_NS of the rate beyond the
 *   bucket; what is beyond that is counted in lost_bytes. Without it the
 *   bucket caps at its burst, as after idle time.
 */
bool l2k_shaper_may_send(struct l2k_shaper *sh, uint32_t bytes, uint64_t now_ns, bool waited);

/** Take a sent packet's tokens (after l2k_shaper_may_send() said yes). */
void l2k_shaper_consume(struct l2k_shaper *sh, uint32_t bytes);

/**
 * Bytes a frame puts on the wire, as Linux's qdisc_pkt_len_init() counts a
 * GSO packet: its headers once per segment. A frame of pkt_len bytes whose
 * headers take hdr_len and whose payload is cut into segments of seg_size
 * bytes.
 *
 * @return
 *   pkt_len + (segments - 1) * hdr_len; pkt_len when seg_size is 0 or
 *   hdr_len leaves no payload; at most L2K_SHAPER_MAX_PKT.
 */
uint32_t l2k_wire_bytes(uint32_t pkt_len, uint32_t hdr_len, uint32_t seg_size);

/**
 * Parse a rate in tc notation: a decimal number, optionally with a
 * fraction, then a unit, case-insensitive: bit, kbit, mbit, gbit, tbit,
 * kibit, mibit, gibit, tibit (bits per second), bps, kbps, mbps, gbps, tbps,
 * kibps, mibps, gibps, tibps (bytes per second). No unit: bits per second.
 *
 * @return
 *   0 with *bps set; -EINVAL (not a number, unknown unit, zero) or -ERANGE
 *   (above L2K_RATE_MAX), with err naming the problem.
 */
int l2k_rate_parse(const char *s, uint64_t *bps, char *err, size_t errlen);

/* ringsize.c */

/** Intervals whose flows are counted together. */
#define L2K_RING_WINDOW 5

/**
 * Length of a kernel ring the application cannot manage (K's TUN ring where
 * a direction has no queue of its own), from the number of bulk flows
 * through it: a lone flow needs room for its bursts and a loss's recovery,
 * many flows share the room, and each frame in the ring delays all the
 * others. Fed once per interval with a bitmap of the flows seen in it (a
 * bit per flow hash).
 */
struct l2k_ring_sizer {
	uint32_t min;                     /**< frames: many flows */
	uint32_t max;                     /**< frames: one flow */
	uint64_t seen[L2K_RING_WINDOW];   /**< flows of the last intervals */
	unsigned int next;                /**< where the next interval goes */
};

/**
 * The ring for 'flows' bulk flows: the largest of max, max / 2, max / 4 ...
 * that is at most max / flows, and not below min (then the smallest such
 * halving at or above min); max when there are none.
 */
uint32_t l2k_ring_for_flows(uint32_t min, uint32_t max, unsigned int flows);

/**
 * Set up a sizer, no flows seen yet.
 * @return 0; -EINVAL when min is 0 or above max.
 */
int l2k_ring_sizer_init(struct l2k_ring_sizer *s, uint32_t min, uint32_t max);

/**
 * One interval's flows. The flows counted are those of the last
 * L2K_RING_WINDOW intervals together: a flow that arrives shortens the
 * ring at once, one that leaves (or pauses, as a TCP flow waiting for a
 * retransmission timeout does) gives its share back only after the whole
 * window. Frames of the same flow set the same bit; two flows that hash to
 * one bit count as one.
 *
 * @return
 *   the length the ring should have now (the caller compares it with the
 *   length it set), or 0 when the window holds no flow: keep the ring as
 *   it is.
 */
uint32_t l2k_ring_sizer_update(struct l2k_ring_sizer *s, uint64_t flow_bits);

/** Flows in a bitmap of flow hashes. */
unsigned int l2k_ring_flows(uint64_t bits);

/* What one round of a queued direction sends (fwd.c). */

/** Frames a round sends from its queue before it looks at their length. */
#define L2K_SEND_ROUND 16
/**
 * A round whose first L2K_SEND_ROUND frames came to fewer bytes than this
 * (small frames only: acknowledgements, pings, a small-frame flood) goes
 * on to a whole burst.
 */
#define L2K_SEND_SMALL_BYTES 16384

/**
 * Frames a round may still send after 'sent' frames of 'bytes' bytes, in
 * rounds of at most 'burst' frames. Sending to a kernel-backed port runs
 * the kernel's receive on the sender's core, and its work grows with the
 * bytes: a round of GSO frames stops at L2K_SEND_ROUND, one of small
 * frames does not.
 */
static inline uint16_t
l2k_send_round_more(uint16_t sent, uint64_t bytes, uint16_t burst)
{
	uint16_t first = burst < L2K_SEND_ROUND ? burst : L2K_SEND_ROUND;

	if (sent < first)
		return first - sent;
	if (sent < burst && bytes < L2K_SEND_SMALL_BYTES)
		return burst - sent;
	return 0;
}

#endif /* L2K_QUEUE_H */
