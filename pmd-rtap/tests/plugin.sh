# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 l2fwd-kernel authors
#
# The EAL refuses to load a driver (-d) that lies below a world-writable
# directory such as /tmp, where a clone of this repository may well live.
# private_plugin SO: copy SO into a new root-only directory under /run and
# set PLUGIN_SO to the copy; plugin_cleanup removes it again.
#
# In a sanitizer build the driver needs the sanitizer runtime, which must be
# the first library of the (uninstrumented) dpdk-testpmd: meson passes it in
# L2K_SAN_PRELOAD and "${PLUGIN_EXEC[@]}" goes right before dpdk-testpmd
# (after stdbuf, whose own LD_PRELOAD it keeps). Empty in a normal build.

PLUGIN_DIR=
PLUGIN_SO=
PLUGIN_EXEC=()
if [ -n "${L2K_SAN_PRELOAD:-}" ]; then
	# $0 and $@ are the inner sh's; PLUGIN_EXEC is used by the sourcing scripts
	# shellcheck disable=SC2016,SC2034
	PLUGIN_EXEC=(sh -c 'LD_PRELOAD="$0${LD_PRELOAD:+:$LD_PRELOAD}" exec "$@"'
		     "$L2K_SAN_PRELOAD")
fi

private_plugin()
{
	[ -n "$PLUGIN_SO" ] && [ -f "$PLUGIN_SO" ] && return 0
	PLUGIN_DIR=$(mktemp -d /run/l2k-plugin.XXXXXX) || return 1
	cp "$1" "$PLUGIN_DIR/" || return 1
	PLUGIN_SO=$PLUGIN_DIR/$(basename "$1")
}

# dpdk_runtime_cleanup PREFIX: the EAL's runtime directory of a --file-prefix
# run that has ended (it stays behind even with --no-shconf)
dpdk_runtime_cleanup()
{
	case $1 in
	''|*/*|.*) return 0 ;;
	esac
	rm -rf "/var/run/dpdk/$1"
}

plugin_cleanup()
{
	[ -z "$PLUGIN_DIR" ] || rm -rf "$PLUGIN_DIR"
	PLUGIN_DIR=
	PLUGIN_SO=
}
