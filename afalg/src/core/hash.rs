//! Message digests and keyed message digests (AF_ALG `hash`).
//!
//! The kernel keeps the hash state in the operation socket: every update is a `send` with
//! `MSG_MORE` (the kernel pins the caller's pages, so this is already zero-copy and needs a
//! single syscall for any length), and `recv` finalises and hands out the digest, resetting the
//! state. A digest of a short message on an existing handle costs two syscalls.

use crate::core::handle::{AlgType, Handle};
use crate::core::log::ERR;
use crate::error::{Errno, Result};
use crate::klog;
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
        alg::recv(op, out)
    }

    /// Update and final in one call (`kcapi_md_digest`).
    pub fn hash_digest(&mut self, data: &[u8], out: &mut [u8]) -> Result<usize> {
        self.hash_update(data)?;
        self.hash_final(out)
    }
}

/// A message digest or keyed message digest computed by the kernel.
///
/// ```no_run
/// let mut h = afalg::Hash::new("sha256")?;
/// h.update(b"abc")?;
/// assert_eq!(h.finalize()?.len(), 32);
/// # Ok::<(), afalg::Errno>(())
/// ```
#[derive(Debug)]
pub struct Hash {
    h: Handle,
}

impl Hash {
    /// Open the kernel hash `name` (e.g. `sha256`, `hmac(sha256)`, `cmac(aes)`).
    pub fn new(name: &str) -> Result<Hash> {
        Ok(Hash { h: Handle::new(AlgType::Hash, name, 0)? })
    }

    /// Open a keyed hash and set its key.
    pub fn with_key(name: &str, key: &[u8]) -> Result<Hash> {
        let mut h = Hash::new(name)?;
        h.h.setkey(key)?;
        Ok(h)
    }

    /// Set the key (before the first update; the kernel answers `EBUSY` afterwards).
    pub fn set_key(&mut self, key: &[u8]) -> Result<()> {
        self.h.setkey(key)
    }

    /// Feed data.
    pub fn update(&mut self, data: &[u8]) -> Result<()> {
        for chunk in data.chunks(MAX_UPDATE) {
            self.h.hash_update(chunk)?;
        }
        Ok(())
    }

    /// Write the digest into `out` (truncated to `out.len()`), reset the state.
    pub fn finalize_into(&mut self, out: &mut [u8]) -> Result<usize> {
        self.h.hash_final(out)
    }

    /// The digest, reset the state.
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

    /// Another hash on the same transformation and key, usable in parallel (no syscall).
    pub fn try_clone(&self) -> Hash {
        Hash { h: self.h.reinit(0) }
    }

    /// The underlying handle (for the C library; not a public API).
    #[doc(hidden)]
    pub fn handle(&mut self) -> &mut Handle {
        &mut self.h
    }
}

/// One-shot digest of `data` with the kernel hash `name`.
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
