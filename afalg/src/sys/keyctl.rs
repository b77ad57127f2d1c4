//! The kernel key retention service: `add_key(2)`, `request_key(2)` and the `keyctl(2)`
//! operations kcapi-rs uses. The only code that makes these syscalls (keys held in the kernel
//! for AF_ALG's `ALG_SET_KEY_BY_KEY_SERIAL`, and the keyring route of asymmetric keys).
//!
//! Strings become C strings here: an interior NUL is `EINVAL` before any syscall. Payloads
//! are borrowed slices; nothing here keeps a copy of key material.

use super::cvt_size;
use crate::error::{Errno, Result};
use crate::prelude::*;
use alloc::ffi::CString;

/// A key's serial number (`key_serial_t`).
pub type Serial = i32;

/// The calling thread's keyring.
pub const KEY_SPEC_THREAD_KEYRING: Serial = -1;
/// The calling process's keyring.
pub const KEY_SPEC_PROCESS_KEYRING: Serial = -2;
/// The calling process's session keyring.
pub const KEY_SPEC_SESSION_KEYRING: Serial = -3;
/// The caller's UID-specific keyring.
pub const KEY_SPEC_USER_KEYRING: Serial = -4;
/// The caller's UID-session keyring.
pub const KEY_SPEC_USER_SESSION_KEYRING: Serial = -5;

const KEYCTL_REVOKE: libc::c_long = 3;
const KEYCTL_DESCRIBE: libc::c_long = 6;
const KEYCTL_SEARCH: libc::c_long = 10;
const KEYCTL_READ: libc::c_long = 11;
const KEYCTL_INVALIDATE: libc::c_long = 21;

/// A Rust string as a C string; an interior NUL is `EINVAL`.
pub(super) fn c_string(s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Errno::EINVAL)
}

/// A syscall result that is a key serial (or 0 for "done").
fn serial(ret: libc::c_long) -> Result<Serial> {
    if ret < 0 {
        Err(Errno::last())
    } else {
        Serial::try_from(ret).map_err(|_| Errno::EOVERFLOW)
    }
}

/// `keyctl(op, a2, a3, a4, a5)` with integer arguments.
fn keyctl(op: libc::c_long, a2: libc::c_long, a3: libc::c_long, a4: libc::c_long, a5: libc::c_long) -> libc::c_long {
    // SAFETY: every keyctl operation called through this helper takes integer arguments only
    // (serials, permissions, lengths); no pointer is passed.
    unsafe { libc::syscall(libc::SYS_keyctl, op, a2, a3, a4, a5) }
}

/// `add_key(2)`: create or update the key `ktype`/`desc` with `payload` in `keyring`.
pub fn add_key(ktype: &str, desc: &str, payload: &[u8], keyring: Serial) -> Result<Serial> {
    let (t, d) = (c_string(ktype)?, c_string(desc)?);
    // SAFETY: t and d are NUL-terminated strings, payload is readable for its length; the kernel
    // only reads them during the call.
    serial(unsafe {
        libc::syscall(libc::SYS_add_key, t.as_ptr(), d.as_ptr(), payload.as_ptr(), payload.len(), keyring)
    })
}

/// `request_key(2)`: find the key `ktype`/`desc` in the caller's thread, process and session
/// keyrings. With `callout` (`Some`), a missing key is handed to the request-key helper to
/// instantiate (linked into `dest`, 0 for the default); with `None` nothing is constructed.
pub fn request_key(ktype: &str, desc: &str, callout: Option<&str>, dest: Serial) -> Result<Serial> {
    let (t, d) = (c_string(ktype)?, c_string(desc)?);
    let c = callout.map(c_string).transpose()?;
    let cp = c.as_ref().map_or(::core::ptr::null(), |c| c.as_ptr());
    // SAFETY: t and d are NUL-terminated strings, cp is NULL or one; the kernel only reads them
    // during the call.
    serial(unsafe { libc::syscall(libc::SYS_request_key, t.as_ptr(), d.as_ptr(), cp, dest) })
}

/// `KEYCTL_SEARCH`: find `ktype`/`desc` in `keyring` and the keyrings it links (searchable
/// ones), linking the result into `dest` unless it is 0.
pub fn search(keyring: Serial, ktype: &str, desc: &str, dest: Serial) -> Result<Serial> {
    let (t, d) = (c_string(ktype)?, c_string(desc)?);
    // SAFETY: t and d are NUL-terminated strings the kernel only reads during the call.
    serial(unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            KEYCTL_SEARCH,
            keyring as libc::c_long,
            t.as_ptr(),
            d.as_ptr(),
            dest as libc::c_long,
        )
    })
}

/// `KEYCTL_READ` into `buf`: returns the payload's full size, which may exceed `buf.len()`
/// (then `buf` holds a prefix, or nothing on older kernels: call again with a larger buffer).
pub fn read(key: Serial, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: buf is writable for its length; the kernel writes at most that many bytes.
    cvt_size(unsafe { libc::syscall(libc::SYS_keyctl, KEYCTL_READ, key as libc::c_long, buf.as_mut_ptr(), buf.len()) }
        as libc::ssize_t)
}

/// `KEYCTL_DESCRIBE`: `type;uid;gid;perm;description` of `key` (needs view permission).
pub fn describe(key: Serial) -> Result<String> {
    let mut buf = vec![0u8; 256];
    loop {
        // SAFETY: buf is writable for its length; the kernel writes at most that many bytes.
        let n = cvt_size(unsafe {
            libc::syscall(libc::SYS_keyctl, KEYCTL_DESCRIBE, key as libc::c_long, buf.as_mut_ptr(), buf.len())
        } as libc::ssize_t)?;
        if n <= buf.len() {
            // The size includes the terminating NUL.
            buf.truncate(n.saturating_sub(1));
            return String::from_utf8(buf).map_err(|_| Errno::EINVAL);
        }
        buf.resize(n, 0);
    }
}

/// `KEYCTL_REVOKE`: the key can no longer be used (`EKEYREVOKED`) until it is garbage
/// collected.
pub fn revoke(key: Serial) -> Result<()> {
    serial(keyctl(KEYCTL_REVOKE, key as libc::c_long, 0, 0, 0)).map(drop)
}

/// `KEYCTL_INVALIDATE`: the key is gone at once (`ENOKEY` from then on).
pub fn invalidate(key: Serial) -> Result<()> {
    serial(keyctl(KEYCTL_INVALIDATE, key as libc::c_long, 0, 0, 0)).map(drop)
}
