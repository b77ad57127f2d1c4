/*
 * md_fdleak.c - file descriptor leak check for handle life cycles.
 *
 * Counts the entries of /proc/self/fd, then runs CYCLES x
 * (kcapi_md_init + kcapi_md_destroy) and CYCLES x (kcapi_handle_reinit +
 * kcapi_md_destroy), with a digest in every 10th cycle, plus CYCLES/100+1
 * rounds of failing inits and convenience calls (few: a failing init makes
 * the kernel try to load modules, ~60 ms each under TCG), and counts again:
 * the numbers must be equal.
 *
 * Usage: md_fdleak [CYCLES]   (default 10000; or $KCAPI_TEST_FDLEAK_CYCLES)
 * Environment: KCAPI_TEST_TIMEOUT (seconds, default 900: slow under TCG).
 * Prints the elapsed time of each phase.  Last line: "N passed, N failed".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>

#include <kcapi.h>

#include "test_util.h"


static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define SHA256_ABC "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde\x5d\xae\x22\x23" \
		   "\xb0\x03\x61\xa3\x96\x17\x7a\x9c\xb4\x10\xff\x61\xf2\x00\x15\xad"

int main(int argc, char **argv)
{
	unsigned long cycles = 10000, i, errors = 0, bad = 0;
	struct kcapi_handle *base = NULL;
	const char *e;
	uint8_t out[32];
	int before, mid, after, rc;
	double t0, t1;

	test_init(900);
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	e = getenv("KCAPI_TEST_FDLEAK_CYCLES");
	if (e && *e)
		cycles = strtoul(e, NULL, 0);
	if (argc > 1)
		cycles = strtoul(argv[1], NULL, 0);
	if (!cycles)
		cycles = 1;

	before = count_fds();
	printf("md_fdleak: %lu cycles, %d fds open before\n", cycles, before);
	check(before >= 0, "cannot read /proc/self/fd");

	/* phase 1: init/destroy */
	t0 = now();
	for (i = 0; i < cycles; i++) {
		struct kcapi_handle *h = NULL;

		rc = kcapi_md_init(&h, (i & 1) ? "sha256" : "hmac(sha256)", 0);
		if (rc) {
			if (errors++ < 5)
				printf("init cycle %lu: %d\n", i, rc);
			continue;
		}
		if (i % 10 == 1) {
			if (kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, 32) != 32 ||
			    memcmp(out, SHA256_ABC, 32))
				bad++;
		} else if (i % 10 == 2) {
			if (kcapi_md_setkey(h, (const uint8_t *)"key", 3) ||
			    kcapi_md_update(h, (const uint8_t *)"abc", 3) ||
			    kcapi_md_final(h, out, 32) != 32)
				bad++;
		}
		kcapi_md_destroy(h);
	}
	t1 = now();
	mid = count_fds();
	printf("phase init/destroy: %.2f s (%.1f us/cycle), fds now %d\n",
	       t1 - t0, (t1 - t0) * 1e6 / (double)cycles, mid);
	check(errors == 0, "init failed %lu times", errors);
	check(bad == 0, "%lu wrong digests in init/destroy cycles", bad);
	check(mid == before, "fd count after init/destroy: %d, before %d", mid, before);

	/* phase 2: reinit/destroy */
	errors = bad = 0;
	rc = kcapi_md_init(&base, "hmac(sha256)", 0);
	check(rc == 0, "kcapi_md_init(hmac(sha256)) = %d", rc);
	if (!rc) {
		rc = kcapi_md_setkey(base, (const uint8_t *)"key", 3);
		check(rc == 0, "setkey = %d", rc);
		t0 = now();
		for (i = 0; i < cycles; i++) {
			struct kcapi_handle *h = NULL;

			rc = kcapi_handle_reinit(&h, base, 0);
			if (rc) {
				if (errors++ < 5)
					printf("reinit cycle %lu: %d\n", i, rc);
				continue;
			}
			if (i % 10 == 3) {
				if (kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, 32) != 32)
					bad++;
			}
			kcapi_md_destroy(h);
		}
		t1 = now();
		kcapi_md_destroy(base);
		mid = count_fds();
		printf("phase reinit/destroy: %.2f s (%.1f us/cycle), fds now %d\n",
		       t1 - t0, (t1 - t0) * 1e6 / (double)cycles, mid);
		check(errors == 0, "reinit failed %lu times", errors);
		check(bad == 0, "%lu wrong digests in reinit cycles", bad);
		check(mid == before, "fd count after reinit/destroy: %d, before %d",
		      mid, before);
	}

	/* phase 3: destroying the base first, derived handles destroyed later */
	base = NULL;
	if (!kcapi_md_init(&base, "sha256", 0)) {
		struct kcapi_handle *r[16];
		unsigned int k;

		for (k = 0; k < 16; k++) {
			r[k] = NULL;
			if (kcapi_handle_reinit(&r[k], base, 0))
				r[k] = NULL;
		}
		kcapi_md_destroy(base);
		for (k = 0; k < 16; k++) {
			if (r[k] && k % 4 == 0 &&
			    kcapi_md_digest(r[k], (const uint8_t *)"abc", 3, out, 32) != 32)
				bad++;
			kcapi_md_destroy(r[k]);
		}
		check(bad == 0, "derived handles after base destroyed");
	}

	/* phase 4: failing inits and convenience calls */
	errors = 0;
	t0 = now();
	for (i = 0; i < cycles / 100 + 1; i++) {
		struct kcapi_handle *h = NULL;

		if (kcapi_md_init(&h, "nosuchalg", 0) != -ENOENT)
			errors++;
		if (kcapi_md_init(&h, "cbc(aes)", 0) == 0)
			errors++;
		if (kcapi_md_sha256((const uint8_t *)"abc", 3, out, 32) != 32)
			errors++;
		if (kcapi_md_hmac_sha256((const uint8_t *)"k", 1, (const uint8_t *)"abc",
					 3, out, 32) != 32)
			errors++;
		if (kcapi_md_sha1((const uint8_t *)"abc", 3, NULL, 0) != -EINVAL)
			errors++;
	}
	t1 = now();
	after = count_fds();
	printf("phase failing inits + convenience: %.2f s, fds now %d\n", t1 - t0, after);
	check(errors == 0, "%lu unexpected results in failing-init phase", errors);
	check(after == before, "fd count at end: %d, before %d", after, before);

	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
