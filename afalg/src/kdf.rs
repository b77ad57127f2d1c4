//! Key derivation functions over the kernel's keyed message digests (HMAC, CMAC): the
//! SP 800-108 modes (counter, feedback, double pipeline), PBKDF2 (SP 800-132 / RFC 8018) and
//! HKDF (RFC 5869), computed in user space with the kernel as pseudo-random function (PRF).
//!
//! Intermediate values are kept in buffers that are wiped when dropped; on a failure after the
//! PRF was opened the whole output buffer is wiped.
//!
//! ```
//! # if afalg::available().is_err() { return Ok(()); }
//! use afalg::{kdf, Hash};
//!
//! let mut okm = [0u8; 42];
//! kdf::hkdf("hmac(sha256)", b"input keying material", Some(b"salt"), b"info", &mut okm)?;
//!
//! let mut prf = Hash::with_key("hmac(sha256)", b"key-derivation key")?;
//! let mut k = [0u8; 70];
//! kdf::counter(&mut prf, b"label\0context", &mut k)?;
//! # Ok::<(), afalg::Errno>(())
//! ```

use crate::core::kdf as imp;
use crate::{Hash, Result};

pub use crate::core::kdf::{
    hkdf, pbkdf2, pbkdf2_iteration_count, Mode, ITERATIONS_MIN, ITERATIONS_ON_ERROR, ITERATION_TIME_DEFAULT_NS,
    MAX_DIGEST, MAX_OUTPUT,
};

/// An SP 800-108 KDF with the PRF `prf` (a hash, keyed with the key-derivation key for
/// HMAC/CMAC): fills `dst` with K(1) ‖ K(2) ‖ …, the last block truncated. With h the digest
/// size and i a 32-bit big-endian counter starting at 1:
///
/// * [`Mode::Counter`]: K(i) = PRF(i ‖ src);
/// * [`Mode::Feedback`]: src = IV ‖ label with an h-byte IV; K(0) = IV,
///   K(i) = PRF(K(i−1) ‖ i ‖ label);
/// * [`Mode::DoublePipeline`]: A(0) = src, or h zero bytes when src is empty;
///   A(i) = PRF(A(i−1)), K(i) = PRF(A(i) ‖ i ‖ src).
///
/// An empty `src` is no input. Errors: `EMSGSIZE` for an output longer than [`MAX_OUTPUT`] or
/// a `src` longer than that (when `dst` is not empty; before anything reaches the PRF),
/// `EFAULT` when the PRF has no digest (or one above [`MAX_DIGEST`] for the double pipeline),
/// `EINVAL` for a feedback-mode input shorter than the digest, or the kernel's (e.g. `ENOKEY`
/// for an HMAC without key); on failure `dst` is wiped. The PRF's state is reset afterwards.
pub fn sp800_108(prf: &mut Hash, mode: Mode, src: &[u8], dst: &mut [u8]) -> Result<()> {
    imp::sp800_108(&mut prf.h, mode, src, dst)
}

/// SP 800-108 counter mode (also SP 800-56A 5.8.1 with an unkeyed hash), see [`sp800_108`].
pub fn counter(prf: &mut Hash, src: &[u8], dst: &mut [u8]) -> Result<()> {
    sp800_108(prf, Mode::Counter, src, dst)
}

/// SP 800-108 feedback mode (`src` = IV ‖ label, the IV as long as the digest), see
/// [`sp800_108`].
pub fn feedback(prf: &mut Hash, src: &[u8], dst: &mut [u8]) -> Result<()> {
    sp800_108(prf, Mode::Feedback, src, dst)
}

/// SP 800-108 double-pipeline iteration mode with counter, see [`sp800_108`].
pub fn double_pipeline(prf: &mut Hash, src: &[u8], dst: &mut [u8]) -> Result<()> {
    sp800_108(prf, Mode::DoublePipeline, src, dst)
}
