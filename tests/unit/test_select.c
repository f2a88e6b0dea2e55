/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 l2fwd-kernel authors
 */

/*
 * Unit tests of app/select.c: the auto order, falling back with a reason,
 * an explicit path never falling back, interruption, nothing working.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "l2k.h"
#include "l2k_test.h"

/* A fake host: which paths work, and the order they were tried in. */
struct host {
	int result[L2K_PATH_MAX];
	enum l2k_path tried[L2K_PATH_MAX];
	unsigned int nb_tried;
};

static int
fake_try(enum l2k_path path, char *why, size_t len, void *arg)
{
	struct host *h = arg;

	h->tried[h->nb_tried++] = path;
	if (h->result[path] != 0)
		snprintf(why, len, "%s does not work here", l2k_path_name(path));
	return h->result[path];
}

static void
host_init(struct host *h, int all)
{
	unsigned int i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < L2K_PATH_MAX; i++)
		h->result[i] = all;
}

static void
test_order(void)
{
	unsigned int i, j;

	/* every kernel path once, auto never */
	CHECK(l2k_auto_order_len == L2K_PATH_MAX - 1);
	for (i = 0; i < l2k_auto_order_len; i++) {
		CHECK(l2k_auto_order[i] != L2K_PATH_AUTO);
		for (j = i + 1; j < l2k_auto_order_len; j++)
			CHECK(l2k_auto_order[i] != l2k_auto_order[j]);
	}
	/* the order doc/benchmarks.md ("Path order") measured, and
	 * README, design.md and tests/functional/fault_env.sh state */
	CHECK(l2k_auto_order[0] == L2K_PATH_VIRTIO_USER);
	CHECK(l2k_auto_order[1] == L2K_PATH_RTAP);
	CHECK(l2k_auto_order[2] == L2K_PATH_AF_XDP);
	CHECK(l2k_auto_order[3] == L2K_PATH_AF_PACKET);
	CHECK(l2k_auto_order[4] == L2K_PATH_TAP);
}

static void
test_auto_first_works(void)
{
	struct host h;
	enum l2k_path chosen = L2K_PATH_AUTO;
	char err[256] = "";

	host_init(&h, 0);
	CHECK(l2k_path_select(L2K_PATH_AUTO, fake_try, &h, &chosen, err, sizeof(err)) == 0);
	CHECK(chosen == l2k_auto_order[0]);
	CHECK(h.nb_tried == 1);
}

static void
test_auto_falls_back(void)
{
	struct host h;
	enum l2k_path chosen = L2K_PATH_AUTO;
	enum l2k_path last = l2k_auto_order[l2k_auto_order_len - 1];
	char err[256] = "";
	unsigned int i;

	/* only the last of the order works: all others are tried first, in order */
	host_init(&h, -ENOTSUP);
	h.result[last] = 0;
	CHECK(l2k_path_select(L2K_PATH_AUTO, fake_try, &h, &chosen, err, sizeof(err)) == 0);
	CHECK(chosen == last);
	CHECK(h.nb_tried == l2k_auto_order_len);
	for (i = 0; i < h.nb_tried; i++)
		CHECK(h.tried[i] == l2k_auto_order[i]);
}

static void
test_explicit_no_fallback(void)
{
	struct host h;
	enum l2k_path chosen = L2K_PATH_AUTO;
	char err[256] = "";

	host_init(&h, 0);
	h.result[L2K_PATH_VIRTIO_USER] = -ENOENT;
	CHECK(l2k_path_select(L2K_PATH_VIRTIO_USER, fake_try, &h, &chosen, err,
			      sizeof(err)) == -ENOENT);
	CHECK(h.nb_tried == 1);
	CHECK(chosen == L2K_PATH_AUTO);
	CHECK_STR(err, "path virtio-user: virtio-user does not work here");

	host_init(&h, -ENOTSUP);
	h.result[L2K_PATH_TAP] = 0;
	CHECK(l2k_path_select(L2K_PATH_TAP, fake_try, &h, &chosen, err, sizeof(err)) == 0);
	CHECK(chosen == L2K_PATH_TAP);
	CHECK(h.nb_tried == 1 && h.tried[0] == L2K_PATH_TAP);
}

static void
test_nothing_works(void)
{
	struct host h;
	enum l2k_path chosen = L2K_PATH_AUTO;
	char err[256] = "";

	host_init(&h, -ENOTSUP);
	CHECK(l2k_path_select(L2K_PATH_AUTO, fake_try, &h, &chosen, err, sizeof(err)) < 0);
	CHECK(h.nb_tried == l2k_auto_order_len);
	CHECK_HAS(err, "no kernel path works");
}

static void
test_interrupted(void)
{
	struct host h;
	enum l2k_path chosen = L2K_PATH_AUTO;
	char err[256] = "";

	/* a signal during start-up stops the walk at once */
	host_init(&h, -EINTR);
	CHECK(l2k_path_select(L2K_PATH_AUTO, fake_try, &h, &chosen, err, sizeof(err)) == -EINTR);
	CHECK(h.nb_tried == 1);
	CHECK_HAS(err, "interrupted");
}

int
main(void)
{
	test_order();
	test_auto_first_works();
	test_auto_falls_back();
	test_explicit_no_fallback();
	test_nothing_works();
	test_interrupted();
	return test_result("select");
}
