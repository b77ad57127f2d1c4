//! The system layer: the only module that calls libc.
//!
//! Thin, safe wrappers around the syscalls kcapi-rs needs — AF_ALG sockets, NETLINK_CRYPTO,
//! pipes with vmsplice/splice, the key retention service — each returning [`crate::Result`]. Buffers are Rust slices;
//! validating C pointers is the C API layer's job, before anything reaches this module.
//! Every file descriptor is created `O_CLOEXEC` and owned by an [`OwnedFd`](fd::OwnedFd).

pub mod aio;
pub mod alg;
pub mod fd;
pub mod keyctl;
pub mod mem;
pub mod msg;
pub mod netlink;
pub mod pipe;
pub mod pkey;
pub mod random;
#[cfg(feature = "__capi")]
pub mod rt;
pub mod sync;
pub mod time;

use crate::error::{Errno, Result};
use crate::prelude::*;

/// Map a libc return value (-1 = failure) to a result, capturing `errno` immediately.
fn cvt(ret: libc::c_int) -> Result<libc::c_int> {
    if ret < 0 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// Like [`cvt`] for `ssize_t` results.
fn cvt_size(ret: libc::ssize_t) -> Result<usize> {
    if ret < 0 {
        Err(Errno::last())
    } else {
        Ok(ret as usize)
    }
}

/// Like [`cvt`] for `long` results (`syscall(2)`).
fn cvt_long(ret: libc::c_long) -> Result<libc::c_long> {
    if ret < 0 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// Retry a syscall wrapper while it fails with `EINTR`.
fn retry<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    loop {
        match f() {
            Err(Errno(libc::EINTR)) => continue,
            other => return other,
        }
    }
}

/// The system page size (cached after the first call).
pub fn page_size() -> usize {
    use ::core::sync::atomic::{AtomicUsize, Ordering};
    static PAGE: AtomicUsize = AtomicUsize::new(0);
    match PAGE.load(Ordering::Relaxed) {
        0 => {
            // SAFETY: sysconf has no memory-safety preconditions.
            let v = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            let v = if v > 0 { v as usize } else { 4096 };
            PAGE.store(v, Ordering::Relaxed);
            v
        }
        v => v,
    }
}

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    // SAFETY: __errno_location returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() }
}

/// The process id (`getpid`).
pub fn getpid() -> u32 {
    // SAFETY: getpid has no preconditions.
    unsafe { libc::getpid() as u32 }
}

/// Write `bytes` to standard error (one `write`, best effort: a log line or a panic message).
pub fn write_stderr(bytes: &[u8]) {
    // SAFETY: bytes is valid for reads of its length.
    let _ = unsafe { libc::write(libc::STDERR_FILENO, bytes.as_ptr().cast(), bytes.len()) };
}

/// The text of error number `e` (`strerror_r`), e.g. "No such file or directory".
pub fn strerror(e: i32, buf: &mut [u8; 128]) -> &str {
    // SAFETY: buf is valid for writes of its length; the XSI strerror_r writes a NUL-terminated
    // message into it (truncated if needed).
    let r = unsafe { libc::strerror_r(e, buf.as_mut_ptr().cast(), buf.len()) };
    let len = if r == 0 { buf.iter().position(|&b| b == 0).unwrap_or(0) } else { 0 };
    ::core::str::from_utf8(&buf[..len]).unwrap_or("")
}

/// Set the calling thread's `errno` (libkcapi callers inspect it after a failure).
pub fn set_errno(e: i32) {
    // SAFETY: __errno_location returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() = e };
}

/// Read a whole (small) file such as `/proc/crypto`.
pub fn read_file(path: &::core::ffi::CStr) -> Result<Vec<u8>> {
    let f = fd::open(path, libc::O_RDONLY)?;
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match fd::read(f.as_fd(), &mut chunk)? {
            0 => return Ok(out),
            n => out.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Run when the process exits or the library is unloaded (from `.fini_array`): releases what
/// the library keeps for the whole process (the `stdrng` handle of `kcapi_rng_get_bytes`).
extern "C" fn at_exit() {
    crate::core::rng::release_shared();
}

/// [`at_exit`]'s entry in the ELF finalisation array.
#[used]
#[link_section = ".fini_array"]
static AT_EXIT: extern "C" fn() = at_exit;
