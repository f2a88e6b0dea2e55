#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# Install everything l2fwd-kernel needs on a Debian 12 machine, as root
# (clang-14 with its sanitizer and libFuzzer runtimes, libclang-rt-14-dev,
# and llvm-14's symbolizer: devtools/sanitize.sh and devtools/fuzz.sh).
# Idempotent: when everything is present it only checks and returns.
#
#   devtools/setup-deps.sh            install packages and DPDK driver headers
#
# The DPDK driver headers (ethdev_driver.h, ...) that pmd-rtap needs are not
# shipped by Debian's libdpdk-dev; they are taken from the Debian source
# package of exactly the installed DPDK version and unpacked under
# .deps/dpdk-<version>/include (never committed).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

PKGS="build-essential pkg-config meson ninja-build python3 python3-pyelftools
	libdpdk-dev dpdk dpdk-dev liburing-dev libmnl-dev libbpf-dev libxdp-dev
	libelf-dev libpcap-dev libnuma-dev iproute2 ethtool iperf3 flent irtt
	fping tcpdump netperf python3-matplotlib linux-perf iputils-ping util-linux dpkg-dev xz-utils procps kmod
	libcap2-bin
	clang-14 libclang-rt-14-dev llvm-14"

log() { printf 'setup-deps: %s\n' "$*"; }
die() { printf 'setup-deps: error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (installs packages)"
command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian 12"

missing() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

# netperf lives in non-free and the driver headers come from the source
# package: add 'non-free' and 'deb-src' to the existing Debian entry.
enable_components() {
	changed=0
	src=/etc/apt/sources.list.d/debian.sources
	if [ -f "$src" ]; then
		# deb822: the first stanza whose Suites has bookworm (not -security)
		if ! awk 'BEGIN{RS="";FS="\n"} /Suites:[^\n]*bookworm( |$|\n)/ && /Components:[^\n]*non-free( |$|\n)/ {f=1} END{exit !f}' "$src" \
		   || ! grep -q '^Types:.*deb-src' "$src"; then
			cp "$src" "$src.l2fwd-kernel.bak"
			awk 'BEGIN{RS="";ORS="\n\n";FS="\n"}
			{
				out=""
				sec = ($0 ~ /Suites:[^\n]*-security/)
				for (i = 1; i <= NF; i++) {
					l = $i
					if (l ~ /^Types:/ && l !~ /deb-src/) l = l " deb-src"
					if (!sec && l ~ /^Components:/ && l !~ /non-free( |$)/) l = l " non-free"
					out = out l (i < NF ? "\n" : "")
				}
				print out
			}' "$src.l2fwd-kernel.bak" > "$src"
			changed=1
		fi
	elif [ -f /etc/apt/sources.list ]; then
		if ! grep -qE '^deb .*bookworm main.* non-free( |$)' /etc/apt/sources.list; then
			sed -i -E '/^deb .*bookworm(-updates)? main/{/ non-free( |$)/!s/$/ non-free/}' /etc/apt/sources.list
			changed=1
		fi
		if ! grep -q '^deb-src ' /etc/apt/sources.list; then
			grep -E '^deb .*bookworm main' /etc/apt/sources.list | head -1 |
				sed 's/^deb /deb-src /' >> /etc/apt/sources.list
			changed=1
		fi
	else
		die "no Debian apt source entry found"
	fi
	echo $changed
}

need=$(missing)
ch=$(enable_components)
if [ -n "$need" ] || [ "$ch" = 1 ] || [ ! -d /var/lib/apt/lists ] \
   || ! ls /var/lib/apt/lists/*Sources* >/dev/null 2>&1; then
	log "apt-get update"
	apt-get update -qq
fi
need=$(missing)
if [ -n "$need" ]; then
	log "installing:" $need
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

# DPDK driver headers for pmd-rtap, from the source package of the installed version.
ver=$(dpkg-query -W -f='${Version}' libdpdk-dev)
upver=$(pkg-config --modversion libdpdk)
dest="$top/.deps/dpdk-$upver/include"
hdrs="ethdev_driver.h ethdev_vdev.h bus_vdev_driver.h dev_driver.h bus_driver.h"
have_all=1
for h in $hdrs; do
	[ -f "$dest/$h" ] && continue
	# a newer DPDK may already install them
	pkg-config --cflags-only-I libdpdk | tr ' ' '\n' | sed -n 's/^-I//p' |
		while read -r d; do [ -f "$d/$h" ] && echo y; done | grep -q y || have_all=0
done
if [ "$have_all" = 1 ]; then
	log "DPDK $upver driver headers present"
else
	log "fetching DPDK driver headers from source package dpdk=$ver"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get source -qq --download-only "dpdk=$ver" >/dev/null) ||
		die "apt-get source dpdk=$ver failed"
	orig=$(ls "$tmp"/dpdk_*.orig.tar.* | head -1)
	[ -n "$orig" ] || die "no orig tarball in the dpdk source package"
	mkdir -p "$tmp/x" "$dest"
	tar -C "$tmp/x" -xf "$orig" --wildcards \
		'*/lib/ethdev/ethdev_driver.h' '*/lib/ethdev/ethdev_vdev.h' \
		'*/drivers/bus/vdev/bus_vdev_driver.h' \
		'*/lib/eal/include/dev_driver.h' '*/lib/eal/include/bus_driver.h'
	for h in $hdrs; do
		f=$(find "$tmp/x" -name "$h" | head -1)
		[ -n "$f" ] || die "$h not found in dpdk $ver source"
		cp "$f" "$dest/$h"
	done
	log "driver headers in $dest"
fi

# AF_XDP needs bpffs
if ! mountpoint -q /sys/fs/bpf 2>/dev/null; then
	mount -t bpf bpf /sys/fs/bpf 2>/dev/null || log "warning: cannot mount bpffs on /sys/fs/bpf"
fi
log "ok"
