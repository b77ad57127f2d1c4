//! Compat versions of the key derivation functions.

use crate::capi::{kcapi_handle, kdf, narrow};
use libc::c_char;

/// `kcapi_kdf_dpi@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_kdf_dpi(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: u32,
    dst: *mut u8,
    dlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { kdf::kcapi_kdf_dpi(handle, src, slen as usize, dst, dlen as usize) })
}

/// `kcapi_kdf_fb@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_kdf_fb(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: u32,
    dst: *mut u8,
    dlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { kdf::kcapi_kdf_fb(handle, src, slen as usize, dst, dlen as usize) })
}

/// `kcapi_kdf_ctr@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_kdf_ctr(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: u32,
    dst: *mut u8,
    dlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { kdf::kcapi_kdf_ctr(handle, src, slen as usize, dst, dlen as usize) })
}

/// `kcapi_pbkdf@LIBKCAPI_0.12.0`.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_pbkdf(
    hashname: *const c_char,
    pw: *const u8,
    pwlen: u32,
    salt: *const u8,
    saltlen: u32,
    count: u32,
    key: *mut u8,
    keylen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { kdf::kcapi_pbkdf(hashname, pw, pwlen, salt, saltlen as usize, count, key, keylen as usize) })
}

/// `kcapi_hkdf@LIBKCAPI_0.14.0`.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_hkdf(
    hashname: *const c_char,
    ikm: *const u8,
    ikmlen: u32,
    salt: *const u8,
    saltlen: u32,
    info: *const u8,
    infolen: u32,
    dst: *mut u8,
    dlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe {
        kdf::kcapi_hkdf(hashname, ikm, ikmlen as usize, salt, saltlen, info, infolen as usize, dst, dlen as usize)
    })
}
