//! Host-side tests of the C layer: every exported function and every compat version, called
//! in-process by its Rust path, with the arguments libkcapi's rules refuse (NULL handles and
//! out-pointers, NULL buffers with lengths, zero and overflowing lengths, handles of another
//! type). Each refusal must come with the documented negative errno, the same value in `errno`,
//! and before any syscall: the handles are `Handle::detached`, whose descriptor is no socket,
//! so a syscall through one would answer `ENOTSOCK`, which only the cases expect that show an
//! argument going to the kernel unchecked, because the kernel's answer is libkcapi's (a NULL
//! key: `ENOMEM` for a huge length, `EFAULT` for a short one).
//!
//! [`every_function_checks_its_arguments`] runs the cases of every area and then checks that
//! they called each line of `exported.symbols` (what this build exports) at least once.

use super::{kcapi_handle, Inner};
use afalg::__capi::{AlgInfo, AlgType, Handle};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// Call a C function with `errno` cleared and check its result: `neg!` a negative errno (and
/// `errno` equal to it) or success value, `val!` a plain value (sizes, counts: no `errno`),
/// `void!` only records the call. A leading `safe` marks a function that is not `unsafe`.
macro_rules! call {
    (safe $($f:ident)::+ ($($a:expr),* $(,)?)) => {{
        afalg::__capi::set_errno(0);
        $crate::capi::tests::record(stringify!($($f)::+));
        $($f)::+($($a),*)
    }};
    ($($f:ident)::+ ($($a:expr),* $(,)?)) => {{
        afalg::__capi::set_errno(0);
        $crate::capi::tests::record(stringify!($($f)::+));
        // SAFETY: every pointer a case passes is NULL or valid for the length passed with it;
        // handles are live (made by the case) or NULL.
        unsafe { $($f)::+($($a),*) }
    }};
}

macro_rules! neg {
    ($($f:ident)::+ ($($a:expr),* $(,)?) => $want:expr) => {
        $crate::capi::tests::check(stringify!($($f)::+), line!(), call!($($f)::+($($a),*)) as i64, ($want) as i64, true)
    };
}

macro_rules! val {
    (safe $($f:ident)::+ ($($a:expr),* $(,)?) => $want:expr) => {
        $crate::capi::tests::check(stringify!($($f)::+), line!(), call!(safe $($f)::+($($a),*)) as i64, ($want) as i64, false)
    };
    ($($f:ident)::+ ($($a:expr),* $(,)?) => $want:expr) => {
        $crate::capi::tests::check(stringify!($($f)::+), line!(), call!($($f)::+($($a),*)) as i64, ($want) as i64, false)
    };
}

/// `neg!` for a function and its compat version, with the same arguments.
macro_rules! neg2 {
    ($m:ident::$f:ident($($a:expr),* $(,)?) => $want:expr) => {
        neg!($m::$f($($a),*) => $want);
        neg!(compat::$f($($a),*) => $want);
    };
}

/// The init function `m::f` refuses a NULL out-pointer (EINVAL) and a NULL name (ENOENT:
/// libkcapi's "(null)" names no algorithm) before any syscall, and leaves `*handle` alone.
macro_rules! init_cases {
    ($m:ident::$f:ident($name:expr)) => {{
        neg!($m::$f(std::ptr::null_mut(), $name.as_ptr(), 0) => $crate::capi::tests::EINVAL);
        let mut p = std::ptr::null_mut();
        neg!($m::$f(&mut p, std::ptr::null(), 0) => $crate::capi::tests::ENOENT);
        assert!(p.is_null(), concat!(stringify!($f), " left *handle alone"));
    }};
}

macro_rules! void {
    ($($t:tt)+) => {{
        let () = call!($($t)+);
    }};
}

mod aead;
mod akcipher;
mod cipher;
mod common;
mod kdf;
mod keyring;
mod md;
mod rng;

/// Negative errno values as the functions return them.
pub(super) const EINVAL: i64 = -(libc::EINVAL as i64);
pub(super) const EFAULT: i64 = -(libc::EFAULT as i64);
pub(super) const ENOENT: i64 = -(libc::ENOENT as i64);
pub(super) const EMSGSIZE: i64 = -(libc::EMSGSIZE as i64);
/// What a syscall through a detached handle answers: the argument reached the kernel.
pub(super) const ENOTSOCK: i64 = -(libc::ENOTSOCK as i64);

/// A key length the kernel refuses to allocate (more than `net.core.optmem_max`): 1 MiB.
pub(super) const HUGE_KEY: u32 = 1 << 20;

/// Two input iovecs of 2^63 bytes each (their lengths add up to 2^64, 0 when wrapped) over
/// `buf`, for the AIO functions.
pub(super) fn huge_pair(buf: &mut [u8]) -> [libc::iovec; 2] {
    let mut v = [iov(buf), iov(buf)];
    v[0].iov_len = 1 << 63;
    v[1].iov_len = 1 << 63;
    v
}

/// `INT_MAX + 1`: the first length libkcapi refuses as too large.
pub(super) const INT_MAX_1: usize = i32::MAX as usize + 1;

thread_local! {
    /// Functions called (`module::name` as written in the case) and the number of checks.
    static TALLY: RefCell<(BTreeSet<String>, usize)> = RefCell::default();
}

/// Note that a case called `path` (`md::kcapi_md_final`, `compat::kcapi_md_final`).
pub(super) fn record(path: &str) {
    TALLY.with(|t| t.borrow_mut().0.insert(path.replace(' ', "")));
}

/// Check a result (and with `errno`, that a negative result is also in `errno`).
pub(super) fn check(what: &str, line: u32, got: i64, want: i64, errno: bool) {
    TALLY.with(|t| t.borrow_mut().1 += 1);
    assert_eq!(got, want, "{what} (tests line {line})");
    if errno && want < 0 {
        // SAFETY: __errno_location returns this thread's errno.
        let e = unsafe { *libc::__errno_location() };
        assert_eq!(-i64::from(e), want, "errno after {what} (tests line {line})");
    }
}

/// A detached handle of `kind` (every syscall through it fails with `ENOTSOCK`) with made-up
/// algorithm properties: a 32-byte digest with 64-byte blocks, a 16-byte block cipher with
/// 16-byte IVs, an AEAD with 12-byte IVs and 16-byte tags, an RNG with a 48-byte seed.
pub(super) fn detached(kind: AlgType, flags: u32) -> *mut kcapi_handle {
    let info = match kind {
        AlgType::Hash => AlgInfo { blocksize: 64, digestsize: 32, ..Default::default() },
        AlgType::Skcipher => {
            AlgInfo { blocksize: 16, ivsize: 16, min_keysize: 16, max_keysize: 32, ..Default::default() }
        }
        AlgType::Aead => AlgInfo { blocksize: 1, ivsize: 12, maxauthsize: 16, ..Default::default() },
        _ => AlgInfo { seedsize: 48, ..Default::default() },
    };
    let h = Handle::detached(kind, "test", Some(info), flags).expect("detached handle");
    Box::into_raw(Box::new(kcapi_handle { h: Inner::Alg(h) }))
}

/// What a function that first opens a handle of its own answers on this host: `want` where the
/// kernel offers AF_ALG (and the algorithm), else the error of the socket call.
pub(super) fn no_alg_or(want: i64) -> i64 {
    afalg::available().map_or_else(|e| i64::from(e.neg()), |()| want)
}

/// An iovec for a buffer.
pub(super) fn iov(buf: &mut [u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

#[test]
fn every_function_checks_its_arguments() {
    md::cases();
    common::cases();
    cipher::cases();
    aead::cases();
    kdf::cases();
    rng::cases();
    keyring::cases();
    akcipher::cases();

    let (called, checks) = TALLY.with(|t| t.borrow().clone());
    let list = include_str!(concat!(env!("OUT_DIR"), "/exported.symbols"));
    let mut missing = Vec::new();
    let (mut functions, mut versions) = (BTreeSet::new(), 0);
    for line in list.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (name, compat) = (f[0], f[2] == "compat");
        let hit = called.iter().any(|p| match p.rsplit_once("::") {
            Some((m, n)) => n == name && (m == "compat") == compat,
            None => false,
        });
        if !hit {
            missing.push(line);
        }
        functions.insert(name);
        versions += 1;
    }
    assert!(missing.is_empty(), "exported but not tested: {missing:?}");
    println!(
        "capi host tests: {checks} checked cases over {} functions, {versions} symbol versions (every one called)",
        functions.len()
    );
}
