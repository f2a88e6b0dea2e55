#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The Markdown summary of a bench.sh run: summarize.py DIR > DIR/summary.md
#
# Reads DIR/results.tsv (REP PATH TOOL METRIC VALUE, one figure a line; the
# run with no forwarder is PATH "-", TOOL "none"), DIR/meta.tsv (KEY VALUE),
# DIR/failures.txt and the plots in DIR/plots. Every figure is the median
# over the repetitions; ratio = l2fwd-kernel / testpmd.

import os
import statistics
import sys

A, B = "testpmd", "l2fwd-kernel"

# key, label, unit, better ("higher"/"lower"/""), section
METRICS = [
    ("tcp_up", "iperf3 TCP peer -> dut", "Mbit/s", "higher", "Throughput"),
    ("tcp_down", "iperf3 TCP dut -> peer", "Mbit/s", "higher", "Throughput"),
    ("rrul_total", "rrul TCP total", "Mbit/s", "higher", "Throughput"),
    ("rrul_down", "rrul TCP download (dut -> peer)", "Mbit/s", "higher", "Throughput"),
    ("rrul_up", "rrul TCP upload (peer -> dut)", "Mbit/s", "higher", "Throughput"),
    ("udp64_up_kpps", "64-byte UDP peer -> dut, delivered", "kpps", "higher", "Small packets"),
    ("udp64_down_kpps", "64-byte UDP dut -> peer, delivered", "kpps", "higher", "Small packets"),
    ("udp64_up_offered", "64-byte UDP peer -> dut, offered", "kpps", "", "Small packets"),
    ("udp64_down_offered", "64-byte UDP dut -> peer, offered", "kpps", "", "Small packets"),
    ("udp64_up_app", "64-byte UDP peer -> dut, received by iperf3", "kpps", "higher",
     "Small packets"),
    ("udp64_down_app", "64-byte UDP dut -> peer, received by iperf3", "kpps", "higher",
     "Small packets"),
    ("idle_icmp_p50", "idle ping median", "ms", "lower", "Latency"),
    ("idle_icmp_p99", "idle ping p99", "ms", "lower", "Latency"),
    ("idle_added_p50", "idle ping median added by the forwarder", "ms", "lower", "Latency"),
    ("idle_udp_p50", "idle irtt median", "ms", "lower", "Latency"),
    ("idle_udp_p99", "idle irtt p99", "ms", "lower", "Latency"),
    ("rrul_icmp_p50", "rrul ICMP ping median", "ms", "lower", "Latency"),
    ("rrul_icmp_p99", "rrul ICMP ping p99", "ms", "lower", "Latency"),
    ("rrul_udp_p50", "rrul UDP ping median", "ms", "lower", "Latency"),
    ("rrul_udp_p99", "rrul UDP ping p99", "ms", "lower", "Latency"),
    ("cpp64_up", "lcore cycles per packet, 64-byte UDP peer -> dut", "cycles", "lower", "CPU"),
    ("cpp64_down", "lcore cycles per packet, 64-byte UDP dut -> peer", "cycles", "lower", "CPU"),
    ("cpb_tcp_up", "lcore cycles per byte, iperf3 TCP peer -> dut", "cycles", "lower", "CPU"),
    ("cpb_tcp_down", "lcore cycles per byte, iperf3 TCP dut -> peer", "cycles", "lower", "CPU"),
    ("lcore_share", "CPU share the forwarding lcore got (iperf3 runs)", "of a CPU", "", "CPU"),
    ("host_busy", "CPUs busy before the start, harness idle", "of all CPUs", "", "CPU"),
    ("drops", "packets dropped by the forwarder (whole run)", "packets", "lower", "CPU"),
]
LABEL = {m[0]: m for m in METRICS}
# figures about the conditions, not the forwarders
NO_RATIO = {"host_busy"}
# a run is disturbed when others kept more than this share of the CPUs busy
BUSY = 0.10

# the overview of paths: key figures of each forwarder
OVERVIEW = ["rrul_total", "tcp_up", "tcp_down", "udp64_up_kpps", "udp64_down_kpps",
            "idle_added_p50", "rrul_icmp_p99", "cpp64_up"]
SHORT = {
    "rrul_total": "rrul TCP total Mbit/s",
    "tcp_up": "iperf3 up Mbit/s",
    "tcp_down": "iperf3 down Mbit/s",
    "udp64_up_kpps": "64 B up kpps",
    "udp64_down_kpps": "64 B down kpps",
    "idle_added_p50": "idle ping added ms",
    "rrul_icmp_p99": "rrul ping p99 ms",
    "cpp64_up": "cycles/pkt 64 B up",
}


def read_tsv(path):
    try:
        with open(path) as f:
            return [line.rstrip("\n").split("\t") for line in f if line.strip()]
    except OSError:
        return []


def fmt(v):
    if v is None:
        return "-"
    if float(v).is_integer():
        return "%d" % v
    a = abs(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    if a >= 1:
        return "%.2f" % v
    return "%.3f" % v


def ratio(a, b):
    if a is None or b is None or a == 0:
        return "-"
    return "%.2f" % (b / a)


OFF, ON = "l2fwd-kernel-fifo", "l2fwd-kernel-fq_codel"
SHAPED = [
    ("rrul_down", "rrul TCP download (dut -> peer)", "Mbit/s", "higher"),
    ("rrul_up", "rrul TCP upload (peer -> dut)", "Mbit/s", "higher"),
    ("goodput_down", "download goodput, of the shaped rate", "%", "higher"),
    ("goodput_up", "upload goodput, of the shaped rate", "%", "higher"),
    ("rrul_icmp_p50", "rrul ICMP ping median", "ms", "lower"),
    ("rrul_icmp_p99", "rrul ICMP ping p99", "ms", "lower"),
    ("rrul_udp_p50", "rrul UDP ping median", "ms", "lower"),
    ("rrul_udp_p99", "rrul UDP ping p99", "ms", "lower"),
    ("drops", "packets dropped by the forwarder (its queue's drops)", "packets", ""),
]


def shaped(w, meta, vals, paths, cell, med):
    """The shaped rrul: the application's queue with management on and off."""
    bps = float(meta.get("shape_bps", "0") or 0)
    have = [p for p in paths if vals.get((p, ON, "rrul_total")) or
            vals.get((p, OFF, "rrul_total"))]
    if bps <= 0 or not have:
        return
    # goodput per repetition: TCP Mbit/s over the shaped rate
    for p in have:
        for t in (ON, OFF):
            for k, src in (("goodput_down", "rrul_down"), ("goodput_up", "rrul_up")):
                v = vals.get((p, t, src))
                if v:
                    vals[(p, t, k)] = [100.0 * x * 1e6 / bps for x in v]
    w("")
    w("## Shaped to %s both ways: queue management on and off" % meta.get("shape", "?"))
    w("")
    w("l2fwd-kernel with `--shape %s --shape-in %s`: both directions leave the "
      "application at the shaped rate, so the standing queue is its own. *on*: "
      "`--queue fq_codel` (the default: flow queues, CoDel 5 ms / 100 ms, ECN marking); "
      "*off*: `--queue fifo` (one tail-drop FIFO of 1024 frames). flent rrul, %s s; "
      "goodput is TCP payload over the shaped rate (at most some 95 %% with 1500-byte "
      "frames); TCP congestion control %s. Ratio = on / off."
      % (meta.get("shape", "?"), meta.get("shape", "?"), meta.get("rrul_len", "?"),
         meta.get("tcp_cc", "?")))
    for p in have:
        w("")
        w("### %s, shaped" % p)
        w("")
        w("| figure | unit | better | off (fifo) | on (fq_codel) | ratio |")
        w("| --- | --- | --- | ---: | ---: | ---: |")
        for key, label, unit, better in SHAPED:
            if not vals.get((p, ON, key)) and not vals.get((p, OFF, key)):
                continue
            w("| %s | %s | %s | %s | %s | %s |" % (label, unit, better or "-",
                                                    cell(p, OFF, key), cell(p, ON, key),
                                                    ratio(med(p, OFF, key), med(p, ON, key))))


def how_text(w, how):
    """The paragraph that says how the unshaped figures were taken."""
    w("How: 64-byte UDP is `iperf3 -u -l 18 -b 0` (18 bytes of payload: 64-byte frames "
      "with the FCS); *offered* is what iperf3 sent, *delivered* what the receiving "
      "netdev got from the forwarder, *received by iperf3* what reached its socket. "
      "CPU: cycles are %s, over each iperf3 run; packets and bytes are the "
      "forwarder's own port counters (ethdev opackets/obytes of both ports, read through "
      "its telemetry socket). Both forwarders busy-poll: below their capacity the cycles "
      "include empty polls, so the figure is a ceiling of the cost and grows with the CPU "
      "share the lcore got (the *CPU share* row: on 2 cores the kernel's own work also "
      "runs on the lcore's core); compare the forwarders by it only where their shares "
      "are alike. *CPUs busy before the start*: /proc/stat over 1 s before each "
      "forwarder starts, the harness idle; above %d %% the run is marked disturbed. "
      "Idle ping added: the median minus the median of the same ping with no forwarder "
      "(veth straight into dut) in the same repetition." % (how, 100 * BUSY))


def main():
    d = sys.argv[1]
    meta = {r[0]: (r[1] if len(r) > 1 else "") for r in read_tsv(os.path.join(d, "meta.tsv"))}
    rows = read_tsv(os.path.join(d, "results.tsv"))
    reps = int(meta.get("reps", "1") or 1)
    paths = meta.get("paths", "").split()

    vals = {}  # (path, tool, metric) -> [values]
    base = {}  # rep -> idle p50 with no forwarder
    per = {}   # (rep, path, tool, metric) -> value
    for r in rows:
        if len(r) != 5:
            continue
        rep, p, tool, m, v = r
        try:
            v = float(v)
        except ValueError:
            continue
        per[(rep, p, tool, m)] = v
        vals.setdefault((p, tool, m), []).append(v)
        if tool == "none" and m == "idle_icmp_p50":
            base[rep] = v
    # the idle round trip each forwarder adds to the veth's own, repetition by repetition
    for (rep, p, tool, m), v in list(per.items()):
        if m == "idle_icmp_p50" and tool != "none" and rep in base:
            vals.setdefault((p, tool, "idle_added_p50"), []).append(v - base[rep])

    def med(p, tool, m):
        v = vals.get((p, tool, m))
        return statistics.median(v) if v else None

    def cell(p, tool, m):
        v = vals.get((p, tool, m))
        if not v:
            return "-"
        s = fmt(statistics.median(v))
        return s if len(v) >= reps else "%s (n=%d)" % (s, len(v))

    out = []
    w = out.append
    if meta.get("shaped_only") == "1":
        w("# dpdk-l2fwd-kernel shaped, queue management on and off, wire %s"
          % meta.get("wire", "?"))
    else:
        w("# dpdk-l2fwd-kernel against dpdk-testpmd, wire %s" % meta.get("wire", "?"))
    w("")
    w("%s, `%s`." % (meta.get("date", "?"), meta.get("command", "")))
    w("")
    w("## Machine and settings")
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| CPU | %s cores, %s; TSC %s MHz (%s) |" % (meta.get("nproc", "?"), meta.get("cpu", "?"),
                                                 meta.get("tsc_mhz", "?"),
                                                 meta.get("tsc_source", "?")))
    w("| kernel | Linux %s |" % meta.get("kernel", "?"))
    w("| DPDK | %s |" % meta.get("dpdk", "?"))
    w("| memory | --no-huge for both forwarders (hugepages on the host: %s) |"
      % meta.get("hugepages", "?"))
    w("| lcores | 0 control, 1 the one forwarding lcore (both forwarders); the kernel, "
      "the load generators and the receivers share the same %s cores |" % meta.get("nproc", "?"))
    if meta.get("shaped_only") != "1":
        w("| testpmd | io forwarding, `--nb-cores=1`, each driver's default ring sizes |")
    wire = meta.get("wire", "af_xdp")
    if wire == "rtap":
        w("| wire | net_rtap0 whose TAP netdev is the peer's interface: the peer's kernel "
          "may hand it checksum/TSO offloads; testpmd's io forwarding negotiates none |")
    else:
        w("| wire | net_%s0 on veth va; va and the peer's vb have tx checksum, TSO, GSO "
          "and GRO off |" % wire)
    w("| TCP congestion control | %s |" % meta.get("tcp_cc", "?"))
    w("| repetitions | %s (figures are medians; n given when fewer succeeded) |" % reps)
    rl = meta.get("rrul_len", "off")
    if meta.get("shaped_only") == "1":
        w("| runs | shaped flent rrul only, %s s (+ %s s idle before and after) |"
          % (rl, meta.get("rrul_delay", "?")))
    else:
        w("| runs | idle ping 100 x 20 ms, irtt 2 s at 10 ms; iperf3 %s s and 64-byte UDP %s s "
          "each way; flent rrul %s |" % (meta.get("duration", "?"), meta.get("duration", "?"),
                                         "off" if rl == "off" else
                                         "%s s (+ %s s idle before and after)" %
                                         (rl, meta.get("rrul_delay", "?"))))
    w("| source | %s |" % meta.get("git", "?"))
    w("")
    if meta.get("cpu_method") == "perf":
        how = "`perf stat -e cycles` on the forwarding lcore's thread"
    else:
        how = ("the forwarding lcore thread's CPU time (/proc schedstat) x the TSC rate, "
               "since `perf stat -e cycles` counts nothing here")
    if meta.get("shaped_only") == "1":
        w("How: l2fwd-kernel runs with `--shape RATE --shape-in RATE`, so both directions "
          "queue in the application, once with `--queue fq_codel` (queue management on, "
          "the default) and once with `--queue fifo` (a tail-drop FIFO of the same size: "
          "off). Goodput is flent's TCP total of the direction over the shaped rate. "
          "*CPUs busy before the start*: /proc/stat over 1 s before each forwarder starts, "
          "the harness idle; above %d %% the run is marked disturbed." % (100 * BUSY))
    else:
        how_text(w, how)
    w("")

    bl = [vals.get(("-", "none", m)) for m in
          ("idle_icmp_p50", "idle_icmp_p99", "idle_udp_p50", "idle_udp_p99")]
    if bl[0]:
        line = ("No forwarder (veth straight into dut, the kernel alone on every core): "
                "idle ping median %s p99 %s ms; irtt median %s p99 %s ms" % tuple(
                    fmt(statistics.median(v)) if v else "-" for v in bl))
        nf = {m: med("-", "none", m) for m in
              ("tcp_up", "tcp_down", "rrul_total", "rrul_icmp_p50", "rrul_icmp_p99")}
        if nf["tcp_up"] is not None or nf["tcp_down"] is not None:
            line += "; iperf3 peer -> dut %s, dut -> peer %s Mbit/s" % (
                fmt(nf["tcp_up"]), fmt(nf["tcp_down"]))
        if nf["rrul_total"] is not None:
            line += "; rrul TCP total %s Mbit/s, ICMP ping median %s p99 %s ms" % tuple(
                fmt(nf[m]) for m in ("rrul_total", "rrul_icmp_p50", "rrul_icmp_p99"))
        w(line + ".")
        w("")

    busy = sorted(((max(v), p, t) for (p, t, m), v in vals.items()
                   if m == "host_busy" and v and max(v) > BUSY), reverse=True)
    if busy:
        w("**Disturbed:** other work kept %.0f %% of the CPUs busy while the harness "
          "itself was idle (before %s on %s): it competed with the forwarders, the load "
          "generators and the kernel, so the figures of this run are not the forwarders' "
          "own. Read ratios only, and re-run on an idle machine before publishing."
          % (100 * busy[0][0], busy[0][2], busy[0][1]))
        w("")

    w("## Results")
    w("")
    if meta.get("shaped_only") == "1":
        w("Medians; *better* says which way is better.")
    else:
        w("Medians; ratio = l2fwd-kernel / testpmd; *better* says which way is better.")
    for p in paths:
        if not any(t in (A, B) and q == p for (q, t, _m) in vals):
            continue
        w("")
        w("### %s" % p)
        w("")
        w("| figure | unit | better | testpmd | l2fwd-kernel | ratio |")
        w("| --- | --- | --- | ---: | ---: | ---: |")
        for key, label, unit, better, _sect in METRICS:
            if not vals.get((p, A, key)) and not vals.get((p, B, key)):
                continue
            r = "-" if key in NO_RATIO else ratio(med(p, A, key), med(p, B, key))
            w("| %s | %s | %s | %s | %s | %s |" % (label, unit, better or "-",
                                                    cell(p, A, key), cell(p, B, key), r))

    have = [p for p in paths if any(vals.get((p, t, "rrul_total")) or vals.get((p, t, "tcp_up"))
                                    for t in (A, B))]
    if have:
        w("")
        w("## Paths compared")
        w("")
        w("Medians per path, l2fwd-kernel first, testpmd in brackets.")
        w("")
        w("| path | " + " | ".join(SHORT[k] for k in OVERVIEW) + " |")
        w("| --- |" + " ---: |" * len(OVERVIEW))
        for p in have:
            cells = []
            for k in OVERVIEW:
                a, b = med(p, A, k), med(p, B, k)
                cells.append("%s (%s)" % (fmt(b), fmt(a)))
            w("| %s | %s |" % (p, " | ".join(cells)))
        ranks = []
        for key in ("rrul_total", "tcp_up", "udp64_up_kpps", "idle_added_p50"):
            lab, unit, better = LABEL[key][1], LABEL[key][2], LABEL[key][3]
            ranked = [(med(p, B, key), p) for p in have if med(p, B, key) is not None]
            if len(ranked) < 2:
                continue
            ranked.sort(reverse=(better == "higher"))
            ranks.append("- %s, %s first: %s %s" % (
                lab, "highest" if better == "higher" else "lowest",
                ", ".join("%s %s" % (p, fmt(v)) for v, p in ranked), unit))
        if ranks:
            w("")
            w("The paths ranked (l2fwd-kernel):")
            w("")
            out.extend(ranks)

    shaped(w, meta, vals, paths, cell, med)

    pdir = os.path.join(d, "plots")
    pngs = sorted(f for f in os.listdir(pdir) if f.endswith(".png")) if os.path.isdir(pdir) else []
    if pngs:
        w("")
        w("## Plots")
        w("")
        w("flent's own (`flent -p PLOT -i FILE.flent.gz ...`), from repetition 1 but for "
          "box_combine:")
        w("")
        boxes = {"rrul-box_totals.png": "rrul totals, each path and forwarder (box_totals)",
                 "rrul-box_combine.png": "rrul means of the repetitions, each path and "
                                         "forwarder (box_combine)"}
        for f in pngs:
            if f in boxes:
                w("- [%s](plots/%s)" % (boxes[f], f))
        for p in paths:
            links = []
            for f in pngs:
                if f.startswith("shaped-%s-" % p):
                    what = f[len("shaped-%s-" % p):-4]
                    links.append("[shaped %s](plots/%s)" % (what.replace("-all_scaled",
                                                                        " all_scaled"), f))
                if f.startswith("rrul-%s-" % p) and not f.startswith("rrul-box"):
                    what = f[len("rrul-%s-" % p):-4]
                    links.append("[%s](plots/%s)" % (what.replace("-all_scaled", " all_scaled"), f))
            if links:
                w("- %s: %s" % (p, ", ".join(links)))

    fails = [l for l in (r[0] for r in read_tsv(os.path.join(d, "failures.txt")))]
    if fails:
        w("")
        w("## Not measured")
        w("")
        for l in fails:
            w("- " + l)
    w("")
    w("Data: `results.tsv` (every figure of every repetition), `flent/rep*/*.flent.gz`, "
      "`logs/`.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
