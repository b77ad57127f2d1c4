//! Compat versions: the pre-1.3.1 prototypes (`uint32_t` lengths, `int32_t` returns), one
//! file per area.
//!
//! An old binary passes 32-bit lengths, so the upper half of the register is garbage: each
//! entry takes `u32`, widens it and calls the current function, then narrows the result the
//! way libkcapi's own compat wrappers do. `build.rs` finds them by name (same name as the C
//! function, in `src/capi/compat/<area>.rs`) and exports each only under its old version node,
//! in builds with `--cfg kcapi_symver`.
#![cfg_attr(test, allow(dead_code))]

pub mod aead;
pub mod cipher;
pub mod kdf;
pub mod md;
pub mod rng;
