//! The system layer: the only module that calls libc.
//!
//! Thin, safe wrappers around the syscalls kcapi-rs needs — AF_ALG sockets, NETLINK_CRYPTO,
//! pipes with vmsplice/splice, the key retention service — each returning [`crate::Result`]. Buffers are Rust slices;
//! validating C pointers is the C API layer's job, before anything reaches this module.
//! Every file descriptor is created `O_CLOEXEC` and owned by an [`OwnedFd`](std::os::fd::OwnedFd).

pub mod aio;
pub mod alg;
pub mod keyctl;
pub mod mem;
pub mod msg;
pub mod netlink;
pub mod pipe;
pub mod pkey;
pub mod random;

use crate::error::{Errno, Result};

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
    use std::sync::OnceLock;
    static PAGE: OnceLock<usize> = OnceLock::new();
    *PAGE.get_or_init(|| {
        // SAFETY: sysconf has no memory-safety preconditions.
        let v = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if v > 0 {
            v as usize
        } else {
            4096
        }
    })
}

/// Set the calling thread's `errno` (libkcapi callers inspect it after a failure).
pub fn set_errno(e: i32) {
    // SAFETY: __errno_location returns a valid pointer to this thread's errno.
    unsafe { *libc::__errno_location() = e };
}

/// Read a whole (small) file such as `/proc/crypto`.
pub fn read_file(path: &str) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Errno(e.raw_os_error().unwrap_or(libc::EIO)))
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
