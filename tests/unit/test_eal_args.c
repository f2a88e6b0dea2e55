/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/eal_args.c: the arguments the application adds to the
 * EAL's so that it runs on a host nobody prepared, and never overrides
 * what the user gave.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "l2k.h"
#include "l2k_test.h"

#define S(x) ((char *)(uintptr_t)(x))

static char **out;
static int out_argc;
static bool no_huge;

static int
build(int hugepages, char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	free(out);
	out = NULL;
	return l2k_eal_args_build(argc, argv, hugepages, &out, &out_argc, &no_huge);
}

static bool
has(const char *arg)
{
	int i;

	for (i = 0; i < out_argc; i++)
		if (strcmp(out[i], arg) == 0)
			return true;
	return false;
}

static int
count(const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < out_argc; i++)
		n += strncmp(out[i], prefix, strlen(prefix)) == 0;
	return n;
}

static void
test_split(void)
{
	char *a[] = { S("app"), S("-l"), S("0,1"), S("--"), S("--path"), S("tap"), NULL };
	char *b[] = { S("app"), S("-l"), S("0,1"), NULL };

	CHECK(l2k_split_args(6, a) == 3);
	CHECK(l2k_split_args(3, b) == 3);
}

static void
test_no_hugepages(void)
{
	char *a[] = { S("app"), S("-l"), S("0,1"), S("--"), S("--path"), S("tap"), NULL };

	CHECK(build(0, a) == 0);
	CHECK(no_huge);
	CHECK(has("--no-huge"));
	CHECK(has("-m"));
	/* --in-memory refuses --no-huge's legacy memory: no shared config instead */
	CHECK(has("--no-shconf"));
	CHECK(!has("--in-memory"));
	/* application options stay out of the EAL's vector */
	CHECK(!has("--path") && !has("--"));
	CHECK(out[out_argc] == NULL);
	CHECK_STR(out[0], "app");
}

static void
test_hugepages(void)
{
	char *a[] = { S("app"), S("-l"), S("0,1"), NULL };

	CHECK(build(512, a) == 0);
	CHECK(!no_huge);
	CHECK(!has("--no-huge"));
	CHECK(!has("-m"));
	CHECK(has("--in-memory"));
}

static void
test_user_wins(void)
{
	char *a[] = { S("app"), S("--no-huge"), S("-m512"), S("--file-prefix=x"), NULL };
	char *b[] = { S("app"), S("--socket-mem=1024"), NULL };
	char *c[] = { S("app"), S("--in-memory"), NULL };

	CHECK(build(0, a) == 0);
	CHECK(no_huge);
	CHECK(count("--no-huge") == 1);
	CHECK(count("-m") == 1);
	CHECK(!has("--no-shconf") && !has("--in-memory"));

	/* asking for hugepage memory explicitly: let the EAL say what is wrong */
	CHECK(build(0, b) == 0);
	CHECK(!no_huge);
	CHECK(!has("--no-huge"));

	/* with hugepages, the user's --in-memory stays as it is */
	CHECK(build(512, c) == 0);
	CHECK(!no_huge);
	CHECK(count("--in-memory") == 1);
	CHECK(!has("--no-shconf"));
}

/*
 * --in-memory (as a unit file may give) on a host without hugepages: the
 * --no-huge the application adds implies legacy memory, which the EAL
 * refuses with --in-memory, so it becomes --no-shconf.
 */
static void
test_in_memory_no_hugepages(void)
{
	char *a[] = { S("app"), S("--in-memory"), S("--vdev"), S("net_null0"), S("--"),
		      S("--path"), S("tap"), NULL };
	char *b[] = { S("app"), S("--in-memory"), S("--no-huge"), NULL };

	CHECK(build(0, a) == 0);
	CHECK(no_huge);
	CHECK(has("--no-huge"));
	CHECK(!has("--in-memory"));
	CHECK(count("--no-shconf") == 1);
	CHECK(has("--vdev") && has("net_null0"));
	CHECK(out[out_argc] == NULL);

	/* both asked for by the user: the user's choice, the EAL's error */
	CHECK(build(0, b) == 0);
	CHECK(count("--in-memory") == 1);
	CHECK(count("--no-huge") == 1);
	CHECK(!has("--no-shconf"));
}

int
main(void)
{
	test_split();
	test_no_hugepages();
	test_hugepages();
	test_user_wins();
	test_in_memory_no_hugepages();
	free(out);
	return test_result("eal_args");
}
