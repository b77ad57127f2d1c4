/*
 * aead_kat.c - known-answer tests for the libkcapi AEAD API.
 *
 * Vectors (capi-tests/vectors/aead, see the SOURCE files there):
 *   gcm(aes)                      NIST CAVP gcmEncryptExtIV / gcmDecrypt (96-bit IVs)
 *   ccm(aes)                      NIST CAVP CCM DVPT, VADT, VNT, VPT, VTT
 *   rfc4106(gcm(aes))             draft-mcgrew-gcm-test-01 (RFC 4106 ESP test cases)
 *   rfc7539(chacha20,poly1305)    RFC 7539/8439 2.8.2 and the BoringSSL/OpenSSL vectors
 *   authenc(hmac(sha256),cbc(aes)) RFC 3602 AES-CBC cases with HMAC-SHA-256 tags
 *
 * Every vector with a known plaintext goes through: one-shot encryption with each
 * access type (separate buffers) and in place, one-shot decryption (separate and in
 * place), stream encryption and decryption (AAD, data and tag as separate updates),
 * AIO encryption and decryption of two messages, and decryption with a modified
 * tag, AAD and ciphertext (-EBADMSG with errno EBADMSG, one-shot and stream).
 * Vectors marked FAIL / Result = Fail must be rejected with -EBADMSG.
 *
 * The output (one line per vector file) is the same for every correct library, so
 * run-differential.sh diffs it between Debian's libkcapi and kcapi-rs.  Lines
 * starting with "!" are kcapi-rs only (KCAPI_TEST_RS=1): AIO decryption of a
 * modified message followed by another operation on the handle (libkcapi 1.4.0
 * returns early and the next AIO call hangs).
 *
 * Usage: aead_kat [VECTOR_DIR]   (default $KCAPI_TEST_VECTORS, else compiled in)
 * Environment: KCAPI_TEST_TIMEOUT (seconds, default 600), KCAPI_TEST_RS=1.
 * Last line: "N passed, N failed"; exit status 1 if anything failed.
 */
#include "cipher_util.h"	/* accounting, watchdog */

/* ---------------------------------------------------------------- helpers */

static const char *vecdir = VECTOR_DIR;

/* hex (or "quoted text") into a new buffer; *len receives the length */
static uint8_t *parse_value(const char *s, size_t *len)
{
	size_t n = strlen(s), i;
	uint8_t *b = malloc(n + 2);

	if (!b)
		abort();
	if (s[0] == '"') {
		const char *e = strrchr(s + 1, '"');
		size_t l = e ? (size_t)(e - s - 1) : n - 1;

		memcpy(b, s + 1, l);
		*len = l;
		return b;
	}
	for (i = 0; 2 * i + 1 < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			break;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = i;
	return b;
}

/* ------------------------------------------------------- vector records */

#define MAXF 16

/* The fields of the current record and its section ("name = value" pairs). */
struct rec {
	char name[MAXF][24];
	uint8_t *val[MAXF];
	size_t len[MAXF];
	char text[MAXF][24];	/* short values as text (for numbers) */
	int in_record[MAXF];	/* set inside a record (not by its section) */
	int n;
	int fail;		/* a bare "FAIL" line */
	int in_rec;		/* lines belong to a record now */
};

static void rec_set(struct rec *r, const char *name, const char *value)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcasecmp(r->name[i], name))
			break;
	if (i == r->n) {
		if (r->n == MAXF)
			return;
		r->n++;
		snprintf(r->name[i], sizeof(r->name[i]), "%s", name);
	} else {
		free(r->val[i]);
	}
	r->val[i] = parse_value(value, &r->len[i]);
	snprintf(r->text[i], sizeof(r->text[i]), "%s", value);
	r->in_record[i] = r->in_rec;
}

static int rec_idx(const struct rec *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcasecmp(r->name[i], name))
			return i;
	return -1;
}

static const uint8_t *rec_get(const struct rec *r, const char *name, size_t *len)
{
	int i = rec_idx(r, name);

	*len = 0;
	if (i < 0)
		return NULL;
	*len = r->len[i];
	return r->val[i];
}

static long rec_num(const struct rec *r, const char *name)
{
	int i = rec_idx(r, name);

	return i < 0 ? -1 : strtol(r->text[i], NULL, 10);
}

static void rec_drop(struct rec *r, const char *name)
{
	int i = rec_idx(r, name);

	if (i < 0)
		return;
	free(r->val[i]);
	r->n--;
	if (i != r->n) {
		memcpy(r->name[i], r->name[r->n], sizeof(r->name[i]));
		r->val[i] = r->val[r->n];
		r->len[i] = r->len[r->n];
		memcpy(r->text[i], r->text[r->n], sizeof(r->text[i]));
		r->in_record[i] = r->in_record[r->n];
	}
}

typedef void (*vec_fn)(const struct rec *r, const char *file, long count);

/* Parse a CAVP-style file: "[A = x, B = y]" section headers and "name = value"
 * lines; a record starts at "Count = n" and ends at the next one or EOF. Values set
 * inside a record are forgotten at its end; values set before it (section level, such
 * as the key of a CCM section) stay until set again. */
static int for_each_record(const char *relpath, vec_fn fn)
{
	char path[512], line[8192];
	struct rec r;
	FILE *f;
	long count = -1;
	int nrec = 0, i;
	unsigned int seen = 0;

	memset(&r, 0, sizeof(r));
	snprintf(path, sizeof(path), "%s/aead/%s", vecdir, relpath);
	f = fopen(path, "r");
	if (!f) {
		check(0, "cannot open %s", path);
		return 0;
	}
	for (;;) {
		char *p = fgets(line, sizeof(line), f), *eq, *e;

		if (!p || !strncasecmp(p, "count", 5)) {
			if (r.in_rec && take_vector(seen++)) {
				fn(&r, relpath, count);
				nrec++;
			}
			if (!p)
				break;
			for (i = r.n - 1; i >= 0; i--)
				if (r.in_record[i])
					rec_drop(&r, r.name[i]);
			r.fail = 0;
			eq = strchr(p, '=');
			count = eq ? strtol(eq + 1, NULL, 10) : -1;
			r.in_rec = 1;
			continue;
		}
		e = p + strlen(p);
		while (e > p && isspace((unsigned char)e[-1]))
			*--e = 0;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		if (*p == '[') {
			/* section header: one or more "name = value" pairs */
			char *s = p + 1;

			if (r.in_rec && take_vector(seen++)) {
				fn(&r, relpath, count);
				nrec++;
			}
			for (i = r.n - 1; i >= 0; i--)
				if (r.in_record[i])
					rec_drop(&r, r.name[i]);
			r.in_rec = 0;
			while (s && *s) {
				char *comma = strchr(s, ','), *end = comma ? comma : strchr(s, ']');
				char nm[64], vl[64];

				if (end)
					*end = 0;
				if (sscanf(s, " %63[^= ] = %63s", nm, vl) == 2)
					rec_set(&r, nm, vl);
				s = comma ? comma + 1 : NULL;
			}
			continue;
		}
		if (!strcmp(p, "FAIL")) {
			r.fail = 1;
			continue;
		}
		eq = strchr(p, '=');
		if (!eq)
			continue;
		*eq = 0;
		e = eq;
		while (e > p && isspace((unsigned char)e[-1]))
			*--e = 0;
		eq++;
		while (isspace((unsigned char)*eq))
			eq++;
		rec_set(&r, p, eq);
	}
	fclose(f);
	for (i = 0; i < r.n; i++)
		free(r.val[i]);
	return nrec;
}

/* ------------------------------------------------------------ one vector */

struct vec {
	const char *alg;
	const uint8_t *key;
	size_t keylen;
	const uint8_t *iv;
	const uint8_t *aad;
	size_t aadlen;
	const uint8_t *pt;	/* NULL: decryption-only vector */
	const uint8_t *ct;
	size_t ptlen;
	const uint8_t *tag;
	size_t taglen;
	int must_fail;		/* decryption must be rejected */
	const char *id;
};

static unsigned int vec_index;
static int all_access;		/* every access type for every vector */

static struct kcapi_handle *open_vec(const struct vec *v)
{
	struct kcapi_handle *h = NULL;
	int r = kcapi_aead_init(&h, v->alg, KCAPI_INIT_AIO);

	check(r == 0, "%s: kcapi_aead_init(%s) = %d", v->id, v->alg, r);
	if (r)
		return NULL;
	r = kcapi_aead_setkey(h, v->key, (uint32_t)v->keylen);
	check(r == 0, "%s: setkey = %d", v->id, r);
	r = kcapi_aead_settaglen(h, (uint32_t)v->taglen);
	check(r == 0, "%s: settaglen(%zu) = %d", v->id, v->taglen, r);
	kcapi_aead_setassoclen(h, v->aadlen);
	return h;
}

static uint8_t *cat3(const uint8_t *a, size_t al, const uint8_t *b, size_t bl,
		     const uint8_t *c, size_t cl, size_t extra)
{
	uint8_t *p = malloc(al + bl + cl + extra + 1);

	if (!p)
		abort();
	if (al)
		memcpy(p, a, al);
	if (bl)
		memcpy(p + al, b, bl);
	if (cl)
		memcpy(p + al + bl, c, cl);
	memset(p + al + bl + cl, 0, extra + 1);
	return p;
}

/* decryption of a (possibly modified) message that must fail: one-shot and stream */
static void expect_badmsg(struct kcapi_handle *h, const struct vec *v, const uint8_t *in,
			  size_t inlen, const char *what, int stream)
{
	size_t outlen = inlen - v->taglen;
	uint8_t *out = malloc(outlen + 1);
	ssize_t r;

	if (!out)
		abort();
	/* libkcapi 1.4.0 returns 0 for a one-shot decryption with an empty result without
	 * running it (no tag check): kcapi-rs only */
	if (outlen || is_rs) {
		errno = 0;
		r = kcapi_aead_decrypt(h, in, inlen, v->iv, out, outlen, (int)(vec_index % 3));
		check(r == -EBADMSG && errno == EBADMSG, "%s%s: decrypt (%s) = %zd errno %d, expected -EBADMSG",
		      outlen ? "" : "!", v->id, what, r, errno);
	}
	if (stream) {
		struct iovec iov[3], o;

		iov[0].iov_base = (void *)(uintptr_t)in;
		iov[0].iov_len = v->aadlen;
		iov[1].iov_base = (void *)(uintptr_t)(in + v->aadlen);
		iov[1].iov_len = inlen - v->aadlen - v->taglen;
		iov[2].iov_base = (void *)(uintptr_t)(in + inlen - v->taglen);
		iov[2].iov_len = v->taglen;
		o.iov_base = out;
		o.iov_len = outlen ? outlen : 1;
		r = kcapi_aead_stream_init_dec(h, v->iv, iov, 2);
		check(r == (ssize_t)(inlen - v->taglen), "%s: stream_init_dec (%s) = %zd", v->id, what, r);
		r = kcapi_aead_stream_update_last(h, iov + 2, 1);
		check(r == (ssize_t)v->taglen, "%s: stream_update_last (%s) = %zd", v->id, what, r);
		errno = 0;
		r = kcapi_aead_stream_op(h, &o, 1);
		check(r == -EBADMSG && errno == EBADMSG, "%s: stream_op (%s) = %zd errno %d, expected -EBADMSG",
		      v->id, what, r, errno);
	}
	free(out);
}

static void run_vec(const struct vec *v)
{
	struct kcapi_handle *h = open_vec(v);
	size_t inlen = v->aadlen + v->ptlen, outlen = inlen + v->taglen;
	uint8_t *enc_in, *dec_in, *expect_enc, *expect_dec, *out, *buf;
	struct iovec iv_in[3], iv_out[2], o;
	ssize_t r;
	int acc, nmsg, i;

	vec_index++;
	if (!h)
		return;
	dec_in = cat3(v->aad, v->aadlen, v->ct, v->ptlen, v->tag, v->taglen, 0);
	if (v->must_fail || !v->pt) {
		expect_badmsg(h, v, dec_in, outlen, "vector", 1);
		free(dec_in);
		kcapi_aead_destroy(h);
		return;
	}
	enc_in = cat3(v->aad, v->aadlen, v->pt, v->ptlen, NULL, 0, 0);
	expect_enc = dec_in;
	expect_dec = enc_in;
	out = malloc(2 * outlen + 64);
	buf = malloc(outlen + 1);
	if (!out || !buf)
		abort();

	/* one-shot encryption, separate buffers: the access type changes from vector to
	 * vector (all three for the small files) */
	for (acc = 0; acc < 3; acc++) {
		if (!all_access && acc != (int)(vec_index % 3))
			continue;
		memset(out, 0xa5, outlen + 1);
		r = kcapi_aead_encrypt(h, enc_in, inlen, v->iv, out, outlen, acc);
		check(r == (ssize_t)outlen && !memcmp(out, expect_enc, outlen) && out[outlen] == 0xa5,
		      "%s: encrypt (access %d) = %zd, output %s", v->id, acc, r,
		      r == (ssize_t)outlen && !memcmp(out, expect_enc, outlen) ? "ok" : "wrong");
	}
	/* in place */
	memcpy(buf, enc_in, inlen);
	r = kcapi_aead_encrypt(h, buf, inlen, v->iv, buf, outlen, (int)(vec_index % 3));
	check(r == (ssize_t)outlen && !memcmp(buf, expect_enc, outlen),
	      "%s: encrypt in place = %zd", v->id, r);

	/* one-shot decryption: separate, in place (libkcapi 1.4.0 cannot decrypt to an
	 * empty result, see expect_badmsg: kcapi-rs only) */
	if (!inlen && !is_rs)
		goto stream;
	memset(out, 0xa5, inlen + 1);
	r = kcapi_aead_decrypt(h, dec_in, outlen, v->iv, out, inlen, (int)(vec_index % 3));
	check(r == (ssize_t)inlen && !memcmp(out, expect_dec, inlen) && out[inlen] == 0xa5,
	      "%s: decrypt = %zd", v->id, r);
	memcpy(buf, dec_in, outlen);
	r = kcapi_aead_decrypt(h, buf, outlen, v->iv, buf, inlen, (int)((vec_index + 1) % 3));
	check(r == (ssize_t)inlen && !memcmp(buf, expect_dec, inlen),
	      "%s: decrypt in place = %zd", v->id, r);

stream:
	/* stream encryption: AAD with init, plaintext in two updates */
	iv_in[0].iov_base = (void *)(uintptr_t)v->aad;
	iv_in[0].iov_len = v->aadlen;
	iv_in[1].iov_base = (void *)(uintptr_t)v->pt;
	iv_in[1].iov_len = v->ptlen / 2;
	iv_in[2].iov_base = (void *)(uintptr_t)(v->pt + v->ptlen / 2);
	iv_in[2].iov_len = v->ptlen - v->ptlen / 2;
	r = kcapi_aead_stream_init_enc(h, v->iv, v->aadlen ? iv_in : NULL, v->aadlen ? 1 : 0);
	check(r == (ssize_t)v->aadlen, "%s: stream_init_enc = %zd", v->id, r);
	r = kcapi_aead_stream_update(h, iv_in + 1, 1);
	check(r == (ssize_t)iv_in[1].iov_len, "%s: stream_update = %zd", v->id, r);
	r = kcapi_aead_stream_update_last(h, iv_in + 2, 1);
	check(r == (ssize_t)iv_in[2].iov_len, "%s: stream_update_last = %zd", v->id, r);
	memset(out, 0xa5, outlen);
	o.iov_base = out;
	o.iov_len = outlen;
	r = kcapi_aead_stream_op(h, &o, 1);
	check(r == (ssize_t)outlen && !memcmp(out, expect_enc, outlen), "%s: stream_op (enc) = %zd", v->id, r);

	/* stream decryption: AAD, ciphertext, tag as separate updates */
	r = kcapi_aead_stream_init_dec(h, v->iv, NULL, 0);
	check(r == 0, "%s: stream_init_dec = %zd", v->id, r);
	iv_in[0].iov_base = dec_in;
	iv_in[0].iov_len = v->aadlen;
	iv_in[1].iov_base = dec_in + v->aadlen;
	iv_in[1].iov_len = v->ptlen;
	iv_in[2].iov_base = dec_in + inlen;
	iv_in[2].iov_len = v->taglen;
	r = kcapi_aead_stream_update(h, iv_in, 1);
	check(r == (ssize_t)v->aadlen, "%s: stream_update (AAD) = %zd", v->id, r);
	r = kcapi_aead_stream_update(h, iv_in + 1, 1);
	check(r == (ssize_t)v->ptlen, "%s: stream_update (CT) = %zd", v->id, r);
	r = kcapi_aead_stream_update_last(h, iv_in + 2, 1);
	check(r == (ssize_t)v->taglen, "%s: stream_update_last (tag) = %zd", v->id, r);
	memset(out, 0xa5, inlen + 1);
	o.iov_base = out;
	o.iov_len = inlen ? inlen : 1;
	r = kcapi_aead_stream_op(h, &o, 1);
	check(r == (ssize_t)inlen && !memcmp(out, expect_dec, inlen), "%s: stream_op (dec) = %zd", v->id, r);

	/* AIO: two messages (one when there is no AAD or data: its output would be empty) */
	nmsg = inlen ? 2 : 1;
	for (i = 0; i < nmsg; i++) {
		iv_in[i].iov_base = enc_in;
		iv_in[i].iov_len = inlen;
		iv_out[i].iov_base = out + i * (outlen + 16);
		iv_out[i].iov_len = outlen;
	}
	memset(out, 0xa5, 2 * outlen + 32);
	r = kcapi_aead_encrypt_aio(h, iv_in, iv_out, (size_t)nmsg, v->iv, (int)(vec_index % 3));
	check(r == (ssize_t)(nmsg * outlen) && !memcmp(out, expect_enc, outlen) &&
	      (nmsg == 1 || !memcmp(out + outlen + 16, expect_enc, outlen)),
	      "%s: encrypt_aio = %zd", v->id, r);
	for (i = 0; i < nmsg; i++) {
		iv_in[i].iov_base = dec_in;
		iv_in[i].iov_len = outlen;
		iv_out[i].iov_len = inlen ? inlen : 1;
	}
	memset(out, 0xa5, 2 * outlen + 32);
	if (inlen || is_rs) {
		r = kcapi_aead_decrypt_aio(h, iv_in, iv_out, (size_t)nmsg, v->iv, (int)(vec_index % 3));
		check(r == (ssize_t)(nmsg * inlen) && !memcmp(out, expect_dec, inlen) &&
		      (nmsg == 1 || !memcmp(out + outlen + 16, expect_dec, inlen)),
		      "%s%s: decrypt_aio = %zd", inlen ? "" : "!", v->id, r);
	}

	/* modified tag, AAD, ciphertext */
	memcpy(buf, dec_in, outlen);
	buf[outlen - 1] ^= 0x01;
	expect_badmsg(h, v, buf, outlen, "tag modified", 1);
	if (v->aadlen) {
		memcpy(buf, dec_in, outlen);
		buf[0] ^= 0x80;
		expect_badmsg(h, v, buf, outlen, "AAD modified", 0);
	}
	if (v->ptlen) {
		memcpy(buf, dec_in, outlen);
		buf[v->aadlen + v->ptlen / 2] ^= 0x10;
		expect_badmsg(h, v, buf, outlen, "ciphertext modified", 0);
	}
	if (is_rs) {
		/* AIO: the second message modified; the call returns only after both
		 * requests completed, and the handle stays usable */
		memcpy(buf, dec_in, outlen);
		buf[outlen - 1] ^= 0x01;
		iv_in[0].iov_base = dec_in;
		iv_in[1].iov_base = buf;
		iv_in[0].iov_len = iv_in[1].iov_len = outlen;
		iv_out[0].iov_base = out;
		iv_out[1].iov_base = out + outlen + 16;
		iv_out[0].iov_len = iv_out[1].iov_len = inlen ? inlen : 1;
		errno = 0;
		r = kcapi_aead_decrypt_aio(h, iv_in, iv_out, 2, v->iv, 0);
		check(r == -EBADMSG && errno == EBADMSG, "!%s: decrypt_aio (2nd modified) = %zd errno %d",
		      v->id, r, errno);
		r = kcapi_aead_decrypt_aio(h, iv_in, iv_out, 1, v->iv, 0);
		check(r == (ssize_t)inlen, "!%s: decrypt_aio after EBADMSG = %zd", v->id, r);
	}
	kcapi_aead_destroy(h);
	free(enc_in);
	free(dec_in);
	free(out);
	free(buf);
}

/* --------------------------------------------------------- vector files */

static char idbuf[256];

static const char *vid(const char *file, long count)
{
	snprintf(idbuf, sizeof(idbuf), "%s #%ld", file, count);
	return idbuf;
}

static void gcm_rec(const struct rec *r, const char *file, long count)
{
	struct vec v;
	size_t l, taglen = (size_t)rec_num(r, "Taglen") / 8;

	memset(&v, 0, sizeof(v));
	v.alg = "gcm(aes)";
	v.id = vid(file, count);
	v.key = rec_get(r, "Key", &v.keylen);
	v.iv = rec_get(r, "IV", &l);
	v.aad = rec_get(r, "AAD", &v.aadlen);
	v.ct = rec_get(r, "CT", &v.ptlen);
	v.tag = rec_get(r, "Tag", &v.taglen);
	v.pt = rec_get(r, "PT", &l);
	v.must_fail = r->fail;
	if (v.taglen != taglen || (v.pt && l != v.ptlen)) {
		check(0, "%s: inconsistent record", v.id);
		return;
	}
	run_vec(&v);
}

static void ccm_rec(const struct rec *r, const char *file, long count)
{
	struct vec v;
	size_t alen = (size_t)rec_num(r, "Alen"), plen = (size_t)rec_num(r, "Plen");
	size_t tlen = (size_t)rec_num(r, "Tlen"), nlen, ctlen, l;
	const uint8_t *nonce = rec_get(r, "Nonce", &nlen);
	const uint8_t *ct = rec_get(r, "CT", &ctlen);
	const uint8_t *result;
	uint8_t *iv = NULL;
	uint32_t ivlen = 0;
	int ret;

	memset(&v, 0, sizeof(v));
	v.alg = "ccm(aes)";
	v.id = vid(file, count);
	v.key = rec_get(r, "Key", &v.keylen);
	v.aad = rec_get(r, "Adata", &l);
	v.aadlen = alen;	/* "Adata = 00" stands for no AAD */
	v.pt = rec_get(r, "Payload", &l);
	v.ptlen = plen;
	v.ct = ct;
	v.tag = ct + plen;
	v.taglen = tlen;
	result = rec_get(r, "Result", &l);
	if (result && l >= 4 && !memcmp(result, "Fail", 4)) {
		v.must_fail = 1;
		v.pt = NULL;
	}
	if (!nonce || !ct || ctlen != plen + tlen) {
		check(0, "%s: inconsistent record", v.id);
		return;
	}
	ret = kcapi_aead_ccm_nonce_to_iv(nonce, (uint32_t)nlen, &iv, &ivlen);
	check(ret == 0 && ivlen == 16, "%s: ccm_nonce_to_iv = %d", v.id, ret);
	if (ret)
		return;
	v.iv = iv;
	run_vec(&v);
	free(iv);
}

static void chacha_rec(const struct rec *r, const char *file, long count)
{
	struct vec v;
	size_t l, ivlen, ctlen;

	memset(&v, 0, sizeof(v));
	v.alg = "rfc7539(chacha20,poly1305)";
	v.id = vid(file, count);
	v.key = rec_get(r, "Key", &v.keylen);
	v.iv = rec_get(r, "NONCE", &ivlen);
	if (!v.iv)
		v.iv = rec_get(r, "IV", &ivlen);
	v.aad = rec_get(r, "AD", &v.aadlen);
	if (!v.aad)
		v.aad = rec_get(r, "AAD", &v.aadlen);
	v.pt = rec_get(r, "IN", &v.ptlen);
	if (!v.pt)
		v.pt = rec_get(r, "Plaintext", &v.ptlen);
	v.ct = rec_get(r, "CT", &ctlen);
	if (!v.ct)
		v.ct = rec_get(r, "Ciphertext", &ctlen);
	v.tag = rec_get(r, "TAG", &v.taglen);
	v.must_fail = rec_get(r, "Result", &l) != NULL;
	if (ivlen != 12 || v.keylen != 32 || ctlen != v.ptlen || v.taglen != 16) {
		check(0, "%s: inconsistent record", v.id);
		return;
	}
	run_vec(&v);
}

static void rfc4106_rec(const struct rec *r, const char *file, long count)
{
	struct vec v;
	size_t kl, sl, il, al, tl, ctl;
	const uint8_t *k = rec_get(r, "Key", &kl), *salt = rec_get(r, "Salt", &sl);
	const uint8_t *iv = rec_get(r, "IV", &il), *a = rec_get(r, "AAD", &al);
	uint8_t key[36], *aad;

	memset(&v, 0, sizeof(v));
	v.alg = "rfc4106(gcm(aes))";
	v.id = vid(file, count);
	if (kl + sl > sizeof(key) || sl != 4 || il != 8) {
		check(0, "%s: inconsistent record", v.id);
		return;
	}
	/* key = AES key || salt; associated data = SPI || sequence number || IV */
	memcpy(key, k, kl);
	memcpy(key + kl, salt, sl);
	aad = cat3(a, al, iv, il, NULL, 0, 0);
	v.key = key;
	v.keylen = kl + sl;
	v.iv = iv;
	v.aad = aad;
	v.aadlen = al + il;
	v.pt = rec_get(r, "PT", &v.ptlen);
	v.ct = rec_get(r, "CT", &ctl);
	v.tag = rec_get(r, "Tag", &tl);
	v.taglen = tl;
	run_vec(&v);
	/* the same with an 8- and a 12-byte tag (the kernel's other ICV sizes):
	 * a changed tag size must change nothing but the tag's length */
	v.taglen = 8;
	run_vec(&v);
	v.taglen = 12;
	run_vec(&v);
	free(aad);
}

static void authenc_rec(const struct rec *r, const char *file, long count)
{
	struct vec v;
	size_t al, el, l, ctl, tl;
	const uint8_t *ak = rec_get(r, "AuthKey", &al), *ek = rec_get(r, "EncKey", &el);
	uint8_t key[128];
	uint16_t rta[2];

	memset(&v, 0, sizeof(v));
	v.alg = "authenc(hmac(sha256),cbc(aes))";
	v.id = vid(file, count);
	if (8 + al + el > sizeof(key)) {
		check(0, "%s: inconsistent record", v.id);
		return;
	}
	/* the kernel's authenc key: rtattr { u16 len 8, u16 type 1 (KEYA_PARAM) } in host
	 * byte order, be32 encryption key length, authentication key, encryption key */
	rta[0] = 8;
	rta[1] = 1;
	memcpy(key, rta, 4);
	key[4] = (uint8_t)(el >> 24);
	key[5] = (uint8_t)(el >> 16);
	key[6] = (uint8_t)(el >> 8);
	key[7] = (uint8_t)el;
	memcpy(key + 8, ak, al);
	memcpy(key + 8 + al, ek, el);
	v.key = key;
	v.keylen = 8 + al + el;
	v.iv = rec_get(r, "IV", &l);
	v.aad = rec_get(r, "AAD", &v.aadlen);
	v.pt = rec_get(r, "PT", &v.ptlen);
	v.ct = rec_get(r, "CT", &ctl);
	v.tag = rec_get(r, "Tag", &tl);
	v.taglen = tl;
	run_vec(&v);
	v.taglen = 16;		/* truncated HMAC (HMAC-SHA-256-128 of RFC 4868) */
	run_vec(&v);
}

struct vfile {
	const char *path;
	vec_fn fn;
};

static const struct vfile files[] = {
	{ "cryptography_vectors/ciphers/AES/GCM/gcmEncryptExtIV128.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/GCM/gcmEncryptExtIV192.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/GCM/gcmEncryptExtIV256.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/GCM/gcmDecrypt128.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/GCM/gcmDecrypt192.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/GCM/gcmDecrypt256.rsp", gcm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/DVPT128.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/DVPT192.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/DVPT256.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VADT128.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VADT192.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VADT256.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VNT128.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VNT192.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VNT256.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VPT128.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VPT192.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VPT256.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VTT128.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VTT192.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/AES/CCM/VTT256.rsp", ccm_rec },
	{ "cryptography_vectors/ciphers/ChaCha20Poly1305/boringssl.txt", chacha_rec },
	{ "cryptography_vectors/ciphers/ChaCha20Poly1305/openssl.txt", chacha_rec },
	{ "rfc4106/draft-mcgrew-gcm-test-01.txt", rfc4106_rec },
	{ "authenc/rfc3602-hmac-sha256.txt", authenc_rec },
};

int main(int argc, char **argv)
{
	const char *e = getenv("KCAPI_TEST_VECTORS");
	unsigned int i;

	test_init(600);
	if (argc > 1)
		vecdir = argv[1];
	else if (e && *e)
		vecdir = e;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		unsigned int before = nfail;
		int n;

		all_access = files[i].fn != gcm_rec && files[i].fn != ccm_rec;
		n = for_each_record(files[i].path, files[i].fn);
		printf("%s: %d vectors, %s\n", files[i].path, n, nfail == before ? "all correct" : "FAILURES");
		check(n > 0, "%s: no vectors", files[i].path);
	}
	return test_done();
}
