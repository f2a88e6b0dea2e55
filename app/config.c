/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Configuration: defaults, then the INI file named by --config, then the
 * command line. Every value goes through apply_value() whichever side it
 * comes from, so both report the same problems in the same words.
 */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "l2k_config.h"
#include "l2k_queue.h"

#define INI_LINE_MAX 1024
#define MSG_MAX 512
#define DIM(a) (sizeof(a) / sizeof((a)[0]))
#define STR_(x) #x
#define STR(x) STR_(x)      /* a macro's value as a string (no DPDK here) */

static const char *const path_names[L2K_PATH_MAX] = {
	[L2K_PATH_AUTO] = "auto",
	[L2K_PATH_RTAP] = "rtap",
	[L2K_PATH_TAP] = "tap",
	[L2K_PATH_VIRTIO_USER] = "virtio-user",
	[L2K_PATH_AF_XDP] = "af_xdp",
	[L2K_PATH_AF_PACKET] = "af_packet",
};

/* Every setting, whether it comes from the command line or the file. */
enum setting {
	SET_PATH, SET_IFACE, SET_NETNS, SET_ON_DELETE, SET_STATS, SET_BURST, SET_RXD, SET_TXD,
	SET_MBUFS, SET_SHAPE, SET_SHAPE_IN, SET_QUEUE, SET_BQL, SET_BQL_MIN, SET_BQL_MAX, SET_BQL_HOLD,
	SET_IDLE_SLEEP, SET_SOFT
};

/* Where each setting lives in the INI file, and the range of the numeric ones. */
static const struct {
	const char *section;
	const char *key;
	unsigned long min, max;
} settings[] = {
	[SET_PATH] = { "kernel", "path", 0, 0 },
	[SET_IFACE] = { "kernel", "iface", 0, 0 },
	[SET_NETNS] = { "kernel", "netns", 0, 0 },
	[SET_ON_DELETE] = { "kernel", "on-delete", 0, 0 },
	[SET_STATS] = { "stats", "interval", 0, 3600 },
	[SET_BURST] = { "forwarding", "burst", 1, 512 },
	[SET_RXD] = { "forwarding", "rx-descriptors", 0, 32768 },
	[SET_TXD] = { "forwarding", "tx-descriptors", 0, 32768 },
	[SET_MBUFS] = { "forwarding", "mbufs", 0, 1 << 24 },
	[SET_SHAPE] = { "queueing", "shape", 0, 0 },
	[SET_SHAPE_IN] = { "queueing", "shape-in", 0, 0 },
	[SET_QUEUE] = { "queueing", "queue", 0, 0 },
	[SET_BQL] = { "queueing", "bql", 0, 0 },
	[SET_BQL_MIN] = { "queueing", "bql-min", 0, L2K_DQL_MAX_LIMIT },
	[SET_BQL_MAX] = { "queueing", "bql-max", 0, L2K_DQL_MAX_LIMIT },
	[SET_BQL_HOLD] = { "queueing", "bql-hold", 1, 60000 },
	[SET_IDLE_SLEEP] = { "forwarding", "idle-sleep", 0, 100000 },
	[SET_SOFT] = { "offloads", "soft-offload", 0, 0 },
};

/* getopt_long() values: OPT_SET + setting for the options that set one. */
#define OPT_SET 256
#define OPT_CONFIG (OPT_SET + 64)

static const struct option long_options[] = {
	{ "path", required_argument, NULL, OPT_SET + SET_PATH },
	{ "iface", required_argument, NULL, OPT_SET + SET_IFACE },
	{ "netns", required_argument, NULL, OPT_SET + SET_NETNS },
	{ "on-delete", required_argument, NULL, OPT_SET + SET_ON_DELETE },
	{ "stats", required_argument, NULL, OPT_SET + SET_STATS },
	{ "burst", required_argument, NULL, OPT_SET + SET_BURST },
	{ "mbufs", required_argument, NULL, OPT_SET + SET_MBUFS },
	{ "shape", required_argument, NULL, OPT_SET + SET_SHAPE },
	{ "shape-in", required_argument, NULL, OPT_SET + SET_SHAPE_IN },
	{ "queue", required_argument, NULL, OPT_SET + SET_QUEUE },
	{ "bql", required_argument, NULL, OPT_SET + SET_BQL },
	{ "bql-min", required_argument, NULL, OPT_SET + SET_BQL_MIN },
	{ "bql-max", required_argument, NULL, OPT_SET + SET_BQL_MAX },
	{ "bql-hold", required_argument, NULL, OPT_SET + SET_BQL_HOLD },
	{ "idle-sleep", required_argument, NULL, OPT_SET + SET_IDLE_SLEEP },
	{ "soft-offload", required_argument, NULL, OPT_SET + SET_SOFT },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Leading ':' : a missing argument is reported as ':' rather than '?'. */
static const char short_options[] = ":h";

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

void
l2k_config_init(struct l2k_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->path = L2K_PATH_AUTO; /* no iface, no netns, no stats, driver defaults */
	cfg->burst = 32;
	cfg->bql_hold_ms = L2K_DQL_HOLD_NS / 1000000;
	cfg->idle_sleep_us = L2K_IDLE_SLEEP_US;
}

bool
l2k_config_queued(const struct l2k_config *cfg, bool to_wire)
{
	return (to_wire ? cfg->shape_bps : cfg->shape_in_bps) != 0 || cfg->queue != L2K_QUEUE_OFF;
}

/*
 * The unshaped queue costs a hash and two list moves per frame, and its
 * reading ahead takes lcore time from the other direction (which of the two
 * counts was not measured apart): lost in the noise with 64 kB frames, more
 * than it gave with 1500-byte ones. And a
 * full queue of net_af_xdp frames (UMEM buffers, half of them on the fill
 * ring) starves the fill ring. Both measured: doc/design.md "Queueing".
 */
enum l2k_dir_queue
l2k_config_dir_queue(const struct l2k_config *cfg, bool to_wire, const char *rx_driver,
		     bool gso_frames)
{
	if (!l2k_config_queued(cfg, to_wire))
		return L2K_DIR_NONE_CONFIG;
	if ((to_wire ? cfg->shape_bps : cfg->shape_in_bps) != 0)
		return L2K_DIR_QUEUED;
	if (rx_driver != NULL && strcmp(rx_driver, "net_af_xdp") == 0)
		return L2K_DIR_NONE_UMEM;
	return gso_frames ? L2K_DIR_QUEUED : L2K_DIR_NONE_MTU;
}

static const char *const soft_names[L2K_SOFT_MAX] = {
	[L2K_SOFT_AUTO] = "auto",
	[L2K_SOFT_ON] = "on",
	[L2K_SOFT_OFF] = "off",
};

const char *
l2k_soft_mode_name(enum l2k_soft_mode mode)
{
	return (unsigned int)mode < L2K_SOFT_MAX ? soft_names[mode] : "unknown";
}

const char *
l2k_path_name(enum l2k_path path)
{
	return (unsigned int)path < L2K_PATH_MAX ? path_names[path] : "unknown";
}

int
l2k_path_parse(const char *name, enum l2k_path *path)
{
	unsigned int i;

	for (i = 0; i < L2K_PATH_MAX; i++) {
		if (strcmp(name, path_names[i]) == 0) {
			*path = i;
			return 0;
		}
	}
	return -EINVAL;
}

int
l2k_ifname_check(const char *name, char *err, size_t errlen)
{
	const unsigned char *c;

	if (name[0] == '\0')
		return fail(err, errlen, "interface name is empty");
	if (strlen(name) >= IFNAMSIZ)
		return fail(err, errlen, "interface name '%s' is too long (max %d characters)",
			    name, IFNAMSIZ - 1);
	/* The kernel's dev_valid_name() rules, plus no control characters. */
	for (c = (const unsigned char *)name; *c != '\0'; c++) {
		if (*c == '/' || *c == ':' || isspace(*c) || *c < 0x20 || *c == 0x7f)
			return fail(err, errlen,
				    "interface name '%s' contains an invalid character", name);
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return fail(err, errlen, "interface name '%s' is not allowed", name);
	return 0;
}

/* Decimal digits only (no sign, no blanks), within [min, max]. */
static int
parse_number(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* Append the comma-separated names in 'list' to cfg->iface. */
static int
iface_append(struct l2k_config *cfg, const char *list, char *err, size_t errlen)
{
	char *copy, *p, *name;
	int ret = 0;

	copy = strdup(list);
	if (copy == NULL) {
		fail(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (p = copy; ret == 0 && (name = strsep(&p, ",")) != NULL; ) {
		name = trim(name); /* "a, b" */
		ret = l2k_ifname_check(name, err, errlen);
		if (ret == 0 && cfg->n_iface >= L2K_MAX_PORTS)
			ret = fail(err, errlen, "too many interface names (max %d)",
				   L2K_MAX_PORTS);
		if (ret == 0)
			strcpy(cfg->iface[cfg->n_iface++], name);
	}
	free(copy);
	return ret;
}

/* Set one setting; 'label' names it in messages ("--stats" or "interval"). */
static int
apply_value(struct l2k_config *cfg, enum setting set, const char *label, const char *value,
	    char *err, size_t errlen)
{
	unsigned long v;

	switch (set) {
	case SET_PATH:
		if (l2k_path_parse(value, &cfg->path) < 0)
			return fail(err, errlen, "unknown path '%s' (expected auto, rtap, tap, "
				    "virtio-user, af_xdp or af_packet)", value);
		return 0;
	case SET_IFACE:
		return iface_append(cfg, value, err, errlen);
	case SET_NETNS: /* same rules as "ip netns": a file name under /var/run/netns */
		if (value[0] == '\0' || strlen(value) >= L2K_NETNS_LEN || strchr(value, '/') ||
		    strcmp(value, ".") == 0 || strcmp(value, "..") == 0)
			return fail(err, errlen, "invalid network namespace name '%s'", value);
		strcpy(cfg->netns, value);
		return 0;
	case SET_SHAPE:
	case SET_SHAPE_IN: {
		uint64_t *rate = set == SET_SHAPE ? &cfg->shape_bps : &cfg->shape_in_bps;
		char why[128];

		if (strcmp(value, "0") == 0 || strcmp(value, "off") == 0) {
			*rate = 0;
			return 0;
		}
		if (l2k_rate_parse(value, rate, why, sizeof(why)) < 0)
			return fail(err, errlen, "%s: %s", label, why);
		return 0;
	}
	case SET_QUEUE:
		if (strcmp(value, "fq_codel") == 0)
			cfg->queue = L2K_QUEUE_FQ_CODEL;
		else if (strcmp(value, "fifo") == 0)
			cfg->queue = L2K_QUEUE_FIFO;
		else if (strcmp(value, "off") == 0)
			cfg->queue = L2K_QUEUE_OFF;
		else
			return fail(err, errlen, "invalid value '%s' for %s (expected fq_codel, "
				    "fifo or off)", value, label);
		return 0;
	case SET_BQL:
		if (strcmp(value, "on") == 0)
			cfg->bql_off = false;
		else if (strcmp(value, "off") == 0)
			cfg->bql_off = true;
		else
			return fail(err, errlen, "invalid value '%s' for %s (expected on or off)",
				    value, label);
		return 0;
	case SET_SOFT: {
		unsigned int i;

		for (i = 0; i < L2K_SOFT_MAX; i++)
			if (strcmp(value, soft_names[i]) == 0) {
				cfg->soft = (enum l2k_soft_mode)i;
				return 0;
			}
		return fail(err, errlen, "invalid value '%s' for %s (expected auto, on or off)",
			    value, label);
	}
	case SET_ON_DELETE:
		if (strcmp(value, "recreate") == 0)
			cfg->exit_on_delete = false;
		else if (strcmp(value, "exit") == 0)
			cfg->exit_on_delete = true;
		else
			return fail(err, errlen, "invalid value '%s' for %s (expected recreate or "
				    "exit)", value, label);
		return 0;
	default:
		break;
	}

	if (parse_number(value, settings[set].min, settings[set].max, &v) < 0)
		return fail(err, errlen, "invalid value '%s' for %s (expected %lu..%lu)",
			    value, label, settings[set].min, settings[set].max);
	switch (set) {
	case SET_STATS:
		cfg->stats_interval = v;
		break;
	case SET_BURST:
		cfg->burst = v;
		break;
	case SET_RXD:
		cfg->rxd = v;
		break;
	case SET_TXD:
		cfg->txd = v;
		break;
	case SET_BQL_MIN:
		cfg->bql_min = v;
		break;
	case SET_BQL_MAX:
		cfg->bql_max = v;
		break;
	case SET_BQL_HOLD:
		cfg->bql_hold_ms = v;
		break;
	case SET_IDLE_SLEEP:
		cfg->idle_sleep_us = v;
		break;
	default:
		cfg->mbufs = v;
		break;
	}
	return 0;
}

/* Handle one line; '*section' is the current one (NULL before the first). */
static int
ini_line(struct l2k_config *cfg, const char **section, char *s, char *msg, size_t msglen)
{
	char *eq, *key, *value, *c;
	unsigned int i;

	s = trim(s);
	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	/* A comment after a value starts with blank then '#' or ';'. */
	for (c = s + 1; *c != '\0'; c++) {
		if ((*c == '#' || *c == ';') && isspace((unsigned char)c[-1])) {
			*c = '\0';
			s = trim(s);
			break;
		}
	}

	if (*s == '[') {
		c = s + strlen(s) - 1;
		if (*c != ']')
			return fail(msg, msglen, "expected '[section]'");
		*c = '\0';
		s = trim(s + 1);
		for (i = 0; i < DIM(settings); i++) {
			if (strcmp(s, settings[i].section) == 0) {
				*section = settings[i].section;
				return 0;
			}
		}
		return fail(msg, msglen, "unknown section [%s]", s);
	}

	eq = strchr(s, '=');
	if (eq == NULL || eq == s)
		return fail(msg, msglen, "expected 'key = value'");
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (*section == NULL)
		return fail(msg, msglen, "key '%s' outside a section", key);
	for (i = 0; i < DIM(settings); i++) {
		if (strcmp(*section, settings[i].section) != 0 ||
		    strcmp(key, settings[i].key) != 0)
			continue;
		if (*value == '\0')
			return fail(msg, msglen, "empty value for '%s'", key);
		/* In the file, iface= gives the whole list. */
		if (i == SET_IFACE)
			cfg->n_iface = 0;
		return apply_value(cfg, i, key, value, msg, msglen);
	}
	return fail(msg, msglen, "unknown key '%s' in section [%s]", key, *section);
}

static int
read_error(const char *path, char *err, size_t errlen)
{
	int ret = -errno;

	fail(err, errlen, "cannot read config file '%s': %s", path, strerror(-ret));
	return ret;
}

/* Parse the INI text read from 'f'; problems get a "name:line: " prefix. */
static int
parse_stream(struct l2k_config *cfg, FILE *f, const char *name, char *err, size_t errlen)
{
	const char *section = NULL;
	unsigned int lineno = 0;
	char *line = NULL;
	char msg[MSG_MAX];
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	while (ret == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len > INI_LINE_MAX)
			ret = fail(msg, sizeof(msg), "line too long (max %d characters)",
				   INI_LINE_MAX);
		else
			ret = ini_line(cfg, &section, line, msg, sizeof(msg));
		if (ret < 0)
			fail(err, errlen, "%s:%u: %s", name, lineno, msg);
	}
	if (ret == 0 && ferror(f))
		ret = read_error(name, err, errlen);
	free(line);
	return ret;
}

int
l2k_config_parse_string(struct l2k_config *cfg, const char *text, const char *name,
			char *err, size_t errlen)
{
	FILE *f;
	int ret;

	if (text[0] == '\0')
		return 0;
	f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	if (f == NULL)
		return read_error(name, err, errlen);
	ret = parse_stream(cfg, f, name, err, errlen);
	fclose(f);
	return ret;
}

int
l2k_config_parse_file(struct l2k_config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (f == NULL)
		return read_error(path, err, errlen);
	ret = parse_stream(cfg, f, path, err, errlen);
	fclose(f);
	return ret;
}

/* Explain what getopt_long() just rejected, naming the option as the user wrote it. */
static int
bad_option(char **argv, char *err, size_t errlen)
{
	const char *arg = argv[optind - 1];

	if (optopt == 0) /* unknown long option */
		return fail(err, errlen, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
	if (optopt == 'h') /* --help=value */
		return fail(err, errlen, "option '--help' takes no value");
	return fail(err, errlen, "unknown option '-%c'", optopt);
}

/*
 * One getopt_long() pass over argv. The first pass ('apply' false) checks the
 * syntax and finds --help and --config; the second applies the options.
 */
static int
parse_pass(struct l2k_config *cfg, int argc, char **argv, bool apply, char *err, size_t errlen)
{
	bool iface_seen = false, help = false;
	int opt, idx, ret;
	char label[16];

	optind = 0; /* glibc: full reinitialisation, so that we can be called again */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, short_options, long_options, &idx)) != -1) {
		switch (opt) {
		case 'h':
			help = true;
			break;
		case ':':
			return fail(err, errlen, "option '%.*s' needs a value",
				    (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
		case '?':
			return bad_option(argv, err, errlen);
		case OPT_CONFIG:
			if (strlen(optarg) >= sizeof(cfg->config_file))
				return fail(err, errlen, "config file name is too long");
			strcpy(cfg->config_file, optarg);
			break;
		default:
			if (!apply)
				break;
			if (opt == OPT_SET + SET_IFACE && !iface_seen) {
				/* The command line replaces the file's list. */
				cfg->n_iface = 0;
				iface_seen = true;
			}
			snprintf(label, sizeof(label), "--%s", long_options[idx].name);
			ret = apply_value(cfg, opt - OPT_SET, label, optarg, err, errlen);
			if (ret < 0)
				return ret;
			break;
		}
	}
	if (optind < argc)
		return fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	return help ? L2K_CONFIG_HELP : L2K_CONFIG_RUN;
}

int
l2k_config_parse_args(struct l2k_config *cfg, int argc, char **argv, char *err, size_t errlen)
{
	int ret;

	ret = parse_pass(cfg, argc, argv, false, err, errlen);
	if (ret != L2K_CONFIG_RUN)
		return ret;
	if (cfg->config_file[0] != '\0') {
		ret = l2k_config_parse_file(cfg, cfg->config_file, err, errlen);
		if (ret < 0)
			return ret;
	}
	ret = parse_pass(cfg, argc, argv, true, err, errlen);
	if (ret == L2K_CONFIG_RUN && cfg->bql_max != 0 && cfg->bql_min > cfg->bql_max)
		return fail(err, errlen, "bql-min %u is above bql-max %u", cfg->bql_min,
			    cfg->bql_max);
	if (ret == L2K_CONFIG_RUN && cfg->queue == L2K_QUEUE_OFF &&
	    (cfg->shape_bps != 0 || cfg->shape_in_bps != 0))
		return fail(err, errlen, "queue off leaves no queue for the shaper's frames: "
			    "shape and shape-in need fq_codel or fifo");
	return ret;
}

void
l2k_config_usage(FILE *f, const char *prog)
{
	const char *slash = prog != NULL ? strrchr(prog, '/') : NULL;

	prog = prog == NULL ? "dpdk-l2fwd-kernel" : slash != NULL ? slash + 1 : prog;
	fprintf(f, "Usage: %s [EAL options] -- [options]\n\n"
		"Forward frames between DPDK ports and the Linux kernel. Every option is\n"
		"optional: path auto picks the best kernel path this host supports, and the\n"
		"kernel interface names are derived from the DPDK ports. Options given on the\n"
		"command line override those of the --config file.\n\n"
		"Options:\n"
		"  --path NAME        auto|rtap|tap|virtio-user|af_xdp|af_packet (default auto)\n"
		"  --iface NAME[,..]  kernel interface of port i, repeatable (default derived)\n"
		"  --netns NAME       namespace of the kernel interfaces (default current)\n"
		"  --on-delete WHAT   when a user deletes a kernel interface: recreate it,\n"
		"                     or exit (default recreate)\n"
		"  --config FILE      read settings from this INI file first (default none)\n"
		"  --stats SECONDS    statistics every SECONDS, 0..3600, 0 = off (default 0)\n"
		"  --burst N          packets per receive/transmit burst, 1..512 (default 32);\n"
		"                     a queued direction sends " STR(L2K_SEND_ROUND)
		" a round, a burst of small ones\n"
		"  --mbufs N          mbufs in each port's pool, 0..16777216; 0 sizes it from\n"
		"                     the rings (default 0); too few for the rings is refused\n"
		"  --shape RATE       shape what goes to the wire to RATE (tc notation: 200mbit,\n"
		"                     1gbit; or bit/s), queue in the application (default off)\n"
		"  --shape-in RATE    shape what comes from the wire to RATE before the kernel,\n"
		"                     below a slower link ahead of the wire (default off)\n"
		"  --queue KIND       the application's queue of each direction: fq_codel\n"
		"                     (default), fifo (no management), or off (none unless\n"
		"                     shaped: back-pressure to the rings)\n"
		"  --bql on|off       byte queue limits on the wire port's TX queues (default on)\n"
		"  --bql-min BYTES    smallest limit (default 0)\n"
		"  --bql-max BYTES    largest limit, 0 = unbounded (default 0)\n"
		"  --bql-hold MS      how long slack must last before the limit shrinks\n"
		"                     (default 1000)\n"
		"  --soft-offload M   offloads the wire port lacks, done in software: auto\n"
		"                     (where measured faster: GRO to the kernel), on (also\n"
		"                     checksums and TCP/IPv4 segmentation), off (default auto)\n"
		"  --idle-sleep US    longest sleep of an idle forwarding lcore, 0..100000,\n"
		"                     0 = always poll (default 100)\n"
		"  -h, --help         print this help and exit\n", prog);
}
