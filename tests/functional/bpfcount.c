/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * l2k-bpfcount: print how many XDP programs the kernel holds, system-wide
 * (bpftool is not a dependency). The fault tests compare the count before
 * and after a case: an XDP program left behind by the app shows up here
 * even when the interface it was attached to is gone.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <linux/bpf.h>

static int
bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int
main(void)
{
	unsigned int id = 0, xdp = 0, all = 0;

	for (;;) {
		struct bpf_prog_info info;
		union bpf_attr attr;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (bpf(BPF_PROG_GET_NEXT_ID, &attr) != 0) {
			if (errno == ENOENT)
				break;
			fprintf(stderr, "l2k-bpfcount: BPF_PROG_GET_NEXT_ID: %s\n",
				strerror(errno));
			return 1;
		}
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;
		fd = bpf(BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue; /* unloaded meanwhile */
		memset(&info, 0, sizeof(info));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = (unsigned int)fd;
		attr.info.info_len = sizeof(info);
		attr.info.info = (unsigned long)&info;
		if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0) {
			all++;
			if (info.type == BPF_PROG_TYPE_XDP)
				xdp++;
		}
		close(fd);
	}
	printf("%u\n", xdp);
	fprintf(stderr, "l2k-bpfcount: %u programs, %u of type XDP\n", all, xdp);
	return 0;
}
