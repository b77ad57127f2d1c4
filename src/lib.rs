//! kcapi-rs: libkcapi — the Linux kernel crypto API for user space over AF_ALG sockets —
//! rewritten in Rust as a drop-in `libkcapi.so.1`, with a safe Rust API.
//!
//! Layers:
//! * [`sys`] — the only module that makes syscalls (AF_ALG, NETLINK_CRYPTO, pipes);
//! * [`core`] — safe handles and operations as Rust types ([`Hash`], [`Cipher`], [`Handle`]);
//! * [`capi`] — libkcapi's C functions, exported under libkcapi's symbol versions.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

// Release builds (the shipped libraries) must abort on panic: unwinding out of an
// `extern "C"` function into C callers is never acceptable.
#[cfg(all(not(panic = "abort"), not(debug_assertions)))]
compile_error!("kcapi-rs release builds require panic = \"abort\" (see Cargo.toml profiles)");

pub mod capi;
/// cbindgen:ignore
pub mod core;
/// cbindgen:ignore
pub mod error;
/// cbindgen:ignore
pub mod sys;

pub use crate::core::aead::{authenc_key, Aead};
pub use crate::core::cipher::{Cipher, Direction, Stream};
pub use crate::core::handle::{AlgType, Handle};
pub use crate::core::hash::{digest, keyed_digest, Hash};
pub use crate::core::info::AlgInfo;
pub use crate::core::kdf;
pub use crate::core::op::Access;
pub use crate::core::rng::{self, Rng};
pub use crate::error::{Errno, Result};
