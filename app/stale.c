/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * What an instance killed with SIGKILL leaves behind, recognised and
 * removed by the next one before the EAL starts (K's netdev and veth,
 * marked with L2K_ALIAS_PREFIX, are handled in kport.c), and the AF_XDP
 * program the driver cannot remove itself once P's netdev moved away:
 * - the AF_XDP program on the interface of an af_xdp wire port: the
 *   driver's default program (xsk_def_prog) is stale when no AF_XDP socket
 *   is bound to that interface any more (sock_diag), or, where the kernel
 *   cannot tell, when no process holds the program or its maps; any other
 *   program, or one in use, is left alone;
 * - DPDK telemetry sockets in the EAL's runtime directory that no process
 *   listens on (the EAL itself only reclaims the first name it tries).
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <linux/bpf.h>
#include <linux/if_link.h>

#include "l2k.h"
#include "l2k_netlink.h"

/* Name libbpf and libxdp give the program they load for AF_XDP sockets. */
#define XSK_PROG_NAME "xsk_def_prog"

static int
bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* A BPF program found by id: a file descriptor of it, its name and its maps. */
struct prog {
	int fd;
	char name[BPF_OBJ_NAME_LEN + 1];
	uint32_t map_ids[8];
	uint32_t nb_maps;
};

/* Open the program 'id'; -errno when it is gone. */
static int
prog_open(uint32_t id, struct prog *prog)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.prog_id = id;
	prog->fd = bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (prog->fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = RTE_DIM(prog->map_ids);
	info.map_ids = (uintptr_t)prog->map_ids;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (uint32_t)prog->fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uintptr_t)&info;
	if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) {
		ret = -errno;
		close(prog->fd);
		return ret;
	}
	snprintf(prog->name, sizeof(prog->name), "%.*s", (int)sizeof(info.name), info.name);
	prog->nb_maps = RTE_MIN(info.nr_map_ids, (uint32_t)RTE_DIM(prog->map_ids));
	return 0;
}

/* Is "prog_id: N" or "map_id: N" (one of the program's) in this fdinfo? */
static bool
fdinfo_names(const char *path, uint32_t prog_id, const struct prog *prog)
{
	char line[128];
	bool found = false;
	unsigned int id, i;
	FILE *f;

	f = fopen(path, "re");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "prog_id: %u", &id) == 1 && id == prog_id)
			found = true;
		else if (sscanf(line, "map_id: %u", &id) == 1)
			for (i = 0; i < prog->nb_maps; i++)
				found = found || id == prog->map_ids[i];
	}
	fclose(f);
	return found;
}

/*
 * Does another process hold a file descriptor of the program or of one of
 * its maps (an AF_XDP application keeps its xsks_map)? Asked when the
 * kernel has no sock_diag for AF_XDP sockets.
 */
static bool
prog_held(uint32_t prog_id, const struct prog *prog)
{
	char path[2 * NAME_MAX + 32], link[64];
	struct dirent *pe, *fe;
	bool held = false;
	DIR *proc, *fds;
	ssize_t n;

	proc = opendir("/proc");
	if (proc == NULL)
		return true; /* cannot tell: in use */
	while (!held && (pe = readdir(proc)) != NULL) {
		if (pe->d_name[0] < '1' || pe->d_name[0] > '9' || atoi(pe->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", pe->d_name);
		fds = opendir(path);
		if (fds == NULL) {
			/* gone meanwhile; any other reason: cannot tell, so in use */
			held = errno != ENOENT;
			continue;
		}
		while (!held && (fe = readdir(fds)) != NULL) {
			snprintf(path, sizeof(path), "/proc/%s/fd/%s", pe->d_name, fe->d_name);
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = '\0';
			if (strcmp(link, "anon_inode:bpf-prog") != 0 &&
			    strcmp(link, "anon_inode:bpf-map") != 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pe->d_name, fe->d_name);
			held = fdinfo_names(path, prog_id, prog);
		}
		closedir(fds);
	}
	closedir(proc);
	return held;
}

/*
 * The AF_XDP default program on a link of the namespace 'nsid', opened:
 * 1 when it is there, 0 when the link has none or another program.
 */
static int
xsk_prog_open(struct l2k_nl *nl, int nsid, int ifindex, struct prog *prog, uint32_t *id,
	      uint8_t *mode)
{
	if (l2k_nl_link_xdp_get_in(nl, nsid, ifindex, id, mode) < 0 || *id == 0)
		return 0;
	if (prog_open(*id, prog) < 0)
		return 0; /* unloaded meanwhile */
	if (strcmp(prog->name, XSK_PROG_NAME) == 0)
		return 1;
	close(prog->fd);
	return 0; /* not the AF_XDP default program: someone else's */
}

static int
xsk_prog_detach(struct l2k_nl *nl, int nsid, int ifindex, const char *ifname,
		const struct prog *prog, uint32_t id, uint8_t mode)
{
	int ret = l2k_nl_link_xdp_detach_in(nl, nsid, ifindex, prog->fd, mode);

	if (ret < 0)
		L2K_WARN("cannot remove XDP program %s (id %u) from %s: %s%s%s", prog->name,
			 id, ifname, strerror(-ret), *l2k_nl_errmsg(nl) ? ": " : "",
			 l2k_nl_errmsg(nl));
	return ret;
}

/* The af_xdp wire port on 'ifname' is about to be created: is an old one's program there? */
static void
reclaim_xdp(struct l2k_nl *nl, const char *ifname)
{
	struct prog prog;
	uint32_t id;
	uint8_t mode;
	int ifindex, n;

	ifindex = (int)if_nametoindex(ifname);
	if (ifindex == 0 || xsk_prog_open(nl, L2K_NL_NSID_SELF, ifindex, &prog, &id, &mode) <= 0)
		return; /* the driver will say what is wrong with the interface */
	/* in use: an AF_XDP socket is bound to the interface, or a process holds the program */
	n = l2k_nl_xsk_count(ifindex);
	if (n == 0 || (n < 0 && !prog_held(id, &prog))) {
		if (xsk_prog_detach(nl, L2K_NL_NSID_SELF, ifindex, ifname, &prog, id, mode) == 0)
			L2K_INFO("removed stale XDP program %s (id %u) from %s: no AF_XDP socket "
				 "uses it (left by an instance that was killed)", prog.name, id,
				 ifname);
	}
	close(prog.fd);
}

/*
 * P's netdev was moved to another namespace, with the AF_XDP program its
 * driver attached: the driver, which looks for it here, cannot remove it.
 */
void
l2k_stale_xdp_moved(struct l2k_nl *nl, int nsid, int ifindex, const char *ifname)
{
	struct prog prog;
	uint32_t id;
	uint8_t mode;

	if (xsk_prog_open(nl, nsid, ifindex, &prog, &id, &mode) <= 0)
		return;
	if (xsk_prog_detach(nl, nsid, ifindex, ifname, &prog, id, mode) == 0)
		L2K_INFO("removed XDP program %s (id %u) from %s in network namespace nsid %d",
			 prog.name, id, ifname, nsid);
	close(prog.fd);
}

/* "iface=NAME" of a net_af_xdp vdev argument, or NULL. */
static const char *
af_xdp_iface(const char *vdev, char *buf, size_t len)
{
	const char *p;
	size_t n;

	if (strncmp(vdev, "net_af_xdp", strlen("net_af_xdp")) != 0)
		return NULL;
	for (p = strchr(vdev, ','); p != NULL; p = strchr(p, ',')) {
		p++;
		if (strncmp(p, "iface=", strlen("iface=")) != 0)
			continue;
		p += strlen("iface=");
		n = strcspn(p, ",");
		if (n == 0 || n >= len)
			return NULL;
		memcpy(buf, p, n);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}

/* Value of an EAL option given as "--opt value" or "--opt=value" at argv[*i]. */
static const char *
opt_value(int argc, char **argv, int *i, const char *opt)
{
	size_t len = strlen(opt);

	if (strncmp(argv[*i], opt, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* Where the EAL keeps its runtime files (eal_get_runtime_dir()). */
static void
runtime_dir(const char *prefix, char *dir, size_t len)
{
	const char *base = "/var/run";

	if (getuid() != 0) {
		base = getenv("XDG_RUNTIME_DIR");
		if (base == NULL)
			base = "/tmp";
	}
	snprintf(dir, len, "%s/dpdk/%s", base, prefix);
}

/* A socket file nobody listens on any more. */
static bool
socket_stale(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ret;

	if (strlen(path) >= sizeof(sun.sun_path))
		return false;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ret = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	ret = ret < 0 ? errno : 0;
	close(fd);
	return ret == ECONNREFUSED;
}

static void
reclaim_telemetry(const char *prefix)
{
	char dir[192], path[sizeof(dir) + 256];
	struct dirent *de;
	DIR *d;

	runtime_dir(prefix, dir, sizeof(dir));
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "dpdk_telemetry", strlen("dpdk_telemetry")) != 0 ||
		    (de->d_type != DT_SOCK && de->d_type != DT_UNKNOWN))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (socket_stale(path) && unlink(path) == 0)
			L2K_INFO("removed stale DPDK telemetry socket %s: no process listens on it "
				 "(left by an instance that was killed)", path);
	}
	closedir(d);
}

void
l2k_stale_reclaim(int argc, char **argv)
{
	const char *prefix = "rte", *v;
	char ifname[IFNAMSIZ];
	struct l2k_nl *nl;
	int i;

	nl = l2k_nl_open(0);
	for (i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--file-prefix")) != NULL) {
			prefix = v;
		} else if ((v = opt_value(argc, argv, &i, "--vdev")) != NULL) {
			if (nl != NULL && af_xdp_iface(v, ifname, sizeof(ifname)) != NULL)
				reclaim_xdp(nl, ifname);
		}
	}
	l2k_nl_close(nl);
	if (strchr(prefix, '/') == NULL)
		reclaim_telemetry(prefix);
}
