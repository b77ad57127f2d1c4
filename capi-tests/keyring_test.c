/*
 * keyring_test - keys held in the kernel's keyring (kcapi-rs extensions, our library only):
 * kcapi_md_setkey_by_serial, kcapi_cipher_setkey_by_serial, kcapi_aead_setkey_by_serial and
 * kcapi_keyring_search.
 *
 * Outputs through a key set by serial equal the ordinary setkey's for cbc(aes), ctr(aes),
 * xts(aes), hmac(sha256), hmac(sha512) and gcm(aes), with "user" and "logon" keys; every
 * documented errno is provoked (unknown serial, revoked, not possessed, wrong type, wrong
 * size, a hash without key, in use, handle of another type); what revoking or invalidating a
 * key between setkey and the operation does (nothing: the transformation has its copy); the
 * lookup by description. Everything runs as root and again as an unprivileged uid (a forked
 * child with setresuid and a session keyring of its own; run as another uid, once as that uid).
 * Where the kernel refuses one of the algorithms to the process (not built, the
 * af_alg_restrict allowlist, AF_ALG off), a SKIP line names it and the checks that need it are
 * left out; the keyring's own checks (add_key, kcapi_keyring_search) run everywhere.
 *
 * Before Linux 6.2 (no ALG_SET_KEY_BY_KEY_SERIAL) "user" keys still work (the library reads
 * them) and "logon" keys give -ENOPROTOOPT; the program checks whichever the running kernel
 * calls for. Each run joins a new anonymous session keyring first, so the user keyring is
 * not linked into the session: a key there is one the caller does not possess.
 *
 * With KCAPI_TOOLS_BIN set (the directory of our kcapi-enc, kcapi-dgst and kcapi-hasher), the
 * root run also checks the tools: --key-serial N and --key-desc TYPE:DESC give the same
 * output as --keyfd (kcapi-hasher: as -k FILE), and fail with the errno's exit status.
 */
#include "test_util.h"
#include <kcapi.h>
#include <linux/keyctl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static int new_kernel;	/* Linux 6.2 or later: ALG_SET_KEY_BY_KEY_SERIAL */
static const char *who = "root";

static int32_t add_key(const char *type, const char *desc, const void *p, size_t n, int32_t ring)
{
	long r = syscall(SYS_add_key, type, desc, p, n, ring);
	return r < 0 ? -errno : (int32_t)r;
}

static long kctl(int op, long a, long b, long c, long d)
{
	long r = syscall(SYS_keyctl, op, a, b, c, d);
	return r < 0 ? -errno : r;
}

/* ------------------------------------------------------------ the operations, two ways */

static const uint8_t iv[16] = "0123456789abcdef";
static uint8_t msg[64];

/* A length result as the rc of a run: 0 when it is `want` (any positive for want 0). */
static int len_rc(ssize_t n, ssize_t want)
{
	if (want ? n == want : n > 0)
		return 0;
	return n < 0 ? (int)n : -EIO;
}

static int cipher_op(struct kcapi_handle *h, uint8_t *out)
{
	return len_rc(kcapi_cipher_encrypt(h, msg, sizeof(msg), iv, out, sizeof(msg), KCAPI_ACCESS_HEURISTIC), 64);
}

static int md_op(struct kcapi_handle *h, uint8_t *out)
{
	return len_rc(kcapi_md_digest(h, msg, sizeof(msg), out, 64), 0);
}

/* gcm(aes): 16 bytes associated data, 48 of plaintext, 16-byte tag */
static int aead_op(struct kcapi_handle *h, uint8_t *out)
{
	int rc = kcapi_aead_settaglen(h, 16);

	if (rc)
		return rc;
	kcapi_aead_setassoclen(h, 16);
	return len_rc(kcapi_aead_encrypt(h, msg, 64, iv, out, 80, KCAPI_ACCESS_HEURISTIC), 80);
}

/* one handle family: its functions and the operation the test runs */
struct family {
	int (*init)(struct kcapi_handle **, const char *, uint32_t);
	int (*setkey)(struct kcapi_handle *, const uint8_t *, uint32_t);
	int (*by_serial)(struct kcapi_handle *, int32_t);
	int (*op)(struct kcapi_handle *, uint8_t *);
	void (*destroy)(struct kcapi_handle *);
};

static const struct family CIPHER = { kcapi_cipher_init, kcapi_cipher_setkey, kcapi_cipher_setkey_by_serial,
				      cipher_op, kcapi_cipher_destroy };
static const struct family MD = { kcapi_md_init, kcapi_md_setkey, kcapi_md_setkey_by_serial, md_op,
				  kcapi_md_destroy };
static const struct family AEAD = { kcapi_aead_init, kcapi_aead_setkey, kcapi_aead_setkey_by_serial, aead_op,
				    kcapi_aead_destroy };

/* init, set the key (serial 0: the ordinary setkey with key/klen; else setkey_by_serial), run
 * the family's operation into out; returns the first failure */
static int run(const struct family *f, const char *name, const uint8_t *key, uint32_t klen, int32_t serial,
	       uint8_t *out)
{
	struct kcapi_handle *h;
	int rc = f->init(&h, name, 0);

	if (rc)
		return rc;
	rc = serial ? f->by_serial(h, serial) : f->setkey(h, key, klen);
	if (!rc)
		rc = f->op(h, out);
	f->destroy(h);
	return rc;
}

/* 0 when this process may use `name` through AF_ALG, else the family's init error: -ENOENT for
 * an algorithm the kernel lacks or its af_alg_restrict allowlist refuses, -EAFNOSUPPORT when
 * AF_ALG is off. The first refusal of each algorithm prints a SKIP line naming it and why, and
 * the checks that need it are left out (the keyring's own checks still run). */
static int refused(const struct family *f, const char *name)
{
	static const char *seen[16];
	static size_t nseen;
	struct kcapi_handle *h;
	char level[16] = "none";
	FILE *fp;
	int rc = f->init(&h, name, 0);

	if (!rc) {
		f->destroy(h);
		return 0;
	}
	for (size_t i = 0; i < nseen; i++)
		if (!strcmp(seen[i], name))
			return rc;
	if (nseen < sizeof(seen) / sizeof(seen[0]))
		seen[nseen++] = name;
	fp = fopen("/proc/sys/crypto/af_alg_restrict", "r");
	if (fp) {
		if (fscanf(fp, "%15s", level) != 1)
			strcpy(level, "?");
		fclose(fp);
	}
	printf("SKIP: keyring_test %s: %s by key serial: the kernel refuses %s to this process (%s, af_alg_restrict %s)\n",
	       who, name, rc == -EAFNOSUPPORT ? "AF_ALG" : "the algorithm",
	       rc == -EAFNOSUPPORT ? "EAFNOSUPPORT" : rc == -ENOENT ? "ENOENT" : strerror(-rc), level);
	return rc;
}

struct alg {
	const char *name;
	const struct family *fam;
	uint32_t klen;
	size_t outlen;
};

static const struct alg algs[] = {
	{ "cbc(aes)", &CIPHER, 32, 64 },
	{ "ctr(aes)", &CIPHER, 16, 64 },
	{ "xts(aes)", &CIPHER, 64, 64 },
	{ "hmac(sha256)", &MD, 20, 32 },
	{ "hmac(sha512)", &MD, 100, 64 },
	{ "gcm(aes)", &AEAD, 16, 80 },
};

/* ------------------------------------------------------------ the suite */

static void same_outputs(const char *type)
{
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const struct alg *a = &algs[i];
		uint8_t key[128], ref[80], got[80];
		char desc[64];
		int32_t s;
		int rc;

		for (uint32_t j = 0; j < a->klen; j++)
			key[j] = (uint8_t)(j * 7 + i + 1);
		snprintf(desc, sizeof(desc), "kcapi-test:%s-%zu", type, i);
		s = add_key(type, desc, key, a->klen, KEY_SPEC_SESSION_KEYRING);
		if (!check(s > 0, "%s: add_key %s %s: %d", who, type, desc, s))
			continue;
		if (refused(a->fam, a->name))
			goto search;
		if (!check(run(a->fam, a->name, key, a->klen, 0, ref) == 0, "%s: %s ordinary setkey", who, a->name))
			continue;
		memset(got, 0, sizeof(got));
		rc = run(a->fam, a->name, NULL, 0, s, got);
		if (new_kernel || !strcmp(type, "user")) {
			check(rc == 0, "%s: %s by %s key serial: rc=%d", who, a->name, type, rc);
			check(!rc && !memcmp(ref, got, a->outlen), "%s: %s by %s key serial: same output", who,
			      a->name, type);
		} else {
			check(rc == -ENOPROTOOPT, "%s: %s by %s key serial before 6.2: rc=%d (want -ENOPROTOOPT)",
			      who, a->name, type, rc);
		}
search:
		/* the lookup by description finds the same key */
		check(kcapi_keyring_search(type, desc, 0, 0) == s, "%s: search %s %s", who, type, desc);
		check(kcapi_keyring_search(type, desc, KEY_SPEC_SESSION_KEYRING, 0) == s, "%s: search %s %s in @s",
		      who, type, desc);
		check(kctl(KEYCTL_INVALIDATE, s, 0, 0, 0) == 0, "%s: invalidate", who);
	}
}

static void errors(void)
{
	static const uint8_t k16[16] = "0123456789ABCDEF", k20[20] = "0123456789ABCDEFGHIJ";
	uint8_t out[80], ref[80];
	struct kcapi_handle *h, *h2;
	int32_t s, ring;
	int rc;
	/* the algorithms the checks below use (each left out where the kernel refuses it) */
	int cbc = !refused(&CIPHER, "cbc(aes)"), hmac = !refused(&MD, "hmac(sha256)");
	int gcm = !refused(&AEAD, "gcm(aes)"), sha = !refused(&MD, "sha256");

	/* unknown serial: a key that was there and is invalidated */
	s = add_key("user", "kcapi-test:gone", k16, 16, KEY_SPEC_SESSION_KEYRING);
	kctl(KEYCTL_INVALIDATE, s, 0, 0, 0);
	if (cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, s, out);
		check(rc == -ENOKEY, "%s: invalidated key: rc=%d (want -ENOKEY)", who, rc);
	}
	if (hmac) {
		rc = run(&MD, "hmac(sha256)", NULL, 0, 0x7ffffff0, out);
		check(rc == -ENOKEY, "%s: unknown serial: rc=%d (want -ENOKEY)", who, rc);
		check(errno == ENOKEY, "%s: errno ENOKEY", who);
	}
	/* the search answers -EKEYREVOKED for an invalidated key until the kernel collected it */
	rc = kcapi_keyring_search("user", "kcapi-test:gone", 0, 0);
	check(rc == -ENOKEY || rc == -EKEYREVOKED, "%s: search of a gone key: rc=%d (want -ENOKEY or -EKEYREVOKED)",
	      who, rc);
	check(kcapi_keyring_search("user", "kcapi-test:none", 0, 0) == -ENOKEY, "%s: search of no key", who);
	/* without a request-key helper the kernel's upcall fails with ENOENT */
	rc = kcapi_keyring_search("user", "kcapi-test:none", 0, KCAPI_KEYRING_REQUEST);
	check(rc == (access("/sbin/request-key", X_OK) ? -ENOENT : -ENOKEY),
	      "%s: request of no key: rc=%d (helper %s)", who, rc,
	      access("/sbin/request-key", X_OK) ? "missing: want -ENOENT" : "present: want -ENOKEY");
	check(kcapi_keyring_search("user", "x", 0, 2) == -EINVAL, "%s: search with unknown flags", who);

	/* revoked */
	s = add_key("user", "kcapi-test:revoked", k16, 16, KEY_SPEC_SESSION_KEYRING);
	kctl(KEYCTL_REVOKE, s, 0, 0, 0);
	if (cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, s, out);
		check(rc == -EKEYREVOKED, "%s: revoked key: rc=%d (want -EKEYREVOKED)", who, rc);
	}
	rc = kcapi_keyring_search("user", "kcapi-test:revoked", 0, 0);
	check(rc == -EKEYREVOKED, "%s: search of a revoked key: rc=%d (want -EKEYREVOKED)", who, rc);

	/* not possessed: the user keyring is not linked into our (new) session keyring */
	s = add_key("user", "kcapi-test:unpossessed", k16, 16, KEY_SPEC_USER_KEYRING);
	if (check(s > 0, "%s: add_key to @u: %d", who, s) && cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, s, out);
		check(rc == -EACCES, "%s: key not possessed: rc=%d (want -EACCES)", who, rc);
		kctl(KEYCTL_UNLINK, s, KEY_SPEC_USER_KEYRING, 0, 0);
	}

	/* an "encrypted" key (random, sealed with a user master key; its bytes are unknown here):
	 * usable since 6.2, -ENOPROTOOPT before */
	kctl(KEYCTL_INVALIDATE, add_key("user", "kcapi-test:master", k16, 16, KEY_SPEC_SESSION_KEYRING), 0, 0, 0);
	s = add_key("user", "kcapi-test:master", k20, 20, KEY_SPEC_SESSION_KEYRING);
	ring = add_key("encrypted", "kcapi-test:enc", "new user:kcapi-test:master 32", 29, KEY_SPEC_SESSION_KEYRING);
	if (ring < 0) {
		printf("SKIP: %s: no encrypted key (add_key: %d)\n", who, ring);
	} else if (cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, ring, out);
		check(rc == (new_kernel ? 0 : -ENOPROTOOPT), "%s: encrypted key: rc=%d (want %d)", who, rc,
		      new_kernel ? 0 : -ENOPROTOOPT);
	}
	if (ring > 0)
		kctl(KEYCTL_INVALIDATE, ring, 0, 0, 0);
	kctl(KEYCTL_INVALIDATE, s, 0, 0, 0);

	/* wrong type: a keyring */
	ring = (int32_t)kctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0, 0, 0);
	if (cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, ring, out);
		check(rc == -ENOPROTOOPT, "%s: keyring as key: rc=%d (want -ENOPROTOOPT)", who, rc);
	}

	/* wrong size for the cipher; a hash that takes no key */
	s = add_key("user", "kcapi-test:k20", k20, 20, KEY_SPEC_SESSION_KEYRING);
	if (cbc) {
		rc = run(&CIPHER, "cbc(aes)", NULL, 0, s, out);
		check(rc == -EINVAL, "%s: 20-byte key for cbc(aes): rc=%d (want -EINVAL)", who, rc);
	}
	if (gcm) {
		rc = run(&AEAD, "gcm(aes)", NULL, 0, s, out);
		check(rc == -EINVAL, "%s: 20-byte key for gcm(aes): rc=%d (want -EINVAL)", who, rc);
	}
	if (sha) {
		rc = run(&MD, "sha256", NULL, 0, s, out);
		check(rc == -ENOSYS, "%s: key for sha256: rc=%d (want -ENOSYS)", who, rc);
	}

	/* in use: EBUSY; a handle of another type or NULL: EINVAL */
	if (hmac && !kcapi_md_init(&h, "hmac(sha256)", 0)) {
		check(kcapi_md_setkey_by_serial(h, s) == 0, "%s: hmac key by serial", who);
		check(kcapi_md_digest(h, msg, 3, out, 32) == 32, "%s: hmac digest", who);
		rc = kcapi_md_setkey_by_serial(h, s);
		check(rc == -EBUSY, "%s: setkey by serial after use: rc=%d (want -EBUSY)", who, rc);
		check(kcapi_cipher_setkey_by_serial(h, s) == -EINVAL, "%s: hash handle to the cipher function", who);
		check(kcapi_aead_setkey_by_serial(h, s) == -EINVAL, "%s: hash handle to the AEAD function", who);
		kcapi_md_destroy(h);
	}
	check(kcapi_md_setkey_by_serial(NULL, s) == -EINVAL, "%s: NULL handle", who);
	kctl(KEYCTL_INVALIDATE, s, 0, 0, 0);

	/* revoke / invalidate between setkey and the operation: the transformation keeps its copy
	 * of the key, for the handle and for handles made from it afterwards */
	if (!cbc)
		return;
	check(run(&CIPHER, "cbc(aes)", k16, 16, 0, ref) == 0, "%s: reference cbc(aes)", who);
	for (int inval = 0; inval < 2; inval++) {
		s = add_key("user", "kcapi-test:late", k16, 16, KEY_SPEC_SESSION_KEYRING);
		if (kcapi_cipher_init(&h, "cbc(aes)", 0))
			continue;
		check(kcapi_cipher_setkey_by_serial(h, s) == 0, "%s: cbc(aes) by serial", who);
		kctl(inval ? KEYCTL_INVALIDATE : KEYCTL_REVOKE, s, 0, 0, 0);
		memset(out, 0, sizeof(out));
		rc = (int)kcapi_cipher_encrypt(h, msg, 64, iv, out, 64, KCAPI_ACCESS_HEURISTIC);
		check(rc == 64 && !memcmp(out, ref, 64), "%s: encrypt after the key was %s: rc=%d, same output",
		      who, inval ? "invalidated" : "revoked", rc);
		if (!kcapi_handle_reinit(&h2, h, 0)) {
			memset(out, 0, sizeof(out));
			rc = (int)kcapi_cipher_encrypt(h2, msg, 64, iv, out, 64, KCAPI_ACCESS_HEURISTIC);
			check(rc == 64 && !memcmp(out, ref, 64), "%s: reinit handle after the key was %s", who,
			      inval ? "invalidated" : "revoked");
			kcapi_cipher_destroy(h2);
		}
		rc = kcapi_cipher_setkey_by_serial(h, s);
		check(rc == -EBUSY || rc == -ENOKEY || rc == -EKEYREVOKED,
		      "%s: setkey by serial on the used handle: rc=%d", who, rc);
		kcapi_cipher_destroy(h);
		if (!inval)
			kctl(KEYCTL_INVALIDATE, s, 0, 0, 0);
	}
}

/* ------------------------------------------------------------ the tools */

static char tmpdir[64];

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		check(0, "write %s", path);
	if (fd >= 0)
		close(fd);
}

/* Run bin/argv[0] with stdin from `in`, an inherited descriptor of `keyfile` opened anew
 * (its number replaces "KEYFD" in argv), stdout into out[*n]; returns the exit status (or
 * 256 + signal). */
static int run_tool(const char *bin, char **argv, const char *in, const char *keyfile, uint8_t *out, size_t *n)
{
	char path[512], fdnum[16];
	int p[2], st = 0, kfd = -1;
	size_t cap = *n;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", bin, argv[0]);
	if (keyfile) {
		kfd = open(keyfile, O_RDONLY);
		snprintf(fdnum, sizeof(fdnum), "%d", kfd);
		for (int i = 0; argv[i]; i++)
			if (!strcmp(argv[i], "KEYFD"))
				argv[i] = fdnum;
	}
	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int ifd = open(in, O_RDONLY), nul = open("/dev/null", O_WRONLY);

		if (ifd < 0 || dup2(ifd, 0) < 0 || dup2(p[1], 1) < 0 || dup2(nul, 2) < 0)
			_exit(127);
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	*n = 0;
	for (;;) {
		ssize_t r = read(p[0], out + *n, cap - *n);
		if (r <= 0)
			break;
		*n += (size_t)r;
	}
	close(p[0]);
	if (kfd >= 0)
		close(kfd);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
}

/* the same tool run with the key from a descriptor and from the keyring: same bytes (or,
 * with want_status, the keyring run exits with it: the low byte of -errno) */
static void tool_same(const char *bin, const char *what, char **by_fd, char **by_ring, const char *in,
		      const char *keyfile, int want_status)
{
	static uint8_t a[8192], b[8192];
	size_t na = sizeof(a), nb = sizeof(b);
	int sa = run_tool(bin, by_fd, in, keyfile, a, &na);
	int sb = run_tool(bin, by_ring, in, NULL, b, &nb);

	if (want_status) {
		check(sb == want_status, "tools: %s: exit status %d (want %d)", what, sb, want_status);
		return;
	}
	check(sa == 0 && sb == 0 && na > 0 && na == nb && !memcmp(a, b, na),
	      "tools: %s: same output as with the key from a descriptor (status %d/%d, %zu/%zu bytes)", what,
	      sa, sb, na, nb);
}

static void tools(const char *bin)
{
	static const uint8_t k32[32] = "kcapi-rs keyring key, 32 bytes!", k16[16] = "0123456789ABCDEF";
	char in[96], key32[96], key16[96], ser32[16], ser16[16], desc32[64], desc16[64], bad[16];
	int32_t s32, s16l;
	int logon_ok = new_kernel;

	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(key32, sizeof(key32), "%s/key32", tmpdir);
	snprintf(key16, sizeof(key16), "%s/key16", tmpdir);
	write_file(in, msg, sizeof(msg) - 3);
	write_file(key32, k32, 32);
	write_file(key16, k16, 16);
	s32 = add_key("user", "kcapi-tools:k32", k32, 32, KEY_SPEC_SESSION_KEYRING);
	s16l = add_key("logon", "kcapi-tools:k16", k16, 16, KEY_SPEC_SESSION_KEYRING);
	if (!check(s32 > 0 && s16l > 0, "tools: add_key %d %d", s32, s16l))
		return;
	snprintf(ser32, sizeof(ser32), "%d", s32);
	snprintf(ser16, sizeof(ser16), "%d", s16l);
	snprintf(desc32, sizeof(desc32), "user:kcapi-tools:k32");
	snprintf(desc16, sizeof(desc16), "logon:kcapi-tools:k16");
	snprintf(bad, sizeof(bad), "%d", 0x7ffffff0);

	{
		char *f[] = { "kcapi-enc", "-q", "-c", "cbc(aes)", "--iv", "00112233445566778899aabbccddeeff",
			      "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-enc", "-q", "-c", "cbc(aes)", "--iv", "00112233445566778899aabbccddeeff",
			      "--key-serial", ser32, NULL };
		tool_same(bin, "kcapi-enc cbc(aes) --key-serial (user)", f, r, in, key32, 0);
	}
	{
		char *f[] = { "kcapi-enc", "-q", "-c", "ctr(aes)", "--iv", "00112233445566778899aabbccddeeff",
			      "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-enc", "-q", "-c", "ctr(aes)", "--iv", "00112233445566778899aabbccddeeff",
			      "--key-desc", desc16, NULL };
		tool_same(bin, "kcapi-enc ctr(aes) --key-desc logon:", f, r, in, key16,
			  logon_ok ? 0 : 256 - ENOPROTOOPT);
	}
	{
		char *f[] = { "kcapi-enc", "-q", "-c", "gcm(aes)", "--iv", "00112233445566778899aabb", "--aad",
			      "feedface", "--taglen", "16", "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-enc", "-q", "-c", "gcm(aes)", "--iv", "00112233445566778899aabb", "--aad",
			      "feedface", "--taglen", "16", "--key-serial", ser16, NULL };
		tool_same(bin, "kcapi-enc gcm(aes) --key-serial (logon)", f, r, in, key16,
			  logon_ok ? 0 : 256 - ENOPROTOOPT);
	}
	{
		char *f[] = { "kcapi-dgst", "-q", "-c", "hmac(sha256)", "--hex", "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-dgst", "-q", "-c", "hmac(sha256)", "--hex", "--key-desc", desc32, NULL };
		tool_same(bin, "kcapi-dgst hmac(sha256) --key-desc user:", f, r, in, key32, 0);
	}
	{
		char *f[] = { "kcapi-hasher", "-n", "sha512hmac", "-k", key32, "-", NULL };
		char *r[] = { "kcapi-hasher", "-n", "sha512hmac", "--key-serial", ser32, "-", NULL };
		tool_same(bin, "kcapi-hasher sha512hmac --key-serial", f, r, in, NULL, 0);
	}
	{
		char *f[] = { "kcapi-enc", "-q", "-c", "cbc(aes)", "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-enc", "-q", "-c", "cbc(aes)", "--key-serial", bad, NULL };
		tool_same(bin, "kcapi-enc --key-serial of no key", f, r, in, key32, 256 - ENOKEY);
	}
	{
		char *f[] = { "kcapi-dgst", "-q", "-c", "hmac(sha256)", "--keyfd", "KEYFD", NULL };
		char *r[] = { "kcapi-dgst", "-q", "-c", "hmac(sha256)", "--key-desc", "logon:kcapi-tools:none", NULL };
		tool_same(bin, "kcapi-dgst --key-desc of no key", f, r, in, key32, 256 - ENOKEY);
	}
	kctl(KEYCTL_INVALIDATE, s32, 0, 0, 0);
	kctl(KEYCTL_INVALIDATE, s16l, 0, 0, 0);
	unlink(in);
	unlink(key32);
	unlink(key16);
}

static void suite(void)
{
	long r = kctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0);

	check(r > 0, "%s: new session keyring: %ld", who, r);
	same_outputs("user");
	same_outputs("logon");
	errors();
}

int main(void)
{
	struct utsname u;
	unsigned int maj = 0, min = 0;
	int fds[2];
	pid_t pid;

	test_init(300);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	uname(&u);
	sscanf(u.release, "%u.%u", &maj, &min);
	new_kernel = maj > 6 || (maj == 6 && min >= 2);
	printf("kernel %s: %s\n", u.release, new_kernel ? "ALG_SET_KEY_BY_KEY_SERIAL" : "user keys read (before 6.2)");

	/* as root, the suite again as an unprivileged uid (already one: the suite once) */
	if (geteuid() != 0) {
		static char uid[32];

		snprintf(uid, sizeof(uid), "uid %u", (unsigned int)geteuid());
		who = uid;
	}
	if (pipe(fds))
		return 1;
	pid = geteuid() == 0 ? fork() : -1;
	if (pid == 0) {
		/* an unprivileged uid with its own session keyring */
		unsigned int counts[2];

		close(fds[0]);
		who = "uid 65534";
		if (!check(setresgid(65534, 65534, 65534) == 0 && setresuid(65534, 65534, 65534) == 0,
			   "setresuid(65534)"))
			_exit(1);
		suite();
		counts[0] = npass;
		counts[1] = nfail;
		if (write(fds[1], counts, sizeof(counts)) != (ssize_t)sizeof(counts))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (geteuid() == 0) {
		int st = 0;
		unsigned int counts[2] = { 0, 1 };

		if (read(fds[0], counts, sizeof(counts)) != (ssize_t)sizeof(counts))
			counts[1] = 1;
		waitpid(pid, &st, 0);
		check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "unprivileged child exited normally");
		npass += counts[0];
		nfail += counts[1];
	}
	suite();
	if (getenv("KCAPI_TOOLS_BIN")) {
		strcpy(tmpdir, "/tmp/kcapi-keyring.XXXXXX");
		if (check(mkdtemp(tmpdir) != NULL, "mkdtemp")) {
			tools(getenv("KCAPI_TOOLS_BIN"));
			rmdir(tmpdir);
		}
	}
	return test_done();
}
