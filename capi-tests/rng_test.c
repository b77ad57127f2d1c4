/*
 * rng_test.c - the random number generator API (kcapi_rng_*), written for
 * differential runs: every case prints "<case>: rc=<return>" (random bytes are
 * never printed, only properties of them), checked against the reference
 * measured with Debian's libkcapi 1.4.0 on Linux 6.12 (REFERENCE-kdf-rng.txt).
 *
 *  - generate exactly 0, 1, 127, 128, 129, 4096 and 1 MiB bytes from every
 *    kernel generator name (stdrng, DRBG driver names, jitterentropy_rng,
 *    ansi_cprng), through kcapi_rng_generate and its compat version
 *    kcapi_rng_generate@LIBKCAPI_0.12.0 (also with garbage in the upper half
 *    of the length register); bytes behind the output stay untouched;
 *  - kcapi_rng_get_bytes (and @LIBKCAPI_1.0.0) without a handle;
 *  - the deterministic generator ansi_cprng seeded with fixed seeds through
 *    kcapi_rng_seed: the output bytes are printed (the differential test
 *    compares them between the libraries) and compared with an X9.31
 *    computation; DRBGs mix in kernel entropy whatever the seed, so their
 *    output is never reproducible without the CAVP test interface;
 *  - seeding rules (unseeded DRBG, EBUSY after use, seed sizes), seedsize
 *    values (including libkcapi's "stdrng reports ansi_cprng's 48" quirk),
 *    setentropy/setaddtl on kernels with and without
 *    CONFIG_CRYPTO_USER_API_RNG_CAVP (whichever this kernel is);
 *  - statistical smoke test: no all-zero output, two handles and two calls
 *    differ, the ones in 1 MiB are 50% +- 0.5%.
 * "!" lines differ between the libraries on purpose (excluded from the diff):
 * libkcapi's setaddtl returns -1 (errno EOPNOTSUPP) where kcapi-rs returns
 * -EOPNOTSUPP; NULL-handle cases (libkcapi crashes) run only with
 * KCAPI_TEST_RS=1.
 * Environment: KCAPI_TEST_RS=1, KCAPI_TEST_TIMEOUT (default 600).
 */
#include "kdf_rng_util.h"

#include <kcapi.h>
#include <sys/wait.h>

int32_t kcapi_rng_generate_old(struct kcapi_handle *handle, uint8_t *buffer, uint32_t len);
int32_t kcapi_rng_get_bytes_old(uint8_t *buffer, uint32_t outlen);
__asm__(".symver kcapi_rng_generate_old, kcapi_rng_generate@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_rng_get_bytes_old, kcapi_rng_get_bytes@LIBKCAPI_1.0.0");
typedef int64_t (*gen64_fn)(struct kcapi_handle *, uint8_t *, uint64_t);
typedef int64_t (*bytes64_fn)(uint8_t *, uint64_t);
#define GARBAGE(n) ((0xdead5a5aULL << 32) | (uint64_t)(n))

#define GUARD 0xa5
#define MIB (1024 * 1024)

static uint8_t *buf;	/* MIB + 64 bytes */

static int have_stdrng;	/* the kernel has a DRBG ("stdrng"): not Debian's 7.2 */

/* a handle for NAME, or NULL (a skip, not a failure, when the kernel lacks NAME) */
static struct kcapi_handle *rng(const char *name)
{
	struct kcapi_handle *h = NULL;
	int rc;

	if (!kernel_has("rng", name)) {
		printf("skip: %s is not in this kernel\n", name);
		return NULL;
	}
	rc = kcapi_rng_init(&h, name, 0);

	check(rc == 0, "kcapi_rng_init(%s) = %d", name, rc);
	return rc ? NULL : h;
}

/* what the kernel answers a seed of n bytes for generator NAME on a raw AF_ALG socket
 * (ALG_SET_KEY), as -errno or 0 */
static int raw_seed_rc(const char *name, const uint8_t *seed, size_t n)
{
	struct sockaddr_alg sa;
	int fd, rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "rng");
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    setsockopt(fd, SOL_ALG, ALG_SET_KEY, seed, (socklen_t)n) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* the n bytes were written (not all guard, unless n < 16) and nothing behind them */
static int exact(size_t n)
{
	return all_bytes(buf + n, 64, GUARD) && (n < 16 || !all_bytes(buf + n - 16, 16, GUARD));
}

/* share of one bits, in per mille */
static unsigned int ones_permille(const uint8_t *b, size_t n)
{
	unsigned long long ones = 0;
	size_t i;

	for (i = 0; i < n; i++)
		ones += (unsigned int)__builtin_popcount(b[i]);
	return (unsigned int)(ones * 1000 / (n * 8));
}

static void sec_lengths(void)
{
	/*
	 * Generators with prediction resistance reseed from the (slow under
	 * emulation) jitter entropy source on every 128-byte request: they, and
	 * jitterentropy_rng itself, stop at 4096 bytes.
	 */
	/*
	 * 1 MiB takes 8192 requests of 128 bytes, the same loop for every name: the
	 * other generators stop at 4096 bytes unless KCAPI_CHECK_FULL=1 (make check-full).
	 */
	const char *full = getenv("KCAPI_CHECK_FULL");
	const size_t big = full && !strcmp(full, "1") ? MIB : 4096;
	const struct { const char *name; size_t max; } names[] = {
		{ "stdrng", MIB }, { "drbg_nopr_hmac_sha256", big }, { "drbg_pr_hmac_sha512", 4096 },
		{ "drbg_nopr_ctr_aes128", big }, { "drbg_pr_ctr_aes256", 4096 },
		{ "drbg_nopr_sha256", big }, { "jitterentropy_rng", 4096 }, { "ansi_cprng", big },
	};
	static const size_t lens[] = { 0, 1, 127, 128, 129, 4096, MIB };
	uint8_t seed[48];
	unsigned int i, j;

	printf("== generate lengths\n");
	for (i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(i * 13 + 1);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct kcapi_handle *h = rng(names[i].name);
		char n[96];
		long long rc;

		if (!h)
			continue;
		/*
		 * seeded as the tools do, with as many bytes as kcapi_rng_seedsize
		 * reports: 48 for ansi_cprng and (loaded by now) for "stdrng", 0 for
		 * the DRBG driver names and jitterentropy_rng
		 */
		rc = kcapi_rng_seedsize(h);
		check(rc == 0 || rc == 48, "%s: seed size %lld", names[i].name, rc);
		rc = kcapi_rng_seed(h, rc ? seed : NULL, (uint32_t)rc);
		rc_case2(names[i].name, "seed_with_seedsize_bytes", rc, 0);
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]) && lens[j] <= names[i].max; j++) {
			memset(buf, GUARD, MIB + 64);
			rc = kcapi_rng_generate(h, buf, lens[j]);
			snprintf(n, sizeof(n), "%s_generate_%zu", names[i].name, lens[j]);
			rc_case(n, rc, (long long)lens[j]);
			check(exact(lens[j]), "%s: not exactly %zu bytes written", n, lens[j]);
			if (lens[j] == MIB) {
				unsigned int p = ones_permille(buf, MIB);

				printf("%s_ones_within_0.5%%: %d\n", names[i].name, p >= 495 && p <= 505);
				check(p >= 495 && p <= 505, "%s: %u per mille ones", n, p);
			}
		}
		/* the compat version: 1 MiB only on the first name */
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]) && lens[j] <= (i ? 4096 : MIB); j++) {
			memset(buf, GUARD, MIB + 64);
			/* the old function returns a 32-bit int: the upper half of the 64-bit
			 * register is not part of the result */
			rc = j % 2 ? kcapi_rng_generate_old(h, buf, (uint32_t)lens[j]) :
				(int32_t)AS64(gen64_fn, kcapi_rng_generate_old)(h, buf, GARBAGE(lens[j]));
			snprintf(n, sizeof(n), "%s_generate_compat%s_%zu", names[i].name,
				 j % 2 ? "" : "_garbage", lens[j]);
			rc_case(n, rc, (long long)lens[j]);
			check(exact(lens[j]), "%s: not exactly %zu bytes written", n, lens[j]);
		}
		kcapi_rng_destroy(h);
	}
}

static void sec_smoke(void)
{
	struct kcapi_handle *a = rng("stdrng"), *b = rng("stdrng");
	uint8_t x[64], y[64], z[64];
	int ok;

	printf("== statistical smoke test\n");
	if (!a || !b)
		goto out;
	ok = !kcapi_rng_seed(a, NULL, 0) && !kcapi_rng_seed(b, NULL, 0) &&
	     kcapi_rng_generate(a, x, 64) == 64 && kcapi_rng_generate(b, y, 64) == 64 &&
	     kcapi_rng_generate(a, z, 64) == 64;
	printf("smoke_generated: %d\n", ok);
	check(ok, "generate");
	printf("smoke_two_handles_differ: %d\n", memcmp(x, y, 64) != 0);
	check(memcmp(x, y, 64) != 0, "two stdrng handles gave the same 64 bytes");
	printf("smoke_two_calls_differ: %d\n", memcmp(x, z, 64) != 0);
	check(memcmp(x, z, 64) != 0, "two calls gave the same 64 bytes");
	printf("smoke_not_all_zero: %d\n", !all_bytes(x, 64, 0) && !all_bytes(y, 64, 0));
	check(!all_bytes(x, 64, 0) && !all_bytes(y, 64, 0), "all-zero output");
out:
	kcapi_rng_destroy(a);
	kcapi_rng_destroy(b);
	if (!have_stdrng && !is_rs)
		return;	/* libkcapi: -ENOENT without stdrng (sec_get_bytes) */
	memset(x, 0, 64);
	memset(y, 0, 64);
	ok = kcapi_rng_get_bytes(x, 64) == 64 && kcapi_rng_get_bytes(y, 64) == 64;
	printf("%ssmoke_get_bytes_differ: %d\n", have_stdrng ? "" : "!", ok && memcmp(x, y, 64) && !all_bytes(x, 64, 0));
	check(ok && memcmp(x, y, 64) && !all_bytes(x, 64, 0), "kcapi_rng_get_bytes smoke test");
}

static void sec_get_bytes(void)
{
	static const size_t lens[] = { 0, 1, 67, 127, 128, 129, 4096, MIB };
	unsigned int j;
	char n[64];

	/*
	 * Without stdrng (Debian's 7.2) libkcapi fails with -ENOENT while kcapi-rs
	 * takes the bytes from getrandom(2): those lines are library-specific.
	 */
	int fallback = !have_stdrng, works = have_stdrng || is_rs;

	printf("== kcapi_rng_get_bytes%s\n", fallback ? " (no stdrng in this kernel)" : "");
	if (fallback)
		pfx = "!";
	for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
		memset(buf, GUARD, MIB + 64);
		snprintf(n, sizeof(n), "get_bytes_%zu", lens[j]);
		rc_case(n, kcapi_rng_get_bytes(buf, lens[j]), works ? (long long)lens[j] : -ENOENT);
		check(exact(works ? lens[j] : 0), "%s: not exactly %zu bytes written", n, lens[j]);
		memset(buf, GUARD, MIB + 64);
		snprintf(n, sizeof(n), "get_bytes_compat_%zu", lens[j]);
		rc_case(n, kcapi_rng_get_bytes_old(buf, (uint32_t)lens[j]), works ? (long long)lens[j] : -ENOENT);
		check(exact(works ? lens[j] : 0), "%s: not exactly %zu bytes written", n, lens[j]);
	}
	memset(buf, GUARD, MIB + 64);
	rc_case("get_bytes_compat_garbage_33", (int32_t)AS64(bytes64_fn, kcapi_rng_get_bytes_old)(buf, GARBAGE(33)),
		works ? 33 : -ENOENT);
	check(exact(works ? 33 : 0), "compat garbage: not exactly 33 bytes");
	rc_case("get_bytes_null_16", kcapi_rng_get_bytes(NULL, 16), works ? -EFAULT : -ENOENT);
	rc_case("get_bytes_null_0", kcapi_rng_get_bytes(NULL, 0), works ? 0 : -ENOENT);
	pfx = "";
}

/*
 * ansi_cprng (ANSI X9.31 with AES-128): seed = V (16) || key (16) || DT (16).
 * The expected bytes for seed 00 01 .. 2f were measured with libkcapi 1.4.0 and
 * agree with an X9.31 computation in Python's "cryptography" package.
 */
#define ANSI_SEED_0_47_80 "c2263c6280eba8d3f000eb21a46a9f70f6af20c27eaddea99c3e5e81d5c5d1a165b56b992e2533ecaa92635dc6631e88e0c6d9de0691d40ab44f900d6aac6d93c0eb32ee1f499381b22ba6c1f4e57d43"

static void sec_deterministic(void)
{
	uint8_t seed[48], o1[200], o2[200];
	struct kcapi_handle *h;
	unsigned int i, k;
	long long rc;
	char n[64];

	printf("== deterministic generator ansi_cprng\n");
	for (k = 0; k < 3; k++) {
		for (i = 0; i < sizeof(seed); i++)
			seed[i] = (uint8_t)(k == 0 ? i : i * 31 + k * 7);
		h = rng("ansi_cprng");
		if (!h)
			return;
		snprintf(n, sizeof(n), "ansi_cprng_seed%u", k);
		rc_case(n, kcapi_rng_seed(h, seed, sizeof(seed)), 0);
		memset(o1, GUARD, sizeof(o1));
		rc = kcapi_rng_generate(h, o1, 80);
		snprintf(n, sizeof(n), "ansi_cprng_seed%u_generate_80", k);
		out_case(n, rc, 80, o1, 80, k == 0 ? ANSI_SEED_0_47_80 : NULL);
		/* in pieces of odd sizes the stream continues where it stopped */
		rc = kcapi_rng_generate(h, o1 + 80, 3) + kcapi_rng_generate(h, o1 + 83, 117);
		kcapi_rng_destroy(h);
		h = rng("ansi_cprng");
		if (!h)
			return;
		kcapi_rng_seed(h, seed, sizeof(seed));
		memset(o2, GUARD, sizeof(o2));
		rc += kcapi_rng_generate(h, o2, 200);
		snprintf(n, sizeof(n), "ansi_cprng_seed%u_same_seed_same_200_bytes", k);
		printf("%s: %d\n", n, rc == 320 && !memcmp(o1, o2, 200));
		check(rc == 320 && !memcmp(o1, o2, 200), "%s", n);
		kcapi_rng_destroy(h);
	}
	/* 32 bytes (no DT: the kernel takes its own) are accepted, 16 and 0 are not */
	h = rng("ansi_cprng");
	if (h) {
		rc_case("ansi_cprng_seed16", kcapi_rng_seed(h, seed, 16), -EINVAL);
		rc_case("ansi_cprng_seed_null_0", kcapi_rng_seed(h, NULL, 0), -EINVAL);
		rc_case("ansi_cprng_generate_unseeded", kcapi_rng_generate(h, o1, 16), -EINVAL);
		kcapi_rng_destroy(h);
	}
	h = rng("ansi_cprng");
	if (h) {
		rc_case("ansi_cprng_seed32", kcapi_rng_seed(h, seed, 32), 0);
		rc_case("ansi_cprng_seed32_generate", kcapi_rng_generate(h, o1, 16), 16);
		kcapi_rng_destroy(h);
	}
}

static void sec_seeding(void)
{
	static const char *const drbgs[] = { "stdrng", "drbg_nopr_hmac_sha256", "drbg_pr_ctr_aes128",
					     "drbg_nopr_sha256" };
	struct kcapi_handle *h;
	uint8_t s[64], o[64];
	unsigned int i;
	char n[96];
	int rc;

	printf("== seeding and seed sizes\n");
	memset(s, 0x11, sizeof(s));
	for (i = 0; i < sizeof(drbgs) / sizeof(drbgs[0]); i++) {
		h = rng(drbgs[i]);
		if (!h)
			continue;
		rc_case2(drbgs[i], "generate_unseeded", kcapi_rng_generate(h, o, 16), -EINVAL);
		rc_case2(drbgs[i], "generate_null_unseeded", kcapi_rng_generate(h, NULL, 16), -EINVAL);
		rc_case2(drbgs[i], "seed_after_failed_generate", kcapi_rng_seed(h, s, 32), -EBUSY);
		kcapi_rng_destroy(h);

		h = rng(drbgs[i]);
		if (!h)
			continue;
		rc_case2(drbgs[i], "seed_personalisation_32", kcapi_rng_seed(h, s, 32), 0);
		rc_case2(drbgs[i], "reseed_before_use", kcapi_rng_seed(h, s, 7), 0);
		rc_case2(drbgs[i], "generate", kcapi_rng_generate(h, o, 64), 64);
		rc_case2(drbgs[i], "seed_after_use", kcapi_rng_seed(h, s, 32), -EBUSY);
		rc_case2(drbgs[i], "setentropy_after_use", kcapi_rng_setentropy(h, s, 32), -EBUSY);
		rc_case2(drbgs[i], "generate_null_16", kcapi_rng_generate(h, NULL, 16), -EFAULT);
		rc_case2(drbgs[i], "generate_null_0", kcapi_rng_generate(h, NULL, 0), 0);
		rc_case2(drbgs[i], "generate_size_max", kcapi_rng_generate(h, o, SIZE_MAX), -EINVAL);
		rc_case2(drbgs[i], "generate_after_errors", kcapi_rng_generate(h, o, 33), 33);
		kcapi_rng_destroy(h);
	}

	h = rng("stdrng");
	if (h) {
		rc_case("stdrng_seed_null_16", kcapi_rng_seed(h, NULL, 16), -EFAULT);
		rc_case("stdrng_seed_null_1MiB", kcapi_rng_seed(h, NULL, MIB), -ENOMEM);
		rc_case("stdrng_seed_1000", kcapi_rng_seed(h, buf, 1000), 0);
		/* a seed beyond net.core.optmem_max (20 KiB before Linux 6.9, 128 KiB since) is
		 * refused by the kernel with ENOMEM: expect what a raw socket gets */
		rc_case("stdrng_seed_70000", kcapi_rng_seed(h, buf, 70000), raw_seed_rc("stdrng", buf, 70000));
		rc_case("stdrng_seed_1MiB", kcapi_rng_seed(h, buf, MIB), -ENOMEM);
		rc_case("stdrng_generate_after_seeds", kcapi_rng_generate(h, o, 64), 64);
		kcapi_rng_destroy(h);
	}
	h = rng("jitterentropy_rng");
	if (h) {
		rc_case("jitterentropy_generate_unseeded", kcapi_rng_generate(h, o, 16), 16);
		rc_case("jitterentropy_seed_after_use", kcapi_rng_seed(h, s, 16), -EBUSY);
		kcapi_rng_destroy(h);
	}
	h = NULL;
	rc = have_stdrng ? kcapi_rng_init(&h, "stdrng", KCAPI_INIT_AIO) : -ENOENT;
	rc_case("stdrng_init_flag_aio", rc, have_stdrng ? 0 : -ENOENT);
	if (!rc) {
		rc_case("stdrng_aio_seed", kcapi_rng_seed(h, NULL, 0), 0);
		rc_case("stdrng_aio_generate_300", kcapi_rng_generate(h, o, 64) + kcapi_rng_generate(h, buf, 236), 300);
		kcapi_rng_destroy(h);
	}

	/* names: unknown, other types, empty, NULL */
	{
		static const char *const bad[] = { "nosuchrng", "sha256", "" };
		struct kcapi_handle *sentinel = (struct kcapi_handle *)(uintptr_t)0x1234;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			h = sentinel;
			snprintf(n, sizeof(n), "init_%s", *bad[i] ? bad[i] : "empty_name");
			rc_case(n, kcapi_rng_init(&h, bad[i], 0), -ENOENT);
			check(h == sentinel, "%s: handle written", n);
		}
		h = NULL;
		rc_case("init_null_name", kcapi_rng_init(&h, NULL, 0), -ENOENT);
		/* a name of another type: the kernel's answer (6.12: -EINVAL, 6.1: -ENOENT) */
		h = NULL;
		rc = kcapi_rng_init(&h, "cbc(aes)", 0);
		printf("init_cbc(aes): rc=%d\n", rc);
		check(rc == -EINVAL || rc == -ENOENT, "init_cbc(aes): rc=%d", rc);
		if (!rc)
			kcapi_rng_destroy(h);
	}

	/* seed sizes: ansi_cprng is loaded by now (sec_lengths), so "stdrng" reports its 48 */
	{
		static const struct { const char *name; unsigned int size; } ss[] = {
			{ "ansi_cprng", 48 }, { "stdrng", 48 }, { "drbg_nopr_hmac_sha256", 0 },
			{ "drbg_pr_ctr_aes128", 0 }, { "jitterentropy_rng", 0 },
		};

		for (i = 0; i < sizeof(ss) / sizeof(ss[0]); i++) {
			h = rng(ss[i].name);
			if (!h)
				continue;
			snprintf(n, sizeof(n), "seedsize_%s", ss[i].name);
			rc = kcapi_rng_seedsize(h);
			/* "stdrng" is whichever implementation the kernel reports first under that name:
			 * ansi_cprng (48) on 6.12, a DRBG (0) on 6.1 — both libraries say the same */
			rc_case(n, rc, !strcmp(ss[i].name, "stdrng") && rc == 0 ? 0 : (int)ss[i].size);
			kcapi_rng_destroy(h);
		}
	}
}

/* CAVP interface: present (0) or absent (-ENOPROTOOPT / EOPNOTSUPP) on this kernel */
static void sec_cavp(void)
{
	struct kcapi_handle *h, *h2;
	uint8_t ent[48], o1[64], o2[64];
	int rc;

	printf("== setentropy / setaddtl\n");
	memset(ent, 0x42, sizeof(ent));
	h = rng("drbg_nopr_hmac_sha256");
	if (!h)
		return;
	rc = kcapi_rng_setentropy(h, ent, sizeof(ent));
	if (rc == -ENOPROTOOPT) {
		printf("kernel without CONFIG_CRYPTO_USER_API_RNG_CAVP\n");
		rc_case("setentropy_no_cavp", rc, -ENOPROTOOPT);
		rc_case("setentropy_null_16_no_cavp", kcapi_rng_setentropy(h, NULL, 16), -ENOPROTOOPT);
		rc_case("setentropy_null_0_no_cavp", kcapi_rng_setentropy(h, NULL, 0), -ENOPROTOOPT);
		rc_case("seed_after_failed_setentropy", kcapi_rng_seed(h, NULL, 0), 0);
		lib_case("setaddtl_no_cavp", kcapi_rng_setaddtl(h, ent, 16), -1, -EOPNOTSUPP);
		printf("setaddtl_no_cavp_errno: %d\n", errno);
		check(errno == EOPNOTSUPP, "errno %d after setaddtl", errno);
		lib_case("setaddtl_null_16_no_cavp", kcapi_rng_setaddtl(h, NULL, 16), -1, -EOPNOTSUPP);
		lib_case("setaddtl_len0_no_cavp", kcapi_rng_setaddtl(h, ent, 0), -1, -EOPNOTSUPP);
		rc_case("setaddtl_len_int_max_plus_1", kcapi_rng_setaddtl(h, ent, 0x80000000u), -EMSGSIZE);
		rc_case("generate_after_failed_setaddtl", kcapi_rng_generate(h, o1, 64), 64);
		kcapi_rng_destroy(h);
		/* setaddtl opens the operation socket: seeding is over */
		h = rng("stdrng");
		if (!h)
			return;
		lib_case("setaddtl_before_seed", kcapi_rng_setaddtl(h, ent, 16), -1, -EOPNOTSUPP);
		rc_case("seed_after_setaddtl", kcapi_rng_seed(h, NULL, 0), -EBUSY);
		rc_case("generate_unseeded_after_setaddtl", kcapi_rng_generate(h, o1, 16), -EINVAL);
		kcapi_rng_destroy(h);
		return;
	}
	/* a CAVP kernel: the DRBG is instantiated from the test entropy alone */
	printf("!kernel with CONFIG_CRYPTO_USER_API_RNG_CAVP\n");
	check(rc == 0, "setentropy = %d", rc);
	h2 = rng("drbg_nopr_hmac_sha256");
	if (!h2) {
		kcapi_rng_destroy(h);
		return;
	}
	rc = kcapi_rng_setentropy(h2, ent, sizeof(ent)) || kcapi_rng_seed(h, (uint8_t *)"pers", 4) ||
	     kcapi_rng_seed(h2, (uint8_t *)"pers", 4) || kcapi_rng_setaddtl(h, ent, 16) ||
	     kcapi_rng_setaddtl(h2, ent, 16) || kcapi_rng_generate(h, o1, 64) != 64 ||
	     kcapi_rng_generate(h2, o2, 64) != 64;
	check(!rc && !memcmp(o1, o2, 64), "CAVP: equal entropy and input, different output");
	rc_case("cavp_setaddtl_len_int_max_plus_1", kcapi_rng_setaddtl(h, ent, 0x80000000u), -EMSGSIZE);
	kcapi_rng_destroy(h);
	kcapi_rng_destroy(h2);
}

static void sec_null_handle(void)
{
	uint8_t o[16];

	kcapi_rng_destroy(NULL);
	printf("destroy_null: ok\n");
	if (!is_rs)
		return;
	pfx = "!";
	rc_case("seed_null_handle", kcapi_rng_seed(NULL, o, 16), -EINVAL);
	rc_case("setentropy_null_handle", kcapi_rng_setentropy(NULL, o, 16), -EINVAL);
	rc_case("setaddtl_null_handle", kcapi_rng_setaddtl(NULL, o, 16), -EINVAL);
	rc_case("generate_null_handle", kcapi_rng_generate(NULL, o, 16), -EINVAL);
	rc_case("generate_compat_null_handle", kcapi_rng_generate_old(NULL, o, 16), -EINVAL);
	rc_case("seedsize_null_handle", kcapi_rng_seedsize(NULL), 0);
	rc_case("init_null_handle_pointer", kcapi_rng_init(NULL, "stdrng", 0), -EINVAL);
	pfx = "";
}

/* socket inodes among this process's descriptors ("socket:[N]"), at most max; returns the count */
static int socket_inodes(unsigned long *ino, int max)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[300], link[64];
		ssize_t k;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		k = readlink(path, link, sizeof(link) - 1);
		if (k > 0) {
			link[k] = 0;
			if (sscanf(link, "socket:[%lu]", &ino[n]) == 1)
				n++;
		}
	}
	closedir(d);
	return n;
}

/*
 * kcapi_rng_get_bytes across fork(): the child's bytes differ from the parent's before and
 * after. kcapi-rs keeps one stdrng handle per process: the child makes its own (a socket the
 * parent does not have), and a second call in the parent still works; without stdrng (7.2)
 * both read getrandom(2) and the child opens no socket.
 */
static void sec_get_bytes_fork(void)
{
	uint8_t a[32], b[32], c[33];
	unsigned long before[64];
	int p[2], nb, ok;
	pid_t pid;

	if (!have_stdrng && !is_rs)
		return;
	printf("== kcapi_rng_get_bytes and fork\n");
	ok = kcapi_rng_get_bytes(a, 32) == 32;
	nb = socket_inodes(before, 64);
	if (!check(pipe(p) == 0, "pipe"))
		return;
	pid = fork();
	if (pid == 0) {
		unsigned long after[64];
		int na, fresh = 0;

		c[0] = kcapi_rng_get_bytes(c + 1, 32) == 32;
		na = socket_inodes(after, 64);
		for (int i = 0; i < na; i++) {
			int seen = 0;

			for (int j = 0; j < nb; j++)
				seen |= after[i] == before[j];
			fresh |= !seen;
		}
		c[0] |= (uint8_t)(fresh << 1);
		if (write(p[1], c, sizeof(c)) != (ssize_t)sizeof(c))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	ok &= kcapi_rng_get_bytes(b, 32) == 32;
	ok &= read(p[0], c, sizeof(c)) == (ssize_t)sizeof(c) && (c[0] & 1);
	close(p[0]);
	waitpid(pid, NULL, 0);
	printf("get_bytes_fork_all_differ: %d\n", ok && memcmp(a, c + 1, 32) && memcmp(b, c + 1, 32) && memcmp(a, b, 32));
	check(ok && memcmp(a, c + 1, 32) && memcmp(b, c + 1, 32) && memcmp(a, b, 32),
	      "fork: parent and child bytes differ");
	if (is_rs && have_stdrng) {
		printf("!get_bytes_fork_child_own_handle: %d\n", (c[0] >> 1) & 1);
		check((c[0] >> 1) & 1, "fork: the child made its own stdrng handle");
	} else if (is_rs) {
		/* no stdrng (Debian's 7.2): the bytes come from getrandom(2), no socket at all */
		printf("!get_bytes_fork_child_no_socket: %d\n", !((c[0] >> 1) & 1));
		check(!((c[0] >> 1) & 1), "fork without stdrng: the child opened no socket (getrandom)");
	}
}

int main(void)
{
	test_init(600);
	buf = malloc(MIB + 64);
	if (!buf) {
		check(0, "malloc");
		return test_done();
	}
	have_stdrng = kernel_has("rng", "stdrng");
	sec_deterministic();	/* first: loads ansi_cprng (seedsize quirk below) */
	sec_lengths();
	sec_smoke();
	sec_get_bytes();
	sec_get_bytes_fork();
	sec_seeding();
	sec_cavp();
	sec_null_handle();
	free(buf);
	return test_done();
}
