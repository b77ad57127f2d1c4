/*
 * kdf_rng_util.h - helpers shared by the KDF and RNG C tests (kdf_*.c, rng_*.c):
 * pass/fail counting with the "N passed, N failed" summary, an alarm()
 * watchdog, hex helpers, "case: rc=... out=..." lines for differential runs
 * (a "!" prefix marks library-specific lines), and a reader for the
 * "KEY = value" records of CAVP .rsp and cryptography_vectors .txt files.
 * Header-only: every test program is a single C file plus this header.
 */
#ifndef KDF_RNG_UTIL_H
#define KDF_RNG_UTIL_H

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#ifndef VECTOR_DIR
#define VECTOR_DIR "capi-tests/vectors"
#endif

/* not every program uses every helper */
#define UTIL __attribute__((unused)) static

static unsigned int npass, nfail;
static const char *pfx = "";	/* "!" while printing library-specific lines */
static int is_rs;		/* KCAPI_TEST_RS=1: the library under test is kcapi-rs */

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
	static const char msg[] = "FAIL: timeout (SIGALRM) - test hung\n";
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

UTIL int test_done(void)
{
	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}

UTIL void check(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
UTIL void check(int cond, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		npass++;
		return;
	}
	nfail++;
	printf("%sFAIL: ", pfx);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* lowercase hex of n bytes into a static buffer (at most 256 bytes shown) */
UTIL const char *hx(const uint8_t *b, size_t n)
{
	static const char d[] = "0123456789abcdef";
	static char out[2 * 256 + 4];
	size_t i;

	if (n > 256)
		n = 256;
	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = 0;
	return out;
}

/* hex string -> bytes; returns the byte count or -1 on bad input */
UTIL ssize_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = strlen(s), i;

	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned int v;

		if (!isxdigit((unsigned char)s[2 * i]) || !isxdigit((unsigned char)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (ssize_t)(n / 2);
}

UTIL int all_bytes(const uint8_t *b, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

/* "name: rc=N" compared with the expectation */
UTIL void rc_case(const char *name, long long got, long long exp)
{
	printf("%s%s: rc=%lld\n", pfx, name, got);
	check(got == exp, "%s: rc=%lld, expected %lld", name, got, exp);
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
	const char *h = hx(out, outlen);

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

/* ------------------------------------------------ test vector records */

#define REC_FIELDS 16
#define REC_LINE 8192

struct rec {
	char section[64];		/* the last "[PRF=...]" value, e.g. "HMAC_SHA1" */
	int nf;
	char key[REC_FIELDS][32];
	char *val[REC_FIELDS];
};

UTIL void rec_clear(struct rec *r)
{
	int i;

	for (i = 0; i < r->nf; i++)
		free(r->val[i]);
	r->nf = 0;
}

UTIL const char *rec_get(const struct rec *r, const char *key)
{
	int i;

	for (i = 0; i < r->nf; i++)
		if (!strcasecmp(r->key[i], key))
			return r->val[i];
	return NULL;
}

UTIL char *trim(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/*
 * Read the next record: a "COUNT" line and the "KEY = value" / "KEY=value"
 * lines after it, up to the next "COUNT" line or EOF (blank lines and "#"
 * lines are skipped).  A "[PRF=X]" line makes X the section of the records
 * after it; other "[...]" lines are ignored.  Returns 1 with a record, 0 at
 * EOF.  One reader at a time (the look-ahead is static).
 */
static char rec_section[64];
static char rec_line[REC_LINE];
static int rec_pending;

UTIL void rec_start(void)
{
	rec_section[0] = 0;
	rec_pending = 0;
}

UTIL int rec_next(FILE *f, struct rec *r)
{
	rec_clear(r);
	while (rec_pending || fgets(rec_line, sizeof(rec_line), f)) {
		char *l = trim(rec_line), *eq;

		rec_pending = 0;
		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			if (!strncmp(l, "[PRF=", 5))
				snprintf(rec_section, sizeof(rec_section), "%.*s",
					 (int)strcspn(l + 5, "]"), l + 5);
			continue;
		}
		eq = strchr(l, '=');
		if (!eq)
			continue;
		if (!strncasecmp(l, "COUNT", 5)) {
			if (r->nf) {
				rec_pending = 1;
				return 1;
			}
			snprintf(r->section, sizeof(r->section), "%s", rec_section);
		}
		if (r->nf == REC_FIELDS)
			continue;
		*eq = 0;
		snprintf(r->key[r->nf], sizeof(r->key[0]), "%s", trim(l));
		r->val[r->nf] = strdup(trim(eq + 1));
		if (r->val[r->nf])
			r->nf++;
	}
	return r->nf ? 1 : 0;
}

UTIL FILE *open_vector(const char *rel)
{
	char path[4096];
	const char *dir = getenv("KCAPI_TEST_VECTORS");
	FILE *f;

	rec_start();
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : VECTOR_DIR, rel);
	f = fopen(path, "r");
	check(f != NULL, "cannot open vector file %s: %s", path, strerror(errno));
	return f;
}

/* a function seen through another prototype; the compiler must not see through the cast */
static void *volatile launder_ptr;
UTIL void *launder(void *p)
{
	launder_ptr = p;
	return launder_ptr;
}
#define AS64(type, f) ((type)launder((void *)(uintptr_t)(void (*)(void))(f)))

#endif /* KDF_RNG_UTIL_H */
