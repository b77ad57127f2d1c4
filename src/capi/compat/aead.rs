//! Compat versions of the AEAD functions (pre-1.3.1 prototypes: `uint32_t` lengths,
//! `int32_t` results).

use crate::capi::{aead, kcapi_handle, narrow};
use libc::{c_int, iovec};

/// `kcapi_aead_encrypt@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_encrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_encrypt(handle, r#in, inlen as usize, iv, out, outlen as usize, access) })
}

/// `kcapi_aead_decrypt@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_decrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_decrypt(handle, r#in, inlen as usize, iv, out, outlen as usize, access) })
}

/// `kcapi_aead_encrypt_aio@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_encrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: u32,
    iv: *const u8,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_encrypt_aio(handle, iniov, outiov, iovlen as usize, iv, access) })
}

/// `kcapi_aead_decrypt_aio@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_decrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: u32,
    iv: *const u8,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_decrypt_aio(handle, iniov, outiov, iovlen as usize, iv, access) })
}

/// `kcapi_aead_stream_init_enc@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_stream_init_enc(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_stream_init_enc(handle, iv, iov, iovlen as usize) })
}

/// `kcapi_aead_stream_init_dec@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_stream_init_dec(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_stream_init_dec(handle, iv, iov, iovlen as usize) })
}

/// `kcapi_aead_stream_update@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_stream_update(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_stream_update(handle, iov, iovlen as usize) })
}

/// `kcapi_aead_stream_update_last@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_stream_update_last(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_stream_update_last(handle, iov, iovlen as usize) })
}

/// `kcapi_aead_stream_op@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { aead::kcapi_aead_stream_op(handle, iov, iovlen as usize) })
}

/// `kcapi_aead_setassoclen@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_aead_setassoclen(handle: *mut kcapi_handle, assoclen: u32) {
    // SAFETY: same contract as the current version.
    unsafe { aead::kcapi_aead_setassoclen(handle, assoclen as usize) }
}

/// Narrow a `size_t` helper result for a 32-bit caller (saturating, never wrapping to a
/// small buffer size).
fn narrow_len(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Store a length collected as `size_t` into the caller's `uint32_t` (when non-NULL).
///
/// # Safety
/// `p` must be NULL or writable.
unsafe fn store_u32(p: *mut u32, v: usize) {
    if !p.is_null() {
        // SAFETY: p is non-NULL and writable by the caller's contract.
        unsafe { *p = narrow_len(v) };
    }
}

/// The getdata functions' shared body for 32-bit length out-parameters.
type Getdata = unsafe extern "C" fn(
    *mut kcapi_handle,
    *mut u8,
    usize,
    c_int,
    *mut *mut u8,
    *mut usize,
    *mut *mut u8,
    *mut usize,
    *mut *mut u8,
    *mut usize,
);

/// # Safety
/// As the current getdata functions, with `uint32_t` length out-parameters.
#[allow(clippy::too_many_arguments)]
unsafe fn getdata32(
    f: Getdata,
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: u32,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut u32,
    data: *mut *mut u8,
    datalen: *mut u32,
    tag: *mut *mut u8,
    taglen: *mut u32,
) {
    if handle.is_null() {
        return;
    }
    let (mut al, mut dl, mut tl) = (0usize, 0usize, 0usize);
    let opt = |p: *mut u32, v: &mut usize| if p.is_null() { std::ptr::null_mut() } else { v as *mut usize };
    let (pa, pd, pt) = (opt(aadlen, &mut al), opt(datalen, &mut dl), opt(taglen, &mut tl));
    // SAFETY: same contract as the current version; the length pointers are locals or NULL.
    unsafe {
        f(handle, encdata, encdatalen as usize, enc, aad, pa, data, pd, tag, pt);
        store_u32(aadlen, al);
        store_u32(datalen, dl);
        store_u32(taglen, tl);
    }
}

/// `kcapi_aead_getdata_input@LIBKCAPI_0.13.0`.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_aead_getdata_input(
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: u32,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut u32,
    data: *mut *mut u8,
    datalen: *mut u32,
    tag: *mut *mut u8,
    taglen: *mut u32,
) {
    let f: Getdata = aead::kcapi_aead_getdata_input;
    // SAFETY: same contract as the current version.
    unsafe { getdata32(f, handle, encdata, encdatalen, enc, aad, aadlen, data, datalen, tag, taglen) }
}

/// `kcapi_aead_getdata_output@LIBKCAPI_0.13.0`.
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_aead_getdata_output(
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: u32,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut u32,
    data: *mut *mut u8,
    datalen: *mut u32,
    tag: *mut *mut u8,
    taglen: *mut u32,
) {
    let f: Getdata = aead::kcapi_aead_getdata_output;
    // SAFETY: same contract as the current version.
    unsafe { getdata32(f, handle, encdata, encdatalen, enc, aad, aadlen, data, datalen, tag, taglen) }
}

/// `kcapi_aead_inbuflen_enc@LIBKCAPI_0.13.0`.
pub unsafe extern "C" fn kcapi_aead_inbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: u32,
    assoclen: u32,
    taglen: u32,
) -> u32 {
    // SAFETY: same contract as the current version.
    narrow_len(unsafe { aead::kcapi_aead_inbuflen_enc(handle, inlen as usize, assoclen as usize, taglen as usize) })
}

/// `kcapi_aead_inbuflen_dec@LIBKCAPI_0.13.0`.
pub unsafe extern "C" fn kcapi_aead_inbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: u32,
    assoclen: u32,
    taglen: u32,
) -> u32 {
    // SAFETY: same contract as the current version.
    narrow_len(unsafe { aead::kcapi_aead_inbuflen_dec(handle, inlen as usize, assoclen as usize, taglen as usize) })
}

/// `kcapi_aead_outbuflen_enc@LIBKCAPI_0.13.0`.
pub unsafe extern "C" fn kcapi_aead_outbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: u32,
    assoclen: u32,
    taglen: u32,
) -> u32 {
    // SAFETY: same contract as the current version.
    narrow_len(unsafe { aead::kcapi_aead_outbuflen_enc(handle, inlen as usize, assoclen as usize, taglen as usize) })
}

/// `kcapi_aead_outbuflen_dec@LIBKCAPI_0.13.0`.
pub unsafe extern "C" fn kcapi_aead_outbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: u32,
    assoclen: u32,
    taglen: u32,
) -> u32 {
    // SAFETY: same contract as the current version.
    narrow_len(unsafe { aead::kcapi_aead_outbuflen_dec(handle, inlen as usize, assoclen as usize, taglen as usize) })
}
