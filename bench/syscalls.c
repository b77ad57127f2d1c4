#include <kcapi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
/*
 * Syscall budget benchmark: run under strace by bench/run-syscalls (inside tools/vmrun) against
 * Debian's libkcapi and against ours. Phases are separated by getppid() markers; the script
 * counts the syscalls of each phase. Phase names are listed in bench/run-syscalls (same order).
 * Handles used by a phase are made and warmed up (first operation: accept, AIO context) before
 * its opening marker, so that a phase counts the steady-state cost of one call.
 */
#define MARK() syscall(SYS_getppid)
#define NAIO 16

static uint8_t in[NAIO * 4096], out[NAIO * 4096 + 16 * NAIO];

/* n pairs of len-byte buffers over in/out (out entries len + extra bytes apart) */
static void iovs(struct iovec *vi, struct iovec *vo, int n, size_t len, size_t extra)
{
	for (int i = 0; i < n; i++) {
		vi[i].iov_base = in + (size_t)i * len;
		vi[i].iov_len = len;
		vo[i].iov_base = out + (size_t)i * (len + extra);
		vo[i].iov_len = len + extra;
	}
}

int main(int argc, char **argv)
{
	struct kcapi_handle *h = NULL, *ca = NULL, *cs = NULL, *ga = NULL;
	struct iovec vi[NAIO], vo[NAIO];
	uint8_t key[16] = { 1 }, iv[16] = { 2 };
	(void)argc; (void)argv;
	memset(in, 'a', sizeof(in));
	kcapi_md_sha256(in, 64, out, 32); /* warm-up: first-use costs (netlink cache etc.) */
	kcapi_cipher_init(&ca, "cbc(aes)", KCAPI_INIT_AIO);
	kcapi_cipher_init(&cs, "cbc(aes)", 0);
	kcapi_aead_init(&ga, "gcm(aes)", KCAPI_INIT_AIO);
	kcapi_cipher_setkey(ca, key, 16);
	kcapi_cipher_setkey(cs, key, 16);
	kcapi_aead_setkey(ga, key, 16);
	kcapi_aead_settaglen(ga, 16);
	kcapi_aead_setassoclen(ga, 0);
	iovs(vi, vo, NAIO, 4096, 0);
	kcapi_cipher_encrypt_aio(ca, vi, vo, NAIO, iv, KCAPI_ACCESS_HEURISTIC);
	kcapi_cipher_encrypt_aio(cs, vi, vo, NAIO, iv, KCAPI_ACCESS_HEURISTIC);
	iovs(vi, vo, 4, 1024, 16);
	kcapi_aead_encrypt_aio(ga, vi, vo, 4, iv, KCAPI_ACCESS_HEURISTIC);
	kcapi_rng_get_bytes(out, 32);

	MARK();
	kcapi_md_init(&h, "sha256", 0);
	kcapi_md_destroy(h);
	MARK();
	kcapi_md_sha256(in, 64, out, 32);
	MARK();
	kcapi_md_init(&h, "sha256", 0);
	kcapi_md_digest(h, in, 64, out, 32);
	MARK();
	kcapi_md_digest(h, in, 64, out, 32);
	MARK();
	iovs(vi, vo, NAIO, 4096, 0);
	kcapi_cipher_encrypt_aio(ca, vi, vo, NAIO, iv, KCAPI_ACCESS_HEURISTIC);
	MARK();
	kcapi_cipher_encrypt_aio(cs, vi, vo, NAIO, iv, KCAPI_ACCESS_HEURISTIC);
	MARK();
	iovs(vi, vo, 4, 1024, 16);
	kcapi_aead_encrypt_aio(ga, vi, vo, 4, iv, KCAPI_ACCESS_HEURISTIC);
	MARK();
	kcapi_rng_get_bytes(out, 32);
	MARK();
	kcapi_md_destroy(h);
	kcapi_cipher_destroy(ca);
	kcapi_cipher_destroy(cs);
	kcapi_aead_destroy(ga);
	return 0;
}
