/*
 * bench.c - cost of the libkcapi API per operation, for bench/run-bench (which runs it against
 * Debian's libkcapi and against ours, interleaved, inside tools/vmrun, and prints the table).
 *
 *   bench [--ms N]   time every operation for about N ms (default 100): one line per
 *                    operation, "name<TAB>nanoseconds per call<TAB>calls", then "rss<TAB>KiB"
 *                    (peak resident set size); a failing call prints "name<TAB>ERR<TAB>rc"
 *   bench --count    run every operation once between getppid() markers (for strace) and
 *                    print the operation names in that order
 *
 * BENCH_ONLY=TEXT[,TEXT...] runs only the operations whose name contains one of the TEXTs.
 * Handles are made and every operation called once before it is measured, so that a figure is
 * the steady-state cost of one call (md one-shot, md init and rng_get_bytes include whatever
 * the library does per call).
 */
#define _GNU_SOURCE
#include <kcapi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define MIB (1 << 20)
#define NAIO 16
#define NTHR 2
#define THR_OPS 16

static uint8_t *in, *out;
static uint8_t key[32] = { 1, 2, 3 }, iv[16] = { 4, 5, 6 };
static struct kcapi_handle *md, *cbc, *aio, *gcm, *thr[NTHR];
static struct iovec vi[NAIO], vo[NAIO];

static ssize_t md_oneshot(void) { return kcapi_md_sha256(in, 64, out, 32); }
static ssize_t md_handle(void) { return kcapi_md_digest(md, in, 64, out, 32); }

static ssize_t md_init(void)
{
	struct kcapi_handle *h = NULL;
	int r = kcapi_md_init(&h, "sha256", 0);

	kcapi_md_destroy(h);
	return r;
}

#define ENC(name, len, access) \
	static ssize_t name(void) { return kcapi_cipher_encrypt(cbc, in, len, iv, out, len, access); }
ENC(enc64_h, 64, KCAPI_ACCESS_HEURISTIC)
ENC(enc64_s, 64, KCAPI_ACCESS_SENDMSG)
ENC(enc64_v, 64, KCAPI_ACCESS_VMSPLICE)
ENC(enc4k_h, 4096, KCAPI_ACCESS_HEURISTIC)
ENC(enc4k_s, 4096, KCAPI_ACCESS_SENDMSG)
ENC(enc4k_v, 4096, KCAPI_ACCESS_VMSPLICE)
ENC(enc1m_h, MIB, KCAPI_ACCESS_HEURISTIC)
ENC(enc1m_s, MIB, KCAPI_ACCESS_SENDMSG)
ENC(enc1m_v, MIB, KCAPI_ACCESS_VMSPLICE)

/* stream: init, one 4 KiB update_last, collect the 4 KiB */
static ssize_t stream4k(void)
{
	struct iovec i = { in, 4096 }, o = { out, 4096 };
	ssize_t r = kcapi_cipher_stream_init_enc(cbc, iv, NULL, 0);

	if (r < 0)
		return r;
	r = kcapi_cipher_stream_update_last(cbc, &i, 1);
	if (r < 0)
		return r;
	return kcapi_cipher_stream_op(cbc, &o, 1);
}

static ssize_t aio16(void) { return kcapi_cipher_encrypt_aio(aio, vi, vo, NAIO, iv, KCAPI_ACCESS_HEURISTIC); }

/* gcm(aes), no associated data, 16-byte tag: in/out as kcapi_aead_encrypt/decrypt lay them out */
static ssize_t aead(size_t len, int dec)
{
	if (!dec)
		return kcapi_aead_encrypt(gcm, in, len, iv, out, len + 16, 0);
	return kcapi_aead_decrypt(gcm, out + MIB, len + 16, iv, out, len, 0);
}
static ssize_t aead_enc64(void) { return aead(64, 0); }
static ssize_t aead_dec64(void) { return aead(64, 1); }
static ssize_t aead_enc64k(void) { return aead(65536, 0); }
static ssize_t aead_dec64k(void) { return aead(65536, 1); }

static ssize_t rng32(void) { return kcapi_rng_get_bytes(out, 32); }
static ssize_t rng1m(void) { return kcapi_rng_get_bytes(out, MIB); }

static ssize_t pbkdf(void)
{
	return kcapi_pbkdf("hmac(sha256)", (const uint8_t *)"password", 8, (const uint8_t *)"salt", 4, 1000, out, 32);
}

static ssize_t hkdf(void)
{
	return kcapi_hkdf("hmac(sha256)", in, 22, in + 32, 13, in + 64, 10, out, 42);
}

static void *thr_run(void *arg)
{
	struct kcapi_handle *h = arg;
	uint8_t *o = malloc(4096);
	ssize_t r = 0;

	for (int i = 0; o && i < THR_OPS && r >= 0; i++)
		r = kcapi_cipher_encrypt(h, in, 4096, iv, o, 4096, 0);
	free(o);
	return (void *)(intptr_t)(o && r >= 0 ? 0 : -1);
}

/* two threads, each 16 cbc(aes) 4 KiB encryptions on its own reinit'd handle */
static ssize_t threads(void)
{
	pthread_t t[NTHR];
	ssize_t r = 0;

	for (int i = 0; i < NTHR; i++)
		if (pthread_create(&t[i], NULL, thr_run, thr[i]))
			return -1;
	for (int i = 0; i < NTHR; i++) {
		void *v;

		pthread_join(t[i], &v);
		if (v)
			r = -1;
	}
	return r;
}

static const struct op {
	const char *name;
	ssize_t (*fn)(void);
} ops[] = {
	{ "md sha256 one-shot 64 B", md_oneshot },
	{ "md digest 64 B, handle", md_handle },
	{ "md init+destroy", md_init },
	{ "cbc 64 B heuristic", enc64_h },
	{ "cbc 64 B sendmsg", enc64_s },
	{ "cbc 64 B vmsplice", enc64_v },
	{ "cbc 4 KiB heuristic", enc4k_h },
	{ "cbc 4 KiB sendmsg", enc4k_s },
	{ "cbc 4 KiB vmsplice", enc4k_v },
	{ "cbc 1 MiB heuristic", enc1m_h },
	{ "cbc 1 MiB sendmsg", enc1m_s },
	{ "cbc 1 MiB vmsplice", enc1m_v },
	{ "cbc stream 4 KiB", stream4k },
	{ "cbc aio 16x4 KiB", aio16 },
	{ "gcm enc 64 B", aead_enc64 },
	{ "gcm dec 64 B", aead_dec64 },
	{ "gcm enc 64 KiB", aead_enc64k },
	{ "gcm dec 64 KiB", aead_dec64k },
	{ "rng_get_bytes 32 B", rng32 },
	{ "rng_get_bytes 1 MiB", rng1m },
	{ "pbkdf sha256 1000 it", pbkdf },
	{ "hkdf sha256 42 B", hkdf },
	{ "2 threads x16 cbc 4 KiB", threads },
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

/* whether name contains one of the comma-separated words of list */
static int matches(const char *name, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ",");

		if (n && memmem(name, strlen(name), list, n))
			return 1;
		list += n + (list[n] == ',');
	}
	return 0;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int setup(void)
{
	int r = 0;

	in = malloc(2 * MIB);
	out = malloc(2 * MIB + 64);
	if (!in || !out)
		return -1;
	for (size_t i = 0; i < 2 * MIB; i++)
		in[i] = (uint8_t)(i * 7 + 3);
	r |= kcapi_md_init(&md, "sha256", 0);
	r |= kcapi_cipher_init(&cbc, "cbc(aes)", 0);
	r |= kcapi_cipher_setkey(cbc, key, 16);
	r |= kcapi_cipher_init(&aio, "cbc(aes)", KCAPI_INIT_AIO);
	r |= kcapi_cipher_setkey(aio, key, 16);
	r |= kcapi_aead_init(&gcm, "gcm(aes)", 0);
	r |= kcapi_aead_setkey(gcm, key, 16);
	r |= kcapi_aead_settaglen(gcm, 16);
	kcapi_aead_setassoclen(gcm, 0);
	for (int i = 0; i < NTHR; i++)
		r |= kcapi_handle_reinit(&thr[i], cbc, 0);
	for (int i = 0; i < NAIO; i++) {
		vi[i].iov_base = in + 4096 * i;
		vi[i].iov_len = 4096;
		vo[i].iov_base = out + 4096 * i;
		vo[i].iov_len = 4096;
	}
	/* ciphertexts for the decryptions, kept at out + 1 MiB */
	if (kcapi_aead_encrypt(gcm, in, 65536, iv, out + MIB, 65536 + 16, 0) < 0)
		return -1;
	return r;
}

int main(int argc, char **argv)
{
	int count = argc > 1 && !strcmp(argv[1], "--count");
	double budget = 100e6;

	if (argc > 2 && !strcmp(argv[1], "--ms"))
		budget = atof(argv[2]) * 1e6;
	if (setup()) {
		fprintf(stderr, "bench: setup failed\n");
		return 1;
	}
	for (size_t k = 0; k < NOPS; k++) {
		const struct op *o = &ops[k];
		const char *only = getenv("BENCH_ONLY");
		ssize_t r;

		if (only && !matches(o->name, only))
			continue;
		/* the gcm decryptions need the matching ciphertext at out + 1 MiB */
		if (o->fn == aead_dec64 && kcapi_aead_encrypt(gcm, in, 64, iv, out + MIB, 80, 0) < 0)
			return 1;
		if (o->fn == aead_dec64k && kcapi_aead_encrypt(gcm, in, 65536, iv, out + MIB, 65536 + 16, 0) < 0)
			return 1;
		r = o->fn();	/* warm-up: first-use costs */
		if (count) {
			syscall(SYS_getppid);
			r = o->fn();
			syscall(SYS_getppid);
			printf("%s\t%zd\n", o->name, r);
			continue;
		}
		if (r < 0) {
			printf("%s\tERR\t%zd\n", o->name, r);
			continue;
		}
		double t0 = now_ns(), t;
		long n = 0;

		do {
			r = o->fn();
			n++;
			t = now_ns();
		} while (r >= 0 && t - t0 < budget);
		if (r < 0)
			printf("%s\tERR\t%zd\n", o->name, r);
		else
			printf("%s\t%.0f\t%ld\n", o->name, (t - t0) / (double)n, n);
	}
	if (!count) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		printf("rss\t%ld\n", ru.ru_maxrss);
	}
	kcapi_md_destroy(md);
	kcapi_cipher_destroy(cbc);
	kcapi_cipher_destroy(aio);
	kcapi_aead_destroy(gcm);
	for (int i = 0; i < NTHR; i++)
		kcapi_cipher_destroy(thr[i]);
	return 0;
}
