//! The safe core: handles, transformations and operations as Rust types. No raw pointers;
//! all kernel access goes through [`crate::sys`].

use crate::prelude::*;
use ::core::ops::{Deref, DerefMut};

pub mod aead;
pub mod akcipher;
pub mod asn1;
pub mod cipher;
pub mod handle;
pub mod hash;
pub mod info;
pub mod kdf;
pub mod keyring;
pub mod kpp;
pub mod log;
pub mod op;
pub mod pkcs1;
pub mod rng;

/// libkcapi version this library implements.
pub const VERSION_MAJOR: u32 = 1;
/// Minor version.
pub const VERSION_MINOR: u32 = 5;
/// Patch level.
pub const VERSION_PATCH: u32 = 1;
/// `libkcapi 1.5.1`.
pub const VERSION_STRING: &str = "libkcapi 1.5.1";
/// Machine-usable version number: `major·1000000 + minor·10000 + patch·100`.
pub const VERSION_NUMBER: u32 = VERSION_MAJOR * 1_000_000 + VERSION_MINOR * 10_000 + VERSION_PATCH * 100;

/// Fill `buf` with `c` in a way the compiler cannot elide (for wiping secrets).
pub fn memset_secure(buf: &mut [u8], c: u8) {
    crate::sys::mem::wipe(buf, c);
}

/// A heap buffer for secret intermediates, wiped when dropped.
pub struct Secret(Vec<u8>);

impl Secret {
    /// `len` zero bytes.
    pub fn zeroed(len: usize) -> Secret {
        Secret(vec![0; len])
    }
}

impl Secret {
    /// A copy of `data` (wiped when dropped).
    pub fn copy_of(data: &[u8]) -> Secret {
        Secret(data.to_vec())
    }

    /// Shorten to `len` bytes; the bytes cut off are wiped first.
    pub fn truncate(&mut self, len: usize) {
        if len < self.0.len() {
            memset_secure(&mut self.0[len..], 0);
            self.0.truncate(len);
        }
    }
}

impl From<Vec<u8>> for Secret {
    /// Take ownership of `v` (no copy is made; its contents are wiped on drop).
    fn from(v: Vec<u8>) -> Secret {
        Secret(v)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        memset_secure(&mut self.0, 0);
    }
}

impl Deref for Secret {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl DerefMut for Secret {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_derefs() {
        let mut s = Secret::zeroed(4);
        s[1] = 7;
        assert_eq!(&*s, &[0, 7, 0, 0]);
    }
}
