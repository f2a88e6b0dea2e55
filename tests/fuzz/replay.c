/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * main() for a fuzz target built without libFuzzer: runs the target once on
 * every file given, or in the directories given (names starting with '.'
 * skipped), each input in a heap buffer of exactly its size so that a
 * sanitizer build catches any read past its end. Exit status 0 when every
 * input ran (an invariant that does not hold aborts).
 *
 *   replay_<target> FILE|DIR...
 */

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL || fstat(fileno(f), &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	/* malloc(0) may return NULL: keep one byte, pass the real size */
	buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (buf == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	if (n != (size_t)st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(buf);
		return -1;
	}
	/* named first: when it aborts, the log says which input it was */
	printf("replay: %s (%zu bytes)\n", path, n);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
run_dir(const char *dir, unsigned int *count)
{
	struct dirent **names;
	char path[4096];
	int n, i, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && ret == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			ret = run_file(path);
			if (ret == 0)
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int
main(int argc, char **argv)
{
	unsigned int count = 0;
	struct stat st;
	int i, ret = 0;

	for (i = 1; i < argc && ret == 0; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			ret = run_dir(argv[i], &count);
		} else {
			ret = run_file(argv[i]);
			if (ret == 0)
				count++;
		}
	}
	printf("replay: %u inputs%s\n", count, ret == 0 ? "" : ", stopped on an error");
	return ret == 0 ? 0 : 1;
}
