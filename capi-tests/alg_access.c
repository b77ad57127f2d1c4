/*
 * alg_access.c - what the library answers when the kernel admits or refuses an algorithm
 * (tools/matrix runs it in every cell: kernels, af_alg_restrict levels, unprivileged, seccomp,
 * without crypto_user).
 *
 * For each algorithm of a table covering the four families (hashes, HMAC, CMAC; symmetric
 * ciphers; AEAD; RNG) it first binds a raw AF_ALG socket (independent of the library), then:
 *   - the kernel admits it: kcapi_*_init succeeds, the sizes the library reports (digest, block,
 *     IV, tag sizes: from NETLINK_CRYPTO or, without it, /proc/crypto) are the algorithm's, and
 *     a known answer (input "abc" or 32 counting bytes) comes out; an RNG gives its bytes;
 *   - the kernel refuses it (socket or bind fails with errno E): kcapi_*_init returns exactly
 *     -E and so does the matching convenience function (ENOENT: not in the kernel, or not on an
 *     af_alg_restrict allowlist; EAFNOSUPPORT: no AF_ALG, or af_alg_restrict=2). The case is
 *     printed as "SKIP: NAME: REASON" with the reason, told apart with the help of
 *     KCAPI_TEST_KERNEL_ALGS (a file of `kernel_has -l` lines taken as root with
 *     af_alg_restrict=0: what the kernel itself offers).
 * Known answers were computed with Python's hashlib/hmac and pyca/cryptography.
 * Last line: "N passed, N failed".
 */
#include "test_util.h"
#include <kcapi.h>

enum fam { HASH, SKCIPHER, AEAD, RNG };
static const char *const famname[] = { "hash", "skcipher", "aead", "rng" };

struct alg {
	enum fam fam;
	const char *name;
	unsigned int keylen;	/* bytes 0, 1, 2, ... (0: unkeyed) */
	const char *iv;		/* hex */
	unsigned int ds, bs, ivs;	/* digest (AEAD: tag) size, block size, IV size */
	const char *kat;	/* hex of the output (AEAD: ciphertext || tag) */
};

#define IV16 "101112131415161718191a1b1c1d1e1f"
static const struct alg algs[] = {
	{ HASH, "sha1", 0, NULL, 20, 64, 0, "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ HASH, "sha224", 0, NULL, 28, 64, 0, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7" },
	{ HASH, "sha256", 0, NULL, 32, 64, 0,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ HASH, "sha384", 0, NULL, 48, 128, 0,
	  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
	{ HASH, "sha512", 0, NULL, 64, 128, 0,
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ HASH, "sha3-224", 0, NULL, 28, 144, 0, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf" },
	{ HASH, "sha3-256", 0, NULL, 32, 136, 0,
	  "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532" },
	{ HASH, "sha3-512", 0, NULL, 64, 72, 0,
	  "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
	  "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0" },
	{ HASH, "md5", 0, NULL, 16, 64, 0, "900150983cd24fb0d6963f7d28e17f72" },
	{ HASH, "hmac(sha1)", 16, NULL, 20, 64, 0, "2a29854023ba2ef1490f8cd897a8cc6b557b2a12" },
	{ HASH, "hmac(sha256)", 16, NULL, 32, 64, 0,
	  "d601cc177559b0248459787f7e804ed7f27689b5995c59b661802d9682fdf8d2" },
	{ HASH, "hmac(sha512)", 16, NULL, 64, 128, 0,
	  "0764a658eb3e2fb02c067293cdaa3c05287315f2d3b45a2810201e26c3893548"
	  "e9eaca72f02e041920317168b57a8640291b3bb7aa4a5faf8026b4ad235ac425" },
	{ HASH, "hmac(sha3-256)", 16, NULL, 32, 136, 0,
	  "18e82ea45a9407ccb78729168099d6c6731b562e0d16675a1fe2e3d681565277" },
	{ HASH, "cmac(aes)", 16, NULL, 16, 16, 0, "0a54a6a425d48438c3f8bbe09bf944cc" },
	{ SKCIPHER, "cbc(aes)", 16, IV16, 0, 16, 16,
	  "9bb5f601884fcd6f6e29b23f82cca77aed83e78428f8510691163c71b04ed6f3" },
	{ SKCIPHER, "ctr(aes)", 16, IV16, 0, 1, 16,
	  "27dfcd57c5f02549b827c43aa2b9bcbca2f3f737ec39b4357e404759b7c4e037" },
	{ SKCIPHER, "ecb(aes)", 16, NULL, 0, 16, 0,
	  "5be87e2e5b447c944b21c9af7756c0d803f2c3bdca826bf082d7cfb035cdb8c1" },
	{ SKCIPHER, "xts(aes)", 32, IV16, 0, 16, 16,
	  "fb7e51e22ffd769dc581e45b30196e6a6da4a5f7679466446b415307b6f955cc" },
	{ SKCIPHER, "chacha20", 32, IV16, 0, 1, 16,
	  "5077fdf67ecd0c8de58b9a4e988072b8243a3ad16f97147a8a888c920aa9fdee" },
	{ AEAD, "gcm(aes)", 16, "101112131415161718191a1b", 16, 1, 12,
	  "e40f218c2b6a90c83ff477deeb0ac5110a8d46b402c15d88bdf2132a5b382f92"
	  "af6f27b48f9a3202ac0c35d69067ba08" },
	/* CCM: the IV is L' = 15 - 11 - 1 = 3, then the 11-byte nonce, then the counter */
	{ AEAD, "ccm(aes)", 16, "03101112131415161718191a00000000", 16, 1, 16,
	  "6c4e5ff8e498778ca625c3480e4eb0811159ea6a7be84cd8d279bc38a1c5ecd5"
	  "c7f886d0f623778b5736b4094c237e3e" },
	{ AEAD, "rfc7539(chacha20,poly1305)", 32, "101112131415161718191a1b", 16, 1, 12,
	  "7eeb6724223ce04e33ef1948f5869b5a4a57c71ab0f7e043baaa8d36d0819dd9"
	  "63f4d103b58ef879b5c04a0376b34b5a" },
	{ RNG, "stdrng", 0, NULL, 0, 0, 0, NULL },
	{ RNG, "jitterentropy_rng", 0, NULL, 0, 0, 0, NULL },
};

static const uint8_t abc[] = "abc";
static uint8_t key[32], pt[32];
static const char *kernel_algs;	/* KCAPI_TEST_KERNEL_ALGS */

/* the kernel itself offers the algorithm (1), does not (0), unknown (-1): the line
 * "TYPE NAME ok" in KCAPI_TEST_KERNEL_ALGS */
static int kernel_offers(const char *type, const char *name)
{
	char line[256], want[200];
	FILE *f;
	int found = -1;

	if (!kernel_algs || !(f = fopen(kernel_algs, "r")))
		return -1;
	snprintf(want, sizeof(want), "%s %s ", type, name);
	found = 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			found = !strncmp(line + strlen(want), "ok", 2);
	fclose(f);
	return found;
}

static int read_int(const char *path)
{
	FILE *f = fopen(path, "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* whether the process holds CAP_NET_ADMIN or CAP_SYS_ADMIN */
static int privileged(void)
{
	char line[256];
	unsigned long long eff = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff & (1ULL << 12 | 1ULL << 21)) != 0;
}

/* why the kernel refused the algorithm with errno err */
static void reason(const struct alg *a, int err, char *out, size_t n)
{
	int restrict_ = read_int("/proc/sys/crypto/af_alg_restrict");
	int offered = kernel_offers(famname[a->fam], a->name);

	if (err == EAFNOSUPPORT)
		snprintf(out, n, restrict_ == 2 ? "AF_ALG disabled (af_alg_restrict=2)" : "no AF_ALG in this kernel");
	else if (err == ENOENT && offered == 0)
		snprintf(out, n, "not in this kernel");
	else if (err == ENOENT && restrict_ == 1)
		snprintf(out, n, "not on the af_alg_restrict=1 allowlist for %s",
			 privileged() ? "privileged processes" : "unprivileged processes");
	else
		snprintf(out, n, "refused by the kernel (errno %d)", err);
}

/* the convenience function of a hash, where there is one: its result for input "abc" */
static ssize_t convenience(const struct alg *a, uint8_t *out, size_t outlen)
{
	if (!strcmp(a->name, "sha1"))
		return kcapi_md_sha1(abc, 3, out, outlen);
	if (!strcmp(a->name, "sha256"))
		return kcapi_md_sha256(abc, 3, out, outlen);
	if (!strcmp(a->name, "sha512"))
		return kcapi_md_sha512(abc, 3, out, outlen);
	if (!strcmp(a->name, "hmac(sha256)"))
		return kcapi_md_hmac_sha256(key, a->keylen, abc, 3, out, outlen);
	if (!strcmp(a->name, "cbc(aes)")) {
		uint8_t iv[16];

		unhex(a->iv, iv, sizeof(iv));
		return kcapi_cipher_enc_aes_cbc(key, a->keylen, pt, sizeof(pt), iv, out, outlen);
	}
	return 1;	/* none */
}

static int init(const struct alg *a, struct kcapi_handle **h)
{
	switch (a->fam) {
	case HASH: return kcapi_md_init(h, a->name, 0);
	case SKCIPHER: return kcapi_cipher_init(h, a->name, 0);
	case AEAD: return kcapi_aead_init(h, a->name, 0);
	default: return kcapi_rng_init(h, a->name, 0);
	}
}

static void admitted(const struct alg *a, struct kcapi_handle *h)
{
	uint8_t out[128], want[128], iv[16], in[64];
	ssize_t r, wl = a->kat ? unhex(a->kat, want, sizeof(want)) : 0;
	ssize_t c;

	memset(out, 0, sizeof(out));
	switch (a->fam) {
	case HASH:
		check(kcapi_md_digestsize(h) == a->ds && kcapi_md_blocksize(h) == a->bs,
		      "%s: digest size %u, block size %u (want %u, %u)", a->name, kcapi_md_digestsize(h),
		      kcapi_md_blocksize(h), a->ds, a->bs);
		if (a->keylen)
			check(kcapi_md_setkey(h, key, a->keylen) == 0, "%s: setkey", a->name);
		r = kcapi_md_digest(h, abc, 3, out, sizeof(out));
		check(r == wl && !memcmp(out, want, (size_t)wl), "%s(\"abc\") = %zd %s", a->name, r, hx(out, r));
		break;
	case SKCIPHER:
		check(kcapi_cipher_blocksize(h) == a->bs && kcapi_cipher_ivsize(h) == a->ivs,
		      "%s: block size %u, IV size %u (want %u, %u)", a->name, kcapi_cipher_blocksize(h),
		      kcapi_cipher_ivsize(h), a->bs, a->ivs);
		memset(iv, 0, sizeof(iv));
		if (a->iv)
			unhex(a->iv, iv, sizeof(iv));
		check(kcapi_cipher_setkey(h, key, a->keylen) == 0, "%s: setkey", a->name);
		r = kcapi_cipher_encrypt(h, pt, sizeof(pt), iv, out, sizeof(pt), KCAPI_ACCESS_HEURISTIC);
		check(r == wl && !memcmp(out, want, (size_t)wl), "%s: encrypt = %zd %s", a->name, r, hx(out, r));
		r = kcapi_cipher_decrypt(h, want, (size_t)wl, iv, out, sizeof(pt), KCAPI_ACCESS_HEURISTIC);
		check(r == (ssize_t)sizeof(pt) && !memcmp(out, pt, sizeof(pt)), "%s: decrypt = %zd", a->name, r);
		break;
	case AEAD:
		check(kcapi_aead_blocksize(h) == a->bs && kcapi_aead_ivsize(h) == a->ivs &&
		      kcapi_aead_authsize(h) == a->ds,
		      "%s: block size %u, IV size %u, max tag size %u (want %u, %u, %u)", a->name,
		      kcapi_aead_blocksize(h), kcapi_aead_ivsize(h), kcapi_aead_authsize(h), a->bs, a->ivs,
		      a->ds);
		unhex(a->iv, iv, sizeof(iv));
		check(kcapi_aead_setkey(h, key, a->keylen) == 0 && kcapi_aead_settaglen(h, a->ds) == 0,
		      "%s: setkey, settaglen", a->name);
		kcapi_aead_setassoclen(h, 3);
		memcpy(in, abc, 3);
		memcpy(in + 3, pt, sizeof(pt));
		r = kcapi_aead_encrypt(h, in, 3 + sizeof(pt), iv, out, 3 + (size_t)wl, KCAPI_ACCESS_HEURISTIC);
		check(r == 3 + wl && !memcmp(out, abc, 3) && !memcmp(out + 3, want, (size_t)wl),
		      "%s: encrypt = %zd %s", a->name, r, hx(out, r));
		memcpy(in + 3, want, (size_t)wl);
		r = kcapi_aead_decrypt(h, in, 3 + (size_t)wl, iv, out, 3 + sizeof(pt), KCAPI_ACCESS_HEURISTIC);
		check(r == 3 + (ssize_t)sizeof(pt) && !memcmp(out + 3, pt, sizeof(pt)), "%s: decrypt = %zd",
		      a->name, r);
		break;
	case RNG:
		check(kcapi_rng_seed(h, NULL, 0) == 0, "%s: seed", a->name);
		r = kcapi_rng_generate(h, out, 64);
		check(r == 64 && !all_bytes(out, 64, 0), "%s: generate 64 = %zd", a->name, r);
		break;
	}
	c = convenience(a, out, sizeof(out));
	if (c != 1)
		check(c == (a->fam == HASH ? (ssize_t)a->ds : (ssize_t)sizeof(pt)) &&
			      !memcmp(out, want, (size_t)wl),
		      "%s: convenience function = %zd", a->name, c);
}

int main(void)
{
	size_t i;
	int restrict_;

	test_init(300);
	kernel_algs = getenv("KCAPI_TEST_KERNEL_ALGS");
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = (uint8_t)(32 + i);
	restrict_ = read_int("/proc/sys/crypto/af_alg_restrict");
	printf("uid %u, %s, af_alg_restrict %d\n", (unsigned)getuid(),
	       privileged() ? "CAP_NET_ADMIN/CAP_SYS_ADMIN" : "no admin capability", restrict_);
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const struct alg *a = &algs[i];
		struct kcapi_handle *h = NULL;
		int err = kernel_bind_errno(famname[a->fam], a->name), rc = init(a, &h);

		if (!err) {
			if (check(rc == 0 && h, "%s %s: the kernel admits it, init = %d", famname[a->fam], a->name, rc))
				admitted(a, h);
		} else {
			char why[160];
			uint8_t out[64];
			ssize_t c = convenience(a, out, sizeof(out));

			check(rc == -err && !h, "%s %s: the kernel refuses it (errno %d), init = %d",
			      famname[a->fam], a->name, err, rc);
			if (c != 1)
				check(c == -err, "%s: convenience function = %zd, want %d", a->name, c, -err);
			reason(a, err, why, sizeof(why));
			printf("SKIP: %s %s: %s\n", famname[a->fam], a->name, why);
		}
		if (h) {
			switch (a->fam) {
			case HASH: kcapi_md_destroy(h); break;
			case SKCIPHER: kcapi_cipher_destroy(h); break;
			case AEAD: kcapi_aead_destroy(h); break;
			default: kcapi_rng_destroy(h); break;
			}
		}
	}
	/* kcapi_rng_get_bytes: stdrng, or (kcapi-rs) getrandom(2) when a bind of stdrng gives
	 * ENOENT (not in the kernel, or not on the allowlist); without AF_ALG its errno */
	{
		uint8_t b[48];
		ssize_t r;
		int err = kernel_bind_errno("rng", "stdrng");

		memset(b, 0, sizeof(b));
		r = kcapi_rng_get_bytes(b, sizeof(b));
		if (!err || (is_rs && err == ENOENT))
			check(r == (ssize_t)sizeof(b) && !all_bytes(b, sizeof(b), 0), "kcapi_rng_get_bytes = %zd", r);
		else
			check(r == -err, "kcapi_rng_get_bytes = %zd (stdrng: errno %d)", r, err);
	}
	return test_done();
}
