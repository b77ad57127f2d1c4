#![doc = include_str!("../README.md")]
//!
//! # Overview
//!
//! | type / function | kernel interface | what it does |
//! |---|---|---|
//! | [`Hash`](struct@Hash), [`digest`], [`keyed_digest`] | `hash` | message digests, HMAC, CMAC |
//! | [`Cipher`], [`Stream`] | `skcipher` | symmetric ciphers, one-shot or streamed |
//! | [`Aead`] | `aead` | authenticated encryption (GCM, CCM, ChaCha20-Poly1305, authenc) |
//! | [`Rng`], [`random_bytes`] | `rng` | the kernel's DRBGs and other generators |
//! | [`kdf`] | `hash` | SP 800-108 KDFs, PBKDF2, HKDF with the kernel as PRF |
//! | [`keyring`] | key retention service | keys that stay in the kernel: `set_key_by_serial` on [`Hash`](struct@Hash), [`Cipher`], [`Aead`] |
//! | [`Rsa`] | key retention service (`keyctl` PKEY_*) | RSA: raw and PKCS#1 v1.5 encryption and signatures |
//! | [`Dh`] | key retention service (`KEYCTL_DH_COMPUTE`) | finite-field Diffie-Hellman |
//!
//! Every type owns its kernel sockets and closes them when dropped. Errors are [`Errno`]: the
//! Linux error code the kernel (or an argument check) gave, e.g. `ENOENT` for an algorithm the
//! kernel does not have; it converts into `std::io::Error` (feature `std`).
//!
//! # Threads
//!
//! Every method that drives a kernel socket takes `&mut self`, so a value runs one operation
//! at a time and the borrow checker rejects interleaving two operations on one socket. All
//! types are [`Send`]: move them to the thread that uses them. They are also [`Sync`], because
//! the methods taking `&self` only read cached algorithm properties or make a clone. To use
//! one key from several threads, give each thread its own `try_clone()`: the clone shares the
//! kernel's keyed transformation but has its own operation socket.
//!
//! # Examples
//!
//! ```
//! # if afalg::available().is_err() { return Ok(()); }
//! use afalg::{Cipher, Direction, Hash};
//!
//! let md = afalg::digest("sha256", b"abc")?;
//! assert_eq!(md[..4], [0xba, 0x78, 0x16, 0xbf]);
//!
//! let mut mac = Hash::with_key("hmac(sha256)", b"key")?;
//! mac.update(b"The quick brown fox jumps over the lazy dog")?;
//! assert_eq!(mac.finalize()?[..4], [0xf7, 0xbc, 0x83, 0xf4]);
//!
//! let mut aes = Cipher::with_key("cbc(aes)", &[0u8; 16])?;
//! let ct = aes.crypt_to_vec(Direction::Encrypt, &[0u8; 16], &[0u8; 16])?;
//! assert_eq!(aes.crypt_to_vec(Direction::Decrypt, &[0u8; 16], &ct)?, [0u8; 16]);
//! # Ok::<(), afalg::Errno>(())
//! ```
//!
//! The `examples/` directory of the crate has runnable programs for every type, each checking
//! a published test vector.
//!
//! # Cargo features
//!
//! * `std` (on by default): `std::io::Write` for [`Hash`](struct@Hash) and [`Stream`],
//!   `std::io::Read` for [`Stream`] and [`Rng`], and `From<Errno> for std::io::Error`. Without
//!   it the crate is `no_std` and needs only `alloc` (the kcapi-rs C library is built so: no
//!   unwinder, no panic printer).
//! * `rand_core` (off by default): [`Rng`] implements `rand_core::TryRng` and
//!   `rand_core::TryCryptoRng` (rand_core 0.10).
//!
//! # Layers
//!
//! A private `sys` module is the only code that makes syscalls or contains `unsafe`; everything
//! else is safe Rust. Buffers the kernel writes are never dereferenced in user space.

#![cfg_attr(not(any(feature = "std", test)), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

// Parts of `core` and `sys` serve only the C library's interface (`__capi`): without that
// feature they are unused, which is expected. With it, dead code is still reported.
// Only `sys` may contain `unsafe` code; the compiler enforces it for everything else.
#[macro_use]
extern crate alloc;

/// The `alloc` items the standard prelude would bring (the crate is `no_std` without `std`).
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec::Vec;
}

#[cfg_attr(not(feature = "__capi"), allow(dead_code))]
#[forbid(unsafe_code)]
mod core;
#[forbid(unsafe_code)]
mod error;
#[forbid(unsafe_code)]
pub mod kdf;
#[cfg_attr(not(feature = "__capi"), allow(dead_code))]
mod sys;

pub use crate::core::aead::{authenc_key, ccm_nonce_to_iv, Aead};
pub use crate::core::akcipher::Rsa;
pub use crate::core::cipher::{Cipher, Direction, Stream};
pub use crate::core::hash::{digest, keyed_digest, Hash};
pub use crate::core::info::AlgInfo;
pub use crate::core::keyring;
pub use crate::core::kpp::Dh;
pub use crate::core::op::Access;
pub use crate::core::rng::Rng;
pub use crate::error::{Errno, Result};

/// Whether the running kernel offers `AF_ALG` sockets: `Ok(())`, or the error a new socket
/// gets (`EAFNOSUPPORT` when the kernel was built without `CONFIG_CRYPTO_USER_API`, `EPERM`
/// or `EACCES` under a restrictive security policy). Costs one `socket` + `close`.
///
/// ```
/// match afalg::available() {
///     Ok(()) => println!("AF_ALG is there"),
///     Err(e) => println!("no AF_ALG: {e}"),
/// }
/// ```
pub fn available() -> Result<()> {
    sys::alg::socket().map(drop)
}

/// Fill `out` with random bytes from `stdrng` (the kernel's default DRBG), seeded from
/// `getrandom(2)`, or from `getrandom(2)` on a kernel that has `AF_ALG` but no `stdrng`
/// (remembered for the process). Other failures (no `AF_ALG`, …) are returned. The `stdrng`
/// handle is made on the first call and kept for the process (its two descriptors stay open
/// until exit): a call costs only the generating `recvmsg` calls. A child process after
/// `fork` makes its own, a handle that failed is made anew, and a call while another thread
/// uses it gets a fresh handle of its own.
pub fn random_bytes(out: &mut [u8]) -> Result<()> {
    crate::core::rng::get_bytes(out)
}

/// Overwrite `buf` with zeros in a way the compiler cannot optimise away: for wiping keys,
/// passwords and plaintext before the memory is reused or freed.
///
/// ```
/// let mut key = *b"secret";
/// afalg::wipe(&mut key);
/// assert_eq!(key, [0; 6]);
/// ```
pub fn wipe(buf: &mut [u8]) {
    crate::core::memset_secure(buf, 0);
}

/// How much the crate reports on stderr (libkcapi's log format:
/// `libkcapi - <Severity>: <message>`); see [`set_log_level`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// Nothing (the default).
    #[default]
    Off = 0,
    /// Errors.
    Error = 1,
    /// Errors and warnings.
    Warning = 2,
    /// Also progress messages.
    Verbose = 3,
    /// Everything, including each syscall's result.
    Debug = 4,
}

/// Set the process-wide log level of the crate (thread-safe). Keys, passwords and data are
/// never logged.
pub fn set_log_level(level: LogLevel) {
    crate::core::log::set_level(level as i32);
}

/// What the crate's macros expand to (not an API).
#[doc(hidden)]
pub mod __private {
    pub use crate::core::log::{emit as log_emit, enabled as log_enabled};
}

/// Internal interface for the kcapi-rs C library (`libkcapi.so.1`): raw buffers, handles
/// and helpers the C layer needs. Not part of the public API; no stability guarantees.
#[cfg(feature = "__capi")]
#[doc(hidden)]
pub mod __capi {
    pub use crate::core::aead::{self, Layout, Span};
    pub use crate::core::akcipher::{AkOp, RsaSession};
    pub use crate::core::cipher::Direction;
    pub use crate::core::handle::{AlgType, Handle, INIT_AIO};
    pub use crate::core::hash::MAX_UPDATE;
    pub use crate::core::info::AlgInfo;
    pub use crate::core::kdf::{self, Mode};
    pub use crate::core::keyring;
    pub use crate::core::log;
    pub use crate::core::op::Access;
    pub use crate::core::rng;
    pub use crate::core::{asn1, pkcs1, Secret};
    pub use crate::core::{memset_secure, VERSION_NUMBER, VERSION_STRING};
    pub use crate::error::{Errno, Result};
    pub use crate::klog;
    pub use crate::sys::mem::CBuf;
    pub use crate::sys::msg::{IoBuf, IoBufMut};
    pub use crate::sys::set_errno;

    /// Memory for a C caller (who releases it with `free(3)`): `size` bytes aligned to 16,
    /// starting with `data` (cut to `size`), zero-filled after it. Hand it over with
    /// [`CBuf::into_raw`]; dropped, it is freed.
    pub fn c_alloc(data: &[u8], size: usize) -> Result<CBuf> {
        CBuf::new(data, size)
    }

    /// The kernel handle under a public type (for the C library and the crate's tests).
    pub trait AsHandle {
        /// The handle.
        fn handle(&mut self) -> &mut Handle;
    }

    macro_rules! as_handle {
        ($($t:ty),*) => {$(
            impl AsHandle for $t {
                fn handle(&mut self) -> &mut Handle {
                    &mut self.h
                }
            }
        )*};
    }
    as_handle!(crate::Hash, crate::Cipher, crate::Aead, crate::Rng);
}

// Compile-time proof of the thread-safety claims in the crate documentation: every public type
// is `Send` and `Sync` (see the comments at each type for why `Sync` is sound).
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<Hash>();
    send_sync::<Cipher>();
    send_sync::<Stream<'static>>();
    send_sync::<Aead>();
    send_sync::<Rng>();
    send_sync::<Errno>();
    send_sync::<AlgInfo>();
    send_sync::<Direction>();
    send_sync::<Access>();
    send_sync::<LogLevel>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_levels_match_the_c_values() {
        use crate::core::log::{DEBUG, ERR, VERBOSE, WARN};
        assert_eq!(
            [LogLevel::Error, LogLevel::Warning, LogLevel::Verbose, LogLevel::Debug].map(|l| l as i32),
            [ERR, WARN, VERBOSE, DEBUG]
        );
    }

    #[test]
    fn wipe_zeroes() {
        let mut b = [0xffu8; 33];
        wipe(&mut b);
        assert_eq!(b, [0; 33]);
    }
}
