//! Key derivation in user space over the kernel's keyed message digests (HMAC, CMAC):
//! SP 800-108 counter, feedback and double-pipeline modes, PBKDF2 (SP 800-132 / RFC 8018) and
//! HKDF (RFC 5869), each exactly as libkcapi defines it.
//!
//! The pseudo-random function is a hash handle: every PRF call is one `send` of its input
//! (pieces of up to `GATHER` bytes are gathered into one buffer first) and one `recv` of the
//! digest. Counters are 32-bit big-endian and start at 1 (HKDF: one byte). Intermediate
//! values (PRK, T, U and A blocks, gathered PRF input) live in buffers that are wiped when
//! dropped, on every path; a failure after the PRF is ready wipes the whole output buffer.
//!
//! The public interface is [`crate::kdf`].

use crate::core::handle::{AlgType, Handle};
use crate::core::hash::MAX_UPDATE;
use crate::core::log::ERR;
use crate::core::{memset_secure, Secret};
use crate::error::{Errno, Result};
use crate::klog;
use crate::sys::time::Instant;

/// The largest PRF output PBKDF2, HKDF and the double-pipeline KDF accept (libkcapi's limit;
/// no kernel hash is larger).
pub const MAX_DIGEST: usize = 64;

/// The longest output libkcapi's KDFs produce (`INT_MAX`).
pub const MAX_OUTPUT: usize = i32::MAX as usize;

/// PRF inputs up to this many bytes in total are sent with one syscall.
const GATHER: usize = 512;

/// A KDF input as a C caller passes it: its bytes, a NULL pointer with a non-zero length, or a
/// length above what one hash update takes ([`MAX_UPDATE`], `INT_MAX`; possibly more than any
/// slice can have). The last two fail where the input is first used, the way libkcapi's
/// update of the hash fails them: `EFAULT` (the kernel's answer to NULL) and `EMSGSIZE`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// The bytes.
    Bytes(&'a [u8]),
    /// A NULL pointer with this (non-zero) length.
    Null(usize),
    /// A length above [`MAX_UPDATE`].
    TooLong(usize),
}

impl<'a> Input<'a> {
    /// A slice as an input: [`Input::TooLong`] when longer than [`MAX_UPDATE`].
    pub fn of(b: &'a [u8]) -> Input<'a> {
        if b.len() > MAX_UPDATE {
            Input::TooLong(b.len())
        } else {
            Input::Bytes(b)
        }
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        match *self {
            Input::Bytes(b) => b.len(),
            Input::Null(n) | Input::TooLong(n) => n,
        }
    }

    /// Whether the length is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, or the error of the hash update that would take them: `EFAULT` for NULL,
    /// `EMSGSIZE` for a length above [`MAX_UPDATE`].
    pub fn bytes(self) -> Result<&'a [u8]> {
        match self {
            Input::Bytes(b) => Ok(b),
            Input::Null(_) => Err(Errno::EFAULT),
            Input::TooLong(_) => Err(Errno::EMSGSIZE),
        }
    }
}

/// One PRF invocation on `h`: digest of the concatenated `parts` into `out` (at most the
/// digest size; the kernel truncates the digest to `out.len()`).
fn prf(h: &mut Handle, parts: &[&[u8]], out: &mut [u8]) -> Result<()> {
    let total = parts.iter().try_fold(0usize, |t, p| t.checked_add(p.len()));
    if total.is_some_and(|t| t <= GATHER) {
        let mut buf = [0u8; GATHER];
        let mut off = 0;
        for p in parts {
            buf[off..off + p.len()].copy_from_slice(p);
            off += p.len();
        }
        let r = if off > 0 { h.hash_update(&buf[..off]) } else { Ok(()) };
        memset_secure(&mut buf[..off], 0);
        r?;
    } else {
        for p in parts.iter().filter(|p| !p.is_empty()) {
            h.hash_update(p)?;
        }
    }
    if h.hash_final(out)? != out.len() {
        return Err(Errno::EIO);
    }
    Ok(())
}

/// Run `f` on `dst`; on failure wipe all of `dst` and pass the error on.
fn wipe_on_error(dst: &mut [u8], f: impl FnOnce(&mut [u8]) -> Result<()>) -> Result<()> {
    let r = f(dst);
    if r.is_err() {
        memset_secure(dst, 0);
    }
    r
}

/// The 32-bit big-endian block counter for the block starting at output offset `off`.
fn counter(off: usize, ds: usize) -> [u8; 4] {
    // off / ds + 1 <= MAX_OUTPUT + 1 < 2^32: output lengths are checked before.
    ((off / ds + 1) as u32).to_be_bytes()
}

/// The SP 800-108 modes of [`crate::kdf::sp800_108`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Counter mode (SP 800-108 5.1; with an unkeyed hash also SP 800-56A 5.8.1).
    Counter,
    /// Feedback mode with a digest-sized IV at the start of the input (SP 800-108 5.2).
    Feedback,
    /// Double-pipeline iteration mode with counter (SP 800-108 5.3).
    DoublePipeline,
}

/// The argument checks of [`sp800_108`], in libkcapi's order, without any output: the PRF's
/// digest size, or `EMSGSIZE` for an output longer than [`MAX_OUTPUT`], `EFAULT` when the handle
/// is no hash (digest size 0, or above [`MAX_DIGEST`] for the double pipeline), `EINVAL` for a
/// feedback-mode input shorter than the digest.
pub fn sp800_108_check(h: &Handle, mode: Mode, slen: usize, dlen: usize) -> Result<usize> {
    if dlen > MAX_OUTPUT {
        return Err(Errno::EMSGSIZE);
    }
    let ds = h.info().map_or(0, |i| i.digestsize as usize);
    if ds == 0 || (mode == Mode::DoublePipeline && ds > MAX_DIGEST) {
        return Err(Errno::EFAULT);
    }
    if mode == Mode::Feedback && slen < ds {
        return Err(Errno::EINVAL);
    }
    Ok(ds)
}

/// An SP 800-108 KDF with the PRF `h` (a hash handle, keyed with the key-derivation key for
/// HMAC/CMAC): fills `dst` with K(1) ‖ K(2) ‖ …, the last block truncated. With h the digest
/// size and i a 32-bit big-endian counter starting at 1:
///
/// * [`Mode::Counter`]: K(i) = PRF(i ‖ src);
/// * [`Mode::Feedback`]: src = IV ‖ label with an h-byte IV; K(0) = IV,
///   K(i) = PRF(K(i−1) ‖ i ‖ label);
/// * [`Mode::DoublePipeline`]: A(0) = src, or h zero bytes when src is empty;
///   A(i) = PRF(A(i−1)), K(i) = PRF(A(i) ‖ i ‖ src).
///
/// An empty `src` is no input. Errors as [`sp800_108_check`], `EMSGSIZE` for a `src` longer
/// than [`MAX_UPDATE`] (when `dst` is not empty; before anything reaches the PRF), or the
/// kernel's (e.g. `ENOKEY` for an HMAC without key); on failure `dst` is wiped.
pub fn sp800_108(h: &mut Handle, mode: Mode, src: &[u8], dst: &mut [u8]) -> Result<()> {
    sp800_108_c(h, mode, Input::of(src), dst)
}

/// [`sp800_108`] with a C caller's input (see [`Input`]; a NULL `src` is an empty one there).
#[doc(hidden)]
pub fn sp800_108_c(h: &mut Handle, mode: Mode, src: Input<'_>, dst: &mut [u8]) -> Result<()> {
    let ds = sp800_108_check(h, mode, src.len(), dst.len())?;
    if dst.is_empty() {
        return Ok(());
    }
    wipe_on_error(dst, |dst| {
        let src = src.bytes()?;
        sp800_108_blocks(h, mode, ds, src, dst)
    })
}

/// The blocks of [`sp800_108`] with digest size `ds` (arguments checked).
fn sp800_108_blocks(h: &mut Handle, mode: Mode, ds: usize, src: &[u8], dst: &mut [u8]) -> Result<()> {
    match mode {
        Mode::Counter => {
            for (n, k) in dst.chunks_mut(ds).enumerate() {
                prf(h, &[&counter(n * ds, ds), src], k)?;
            }
            Ok(())
        }
        Mode::Feedback => {
            let (iv, label) = src.split_at(ds);
            let mut off = 0;
            while off < dst.len() {
                let (done, rest) = dst.split_at_mut(off);
                let prev = if off == 0 { iv } else { &done[off - ds..] };
                let n = ds.min(rest.len());
                let k = &mut rest[..n];
                prf(h, &[prev, &counter(off, ds), label], k)?;
                off += ds;
            }
            Ok(())
        }
        Mode::DoublePipeline => {
            let mut a = Secret::zeroed(ds);
            let mut next = Secret::zeroed(ds);
            for (n, k) in dst.chunks_mut(ds).enumerate() {
                let input: &[u8] = if n == 0 && !src.is_empty() { src } else { &a };
                prf(h, &[input], &mut next)?;
                ::core::mem::swap(&mut a, &mut next);
                prf(h, &[&a, &counter(n * ds, ds), src], k)?;
            }
            Ok(())
        }
    }
}

/// A keyed-hash handle for `name` and its digest size (`EFAULT` when 0 or above
/// [`MAX_DIGEST`]; `too_big` is the message logged in that case).
fn prf_handle(name: &str, too_big: &str) -> Result<(Handle, usize)> {
    let h = Handle::new(AlgType::Hash, name, 0)?;
    let ds = h.info()?.digestsize as usize;
    if ds > MAX_DIGEST {
        klog!(ERR, "{too_big}");
    }
    if ds == 0 || ds > MAX_DIGEST {
        return Err(Errno::EFAULT);
    }
    Ok((h, ds))
}

/// The argument checks of [`pbkdf2`] that come before any kernel access: `EMSGSIZE` for a key
/// longer than [`MAX_OUTPUT`], `EINVAL` for a zero iteration count.
pub fn pbkdf2_check(count: u32, keylen: usize) -> Result<()> {
    if keylen > MAX_OUTPUT {
        return Err(Errno::EMSGSIZE);
    }
    if count == 0 {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// PBKDF2 (SP 800-132, RFC 8018) with the keyed hash `name` (e.g. `hmac(sha256)`, or
/// `cmac(aes)` with an AES-sized password) as PRF, keyed with `pw`: block i of `key` is
/// U1 ⊕ … ⊕ U`count` with U1 = PRF(salt ‖ i), Uj = PRF(Uj−1), the last block truncated.
///
/// Errors: `EMSGSIZE` for a key longer than [`MAX_OUTPUT`], `EINVAL` for a zero iteration
/// count; the kernel's for the name (`ENOENT`, `EINVAL`) and the password
/// (`ENOSYS` for an unkeyed hash, `EINVAL` for a key size the PRF rejects); `EFAULT` for a
/// digest size of 0 or above [`MAX_DIGEST`]. `key` is wiped on every failure after the hash
/// was opened.
pub fn pbkdf2(name: &str, pw: &[u8], salt: &[u8], count: u32, key: &mut [u8]) -> Result<()> {
    let keylen = key.len();
    pbkdf2_c(name, Some(pw), 0, Input::of(salt), count, Some(key), keylen)
}

/// [`pbkdf2`] with C's buffers, where `None` stands for a NULL pointer with a non-zero length
/// and fails where libkcapi fails it: the password in the kernel's setkey (`EFAULT`, or
/// `ENOMEM` for a huge `pwlen`), the key right after the hash is opened (`EINVAL`). The salt
/// (see [`Input`]) fails at its first use: `EFAULT` for NULL, `EMSGSIZE` above [`MAX_UPDATE`]
/// (so not at all when `keylen` is 0).
#[doc(hidden)]
pub fn pbkdf2_c(
    name: &str,
    pw: Option<&[u8]>,
    pwlen: u32,
    salt: Input<'_>,
    count: u32,
    key: Option<&mut [u8]>,
    keylen: usize,
) -> Result<()> {
    pbkdf2_check(count, keylen)?;
    let (mut h, ds) = prf_handle(name, concat!("Programming error in file ", file!(), " at line ", line!(), "\n"))?;
    let key = key.ok_or(Errno::EINVAL)?;
    wipe_on_error(key, |key| {
        match pw {
            Some(pw) => h.setkey(pw)?,
            None => h.setkey_null(pwlen)?,
        }
        let mut u = Secret::zeroed(ds);
        let mut t = Secret::zeroed(ds);
        for (n, block) in key.chunks_mut(ds).enumerate() {
            prf(&mut h, &[salt.bytes()?, &counter(n * ds, ds)], &mut u)?;
            t.copy_from_slice(&u);
            for _ in 1..count {
                h.hash_update(&u)?;
                if h.hash_final(&mut u)? != ds {
                    return Err(Errno::EIO);
                }
                t.iter_mut().zip(u.iter()).for_each(|(t, u)| *t ^= u);
            }
            block.copy_from_slice(&t[..block.len()]);
        }
        Ok(())
    })
}

/// HKDF (RFC 5869) with the keyed hash `name` (e.g. `hmac(sha256)`): PRK = PRF(salt, ikm), where
/// a `None` salt is a digest-sized block of zeros (`Some(b"")` is an empty key, the same for
/// HMAC); T(n) = PRF(PRK, T(n−1) ‖ info ‖ n) with a one-byte n, `okm` = T(1) ‖ T(2) ‖ …
/// truncated. An empty `okm` still runs the extract step.
///
/// Errors: `EINVAL` for an empty `ikm` or an `okm` longer than 255 digests; the kernel's for
/// the name and salt (e.g. `ENOENT`, `ENOSYS` for an unkeyed hash); `EFAULT` for a digest size
/// of 0 or above [`MAX_DIGEST`]; `EMSGSIZE` for an `ikm` longer than [`MAX_UPDATE`] (after the
/// salt was set) or an `info` longer than that (when `okm` is not empty, after the extract
/// step), as libkcapi. `okm` is wiped on every failure after the hash was opened.
pub fn hkdf(name: &str, ikm: &[u8], salt: Option<&[u8]>, info: &[u8], okm: &mut [u8]) -> Result<()> {
    hkdf_c(name, Input::of(ikm), salt, Input::of(info), okm)
}

/// [`hkdf`] with a C caller's `ikm` and `info` (see [`Input`]; a NULL `info` is an empty one
/// there).
#[doc(hidden)]
pub fn hkdf_c(name: &str, ikm: Input<'_>, salt: Option<&[u8]>, info: Input<'_>, okm: &mut [u8]) -> Result<()> {
    if ikm.is_empty() {
        return Err(Errno::EINVAL);
    }
    let (mut h, ds) = prf_handle(name, "Null salt size too small for hash\n")?;
    wipe_on_error(okm, |okm| {
        if okm.len() > 255 * ds {
            return Err(Errno::EINVAL);
        }
        let zeros = [0u8; MAX_DIGEST];
        h.setkey(salt.unwrap_or(&zeros[..ds]))?;
        let mut prk = Secret::zeroed(ds);
        prf(&mut h, &[ikm.bytes()?], &mut prk)?;
        drop(h);

        let mut h = Handle::new(AlgType::Hash, name, 0)?;
        h.setkey(&prk)?;
        let mut t = Secret::zeroed(ds);
        let mut next = Secret::zeroed(ds);
        for (n, chunk) in okm.chunks_mut(ds).enumerate() {
            let prev: &[u8] = if n == 0 { &[] } else { &t };
            prf(&mut h, &[prev, info.bytes()?, &[(n + 1) as u8]], &mut next)?;
            ::core::mem::swap(&mut t, &mut next);
            chunk.copy_from_slice(&t[..chunk.len()]);
        }
        Ok(())
    })
}

/// The iteration count used when a PBKDF2 iteration-count measurement fails.
pub const ITERATIONS_ON_ERROR: u32 = 1 << 18;
/// The smallest iteration count [`pbkdf2_iteration_count`] returns.
pub const ITERATIONS_MIN: u32 = 1 << 16;
/// The default target time of [`pbkdf2_iteration_count`] in nanoseconds (about 134 ms).
pub const ITERATION_TIME_DEFAULT_NS: u64 = 1 << 27;

/// An iteration count for [`pbkdf2`] with `name` that makes one derivation take about
/// `threshold_ns` nanoseconds (0: [`ITERATION_TIME_DEFAULT_NS`]) on this machine: the smallest
/// power of two whose measured run time (a 16-byte key, wall-clock monotonic time of the whole
/// call) exceeds the threshold in two consecutive measurements, at least [`ITERATIONS_MIN`],
/// at most 2^31. [`ITERATIONS_ON_ERROR`] when a PBKDF2 run fails (e.g. unknown name).
pub fn pbkdf2_iteration_count(name: &str, threshold_ns: u64) -> u32 {
    let threshold = if threshold_ns == 0 { ITERATION_TIME_DEFAULT_NS } else { threshold_ns };
    let mut key = [0u8; 16];
    let mut count: u32 = 1;
    let mut above_once = false;
    loop {
        let start = Instant::now();
        if pbkdf2(name, b"passwordpassword", b"salt", count, &mut key).is_err() {
            return ITERATIONS_ON_ERROR;
        }
        if start.elapsed().as_nanos() > u128::from(threshold) {
            if above_once {
                break;
            }
            above_once = true;
        } else {
            above_once = false;
            if count == 1 << 31 {
                break;
            }
            count <<= 1;
        }
    }
    memset_secure(&mut key, 0);
    count.max(ITERATIONS_MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_big_endian_from_one() {
        assert_eq!(counter(0, 32), [0, 0, 0, 1]);
        assert_eq!(counter(32, 32), [0, 0, 0, 2]);
        assert_eq!(counter(255 * 20, 20), [0, 0, 1, 0]);
    }

    #[test]
    fn checks_before_kernel_access() {
        assert_eq!(pbkdf2_check(0, 16), Err(Errno::EINVAL));
        assert_eq!(pbkdf2_check(0, MAX_OUTPUT + 1), Err(Errno::EMSGSIZE));
        assert_eq!(pbkdf2_check(1, 0), Ok(()));
        let mut k = [1u8; 4];
        assert_eq!(pbkdf2("hmac(sha1)", b"p", b"s", 0, &mut k), Err(Errno::EINVAL));
        assert_eq!(k, [1; 4], "no wipe before the checks pass");
        assert_eq!(hkdf("hmac(sha1)", b"", None, b"", &mut k), Err(Errno::EINVAL));
    }

    #[test]
    fn inputs_fail_where_used() {
        let b = [1u8; 3];
        assert!(matches!(Input::of(&b), Input::Bytes(x) if x.len() == 3));
        assert_eq!(Input::of(&b).bytes(), Ok(&b[..]));
        assert_eq!(Input::Null(5).len(), 5);
        assert_eq!(Input::Null(5).bytes(), Err(Errno::EFAULT));
        assert_eq!(Input::TooLong(usize::MAX).len(), usize::MAX);
        assert_eq!(Input::TooLong(usize::MAX).bytes(), Err(Errno::EMSGSIZE));
        assert!(Input::of(&[]).is_empty());
    }
}
