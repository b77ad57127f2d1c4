//! Randomness from the kernel's own pool (`getrandom`), used to seed DRNGs.

use super::{cvt_size, retry};
use crate::error::{Errno, Result};
use std::io::Read;

/// Fill `buf` from the kernel's CSPRNG: `getrandom(buf, len, 0)`, which blocks only until the
/// kernel's pool is initialised once after boot. Interrupted and partial reads are continued.
/// Where the syscall is unavailable (`ENOSYS`, e.g. filtered by seccomp) `/dev/urandom` is read
/// instead. On failure the part of `buf` already filled is wiped.
pub fn getrandom(buf: &mut [u8]) -> Result<()> {
    let r = fill(buf);
    if r.is_err() {
        super::mem::wipe(buf, 0);
    }
    r
}

fn fill(buf: &mut [u8]) -> Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let rest = &mut buf[done..];
        let n = match retry(|| {
            // SAFETY: rest is a valid, exclusively borrowed writable slice of rest.len() bytes.
            cvt_size(unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) })
        }) {
            Ok(n) => n,
            Err(Errno(libc::ENOSYS)) => return urandom(rest),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Err(Errno::EIO);
        }
        done += n;
    }
    Ok(())
}

fn urandom(buf: &mut [u8]) -> Result<()> {
    let io = |e: std::io::Error| Errno(e.raw_os_error().unwrap_or(libc::EIO));
    std::fs::File::open("/dev/urandom").map_err(io)?.read_exact(buf).map_err(io)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_and_differs() {
        let mut a = [0u8; 300];
        let mut b = [0u8; 300];
        super::getrandom(&mut a).unwrap();
        super::getrandom(&mut b).unwrap();
        assert_ne!(a, b);
        assert!(a.iter().any(|&x| x != 0));
        super::getrandom(&mut []).unwrap();
    }
}
