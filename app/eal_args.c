/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * EAL arguments: the application needs no preparation of the host, so when
 * no hugepages are reserved it runs from ordinary memory (--no-huge) and,
 * unless told otherwise, keeps no shared runtime files (--in-memory, or
 * --no-shconf without hugepages) so
 * several instances and a crashed one never collide.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "l2k.h"

/* Memory given to the EAL when it runs without hugepages. */
#define L2K_NO_HUGE_MEM "512"

/* Index of the "--" separating EAL from application options, or argc. */
int
l2k_split_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i;
	return argc;
}

/* Free hugepages of any size, from sysfs; 0 when none or unreadable. */
int
l2k_hugepages_free(void)
{
	const char *dir = "/sys/kernel/mm/hugepages";
	struct dirent *de;
	char path[512];
	int total = 0;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		FILE *f;
		int n;

		if (strncmp(de->d_name, "hugepages-", 10) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/free_hugepages", dir, de->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fscanf(f, "%d", &n) == 1 && n > 0)
			total += n;
		fclose(f);
	}
	closedir(d);
	return total;
}

static bool
has_opt(int argc, char **argv, const char *opt)
{
	size_t len = strlen(opt);
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], opt, len) != 0)
			continue;
		/* "-m 512" and "-m512"; "--opt" and "--opt=value" */
		if (opt[1] != '-' || argv[i][len] == '\0' || argv[i][len] == '=')
			return true;
	}
	return false;
}

/*
 * Build the EAL's argv: the user's EAL arguments (argv[0 .. eal_argc-1],
 * without the "--" and what follows) plus what the host needs.
 * The new vector is malloc'ed; its strings are the caller's or literals.
 */
int
l2k_eal_args_build(int argc, char **argv, int hugepages_free, char ***out,
		   int *out_argc, bool *no_huge)
{
	int eal_argc = l2k_split_args(argc, argv);
	bool add_no_huge, drop_in_memory;
	char **v;
	int n = 0, i;

	v = calloc(eal_argc + 8, sizeof(*v));
	if (v == NULL)
		return -ENOMEM;

	*no_huge = has_opt(eal_argc, argv, "--no-huge");
	add_no_huge = !*no_huge && hugepages_free <= 0 &&
		      !has_opt(eal_argc, argv, "--socket-mem") &&
		      !has_opt(eal_argc, argv, "--huge-dir");
	/*
	 * --no-huge implies legacy memory, which --in-memory refuses: when the
	 * application is the one choosing --no-huge, the user's --in-memory
	 * becomes --no-shconf, which keeps the same promise (no shared files).
	 */
	drop_in_memory = add_no_huge && has_opt(eal_argc, argv, "--in-memory");
	for (i = 0; i < eal_argc; i++)
		if (!drop_in_memory || strcmp(argv[i], "--in-memory") != 0)
			v[n++] = argv[i];
	if (add_no_huge) {
		v[n++] = (char *)(uintptr_t)"--no-huge";
		*no_huge = true;
	}
	if (*no_huge && !has_opt(eal_argc, argv, "-m"))  {
		v[n++] = (char *)(uintptr_t)"-m";
		v[n++] = (char *)(uintptr_t)L2K_NO_HUGE_MEM;
	}
	if ((drop_in_memory || !has_opt(eal_argc, argv, "--in-memory")) &&
	    !has_opt(eal_argc, argv, "--no-shconf") &&
	    !has_opt(eal_argc, argv, "--file-prefix") &&
	    !has_opt(eal_argc, argv, "--proc-type"))
		v[n++] = (char *)(uintptr_t)(*no_huge ? "--no-shconf" : "--in-memory");
	v[n] = NULL;
	*out = v;
	*out_argc = n;
	return 0;
}
