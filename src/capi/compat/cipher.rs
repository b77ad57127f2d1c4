//! Compat versions of the symmetric cipher functions (pre-1.3.1 prototypes: `uint32_t`
//! lengths, `int32_t` results).

use crate::capi::{cipher, kcapi_handle, narrow};
use libc::{c_int, iovec};

/// `kcapi_cipher_encrypt@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_encrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_encrypt(handle, r#in, inlen as usize, iv, out, outlen as usize, access) })
}

/// `kcapi_cipher_decrypt@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_decrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_decrypt(handle, r#in, inlen as usize, iv, out, outlen as usize, access) })
}

/// `kcapi_cipher_encrypt_aio@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_encrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: u32,
    iv: *const u8,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_encrypt_aio(handle, iniov, outiov, iovlen as usize, iv, access) })
}

/// `kcapi_cipher_decrypt_aio@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_decrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: u32,
    iv: *const u8,
    access: c_int,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_decrypt_aio(handle, iniov, outiov, iovlen as usize, iv, access) })
}

/// `kcapi_cipher_stream_init_enc@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_stream_init_enc(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_stream_init_enc(handle, iv, iov, iovlen as usize) })
}

/// `kcapi_cipher_stream_init_dec@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_stream_init_dec(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_stream_init_dec(handle, iv, iov, iovlen as usize) })
}

/// `kcapi_cipher_stream_update@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_stream_update(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_stream_update(handle, iov, iovlen as usize) })
}

/// `kcapi_cipher_stream_update_last@LIBKCAPI_1.2.0`.
pub unsafe extern "C" fn kcapi_cipher_stream_update_last(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_stream_update_last(handle, iov, iovlen as usize) })
}

/// `kcapi_cipher_stream_op@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_cipher_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_stream_op(handle, iov, iovlen as usize) })
}

/// `kcapi_cipher_enc_aes_cbc@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_cipher_enc_aes_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_enc_aes_cbc(key, keylen, r#in, inlen as usize, iv, out, outlen as usize) })
}

/// `kcapi_cipher_dec_aes_cbc@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_cipher_dec_aes_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    iv: *const u8,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_dec_aes_cbc(key, keylen, r#in, inlen as usize, iv, out, outlen as usize) })
}

/// `kcapi_cipher_enc_aes_ctr@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_cipher_enc_aes_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    ctr: *const u8,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_enc_aes_ctr(key, keylen, r#in, inlen as usize, ctr, out, outlen as usize) })
}

/// `kcapi_cipher_dec_aes_ctr@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_cipher_dec_aes_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: u32,
    ctr: *const u8,
    out: *mut u8,
    outlen: u32,
) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { cipher::kcapi_cipher_dec_aes_ctr(key, keylen, r#in, inlen as usize, ctr, out, outlen as usize) })
}
