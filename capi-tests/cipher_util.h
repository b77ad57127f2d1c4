/*
 * cipher_util.h - helpers shared by the capi-tests/cipher_*.c programs:
 * pass/fail accounting with the "N passed, N failed" summary, an alarm()
 * watchdog, hex conversion, a reader for NIST-style vector files, a small
 * deterministic generator and the stream-API driver that never asks the
 * kernel for more output than it can produce (so it also works with
 * libkcapi 1.4.0, whose stream_op would block).
 *
 * Header-only: every program includes it once.
 */
#ifndef CIPHER_UTIL_H
#define CIPHER_UTIL_H

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <kcapi.h>

/* every helper may be unused in a given program */
#define T_FN static __attribute__((unused))

#ifndef VECTOR_DIR
#define VECTOR_DIR "vectors"
#endif

#include "test_util.h"

/* ------------------------------------------------------------------ hex */

T_FN char *t_hex(const uint8_t *b, size_t n)
{
	static char buf[4][2 * 4096 + 1];
	static int slot;
	static const char d[] = "0123456789abcdef";
	char *o = buf[slot++ & 3];
	size_t i;

	if (n > 4096)
		n = 4096;
	for (i = 0; i < n; i++) {
		o[2 * i] = d[b[i] >> 4];
		o[2 * i + 1] = d[b[i] & 15];
	}
	o[2 * n] = 0;
	return o;
}

/* hex string -> newly allocated bytes (at least 1 byte allocated) */
T_FN uint8_t *t_unhex(const char *s, size_t *len)
{
	size_t n = strlen(s) / 2, i;
	uint8_t *b = calloc(n + 1, 1);

	if (!b)
		abort();
	for (i = 0; i < n; i++) {
		unsigned int v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			break;
		b[i] = (uint8_t)v;
	}
	*len = i;
	return b;
}

/* FNV-1a of a buffer: a short printable fingerprint of large outputs */
T_FN uint64_t t_fnv(const uint8_t *b, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* ------------------------------------------------------------ generator */

static uint64_t t_rng_state = 0x9e3779b97f4a7c15ULL;

T_FN uint64_t t_rand(void)
{
	t_rng_state ^= t_rng_state << 13;
	t_rng_state ^= t_rng_state >> 7;
	t_rng_state ^= t_rng_state << 17;
	return t_rng_state;
}

T_FN void t_fill(uint8_t *b, size_t n, uint64_t seed)
{
	uint64_t s = seed ? seed : 1;
	size_t i;

	for (i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		b[i] = (uint8_t)(s >> 24);
	}
}

/* --------------------------------------------------------- vector files */

struct t_vec {
	const char *alg;
	uint8_t *key, *iv, *pt, *ct;
	size_t keylen, ivlen, ptlen, ctlen;
};

/* release what t_load() returned */
T_FN void t_free_vecs(struct t_vec *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].iv);
		free(v[i].pt);
		free(v[i].ct);
	}
	free(v);
}

/* value of "name = value" in one record (case-insensitive name), or NULL */
T_FN const char *t_field(char **lines, int n, const char *name)
{
	size_t l = strlen(name);
	int i;

	for (i = 0; i < n; i++) {
		const char *s = lines[i];

		if (!strncasecmp(s, name, l) && (s[l] == ' ' || s[l] == '=')) {
			s = strchr(s, '=');
			if (!s)
				return NULL;
			s++;
			while (*s == ' ')
				s++;
			return s;
		}
	}
	return NULL;
}

/*
 * Read the records of a NIST-style vector file (KEY/IV/PLAINTEXT/CIPHERTEXT,
 * XTS Key/i/PT/CT/DataUnitLen, RFC 7539 KEY/NONCE/INITIAL_BLOCK_COUNTER)
 * into *out. Returns the number of vectors, -1 if the file cannot be read.
 */
T_FN int t_load(const char *alg, const char *relpath, struct t_vec **out)
{
	char path[1024], line[8192], *rec[16];
	const char *dir = getenv("KCAPI_TEST_VECTORS");
	struct t_vec *v = NULL;
	int nrec = 0, count = 0, cap = 0, eof = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cryptography_vectors/ciphers/%s", dir ? dir : VECTOR_DIR, relpath);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (!eof) {
		char *s;
		size_t l;

		if (!fgets(line, sizeof(line), f)) {
			eof = 1;
			line[0] = 0;
		}
		l = strlen(line);
		while (l && (line[l - 1] == '\n' || line[l - 1] == '\r' || line[l - 1] == ' '))
			line[--l] = 0;
		if (line[0] == '#' || line[0] == '[')
			continue;
		if (l && nrec < 16) {
			rec[nrec++] = strdup(line);
			continue;
		}
		if (!nrec)
			continue;
		/* end of a record */
		{
			const char *key = t_field(rec, nrec, "KEY");
			const char *pt = t_field(rec, nrec, "PLAINTEXT");
			const char *ct = t_field(rec, nrec, "CIPHERTEXT");
			const char *iv = t_field(rec, nrec, "IV");
			const char *nonce = t_field(rec, nrec, "NONCE");
			const char *bits = t_field(rec, nrec, "DataUnitLen");

			if (!pt)
				pt = t_field(rec, nrec, "PT");
			if (!ct)
				ct = t_field(rec, nrec, "CT");
			if (!iv)
				iv = t_field(rec, nrec, "i");
			if (key && pt && ct && !(bits && atoi(bits) % 8)) {
				struct t_vec *x;

				if (count == cap) {
					cap = cap ? 2 * cap : 64;
					v = realloc(v, (size_t)cap * sizeof(*v));
					if (!v)
						abort();
				}
				x = &v[count++];
				x->alg = alg;
				x->key = t_unhex(key, &x->keylen);
				x->pt = t_unhex(pt, &x->ptlen);
				x->ct = t_unhex(ct, &x->ctlen);
				if (nonce) {
					/* chacha20: 32-bit little-endian counter || 96-bit nonce */
					const char *c = t_field(rec, nrec, "INITIAL_BLOCK_COUNTER");
					uint32_t ctr = c ? (uint32_t)strtoul(c, NULL, 10) : 0;
					size_t nl;
					uint8_t *nb = t_unhex(nonce, &nl);

					x->iv = calloc(4 + nl, 1);
					if (!x->iv)
						abort();
					for (s = (char *)x->iv; s < (char *)x->iv + 4; s++, ctr >>= 8)
						*s = (char)(ctr & 0xff);
					memcpy(x->iv + 4, nb, nl);
					x->ivlen = 4 + nl;
					free(nb);
				} else {
					x->iv = t_unhex(iv ? iv : "", &x->ivlen);
				}
			}
		}
		while (nrec)
			free(rec[--nrec]);
	}
	fclose(f);
	*out = v;
	return count;
}

/* ------------------------------------------------------------ handles */

/* init + setkey; NULL (and a message) on failure */
T_FN struct kcapi_handle *t_cipher(const char *alg, const uint8_t *key, size_t keylen, uint32_t flags)
{
	struct kcapi_handle *h = NULL;
	int rc = kcapi_cipher_init(&h, alg, flags);

	if (rc) {
		printf("%sinit(%s) = %d\n", pfx, alg, rc);
		return NULL;
	}
	if (key) {
		rc = kcapi_cipher_setkey(h, key, (uint32_t)keylen);
		if (rc) {
			printf("%ssetkey(%s, %zu) = %d\n", pfx, alg, keylen, rc);
			kcapi_cipher_destroy(h);
			return NULL;
		}
	}
	return h;
}

/*
 * The stream API with the input cut at random points (at most 32 KiB per
 * update). Output is collected in between only as whole 64-byte units that
 * the queued input covers (for modes whose IV the kernel chains between
 * receives: chain != 0), and at the end exactly the rest, so that no
 * stream_op ever asks for more than the kernel can produce.
 * Returns bytes received or a negative error.
 */
T_FN ssize_t t_stream(struct kcapi_handle *h, int enc, const uint8_t *iv, const uint8_t *in, size_t len,
			uint8_t *out, int chain)
{
	size_t sent = 0, got = 0;
	ssize_t r = enc ? kcapi_cipher_stream_init_enc(h, iv, NULL, 0) : kcapi_cipher_stream_init_dec(h, iv, NULL, 0);

	if (r < 0)
		return r;
	while (sent < len) {
		size_t left = len - sent, n = 1 + (size_t)(t_rand() % (left < 32768 ? left : 32768));
		struct iovec v = { (void *)(uintptr_t)(in + sent), n };
		int last = sent + n == len;

		r = last ? kcapi_cipher_stream_update_last(h, &v, 1) : kcapi_cipher_stream_update(h, &v, 1);
		if (r < 0)
			return r;
		sent += n;
		if (chain && !last && (sent - got >= 65536 || t_rand() % 2)) {
			size_t avail = (sent - got) / 64 * 64;

			if (avail) {
				struct iovec o = { out + got, avail };

				r = kcapi_cipher_stream_op(h, &o, 1);
				if (r < 0)
					return r;
				got += (size_t)r;
			}
		}
	}
	if (!len && (r = kcapi_cipher_stream_update_last(h, NULL, 0)) < 0)
		return r;
	while (got < len) {
		struct iovec o = { out + got, len - got };

		r = kcapi_cipher_stream_op(h, &o, 1);
		if (r <= 0)
			return r < 0 ? r : (ssize_t)got;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

#endif
