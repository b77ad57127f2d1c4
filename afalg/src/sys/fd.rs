//! File descriptors owned or borrowed by the library.
//!
//! The same shape as `std::os::fd::{OwnedFd, BorrowedFd}` (which `core` lacks), so that the C
//! library can be built without `std`: an [`OwnedFd`] closes its descriptor when dropped, a
//! [`BorrowedFd`] is a `Copy` view that cannot outlive its owner.

use ::core::fmt;
use ::core::marker::PhantomData;

/// A file descriptor this value owns and closes on drop.
pub struct OwnedFd(libc::c_int);

/// A descriptor borrowed from an [`OwnedFd`] for the lifetime `'a`.
#[derive(Clone, Copy)]
pub struct BorrowedFd<'a>(libc::c_int, PhantomData<&'a OwnedFd>);

impl OwnedFd {
    /// Take ownership of `fd`.
    ///
    /// # Safety
    /// `fd` must be an open descriptor that nothing else owns or closes.
    pub unsafe fn from_raw_fd(fd: libc::c_int) -> OwnedFd {
        debug_assert!(fd >= 0);
        OwnedFd(fd)
    }

    /// The descriptor number (still owned by `self`).
    pub fn as_raw_fd(&self) -> libc::c_int {
        self.0
    }

    /// Borrow the descriptor.
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        BorrowedFd(self.0, PhantomData)
    }
}

impl Drop for OwnedFd {
    fn drop(&mut self) {
        // SAFETY: self owns the descriptor (from_raw_fd's contract) and nothing uses it after
        // this; close's result is of no use here (the descriptor is gone either way on Linux).
        unsafe { libc::close(self.0) };
    }
}

impl fmt::Debug for OwnedFd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedFd").field("fd", &self.0).finish()
    }
}

impl BorrowedFd<'_> {
    /// The descriptor number.
    pub fn as_raw_fd(&self) -> libc::c_int {
        self.0
    }
}

impl fmt::Debug for BorrowedFd<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedFd").field("fd", &self.0).finish()
    }
}

/// Open `path` (`O_CLOEXEC` plus `flags`).
pub fn open(path: &::core::ffi::CStr, flags: libc::c_int) -> crate::Result<OwnedFd> {
    let fd = super::retry(|| {
        // SAFETY: path is a valid NUL-terminated string; open touches nothing else.
        super::cvt(unsafe { libc::open(path.as_ptr(), flags | libc::O_CLOEXEC) })
    })?;
    // SAFETY: fd was just returned by open and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `read(fd, buf)` once (retried on `EINTR`); returns the bytes read.
pub fn read(fd: BorrowedFd<'_>, buf: &mut [u8]) -> crate::Result<usize> {
    super::retry(|| {
        // SAFETY: buf is valid for writes of buf.len() bytes.
        super::cvt_size(unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) })
    })
}
