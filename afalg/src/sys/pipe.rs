//! Pipes for zero-copy transfers: pipe2, F_SETPIPE_SZ/F_GETPIPE_SZ, vmsplice, splice.

use super::fd::{BorrowedFd, OwnedFd};
use super::{cvt, cvt_size, retry};
use crate::error::Result;

/// A pipe: `(read end, write end)`.
#[derive(Debug)]
pub struct Pipe {
    /// Read end (spliced into the operation socket).
    pub rd: OwnedFd,
    /// Write end (filled by vmsplice).
    pub wr: OwnedFd,
}

/// `pipe2(O_CLOEXEC)`.
pub fn pipe() -> Result<Pipe> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds has room for the two descriptors pipe2 writes.
    cvt(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    // SAFETY: both descriptors were just created by pipe2 and are owned by nobody else.
    Ok(unsafe { Pipe { rd: OwnedFd::from_raw_fd(fds[0]), wr: OwnedFd::from_raw_fd(fds[1]) } })
}

/// `fcntl(fd, F_SETPIPE_SZ, size)`; returns the capacity the kernel granted.
pub fn set_size(fd: BorrowedFd<'_>, size: libc::c_uint) -> Result<usize> {
    // SAFETY: F_SETPIPE_SZ takes an int argument and touches no user memory.
    let r = cvt(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETPIPE_SZ, size as libc::c_int) })?;
    Ok(r as usize)
}

/// `fcntl(fd, F_GETPIPE_SZ)`.
pub fn get_size(fd: BorrowedFd<'_>) -> Result<usize> {
    // SAFETY: F_GETPIPE_SZ touches no user memory.
    let r = cvt(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETPIPE_SZ) })?;
    Ok(r as usize)
}

/// `splice(from, NULL, to, NULL, len, flags)`; returns the bytes moved.
pub fn splice(from: BorrowedFd<'_>, to: BorrowedFd<'_>, len: usize, flags: libc::c_uint) -> Result<usize> {
    retry(|| {
        // SAFETY: NULL offsets are valid for pipes and sockets; no user memory is touched.
        cvt_size(unsafe {
            libc::splice(from.as_raw_fd(), ::core::ptr::null_mut(), to.as_raw_fd(), ::core::ptr::null_mut(), len, flags)
        })
    })
}

/// `vmsplice(fd, iov, n, flags)` for several buffers: map the caller's pages into the pipe
/// (no copy). Returns the bytes taken, which is less than offered when the pipe is full; the
/// pages stay referenced by the pipe until they are spliced on, so the memory must not change
/// before the kernel has consumed it.
pub fn vmsplice_bufs(fd: BorrowedFd<'_>, bufs: &[super::msg::IoBuf<'_>], flags: libc::c_uint) -> Result<usize> {
    retry(|| {
        // SAFETY: IoBuf is repr(transparent) over iovec, so bufs is a valid iovec array; the
        // kernel only reads the described memory and reports bad pointers.
        cvt_size(unsafe { libc::vmsplice(fd.as_raw_fd(), bufs.as_ptr().cast::<libc::iovec>(), bufs.len(), flags) })
    })
}
