//! Message digest API (`kcapi_md_*`).

use super::{handle, in_buf, kcapi_handle, out_buf, ret_int, ret_ssize};
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result};
use libc::{c_char, c_int, size_t, ssize_t};
use std::ffi::CStr;

/// Create a handle of `kind` for the C name pointer `name` and store it in `*out`.
///
/// # Safety
/// `out` must be NULL or writable; `name` NULL or a NUL-terminated string.
pub(crate) unsafe fn init_handle(out: *mut *mut kcapi_handle, name: *const c_char, kind: AlgType, flags: u32) -> c_int {
    if out.is_null() {
        return ret_int(Err(Errno::EINVAL));
    }
    // libkcapi formats a NULL name as "(null)", which no kernel algorithm is called.
    let name = if name.is_null() {
        Err(Errno::ENOENT)
    } else {
        // SAFETY: name is non-NULL and the caller guarantees NUL termination.
        unsafe { CStr::from_ptr(name) }.to_str().map_err(|_| Errno::ENOENT)
    };
    match name.and_then(|n| Handle::new(kind, n, flags)) {
        Ok(h) => {
            // SAFETY: out is non-NULL and the caller guarantees it is writable.
            unsafe { *out = Box::into_raw(Box::new(kcapi_handle { h })) };
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}

/// Release a handle created by any init/reinit function (NULL is ignored).
///
/// # Safety
/// `h` must be NULL or a live handle, not used afterwards.
pub(crate) unsafe fn destroy_handle(h: *mut kcapi_handle) {
    if !h.is_null() {
        // SAFETY: h came from Box::into_raw in init_handle/reinit and is released once.
        drop(unsafe { Box::from_raw(h) });
    }
}

/// kcapi_md_init - open a message digest handle
///
/// Binds the kernel hash or keyed hash named @ciphername (for example "sha256",
/// "hmac(sha256)", "cmac(aes)" or a driver name such as "sha256-generic"). No operation socket
/// is opened until the first update or final. Release the handle with kcapi_md_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] kernel name of the message digest
/// @flags: [in] KCAPI_INIT_AIO is accepted (a hash has no asynchronous interface); other
/// bits are ignored
///
/// Return: 0 on success; -ENOENT when the kernel has no such hash, -EINVAL when the name
/// belongs to another algorithm type or @handle is NULL, -EAFNOSUPPORT when the kernel has no
/// AF_ALG, or another negative errno of the socket calls.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_init(handle: *mut *mut kcapi_handle, ciphername: *const c_char, flags: u32) -> c_int {
    // SAFETY: pointer validity is the caller's contract, checked for NULL inside.
    unsafe { init_handle(handle, ciphername, AlgType::Hash, flags) }
}

/// kcapi_md_destroy - close a message digest handle
///
/// Closes the handle's operation socket and, when no other handle made by
/// kcapi_handle_reinit() shares it, the transformation with its key. A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_md_setkey - set the key of a keyed message digest
///
/// Hands the key to the kernel (no copy is kept by the library). The key belongs to the
/// transformation, so it is shared by every handle made from this one with
/// kcapi_handle_reinit(). It must be set before the first update: once an operation socket
/// exists the kernel refuses new keys.
///
/// @handle: [in] message digest handle
/// @key: [in] key buffer
/// @keylen: [in] key length in bytes
///
/// Return: 0 on success; -ENOSYS for a hash that takes no key, -EBUSY once the handle (or a
/// handle sharing its transformation) has been used, -EINVAL for a key length the algorithm
/// rejects or a NULL handle, -EFAULT for a NULL key with a non-zero length.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and key buffer contracts.
    ret_int(unsafe { handle_and_in(handle, key, keylen as usize) }.and_then(|(h, k)| h.setkey(k)))
}

/// # Safety
/// As [`handle`] and [`in_buf`].
unsafe fn handle_and_in<'a>(h: *mut kcapi_handle, p: *const u8, len: usize) -> Result<(&'a mut Handle, &'a [u8])> {
    // SAFETY: forwarded caller contract.
    let h = unsafe { handle(h) }?;
    // SAFETY: forwarded caller contract.
    Ok((h, unsafe { in_buf(p, len) }?))
}

/// kcapi_md_update - add data to a running message digest
///
/// Sends @len bytes to the kernel, which updates the digest state kept in the handle's
/// operation socket. May be called any number of times; kcapi_md_final() completes the digest.
/// The data is handed to the kernel without an intermediate copy.
///
/// @handle: [in] message digest handle
/// @buffer: [in] data
/// @len: [in] length of @buffer in bytes (at most INT_MAX)
///
/// Return: 0 on success; -EMSGSIZE when @len exceeds INT_MAX, -ENOKEY for a keyed digest
/// whose key was not set, -EFAULT for a NULL buffer with a non-zero length, -EINVAL for a NULL
/// handle, or another negative errno from the kernel.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_update(handle: *mut kcapi_handle, buffer: *const u8, len: size_t) -> ssize_t {
    if len > afalg::__capi::MAX_UPDATE {
        return ret_ssize(Err(Errno::EMSGSIZE));
    }
    // SAFETY: the caller guarantees the handle and buffer contracts.
    let r = unsafe { handle_and_in(handle, buffer, len) }.and_then(|(h, b)| h.hash_update(b));
    ret_ssize(r.map(|()| 0))
}

/// kcapi_md_final - complete a message digest and return it
///
/// Retrieves the digest of all data given since the last final and resets the state: another
/// final without update returns the digest of the empty message. When @len is smaller than the
/// digest size, only the first @len bytes are returned.
///
/// @handle: [in] message digest handle
/// @buffer: [out] receives the digest
/// @len: [in] size of @buffer in bytes
///
/// Return: number of digest bytes written (the digest size, or @len if smaller); -EINVAL for a
/// NULL or zero-length buffer or a NULL handle, -ENOKEY for a keyed digest without key, or
/// another negative errno from the kernel.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_final(handle: *mut kcapi_handle, buffer: *mut u8, len: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts.
    ret_ssize(unsafe { final_into(handle, buffer, len) })
}

/// # Safety
/// As [`handle`] and [`out_buf`].
unsafe fn final_into(handle: *mut kcapi_handle, buffer: *mut u8, len: size_t) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let h = unsafe { self::handle(handle) }?;
    if buffer.is_null() {
        return h.hash_final(&mut []);
    }
    // SAFETY: forwarded caller contract; buffer is non-NULL.
    h.hash_final(unsafe { out_buf(buffer, len) }?)
}

/// kcapi_md_digest - compute a message digest in one call
///
/// Equivalent to kcapi_md_update() with @in followed by kcapi_md_final() into @out.
///
/// @handle: [in] message digest handle
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written, or a negative errno as for kcapi_md_update() and
/// kcapi_md_final().
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_digest(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts.
    let r = unsafe { kcapi_md_update(handle, r#in, inlen) };
    if r < 0 {
        return r;
    }
    // SAFETY: as above.
    unsafe { kcapi_md_final(handle, out, outlen) }
}

/// kcapi_md_digestsize - size of the digest
///
/// @handle: [in] message digest handle
///
/// Return: the digest size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_digestsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { self::handle(handle) }.and_then(|h| h.info()).map_or(0, |i| i.digestsize)
}

/// kcapi_md_blocksize - block size of the message digest
///
/// @handle: [in] message digest handle
///
/// Return: the block size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_blocksize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { self::handle(handle) }.and_then(|h| h.info()).map_or(0, |i| i.blocksize)
}

/// One-shot (keyed) digest through a temporary handle, as the convenience functions do.
///
/// # Safety
/// Buffers as for `kcapi_md_digest`, `key` NULL or valid for `keylen` bytes.
unsafe fn oneshot(
    name: &str,
    key: Option<(*const u8, u32)>,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    let h = match Handle::new(AlgType::Hash, name, 0) {
        Ok(h) => kcapi_handle { h },
        Err(e) => return ret_ssize(Err(e)),
    };
    let hp = &h as *const kcapi_handle as *mut kcapi_handle;
    if let Some((k, klen)) = key {
        // SAFETY: hp points to a live handle; key buffer contract from the caller.
        let r = unsafe { kcapi_md_setkey(hp, k, klen) };
        if r < 0 {
            return r as ssize_t;
        }
    }
    // SAFETY: hp points to a live handle; buffer contracts from the caller.
    unsafe { kcapi_md_digest(hp, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha1 - SHA-1 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha1", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (20 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha1, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha1(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha1", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha224 - SHA-224 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha224", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (28 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha224, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha224(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha224", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha256 - SHA-256 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha256", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (32 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha256, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha256(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha256", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha384 - SHA-384 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha384", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (48 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha384, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha384(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha384", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha512 - SHA-512 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha512", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (64 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha512, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha512(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha512", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sm3 - SM3 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sm3", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (32 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sm3, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sm3(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sm3", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha3_224 - SHA3-224 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha3-224", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (28 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha3-224, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_224(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha3-224", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha3_256 - SHA3-256 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha3-256", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (32 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha3-256, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_256(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha3-256", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha3_384 - SHA3-384 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha3-384", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (48 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha3-384, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_384(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha3-384", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_sha3_512 - SHA3-512 message digest of one buffer
///
/// Opens a temporary handle for the kernel's "sha3-512", digests @in and closes the handle.
///
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (64 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no sha3-512, -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_512(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("sha3-512", None, r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sha1 - HMAC SHA-1 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sha1)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (20 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sha1), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha1(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sha1)", Some((key, keylen)), r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sha224 - HMAC SHA-224 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sha224)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (28 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sha224), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha224(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sha224)", Some((key, keylen)), r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sha256 - HMAC SHA-256 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sha256)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (32 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sha256), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha256(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sha256)", Some((key, keylen)), r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sha384 - HMAC SHA-384 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sha384)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (48 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sha384), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha384(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sha384)", Some((key, keylen)), r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sha512 - HMAC SHA-512 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sha512)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (64 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sha512), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha512(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sha512)", Some((key, keylen)), r#in, inlen, out, outlen) }
}

/// kcapi_md_hmac_sm3 - HMAC SM3 keyed message digest of one buffer
///
/// Opens a temporary handle for the kernel's "hmac(sm3)", sets @key, digests @in and closes
/// the handle.
///
/// @key: [in] HMAC key
/// @keylen: [in] length of @key
/// @in: [in] data (may be NULL when @inlen is 0)
/// @inlen: [in] length of @in
/// @out: [out] receives the digest (32 bytes)
/// @outlen: [in] size of @out; a smaller size truncates the digest
///
/// Return: number of digest bytes written; -ENOENT when the kernel has no hmac(sm3), -EINVAL for a
/// NULL or zero-length @out, or another negative errno.
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sm3(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts.
    unsafe { oneshot("hmac(sm3)", Some((key, keylen)), r#in, inlen, out, outlen) }
}
