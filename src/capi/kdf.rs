//! Key derivation functions (`kcapi_kdf_*`, `kcapi_pbkdf*`, `kcapi_hkdf`), computed in user
//! space over the kernel's keyed message digests.

use super::{alg_name, handle, in_buf, kcapi_handle, out_buf, ret_ssize};
use afalg::__capi::kdf::{self, Input};
use afalg::__capi::{AlgType, Mode, MAX_UPDATE};
use afalg::__capi::{Errno, Result};
use libc::{c_char, size_t, ssize_t};

/// A C input buffer of a KDF: more than `INT_MAX` bytes (libkcapi's hash update refuses them
/// with `EMSGSIZE` when the input is first used) or a NULL pointer with a length (`EFAULT`
/// there) become a length only; `null_is_empty` makes a NULL pointer an empty input instead
/// (the inputs libkcapi skips when NULL).
///
/// # Safety
/// `p` must be NULL or valid for reading `len` bytes for the returned lifetime.
unsafe fn kdf_in<'a>(p: *const u8, len: usize, null_is_empty: bool) -> Result<Input<'a>> {
    if p.is_null() && null_is_empty {
        return Ok(Input::Bytes(&[]));
    }
    if len > MAX_UPDATE {
        return Ok(Input::TooLong(len));
    }
    if p.is_null() && len > 0 {
        return Ok(Input::Null(len));
    }
    // SAFETY: forwarded caller contract; p is non-NULL or len is 0.
    unsafe { in_buf(p, len) }.map(Input::Bytes)
}

/// A C output buffer of a KDF: a NULL buffer with a non-zero length is `EINVAL`.
///
/// # Safety
/// `p` must be NULL or point to `len` writable bytes that nothing else accesses for the returned
/// lifetime.
unsafe fn kdf_out<'a>(p: *mut u8, len: usize) -> Result<&'a mut [u8]> {
    if p.is_null() && len > 0 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: forwarded caller contract.
    unsafe { out_buf(p, len) }
}

/// Run an SP 800-108 KDF for C (kcapi_kdf_dpi/fb/ctr and their compat versions): argument
/// checks in libkcapi's order, then the derivation. A handle of another type than a message
/// digest is refused before any syscall with what libkcapi's digest size check gives it:
/// `EMSGSIZE` for an output over `INT_MAX`, else `EFAULT`. An input over `INT_MAX` is
/// `EMSGSIZE` (with @dst wiped) unless nothing is to be derived, as libkcapi, but before any
/// part of the input reaches the hash (libkcapi leaves the counter, in feedback mode also the
/// IV, queued on the handle).
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `src` NULL or
/// readable for `slen` bytes; `dst` NULL or writable for `dlen` bytes nothing else accesses.
pub(crate) unsafe fn sp800_108(
    mode: Mode,
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    let r = (|| {
        // SAFETY: forwarded caller contract.
        let h = unsafe { self::handle(handle) }?;
        if h.kind() != AlgType::Hash {
            return Err(if dlen > kdf::MAX_OUTPUT { Errno::EMSGSIZE } else { Errno::EFAULT });
        }
        // SAFETY: forwarded caller contract.
        let src = unsafe { kdf_in(src, slen, true) }?;
        kdf::sp800_108_check(h, mode, src.len(), dlen)?;
        // SAFETY: forwarded caller contract.
        let dst = unsafe { kdf_out(dst, dlen) }?;
        kdf::sp800_108_c(h, mode, src, dst)
    })();
    ret_ssize(r.map(|()| 0))
}

/// kcapi_kdf_dpi - SP800-108 key derivation in double-pipeline iteration mode
///
/// Derives @dlen bytes from the key set on @handle, which must be a message digest handle from
/// kcapi_md_init(), keyed with kcapi_md_setkey() for a keyed PRF such as "hmac(sha256)" or
/// "cmac(aes)". With h the digest size and i a 32-bit big-endian counter starting at 1:
/// A(0) = @src, A(i) = PRF(A(i-1)), K(i) = PRF(A(i) || i || @src); the output is
/// K(1) || K(2) || ..., the last block truncated to fit @dlen. When @src is NULL or empty, A(0)
/// is h zero bytes and nothing follows the counter. Computed in user space; intermediate values
/// are wiped.
///
/// @handle: [in] message digest handle with the key-derivation key
/// @src: [in] fixed input data, Label || 0x00 || Context (may be NULL)
/// @slen: [in] length of @src
/// @dst: [out] receives the derived key
/// @dlen: [in] number of bytes to derive (at most INT_MAX)
///
/// Return: 0 on success; -EMSGSIZE when @dlen exceeds INT_MAX, or @slen with a non-NULL @src
/// and a non-zero @dlen (nothing reaches the hash then), -EFAULT when @handle is no message
/// digest (or its digest is larger than 64 bytes), -EINVAL for a NULL handle or a NULL @dst
/// with a non-zero @dlen, -ENOKEY for a keyed digest without key, or another negative
/// errno. On failure @dst is wiped.
#[doc = safety!(live_handle!(), readable!("src", "slen"), writable!("dst", "dlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kdf_dpi(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { sp800_108(Mode::DoublePipeline, handle, src, slen, dst, dlen) }
}

/// kcapi_kdf_fb - SP800-108 key derivation in feedback mode
///
/// Derives @dlen bytes from the key set on @handle (a message digest handle from kcapi_md_init(),
/// keyed with kcapi_md_setkey() for a keyed PRF). @src is IV || Label || 0x00 || Context with an
/// IV as long as the digest (h bytes). With i a 32-bit big-endian counter starting at 1:
/// K(0) = IV, K(i) = PRF(K(i-1) || i || Label || 0x00 || Context); the output is
/// K(1) || K(2) || ..., the last block truncated to fit @dlen. Computed in user space;
/// intermediate values are wiped.
///
/// @handle: [in] message digest handle with the key-derivation key
/// @src: [in] IV followed by the fixed input data; must not be NULL
/// @slen: [in] length of @src, at least the digest size
/// @dst: [out] receives the derived key
/// @dlen: [in] number of bytes to derive (at most INT_MAX)
///
/// Return: 0 on success; -EINVAL when @src is NULL or shorter than the digest, for a NULL handle
/// or a NULL @dst with a non-zero @dlen; -EMSGSIZE when @dlen exceeds INT_MAX, or @slen with
/// a non-zero @dlen (nothing reaches the hash then), -EFAULT when @handle is no message digest,
/// -ENOKEY for a keyed digest without key, or another negative errno. On failure @dst is wiped.
#[doc = safety!(live_handle!(), readable!("src", "slen"), writable!("dst", "dlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kdf_fb(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { sp800_108(Mode::Feedback, handle, src, slen, dst, dlen) }
}

/// kcapi_kdf_ctr - SP800-108 key derivation in counter mode
///
/// Derives @dlen bytes from the key set on @handle (a message digest handle from kcapi_md_init(),
/// keyed with kcapi_md_setkey() for a keyed PRF). With i a 32-bit big-endian counter starting at
/// 1: K(i) = PRF(i || @src); the output is K(1) || K(2) || ..., the last block truncated to fit
/// @dlen. For SP800-108 @src is Label || 0x00 || Context. With an unkeyed hash such as "sha256"
/// this is the single-step KDF of SP800-56A section 5.8.1 with @src = Z || OtherInfo (Z the
/// shared secret); with a keyed PRF the key must not be Z. Computed in user space; intermediate
/// values are wiped.
///
/// @handle: [in] message digest handle, keyed for a keyed PRF
/// @src: [in] fixed input data (may be NULL)
/// @slen: [in] length of @src
/// @dst: [out] receives the derived key
/// @dlen: [in] number of bytes to derive (at most INT_MAX)
///
/// Return: 0 on success; -EMSGSIZE when @dlen exceeds INT_MAX, or @slen with a non-NULL @src
/// and a non-zero @dlen (nothing reaches the hash then), -EFAULT when @handle is no message
/// digest, -EINVAL for a NULL handle or a NULL @dst with a non-zero @dlen, -ENOKEY for a keyed
/// digest without key, or another negative errno. On failure @dst is wiped.
#[doc = safety!(live_handle!(), readable!("src", "slen"), writable!("dst", "dlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kdf_ctr(
    handle: *mut kcapi_handle,
    src: *const u8,
    slen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { sp800_108(Mode::Counter, handle, src, slen, dst, dlen) }
}

/// kcapi_pbkdf - password-based key derivation (PBKDF2)
///
/// PBKDF2 as defined in SP800-132 and RFC 8018 with the kernel keyed message digest @hashname
/// as PRF, keyed with the password: with i a 32-bit big-endian counter starting at 1, block i
/// of @key is U1 XOR U2 XOR ... XOR Ucount with U1 = PRF(@salt || i) and Uj = PRF(Uj-1); the
/// last block is truncated to fit @keylen. Computed in user space; intermediate values are wiped.
/// kcapi_pbkdf_iteration_count() suggests an iteration count.
///
/// @hashname: [in] kernel name of a keyed message digest, e.g. "hmac(sha256)" (or "cmac(aes)"
/// with a 16, 24 or 32 byte password)
/// @pw: [in] password
/// @pwlen: [in] length of @pw
/// @salt: [in] salt (may be NULL when @saltlen is 0)
/// @saltlen: [in] length of @salt
/// @count: [in] number of iterations, at least 1
/// @key: [out] receives the derived key
/// @keylen: [in] number of bytes to derive (at most INT_MAX)
///
/// Return: 0 on success (also for @keylen 0); -EMSGSIZE when @keylen exceeds INT_MAX, or
/// @saltlen with a non-zero @keylen (after the hash was opened and keyed), -EINVAL
/// for a @count of 0, a NULL @key with a non-zero @keylen or a name of another algorithm type;
/// -ENOENT for an unknown name, -ENOSYS for an unkeyed hash, -EFAULT for a NULL @pw or @salt
/// with a non-zero length or a digest larger than 64 bytes, or another negative errno. Once
/// the hash is open, every failure wipes @key.
#[doc = safety!(c_str!("hashname"), readable!("pw", "pwlen"), readable!("salt", "saltlen"), writable!("key", "keylen"))]
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_pbkdf(
    hashname: *const c_char,
    pw: *const u8,
    pwlen: u32,
    salt: *const u8,
    saltlen: size_t,
    count: u32,
    key: *mut u8,
    keylen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the string and buffer contracts (# Safety above).
    unsafe { pbkdf(hashname, pw, pwlen, salt, saltlen, count, key, keylen) }
}

/// kcapi_pbkdf and its compat version.
///
/// # Safety
/// `hashname` must be NULL or a NUL-terminated string; `pw` NULL or readable for `pwlen` bytes;
/// `salt` NULL or readable for `saltlen` bytes; `key` NULL or writable for `keylen` bytes
/// nothing else accesses.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn pbkdf(
    hashname: *const c_char,
    pw: *const u8,
    pwlen: u32,
    salt: *const u8,
    saltlen: size_t,
    count: u32,
    key: *mut u8,
    keylen: size_t,
) -> ssize_t {
    let r = (|| {
        kdf::pbkdf2_check(count, keylen)?;
        // SAFETY: the caller guarantees NUL termination.
        let name = unsafe { alg_name(hashname) }?;
        // SAFETY: the caller guarantees the buffer contracts; NULL buffers become None.
        let (pw, salt, key) =
            unsafe { (opt_buf(pw, pwlen as usize)?, kdf_in(salt, saltlen, false)?, opt_out(key, keylen)?) };
        kdf::pbkdf2_c(name, pw, pwlen, salt, count, key, keylen)
    })();
    ret_ssize(r.map(|()| 0))
}

/// A C input buffer that may be NULL with a non-zero length (`None`), to be failed later.
///
/// # Safety
/// `p` must be NULL or point to `len` readable bytes for the returned lifetime.
unsafe fn opt_buf<'a>(p: *const u8, len: usize) -> Result<Option<&'a [u8]>> {
    if p.is_null() && len > 0 {
        return Ok(None);
    }
    // SAFETY: forwarded caller contract.
    unsafe { in_buf(p, len) }.map(Some)
}

/// A C output buffer that may be NULL with a non-zero length (`None`), to be failed later.
///
/// # Safety
/// `p` must be NULL or point to `len` writable bytes that nothing else accesses for the returned
/// lifetime.
unsafe fn opt_out<'a>(p: *mut u8, len: usize) -> Result<Option<&'a mut [u8]>> {
    if p.is_null() && len > 0 {
        return Ok(None);
    }
    // SAFETY: forwarded caller contract.
    unsafe { out_buf(p, len) }.map(Some)
}

/// kcapi_pbkdf_iteration_count - iteration count for PBKDF2 on this machine
///
/// Measures how long kcapi_pbkdf() with @hashname takes for 1, 2, 4, ... iterations and returns
/// the first power of two whose run time exceeds @timeshresh nanoseconds in two consecutive
/// measurements, at least 65536 (1 << 16). Uses the monotonic clock with full timestamps
/// (libkcapi measures only the nanosecond part of the time, which wraps every second).
///
/// @hashname: [in] kernel name of a keyed message digest, e.g. "hmac(sha256)"
/// @timeshresh: [in] target duration of one derivation in nanoseconds; 0 selects 1 << 27
/// (about 134 ms)
///
/// Return: the iteration count (a power of two, at least 65536 and at most 1 << 31), or
/// 262144 (1 << 18) when kcapi_pbkdf() fails with @hashname.
#[doc = safety!(c_str!("hashname"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_pbkdf_iteration_count(hashname: *const c_char, timeshresh: u64) -> u32 {
    // SAFETY: the caller guarantees NUL termination (# Safety above).
    match unsafe { alg_name(hashname) } {
        Ok(n) => kdf::pbkdf2_iteration_count(n, timeshresh),
        Err(_) => kdf::ITERATIONS_ON_ERROR,
    }
}

/// kcapi_hkdf - extract-and-expand key derivation (HKDF, RFC 5869)
///
/// Extract: PRK = PRF(@salt, @ikm) with the kernel keyed message digest @hashname, keyed with
/// @salt, or with as many zero bytes as the digest is long when @salt is NULL. Expand:
/// T(0) is empty, T(n) = PRF(PRK, T(n-1) || @info || n) with n one byte starting at 1; the
/// output is T(1) || T(2) || ..., truncated to @dlen. Computed in user space; PRK and T are
/// wiped.
///
/// @hashname: [in] kernel name of a keyed message digest, e.g. "hmac(sha256)"
/// @ikm: [in] input keying material; must not be NULL
/// @ikmlen: [in] length of @ikm; must not be 0
/// @salt: [in] salt (may be NULL: a block of zero bytes)
/// @saltlen: [in] length of @salt (may be 0: an empty HMAC key, the same as NULL for HMAC)
/// @info: [in] context and application specific information (may be NULL)
/// @infolen: [in] length of @info (ignored when @info is NULL)
/// @dst: [out] receives the derived key; must not be NULL
/// @dlen: [in] number of bytes to derive, at most 255 times the digest size
///
/// Return: 0 on success; -EINVAL for a NULL or empty @ikm, a NULL @dst, a name of another
/// algorithm type or @dlen above 255 digests (then @dst is wiped); -EMSGSIZE when @ikmlen
/// exceeds INT_MAX, or @infolen with a non-NULL @info and a non-zero @dlen; -ENOENT for an
/// unknown name, -ENOSYS for an unkeyed hash, -EFAULT for a digest larger than 64 bytes, or
/// another negative errno. Once the hash is open, every failure wipes @dst.
#[doc = safety!(c_str!("hashname"), readable!("ikm", "ikmlen"), readable!("salt", "saltlen"), readable!("info", "infolen"), writable!("dst", "dlen"))]
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kcapi_hkdf(
    hashname: *const c_char,
    ikm: *const u8,
    ikmlen: size_t,
    salt: *const u8,
    saltlen: u32,
    info: *const u8,
    infolen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the string and buffer contracts (# Safety above).
    unsafe { hkdf(hashname, ikm, ikmlen, salt, saltlen, info, infolen, dst, dlen) }
}

/// kcapi_hkdf and its compat version.
///
/// # Safety
/// `hashname` must be NULL or a NUL-terminated string; `ikm` NULL or readable for `ikmlen`
/// bytes; `salt` NULL or readable for `saltlen` bytes; `info` NULL or readable for `infolen`
/// bytes; `dst` NULL or writable for `dlen` bytes nothing else accesses.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn hkdf(
    hashname: *const c_char,
    ikm: *const u8,
    ikmlen: size_t,
    salt: *const u8,
    saltlen: u32,
    info: *const u8,
    infolen: size_t,
    dst: *mut u8,
    dlen: size_t,
) -> ssize_t {
    let r = (|| {
        if ikm.is_null() || ikmlen == 0 || dst.is_null() {
            return Err(Errno::EINVAL);
        }
        // SAFETY: the caller guarantees NUL termination.
        let name = unsafe { alg_name(hashname) }?;
        // SAFETY: the caller guarantees the buffer contracts; ikm is non-NULL.
        let ikm = unsafe { kdf_in(ikm, ikmlen, false) }?;
        let salt = if salt.is_null() {
            None
        } else {
            // SAFETY: the caller guarantees the buffer contract; salt is non-NULL.
            Some(unsafe { in_buf(salt, saltlen as usize) }?)
        };
        // SAFETY: the caller guarantees the buffer contract.
        let info = unsafe { kdf_in(info, infolen, true) }?;
        if dlen > isize::MAX as usize {
            return Err(Errno::EINVAL);
        }
        // SAFETY: the caller guarantees the buffer contract; dst is non-NULL.
        let dst = unsafe { out_buf(dst, dlen) }?;
        kdf::hkdf_c(name, ikm, salt, info, dst)
    })();
    ret_ssize(r.map(|()| 0))
}
