//! Argument conversion shared by the cipher and AEAD areas: IVs, data buffers and iovec
//! arrays from C pointers, and the stream functions whose C side is the same for both.

use super::{kcapi_handle, ret_ssize, typed, typed_shared};
use afalg::__capi::Direction;
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result};
use afalg::__capi::{IoBuf, IoBufMut};
use alloc::vec::Vec;
use libc::{iovec, size_t, ssize_t};

/// The IV the caller passed: the algorithm's IV size in bytes at `iv`, or none for NULL (or an
/// algorithm without IV).
///
/// # Safety
/// `iv` must be NULL or point to at least the algorithm's IV size of readable bytes.
pub(crate) unsafe fn iv_arg<'a>(h: &Handle, iv: *const u8) -> Result<Option<&'a [u8]>> {
    if iv.is_null() {
        return Ok(None);
    }
    let n = h.info()?.ivsize as usize;
    if n == 0 {
        return Ok(None);
    }
    // SAFETY: iv is non-NULL and the caller guarantees the IV size of readable bytes.
    Ok(Some(unsafe { ::core::slice::from_raw_parts(iv, n) }))
}

/// The most iovecs the kernel takes in one call (`UIO_MAXIOV`; more: `EMSGSIZE`).
pub(crate) const UIO_MAXIOV: usize = 1024;

/// `e`, or `ENOKEY` when the handle has no key: libkcapi hands these calls to the kernel,
/// which refuses an unkeyed cipher before it looks at the arguments, so the argument errors
/// the C layer and the core detect themselves come after the key check (measured on the
/// reference: a NULL buffer, a short output buffer or a NULL output iovec array of an unkeyed
/// handle is -ENOKEY). Only for errors detected before anything was sent; costs the
/// [`Handle::key_missing`] probe on those error paths.
pub(crate) fn key_first(h: &Handle, e: Errno) -> Errno {
    if e != Errno::ENOKEY && h.key_missing() {
        Errno::ENOKEY
    } else {
        e
    }
}

/// `r`, or `ENOKEY` for a result of 0 on a handle without key: an operation that had nothing
/// to send or receive (empty buffers) returns 0 without asking the kernel, where libkcapi
/// sends its request and the kernel refuses it for want of a key.
pub(crate) fn nothing_done_needs_key(h: &Handle, r: Result<usize>) -> Result<usize> {
    match r {
        Ok(0) if h.key_missing() => Err(Errno::ENOKEY),
        r => r,
    }
}

/// Whether one of the iovecs is longer than `SSIZE_MAX`: the kernel refuses such an array
/// (`EINVAL`) when it copies it in, before the key check.
///
/// # Safety
/// `iov` must point to `iovlen` readable iovecs (non-NULL).
pub(crate) unsafe fn any_oversized(iov: *const iovec, iovlen: usize) -> bool {
    (0..iovlen).any(|i| {
        // SAFETY: iov has iovlen readable entries (caller contract).
        unsafe { (*iov.add(i)).iov_len > isize::MAX as usize }
    })
}

/// A C data buffer for the kernel: NULL with a non-zero length is `EFAULT` (what the kernel
/// answers), detected before anything is sent.
///
/// # Safety
/// `p` must be NULL or valid for `len` bytes while the operation runs.
pub(crate) unsafe fn in_io<'a>(p: *const u8, len: usize) -> Result<IoBuf<'a>> {
    if p.is_null() && len > 0 {
        return Err(Errno::EFAULT);
    }
    // SAFETY: forwarded caller contract; the memory is only handed to the kernel.
    Ok(unsafe { IoBuf::from_raw(p, len) })
}

/// Output counterpart of [`in_io`].
///
/// # Safety
/// `p` must be NULL or valid for writing `len` bytes while the operation runs.
pub(crate) unsafe fn out_io<'a>(p: *mut u8, len: usize) -> Result<IoBufMut<'a>> {
    if p.is_null() && len > 0 {
        return Err(Errno::EFAULT);
    }
    // SAFETY: forwarded caller contract; the memory is only handed to the kernel.
    Ok(unsafe { IoBufMut::from_raw(p, len) })
}

/// A C iovec array as input buffers: NULL with `iovlen` > 0 is `err`; `iovlen` 0 is empty.
///
/// # Safety
/// `iov` must be NULL or point to `iovlen` valid iovecs describing readable memory.
pub(crate) unsafe fn in_iovs<'a>(iov: *const iovec, iovlen: usize, err: Errno) -> Result<&'a [IoBuf<'a>]> {
    if iovlen == 0 {
        return Ok(&[]);
    }
    if iov.is_null() || iovlen > isize::MAX as usize / ::core::mem::size_of::<iovec>() {
        return Err(err);
    }
    // SAFETY: forwarded caller contract.
    Ok(unsafe { IoBuf::from_iovecs(iov, iovlen) })
}

/// A C output iovec array as buffers. The array may be the input array as well (in-place
/// operation), so the descriptors are copied rather than the caller's array borrowed mutably.
///
/// # Safety
/// `outiov` must point to `iovlen` readable iovecs describing writable memory (non-NULL).
pub(crate) unsafe fn out_iovs_copied<'a>(outiov: *const iovec, iovlen: usize) -> Vec<IoBufMut<'a>> {
    (0..iovlen)
        .map(|i| {
            // SAFETY: outiov has iovlen readable entries (caller contract).
            let v = unsafe { ::core::ptr::read(outiov.add(i)) };
            // SAFETY: the entry describes memory the caller handed over for writing.
            unsafe { IoBufMut::from_raw(v.iov_base.cast(), v.iov_len) }
        })
        .collect()
}

/// The core's stream start of an area (`Handle::cipher_stream_init`, `Handle::aead_stream_init`).
pub(crate) type StreamInit = fn(&mut Handle, Direction, Option<&[u8]>, &[IoBuf<'_>]) -> Result<usize>;

/// The core's stream update of an area (`Handle::cipher_stream_update`, …).
pub(crate) type StreamUpdate = fn(&Handle, &[IoBuf<'_>], bool) -> Result<usize>;

/// The stream interface of an area: its handle type and the core's stream start and update.
pub(crate) struct Stream {
    /// The handle type the area's functions take.
    pub(crate) kind: AlgType,
    /// The core's stream start.
    pub(crate) init: StreamInit,
    /// The core's stream update.
    pub(crate) update: StreamUpdate,
}

/// kcapi_{cipher,aead}_stream_init_{enc,dec} and their compat versions: a NULL @iov with
/// @iovlen > 0 is -EFAULT.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `iv` NULL or
/// readable for the algorithm's IV size; `iov` NULL or `iovlen` readable iovecs describing
/// memory readable during the call.
pub(crate) unsafe fn stream_init(
    s: &Stream,
    dir: Direction,
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle used by this thread only.
    let r = unsafe { typed(handle, s.kind) }.and_then(|h| {
        // SAFETY: forwarded caller contracts (iovlen entries at iov, IV size bytes at iv).
        let (data, iv) = unsafe { (in_iovs(iov, iovlen, Errno::EFAULT)?, iv_arg(h, iv)?) };
        (s.init)(h, dir, iv, data)
    });
    ret_ssize(r)
}

/// kcapi_{cipher,aead}_stream_update{,_last} and their compat versions: a NULL @iov with
/// @iovlen > 0 is -EINVAL.
///
/// # Safety
/// `handle` must be NULL or a live handle that other threads use during the call only through
/// the stream functions; `iov` NULL or `iovlen` readable iovecs describing memory that stays
/// readable until the kernel has consumed it (until the output is collected).
pub(crate) unsafe fn stream_update(
    s: &Stream,
    last: bool,
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle that others only share.
    let r = unsafe { typed_shared(handle, s.kind) }.and_then(|h| {
        // SAFETY: forwarded caller contract (iovlen entries at iov).
        let data = unsafe { in_iovs(iov, iovlen, Errno::EINVAL) }?;
        (s.update)(h, data, last)
    });
    ret_ssize(r)
}

/// Output iovecs for a stream_op: NULL, or more entries than memory can hold, is `EINVAL`.
///
/// # Safety
/// `iov` must be NULL or point to `iovlen` iovecs describing writable memory nothing else
/// accesses during the call.
pub(crate) unsafe fn op_iovs<'a>(iov: *mut iovec, iovlen: size_t) -> Result<&'a mut [IoBufMut<'a>]> {
    if iov.is_null() || iovlen > isize::MAX as usize / ::core::mem::size_of::<iovec>() {
        return Err(Errno::EINVAL);
    }
    // SAFETY: iov is non-NULL and points to iovlen iovecs describing writable memory (caller
    // contract).
    Ok(unsafe { IoBufMut::from_iovecs(iov, iovlen) })
}
