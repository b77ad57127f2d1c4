//! Key agreement API (`kcapi_kpp_*`): finite-field Diffie-Hellman computed by the kernel
//! through its key retention service (KEYCTL_DH_COMPUTE), as mainline kernels have no AF_ALG
//! `kpp` type (libkcapi's calls fail with -ENOENT there). ECDH has no such route.
//!
//! Inputs are copied before outputs are written, so they may share memory. The `access`
//! arguments are accepted and ignored.

use super::akcipher::{each_pair, iovec_list};
use super::{
    any_handle, destroy_handle, in_buf, init_keyring, kcapi_handle, out_buf, ret_int, ret_ssize, ret_val, Inner,
};
use afalg::__capi::{Errno, Result, Secret};
use afalg::Dh;
use libc::{c_char, c_int, c_ulong, iovec, size_t, ssize_t};

/// The DH handle behind a C pointer (`EINVAL` for NULL or a handle of another family).
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses while the result lives.
unsafe fn dh<'a>(handle: *mut kcapi_handle) -> Result<&'a mut Dh> {
    // SAFETY: forwarded caller contract.
    match unsafe { any_handle(handle) }? {
        Inner::Dh(d) => Ok(d),
        _ => Err(Errno::EINVAL),
    }
}

/// The public value into a C buffer.
///
/// # Safety
/// `handle` as [`dh`]; `out` NULL or writable for `outlen` bytes.
unsafe fn keygen(handle: *mut kcapi_handle, out: *mut u8, outlen: size_t) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let d = unsafe { dh(handle) }?;
    // SAFETY: forwarded caller contract.
    d.public_value(unsafe { out_buf(out, outlen) }?)
}

/// The shared secret for a peer value into a C buffer (the peer value is copied first).
///
/// # Safety
/// `handle` as [`dh`]; `peer` NULL or readable for `peerlen` bytes; `out` NULL or writable for
/// `outlen` bytes.
unsafe fn ssgen(handle: *mut kcapi_handle, peer: &[u8], out: *mut u8, outlen: size_t) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let d = unsafe { dh(handle) }?;
    let size = d.size().ok_or(Errno::EINVAL)?;
    let mut secret = Secret::zeroed(size);
    let n = d.shared_secret(peer, &mut secret)?;
    // SAFETY: forwarded caller contract; no other slice of the caller's memory is alive.
    let out = unsafe { out_buf(out, outlen) }?;
    out.get_mut(..n).ok_or(Errno::EOVERFLOW)?.copy_from_slice(&secret[..n]);
    Ok(n)
}

/// kcapi_kpp_keygen and its compat version.
///
/// # Safety
/// As [`keygen`].
pub(crate) unsafe fn keygen_c(handle: *mut kcapi_handle, pubkey: *mut u8, pubkeylen: size_t, access: c_int) -> ssize_t {
    let _ = access;
    // SAFETY: forwarded caller contract.
    ret_ssize(unsafe { keygen(handle, pubkey, pubkeylen) })
}

/// kcapi_kpp_ssgen and its compat version.
///
/// # Safety
/// As [`ssgen`], with `pubkey` NULL or readable for `pubkeylen` bytes.
pub(crate) unsafe fn ssgen_c(
    handle: *mut kcapi_handle,
    pubkey: *const u8,
    pubkeylen: size_t,
    ss: *mut u8,
    sslen: size_t,
    access: c_int,
) -> ssize_t {
    let _ = access;
    // SAFETY: forwarded caller contract; the peer slice ends with the copy.
    let r = unsafe { in_buf(pubkey, pubkeylen) }.map(Secret::copy_of).and_then(|peer| {
        // SAFETY: forwarded caller contract.
        unsafe { ssgen(handle, &peer, ss, sslen) }
    });
    ret_ssize(r)
}

/// kcapi_kpp_keygen_aio and its compat version: the public value into every output entry.
///
/// # Safety
/// `handle` as [`dh`]; `outiov` NULL or `iovlen` iovecs describing writable memory.
pub(crate) unsafe fn keygen_aio(
    handle: *mut kcapi_handle,
    outiov: *const iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    let _ = access;
    let r = (|| {
        // SAFETY: forwarded caller contract.
        let outs = unsafe { iovec_list(outiov, iovlen) }?;
        let mut total = 0usize;
        for o in &outs {
            // SAFETY: forwarded caller contract.
            total = total.saturating_add(unsafe { keygen(handle, o.iov_base.cast(), o.iov_len) }?);
        }
        Ok(total)
    })();
    ret_ssize(r)
}

/// kcapi_kpp_ssgen_aio and its compat version: one shared secret per input entry.
///
/// # Safety
/// `handle` as [`dh`]; the arrays NULL or `iovlen` iovecs describing readable (input) and
/// writable (output) memory.
pub(crate) unsafe fn ssgen_aio(
    handle: *mut kcapi_handle,
    iniov: *const iovec,
    outiov: *const iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    let _ = access;
    // SAFETY: forwarded caller contract.
    let r = unsafe { dh(handle) }.and_then(|d| {
        let size = d.size().ok_or(Errno::EINVAL)?;
        let secret_for = |peer: &[u8], room: usize| {
            let mut secret = Secret::zeroed(size);
            let n = d.shared_secret(peer, &mut secret)?;
            if room < n {
                return Err(Errno::EOVERFLOW);
            }
            secret.truncate(n);
            Ok(secret)
        };
        // SAFETY: forwarded caller contract.
        unsafe { each_pair(iniov, outiov, iovlen, secret_for) }
    });
    ret_ssize(r)
}

/// kcapi_kpp_init - open a key agreement handle
///
/// Creates a Diffie-Hellman handle for @ciphername "dh" (or a DH driver name such as
/// "dh-generic"). Mainline Linux has no AF_ALG interface for key agreement; this implementation
/// computes through the kernel's key retention service instead: the group parameters and the
/// private value become "user" keys in the process keyring and every computation is a
/// keyctl(KEYCTL_DH_COMPUTE) call. ECDH ("ecdh", "ecdh-nist-p256", ...) has no such route and
/// fails as it does with libkcapi on a mainline kernel. Release the handle with
/// kcapi_kpp_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] "dh" or a DH driver name
/// @flags: [in] accepted and ignored
///
/// Return: 0 on success; -ENOENT for any other name (ECDH included), -EINVAL when @handle is
/// NULL.
#[doc = safety!(out_ptr!("handle"), c_str!("ciphername"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_init(
    handle: *mut *mut kcapi_handle,
    ciphername: *const c_char,
    flags: u32,
) -> c_int {
    let _ = flags;
    // SAFETY: the caller guarantees the out-pointer and name contracts (# Safety above).
    unsafe { init_keyring(handle, ciphername, |n| Dh::new(n).map(Inner::Dh)) }
}

/// kcapi_kpp_destroy - close a key agreement handle
///
/// Invalidates the handle's keys in the kernel (unless a handle made from this one with
/// kcapi_handle_reinit() still uses them) and frees the handle. A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[doc = safety!(dying_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_kpp_dh_setparam_pkcs3 - set the Diffie-Hellman group
///
/// @pkcs3 holds a PKCS#3 DHParameter in BER/DER: SEQUENCE { prime, base [,
/// privateValueLength] }, as "openssl dhparam -outform DER" writes it. The prime must have at
/// least 1536 bits (the kernel's minimum) and be odd, the base lie between 2 and the prime;
/// this is checked here rather than at the first computation. A private value set earlier is
/// kept.
///
/// @handle: [in] DH handle
/// @pkcs3: [in] the parameters
/// @pkcs3len: [in] length of @pkcs3 in bytes
///
/// Return: the prime's size in bytes (the size of every output) on success; -EINVAL for
/// parameters that do not parse, a prime that is too small or even or a NULL or foreign
/// handle, -EFAULT for a NULL @pkcs3 with a non-zero length, or another negative errno
/// of add_key(2).
#[doc = safety!(live_handle!(), readable!("pkcs3", "pkcs3len"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_dh_setparam_pkcs3(
    handle: *mut kcapi_handle,
    pkcs3: *const u8,
    pkcs3len: u32,
) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_val(
        unsafe { dh(handle).and_then(|d| Ok((d, in_buf(pkcs3, pkcs3len as usize)?))) }
            .and_then(|(d, p)| d.set_params_pkcs3(p)),
    )
}

/// kcapi_kpp_ecdh_setcurve - select an ECDH curve
///
/// ECDH has no route on mainline kernels (neither AF_ALG nor the key retention service offers
/// it), and a key agreement handle of this library is always a DH handle, so no curve can be
/// selected.
///
/// @handle: [in] key agreement handle
/// @curve_id: [in] ECC_CURVE_NIST_P192 or ECC_CURVE_NIST_P256
///
/// Return: -ENOENT for a key agreement handle (ECDH is not available); -EINVAL for a NULL or
/// foreign handle.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_ecdh_setcurve(handle: *mut kcapi_handle, curve_id: c_ulong) -> c_int {
    let _ = curve_id;
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    ret_int(unsafe { dh(handle) }.and(Err(Errno::ENOENT)))
}

/// kcapi_kpp_setkey - set or generate the private value
///
/// Sets the private value (big-endian, not zero, below the prime) after the group was set with
/// kcapi_kpp_dh_setparam_pkcs3(). A NULL @key or a @keylen of 0 asks for a random private value
/// instead (from getrandom(2), one bit shorter than the prime); it goes straight into the
/// kernel and the bytes are wiped. Either way the value is kept in the kernel as a key of the
/// process keyring; the caller may wipe @key once the call returns.
///
/// @handle: [in] DH handle with its group set
/// @key: [in] private value, or NULL
/// @keylen: [in] length of @key in bytes, or 0
///
/// Return: the prime's size in bytes (the output size of kcapi_kpp_keygen() and
/// kcapi_kpp_ssgen()) on success; -EINVAL before the group is set, for a zero value or a NULL
/// or foreign handle, or another negative errno of add_key(2) or getrandom(2).
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    let r = (|| {
        // SAFETY: the caller guarantees the handle contract (# Safety above).
        let d = unsafe { dh(handle) }?;
        let size = d.size().ok_or(Errno::EINVAL)?;
        if key.is_null() || keylen == 0 {
            d.generate_private_key()?;
        } else {
            // SAFETY: key is non-NULL and readable for keylen bytes (caller contract).
            d.set_private_key(unsafe { in_buf(key, keylen as usize) }?)?;
        }
        Ok(size)
    })();
    ret_val(r)
}

/// kcapi_kpp_keygen - compute this side's public value
///
/// Writes g^x mod p, with leading zeros to the prime's size, to @pubkey.
///
/// @handle: [in] DH handle with group and private value
/// @pubkey: [out] the public value
/// @pubkeylen: [in] size of @pubkey; at least the prime's size
/// @access: [in] accepted and ignored
///
/// Return: the prime's size on success; -EINVAL before the group is set or for a NULL or
/// foreign handle, -ENOKEY without a private value, -EOVERFLOW when @pubkeylen is too small,
/// -EFAULT for a NULL @pubkey with a length, or another negative errno of keyctl(2).
#[doc = safety!(live_handle!(), writable!("pubkey", "pubkeylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_keygen(
    handle: *mut kcapi_handle,
    pubkey: *mut u8,
    pubkeylen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { keygen_c(handle, pubkey, pubkeylen, access) }
}

/// kcapi_kpp_ssgen - compute the shared secret
///
/// Writes peer^x mod p, with leading zeros to the prime's size, to @ss. The peer's value is
/// checked first: 0, 1, p - 1 and values not below p are refused (they would confine the secret
/// to at most two values; the kernel does not check this).
///
/// @handle: [in] DH handle with group and private value
/// @pubkey: [in] the peer's public value (big-endian)
/// @pubkeylen: [in] length of @pubkey
/// @ss: [out] the shared secret
/// @sslen: [in] size of @ss; at least the prime's size
/// @access: [in] accepted and ignored
///
/// Return: the prime's size on success; -EINVAL for a peer value refused as above, before the
/// group is set or for a NULL or foreign handle, -ENOKEY without a private value, -EOVERFLOW
/// when @sslen is too small, -EFAULT for a NULL buffer with a length, or another negative errno
/// of keyctl(2).
#[doc = safety!(live_handle!(), readable!("pubkey", "pubkeylen"), writable!("ss", "sslen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_ssgen(
    handle: *mut kcapi_handle,
    pubkey: *const u8,
    pubkeylen: size_t,
    ss: *mut u8,
    sslen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { ssgen_c(handle, pubkey, pubkeylen, ss, sslen, access) }
}

/// kcapi_kpp_keygen_aio - write the public value into several buffers
///
/// Writes this side's public value, as kcapi_kpp_keygen() does, into every entry of @outiov,
/// one after the other (there is no asynchronous interface to the key retention service;
/// libkcapi returns -EOPNOTSUPP without AF_ALG AIO).
///
/// @handle: [in] DH handle with group and private value
/// @outiov: [out] array of @iovlen output buffers (each at least the prime's size)
/// @iovlen: [in] number of entries
/// @access: [in] accepted and ignored
///
/// Return: the sum of the output lengths on success; -EINVAL for a NULL @outiov with a
/// non-zero @iovlen, or the first error of kcapi_kpp_keygen().
#[doc = safety!(live_handle!(), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_keygen_aio(
    handle: *mut kcapi_handle,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { keygen_aio(handle, outiov, iovlen, access) }
}

/// kcapi_kpp_ssgen_aio - compute shared secrets for several peers
///
/// For each peer value in @iniov, writes the shared secret, as kcapi_kpp_ssgen() does, to the
/// entry of @outiov with the same index, one after the other.
///
/// @handle: [in] DH handle with group and private value
/// @iniov: [in] array of @iovlen peer values
/// @outiov: [out] array of @iovlen output buffers (each at least the prime's size)
/// @iovlen: [in] number of entries in each array
/// @access: [in] accepted and ignored
///
/// Return: the sum of the output lengths on success; -EINVAL for NULL arrays with a non-zero
/// @iovlen, or the first error of kcapi_kpp_ssgen().
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_kpp_ssgen_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { ssgen_aio(handle, iniov, outiov, iovlen, access) }
}
