//! AF_ALG sockets: create, bind, accept, configure, and move data.

use super::fd::{BorrowedFd, OwnedFd};
use super::{cvt, cvt_size, retry};
use crate::error::{Errno, Result};

/// `SOL_ALG` socket option: set the key of the transformation.
pub const ALG_SET_KEY: libc::c_int = 1;
/// `SOL_ALG` socket option: set the AEAD authentication tag size.
pub const ALG_SET_AEAD_AUTHSIZE: libc::c_int = 5;
/// `SOL_ALG` socket option: set the DRBG test entropy (CAVP kernels only).
pub const ALG_SET_DRBG_ENTROPY: libc::c_int = 6;
/// `SOL_ALG` socket option (Linux 6.2+): set the key from a `user`, `logon`, `encrypted` or
/// `trusted` key of the kernel's keyring, given by its serial (a 4-byte `key_serial_t`).
pub const ALG_SET_KEY_BY_KEY_SERIAL: libc::c_int = 7;

/// Longest algorithm name `sockaddr_alg` carries (64 bytes including the NUL).
pub const MAX_NAME: usize = 63;
/// Longest type name `sockaddr_alg` carries (14 bytes including the NUL).
pub const MAX_TYPE: usize = 13;

/// `socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)`.
pub fn socket() -> Result<OwnedFd> {
    // SAFETY: plain syscall with constant arguments.
    let fd = cvt(unsafe { libc::socket(libc::AF_ALG, libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC, 0) })?;
    // SAFETY: fd was just returned by socket() and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A descriptor that is no socket at all (`/dev/null`, opened `O_CLOEXEC`): every socket call
/// on it fails with `ENOTSOCK`. For host-side tests of argument checks that must come before
/// any syscall.
pub fn not_a_socket() -> Result<OwnedFd> {
    super::fd::open(c"/dev/null", libc::O_RDWR)
}

/// Bind an AF_ALG socket to `salg_type` (`hash`, `skcipher`, …) and algorithm `name`.
/// Names longer than the address can carry give `ENOENT` (what the kernel answers for the
/// truncated name libkcapi would have sent) without a syscall.
pub fn bind(fd: BorrowedFd<'_>, salg_type: &str, name: &[u8]) -> Result<()> {
    if name.len() > MAX_NAME || salg_type.len() > MAX_TYPE || name.contains(&0) {
        return Err(Errno::ENOENT);
    }
    // SAFETY: sockaddr_alg is plain old data; all-zero is a valid value.
    let mut sa: libc::sockaddr_alg = unsafe { ::core::mem::zeroed() };
    sa.salg_family = libc::AF_ALG as libc::sa_family_t;
    sa.salg_type[..salg_type.len()].copy_from_slice(salg_type.as_bytes());
    sa.salg_name[..name.len()].copy_from_slice(name);
    // SAFETY: sa is a valid sockaddr_alg of the size passed.
    cvt(unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&sa as *const libc::sockaddr_alg).cast(),
            ::core::mem::size_of::<libc::sockaddr_alg>() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// `accept4(fd, NULL, NULL, SOCK_CLOEXEC)`: a new operation socket of a bound transformation.
pub fn accept(fd: BorrowedFd<'_>) -> Result<OwnedFd> {
    let fd = retry(|| {
        // SAFETY: NULL address arguments are allowed by accept4.
        cvt(unsafe {
            libc::accept4(fd.as_raw_fd(), ::core::ptr::null_mut(), ::core::ptr::null_mut(), libc::SOCK_CLOEXEC)
        })
    })?;
    // SAFETY: fd was just returned by accept4 and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `setsockopt(fd, SOL_ALG, opt, value, len)`. `value` may be `None` with a non-zero `len`
/// (ALG_SET_AEAD_AUTHSIZE passes the size as the length of a NULL buffer).
pub fn setsockopt(fd: BorrowedFd<'_>, opt: libc::c_int, value: Option<&[u8]>, len: u32) -> Result<()> {
    let ptr = value.map_or(::core::ptr::null(), |v| v.as_ptr().cast());
    if let Some(v) = value {
        debug_assert!(v.len() >= len as usize);
    }
    // SAFETY: ptr is NULL (allowed for ALG options) or points to at least len readable bytes.
    cvt(unsafe { libc::setsockopt(fd.as_raw_fd(), libc::SOL_ALG, opt, ptr, len) })?;
    Ok(())
}

/// `send(fd, buf, MSG_MORE?)`; returns the bytes the kernel accepted.
pub fn send(fd: BorrowedFd<'_>, buf: &[u8], more: bool) -> Result<usize> {
    let flags = if more { libc::MSG_MORE } else { 0 };
    retry(|| {
        // SAFETY: buf is a valid readable slice.
        cvt_size(unsafe { libc::send(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len(), flags) })
    })
}

/// One `recv(fd, buf)` (a single kernel recvmsg); returns the bytes received.
pub fn recv(fd: BorrowedFd<'_>, buf: &mut [u8]) -> Result<usize> {
    retry(|| {
        // SAFETY: buf is a valid writable slice.
        cvt_size(unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) })
    })
}
