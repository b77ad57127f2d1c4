/*
 * The C program of tools/deb-swap-test: built on the host against Debian's libkcapi-dev
 * (tools/deb-reference), run in the VM before the swap, on kcapi-rs's libkcapi1 and on
 * Debian's again. Digests, a keyed digest, ciphers, both KDFs, a stream digest and a seeded
 * deterministic RNG through libkcapi.so.1, printed in hex; the first line is the library's
 * version string, the exit status 1 if a call failed.
 */
#include <kcapi.h>
#include <stdio.h>
#include <string.h>
static int bad;
static void hex(const char *what, const uint8_t *p, ssize_t n)
{
	printf("%s:", what);
	if (n < 0) {
		printf(" error %zd\n", n);
		bad = 1;
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}
int main(void)
{
	static const uint8_t key[16] = "0123456789abcdef", iv[16] = "fedcba9876543210";
	static const uint8_t msg[] = "The quick brown fox jumps over the lazy dog, twice!!";
	uint8_t out[128], seed[48] = { 0 };
	char v[64];
	struct kcapi_handle *h;

	kcapi_versionstring(v, sizeof(v));
	printf("version: %s\n", v);
	hex("sha256", out, kcapi_md_sha256(msg, sizeof(msg), out, 32));
	hex("hmac-sha512", out, kcapi_md_hmac_sha512(key, 16, msg, sizeof(msg), out, 64));
	hex("aes-cbc-enc", out, kcapi_cipher_enc_aes_cbc(key, 16, msg, 48, iv, out, 48));
	hex("aes-ctr-dec", out, kcapi_cipher_dec_aes_ctr(key, 16, msg, sizeof(msg), iv, out, sizeof(msg)));
	hex("pbkdf2", out, kcapi_pbkdf("hmac(sha256)", key, 16, msg, 8, 1000, out, 40) ? -1 : 40);
	hex("hkdf", out, kcapi_hkdf("hmac(sha256)", key, 16, msg, 8, msg, 4, out, 42) ? -1 : 42);
	if (kcapi_md_init(&h, "sha1", 0) == 0) {
		kcapi_md_update(h, msg, 10);
		kcapi_md_update(h, msg + 10, sizeof(msg) - 10);
		hex("sha1-stream", out, kcapi_md_final(h, out, 20));
		kcapi_md_destroy(h);
	} else
		hex("sha1-stream", out, -1);
	if (kcapi_rng_init(&h, "ansi_cprng", 0) == 0) {
		if (kcapi_rng_seed(h, seed, sizeof(seed)) == 0)
			hex("ansi-cprng", out, kcapi_rng_generate(h, out, 40));
		else
			hex("ansi-cprng", out, -1);
		kcapi_rng_destroy(h);
	} else
		hex("ansi-cprng", out, -1);
	return bad;
}
