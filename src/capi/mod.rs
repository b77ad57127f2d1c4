//! The C API: libkcapi's functions with its exact prototypes, one file per area.
//!
//! This layer only validates pointers and lengths, converts C arguments into Rust types, calls
//! the safe core and maps its [`Errno`] results to libkcapi's return conventions (negative
//! errno, with `errno` set to the same value). Symbol versions come from
//! `abi/libkcapi.symbols` through `build.rs` (the private `symver` module). No exported
//! function calls another exported function: they share private helpers, and so do the
//! pre-1.3.1 compat versions (the private `compat` module).
//!
//! Thread safety: the functions without a handle are thread-safe. A handle may be used by one
//! thread at a time; handles made with `kcapi_handle_reinit` from one another are independent
//! and may be used in parallel (the shared transformation is reference-counted atomically).
//! The log level is a process-wide atomic.
//!
//! # Safety
//!
//! Every `unsafe` function states in its `# Safety` section what its caller guarantees. For the
//! exported functions that is libkcapi's contract for the arguments it names; the section is
//! attached with `#[doc = safety!(…)]`, which cbindgen does not copy, so the C header and the
//! man pages carry only the kernel-doc text.
//!
//! The kernel-doc text (`@param: [in] …`) is the source of the C header and the man pages and
//! must stay as it is; rustdoc would read `[in]`, `[out]` and `[i]` as intra-doc links and
//! `<severity>` as HTML, hence the two `rustdoc` lints allowed for this module.
#![allow(non_camel_case_types)]
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

/// The `# Safety` section of a function's documentation, from its clauses (string literals or
/// the clause macros below): `#[doc = safety!(…)]`. cbindgen copies only literal doc strings,
/// so these sections stay out of the C header.
macro_rules! safety {
    ($($clause:expr),+ $(,)?) => {
        concat!("\n# Safety\n\nThe caller guarantees:", $("\n* ", $clause, ";"),+)
    };
}

/// Safety clause: the handle argument (exclusive use).
macro_rules! live_handle {
    () => {
        "`handle` is NULL or a handle from an init function or `kcapi_handle_reinit` that has \
         not been destroyed, and no other thread uses it during the call"
    };
    ($p:literal) => {
        concat!(
            "`",
            $p,
            "` is NULL or a handle from an init function or `kcapi_handle_reinit` that \
             has not been destroyed, and no other thread uses it during the call"
        )
    };
}

/// Safety clause: the handle argument of a destroy function.
macro_rules! dying_handle {
    () => {
        "`handle` is NULL or a handle from an init function or `kcapi_handle_reinit` that has \
         not been destroyed, and nothing uses it during or after the call"
    };
}

/// Safety clause: the handle argument of a stream function (shared use).
macro_rules! shared_handle {
    () => {
        "`handle` is NULL or a handle from an init function or `kcapi_handle_reinit` that has \
         not been destroyed; other threads use it during the call only through the stream \
         functions"
    };
}

/// Safety clause: `p` is NULL or readable for `n` bytes.
macro_rules! readable {
    ($p:literal, $n:literal) => {
        concat!("`", $p, "` is NULL or points to `", $n, "` readable bytes")
    };
}

/// Safety clause: `p` is NULL or writable for `n` bytes nobody else accesses.
macro_rules! writable {
    ($p:literal, $n:literal) => {
        concat!("`", $p, "` is NULL or points to `", $n, "` writable bytes that nothing else accesses during the call")
    };
}

/// Safety clause: an out-pointer for one value.
macro_rules! out_ptr {
    ($($p:literal),+) => {
        concat!($("`", $p, "` ",)+ "is NULL or points to writable memory for one value of its type")
    };
}

/// Safety clause: the IV argument.
macro_rules! iv_ptr {
    ($p:literal) => {
        concat!("`", $p, "` is NULL or points to as many readable bytes as the algorithm's IV size")
    };
}

/// Safety clause: an iovec array describing input (`readable`) or output (`writable`) memory.
macro_rules! iovecs {
    ($p:literal, $n:literal, $rw:literal) => {
        concat!(
            "`",
            $p,
            "` is NULL or points to `",
            $n,
            "` readable `struct iovec` entries, each \
             describing ",
            $rw,
            " memory that stays valid during the call"
        )
    };
}

/// Safety clause: a C string argument.
macro_rules! c_str {
    ($p:literal) => {
        concat!("`", $p, "` is NULL or points to a NUL-terminated string")
    };
}

pub mod aead;
pub mod akcipher;
pub mod cipher;
pub mod common;
/// cbindgen:ignore
mod compat;
mod handle;
mod iov;
pub mod kdf;
pub mod kpp;
pub mod md;
pub mod rng;
// kcapi-rs extensions, after every libkcapi function in the header (own version node).
pub mod keyring;
mod symver;
#[cfg(test)]
mod tests;

pub(crate) use handle::{
    alg_name, any_handle, destroy_handle, handle, info_of, init_handle, init_keyring, store_inner, typed, typed_shared,
};

use afalg::__capi::Handle;
use afalg::__capi::RsaSession;
use afalg::__capi::{Errno, Result};
use afalg::Dh;
use libc::{c_int, ssize_t};

/// Opaque cipher handle (`struct kcapi_handle`), created by the `kcapi_*_init` functions
/// and `kcapi_handle_reinit`, released by the `kcapi_*_destroy` functions.
pub struct kcapi_handle {
    pub(crate) h: Inner,
}

/// What a handle drives: AF_ALG sockets, or (for the asymmetric and key-agreement families,
/// which have no AF_ALG type in mainline kernels) keys in the kernel's key retention service.
pub(crate) enum Inner {
    /// A hash, skcipher, AEAD or RNG handle.
    Alg(Handle),
    /// An RSA handle (`kcapi_akcipher_*`).
    Rsa(RsaSession),
    /// A Diffie-Hellman handle (`kcapi_kpp_*`).
    Dh(Dh),
}

/// Flag for `kcapi_*_init`: use the kernel's asynchronous I/O interface where available.
pub const KCAPI_INIT_AIO: c_int = 1;
/// Access type: let the library choose between copying and zero-copy.
pub const KCAPI_ACCESS_HEURISTIC: c_int = 0;
/// Access type: always use the vmsplice zero-copy interface.
pub const KCAPI_ACCESS_VMSPLICE: c_int = 1;
/// Access type: always use sendmsg.
pub const KCAPI_ACCESS_SENDMSG: c_int = 2;
/// ECC curve identifier NIST P-192 for `kcapi_kpp_ecdh_setcurve`.
pub const ECC_CURVE_NIST_P192: c_int = 1;
/// ECC curve identifier NIST P-256 for `kcapi_kpp_ecdh_setcurve`.
pub const ECC_CURVE_NIST_P256: c_int = 2;

/// Log levels for `kcapi_set_verbosity`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub enum kcapi_verbosity {
    /// Log nothing (the default).
    KCAPI_LOG_NONE = 0,
    /// Log errors.
    KCAPI_LOG_ERR = 1,
    /// Log errors and warnings.
    KCAPI_LOG_WARN = 2,
    /// Also log progress messages.
    KCAPI_LOG_VERBOSE = 3,
    /// Log everything, including each syscall's result.
    KCAPI_LOG_DEBUG = 4,
}

/// How `enum kcapi_verbosity` arrives from C: any integer (the header spells it as the enum).
#[repr(transparent)]
#[derive(Clone, Copy, Debug)]
pub struct KcapiVerbosityArg(pub c_int);

/// A C input buffer as a slice: NULL with a length is `EFAULT` (what the kernel would say).
///
/// # Safety
/// `p` must be NULL or valid for reading `len` bytes for the returned lifetime.
pub(crate) unsafe fn in_buf<'a>(p: *const u8, len: usize) -> Result<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() || len > isize::MAX as usize {
        return Err(Errno::EFAULT);
    }
    // SAFETY: p is non-NULL and the caller guarantees len readable bytes.
    Ok(unsafe { ::core::slice::from_raw_parts(p, len) })
}

/// Set the key of `h` from a C buffer. A NULL key with a non-zero length goes to the kernel as
/// it is, as libkcapi hands it over: the kernel refuses a length it does not allocate (above
/// `net.core.optmem_max`, e.g. 1 MiB) with `ENOMEM` before it reads the key, and answers
/// `EFAULT` for a shorter one (or an earlier refusal such as `EBUSY`).
///
/// # Safety
/// `key` must be NULL or point to `keylen` readable bytes.
pub(crate) unsafe fn set_key(h: &mut Handle, key: *const u8, keylen: u32) -> Result<()> {
    if key.is_null() && keylen > 0 {
        return h.setkey_null(keylen);
    }
    // SAFETY: forwarded caller contract; key is non-NULL or keylen is 0.
    h.setkey(unsafe { in_buf(key, keylen as usize) }?)
}

/// A C output buffer as a slice: NULL with a length is `EFAULT`.
///
/// # Safety
/// `p` must be NULL or valid for writing `len` bytes for the returned lifetime, and not
/// aliased by another live reference.
pub(crate) unsafe fn out_buf<'a>(p: *mut u8, len: usize) -> Result<&'a mut [u8]> {
    if len == 0 {
        return Ok(&mut []);
    }
    if p.is_null() || len > isize::MAX as usize {
        return Err(Errno::EFAULT);
    }
    // SAFETY: p is non-NULL and the caller guarantees len writable, unaliased bytes.
    Ok(unsafe { ::core::slice::from_raw_parts_mut(p, len) })
}

/// A length for a `uint32_t` result or out-parameter of a compat version: saturating, so a
/// length that does not fit never wraps to a small buffer size.
pub(crate) fn saturate_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Convert an error for C: set `errno`, return the negative code.
fn fail(e: Errno) -> c_int {
    afalg::__capi::set_errno(e.0);
    e.neg()
}

/// `int` result: 0 or a negative errno.
pub(crate) fn ret_int(r: Result<()>) -> c_int {
    r.map_or_else(fail, |()| 0)
}

/// `int` result carrying a non-negative value.
pub(crate) fn ret_val(r: Result<usize>) -> c_int {
    match r {
        Ok(v) => c_int::try_from(v).unwrap_or_else(|_| fail(Errno::EOVERFLOW)),
        Err(e) => fail(e),
    }
}

/// `ssize_t` result: a byte count or a negative errno.
pub(crate) fn ret_ssize(r: Result<usize>) -> ssize_t {
    match r {
        Ok(v) => ssize_t::try_from(v).unwrap_or_else(|_| fail(Errno::EOVERFLOW) as ssize_t),
        Err(e) => fail(e) as ssize_t,
    }
}
