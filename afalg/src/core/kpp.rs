//! Finite-field Diffie-Hellman through the kernel's key retention service: the prime, the
//! generator and the private value are `user` keys in the process keyring and every
//! computation is `keyctl(KEYCTL_DH_COMPUTE)`, as AF_ALG has no `kpp` type in mainline
//! kernels. ECDH has no keyring route.
//!
//! The kernel accepts any peer value as the base of a computation; this type refuses 0, 1,
//! p − 1 and values ≥ p (`EINVAL`) before the kernel sees them.

use crate::core::akcipher::{key_description, malformed, KeyringKey};
use crate::core::asn1;
use crate::error::{Errno, Result};
use crate::prelude::*;
use crate::sys::pkey::{self, PROCESS_KEYRING};
use alloc::sync::Arc;

/// Smallest prime the kernel's DH accepts, in bits (smaller ones fail every computation).
pub const MIN_PRIME_BITS: usize = 1536;

#[derive(Debug)]
struct Group {
    prime: KeyringKey,
    base: KeyringKey,
    /// The prime's magnitude (public), for checking peer values.
    p: Vec<u8>,
}

/// A DH key agreement: PKCS#3 parameters, a private value, and the two computations.
/// [`try_clone`](Dh::try_clone) gives a second value sharing the keys.
///
/// ```no_run
/// # fn main() -> afalg::Result<()> {
/// # let (pkcs3_der, peer_public) = (vec![0u8; 264], vec![0u8; 256]);
/// let mut dh = afalg::Dh::new("dh")?;
/// let size = dh.set_params_pkcs3(&pkcs3_der)?; // e.g. `openssl dhparam -outform DER 2048`
/// dh.generate_private_key()?; // stays in the kernel
/// let mut mine = vec![0u8; size];
/// dh.public_value(&mut mine)?; // send to the peer
/// let mut secret = vec![0u8; size];
/// dh.shared_secret(&peer_public, &mut secret)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Dh {
    group: Option<Arc<Group>>,
    private: Option<Arc<KeyringKey>>,
}

/// A `user` key holding `data` in the process keyring.
fn user_key(what: &str, data: &[u8]) -> Result<KeyringKey> {
    pkey::add_key("user", &key_description(what), data, PROCESS_KEYRING).map(KeyringKey)
}

impl Dh {
    /// A key agreement for `name`: `dh` or a DH driver name (`dh-generic`); `ENOENT` for any
    /// other name, ECDH included.
    pub fn new(name: &str) -> Result<Dh> {
        if name == "dh" || name.strip_prefix("dh-").is_some_and(|d| !d.is_empty()) {
            Ok(Dh { group: None, private: None })
        } else {
            Err(Errno::ENOENT)
        }
    }

    /// Set the group from a BER PKCS#3 `DHParameter`; returns the prime's size in bytes.
    /// `EINVAL` for a prime below 1536 bits (the kernel's minimum) or an even one, or for a
    /// structure that does not parse. The private value, if any, is kept.
    pub fn set_params_pkcs3(&mut self, der: &[u8]) -> Result<usize> {
        let params = asn1::dh_parameter(der).map_err(malformed)?;
        let p = params.p;
        let bits = p.len() * 8 - p[0].leading_zeros() as usize;
        if bits < MIN_PRIME_BITS || p[p.len() - 1] & 1 == 0 || asn1::cmp_magnitude(params.g, p).is_ge() {
            return Err(Errno::EINVAL);
        }
        self.group = None;
        let prime = user_key("dh-p", p)?;
        let base = user_key("dh-g", params.g)?;
        self.group = Some(Arc::new(Group { prime, base, p: p.to_vec() }));
        Ok(p.len())
    }

    /// The prime's size in bytes (every output has this size), once parameters are set.
    pub fn size(&self) -> Option<usize> {
        self.group.as_ref().map(|g| g.p.len())
    }

    /// Set the private value (big-endian, not zero). The value goes straight into the kernel.
    pub fn set_private_key(&mut self, x: &[u8]) -> Result<()> {
        if asn1::strip_zeros(x).is_empty() {
            return Err(Errno::EINVAL);
        }
        self.private = None;
        self.private = Some(Arc::new(user_key("dh-x", x)?));
        Ok(())
    }

    /// Choose a random private value (from `getrandom(2)`, one bit shorter than the prime, so
    /// below p − 1; at least 2) and keep it in the kernel; the bytes are wiped at once.
    /// `EINVAL` without parameters.
    pub fn generate_private_key(&mut self) -> Result<()> {
        let p = &self.group.as_ref().ok_or(Errno::EINVAL)?.p;
        let bits = p.len() * 8 - p[0].leading_zeros() as usize;
        let mut x = crate::core::Secret::zeroed(p.len());
        crate::sys::random::getrandom(&mut x)?;
        // Keep bits - 1 bits: clear the excess high bits, then make sure x >= 2.
        let excess = p.len() * 8 - (bits - 1);
        for (i, b) in x.iter_mut().enumerate() {
            let high = (i * 8).min(excess);
            let clear = (excess - high).min(8);
            *b &= 0xffu8.checked_shr(clear as u32).unwrap_or(0);
        }
        if let Some(last) = x.last_mut() {
            *last |= 2;
        }
        self.set_private_key(&x)
    }

    /// A second key agreement sharing this one's parameters and private value.
    pub fn try_clone(&self) -> Result<Dh> {
        Ok(Dh { group: self.group.clone(), private: self.private.clone() })
    }

    fn compute(&self, base: &KeyringKey, out: &mut [u8]) -> Result<usize> {
        let group = self.group.as_ref().ok_or(Errno::EINVAL)?;
        let private = self.private.as_ref().ok_or(Errno::ENOKEY)?;
        let size = group.p.len();
        let out = out.get_mut(..size).ok_or(Errno::EOVERFLOW)?;
        let n = pkey::dh_compute(private.0, group.prime.0, base.0, out)?;
        // Right-align a shorter result (leading zeros kept: outputs have the prime's size).
        out.copy_within(..n, size - n);
        out[..size - n].fill(0);
        Ok(size)
    }

    /// This side's public value g^x mod p into `out` (the prime's size).
    pub fn public_value(&self, out: &mut [u8]) -> Result<usize> {
        let group = self.group.as_ref().ok_or(Errno::EINVAL)?;
        self.compute(&group.base, out)
    }

    /// The shared secret peer^x mod p into `out` (the prime's size); `EINVAL` for a peer value
    /// that is 0, 1, p − 1 or not below p.
    pub fn shared_secret(&self, peer: &[u8], out: &mut [u8]) -> Result<usize> {
        let group = self.group.as_ref().ok_or(Errno::EINVAL)?;
        if !asn1::dh_peer_value_ok(peer, &group.p) {
            return Err(Errno::EINVAL);
        }
        let base = user_key("dh-peer", asn1::strip_zeros(peer))?;
        self.compute(&base, out)
    }
}
