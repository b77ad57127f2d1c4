/*
 * Prototypes that libkcapi 1.5 added after the 1.4.0 release (Debian's libkcapi-dev ships the
 * 1.4.0 header). Used by tools/check-header together with /usr/include/kcapi.h as the
 * reference our include/kcapi.h must match.
 */
ssize_t kcapi_md_sha3_224(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);
ssize_t kcapi_md_sha3_256(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);
ssize_t kcapi_md_sha3_384(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);
ssize_t kcapi_md_sha3_512(const uint8_t *in, size_t inlen, uint8_t *out, size_t outlen);
