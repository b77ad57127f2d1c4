/*
 * cipher_fdleak.c - file descriptors are released on every path.
 *
 * Counts /proc/self/fd, then runs CYCLES x (init + setkey + encrypt in a
 * rotating access mode + destroy), CYCLES x (reinit + encrypt + destroy,
 * every 16th with KCAPI_INIT_AIO and an _aio call), CYCLES x a convenience
 * function and CYCLES/100 rounds of failing calls (bad key, partial block,
 * short output, unknown cipher), and counts again: the numbers must be equal.
 *
 * Usage: cipher_fdleak [CYCLES]   (default 10000; or $KCAPI_TEST_FDLEAK_CYCLES)
 */
#include "cipher_util.h"

#include <dirent.h>
#include <time.h>

static double secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *e = getenv("KCAPI_TEST_FDLEAK_CYCLES");
	int cycles = argc > 1 ? atoi(argv[1]) : e ? atoi(e) : 10000, i, before, after, bad = 0;
	uint8_t key[32] = { 1 }, iv[16] = { 2 }, in[4096] = { 3 }, out[4096];
	struct kcapi_handle *base;
	double t;

	test_init(1200);
	if (cycles < 1)
		return 2;
	before = count_fds();
	t = secs();
	for (i = 0; i < cycles; i++) {
		struct kcapi_handle *h = NULL;

		size_t n = i % 2 ? 4096 : 64;

		if (kcapi_cipher_init(&h, "cbc(aes)", i % 2 ? KCAPI_INIT_AIO : 0) || kcapi_cipher_setkey(h, key, 16) ||
		    kcapi_cipher_encrypt(h, in, n, iv, out, n, i % 3) != (ssize_t)n)
			bad++;
		kcapi_cipher_destroy(h);
	}
	check(!bad, "init/setkey/encrypt/destroy: %d failures", bad);
	printf("%d init+setkey+encrypt+destroy cycles: %.1f s\n", cycles, secs() - t);

	t = secs();
	base = t_cipher("ctr(aes)", key, 16, 0);
	for (i = 0, bad = 0; base && i < cycles; i++) {
		struct kcapi_handle *h = NULL;
		struct iovec v = { in, 100 }, o = { out, 100 };

		int aio = i % 16 == 1; /* an AIO context costs a slow io_destroy (RCU) */

		if (kcapi_handle_reinit(&h, base, aio ? KCAPI_INIT_AIO : 0) ||
		    (aio ? kcapi_cipher_encrypt_aio(h, &v, &o, 1, iv, i % 3) : kcapi_cipher_encrypt(h, in, 100, iv, out, 100, i % 3)) != 100)
			bad++;
		kcapi_cipher_destroy(h);
	}
	kcapi_cipher_destroy(base);
	check(!bad, "reinit/encrypt/destroy: %d failures", bad);
	printf("%d reinit+encrypt+destroy cycles: %.1f s\n", cycles, secs() - t);

	t = secs();
	for (i = 0, bad = 0; i < cycles; i++)
		if (kcapi_cipher_enc_aes_ctr(key, 16, in, 48, iv, out, 48) != 48)
			bad++;
	check(!bad, "convenience: %d failures", bad);
	printf("%d convenience calls: %.1f s\n", cycles, secs() - t);

	t = secs();
	for (i = 0; i < cycles / 100 + 1; i++) {
		struct kcapi_handle *h = NULL;

		kcapi_cipher_enc_aes_cbc(key, 15, in, 16, iv, out, 16);
		kcapi_cipher_enc_aes_cbc(key, 16, in, 20, iv, out, 32);
		if (!kcapi_cipher_init(&h, "cbc(aes)", 0)) {
			kcapi_cipher_setkey(h, key, 16);
			kcapi_cipher_encrypt(h, in, 64, iv, out, 16, KCAPI_ACCESS_VMSPLICE);
			kcapi_cipher_stream_init_enc(h, iv, NULL, 0);
			kcapi_cipher_destroy(h);
		}
		h = NULL;
		if (!kcapi_cipher_init(&h, "no-such-cipher(aes)", 0))
			kcapi_cipher_destroy(h);
	}
	printf("%d rounds of failing calls: %.1f s\n", cycles / 100 + 1, secs() - t);
	after = count_fds();
	printf("open file descriptors: before %d, after %d\n", before, after);
	check(before >= 0 && before == after, "fd count %d -> %d", before, after);
	return test_done();
}
