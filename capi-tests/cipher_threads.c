/*
 * cipher_threads.c - concurrency of the symmetric cipher API.
 *
 * 1. NTHREADS handles made with kcapi_handle_reinit from one keyed ctr(aes)
 *    handle (half of them with KCAPI_INIT_AIO) encrypt concurrently in
 *    pthreads with one-shot, stream and _aio calls; every result is compared
 *    with a single-threaded result. The original handle is destroyed while
 *    the threads run (destroy order is free).
 * 2. One thread feeds a stream operation with kcapi_cipher_stream_update
 *    while another collects the output with kcapi_cipher_stream_op on the
 *    same handle; the result must equal the one-shot encryption.
 *
 * Usage: cipher_threads [NTHREADS [ROUNDS]] (default 8 and 40).
 */
#include "cipher_util.h"

#include <pthread.h>

#define DATA (300 * 1024)

static uint8_t key[16], iv[16], data[DATA], want[DATA];
static int rounds = 40;

struct job {
	struct kcapi_handle *h;
	unsigned int seed, bad;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	uint8_t *out = malloc(DATA);
	uint64_t s = j->seed;
	int r;

	if (!out)
		abort();
	for (r = 0; r < rounds; r++) {
		size_t n;
		ssize_t got;

		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		n = 1 + (size_t)((s >> 33) % DATA);
		memset(out, 0, n);
		switch (r % 3) {
		case 0:
			got = kcapi_cipher_encrypt(j->h, data, n, iv, out, n, (int)(s % 3));
			break;
		case 1: {
			/* at most 64 KiB per stream operation: one thread sends and receives */
			size_t m = n > 65536 ? 65536 : n;
			struct iovec v = { data, m }, o = { out, m };

			got = kcapi_cipher_stream_init_enc(j->h, iv, &v, 1);
			if (got >= 0)
				got = kcapi_cipher_stream_update_last(j->h, NULL, 0);
			if (got >= 0)
				got = kcapi_cipher_stream_op(j->h, &o, 1);
			n = m;
			break;
		}
		default: {
			struct iovec v = { data, n }, o = { out, n };

			got = kcapi_cipher_encrypt_aio(j->h, &v, &o, 1, iv, (int)(s % 3));
			break;
		}
		}
		if (got != (ssize_t)n || memcmp(out, want, n))
			j->bad++;
	}
	free(out);
	return NULL;
}

static void *sender(void *arg)
{
	struct kcapi_handle *h = arg;
	size_t off = 0, step = 10000;

	while (off < DATA) {
		size_t n = DATA - off < step ? DATA - off : step;
		struct iovec v = { data + off, n };
		ssize_t r = off + n == DATA ? kcapi_cipher_stream_update_last(h, &v, 1) : kcapi_cipher_stream_update(h, &v, 1);

		if (r != (ssize_t)n) {
			printf("FAIL: stream_update at %zu: %zd\n", off, r);
			break;
		}
		off += n;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 8, i;
	struct kcapi_handle *base;
	struct job *jobs;
	pthread_t *tid, snd;
	uint8_t *out;
	size_t got = 0;

	if (argc > 2)
		rounds = atoi(argv[2]);
	if (nthreads < 1 || nthreads > 256 || rounds < 1)
		return 2;
	test_init(600);
	t_fill(data, DATA, 3);
	t_fill(key, 16, 4);
	t_fill(iv, 16, 5);
	base = t_cipher("ctr(aes)", key, 16, 0);
	if (!base || kcapi_cipher_encrypt(base, data, DATA, iv, want, DATA, 0) != DATA) {
		check(0, "reference encryption");
		return test_done();
	}
	jobs = calloc((size_t)nthreads, sizeof(*jobs));
	tid = calloc((size_t)nthreads, sizeof(*tid));
	if (!jobs || !tid)
		abort();
	for (i = 0; i < nthreads; i++) {
		int rc = kcapi_handle_reinit(&jobs[i].h, base, i % 2 ? KCAPI_INIT_AIO : 0);

		jobs[i].seed = (unsigned int)i + 1;
		check(rc == 0, "reinit %d: %d", i, rc);
	}
	for (i = 0; i < nthreads; i++)
		pthread_create(&tid[i], NULL, worker, &jobs[i]);
	kcapi_cipher_destroy(base); /* the original goes first */
	for (i = 0; i < nthreads; i++) {
		pthread_join(tid[i], NULL);
		check(jobs[i].bad == 0, "thread %d: %u of %d results wrong", i, jobs[i].bad, rounds);
		kcapi_cipher_destroy(jobs[i].h);
	}
	printf("%d reinit'd handles x %d rounds in parallel: done\n", nthreads, rounds);

	/* one thread sends, this one receives */
	base = t_cipher("ctr(aes)", key, 16, 0);
	out = calloc(1, DATA);
	if (!base || !out || kcapi_cipher_stream_init_enc(base, iv, NULL, 0) != 0) {
		check(0, "stream setup");
		return test_done();
	}
	pthread_create(&snd, NULL, sender, base);
	while (got < DATA) {
		struct iovec o = { out + got, DATA - got };
		ssize_t r = kcapi_cipher_stream_op(base, &o, 1);

		if (r < 0) {
			check(0, "stream_op at %zu: %zd", got, r);
			break;
		}
		got += (size_t)r;
	}
	pthread_join(snd, NULL);
	check(got == DATA && !memcmp(out, want, DATA), "threaded stream: %zu bytes, %s", got,
		memcmp(out, want, DATA) ? "wrong" : "right");
	printf("stream update and op in two threads: %zu bytes\n", got);
	kcapi_cipher_destroy(base);
	free(out);
	free(jobs);
	free(tid);
	return test_done();
}
