//! Compat versions of the message digest and common functions.

use crate::capi::{common, kcapi_handle, md, narrow};
use libc::{c_int, c_void};

/// `kcapi_md_final@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_md_final(handle: *mut kcapi_handle, buffer: *mut u8, len: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_final(handle, buffer, len as usize) })
}

/// `kcapi_md_digest@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_md_digest(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_digest(handle, r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_memset_secure@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_memset_secure(s: *mut c_void, c: c_int, n: u32) {
    // SAFETY: same contract as the current version.
    unsafe { common::kcapi_memset_secure(s, c, n as usize) }
}

/// `kcapi_md_sha1@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_sha1(r#in: *const u8, inlen: u32, out: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_sha1(r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_sha224@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_sha224(r#in: *const u8, inlen: u32, out: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_sha224(r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_sha256@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_sha256(r#in: *const u8, inlen: u32, out: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_sha256(r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_sha384@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_sha384(r#in: *const u8, inlen: u32, out: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_sha384(r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_sha512@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_sha512(r#in: *const u8, inlen: u32, out: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_sha512(r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_hmac_sha1@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_hmac_sha1(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_hmac_sha1(key, keylen, r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_hmac_sha224@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_hmac_sha224(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_hmac_sha224(key, keylen, r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_hmac_sha256@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_hmac_sha256(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_hmac_sha256(key, keylen, r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_hmac_sha384@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_hmac_sha384(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_hmac_sha384(key, keylen, r#in, inlen as usize, out, outlen as usize) })
}

/// `kcapi_md_hmac_sha512@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_md_hmac_sha512(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { md::kcapi_md_hmac_sha512(key, keylen, r#in, inlen as usize, out, outlen as usize) })
}
