/*
 * akcipher_util.h - what the kcapi_akcipher_* / kcapi_kpp_* programs (akcipher_kpp.c,
 * akcipher_vectors.c) share: weak references to the 28 functions and the kcapi-rs extension
 * (Debian's libkcapi has none of them, so the programs still link and start against it and
 * print SKIP), and the count of this library's keys still alive in the kernel's keyring.
 */
#ifndef AKCIPHER_UTIL_H
#define AKCIPHER_UTIL_H

#include "test_util.h"
#include <kcapi.h>

#pragma weak kcapi_akcipher_init
#pragma weak kcapi_akcipher_destroy
#pragma weak kcapi_akcipher_setkey
#pragma weak kcapi_akcipher_setpubkey
#pragma weak kcapi_akcipher_encrypt
#pragma weak kcapi_akcipher_decrypt
#pragma weak kcapi_akcipher_sign
#pragma weak kcapi_akcipher_verify
#pragma weak kcapi_akcipher_encrypt_aio
#pragma weak kcapi_akcipher_decrypt_aio
#pragma weak kcapi_akcipher_sign_aio
#pragma weak kcapi_akcipher_verify_aio
#pragma weak kcapi_akcipher_stream_init_enc
#pragma weak kcapi_akcipher_stream_init_dec
#pragma weak kcapi_akcipher_stream_init_sgn
#pragma weak kcapi_akcipher_stream_init_vfy
#pragma weak kcapi_akcipher_stream_update
#pragma weak kcapi_akcipher_stream_update_last
#pragma weak kcapi_akcipher_stream_op
#pragma weak kcapi_akcipher_setkey_by_serial
#pragma weak kcapi_kpp_init
#pragma weak kcapi_kpp_destroy
#pragma weak kcapi_kpp_dh_setparam_pkcs3
#pragma weak kcapi_kpp_ecdh_setcurve
#pragma weak kcapi_kpp_setkey
#pragma weak kcapi_kpp_keygen
#pragma weak kcapi_kpp_ssgen
#pragma weak kcapi_kpp_keygen_aio
#pragma weak kcapi_kpp_ssgen_aio

/* the kcapi-rs extension (declared in our kcapi.h; repeated for Debian's header) */
int kcapi_akcipher_setkey_by_serial(struct kcapi_handle *handle, int32_t serial);

/* keys of /proc/keys named by this library ("kcapi-rs:" descriptions) and not invalidated
 * (flag 7 of the second column is 'i' once a key is invalidated, until it is collected) */
UTIL int keys_alive(void)
{
	char line[512], flags[16];
	int n = 0;
	FILE *f = fopen("/proc/keys", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		/* flags "IRDQUNi": count instantiated keys that are neither dead nor invalidated */
		if (strstr(line, "kcapi-rs:") && sscanf(line, "%*x %15s", flags) == 1 && strlen(flags) >= 7 &&
		    flags[0] == 'I' && flags[2] != 'D' && flags[6] != 'i')
			n++;
	fclose(f);
	return n;
}

/* keys_alive() once the kernel's key garbage collector has caught up: a key whose add_key
 * failed half-way (quota) stays listed until it is collected, later on a busy machine; waits
 * up to 3 s for the count to fall to want */
UTIL int keys_settled(int want)
{
	int n = keys_alive();

	for (int i = 0; i < 150 && n > want; i++) {
		usleep(20000);
		n = keys_alive();
	}
	return n;
}

/* whether the library has the asymmetric functions; prints why not (SKIP, or a failure for
 * kcapi-rs, which must have them) */
UTIL int have_akcipher(void)
{
	if (kcapi_akcipher_init && kcapi_kpp_init)
		return 1;
	if (is_rs)
		check(0, "kcapi-rs exports kcapi_akcipher_* and kcapi_kpp_*");
	else
		printf("SKIP: this libkcapi has no kcapi_akcipher_* / kcapi_kpp_* (Debian builds it without them)\n");
	return 0;
}

#endif
