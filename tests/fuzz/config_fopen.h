/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Forced into app/config.c as compiled for fuzz_config (-include): the file
 * that --config names is read from the fuzzer's input, never from the disk
 * (an input naming /dev/zero or /dev/stdin would otherwise hang the run).
 * <stdio.h> comes first so that its own declarations keep their names.
 */

#ifndef L2K_FUZZ_CONFIG_FOPEN_H
#define L2K_FUZZ_CONFIG_FOPEN_H

#include <stdio.h>

FILE *l2k_fuzz_fopen(const char *path, const char *mode);

#define fopen l2k_fuzz_fopen

#endif /* L2K_FUZZ_CONFIG_FOPEN_H */
