/*
 * cipher_aio.c - kcapi_cipher_encrypt_aio / kcapi_aead_encrypt_aio over iovec shapes,
 * written for differential runs (run-differential.sh diffs the lines of the two libraries).
 *
 * The inputs of a cipher AIO call form one stream with one IV. With KCAPI_INIT_AIO each
 * output iovec is one kernel read that takes as much of the queued stream as it holds
 * (whole blocks while input follows); without the flag the stream is one operation written
 * into the outputs in order. Every shape is run for cbc/ctr/xts/ecb(aes), with and without
 * KCAPI_INIT_AIO, and checked against the values measured with Debian's libkcapi 1.4.0 on
 * Linux 6.12 (the table below; "!" lines: shapes where libkcapi hangs, run only with
 * KCAPI_TEST_RS=1, checked against kcapi-rs's values). Then 16 x 4 KiB in every access mode
 * against one continuous encryption, a CTR keystream that never repeats across iovecs, more
 * than 64 pairs (libkcapi restarts the IV every 64 pairs: "!" lines), and gcm(aes) batches
 * (each pair its own message) with a decryption round trip and a tampered message.
 * After a call whose input was not all consumed, libkcapi leaves it on the socket (the next
 * operation fails); kcapi-rs discards it: checked in "!" lines.
 */
#include "cipher_util.h"

#include <sys/uio.h>

#define NSH 4
struct shape {
	const char *name;
	int n;
	size_t il[NSH], ol[NSH];
	int hang0, hang1;	/* libkcapi hangs without / with KCAPI_INIT_AIO */
};

static const struct shape shapes[] = {
	{ "eq3x16", 3, { 16, 16, 16 }, { 16, 16, 16 }, 0, 0 },
	{ "eq32_48_16", 3, { 32, 48, 16 }, { 32, 48, 16 }, 0, 0 },
	{ "uneq_same_sum", 2, { 16, 48 }, { 48, 16 }, 0, 0 },
	{ "uneq_same_sum2", 2, { 48, 16 }, { 16, 48 }, 0, 0 },
	{ "in_gt_out", 2, { 32, 32 }, { 16, 16 }, 0, 0 },
	{ "in_lt_out", 2, { 16, 16 }, { 32, 32 }, 1, 1 },
	{ "zero_first", 2, { 0, 32 }, { 0, 32 }, 0, 0 },
	{ "zero_in_first", 2, { 0, 32 }, { 16, 16 }, 0, 0 },
	{ "zero_out_first", 2, { 32, 0 }, { 0, 32 }, 0, 0 },
	{ "zero_in_last", 2, { 32, 0 }, { 16, 16 }, 0, 0 },
	{ "partial_20_12", 2, { 20, 12 }, { 20, 12 }, 0, 0 },
	{ "partial_20_20", 2, { 20, 20 }, { 20, 20 }, 1, 0 },
	{ "partial_out", 2, { 32, 0 }, { 20, 12 }, 0, 0 },
	{ "one_20", 1, { 20 }, { 20 }, 1, 0 },
	{ "out_8_24", 2, { 16, 16 }, { 8, 24 }, 0, 0 },
	{ "all_empty", 2, { 0, 0 }, { 0, 0 }, 0, 0 },
	{ "out_empty", 2, { 16, 16 }, { 0, 0 }, 0, 0 },
};

/* "<alg> f<flag> <shape>: rc=<rc> out=<hex>": Debian's libkcapi 1.4.0, Linux 6.12; the
 * shapes where it hangs: kcapi-rs */
static const char *const expect[] = {
#include "cipher_aio.expect"
};

static const char *const algs[] = { "cbc(aes)", "ctr(aes)", "xts(aes)", "ecb(aes)" };
static uint8_t key[64], iv[16], in[1 << 19], out[1 << 19], ref[1 << 19];

static const char *lookup(const char *line)
{
	size_t k = strcspn(line, ":");

	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		if (!strncmp(expect[i], line, k) && expect[i][k] == ':')
			return expect[i];
	return NULL;
}

static struct kcapi_handle *cipher(const char *alg, int flags)
{
	return t_cipher(alg, key, strstr(alg, "xts") ? 32 : 16, flags);
}

static void shape_case(const char *alg, int flag, const struct shape *s)
{
	struct iovec vi[NSH], vo[NSH];
	size_t ip = 0, op = 0;
	struct kcapi_handle *h;
	char line[1024];
	const char *want;
	ssize_t r;
	int hang = flag ? s->hang1 : s->hang0;

	if (hang && !is_rs)
		return;
	h = cipher(alg, flag ? KCAPI_INIT_AIO : 0);
	if (!check(h != NULL, "%s: init", alg))
		return;
	memset(out, GUARD, 256);
	for (int i = 0; i < s->n; i++) {
		vi[i].iov_base = in + ip;
		vi[i].iov_len = s->il[i];
		ip += s->il[i];
		vo[i].iov_base = out + op;
		vo[i].iov_len = s->ol[i];
		op += s->ol[i];
	}
	r = kcapi_cipher_encrypt_aio(h, vi, vo, (size_t)s->n, iv, KCAPI_ACCESS_SENDMSG);
	snprintf(line, sizeof(line), "%s f%d %s: rc=%zd out=%s", alg, flag, s->name, r, t_hex(out, op));
	pfx = hang ? "!" : "";
	printf("%s%s\n", pfx, line);
	want = lookup(line);
	check(want && !strcmp(want, line), "%s (expected %s)", line, want ? want : "(no value)");
	/* the handle is usable afterwards (libkcapi: -EINVAL when input was left over) */
	pfx = "!";
	r = kcapi_cipher_encrypt(h, in, 16, iv, out, 16, 0);
	printf("!%s f%d %s: next rc=%zd\n", alg, flag, s->name, r);
	if (is_rs)
		check(r == 16, "%s f%d %s: next operation rc=%zd", alg, flag, s->name, r);
	pfx = "";
	kcapi_cipher_destroy(h);
}

/* 16 x 4 KiB in every access mode equals one continuous encryption */
static void big_case(const char *alg, int flag)
{
	struct iovec vi[16], vo[16];

	for (int access = 0; access < 3; access++) {
		struct kcapi_handle *h = cipher(alg, flag ? KCAPI_INIT_AIO : 0), *c = cipher(alg, 0);
		ssize_t r, rc;

		if (!check(h && c, "%s: init", alg))
			return;
		for (int i = 0; i < 16; i++) {
			vi[i].iov_base = in + 4096 * i;
			vi[i].iov_len = 4096;
			vo[i].iov_base = out + 4096 * i;
			vo[i].iov_len = 4096;
		}
		r = kcapi_cipher_encrypt_aio(h, vi, vo, 16, iv, access);
		rc = kcapi_cipher_encrypt(c, in, 65536, iv, ref, 65536, 0);
		printf("%s f%d 16x4096 access %d: rc=%zd fnv=%016llx\n", alg, flag, access, r,
		       (unsigned long long)t_fnv(out, 65536));
		check(r == 65536 && rc == 65536 && !memcmp(out, ref, 65536), "%s f%d 16x4096 access %d: chained", alg,
		      flag, access);
		/* and back, in place */
		r = kcapi_cipher_decrypt_aio(h, vo, vo, 16, iv, access);
		check(r == 65536 && !memcmp(out, in, 65536), "%s f%d 16x4096 access %d: decrypted in place", alg, flag,
		      access);
		kcapi_cipher_destroy(h);
		kcapi_cipher_destroy(c);
	}
}

/* more than the kernel queues at once (libkcapi blocks forever): 64 x 4 KiB, 1 x 256 KiB and
 * 3 x 100 KiB into outputs of other lengths, against one continuous encryption */
static void huge_case(const char *alg)
{
	static const size_t shape[3][4] = { { 64, 4096, 64, 4096 }, { 1, 262144, 1, 262144 }, { 3, 102400, 4, 65536 } };

	if (!is_rs)
		return;
	pfx = "!";
	for (int k = 0; k < 3; k++) {
		struct kcapi_handle *h = cipher(alg, KCAPI_INIT_AIO), *c = cipher(alg, 0);
		struct iovec vi[64], vo[64];
		size_t tin = shape[k][0] * shape[k][1], tout = shape[k][2] * shape[k][3];
		size_t total = tin < tout ? tin : tout;
		ssize_t r, rc;

		if (!check(h && c, "%s: init", alg))
			return;
		for (size_t i = 0; i < 64; i++) {
			vi[i].iov_base = in + shape[k][1] * i;
			vi[i].iov_len = i < shape[k][0] ? shape[k][1] : 0;
			vo[i].iov_base = out + shape[k][3] * i;
			vo[i].iov_len = i < shape[k][2] ? shape[k][3] : 0;
		}
		r = kcapi_cipher_encrypt_aio(h, vi, vo, shape[k][0] > shape[k][2] ? shape[k][0] : shape[k][2], iv,
					     KCAPI_ACCESS_HEURISTIC);
		rc = kcapi_cipher_encrypt(c, in, tin, iv, ref, tin, 0);
		printf("!%s f1 %zux%zu into %zux%zu: rc=%zd\n", alg, shape[k][0], shape[k][1], shape[k][2], shape[k][3], r);
		check(r == (ssize_t)total && rc == (ssize_t)tin && !memcmp(out, ref, total), "%s f1 %zux%zu: chained",
		      alg, shape[k][0], shape[k][1]);
		kcapi_cipher_destroy(h);
		kcapi_cipher_destroy(c);
	}
	pfx = "";
}

static int cmp16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

/* CTR over zeros: the output is the keystream; no 16-byte block may appear twice */
static void ctr_keystream(int flag, int n, size_t len)
{
	struct kcapi_handle *h = cipher("ctr(aes)", flag ? KCAPI_INIT_AIO : 0);
	struct iovec *vi = calloc((size_t)n, sizeof(*vi)), *vo = calloc((size_t)n, sizeof(*vo));
	size_t total = (size_t)n * len, dup = 0;
	uint8_t *zero = calloc(total, 1);
	ssize_t r;

	if (!check(h && vi && vo && zero && total <= sizeof(out), "ctr keystream: setup"))
		goto done;
	for (int i = 0; i < n; i++) {
		vi[i].iov_base = zero + len * (size_t)i;
		vi[i].iov_len = len;
		vo[i].iov_base = out + len * (size_t)i;
		vo[i].iov_len = len;
	}
	r = kcapi_cipher_encrypt_aio(h, vi, vo, (size_t)n, iv, KCAPI_ACCESS_HEURISTIC);
	memcpy(ref, out, total);
	qsort(ref, total / 16, 16, cmp16);
	for (size_t b = 1; b < total / 16; b++)
		dup += !memcmp(ref + 16 * (b - 1), ref + 16 * b, 16);
	/* libkcapi restarts the IV every 64 pairs */
	pfx = n > 64 ? "!" : "";
	printf("%sctr(aes) f%d keystream %dx%zu: rc=%zd fnv=%016llx repeated blocks=%zu\n", pfx, flag, n, len, r,
	       (unsigned long long)t_fnv(out, total), dup);
	if (r == -ENOMEM && !flag)
		/* one read into n buffers needs n scatterlists of socket option memory: Linux 6.1's
		 * 20 KiB optmem_max refuses 65 (libkcapi's fallback makes the same single read) */
		printf("%sctr(aes) f0 %dx%zu: -ENOMEM from the kernel (net.core.optmem_max %s)\n", pfx, n, len,
		       "too small for one read into that many buffers");
	else if (n <= 64 || is_rs)
		check(r == (ssize_t)total && dup == 0, "ctr(aes) f%d %dx%zu: keystream never repeats (rc=%zd, %zu repeated)",
		      flag, n, len, r, dup);
	pfx = "";
done:
	kcapi_cipher_destroy(h);
	free(vi);
	free(vo);
	free(zero);
}

/* gcm(aes): each pair its own message, all queued together */
static void gcm_case(int flag)
{
	static const size_t il[3] = { 24, 40, 8 }, ol[3] = { 40, 56, 24 };
	struct kcapi_handle *h = NULL;
	struct iovec vi[3], vo[3], vd[3];
	uint8_t dec[256], one[128];
	size_t ip = 0, op = 0;
	ssize_t r;
	int ok = 1;

	if (!check(kcapi_aead_init(&h, "gcm(aes)", flag ? KCAPI_INIT_AIO : 0) == 0, "gcm(aes) init"))
		return;
	kcapi_aead_setkey(h, key, 16);
	kcapi_aead_settaglen(h, 16);
	kcapi_aead_setassoclen(h, 8);
	memset(out, GUARD, 256);
	for (int i = 0; i < 3; i++) {
		vi[i].iov_base = in + ip;
		vi[i].iov_len = il[i];
		vo[i].iov_base = out + op;
		vo[i].iov_len = ol[i];
		vd[i].iov_base = dec + ip;
		vd[i].iov_len = il[i];
		ip += il[i];
		op += ol[i];
	}
	r = kcapi_aead_encrypt_aio(h, vi, vo, 3, iv, KCAPI_ACCESS_SENDMSG);
	printf("gcm(aes) f%d 3 messages: rc=%zd out=%s\n", flag, r, t_hex(out, op));
	/* each equals a one-shot encryption of its pair */
	for (int i = 0; i < 3; i++) {
		ssize_t k = kcapi_aead_encrypt(h, vi[i].iov_base, il[i], iv, one, ol[i], 0);

		ok &= k == (ssize_t)ol[i] && !memcmp(one, vo[i].iov_base, ol[i]);
	}
	check(r == 120 && ok, "gcm(aes) f%d: 3 messages as 3 one-shot encryptions (rc=%zd)", flag, r);
	r = kcapi_aead_decrypt_aio(h, vo, vd, 3, iv, KCAPI_ACCESS_SENDMSG);
	printf("gcm(aes) f%d decrypt 3 messages: rc=%zd\n", flag, r);
	check(r == 72 && !memcmp(dec, in, 72), "gcm(aes) f%d: decrypted (rc=%zd)", flag, r);
	/* the second message tampered: -EBADMSG (with KCAPI_INIT_AIO libkcapi returns before
	 * reaping the third request, and its next AIO call hangs: kcapi-rs only) */
	if (!flag || is_rs) {
		pfx = flag ? "!" : "";
		((uint8_t *)vo[1].iov_base)[10] ^= 1;
		r = kcapi_aead_decrypt_aio(h, vo, vd, 3, iv, KCAPI_ACCESS_SENDMSG);
		printf("%sgcm(aes) f%d decrypt, second tampered: rc=%zd\n", pfx, flag, r);
		check(r == -EBADMSG, "gcm(aes) f%d: tampered message rc=%zd", flag, r);
		r = kcapi_aead_encrypt_aio(h, vi, vo, 3, iv, KCAPI_ACCESS_SENDMSG);
		printf("%sgcm(aes) f%d then encrypt: rc=%zd\n", pfx, flag, r);
		check(r == 120, "gcm(aes) f%d: usable after EBADMSG (rc=%zd)", flag, r);
		pfx = "";
	}
	/* an empty pair first */
	vi[0].iov_len = 0;
	vo[0].iov_len = 0;
	r = kcapi_aead_encrypt_aio(h, vi, vo, 2, iv, KCAPI_ACCESS_SENDMSG);
	printf("gcm(aes) f%d empty pair first: rc=%zd\n", flag, r);
	check(r == 56, "gcm(aes) f%d: empty pair first rc=%zd", flag, r);
	kcapi_aead_destroy(h);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	test_init(300);
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 3);
	for (int i = 0; i < 64; i++)
		key[i] = (uint8_t)(i + 1);
	for (int i = 0; i < 16; i++)
		iv[i] = (uint8_t)(0xf0 + i);
	for (size_t a = 0; a < sizeof(algs) / sizeof(algs[0]); a++)
		for (int flag = 0; flag < 2; flag++)
			for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
				shape_case(algs[a], flag, &shapes[s]);
	huge_case("cbc(aes)");
	huge_case("ctr(aes)");
	for (int flag = 0; flag < 2; flag++) {
		big_case("cbc(aes)", flag);
		big_case("ctr(aes)", flag);
		ctr_keystream(flag, 16, 4096);
		ctr_keystream(flag, 3, 48);
		ctr_keystream(flag, 65, 16);
		gcm_case(flag);
	}
	return test_done();
}
