/*
 * kdf_rng_util.h - helpers of the KDF and RNG C tests (kdf_*.c, rng_*.c) on
 * top of test_util.h: a reader for the "KEY = value" records of CAVP .rsp
 * and cryptography_vectors .txt files.
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

#include "test_util.h"

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
