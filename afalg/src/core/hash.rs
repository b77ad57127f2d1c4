//! Message digests and keyed message digests (AF_ALG `hash`).
//!
//! The kernel keeps the hash state in the operation socket: every update is a `send` with
//! `MSG_MORE` (the kernel pins the caller's pages, so this is already zero-copy and needs a
//! single syscall for any length), and `recv` finalises and hands out the digest, resetting the
//! state. A digest of a short message on an existing handle costs two syscalls.

use crate::core::handle::{AlgType, Handle};
use crate::core::info::AlgInfo;
use crate::core::log::ERR;
use crate::error::{Errno, Result};
use crate::klog;
use crate::prelude::*;
use crate::sys::alg;

/// The largest length one update accepts (libkcapi's limit: `INT_MAX`).
pub const MAX_UPDATE: usize = i32::MAX as usize;

impl Handle {
    /// Feed `data` into the running digest (`kcapi_md_update`).
    pub fn hash_update(&mut self, data: &[u8]) -> Result<()> {
        if data.len() > MAX_UPDATE {
            return Err(Errno::EMSGSIZE);
        }
        let op = self.op()?;
        let mut done = 0;
        loop {
            let n = alg::send(op, &data[done..], true)?;
            done += n;
            if done >= data.len() {
                return Ok(());
            }
            if n == 0 {
                return Err(Errno::EIO);
            }
        }
    }

    /// Finish the digest into `out` (`kcapi_md_final`): returns the bytes written, which is the
    /// digest size or `out.len()` if that is smaller (the digest is truncated). The state is
    /// reset: a second final gives the digest of the empty message.
    pub fn hash_final(&mut self, out: &mut [u8]) -> Result<usize> {
        if out.is_empty() {
            if crate::core::log::enabled(ERR) {
                let ds = self.info().map(|i| i.digestsize).unwrap_or(0);
                klog!(ERR, "Message digest: output buffer too small (seen 0 - required {ds})");
            }
            return Err(Errno::EINVAL);
        }
        let op = self.op()?;
        // The kernel writes at most the digest size, never more than HASH_MAX_DIGESTSIZE
        // (64) bytes: a longer buffer is handed over only that far (the result is the same,
        // and a caller's oversized length never reaches the kernel as a huge receive buffer).
        let n = out.len().min(crate::core::kdf::MAX_DIGEST);
        alg::recv(op, &mut out[..n])
    }

    /// Update and final in one call (`kcapi_md_digest`).
    pub fn hash_digest(&mut self, data: &[u8], out: &mut [u8]) -> Result<usize> {
        self.hash_update(data)?;
        self.hash_final(out)
    }
}

/// A message digest or keyed message digest computed by the kernel.
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// use std::io::Write;
///
/// let mut h = afalg::Hash::new("sha256")?;
/// h.update(b"a")?;
/// h.write_all(b"bc")?; // std::io::Write feeds data too
/// let md = h.finalize()?; // the state is reset: h can hash the next message
/// assert_eq!(md[..4], [0xba, 0x78, 0x16, 0xbf]);
/// # Ok::<(), Box<dyn ::core::error::Error>>(())
/// ```
///
/// Every call that drives the kernel takes `&mut self`: a `Hash` computes one digest at a time.
/// [`Hash::try_clone`] gives an independent digest with the same key, e.g. one per thread.
#[derive(Debug)]
pub struct Hash {
    pub(crate) h: Handle,
}

// `Hash` is `Sync`: the only methods taking `&self` are getters (`digest_size`, `block_size`,
// `info`: a process-wide cache behind a mutex, or a `OnceLock` in the shared transformation) and
// `try_clone` (an `Arc` clone); none of them touches the operation socket.

impl Hash {
    /// Open the kernel hash `name` (e.g. `sha256`, `hmac(sha256)`, `cmac(aes)`): `ENOENT` when
    /// the kernel has no such hash, `EAFNOSUPPORT` without `AF_ALG`.
    pub fn new(name: &str) -> Result<Hash> {
        Ok(Hash { h: Handle::new(AlgType::Hash, name, 0)? })
    }

    /// Open a keyed hash (`hmac(...)`, `cmac(...)`) and set its key.
    pub fn with_key(name: &str, key: &[u8]) -> Result<Hash> {
        let mut h = Hash::new(name)?;
        h.set_key(key)?;
        Ok(h)
    }

    /// Set the key (before the first update; the kernel answers `EBUSY` afterwards, and
    /// `ENOSYS` for a hash that takes no key).
    pub fn set_key(&mut self, key: &[u8]) -> Result<()> {
        self.h.setkey(key)
    }

    /// Set the key from the kernel's keyring: the `user`, `logon`, `encrypted` or `trusted`
    /// key `serial` (find one with [`keyring::search`](crate::keyring::search)). Since Linux
    /// 6.2 the key bytes never enter the process; before, a `user` key passes through a buffer
    /// that is wiped at once, and other types give `ENOPROTOOPT`. Errors: `ENOKEY` (no such
    /// key), `EKEYREVOKED`, `EACCES` (not possessed), `ENOPROTOOPT` (another key type),
    /// `EINVAL` (a key size the algorithm rejects). See [`crate::keyring`].
    pub fn set_key_by_serial(&mut self, serial: crate::keyring::Serial) -> Result<()> {
        self.h.setkey_by_serial(serial)
    }

    /// Feed data (any length; no copy: the kernel reads the caller's pages).
    pub fn update(&mut self, data: &[u8]) -> Result<()> {
        for chunk in data.chunks(MAX_UPDATE) {
            self.h.hash_update(chunk)?;
        }
        Ok(())
    }

    /// Write the digest into `out` (truncated to `out.len()`, which must not be 0) and reset
    /// the state. Returns the bytes written.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<usize> {
        self.h.hash_final(out)
    }

    /// The digest; the state is reset for the next message.
    pub fn finalize(&mut self) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.digest_size()?];
        let n = self.h.hash_final(&mut out)?;
        out.truncate(n);
        Ok(out)
    }

    /// Digest size in bytes.
    pub fn digest_size(&self) -> Result<usize> {
        Ok(self.h.info()?.digestsize as usize)
    }

    /// Block size in bytes.
    pub fn block_size(&self) -> Result<usize> {
        Ok(self.h.info()?.blocksize as usize)
    }

    /// The algorithm's properties as the kernel reports them.
    pub fn info(&self) -> Result<AlgInfo> {
        self.h.info()
    }

    /// Another hash on the same transformation and key, with its own state: usable in parallel
    /// with this one (e.g. moved to another thread). No syscall.
    pub fn try_clone(&self) -> Hash {
        Hash { h: self.h.reinit(0) }
    }
}

/// Feeds the written bytes into the digest ([`Hash::update`]); `flush` does nothing.
#[cfg(feature = "std")]
impl std::io::Write for Hash {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One-shot digest of `data` with the kernel hash `name`.
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// let md = afalg::digest("sha1", b"abc")?;
/// assert_eq!(md.len(), 20);
/// # Ok::<(), afalg::Errno>(())
/// ```
pub fn digest(name: &str, data: &[u8]) -> Result<Vec<u8>> {
    let mut h = Hash::new(name)?;
    h.update(data)?;
    h.finalize()
}

/// One-shot keyed digest (e.g. `hmac(sha256)`).
pub fn keyed_digest(name: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    let mut h = Hash::with_key(name, key)?;
    h.update(data)?;
    h.finalize()
}
