/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */
/*
 * l2k-nouring CMD [ARGS...]: run CMD with io_uring_setup() failing with EPERM,
 * as with kernel.io_uring_disabled=2 but for this process tree only, so tests
 * can exercise the fallback of --path auto without touching a global sysctl
 * other users of the machine depend on. A seccomp filter, inherited by exec.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#if defined(__x86_64__)
#define NOURING_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NOURING_ARCH AUDIT_ARCH_AARCH64
#else
#error "l2k-nouring: add the audit arch of this machine"
#endif

static int
deny_io_uring_setup(void)
{
	struct sock_filter insns[] = {
		/* another arch's syscall numbers mean other calls: let them be */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NOURING_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		return -errno;
	return 0;
}

int
main(int argc, char **argv)
{
	int ret;

	if (argc < 2 || strcmp(argv[1], "--help") == 0) {
		fprintf(stderr, "usage: %s CMD [ARGS...]\n"
			"run CMD with io_uring_setup() failing with EPERM\n", argv[0]);
		return argc < 2 ? 2 : 0;
	}
	ret = deny_io_uring_setup();
	if (ret < 0) {
		fprintf(stderr, "l2k-nouring: cannot install the seccomp filter: %s\n",
			strerror(-ret));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "l2k-nouring: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
