//! Message digest API (`kcapi_md_*`).

use super::{destroy_handle, in_buf, info_of, init_handle, kcapi_handle, out_buf, ret_int, ret_ssize, set_key, typed};
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result, MAX_UPDATE};
use libc::{c_char, c_int, size_t, ssize_t};

/// The message digest handle behind `handle` (`EINVAL` for NULL or another type), after the
/// length check libkcapi makes first: more than `INT_MAX` bytes of input is `EMSGSIZE`.
///
/// # Safety
/// `handle` must be NULL or a live handle that no other thread uses while the result lives.
unsafe fn hash_for<'a>(handle: *mut kcapi_handle, inlen: usize) -> Result<&'a mut Handle> {
    if inlen > MAX_UPDATE {
        return Err(Errno::EMSGSIZE);
    }
    // SAFETY: forwarded caller contract.
    unsafe { typed(handle, AlgType::Hash) }
}

/// Send `len` bytes at `buffer` to the digest (the caller checked `len` against `INT_MAX`).
///
/// # Safety
/// `buffer` must be NULL or point to `len` readable bytes.
unsafe fn update(h: &mut Handle, buffer: *const u8, len: usize) -> Result<()> {
    // SAFETY: forwarded caller contract (NULL with a length is EFAULT inside).
    h.hash_update(unsafe { in_buf(buffer, len) }?)
}

/// Complete the digest into `buffer`; a NULL or empty buffer is `EINVAL` from the core, which
/// then leaves the queued input alone. A length above `SSIZE_MAX` is `EINVAL` too: what the
/// kernel answers for libkcapi's receive iovec of that length.
///
/// # Safety
/// `buffer` must be NULL or point to `len` writable bytes nothing else accesses.
unsafe fn final_into(h: &mut Handle, buffer: *mut u8, len: usize) -> Result<usize> {
    if buffer.is_null() {
        return h.hash_final(&mut []);
    }
    if len > isize::MAX as usize {
        return Err(Errno::EINVAL);
    }
    // Only as much of the buffer as the kernel can write (no digest is longer than
    // kdf::MAX_DIGEST): a caller's oversized length never becomes an oversized slice.
    let len = len.min(afalg::__capi::kdf::MAX_DIGEST);
    // SAFETY: forwarded caller contract; buffer is non-NULL.
    h.hash_final(unsafe { out_buf(buffer, len) }?)
}

/// Update with `in` and complete into `out` (kcapi_md_digest and the one-shot functions).
///
/// # Safety
/// `in` must be NULL or point to `inlen` readable bytes (`inlen` at most `INT_MAX`); `out`
/// must be NULL or point to `outlen` writable bytes nothing else accesses.
unsafe fn digest_into(h: &mut Handle, r#in: *const u8, inlen: usize, out: *mut u8, outlen: usize) -> Result<usize> {
    // SAFETY: forwarded caller contracts.
    unsafe {
        update(h, r#in, inlen)?;
        final_into(h, out, outlen)
    }
}

/// kcapi_md_final and its compat version.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `buffer` NULL
/// or writable for `len` bytes nothing else accesses.
pub(crate) unsafe fn final_c(handle: *mut kcapi_handle, buffer: *mut u8, len: usize) -> ssize_t {
    // SAFETY: forwarded caller contracts.
    ret_ssize(unsafe { hash_for(handle, 0).and_then(|h| final_into(h, buffer, len)) })
}

/// kcapi_md_digest and its compat version.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `in` NULL or
/// readable for `inlen` bytes; `out` NULL or writable for `outlen` bytes nothing else accesses.
pub(crate) unsafe fn digest_c(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: usize,
    out: *mut u8,
    outlen: usize,
) -> ssize_t {
    // SAFETY: forwarded caller contracts.
    ret_ssize(unsafe { hash_for(handle, inlen).and_then(|h| digest_into(h, r#in, inlen, out, outlen)) })
}

/// One-shot (keyed) digest through a temporary handle of `name`, as the convenience functions do.
///
/// # Safety
/// `key` must be NULL or point to `keylen` readable bytes (when given); `in` NULL or readable
/// for `inlen` bytes; `out` NULL or writable for `outlen` bytes nothing else accesses.
unsafe fn oneshot(
    name: &str,
    key: Option<(*const u8, u32)>,
    r#in: *const u8,
    inlen: usize,
    out: *mut u8,
    outlen: usize,
) -> ssize_t {
    let r = Handle::new(AlgType::Hash, name, 0).and_then(|mut h| {
        if let Some((k, klen)) = key {
            // SAFETY: forwarded caller contract for the key.
            unsafe { set_key(&mut h, k, klen) }?;
        }
        if inlen > MAX_UPDATE {
            return Err(Errno::EMSGSIZE);
        }
        // SAFETY: forwarded caller contracts for the buffers.
        unsafe { digest_into(&mut h, r#in, inlen, out, outlen) }
    });
    ret_ssize(r)
}

/// The unkeyed one-shot functions (kcapi_md_sha1 …) and their compat versions.
///
/// # Safety
/// `in` must be NULL or point to `inlen` readable bytes; `out` NULL or `outlen` writable bytes
/// nothing else accesses.
pub(crate) unsafe fn hash(name: &str, r#in: *const u8, inlen: usize, out: *mut u8, outlen: usize) -> ssize_t {
    // SAFETY: forwarded caller contracts.
    unsafe { oneshot(name, None, r#in, inlen, out, outlen) }
}

/// The keyed one-shot functions (kcapi_md_hmac_sha1 …) and their compat versions.
///
/// # Safety
/// `key` must be NULL or point to `keylen` readable bytes; `in` NULL or `inlen` readable bytes;
/// `out` NULL or `outlen` writable bytes nothing else accesses.
pub(crate) unsafe fn hmac(
    name: &str,
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: usize,
    out: *mut u8,
    outlen: usize,
) -> ssize_t {
    // SAFETY: forwarded caller contracts.
    unsafe { oneshot(name, Some((key, keylen)), r#in, inlen, out, outlen) }
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
/// Return: 0 on success; -ENOENT when the kernel has no such hash or does not admit it (the
/// allowlist of the crypto.af_alg_restrict sysctl, Linux 7.3+, whose default 1 admits a short
/// list, shorter still without CAP_NET_ADMIN or CAP_SYS_ADMIN), -EINVAL when the name belongs to
/// another algorithm type or @handle is NULL, -EAFNOSUPPORT when the kernel has no AF_ALG or has
/// it disabled (crypto.af_alg_restrict = 2), or another negative errno of the socket calls.
/// A name longer than 63 bytes (the kernel's limit) is -ENOENT without asking the kernel;
/// libkcapi cuts it to 63 bytes and returns the kernel's answer for the cut name (-ENOENT,
/// -EEXIST or -EINVAL, depending on where the cut falls).
#[doc = safety!(out_ptr!("handle"), c_str!("ciphername"))]
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
#[doc = safety!(dying_handle!())]
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
/// rejects or a NULL handle, -EFAULT for a NULL key with a non-zero length (-ENOMEM when the
/// length is more than the kernel allocates for a key, e.g. 1 MiB: it refuses that before it
/// reads the key). A handle of another type gives -EINVAL before anything reaches the kernel
/// (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and key contracts (# Safety above).
    ret_int(unsafe { typed(handle, AlgType::Hash).and_then(|h| set_key(h, key, keylen)) })
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
/// handle, or another negative errno from the kernel. A handle of another type gives -EINVAL before
/// anything reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("buffer", "len"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_update(handle: *mut kcapi_handle, buffer: *const u8, len: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_ssize(unsafe { hash_for(handle, len).and_then(|h| update(h, buffer, len)) }.map(|()| 0))
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
/// NULL or zero-length buffer, a @len above SSIZE_MAX or a NULL handle, -ENOKEY for a keyed
/// digest without key, or
/// another negative errno from the kernel. A handle of another type gives -EINVAL before anything
/// reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), writable!("buffer", "len"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_final(handle: *mut kcapi_handle, buffer: *mut u8, len: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { final_c(handle, buffer, len) }
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
/// kcapi_md_final(). A handle of another type gives -EINVAL before anything reaches the kernel
/// (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_digest(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { digest_c(handle, r#in, inlen, out, outlen) }
}

/// kcapi_md_digestsize - size of the digest
///
/// @handle: [in] message digest handle
///
/// Return: the digest size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_digestsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { info_of(handle, |i| i.digestsize) }
}

/// kcapi_md_blocksize - block size of the message digest
///
/// @handle: [in] message digest handle
///
/// Return: the block size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_blocksize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { info_of(handle, |i| i.blocksize) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha1(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha1", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha224(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha224", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha256(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha256", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha384(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha384", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha512(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha512", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sm3(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sm3", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_224(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha3-224", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_256(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha3-256", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_384(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha3-384", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_sha3_512(r#in: *const u8, inlen: size_t, out: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hash("sha3-512", r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha1(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sha1)", key, keylen, r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha224(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sha224)", key, keylen, r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha256(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sha256)", key, keylen, r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha384(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sha384)", key, keylen, r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sha512(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sha512)", key, keylen, r#in, inlen, out, outlen) }
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
/// NULL or zero-length @out (or one longer than SSIZE_MAX), or another negative errno.
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_hmac_sm3(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { hmac("hmac(sm3)", key, keylen, r#in, inlen, out, outlen) }
}
