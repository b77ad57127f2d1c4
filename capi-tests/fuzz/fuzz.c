/*
 * fuzz.c - differential fuzzer: random call sequences over the libkcapi C API,
 * run against Debian's libkcapi (the reference) and kcapi-rs, compared call by
 * call (return value, errno, output bytes and out-parameters).
 *
 *   fuzz [-l OURS.so] [-r REF.so] [-s SEED] [-n SEQS] [-t SECONDS] [-L MAXLEN] [-v]
 *   fuzz -s SEED -n 1 -v        replay one sequence and print its calls
 *
 * Both libraries are loaded into this process with dlopen() by full path
 * (RTLD_LOCAL, so the two libkcapi.so.1 coexist) and every function is
 * resolved with dlsym()/dlvsym() from each. The parent generates a sequence
 * from its seed (one 64-bit seed per sequence: SEED + index), then runs it in a
 * forked child against each library. A child records every call's result in
 * shared memory; the parent watches it: a call that does not return (the child
 * sleeps without progress, or exceeds a per-call limit) is a hang, a signal is a
 * crash.
 *
 * Where the reference is known to crash or hang (a NULL handle, a handle of
 * another type: ../shared/reference/decisions.md), the reference child skips the
 * call and only ours is checked (no crash, no hang, -EINVAL). Where the
 * reference hangs or crashes on any other call, that call is skipped on a rerun
 * of the reference and its handle is no longer compared. Deliberate differences
 * (the "!" lines of the capi-tests) are classified, not counted as failures.
 *
 * A difference is shrunk (calls dropped while it persists) and printed as C.
 * Last line: "N passed, N failed" (N = sequences).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <kcapi.h>

/* ------------------------------------------------------------------ the libraries */

#define FUNCS(X) \
	X(kcapi_md_init) X(kcapi_md_destroy) X(kcapi_md_setkey) X(kcapi_md_update) X(kcapi_md_final) \
	X(kcapi_md_digest) X(kcapi_md_digestsize) X(kcapi_md_blocksize) \
	X(kcapi_md_sha1) X(kcapi_md_sha224) X(kcapi_md_sha256) X(kcapi_md_sha384) X(kcapi_md_sha512) \
	X(kcapi_md_sm3) X(kcapi_md_hmac_sha1) X(kcapi_md_hmac_sha224) X(kcapi_md_hmac_sha256) \
	X(kcapi_md_hmac_sha384) X(kcapi_md_hmac_sha512) X(kcapi_md_hmac_sm3) \
	X(kcapi_cipher_init) X(kcapi_cipher_destroy) X(kcapi_cipher_setkey) X(kcapi_cipher_encrypt) \
	X(kcapi_cipher_decrypt) X(kcapi_cipher_encrypt_aio) X(kcapi_cipher_decrypt_aio) \
	X(kcapi_cipher_stream_init_enc) X(kcapi_cipher_stream_init_dec) X(kcapi_cipher_stream_update) \
	X(kcapi_cipher_stream_update_last) X(kcapi_cipher_stream_op) X(kcapi_cipher_ivsize) \
	X(kcapi_cipher_blocksize) X(kcapi_cipher_enc_aes_cbc) X(kcapi_cipher_dec_aes_cbc) \
	X(kcapi_cipher_enc_aes_ctr) X(kcapi_cipher_dec_aes_ctr) X(kcapi_cipher_enc_sm4_cbc) \
	X(kcapi_cipher_dec_sm4_cbc) X(kcapi_cipher_enc_sm4_ctr) X(kcapi_cipher_dec_sm4_ctr) \
	X(kcapi_aead_init) X(kcapi_aead_destroy) X(kcapi_aead_setkey) X(kcapi_aead_settaglen) \
	X(kcapi_aead_setassoclen) X(kcapi_aead_encrypt) X(kcapi_aead_decrypt) X(kcapi_aead_encrypt_aio) \
	X(kcapi_aead_decrypt_aio) X(kcapi_aead_stream_init_enc) X(kcapi_aead_stream_init_dec) \
	X(kcapi_aead_stream_update) X(kcapi_aead_stream_update_last) X(kcapi_aead_stream_op) \
	X(kcapi_aead_ivsize) X(kcapi_aead_blocksize) X(kcapi_aead_authsize) X(kcapi_aead_inbuflen_enc) \
	X(kcapi_aead_inbuflen_dec) X(kcapi_aead_outbuflen_enc) X(kcapi_aead_outbuflen_dec) \
	X(kcapi_aead_getdata_input) X(kcapi_aead_getdata_output) X(kcapi_aead_ccm_nonce_to_iv) \
	X(kcapi_rng_init) X(kcapi_rng_destroy) X(kcapi_rng_seed) X(kcapi_rng_generate) \
	X(kcapi_rng_seedsize) X(kcapi_rng_get_bytes) X(kcapi_rng_setentropy) X(kcapi_rng_setaddtl) \
	X(kcapi_kdf_dpi) X(kcapi_kdf_fb) X(kcapi_kdf_ctr) X(kcapi_hkdf) X(kcapi_pbkdf) \
	X(kcapi_handle_reinit) X(kcapi_set_maxsplicesize) X(kcapi_get_maxsplicesize) \
	X(kcapi_set_verbosity) X(kcapi_versionstring) X(kcapi_version) X(kcapi_pad_iv) \
	X(kcapi_memset_secure)

typedef ssize_t (*md_conv_t)(const uint8_t *, size_t, uint8_t *, size_t);
/* the pre-1.3.1 (32-bit length) compat twins that the fuzzer calls */
typedef int32_t (*c_cipher_t)(struct kcapi_handle *, const uint8_t *, uint32_t, const uint8_t *, uint8_t *,
			      uint32_t, int);
typedef int32_t (*c_md_digest_t)(struct kcapi_handle *, const uint8_t *, uint32_t, uint8_t *, uint32_t);
typedef int32_t (*c_md_final_t)(struct kcapi_handle *, uint8_t *, uint32_t);
typedef int32_t (*c_rng_generate_t)(struct kcapi_handle *, uint8_t *, uint32_t);
typedef int32_t (*c_kdf_t)(struct kcapi_handle *, const uint8_t *, uint32_t, uint8_t *, uint32_t);
typedef int32_t (*c_hkdf_t)(const char *, const uint8_t *, uint32_t, const uint8_t *, uint32_t, const uint8_t *,
			    uint32_t, uint8_t *, uint32_t);
typedef int32_t (*c_md_conv_t)(const uint8_t *, uint32_t, uint8_t *, uint32_t);
typedef uint32_t (*c_buflen_t)(struct kcapi_handle *, uint32_t, uint32_t, uint32_t);
typedef int32_t (*c_stream_op_t)(struct kcapi_handle *, struct iovec *, uint32_t);

struct lib {
	const char *path;
	const char *tag;
	void *dl;
#define X(n) __typeof__(&n) n;
	FUNCS(X)
#undef X
	md_conv_t sha3[4];
	c_cipher_t c_cipher_encrypt, c_cipher_decrypt, c_aead_encrypt, c_aead_decrypt;
	c_md_digest_t c_md_digest;
	c_md_final_t c_md_final;
	c_rng_generate_t c_rng_generate;
	c_kdf_t c_kdf_ctr;
	c_hkdf_t c_hkdf;
	c_md_conv_t c_md_sha256;
	c_buflen_t c_aead_outbuflen_enc;
	c_stream_op_t c_cipher_stream_op;
	void (*c_memset_secure)(void *, int, uint32_t);
};

static struct lib libs[2] = { { .tag = "ref" }, { .tag = "ours" } };
#define REF 0
#define OURS 1

static void *must_sym(struct lib *l, const char *n, const char *ver)
{
	void *p = ver ? dlvsym(l->dl, n, ver) : dlsym(l->dl, n);

	if (!p) {
		fprintf(stderr, "fuzz: %s: no %s%s%s\n", l->path, n, ver ? "@" : "", ver ? ver : "");
		exit(2);
	}
	return p;
}

/* the compat twins the fuzzer calls: where each goes in struct lib, its name and version */
static const struct {
	size_t off;
	const char *name, *ver;
} compat_syms[] = {
	{ offsetof(struct lib, c_cipher_encrypt), "kcapi_cipher_encrypt", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_cipher_decrypt), "kcapi_cipher_decrypt", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_aead_encrypt), "kcapi_aead_encrypt", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_aead_decrypt), "kcapi_aead_decrypt", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_md_digest), "kcapi_md_digest", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_md_final), "kcapi_md_final", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_rng_generate), "kcapi_rng_generate", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_kdf_ctr), "kcapi_kdf_ctr", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_hkdf), "kcapi_hkdf", "LIBKCAPI_0.14.0" },
	{ offsetof(struct lib, c_md_sha256), "kcapi_md_sha256", "LIBKCAPI_1.0.0" },
	{ offsetof(struct lib, c_aead_outbuflen_enc), "kcapi_aead_outbuflen_enc", "LIBKCAPI_0.13.0" },
	{ offsetof(struct lib, c_cipher_stream_op), "kcapi_cipher_stream_op", "LIBKCAPI_0.12.0" },
	{ offsetof(struct lib, c_memset_secure), "kcapi_memset_secure", "LIBKCAPI_0.12.0" },
};

static void load(struct lib *l, const char *path)
{
	static const char *const sha3[4] = { "kcapi_md_sha3_224", "kcapi_md_sha3_256", "kcapi_md_sha3_384",
					     "kcapi_md_sha3_512" };

	l->path = path;
	l->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!l->dl) {
		fprintf(stderr, "fuzz: dlopen %s: %s\n", path, dlerror());
		exit(2);
	}
#define X(n) l->n = (__typeof__(&n))must_sym(l, #n, NULL);
	FUNCS(X)
#undef X
	for (int i = 0; i < 4; i++)
		l->sha3[i] = (md_conv_t)dlsym(l->dl, sha3[i]); /* 1.5.0: absent in Debian's 1.4.0 */
	for (size_t i = 0; i < sizeof(compat_syms) / sizeof(compat_syms[0]); i++)
		*(void **)((char *)l + compat_syms[i].off) = must_sym(l, compat_syms[i].name, compat_syms[i].ver);
}

/* ------------------------------------------------------------------ randomness */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t R;	/* generator state */
static uint64_t rnd(void) { return splitmix(&R); }
static uint64_t below(uint64_t n) { return n ? rnd() % n : 0; }
static int chance(unsigned pct) { return below(100) < pct; }
#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

/* ------------------------------------------------------------------ the calls */

enum kind { K_NONE, K_MD, K_CIPHER, K_AEAD, K_RNG, K_ANY };

/* return types: what ours must return for a NULL or foreign handle */
enum rtype { RT_INT, RT_VOID, RT_SIZE };

#define FN_LIST(X) \
	X(MD_INIT, K_NONE, RT_INT) X(CIPHER_INIT, K_NONE, RT_INT) X(AEAD_INIT, K_NONE, RT_INT) \
	X(RNG_INIT, K_NONE, RT_INT) X(REINIT, K_ANY, RT_INT) X(DESTROY, K_ANY, RT_VOID) \
	X(MD_SETKEY, K_MD, RT_INT) X(MD_UPDATE, K_MD, RT_INT) X(MD_FINAL, K_MD, RT_INT) \
	X(MD_DIGEST, K_MD, RT_INT) X(MD_DIGESTSIZE, K_ANY, RT_SIZE) X(MD_BLOCKSIZE, K_ANY, RT_SIZE) \
	X(CIPHER_SETKEY, K_CIPHER, RT_INT) X(CIPHER_ENC, K_CIPHER, RT_INT) X(CIPHER_DEC, K_CIPHER, RT_INT) \
	X(CIPHER_ENC_AIO, K_CIPHER, RT_INT) X(CIPHER_DEC_AIO, K_CIPHER, RT_INT) \
	X(CIPHER_SINIT_ENC, K_CIPHER, RT_INT) X(CIPHER_SINIT_DEC, K_CIPHER, RT_INT) \
	X(CIPHER_SUPDATE, K_CIPHER, RT_INT) X(CIPHER_SLAST, K_CIPHER, RT_INT) X(CIPHER_SOP, K_CIPHER, RT_INT) \
	X(CIPHER_IVSIZE, K_ANY, RT_SIZE) X(CIPHER_BLOCKSIZE, K_ANY, RT_SIZE) \
	X(AEAD_SETKEY, K_AEAD, RT_INT) X(AEAD_SETTAGLEN, K_ANY, RT_INT) X(AEAD_SETASSOCLEN, K_AEAD, RT_VOID) \
	X(AEAD_ENC, K_AEAD, RT_INT) X(AEAD_DEC, K_AEAD, RT_INT) X(AEAD_ENC_AIO, K_AEAD, RT_INT) \
	X(AEAD_DEC_AIO, K_AEAD, RT_INT) X(AEAD_SINIT_ENC, K_AEAD, RT_INT) X(AEAD_SINIT_DEC, K_AEAD, RT_INT) \
	X(AEAD_SUPDATE, K_AEAD, RT_INT) X(AEAD_SLAST, K_AEAD, RT_INT) X(AEAD_SOP, K_AEAD, RT_INT) \
	X(AEAD_IVSIZE, K_ANY, RT_SIZE) X(AEAD_BLOCKSIZE, K_ANY, RT_SIZE) X(AEAD_AUTHSIZE, K_ANY, RT_SIZE) \
	X(AEAD_BUFLEN, K_ANY, RT_SIZE) X(AEAD_GETDATA, K_AEAD, RT_VOID) X(CCM_NONCE, K_NONE, RT_INT) \
	X(RNG_SEED, K_RNG, RT_INT) X(RNG_GENERATE, K_RNG, RT_INT) X(RNG_SEEDSIZE, K_ANY, RT_SIZE) \
	X(RNG_SETENTROPY, K_RNG, RT_INT) X(RNG_SETADDTL, K_RNG, RT_INT) X(RNG_GET_BYTES, K_NONE, RT_INT) \
	X(KDF, K_MD, RT_INT) X(HKDF, K_NONE, RT_INT) X(PBKDF, K_NONE, RT_INT) X(MD_CONV, K_NONE, RT_INT) \
	X(HMAC_CONV, K_NONE, RT_INT) X(CIPHER_CONV, K_NONE, RT_INT) X(VERSION, K_NONE, RT_INT) \
	X(VERBOSITY, K_NONE, RT_VOID) X(MEMSET, K_NONE, RT_VOID) X(PAD_IV, K_ANY, RT_INT) \
	X(SET_SPLICE, K_ANY, RT_INT) X(GET_SPLICE, K_ANY, RT_INT)

enum fn {
#define X(n, k, r) F_##n,
	FN_LIST(X)
#undef X
	F_COUNT
};
static const struct {
	const char *name;
	enum kind need;
	enum rtype rt;
} fns[] = {
#define X(n, k, r) { #n, k, r },
	FN_LIST(X)
#undef X
};

#define NSLOT 4
#define MAXIOV 1100
#define INSIZE (2u << 20)	/* input area: data, keys, IVs */
#define OUTSIZE (2u << 20)	/* output area */
#define GUARDLEN 32
#define HUGE_IN ((size_t)1 << 40)	/* marks a length beyond the buffers */

/* one generated call; the meaning of the fields depends on fn */
struct op {
	uint8_t fn, s, d, compat, var, access, nullm, inplace;
	uint32_t name, flags, off, ivoff, niov, iovshape, oiovshape;
	uint64_t a, b, c, e;	/* lengths */
	uint64_t iovseed;
};
/* nullm bits */
#define N_IN 1
#define N_OUT 2
#define N_IV 4
#define N_KEY 8
#define N_IOV 16
#define N_OIOV 32
#define N_P1 64		/* an out-parameter pointer */

/* algorithm names per family (a few impossible ones on purpose) */
static const char *const md_names[] = { "sha1", "sha224", "sha256", "sha384", "sha512", "sha3-256", "sha3-512",
					"md5", "hmac(sha1)", "hmac(sha256)", "hmac(sha512)", "hmac(sha3-256)",
					"cmac(aes)", "xcbc(aes)", "crc32c", "sm3", "nosuchhash", "", "hmac(nosuch)",
					"cbc(aes)", "gcm(aes)", "stdrng", "sha256sha256sha256sha256sha256sha256sha256sha256sha256sha256sha256" };
static const char *const cipher_names[] = { "cbc(aes)", "ctr(aes)", "ecb(aes)", "xts(aes)", "cts(cbc(aes))",
					    "chacha20", "cbc(des3_ede)", "ecb(des)", "rfc3686(ctr(aes))",
					    "ofb(aes)", "cfb(aes)", "lrw(aes)", "sha256", "gcm(aes)", "nosuch(aes)", "",
					    "cbc(aes)cbc(aes)cbc(aes)cbc(aes)cbc(aes)cbc(aes)cbc(aes)cbc(aes)" };
static const char *const aead_names[] = { "gcm(aes)", "ccm(aes)", "rfc4106(gcm(aes))", "rfc4309(ccm(aes))",
					  "authenc(hmac(sha256),cbc(aes))", "authenc(hmac(sha1),ctr(aes))",
					  "rfc7539(chacha20,poly1305)", "rfc4543(gcm(aes))", "cbc(aes)", "nosuch", "" };
static const char *const rng_names[] = { "stdrng", "drbg_nopr_hmac_sha256", "drbg_pr_ctr_aes128",
					 "drbg_nopr_sha256", "ansi_cprng", "jitterentropy_rng", "sha256", "nosuch" };
static const char *const hkdf_names[] = { "hmac(sha1)", "hmac(sha256)", "hmac(sha512)", "sha256", "cmac(aes)",
					  "nosuch", "hmac(sha3-256)" };

static const char *const md_conv_names[] = { "kcapi_md_sha1", "kcapi_md_sha224", "kcapi_md_sha256",
					     "kcapi_md_sha384", "kcapi_md_sha512", "kcapi_md_sm3",
					     "kcapi_md_sha3_224", "kcapi_md_sha3_256", "kcapi_md_sha3_384",
					     "kcapi_md_sha3_512" };
static const char *const sha3_alg[] = { "sha3-224", "sha3-256", "sha3-384", "sha3-512" };
static const char *const hmac_conv_names[] = { "kcapi_md_hmac_sha1", "kcapi_md_hmac_sha224",
					       "kcapi_md_hmac_sha256", "kcapi_md_hmac_sha384",
					       "kcapi_md_hmac_sha512", "kcapi_md_hmac_sm3" };
static const char *const cipher_conv_names[] = { "kcapi_cipher_enc_aes_cbc", "kcapi_cipher_dec_aes_cbc",
						 "kcapi_cipher_enc_aes_ctr", "kcapi_cipher_dec_aes_ctr",
						 "kcapi_cipher_enc_sm4_cbc", "kcapi_cipher_dec_sm4_cbc",
						 "kcapi_cipher_enc_sm4_ctr", "kcapi_cipher_dec_sm4_ctr" };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ generator */

static unsigned maxlen = 300000;	/* upper bound of "large" buffers (-L) */

/* a buffer length: mostly small, often block-aligned, sometimes around 64 KiB pieces */
static uint64_t glen(int huge_ok)
{
	uint64_t r = below(100);

	if (r < 8)
		return 0;
	if (r < 35)
		return 1 + below(64);
	if (r < 65)
		return 16 * (1 + below(32));
	if (r < 78)
		return 16 * (1 + below(16)) + (below(2) ? 1 : -1) * (1 + below(15));
	if (r < 88)
		return 1 + below(8192);
	if (r < 95) {
		uint64_t l = 65536 * (1 + below(3)) + below(64) - 32;
		return l > maxlen ? maxlen : l;
	}
	if (huge_ok && r < 99) {
		static const uint64_t h[] = { (uint64_t)INT_MAX + 1, UINT32_MAX, (uint64_t)1 << 32 | 16, SIZE_MAX,
					      SIZE_MAX - 15 };
		return PICK(h);
	}
	return below(2) ? 1 + below(maxlen) : 16 * below(maxlen / 16);
}

/* an output length related to an input length */
static uint64_t gout(uint64_t in, unsigned extra, int huge_ok)
{
	uint64_t r = below(100);

	if (in > INSIZE)
		return 16 + below(64);
	if (r < 55)
		return in + extra;
	if (r < 70)
		return ((in + 15) & ~(uint64_t)15) + extra;
	if (r < 80)
		return in > 16 ? in - 1 - below(16) : below(17);
	return glen(huge_ok);
}

static unsigned slot_kind[NSLOT];	/* the generator's guess, for picking functions */

static int pick_slot(enum kind want)
{
	int cand[NSLOT], n = 0;

	for (int i = 0; i < NSLOT; i++)
		if (slot_kind[i] == want)
			cand[n++] = i;
	if (n && !chance(8))
		return cand[below(n)];
	return (int)below(NSLOT);	/* anything: empty or another type now and then */
}

static uint32_t gflags(void)
{
	static const uint32_t f[] = { 0, 0, 0, KCAPI_INIT_AIO, KCAPI_INIT_AIO, 2, 0x80000000u, 3 };
	return PICK(f);
}

static void gen_iov(struct op *o)
{
	uint64_t r = below(100);

	o->niov = r < 5 ? 0 : r < 90 ? 1 + below(4) : r < 97 ? 17 + below(8) : 1025;
	o->iovshape = (uint32_t)below(4);
	o->oiovshape = (uint32_t)below(4);
	o->iovseed = rnd();
	if (chance(3))
		o->nullm |= N_IOV;
	if (chance(3))
		o->nullm |= N_OIOV;
}

static int is_oneshot_fn(int fn)
{
	return fn == F_CIPHER_ENC || fn == F_CIPHER_DEC || fn == F_AEAD_ENC || fn == F_AEAD_DEC || fn == F_CIPHER_CONV;
}

static void gen_op1(struct op *o)
{
	uint64_t r = below(1000);
	enum kind k;

	memset(o, 0, sizeof(*o));
	o->off = (uint32_t)below(4096);
	o->ivoff = (uint32_t)below(4096);
	o->access = (uint8_t)(chance(90) ? below(3) : 7);
	if (chance(4))
		o->nullm |= (uint8_t)(1u << below(7));
	o->inplace = chance(5);
	o->compat = chance(10);

	/* init functions often, the rest by family */
	if (r < 110) {
		static const uint8_t inits[] = { F_MD_INIT, F_CIPHER_INIT, F_AEAD_INIT, F_RNG_INIT };
		o->fn = PICK(inits);
		o->s = (uint8_t)below(NSLOT);
		o->flags = gflags();
		switch (o->fn) {
		case F_MD_INIT: o->name = (uint32_t)below(NELEM(md_names)); slot_kind[o->s] = K_MD; break;
		case F_CIPHER_INIT: o->name = (uint32_t)below(NELEM(cipher_names)); slot_kind[o->s] = K_CIPHER; break;
		case F_AEAD_INIT: o->name = (uint32_t)below(NELEM(aead_names)); slot_kind[o->s] = K_AEAD; break;
		default: o->name = (uint32_t)below(NELEM(rng_names)); slot_kind[o->s] = K_RNG; break;
		}
		if (chance(60))	/* real algorithms more often */
			o->name = (uint32_t)below(o->fn == F_RNG_INIT ? 3 : 5);
		return;
	}
	if (r < 140) {
		o->fn = F_REINIT;
		o->s = (uint8_t)pick_slot(slot_kind[below(NSLOT)]);
		o->d = (uint8_t)below(NSLOT);
		o->flags = gflags();
		slot_kind[o->d] = slot_kind[o->s];
		return;
	}
	if (r < 170) {
		o->fn = F_DESTROY;
		o->s = (uint8_t)below(NSLOT);
		o->var = (uint8_t)below(4);
		slot_kind[o->s] = K_NONE;
		return;
	}
	if (r < 200) {	/* no handle */
		static const uint8_t nh[] = { F_RNG_GET_BYTES, F_HKDF, F_PBKDF, F_MD_CONV, F_MD_CONV, F_HMAC_CONV,
					      F_CIPHER_CONV, F_CIPHER_CONV, F_VERSION, F_VERBOSITY, F_MEMSET,
					      F_CCM_NONCE };
		o->fn = PICK(nh);
		o->a = glen(1);
		o->b = gout(o->a, 0, 1);
		o->c = glen(1);
		o->e = glen(1);
		switch (o->fn) {
		case F_RNG_GET_BYTES: o->a = below(3) ? below(300) : glen(0); break;
		case F_HKDF:
			o->name = (uint32_t)below(NELEM(hkdf_names));
			o->a = below(80); o->b = below(80); o->c = below(80); o->e = below(3) ? below(200) : glen(1);
			if (chance(5)) o->a = glen(1);
			if (chance(5)) o->c = glen(1);
			break;
		case F_PBKDF:
			o->name = (uint32_t)below(NELEM(hkdf_names));
			o->a = below(64); o->b = below(64); o->c = below(3) ? 1 + below(40) : below(2);
			o->e = below(4) ? below(150) : glen(1);
			if (chance(5)) o->b = glen(1);
			break;
		case F_MD_CONV: o->var = (uint8_t)below(NELEM(md_conv_names)); o->b = below(3) ? 64 : gout(64, 0, 1); break;
		case F_HMAC_CONV:
			o->var = (uint8_t)below(NELEM(hmac_conv_names)); o->c = below(200);
			o->b = below(3) ? 64 : gout(64, 0, 1);
			break;
		case F_CIPHER_CONV: {
			static const uint64_t kl[] = { 16, 24, 32, 16, 0, 15, 33 };
			o->var = (uint8_t)below(NELEM(cipher_conv_names)); o->c = PICK(kl);
			if (o->a >= HUGE_IN) o->b = 16;
			break;
		}
		case F_VERSION: o->var = (uint8_t)below(2); o->a = below(30); break;
		case F_VERBOSITY: o->a = below(6); break;
		case F_MEMSET: o->a = below(5000); o->b = below(256); break;
		case F_CCM_NONCE: o->a = below(3) ? 7 + below(7) : below(20); break;
		}
		return;
	}
	/* a function of a family, on a slot of (usually) that family */
	{
		static const uint8_t ks[] = { K_MD, K_CIPHER, K_AEAD, K_RNG, K_MD, K_CIPHER, K_AEAD };
		k = PICK(ks);
	}
	{
		int have = 0;
		for (int i = 0; i < NSLOT; i++)
			have |= slot_kind[i] == k;
		if (!have && chance(75)) {	/* a handle of the family first */
			static const uint8_t init_of[] = { 0, F_MD_INIT, F_CIPHER_INIT, F_AEAD_INIT, F_RNG_INIT };
			o->fn = init_of[k];
			o->s = (uint8_t)below(NSLOT);
			o->flags = gflags();
			o->name = (uint32_t)below(k == K_RNG ? 3 : 5);
			slot_kind[o->s] = k;
			return;
		}
	}
	o->s = (uint8_t)pick_slot(k);
	if (chance(6))
		o->s = (uint8_t)below(NSLOT);
	switch (k) {
	case K_MD: {
		static const uint8_t f[] = { F_MD_SETKEY, F_MD_SETKEY, F_MD_UPDATE, F_MD_UPDATE, F_MD_UPDATE,
					     F_MD_FINAL, F_MD_FINAL, F_MD_DIGEST, F_MD_DIGEST, F_MD_DIGEST,
					     F_MD_DIGESTSIZE, F_MD_BLOCKSIZE, F_KDF, F_KDF, F_SET_SPLICE,
					     F_GET_SPLICE, F_PAD_IV };
		o->fn = PICK(f);
		o->a = glen(1);
		o->b = below(3) ? 64 : gout(64, 0, 1);
		if (o->fn == F_MD_SETKEY)
			o->a = below(3) ? below(200) : glen(1);
		if (o->fn == F_MD_FINAL)
			o->a = o->b;
		if (o->fn == F_KDF) {
			o->var = (uint8_t)below(3);
			o->a = below(3) ? below(120) : glen(1);
			o->b = below(3) ? below(200) : glen(1);
		}
		break;
	}
	case K_CIPHER: {
		static const uint8_t f[] = { F_CIPHER_SETKEY, F_CIPHER_SETKEY, F_CIPHER_ENC, F_CIPHER_ENC, F_CIPHER_ENC,
					     F_CIPHER_DEC, F_CIPHER_DEC, F_CIPHER_ENC_AIO, F_CIPHER_DEC_AIO,
					     F_CIPHER_SINIT_ENC, F_CIPHER_SINIT_DEC, F_CIPHER_SUPDATE, F_CIPHER_SLAST,
					     F_CIPHER_SLAST, F_CIPHER_SOP, F_CIPHER_SOP, F_CIPHER_IVSIZE,
					     F_CIPHER_BLOCKSIZE, F_PAD_IV, F_SET_SPLICE, F_GET_SPLICE };
		static const uint64_t kl[] = { 16, 24, 32, 32, 64, 16, 0, 7, 33, 48, 1 << 20 };
		o->fn = PICK(f);
		o->a = glen(1);
		o->b = gout(o->a, 0, 1);
		if (o->fn == F_CIPHER_SETKEY)
			o->a = PICK(kl);
		if (o->fn == F_PAD_IV || o->fn == F_SET_SPLICE)
			o->a = below(40);
		if (o->fn == F_SET_SPLICE) {
			static const uint64_t sz[] = { 4096, 1000, 65536, 1 << 20, 0, 1u << 30, 8192 };
			o->a = PICK(sz);
		}
		if (o->fn >= F_CIPHER_ENC_AIO && o->fn <= F_CIPHER_SOP)
			gen_iov(o);
		break;
	}
	case K_AEAD: {
		static const uint8_t f[] = { F_AEAD_SETKEY, F_AEAD_SETKEY, F_AEAD_SETTAGLEN, F_AEAD_SETTAGLEN,
					     F_AEAD_SETASSOCLEN, F_AEAD_SETASSOCLEN, F_AEAD_ENC, F_AEAD_ENC,
					     F_AEAD_ENC, F_AEAD_DEC, F_AEAD_DEC, F_AEAD_ENC_AIO, F_AEAD_DEC_AIO,
					     F_AEAD_SINIT_ENC, F_AEAD_SINIT_DEC, F_AEAD_SUPDATE, F_AEAD_SLAST,
					     F_AEAD_SOP, F_AEAD_SOP, F_AEAD_IVSIZE, F_AEAD_BLOCKSIZE, F_AEAD_AUTHSIZE,
					     F_AEAD_BUFLEN, F_AEAD_GETDATA, F_AEAD_GETDATA, F_PAD_IV };
		static const uint64_t kl[] = { 16, 32, 24, 16, 0, 7, 20, 36, 56, 72 };
		o->fn = PICK(f);
		o->a = below(3) ? below(100) : glen(1);
		o->b = gout(o->a, 16 + 16 * below(2), 1);
		o->c = below(3) ? 16 : below(20);
		o->e = below(3) ? below(40) : glen(1);
		o->var = (uint8_t)below(4);
		if (o->fn == F_AEAD_SETKEY)
			o->a = PICK(kl);
		if (o->fn == F_AEAD_SETTAGLEN)
			o->a = below(4) ? PICK(((const uint64_t[]){ 4, 8, 12, 13, 14, 15, 16, 16, 16 })) : below(40);
		if (o->fn == F_AEAD_SETASSOCLEN)
			o->a = below(6) ? PICK(((const uint64_t[]){ 0, 8, 16, 16, 20, 32 })) : glen(1);
		if (o->fn == F_AEAD_SINIT_ENC || o->fn == F_AEAD_SINIT_DEC || o->fn == F_AEAD_SUPDATE ||
		    o->fn == F_AEAD_SLAST || o->fn == F_AEAD_SOP || o->fn == F_AEAD_ENC_AIO || o->fn == F_AEAD_DEC_AIO)
			gen_iov(o);
		break;
	}
	default: {
		static const uint8_t f[] = { F_RNG_SEED, F_RNG_SEED, F_RNG_GENERATE, F_RNG_GENERATE, F_RNG_GENERATE,
					     F_RNG_SEEDSIZE, F_RNG_SETENTROPY, F_RNG_SETADDTL };
		o->fn = PICK(f);
		o->a = below(4) ? below(200) : glen(0);
		break;
	}
	}
}

static void gen_op(struct op *o)
{
	gen_op1(o);
	if (!is_oneshot_fn(o->fn))
		o->inplace = 0;
}

#define MAXOPS 64

struct seq {
	int n;
	struct op op[MAXOPS];
};

/* after init: the key (or seed) the algorithm takes, so that operations get somewhere */
static void gen_fitting_key(struct op *o, const struct op *init)
{
	const char *n;

	memset(o, 0, sizeof(*o));
	o->s = init->s;
	o->off = (uint32_t)below(4096);
	switch (init->fn) {
	case F_MD_INIT:
		n = md_names[init->name];
		if (!strncmp(n, "hmac(", 5) || strstr(n, "(aes)")) {
			o->fn = F_MD_SETKEY;
			o->a = strstr(n, "(aes)") ? 16 : 1 + below(100);
		} else {	/* unkeyed: a digest instead */
			o->fn = F_MD_DIGEST;
			o->a = glen(0);
			o->b = below(3) ? 64 : gout(64, 0, 0);
		}
		break;
	case F_CIPHER_INIT:
		n = cipher_names[init->name];
		o->fn = F_CIPHER_SETKEY;
		o->a = !strcmp(n, "xts(aes)") ? 32 * (1 + below(2)) : !strcmp(n, "chacha20") ? 32 :
		       strstr(n, "des3") ? 24 : strstr(n, "(des)") ? 8 : strstr(n, "rfc3686") ? 20 :
		       !strcmp(n, "lrw(aes)") ? 32 : 16 + 8 * below(3);
		break;
	case F_AEAD_INIT:
		n = aead_names[init->name];
		o->fn = F_AEAD_SETKEY;
		o->a = strstr(n, "rfc4106") || strstr(n, "rfc4543") ? 20 : strstr(n, "rfc4309") ? 19 :
		       strstr(n, "authenc") ? 56 + 16 * below(2) : strstr(n, "rfc7539") ? 32 : 16 * (1 + below(2));
		break;
	default:
		o->fn = F_RNG_SEED;
		o->a = PICK(((const uint64_t[]){ 0, 16, 32, 48 }));
		break;
	}
}

static void gen_seq(struct seq *q, uint64_t seed, int nmax)
{
	R = seed;
	memset(slot_kind, 0, sizeof(slot_kind));
	q->n = 3 + (int)below((uint64_t)nmax - 2);
	for (int i = 0; i < q->n; i++) {
		gen_op(&q->op[i]);
		if (q->op[i].fn <= F_RNG_INIT && i + 1 < q->n && chance(70)) {
			gen_fitting_key(&q->op[i + 1], &q->op[i]);
			i++;
		}
	}
	/*
	 * Work bounds. Prediction-resistant generators reseed from the jitter entropy source on every
	 * 128-byte request: minutes for 64 KiB under emulation, where both libraries look hung
	 * (fuzz -s 0x64b8d4bffdfd00ec). As rng_test does, at most 4096 bytes from them. Done
	 * after generating, so the random stream, and what every other seed means, stay.
	 */
	{
		int pr[NSLOT] = { 0 };

		for (int i = 0; i < q->n; i++) {
			struct op *o = &q->op[i];

			if (o->fn == F_RNG_INIT)
				pr[o->s] = strstr(rng_names[o->name], "_pr_") || !strcmp(rng_names[o->name], "jitterentropy_rng");
			else if (o->fn <= F_RNG_INIT)
				pr[o->s] = 0;
			else if (o->fn == F_REINIT)
				pr[o->d] = pr[o->s];
			else if (o->fn == F_RNG_GENERATE && pr[o->s] && o->a > 4096 && o->a <= (uint64_t)INT_MAX)
				o->a = 4096;
			/* A KDF hashes its whole input once per output block: 128 KiB of input and 64 KiB
			 * of output are 400 MiB for the kernel, past the 20 s limit under emulation in
			 * both libraries (fuzz -s 0xf1cf7092d17051e2). At most 32 MiB of hashing. */
			else if (o->fn == F_KDF && o->a <= (uint64_t)INT_MAX && o->b <= (uint64_t)INT_MAX &&
				 o->a > 0 && (o->b / 16 + 1) * o->a > (32u << 20))
				o->b = 16 * ((32u << 20) / o->a);
		}
	}
}

/* ------------------------------------------------------------------ the data */

static uint8_t *IN;	/* INSIZE bytes of fixed pseudo-random data (+ an authenc key) */
static uint8_t *OUT;	/* OUTSIZE + GUARDLEN */
static uint8_t *PAGEEND; /* one readable byte before an unmapped page */

static void data_init(void)
{
	uint64_t s = 0x6b63617069;

	IN = mmap(NULL, INSIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	OUT = mmap(NULL, OUTSIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (IN == MAP_FAILED || OUT == MAP_FAILED)
		exit(2);
	for (size_t i = 0; i < INSIZE; i += 8) {
		uint64_t v = splitmix(&s);
		memcpy(IN + i, &v, 8);
	}
	PAGEEND = IN + INSIZE + 4096 - 1;
	/* authenc keys at IN + 8192: rtattr { len 8, type 1 } enckeylen (BE32), authkey, enckey */
	{
		uint8_t *k = IN + 8192;
		k[0] = 8; k[1] = 0; k[2] = 1; k[3] = 0;
		k[4] = 0; k[5] = 0; k[6] = 0; k[7] = 16;	/* 8 + 32 + 16 = 56, or + 32 more */
	}
}

/* ------------------------------------------------------------------ running */

enum status { ST_NOTRUN, ST_STARTED, ST_DONE, ST_SKIP_NULL, ST_SKIP_TYPE, ST_SKIP_REF, ST_HANG, ST_CRASH,
	      ST_NULL_RET, ST_TYPE_RET };
static const char *const st_name[] = { "not run", "started", "done", "NULL handle",
				       "handle of another type", "skipped (reference hang/crash)",
				       "hang", "crash", "NULL handle, returned", "handle of another type, returned" };

struct res {
	int status;
	int err;
	int64_t ret;
	uint64_t hash;
	uint32_t nout;		/* bytes hashed */
	uint8_t head[32];	/* first output bytes */
	int64_t extra[8];	/* out-parameters */
	uint8_t nocmp;		/* output bytes not comparable (random) */
};

struct shm {
	volatile int cur;	/* index of the call running */
	volatile uint64_t progress;
	struct res r[MAXOPS];
};

static struct shm *SH;

static uint64_t fnv(const uint8_t *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* the pointer an op uses for its input data */
static const uint8_t *in_ptr(const struct op *o, uint64_t len)
{
	if (o->nullm & N_IN)
		return NULL;
	if (len >= HUGE_IN)	/* lengths beyond the buffers: the last byte before an unmapped page */
		return IN + (o->off & 4095);
	if (len + o->off > INSIZE)
		return IN;
	return IN + o->off;
}

static size_t cap(uint64_t n) { return n > OUTSIZE ? OUTSIZE : (size_t)n; }

static void out_prep(uint64_t n) { memset(OUT, 0xa5, cap(n) + GUARDLEN); }

static void out_hash(struct res *r, uint64_t n)
{
	size_t m = cap(n) + GUARDLEN;

	r->hash = fnv(OUT, m, 0xcbf29ce484222325ULL);
	r->nout = (uint32_t)m;
	memcpy(r->head, OUT, sizeof(r->head));
}

/* iovecs: the shape and the lengths come from the op's seed, so both children build the same */
static struct iovec iov_in[MAXIOV], iov_out[MAXIOV];

static uint64_t shape_len(uint32_t shape, uint64_t *s, uint64_t total_hint)
{
	switch (shape) {
	case 0: return 16 * (splitmix(s) % 5);
	case 1: return splitmix(s) % 40;
	case 2: return total_hint;
	default: return splitmix(s) % 3 ? 16 * (1 + splitmix(s) % 8) : splitmix(s) % 9000;
	}
}

/* in: iovecs into IN; out: iovecs into OUT, laid out one after another; returns the OUT span */
static uint64_t build_iovs(const struct op *o, uint64_t inhint, uint64_t outhint)
{
	uint64_t s = o->iovseed, pos = 0, ipos = o->off;

	for (uint32_t i = 0; i < o->niov && i < MAXIOV; i++) {
		uint64_t l = shape_len(o->iovshape, &s, inhint), m = shape_len(o->oiovshape, &s, outhint);

		if (l > 200000) l = 200000;
		if (m > 200000) m = 200000;
		if (ipos + l > INSIZE) ipos = 0;
		if (pos + m > OUTSIZE) m = 0;
		iov_in[i].iov_base = IN + ipos;
		iov_in[i].iov_len = l;
		iov_out[i].iov_base = OUT + pos;
		iov_out[i].iov_len = m;
		ipos += l + (splitmix(&s) % 3) * 7;
		pos += m;
	}
	return pos;
}

static struct kcapi_handle *H[NSLOT];
static enum kind HK[NSLOT];	/* the type each live handle has */

static const char *init_name(const struct op *o)
{
	switch (o->fn) {
	case F_MD_INIT: return md_names[o->name];
	case F_CIPHER_INIT: return cipher_names[o->name];
	case F_AEAD_INIT: return aead_names[o->name];
	default: return rng_names[o->name];
	}
}

static const uint8_t *key_ptr(const struct op *o, uint64_t keylen, int aead)
{
	if (o->nullm & N_KEY)
		return NULL;
	if (aead && (keylen == 56 || keylen == 72)) {
		IN[8192 + 7] = (uint8_t)(keylen - 40);
		return IN + 8192;
	}
	return in_ptr(o, keylen);
}

static void destroy_all(const struct lib *L)
{
	for (int i = 0; i < NSLOT; i++) {
		if (H[i])
			L->kcapi_md_destroy(H[i]);
		H[i] = NULL;
		HK[i] = K_NONE;
	}
}

static void run_call(const struct lib *L, const struct op *o, struct res *r);
static int watch_pid(pid_t pid);
static double now(void);

/* libkcapi crashes or hangs in many calls with a NULL handle or a handle of another type: such a
 * call runs in a process of its own (sharing the handle's sockets); status ok if it returned */
static void run_apart(const struct lib *L, const struct op *o, struct res *r, int ok, int bad)
{
	pid_t p;

	fflush(NULL);
	p = fork();
	if (!p) {
		alarm(10);
		run_call(L, o, r);
		r->status = ok;
		_exit(0);
	}
	if (p < 0 || watch_pid(p) || r->status != ok)
		r->status = bad;
}

/* run call i of q against L, recording the result in r */
static void run_op(const struct lib *L, int which, const struct op *o, struct res *r)
{
	struct kcapi_handle *h = H[o->s];

	/* calls the reference is known to crash or hang in */
	if (fns[o->fn].need != K_NONE) {
		int nullsafe = o->fn == F_DESTROY || o->fn == F_SET_SPLICE || o->fn == F_GET_SPLICE ||
			       o->fn == F_REINIT || (o->fn == F_AEAD_BUFLEN && o->var >= 2);

		if (!h && !nullsafe) {
			r->status = ST_SKIP_NULL;
			if (which == REF) {
				run_apart(L, o, r, ST_NULL_RET, ST_SKIP_NULL);
				return;
			}
		} else if (h && fns[o->fn].need != K_ANY && HK[o->s] != fns[o->fn].need) {
			r->status = ST_SKIP_TYPE;
			if (which == REF) {
				run_apart(L, o, r, ST_TYPE_RET, ST_SKIP_TYPE);
				return;
			}
		}
	}
	run_call(L, o, r);
}

static void run_call(const struct lib *L, const struct op *o, struct res *r)
{
	struct kcapi_handle *h = H[o->s];
	const uint8_t *in = NULL, *iv = (o->nullm & N_IV) ? NULL : IN + 4096 + o->ivoff;
	uint8_t *out = (o->nullm & N_OUT) ? NULL : OUT;
	int64_t ret = 0;
	uint64_t span;

	if (o->inplace) {	/* the input copied to the output buffer */
		out_prep(o->b > 65536 ? o->b : 65536);
		memcpy(OUT, IN + o->off, 65536);
	}
	errno = 0;
	switch (o->fn) {
	case F_MD_INIT: case F_CIPHER_INIT: case F_AEAD_INIT: case F_RNG_INIT: {
		struct kcapi_handle *nh = NULL;
		if (H[o->s]) {
			L->kcapi_md_destroy(H[o->s]);
			H[o->s] = NULL;
			HK[o->s] = K_NONE;
		}
		if (o->fn == F_MD_INIT) ret = L->kcapi_md_init(&nh, init_name(o), o->flags);
		else if (o->fn == F_CIPHER_INIT) ret = L->kcapi_cipher_init(&nh, init_name(o), o->flags);
		else if (o->fn == F_AEAD_INIT) ret = L->kcapi_aead_init(&nh, init_name(o), o->flags);
		else ret = L->kcapi_rng_init(&nh, init_name(o), o->flags);
		if (ret == 0 && nh) {
			H[o->s] = nh;
			HK[o->s] = o->fn == F_MD_INIT ? K_MD : o->fn == F_CIPHER_INIT ? K_CIPHER :
				   o->fn == F_AEAD_INIT ? K_AEAD : K_RNG;
		}
		r->extra[0] = H[o->s] != NULL;
		break;
	}
	case F_REINIT: {
		struct kcapi_handle *nh = NULL;
		if (o->d != o->s && H[o->d]) {
			L->kcapi_md_destroy(H[o->d]);
			H[o->d] = NULL;
			HK[o->d] = K_NONE;
		}
		ret = L->kcapi_handle_reinit(&nh, h, o->flags);
		if (ret == 0 && nh) {
			if (o->d == o->s)
				L->kcapi_md_destroy(h);	/* the new one replaces the original */
			H[o->d] = nh;
			HK[o->d] = HK[o->s];
		}
		r->extra[0] = H[o->d] != NULL;
		break;
	}
	case F_DESTROY:
		switch (o->var) {
		case 0: L->kcapi_md_destroy(h); break;
		case 1: L->kcapi_cipher_destroy(h); break;
		case 2: L->kcapi_aead_destroy(h); break;
		default: L->kcapi_rng_destroy(h); break;
		}
		H[o->s] = NULL;
		HK[o->s] = K_NONE;
		break;
	case F_MD_SETKEY:
		ret = L->kcapi_md_setkey(h, key_ptr(o, o->a, 0), (uint32_t)o->a);
		break;
	case F_MD_UPDATE:
		ret = L->kcapi_md_update(h, in_ptr(o, o->a), o->a);
		break;
	case F_MD_FINAL:
		out_prep(o->a);
		ret = o->compat ? L->c_md_final(h, out, (uint32_t)o->a) : L->kcapi_md_final(h, out, o->a);
		out_hash(r, o->a);
		break;
	case F_MD_DIGEST:
		out_prep(o->b);
		in = in_ptr(o, o->a);
		ret = o->compat ? L->c_md_digest(h, in, (uint32_t)o->a, out, (uint32_t)o->b)
				: L->kcapi_md_digest(h, in, o->a, out, o->b);
		out_hash(r, o->b);
		break;
	case F_MD_DIGESTSIZE: ret = L->kcapi_md_digestsize(h); break;
	case F_MD_BLOCKSIZE: ret = L->kcapi_md_blocksize(h); break;
	case F_CIPHER_SETKEY:
		ret = L->kcapi_cipher_setkey(h, key_ptr(o, o->a, 0), (uint32_t)o->a);
		break;
	case F_CIPHER_ENC: case F_CIPHER_DEC: case F_AEAD_ENC: case F_AEAD_DEC: {
		in = o->inplace ? OUT : in_ptr(o, o->a);
		if (!o->inplace)
			out_prep(o->b);
		if (o->fn == F_CIPHER_ENC)
			ret = o->compat ? L->c_cipher_encrypt(h, in, (uint32_t)o->a, iv, out, (uint32_t)o->b, o->access)
					: L->kcapi_cipher_encrypt(h, in, o->a, iv, out, o->b, o->access);
		else if (o->fn == F_CIPHER_DEC)
			ret = o->compat ? L->c_cipher_decrypt(h, in, (uint32_t)o->a, iv, out, (uint32_t)o->b, o->access)
					: L->kcapi_cipher_decrypt(h, in, o->a, iv, out, o->b, o->access);
		else if (o->fn == F_AEAD_ENC)
			ret = o->compat ? L->c_aead_encrypt(h, in, (uint32_t)o->a, iv, out, (uint32_t)o->b, o->access)
					: L->kcapi_aead_encrypt(h, in, o->a, iv, out, o->b, o->access);
		else
			ret = o->compat ? L->c_aead_decrypt(h, in, (uint32_t)o->a, iv, out, (uint32_t)o->b, o->access)
					: L->kcapi_aead_decrypt(h, in, o->a, iv, out, o->b, o->access);
		out_hash(r, o->inplace && o->b < 65536 ? 65536 : o->b);
		break;
	}
	case F_CIPHER_ENC_AIO: case F_CIPHER_DEC_AIO: case F_AEAD_ENC_AIO: case F_AEAD_DEC_AIO:
		span = build_iovs(o, o->a % 512, o->b % 600);
		out_prep(span);
		{
			struct iovec *vi = (o->nullm & N_IOV) ? NULL : iov_in, *vo = (o->nullm & N_OIOV) ? NULL : iov_out;
			if (o->fn == F_CIPHER_ENC_AIO) ret = L->kcapi_cipher_encrypt_aio(h, vi, vo, o->niov, iv, o->access);
			else if (o->fn == F_CIPHER_DEC_AIO) ret = L->kcapi_cipher_decrypt_aio(h, vi, vo, o->niov, iv, o->access);
			else if (o->fn == F_AEAD_ENC_AIO) ret = L->kcapi_aead_encrypt_aio(h, vi, vo, o->niov, iv, o->access);
			else ret = L->kcapi_aead_decrypt_aio(h, vi, vo, o->niov, iv, o->access);
		}
		out_hash(r, span);
		break;
	case F_CIPHER_SINIT_ENC: case F_CIPHER_SINIT_DEC: case F_CIPHER_SUPDATE: case F_CIPHER_SLAST:
	case F_AEAD_SINIT_ENC: case F_AEAD_SINIT_DEC: case F_AEAD_SUPDATE: case F_AEAD_SLAST: {
		struct iovec *vi = (o->nullm & N_IOV) ? NULL : iov_in;
		build_iovs(o, o->a % 512, 0);
		switch (o->fn) {
		case F_CIPHER_SINIT_ENC: ret = L->kcapi_cipher_stream_init_enc(h, iv, vi, o->niov); break;
		case F_CIPHER_SINIT_DEC: ret = L->kcapi_cipher_stream_init_dec(h, iv, vi, o->niov); break;
		case F_CIPHER_SUPDATE: ret = L->kcapi_cipher_stream_update(h, vi, o->niov); break;
		case F_CIPHER_SLAST: ret = L->kcapi_cipher_stream_update_last(h, vi, o->niov); break;
		case F_AEAD_SINIT_ENC: ret = L->kcapi_aead_stream_init_enc(h, iv, vi, o->niov); break;
		case F_AEAD_SINIT_DEC: ret = L->kcapi_aead_stream_init_dec(h, iv, vi, o->niov); break;
		case F_AEAD_SUPDATE: ret = L->kcapi_aead_stream_update(h, vi, o->niov); break;
		default: ret = L->kcapi_aead_stream_update_last(h, vi, o->niov); break;
		}
		break;
	}
	case F_CIPHER_SOP: case F_AEAD_SOP: {
		struct iovec *vo = (o->nullm & N_OIOV) ? NULL : iov_out;
		span = build_iovs(o, 0, o->b % 600);
		out_prep(span);
		if (o->fn == F_CIPHER_SOP)
			ret = o->compat ? L->c_cipher_stream_op(h, vo, o->niov) : L->kcapi_cipher_stream_op(h, vo, o->niov);
		else
			ret = L->kcapi_aead_stream_op(h, vo, o->niov);
		out_hash(r, span);
		break;
	}
	case F_CIPHER_IVSIZE: ret = L->kcapi_cipher_ivsize(h); break;
	case F_CIPHER_BLOCKSIZE: ret = L->kcapi_cipher_blocksize(h); break;
	case F_AEAD_SETKEY:
		ret = L->kcapi_aead_setkey(h, key_ptr(o, o->a, 1), (uint32_t)o->a);
		break;
	case F_AEAD_SETTAGLEN: ret = L->kcapi_aead_settaglen(h, (uint32_t)o->a); break;
	case F_AEAD_SETASSOCLEN: L->kcapi_aead_setassoclen(h, o->a); break;
	case F_AEAD_IVSIZE: ret = L->kcapi_aead_ivsize(h); break;
	case F_AEAD_BLOCKSIZE: ret = L->kcapi_aead_blocksize(h); break;
	case F_AEAD_AUTHSIZE: ret = L->kcapi_aead_authsize(h); break;
	case F_AEAD_BUFLEN:
		switch (o->var) {
		case 0: ret = o->compat ? L->c_aead_outbuflen_enc(h, (uint32_t)o->a, (uint32_t)o->e, (uint32_t)o->c)
					: (int64_t)L->kcapi_aead_outbuflen_enc(h, o->a, o->e, o->c); break;
		case 1: ret = (int64_t)L->kcapi_aead_outbuflen_dec(h, o->a, o->e, o->c); break;
		case 2: ret = (int64_t)L->kcapi_aead_inbuflen_enc(h, o->a, o->e, o->c); break;
		default: ret = (int64_t)L->kcapi_aead_inbuflen_dec(h, o->a, o->e, o->c); break;
		}
		break;
	case F_AEAD_GETDATA: {
		uint8_t *aad = (uint8_t *)1, *data = (uint8_t *)1, *tag = (uint8_t *)1;
		size_t aadl = 7, datal = 7, tagl = 7;
		uint8_t *enc = (o->nullm & N_IN) ? NULL : OUT;
		if (o->var & 2)
			L->kcapi_aead_getdata_output(h, enc, o->a, o->var & 1, &aad, &aadl, &data, &datal, &tag, &tagl);
		else
			L->kcapi_aead_getdata_input(h, enc, o->a, o->var & 1, &aad, &aadl, &data, &datal, &tag, &tagl);
#define OFS(p) ((p) == (uint8_t *)1 ? -1 : (p) ? (int64_t)((p) - OUT) : -2)
		r->extra[0] = OFS(aad); r->extra[1] = (int64_t)aadl;
		r->extra[2] = OFS(data); r->extra[3] = (int64_t)datal;
		r->extra[4] = OFS(tag); r->extra[5] = (int64_t)tagl;
#undef OFS
		break;
	}
	case F_CCM_NONCE: case F_PAD_IV: {	/* both allocate an IV for the caller */
		uint8_t *niv = NULL;
		uint32_t nl = 99;
		if (o->fn == F_CCM_NONCE)
			ret = L->kcapi_aead_ccm_nonce_to_iv((o->nullm & N_IN) ? NULL : IN + o->off, (uint32_t)o->a, &niv, &nl);
		else
			ret = L->kcapi_pad_iv(h, (o->nullm & N_IV) ? NULL : iv, (uint32_t)o->a, &niv, &nl);
		r->extra[0] = nl;
		if (ret == 0 && niv) {
			r->hash = fnv(niv, nl, 1);
			memcpy(r->head, niv, nl < 32 ? nl : 32);
			free(niv);
		}
		break;
	}
	case F_RNG_SEED: ret = L->kcapi_rng_seed(h, (uint8_t *)key_ptr(o, o->a, 0), (uint32_t)o->a); break;
	case F_RNG_SETENTROPY: ret = L->kcapi_rng_setentropy(h, (uint8_t *)key_ptr(o, o->a, 0), (uint32_t)o->a); break;
	case F_RNG_SETADDTL: ret = L->kcapi_rng_setaddtl(h, (uint8_t *)key_ptr(o, o->a, 0), (uint32_t)o->a); break;
	case F_RNG_GENERATE:
		out_prep(o->a);
		ret = o->compat ? L->c_rng_generate(h, out, (uint32_t)o->a) : L->kcapi_rng_generate(h, out, o->a);
		out_hash(r, o->a);
		r->nocmp = 1;
		break;
	case F_RNG_SEEDSIZE: ret = L->kcapi_rng_seedsize(h); break;
	case F_RNG_GET_BYTES:
		out_prep(o->a);
		ret = L->kcapi_rng_get_bytes(out, o->a);
		out_hash(r, o->a);
		r->nocmp = 1;
		break;
	case F_KDF:
		out_prep(o->b);
		in = in_ptr(o, o->a);
		if (o->var == 0)
			ret = o->compat ? L->c_kdf_ctr(h, in, (uint32_t)o->a, out, (uint32_t)o->b)
					: L->kcapi_kdf_ctr(h, in, o->a, out, o->b);
		else if (o->var == 1)
			ret = L->kcapi_kdf_fb(h, in, o->a, out, o->b);
		else
			ret = L->kcapi_kdf_dpi(h, in, o->a, out, o->b);
		out_hash(r, o->b);
		break;
	case F_HKDF: {
		const uint8_t *ikm = in_ptr(o, o->a), *salt = (o->nullm & N_KEY) ? NULL : IN + 100;
		const uint8_t *info = (o->nullm & N_IV) ? NULL : IN + 300;
		out_prep(o->e);
		if (o->compat)
			ret = L->c_hkdf(hkdf_names[o->name], ikm, (uint32_t)o->a, salt, (uint32_t)o->b, info,
					(uint32_t)o->c, out, (uint32_t)o->e);
		else
			ret = L->kcapi_hkdf(hkdf_names[o->name], ikm, o->a, salt, (uint32_t)o->b, info, o->c, out, o->e);
		out_hash(r, o->e);
		break;
	}
	case F_PBKDF: {
		const uint8_t *pw = (o->nullm & N_KEY) ? NULL : IN + 500, *salt = (o->nullm & N_IV) ? NULL : IN + 700;
		out_prep(o->e);
		ret = L->kcapi_pbkdf(hkdf_names[o->name], pw, (uint32_t)o->a, salt, o->b, (uint32_t)o->c, out, o->e);
		out_hash(r, o->e);
		break;
	}
	case F_MD_CONV:
		out_prep(o->b);
		in = in_ptr(o, o->a);
		if (o->var < 6) {
			md_conv_t f[] = { L->kcapi_md_sha1, L->kcapi_md_sha224, L->kcapi_md_sha256, L->kcapi_md_sha384,
					  L->kcapi_md_sha512, L->kcapi_md_sm3 };
			if (o->var == 2 && o->compat)
				ret = L->c_md_sha256(in, (uint32_t)o->a, out, (uint32_t)o->b);
			else
				ret = f[o->var](in, o->a, out, o->b);
		} else if (L->sha3[o->var - 6]) {
			ret = L->sha3[o->var - 6](in, o->a, out, o->b);
		} else {
			/* Debian's 1.4.0 has no SHA-3 wrappers: what 1.5 does, from its own functions */
			struct kcapi_handle *t = NULL;
			ret = L->kcapi_md_init(&t, sha3_alg[o->var - 6], 0);
			if (!ret) {
				ret = L->kcapi_md_digest(t, in, o->a, out, o->b);
				L->kcapi_md_destroy(t);
			}
		}
		out_hash(r, o->b);
		break;
	case F_HMAC_CONV: {
		__typeof__(L->kcapi_md_hmac_sha1) f[] = { L->kcapi_md_hmac_sha1, L->kcapi_md_hmac_sha224,
							   L->kcapi_md_hmac_sha256, L->kcapi_md_hmac_sha384,
							   L->kcapi_md_hmac_sha512, L->kcapi_md_hmac_sm3 };
		out_prep(o->b);
		ret = f[o->var](key_ptr(o, o->c, 0), (uint32_t)o->c, in_ptr(o, o->a), o->a, out, o->b);
		out_hash(r, o->b);
		break;
	}
	case F_CIPHER_CONV: {
		__typeof__(L->kcapi_cipher_enc_aes_cbc) f[] = { L->kcapi_cipher_enc_aes_cbc, L->kcapi_cipher_dec_aes_cbc,
								 L->kcapi_cipher_enc_aes_ctr, L->kcapi_cipher_dec_aes_ctr,
								 L->kcapi_cipher_enc_sm4_cbc, L->kcapi_cipher_dec_sm4_cbc,
								 L->kcapi_cipher_enc_sm4_ctr, L->kcapi_cipher_dec_sm4_ctr };
		in = o->inplace ? OUT : in_ptr(o, o->a);
		if (!o->inplace)
			out_prep(o->b);
		ret = f[o->var](key_ptr(o, o->c, 0), (uint32_t)o->c, in, o->a, iv, out, o->b);
		out_hash(r, o->inplace && o->b < 65536 ? 65536 : o->b);
		break;
	}
	case F_VERSION:
		if (o->var) {
			ret = L->kcapi_version();
		} else {
			char b[40];
			memset(b, 'x', sizeof(b));
			L->kcapi_versionstring(b, (uint32_t)o->a);
			r->hash = fnv((uint8_t *)b, sizeof(b), 1);
			memcpy(r->head, b, 32);
		}
		r->nocmp = 1;	/* 1.4.0 vs 1.5.1 */
		break;
	case F_VERBOSITY: L->kcapi_set_verbosity((enum kcapi_verbosity)o->a); break;
	case F_MEMSET:
		memcpy(OUT, IN, o->a + GUARDLEN);
		if (o->compat) {
			L->c_memset_secure(OUT, (int)o->b, (uint32_t)o->a);
		} else {
			L->kcapi_memset_secure(OUT, (int)o->b, o->a);
		}
		out_hash(r, o->a);
		break;
	case F_SET_SPLICE: ret = L->kcapi_set_maxsplicesize(h, (unsigned)o->a); break;
	case F_GET_SPLICE: ret = L->kcapi_get_maxsplicesize(h); break;
	}
	r->ret = ret;
	r->err = ret < 0 ? errno : 0;
	if (r->status == ST_STARTED)
		r->status = ST_DONE;
}

/* the child: run the calls of q against library `which`, skipping those in skip[] */
static void child(const struct seq *q, int which, const uint8_t *skip)
{
	const struct lib *L = &libs[which];
	int devnull = open("/dev/null", O_WRONLY);

	if (devnull >= 0)	/* the libraries' log lines */
		dup2(devnull, 2);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < q->n; i++) {
		SH->cur = i;
		SH->r[i].status = ST_STARTED;
		__sync_synchronize();
		if (skip && skip[i]) {
			SH->r[i].status = ST_SKIP_REF;
			/* keep the handle table as the other library has it */
			if (q->op[i].fn == F_DESTROY) { H[q->op[i].s] = NULL; HK[q->op[i].s] = K_NONE; }
			continue;
		}
		run_op(L, which, &q->op[i], &SH->r[i]);
		SH->progress++;
	}
	SH->cur = q->n;
	destroy_all(L);
	_exit(0);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* the state letter of /proc/PID/stat */
static char proc_state(pid_t pid)
{
	char p[64], b[512];
	int fd;
	ssize_t n;
	char *c;

	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	b[n] = 0;
	c = strrchr(b, ')');
	return c && c[1] && c[2] ? c[2] : '?';
}

/* a call asleep this long without progress hangs: short for the reference (a wrong verdict there
 * only costs a rerun), longer for ours (a wrong verdict there would be a failure) */
static double hang_sleep_ref = 0.5, hang_sleep_ours = 3;
static double hang_sleep = 0.5;
static double call_limit = 20;	/* seconds for one call, whatever it does */
static double hang_scale = 1;	/* both limits are multiplied by this (a hang's second opinion) */

/*
 * Wait for pid. A call asleep for hang_sleep seconds without progress, or running for call_limit
 * seconds, hangs: the process is killed and 1 returned. track: pid is a sequence child, whose
 * progress is in SH; otherwise pid makes one call for us (a child ourselves), and we show the
 * parent that we are alive while we wait.
 */
static int watch(pid_t pid, int *st, int track)
{
	int last = -1;
	uint64_t lastprog = 0;
	double since = now(), asleep = 0;

	for (;;) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return 0;
		if (!track)
			SH->progress++;
		else if (SH->cur != last || SH->progress != lastprog) {
			last = SH->cur;
			lastprog = SH->progress;
			since = now();
			asleep = 0;
		}
		if (proc_state(pid) == 'S') {
			if (!asleep)
				asleep = now();
		} else {
			asleep = 0;
		}
		if ((asleep && now() - asleep > hang_sleep * hang_scale) || now() - since > call_limit * hang_scale) {
			kill(pid, SIGKILL);
			waitpid(pid, st, 0);
			return 1;
		}
		usleep(2000);
	}
}

/* wait for a process that makes one call: 0 exited normally, 1 hung (killed), 2 crashed */
static int watch_pid(pid_t pid)
{
	int st;

	if (watch(pid, &st, 0))
		return 1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 2;
}

static double vm_secs_ref, vm_secs_ours;

/* run q against one library; on return SH->r holds the results. 0: completed, else the call index+1 that hung/crashed */
static int run_child(const struct seq *q, int which, const uint8_t *skip)
{
	pid_t pid;
	int st;
	double t0 = now();

	memset(SH, 0, sizeof(*SH));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (!pid)
		child(q, which, skip);
	hang_sleep = which == REF ? hang_sleep_ref : hang_sleep_ours;
	if (watch(pid, &st, 1) && SH->cur < q->n)
		SH->r[SH->cur].status = ST_HANG;
	if (which == REF)
		vm_secs_ref += now() - t0;
	else
		vm_secs_ours += now() - t0;
	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL && SH->cur < q->n)
		SH->r[SH->cur].status = ST_CRASH;
	for (int i = 0; i < q->n; i++)
		if (SH->r[i].status == ST_HANG || SH->r[i].status == ST_CRASH)
			return i + 1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	/* died elsewhere (during cleanup): count as a crash of the last call */
	SH->r[q->n - 1].status = ST_CRASH;
	return q->n;
}

/* ------------------------------------------------------------------ comparing */

struct verdict {
	int diff;		/* index of the first unexplained difference, or -1 */
	char why[400];
	int known;		/* classified differences */
	int refskips;		/* reference hangs/crashes skipped */
	char known_what[200];
	const char *known_list[MAXOPS];
	int nknown;
};

static struct res resref[MAXOPS], resours[MAXOPS];
static uint8_t ref_skip[MAXOPS];
static int ref_bad_status[MAXOPS];	/* what the reference did at a skipped call */

#define is_oneshot is_oneshot_fn

/* the output buffer (and its guard) still holds only the fill byte */
static int untouched(const struct res *r)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (uint32_t i = 0; i < r->nout; i++) {
		h ^= 0xa5;
		h *= 0x100000001b3ULL;
	}
	return r->nout && h == r->hash;
}

/* calls after which libkcapi may leave a request (or unread input) on the op socket */
static int leaves_request(int fn)
{
	return fn == F_CIPHER_SINIT_ENC || fn == F_CIPHER_SINIT_DEC || fn == F_CIPHER_SUPDATE || fn == F_CIPHER_SLAST ||
	       fn == F_AEAD_SINIT_ENC || fn == F_AEAD_SINIT_DEC || fn == F_AEAD_SUPDATE || fn == F_AEAD_SLAST ||
	       fn == F_CIPHER_ENC_AIO || fn == F_CIPHER_DEC_AIO || fn == F_AEAD_ENC_AIO || fn == F_AEAD_DEC_AIO;
}

/* a cipher AIO call that returned ret >= 0 but was given more input: libkcapi leaves the rest
 * queued on the op socket */
static int aio_left_input(const struct op *o, long long ret)
{
	uint64_t in = 0;

	if ((o->fn != F_CIPHER_ENC_AIO && o->fn != F_CIPHER_DEC_AIO) || ret < 0)
		return 0;
	build_iovs(o, o->a % 512, o->b % 600);
	for (uint32_t i = 0; i < o->niov && i < MAXIOV; i++)
		in += iov_in[i].iov_len;
	return in > (uint64_t)ret;
}

/* a call that sends data to or reads data from a cipher handle's op socket */
static int cipher_data_op(int fn)
{
	return fn == F_CIPHER_ENC || fn == F_CIPHER_DEC || fn == F_CIPHER_CONV || fn == F_CIPHER_ENC_AIO ||
	       fn == F_CIPHER_DEC_AIO || fn == F_CIPHER_SINIT_ENC || fn == F_CIPHER_SINIT_DEC || fn == F_CIPHER_SUPDATE ||
	       fn == F_CIPHER_SLAST || fn == F_CIPHER_SOP;
}

/* an AEAD call whose output buffer (or one of them) cannot hold the whole result, for any tag
 * length up to 16 */
static int aead_out_short(const struct op *o)
{
	int enc = o->fn == F_AEAD_ENC || o->fn == F_AEAD_ENC_AIO;

	if (o->fn == F_AEAD_ENC || o->fn == F_AEAD_DEC)
		return o->b < o->a + (enc ? 16 : 0);
	if (o->fn != F_AEAD_ENC_AIO && o->fn != F_AEAD_DEC_AIO)
		return 0;
	build_iovs(o, o->a % 512, o->b % 600);
	for (uint32_t i = 0; i < o->niov && i < MAXIOV; i++)
		if (iov_out[i].iov_len < iov_in[i].iov_len + (enc ? 16 : 0))
			return 1;
	return 0;
}

static int uses_slot(const struct op *o) { return fns[o->fn].need != K_NONE; }

static void run_both(const struct seq *q)
{
	int k;

	memset(ref_skip, 0, sizeof(ref_skip));
	memset(ref_bad_status, 0, sizeof(ref_bad_status));
	k = run_child(q, OURS, NULL);
	if (k && SH->r[k - 1].status == ST_HANG) {
		/* A hang verdict rests on timing: a module the kernel loads on first use, or a loaded
		 * host, can keep a call asleep for seconds. It stands only if the sequence hangs
		 * there again with ten times the limits (30 s asleep, 200 s for one call). */
		hang_scale = 10;
		run_child(q, OURS, NULL);
		hang_scale = 1;
	}
	memcpy(resours, SH->r, sizeof(resours));
	/* the reference, skipping each call it hangs or crashes in */
	for (int tries = 0; tries < 8; tries++) {
		k = run_child(q, REF, ref_skip);
		memcpy(resref, SH->r, sizeof(resref));
		if (!k)
			break;
		ref_skip[k - 1] = 1;
		ref_bad_status[k - 1] = SH->r[k - 1].status;
	}
	for (int i = 0; i < q->n; i++)
		if (ref_skip[i])
			resref[i].status = ref_bad_status[i] ? ST_SKIP_REF : resref[i].status;
}

static void compare(const struct seq *q, struct verdict *v)
{
	uint8_t taint[NSLOT] = { 0 }, suspect[NSLOT] = { 0 }, leftover[NSLOT] = { 0 };
	int grp[NSLOT] = { 0 }, gid = 0;	/* handles sharing a transformation (reinit) */
#define TAINT_GROUP(x) do { for (int j_ = 0; j_ < NSLOT; j_++) if (grp[j_] == grp[x]) taint[j_] = 1; } while (0)

	memset(v, 0, sizeof(*v));
	v->diff = -1;
	for (int i = 0; i < q->n; i++) {
		const struct op *o = &q->op[i];
		struct res *a = &resref[i], *b = &resours[i];
		int s = o->s, t = uses_slot(o);

		if (b->status == ST_HANG || b->status == ST_CRASH) {
			if (ref_bad_status[i] == ST_CRASH && b->status == ST_CRASH && a->status == ST_SKIP_REF &&
			    resours[i].status != ST_SKIP_NULL) {
				v->known++;
				snprintf(v->known_what, sizeof(v->known_what), "both crash at call %d (caller UB)", i);
				v->known_list[v->nknown++] = "both libraries crash (invalid arguments)";
				return;
			}
			v->diff = i;
			snprintf(v->why, sizeof(v->why), "ours: %s (reference: %s)", st_name[b->status],
				 ref_bad_status[i] ? st_name[ref_bad_status[i]] : st_name[a->status]);
			return;
		}
		if (b->status == ST_NOTRUN || b->status == ST_STARTED) {
			v->diff = i;
			snprintf(v->why, sizeof(v->why), "ours: call not completed (%s)", st_name[b->status]);
			return;
		}
		int ast = a->status, bst = b->status;

		int foreign = bst == ST_SKIP_TYPE;

		if (o->fn <= F_RNG_INIT)
			grp[s] = ++gid;
		if (o->fn == F_REINIT && o->d != o->s)
			grp[o->d] = grp[s];

		if ((bst == ST_SKIP_NULL && ast == ST_NULL_RET) || (bst == ST_SKIP_TYPE && ast == ST_TYPE_RET))
			ast = bst = ST_DONE;	/* libkcapi returned: compare as usual */
		if (bst == ST_SKIP_NULL || bst == ST_SKIP_TYPE) {
			/* the reference crashes or hangs here; ours must refuse cleanly */
			int ok = fns[o->fn].rt == RT_VOID || o->fn == F_AEAD_BUFLEN ||
				 (fns[o->fn].rt == RT_SIZE ? b->ret == 0 || foreign : b->ret < 0);
			if (!ok) {
				v->diff = i;
				snprintf(v->why, sizeof(v->why), "ours with a %s handle (libkcapi: %s): returned %lld, expected %s",
					 bst == ST_SKIP_NULL ? "NULL" : "foreign", "crash or hang",
					 (long long)b->ret, fns[o->fn].rt == RT_SIZE ? "0" : "a negative errno");
				return;
			}
			if (foreign) {
				v->known++;
				snprintf(v->known_what, sizeof(v->known_what), "foreign handle: libkcapi hangs or crashes");
				v->known_list[v->nknown++] = "handle of another type: libkcapi hangs or crashes, ours refuses it";
				TAINT_GROUP(s);
			}
			continue;
		}
		if (ast == ST_SKIP_REF) {
			v->refskips++;
			v->known_list[v->nknown++] = ref_bad_status[i] == ST_HANG ? "libkcapi hangs (call skipped in the reference)" :
						     "libkcapi crashes (call skipped in the reference)";
			if (t) TAINT_GROUP(s);
			if (o->fn == F_REINIT) taint[o->d] = 1;
			continue;
		}
		if (ast != ST_DONE) {
			/* reference skipped as NULL/foreign handle while ours ran: the handle tables differ, which
			 * an earlier difference explains */
			if (t) taint[s] = 1;
			continue;
		}
		if (t && taint[s]) {
			if (o->fn == F_REINIT) taint[o->d] = 1;
			if (o->fn == F_DESTROY || ((o->fn <= F_RNG_INIT) && b->extra[0] && a->extra[0]))
				taint[s] = 0;	/* a fresh handle: compare again */
			continue;
		}
		if (o->fn <= F_RNG_INIT)
			taint[s] = suspect[s] = leftover[s] = 0;
		if (o->fn == F_REINIT)
			taint[o->d] = suspect[o->d] = leftover[o->d] = 0;	/* a fresh handle from an untainted one */

		{
			int same_ret = a->ret == b->ret;
			int same_err = a->ret >= 0 || a->err == b->err || a->err == 0;
			int same_out = a->nocmp || (a->hash == b->hash && a->nout == b->nout);
			int same_extra = !memcmp(a->extra, b->extra, sizeof(a->extra));
			const char *known = NULL;

			if (a->nocmp && o->fn == F_VERSION)
				same_ret = 1;
			if (same_ret && same_err && same_out && same_extra) {
				if ((is_oneshot(o->fn) && (a->ret < 0 || o->b < o->a)) || leaves_request(o->fn))
					suspect[s] = 1;
				if (aio_left_input(o, a->ret))
					leftover[s] = 1;
				/* libkcapi went ahead with a handle of another type (a failed setkey there
				 * unkeys the transformation, for one): no longer comparable */
				if (foreign)
					TAINT_GROUP(s);
				continue;
			}
			/* classify the deliberate differences */
			if (same_ret && !same_out && is_oneshot(o->fn) && (o->fn == F_CIPHER_ENC || o->fn == F_CIPHER_DEC ||
			    o->fn == F_CIPHER_CONV) && (o->a < o->b ? o->a : o->b) > 65536)
				known = "one-shot > 64 KiB: IV chained (libkcapi restarts it per 64 KiB piece)";
			else if (t && leftover[s] && cipher_data_op(o->fn))
				known = "operation after a cipher AIO call whose input was not all consumed (libkcapi leaves "
					"the rest on the op socket and processes it with the next operation; ours discards it)";
			else if (t && suspect[s] && a->ret == -EINVAL &&
				 (b->ret != -EINVAL || (!same_out && untouched(a))))
				/* (also when ours fails too, for its own reason, after the kernel wrote part
				 * of the output: fuzz -s 0x652f3d05d5a9a76e) */
				known = "operation after a short/failed one-shot, an AIO call or an unfinished stream "
					"(libkcapi leaves a request on the op socket, later ones fail with -EINVAL)";
			else if (b->ret == -EINVAL && (a->ret >= 0 || a->ret == -EBADMSG) && aead_out_short(o))
				known = "AEAD output buffer shorter than the result: libkcapi processes a prefix, ours -EINVAL "
					"(aead_errors)";
			else if (a->ret == -1 && b->ret == -a->err && a->err)
				known = "libkcapi returns -1 instead of -errno";
			else if (o->fn == F_AEAD_BUFLEN && (b->ret == -1 || (o->compat && o->var == 0 && b->ret == UINT32_MAX)))
				known = "AEAD buffer length overflows: ours saturates, libkcapi wraps";
			else if (same_ret && a->ret == -EBADMSG && (o->fn == F_AEAD_DEC || o->fn == F_AEAD_DEC_AIO || o->fn == F_AEAD_SOP))
				known = "AEAD authentication failure: ours zeroes the plaintext part of the output (its man page)";
			else if (same_ret && a->ret < 0 && !same_out && untouched(b) &&
				 (is_oneshot(o->fn) || o->fn == F_CIPHER_ENC_AIO || o->fn == F_CIPHER_DEC_AIO ||
				  o->fn == F_AEAD_ENC_AIO || o->fn == F_AEAD_DEC_AIO || o->fn == F_CIPHER_SOP || o->fn == F_AEAD_SOP))
				known = "failed cipher/AEAD call: libkcapi leaves partial kernel output in the buffer, ours "
					"leaves it untouched";
			else if (foreign && (b->ret == -EINVAL || fns[o->fn].rt == RT_VOID))
				known = "handle of another type: ours refuses it (decisions.md)";
			else if ((o->fn == F_CIPHER_SUPDATE || o->fn == F_CIPHER_SLAST || o->fn == F_AEAD_SUPDATE ||
				  o->fn == F_AEAD_SLAST) && a->ret == -EFAULT && a->err == 0 && b->ret >= 0)
				known = "libkcapi's vmsplice took part of the data: its own -EFAULT, the rest left in its pipe "
					"(ours continues; decisions.md, fuzz -s 0xa28ee876ce8f0f7c)";
			else if (o->fn == F_SET_SPLICE && a->ret == -EBUSY && b->ret == 0)
				known = "libkcapi left unsent data in its pipe (behaviour note 11 #9)";
			else if (o->fn <= F_RNG_INIT && strlen(init_name(o)) > 63 && b->ret == -ENOENT)
				known = "overlong algorithm name: ours -ENOENT, libkcapi truncates it (its errno depends on the cut name: "
					"-ENOENT, -EEXIST, -EINVAL; decisions.md)";
			if (!known) {
				v->diff = i;
				snprintf(v->why, sizeof(v->why),
					 "ref ret=%lld errno=%d out#%016llx/%u extra=%lld,%lld,%lld,%lld | ours ret=%lld errno=%d out#%016llx/%u extra=%lld,%lld,%lld,%lld",
					 (long long)a->ret, a->err, (unsigned long long)a->hash, a->nout,
					 (long long)a->extra[0], (long long)a->extra[1], (long long)a->extra[2],
					 (long long)a->extra[3], (long long)b->ret, b->err, (unsigned long long)b->hash,
					 b->nout, (long long)b->extra[0], (long long)b->extra[1], (long long)b->extra[2],
					 (long long)b->extra[3]);
				return;
			}
			v->known++;
			snprintf(v->known_what, sizeof(v->known_what), "%s", known);
			v->known_list[v->nknown++] = known;
			if (t && foreign)
				TAINT_GROUP(s);
			else if (t)
				taint[s] = 1;
		}
	}
}

/* ------------------------------------------------------------------ printing */

static const char *lenstr(uint64_t l, char *b)
{
	if (l == SIZE_MAX) return "SIZE_MAX";
	if (l == (uint64_t)INT_MAX + 1) return "(size_t)INT_MAX + 1";
	if (l == UINT32_MAX) return "UINT32_MAX";
	sprintf(b, "%llu", (unsigned long long)l);
	return b;
}

static void print_op(FILE *f, const struct op *o, int i)
{
	char l1[32], l2[32], l3[32], l4[32], ivs[40], ins[40];
	const char *outp = (o->nullm & N_OUT) ? "NULL" : "out";
	const char *cmp = o->compat ? "/*compat*/" : "";

	snprintf(ivs, sizeof(ivs), (o->nullm & N_IV) ? "NULL" : "iv + %u", o->ivoff);
	snprintf(ins, sizeof(ins), (o->nullm & N_IN) ? "NULL" : o->inplace ? "out /* in place */" : "in + %u", o->off);
	fprintf(f, "\t/* %2d */ ", i);
	switch (o->fn) {
	case F_MD_INIT: case F_CIPHER_INIT: case F_AEAD_INIT: case F_RNG_INIT:
		fprintf(f, "kcapi_%s_init(&h[%d], \"%s\", %#x);\n",
			o->fn == F_MD_INIT ? "md" : o->fn == F_CIPHER_INIT ? "cipher" : o->fn == F_AEAD_INIT ? "aead" : "rng",
			o->s, init_name(o), o->flags);
		break;
	case F_REINIT: fprintf(f, "kcapi_handle_reinit(&h[%d], h[%d], %#x);\n", o->d, o->s, o->flags); break;
	case F_DESTROY:
		fprintf(f, "kcapi_%s_destroy(h[%d]); h[%d] = NULL;\n", (const char *[]){ "md", "cipher", "aead", "rng" }[o->var],
			o->s, o->s);
		break;
	case F_MD_SETKEY: case F_CIPHER_SETKEY: case F_AEAD_SETKEY: case F_RNG_SEED: case F_RNG_SETENTROPY:
	case F_RNG_SETADDTL:
		fprintf(f, "kcapi_%s(h[%d], %s, %s);\n",
			o->fn == F_MD_SETKEY ? "md_setkey" : o->fn == F_CIPHER_SETKEY ? "cipher_setkey" :
			o->fn == F_AEAD_SETKEY ? "aead_setkey" : o->fn == F_RNG_SEED ? "rng_seed" :
			o->fn == F_RNG_SETENTROPY ? "rng_setentropy" : "rng_setaddtl",
			o->s, (o->nullm & N_KEY) ? "NULL" : (o->fn == F_AEAD_SETKEY && (o->a == 56 || o->a == 72)) ?
			"authenc_key" : ins, lenstr(o->a, l1));
		break;
	case F_MD_UPDATE: fprintf(f, "kcapi_md_update(h[%d], %s, %s);\n", o->s, ins, lenstr(o->a, l1)); break;
	case F_MD_FINAL: fprintf(f, "kcapi_md_final%s(h[%d], %s, %s);\n", cmp, o->s, outp, lenstr(o->a, l1)); break;
	case F_MD_DIGEST:
		fprintf(f, "kcapi_md_digest%s(h[%d], %s, %s, %s, %s);\n", cmp, o->s, ins, lenstr(o->a, l1), outp,
			lenstr(o->b, l2));
		break;
	case F_CIPHER_ENC: case F_CIPHER_DEC: case F_AEAD_ENC: case F_AEAD_DEC:
		fprintf(f, "kcapi_%s%s(h[%d], %s, %s, %s, %s, %s, %d);\n",
			o->fn == F_CIPHER_ENC ? "cipher_encrypt" : o->fn == F_CIPHER_DEC ? "cipher_decrypt" :
			o->fn == F_AEAD_ENC ? "aead_encrypt" : "aead_decrypt", cmp,
			o->s, ins, lenstr(o->a, l1), ivs, outp, lenstr(o->b, l2), o->access);
		break;
	case F_CIPHER_ENC_AIO: case F_CIPHER_DEC_AIO: case F_AEAD_ENC_AIO: case F_AEAD_DEC_AIO:
	case F_CIPHER_SINIT_ENC: case F_CIPHER_SINIT_DEC: case F_CIPHER_SUPDATE: case F_CIPHER_SLAST:
	case F_AEAD_SINIT_ENC: case F_AEAD_SINIT_DEC: case F_AEAD_SUPDATE: case F_AEAD_SLAST:
	case F_CIPHER_SOP: case F_AEAD_SOP: {
		/* print the iovec arrays the child builds */
		uint64_t span;
		int isout = o->fn == F_CIPHER_SOP || o->fn == F_AEAD_SOP;
		int aio = o->fn == F_CIPHER_ENC_AIO || o->fn == F_CIPHER_DEC_AIO || o->fn == F_AEAD_ENC_AIO ||
			  o->fn == F_AEAD_DEC_AIO;
		span = build_iovs(o, isout ? 0 : o->a % 512, isout || aio ? o->b % 600 : 0);
		(void)span;
		fprintf(f, "{ /* %u iovecs:", o->niov);
		for (uint32_t j = 0; j < o->niov && j < 8; j++) {
			if (!isout)
				fprintf(f, " in+%td/%zu", (uint8_t *)iov_in[j].iov_base - IN, iov_in[j].iov_len);
			if (isout || aio)
				fprintf(f, " out+%td/%zu", (uint8_t *)iov_out[j].iov_base - OUT, iov_out[j].iov_len);
		}
		fprintf(f, "%s */ ", o->niov > 8 ? " ..." : "");
		switch (o->fn) {
		case F_CIPHER_ENC_AIO: case F_CIPHER_DEC_AIO: case F_AEAD_ENC_AIO: case F_AEAD_DEC_AIO:
			fprintf(f, "kcapi_%s(h[%d], %s, %s, %u, %s, %d); }\n",
				o->fn == F_CIPHER_ENC_AIO ? "cipher_encrypt_aio" : o->fn == F_CIPHER_DEC_AIO ?
				"cipher_decrypt_aio" : o->fn == F_AEAD_ENC_AIO ? "aead_encrypt_aio" : "aead_decrypt_aio",
				o->s, (o->nullm & N_IOV) ? "NULL" : "iniov", (o->nullm & N_OIOV) ? "NULL" : "outiov",
				o->niov, ivs, o->access);
			break;
		case F_CIPHER_SINIT_ENC: case F_CIPHER_SINIT_DEC: case F_AEAD_SINIT_ENC: case F_AEAD_SINIT_DEC:
			fprintf(f, "kcapi_%s(h[%d], %s, %s, %u); }\n",
				o->fn == F_CIPHER_SINIT_ENC ? "cipher_stream_init_enc" : o->fn == F_CIPHER_SINIT_DEC ?
				"cipher_stream_init_dec" : o->fn == F_AEAD_SINIT_ENC ? "aead_stream_init_enc" :
				"aead_stream_init_dec", o->s, ivs, (o->nullm & N_IOV) ? "NULL" : "iniov", o->niov);
			break;
		case F_CIPHER_SOP: case F_AEAD_SOP:
			fprintf(f, "kcapi_%s%s(h[%d], %s, %u); }\n", o->fn == F_CIPHER_SOP ? "cipher_stream_op" :
				"aead_stream_op", o->fn == F_CIPHER_SOP ? cmp : "", o->s,
				(o->nullm & N_OIOV) ? "NULL" : "outiov", o->niov);
			break;
		default:
			fprintf(f, "kcapi_%s(h[%d], %s, %u); }\n",
				o->fn == F_CIPHER_SUPDATE ? "cipher_stream_update" : o->fn == F_CIPHER_SLAST ?
				"cipher_stream_update_last" : o->fn == F_AEAD_SUPDATE ? "aead_stream_update" :
				"aead_stream_update_last", o->s, (o->nullm & N_IOV) ? "NULL" : "iniov", o->niov);
		}
		break;
	}
	case F_MD_DIGESTSIZE: fprintf(f, "kcapi_md_digestsize(h[%d]);\n", o->s); break;
	case F_MD_BLOCKSIZE: fprintf(f, "kcapi_md_blocksize(h[%d]);\n", o->s); break;
	case F_CIPHER_IVSIZE: fprintf(f, "kcapi_cipher_ivsize(h[%d]);\n", o->s); break;
	case F_CIPHER_BLOCKSIZE: fprintf(f, "kcapi_cipher_blocksize(h[%d]);\n", o->s); break;
	case F_AEAD_IVSIZE: fprintf(f, "kcapi_aead_ivsize(h[%d]);\n", o->s); break;
	case F_AEAD_BLOCKSIZE: fprintf(f, "kcapi_aead_blocksize(h[%d]);\n", o->s); break;
	case F_AEAD_AUTHSIZE: fprintf(f, "kcapi_aead_authsize(h[%d]);\n", o->s); break;
	case F_RNG_SEEDSIZE: fprintf(f, "kcapi_rng_seedsize(h[%d]);\n", o->s); break;
	case F_AEAD_SETTAGLEN: fprintf(f, "kcapi_aead_settaglen(h[%d], %s);\n", o->s, lenstr(o->a, l1)); break;
	case F_AEAD_SETASSOCLEN: fprintf(f, "kcapi_aead_setassoclen(h[%d], %s);\n", o->s, lenstr(o->a, l1)); break;
	case F_AEAD_BUFLEN:
		fprintf(f, "kcapi_aead_%s%s(h[%d], %s, %s, %s);\n",
			(const char *[]){ "outbuflen_enc", "outbuflen_dec", "inbuflen_enc", "inbuflen_dec" }[o->var],
			o->var == 0 ? cmp : "", o->s, lenstr(o->a, l1), lenstr(o->e, l2), lenstr(o->c, l3));
		break;
	case F_AEAD_GETDATA:
		fprintf(f, "kcapi_aead_getdata_%s(h[%d], %s, %s, %d, &aad, &aadlen, &data, &datalen, &tag, &taglen);\n",
			(o->var & 2) ? "output" : "input", o->s, (o->nullm & N_IN) ? "NULL" : "out", lenstr(o->a, l1),
			o->var & 1);
		break;
	case F_CCM_NONCE:
		fprintf(f, "kcapi_aead_ccm_nonce_to_iv(%s, %s, &newiv, &newivlen);\n", (o->nullm & N_IN) ? "NULL" : ins,
			lenstr(o->a, l1));
		break;
	case F_PAD_IV: fprintf(f, "kcapi_pad_iv(h[%d], %s, %s, &newiv, &newivlen);\n", o->s, ivs, lenstr(o->a, l1)); break;
	case F_RNG_GENERATE: fprintf(f, "kcapi_rng_generate%s(h[%d], %s, %s);\n", cmp, o->s, outp, lenstr(o->a, l1)); break;
	case F_RNG_GET_BYTES: fprintf(f, "kcapi_rng_get_bytes(%s, %s);\n", outp, lenstr(o->a, l1)); break;
	case F_KDF:
		fprintf(f, "kcapi_kdf_%s%s(h[%d], %s, %s, %s, %s);\n", (const char *[]){ "ctr", "fb", "dpi" }[o->var],
			o->var == 0 ? cmp : "", o->s, ins, lenstr(o->a, l1), outp, lenstr(o->b, l2));
		break;
	case F_HKDF:
		fprintf(f, "kcapi_hkdf%s(\"%s\", %s, %s, %s, %s, %s, %s, %s, %s);\n", cmp, hkdf_names[o->name], ins,
			lenstr(o->a, l1), (o->nullm & N_KEY) ? "NULL" : "in + 100", lenstr(o->b, l2),
			(o->nullm & N_IV) ? "NULL" : "in + 300", lenstr(o->c, l3), outp, lenstr(o->e, l4));
		break;
	case F_PBKDF:
		fprintf(f, "kcapi_pbkdf(\"%s\", %s, %s, %s, %s, %s, %s, %s);\n", hkdf_names[o->name],
			(o->nullm & N_KEY) ? "NULL" : "in + 500", lenstr(o->a, l1), (o->nullm & N_IV) ? "NULL" : "in + 700",
			lenstr(o->b, l2), lenstr(o->c, l3), outp, lenstr(o->e, l4));
		break;
	case F_MD_CONV:
		fprintf(f, "%s%s(%s, %s, %s, %s);\n", md_conv_names[o->var], o->var == 2 ? cmp : "", ins,
			lenstr(o->a, l1), outp, lenstr(o->b, l2));
		break;
	case F_HMAC_CONV:
		fprintf(f, "%s(%s, %s, %s, %s, %s, %s);\n", hmac_conv_names[o->var], (o->nullm & N_KEY) ? "NULL" : ins,
			lenstr(o->c, l3), ins, lenstr(o->a, l1), outp, lenstr(o->b, l2));
		break;
	case F_CIPHER_CONV:
		fprintf(f, "%s(%s, %s, %s, %s, %s, %s, %s);\n", cipher_conv_names[o->var],
			(o->nullm & N_KEY) ? "NULL" : ins, lenstr(o->c, l3), ins, lenstr(o->a, l1), ivs, outp,
			lenstr(o->b, l2));
		break;
	case F_VERSION:
		if (o->var) fprintf(f, "kcapi_version();\n");
		else fprintf(f, "kcapi_versionstring(buf, %llu);\n", (unsigned long long)o->a);
		break;
	case F_VERBOSITY: fprintf(f, "kcapi_set_verbosity(%llu);\n", (unsigned long long)o->a); break;
	case F_MEMSET:
		fprintf(f, "kcapi_memset_secure%s(out, %llu, %llu);\n", cmp, (unsigned long long)o->b,
			(unsigned long long)o->a);
		break;
	case F_SET_SPLICE: fprintf(f, "kcapi_set_maxsplicesize(h[%d], %llu);\n", o->s, (unsigned long long)o->a); break;
	case F_GET_SPLICE: fprintf(f, "kcapi_get_maxsplicesize(h[%d]);\n", o->s); break;
	default: fprintf(f, "?%d\n", o->fn);
	}
}

static void print_res(FILE *f, const char *tag, const struct res *r, int ours)
{
	int valid = r->status == ST_DONE || r->status == ST_NULL_RET || r->status == ST_TYPE_RET ||
		    (ours && (r->status == ST_SKIP_NULL || r->status == ST_SKIP_TYPE));

	fprintf(f, "\t\t%-4s %s%s", tag, st_name[r->status],
		!ours && (r->status == ST_SKIP_NULL || r->status == ST_SKIP_TYPE) ? ": crashed or hung (run apart)" : "");
	if (valid) {
		fprintf(f, " ret=%lld", (long long)r->ret);
		if (r->ret < 0)
			fprintf(f, " errno=%d (%s)", r->err, strerror(r->err));
		if (r->nout) {
			fprintf(f, " out=");
			for (int i = 0; i < 16; i++)
				fprintf(f, "%02x", r->head[i]);
			fprintf(f, "... #%016llx/%u", (unsigned long long)r->hash, r->nout);
		}
	}
	fprintf(f, "\n");
}

static void print_seq(FILE *f, const struct seq *q, int upto, int results)
{
	fprintf(f, "\tstruct kcapi_handle *h[%d] = { 0 };\n", NSLOT);
	for (int i = 0; i < q->n && i <= upto; i++) {
		print_op(f, &q->op[i], i);
		if (results) {
			print_res(f, "ref", &resref[i], 0);
			print_res(f, "ours", &resours[i], 1);
		}
	}
}

/* ------------------------------------------------------------------ main */

static long long n_seq, n_fail, n_known, n_refskip, n_calls;
static double shrink_secs = 120;	/* -x: time for shrinking one difference */
static int verbose;

#define MAXSIGS 200
static struct {
	char sig[160];
	uint64_t first;
	int count;
} sigs[MAXSIGS];
static int nsigs;
static struct {
	const char *what;
	int count;
} kinds[MAXSIGS];
static int nkinds;
static long long cov[F_COUNT][3];

static void res_sig(char *b, size_t n, const struct res *r)
{
	if (r->status == ST_HANG || r->status == ST_CRASH || r->status == ST_NOTRUN || r->status == ST_STARTED)
		snprintf(b, n, "%s", st_name[r->status]);
	else if (r->ret < 0 && r->ret > -4096)
		snprintf(b, n, "-%s", strerrorname_np((int)-r->ret) ? strerrorname_np((int)-r->ret) : "?");
	else
		snprintf(b, n, "%s%s", r->ret == 0 ? "0" : r->ret > 0 ? ">0" : "<0", r->nout ? "+bytes" : "");
}

/* what kind of difference: the function and both results, coarsely */
static void signature(const struct seq *q, const struct verdict *v, char *b, size_t n)
{
	char ra[40], rb[40];

	res_sig(ra, sizeof(ra), &resref[v->diff]);
	res_sig(rb, sizeof(rb), &resours[v->diff]);
	if (resref[v->diff].ret == resours[v->diff].ret && resref[v->diff].status == resours[v->diff].status)
		snprintf(rb + strlen(rb), sizeof(rb) - strlen(rb), " (output or errno differs)");
	snprintf(b, n, "%s: ref %s, ours %s", fns[q->op[v->diff].fn].name, ra, rb);
}

/* drop calls (halves first, then smaller runs, then single calls) while the same kind of
 * difference persists */
static void shrink(struct seq *q, struct verdict *v)
{
	struct seq t;
	struct verdict tv;
	int runs = 0, size;
	double t0 = now();
	char sig[160], tsig[160];

	signature(q, v, sig, sizeof(sig));

	q->n = v->diff + 1;
	size = q->n > 2 ? (q->n - 1) / 2 : 1;
	while (q->n > 1 && runs < 300 && now() - t0 < shrink_secs) {
		int removed = 0;

		for (int i = q->n - 1 - size; i >= 0 && now() - t0 < shrink_secs; i -= size) {
			t = *q;
			memmove(&t.op[i], &t.op[i + size], sizeof(t.op[0]) * (size_t)(t.n - i - size));
			t.n -= size;
			run_both(&t);
			compare(&t, &tv);
			runs++;
			if (tv.diff >= 0)
				signature(&t, &tv, tsig, sizeof(tsig));
			if (tv.diff >= 0 && !strcmp(sig, tsig)) {
				t.n = tv.diff + 1;
				*q = t;
				*v = tv;
				removed = 1;
			}
		}
		if (size > q->n - 1)
			size = q->n > 2 ? (q->n - 1) / 2 : 1;
		else if (!removed && size == 1)
			break;
		else if (!removed)
			size /= 2;
	}
	run_both(q);
	compare(q, v);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fuzz [-l OURS.so] [-r REF.so] [-s SEED[,SEED...]] [-n SEQS] [-t SECONDS] [-m MAXCALLS]\n"
		"            [-L MAXLEN] [-x SHRINKSECS] [-k] [-v]\n"
		"  -s SEED      first sequence seed (default: from the clock); SEED,SEED,...: exactly these sequences\n"
		"  -n SEQS      number of sequences (default 100 unless -t)\n"
		"  -t SECONDS   stop starting sequences after SECONDS\n"
		"  -m MAXCALLS  calls per sequence at most (default 24, up to 64)\n"
		"  -L MAXLEN    largest buffer length generated (default 300000)\n"
		"  -x SECS      time spent shrinking one difference (default 120)\n"
		"  -k           keep going after 5 failing sequences\n"
		"  -v           print every sequence with both libraries' results\n"
		"  -T           print one line per sequence with its time\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *ours = "build/libkcapi.so.1.5.1", *ref = "/usr/lib/x86_64-linux-gnu/libkcapi.so.1";
	uint64_t seed = 0;
	long long nseqs = -1;
	double secs = 0, t0;
	int maxcalls = 24, have_seed = 0, keep_going = 0, c, nlist = 0, times = 0;
#define MAXLIST 4096
	static uint64_t list[MAXLIST];

	while ((c = getopt(argc, argv, "l:r:s:n:t:m:L:x:kvT")) != -1) {
		switch (c) {
		case 'l': ours = optarg; break;
		case 'r': ref = optarg; break;
		case 's': {
			char *e = optarg;
			seed = strtoull(optarg, &e, 0);
			have_seed = 1;
			if (*e == ',') {
				for (char *t = strtok(optarg, ","); t && nlist < MAXLIST; t = strtok(NULL, ","))
					list[nlist++] = strtoull(t, NULL, 0);
			}
			break;
		}
		case 'x': shrink_secs = atof(optarg); break;
		case 'n': nseqs = atoll(optarg); break;
		case 't': secs = atof(optarg); break;
		case 'm': maxcalls = atoi(optarg); break;
		case 'L': maxlen = (unsigned)atoi(optarg); break;
		case 'k': keep_going = 1; break;
		case 'T': times = 1; break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (maxcalls < 3 || maxcalls > MAXOPS)
		usage();
	if (!have_seed) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
	}
	if (nlist)
		nseqs = nlist;
	if (nseqs < 0 && secs <= 0)
		nseqs = 100;
	setvbuf(stdout, NULL, _IOLBF, 0);
	load(&libs[REF], ref);
	load(&libs[OURS], realpath(ours, NULL) ? realpath(ours, NULL) : ours);
	if (libs[REF].kcapi_version == libs[OURS].kcapi_version || libs[REF].kcapi_version() == libs[OURS].kcapi_version()) {
		fprintf(stderr, "fuzz: both paths gave the same library (versions %u)\n", libs[REF].kcapi_version());
		exit(2);
	}
	data_init();
	SH = mmap(NULL, sizeof(*SH), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (SH == MAP_FAILED)
		exit(2);
	printf("fuzz: seed %#llx%s, reference %s (%u), ours %s (%u)\n", (unsigned long long)seed,
	       nlist > 1 ? " (a list)" : "", ref,
	       libs[REF].kcapi_version(), ours, libs[OURS].kcapi_version());
	t0 = now();
	for (long long i = 0; nseqs < 0 || i < nseqs; i++) {
		struct seq q;
		struct verdict v;
		uint64_t s = nlist ? list[i] : i == 0 ? seed : seed ^ splitmix(&(uint64_t){ seed + (uint64_t)i });
		double ts = now();

		if (secs > 0 && now() - t0 > secs)
			break;
		gen_seq(&q, s, maxcalls);
		run_both(&q);
		compare(&q, &v);
		n_seq++;
		n_calls += q.n;
		if (times)
			printf("sequence %#llx: %d calls, %.2f s, %s\n", (unsigned long long)s, q.n, now() - ts,
			       v.diff >= 0 ? "FAIL" : "ok");
		for (int k = 0; k < q.n; k++) {
			const struct res *a = &resref[k];
			cov[q.op[k].fn][a->status == ST_DONE || a->status == ST_NULL_RET || a->status == ST_TYPE_RET ?
					(a->ret >= 0 ? 0 : 1) : 2]++;
		}
		for (int k = 0; k < v.nknown; k++) {
			int j;
			for (j = 0; j < nkinds && strcmp(kinds[j].what, v.known_list[k]); j++)
				;
			if (j == nkinds && nkinds < MAXSIGS)
				kinds[nkinds++].what = v.known_list[k];
			if (j < MAXSIGS)
				kinds[j].count++;
		}
		n_known += v.known;
		n_refskip += v.refskips;
		if (verbose) {
			printf("sequence %#llx: %d calls%s%s\n", (unsigned long long)s, q.n, v.known ? ", known: " : "",
			       v.known ? v.known_what : "");
			print_seq(stdout, &q, q.n, 1);
		}
		if (v.diff >= 0) {
			char sig[160];
			int k;

			n_fail++;
			printf("FAIL: sequence %#llx (fuzz -s %#llx -n 1 -v): call %d %s: %s\n", (unsigned long long)s,
			       (unsigned long long)s, v.diff, fns[q.op[v.diff].fn].name, v.why);
			signature(&q, &v, sig, sizeof(sig));
			for (k = 0; k < nsigs && strcmp(sigs[k].sig, sig); k++)
				;
			if (k < nsigs) {
				sigs[k].count++;
				printf("\t(same kind as sequence %#llx)\n", (unsigned long long)sigs[k].first);
				if (!keep_going && n_fail >= 5)
					break;
				continue;
			}
			if (nsigs < MAXSIGS) {
				snprintf(sigs[nsigs].sig, sizeof(sigs[nsigs].sig), "%s", sig);
				sigs[nsigs].first = s;
				sigs[nsigs++].count = 1;
			}
			{	/* with -t, shrinking stays within the time given (at least 15 s for one) */
				double keep = shrink_secs, left = secs > 0 ? secs - (now() - t0) : shrink_secs;
				if (left < shrink_secs)
					shrink_secs = left > 15 ? left : 15;
				shrink(&q, &v);
				shrink_secs = keep;
			}
			printf("minimal reproduction (%d calls; buffers: in = fixed pseudo-random data, iv = in + 4096):\n",
			       q.n);
			print_seq(stdout, &q, v.diff >= 0 ? v.diff : q.n, 1);
			if (v.diff >= 0)
				printf("\t=> %s\n", v.why);
			if (!keep_going && n_fail >= 5)
				break;
		}
	}
	printf("fuzz: seed %#llx: %lld sequences, %lld calls, %lld classified differences, %lld reference "
	       "hangs/crashes skipped, %lld failing sequences; %.1f s (reference %.1f s, ours %.1f s)\n",
	       (unsigned long long)seed, n_seq, n_calls, n_known, n_refskip, n_fail, now() - t0, vm_secs_ref,
	       vm_secs_ours);
	if (times) {
		printf("calls per function in the reference (returned >= 0 / < 0 / skipped, crashed or hung):\n");
		for (int k = 0; k < F_COUNT; k++)
			printf("  %-18s %6lld %6lld %6lld\n", fns[k].name, cov[k][0], cov[k][1], cov[k][2]);
	}
	if (nkinds) {
		printf("classified differences by kind:\n");
		for (int k = 0; k < nkinds; k++)
			printf("  %4d x  %s\n", kinds[k].count, kinds[k].what);
	}
	if (nsigs) {
		printf("differences by kind (function, reference result, our result):\n");
		for (int k = 0; k < nsigs; k++)
			printf("  %4d x  %s  (first: -s %#llx -n 1 -v)\n", sigs[k].count, sigs[k].sig,
			       (unsigned long long)sigs[k].first);
	}
	printf("%lld passed, %lld failed\n", n_seq - n_fail, n_fail);
	return n_fail ? 1 : 0;
}
