/*
 * md_kat.c - known-answer tests for the libkcapi message digest API.
 *
 * Vectors: published FIPS 180-4 / FIPS 202 CAVP examples (SHA-1, SHA-2,
 * SHA-3 ShortMsg and the first records of LongMsg), RFC 2202 (HMAC-SHA1),
 * RFC 4231 (HMAC-SHA224/256/384/512), OSCCA SM3 examples; plus the verified
 * reference values of the behaviour notes (Appendix D) and well-known
 * million-'a' digests.
 *
 * Usage: md_kat [VECTOR_DIR]
 *   VECTOR_DIR defaults to $KCAPI_TEST_VECTORS, else to the directory
 *   compiled in by the Makefile (capi-tests/vectors).  It must contain
 *   cryptography_vectors/{hashes,HMAC}/...
 *
 * Each vector is checked through: the one-shot convenience function (full
 * length and truncated output), init [+ setkey] + kcapi_md_digest,
 * kcapi_md_update + kcapi_md_final, and kcapi_md_update at random split
 * points (streaming must equal one-shot).
 *
 * Environment: KCAPI_TEST_TIMEOUT (seconds, default 120), KCAPI_TEST_SEED
 * (PRNG seed for split points), KCAPI_TEST_VERBOSE=1 (print passes too).
 * Last line: "N passed, N failed"; exit status 1 if anything failed.
 */
#define _GNU_SOURCE
#include <errno.h>
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

#ifndef VECTOR_DIR
#define VECTOR_DIR "capi-tests/vectors"
#endif

/* ---------------------------------------------------------------- helpers */

static int verbose;

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void fill_pattern(uint8_t *b, size_t n, uint64_t seed)
{
	uint64_t s = seed | 1;
	size_t i;

	for (i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		b[i] = (uint8_t)(s >> 24);
	}
}

#define MAXDS 64
#define OUTBUF (MAXDS + 64)

/* ------------------------------------------------------------ algorithms */

typedef ssize_t (*conv_fn)(const uint8_t *, size_t, uint8_t *, size_t);
typedef ssize_t (*hconv_fn)(const uint8_t *, uint32_t, const uint8_t *,
			    size_t, uint8_t *, size_t);

struct alg {
	const char *file;	/* relative to VECTOR_DIR/cryptography_vectors */
	const char *kname;	/* kernel name */
	conv_fn conv;		/* one-shot convenience (unkeyed) or NULL */
	hconv_fn hconv;		/* one-shot convenience (keyed) or NULL */
	unsigned int ds, bs;	/* digest size, block size */
	int keyed;
};

static const struct alg algs[] = {
	{ "hashes/SHA1/SHA1ShortMsg.rsp", "sha1", kcapi_md_sha1, NULL, 20, 64, 0 },
	{ "hashes/SHA1/SHA1LongMsg-first3.rsp", "sha1", kcapi_md_sha1, NULL, 20, 64, 0 },
	{ "hashes/SHA2/SHA224ShortMsg.rsp", "sha224", kcapi_md_sha224, NULL, 28, 64, 0 },
	{ "hashes/SHA2/SHA224LongMsg-first3.rsp", "sha224", kcapi_md_sha224, NULL, 28, 64, 0 },
	{ "hashes/SHA2/SHA256ShortMsg.rsp", "sha256", kcapi_md_sha256, NULL, 32, 64, 0 },
	{ "hashes/SHA2/SHA256LongMsg-first3.rsp", "sha256", kcapi_md_sha256, NULL, 32, 64, 0 },
	{ "hashes/SHA2/SHA384ShortMsg.rsp", "sha384", kcapi_md_sha384, NULL, 48, 128, 0 },
	{ "hashes/SHA2/SHA384LongMsg-first3.rsp", "sha384", kcapi_md_sha384, NULL, 48, 128, 0 },
	{ "hashes/SHA2/SHA512ShortMsg.rsp", "sha512", kcapi_md_sha512, NULL, 64, 128, 0 },
	{ "hashes/SHA2/SHA512LongMsg-first3.rsp", "sha512", kcapi_md_sha512, NULL, 64, 128, 0 },
	/* SHA-3 convenience wrappers are 1.5.0+ only: see md_sha3.c */
	{ "hashes/SHA3/SHA3_224ShortMsg.rsp", "sha3-224", NULL, NULL, 28, 144, 0 },
	{ "hashes/SHA3/SHA3_224LongMsg-first3.rsp", "sha3-224", NULL, NULL, 28, 144, 0 },
	{ "hashes/SHA3/SHA3_256ShortMsg.rsp", "sha3-256", NULL, NULL, 32, 136, 0 },
	{ "hashes/SHA3/SHA3_256LongMsg-first3.rsp", "sha3-256", NULL, NULL, 32, 136, 0 },
	{ "hashes/SHA3/SHA3_384ShortMsg.rsp", "sha3-384", NULL, NULL, 48, 104, 0 },
	{ "hashes/SHA3/SHA3_384LongMsg-first3.rsp", "sha3-384", NULL, NULL, 48, 104, 0 },
	{ "hashes/SHA3/SHA3_512ShortMsg.rsp", "sha3-512", NULL, NULL, 64, 72, 0 },
	{ "hashes/SHA3/SHA3_512LongMsg-first3.rsp", "sha3-512", NULL, NULL, 64, 72, 0 },
	{ "hashes/SM3/oscca.txt", "sm3", kcapi_md_sm3, NULL, 32, 64, 0 },
	{ "HMAC/rfc-2202-sha1.txt", "hmac(sha1)", NULL, kcapi_md_hmac_sha1, 20, 64, 1 },
	{ "HMAC/rfc-4231-sha224.txt", "hmac(sha224)", NULL, kcapi_md_hmac_sha224, 28, 64, 1 },
	{ "HMAC/rfc-4231-sha256.txt", "hmac(sha256)", NULL, kcapi_md_hmac_sha256, 32, 64, 1 },
	{ "HMAC/rfc-4231-sha384.txt", "hmac(sha384)", NULL, kcapi_md_hmac_sha384, 48, 128, 1 },
	{ "HMAC/rfc-4231-sha512.txt", "hmac(sha512)", NULL, kcapi_md_hmac_sha512, 64, 128, 1 },
};

/* update in random pieces (some of length 0), then final */
static ssize_t split_digest(struct kcapi_handle *h, const uint8_t *m,
			    size_t len, uint8_t *out, size_t outlen,
			    size_t maxpiece)
{
	size_t off = 0;
	ssize_t ret;

	while (off < len) {
		size_t piece;
		uint64_t r = rnd();

		switch (r % 5) {
		case 0: piece = 0; break;
		case 1: piece = 1 + (r >> 8) % 16; break;
		case 2: piece = 1 + (r >> 8) % 200; break;
		default: piece = 1 + (r >> 8) % maxpiece; break;
		}
		if (piece > len - off)
			piece = len - off;
		ret = kcapi_md_update(h, piece ? m + off : m, piece);
		if (ret)
			return ret < 0 ? ret : -1000 - ret;
		off += piece;
	}
	return kcapi_md_final(h, out, outlen);
}

struct rec {
	long bits;
	uint8_t *key, *msg, *md;
	size_t keylen, msglen, mdlen;
	int has_key, has_msg;
};

static void rec_free(struct rec *r)
{
	free(r->key);
	free(r->msg);
	free(r->md);
	memset(r, 0, sizeof(*r));
	r->bits = -1;
}

static void test_record(const struct alg *a, struct kcapi_handle *uh,
			struct rec *r, const char *tag)
{
	uint8_t out[OUTBUF];
	char hexbuf[2 * OUTBUF + 1];
	struct kcapi_handle *h = uh;
	const uint8_t *msg = r->msglen ? r->msg : NULL;
	size_t half = a->ds / 2;
	ssize_t ret;
	int rc;

	if (r->mdlen != a->ds) {
		check(0, "%s: vector digest length %zu != %u", tag, r->mdlen, a->ds);
		return;
	}

	/* 1. one-shot convenience, full length and truncated */
	if (a->conv || a->hconv) {
		memset(out, GUARD, sizeof(out));
		if (a->conv)
			ret = a->conv(msg, r->msglen, out, sizeof(out));
		else
			ret = a->hconv(r->key, (uint32_t)r->keylen, msg,
				       r->msglen, out, sizeof(out));
		tohex(out, a->ds, hexbuf);
		check(ret == (ssize_t)a->ds && !memcmp(out, r->md, a->ds) &&
		      guard_ok(out, a->ds, sizeof(out)),
		      "%s: convenience ret %zd digest %s", tag, ret, hexbuf);

		memset(out, GUARD, sizeof(out));
		if (a->conv)
			ret = a->conv(msg, r->msglen, out, half);
		else
			ret = a->hconv(r->key, (uint32_t)r->keylen, msg,
				       r->msglen, out, half);
		check(ret == (ssize_t)half && !memcmp(out, r->md, half) &&
		      guard_ok(out, half, sizeof(out)),
		      "%s: convenience truncated to %zu: ret %zd", tag, half, ret);
	}

	/* 2. init [+ setkey] + digest */
	if (a->keyed) {
		h = NULL;
		rc = kcapi_md_init(&h, a->kname, 0);
		check(rc == 0, "%s: kcapi_md_init(%s) = %d", tag, a->kname, rc);
		if (rc)
			return;
		rc = kcapi_md_setkey(h, r->key, (uint32_t)r->keylen);
		check(rc == 0, "%s: kcapi_md_setkey(%zu bytes) = %d", tag,
		      r->keylen, rc);
	}
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, msg, r->msglen, out, sizeof(out));
	check(ret == (ssize_t)a->ds && !memcmp(out, r->md, a->ds) &&
	      guard_ok(out, a->ds, sizeof(out)),
	      "%s: kcapi_md_digest ret %zd", tag, ret);

	/* 3. update (whole) + final on the same handle */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_update(h, msg, r->msglen);
	if (ret == 0)
		ret = kcapi_md_final(h, out, a->ds);
	check(ret == (ssize_t)a->ds && !memcmp(out, r->md, a->ds) &&
	      guard_ok(out, a->ds, sizeof(out)),
	      "%s: update+final ret %zd", tag, ret);

	/* 4. update at random split points + final */
	memset(out, GUARD, sizeof(out));
	ret = split_digest(h, r->msg, r->msglen, out, a->ds, 40000);
	check(ret == (ssize_t)a->ds && !memcmp(out, r->md, a->ds),
	      "%s: random split update+final ret %zd", tag, ret);

	/* 5. truncated final through the handle */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, msg, r->msglen, out, half);
	check(ret == (ssize_t)half && !memcmp(out, r->md, half) &&
	      guard_ok(out, half, sizeof(out)),
	      "%s: kcapi_md_digest truncated to %zu: ret %zd", tag, half, ret);

	if (a->keyed)
		kcapi_md_destroy(h);
}

static int sm3_missing;

static void test_file(const char *dir, const struct alg *a)
{
	char path[4096], tag[512];
	struct kcapi_handle *uh = NULL;
	struct rec r;
	FILE *f;
	unsigned int count = 0, lineno = 0, seen = 0;
	unsigned int before = nfail;
	char *bigline = NULL;
	size_t bigcap = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/cryptography_vectors/%s", dir, a->file);
	f = fopen(path, "r");
	if (!f) {
		check(0, "cannot open vector file %s: %s", path, strerror(errno));
		return;
	}

	/* probe / create the shared unkeyed handle */
	rc = kcapi_md_init(&uh, a->kname, 0);
	if (rc == -ENOENT && !strcmp(a->kname, "sm3")) {
		printf("SKIP: %s: kernel has no %s (kcapi_md_init = %d)\n",
		       a->file, a->kname, rc);
		sm3_missing = 1;
		fclose(f);
		return;
	}
	check(rc == 0, "%s: kcapi_md_init(%s) = %d", a->file, a->kname, rc);
	if (rc) {
		fclose(f);
		return;
	}
	check(kcapi_md_digestsize(uh) == a->ds && kcapi_md_blocksize(uh) == a->bs,
	      "%s: digestsize %u (exp %u) blocksize %u (exp %u)", a->kname,
	      kcapi_md_digestsize(uh), a->ds, kcapi_md_blocksize(uh), a->bs);
	if (a->keyed) {
		kcapi_md_destroy(uh);
		uh = NULL;
	}

	memset(&r, 0, sizeof(r));
	r.bits = -1;
	while (getline(&bigline, &bigcap, f) > 0) {
		char *l = bigline, *val;

		lineno++;
		if (l[0] == '#' || l[0] == '[' || l[0] == '\n' || l[0] == '\r')
			continue;
		val = strstr(l, " = ");
		if (!val)
			continue;
		*val = 0;
		val += 3;
		if (!strcmp(l, "Len")) {
			r.bits = atol(val);
		} else if (!strcmp(l, "Key")) {
			if (unhex_alloc(val, &r.key, &r.keylen))
				goto parse_err;
			r.has_key = 1;
		} else if (!strcmp(l, "Msg")) {
			if (unhex_alloc(val, &r.msg, &r.msglen))
				goto parse_err;
			r.has_msg = 1;
		} else if (!strcmp(l, "MD")) {
			if (unhex_alloc(val, &r.md, &r.mdlen) || !r.has_msg)
				goto parse_err;
			if (r.bits == 0)
				r.msglen = 0;
			else if (r.bits > 0 && !a->keyed &&
				 (size_t)r.bits != r.msglen * 8)
				goto parse_err;
			if (a->keyed != r.has_key)
				goto parse_err;
			if (take_vector(seen++)) {
				snprintf(tag, sizeof(tag), "%s#%u(len %zu)", a->file,
					 count, r.msglen);
				test_record(a, uh, &r, tag);
				count++;
			}
			rec_free(&r);
		}
		continue;
parse_err:
		check(0, "%s:%u: vector parse error", path, lineno);
		rec_free(&r);
	}
	free(bigline);
	rec_free(&r);
	fclose(f);
	if (uh)
		kcapi_md_destroy(uh);
	check(count > 0, "%s: %u records", a->file, count);
	printf("%-42s %-13s %4u records, %s\n", a->file, a->kname, count,
	       nfail == before ? "ok" : "FAILURES");
	fflush(stdout);
}

/* ---------------------------------------------- fixed reference values */

static int hexeq(const uint8_t *b, size_t n, const char *hex)
{
	char buf[2 * OUTBUF + 1];

	if (strlen(hex) != 2 * n)
		return 0;
	tohex(b, n, buf);
	return !strcmp(buf, hex);
}

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void test_appendix_d(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t out[OUTBUF];
	uint8_t *big;
	ssize_t ret;
	int rc, i;

	/* sha256("abc") via convenience, digest, update+final */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_sha256((const uint8_t *)"abc", 3, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_ABC),
	      "D: kcapi_md_sha256(abc) ret %zd", ret);

	rc = kcapi_md_init(&h, "sha256", 0);
	check(rc == 0, "D: kcapi_md_init(sha256) = %d", rc);
	if (rc)
		return;
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_ABC),
	      "D: kcapi_md_digest(abc) ret %zd", ret);

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_update(h, (const uint8_t *)"abc", 3);
	check(ret == 0, "D: kcapi_md_update(abc) ret %zd", ret);
	ret = kcapi_md_final(h, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_ABC),
	      "D: kcapi_md_final after update(abc) ret %zd", ret);

	/* second final: digest of the empty message */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_EMPTY),
	      "D: second kcapi_md_final ret %zd (empty digest)", ret);

	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, NULL, 0, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_EMPTY),
	      "D: kcapi_md_digest(NULL, 0) ret %zd (empty digest)", ret);

	/* truncated final */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_update(h, (const uint8_t *)"abc", 3);
	if (ret == 0)
		ret = kcapi_md_final(h, out, 10);
	check(ret == 10 && hexeq(out, 10, "ba7816bf8f01cfea4141") &&
	      guard_ok(out, 10, sizeof(out)),
	      "D: kcapi_md_final(buf, 10) after abc ret %zd", ret);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	check(ret == 32 && hexeq(out, 32, SHA256_EMPTY),
	      "D: final after truncated final ret %zd (empty digest)", ret);

	/* 200000 x 'a' one-shot (splice path) */
	big = malloc(1000000);
	if (!big) {
		check(0, "malloc");
		kcapi_md_destroy(h);
		return;
	}
	memset(big, 'a', 1000000);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(h, big, 200000, out, 32);
	check(ret == 32 && hexeq(out, 32,
		"2287d207f24a941ff3b56c04c8a25ad56b63e3023207b3bb5b4ac0c9869d74be"),
	      "D: sha256(200000 x a) one-shot ret %zd", ret);

	/* 20 x update(40000 x 'a') + final */
	ret = 0;
	for (i = 0; i < 20 && ret == 0; i++)
		ret = kcapi_md_update(h, big, 40000);
	check(ret == 0, "D: 20 x kcapi_md_update(40000) ret %zd", ret);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	check(ret == 32 && hexeq(out, 32,
		"aa5125d6bc93fefccb5aa554c578cbb4946731e88c59c49ee141d963d991bd88"),
	      "D: 20 x update(40000 x a) + final ret %zd", ret);
	kcapi_md_destroy(h);

	/* HMAC-SHA256(key "key", "abc") */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_hmac_sha256((const uint8_t *)"key", 3,
				   (const uint8_t *)"abc", 3, out, 32);
	check(ret == 32 && hexeq(out, 32,
		"9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"),
	      "D: kcapi_md_hmac_sha256(key, abc) ret %zd", ret);

	/* sha3-256("abc") through the generic API */
	h = NULL;
	rc = kcapi_md_init(&h, "sha3-256", 0);
	check(rc == 0, "D: kcapi_md_init(sha3-256) = %d", rc);
	if (!rc) {
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, 32);
		check(ret == 32 && hexeq(out, 32,
			"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
		      "D: sha3-256(abc) ret %zd", ret);
		kcapi_md_destroy(h);
	}

	/* FIPS 180 / 202 million-'a' examples: one-shot and 1000 x 1000 */
	{
		static const struct { const char *n; conv_fn c; unsigned int ds; const char *md; } m[] = {
			{ "sha1", kcapi_md_sha1, 20, "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
			{ "sha224", kcapi_md_sha224, 28, "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67" },
			{ "sha256", kcapi_md_sha256, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
			{ "sha384", kcapi_md_sha384, 48, "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985" },
			{ "sha512", kcapi_md_sha512, 64, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
			{ "sha3-256", NULL, 32, "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1" },
			{ "sha3-512", NULL, 64, "3c3a876da14034ab60627c077bb98f7e120a2a5370212dffb3385a18d4f38859ed311d0a9d5141ce9cc5c66ee689b266a8aa18ace8282a0e0db596c90b0a7b87" },
		};
		unsigned int k;

		for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
			if (m[k].c) {
				memset(out, GUARD, sizeof(out));
				ret = m[k].c(big, 1000000, out, sizeof(out));
				check(ret == (ssize_t)m[k].ds && hexeq(out, m[k].ds, m[k].md),
				      "million a: %s convenience ret %zd", m[k].n, ret);
			}
			h = NULL;
			rc = kcapi_md_init(&h, m[k].n, 0);
			check(rc == 0, "million a: init %s = %d", m[k].n, rc);
			if (rc)
				continue;
			memset(out, GUARD, sizeof(out));
			ret = kcapi_md_digest(h, big, 1000000, out, sizeof(out));
			check(ret == (ssize_t)m[k].ds && hexeq(out, m[k].ds, m[k].md),
			      "million a: %s kcapi_md_digest ret %zd", m[k].n, ret);
			ret = 0;
			for (i = 0; i < 1000 && ret == 0; i++)
				ret = kcapi_md_update(h, big, 1000);
			memset(out, GUARD, sizeof(out));
			if (ret == 0)
				ret = kcapi_md_final(h, out, sizeof(out));
			check(ret == (ssize_t)m[k].ds && hexeq(out, m[k].ds, m[k].md),
			      "million a: %s 1000 x update(1000) ret %zd", m[k].n, ret);
			kcapi_md_destroy(h);
		}
	}
	free(big);
}

/* streaming with random split points over large inputs equals one-shot */
static void test_large_stream(void)
{
	static const char *names[] = { "sha1", "sha256", "sha512", "hmac(sha256)",
				       "hmac(sha384)", "sha3-256" };
	const size_t len = 3 * 1024 * 1024 + 12345;
	uint8_t *data = malloc(len);
	uint8_t ref[OUTBUF], out[OUTBUF];
	unsigned int k;

	if (!data) {
		check(0, "malloc");
		return;
	}
	fill_pattern(data, len, 0x1234567);
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		struct kcapi_handle *h = NULL;
		int keyed = !strncmp(names[k], "hmac", 4);
		ssize_t ret, ret2;
		int rc, round;

		rc = kcapi_md_init(&h, names[k], 0);
		check(rc == 0, "large: init %s = %d", names[k], rc);
		if (rc)
			continue;
		if (keyed) {
			rc = kcapi_md_setkey(h, data + 100, 77);
			check(rc == 0, "large: setkey %s = %d", names[k], rc);
		}
		memset(ref, GUARD, sizeof(ref));
		ret = kcapi_md_digest(h, data, len, ref, sizeof(ref));
		check(ret == (ssize_t)kcapi_md_digestsize(h),
		      "large: %s one-shot of %zu bytes ret %zd", names[k], len, ret);
		for (round = 0; round < 3; round++) {
			size_t maxpiece = round == 0 ? 4096 : round == 1 ? 70000 : 600000;

			memset(out, GUARD, sizeof(out));
			ret2 = split_digest(h, data, len, out, sizeof(out), maxpiece);
			check(ret2 == ret && !memcmp(out, ref, OUTBUF),
			      "large: %s random split (max piece %zu) ret %zd",
			      names[k], maxpiece, ret2);
		}
		kcapi_md_destroy(h);
	}
	free(data);
}

/* handles created with flags (KCAPI_INIT_AIO) and via kcapi_handle_reinit */
static void test_flags_reinit(void)
{
	struct kcapi_handle *h = NULL, *r = NULL;
	uint8_t out[OUTBUF];
	ssize_t ret;
	int rc;

	rc = kcapi_md_init(&h, "sha256", KCAPI_INIT_AIO);
	check(rc == 0, "flags: kcapi_md_init(sha256, KCAPI_INIT_AIO) = %d", rc);
	if (!rc) {
		memset(out, GUARD, sizeof(out));
		ret = kcapi_md_digest(h, (const uint8_t *)"abc", 3, out, 32);
		check(ret == 32 && hexeq(out, 32, SHA256_ABC),
		      "flags: AIO handle digest ret %zd", ret);
		kcapi_md_destroy(h);
	}

	h = NULL;
	rc = kcapi_md_init(&h, "hmac(sha256)", 0);
	check(rc == 0, "reinit: init hmac(sha256) = %d", rc);
	if (rc)
		return;
	rc = kcapi_md_setkey(h, (const uint8_t *)"key", 3);
	check(rc == 0, "reinit: setkey = %d", rc);
	rc = kcapi_handle_reinit(&r, h, 0);
	check(rc == 0 && r && r != h, "reinit: kcapi_handle_reinit = %d", rc);
	if (rc) {
		kcapi_md_destroy(h);
		return;
	}
	check(kcapi_md_digestsize(r) == 32 && kcapi_md_blocksize(r) == 64,
	      "reinit: sizes on new handle %u/%u", kcapi_md_digestsize(r),
	      kcapi_md_blocksize(r));
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_digest(r, (const uint8_t *)"abc", 3, out, 32);
	check(ret == 32 && hexeq(out, 32,
		"9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"),
	      "reinit: digest on reinit handle (shared key) ret %zd", ret);
	/* interleaved streams on both handles must not mix */
	ret = kcapi_md_update(h, (const uint8_t *)"a", 1);
	if (!ret)
		ret = kcapi_md_update(r, (const uint8_t *)"xyz", 3);
	if (!ret)
		ret = kcapi_md_update(h, (const uint8_t *)"bc", 2);
	check(ret == 0, "reinit: interleaved updates ret %zd", ret);
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_final(h, out, 32);
	check(ret == 32 && hexeq(out, 32,
		"9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"),
	      "reinit: original handle stream unaffected ret %zd", ret);
	kcapi_md_destroy(h);	/* original first */
	memset(out, GUARD, sizeof(out));
	ret = kcapi_md_update(r, (const uint8_t *)"", 0);
	if (!ret)
		ret = kcapi_md_final(r, out, 32);
	{
		uint8_t exp[OUTBUF];
		ssize_t e = kcapi_md_hmac_sha256((const uint8_t *)"key", 3,
						 (const uint8_t *)"xyz", 3, exp, 32);

		check(ret == 32 && e == 32 && !memcmp(out, exp, 32),
		      "reinit: reinit handle stream after original destroyed ret %zd", ret);
	}
	kcapi_md_destroy(r);
}

/* hmac(sm3) has no vector file: convenience must equal the generic API */
static void test_hmac_sm3(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t a[OUTBUF], b[OUTBUF];
	ssize_t ret, ret2;
	int rc;

	memset(a, GUARD, sizeof(a));
	ret = kcapi_md_hmac_sm3((const uint8_t *)"key", 3,
				(const uint8_t *)"abc", 3, a, sizeof(a));
	if (ret == -ENOENT) {
		printf("SKIP: hmac(sm3) not available (kcapi_md_hmac_sm3 = %zd)\n", ret);
		check(sm3_missing, "hmac(sm3) missing although sm3 exists");
		return;
	}
	check(ret == 32, "kcapi_md_hmac_sm3 ret %zd", ret);
	rc = kcapi_md_init(&h, "hmac(sm3)", 0);
	check(rc == 0, "kcapi_md_init(hmac(sm3)) = %d", rc);
	if (rc)
		return;
	rc = kcapi_md_setkey(h, (const uint8_t *)"key", 3);
	memset(b, GUARD, sizeof(b));
	ret2 = kcapi_md_digest(h, (const uint8_t *)"abc", 3, b, sizeof(b));
	check(rc == 0 && ret2 == 32 && !memcmp(a, b, sizeof(a)),
	      "hmac(sm3) convenience equals init+setkey+digest (%d, %zd)", rc, ret2);
	kcapi_md_destroy(h);
}

int main(int argc, char **argv)
{
	const char *dir = VECTOR_DIR;
	const char *e;
	unsigned int i;

	test_init(120);
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	verbose = getenv("KCAPI_TEST_VERBOSE") && atoi(getenv("KCAPI_TEST_VERBOSE"));
	e = getenv("KCAPI_TEST_VECTORS");
	if (e && *e)
		dir = e;
	if (argc > 1)
		dir = argv[1];
	e = getenv("KCAPI_TEST_SEED");
	if (e && *e)
		rng_state = strtoull(e, NULL, 0) | 1;
	printf("md_kat: vectors from %s, seed 0x%llx\n", dir,
	       (unsigned long long)rng_state);

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		test_file(dir, &algs[i]);
	test_hmac_sm3();
	test_appendix_d();
	test_large_stream();
	test_flags_reinit();
	return test_done();
}
