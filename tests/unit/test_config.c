/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/config.c: defaults, options, the INI file, and every
 * error message. Usage: test_config PATH-OF-config/l2fwd-kernel.conf
 */

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l2k_config.h"
#include "l2k_test.h"

static struct l2k_config cfg;
static char err[1024];

/* Defaults, then parse the NULL-terminated option list after argv[0]. */
static int
parse_list(const char *const *list)
{
	char *argv[64];
	int argc = 0;

	argv[argc++] = (char *)(uintptr_t)"dpdk-l2fwd-kernel";
	while (*list != NULL && argc < 63)
		argv[argc++] = (char *)(uintptr_t)*list++;
	argv[argc] = NULL;
	l2k_config_init(&cfg);
	err[0] = '\0';
	return l2k_config_parse_args(&cfg, argc, argv, err, sizeof(err));
}

#define PARSE(...) parse_list((const char *const[]){ __VA_ARGS__, NULL })

/* Parsing fails with -EINVAL and a message containing 'want'. */
#define CHECK_FAIL(want, ...) do { \
	CHECK(PARSE(__VA_ARGS__) == -EINVAL); \
	CHECK_HAS(err, want); \
} while (0)

/* Parse INI text named "cfg.ini" into fresh defaults. */
static int
parse_text(const char *text)
{
	l2k_config_init(&cfg);
	err[0] = '\0';
	return l2k_config_parse_string(&cfg, text, "cfg.ini", err, sizeof(err));
}

#define CHECK_INI_FAIL(text, want) do { \
	CHECK(parse_text(text) == -EINVAL); \
	CHECK_STR(err, want); \
} while (0)

/* Write 'text' to a new temporary file; its name goes to 'path'. */
static void
write_tmp(const char *text, char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd;

	snprintf(path, len, "%s/l2k-test-config-XXXXXX", dir != NULL ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		perror("temporary file");
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void
test_defaults(void)
{
	CHECK(PARSE(NULL) == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_AUTO);
	CHECK(cfg.n_iface == 0);
	CHECK_STR(cfg.netns, "");
	CHECK_STR(cfg.config_file, "");
	CHECK(cfg.stats_interval == 0);
	CHECK(cfg.burst == 32);
	CHECK(cfg.rxd == 0 && cfg.txd == 0 && cfg.mbufs == 0);
	CHECK(!cfg.exit_on_delete);
}

static void
test_paths(void)
{
	static const char *const names[] = {
		"auto", "rtap", "tap", "virtio-user", "af_xdp", "af_packet"
	};
	enum l2k_path p;
	int i;

	for (i = 0; i < L2K_PATH_MAX; i++) {
		CHECK_STR(l2k_path_name(i), names[i]);
		CHECK(l2k_path_parse(names[i], &p) == 0 && p == (enum l2k_path)i);
		CHECK(PARSE("--path", names[i]) == L2K_CONFIG_RUN && cfg.path == p);
	}
	CHECK_STR(l2k_path_name(L2K_PATH_MAX), "unknown");
	CHECK(l2k_path_parse("TAP", &p) == -EINVAL);
	CHECK(l2k_path_parse("", &p) == -EINVAL);
}

static void
test_options(void)
{
	CHECK(PARSE("--path", "tap", "--iface", "k0", "--netns", "ns1", "--stats", "5",
		    "--burst", "64") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_TAP);
	CHECK(cfg.n_iface == 1);
	CHECK_STR(cfg.iface[0], "k0");
	CHECK_STR(cfg.netns, "ns1");
	CHECK(cfg.stats_interval == 5);
	CHECK(cfg.burst == 64);

	CHECK(PARSE("--path=virtio-user", "--stats=3600", "--burst=512") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_VIRTIO_USER);
	CHECK(cfg.stats_interval == 3600 && cfg.burst == 512);
	CHECK(PARSE("--stats", "0", "--burst", "1") == L2K_CONFIG_RUN);
	CHECK(cfg.stats_interval == 0 && cfg.burst == 1);

	/* Last one wins. */
	CHECK(PARSE("--path", "tap", "--path", "af_packet") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_AF_PACKET);
	/* "--" ends the options. */
	CHECK(PARSE("--burst", "8", "--") == L2K_CONFIG_RUN && cfg.burst == 8);
	/* --mbufs: mbufs per pool, 0 (sized from the rings, the default) to 2^24 */
	CHECK(PARSE("--mbufs", "4096") == L2K_CONFIG_RUN && cfg.mbufs == 4096);
	CHECK(PARSE("--mbufs=16777216") == L2K_CONFIG_RUN && cfg.mbufs == 16777216);
	CHECK(PARSE("--mbufs", "0") == L2K_CONFIG_RUN && cfg.mbufs == 0);
}

static void
test_help(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(PARSE("--help") == L2K_CONFIG_HELP);
	CHECK(PARSE("-h") == L2K_CONFIG_HELP);
	CHECK(PARSE("--path", "tap", "-h") == L2K_CONFIG_HELP);
	/* --help wins over a config file that does not exist. */
	CHECK(PARSE("--config", "/nonexistent/l2k.conf", "--help") == L2K_CONFIG_HELP);
	CHECK_FAIL("option '--help' takes no value", "--help=1");

	f = open_memstream(&text, &len);
	CHECK(f != NULL);
	if (f == NULL)
		return;
	l2k_config_usage(f, "/usr/local/bin/dpdk-l2fwd-kernel");
	fclose(f);
	CHECK_HAS(text, "dpdk-l2fwd-kernel [EAL options] -- [options]");
	CHECK_HAS(text, "optional");
	CHECK_HAS(text, "auto");
	CHECK_HAS(text, "--path NAME");
	CHECK_HAS(text, "--iface NAME");
	CHECK_HAS(text, "--netns NAME");
	CHECK_HAS(text, "--config FILE");
	CHECK_HAS(text, "--stats SECONDS");
	CHECK_HAS(text, "--burst N");
	CHECK_HAS(text, "(default 32)");
	CHECK_HAS(text, "--mbufs N");
	CHECK_HAS(text, "--help");
	free(text);
}

static void
test_iface(void)
{
	const char *list[L2K_MAX_PORTS * 2 + 3];
	char names[L2K_MAX_PORTS + 1][8];
	char longest[300];
	int i;

	CHECK(PARSE("--iface", "a", "--iface", "b,c", "--iface", "d") == L2K_CONFIG_RUN);
	CHECK(cfg.n_iface == 4);
	CHECK_STR(cfg.iface[0], "a");
	CHECK_STR(cfg.iface[1], "b");
	CHECK_STR(cfg.iface[2], "c");
	CHECK_STR(cfg.iface[3], "d");
	CHECK(PARSE("--iface", " a , b") == L2K_CONFIG_RUN && cfg.n_iface == 2);
	CHECK_STR(cfg.iface[0], "a");
	CHECK_STR(cfg.iface[1], "b");

	CHECK(PARSE("--iface", "abcdefghijklmno") == L2K_CONFIG_RUN); /* 15 characters */
	CHECK_STR(cfg.iface[0], "abcdefghijklmno");

	/* L2K_MAX_PORTS names are fine, one more is not. */
	for (i = 0; i <= L2K_MAX_PORTS; i++) {
		snprintf(names[i], sizeof(names[i]), "k%d", i);
		list[2 * i] = "--iface";
		list[2 * i + 1] = names[i];
	}
	list[2 * L2K_MAX_PORTS] = NULL;
	CHECK(parse_list(list) == L2K_CONFIG_RUN && cfg.n_iface == L2K_MAX_PORTS);
	CHECK_STR(cfg.iface[L2K_MAX_PORTS - 1], "k15");
	list[2 * L2K_MAX_PORTS] = "--iface";
	list[2 * L2K_MAX_PORTS + 1] = names[L2K_MAX_PORTS];
	list[2 * L2K_MAX_PORTS + 2] = NULL;
	CHECK(parse_list(list) == -EINVAL);
	CHECK_STR(err, "too many interface names (max 16)");
	CHECK_FAIL("too many interface names (max 16)", "--iface",
		   "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q");
	CHECK_FAIL("too many interface names (max 16)", "--iface", "a,b,c,d,e,f,g,h",
		   "--iface", "i,j,k,l,m,n,o,p", "--iface", "q");

	CHECK_FAIL("interface name 'abcdefghijklmnopq' is too long (max 15 characters)",
		   "--iface", "abcdefghijklmnopq");
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	CHECK_FAIL("' is too long (max 15 characters)", "--iface", longest);
	CHECK_FAIL("interface name is empty", "--iface", "");
	CHECK_FAIL("interface name is empty", "--iface", "a,,b");
	CHECK_FAIL("interface name is empty", "--iface", "a,");
	CHECK_FAIL("interface name 'a/b' contains an invalid character", "--iface", "a/b");
	CHECK_FAIL("interface name 'a:b' contains an invalid character", "--iface", "a:b");
	CHECK_FAIL("interface name 'a b' contains an invalid character", "--iface", "a b");
	CHECK_FAIL("interface name '..' is not allowed", "--iface", "..");

	CHECK(l2k_ifname_check("eth0", err, sizeof(err)) == 0);
	CHECK(l2k_ifname_check("veth-l2k.1_x", err, sizeof(err)) == 0);
	CHECK(l2k_ifname_check("a\tb", err, sizeof(err)) == -EINVAL);
	CHECK(l2k_ifname_check("", err, sizeof(err)) == -EINVAL);
	CHECK_STR(err, "interface name is empty");
}

static void
test_option_errors(void)
{
	char name[L2K_NETNS_LEN + 1];

	CHECK_FAIL("unknown option '--bogus'", "--bogus");
	CHECK_FAIL("unknown option '--bogus'", "--bogus=1");
	CHECK_FAIL("unknown option '-x'", "-x");
	CHECK_FAIL("unknown option '-x'", "-hx");
	CHECK_FAIL("option '--path' needs a value", "--path");
	CHECK_FAIL("option '--iface' needs a value", "--burst", "4", "--iface");
	CHECK_FAIL("unknown path 'foo' (expected auto, rtap, tap, virtio-user, af_xdp or "
		   "af_packet)", "--path", "foo");
	CHECK_FAIL("invalid value 'x' for --stats (expected 0..3600)", "--stats", "x");
	CHECK_FAIL("invalid value '3601' for --stats (expected 0..3600)", "--stats", "3601");
	CHECK_FAIL("invalid value '' for --stats (expected 0..3600)", "--stats=");
	CHECK_FAIL("invalid value '0' for --burst (expected 1..512)", "--burst", "0");
	CHECK_FAIL("invalid value '16777217' for --mbufs (expected 0..16777216)", "--mbufs",
		   "16777217");
	CHECK_FAIL("invalid value '-1' for --mbufs (expected 0..16777216)", "--mbufs", "-1");
	CHECK_FAIL("invalid value '4k' for --mbufs (expected 0..16777216)", "--mbufs", "4k");
	CHECK_FAIL("option '--mbufs' needs a value", "--mbufs");
	CHECK_FAIL("invalid value '513' for --burst (expected 1..512)", "--burst", "513");
	CHECK_FAIL("invalid value '-1' for --burst (expected 1..512)", "--burst", "-1");
	CHECK_FAIL("invalid value '+1' for --burst (expected 1..512)", "--burst", "+1");
	CHECK_FAIL("invalid value ' 1' for --burst (expected 1..512)", "--burst", " 1");
	CHECK_FAIL("invalid value '12x' for --burst (expected 1..512)", "--burst", "12x");
	CHECK_FAIL("invalid value '99999999999999999999999' for --stats (expected 0..3600)",
		   "--stats", "99999999999999999999999");
	CHECK_FAIL("unexpected argument 'xyz'", "xyz");
	CHECK_FAIL("unexpected argument 'xyz'", "--path", "tap", "xyz", "--burst", "4");
	CHECK(cfg.shape_bps == 0 && cfg.queue == L2K_QUEUE_FQ_CODEL);
	CHECK(PARSE("--shape", "200mbit") == L2K_CONFIG_RUN && cfg.shape_bps == 200000000);
	CHECK(PARSE("--shape=1.5gbit", "--queue", "fifo") == L2K_CONFIG_RUN &&
	      cfg.shape_bps == 1500000000 && cfg.queue == L2K_QUEUE_FIFO);
	CHECK(PARSE("--shape", "off") == L2K_CONFIG_RUN && cfg.shape_bps == 0);
	CHECK(parse_text("[queueing]\nshape = 50mbit\nqueue = fq_codel\n") == 0 &&
	      cfg.shape_bps == 50000000 && cfg.queue == L2K_QUEUE_FQ_CODEL);
	CHECK_FAIL("--shape: rate 'fast'", "--shape", "fast");
	CHECK_FAIL("invalid value 'red' for --queue (expected fq_codel, fifo or off)", "--queue",
		   "red");
	/* --queue off: no queue without a rate, so none for a shaper's frames either */
	CHECK(PARSE("--queue", "off") == L2K_CONFIG_RUN && cfg.queue == L2K_QUEUE_OFF &&
	      !l2k_config_queued(&cfg, true) && !l2k_config_queued(&cfg, false));
	CHECK_FAIL("queue off leaves no queue for the shaper's frames: shape and shape-in need "
		   "fq_codel or fifo", "--queue", "off", "--shape", "1gbit");
	CHECK_FAIL("queue off leaves no queue for the shaper's frames: shape and shape-in need "
		   "fq_codel or fifo", "--shape-in", "1gbit", "--queue", "off");
	CHECK(parse_text("[queueing]\nqueue = off\n") == 0 && cfg.queue == L2K_QUEUE_OFF);
	/* by default both directions have their queue, shaped or not */
	CHECK(PARSE("--path", "tap") == L2K_CONFIG_RUN && l2k_config_queued(&cfg, true) &&
	      l2k_config_queued(&cfg, false));
	CHECK(PARSE("--queue", "fifo") == L2K_CONFIG_RUN && l2k_config_queued(&cfg, true));
	/* the rule per direction: driver received from, segmentation-offload frames */
	CHECK(PARSE("--path", "tap") == L2K_CONFIG_RUN);
	CHECK(l2k_config_dir_queue(&cfg, true, "net_rtap", true) == L2K_DIR_QUEUED);
	CHECK(l2k_config_dir_queue(&cfg, false, "net_rtap", false) == L2K_DIR_NONE_MTU);
	CHECK(l2k_config_dir_queue(&cfg, false, "net_af_xdp", true) == L2K_DIR_NONE_UMEM);
	CHECK(l2k_config_dir_queue(&cfg, true, "net_af_xdp", false) == L2K_DIR_NONE_UMEM);
	CHECK(l2k_config_dir_queue(&cfg, true, NULL, true) == L2K_DIR_QUEUED);
	CHECK(l2k_dir_short_ring(L2K_DIR_NONE_MTU) && l2k_dir_short_ring(L2K_DIR_NONE_UMEM) &&
	      !l2k_dir_short_ring(L2K_DIR_QUEUED) && !l2k_dir_short_ring(L2K_DIR_NONE_CONFIG));
	/* shaped: a queue whatever the frames; queue off: none, and the rings as they are */
	CHECK(PARSE("--shape", "1gbit") == L2K_CONFIG_RUN);
	CHECK(l2k_config_dir_queue(&cfg, true, "net_af_xdp", false) == L2K_DIR_QUEUED);
	CHECK(l2k_config_dir_queue(&cfg, false, "net_af_xdp", false) == L2K_DIR_NONE_UMEM);
	CHECK(PARSE("--queue", "off") == L2K_CONFIG_RUN);
	CHECK(l2k_config_dir_queue(&cfg, true, "net_rtap", true) == L2K_DIR_NONE_CONFIG);
	CHECK(l2k_config_dir_queue(&cfg, false, "net_af_xdp", false) == L2K_DIR_NONE_CONFIG);
	CHECK(parse_text("[queueing]\nshape = 10 mbit\n") == -EINVAL);
	CHECK_HAS(err, "cfg.ini:2: shape: rate '10 mbit': unknown unit");
	/* --shape-in: its own rate, independent of --shape */
	CHECK(PARSE("--path", "tap") == L2K_CONFIG_RUN && cfg.shape_in_bps == 0);
	CHECK(PARSE("--shape-in", "100mbit", "--shape", "200mbit") == L2K_CONFIG_RUN &&
	      cfg.shape_in_bps == 100000000 && cfg.shape_bps == 200000000);
	CHECK(PARSE("--shape-in", "off") == L2K_CONFIG_RUN && cfg.shape_in_bps == 0);
	CHECK(parse_text("[queueing]\nshape-in = 1gbit\n") == 0 && cfg.shape_in_bps == 1000000000 &&
	      cfg.shape_bps == 0);
	CHECK_FAIL("--shape-in: rate '-5mbit'", "--shape-in", "-5mbit");
	CHECK(parse_text("[queueing]\nshape-in = x\n") == -EINVAL);
	CHECK_HAS(err, "cfg.ini:2: shape-in: rate 'x'");
	/* byte queue limits and idle sleep: defaults, both sides, bounds, cross-check */
	CHECK(PARSE("--path", "tap") == L2K_CONFIG_RUN && !cfg.bql_off && cfg.bql_min == 0 &&
	      cfg.bql_max == 0 && cfg.bql_hold_ms == 1000 &&
	      cfg.idle_sleep_us == L2K_IDLE_SLEEP_US);
	CHECK(PARSE("--bql", "off", "--idle-sleep", "0") == L2K_CONFIG_RUN && cfg.bql_off &&
	      cfg.idle_sleep_us == 0);
	CHECK(PARSE("--bql-min=3000", "--bql-max", "300000", "--bql-hold", "250") ==
	      L2K_CONFIG_RUN && cfg.bql_min == 3000 && cfg.bql_max == 300000 &&
	      cfg.bql_hold_ms == 250);
	CHECK(parse_text("[queueing]\nbql = off\nbql-max = 65536\n"
			 "[forwarding]\nidle-sleep = 500\n") == 0 &&
	      cfg.bql_off && cfg.bql_max == 65536 && cfg.idle_sleep_us == 500);
	CHECK_FAIL("invalid value 'yes' for --bql (expected on or off)", "--bql", "yes");
	CHECK_FAIL("bql-min 5000 is above bql-max 4000", "--bql-min", "5000", "--bql-max", "4000");
	CHECK_FAIL("invalid value '0' for --bql-hold (expected 1..60000)", "--bql-hold", "0");
	CHECK_FAIL("invalid value '100001' for --idle-sleep (expected 0..100000)",
		   "--idle-sleep", "100001");
	CHECK_INI_FAIL("[queueing]\nbql-max = 4294967295\n",
		       "cfg.ini:2: invalid value '4294967295' for bql-max (expected 0..1879048192)");
	/* software offloads: auto by default, on/off both sides, names */
	CHECK(PARSE("--path", "tap") == L2K_CONFIG_RUN && cfg.soft == L2K_SOFT_AUTO);
	CHECK(PARSE("--soft-offload", "on") == L2K_CONFIG_RUN && cfg.soft == L2K_SOFT_ON);
	CHECK(PARSE("--soft-offload=off") == L2K_CONFIG_RUN && cfg.soft == L2K_SOFT_OFF);
	CHECK(parse_text("[offloads]\nsoft-offload = on\n") == 0 && cfg.soft == L2K_SOFT_ON);
	CHECK_FAIL("invalid value 'yes' for --soft-offload (expected auto, on or off)",
		   "--soft-offload", "yes");
	CHECK_INI_FAIL("[offloads]\nsoft-offload = On\n",
		       "cfg.ini:2: invalid value 'On' for soft-offload (expected auto, on or off)");
	CHECK_STR(l2k_soft_mode_name(L2K_SOFT_AUTO), "auto");
	CHECK_STR(l2k_soft_mode_name(L2K_SOFT_ON), "on");
	CHECK_STR(l2k_soft_mode_name(L2K_SOFT_OFF), "off");
	CHECK_STR(l2k_soft_mode_name(L2K_SOFT_MAX), "unknown");
	CHECK(PARSE("--on-delete", "exit") == L2K_CONFIG_RUN && cfg.exit_on_delete);
	CHECK(PARSE("--on-delete=recreate") == L2K_CONFIG_RUN && !cfg.exit_on_delete);
	CHECK_FAIL("invalid value 'quit' for --on-delete (expected recreate or exit)",
		   "--on-delete", "quit");
	CHECK(parse_text("[kernel]\non-delete = exit\n") == 0 && cfg.exit_on_delete);
	CHECK_INI_FAIL("[kernel]\non-delete = Exit\n",
		       "cfg.ini:2: invalid value 'Exit' for on-delete (expected recreate or exit)");
	CHECK_FAIL("invalid network namespace name 'x/y'", "--netns", "x/y");
	CHECK_FAIL("invalid network namespace name ''", "--netns", "");
	CHECK_FAIL("invalid network namespace name '..'", "--netns", "..");
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK_FAIL("invalid network namespace name 'nnnn", "--netns", name);
	name[L2K_NETNS_LEN - 1] = '\0'; /* longest allowed */
	CHECK(PARSE("--netns", name) == L2K_CONFIG_RUN);
	CHECK_STR(cfg.netns, name);
}

/* getopt prints nothing itself: the caller prints our message. */
static void
test_quiet(void)
{
	FILE *f = tmpfile();
	int saved;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	CHECK(PARSE("--bogus", "-x", "--path") == -EINVAL);
	CHECK(PARSE("--path") == -EINVAL);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	CHECK(ftell(f) == 0 && lseek(fileno(f), 0, SEEK_END) == 0);
	fclose(f);
}

static void
test_config_file(void)
{
	char path[256], arg[300];

	write_tmp("[kernel]\npath = tap\niface = f0, f1\n[forwarding]\nburst = 64\n"
		  "[stats]\ninterval = 10\n", path, sizeof(path));

	/* The file is read first, whatever the order on the command line. */
	CHECK(PARSE("--config", path) == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_TAP && cfg.burst == 64 && cfg.stats_interval == 10);
	CHECK(cfg.n_iface == 2);
	CHECK_STR(cfg.iface[0], "f0");
	CHECK_STR(cfg.iface[1], "f1");
	CHECK_STR(cfg.config_file, path);

	CHECK(PARSE("--config", path, "--path", "af_xdp", "--stats", "0") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_AF_XDP && cfg.stats_interval == 0 && cfg.burst == 64);

	CHECK(PARSE("--path", "af_xdp", "--stats", "0", "--config", path) == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_AF_XDP && cfg.stats_interval == 0 && cfg.burst == 64);

	/* --iface on the command line replaces the file's list. */
	CHECK(PARSE("--iface", "c0", "--config", path, "--iface", "c1") == L2K_CONFIG_RUN);
	CHECK(cfg.n_iface == 2);
	CHECK_STR(cfg.iface[0], "c0");
	CHECK_STR(cfg.iface[1], "c1");

	snprintf(arg, sizeof(arg), "--config=%s", path);
	CHECK(PARSE(arg, "--burst", "16") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_TAP && cfg.burst == 16);
	unlink(path);

	/* mbufs from the file, --mbufs over it */
	write_tmp("[forwarding]\nmbufs = 8192\n", path, sizeof(path));
	CHECK(PARSE("--config", path) == L2K_CONFIG_RUN && cfg.mbufs == 8192);
	CHECK(PARSE("--mbufs", "3000", "--config", path) == L2K_CONFIG_RUN && cfg.mbufs == 3000);
	unlink(path);

	/* Errors of the file name the file and the line, also through --config. */
	write_tmp("[kernel]\n\npath = slow\n", path, sizeof(path));
	snprintf(arg, sizeof(arg), "%s:3: unknown path 'slow'", path);
	CHECK_FAIL(arg, "--config", path);
	l2k_config_init(&cfg);
	CHECK(l2k_config_parse_file(&cfg, path, err, sizeof(err)) == -EINVAL);
	CHECK_HAS(err, arg);
	unlink(path);

	CHECK(PARSE("--config", "/nonexistent/l2k.conf") == -ENOENT);
	snprintf(arg, sizeof(arg), "cannot read config file '/nonexistent/l2k.conf': %s",
		 strerror(ENOENT));
	CHECK_STR(err, arg);
	CHECK(PARSE("--config", "/") == -EISDIR);
	CHECK_HAS(err, "cannot read config file '/': ");
	CHECK_FAIL("option '--config' needs a value", "--config");
}

static void
test_ini_valid(void)
{
	CHECK(parse_text("") == 0);
	CHECK(parse_text("\n\n# only comments\n; and more\n") == 0);
	CHECK(parse_text(
		"# l2fwd-kernel\n"
		"\n"
		"  [kernel]   \n"
		"path=virtio-user\n"
		"\tiface =  v0,v1,v2   # three ports\n"
		"  ; netns = other\n"
		"netns = blue ; trailing comment\n"
		"[ forwarding ]\r\n"
		"burst = 128\r\n"
		"rx-descriptors = 2048\n"
		"tx-descriptors = 512\n"
		"mbufs = 65536\n"
		"[stats] # periodic line\n"
		"interval\t=\t7") == 0);
	CHECK_STR(err, "");
	CHECK(cfg.path == L2K_PATH_VIRTIO_USER);
	CHECK(cfg.n_iface == 3);
	CHECK_STR(cfg.iface[2], "v2");
	CHECK_STR(cfg.netns, "blue");
	CHECK(cfg.burst == 128 && cfg.rxd == 2048 && cfg.txd == 512 && cfg.mbufs == 65536);
	CHECK(cfg.stats_interval == 7);

	/* A later iface= replaces the list; sections may repeat. */
	CHECK(parse_text("[kernel]\niface = a,b\n[stats]\n[kernel]\niface = c\n") == 0);
	CHECK(cfg.n_iface == 1);
	CHECK_STR(cfg.iface[0], "c");
	/* '#' inside a value without a blank before it is part of the value. */
	CHECK_INI_FAIL("[kernel]\npath = tap#1\n", "cfg.ini:2: unknown path 'tap#1' "
		       "(expected auto, rtap, tap, virtio-user, af_xdp or af_packet)");
}

static void
test_ini_errors(void)
{
	char text[2200];

	CHECK_INI_FAIL("[kernel]\n# comment\nfoo = 1\n",
		       "cfg.ini:3: unknown key 'foo' in section [kernel]");
	CHECK_INI_FAIL("[forwarding]\ninterval = 1\n",
		       "cfg.ini:2: unknown key 'interval' in section [forwarding]");
	CHECK_INI_FAIL("[bar]\n", "cfg.ini:1: unknown section [bar]");
	CHECK_INI_FAIL("[kernel]\n[Kernel]\n", "cfg.ini:2: unknown section [Kernel]");
	CHECK_INI_FAIL("[kernel\n", "cfg.ini:1: expected '[section]'");
	CHECK_INI_FAIL("[kernel]\npath tap\n", "cfg.ini:2: expected 'key = value'");
	CHECK_INI_FAIL("[kernel]\n= tap\n", "cfg.ini:2: expected 'key = value'");
	CHECK_INI_FAIL("# top\npath = tap\n", "cfg.ini:2: key 'path' outside a section");
	CHECK_INI_FAIL("[kernel]\npath =\n", "cfg.ini:2: empty value for 'path'");
	CHECK_INI_FAIL("[kernel]\niface = # none\n", "cfg.ini:2: empty value for 'iface'");
	CHECK_INI_FAIL("[stats]\ninterval = x\n",
		       "cfg.ini:2: invalid value 'x' for interval (expected 0..3600)");
	CHECK_INI_FAIL("[stats]\ninterval = 3601\n",
		       "cfg.ini:2: invalid value '3601' for interval (expected 0..3600)");
	CHECK_INI_FAIL("[forwarding]\nburst = 0\n",
		       "cfg.ini:2: invalid value '0' for burst (expected 1..512)");
	CHECK_INI_FAIL("[forwarding]\n\nrx-descriptors = 99999999999999999999999\n",
		       "cfg.ini:3: invalid value '99999999999999999999999' for rx-descriptors "
		       "(expected 0..32768)");
	CHECK_INI_FAIL("[forwarding]\ntx-descriptors = -5\n",
		       "cfg.ini:2: invalid value '-5' for tx-descriptors (expected 0..32768)");
	CHECK_INI_FAIL("[forwarding]\nmbufs = 1k\n",
		       "cfg.ini:2: invalid value '1k' for mbufs (expected 0..16777216)");
	CHECK_INI_FAIL("[kernel]\niface = a/b\n",
		       "cfg.ini:2: interface name 'a/b' contains an invalid character");
	CHECK_INI_FAIL("[kernel]\niface = a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n",
		       "cfg.ini:2: too many interface names (max 16)");
	CHECK_INI_FAIL("[kernel]\nnetns = x/y\n",
		       "cfg.ini:2: invalid network namespace name 'x/y'");

	/* 1024 characters are fine, 1025 are not. */
	memset(text, 0, sizeof(text));
	strcpy(text, "[kernel]\n#");
	memset(text + strlen(text), 'c', 1023);
	strcat(text, "\n");
	CHECK(parse_text(text) == 0);
	strcpy(text, "[kernel]\n\n#");
	memset(text + strlen(text), 'c', 1024);
	strcat(text, "\npath = tap\n");
	CHECK_INI_FAIL(text, "cfg.ini:3: line too long (max 1024 characters)");
}

static void
test_shipped_config(const char *path)
{
	struct l2k_config defaults;

	if (path == NULL) {
		fprintf(stderr, "%s:%d: no path of config/l2fwd-kernel.conf given\n",
			__FILE__, __LINE__);
		failures++;
		return;
	}
	l2k_config_init(&defaults);
	l2k_config_init(&cfg);
	err[0] = '\0';
	CHECK(l2k_config_parse_file(&cfg, path, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	/* Everything is commented out: the shipped file changes nothing. */
	CHECK(memcmp(&cfg, &defaults, sizeof(cfg)) == 0);
	CHECK(PARSE("--config", path, "--burst", "4") == L2K_CONFIG_RUN && cfg.burst == 4);
}

static void
test_twice(void)
{
	/* getopt's state is reset on each call, even after a failed one. */
	CHECK(PARSE("--stats", "3", "stray", "--burst", "4") == -EINVAL);
	CHECK(PARSE("--path", "tap", "--burst", "16") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_TAP && cfg.burst == 16);
	CHECK(PARSE("-hx") == -EINVAL);
	CHECK(PARSE("--burst", "8") == L2K_CONFIG_RUN);
	CHECK(PARSE("-xh") == -EINVAL); /* leaves 'h' pending in getopt */
	CHECK(PARSE("--path", "rtap", "--burst", "8") == L2K_CONFIG_RUN);
	CHECK(cfg.path == L2K_PATH_RTAP && cfg.burst == 8);
	CHECK(PARSE("--path") == -EINVAL);
	CHECK(PARSE("--iface", "z") == L2K_CONFIG_RUN && cfg.n_iface == 1);
}

int
main(int argc, char **argv)
{
	test_defaults();
	test_paths();
	test_options();
	test_help();
	test_iface();
	test_option_errors();
	test_quiet();
	test_config_file();
	test_ini_valid();
	test_ini_errors();
	test_shipped_config(argc > 1 ? argv[1] : NULL);
	test_twice();

	printf("%u checks, %u failed\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
