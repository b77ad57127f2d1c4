//! kcapi-rs: `libkcapi.so.1` — libkcapi's C API, exported under libkcapi's symbol versions,
//! on the safe `afalg` crate.
//!
//! This crate is only the C boundary ([`capi`]): it validates pointers and lengths, converts C
//! arguments, calls `afalg` and maps its errors to libkcapi's return conventions.

// No `std` in the shipped library: the heap is libc's malloc, a panic aborts (both set up by
// `afalg`'s runtime for the C library), and neither std's panic printer with its backtrace
// symbolizer nor libgcc_s's unwinder is linked. Unit tests are built with `std`.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

// The shipped libraries must abort on panic: unwinding out of an `extern "C"` function into C
// callers is never acceptable. (Unit tests are built by the test harness, which unwinds.)
#[cfg(all(not(panic = "abort"), not(test), not(doc)))]
compile_error!("libkcapi must be built with panic = \"abort\" (see the workspace Cargo.toml profiles)");

extern crate alloc;

pub mod capi;
