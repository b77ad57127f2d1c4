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
use crate::core::log::ERR;
use crate::core::pkcs1::{self, HashInfo, Padding};
use crate::core::Secret;
use crate::error::{Errno, Result};
use crate::klog;
use crate::prelude::*;
use crate::sys::pkey::{self, PkeyOp, Serial, PROCESS_KEYRING};
use crate::sys::sync::{Mutex, MutexGuard};
use ::core::sync::atomic::{AtomicU64, Ordering};
use alloc::sync::Arc;

/// A process-wide counter that makes key descriptions unique (`add_key` with an existing
/// type and description would replace that key).
static NEXT_KEY: AtomicU64 = AtomicU64::new(0);

/// A description for a new key of this process.
pub(crate) fn key_description(what: &str) -> String {
    format!("kcapi-rs:{what}:{}:{}", crate::sys::getpid(), NEXT_KEY.fetch_add(1, Ordering::Relaxed))
}

/// A key that does not parse is an invalid argument (the kernel's parsers say `EBADMSG`, which
/// callers read as a failed verification).
pub(crate) fn malformed(e: Errno) -> Errno {
    if e == Errno::EBADMSG {
        Errno::EINVAL
    } else {
        e
    }
}

/// The modulus sizes the kernel's RSA computes with; any other fails every operation with
/// `EINVAL` (a 2000-bit key is accepted by add_key and reported as 2048 bits), so it is refused
/// when the key is set.
fn check_modulus(n: &[u8]) -> Result<()> {
    let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
    if [512, 1024, 1536, 2048, 3072, 4096].contains(&bits) {
        Ok(())
    } else {
        Err(Errno::EINVAL)
    }
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
    serial: Serial,
    /// The key when this library added it (invalidated with the last handle); `None` for a key
    /// of the caller's, set by serial, which stays as it is.
    _owned: Option<KeyringKey>,
    private: bool,
    /// Modulus size in bytes: every ciphertext and signature has this size.
    size: usize,
}

/// An RSA transformation: `rsa` (textbook RSA on full-size blocks) or `pkcs1pad(rsa[,H])`
/// (PKCS#1 v1.5 padding; signatures with H's DigestInfo), computed by the kernel.
///
/// [`try_clone`](Rsa::try_clone) gives a second value sharing the loaded key (the key ends
/// with the last of them). Operations take `&self`: each is one independent keyring call.
///
/// ```no_run
/// # fn main() -> afalg::Result<()> {
/// # let (public_key_der, signature) = (vec![0u8; 270], vec![0u8; 256]);
/// // Check a PKCS#1 v1.5 signature over SHA-256 and get the digest it carries.
/// let mut rsa = afalg::Rsa::new("pkcs1pad(rsa,sha256)")?;
/// let size = rsa.set_public_key(&public_key_der)?; // PKCS#1 RSAPublicKey, DER
/// let mut digest = vec![0u8; size];
/// let n = rsa.verify(&signature, &mut digest)?; // EBADMSG if it does not verify
/// assert_eq!(&digest[..n], afalg::digest("sha256", b"signed message")?.as_slice());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Rsa {
    padding: Padding,
    loaded: Option<Arc<Loaded>>,
}

impl Rsa {
    /// A transformation for the algorithm name `name` (`rsa`, `rsa-generic`,
    /// `pkcs1pad(rsa,sha256)`, `pkcs1(rsa,sha256)`, ...); `ENOENT` for a name that is not RSA.
    /// No key yet.
    pub fn new(name: &str) -> Result<Rsa> {
        let padding = pkcs1::parse_rsa_name(name).ok_or(Errno::ENOENT)?;
        Ok(Rsa { padding, loaded: None })
    }

    /// Load a BER PKCS#1 `RSAPrivateKey`; returns the modulus size in bytes. `EINVAL` for a
    /// key that does not parse or whose size the kernel cannot use (it computes with 512, 1024,
    /// 1536, 2048, 3072 and 4096-bit moduli only), `ENOPKG` (and a logged line naming the
    /// module) when the kernel cannot parse private keys (`pkcs8_key_parser` not loaded).
    pub fn set_private_key(&mut self, der: &[u8]) -> Result<usize> {
        self.loaded = None;
        let key = asn1::rsa_private_key(der).map_err(malformed)?;
        check_modulus(key.n)?;
        let p8 = asn1::pkcs8_from_rsa_private_key(key.encoding);
        self.load(&p8, true).map_err(|e| {
            if e != Errno::EBADMSG {
                return e;
            }
            klog!(ERR, "RSA private key: the kernel cannot parse PKCS#8 keys: load the module pkcs8_key_parser (modprobe pkcs8_key_parser, as root)");
            Errno::ENOPKG
        })
    }

    /// Load a BER PKCS#1 `RSAPublicKey`; returns the modulus size in bytes. `EINVAL` as for
    /// [`set_private_key`](Rsa::set_private_key).
    pub fn set_public_key(&mut self, der: &[u8]) -> Result<usize> {
        self.loaded = None;
        let key = asn1::rsa_public_key(der).map_err(malformed)?;
        check_modulus(key.n)?;
        self.load(&asn1::certificate_from_rsa_public_key(key.encoding), false)
    }

    /// Load a framed key (the old one is already gone: a failed re-key leaves no key).
    fn load(&mut self, payload: &[u8], private: bool) -> Result<usize> {
        let key = KeyringKey(pkey::add_key("asymmetric", &key_description("rsa"), payload, PROCESS_KEYRING)?);
        let info = pkey::pkey_query(key.0, "enc=raw")?;
        self.adopt(key.0, Some(key), private, info.key_size)
    }

    fn adopt(&mut self, serial: Serial, owned: Option<KeyringKey>, private: bool, bits: u32) -> Result<usize> {
        let size = (bits as usize).div_ceil(8);
        if size == 0 {
            return Err(Errno::EINVAL);
        }
        self.loaded = Some(Arc::new(Loaded { serial, _owned: owned, private, size }));
        Ok(size)
    }

    /// Use the `asymmetric` key `serial` that is already in a keyring the caller possesses
    /// (from keyctl(1), add_key(2) or a request-key helper): nothing is added, and the key is
    /// left as it is when the transformation goes. Returns the modulus size in bytes.
    /// `ENOKEY` for an unknown serial, `EACCES` for a key not possessed, `ENOPROTOOPT` for a key
    /// of another type, `EKEYREVOKED` for a revoked key.
    pub fn set_key_serial(&mut self, serial: Serial) -> Result<usize> {
        self.loaded = None;
        let info = pkey::pkey_query(serial, "enc=raw").map_err(|e| {
            if e.0 == libc::EOPNOTSUPP {
                Errno(libc::ENOPROTOOPT)
            } else {
                e
            }
        })?;
        // KEYCTL_SUPPORTS_DECRYPT | KEYCTL_SUPPORTS_SIGN: the kernel has the private half.
        let private = info.supported_ops & 0x06 != 0;
        self.adopt(serial, None, private, info.key_size)
    }

    /// A second transformation with the same padding sharing this one's key, if any.
    pub fn try_clone(&self) -> Result<Rsa> {
        Ok(Rsa { padding: self.padding, loaded: self.loaded.clone() })
    }

    /// Run operation `op` (see [`encrypt`](Rsa::encrypt), [`decrypt`](Rsa::decrypt),
    /// [`sign`](Rsa::sign), [`verify`](Rsa::verify)).
    pub fn op(&self, op: AkOp, input: &[u8], out: &mut [u8]) -> Result<usize> {
        match op {
            AkOp::Encrypt => self.encrypt(input, out),
            AkOp::Decrypt => self.decrypt(input, out),
            AkOp::Sign => self.sign(input, out),
            AkOp::Verify => self.verify(input, out),
        }
    }

    /// The modulus size in bytes, once a key is set.
    pub fn key_size(&self) -> Option<usize> {
        self.loaded.as_ref().map(|l| l.size)
    }

    /// Whether the key set is a private key.
    pub fn has_private_key(&self) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.private)
    }

    /// `EINVAL` (as the kernel's RSA answers) for a key without its private half; `ENOKEY`
    /// without a key.
    fn need_private(&self) -> Result<()> {
        if self.loaded()?.private {
            Ok(())
        } else {
            Err(Errno::EINVAL)
        }
    }

    fn loaded(&self) -> Result<&Loaded> {
        self.loaded.as_deref().ok_or(Errno::ENOKEY)
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
        let n = pkey::pkey_op(op, l.serial, params, input, l.size, &mut tmp)?;
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
        self.need_private()?;
        self.run(PkeyOp::Decrypt, &self.params(false), input, out)
    }

    /// Sign: for PKCS#1 with a hash, `input` is the digest (the kernel adds the DigestInfo);
    /// without a hash, the data to pad; raw, a block to raise to the private exponent. The
    /// signature (modulus size) goes to `out`. A digest whose size is not the hash's is
    /// `EINVAL` (the kernel would sign it, and the signature would never verify).
    pub fn sign(&self, input: &[u8], out: &mut [u8]) -> Result<usize> {
        self.need_private()?;
        if self.hash().is_some_and(|h| h.digest_len != input.len()) {
            return Err(Errno::EINVAL);
        }
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

/// The four operations of an RSA transformation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AkOp {
    /// [`Rsa::encrypt`].
    Encrypt,
    /// [`Rsa::decrypt`].
    Decrypt,
    /// [`Rsa::sign`].
    Sign,
    /// [`Rsa::verify`].
    Verify,
}

/// Input gathered by libkcapi's stream functions for one operation.
#[derive(Debug, Default)]
struct StreamInput {
    op: Option<AkOp>,
    data: Vec<u8>,
}

impl StreamInput {
    /// Append `parts`, never reallocating in a way that leaves a copy behind.
    fn push(&mut self, parts: &[&[u8]]) -> Result<usize> {
        let n = parts.iter().try_fold(0usize, |a, p| a.checked_add(p.len())).ok_or(Errno::EMSGSIZE)?;
        let need = self.data.len().checked_add(n).ok_or(Errno::EMSGSIZE)?;
        if need > self.data.capacity() {
            let mut bigger = Vec::with_capacity(need.max(2 * self.data.capacity()));
            bigger.extend_from_slice(&self.data);
            crate::core::memset_secure(&mut self.data, 0);
            self.data = bigger;
        }
        for p in parts {
            self.data.extend_from_slice(p);
        }
        Ok(n)
    }

    fn clear(&mut self) {
        crate::core::memset_secure(&mut self.data, 0);
        self.data.clear();
        self.op = None;
    }
}

impl Drop for StreamInput {
    fn drop(&mut self) {
        self.clear();
    }
}

/// An RSA transformation with libkcapi's stream state: the input of one operation is gathered
/// by [`stream_init`](RsaSession::stream_init) and [`stream_update`](RsaSession::stream_update)
/// (copied, wiped afterwards) and processed by [`stream_op`](RsaSession::stream_op). The
/// stream methods take `&self` (one thread may send while another receives).
#[derive(Debug)]
pub struct RsaSession {
    /// The transformation.
    pub rsa: Rsa,
    stream: Mutex<StreamInput>,
}

impl RsaSession {
    /// A session around `rsa`.
    pub fn new(rsa: Rsa) -> RsaSession {
        RsaSession { rsa, stream: Mutex::new(StreamInput::default()) }
    }

    fn stream(&self) -> MutexGuard<'_, StreamInput> {
        self.stream.lock()
    }

    /// Start operation `op` with the first input `parts` (possibly none); the bytes taken.
    /// Any unfinished earlier stream is discarded.
    pub fn stream_init(&self, op: AkOp, parts: &[&[u8]]) -> Result<usize> {
        self.rsa.loaded()?;
        let mut s = self.stream();
        s.clear();
        s.op = Some(op);
        s.push(parts)
    }

    /// More input for the started operation; `EINVAL` without one.
    pub fn stream_update(&self, parts: &[&[u8]]) -> Result<usize> {
        let mut s = self.stream();
        if s.op.is_none() {
            return Err(Errno::EINVAL);
        }
        s.push(parts)
    }

    /// Run the started operation on all input gathered; `room` is the size of the caller's
    /// output buffers together, which must hold the modulus size (`EINVAL` otherwise, as
    /// without a started operation). The stream ends either way. The result is wiped when
    /// dropped.
    pub fn stream_op(&self, room: usize) -> Result<Secret> {
        let (op, input) = {
            let mut s = self.stream();
            let op = s.op.take().ok_or(Errno::EINVAL)?;
            (op, Secret::from(::core::mem::take(&mut s.data)))
        };
        self.run(op, &input, room)
    }

    /// Run `op` on `input` when the caller's output holds `room` bytes: the result (wiped
    /// when dropped). `EINVAL` when `room` is below the modulus size.
    pub fn run(&self, op: AkOp, input: &[u8], room: usize) -> Result<Secret> {
        let size = self.rsa.key_size().ok_or(Errno::ENOKEY)?;
        if room < size {
            return Err(Errno::EINVAL);
        }
        let mut result = Secret::zeroed(size);
        let n = self.rsa.op(op, input, &mut result)?;
        result.truncate(n);
        Ok(result)
    }
}
