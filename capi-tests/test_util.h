/*
 * test_util.h - the helpers every capi-tests program shares: pass/fail
 * accounting with the "N passed, N failed" summary (thread-safe), an alarm()
 * watchdog that counts a hang as one more failure, hex output, output guards
 * and the "case: rc=... out=..." lines that the differential runs compare
 * (a "!" prefix marks lines whose expectation differs between libkcapi and
 * kcapi-rs).
 *
 * Header-only: every test program is one C file plus this header (and the
 * area headers cipher_util.h / kdf_rng_util.h that build on it).
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <linux/if_alg.h>

/* not every program uses every helper */
#define UTIL __attribute__((unused)) static

/* fill byte of output buffers: bytes a call must not touch keep it */
#ifndef GUARD
#define GUARD 0xa5
#endif

static unsigned int npass, nfail;
static const char *pfx = "";	/* "!" while printing library-specific lines */
static int is_rs;		/* KCAPI_TEST_RS=1: the library under test is kcapi-rs */
static int show_passes;		/* print "ok: ..." for passing checks too */
static pthread_mutex_t check_lock = PTHREAD_MUTEX_INITIALIZER;

UTIL void put_uint(char *line, unsigned int *i, unsigned int v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		line[(*i)++] = tmp[--n];
}

/* async-signal-safe summary on SIGALRM: a hang is one more failure */
UTIL void report_timeout(int sig)
{
	static const char msg[] = "FAIL: timeout (SIGALRM) - test hung or too slow\n";
	char line[96];
	unsigned int i = 0;

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0) { /* nothing */ }
	put_uint(line, &i, npass);
	memcpy(line + i, " passed, ", 9);
	i += 9;
	put_uint(line, &i, nfail + 1);
	memcpy(line + i, " failed\n", 8);
	i += 8;
	if (write(1, line, i) < 0) { /* nothing */ }
	_exit(1);
}

/* watchdog (KCAPI_TEST_TIMEOUT overrides def seconds), KCAPI_TEST_RS, line-buffered stdout */
UTIL void test_init(unsigned int def)
{
	const char *e = getenv("KCAPI_TEST_TIMEOUT");
	const char *rs = getenv("KCAPI_TEST_RS");
	unsigned int secs = def;

	if (e && atoi(e) > 0)
		secs = (unsigned int)atoi(e);
	is_rs = rs && !strcmp(rs, "1");
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, report_timeout);
	alarm(secs);
}

/* print the summary; the process exit status */
UTIL int test_done(void)
{
	printf("%u passed, %u failed\n", npass, nfail);
	fflush(stdout);
	return nfail ? 1 : 0;
}

/* count one check; a failure prints "FAIL: <message>" */
UTIL int check(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
UTIL int check(int cond, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&check_lock);
	if (cond)
		npass++;
	else
		nfail++;
	if (!cond || show_passes) {
		printf("%s%s: ", pfx, cond ? "ok" : "FAIL");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		fflush(stdout);
	}
	pthread_mutex_unlock(&check_lock);
	return cond;
}

/* lowercase hex of n bytes into out (2n + 1 bytes) */
UTIL void tohex(const uint8_t *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = 0;
}

/* lowercase hex of n bytes (negative: none, at most 512 shown) in a static
 * buffer; four buffers rotate, so a result stays valid across the next three
 * calls (out_case(..., hx(expected, n)) compares two results) */
UTIL const char *hx(const uint8_t *b, long long n)
{
	static char out[4][2 * 512 + 4];
	static unsigned int slot;
	char *o = out[slot++ & 3];

	if (n < 0)
		n = 0;
	if (n > 512)
		n = 512;
	tohex(b, (size_t)n, o);
	return o;
}

UTIL int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* hex string -> bytes; returns the byte count or -1 on bad input */
UTIL ssize_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (ssize_t)(n / 2);
}

/* hex string (trailing blanks/newlines ignored) -> newly allocated bytes in *out
 * (never NULL on success), length in *len; -1 on bad input */
UTIL int unhex_alloc(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s);
	uint8_t *b;
	ssize_t r;
	char *t;

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	t = strndup(s, n);
	b = malloc(n / 2 + 1);
	r = t && b ? unhex(t, b, n / 2) : -1;
	free(t);
	if (r < 0) {
		free(b);
		return -1;
	}
	*out = b;
	*len = (size_t)r;
	return 0;
}

UTIL int all_bytes(const uint8_t *b, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

/* bytes from..to-1 of b still hold GUARD */
UTIL int guard_ok(const uint8_t *b, size_t from, size_t to)
{
	return to <= from || all_bytes(b + from, to - from, GUARD);
}

/* "name: rc=N" compared with the expectation */
UTIL void rc_case(const char *name, long long got, long long exp)
{
	printf("%s%s: rc=%lld\n", pfx, name, got);
	check(got == exp, "%s: rc=%lld, expected %lld", name, got, exp);
}

/* a return code and errno compared with the reference */
UTIL void rce_case(const char *name, long long got, int err, long long exp, int experr)
{
	printf("%s%s: rc=%lld errno=%d\n", pfx, name, got, err);
	check(got == exp && err == experr, "%s: rc=%lld errno=%d, expected %lld errno %d",
	      name, got, err, exp, experr);
}

/* rc_case with the name "<a>_<b>" */
UTIL void rc_case2(const char *a, const char *b, long long got, long long exp)
{
	char name[160];

	snprintf(name, sizeof(name), "%s_%s", a, b);
	rc_case(name, got, exp);
}

/* "name: rc=N out=HEX" compared with the expectation (exphex NULL: any) */
UTIL void out_case(const char *name, long long got, long long exp,
		   const uint8_t *out, size_t outlen, const char *exphex)
{
	const char *h = hx(out, (long long)outlen);

	printf("%s%s: rc=%lld out=%s\n", pfx, name, got, h);
	check(got == exp && (!exphex || !strcmp(h, exphex)),
	      "%s: rc=%lld out=%s, expected rc=%lld out=%s", name, got, h, exp,
	      exphex ? exphex : "(any)");
}

/* a case whose expectation differs between the libraries: printed with "!" */
UTIL void lib_case(const char *name, long long got, long long exp_ref, long long exp_rs)
{
	const char *save = pfx;

	pfx = "!";
	rc_case(name, got, is_rs ? exp_rs : exp_ref);
	pfx = save;
}

/*
 * KCAPI_TEST_VECTOR_STRIDE=N: only every Nth record of a vector file is tested (the first,
 * the (N+1)th, ...), for the valgrind lane; every file and every path still runs. Default 1
 * (all). Called with the record's index in its file.
 */
UTIL int take_vector(unsigned int index)
{
	static unsigned int stride;

	if (!stride) {
		const char *e = getenv("KCAPI_TEST_VECTOR_STRIDE");

		stride = e && atoi(e) > 0 ? (unsigned int)atoi(e) : 1;
	}
	return index % stride == 0;
}

/* the number of open file descriptors (/proc/self/fd), -1 when unreadable */
UTIL int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory stream's own fd */
}

/* 0 when a raw AF_ALG socket (independent of the library under test) binds to algorithm NAME
 * of TYPE ("rng", "hash", ...), else the errno of socket() or bind(): ENOENT for an algorithm
 * the kernel lacks or an af_alg_restrict allowlist refuses, EAFNOSUPPORT without AF_ALG */
UTIL int kernel_bind_errno(const char *type, const char *name)
{
	struct sockaddr_alg sa;
	int fd, err = 0;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	snprintf((char *)sa.salg_type, sizeof(sa.salg_type), "%s", type);
	snprintf((char *)sa.salg_name, sizeof(sa.salg_name), "%s", name);
	fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		err = errno;
	close(fd);
	return err;
}

/* whether the kernel offers algorithm NAME of TYPE (algorithms differ between kernels:
 * Debian's 7.2 has no DRBG, no ansi_cprng, no sha256-generic) */
UTIL int kernel_has(const char *type, const char *name)
{
	return kernel_bind_errno(type, name) == 0;
}

#endif
