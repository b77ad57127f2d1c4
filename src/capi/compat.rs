//! Compat versions: the pre-1.3.1 prototypes of 67 functions, exported only under their old
//! version nodes (`kcapi_x@LIBKCAPI_0.12.0` …; `build.rs` binds each to the function of the
//! same name in this module).
//!
//! An old binary passes 32-bit lengths, so the upper half of the register is garbage: each
//! entry takes `u32`, widens it to `usize` and calls the private helper the current version
//! calls too, then narrows the result the way libkcapi's own compat wrappers do (`ssize_t` to
//! `int32_t` by truncation, `size_t` to `uint32_t` saturating). Every entry is one row of the
//! [`compat!`] table below.
//!
//! Outside the crate's own unit tests every function here is referenced by a `.symver`
//! directive; `dead_code` is denied, so a row without a compat line in `abi/libkcapi.symbols`
//! fails the build, as does a compat line without a row (the directive names a missing
//! function).
#![cfg_attr(not(test), deny(dead_code))]
#![cfg_attr(test, allow(dead_code))]

use super::{aead, akcipher, cipher, common, iov, kdf, kpp, md, rng};
use super::{kcapi_handle, saturate_u32};
use afalg::__capi::{AkOp, Direction, Handle, Mode};
use libc::{c_char, c_int, c_void, iovec, ssize_t};

/// `ssize_t` result to the old `int32_t`: truncated, as libkcapi's compat wrappers do.
fn narrow(r: ssize_t) -> i32 {
    r as i32
}

/// `size_t` result to the old `uint32_t`: saturating (never wraps to a small buffer size).
fn narrow_len(v: usize) -> u32 {
    saturate_u32(v)
}

/// No result.
fn void(_: ()) {}

/// The compat table. One row per function:
///
/// ```text
/// /// clauses of the # Safety section
/// name(param: Type [as usize], …) [-> Ret] = narrowing(helper[leading args]);
/// ```
///
/// generates `pub(crate) unsafe extern "C" fn name(param: Type, …) -> Ret` that calls
/// `narrowing(helper(leading args, param [as usize], …))`. A `safe` before the helper marks one
/// that is not `unsafe`.
macro_rules! compat {
    ($(
        #[doc = $safety:literal]
        $name:ident($($p:ident: $t:ty $(as $w:ty)?),* $(,)?) $(-> $ret:ty)? = $narrow:ident($($call:tt)+);
    )*) => {$(
        #[doc = concat!("`", stringify!($name), "` with its pre-1.3.1 prototype (see the module documentation).")]
        #[doc = ""]
        #[doc = "# Safety"]
        #[doc = ""]
        #[doc = concat!("The caller guarantees: ", $safety)]
        #[allow(clippy::too_many_arguments)]
        pub(crate) unsafe extern "C" fn $name($($p: $t),*) $(-> $ret)? {
            $narrow(compat!(@call [$($call)+] [$($p $(as $w)?),*]))
        }
    )*};
    (@call [safe $($f:ident)::+ $([$($pre:expr),*])?] [$($arg:expr),*]) => {
        $($f)::+($($($pre,)*)? $($arg),*)
    };
    (@call [$($f:ident)::+ $([$($pre:expr),*])?] [$($arg:expr),*]) => {
        // SAFETY: the caller gives the guarantees of the # Safety section, which are the
        // helper's for the same arguments; widening a length from u32 keeps its value.
        unsafe { $($f)::+($($($pre,)*)? $($arg),*) }
    };
}

compat! {
    /// `handle` is NULL or a live handle no other thread uses during the call; `buffer` is NULL or writable for `len` bytes.
    kcapi_md_final(handle: *mut kcapi_handle, buffer: *mut u8, len: u32 as usize) -> i32 = narrow(md::final_c);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_digest(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::digest_c);
    /// `s` is NULL or writable for `n` bytes nothing else accesses during the call.
    kcapi_memset_secure(s: *mut c_void, c: c_int, n: u32 as usize) = void(common::memset_secure);
    /// `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_sha1(r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32 = narrow(md::hash["sha1"]);
    /// `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_sha224(r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32 = narrow(md::hash["sha224"]);
    /// `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_sha256(r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32 = narrow(md::hash["sha256"]);
    /// `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_sha384(r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32 = narrow(md::hash["sha384"]);
    /// `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_sha512(r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32 = narrow(md::hash["sha512"]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_hmac_sha1(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::hmac["hmac(sha1)"]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_hmac_sha224(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::hmac["hmac(sha224)"]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_hmac_sha256(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::hmac["hmac(sha256)"]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_hmac_sha384(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::hmac["hmac(sha384)"]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_md_hmac_sha512(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(md::hmac["hmac(sha512)"]);

    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for the cipher's IV size; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_encrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(cipher::crypt_c[Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for the cipher's IV size; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_decrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(cipher::crypt_c[Direction::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory; `iv` is NULL or readable for the cipher's IV size.
    kcapi_cipher_encrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, iv: *const u8, access: c_int) -> i32
        = narrow(cipher::crypt_aio[Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory; `iv` is NULL or readable for the cipher's IV size.
    kcapi_cipher_decrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, iv: *const u8, access: c_int) -> i32
        = narrow(cipher::crypt_aio[Direction::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iv` is NULL or readable for the cipher's IV size; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_cipher_stream_init_enc(handle: *mut kcapi_handle, iv: *const u8, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_init[&cipher::STREAM, Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iv` is NULL or readable for the cipher's IV size; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_cipher_stream_init_dec(handle: *mut kcapi_handle, iv: *const u8, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_init[&cipher::STREAM, Direction::Decrypt]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing memory readable until the output is collected.
    kcapi_cipher_stream_update(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_update[&cipher::STREAM, false]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing memory readable until the output is collected.
    kcapi_cipher_stream_update_last(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_update[&cipher::STREAM, true]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` iovecs describing writable memory.
    kcapi_cipher_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32 = narrow(cipher::stream_op);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for 16 bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_enc_aes_cbc(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(cipher::oneshot["cbc(aes)", Direction::Encrypt]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for 16 bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_dec_aes_cbc(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(cipher::oneshot["cbc(aes)", Direction::Decrypt]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `ctr` is NULL or readable for 16 bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_enc_aes_ctr(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, ctr: *const u8, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(cipher::oneshot["ctr(aes)", Direction::Encrypt]);
    /// `key` is NULL or readable for `keylen` bytes; `in` is NULL or readable for `inlen` bytes; `ctr` is NULL or readable for 16 bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_cipher_dec_aes_ctr(key: *const u8, keylen: u32, r#in: *const u8, inlen: u32 as usize, ctr: *const u8, out: *mut u8, outlen: u32 as usize) -> i32
        = narrow(cipher::oneshot["ctr(aes)", Direction::Decrypt]);

    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for the cipher's IV size; `out` is NULL or writable for `outlen` bytes.
    kcapi_aead_encrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(aead::crypt[Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `iv` is NULL or readable for the cipher's IV size; `out` is NULL or writable for `outlen` bytes.
    kcapi_aead_decrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, iv: *const u8, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(aead::crypt[Direction::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory; `iv` is NULL or readable for the cipher's IV size.
    kcapi_aead_encrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, iv: *const u8, access: c_int) -> i32
        = narrow(aead::crypt_aio[Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory; `iv` is NULL or readable for the cipher's IV size.
    kcapi_aead_decrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, iv: *const u8, access: c_int) -> i32
        = narrow(aead::crypt_aio[Direction::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iv` is NULL or readable for the cipher's IV size; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_aead_stream_init_enc(handle: *mut kcapi_handle, iv: *const u8, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_init[&aead::STREAM, Direction::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iv` is NULL or readable for the cipher's IV size; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_aead_stream_init_dec(handle: *mut kcapi_handle, iv: *const u8, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_init[&aead::STREAM, Direction::Decrypt]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing memory readable until the output is collected.
    kcapi_aead_stream_update(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_update[&aead::STREAM, false]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing memory readable until the output is collected.
    kcapi_aead_stream_update_last(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(iov::stream_update[&aead::STREAM, true]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` iovecs describing writable memory.
    kcapi_aead_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32 = narrow(aead::stream_op);
    /// `handle` is NULL or a live handle no other thread uses during the call.
    kcapi_aead_setassoclen(handle: *mut kcapi_handle, assoclen: u32 as usize) = void(aead::setassoclen);
    /// `handle` is NULL or a live handle no other thread uses during the call; each of `aad`, `aadlen`, `data`, `datalen`, `tag` and `taglen` is NULL or writable for one value of its type.
    kcapi_aead_getdata_input(handle: *mut kcapi_handle, encdata: *mut u8, encdatalen: u32 as usize, enc: c_int, aad: *mut *mut u8, aadlen: *mut u32,
        data: *mut *mut u8, datalen: *mut u32, tag: *mut *mut u8, taglen: *mut u32) = void(aead::getdata[Handle::aead_input_layout]);
    /// `handle` is NULL or a live handle no other thread uses during the call; each of `aad`, `aadlen`, `data`, `datalen`, `tag` and `taglen` is NULL or writable for one value of its type.
    kcapi_aead_getdata_output(handle: *mut kcapi_handle, encdata: *mut u8, encdatalen: u32 as usize, enc: c_int, aad: *mut *mut u8, aadlen: *mut u32,
        data: *mut *mut u8, datalen: *mut u32, tag: *mut *mut u8, taglen: *mut u32) = void(aead::getdata[Handle::aead_output_layout]);
    /// nothing: `handle` is not used.
    kcapi_aead_inbuflen_enc(handle: *mut kcapi_handle, inlen: u32 as usize, assoclen: u32 as usize, taglen: u32 as usize) -> u32
        = narrow_len(safe aead::inbuflen[afalg::__capi::aead::inbuflen_enc]);
    /// nothing: `handle` is not used.
    kcapi_aead_inbuflen_dec(handle: *mut kcapi_handle, inlen: u32 as usize, assoclen: u32 as usize, taglen: u32 as usize) -> u32
        = narrow_len(safe aead::inbuflen[afalg::__capi::aead::inbuflen_dec]);
    /// `handle` is NULL or a live handle no other thread uses during the call.
    kcapi_aead_outbuflen_enc(handle: *mut kcapi_handle, inlen: u32 as usize, assoclen: u32 as usize, taglen: u32 as usize) -> u32
        = narrow_len(aead::outbuflen[afalg::__capi::aead::outbuflen_enc]);
    /// `handle` is NULL or a live handle no other thread uses during the call.
    kcapi_aead_outbuflen_dec(handle: *mut kcapi_handle, inlen: u32 as usize, assoclen: u32 as usize, taglen: u32 as usize) -> u32
        = narrow_len(aead::outbuflen[afalg::__capi::aead::outbuflen_dec]);

    /// `handle` is NULL or a live handle no other thread uses during the call; `src` is NULL or readable for `slen` bytes; `dst` is NULL or writable for `dlen` bytes.
    kcapi_kdf_dpi(handle: *mut kcapi_handle, src: *const u8, slen: u32 as usize, dst: *mut u8, dlen: u32 as usize) -> i32
        = narrow(kdf::sp800_108[Mode::DoublePipeline]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `src` is NULL or readable for `slen` bytes; `dst` is NULL or writable for `dlen` bytes.
    kcapi_kdf_fb(handle: *mut kcapi_handle, src: *const u8, slen: u32 as usize, dst: *mut u8, dlen: u32 as usize) -> i32
        = narrow(kdf::sp800_108[Mode::Feedback]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `src` is NULL or readable for `slen` bytes; `dst` is NULL or writable for `dlen` bytes.
    kcapi_kdf_ctr(handle: *mut kcapi_handle, src: *const u8, slen: u32 as usize, dst: *mut u8, dlen: u32 as usize) -> i32
        = narrow(kdf::sp800_108[Mode::Counter]);
    /// `hashname` is NULL or NUL-terminated; `pw` is NULL or readable for `pwlen` bytes; `salt` is NULL or readable for `saltlen` bytes; `key` is NULL or writable for `keylen` bytes.
    kcapi_pbkdf(hashname: *const c_char, pw: *const u8, pwlen: u32, salt: *const u8, saltlen: u32 as usize, count: u32, key: *mut u8, keylen: u32 as usize) -> i32
        = narrow(kdf::pbkdf);
    /// `hashname` is NULL or NUL-terminated; `ikm`, `salt` and `info` are each NULL or readable for their lengths; `dst` is NULL or writable for `dlen` bytes.
    kcapi_hkdf(hashname: *const c_char, ikm: *const u8, ikmlen: u32 as usize, salt: *const u8, saltlen: u32, info: *const u8, infolen: u32 as usize,
        dst: *mut u8, dlen: u32 as usize) -> i32 = narrow(kdf::hkdf);

    /// `handle` is NULL or a live handle no other thread uses during the call; `buffer` is NULL or writable for `len` bytes.
    kcapi_rng_generate(handle: *mut kcapi_handle, buffer: *mut u8, len: u32 as usize) -> i32 = narrow(rng::generate_c);
    /// `buffer` is NULL or writable for `outlen` bytes.
    kcapi_rng_get_bytes(buffer: *mut u8, outlen: u32 as usize) -> i32 = narrow(rng::get_bytes);

    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_akcipher_encrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::op_c[AkOp::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_akcipher_decrypt(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::op_c[AkOp::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_akcipher_sign(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::op_c[AkOp::Sign]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `in` is NULL or readable for `inlen` bytes; `out` is NULL or writable for `outlen` bytes.
    kcapi_akcipher_verify(handle: *mut kcapi_handle, r#in: *const u8, inlen: u32 as usize, out: *mut u8, outlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::op_c[AkOp::Verify]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory.
    kcapi_akcipher_encrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::aio_c[AkOp::Encrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory.
    kcapi_akcipher_decrypt_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::aio_c[AkOp::Decrypt]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory.
    kcapi_akcipher_sign_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::aio_c[AkOp::Sign]);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory.
    kcapi_akcipher_verify_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32
        = narrow(akcipher::aio_c[AkOp::Verify]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_init_enc(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(akcipher::stream_init[AkOp::Encrypt]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_init_dec(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(akcipher::stream_init[AkOp::Decrypt]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_init_sgn(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(akcipher::stream_init[AkOp::Sign]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_init_vfy(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32
        = narrow(akcipher::stream_init[AkOp::Verify]);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_update(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32 = narrow(akcipher::stream_update);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing readable memory.
    kcapi_akcipher_stream_update_last(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32 = narrow(akcipher::stream_update);
    /// `handle` is NULL or a live handle other threads use only through the stream functions; `iov` is NULL or `iovlen` readable iovecs describing writable memory.
    kcapi_akcipher_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32 as usize) -> i32 = narrow(akcipher::stream_op);

    /// `handle` is NULL or a live handle no other thread uses during the call; `pubkey` is NULL or writable for `pubkeylen` bytes.
    kcapi_kpp_keygen(handle: *mut kcapi_handle, pubkey: *mut u8, pubkeylen: u32 as usize, access: c_int) -> i32 = narrow(kpp::keygen_c);
    /// `handle` is NULL or a live handle no other thread uses during the call; `pubkey` is NULL or readable for `pubkeylen` bytes; `ss` is NULL or writable for `sslen` bytes.
    kcapi_kpp_ssgen(handle: *mut kcapi_handle, pubkey: *const u8, pubkeylen: u32 as usize, ss: *mut u8, sslen: u32 as usize, access: c_int) -> i32
        = narrow(kpp::ssgen_c);
    /// `handle` is NULL or a live handle no other thread uses during the call; `outiov` is NULL or `iovlen` readable iovecs describing writable memory.
    kcapi_kpp_keygen_aio(handle: *mut kcapi_handle, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32 = narrow(kpp::keygen_aio);
    /// `handle` is NULL or a live handle no other thread uses during the call; `iniov` and `outiov` are NULL or `iovlen` readable iovecs describing readable and writable memory.
    kcapi_kpp_ssgen_aio(handle: *mut kcapi_handle, iniov: *mut iovec, outiov: *mut iovec, iovlen: u32 as usize, access: c_int) -> i32
        = narrow(kpp::ssgen_aio);
}
