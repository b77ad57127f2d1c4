//! The key retention service's public-key and Diffie-Hellman operations (`add_key(2)`,
//! `keyctl(2)` PKEY_* and DH_COMPUTE): the kernel route for RSA and DH, which AF_ALG lacks.
//!
//! The kernel writes the key's full maximum output size into a PKEY output buffer whatever
//! output length it is told (measured on 6.1 and 6.12; it also reads the full signature size of
//! a `KEYCTL_PKEY_VERIFY` input, which is why verification is a raw encryption here). A Rust
//! slice must never be overrun, so every PKEY call goes through a scratch buffer of the largest
//! size the interface can describe (the sizes are `u16`), wiped before it is freed (decryption
//! output is secret).

use super::cvt_long;
use crate::error::{Errno, Result};
use crate::prelude::*;

use super::keyctl::c_string;
pub use super::keyctl::{add_key, invalidate, Serial, KEY_SPEC_PROCESS_KEYRING as PROCESS_KEYRING};

const KEYCTL_DH_COMPUTE: libc::c_long = 23;
const KEYCTL_PKEY_QUERY: libc::c_long = 24;
const KEYCTL_PKEY_ENCRYPT: libc::c_long = 25;
const KEYCTL_PKEY_DECRYPT: libc::c_long = 26;
const KEYCTL_PKEY_SIGN: libc::c_long = 27;

/// Largest output or signature any PKEY operation can have (the sizes are `__u16`).
const PKEY_MAX: usize = u16::MAX as usize;

/// `struct keyctl_pkey_query`.
#[repr(C)]
#[derive(Default)]
struct PkeyQueryRaw {
    supported_ops: u32,
    key_size: u32,
    max_data_size: u16,
    max_sig_size: u16,
    max_enc_size: u16,
    max_dec_size: u16,
    spare: [u32; 10],
}

/// `struct keyctl_pkey_params` (the third word is `out_len` or `in2_len`).
#[repr(C)]
#[derive(Default)]
struct PkeyParams {
    key_id: i32,
    in_len: u32,
    out_or_in2_len: u32,
    spare: [u32; 7],
}

/// `struct keyctl_dh_params`.
#[repr(C)]
struct DhParams {
    private: i32,
    prime: i32,
    base: i32,
}

/// What `KEYCTL_PKEY_QUERY` says of an asymmetric key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PkeyInfo {
    /// `KEYCTL_SUPPORTS_*` bits.
    pub supported_ops: u32,
    /// Key size in bits.
    pub key_size: u32,
    /// Largest input to sign (a digest with its encoding).
    pub max_data_size: usize,
    /// Size of a signature.
    pub max_sig_size: usize,
    /// Size of a ciphertext.
    pub max_enc_size: usize,
    /// Largest plaintext a decryption gives.
    pub max_dec_size: usize,
}

/// The four public-key operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PkeyOp {
    /// `KEYCTL_PKEY_ENCRYPT`.
    Encrypt,
    /// `KEYCTL_PKEY_DECRYPT`.
    Decrypt,
    /// `KEYCTL_PKEY_SIGN`.
    Sign,
}

/// A heap scratch buffer wiped before it is freed.
struct Scratch(Vec<u8>);

impl Scratch {
    fn new(len: usize) -> Scratch {
        Scratch(vec![0; len])
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        super::mem::wipe(&mut self.0, 0);
    }
}

/// `KEYCTL_PKEY_QUERY` with the parameter string `info` (such as `enc=pkcs1 hash=sha256`).
pub fn pkey_query(key: Serial, info: &str) -> Result<PkeyInfo> {
    let info = c_string(info)?;
    let mut raw = PkeyQueryRaw::default();
    // SAFETY: info is NUL-terminated; raw is a live, writable struct of the size the kernel
    // writes for this command.
    let r = unsafe {
        libc::syscall(libc::SYS_keyctl, KEYCTL_PKEY_QUERY, key, 0, info.as_ptr(), &mut raw as *mut PkeyQueryRaw)
    };
    cvt_long(r)?;
    Ok(PkeyInfo {
        supported_ops: raw.supported_ops,
        key_size: raw.key_size,
        max_data_size: raw.max_data_size.into(),
        max_sig_size: raw.max_sig_size.into(),
        max_enc_size: raw.max_enc_size.into(),
        max_dec_size: raw.max_dec_size.into(),
    })
}

/// Encrypt, decrypt or sign `input` with `key`, telling the kernel an output length of
/// `out_len` (which must not exceed the key's maximum for the operation, or the kernel says
/// `EINVAL`). Returns the result's length; at most `out.len()` bytes of it are copied to `out`.
pub fn pkey_op(op: PkeyOp, key: Serial, info: &str, input: &[u8], out_len: usize, out: &mut [u8]) -> Result<usize> {
    let info = c_string(info)?;
    let cmd = match op {
        PkeyOp::Encrypt => KEYCTL_PKEY_ENCRYPT,
        PkeyOp::Decrypt => KEYCTL_PKEY_DECRYPT,
        PkeyOp::Sign => KEYCTL_PKEY_SIGN,
    };
    let params = PkeyParams {
        key_id: key,
        in_len: u32::try_from(input.len()).map_err(|_| Errno::EINVAL)?,
        out_or_in2_len: u32::try_from(out_len.min(PKEY_MAX)).map_err(|_| Errno::EINVAL)?,
        ..Default::default()
    };
    let mut scratch = Scratch::new(PKEY_MAX);
    // SAFETY: params and info are live and only read; input is a live slice of in_len bytes the
    // kernel only reads; scratch has PKEY_MAX writable bytes, more than the kernel writes for
    // any key (its sizes are u16).
    let r = unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            cmd,
            &params as *const PkeyParams,
            info.as_ptr(),
            input.as_ptr(),
            scratch.0.as_mut_ptr(),
        )
    };
    let n = (cvt_long(r)? as usize).min(PKEY_MAX);
    let copy = n.min(out.len());
    out[..copy].copy_from_slice(&scratch.0[..copy]);
    Ok(n)
}

/// `KEYCTL_DH_COMPUTE`: base^private mod prime of three `user` keys, into `out` (the kernel
/// never writes more than `out.len()` bytes); the result's length.
pub fn dh_compute(private: Serial, prime: Serial, base: Serial, out: &mut [u8]) -> Result<usize> {
    let params = DhParams { private, prime, base };
    // SAFETY: params is live and only read; out is a live, writable slice of out.len() bytes
    // and the kernel writes at most that many; no KDF parameters (NULL).
    let r = unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            KEYCTL_DH_COMPUTE,
            &params as *const DhParams,
            out.as_mut_ptr(),
            out.len(),
            ::core::ptr::null::<libc::c_void>(),
        )
    };
    cvt_long(r).map(|n| n as usize)
}
