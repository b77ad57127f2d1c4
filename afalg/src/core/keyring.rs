//! Keys that stay in the kernel: the key of a hash, cipher or AEAD transformation taken from
//! the kernel's key retention service by the key's serial number, and lookups of a key's
//! serial by its type and description.
//!
//! Since Linux 6.2 AF_ALG takes a key by serial (`ALG_SET_KEY_BY_KEY_SERIAL`) from `user`,
//! `logon`, `encrypted` and `trusted` keys: the kernel copies the payload into the
//! transformation and the key bytes never enter the process. Older kernels do not know the
//! option (`ENOPROTOOPT`); there a `user` key the caller may read is read into a buffer that is
//! wiped right after the ordinary setkey (the key then transits user space), and the other
//! types fail with `ENOPROTOOPT`. Whether the kernel has the option is probed once per
//! process.
//!
//! The key is copied into the transformation when it is set: revoking, invalidating or
//! updating the key afterwards does not change a transformation that has it already.
//!
//! ```
//! # if afalg::available().is_err() { return Ok(()); }
//! use afalg::{keyring, Hash};
//!
//! // Normally the system's key management put the key there; here we add it ourselves.
//! let Ok(serial) = keyring::add("user", "afalg-doc:hmac", b"key", keyring::PROCESS) else {
//!     return Ok(()); // no key retention service (or no quota) here
//! };
//! assert_eq!(keyring::search("user", "afalg-doc:hmac")?, serial);
//! let mut mac = Hash::new("hmac(sha256)")?;
//! mac.set_key_by_serial(serial)?;
//! mac.update(b"The quick brown fox jumps over the lazy dog")?;
//! assert_eq!(mac.finalize()?[..4], [0xf7, 0xbc, 0x83, 0xf4]);
//! keyring::invalidate(serial)?;
//! # Ok::<(), afalg::Errno>(())
//! ```

use crate::core::handle::Handle;
use crate::core::log::{DEBUG, ERR, VERBOSE};
use crate::core::Secret;
use crate::error::{Errno, Result};
use crate::klog;
use crate::sys::{alg, keyctl};
use ::core::sync::atomic::{AtomicU8, Ordering};

/// A key's serial number (`key_serial_t`): positive for a key, negative for the special
/// keyring ids below.
pub type Serial = i32;

/// The calling thread's keyring (`KEY_SPEC_THREAD_KEYRING`).
pub const THREAD: Serial = keyctl::KEY_SPEC_THREAD_KEYRING;
/// The calling process's keyring (`KEY_SPEC_PROCESS_KEYRING`).
pub const PROCESS: Serial = keyctl::KEY_SPEC_PROCESS_KEYRING;
/// The session keyring (`KEY_SPEC_SESSION_KEYRING`), shared with child processes.
pub const SESSION: Serial = keyctl::KEY_SPEC_SESSION_KEYRING;
/// The caller's UID-specific keyring (`KEY_SPEC_USER_KEYRING`).
pub const USER: Serial = keyctl::KEY_SPEC_USER_KEYRING;
/// The caller's UID-session keyring (`KEY_SPEC_USER_SESSION_KEYRING`).
pub const USER_SESSION: Serial = keyctl::KEY_SPEC_USER_SESSION_KEYRING;

/// Not probed yet.
const UNKNOWN: u8 = 0;
/// The kernel has `ALG_SET_KEY_BY_KEY_SERIAL`.
const YES: u8 = 1;
/// The kernel does not have it (before Linux 6.2).
const NO: u8 = 2;

/// Whether the kernel takes keys by serial: learnt from the first call that tells, for the
/// whole process.
static BY_SERIAL: AtomicU8 = AtomicU8::new(UNKNOWN);

impl Handle {
    /// Set the key of the shared transformation from the kernel key `serial` (see the module
    /// documentation): `ENOKEY` for an unknown serial, `EKEYREVOKED` for a revoked key,
    /// `EACCES` for a key the caller does not possess, `ENOPROTOOPT` for a key of another type
    /// (or a `logon`/`encrypted`/`trusted` key before Linux 6.2), `EINVAL` for a key size the
    /// algorithm rejects, `EBUSY` once an operation socket exists.
    pub fn setkey_by_serial(&mut self, serial: Serial) -> Result<()> {
        if BY_SERIAL.load(Ordering::Relaxed) != NO {
            let r = self.tfm_setsockopt(alg::ALG_SET_KEY_BY_KEY_SERIAL, Some(&serial.to_ne_bytes()), 4);
            klog!(
                DEBUG,
                "AF_ALG setkey by key serial: setsockopt syscall returned {}",
                r.map_or_else(|e| e.neg(), |_| 0)
            );
            match r {
                Ok(()) => {
                    BY_SERIAL.store(YES, Ordering::Relaxed);
                    return Ok(());
                }
                Err(e) if e != Errno::ENOPROTOOPT || self.kernel_takes_serials() => return Err(e),
                Err(_) => {}
            }
        }
        self.setkey_from_user_key(serial)
    }

    /// After `ENOPROTOOPT` from `ALG_SET_KEY_BY_KEY_SERIAL`: does the kernel know the option
    /// (then the key had the wrong type)? Asked once per process: a kernel that knows it
    /// answers a 0-byte option value with `EINVAL`, an older one with `ENOPROTOOPT` again.
    fn kernel_takes_serials(&self) -> bool {
        match BY_SERIAL.load(Ordering::Relaxed) {
            YES => return true,
            NO => return false,
            _ => {}
        }
        let yes = self.tfm_setsockopt(alg::ALG_SET_KEY_BY_KEY_SERIAL, None, 0) != Err(Errno::ENOPROTOOPT);
        klog!(VERBOSE, "AF_ALG: the kernel {} ALG_SET_KEY_BY_KEY_SERIAL", if yes { "has" } else { "lacks" });
        BY_SERIAL.store(if yes { YES } else { NO }, Ordering::Relaxed);
        yes
    }

    /// The fallback before Linux 6.2: a `user` key is read into a buffer that is wiped after
    /// the ordinary setkey; other types cannot be used.
    fn setkey_from_user_key(&mut self, serial: Serial) -> Result<()> {
        let desc = keyctl::describe(serial)?;
        let ktype = desc.split(';').next().unwrap_or_default();
        match ktype {
            "user" => {}
            "logon" | "encrypted" | "trusted" => {
                klog!(
                    ERR,
                    "AF_ALG: this kernel (before Linux 6.2) cannot take the {ktype} key {serial} from the keyring"
                );
                return Err(Errno::ENOPROTOOPT);
            }
            _ => return Err(Errno::ENOPROTOOPT),
        }
        klog!(VERBOSE, "AF_ALG: kernel before Linux 6.2: user key {serial} passes through memory (wiped after setkey)");
        let mut buf = Secret::zeroed(256);
        loop {
            let n = keyctl::read(serial, &mut buf)?;
            if n <= buf.len() {
                return self.setkey(&buf[..n]);
            }
            buf = Secret::zeroed(n);
        }
    }
}

/// The serial of the key of type `key_type` (`user`, `logon`, …) described `description` in
/// the caller's keyrings (thread, process, session keyring and what they link, as the kernel
/// searches them for `request_key(2)`), without asking a request-key helper. `ENOKEY` when
/// there is none, `EKEYREVOKED` or `EKEYEXPIRED` when the only match is revoked or expired.
pub fn search(key_type: &str, description: &str) -> Result<Serial> {
    keyctl::request_key(key_type, description, None, 0)
}

/// [`search`] in one keyring (`KEYCTL_SEARCH`): `keyring` is a keyring's serial or one of
/// [`THREAD`], [`PROCESS`], [`SESSION`], [`USER`], [`USER_SESSION`]; the keyrings it links are
/// searched too.
pub fn search_keyring(keyring: Serial, key_type: &str, description: &str) -> Result<Serial> {
    keyctl::search(keyring, key_type, description, 0)
}

/// Like [`search`], but a key that is not found is requested from user space with
/// `request_key(2)`: the system's request-key helper (`/sbin/request-key`, configured in
/// `/etc/request-key.conf`) may instantiate it, given `callout_info`. No key material passes
/// through the calling process.
pub fn request(key_type: &str, description: &str, callout_info: &str) -> Result<Serial> {
    keyctl::request_key(key_type, description, Some(callout_info), 0)
}

/// Add (or update) a key of `key_type` described `description` holding `payload` to
/// `keyring` (`add_key(2)`); returns its serial. `payload` is not kept.
pub fn add(key_type: &str, description: &str, payload: &[u8], keyring: Serial) -> Result<Serial> {
    keyctl::add_key(key_type, description, payload, keyring)
}

/// Revoke a key: from then on it gives `EKEYREVOKED` (a transformation keyed before keeps
/// its copy).
pub fn revoke(serial: Serial) -> Result<()> {
    keyctl::revoke(serial)
}

/// Invalidate a key: it is gone at once (`ENOKEY`; a transformation keyed before keeps its
/// copy).
pub fn invalidate(serial: Serial) -> Result<()> {
    keyctl::invalidate(serial)
}
