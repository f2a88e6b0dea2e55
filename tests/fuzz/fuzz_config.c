/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Fuzz target: the configuration parser of app/config.c. The input is INI
 * text, optionally followed by a NUL and command-line arguments separated
 * by NULs:
 *
 *   [kernel]\npath = tap\n \0 --iface \0 k0 \0 --config \0 f.conf
 *
 * The text goes to l2k_config_parse_string(); the arguments to
 * l2k_config_parse_args(), where a --config file has the text as its
 * content (config_fopen.h), except for the names "" and "missing", which do
 * not exist. Checked: the result is one of the documented ones, an error
 * comes with a terminated message (also in tiny buffers), and whatever the
 * outcome every setting in the configuration is within its documented range.
 */

#include <errno.h>
#include <string.h>

#include "l2k_config.h"
#include "fuzz.h"

#define MAX_ARGS 64

static const char *ini_text; /* content of any --config file */

FILE *l2k_fuzz_fopen(const char *path, const char *mode);

FILE *
l2k_fuzz_fopen(const char *path, const char *mode)
{
	(void)mode;
	if (path[0] == '\0' || strcmp(path, "missing") == 0) {
		errno = ENOENT;
		return NULL;
	}
	if (ini_text[0] == '\0')
		return fopen("/dev/null", "r");
	return fmemopen((void *)(uintptr_t)ini_text, strlen(ini_text), "r");
}

static void
check_config(const struct l2k_config *c)
{
	unsigned int i;

	FUZZ_ASSERT((unsigned int)c->path < L2K_PATH_MAX);
	FUZZ_ASSERT(strcmp(l2k_path_name(c->path), "unknown") != 0);
	FUZZ_ASSERT(c->n_iface <= L2K_MAX_PORTS);
	for (i = 0; i < c->n_iface; i++) {
		FUZZ_ASSERT(memchr(c->iface[i], '\0', IFNAMSIZ) != NULL);
		FUZZ_ASSERT(l2k_ifname_check(c->iface[i], NULL, 0) == 0);
	}
	FUZZ_ASSERT(memchr(c->netns, '\0', sizeof(c->netns)) != NULL);
	FUZZ_ASSERT(strchr(c->netns, '/') == NULL);
	FUZZ_ASSERT(memchr(c->config_file, '\0', sizeof(c->config_file)) != NULL);
	FUZZ_ASSERT(c->stats_interval <= 3600);
	FUZZ_ASSERT(c->burst >= 1 && c->burst <= 512);
	FUZZ_ASSERT(c->rxd <= 32768 && c->txd <= 32768);
	FUZZ_ASSERT(c->mbufs <= (1u << 24));
}

/* An error message must be there, terminated within the buffer. */
static void
check_err(const char *err, size_t errlen)
{
	FUZZ_ASSERT(memchr(err, '\0', errlen) != NULL);
	if (errlen > 1)
		FUZZ_ASSERT(err[0] != '\0');
}

static void
run_string(const char *text, size_t errlen)
{
	struct l2k_config cfg;
	char *err = malloc(errlen); /* exactly errlen: a write past it is caught */
	int ret;

	FUZZ_ASSERT(err != NULL);
	memset(err, 'x', errlen);
	l2k_config_init(&cfg);
	check_config(&cfg);
	ret = l2k_config_parse_string(&cfg, text, "fuzz.conf", err, errlen);
	FUZZ_ASSERT(ret <= 0);
	if (ret < 0)
		check_err(err, errlen);
	check_config(&cfg);
	free(err);
}

static void
run_args(int argc, char **argv, size_t errlen)
{
	struct l2k_config cfg;
	char *err = malloc(errlen);
	int ret;

	FUZZ_ASSERT(err != NULL);
	memset(err, 'x', errlen);
	l2k_config_init(&cfg);
	ret = l2k_config_parse_args(&cfg, argc, argv, err, errlen);
	FUZZ_ASSERT(ret == L2K_CONFIG_RUN || ret == L2K_CONFIG_HELP || ret < 0);
	if (ret < 0)
		check_err(err, errlen);
	check_config(&cfg);
	free(err);
}

/* A NUL-terminated copy of n bytes, in a heap buffer of exactly n + 1. */
static char *
copy_str(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	FUZZ_ASSERT(s != NULL);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *text, *argv_copy[MAX_ARGS + 2];
	const uint8_t *p, *end = data + size, *nul;
	int argc = 0, i;

	/* the INI text: up to the first NUL */
	nul = memchr(data, '\0', size);
	text = copy_str(data, nul != NULL ? (size_t)(nul - data) : size);
	ini_text = text;
	run_string(text, 512);
	run_string(text, 1);
	run_string(text, 9);

	/* the arguments: each in a heap buffer of its own size */
	argv[argc++] = copy_str((const uint8_t *)"dpdk-l2fwd-kernel", 17);
	for (p = nul != NULL ? nul + 1 : end; p < end && argc <= MAX_ARGS; ) {
		nul = memchr(p, '\0', (size_t)(end - p));
		argv[argc++] = copy_str(p, nul != NULL ? (size_t)(nul - p) : (size_t)(end - p));
		p = nul != NULL ? nul + 1 : end;
	}
	argv[argc] = NULL;
	/* getopt_long() permutes argv: keep the pointers to free them */
	memcpy(argv_copy, argv, sizeof(argv[0]) * (argc + 1));
	run_args(argc, argv, 512);
	memcpy(argv, argv_copy, sizeof(argv[0]) * (argc + 1));
	run_args(argc, argv, 3);

	for (i = 0; i < argc; i++)
		free(argv_copy[i]);
	free(text);
	return 0;
}
