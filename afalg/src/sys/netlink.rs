//! NETLINK_CRYPTO (crypto_user): ask the kernel for an algorithm's properties.

use super::fd::OwnedFd;
use super::{cvt, cvt_size, retry};
use crate::error::{Errno, Result};

/// `CRYPTO_MSG_GETALG` message type.
pub const CRYPTO_MSG_GETALG: u16 = 0x13;
/// Size of `struct crypto_user_alg` (three 64-byte names and four u32).
pub const CRU_SIZE: usize = 3 * 64 + 4 * 4;
/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// Send one `CRYPTO_MSG_GETALG` request for `name` (matched against `cru_name`, or against
/// `cru_driver_name` when `by_driver`) and receive the reply into `reply`.
/// Costs four syscalls: socket, sendto, recv, close.
pub fn getalg(name: &[u8], by_driver: bool, reply: &mut [u8]) -> Result<usize> {
    if name.len() >= 64 {
        return Err(Errno::EINVAL);
    }
    // SAFETY: plain syscall with constant arguments.
    let fd = cvt(unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, libc::NETLINK_CRYPTO) })?;
    // SAFETY: fd was just returned by socket() and is owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };

    let mut req = [0u8; NLMSG_HDRLEN + CRU_SIZE];
    let total = req.len() as u32;
    req[0..4].copy_from_slice(&total.to_ne_bytes());
    req[4..6].copy_from_slice(&CRYPTO_MSG_GETALG.to_ne_bytes());
    req[6..8].copy_from_slice(&(libc::NLM_F_REQUEST as u16).to_ne_bytes());
    req[8..12].copy_from_slice(&1u32.to_ne_bytes()); // sequence number
    let off = NLMSG_HDRLEN + if by_driver { 64 } else { 0 };
    req[off..off + name.len()].copy_from_slice(name);

    // SAFETY: sockaddr_nl is plain old data; all-zero is valid (pid 0 = the kernel).
    let mut sa: libc::sockaddr_nl = unsafe { ::core::mem::zeroed() };
    sa.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    retry(|| {
        // SAFETY: req and sa are valid for the lengths passed.
        cvt_size(unsafe {
            libc::sendto(
                fd.as_raw_fd(),
                req.as_ptr().cast(),
                req.len(),
                0,
                (&sa as *const libc::sockaddr_nl).cast(),
                ::core::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            )
        })
    })?;
    retry(|| {
        // SAFETY: reply is a valid writable slice.
        cvt_size(unsafe { libc::recv(fd.as_raw_fd(), reply.as_mut_ptr().cast(), reply.len(), 0) })
    })
}
