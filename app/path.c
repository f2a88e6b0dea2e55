/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Kernel paths: what each needs from the host. Each probe asks the kernel for exactly the resource
 * the path will use and returns the reason when it is missing.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <linux/capability.h>
#include <linux/magic.h>

#include "l2k.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

#ifdef L2K_HAVE_RTAP
static int
probe_io_uring(char *why, size_t len)
{
	struct {
		uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle;
		uint32_t features, wq_fd, resv[3];
		uint64_t sq_off[5], cq_off[5];
	} p;
	long fd;

	memset(&p, 0, sizeof(p));
	fd = syscall(__NR_io_uring_setup, 2, &p);
	if (fd < 0) {
		int e = errno, disabled = 0;
		FILE *f = fopen("/proc/sys/kernel/io_uring_disabled", "r");

		if (f != NULL) {
			if (fscanf(f, "%d", &disabled) != 1)
				disabled = 0;
			fclose(f);
		}
		if (disabled)
			snprintf(why, len, "io_uring unavailable: %s (sysctl kernel.io_uring_disabled=%d)",
				 strerror(e), disabled);
		else
			snprintf(why, len, "io_uring unavailable: %s%s", strerror(e),
				 e == EPERM ? " (refused by a security policy)" : "");
		return -e;
	}
	close(fd);
	return 0;
}
#endif

static int
probe_dev(const char *dev, const char *what, char *why, size_t len)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;

		snprintf(why, len, "%s not available (%s)%s", dev, strerror(e), what);
		return -e;
	}
	close(fd);
	return 0;
}

static int
probe_socket(int family, const char *name, char *why, size_t len)
{
	int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		int e = errno;

		snprintf(why, len, "%s sockets unavailable (%s)", name, strerror(e));
		return -e;
	}
	close(fd);
	return 0;
}

/* net_af_xdp loads its XDP program through libxdp, which wants bpffs. */
static int
probe_bpffs(char *why, size_t len)
{
	const char *dir = "/sys/fs/bpf";
	struct statfs st;

	if (statfs(dir, &st) == 0 && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", dir, "bpf", 0, NULL) == 0) {
		L2K_INFO("mounted bpffs on %s for AF_XDP", dir);
		return 0;
	}
	snprintf(why, len, "bpffs is not mounted on %s and mounting it failed (%s)",
		 dir, strerror(errno));
	return -ENOTSUP;
}

int
l2k_path_probe(enum l2k_path path, char *why, size_t len)
{
	int ret;

	why[0] = '\0';
	switch (path) {
	case L2K_PATH_RTAP:
#ifdef L2K_HAVE_RTAP
		ret = probe_dev("/dev/net/tun", "", why, len);
		return ret ? ret : probe_io_uring(why, len);
#else
		snprintf(why, len, "net_rtap was not built (needs liburing and the DPDK driver headers)");
		return -ENOTSUP;
#endif
	case L2K_PATH_TAP:
		return probe_dev("/dev/net/tun", "", why, len);
	case L2K_PATH_VIRTIO_USER:
		return probe_dev("/dev/vhost-net",
				 ": the kernel has no vhost-net (CONFIG_VHOST_NET)", why, len);
	case L2K_PATH_AF_XDP:
		ret = probe_socket(AF_XDP, "AF_XDP", why, len);
		return ret ? ret : probe_bpffs(why, len);
	case L2K_PATH_AF_PACKET:
		return probe_socket(AF_PACKET, "AF_PACKET", why, len);
	default:
		snprintf(why, len, "not a kernel path");
		return -EINVAL;
	}
}

/* Creating netdevs needs CAP_NET_ADMIN; say so before the EAL starts. */
int
l2k_check_privileges(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];
	static const struct { int cap; const char *name; } need[] = {
		{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
		{ CAP_NET_RAW, "CAP_NET_RAW" },
	};
	unsigned int i;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0) {
		snprintf(err, errlen, "cannot read capabilities: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < RTE_DIM(need); i++) {
		int c = need[i].cap;

		if (!(data[c / 32].effective & (1u << (c % 32)))) {
			snprintf(err, errlen,
				 "dpdk-l2fwd-kernel needs %s to create and control network "
				 "interfaces: run it as root", need[i].name);
			return -EPERM;
		}
	}
	return 0;
}
