/*
 * md_threads.c - concurrent hashing through kcapi_handle_reinit handles.
 *
 * One keyed hmac(sha256) handle; N (default 8) handles derived from it with
 * kcapi_handle_reinit; each thread hashes its own data (sizes crossing the
 * 32 KiB send/splice threshold, split into several updates, several rounds)
 * concurrently.  Every result is compared with a single-threaded computation
 * of the same data made beforehand through the original handle.  Then the
 * original handle is destroyed first, each derived handle must still work
 * (one more digest), and is destroyed.
 *
 * Usage: md_threads [NTHREADS [ROUNDS]]   (defaults 8, 20)
 * Environment: KCAPI_TEST_TIMEOUT (seconds, default 120).
 * Last line: "N passed, N failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#include <kcapi.h>

#include "test_util.h"


#define MAXTHREADS 64
#define MAXROUNDS 200
#define DS 32

static const uint8_t key[] = "thread-test-key-0123456789";

struct job {
	unsigned int id, rounds;
	struct kcapi_handle *h;
	uint8_t *data[MAXROUNDS];
	size_t len[MAXROUNDS];
	uint8_t expect[MAXROUNDS][DS];
	uint8_t got[MAXROUNDS][DS];
	ssize_t ret[MAXROUNDS];
};

static pthread_barrier_t start;

/* hash with a few updates at fixed split points (round-dependent) */
static ssize_t hash_split(struct kcapi_handle *h, const uint8_t *d, size_t len,
			  uint8_t *out, unsigned int r)
{
	size_t off = 0, step = 1 + (r * 7919u) % 50000;
	ssize_t ret;

	while (off < len) {
		size_t p = len - off < step ? len - off : step;

		ret = kcapi_md_update(h, d + off, p);
		if (ret)
			return ret < 0 ? ret : -10000;
		off += p;
	}
	return kcapi_md_final(h, out, DS);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	unsigned int r;

	pthread_barrier_wait(&start);
	for (r = 0; r < j->rounds; r++) {
		memset(j->got[r], 0, DS);
		if (r % 2)
			j->ret[r] = kcapi_md_digest(j->h, j->data[r], j->len[r],
						    j->got[r], DS);
		else
			j->ret[r] = hash_split(j->h, j->data[r], j->len[r],
					       j->got[r], r);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned int nthreads = 8, rounds = 20, t, r;
	struct kcapi_handle *orig = NULL;
	struct job *jobs;
	pthread_t tid[MAXTHREADS];
	int rc;

	test_init(120);
	kcapi_set_verbosity(KCAPI_LOG_NONE);
	if (argc > 1)
		nthreads = (unsigned int)atoi(argv[1]);
	if (argc > 2)
		rounds = (unsigned int)atoi(argv[2]);
	if (nthreads < 1 || nthreads > MAXTHREADS)
		nthreads = 8;
	if (rounds < 1 || rounds > MAXROUNDS)
		rounds = 20;
	printf("md_threads: %u threads x %u rounds, hmac(sha256) via kcapi_handle_reinit\n",
	       nthreads, rounds);

	rc = kcapi_md_init(&orig, "hmac(sha256)", 0);
	check(rc == 0, "kcapi_md_init(hmac(sha256)) = %d", rc);
	if (rc)
		goto out;
	rc = kcapi_md_setkey(orig, key, sizeof(key) - 1);
	check(rc == 0, "kcapi_md_setkey = %d", rc);

	jobs = calloc(nthreads, sizeof(*jobs));
	if (!jobs) {
		check(0, "calloc");
		goto out;
	}
	/* data + single-threaded reference through the original handle */
	for (t = 0; t < nthreads; t++) {
		struct job *j = &jobs[t];

		j->id = t;
		j->rounds = rounds;
		for (r = 0; r < rounds; r++) {
			size_t k;
			uint32_t x = 0x9e3779b9u * (t + 1) + r * 0x85ebca6bu;
			ssize_t ret;

			/* sizes 0 .. ~100 KiB, crossing the 32 KiB threshold */
			j->len[r] = ((size_t)t * 7777 + (size_t)r * 13331) % 100000;
			if (r == 0)
				j->len[r] = 0;
			j->data[r] = malloc(j->len[r] + 1);
			if (!j->data[r]) {
				check(0, "malloc");
				goto out;
			}
			for (k = 0; k < j->len[r]; k++) {
				x ^= x << 13; x ^= x >> 17; x ^= x << 5;
				j->data[r][k] = (uint8_t)x;
			}
			ret = kcapi_md_digest(orig, j->data[r], j->len[r],
					      j->expect[r], DS);
			check(ret == DS, "reference digest t%u r%u ret %zd", t, r, ret);
		}
		/* cross-check one reference with the one-shot convenience */
		{
			uint8_t c[DS];
			ssize_t ret = kcapi_md_hmac_sha256(key, sizeof(key) - 1,
							   j->data[1 % rounds],
							   j->len[1 % rounds], c, DS);

			check(ret == DS && !memcmp(c, j->expect[1 % rounds], DS),
			      "reference t%u equals kcapi_md_hmac_sha256", t);
		}
		j->h = NULL;
		rc = kcapi_handle_reinit(&j->h, orig, 0);
		check(rc == 0 && j->h, "kcapi_handle_reinit #%u = %d", t, rc);
		if (rc)
			goto out;
	}

	if (pthread_barrier_init(&start, NULL, nthreads)) {
		check(0, "pthread_barrier_init");
		goto out;
	}
	for (t = 0; t < nthreads; t++) {
		rc = pthread_create(&tid[t], NULL, worker, &jobs[t]);
		if (rc) {
			check(0, "pthread_create: %s", strerror(rc));
			goto out;
		}
	}
	for (t = 0; t < nthreads; t++)
		pthread_join(tid[t], NULL);
	pthread_barrier_destroy(&start);

	for (t = 0; t < nthreads; t++)
		for (r = 0; r < rounds; r++)
			check(jobs[t].ret[r] == DS &&
			      !memcmp(jobs[t].got[r], jobs[t].expect[r], DS),
			      "thread %u round %u (len %zu): ret %zd, digest %s",
			      t, r, jobs[t].len[r], jobs[t].ret[r],
			      memcmp(jobs[t].got[r], jobs[t].expect[r], DS) ?
			      "differs" : "equal");

	/* destroy the original first; derived handles keep working */
	kcapi_md_destroy(orig);
	orig = NULL;
	for (t = 0; t < nthreads; t++) {
		uint8_t out[DS];
		ssize_t ret = kcapi_md_digest(jobs[t].h, jobs[t].data[rounds - 1],
					      jobs[t].len[rounds - 1], out, DS);

		check(ret == DS && !memcmp(out, jobs[t].expect[rounds - 1], DS),
		      "handle %u after original destroyed: ret %zd", t, ret);
		kcapi_md_destroy(jobs[t].h);
		jobs[t].h = NULL;
		for (r = 0; r < rounds; r++)
			free(jobs[t].data[r]);
	}
	free(jobs);
out:
	if (orig)
		kcapi_md_destroy(orig);
	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
