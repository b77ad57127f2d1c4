/*
 * kdf_kat.c - known-answer tests of the key derivation functions against
 * published vectors, through the current (default) symbols and the pre-1.3.1
 * compat symbols:
 *   NIST CAVP SP 800-108 KBKDF (the sections matching libkcapi's
 *   constructions, see vectors/nist-cavp-kbkdf/SOURCE) with HMAC-SHA1/256/512
 *   and CMAC-AES128: kcapi_kdf_ctr, kcapi_kdf_fb (non-zero IV, "no zero IV"
 *   and "with zero IV" files), kcapi_kdf_dpi;
 *   RFC 5869 HKDF-SHA1/SHA256 (cases 1-7, with NULL and empty salt/info) and a
 *   1200-byte HKDF-SHA256 output: kcapi_hkdf;
 *   RFC 6070 PBKDF2-HMAC-SHA1 and RFC 7914 section 11 PBKDF2-HMAC-SHA256:
 *   kcapi_pbkdf (the 16777216-iteration vector only with KCAPI_TEST_SLOW=1).
 * Compat versions are bound with .symver as programs linked before 1.3.1 bind
 * them, and are also called through 64-bit prototypes with garbage in the
 * upper half of every length register (the compat entry must ignore it).
 * Outputs of other lengths (1, h-1, h+1, L-1 bytes) must be prefixes of the
 * vector; bytes behind the output must stay untouched.
 *
 * Output lines are identical for every correct library (differential runs).
 * Environment: KCAPI_TEST_VECTORS (vector directory), KCAPI_TEST_TIMEOUT
 * (default 600), KCAPI_TEST_SLOW=1.  Last line "N passed, N failed".
 */
#include "kdf_rng_util.h"

#include <kcapi.h>

/* the compat (uint32_t length, int32_t result) versions */
int32_t kcapi_kdf_ctr_old(struct kcapi_handle *handle, const uint8_t *src, uint32_t slen,
			  uint8_t *dst, uint32_t dlen);
int32_t kcapi_kdf_fb_old(struct kcapi_handle *handle, const uint8_t *src, uint32_t slen,
			 uint8_t *dst, uint32_t dlen);
int32_t kcapi_kdf_dpi_old(struct kcapi_handle *handle, const uint8_t *src, uint32_t slen,
			  uint8_t *dst, uint32_t dlen);
int32_t kcapi_hkdf_old(const char *hashname, const uint8_t *ikm, uint32_t ikmlen,
		       const uint8_t *salt, uint32_t saltlen, const uint8_t *info,
		       uint32_t infolen, uint8_t *dst, uint32_t dlen);
int32_t kcapi_pbkdf_old(const char *hashname, const uint8_t *pw, uint32_t pwlen,
			const uint8_t *salt, uint32_t saltlen, uint32_t count,
			uint8_t *key, uint32_t keylen);
__asm__(".symver kcapi_kdf_ctr_old, kcapi_kdf_ctr@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_kdf_fb_old, kcapi_kdf_fb@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_kdf_dpi_old, kcapi_kdf_dpi@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_hkdf_old, kcapi_hkdf@LIBKCAPI_0.14.0");
__asm__(".symver kcapi_pbkdf_old, kcapi_pbkdf@LIBKCAPI_0.12.0");

/* the compat versions seen with 64-bit length registers */
typedef int64_t (*kdf64_fn)(struct kcapi_handle *, const uint8_t *, uint64_t, uint8_t *, uint64_t);
typedef int64_t (*hkdf64_fn)(const char *, const uint8_t *, uint64_t, const uint8_t *, uint64_t,
			     const uint8_t *, uint64_t, uint8_t *, uint64_t);
typedef int64_t (*pbkdf64_fn)(const char *, const uint8_t *, uint64_t, const uint8_t *, uint64_t,
			      uint64_t, uint8_t *, uint64_t);
#define GARBAGE(n) ((0xdead5a5aULL << 32) | (uint64_t)(n))

#define MAXBUF 2048
#define GUARD 0xa5

enum mode { CTR, FB, DPI };
static const char *const mode_name[] = { "ctr", "fb", "dpi" };

typedef ssize_t (*kdf_fn)(struct kcapi_handle *, const uint8_t *, size_t, uint8_t *, size_t);
typedef int32_t (*kdf_old_fn)(struct kcapi_handle *, const uint8_t *, uint32_t, uint8_t *, uint32_t);
static const kdf_fn kdf_new[] = { kcapi_kdf_ctr, kcapi_kdf_fb, kcapi_kdf_dpi };
static const kdf_old_fn kdf_old[] = { kcapi_kdf_ctr_old, kcapi_kdf_fb_old, kcapi_kdf_dpi_old };

static const char *prf_name(const char *section)
{
	if (!strcmp(section, "HMAC_SHA1"))
		return "hmac(sha1)";
	if (!strcmp(section, "HMAC_SHA256"))
		return "hmac(sha256)";
	if (!strcmp(section, "HMAC_SHA512"))
		return "hmac(sha512)";
	if (!strcmp(section, "CMAC_AES128"))
		return "cmac(aes)";
	return NULL;
}

/* a hex field of a record, decoded; -1 (and a failure) if missing or bad */
static ssize_t field(const struct rec *r, const char *key, uint8_t *out, size_t max)
{
	const char *v = rec_get(r, key);
	ssize_t n = v ? unhex(v, out, max) : -1;

	check(n >= 0, "record COUNT=%s: field %s missing or bad", rec_get(r, "COUNT"), key);
	return n;
}

/* the output of one call: rc 0, the expected bytes, guard bytes behind intact */
static int good_output(long long rc, const uint8_t *out, const uint8_t *exp, size_t n)
{
	return rc == 0 && !memcmp(out, exp, n) && all_bytes(out + n, 16, GUARD);
}

/* derive n bytes with the handle through the default or compat symbol, or compat with garbage */
static long long derive(enum mode m, int how, struct kcapi_handle *h, const uint8_t *src,
			size_t slen, uint8_t *out, size_t n)
{
	memset(out, GUARD, n + 16);
	if (how == 0)
		return kdf_new[m](h, src, slen, out, n);
	if (how == 1)
		return kdf_old[m](h, src, (uint32_t)slen, out, (uint32_t)n);
	return AS64(kdf64_fn, kdf_old[m])(h, src, GARBAGE(slen), out, GARBAGE(n));
}

static void kbkdf_file(const char *rel, enum mode m)
{
	FILE *f = open_vector(rel);
	struct rec r = { .nf = 0 };
	char last[64] = "";
	unsigned int nvec = 0, bad = 0, trunc = 0, seen = 0;

	if (!f)
		return;
	while (rec_next(f, &r)) {
		if (!take_vector(seen++))
			continue;
		static uint8_t ki[256], fixed[512], src[1024], ko[MAXBUF], out[MAXBUF + 16];
		struct kcapi_handle *h = NULL;
		const char *prf = prf_name(r.section);
		const char *lbits = rec_get(&r, "L");
		ssize_t kil, fl, ivl = 0;
		size_t L, ds, slen, lens[5];
		unsigned int i, how;
		int first = strcmp(last, r.section) != 0;

		snprintf(last, sizeof(last), "%s", r.section);
		if (!prf || !lbits) {
			check(0, "%s: unexpected record in section %s", rel, r.section);
			continue;
		}
		L = (size_t)strtoul(lbits, NULL, 10) / 8;
		kil = field(&r, "KI", ki, sizeof(ki));
		fl = field(&r, "FixedInputData", fixed, sizeof(fixed));
		if (m == FB)
			ivl = rec_get(&r, "IVlen") && strcmp(rec_get(&r, "IVlen"), "0") ?
				field(&r, "IV", src, 512) : 0;
		if (kil < 0 || fl < 0 || ivl < 0 || field(&r, "KO", ko, sizeof(ko)) != (ssize_t)L)
			continue;
		memcpy(src + ivl, fixed, (size_t)fl);
		slen = (size_t)(ivl + fl);

		if (kcapi_md_init(&h, prf, 0) || kcapi_md_setkey(h, ki, (uint32_t)kil)) {
			check(0, "%s COUNT=%s: init/setkey of %s failed", rel, rec_get(&r, "COUNT"), prf);
			kcapi_md_destroy(h);
			continue;
		}
		ds = kcapi_md_digestsize(h);
		nvec++;
		for (how = 0; how < 3; how++) {
			long long rc = derive(m, (int)how, h, src, slen, out, L);

			if (!good_output(rc, out, ko, L)) {
				bad++;
				check(0, "%s %s %s COUNT=%s (%s): rc=%lld out=%s", rel, mode_name[m], prf,
				      rec_get(&r, "COUNT"), how == 0 ? "default" : how == 1 ? "compat" :
				      "compat, garbage in upper length bits", rc, hx(out, L));
			} else {
				npass++;
			}
		}
		if (!first)
			goto next;
		/* other output lengths: prefixes of the vector */
		lens[0] = 1;
		lens[1] = ds - 1;
		lens[2] = ds + 1;
		lens[3] = L - 1;
		lens[4] = 2 * ds + 3 < L ? 2 * ds + 3 : L;
		for (i = 0; i < 5; i++) {
			long long rc;

			if (lens[i] > L)
				continue;
			rc = derive(m, 0, h, src, slen, out, lens[i]);
			trunc++;
			check(good_output(rc, out, ko, lens[i]), "%s %s %s COUNT=%s: %zu-byte output rc=%lld out=%s",
			      rel, mode_name[m], prf, rec_get(&r, "COUNT"), lens[i], rc, hx(out, lens[i]));
		}
next:
		kcapi_md_destroy(h);
	}
	rec_clear(&r);
	fclose(f);
	printf("kbkdf %s %s: %u vectors, %u failed, %u shorter outputs\n", mode_name[m], rel, nvec,
	       bad, trunc);
	check(nvec >= 60 || (seen >= 60 && nvec > 0), "%s: only %u vectors (%u in the file)", rel, nvec, seen);
}

/* ------------------------------------------------------------------ HKDF */

static void hkdf_file(const char *rel)
{
	FILE *f = open_vector(rel);
	struct rec r = { .nf = 0 };
	unsigned int nvec = 0, seen = 0;

	if (!f)
		return;
	while (rec_next(f, &r)) {
		if (!take_vector(seen++))
			continue;
		static uint8_t ikm[256], salt[256], info[256], okm[MAXBUF], out[MAXBUF + 16];
		const char *hash = rec_get(&r, "Hash"), *name;
		ssize_t il, sl, nl, ol;
		size_t L = (size_t)strtoul(rec_get(&r, "L") ? rec_get(&r, "L") : "0", NULL, 10);
		unsigned int v;

		name = hash && !strcmp(hash, "SHA-1") ? "hmac(sha1)" :
		       hash && !strcmp(hash, "SHA-256") ? "hmac(sha256)" : NULL;
		il = field(&r, "IKM", ikm, sizeof(ikm));
		sl = field(&r, "salt", salt, sizeof(salt));
		nl = field(&r, "info", info, sizeof(info));
		ol = field(&r, "OKM", okm, sizeof(okm));
		if (!name || il <= 0 || sl < 0 || nl < 0 || ol != (ssize_t)L || !L) {
			check(0, "%s COUNT=%s: unusable record", rel, rec_get(&r, "COUNT"));
			continue;
		}
		nvec++;
		/*
		 * variants: 0 default, 1 compat, 2 compat with garbage in the upper
		 * length bits (all with salt and info as buffers, possibly empty);
		 * 3 default with an empty salt / info passed as NULL (salt NULL:
		 * HashLen zero bytes, RFC 5869 case 7); 4, 5 shorter outputs.
		 */
		for (v = 0; v < 6; v++) {
			const uint8_t *s = salt, *in = info;
			size_t n = L;
			long long rc;

			if (v == 3) {
				s = sl ? salt : NULL;
				in = nl ? info : NULL;
			}
			if (v == 4)
				n = 1;
			if (v == 5)
				n = L - 1;
			memset(out, GUARD, n + 16);
			if (v == 1)
				rc = kcapi_hkdf_old(name, ikm, (uint32_t)il, s, (uint32_t)sl, in,
						    (uint32_t)nl, out, (uint32_t)n);
			else if (v == 2)
				rc = AS64(hkdf64_fn, kcapi_hkdf_old)(name, ikm, GARBAGE(il), s,
						GARBAGE(sl), in, GARBAGE(nl), out, GARBAGE(n));
			else
				rc = kcapi_hkdf(name, ikm, (size_t)il, s, (uint32_t)sl, in, (size_t)nl,
						out, n);
			check(good_output(rc, out, okm, n), "%s COUNT=%s variant %u: rc=%lld out=%s", rel,
			      rec_get(&r, "COUNT"), v, rc, hx(out, n));
		}
	}
	rec_clear(&r);
	fclose(f);
	printf("hkdf %s: %u vectors\n", rel, nvec);
	check(nvec > 0, "%s: no vectors", rel);
}

/* ---------------------------------------------------------------- PBKDF2 */

/* RFC 6070 strings: "\0" stands for a NUL byte */
static size_t unescape(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		if (s[0] == '\\' && s[1] == '0') {
			out[n++] = 0;
			s += 2;
		} else {
			out[n++] = (uint8_t)*s++;
		}
	}
	return n;
}

static void pbkdf_file(const char *rel, const char *name)
{
	FILE *f = open_vector(rel);
	struct rec r = { .nf = 0 };
	const char *slow = getenv("KCAPI_TEST_SLOW");
	unsigned int nvec = 0, seen = 0;

	if (!f)
		return;
	while (rec_next(f, &r)) {
		if (!take_vector(seen++))
			continue;
		static uint8_t pw[256], salt[256], dk[256], out[256 + 16];
		const char *p = rec_get(&r, "PASSWORD"), *s = rec_get(&r, "SALT");
		const char *it = rec_get(&r, "ITERATIONS"), *len = rec_get(&r, "LENGTH");
		size_t pl, sl, L;
		unsigned long count;
		unsigned int v;

		if (!p || !s || !it || !len || field(&r, "DERIVED_KEY", dk, sizeof(dk)) < 0) {
			check(0, "%s COUNT=%s: unusable record", rel, rec_get(&r, "COUNT"));
			continue;
		}
		pl = unescape(p, pw, sizeof(pw));
		sl = unescape(s, salt, sizeof(salt));
		count = strtoul(it, NULL, 10);
		L = strtoul(len, NULL, 10);
		if (count > 100000 && !(slow && !strcmp(slow, "1"))) {
			printf("SKIP: %s COUNT=%s (%lu iterations; set KCAPI_TEST_SLOW=1)\n", rel,
			       rec_get(&r, "COUNT"), count);
			continue;
		}
		nvec++;
		/* 0 default, 1 compat, 2 compat with garbage (small counts only), 3 truncated */
		for (v = 0; v < 4; v++) {
			size_t n = v == 3 ? L - 1 : L;
			long long rc;

			if (v == 2 && count > 4096)
				continue;
			memset(out, GUARD, n + 16);
			if (v == 1)
				rc = kcapi_pbkdf_old(name, pw, (uint32_t)pl, salt, (uint32_t)sl,
						     (uint32_t)count, out, (uint32_t)n);
			else if (v == 2)
				rc = AS64(pbkdf64_fn, kcapi_pbkdf_old)(name, pw, GARBAGE(pl), salt,
						GARBAGE(sl), GARBAGE(count), out, GARBAGE(n));
			else
				rc = kcapi_pbkdf(name, pw, (uint32_t)pl, salt, sl, (uint32_t)count, out, n);
			check(good_output(rc, out, dk, n), "%s COUNT=%s variant %u: rc=%lld out=%s", rel,
			      rec_get(&r, "COUNT"), v, rc, hx(out, n));
		}
	}
	rec_clear(&r);
	fclose(f);
	printf("pbkdf %s %s: %u vectors\n", name, rel, nvec);
	check(nvec > 0, "%s: no vectors", rel);
}

int main(void)
{
	test_init(600);
	kbkdf_file("nist-cavp-kbkdf/KDFCTR_gen-before_fixed-32.rsp", CTR);
	kbkdf_file("nist-cavp-kbkdf/KDFFeedback_gen-NOzeroiv-after_iter-32.rsp", FB);
	kbkdf_file("nist-cavp-kbkdf/KDFFeedback_gen-wzeroiv-after_iter-32.rsp", FB);
	kbkdf_file("nist-cavp-kbkdf/KDFDblPipeline_gen-after_iter-32.rsp", DPI);
	hkdf_file("cryptography_vectors/KDF/rfc-5869-HKDF-SHA1.txt");
	hkdf_file("cryptography_vectors/KDF/rfc-5869-HKDF-SHA256.txt");
	hkdf_file("cryptography_vectors/KDF/hkdf-generated.txt");
	pbkdf_file("cryptography_vectors/KDF/rfc-6070-PBKDF2-SHA1.txt", "hmac(sha1)");
	pbkdf_file("rfc7914/PBKDF2-SHA256.txt", "hmac(sha256)");
	return test_done();
}
