/*
 * compat_symver.c - the pre-1.3.0 (32-bit length) compat symbol versions.
 *
 * Binds explicitly, as a program linked against libkcapi < 1.3.1 would:
 *   kcapi_md_digest@LIBKCAPI_0.12.0, kcapi_md_final@LIBKCAPI_0.12.0,
 *   kcapi_md_sha256@LIBKCAPI_1.0.0, kcapi_md_hmac_sha256@LIBKCAPI_1.0.0,
 *   kcapi_memset_secure@LIBKCAPI_0.12.0 (and kcapi_md_update@LIBKCAPI_0.12.0,
 *   which has only that one version)
 * with the old prototypes (uint32_t lengths, int32_t returns), calls them
 * normally and then through function pointers whose prototype has 64-bit
 * lengths, passing garbage in the upper 32 bits of every length register.
 * A compat wrapper must ignore the upper half (x86-64 SysV: the upper bits of
 * a 32-bit argument are undefined); otherwise the input length becomes huge
 * (-EMSGSIZE), the output length exceeds the buffer (guard bytes
 * overwritten) or kcapi_memset_secure runs off the buffer (SIGSEGV, caught).
 *
 * Also checks with dlvsym that the library exports both versions as distinct
 * functions and that the references really bound to the compat versions.
 * Works against Debian's libkcapi 1.4.0 and kcapi-rs.
 * Environment: KCAPI_TEST_TIMEOUT (default 120).  Last line "N passed, N failed".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/types.h>

#include <kcapi.h>

#include "test_util.h"

/* old prototypes, bound to the compat versions */
int32_t kcapi_md_digest_old(struct kcapi_handle *handle, const uint8_t *in,
			    uint32_t inlen, uint8_t *out, uint32_t outlen);
int32_t kcapi_md_final_old(struct kcapi_handle *handle, uint8_t *buffer,
			   uint32_t len);
int32_t kcapi_md_update_old(struct kcapi_handle *handle, const uint8_t *buffer,
			    uint32_t len);
int32_t kcapi_md_sha256_old(const uint8_t *in, uint32_t inlen, uint8_t *out,
			    uint32_t outlen);
int32_t kcapi_md_hmac_sha256_old(const uint8_t *key, uint32_t keylen,
				 const uint8_t *in, uint32_t inlen,
				 uint8_t *out, uint32_t outlen);
void kcapi_memset_secure_old(void *s, int c, uint32_t n);

__asm__(".symver kcapi_md_digest_old, kcapi_md_digest@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_md_final_old, kcapi_md_final@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_md_update_old, kcapi_md_update@LIBKCAPI_0.12.0");
__asm__(".symver kcapi_md_sha256_old, kcapi_md_sha256@LIBKCAPI_1.0.0");
__asm__(".symver kcapi_md_hmac_sha256_old, kcapi_md_hmac_sha256@LIBKCAPI_1.0.0");
__asm__(".symver kcapi_memset_secure_old, kcapi_memset_secure@LIBKCAPI_0.12.0");

/* the same functions seen with 64-bit length registers */
typedef int64_t (*digest64_fn)(struct kcapi_handle *, const uint8_t *, uint64_t,
			       uint8_t *, uint64_t);
typedef int64_t (*final64_fn)(struct kcapi_handle *, uint8_t *, uint64_t);
typedef int64_t (*sha64_fn)(const uint8_t *, uint64_t, uint8_t *, uint64_t);
typedef int64_t (*hmac64_fn)(const uint8_t *, uint64_t, const uint8_t *,
			     uint64_t, uint8_t *, uint64_t);
typedef void (*memset64_fn)(void *, int64_t, uint64_t);

#define GARBAGE(n) ((0xdead5a5aULL << 32) | (uint64_t)(n))
#define GARBAGE_HI(n) ((0x80000001ULL << 32) | (uint64_t)(n))


static const uint8_t sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde,
	0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };
/* HMAC-SHA256(key "key", "abc") */
static const uint8_t hmac_key_abc[32] = {
	0x9c, 0x19, 0x6e, 0x32, 0xdc, 0x01, 0x75, 0xf8, 0x6f, 0x4b, 0x1c, 0xb8,
	0x92, 0x89, 0xd6, 0x61, 0x9d, 0xe6, 0xbe, 0xe6, 0x99, 0xe4, 0xc3, 0x78,
	0xe6, 0x83, 0x09, 0xed, 0x97, 0xa1, 0xa6, 0xab };

#define GUARD 0xa5
static uint8_t out[256];

static int result_ok(const uint8_t *exp, size_t n)
{
	size_t i;

	if (memcmp(out, exp, n))
		return 0;
	for (i = n; i < sizeof(out); i++)
		if (out[i] != GUARD)
			return 0;
	return 1;
}

static sigjmp_buf segv_jmp;
static volatile sig_atomic_t in_probe;

static void on_segv(int sig)
{
	if (in_probe)
		siglongjmp(segv_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* the compiler must not see through the casts */
static void *volatile launder_ptr;
static void *launder(void *p)
{
	launder_ptr = p;
	return launder_ptr;
}

#define AS64(type, f) ((type)launder((void *)(uintptr_t)(void (*)(void))(f)))

static void check_versions(void)
{
	static const struct { const char *name, *oldver; void *bound; } s[] = {
		{ "kcapi_md_digest", "LIBKCAPI_0.12.0", NULL },
		{ "kcapi_md_final", "LIBKCAPI_0.12.0", NULL },
		{ "kcapi_md_sha256", "LIBKCAPI_1.0.0", NULL },
		{ "kcapi_md_hmac_sha256", "LIBKCAPI_1.0.0", NULL },
		{ "kcapi_memset_secure", "LIBKCAPI_0.12.0", NULL },
	};
	void *bound[5];
	void *lib = dlopen("libkcapi.so.1", RTLD_NOW | RTLD_NOLOAD);
	Dl_info info;
	unsigned int i;

	bound[0] = (void *)(uintptr_t)kcapi_md_digest_old;
	bound[1] = (void *)(uintptr_t)kcapi_md_final_old;
	bound[2] = (void *)(uintptr_t)kcapi_md_sha256_old;
	bound[3] = (void *)(uintptr_t)kcapi_md_hmac_sha256_old;
	bound[4] = (void *)(uintptr_t)kcapi_memset_secure_old;

	check(lib != NULL, "libkcapi.so.1 is loaded (%s)", lib ? "yes" : dlerror());
	if (!lib)
		return;
	if (dladdr((void *)(uintptr_t)kcapi_version, &info) && info.dli_fname)
		printf("!library: %s\n", info.dli_fname);
	for (i = 0; i < 5; i++) {
		void *o = dlvsym(lib, s[i].name, s[i].oldver);
		void *n = dlvsym(lib, s[i].name, "LIBKCAPI_1.3.1");

		check(o && n && o != n, "%s@%s and @@LIBKCAPI_1.3.1 exported as distinct functions",
		      s[i].name, s[i].oldver);
		if (bound[i] == o)
			check(1, "%s reference bound to %s", s[i].name, s[i].oldver);
		else
			printf("!note: %s: bound address %p differs from dlvsym %p "
			       "(non-PIE canonical PLT address?)\n", s[i].name,
			       bound[i], o);
	}
	check(dlvsym(lib, "kcapi_md_update", "LIBKCAPI_0.12.0") != NULL,
	      "kcapi_md_update@@LIBKCAPI_0.12.0 exported");
	dlclose(lib);
}

int main(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t buf[64];
	uint8_t *volatile probe;
	int64_t r64;
	int32_t r;
	int rc;
	size_t i;

	test_init(120);
	show_passes = 1;
	kcapi_set_verbosity(KCAPI_LOG_NONE);

	check_versions();

	/* memset_secure: old takes uint32_t n; garbage must not enlarge it */
	memset(buf, 0xaa, sizeof(buf));
	kcapi_memset_secure_old(buf + 4, 0x11, 8);
	rc = 1;
	for (i = 0; i < sizeof(buf); i++)
		if (buf[i] != ((i >= 4 && i < 12) ? 0x11 : 0xaa))
			rc = 0;
	check(rc, "kcapi_memset_secure@0.12.0");

	/*
	 * The probe buffer ends right before a PROT_NONE page, so a wrapper
	 * that used the 64-bit length faults there without corrupting memory.
	 */
	{
		long pg = sysconf(_SC_PAGESIZE);
		uint8_t *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (map == MAP_FAILED || mprotect(map + pg, (size_t)pg, PROT_NONE)) {
			check(0, "mmap guard page: %s", strerror(errno));
			goto md;
		}
		probe = map + pg - 64;
	}
	signal(SIGSEGV, on_segv);
	signal(SIGBUS, on_segv);
	memset(probe, 0xaa, 64);
	in_probe = 1;
	if (sigsetjmp(segv_jmp, 1) == 0) {
		AS64(memset64_fn, kcapi_memset_secure_old)(probe + 8,
			(int64_t)((0x77777777LL << 32) | 0x5c), GARBAGE(40));
		in_probe = 0;
		rc = 1;
		for (i = 0; i < 64; i++)
			if (probe[i] != ((i >= 8 && i < 48) ? 0x5c : 0xaa))
				rc = 0;
		check(rc, "kcapi_memset_secure@0.12.0 with garbage upper halves");
	} else {
		in_probe = 0;
		check(0, "kcapi_memset_secure@0.12.0 with garbage upper half crashed "
		      "(used the 64-bit length)");
	}
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);

md:
	/* plain calls through the old prototypes */
	memset(out, GUARD, sizeof(out));
	r = kcapi_md_sha256_old((const uint8_t *)"abc", 3, out, 32);
	check(r == 32 && result_ok(sha256_abc, 32), "kcapi_md_sha256@1.0.0 ret %d", r);

	memset(out, GUARD, sizeof(out));
	r = kcapi_md_hmac_sha256_old((const uint8_t *)"key", 3,
				     (const uint8_t *)"abc", 3, out, 32);
	check(r == 32 && result_ok(hmac_key_abc, 32), "kcapi_md_hmac_sha256@1.0.0 ret %d", r);

	rc = kcapi_md_init(&h, "sha256", 0);
	check(rc == 0, "kcapi_md_init(sha256) = %d", rc);
	if (rc)
		goto out;
	memset(out, GUARD, sizeof(out));
	r = kcapi_md_digest_old(h, (const uint8_t *)"abc", 3, out, 32);
	check(r == 32 && result_ok(sha256_abc, 32), "kcapi_md_digest@0.12.0 ret %d", r);

	memset(out, GUARD, sizeof(out));
	r = kcapi_md_update_old(h, (const uint8_t *)"abc", 3);
	check(r == 0, "kcapi_md_update@0.12.0 ret %d", r);
	r = kcapi_md_final_old(h, out, 32);
	check(r == 32 && result_ok(sha256_abc, 32), "kcapi_md_final@0.12.0 ret %d", r);

	memset(out, GUARD, sizeof(out));
	r = kcapi_md_digest_old(h, (const uint8_t *)"abc", 3, out, 10);
	check(r == 10 && result_ok(sha256_abc, 10), "kcapi_md_digest@0.12.0 truncated ret %d", r);

	/* garbage in the upper half of every 32-bit length register */
	memset(out, GUARD, sizeof(out));
	r64 = AS64(digest64_fn, kcapi_md_digest_old)(h, (const uint8_t *)"abc",
		GARBAGE(3), out, GARBAGE(10));
	r = (int32_t)r64;
	check(r == 10 && result_ok(sha256_abc, 10),
	      "kcapi_md_digest@0.12.0 with garbage upper halves: ret %d", r);

	memset(out, GUARD, sizeof(out));
	r64 = AS64(digest64_fn, kcapi_md_digest_old)(h, (const uint8_t *)"abc",
		GARBAGE_HI(3), out, GARBAGE_HI(32));
	r = (int32_t)r64;
	check(r == 32 && result_ok(sha256_abc, 32),
	      "kcapi_md_digest@0.12.0 with high-bit garbage: ret %d", r);

	r = kcapi_md_update_old(h, (const uint8_t *)"abc", 3);
	memset(out, GUARD, sizeof(out));
	r64 = AS64(final64_fn, kcapi_md_final_old)(h, out, GARBAGE(12));
	r = (int32_t)r64;
	check(r == 12 && result_ok(sha256_abc, 12),
	      "kcapi_md_final@0.12.0 with garbage upper half: ret %d", r);

	/* the default (1.3.1) version really takes 64-bit lengths */
	memset(out, GUARD, sizeof(out));
	{
		ssize_t s = kcapi_md_digest(h, (const uint8_t *)"abc",
					    (size_t)GARBAGE(3), out, 32);

		check(s == -EMSGSIZE, "kcapi_md_digest@@1.3.1 sees the 64-bit length: ret %zd", s);
	}
	kcapi_md_destroy(h);
	h = NULL;

	memset(out, GUARD, sizeof(out));
	r64 = AS64(sha64_fn, kcapi_md_sha256_old)((const uint8_t *)"abc", GARBAGE(3),
						   out, GARBAGE(20));
	r = (int32_t)r64;
	check(r == 20 && result_ok(sha256_abc, 20),
	      "kcapi_md_sha256@1.0.0 with garbage upper halves: ret %d", r);

	memset(out, GUARD, sizeof(out));
	r64 = AS64(hmac64_fn, kcapi_md_hmac_sha256_old)((const uint8_t *)"key",
		GARBAGE(3), (const uint8_t *)"abc", GARBAGE(3), out, GARBAGE(16));
	r = (int32_t)r64;
	check(r == 16 && result_ok(hmac_key_abc, 16),
	      "kcapi_md_hmac_sha256@1.0.0 with garbage upper halves: ret %d", r);


out:
	if (h)
		kcapi_md_destroy(h);
	printf("%u passed, %u failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
