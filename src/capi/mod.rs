//! The C API: libkcapi's functions with its exact prototypes, one file per area.
//!
//! This layer only validates pointers and lengths, converts C arguments into Rust types, calls
//! the safe core and maps its [`Errno`] results to libkcapi's return conventions (negative
//! errno, with `errno` set to the same value). Symbol versions come from
//! `abi/libkcapi.symbols` through `build.rs` (see [`symver`]).
//!
//! Thread safety: the functions without a handle are thread-safe. A handle may be used by one
//! thread at a time; handles made with `kcapi_handle_reinit` from one another are independent
//! and may be used in parallel (the shared transformation is reference-counted atomically).
//! The log level is a process-wide atomic.

//!
//! # Safety
//!
//! Every `unsafe extern "C"` function here has the same contract, libkcapi's: a handle argument
//! is NULL or a live handle from an init/reinit function; a buffer argument is NULL or valid
//! for the length passed with it (reads for input, writes for output); a string argument is
//! NULL or NUL-terminated. The functions check for NULL themselves; the contract is documented
//! once, here, rather than in every doc comment (those become the C header and man pages).
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]

pub mod aead;
pub mod cipher;
pub mod common;
/// cbindgen:ignore
pub mod compat;
mod iov;
pub mod kdf;
pub mod md;
pub mod rng;
mod symver;

use afalg::__capi::Handle;
use afalg::__capi::{Errno, Result};
use libc::{c_int, ssize_t};

/// Opaque cipher handle (`struct kcapi_handle`), created by the `kcapi_*_init` functions
/// and `kcapi_handle_reinit`, released by the `kcapi_*_destroy` functions.
pub struct kcapi_handle {
    pub(crate) h: Handle,
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

/// The handle behind a C pointer, or `EINVAL` for NULL. Exclusive: libkcapi's contract is that
/// a handle is used by one thread at a time.
///
/// # Safety
/// `p` must be NULL or a pointer returned by an init/reinit function and not yet destroyed, and
/// no other thread may use the same handle during the call.
pub(crate) unsafe fn handle<'a>(p: *mut kcapi_handle) -> Result<&'a mut Handle> {
    // SAFETY: the caller guarantees p is NULL or a live handle used by this thread only.
    unsafe { p.as_mut() }.map(|k| &mut k.h).ok_or(Errno::EINVAL)
}

/// The handle behind a C pointer, shared, or `EINVAL` for NULL: for the stream functions only
/// (`kcapi_*_stream_update*` and `kcapi_*_stream_op`), which one thread may call to send while
/// another receives on the same handle; the handle serialises what they share internally.
///
/// # Safety
/// `p` must be NULL or a pointer returned by an init/reinit function and not yet destroyed;
/// other threads may use the handle at the same time only through the stream functions.
pub(crate) unsafe fn handle_shared<'a>(p: *mut kcapi_handle) -> Result<&'a Handle> {
    // SAFETY: the caller guarantees p is NULL or a live handle; only shared access is made.
    unsafe { p.as_ref() }.map(|k| &k.h).ok_or(Errno::EINVAL)
}

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
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
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
    Ok(unsafe { std::slice::from_raw_parts_mut(p, len) })
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

/// Narrow a new-style `ssize_t` result for a pre-1.3.1 compat entry (libkcapi truncates).
pub(crate) fn narrow(r: ssize_t) -> i32 {
    r as i32
}
