//! Functions common to all handle types: versions, logging, secure wipe, splice size, reinit.

use super::{any_handle, handle, kcapi_handle, ret_int, ret_val, store_inner, Inner, KcapiVerbosityArg};
use afalg::__capi as core;
use afalg::__capi::Errno;
use afalg::__capi::RsaSession;
use libc::{c_char, c_int, c_uint, c_void, size_t};

/// kcapi_handle_reinit - another handle on the same transformation
///
/// Creates a new handle that shares @existing's transformation (algorithm and key) but has
/// its own operation socket, so both can be used at the same time, for example from two
/// threads. The shared transformation is reference-counted: it is released with the last
/// handle, whatever the order of the destroy calls. AEAD settings made with
/// kcapi_aead_setassoclen() and kcapi_aead_settaglen() are per handle and start out unset.
///
/// @newhandle: [out] receives the new handle
/// @existing: [in] handle whose transformation is shared
/// @flags: [in] initialisation flags for the new handle (KCAPI_INIT_AIO)
///
/// Return: 0 on success; -EINVAL when @existing or @newhandle is NULL.
#[doc = safety!(out_ptr!("newhandle"), live_handle!("existing"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_handle_reinit(
    newhandle: *mut *mut kcapi_handle,
    existing: *mut kcapi_handle,
    flags: u32,
) -> c_int {
    // SAFETY: the caller passes NULL or a live handle used by this thread only (# Safety above).
    let h = match unsafe { any_handle(existing) } {
        Ok(h) if !newhandle.is_null() => h,
        _ => return ret_int(Err(Errno::EINVAL)),
    };
    let new = match h {
        Inner::Alg(h) => Ok(Inner::Alg(h.reinit(flags))),
        Inner::Rsa(s) => s.rsa.try_clone().map(|r| Inner::Rsa(RsaSession::new(r))),
        Inner::Dh(d) => d.try_clone().map(Inner::Dh),
    };
    match new {
        Ok(new) => {
            // SAFETY: newhandle is non-NULL and the caller guarantees it is writable.
            unsafe { store_inner(newhandle, new) };
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}

/// kcapi_set_verbosity - set the library's log level
///
/// Messages go to stderr as "libkcapi - <severity>: <message>". The level is process-wide.
///
/// @level: [in] KCAPI_LOG_NONE (default: no messages), KCAPI_LOG_ERR, KCAPI_LOG_WARN,
/// KCAPI_LOG_VERBOSE or KCAPI_LOG_DEBUG
#[no_mangle]
pub extern "C" fn kcapi_set_verbosity(level: KcapiVerbosityArg) {
    core::log::set_level(level.0);
}

/// kcapi_versionstring - the library's version as text
///
/// Writes "libkcapi 1.5.1" into @buf, truncated to @buflen - 1 characters and always
/// NUL-terminated when @buflen is not 0.
///
/// @buf: [out] buffer for the string
/// @buflen: [in] size of @buf
#[doc = safety!(writable!("buf", "buflen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_versionstring(buf: *mut c_char, buflen: u32) {
    if buf.is_null() || buflen == 0 {
        return;
    }
    let s = core::VERSION_STRING.as_bytes();
    let n = s.len().min(buflen as usize - 1);
    // SAFETY: buf is non-NULL and the caller guarantees buflen writable bytes; n < buflen.
    unsafe {
        ::core::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), n);
        *buf.add(n) = 0;
    }
}

/// kcapi_version - the library's version as a number
///
/// Version a.b.c is returned as a * 1000000 + b * 10000 + c * 100 (1.5.1 gives 1050100);
/// the last two digits are reserved. Larger numbers are newer versions.
///
/// Return: the version number.
#[no_mangle]
pub extern "C" fn kcapi_version() -> u32 {
    core::VERSION_NUMBER
}

/// kcapi_memset_secure - memset() that the compiler cannot remove
///
/// Fills @n bytes at @s with @c, also when the buffer is not read afterwards; use it to wipe
/// keys and other secrets. A NULL @s is ignored.
///
/// @s: [in] memory to fill
/// @c: [in] fill byte
/// @n: [in] number of bytes
#[doc = safety!(writable!("s", "n"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_memset_secure(s: *mut c_void, c: c_int, n: size_t) {
    // SAFETY: the caller guarantees n writable bytes at s (# Safety above).
    unsafe { memset_secure(s, c, n) }
}

/// kcapi_memset_secure and its compat version: a NULL `s` (or a length no object can have) is
/// ignored.
///
/// # Safety
/// `s` must be NULL or point to `n` writable bytes that nothing else accesses during the call.
pub(crate) unsafe fn memset_secure(s: *mut c_void, c: c_int, n: size_t) {
    if s.is_null() || n == 0 || n > isize::MAX as usize {
        return;
    }
    // SAFETY: s is non-NULL and the caller guarantees n writable bytes nothing else accesses.
    let buf = unsafe { ::core::slice::from_raw_parts_mut(s.cast::<u8>(), n) };
    core::memset_secure(buf, c as u8);
}

/// kcapi_set_maxsplicesize - set the maximum size of one zero-copy transfer
///
/// The zero-copy (vmsplice) paths move data through a pipe of the handle; this sets the
/// pipe's size. The kernel rounds it up to a power of two pages; unprivileged callers are
/// limited by /proc/sys/fs/pipe-max-size.
///
/// @handle: [in] handle
/// @size: [in] requested size in bytes
///
/// Return: 0 on success; -EINVAL for a NULL handle, -EPERM or -ENOMEM when the kernel refuses
/// the size, or another negative errno.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_set_maxsplicesize(handle: *mut kcapi_handle, size: c_uint) -> c_int {
    // SAFETY: the caller passes NULL or a live handle of any type (# Safety above).
    ret_int(unsafe { self::handle(handle) }.and_then(|h| h.set_maxsplicesize(size)))
}

/// kcapi_get_maxsplicesize - the maximum size of one zero-copy transfer
///
/// @handle: [in] handle
///
/// Return: the usable splice size in bytes (the pipe's capacity less one page; 126976 with
/// the default pipe on 4 KiB pages); -EINVAL for a NULL handle, or another negative errno.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_get_maxsplicesize(handle: *mut kcapi_handle) -> c_int {
    // SAFETY: the caller passes NULL or a live handle of any type (# Safety above).
    ret_val(unsafe { self::handle(handle) }.and_then(|h| h.get_maxsplicesize()))
}
