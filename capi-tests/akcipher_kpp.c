/*
 * akcipher_kpp.c - kcapi_akcipher_* (RSA) and kcapi_kpp_* (DH), which kcapi-rs computes
 * through the kernel's key retention service.
 *
 * Known answers from openssl and Python (afalg/testdata/README.md): openssl's PKCS#1 v1.5
 * signature verifies and is reproduced byte for byte, raw RSA both ways, a PKCS#1 encryption
 * round trip, Bleichenbacher's e=3 forgery refused, DH over RFC 3526 group 14; the stream and
 * AIO variants, the compat symbol versions (found with dlvsym, called with garbage in the
 * upper half of every length register), reinit, bad inputs (NULL and foreign handles, short
 * buffers, missing keys, bad peer values) and no key left in the keyring after destroy.
 *
 * Debian's libkcapi has none of these functions (they need an out-of-tree kernel patch):
 * they are referenced weakly and the program prints SKIP there, unless KCAPI_TEST_RS=1.
 * The private-key checks need the module pkcs8_key_parser; without it they are skipped unless
 * KCAPI_TEST_NEED_PKCS8=1 (tools/kernel-tests loads the module and sets it).
 */
#include "akcipher_util.h"
#include <dlfcn.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/syscall.h>

#ifndef TESTDATA_DIR
#define TESTDATA_DIR "afalg/testdata"
#endif

static const uint8_t sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde,
	0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };

struct blob { uint8_t *p; uint32_t n; };

static struct blob cert, priv, pub, sig_abc, raw_c, pub_e3, forged_e3, dh_params, dh_x, dh_y, dh_X, dh_Y, dh_Z;

static struct blob load(const char *name)
{
	char path[512];
	struct blob b = { NULL, 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", TESTDATA_DIR, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		printf("cannot read %s\n", path);
		exit(1);
	}
	b.p = malloc((size_t)n);
	b.n = (uint32_t)n;
	if (!b.p || fread(b.p, 1, (size_t)n, f) != (size_t)n)
		exit(1);
	fclose(f);
	return b;
}

/* the raw test block: the bytes 1..100 right-aligned in 256 bytes */
static void raw_m(uint8_t *m)
{
	memset(m, 0, 156);
	for (int i = 0; i < 100; i++)
		m[156 + i] = (uint8_t)(i + 1);
}

static int want(ssize_t got, ssize_t exp, const char *what)
{
	return check(got == exp, "%s: %zd, expected %zd", what, got, exp);
}

static void public_key_checks(void)
{
	struct kcapi_handle *h = NULL, *h2 = NULL, *md = NULL;
	uint8_t out[256], m[256], buf[256];
	struct iovec iv[2], ov[2];
	ssize_t r;

	want(kcapi_akcipher_init(NULL, "rsa", 0), -EINVAL, "init NULL handle");
	want(kcapi_akcipher_init(&h, "oaep(rsa)", 0), -ENOENT, "init oaep(rsa)");
	check(h == NULL, "failed init leaves *handle alone");
	want(kcapi_akcipher_init(&h, "pkcs1pad(rsa,sha256)", 0), 0, "init pkcs1pad(rsa,sha256)");
	want(kcapi_akcipher_verify(h, sig_abc.p, 256, out, 256, 0), -ENOKEY, "verify without key");
	want(kcapi_akcipher_setpubkey(h, pub.p, pub.n), 256, "setpubkey");
	r = kcapi_akcipher_verify(h, sig_abc.p, 256, out, sizeof(out), 0);
	check(r == 32 && !memcmp(out, sha256_abc, 32), "verify openssl's signature: %zd", r);
	/* in place */
	memcpy(buf, sig_abc.p, 256);
	r = kcapi_akcipher_verify(h, buf, 256, buf, sizeof(buf), 0);
	check(r == 32 && !memcmp(buf, sha256_abc, 32), "verify in place: %zd", r);
	memcpy(buf, sig_abc.p, 256);
	buf[100] ^= 1;
	errno = 0;
	want(kcapi_akcipher_verify(h, buf, 256, out, sizeof(out), 0), -EBADMSG, "tampered signature");
	check(errno == EBADMSG, "errno EBADMSG after a failed verification (%d)", errno);
	want(kcapi_akcipher_verify(h, sig_abc.p, 256, out, 255, 0), -EINVAL, "output below the modulus size");
	want(kcapi_akcipher_verify(h, NULL, 256, out, 256, 0), -EFAULT, "NULL input with a length");
	want(kcapi_akcipher_verify(h, sig_abc.p, 256, NULL, 256, 0), -EFAULT, "NULL output with a length");
	want(kcapi_akcipher_verify(NULL, sig_abc.p, 256, out, 256, 0), -EINVAL, "NULL handle");
	want(kcapi_akcipher_setpubkey(h, pub.p, 10), -EINVAL, "truncated public key");
	want(kcapi_akcipher_verify(h, sig_abc.p, 256, out, 256, 0), -ENOKEY, "a failed re-key leaves no key");
	want(kcapi_akcipher_setpubkey(h, pub.p, pub.n), 256, "setpubkey again");

	/* foreign handles both ways: refused, no hang, no crash */
	if (kcapi_md_init(&md, "sha256", 0) == 0) {
		want(kcapi_akcipher_verify(md, sig_abc.p, 256, out, 256, 0), -EINVAL, "verify on a hash handle");
		want(kcapi_akcipher_setpubkey(md, pub.p, pub.n), -EINVAL, "setpubkey on a hash handle");
		kcapi_md_destroy(md);
	}
	want(kcapi_md_digest(h, sig_abc.p, 3, out, 32), -EINVAL, "kcapi_md_digest on an RSA handle");
	want(kcapi_cipher_encrypt(h, out, 16, NULL, out, 16, 0), -EINVAL, "kcapi_cipher_encrypt on an RSA handle");
	want(kcapi_rng_generate(h, out, 16), -EINVAL, "kcapi_rng_generate on an RSA handle");
	check(kcapi_cipher_blocksize(h) == 0, "kcapi_cipher_blocksize of an RSA handle is 0");

	/* stream and AIO verification */
	iv[0].iov_base = sig_abc.p; iv[0].iov_len = 100;
	iv[1].iov_base = sig_abc.p + 100; iv[1].iov_len = 156;
	want(kcapi_akcipher_stream_op(h, NULL, 0), -EINVAL, "stream_op without buffers");
	want(kcapi_akcipher_stream_update(h, iv, 1), -EINVAL, "stream_update without init");
	want(kcapi_akcipher_stream_init_vfy(h, iv, 1), 100, "stream_init_vfy");
	want(kcapi_akcipher_stream_update_last(h, iv + 1, 1), 156, "stream_update_last");
	memset(out, 0, sizeof(out));
	ov[0].iov_base = out; ov[0].iov_len = 16;
	ov[1].iov_base = out + 16; ov[1].iov_len = 240;
	r = kcapi_akcipher_stream_op(h, ov, 2);
	check(r == 32 && !memcmp(out, sha256_abc, 32), "stream verification: %zd", r);
	want(kcapi_akcipher_stream_op(h, ov, 2), -EINVAL, "stream_op after the stream ended");
	iv[0].iov_base = sig_abc.p; iv[0].iov_len = 256;
	iv[1] = iv[0];
	ov[0].iov_base = out; ov[0].iov_len = 256;
	ov[1].iov_base = buf; ov[1].iov_len = 256;
	r = kcapi_akcipher_verify_aio(h, iv, ov, 2, 0);
	check(r == 64 && !memcmp(out, sha256_abc, 32) && !memcmp(buf, sha256_abc, 32), "verify_aio, 2 signatures: %zd", r);
	want(kcapi_akcipher_verify_aio(h, NULL, ov, 2, 0), -EINVAL, "verify_aio NULL iniov");

	/* a forked child cannot use the key (it is in the parent's process keyring): -EACCES;
	 * destroying the handle there leaves the parent's key alone */
	{
		int st = 0;
		pid_t pid = fork();

		if (pid == 0) {
			ssize_t c = kcapi_akcipher_verify(h, sig_abc.p, 256, out, 256, 0);
			kcapi_akcipher_destroy(h);
			_exit(c == -EACCES ? 0 : 1);
		}
		check(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "a forked child's verify gives -EACCES");
		r = kcapi_akcipher_verify(h, sig_abc.p, 256, out, 256, 0);
		check(r == 32, "the parent's key survives the child's destroy: %zd", r);
	}

	/* reinit: the new handle keeps the key after the first is destroyed */
	want(kcapi_handle_reinit(&h2, h, 0), 0, "reinit an RSA handle");
	kcapi_akcipher_destroy(h);
	r = kcapi_akcipher_verify(h2, sig_abc.p, 256, out, 256, 0);
	check(r == 32 && !memcmp(out, sha256_abc, 32), "verify on the reinit'd handle: %zd", r);
	kcapi_akcipher_destroy(h2);

	/* raw RSA and the e=3 forgery */
	want(kcapi_akcipher_init(&h, "rsa", 0), 0, "init rsa");
	want(kcapi_akcipher_setpubkey(h, pub.p, pub.n), 256, "setpubkey rsa");
	raw_m(m);
	memcpy(buf, m, 256);
	r = kcapi_akcipher_encrypt(h, buf, 256, buf, 256, KCAPI_ACCESS_HEURISTIC);
	check(r == 256 && !memcmp(buf, raw_c.p, 256), "raw encryption in place (Python's pow): %zd", r);
	want(kcapi_akcipher_setpubkey(h, pub_e3.p, pub_e3.n), 256, "setpubkey e=3");
	r = kcapi_akcipher_verify(h, forged_e3.p, 256, out, 256, 0);
	check(r == 256 && out[1] == 1 && out[10] == 0, "the forged block is s^3 (prefix + garbage)");
	kcapi_akcipher_destroy(h);
	want(kcapi_akcipher_init(&h, "pkcs1pad(rsa,sha256)", 0), 0, "init for the forgery");
	want(kcapi_akcipher_setpubkey(h, pub_e3.p, pub_e3.n), 256, "setpubkey e=3");
	want(kcapi_akcipher_verify(h, forged_e3.p, 256, out, 256, 0), -EBADMSG, "Bleichenbacher's e=3 forgery");
	kcapi_akcipher_destroy(h);
	kcapi_akcipher_destroy(NULL);
}

typedef int32_t (*verify_old_fn)(struct kcapi_handle *, const uint8_t *, uint64_t, uint8_t *, uint64_t, int);
typedef int32_t (*sign_old_fn)(struct kcapi_handle *, const uint8_t *, uint64_t, uint8_t *, uint64_t, int);
typedef int32_t (*keygen_old_fn)(struct kcapi_handle *, uint8_t *, uint64_t, int);
#define GARBAGE(n) ((0xdead5a5aULL << 32) | (uint64_t)(n))

static void compat_checks(void)
{
	struct kcapi_handle *h = NULL;
	verify_old_fn vold = (verify_old_fn)dlvsym(RTLD_DEFAULT, "kcapi_akcipher_verify", "LIBKCAPI_0.12.0");
	uint8_t out[256];
	int32_t r;

	if (!check(vold != NULL, "kcapi_akcipher_verify@LIBKCAPI_0.12.0 found"))
		return;
	if (kcapi_akcipher_init(&h, "pkcs1pad(rsa,sha256)", 0) || kcapi_akcipher_setpubkey(h, pub.p, pub.n) != 256) {
		check(0, "compat: handle");
		return;
	}
	r = vold(h, sig_abc.p, GARBAGE(256), out, GARBAGE(256), 0);
	check(r == 32 && !memcmp(out, sha256_abc, 32), "compat verify with garbage length registers: %d", r);
	kcapi_akcipher_destroy(h);
}

/* an asymmetric key the caller put into a keyring itself (kcapi_akcipher_setkey_by_serial) */
static void serial_checks(void)
{
	struct kcapi_handle *h = NULL;
	uint8_t out[256];
	long key, user;
	ssize_t r;

	if (!kcapi_akcipher_setkey_by_serial) {
		check(!is_rs, "kcapi-rs exports kcapi_akcipher_setkey_by_serial");
		return;
	}
	key = syscall(SYS_add_key, "asymmetric", "kcapi-test:cert", cert.p, (size_t)cert.n, -2 /* process */);
	user = syscall(SYS_add_key, "user", "kcapi-test:user", "0123456789abcdef", (size_t)16, -2);
	if (!check(key > 0 && user > 0, "add_key of a certificate and a user key (%ld, %ld)", key, user))
		return;
	want(kcapi_akcipher_init(&h, "pkcs1pad(rsa,sha256)", 0), 0, "init for a key by serial");
	want(kcapi_akcipher_setkey_by_serial(h, (int32_t)key), 256, "setkey_by_serial (a certificate's key)");
	r = kcapi_akcipher_verify(h, sig_abc.p, 256, out, sizeof(out), 0);
	check(r == 32 && !memcmp(out, sha256_abc, 32), "verify with the caller's key: %zd", r);
	want(kcapi_akcipher_setkey_by_serial(h, (int32_t)user), -ENOPROTOOPT, "a user key is no RSA key");
	want(kcapi_akcipher_setkey_by_serial(h, 0x7ffffff0), -ENOKEY, "unknown serial");
	want(kcapi_akcipher_setkey_by_serial(NULL, (int32_t)key), -EINVAL, "NULL handle");
	kcapi_akcipher_destroy(h);
	/* the caller's key outlives the handle */
	want(kcapi_akcipher_init(&h, "pkcs1pad(rsa,sha256)", 0), 0, "init again");
	want(kcapi_akcipher_setkey_by_serial(h, (int32_t)key), 256, "the key is still there after destroy");
	syscall(SYS_keyctl, 3 /* KEYCTL_REVOKE */, key);
	want(kcapi_akcipher_verify(h, sig_abc.p, 256, out, sizeof(out), 0), -EKEYREVOKED, "a revoked key");
	kcapi_akcipher_destroy(h);
	syscall(SYS_keyctl, 21 /* KEYCTL_INVALIDATE */, key);
	syscall(SYS_keyctl, 21, user);
}

static void private_key_checks(void)
{
	struct kcapi_handle *h = NULL, *s = NULL;
	uint8_t out[256], m[256], pt[256];
	struct iovec iv[2], ov[2];
	sign_old_fn sold = (sign_old_fn)dlvsym(RTLD_DEFAULT, "kcapi_akcipher_sign", "LIBKCAPI_0.12.0");
	const char *need = getenv("KCAPI_TEST_NEED_PKCS8");
	ssize_t r;

	want(kcapi_akcipher_init(&s, "pkcs1pad(rsa,sha256)", 0), 0, "init for signing");
	r = kcapi_akcipher_setkey(s, priv.p, priv.n);
	if (r == -ENOPKG && !(need && !strcmp(need, "1"))) {
		printf("SKIP: private keys need the module pkcs8_key_parser (modprobe pkcs8_key_parser)\n");
		kcapi_akcipher_destroy(s);
		return;
	}
	want(r, 256, "setkey (private)");
	r = kcapi_akcipher_sign(s, sha256_abc, 32, out, sizeof(out), 0);
	check(r == 256 && !memcmp(out, sig_abc.p, 256), "sign = openssl's signature: %zd", r);
	want(kcapi_akcipher_sign(s, sha256_abc, 32, out, 200, 0), -EINVAL, "sign into a short buffer");
	/* stream signature, digest in two parts, result in two buffers */
	iv[0].iov_base = (void *)sha256_abc; iv[0].iov_len = 10;
	iv[1].iov_base = (void *)(sha256_abc + 10); iv[1].iov_len = 22;
	memset(out, 0, sizeof(out));
	ov[0].iov_base = out; ov[0].iov_len = 128;
	ov[1].iov_base = out + 128; ov[1].iov_len = 128;
	want(kcapi_akcipher_stream_init_sgn(s, iv, 1), 10, "stream_init_sgn");
	want(kcapi_akcipher_stream_update_last(s, iv + 1, 1), 22, "stream_update_last");
	r = kcapi_akcipher_stream_op(s, ov, 2);
	check(r == 256 && !memcmp(out, sig_abc.p, 256), "stream signature: %zd", r);
	if (check(sold != NULL, "kcapi_akcipher_sign@LIBKCAPI_0.12.0 found")) {
		int32_t r32 = sold(s, sha256_abc, GARBAGE(32), out, GARBAGE(256), 0);
		check(r32 == 256 && !memcmp(out, sig_abc.p, 256), "compat sign: %d", r32);
	}
	kcapi_akcipher_destroy(s);

	want(kcapi_akcipher_init(&h, "rsa", 0), 0, "init rsa (private)");
	want(kcapi_akcipher_setkey(h, priv.p, priv.n), 256, "setkey rsa");
	raw_m(m);
	r = kcapi_akcipher_decrypt(h, raw_c.p, 256, out, 256, 0);
	check(r == 256 && !memcmp(out, m, 256), "raw decryption keeps leading zeros: %zd", r);
	iv[0].iov_base = raw_c.p; iv[0].iov_len = 256;
	ov[0].iov_base = pt; ov[0].iov_len = 256;
	r = kcapi_akcipher_decrypt_aio(h, iv, ov, 1, 0);
	check(r == 256 && !memcmp(pt, m, 256), "decrypt_aio: %zd", r);
	kcapi_akcipher_destroy(h);

	want(kcapi_akcipher_init(&h, "pkcs1pad(rsa)", 0), 0, "init pkcs1pad(rsa)");
	want(kcapi_akcipher_setkey(h, priv.p, priv.n), 256, "setkey pkcs1pad(rsa)");
	want(kcapi_akcipher_encrypt(h, (const uint8_t *)"attack at dawn", 14, out, 256, 0), 256, "PKCS#1 encryption");
	r = kcapi_akcipher_decrypt(h, out, 256, pt, 256, 0);
	check(r == 14 && !memcmp(pt, "attack at dawn", 14), "PKCS#1 round trip: %zd", r);
	out[5] ^= 0x40;
	check(kcapi_akcipher_decrypt(h, out, 256, pt, 256, 0) < 0, "tampered PKCS#1 ciphertext refused");
	kcapi_akcipher_destroy(h);
}

static void kpp_checks(void)
{
	struct kcapi_handle *h = NULL, *b = NULL;
	uint8_t out[256], out2[256];
	struct iovec iv[2], ov[2];
	keygen_old_fn kold = (keygen_old_fn)dlvsym(RTLD_DEFAULT, "kcapi_kpp_keygen", "LIBKCAPI_1.0.0");
	uint8_t p_minus_1[256], one = 1;
	ssize_t r;

	want(kcapi_kpp_init(&h, "ecdh-nist-p256", 0), -ENOENT, "kpp_init ECDH (no route)");
	want(kcapi_kpp_init(&h, "dh", 0), 0, "kpp_init dh");
	want(kcapi_kpp_keygen(h, out, 256, 0), -EINVAL, "keygen before the parameters");
	want(kcapi_kpp_setkey(h, dh_x.p, dh_x.n), -EINVAL, "setkey before the parameters");
	want(kcapi_kpp_ecdh_setcurve(h, ECC_CURVE_NIST_P256), -ENOENT, "ecdh_setcurve on a DH handle");
	want(kcapi_kpp_dh_setparam_pkcs3(h, dh_params.p, dh_params.n), 256, "dh_setparam_pkcs3 (RFC 3526 group 14)");
	want(kcapi_kpp_keygen(h, out, 256, 0), -ENOKEY, "keygen without a private value");
	want(kcapi_kpp_setkey(h, dh_x.p, dh_x.n), 256, "setkey");
	r = kcapi_kpp_keygen(h, out, 256, 0);
	if (r == -EOPNOTSUPP) {
		printf("SKIP: no KEYCTL_DH_COMPUTE in this kernel\n");
		kcapi_kpp_destroy(h);
		return;
	}
	check(r == 256 && !memcmp(out, dh_X.p, 256), "keygen = g^x mod p: %zd", r);
	r = kcapi_kpp_ssgen(h, dh_Y.p, 256, out, 256, 0);
	check(r == 256 && !memcmp(out, dh_Z.p, 256), "ssgen = Y^x mod p: %zd", r);
	want(kcapi_kpp_keygen(h, out, 255, 0), -EOVERFLOW, "keygen into a short buffer");
	memcpy(p_minus_1, dh_params.p + 9, 256);
	p_minus_1[255] -= 1;
	want(kcapi_kpp_ssgen(h, &one, 1, out, 256, 0), -EINVAL, "peer value 1");
	want(kcapi_kpp_ssgen(h, p_minus_1, 256, out, 256, 0), -EINVAL, "peer value p - 1");
	want(kcapi_kpp_ssgen(h, dh_params.p + 9, 256, out, 256, 0), -EINVAL, "peer value p");
	ov[0].iov_base = out; ov[0].iov_len = 256;
	ov[1].iov_base = out2; ov[1].iov_len = 256;
	r = kcapi_kpp_keygen_aio(h, ov, 2, 0);
	check(r == 512 && !memcmp(out, dh_X.p, 256) && !memcmp(out2, dh_X.p, 256), "keygen_aio, 2 buffers: %zd", r);
	iv[0].iov_base = dh_Y.p; iv[0].iov_len = 256;
	iv[1] = iv[0];
	r = kcapi_kpp_ssgen_aio(h, iv, ov, 2, 0);
	check(r == 512 && !memcmp(out, dh_Z.p, 256) && !memcmp(out2, dh_Z.p, 256), "ssgen_aio: %zd", r);
	if (check(kold != NULL, "kcapi_kpp_keygen@LIBKCAPI_1.0.0 found")) {
		int32_t r32 = kold(h, out, GARBAGE(256), 0);
		check(r32 == 256 && !memcmp(out, dh_X.p, 256), "compat keygen: %d", r32);
	}
	/* generated private values on both sides agree */
	want(kcapi_kpp_setkey(h, NULL, 0), 256, "setkey(NULL): generated");
	want(kcapi_kpp_init(&b, "dh", 0), 0, "second party");
	want(kcapi_kpp_dh_setparam_pkcs3(b, dh_params.p, dh_params.n), 256, "second party's parameters");
	want(kcapi_kpp_setkey(b, NULL, 0), 256, "second party's generated key");
	if (kcapi_kpp_keygen(h, out, 256, 0) == 256 && kcapi_kpp_keygen(b, out2, 256, 0) == 256) {
		uint8_t s1[256], s2[256];
		check(kcapi_kpp_ssgen(h, out2, 256, s1, 256, 0) == 256 && kcapi_kpp_ssgen(b, out, 256, s2, 256, 0) == 256 &&
		      !memcmp(s1, s2, 256), "generated keys: both sides compute the same secret");
	} else {
		check(0, "keygen with generated keys");
	}
	kcapi_kpp_destroy(b);
	kcapi_kpp_destroy(h);
}

int main(void)
{
	int before;

	test_init(120);
	if (!have_akcipher())
		return test_done();
	cert = load("rsa2048-cert.der");
	priv = load("rsa2048-pkcs1.der");
	pub = load("rsa2048-pub-pkcs1.der");
	sig_abc = load("rsa2048-sig-sha256-abc.bin");
	raw_c = load("rsa2048-raw-c.bin");
	pub_e3 = load("rsa2048e3-pub-pkcs1.der");
	forged_e3 = load("rsa2048e3-forged-sha256-abc.bin");
	dh_params = load("dh-group14-pkcs3.der");
	dh_x = load("dh-x.bin");
	dh_y = load("dh-y.bin");
	dh_X = load("dh-X.bin");
	dh_Y = load("dh-Y.bin");
	dh_Z = load("dh-Z.bin");
	(void)dh_y;

	before = keys_alive();
	public_key_checks();
	compat_checks();
	serial_checks();
	private_key_checks();
	kpp_checks();
	check(keys_settled(before) == before, "no key of this process left in the keyring (%d before, %d after)", before, keys_alive());
	return test_done();
}
