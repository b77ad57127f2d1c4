/*
 * cipher_kat.c - known answers for the symmetric cipher API.
 *
 * Published vectors (NIST SP 800-38A appendix F and CAVP MMT for AES-ECB/CBC,
 * RFC 3686 for AES-CTR, IEEE 1619 / CAVP XTSGen for AES-XTS, RFC 7539 for
 * ChaCha20, draft-ribose-cfrg-sm4 for SM4 when the kernel has it) through
 * kcapi_cipher_encrypt/decrypt in every access mode, in place, the stream
 * API with random split points, the _aio calls with and without
 * KCAPI_INIT_AIO, and the AES/SM4 convenience functions. Then inputs larger
 * than one kernel round (64 KiB - 1 ... 16 MiB) compared with one continuous
 * CBC/CTR operation computed from small pieces with explicit IVs.
 *
 * Output is one line per vector file / case and is identical for every
 * correct library; lines starting with "!" are library specific (libkcapi
 * restarts the IV every 64 KiB of a one-shot call, upstream issue #127): they are checked only
 * with KCAPI_TEST_RS=1 and left out of differential diffs.
 */
#include "cipher_util.h"

/* NIST SP 800-38A, appendix F.1.1 / F.2.1 / F.5.1 (AES-128) */
#define SP_KEY "2b7e151628aed2a6abf7158809cf4f3c"
#define SP_PT "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" \
	      "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"

static struct t_vec sp800_38a[3];

static void make_sp800_38a(void)
{
	static const char *const alg[] = { "ecb(aes)", "cbc(aes)", "ctr(aes)" };
	static const char *const iv[] = { "", "000102030405060708090a0b0c0d0e0f", "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" };
	static const char *const ct[] = {
		"3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
		"43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4",
		"7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
		"73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7",
		"874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
		"5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee",
	};
	int i;

	for (i = 0; i < 3; i++) {
		sp800_38a[i].alg = alg[i];
		sp800_38a[i].key = t_unhex(SP_KEY, &sp800_38a[i].keylen);
		sp800_38a[i].iv = t_unhex(iv[i], &sp800_38a[i].ivlen);
		sp800_38a[i].pt = t_unhex(SP_PT, &sp800_38a[i].ptlen);
		sp800_38a[i].ct = t_unhex(ct[i], &sp800_38a[i].ctlen);
	}
}

static int chains(const char *alg)
{
	return !strncmp(alg, "cbc", 3) || !strncmp(alg, "ctr", 3) || !strncmp(alg, "ecb", 3);
}

/* one-shot through kcapi_cipher_encrypt/decrypt; returns 1 if the output matches */
static int oneshot_ok(struct kcapi_handle *h, int enc, const struct t_vec *v, int access, const char *what)
{
	const uint8_t *in = enc ? v->pt : v->ct, *want = enc ? v->ct : v->pt;
	uint8_t *out = malloc(v->ptlen + 1);
	ssize_t r;
	int ok;

	if (!out)
		abort();
	r = enc ? kcapi_cipher_encrypt(h, in, v->ptlen, v->ivlen ? v->iv : NULL, out, v->ptlen, access)
		: kcapi_cipher_decrypt(h, in, v->ptlen, v->ivlen ? v->iv : NULL, out, v->ptlen, access);
	ok = check(r == (ssize_t)v->ptlen && !memcmp(out, want, v->ptlen), "%s key %s %s access %d: rc=%zd out=%s",
		     v->alg, t_hex(v->key, v->keylen), what, access, r, t_hex(out, r > 0 ? (size_t)r : 0));
	free(out);
	return ok;
}

/* all paths for one vector; returns the number of failed checks */
static unsigned int one_vector(const struct t_vec *v)
{
	unsigned int before = nfail;
	struct kcapi_handle *h = t_cipher(v->alg, v->key, v->keylen, 0);
	const uint8_t *iv = v->ivlen ? v->iv : NULL;
	uint8_t *buf = malloc(v->ptlen + 1), *out = malloc(v->ptlen + 1);
	struct iovec in, o;
	ssize_t r;
	int a, aio;

	if (!h || !buf || !out) {
		check(0, "%s: no handle", v->alg);
		goto done;
	}
	for (a = 0; a < 3; a++) {
		oneshot_ok(h, 1, v, a, "encrypt");
		oneshot_ok(h, 0, v, a, "decrypt");
	}
	/* in place */
	memcpy(buf, v->pt, v->ptlen);
	r = kcapi_cipher_encrypt(h, buf, v->ptlen, iv, buf, v->ptlen, KCAPI_ACCESS_VMSPLICE);
	check(r == (ssize_t)v->ptlen && !memcmp(buf, v->ct, v->ptlen), "%s in place: rc=%zd", v->alg, r);
	/* stream, random split points */
	r = t_stream(h, 1, iv, v->pt, v->ptlen, out, chains(v->alg));
	check(r == (ssize_t)v->ptlen && !memcmp(out, v->ct, v->ptlen), "%s stream enc: rc=%zd", v->alg, r);
	r = t_stream(h, 0, iv, v->ct, v->ptlen, out, chains(v->alg));
	check(r == (ssize_t)v->ptlen && !memcmp(out, v->pt, v->ptlen), "%s stream dec: rc=%zd", v->alg, r);
	kcapi_cipher_destroy(h);

	/*
	 * _aio with one pair: with KCAPI_INIT_AIO, and without it (libkcapi's
	 * synchronous fallback then leaves the request open, so it cannot
	 * return a final partial block: only block-aligned vectors there unless
	 * the library is kcapi-rs).
	 */
	for (aio = 0; aio < 2; aio++) {
		int aligned = v->ptlen % 16 == 0 && (strcmp(v->alg, "chacha20") || v->ptlen % 64 == 0);

		if (!aio && !aligned && !is_rs)
			continue;
		h = t_cipher(v->alg, v->key, v->keylen, aio ? KCAPI_INIT_AIO : 0);
		if (!h) {
			check(0, "%s: no AIO handle", v->alg);
			continue;
		}
		in.iov_base = v->ct;
		in.iov_len = v->ctlen;
		o.iov_base = out;
		o.iov_len = v->ptlen;
		memset(out, 0, v->ptlen);
		r = kcapi_cipher_decrypt_aio(h, &in, &o, 1, iv, (int)(t_rand() % 3));
		check(r == (ssize_t)v->ptlen && !memcmp(out, v->pt, v->ptlen), "%s decrypt_aio (aio flag %d): rc=%zd out=%s",
			v->alg, aio, r, t_hex(out, v->ptlen));
		kcapi_cipher_destroy(h);
	}
done:
	free(buf);
	free(out);
	return nfail - before;
}

static void vector_file(const char *alg, const char *file)
{
	struct t_vec *v = NULL;
	int n = t_load(alg, file, &v), i;
	unsigned int bad = 0;
	struct kcapi_handle *probe = NULL;

	if (n <= 0) {
		check(0, "%s: cannot read vectors (%d)", file, n);
		t_free_vecs(v, 0);
		return;
	}
	if (kcapi_cipher_init(&probe, alg, 0) == -ENOENT) {
		printf("%s: %s not available in this kernel (-ENOENT), %d vectors skipped\n", file, alg, n);
		t_free_vecs(v, n);
		return;
	}
	kcapi_cipher_destroy(probe);
	for (i = 0; i < n; i++)
		bad += take_vector((unsigned int)i) && one_vector(&v[i]) ? 1 : 0;
	printf("%s (%s): %d vectors, %u failed\n", file, alg, n, bad);
	t_free_vecs(v, n);
}

/* the convenience functions, on the AES and SM4 vectors of the files */
static void convenience(const char *alg, const char *file)
{
	struct t_vec *v = NULL;
	int n = t_load(alg, file, &v), i, ok = 0, ctr = !strncmp(alg, "ctr", 3), sm4 = strstr(alg, "sm4") != NULL;

	for (i = 0; i < n; i++) {
		uint8_t *out = malloc(v[i].ptlen + 1);
		ssize_t e, d;

		if (!out)
			abort();
		if (sm4) {
			e = ctr ? kcapi_cipher_enc_sm4_ctr(v[i].key, (uint32_t)v[i].keylen, v[i].pt, v[i].ptlen, v[i].iv, out, v[i].ptlen)
				: kcapi_cipher_enc_sm4_cbc(v[i].key, (uint32_t)v[i].keylen, v[i].pt, v[i].ptlen, v[i].iv, out, v[i].ptlen);
		} else {
			e = ctr ? kcapi_cipher_enc_aes_ctr(v[i].key, (uint32_t)v[i].keylen, v[i].pt, v[i].ptlen, v[i].iv, out, v[i].ptlen)
				: kcapi_cipher_enc_aes_cbc(v[i].key, (uint32_t)v[i].keylen, v[i].pt, v[i].ptlen, v[i].iv, out, v[i].ptlen);
		}
		if (e == -ENOENT) {
			printf("%s convenience: -ENOENT\n", alg);
			free(out);
			t_free_vecs(v, n);
			return;
		}
		check(e == (ssize_t)v[i].ptlen && !memcmp(out, v[i].ct, v[i].ptlen), "%s convenience enc %d: %zd", alg, i, e);
		if (sm4) {
			d = ctr ? kcapi_cipher_dec_sm4_ctr(v[i].key, (uint32_t)v[i].keylen, out, v[i].ptlen, v[i].iv, out, v[i].ptlen)
				: kcapi_cipher_dec_sm4_cbc(v[i].key, (uint32_t)v[i].keylen, out, v[i].ptlen, v[i].iv, out, v[i].ptlen);
		} else {
			d = ctr ? kcapi_cipher_dec_aes_ctr(v[i].key, (uint32_t)v[i].keylen, out, v[i].ptlen, v[i].iv, out, v[i].ptlen)
				: kcapi_cipher_dec_aes_cbc(v[i].key, (uint32_t)v[i].keylen, out, v[i].ptlen, v[i].iv, out, v[i].ptlen);
		}
		ok += check(d == (ssize_t)v[i].ptlen && !memcmp(out, v[i].pt, v[i].ptlen), "%s convenience dec %d: %zd", alg, i, d);
		free(out);
	}
	printf("%s convenience functions: %d of %d vectors\n", alg, ok, n);
	t_free_vecs(v, n > 0 ? n : 0);
}

/* ---------------------------------------------------------------- large */

#define BIG (16u << 20)

/*
 * One continuous CBC or CTR encryption of in[0..len) computed from pieces of
 * 48 KiB, each given its IV explicitly (last ciphertext block / counter
 * advanced here), so that it does not depend on how a library chains.
 */
static int continuous(struct kcapi_handle *h, int cbc, const uint8_t *iv0, const uint8_t *in, size_t len, uint8_t *out)
{
	uint8_t iv[16];
	size_t off, step = 48 * 1024;

	memcpy(iv, iv0, 16);
	for (off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step, blocks = n / 16;
		int i;

		if (kcapi_cipher_encrypt(h, in + off, n, iv, out + off, n, KCAPI_ACCESS_SENDMSG) != (ssize_t)n)
			return -1;
		if (cbc) {
			memcpy(iv, out + off + n - 16, 16);
			continue;
		}
		for (i = 15; i >= 0 && blocks; i--) {
			unsigned int s = iv[i] + (unsigned int)(blocks & 0xff);

			iv[i] = (uint8_t)s;
			blocks = (blocks >> 8) + (s >> 8);
		}
	}
	return 0;
}

static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return i;
	return n;
}

static void large(void)
{
	static const size_t ctr_sizes[] = { 65535, 65536, 65552, (1u << 20) + 16, BIG };
	static const size_t cbc_sizes[] = { 65536, 65552, (1u << 20) + 16, BIG };
	uint8_t key[16], iv[16], *in = malloc(BIG), *want = malloc(BIG), *out = malloc(BIG);
	int alg;

	if (!in || !want || !out)
		abort();
	t_fill(in, BIG, 42);
	t_fill(key, 16, 7);
	memset(iv, 0xf0, 16);
	iv[15] = 0xf8; /* the counter's low bytes wrap within the first MiB */
	for (alg = 0; alg < 2; alg++) {
		const char *name = alg ? "cbc(aes)" : "ctr(aes)";
		const size_t *sizes = alg ? cbc_sizes : ctr_sizes;
		size_t ns = alg ? 4 : 5, i;
		struct kcapi_handle *h = t_cipher(name, key, 16, 0);
		ssize_t r;

		if (!h || continuous(h, alg, iv, in, BIG, want)) {
			check(0, "%s: continuous reference failed", name);
			continue;
		}
		for (i = 0; i < ns; i++) {
			size_t n = sizes[i];
			int a;

			for (a = 0; a < 3; a++) {
				size_t d;

				if (n == BIG && a)
					break;
				memset(out, 0, n);
				r = kcapi_cipher_encrypt(h, in, n, iv, out, n, a);
				d = first_diff(out, want, n);
				pfx = n > 65536 ? "!" : "";
				printf("%s%s one-shot %zu bytes access %d: rc=%zd, %s\n", pfx, name, n, a, r,
				       d == n ? "equals the continuous operation" : "differs");
				if (d < n)
					printf("%s  first difference at offset %zu\n", pfx, d);
				if (n <= 65536 || is_rs)
					check(r == (ssize_t)n && d == n, "%s %zu access %d: rc=%zd diff at %zu", name, n, a, r, d);
				pfx = "";
			}
		}
		/* decrypt back across piece boundaries */
		r = kcapi_cipher_decrypt(h, want, (1u << 20) + 16, iv, out, (1u << 20) + 16, KCAPI_ACCESS_HEURISTIC);
		pfx = "!";
		printf("!%s one-shot decrypt 1 MiB + 16: rc=%zd, %s\n", name, r,
		       memcmp(out, in, (1u << 20) + 16) ? "differs" : "equals the plaintext");
		if (is_rs)
			check(r == (1 << 20) + 16 && !memcmp(out, in, (1u << 20) + 16), "%s decrypt 1 MiB+16", name);
		pfx = "";
		/* the stream API chains in every library */
		r = t_stream(h, 1, iv, in, (1u << 20) + 16, out, 1);
		printf("%s stream 1 MiB + 16: rc=%zd, %s\n", name, r, memcmp(out, want, (1u << 20) + 16) ? "differs" : "equals the continuous operation");
		check(r == (1 << 20) + 16 && !memcmp(out, want, (1u << 20) + 16), "%s stream 1 MiB+16", name);
		/* a one-page pipe: vmsplice access falls back to copying */
		if (kcapi_set_maxsplicesize(h, 4096) == 0) {
			r = kcapi_cipher_encrypt(h, in, 65536, iv, out, 65536, KCAPI_ACCESS_VMSPLICE);
			printf("%s 64 KiB through a 4 KiB pipe: rc=%zd, %s\n", name, r, memcmp(out, want, 65536) ? "differs" : "correct");
			check(r == 65536 && !memcmp(out, want, 65536), "%s small pipe", name);
		}
		/* unaligned buffers */
		r = kcapi_cipher_encrypt(h, in + 3 * 16 + 5, 32768, iv, out + 1, 32768, KCAPI_ACCESS_VMSPLICE);
		printf("%s unaligned 32 KiB: rc=%zd fnv=%016llx\n", name, r, (unsigned long long)t_fnv(out + 1, 32768));
		kcapi_cipher_destroy(h);
	}
	/* the convenience function on 128 KiB of zeros: libkcapi repeats the key stream */
	memset(in, 0, 131072);
	{
		ssize_t r = kcapi_cipher_enc_aes_ctr(key, 16, in, 131072, iv, out, 131072);

		printf("!ctr(aes) convenience 128 KiB: rc=%zd, second half %s the first\n", r,
		       memcmp(out, out + 65536, 65536) ? "differs from" : "repeats");
		if (is_rs) {
			pfx = "!";
			check(r == 131072 && memcmp(out, out + 65536, 65536), "convenience ctr 128 KiB key stream reuse");
			pfx = "";
		}
	}
	free(in);
	free(want);
	free(out);
}

/* _aio with several pairs: one stream, the IV chained across the pairs (as libkcapi) */
static void aio_pairs(void)
{
	struct t_vec *v = &sp800_38a[1];
	uint8_t out[3][64], pt3[192], ct3[192];
	struct iovec in[3], o[3];
	int flags, i;

	for (i = 0; i < 3; i++)
		memcpy(pt3 + 64 * i, v->pt, 64);
	for (flags = 0; flags < 2; flags++) {
		struct kcapi_handle *h = t_cipher(v->alg, v->key, v->keylen, flags ? KCAPI_INIT_AIO : 0);
		ssize_t r;

		if (!h)
			continue;
		r = kcapi_cipher_encrypt(h, pt3, 192, v->iv, ct3, 192, 0);
		check(r == 192 && !memcmp(ct3, v->ct, 64), "cbc(aes) one-shot of 3 x the vector");
		for (i = 0; i < 3; i++) {
			in[i].iov_base = v->pt;
			in[i].iov_len = 64;
			o[i].iov_base = out[i];
			o[i].iov_len = 64;
		}
		r = kcapi_cipher_encrypt_aio(h, in, o, 3, v->iv, KCAPI_ACCESS_HEURISTIC);
		printf("cbc(aes) encrypt_aio 3 pairs (aio flag %d): rc=%zd out=%s\n", flags, r, t_hex(out[0], 192));
		check(r == 192 && !memcmp(out, ct3, 192), "aio pairs chained (flag %d)", flags);
		/* in place, input and output the same iovec array */
		r = kcapi_cipher_decrypt_aio(h, o, o, 3, v->iv, KCAPI_ACCESS_VMSPLICE);
		check(r == 192 && !memcmp(out[0], v->pt, 64) && !memcmp(out[2], v->pt, 64), "aio in place (flag %d)",
		      flags);
		kcapi_cipher_destroy(h);
	}
}

int main(int argc, char **argv)
{
	static const char *const files[][2] = {
		{ "cbc(aes)", "AES/CBC/CBCMMT128.rsp" }, { "cbc(aes)", "AES/CBC/CBCMMT256.rsp" },
		{ "ecb(aes)", "AES/ECB/ECBMMT128.rsp" }, { "ecb(aes)", "AES/ECB/ECBMMT256.rsp" },
		{ "ctr(aes)", "AES/CTR/aes-128-ctr.txt" }, { "ctr(aes)", "AES/CTR/aes-256-ctr.txt" },
		{ "xts(aes)", "AES/XTS/tweak-128hexstr/XTSGenAES128-sel.rsp" },
		{ "xts(aes)", "AES/XTS/tweak-128hexstr/XTSGenAES256-sel.rsp" },
		{ "chacha20", "ChaCha20/rfc7539.txt" },
		{ "cbc(sm4)", "SM4/draft-ribose-cfrg-sm4-10-cbc.txt" },
		{ "ctr(sm4)", "SM4/draft-ribose-cfrg-sm4-10-ctr.txt" },
	};
	size_t i;
	int bad = 0;

	if (argc > 1)
		setenv("KCAPI_TEST_VECTORS", argv[1], 1);
	test_init(600);
	printf("!library under test: %s\n", is_rs ? "kcapi-rs" : "reference");
	make_sp800_38a();
	for (i = 0; i < 3; i++)
		bad += one_vector(&sp800_38a[i]) ? 1 : 0;
	printf("NIST SP 800-38A F.1.1/F.2.1/F.5.1: 3 vectors, %d failed\n", bad);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		vector_file(files[i][0], files[i][1]);
	convenience("cbc(aes)", "AES/CBC/CBCMMT256.rsp");
	convenience("ctr(aes)", "AES/CTR/aes-128-ctr.txt");
	convenience("cbc(sm4)", "SM4/draft-ribose-cfrg-sm4-10-cbc.txt");
	convenience("ctr(sm4)", "SM4/draft-ribose-cfrg-sm4-10-ctr.txt");
	aio_pairs();
	large();
	return test_done();
}
