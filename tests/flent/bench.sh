#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The benchmark: dpdk-l2fwd-kernel and dpdk-testpmd (io forwarding, same
# PMDs, same lcores) doing the same job, wire port <-> kernel, one after the
# other in one run, on the namespace testbed of tests/functional/lib.sh.
# Prints figures and asserts nothing (not a test). Root.
#
#   tests/flent/bench.sh [--quick|--full] [--paths LIST] [--wire af_xdp|af_packet|rtap]
#                        [--duration S] [--rrul-len S] [--no-rrul] [--reps N]
#                        [--forwarders LIST] [--shape RATE|off] [--shaped-only]
#                        [--out DIR] [--build DIR]
#
#   --quick        the default: paths af_xdp and rtap (tap when rtap cannot run),
#                  iperf3 and UDP 3 s, rrul 10 s, 1 repetition; about 3 minutes
#   --full         every kernel path this host has, iperf3 and UDP 10 s,
#                  rrul 30 s, 3 repetitions; about 40 minutes with 4 paths
#   --paths LIST   kernel paths, comma-separated: virtio-user,rtap,af_xdp,af_packet,tap
#   --wire W       the wire port P: af_xdp (default) or af_packet on veth va
#                  (offloads off); rtap: P is net_rtap0 and its TAP netdev, moved
#                  into the peer namespace, offers checksum and TSO offloads
#   --duration S   iperf3 TCP and 64-byte UDP, each way
#   --rrul-len S   flent rrul length (idle pings before and after not counted)
#   --reps N       repetitions; the summary gives the median of each figure
#   --forwarders L testpmd,l2fwd-kernel (the default: both)
#   --shape RATE   also shaped rrul: l2fwd-kernel with --shape RATE --shape-in RATE
#                  (both directions through the application's queue), once with
#                  --queue fq_codel (queue management on) and once with --queue
#                  fifo (off); default 200mbit with --full, off with --quick
#   --shaped-only  only the shaped rrul (no baseline, no unshaped runs)
#   --out DIR      results (default tests/flent/results/DATE, git-ignored)
#   --build DIR    build directory (default: the one of $L2K_APP, else build)
#
# Each repetition starts with no forwarder (veth straight into dut): idle
# round trip, iperf3 each way and rrul, then for each path and forwarder: idle ping (100 x 20 ms)
# and irtt (2 s at 10 ms), iperf3 TCP each way, 64-byte UDP each way (iperf3
# -u -l 18 -b 0), with the forwarding lcore's CPU time and the forwarder's
# own port counters over each of these, and flent rrul. DIR receives
# summary.md (also printed), results.tsv (every figure of every repetition),
# meta.tsv, flent/repN/*.flent.gz, plots/*.png (flent's own) and logs/.
# tests/flent/publish.sh DIR puts a run into doc/benchmarks.md.

# shellcheck source-path=SCRIPTDIR
top=$(cd "$(dirname "$0")/../.." && pwd)
flent_dir=$top/tests/flent
# shellcheck source=../functional/lib.sh
. "$top/tests/functional/lib.sh"
# shellcheck source=measure.sh
. "$flent_dir/measure.sh"
# shellcheck source=forwarders.sh
. "$flent_dir/forwarders.sh"
# shellcheck source=../../pmd-rtap/tests/plugin.sh
. "$top/pmd-rtap/tests/plugin.sh"
L2K_NAME=bench

usage() { awk 'NR < 5 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

mode=quick paths='' wire=af_xdp dur='' rlen='' rrul=1 reps='' tools='' out='' bdir='' shape='' shaped_only=0
cmdline="tests/flent/bench.sh $*"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) mode=quick ;;
	--full) mode=full ;;
	--paths) paths=$(echo "${2:?--paths LIST}" | tr ',' ' '); shift ;;
	--wire) wire=${2:?--wire W}; shift ;;
	--duration) dur=${2:?--duration S}; shift ;;
	--rrul-len) rlen=${2:?--rrul-len S}; shift ;;
	--no-rrul) rrul=0 ;;
	--reps) reps=${2:?--reps N}; shift ;;
	--forwarders) tools=$(echo "${2:?--forwarders LIST}" | tr ',' ' '); shift ;;
	--shape) shape=${2:?--shape RATE}; shift ;;
	--shaped-only) shaped_only=1 ;;
	--out) out=${2:?--out DIR}; shift ;;
	--build) bdir=${2:?--build DIR}; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bench: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done
case $wire in af_xdp|af_packet|rtap) ;; *) fail "--wire: af_xdp, af_packet or rtap" ;; esac
for v in "$dur" "$rlen" "$reps"; do
	[ -z "$v" ] || [[ $v =~ ^[1-9][0-9]*$ ]] || fail "not a positive integer: '$v'"
done
for t in $tools; do
	case $t in testpmd|l2fwd-kernel) ;; *) fail "unknown forwarder '$t'" ;; esac
done
if [ "$mode" = full ]; then
	dur=${dur:-10} rlen=${rlen:-30} reps=${reps:-3} shape=${shape:-200mbit}
else
	dur=${dur:-3} rlen=${rlen:-10} reps=${reps:-1}
fi
[ "$shape" != off ] && [ "$shape" != 0 ] || shape=
if [ $shaped_only = 1 ]; then
	shape=${shape:-200mbit}
	tools=${tools:-l2fwd-kernel}
fi
# the shaped rate in bit/s, for the goodput figure (the app parses RATE itself)
shape_bps=
if [ -n "$shape" ]; then
	shape_bps=$(echo "$shape" | awk '
		match(tolower($0), /^[0-9]+(\.[0-9]+)?/) {
			v = substr($0, 1, RLENGTH); u = tolower(substr($0, RLENGTH + 1))
			m["bit"] = 1; m[""] = 1; m["kbit"] = 1e3; m["mbit"] = 1e6; m["gbit"] = 1e9
			if (u in m) printf "%.0f", v * m[u] }')
	[ -n "$shape_bps" ] && [ "$shape_bps" -gt 0 ] ||
		fail "--shape: a rate such as 200mbit, 1gbit or 5000000 (bit/s): '$shape'"
	[ $rrul = 1 ] || fail "--shape needs rrul (drop --no-rrul)"
fi
# the idle pings flent runs before and after the load
rdelay=$((rlen / 5))
[ $rdelay -ge 1 ] || rdelay=1
[ $rdelay -le 5 ] || rdelay=5
tools=${tools:-testpmd l2fwd-kernel}

if [ -n "$bdir" ]; then
	case $bdir in /*) ;; *) bdir=$PWD/$bdir ;; esac
	L2K_APP=$bdir/app/dpdk-l2fwd-kernel
else
	bdir=$(dirname "$(dirname "$L2K_APP")")
fi
out=${out:-$flent_dir/results/$(date +%Y-%m-%dT%H%M%S)}

[ "$(id -u)" = 0 ] || fail "must run as root"
require_app
for c in flent netperf netserver iperf3 fping; do
	command -v $c >/dev/null || fail "$c not found (devtools/setup-deps.sh installs it)"
done
if ! declare -F wire_up >/dev/null || ! declare -F wire_attach >/dev/null; then
	fail "tests/functional/lib.sh has no wire_up/wire_attach"
fi
TESTPMD=${TESTPMD:-$(command -v dpdk-testpmd)}
RTAP_SO=$(find "$bdir/pmd-rtap" -name 'librte_net_rtap*.so*' 2>/dev/null | head -n 1)
mountpoint -q /sys/fs/bpf 2>/dev/null || mount -t bpf bpf /sys/fs/bpf 2>/dev/null
[ "$wire" != af_xdp ] || mountpoint -q /sys/fs/bpf || fail "no bpffs on /sys/fs/bpf for the af_xdp wire"
[ "$wire" != rtap ] || [ -c /dev/net/tun ] || fail "no /dev/net/tun for the rtap wire"

# the build's own net_rtap: the application's rtap path and wire, and the
# shared driver testpmd loads; none when meson found no DPDK driver headers
rtap_built() { grep -q L2K_HAVE_RTAP "$bdir/build.ninja" 2>/dev/null; }
rtap_why()
{
	local why
	why=$(sed -n 's/.*pmd-rtap (net_rtap) disabled: //p' "$bdir/meson-logs/meson-log.txt" \
		2>/dev/null | tail -n 1)
	echo "the build in $bdir has no net_rtap (${why:-pmd-rtap not configured})," \
		"then meson setup --reconfigure $bdir"
}
if ! rtap_built; then
	[ "$wire" != rtap ] || fail "--wire rtap: $(rtap_why)"
	case " $paths " in *" rtap "*) fail "--paths rtap: $(rtap_why)" ;; esac
fi

# the paths this host has, in the order --path auto tries them
host_paths()
{
	local p
	for p in virtio-user rtap af_xdp af_packet tap; do
		case $p in
		virtio-user) [ -c /dev/vhost-net ] || continue
			[ -c /dev/net/tun ] || continue ;;
		af_xdp) mountpoint -q /sys/fs/bpf || continue ;;
		tap) [ -c /dev/net/tun ] || continue ;;
		rtap)
			[ -c /dev/net/tun ] || continue
			rtap_built || continue
			[ "$(sysctl -n kernel.io_uring_disabled 2>/dev/null || echo 0)" = 0 ] ||
				continue ;;
		esac
		echo "$p"
	done
}
if [ -z "$paths" ]; then
	avail=$(host_paths | tr '\n' ' ')
	if [ "$mode" = full ]; then
		paths=$avail
	else
		# the first of af_xdp, af_packet, and our own rtap (else tap)
		paths=
		for p in af_xdp af_packet; do
			case " $avail " in *" $p "*) paths=$p; break ;; esac
		done
		case " $avail " in
		*" rtap "*) paths="$paths rtap" ;;
		*" tap "*) paths="$paths tap" ;;
		esac
	fi
fi
read -r -a plist <<< "$paths"
paths="${plist[*]}"

mkdir -p "$out/logs" "$out/plots" || fail "cannot create $out"
out=$(cd "$out" && pwd)
RES=$out/results.tsv
META=$out/meta.tsv
FAILS=$out/failures.txt
L2K_PID_LOG=$out/pids.txt
: > "$RES"
: > "$FAILS"
: > "$L2K_PID_LOG"

lib_init "$(lib_tag bn)"
FWD_PREFIX=l2k-$TAG-fwd
FWD_WIRE=$wire
W_PERF=

bench_cleanup()
{
	[ -z "$W_PERF" ] || kill -INT "$W_PERF" 2>/dev/null
	rm -rf "/var/run/dpdk/$FWD_PREFIX"
}
bench_exit()
{
	local rc=$?
	bench_cleanup
	(exit "$rc")
	lib_cleanup
}
trap bench_exit EXIT

# testbed_down ends what runs in the namespaces (our servers): reap them
# quietly, without the shell's "Killed" notices
bench_down()
{
	local p
	{
		testbed_down quiet
		for p in $L2K_BG_PIDS; do
			wait "$p"
		done
	} 2>/dev/null
	L2K_BG_PIDS=
}

# ---- the figures ----

# put REP PATH TOOL METRIC VALUE: one figure, when it is a number
put()
{
	[[ $5 =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] || return 0
	printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RES"
}

# rrul_run REP PATH TOOL WHAT: flent rrul through the running forwarder, its
# figures and data file recorded; a failure is logged, not fatal
rrul_run()
{
	local title=$2-$3
	[ "$2" != - ] || title=$3
	if ! measure_rrul "$PEER_NS" "$DUT_IP" "$rlen" "$out/flent/rep$1" "$title" -d "$rdelay"; then
		warn "$4 failed"
		echo "rep $1: $4 of $3 on $2 failed" >> "$FAILS"
		return
	fi
	put "$1" "$2" "$3" rrul_total "$M_TCP_TOTAL"
	put "$1" "$2" "$3" rrul_down "$M_TCP_DOWN"
	put "$1" "$2" "$3" rrul_up "$M_TCP_UP"
	put "$1" "$2" "$3" rrul_icmp_p50 "$M_PING_P50"
	put "$1" "$2" "$3" rrul_icmp_p99 "$M_PING_P99"
	put "$1" "$2" "$3" rrul_udp_p50 "$M_UDP_P50"
	put "$1" "$2" "$3" rrul_udp_p99 "$M_UDP_P99"
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$M_FLENT_FILE" >> "$out/flent/index.tsv"
	log "$4: TCP total $M_TCP_TOTAL (down $M_TCP_DOWN, up $M_TCP_UP) Mbit/s;" \
		"ICMP median $M_PING_P50 p99 $M_PING_P99 ms; UDP median $M_UDP_P50 p99 $M_UDP_P99 ms"
}

meta() { printf '%s\t%s\n' "$1" "$2" >> "$META"; }

# ---- one forwarder on one path ----

run_one()
{
	local rep=$1 p=$2 tool=$3 why log m
	log=$out/logs/rep$rep-$p-$tool.log
	printf '\n=== repetition %s/%s: %s on %s (wire %s)\n' "$rep" "$reps" "$tool" "$p" "$wire"
	if ! why=$(fwd_check "$tool" "$p"); then
		warn "skip $tool on $p: $why"
		echo "rep $rep: $tool on $p skipped: $why" >> "$FAILS"
		return
	fi
	m=$(host_busy)
	put "$rep" "$p" "$tool" host_busy "$m"
	log "host: $m of the CPUs busy before the start (others' work)"
	if ! fwd_start "$tool" "$p" "$log"; then
		warn "$tool on $p did not start (log: $log)"
		echo "rep $rep: $tool on $p did not start (logs/${log##*/})" >> "$FAILS"
		fwd_stop
		bench_down
		return
	fi
	FWD_TID=$(fwd_lcore_tid "$APP_PID") ||
		{ FWD_TID=; warn "no forwarding lcore thread in pid $APP_PID: no CPU figures"; }
	servers_start
	# ARP, and the first packets through
	ip netns exec "$PEER_NS" fping -q -c 3 -p 100 "$DUT_IP" >/dev/null 2>&1

	measure_ping "$PEER_NS" "$DUT_IP" 100 20
	put "$rep" "$p" "$tool" idle_icmp_p50 "$M_P50"
	put "$rep" "$p" "$tool" idle_icmp_p99 "$M_P99"
	log "idle ping median $M_P50 p99 $M_P99 ms, $M_LOSS of 100 lost"
	if measure_irtt "$PEER_NS" "$DUT_IP" 2; then
		put "$rep" "$p" "$tool" idle_udp_p50 "$M_IRTT_P50"
		put "$rep" "$p" "$tool" idle_udp_p99 "$M_IRTT_P99"
		log "idle irtt median $M_IRTT_P50 p99 $M_IRTT_P99 ms, $M_IRTT_LOSS % lost"
	fi

	local dir flag shares=
	for dir in up down; do
		flag=
		[ $dir = up ] || flag=-R
		win_begin
		measure_iperf "$PEER_NS" "$DUT_IP" "$dur" $flag || warn "iperf3 $dir failed"
		win_end
		put "$rep" "$p" "$tool" "tcp_$dir" "$M_MBPS"
		put "$rep" "$p" "$tool" "cpb_tcp_$dir" "$W_CPB"
		shares="$shares $W_SHARE"
		log "iperf3 TCP $dir $M_MBPS Mbit/s; lcore ${W_CPB} cycles/byte, busy ${W_SHARE}"
	done
	for dir in up down; do
		flag=
		[ $dir = up ] || flag=-R
		win_begin
		measure_udp64 "$PEER_NS" "$DUT_IP" "$dur" $flag || warn "64-byte UDP $dir failed"
		win_end
		m=$W_UP_KPPS
		[ $dir = up ] || m=$W_DOWN_KPPS
		put "$rep" "$p" "$tool" "udp64_${dir}_offered" "$M_SENT_KPPS"
		put "$rep" "$p" "$tool" "udp64_${dir}_kpps" "$m"
		put "$rep" "$p" "$tool" "udp64_${dir}_app" "$M_RECV_KPPS"
		put "$rep" "$p" "$tool" "cpp64_$dir" "$W_CPP"
		shares="$shares $W_SHARE"
		log "64-byte UDP $dir kpps: iperf3 sent $M_SENT_KPPS, forwarder delivered $m," \
			"iperf3 received $M_RECV_KPPS; lcore $W_CPP cycles/packet, busy $W_SHARE"
	done

	# the share of a CPU the forwarding lcore got: below 1, something else ran there
	put "$rep" "$p" "$tool" lcore_share "$(echo "$shares" |
		awk '{ for (i = 1; i <= NF; i++) if ($i != "-") { s += $i; n++ } }
		     END { if (n) printf "%.2f", s / n }')"

	if [ $rrul = 1 ]; then
		rrul_run "$rep" "$p" "$tool" rrul
	fi

	fwd_stop
	put "$rep" "$p" "$tool" drops "$FWD_DROPS"
	[ "$tool" = testpmd ] || grep '^l2fwd-kernel: summary' "$APP_LOG"
	bench_down
}

# ---- shaped rrul: the application's own queue, managed or not ----

# run_shaped REP PATH QUEUE: l2fwd-kernel shaping both directions to $shape with
# --queue QUEUE (fq_codel or fifo), flent rrul only; TOOL l2fwd-kernel-QUEUE
run_shaped()
{
	local rep=$1 p=$2 q=$3 tool=l2fwd-kernel-$3 log why
	log=$out/logs/rep$rep-$p-$tool.log
	printf '\n=== repetition %s/%s: l2fwd-kernel on %s (wire %s), shaped to %s both ways, %s\n' \
		"$rep" "$reps" "$p" "$wire" "$shape" "$q"
	if ! why=$(fwd_check l2fwd-kernel "$p"); then
		warn "skip shaped $p: $why"
		echo "rep $rep: shaped $q on $p skipped: $why" >> "$FAILS"
		return
	fi
	put "$rep" "$p" "$tool" host_busy "$(host_busy)"
	FWD_L2K_ARGS=(--shape "$shape" --shape-in "$shape" --queue "$q")
	if ! fwd_start l2fwd-kernel "$p" "$log"; then
		FWD_L2K_ARGS=()
		warn "shaped l2fwd-kernel on $p did not start (log: $log)"
		echo "rep $rep: shaped $q on $p did not start (logs/${log##*/})" >> "$FAILS"
		fwd_stop
		bench_down
		return
	fi
	FWD_L2K_ARGS=()
	servers_start
	ip netns exec "$PEER_NS" fping -q -c 3 -p 100 "$DUT_IP" >/dev/null 2>&1
	rrul_run "$rep" "$p" "$tool" "shaped rrul ($q)"
	fwd_stop
	put "$rep" "$p" "$tool" drops "$FWD_DROPS"
	grep '^l2fwd-kernel: summary' "$APP_LOG"
	bench_down
}

# no forwarder: the wire veth straight into dut, the kernel alone on every
# core; the idle round trip each forwarder adds is counted from here, and
# iperf3 and rrul show what the testbed's kernel does with nothing between
baseline()
{
	local rep=$1 dir flag
	printf '\n=== repetition %s/%s: no forwarder (veth straight into dut)\n' "$rep" "$reps"
	testbed_up
	ip link set "$VA" netns "$DUT_NS" || fail "cannot move $VA to $DUT_NS"
	ip -n "$DUT_NS" addr add "$DUT_IP/24" dev "$VA"
	ip -n "$DUT_NS" link set "$VA" up
	servers_start
	ip netns exec "$PEER_NS" fping -q -c 3 -p 100 "$DUT_IP" >/dev/null 2>&1
	measure_ping "$PEER_NS" "$DUT_IP" 100 20
	put "$rep" - none idle_icmp_p50 "$M_P50"
	put "$rep" - none idle_icmp_p99 "$M_P99"
	log "idle ping median $M_P50 p99 $M_P99 ms"
	if measure_irtt "$PEER_NS" "$DUT_IP" 2; then
		put "$rep" - none idle_udp_p50 "$M_IRTT_P50"
		put "$rep" - none idle_udp_p99 "$M_IRTT_P99"
		log "idle irtt median $M_IRTT_P50 p99 $M_IRTT_P99 ms"
	fi
	for dir in up down; do
		flag=
		[ $dir = up ] || flag=-R
		measure_iperf "$PEER_NS" "$DUT_IP" "$dur" $flag || warn "iperf3 $dir failed"
		put "$rep" - none "tcp_$dir" "$M_MBPS"
		log "iperf3 TCP $dir $M_MBPS Mbit/s"
	done
	[ $rrul = 0 ] || rrul_run "$rep" - none "rrul (no forwarder)"
	bench_down
}

# ---- flent's own plots ----

flent_file() # REP PATH TOOL
{
	awk -F'\t' -v r="$1" -v p="$2" -v t="$3" '$1 == r && $2 == p && $3 == t { print $4; exit }' \
		"$out/flent/index.tsv" 2>/dev/null
}

plot() # NAME PLOT FILES..
{
	local name=$1 kind=$2 args=() f
	shift 2
	for f in "$@"; do args+=(-i "$f"); done
	# box plots: the legend names the boxes; the tick labels would overlap
	case $kind in
	box_*) args+=(--no-labels --override-title
		"rrul: paths and forwarders, wire $wire ($kind)") ;;
	esac
	# box_combine groups the files by name less flent's time stamp
	# (rrul-DATETIME.TITLE): one box per title, i.e. path and forwarder
	[ "$kind" != box_combine ] || args+=(--filter-regexp '^[-0-9T:]*\.[0-9]+\.')
	# -d: the delay of the runs, which flent's cut-offs (ping_cdf) count from
	if flent -p "$kind" -d "$rdelay" "${args[@]}" -o "$out/plots/$name.png" \
		>> "$out/logs/plots.log" 2>&1 &&
	   [ -s "$out/plots/$name.png" ]; then
		log "plot plots/$name.png"
	else
		warn "flent -p $kind failed for $name (logs/plots.log)"
	fi
}

plots()
{
	local p t f files all=() first=()
	[ -s "$out/flent/index.tsv" ] || return 0
	for p in $paths; do
		files=()
		for t in $tools; do
			f=$(flent_file 1 "$p" "$t")
			[ -n "$f" ] || continue
			files+=("$f")
			first+=("$f")
			plot "rrul-$p-$t-all_scaled" all_scaled "$f"
		done
		[ ${#files[@]} -eq 0 ] || plot "rrul-$p-ping_cdf" ping_cdf "${files[@]}"
		[ -n "$shape" ] || continue
		files=()
		for t in l2fwd-kernel-fifo l2fwd-kernel-fq_codel; do
			f=$(flent_file 1 "$p" "$t")
			[ -n "$f" ] || continue
			files+=("$f")
			plot "shaped-$p-$t-all_scaled" all_scaled "$f"
		done
		[ ${#files[@]} -eq 0 ] || plot "shaped-$p-ping_cdf" ping_cdf "${files[@]}"
	done
	[ ${#first[@]} -eq 0 ] || plot rrul-box_totals box_totals "${first[@]}"
	if [ "$reps" -gt 1 ]; then
		mapfile -t all < <(awk -F'\t' '$3 !~ /^l2fwd-kernel-/ { print $4 }' \
			"$out/flent/index.tsv")
		plot rrul-box_combine box_combine "${all[@]}"
	fi
}

# ---- main ----

W_TSC_MHZ=$(tsc_mhz) || W_TSC_MHZ="- none"
tsc_src=${W_TSC_MHZ#* }
W_TSC_MHZ=${W_TSC_MHZ%% *}
W_CPU_METHOD=tsc
perf_cycles_ok && W_CPU_METHOD=perf
# congestion control as a new namespace sees it (the default is per netns)
cc=$(sysctl -n net.ipv4.tcp_congestion_control)
if ip netns add "l2k-$TAG-cc" 2>/dev/null; then
	cc=$(ip netns exec "l2k-$TAG-cc" sysctl -n net.ipv4.tcp_congestion_control)
	ip netns del "l2k-$TAG-cc"
fi
git_rev=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo -)
[ -z "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ] ||
	git_rev="$git_rev (with local changes)"

: > "$META"
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta command "$cmdline"
meta mode "$mode"
meta wire "$wire"
meta paths "$paths"
meta forwarders "$tools"
meta reps "$reps"
meta duration "$dur"
meta rrul_len "$([ $rrul = 1 ] && echo "$rlen" || echo off)"
meta rrul_delay "$rdelay"
meta shape "${shape:-off}"
meta shaped_only "$shaped_only"
meta shape_bps "${shape_bps:-0}"
meta irtt "$(command -v irtt >/dev/null && echo yes || echo no)"
meta nproc "$(nproc)"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
meta kernel "$(uname -r)"
meta dpdk "$(pkg-config --modversion libdpdk 2>/dev/null || echo -)"
meta hugepages "$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo) free"
meta tcp_cc "$cc"
meta tsc_mhz "$W_TSC_MHZ"
meta tsc_source "$tsc_src"
meta cpu_method "$W_CPU_METHOD"
meta git "$git_rev"
meta tag "$TAG"
meta app "$L2K_APP"
meta testpmd "${TESTPMD:--}"

log "results in $out"
log "paths: $paths; forwarders: $tools; wire $wire; $reps repetition(s);" \
	"iperf3/UDP ${dur} s, rrul $([ $rrul = 1 ] && echo "${rlen} s" || echo off)"
[ -z "$shape" ] || log "shaped rrul: l2fwd-kernel shaped to $shape both ways, fq_codel and fifo"
if [ "$W_CPU_METHOD" = perf ]; then
	log "CPU cost: perf stat -e cycles on the forwarding lcore"
else
	log "CPU cost: the forwarding lcore's CPU time x TSC $W_TSC_MHZ MHz ($tsc_src)"
fi

for rep in $(seq 1 "$reps"); do
	[ $shaped_only = 1 ] || baseline "$rep"
	order=$tools
	# alternate who goes first, against drift over the run
	[ $((rep % 2)) = 1 ] || order=$(echo "$tools" | tr ' ' '\n' | tac | tr '\n' ' ')
	for p in $paths; do
		for tool in $order; do
			[ $shaped_only = 1 ] || run_one "$rep" "$p" "$tool"
		done
		[ -z "$shape" ] || case " $tools " in
		*" l2fwd-kernel "*)
			q2="fq_codel fifo"
			[ $((rep % 2)) = 1 ] || q2="fifo fq_codel"
			for q in $q2; do
				run_shaped "$rep" "$p" "$q"
			done ;;
		esac
	done
done

printf '\n=== plots (flent)\n'
plots
"$L2K_PY" "$flent_dir/summarize.py" "$out" > "$out/summary.md" ||
	fail "summarize.py failed"
printf '\n'
cat "$out/summary.md"
