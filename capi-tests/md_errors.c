/*
 * md_errors.c - bad-input / edge-case table for the libkcapi message digest
 * API and the common utilities, written for differential runs.
 *
 * Every case prints one line "<case>: rc=<return code> [out=<hex>] ..." on
 * stdout and checks the value against the reference (observed on Debian's
 * libkcapi 1.4.0 on a 6.12 kernel, see REFERENCE-md.txt).  Running the
 * program against two libraries and diffing stdout shows every difference.
 *
 * Lines starting with "!" are library specific and must be excluded from a
 * differential diff (run-differential.sh does `grep -v '^!'`):
 *   - cases where kcapi-rs deliberately differs (decisions.md: always a
 *     negative errno instead of -1; default log level NONE as 1.5.x);
 *   - version numbers (1.4.0 vs 1.5.1);
 *   - the NULL-handle section, which runs only when KCAPI_TEST_RS=1 because
 *     the C library crashes there (kcapi-rs returns -EINVAL).
 * The final "N passed, N failed" line is excluded too.
 *
 * Environment: KCAPI_TEST_RS=1 (library under test is kcapi-rs: enables the
 * NULL-handle section and kcapi-rs expectations of the "!" cases),
 * KCAPI_TEST_TIMEOUT (seconds, default 120).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#include <kcapi.h>

#include "test_util.h"

/* ---------------------------------------------------------------- helpers */


#define OUTBUF 128


/* return code plus output bytes (the first n bytes, n = rc when > 0) */
static void md_out_case(const char *name, long long got, long long exp,
			const uint8_t *out, const char *exphex)
{
	out_case(name, got, exp, out, got > 0 ? (size_t)(got < OUTBUF ? got : OUTBUF) : 0, exphex);
}

/* ----------------------------------------------------- stderr capturing */

static int saved_stderr = -1;
static FILE *capfile;

static void capture_begin(void)
{
	fflush(stderr);
	capfile = tmpfile();
	if (!capfile)
		return;
	saved_stderr = dup(2);
	dup2(fileno(capfile), 2);
}

/* returns the captured text with newlines written as "\n" */
static const char *capture_end(void)
{
	static char esc[2048];
	char raw[1024];
	size_t n = 0, i, j = 0;

	fflush(stderr);
	if (!capfile)
		return "(capture failed)";
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(capfile);
	n = fread(raw, 1, sizeof(raw) - 1, capfile);
	fclose(capfile);
	capfile = NULL;
	for (i = 0; i < n && j < sizeof(esc) - 3; i++) {
		if (raw[i] == '\n') {
			esc[j++] = '\\';
			esc[j++] = 'n';
		} else {
			esc[j++] = raw[i];
		}
	}
	esc[j] = 0;
	return esc;
}

/* ---------------------------------------------------- reference digests */

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_DEF "cb8379ac2098aa165029e3938a51da0bcecfc008fd6795f401178647f96c5b34"
#define SHA256_ABCDEF "bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HMAC256_KEY_ABC "9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"
#define HMAC256_KEY_EMPTY "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"
#define HMAC256_EMPTYKEY_ABC "fd7adb152c05ef80dccf50a1fa4c05d5a3ec6da95575fc312ae7c5d091836351"

static const uint8_t abc[] = "abc";

static struct kcapi_handle *mk(const char *name)
{
	struct kcapi_handle *h = NULL;
	int rc = kcapi_md_init(&h, name, 0);

	if (rc) {
		printf("%sinit(%s) failed: %d\n", pfx, name, rc);
		check(0, "init(%s) = %d", name, rc);
		return NULL;
	}
	return h;
}

static struct kcapi_handle *mk_keyed(const char *name, const char *key)
{
	struct kcapi_handle *h = mk(name);
	int rc;

	if (!h)
		return NULL;
	rc = kcapi_md_setkey(h, (const uint8_t *)key, (uint32_t)strlen(key));
	if (rc) {
		check(0, "setkey(%s) = %d", name, rc);
		kcapi_md_destroy(h);
		return NULL;
	}
	return h;
}

/* --------------------------------------------------------------- sections */

static void sec_init(void)
{
	struct kcapi_handle *h, *sentinel = (struct kcapi_handle *)(uintptr_t)0x1234;
	char name[256];
	uint8_t out[OUTBUF];
	int rc;
	ssize_t ret;

	printf("== init\n");
	h = sentinel;
	rc = kcapi_md_init(&h, "nosuchalg", 0);
	rc_case("init_unknown_name", rc, -ENOENT);
	printf("init_unknown_name_handle_untouched: %d\n", h == sentinel);
	check(h == sentinel, "*handle written on failed init");

	h = NULL;
	rc = kcapi_md_init(&h, "cbc(aes)", 0);
	/* The kernel decides: 6.12 answers -EINVAL for a name of another type, 6.1 -ENOENT;
	 * the differential run checks both libraries agree on the same kernel. */
	printf("init_wrong_type_cbc_aes: rc=%d\n", rc);
	check(rc == -EINVAL || rc == -ENOENT, "init_wrong_type_cbc_aes: rc=%d", rc);
	if (!rc) kcapi_md_destroy(h);

	h = NULL;
	rc = kcapi_md_init(&h, "gcm(aes)", 0);
	/* The kernel decides: 6.12 answers -EINVAL for a name of another type, 6.1 -ENOENT;
	 * the differential run checks both libraries agree on the same kernel. */
	printf("init_wrong_type_gcm_aes: rc=%d\n", rc);
	check(rc == -EINVAL || rc == -ENOENT, "init_wrong_type_gcm_aes: rc=%d", rc);
	if (!rc) kcapi_md_destroy(h);

	h = NULL;
	rc = kcapi_md_init(&h, "stdrng", 0);
	rc_case("init_wrong_type_stdrng", rc, -ENOENT);
	if (!rc) kcapi_md_destroy(h);

	h = NULL;
	rc = kcapi_md_init(&h, "", 0);
	rc_case("init_empty_name", rc, -ENOENT);
	if (!rc) kcapi_md_destroy(h);

	/* 63 characters: the longest name sockaddr_alg can carry */
	memset(name, 'x', sizeof(name));
	memcpy(name, "sha256", 6);
	name[63] = 0;
	h = NULL;
	rc = kcapi_md_init(&h, name, 0);
	rc_case("init_name_63_chars", rc, -ENOENT);
	if (!rc) kcapi_md_destroy(h);

	name[63] = 'x';
	name[64] = 0;
	h = NULL;
	rc = kcapi_md_init(&h, name, 0);
	rc_case("init_name_64_chars", rc, -ENOENT);
	if (!rc) kcapi_md_destroy(h);

	/* a valid name followed by padding beyond 63 characters */
	memset(name, ' ', sizeof(name));
	memcpy(name, "sha256", 6);
	name[200] = 0;
	h = NULL;
	rc = kcapi_md_init(&h, name, 0);
	rc_case("init_name_200_chars", rc, -ENOENT);
	if (!rc) kcapi_md_destroy(h);

	/* a driver name: sha256-generic up to 6.x, sha256-lib in 7.x */
	h = NULL;
	rc = kcapi_md_init(&h, kernel_has("hash", "sha256-generic") ? "sha256-generic" : "sha256-lib", 0);
	rc_case("init_driver_name_sha256", rc, 0);
	if (!rc) {
		printf("init_driver_name_sizes: digestsize=%u blocksize=%u\n",
		       kcapi_md_digestsize(h), kcapi_md_blocksize(h));
		check(kcapi_md_digestsize(h) == 32 && kcapi_md_blocksize(h) == 64,
		      "sha256 driver sizes");
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("init_driver_name_digest", ret, 32, out, SHA256_ABC);
		kcapi_md_destroy(h);
	}

	h = NULL;
	rc = kcapi_md_init(&h, "sha256", KCAPI_INIT_AIO);
	rc_case("init_flags_aio", rc, 0);
	if (!rc) {
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("init_flags_aio_digest", ret, 32, out, SHA256_ABC);
		kcapi_md_destroy(h);
	}

	h = NULL;
	rc = kcapi_md_init(&h, "sha256", 0xfffffffe);
	rc_case("init_flags_unknown_bits", rc, 0);
	if (!rc) {
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("init_flags_unknown_digest", ret, 32, out, SHA256_ABC);
		kcapi_md_destroy(h);
	}

	{
		static const struct { const char *n; unsigned int ds, bs; } s[] = {
			{ "sha1", 20, 64 }, { "sha224", 28, 64 }, { "sha256", 32, 64 },
			{ "sha384", 48, 128 }, { "sha512", 64, 128 },
			{ "sha3-224", 28, 144 }, { "sha3-256", 32, 136 },
			{ "sha3-384", 48, 104 }, { "sha3-512", 64, 72 },
			{ "hmac(sha1)", 20, 64 }, { "hmac(sha256)", 32, 64 },
			{ "hmac(sha512)", 64, 128 }, { "hmac(sha3-256)", 32, 136 },
			{ "md5", 16, 64 }, { "crc32c", 4, 1 },
		};
		unsigned int i;

		for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
			h = NULL;
			rc = kcapi_md_init(&h, s[i].n, 0);
			if (rc) {
				printf("sizes_%s: init rc=%d\n", s[i].n, rc);
				check(0, "init %s = %d", s[i].n, rc);
				continue;
			}
			printf("sizes_%s: digestsize=%u blocksize=%u\n", s[i].n,
			       kcapi_md_digestsize(h), kcapi_md_blocksize(h));
			check(kcapi_md_digestsize(h) == s[i].ds &&
			      kcapi_md_blocksize(h) == s[i].bs, "sizes of %s", s[i].n);
			kcapi_md_destroy(h);
		}
	}

	kcapi_md_destroy(NULL);
	printf("destroy_null: ok\n");
}

static void sec_output(void)
{
	struct kcapi_handle *h;
	uint8_t out[OUTBUF];
	ssize_t ret;

	printf("== output buffers\n");
	h = mk("sha256");
	if (!h)
		return;

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 3, out, 10);
	md_out_case("digest_outlen_10", ret, 10, out, "ba7816bf8f01cfea4141");
	check(guard_ok(out, 10, sizeof(out)), "digest_outlen_10 wrote past 10");

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 3, out, 1);
	md_out_case("digest_outlen_1", ret, 1, out, "ba");
	check(guard_ok(out, 1, sizeof(out)), "digest_outlen_1 wrote past 1");

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 3, out, 31);
	md_out_case("digest_outlen_31", ret, 31, out, NULL);
	check(guard_ok(out, 31, sizeof(out)), "digest_outlen_31 wrote past 31");

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 3, out, 100);
	md_out_case("digest_outlen_100", ret, 32, out, SHA256_ABC);
	check(guard_ok(out, 32, sizeof(out)), "digest_outlen_100 wrote past 32");

	/* final with NULL / 0 output: -EINVAL; the queued input stays */
	ret = kcapi_md_update(h, abc, 3);
	rc_case("update_abc_before_bad_final", ret, 0);
	ret = kcapi_md_final(h, NULL, 32);
	rc_case("final_null_buf_len32", ret, -EINVAL);
	ret = kcapi_md_final(h, out, 0);
	rc_case("final_buf_len0", ret, -EINVAL);
	ret = kcapi_md_final(h, NULL, 0);
	rc_case("final_null_buf_len0", ret, -EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_rejected_finals", ret, 32, out, SHA256_ABC);

	/* digest with NULL output: input is queued and contaminates the next */
	ret = kcapi_md_digest(h, abc, 3, NULL, 32);
	rc_case("digest_null_out", ret, -EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, (const uint8_t *)"def", 3, out, 32);
	md_out_case("digest_after_digest_null_out", ret, 32, out, SHA256_ABCDEF);

	ret = kcapi_md_digest(h, abc, 3, out, 0);
	rc_case("digest_outlen_0", ret, -EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_digest_outlen_0", ret, 32, out, SHA256_ABC);

	/* very large output length: the kernel copies digestsize bytes */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_update(h, abc, 3);
	if (!ret)
		ret = kcapi_md_final(h, out, (size_t)INT_MAX + 1);
	md_out_case("final_outlen_int_max_plus_1", ret, 32, out, SHA256_ABC);

	/* output lengths beyond SSIZE_MAX: the kernel refuses the receive iovec (-EINVAL) and
	 * the queued input stays */
	ret = kcapi_md_update(h, abc, 3);
	rc_case("update_abc_before_final_outlen_size_max", ret, 0);
	errno = 0;
	ret = kcapi_md_final(h, out, SIZE_MAX);
	rce_case("final_outlen_size_max", ret, errno, -EINVAL, EINVAL);
	errno = 0;
	ret = kcapi_md_final(h, out, (size_t)SSIZE_MAX + 1);
	rce_case("final_outlen_ssize_max_plus_1", ret, errno, -EINVAL, EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_final_outlen_size_max", ret, 32, out, SHA256_ABC);
	errno = 0;
	ret = kcapi_md_digest(h, abc, 3, out, SIZE_MAX);
	rce_case("digest_outlen_size_max", ret, errno, -EINVAL, EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_digest_outlen_size_max", ret, 32, out, SHA256_ABC);

	kcapi_md_destroy(h);
}

static void sec_state(void)
{
	struct kcapi_handle *h;
	uint8_t out[OUTBUF];
	ssize_t ret;

	printf("== stream state\n");
	h = mk("sha256");
	if (!h)
		return;

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, NULL, 0, out, 32);
	md_out_case("digest_null_0", ret, 32, out, SHA256_EMPTY);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 0, out, 32);
	md_out_case("digest_buf_0", ret, 32, out, SHA256_EMPTY);

	ret = kcapi_md_update(h, NULL, 0);
	rc_case("update_null_0", ret, 0);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_update_null_0", ret, 32, out, SHA256_EMPTY);

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_without_update", ret, 32, out, SHA256_EMPTY);

	ret = kcapi_md_update(h, abc, 3);
	rc_case("update_abc", ret, 0);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_abc", ret, 32, out, SHA256_ABC);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("second_final", ret, 32, out, SHA256_EMPTY);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("third_final", ret, 32, out, SHA256_EMPTY);

	ret = kcapi_md_update(h, (const uint8_t *)"def", 3);
	rc_case("update_after_final", ret, 0);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_of_update_after_final", ret, 32, out, SHA256_DEF);

	ret = kcapi_md_update(h, abc, 3);
	memset(out, GUARD, sizeof(out));
	if (!ret)
		ret = kcapi_md_final(h, out, 10);
	md_out_case("truncated_final", ret, 10, out, "ba7816bf8f01cfea4141");
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	md_out_case("final_after_truncated_final", ret, 32, out, SHA256_EMPTY);

	ret = kcapi_md_update(h, abc, (size_t)INT_MAX + 1);
	rc_case("update_len_int_max_plus_1", ret, -EMSGSIZE);
	ret = kcapi_md_update(h, abc, SIZE_MAX);
	rc_case("update_len_size_max", ret, -EMSGSIZE);
	ret = kcapi_md_digest(h, abc, (size_t)INT_MAX + 1, out, 32);
	rc_case("digest_inlen_int_max_plus_1", ret, -EMSGSIZE);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, abc, 3, out, 32);
	md_out_case("digest_after_emsgsize", ret, 32, out, SHA256_ABC);

	/* NULL input with a length >= 32 KiB (splice path): kernel -EFAULT */
	ret = kcapi_md_update(h, NULL, 40000);
	rc_case("update_null_40000", ret, -EFAULT);
	kcapi_md_destroy(h);

	/* convenience functions with zero-length input */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_sha256(NULL, 0, out, 32);
	md_out_case("sha256_conv_null_0", ret, 32, out, SHA256_EMPTY);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_sha256(abc, 3, out, 5);
	md_out_case("sha256_conv_outlen_5", ret, 5, out, "ba7816bf8f");
	check(guard_ok(out, 5, sizeof(out)), "conv outlen 5 wrote past 5");
	ret = kcapi_md_sha256(abc, 3, NULL, 32);
	rc_case("sha256_conv_null_out", ret, -EINVAL);
	ret = kcapi_md_sha256(abc, 3, out, 0);
	rc_case("sha256_conv_outlen_0", ret, -EINVAL);
	ret = kcapi_md_sha256(abc, (size_t)INT_MAX + 1, out, 32);
	rc_case("sha256_conv_inlen_int_max_plus_1", ret, -EMSGSIZE);
	errno = 0;
	ret = kcapi_md_sha512(abc, 3, out, SIZE_MAX);
	rce_case("sha512_conv_outlen_size_max", ret, errno, -EINVAL, EINVAL);
	errno = 0;
	ret = kcapi_md_hmac_sha256(NULL, 1 << 20, abc, 3, out, 32);
	rce_case("hmac_sha256_conv_null_key_1MiB", ret, errno, -ENOMEM, ENOMEM);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_hmac_sha256((const uint8_t *)"key", 3, NULL, 0, out, 32);
	md_out_case("hmac_sha256_conv_empty_msg", ret, 32, out, HMAC256_KEY_EMPTY);
	ret = kcapi_md_hmac_sha256(NULL, 0, NULL, 0, NULL, 0);
	rc_case("hmac_sha256_conv_all_null", ret, -EINVAL);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_hmac_sha256(NULL, 0, abc, 3, out, 32);
	md_out_case("hmac_sha256_conv_empty_key", ret, 32, out, HMAC256_EMPTYKEY_ABC);
}

/* set the key "key" on h (rc 0 expected), then digest in with it (32 bytes: exphex) */
static void key_then_digest(struct kcapi_handle *h, const char *setkey_name, const char *digest_name,
			    const uint8_t *in, size_t inlen, const char *exphex)
{
	uint8_t out[OUTBUF];
	ssize_t ret;

	rc_case(setkey_name, kcapi_md_setkey(h, (const uint8_t *)"key", 3), 0);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, in, inlen, out, 32);
	md_out_case(digest_name, ret, 32, out, exphex);
}

static void sec_keys(void)
{
	struct kcapi_handle *h, *r;
	uint8_t out[OUTBUF];
	uint8_t *bigkey;
	ssize_t ret;
	int rc;

	printf("== keys\n");
	/* setkey on an unkeyed hash */
	h = mk("sha256");
	if (h) {
		rc = kcapi_md_setkey(h, (const uint8_t *)"key", 3);
		rc_case("setkey_unkeyed_sha256", rc, -ENOSYS);
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("digest_after_setkey_unkeyed", ret, 32, out, SHA256_ABC);
		kcapi_md_destroy(h);
	}

	/* keyed hash without key: final, big update, then late setkey */
	h = mk("hmac(sha256)");
	if (h) {
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_final(h, out, 32);
		rc_case("nokey_final", ret, -ENOKEY);
		ret = kcapi_md_update(h, NULL, 0);
		printf("!nokey_update_0: rc=%zd\n", ret);
		{
			uint8_t *b = calloc(1, 40000);

			ret = b ? kcapi_md_update(h, b, 40000) : -ENOMEM;
			rc_case("nokey_update_40000", ret, -ENOKEY);
			ret = b ? kcapi_md_digest(h, b, 40000, out, 32) : -ENOMEM;
			rc_case("nokey_digest_40000", ret, -ENOKEY);
			free(b);
		}
		key_then_digest(h, "setkey_after_nokey_failures", "digest_after_late_setkey", abc, 3,
				HMAC256_KEY_ABC);
		kcapi_md_destroy(h);
	}

	/* setkey twice before use: the second key wins */
	h = mk("hmac(sha256)");
	if (h) {
		rc = kcapi_md_setkey(h, (const uint8_t *)"other", 5);
		rc_case("setkey_first", rc, 0);
		rc = kcapi_md_setkey(h, (const uint8_t *)"key", 3);
		rc_case("setkey_second_before_use", rc, 0);
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("digest_uses_second_key", ret, 32, out, HMAC256_KEY_ABC);
		rc = kcapi_md_setkey(h, (const uint8_t *)"other", 5);
		rc_case("setkey_after_use", rc, -EBUSY);
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("digest_after_setkey_ebusy", ret, 32, out, HMAC256_KEY_ABC);
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_final(h, out, 32);
		md_out_case("hmac_second_final", ret, 32, out, HMAC256_KEY_EMPTY);

		/* reinit handle: shares the key; setkey is EBUSY now */
		r = NULL;
		rc = kcapi_handle_reinit(&r, h, 0);
		rc_case("reinit_keyed", rc, 0);
		if (!rc) {
			rc = kcapi_md_setkey(r, (const uint8_t *)"other", 5);
			rc_case("setkey_on_reinit_after_source_used", rc, -EBUSY);
			memset(out, GUARD, sizeof(out));
			ret = kcapi_md_digest(r, abc, 3, out, 32);
			md_out_case("reinit_digest", ret, 32, out, HMAC256_KEY_ABC);
			printf("reinit_get_maxsplicesize: rc=%d\n",
			       kcapi_get_maxsplicesize(r));
			kcapi_md_destroy(r);
		}
		r = NULL;
		rc = kcapi_handle_reinit(&r, h, KCAPI_INIT_AIO);
		rc_case("reinit_flags_aio", rc, 0);
		if (!rc) {
			memset(out, GUARD, sizeof(out));
			ret = kcapi_md_digest(r, abc, 3, out, 32);
			md_out_case("reinit_aio_digest", ret, 32, out, HMAC256_KEY_ABC);
			kcapi_md_destroy(r);
		}
		kcapi_md_destroy(h);
	}

	/* reinit from a handle that was never used: setkey allowed */
	h = mk("hmac(sha256)");
	if (h) {
		r = NULL;
		rc = kcapi_handle_reinit(&r, h, 0);
		rc_case("reinit_unkeyed_unused", rc, 0);
		if (!rc) {
			rc = kcapi_md_setkey(r, (const uint8_t *)"key", 3);
			rc_case("setkey_via_reinit_before_use", rc, 0);
			memset(out, GUARD, sizeof(out));
			ret = kcapi_md_digest(h, abc, 3, out, 32);
			md_out_case("source_digest_with_key_set_via_reinit", ret, 32, out,
				 HMAC256_KEY_ABC);
			kcapi_md_destroy(r);
		}
		kcapi_md_destroy(h);
	}

	/* key lengths */
	h = mk("hmac(sha256)");
	if (h) {
		rc = kcapi_md_setkey(h, (const uint8_t *)"", 0);
		rc_case("setkey_len0", rc, 0);
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		md_out_case("digest_with_empty_key", ret, 32, out, HMAC256_EMPTYKEY_ABC);
		kcapi_md_destroy(h);
	}
	h = mk("hmac(sha256)");
	if (h) {
		rc = kcapi_md_setkey(h, NULL, 0);
		rc_case("setkey_null_len0", rc, 0);
		kcapi_md_destroy(h);
	}
	h = mk("hmac(sha256)");
	if (h) {
		rc = kcapi_md_setkey(h, NULL, 5);
		rc_case("setkey_null_len5", rc, -EFAULT);
		kcapi_md_destroy(h);
	}
	/* NULL and a length the kernel does not allocate: -ENOMEM before it reads the key */
	h = mk("hmac(sha256)");
	if (h) {
		errno = 0;
		rc = kcapi_md_setkey(h, NULL, 1 << 20);
		rce_case("setkey_null_len1MiB", rc, errno, -ENOMEM, ENOMEM);
		key_then_digest(h, "setkey_after_null_len1MiB", "digest_after_null_len1MiB", NULL, 0,
				HMAC256_KEY_EMPTY);
		kcapi_md_destroy(h);
	}
	bigkey = malloc(1 << 20);
	if (bigkey) {
		memset(bigkey, 0x11, 1 << 20);
		h = mk("hmac(sha256)");
		if (h) {
			rc = kcapi_md_setkey(h, bigkey, 1024);
			rc_case("setkey_len1024", rc, 0);
			memset(out, GUARD, sizeof(out));
			ret = kcapi_md_digest(h, abc, 3, out, 32);
			md_out_case("digest_with_1024_byte_key", ret, 32, out, NULL);
			kcapi_md_destroy(h);
		}
		h = mk("hmac(sha256)");
		if (h) {
			rc = kcapi_md_setkey(h, bigkey, 1 << 20);
			rc_case("setkey_len1MiB", rc, -ENOMEM);
			kcapi_md_destroy(h);
		}
		free(bigkey);
	}
}

/* several MiB streamed in odd-sized pieces vs one-shot */
static void sec_large(void)
{
	static const size_t pieces[] = { 1, 4095, 4097, 32767, 32768, 32769,
					 65537, 126975, 126976, 126977, 131073,
					 1048575, 1048577, 3, 0, 777777 };
	const size_t len = 6 * 1024 * 1024 + 333;
	static const unsigned int splices[] = { 0, 4096, 1000, 1 << 20 };
	uint8_t *d = malloc(len);
	uint8_t ref[OUTBUF], out[OUTBUF];
	const char *names[] = { "sha256", "hmac(sha512)" };
	unsigned int n, s;
	size_t i;
	uint32_t x = 12345;

	printf("== large inputs\n");
	if (!d) {
		check(0, "malloc");
		return;
	}
	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (uint8_t)(x >> 16);
	}
	for (n = 0; n < 2; n++) {
		for (s = 0; s < sizeof(splices) / sizeof(splices[0]); s++) {
			struct kcapi_handle *h = n ? mk_keyed(names[n], "key") : mk(names[n]);
			char nm[128];
			ssize_t ret, ret2 = 0;
			size_t off = 0, k = 0;
			int rc;

			if (!h)
				continue;
			if (splices[s]) {
				rc = kcapi_set_maxsplicesize(h, splices[s]);
				snprintf(nm, sizeof(nm), "large_%s_set_maxsplicesize_%u",
					 names[n], splices[s]);
				rc_case(nm, rc, 0);
			}
			memset(ref, GUARD, sizeof(ref));
			ret = kcapi_md_digest(h, d, len, ref, sizeof(ref));
			snprintf(nm, sizeof(nm), "large_%s_splice%u_oneshot_%zu",
				 names[n], splices[s], len);
			md_out_case(nm, ret, n ? 64 : 32, ref, NULL);
			while (off < len && ret2 == 0) {
				size_t p = pieces[k++ % (sizeof(pieces) / sizeof(pieces[0]))];

				if (p > len - off)
					p = len - off;
				ret2 = kcapi_md_update(h, d + off, p);
				off += p;
			}
			memset(out, GUARD, sizeof(out));
			if (ret2 == 0)
				ret2 = kcapi_md_final(h, out, sizeof(out));
			snprintf(nm, sizeof(nm), "large_%s_splice%u_streamed_%zu_pieces",
				 names[n], splices[s], k);
			md_out_case(nm, ret2, ret, out, hx(ref, ret));
			kcapi_md_destroy(h);
		}
	}
	free(d);
}

/* what the kernel answers a 1 GiB pipe (F_SETPIPE_SZ), as -errno: ENOMEM with CAP_SYS_RESOURCE
 * (root), EPERM without it (above /proc/sys/fs/pipe-max-size): the library passes it on */
static int pipe_size_1gib_rc(void)
{
	int p[2], rc = 0;

	if (pipe2(p, O_CLOEXEC) != 0)
		return -errno;
	if (fcntl(p[0], F_SETPIPE_SZ, 1 << 30) < 0)
		rc = -errno;
	close(p[0]);
	close(p[1]);
	return rc;
}

static void sec_splice(void)
{
	struct kcapi_handle *h, *h2;
	int rc;

	printf("== maxsplicesize\n");
	h = mk("sha256");
	if (!h)
		return;
	rc_case("get_maxsplicesize_after_init", kcapi_get_maxsplicesize(h), 126976);
	rc = kcapi_set_maxsplicesize(h, 4096);
	rc_case("set_maxsplicesize_4096", rc, 0);
	rc_case("get_after_set_4096", kcapi_get_maxsplicesize(h), 4096);
	rc = kcapi_set_maxsplicesize(h, 1000);
	rc_case("set_maxsplicesize_1000", rc, 0);
	rc_case("get_after_set_1000", kcapi_get_maxsplicesize(h), 4096);
	rc = kcapi_set_maxsplicesize(h, 1 << 20);
	rc_case("set_maxsplicesize_1MiB", rc, 0);
	rc_case("get_after_set_1MiB", kcapi_get_maxsplicesize(h), 1044480);
	rc = kcapi_set_maxsplicesize(h, 0);
	rc_case("set_maxsplicesize_0", rc, 0);
	rc_case("get_after_set_0", kcapi_get_maxsplicesize(h), 4096);
	rc = kcapi_set_maxsplicesize(h, 65537);
	rc_case("set_maxsplicesize_65537", rc, 0);
	rc_case("get_after_set_65537", kcapi_get_maxsplicesize(h), 126976);
	rc = kcapi_set_maxsplicesize(h, 1u << 30);
	rc_case("set_maxsplicesize_1GiB", rc, pipe_size_1gib_rc());
	rc_case("get_after_failed_set_1GiB", kcapi_get_maxsplicesize(h), 126976);
	rc = kcapi_set_maxsplicesize(h, UINT_MAX);
	rc_case("set_maxsplicesize_UINT_MAX", rc, -EINVAL);
	rc_case("get_after_set_UINT_MAX", kcapi_get_maxsplicesize(h), 126976);

	/* maxsplicesize is per handle: a reinit handle has its own */
	h2 = NULL;
	rc = kcapi_set_maxsplicesize(h, 4096);
	rc = kcapi_handle_reinit(&h2, h, 0);
	if (!rc) {
		rc_case("reinit_get_maxsplicesize", kcapi_get_maxsplicesize(h2), 126976);
		rc_case("source_get_maxsplicesize_after_reinit", kcapi_get_maxsplicesize(h), 4096);
		kcapi_md_destroy(h2);
	} else {
		check(0, "reinit = %d", rc);
	}
	kcapi_md_destroy(h);

	rc_case("set_maxsplicesize_null_handle", kcapi_set_maxsplicesize(NULL, 4096), -EINVAL);
	rc_case("get_maxsplicesize_null_handle", kcapi_get_maxsplicesize(NULL), -EINVAL);
	h2 = (struct kcapi_handle *)(uintptr_t)0x1234;
	rc = kcapi_handle_reinit(&h2, NULL, 0);
	rc_case("reinit_null_existing", rc, -EINVAL);
	printf("reinit_null_existing_handle_untouched: %d\n",
	       h2 == (struct kcapi_handle *)(uintptr_t)0x1234);
}

static void sec_utils(void)
{
	char buf[128], exp[128];
	uint32_t v = kcapi_version();
	uint8_t m[64];
	size_t i;
	int ok;

	printf("== utilities\n");
	memset(buf, 'X', sizeof(buf));
	kcapi_versionstring(buf, sizeof(buf));
	snprintf(exp, sizeof(exp), "libkcapi %u.%u.%u", v / 1000000,
		 (v / 10000) % 100, (v / 100) % 100);
	printf("versionstring_matches_version: %d\n", !strcmp(buf, exp));
	check(!strcmp(buf, exp), "versionstring '%s' vs version %u", buf, v);
	printf("version_last_two_digits: %u\n", v % 100);

	memset(buf, 'X', sizeof(buf));
	kcapi_versionstring(buf, 8);
	printf("versionstring_buflen_8: '%s'\n", buf);
	check(!strcmp(buf, "libkcap"), "versionstring buflen 8");
	check(buf[8] == 'X', "versionstring buflen 8 wrote past the buffer");

	memset(buf, 'X', sizeof(buf));
	kcapi_versionstring(buf, 1);
	printf("versionstring_buflen_1: '%s'\n", buf);
	check(buf[0] == 0 && buf[1] == 'X', "versionstring buflen 1");

	memset(buf, 'X', sizeof(buf));
	kcapi_versionstring(buf, 0);
	printf("versionstring_buflen_0_untouched: %d\n", buf[0] == 'X');
	check(buf[0] == 'X', "versionstring buflen 0 wrote");

	kcapi_versionstring(NULL, 0);
	printf("versionstring_null_0: ok\n");

	memset(buf, 'X', sizeof(buf));
	kcapi_versionstring(buf, 14);
	printf("versionstring_buflen_14: '%.9s...' len=%zu\n", buf, strlen(buf));
	check(strlen(buf) == 13, "versionstring buflen 14");

	/* kcapi_memset_secure */
	memset(m, 0xaa, sizeof(m));
	kcapi_memset_secure(m + 8, 0x5c, 40);
	ok = 1;
	for (i = 0; i < sizeof(m); i++)
		if (m[i] != ((i >= 8 && i < 48) ? 0x5c : 0xaa))
			ok = 0;
	kcapi_memset_secure(m, 0, 0);
	ok = ok && m[0] == 0xaa;
	kcapi_memset_secure(m, 0x1ff, 1);	/* c converted to unsigned char */
	ok = ok && m[0] == 0xff && m[1] == 0xaa;
	printf("memset_secure: %d\n", ok);
	check(ok, "kcapi_memset_secure");
}

static void sec_logging(void)
{
	struct kcapi_handle *h;
	uint8_t out[32];
	char want[160];
	const char *c;
	ssize_t ret;
	int rc;

	printf("== logging\n");
	kcapi_set_verbosity(KCAPI_LOG_ERR);
	h = mk("sha256");
	if (!h)
		return;
	capture_begin();
	ret = kcapi_md_final(h, NULL, 0);
	c = capture_end();
	printf("log_err_final_null: rc=%zd stderr='%s'\n", ret, c);
	check(!strcmp(c, "libkcapi - Error: Message digest: output buffer too small "
		      "(seen 0 - required 32)\\n"), "ERR message text");

	capture_begin();
	rc = kcapi_md_init(&h, "nosuchalg", 0);
	c = capture_end();
	printf("log_err_init_unknown: rc=%d stderr='%s'\n", rc, c);
	check(!strcmp(c, "libkcapi - Error: AF_ALG: bind failed (errno: -2)\\n"),
	      "ERR bind message text");

	kcapi_set_verbosity(KCAPI_LOG_WARN);
	capture_begin();
	rc = kcapi_set_maxsplicesize(h, 1u << 30);
	c = capture_end();
	printf("log_warn_set_maxsplicesize_1GiB: rc=%d stderr='%s'\n", rc, c);
	/* sic: libkcapi passes the negative errno to strerror() */
	snprintf(want, sizeof(want), "libkcapi - Warning: AF_ALG: setting maximum splice pipe size "
		 "to 1073741824 failed: Unknown error %d\\n", pipe_size_1gib_rc());
	check(!strcmp(c, want), "WARN message text");

	kcapi_set_verbosity(KCAPI_LOG_NONE);
	capture_begin();
	ret = kcapi_md_final(h, NULL, 0);
	rc = kcapi_md_init(&h, "nosuchalg", 0);
	c = capture_end();
	printf("log_none: rc=%zd/%d stderr='%s'\n", ret, rc, c);
	check(!*c, "KCAPI_LOG_NONE printed something");

	kcapi_set_verbosity(KCAPI_LOG_DEBUG);
	capture_begin();
	ret = kcapi_md_digest(h, abc, 3, out, 32);
	c = capture_end();
	printf("log_debug_digest: rc=%zd stderr_nonempty=%d\n", ret, *c != 0);
	check(ret == 32 && *c, "DEBUG level prints");
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	kcapi_md_destroy(h);
}

/* ----------------------------------- sections that differ by library */

static void sec_divergent(void)
{
	struct kcapi_handle *h;
	uint8_t out[OUTBUF];
	ssize_t ret;
	int e;

	pfx = "!";
	printf("!== library specific (excluded from the differential diff)\n");
	printf("!library: %s\n", is_rs ? "kcapi-rs (KCAPI_TEST_RS=1)" : "reference");

	/* small-update send path: libkcapi returns -1 (errno set), kcapi-rs -errno */
	h = mk("hmac(sha256)");
	if (h) {
		errno = 0;
		ret = kcapi_md_update(h, abc, 3);
		e = errno;
		printf("!nokey_update_3: rc=%zd errno=%d\n", ret, e);
		if (is_rs)
			check(ret == -ENOKEY, "nokey_update_3 rc %zd", ret);
		else
			check(ret == -1 && e == ENOKEY, "nokey_update_3 rc %zd errno %d", ret, e);
		errno = 0;
		ret = kcapi_md_digest(h, abc, 3, out, 32);
		e = errno;
		printf("!nokey_digest_3: rc=%zd errno=%d\n", ret, e);
		if (is_rs)
			check(ret == -ENOKEY, "nokey_digest_3 rc %zd", ret);
		else
			check(ret == -1 && e == ENOKEY, "nokey_digest_3 rc %zd errno %d", ret, e);
		kcapi_md_destroy(h);
	}

	h = mk("sha256");
	if (h) {
		errno = 0;
		ret = kcapi_md_update(h, NULL, 5);
		e = errno;
		printf("!update_null_5: rc=%zd errno=%d\n", ret, e);
		if (is_rs)
			check(ret == -EFAULT, "update_null_5 rc %zd", ret);
		else
			check(ret == -1 && e == EFAULT, "update_null_5 rc %zd errno %d", ret, e);
		kcapi_md_destroy(h);
	}
	h = mk("sha256");
	if (h) {
		errno = 0;
		ret = kcapi_md_digest(h, NULL, 5, out, 32);
		e = errno;
		printf("!digest_null_5: rc=%zd errno=%d\n", ret, e);
		if (is_rs)
			check(ret == -EFAULT, "digest_null_5 rc %zd", ret);
		else
			check(ret == -1 && e == EFAULT, "digest_null_5 rc %zd errno %d", ret, e);
		kcapi_md_destroy(h);
	}
	errno = 0;
	ret = kcapi_md_sha256(NULL, 5, out, 32);
	e = errno;
	printf("!sha256_conv_null_5: rc=%zd errno=%d\n", ret, e);
	if (is_rs)
		check(ret == -EFAULT, "sha256_conv_null_5 rc %zd", ret);
	else
		check(ret == -1 && e == EFAULT, "sha256_conv_null_5 rc %zd errno %d", ret, e);

	/* version numbers */
	{
		char buf[64];

		kcapi_versionstring(buf, sizeof(buf));
		printf("!version: %u versionstring: '%s'\n", kcapi_version(), buf);
		if (is_rs)
			check(kcapi_version() == 1050100 && !strcmp(buf, "libkcapi 1.5.1"),
			      "kcapi-rs must report 1.5.1");
	}
	pfx = "";
}

/* default log level (1.4.0: ERR, 1.5.x and kcapi-rs: NONE); must run first */
static void sec_default_log(void)
{
	struct kcapi_handle *h = NULL;
	const char *c;
	int rc;

	capture_begin();
	rc = kcapi_md_init(&h, "nosuchalg", 0);
	c = capture_end();
	printf("!default_log_level_init_unknown: rc=%d stderr='%s'\n", rc, c);
	if (is_rs) {
		pfx = "!";
		check(!*c, "kcapi-rs default log level must be NONE");
		pfx = "";
	}
}

static void sec_null_handles(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t out[OUTBUF];
	char buf[16];
	int rc;

	pfx = "!";
	printf("!== NULL handles (kcapi-rs only; libkcapi crashes)\n");
	rc = kcapi_md_init(NULL, "sha256", 0);
	rc_case("md_init_null_handle_ptr", rc, -EINVAL);
	rc = kcapi_md_init(&h, NULL, 0);
	printf("!md_init_null_name: rc=%d\n", rc);
	check(rc == -EINVAL || rc == -ENOENT, "md_init_null_name: rc=%d, expected -EINVAL or -ENOENT", rc);
	rc_case("md_setkey_null", kcapi_md_setkey(NULL, (const uint8_t *)"k", 1), -EINVAL);
	rc_case("md_update_null", kcapi_md_update(NULL, abc, 3), -EINVAL);
	rc_case("md_final_null", kcapi_md_final(NULL, out, 32), -EINVAL);
	rc_case("md_digest_null", kcapi_md_digest(NULL, abc, 3, out, 32), -EINVAL);
	rc_case("md_digestsize_null", kcapi_md_digestsize(NULL), 0);
	rc_case("md_blocksize_null", kcapi_md_blocksize(NULL), 0);
	h = mk("sha256");
	if (h) {
		rc_case("reinit_null_newhandle_ptr", kcapi_handle_reinit(NULL, h, 0), -EINVAL);
		kcapi_md_destroy(h);
	}
	kcapi_versionstring(NULL, sizeof(buf));
	printf("!versionstring_null_16: ok\n");
	kcapi_memset_secure(NULL, 0, 0);
	printf("!memset_secure_null_0: ok\n");
	pfx = "";
}

int main(void)
{
	test_init(120);

	sec_default_log();
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	sec_init();
	sec_output();
	sec_state();
	sec_keys();
	sec_splice();
	sec_large();
	sec_utils();
	sec_logging();
	sec_divergent();
	if (is_rs)
		sec_null_handles();
	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
