//! Handles from C pointers, shared by every area: NULL and type checks, creation from a C name,
//! release.
//!
//! Every function that hands a request or an option to a handle's sockets takes the handle
//! through [`typed`] (or [`typed_shared`] for the stream functions), so a handle of another type
//! is refused with `EINVAL` before any syscall: a hash handle given to a cipher call, or a
//! cipher handle given to `kcapi_md_digest`, would otherwise send a request the kernel reads
//! differently (and a read could wait forever for output that never comes). The size functions
//! (`kcapi_*_ivsize`, `_blocksize`, `_digestsize`, `_authsize`, `_seedsize` and the AEAD buffer
//! sizes), which reach no socket, answer for a handle of any type as libkcapi does
//! ([`info_of`]); the destroy functions, `kcapi_handle_reinit` and the splice size functions take
//! every type.

use super::{kcapi_handle, ret_int, Inner};
use ::core::ffi::CStr;
use afalg::__capi::{AlgInfo, AlgType, Errno, Handle, Result};
use alloc::boxed::Box;
use libc::{c_char, c_int};

/// The handle behind a C pointer, of any type, or `EINVAL` for NULL. Exclusive: libkcapi's
/// contract is that a handle is used by one thread at a time.
///
/// # Safety
/// `p` must be NULL or a pointer returned by an init/reinit function and not yet destroyed, and
/// no other thread may use the same handle while the returned reference lives.
pub(crate) unsafe fn handle<'a>(p: *mut kcapi_handle) -> Result<&'a mut Handle> {
    // SAFETY: the caller guarantees p is NULL or a live handle used by this thread only, so
    // `as_mut` either sees NULL or creates the only reference to the handle.
    match unsafe { p.as_mut() } {
        Some(kcapi_handle { h: Inner::Alg(h) }) => Ok(h),
        _ => Err(Errno::EINVAL),
    }
}

/// What the handle behind a C pointer drives, whatever its family; `EINVAL` for NULL.
///
/// # Safety
/// As [`handle`].
pub(crate) unsafe fn any_handle<'a>(p: *mut kcapi_handle) -> Result<&'a mut Inner> {
    // SAFETY: the caller guarantees p is NULL or a live handle used by this thread only.
    unsafe { p.as_mut() }.map(|k| &mut k.h).ok_or(Errno::EINVAL)
}

/// The handle behind a C pointer if it is of type `kind`; `EINVAL` for NULL or another type.
///
/// # Safety
/// `p` must be NULL or a pointer returned by an init/reinit function and not yet destroyed, and
/// no other thread may use the same handle while the returned reference lives.
pub(crate) unsafe fn typed<'a>(p: *mut kcapi_handle, kind: AlgType) -> Result<&'a mut Handle> {
    // SAFETY: forwarded caller contract (NULL or a live handle, used by this thread only).
    let h = unsafe { handle(p) }?;
    if h.kind() != kind {
        return Err(Errno::EINVAL);
    }
    Ok(h)
}

/// The handle behind a C pointer, shared, if it is of type `kind`; `EINVAL` for NULL or another
/// type. For the stream functions only (`kcapi_*_stream_update*` and `kcapi_*_stream_op`),
/// which one thread may call to send while another receives on the same handle; the handle
/// serialises what they share internally.
///
/// # Safety
/// `p` must be NULL or a pointer returned by an init/reinit function and not yet destroyed;
/// other threads may use the handle while the returned reference lives only through the stream
/// functions (which take shared references too).
pub(crate) unsafe fn typed_shared<'a>(p: *mut kcapi_handle, kind: AlgType) -> Result<&'a Handle> {
    // SAFETY: the caller guarantees p is NULL or a live handle that others only share.
    match unsafe { p.as_ref() } {
        Some(kcapi_handle { h: Inner::Alg(h) }) if h.kind() == kind => Ok(h),
        _ => Err(Errno::EINVAL),
    }
}

/// A property of the algorithm behind a handle of any type, 0 for NULL or when it cannot be
/// determined. The size functions answer for every handle type, as libkcapi does: they only
/// read the algorithm's properties, nothing reaches the handle's sockets.
///
/// # Safety
/// `p` must be NULL or a live handle that no other thread uses during the call.
pub(crate) unsafe fn info_of(p: *mut kcapi_handle, f: impl FnOnce(AlgInfo) -> u32) -> u32 {
    // SAFETY: forwarded caller contract.
    unsafe { handle(p) }.and_then(|h| h.info()).map_or(0, f)
}

/// The algorithm name behind a C string. NULL reads as "(null)", which is how libkcapi formats
/// it and which names no kernel algorithm: `ENOENT`, as is a name that is not UTF-8.
///
/// # Safety
/// `name` must be NULL or point to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn alg_name<'a>(name: *const c_char) -> Result<&'a str> {
    if name.is_null() {
        return Err(Errno::ENOENT);
    }
    // SAFETY: name is non-NULL and the caller guarantees NUL termination and lifetime.
    unsafe { CStr::from_ptr(name) }.to_str().map_err(|_| Errno::ENOENT)
}

/// Create a handle of `kind` for the C name `name` and store it in `*out` (the init functions).
///
/// # Safety
/// `out` must be NULL or point to writable memory for one pointer; `name` must be NULL or point
/// to a NUL-terminated string.
pub(crate) unsafe fn init_handle(out: *mut *mut kcapi_handle, name: *const c_char, kind: AlgType, flags: u32) -> c_int {
    if out.is_null() {
        return ret_int(Err(Errno::EINVAL));
    }
    // SAFETY: forwarded caller contract for name.
    match unsafe { alg_name(name) }.and_then(|n| Handle::new(kind, n, flags)) {
        Ok(h) => {
            // SAFETY: out is non-NULL and the caller guarantees it is writable.
            unsafe { store_new(out, h) };
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}

/// Create a handle of a keyring family (`make` builds it from the algorithm name) and store it
/// in `*out` (kcapi_akcipher_init, kcapi_kpp_init).
///
/// # Safety
/// As [`init_handle`].
pub(crate) unsafe fn init_keyring(
    out: *mut *mut kcapi_handle,
    name: *const c_char,
    make: impl FnOnce(&str) -> Result<Inner>,
) -> c_int {
    if out.is_null() {
        return ret_int(Err(Errno::EINVAL));
    }
    // SAFETY: forwarded caller contract for name.
    match unsafe { alg_name(name) }.and_then(make) {
        Ok(h) => {
            // SAFETY: out is non-NULL and the caller guarantees it is writable.
            unsafe { store_inner(out, h) };
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}

/// Store a new handle for `h` in `*out` (kcapi_handle_reinit).
///
/// # Safety
/// `out` must be non-NULL and point to writable memory for one pointer.
pub(crate) unsafe fn store_new(out: *mut *mut kcapi_handle, h: Handle) {
    // SAFETY: forwarded caller contract.
    unsafe { store_inner(out, Inner::Alg(h)) };
}

/// Store a new handle of any family in `*out`.
///
/// # Safety
/// `out` must be non-NULL and point to writable memory for one pointer.
pub(crate) unsafe fn store_inner(out: *mut *mut kcapi_handle, h: Inner) {
    // SAFETY: the caller guarantees out is non-NULL and writable.
    unsafe { *out = Box::into_raw(Box::new(kcapi_handle { h })) };
}

/// Release a handle created by any init/reinit function (NULL is ignored). Handles of every
/// type are released the same way, so every destroy function takes every type.
///
/// # Safety
/// `h` must be NULL or a pointer returned by an init/reinit function that has not been
/// destroyed yet, and nothing may use it afterwards (or during the call).
pub(crate) unsafe fn destroy_handle(h: *mut kcapi_handle) {
    if !h.is_null() {
        // SAFETY: h came from Box::into_raw in init_handle/store_new and the caller guarantees
        // it is released only once and no longer used.
        drop(unsafe { Box::from_raw(h) });
    }
}
