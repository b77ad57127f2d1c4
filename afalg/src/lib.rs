//! `afalg`: the Linux kernel crypto API from safe Rust, over `AF_ALG` sockets.
//!
//! This crate is the safe core of kcapi-rs (the drop-in Rust `libkcapi.so.1`). It talks to the
//! kernel directly: message digests and keyed digests ([`Hash`]), symmetric ciphers
//! ([`Cipher`]), authenticated encryption ([`Aead`]), random number generators ([`Rng`]) and the
//! key derivation functions of [`kdf`]. No cryptography runs in user space.
//!
//! Layers: a private `sys` module is the only code that makes syscalls; everything else is
//! safe Rust without raw pointers.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod core;
mod error;
mod sys;

pub use crate::core::aead::{authenc_key, ccm_nonce_to_iv, Aead};
pub use crate::core::cipher::{Cipher, Direction, Stream};
pub use crate::core::hash::{digest, keyed_digest, Hash};
pub use crate::core::info::AlgInfo;
pub use crate::core::kdf;
pub use crate::core::op::Access;
pub use crate::core::rng::{self, Rng};
pub use crate::error::{Errno, Result};

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
    pub use crate::core::cipher::Direction;
    pub use crate::core::handle::{AlgType, Handle, INIT_AIO};
    pub use crate::core::hash::MAX_UPDATE;
    pub use crate::core::info::AlgInfo;
    pub use crate::core::kdf::{self, Mode};
    pub use crate::core::log;
    pub use crate::core::op::Access;
    pub use crate::core::rng;
    pub use crate::core::{memset_secure, VERSION_NUMBER, VERSION_STRING};
    pub use crate::error::{Errno, Result};
    pub use crate::klog;
    pub use crate::sys::msg::{c_alloc, IoBuf, IoBufMut};
    pub use crate::sys::set_errno;
}

/// Whether the running kernel offers `AF_ALG` sockets: `Ok(())`, or the error a new socket
/// gets (`EAFNOSUPPORT` when the kernel was built without `CONFIG_CRYPTO_USER_API`, `EPERM`
/// or `EACCES` under a restrictive security policy). Costs one `socket` + `close`.
pub fn available() -> Result<()> {
    sys::alg::socket().map(drop)
}
