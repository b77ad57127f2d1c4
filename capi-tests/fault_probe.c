/*
 * fault_probe.c - one short pass over every path a kernel refusal can hit, for
 * run-faults.sh: algorithm sizes (netlink), message digests (one-shot, stream,
 * keyed), symmetric ciphers in every access mode (sendmsg, vmsplice+splice,
 * inputs larger than the pipe), the stream API, AIO with and without
 * KCAPI_INIT_AIO, a stream read that has to wait, reinit'd handles, AEAD one-shot/AIO/stream, the DRNG
 * (getrandom seeding) and the KDFs.
 *
 * Each call prints "name: rc=N out=H" (H: the output, or a 64-bit FNV-1a hash of
 * a long one) so that a faulted run can be compared line by line with an
 * unfaulted one, and round trips and known answers are checked.  Everything is
 * released at the end; the fd count must be what it was at the start.
 */
#include "test_util.h"
#include <sys/uio.h>
#include <kcapi.h>

#define BIG 200000		/* larger than a default pipe: no zero-copy */
#define MID 65536		/* fits one pipe: zero-copy with VMSPLICE/HEURISTIC */
#define SMALL 4096

static uint8_t in[BIG], out[BIG + 64], back[BIG + 64];
static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
static const uint8_t iv[16] = "fedcba9876543210";

static const char *digest(const uint8_t *b, long long n)
{
	static char s[2][48];
	static int slot;
	uint64_t h = 0xcbf29ce484222325ULL;
	long long i;
	char *o = s[slot++ & 1];

	if (n <= 0)
		return "-";
	if (n <= 64)
		return hx(b, n);
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	snprintf(o, 48, "%016llx/%lld", (unsigned long long)h, n);
	return o;
}

/* the size getters have no error channel: 0 is "cannot be determined" (documented), shown as
 * rc=-1 so that a refused lookup is not taken for a success with different output */
static void sizes(const char *name, unsigned int a, unsigned int b, unsigned int c)
{
	printf("%s: rc=%d out=%u/%u/%u\n", name, a && b && c ? 0 : -1, a, b, c);
}

static void line(const char *name, long long rc, const uint8_t *o, long long n)
{
	printf("%s: rc=%lld out=%s\n", name, rc, rc > 0 ? digest(o, n) : "-");
}

static const char *mode_name(int access)
{
	return access == KCAPI_ACCESS_SENDMSG ? "sendmsg" : access == KCAPI_ACCESS_VMSPLICE ? "vmsplice" : "heuristic";
}

static void probe_md(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t d[64];
	ssize_t r;
	int rc;

	r = kcapi_md_sha256(in, BIG, d, 32);
	line("md_sha256_big", r, d, 32);
	r = kcapi_md_sha512((const uint8_t *)"abc", 3, d, 64);
	line("md_sha512_abc", r, d, 64);
	if (r >= 0)
		check(r == 64 && !memcmp(hx(d, 4), "ddaf", 4), "sha512(abc) = %s", hx(d, 64));
	rc = kcapi_md_init(&h, "hmac(sha256)", 0);
	printf("md_init: rc=%d\n", rc);
	if (rc)
		return;
	sizes("md_sizes", kcapi_md_digestsize(h), kcapi_md_blocksize(h), 1);
	rc = kcapi_md_setkey(h, key, 32);
	printf("md_setkey: rc=%d\n", rc);
	r = kcapi_md_update(h, in, 1000);
	printf("md_update1: rc=%zd\n", r);
	r = kcapi_md_update(h, in + 1000, BIG - 1000);
	printf("md_update2: rc=%zd\n", r);
	r = kcapi_md_final(h, d, 32);
	line("md_final", r, d, 32);
	r = kcapi_md_digest(h, in, MID, d, 32);
	line("md_digest", r, d, 32);
	kcapi_md_destroy(h);
}

static void cipher_roundtrip(struct kcapi_handle *h, const char *what, size_t n, int access)
{
	char name[96];
	ssize_t r, r2;

	memset(out, 0, n);
	snprintf(name, sizeof(name), "%s_enc_%zu_%s", what, n, mode_name(access));
	r = kcapi_cipher_encrypt(h, in, n, iv, out, n, access);
	line(name, r, out, (long long)n);
	snprintf(name, sizeof(name), "%s_dec_%zu_%s", what, n, mode_name(access));
	r2 = kcapi_cipher_decrypt(h, out, n, iv, back, n, access);
	line(name, r2, back, (long long)n);
	if (r >= 0 && r2 >= 0)
		check(r == (ssize_t)n && r2 == (ssize_t)n && !memcmp(in, back, n), "%s round trip: %zd %zd", name, r, r2);
}

static void cipher_stream(struct kcapi_handle *h)
{
	struct iovec iov;
	size_t got = 0, sent = 0, parts[3] = { 100, 5000, MID - 5100 };
	ssize_t r;
	int i, tries = 0;

	r = kcapi_cipher_stream_init_enc(h, iv, NULL, 0);
	printf("stream_init: rc=%zd\n", r);
	if (r < 0)
		return;
	for (i = 0; i < 3 && r >= 0; i++) {
		iov.iov_base = in + sent;
		iov.iov_len = parts[i];
		r = i < 2 ? kcapi_cipher_stream_update(h, &iov, 1) : kcapi_cipher_stream_update_last(h, &iov, 1);
		printf("stream_update%d: rc=%zd\n", i, r);
		if (r > 0)
			sent += (size_t)r;
		/* read what is ready in between: the kernel's buffer is not unlimited */
		while (r >= 0 && got < sent && tries++ < 10000) {
			iov.iov_base = out + got;
			iov.iov_len = sent - got;
			r = kcapi_cipher_stream_op(h, &iov, 1);
			if (r <= 0)
				break;
			got += (size_t)r;
		}
	}
	line("stream_out", got == MID ? (long long)got : r < 0 ? r : (long long)got, out, (long long)got);
}

/* a stream read while the open request cannot produce a block yet (5 bytes queued): returns 0,
 * never blocks (the kernel's poll sees queued input, so the library's 100 ms wait is not reached
 * here; sys::msg's poll_in_ends_under_signals covers that wait under signals) */
static void stream_wait(struct kcapi_handle *h)
{
	struct iovec iov = { in, 5 };
	ssize_t r;

	r = kcapi_cipher_stream_init_enc(h, iv, &iov, 1);
	printf("stream_wait_init: rc=%zd\n", r);
	if (r < 0)
		return;
	iov.iov_base = out;
	iov.iov_len = 16;
	r = kcapi_cipher_stream_op(h, &iov, 1);
	printf("stream_wait_op: rc=%zd\n", r);
}

static void cipher_aio(struct kcapi_handle *h, const char *what, int access)
{
	struct iovec iv_in[3], iv_out[3];
	char name[96];
	ssize_t r;
	int i;

	for (i = 0; i < 3; i++) {
		iv_in[i].iov_base = in + i * SMALL;
		iv_in[i].iov_len = SMALL;
		iv_out[i].iov_base = out + i * SMALL;
		iv_out[i].iov_len = SMALL;
	}
	memset(out, 0, 3 * SMALL);
	r = kcapi_cipher_encrypt_aio(h, iv_in, iv_out, 3, iv, access);
	snprintf(name, sizeof(name), "%s_aio_%s", what, mode_name(access));
	line(name, r, out, 3 * SMALL);
}

static void probe_cipher(void)
{
	static const int modes[3] = { KCAPI_ACCESS_SENDMSG, KCAPI_ACCESS_VMSPLICE, KCAPI_ACCESS_HEURISTIC };
	struct kcapi_handle *h = NULL, *h2 = NULL, *ha = NULL;
	ssize_t r;
	int rc, i;

	rc = kcapi_cipher_init(&h, "cbc(aes)", 0);
	printf("cipher_init: rc=%d\n", rc);
	if (!rc) {
		sizes("cipher_sizes", kcapi_cipher_ivsize(h), kcapi_cipher_blocksize(h), 1);
		rc = kcapi_cipher_setkey(h, key, 16);
		printf("cipher_setkey: rc=%d\n", rc);
		for (i = 0; i < 3; i++) {
			cipher_roundtrip(h, "cbc", SMALL, modes[i]);
			cipher_roundtrip(h, "cbc", MID, modes[i]);
			cipher_roundtrip(h, "cbc", BIG, modes[i]);
		}
		cipher_aio(h, "cbc_noaioflag", KCAPI_ACCESS_VMSPLICE);
		rc = kcapi_handle_reinit(&h2, h, 0);
		printf("cipher_reinit: rc=%d\n", rc);
		if (!rc) {
			cipher_roundtrip(h2, "cbc_reinit", MID, KCAPI_ACCESS_VMSPLICE);
			stream_wait(h2);
			kcapi_cipher_destroy(h2);
		}
		kcapi_cipher_destroy(h);
	}
	rc = kcapi_cipher_init(&ha, "ctr(aes)", KCAPI_INIT_AIO);
	printf("cipher_init_aio: rc=%d\n", rc);
	if (!rc) {
		rc = kcapi_cipher_setkey(ha, key, 32);
		printf("cipher_setkey_aio: rc=%d\n", rc);
		cipher_aio(ha, "ctr", KCAPI_ACCESS_SENDMSG);
		cipher_aio(ha, "ctr", KCAPI_ACCESS_VMSPLICE);
		cipher_roundtrip(ha, "ctr", MID + 3, KCAPI_ACCESS_VMSPLICE);
		cipher_stream(ha);
		kcapi_cipher_destroy(ha);
	}
	r = kcapi_cipher_enc_aes_cbc(key, 16, in, MID, iv, out, MID);
	line("cipher_enc_aes_cbc", r, out, MID);
}

static void probe_aead(void)
{
	struct kcapi_handle *h = NULL;
	struct iovec vi[2], vo[2];
	const size_t assoc = 16, tag = 16;
	size_t n;
	ssize_t r, r2;
	int rc, i, flags;
	char name[64];

	for (flags = 0; flags <= KCAPI_INIT_AIO; flags++) {
		rc = kcapi_aead_init(&h, "gcm(aes)", (uint32_t)flags);
		printf("aead_init%d: rc=%d\n", flags, rc);
		if (rc)
			continue;
		sizes("aead_sizes", kcapi_aead_ivsize(h), kcapi_aead_blocksize(h), kcapi_aead_authsize(h));
		rc = kcapi_aead_setkey(h, key, 16);
		printf("aead_setkey: rc=%d\n", rc);
		rc = kcapi_aead_settaglen(h, (uint32_t)tag);
		printf("aead_settaglen: rc=%d\n", rc);
		kcapi_aead_setassoclen(h, assoc);
		for (i = 0; i < 3; i++) {
			int access = i == 0 ? KCAPI_ACCESS_SENDMSG : i == 1 ? KCAPI_ACCESS_VMSPLICE : KCAPI_ACCESS_HEURISTIC;

			n = i == 2 ? 40000 : SMALL;
			r = kcapi_aead_encrypt(h, in, assoc + n, iv, out, assoc + n + tag, access);
			snprintf(name, sizeof(name), "aead%d_enc_%zu_%s", flags, n, mode_name(access));
			line(name, r, out, (long long)(assoc + n + tag));
			r2 = kcapi_aead_decrypt(h, out, assoc + n + tag, iv, back, assoc + n, access);
			snprintf(name, sizeof(name), "aead%d_dec_%zu_%s", flags, n, mode_name(access));
			line(name, r2, back, (long long)(assoc + n));
			if (r >= 0 && r2 >= 0)
				check(r2 == (ssize_t)(assoc + n) && !memcmp(back, in, assoc + n), "%s round trip", name);
		}
		for (i = 0; i < 2; i++) {
			vi[i].iov_base = in + i * 1000;
			vi[i].iov_len = assoc + 512;
			vo[i].iov_base = out + i * 1000;
			vo[i].iov_len = assoc + 512 + tag;
		}
		r = kcapi_aead_encrypt_aio(h, vi, vo, 2, iv, KCAPI_ACCESS_VMSPLICE);
		snprintf(name, sizeof(name), "aead%d_enc_aio", flags);
		line(name, r, out, 1000 + assoc + 512 + tag);
		kcapi_aead_destroy(h);
		h = NULL;
	}
}

static void probe_rng_kdf(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t b[128];
	ssize_t r;
	int rc;

	memset(b, 0, sizeof(b));
	r = kcapi_rng_get_bytes(b, 100);
	printf("rng_get_bytes: rc=%zd\n", r);
	if (r >= 0)
		check(r == 100 && !all_bytes(b, 100, 0), "rng_get_bytes: %zd %s", r, hx(b, 100));
	rc = kcapi_rng_init(&h, "stdrng", 0);
	printf("rng_init: rc=%d\n", rc);
	if (!rc) {
		rc = kcapi_rng_seed(h, NULL, 0);
		printf("rng_seed: rc=%d\n", rc);
		r = kcapi_rng_generate(h, b, 128);
		printf("rng_generate: rc=%zd\n", r);
		kcapi_rng_destroy(h);
	}
	/* RFC 5869 A.1 (first 22 bytes of ikm / salt / info as in the RFC) */
	{
		static const uint8_t ikm[22] = { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
						 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b };
		static const uint8_t salt[13] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
		static const uint8_t info[10] = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9 };

		r = kcapi_hkdf("hmac(sha256)", ikm, 22, salt, 13, info, 10, b, 42);
		line("hkdf", r, b, 42);
		if (r >= 0)
			check(r == 0 && !strncmp(hx(b, 42), "3cb25f25faacd57a90434f64d0362f2a", 32), "hkdf: %s",
			      hx(b, 42));
	}
	r = kcapi_pbkdf("hmac(sha1)", (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 2, b, 20);
	line("pbkdf", r, b, 20);
	if (r >= 0)
		check(r == 0 && !strcmp(hx(b, 20), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"), "pbkdf: %s", hx(b, 20));
}

int main(void)
{
	size_t i;
	int before, after;
	uint8_t seed[16];

	test_init(120);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 131 + (i >> 8));
	/* kcapi-rs keeps the stdrng handle of kcapi_rng_get_bytes for the process: made here
	 * (a few tries: EINTR faults) so that it is part of both counts */
	for (i = 0; i < 3 && kcapi_rng_get_bytes(seed, sizeof(seed)) != (ssize_t)sizeof(seed); i++)
		;
	before = count_fds();
	probe_md();
	probe_cipher();
	probe_aead();
	probe_rng_kdf();
	after = count_fds();
	check(before >= 0 && after == before, "fd count %d -> %d", before, after);
	return test_done();
}
