//! RSA through the kernel's key retention service: the key is loaded into the process keyring
//! as an `asymmetric` key and every operation is a `keyctl(KEYCTL_PKEY_*)` call, so the
//! cryptography runs in the kernel as it would behind an AF_ALG `akcipher` socket, which no
//! mainline kernel has.
//!
//! * A private key (PKCS#1 `RSAPrivateKey`) is framed as PKCS#8, which the kernel parses only
//!   with the `pkcs8_key_parser` module loaded (it is never loaded on demand; loading it needs
//!   root): without it, setting a private key fails with `ENOPKG`.
//! * A public key (PKCS#1 `RSAPublicKey`) travels in a minimal X.509 certificate; such a key
//!   encrypts and verifies only.
//! * The key lives in the *process* keyring (a crashed process leaves nothing behind; a forked
//!   child cannot use it: `EACCES`), under a description unique in the process, and is
//!   invalidated when the value is dropped or re-keyed. The DER buffers that held a private key
//!   are wiped before they are freed.
//! * Verification follows libkcapi's meaning: the input is the signature and the output is the
//!   digest it carries; the EMSA-PKCS1-v1_5 encoding is checked in user space by building the
//!   one valid encoding and comparing every byte (`EBADMSG` otherwise).

use crate::core::asn1;
use crate::core::pkcs1::{self, HashInfo, Padding};
use crate::core::Secret;
use crate::error::{Errno, Result};
use crate::sys::pkey::{self, PkeyOp, Serial, PROCESS_KEYRING};
use std::sync::atomic::{AtomicU64, Ordering};

/// A process-wide counter that makes key descriptions unique (`add_key` with an existing
/// type and description would replace that key).
static NEXT_KEY: AtomicU64 = AtomicU64::new(0);

/// A description for a new key of this process.
pub(crate) fn key_description(what: &str) -> String {
    format!("kcapi-rs:{what}:{}:{}", std::process::id(), NEXT_KEY.fetch_add(1, Ordering::Relaxed))
}

/// A key in the process keyring, invalidated when dropped.
#[derive(Debug)]
pub(crate) struct KeyringKey(pub(crate) Serial);

impl Drop for KeyringKey {
    fn drop(&mut self) {
        // Nothing to do on failure: the key ends with the process keyring at the latest.
        let _ = pkey::invalidate(self.0);
    }
}

#[derive(Debug)]
struct Loaded {
    key: KeyringKey,
    private: bool,
    /// Modulus size in bytes: every ciphertext and signature has this size.
    size: usize,
}

/// An RSA transformation: `rsa` (textbook RSA on full-size blocks) or `pkcs1pad(rsa[,H])`
/// (PKCS#1 v1.5 padding; signatures with H's DigestInfo), computed by the kernel.
#[derive(Debug)]
pub struct Rsa {
    padding: Padding,
    loaded: Option<Loaded>,
}

impl Rsa {
    /// A transformation for the algorithm name `name` (`rsa`, `rsa-generic`,
    /// `pkcs1pad(rsa,sha256)`, `pkcs1(rsa,sha256)`, ...); `ENOENT` for a name that is not RSA.
    /// No key yet.
    pub fn new(name: &str) -> Result<Rsa> {
        let padding = pkcs1::parse_rsa_name(name).ok_or(Errno::ENOENT)?;
        Ok(Rsa { padding, loaded: None })
    }

    /// Load a BER PKCS#1 `RSAPrivateKey`; returns the modulus size in bytes. `EBADMSG` for a
    /// key that does not parse, `ENOPKG` when the kernel cannot parse private keys (module
    /// `pkcs8_key_parser` not loaded).
    pub fn set_private_key(&mut self, der: &[u8]) -> Result<usize> {
        self.loaded = None;
        let key = asn1::rsa_private_key(der)?;
        let p8 = asn1::pkcs8_from_rsa_private_key(key.encoding);
        self.load(&p8, true).map_err(|e| if e == Errno::EBADMSG { Errno::ENOPKG } else { e })
    }

    /// Load a BER PKCS#1 `RSAPublicKey`; returns the modulus size in bytes.
    pub fn set_public_key(&mut self, der: &[u8]) -> Result<usize> {
        self.loaded = None;
        let key = asn1::rsa_public_key(der)?;
        self.load(&asn1::certificate_from_rsa_public_key(key.encoding), false)
    }

    /// Load a framed key (the old one is already gone: a failed re-key leaves no key).
    fn load(&mut self, payload: &[u8], private: bool) -> Result<usize> {
        let key = KeyringKey(pkey::add_key("asymmetric", &key_description("rsa"), payload, PROCESS_KEYRING)?);
        let info = pkey::pkey_query(key.0, "enc=raw")?;
        let size = (info.key_size as usize).div_ceil(8);
        if size == 0 {
            return Err(Errno::EINVAL);
        }
        self.loaded = Some(Loaded { key, private, size });
        Ok(size)
    }

    /// The modulus size in bytes, once a key is set.
    pub fn key_size(&self) -> Option<usize> {
        self.loaded.as_ref().map(|l| l.size)
    }

    /// Whether the key set is a private key.
    pub fn has_private_key(&self) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.private)
    }

    fn loaded(&self) -> Result<&Loaded> {
        self.loaded.as_ref().ok_or(Errno::ENOKEY)
    }

    fn hash(&self) -> Option<&'static HashInfo> {
        match self.padding {
            Padding::Raw => None,
            Padding::Pkcs1Pad(h) | Padding::Pkcs1Sig(h) => h,
        }
    }

    /// The keyring's parameter string for an operation.
    fn params(&self, signature: bool) -> String {
        match (&self.padding, self.hash()) {
            (Padding::Raw, _) => "enc=raw".into(),
            (_, Some(h)) if signature => format!("enc=pkcs1 hash={}", h.name),
            _ => "enc=pkcs1".into(),
        }
    }

    /// Run one keyring operation whose result has at most `size` bytes into `out`. Raw results
    /// are right-aligned to the full modulus size (leading zeros kept).
    fn run(&self, op: PkeyOp, params: &str, input: &[u8], out: &mut [u8]) -> Result<usize> {
        let l = self.loaded()?;
        let raw = matches!(self.padding, Padding::Raw) || params == "enc=raw";
        let mut tmp = Secret::zeroed(l.size);
        let n = pkey::pkey_op(op, l.key.0, params, input, l.size, &mut tmp)?;
        if n > l.size {
            return Err(Errno::EOVERFLOW);
        }
        let (result, len) = if raw { (&tmp[..n], l.size) } else { (&tmp[..n], n) };
        if out.len() < len {
            return Err(Errno::EOVERFLOW);
        }
        let pad = len - n;
        out[..pad].fill(0);
        out[pad..len].copy_from_slice(result);
        Ok(len)
    }

    /// Encrypt `input` (raw: a block below the modulus; PKCS#1: at most k − 11 bytes) into
    /// `out`, which must hold the modulus size; the ciphertext's length.
    pub fn encrypt(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.run(PkeyOp::Encrypt, &self.params(false), input, out)
    }

    /// Decrypt `input` with the private key into `out`; the plaintext's length (raw: always
    /// the modulus size).
    pub fn decrypt(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.run(PkeyOp::Decrypt, &self.params(false), input, out)
    }

    /// Sign: for PKCS#1 with a hash, `input` is the digest (the kernel adds the DigestInfo);
    /// without a hash, the data to pad; raw, a block to raise to the private exponent. The
    /// signature (modulus size) goes to `out`.
    pub fn sign(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        match self.padding {
            // The keyring refuses a raw sign: a raw private-key operation is a raw decrypt.
            Padding::Raw => self.run(PkeyOp::Decrypt, "enc=raw", input, out),
            _ => self.run(PkeyOp::Sign, &self.params(true), input, out),
        }
    }

    /// Verify in libkcapi's sense: `signature` in, the digest it carries out (raw: the block
    /// s^e mod n). `EBADMSG` when the signature is not a valid PKCS#1 v1.5 encoding for the
    /// handle's hash.
    pub fn verify(&self, signature: &[u8], out: &mut [u8]) -> Result<usize> {
        let size = self.loaded()?.size;
        if signature.len() != size && !matches!(self.padding, Padding::Raw) {
            return Err(Errno::EINVAL);
        }
        let mut em = Secret::zeroed(size);
        self.run(PkeyOp::Encrypt, "enc=raw", signature, &mut em)?;
        let digest = match self.padding {
            Padding::Raw => &em[..],
            _ => pkcs1::emsa_digest(self.hash(), &em)?,
        };
        let d = out.get_mut(..digest.len()).ok_or(Errno::EOVERFLOW)?;
        d.copy_from_slice(digest);
        Ok(digest.len())
    }
}
