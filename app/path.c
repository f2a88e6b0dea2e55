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
#include <sys/resource.h>
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

/*
 * Privileges: what each path needs, found by running each as a user other
 * than root with only that set and real traffic (doc/design.md,
 * "Privileges"). Checked before anything is created, so a missing one is
 * named instead of surfacing as a driver's EPERM halfway through start-up.
 */

#define PATH_BIT(p) (1u << (p))
#define ALL_PATHS (PATH_BIT(L2K_PATH_RTAP) | PATH_BIT(L2K_PATH_TAP) | \
		   PATH_BIT(L2K_PATH_VIRTIO_USER) | PATH_BIT(L2K_PATH_AF_XDP) | \
		   PATH_BIT(L2K_PATH_AF_PACKET))

struct cap_need {
	uint32_t paths;         /* PATH_BIT()s of the paths that need it */
	int cap;
	const char *name;
	const char *why;
};

static const struct cap_need path_needs[] = {
	{ ALL_PATHS, CAP_NET_ADMIN, "CAP_NET_ADMIN",
	  "to create and configure the kernel interface" },
	{ PATH_BIT(L2K_PATH_AF_XDP) | PATH_BIT(L2K_PATH_AF_PACKET), CAP_NET_RAW, "CAP_NET_RAW",
	  "to open the AF_XDP/AF_PACKET socket on the veth" },
	/* CAP_BPF is not enough: libxdp reads attached programs back by id */
	{ PATH_BIT(L2K_PATH_AF_XDP), CAP_SYS_ADMIN, "CAP_SYS_ADMIN",
	  "for libxdp to load the XDP program and read it back by id" },
};

static const struct cap_need netns_needs[] = {
	{ ALL_PATHS, CAP_SYS_ADMIN, "CAP_SYS_ADMIN",
	  "to open netlink in that namespace (setns); not needed when the application "
	  "runs inside it (ip netns exec)" },
	{ ALL_PATHS, CAP_NET_BROADCAST, "CAP_NET_BROADCAST",
	  "to follow the kernel interface's events there (NETLINK_LISTEN_ALL_NSID)" },
};

/* Locked memory an AF_XDP UMEM takes without CAP_IPC_LOCK: P and K, one queue each. */
#define L2K_XDP_MEMLOCK_MIN (32ull << 20)

static int
caps_effective(uint64_t *eff)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return -errno;
	*eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	return 0;
}

static bool
has_cap(uint64_t eff, int cap)
{
	return (eff >> cap) & 1;
}

/* AF_XDP registers its UMEM as locked memory: CAP_IPC_LOCK or a limit that fits it. */
static int
check_memlock(uint64_t eff, char *err, size_t errlen)
{
	struct rlimit rl;

	if (has_cap(eff, CAP_IPC_LOCK) || getrlimit(RLIMIT_MEMLOCK, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= L2K_XDP_MEMLOCK_MIN)
		return 0;
	snprintf(err, errlen, "needs CAP_IPC_LOCK or a locked-memory limit of at least %llu MiB "
		 "(ulimit -l, LimitMEMLOCK=) for its AF_XDP UMEM, and this process has neither "
		 "(limit %llu KiB)", L2K_XDP_MEMLOCK_MIN >> 20,
		 (unsigned long long)rl.rlim_cur >> 10);
	return -EPERM;
}

static int
check_needs(const struct cap_need *needs, unsigned int n, uint32_t paths, char *err,
	    size_t errlen)
{
	uint64_t eff;
	unsigned int i;
	int ret;

	ret = caps_effective(&eff);
	if (ret < 0) {
		snprintf(err, errlen, "cannot read capabilities: %s", strerror(-ret));
		return ret;
	}
	for (i = 0; i < n; i++) {
		if ((needs[i].paths & paths) != paths || has_cap(eff, needs[i].cap))
			continue;
		snprintf(err, errlen, "needs %s (%s), which this process lacks: run as root or "
			 "grant it (PRIVILEGES in dpdk-l2fwd-kernel(1))", needs[i].name,
			 needs[i].why);
		return -EPERM;
	}
	if (paths == PATH_BIT(L2K_PATH_AF_XDP))
		return check_memlock(eff, err, errlen);
	return 0;
}

/*
 * The capabilities 'path' needs (for auto: those every path needs); 'err'
 * says "needs CAP_... (why)" of the first one missing, for the caller to
 * put the path in front.
 */
int
l2k_check_privileges(enum l2k_path path, char *err, size_t errlen)
{
	return check_needs(path_needs, RTE_DIM(path_needs),
			   path == L2K_PATH_AUTO ? ALL_PATHS : PATH_BIT(path), err, errlen);
}

/* What --netns needs, on top of the path's. */
int
l2k_check_netns_privileges(char *err, size_t errlen)
{
	return check_needs(netns_needs, RTE_DIM(netns_needs), ALL_PATHS, err, errlen);
}

/* What a wire port needs, by driver: the vdevs the tests and the service use. */
static const struct {
	const char *prefix;
	int cap;
	const char *name;
	const char *why;
} wire_needs[] = {
	{ "net_af_packet", CAP_NET_RAW, "CAP_NET_RAW", "to open its AF_PACKET socket" },
	{ "eth_af_packet", CAP_NET_RAW, "CAP_NET_RAW", "to open its AF_PACKET socket" },
	{ "net_af_xdp", CAP_NET_RAW, "CAP_NET_RAW", "to open its AF_XDP socket" },
	{ "net_af_xdp", CAP_NET_ADMIN, "CAP_NET_ADMIN", "to attach its XDP program" },
	{ "net_af_xdp", CAP_SYS_ADMIN, "CAP_SYS_ADMIN",
	  "for libxdp to load the XDP program and read it back by id" },
	{ "net_tap", CAP_NET_ADMIN, "CAP_NET_ADMIN", "to create its TAP interface" },
	{ "net_rtap", CAP_NET_ADMIN, "CAP_NET_ADMIN", "to create its TAP interface" },
	{ "virtio_user", CAP_NET_ADMIN, "CAP_NET_ADMIN", "to create its TAP interface" },
};

/* Each --vdev of the EAL arguments (argv[0 .. argc-1]) against wire_needs[]. */
int
l2k_check_wire_privileges(int argc, char **argv, char *err, size_t errlen)
{
	char who[64], why[L2K_ERRLEN];
	uint64_t eff;
	int i, ret;

	ret = caps_effective(&eff);
	if (ret < 0) {
		snprintf(err, errlen, "cannot read capabilities: %s", strerror(-ret));
		return ret;
	}
	for (i = 1; i < argc; i++) {
		const char *dev = NULL;
		unsigned int j;

		if (strcmp(argv[i], "--vdev") == 0 && i + 1 < argc)
			dev = argv[++i];
		else if (strncmp(argv[i], "--vdev=", 7) == 0)
			dev = argv[i] + 7;
		if (dev == NULL)
			continue;
		snprintf(who, sizeof(who), "the wire port %.*s", (int)strcspn(dev, ","), dev);
		for (j = 0; j < RTE_DIM(wire_needs); j++) {
			if (strncmp(dev, wire_needs[j].prefix, strlen(wire_needs[j].prefix)) != 0)
				continue;
			if (!has_cap(eff, wire_needs[j].cap)) {
				snprintf(err, errlen, "%s needs %s (%s), which this process lacks: "
					 "run as root or grant it (PRIVILEGES in "
					 "dpdk-l2fwd-kernel(1))", who, wire_needs[j].name,
					 wire_needs[j].why);
				return -EPERM;
			}
		}
		if (strncmp(dev, "net_af_xdp", 10) == 0 && check_memlock(eff, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s %s", who, why);
			return -EPERM;
		}
	}
	return 0;
}
