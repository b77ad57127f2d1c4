//! kcapi-rs extensions (not in libkcapi): keys held in the kernel's keyring for hash, cipher,
//! AEAD and RSA handles, and the lookup of a key's serial. They are exported under their own version
//! node (`abi/kcapi-rs.symbols`), declared in the header after all of libkcapi's functions.

use super::{akcipher, kcapi_handle, ret_int, ret_val, typed};
use ::core::ffi::CStr;
use afalg::__capi::{AlgType, Errno, Result};
use afalg::keyring;
use libc::{c_char, c_int};

/// Flag for kcapi_keyring_search() (a kcapi-rs extension): a key that is not found is requested with request_key(2),
/// so that a configured request-key helper may instantiate it.
pub const KCAPI_KEYRING_REQUEST: u32 = 1;

/// Set the key of a handle of `kind` from the kernel key `serial`.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call.
unsafe fn setkey_by_serial(handle: *mut kcapi_handle, kind: AlgType, serial: i32) -> c_int {
    // SAFETY: forwarded caller contract.
    ret_int(unsafe { typed(handle, kind) }.and_then(|h| h.setkey_by_serial(serial)))
}

/// kcapi_md_setkey_by_serial - set the key of a keyed message digest from the kernel keyring
///
/// A kcapi-rs extension. Sets the key of the keyed digest (for example "hmac(sha256)" or
/// "cmac(aes)") from the key with serial number @serial in the kernel's key retention
/// service: a "user", "logon", "encrypted" or "trusted" key the caller possesses (from
/// add_key(2), keyctl(1), a request-key helper, or kcapi_keyring_search()). Since Linux 6.2
/// the kernel copies the key into the transformation itself (ALG_SET_KEY_BY_KEY_SERIAL) and
/// the key bytes never enter the process. Older kernels lack that option: for a "user" key
/// the caller may read, the library then reads the key into a buffer that it wipes right
/// after the ordinary setkey (the key transits user space); other key types fail with
/// -ENOPROTOOPT and an error is logged. Which of the two the kernel offers is probed once
/// per process. The key is copied when it is set: revoking, invalidating or updating the
/// key later does not affect this handle or handles made from it with kcapi_handle_reinit().
///
/// @handle: [in] message digest handle
/// @serial: [in] serial number (key_serial_t) of the key
///
/// Return: 0 on success; -ENOKEY for a serial that names no key, -EKEYREVOKED for a
/// revoked key, -EKEYEXPIRED for an expired one, -EACCES for a key the caller does not
/// possess, -ENOPROTOOPT for a key of another type (a keyring, an "asymmetric" key) or, before
/// Linux 6.2, a key that is not a "user" key; -EINVAL for a key size the algorithm rejects or a
/// NULL handle or one of another type, -ENOSYS for a hash that takes no key, -EBUSY once the
/// handle (or a handle sharing its transformation) has been used.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_md_setkey_by_serial(handle: *mut kcapi_handle, serial: i32) -> c_int {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { setkey_by_serial(handle, AlgType::Hash, serial) }
}

/// kcapi_cipher_setkey_by_serial - set the key of a symmetric cipher from the kernel keyring
///
/// A kcapi-rs extension. Sets the key of the cipher from the key with serial number @serial
/// in the kernel's key retention service, as kcapi_md_setkey_by_serial() describes: since
/// Linux 6.2 the key bytes never enter the process; before, only a readable "user" key can
/// be used and passes through a buffer that is wiped at once. The key is copied when it is
/// set: revoking or invalidating it later does not affect the handle.
///
/// @handle: [in] symmetric cipher handle
/// @serial: [in] serial number (key_serial_t) of the key
///
/// Return: 0 on success; -ENOKEY, -EKEYREVOKED, -EKEYEXPIRED, -EACCES or -ENOPROTOOPT as for
/// kcapi_md_setkey_by_serial(); -EINVAL for a key size the cipher rejects (e.g. 20 bytes for
/// AES) or a NULL handle or one of another type; -EBUSY once the handle has been used.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_setkey_by_serial(handle: *mut kcapi_handle, serial: i32) -> c_int {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { setkey_by_serial(handle, AlgType::Skcipher, serial) }
}

/// kcapi_aead_setkey_by_serial - set the key of an AEAD cipher from the kernel keyring
///
/// A kcapi-rs extension. Sets the key of the AEAD cipher from the key with serial number
/// @serial in the kernel's key retention service, as kcapi_md_setkey_by_serial() describes.
/// The key holds what kcapi_aead_setkey() would take (for "authenc(...)" the rtattr-encoded
/// key pair, for "rfc4106(gcm(aes))" the AES key followed by the salt). The tag size is set
/// separately with kcapi_aead_settaglen().
///
/// @handle: [in] AEAD cipher handle
/// @serial: [in] serial number (key_serial_t) of the key
///
/// Return: 0 on success; -ENOKEY, -EKEYREVOKED, -EKEYEXPIRED, -EACCES or -ENOPROTOOPT as for
/// kcapi_md_setkey_by_serial(); -EINVAL for a key the cipher rejects or a NULL handle or one
/// of another type; -EBUSY once the handle has been used.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_setkey_by_serial(handle: *mut kcapi_handle, serial: i32) -> c_int {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { setkey_by_serial(handle, AlgType::Aead, serial) }
}

/// A C string argument as UTF-8; NULL or not UTF-8 is `EINVAL`.
///
/// # Safety
/// `s` must be NULL or point to a NUL-terminated string that stays valid for `'a`.
unsafe fn text<'a>(s: *const c_char) -> Result<&'a str> {
    if s.is_null() {
        return Err(Errno::EINVAL);
    }
    // SAFETY: s is non-NULL and the caller guarantees NUL termination and lifetime.
    unsafe { CStr::from_ptr(s) }.to_str().map_err(|_| Errno::EINVAL)
}

/// kcapi_akcipher_setkey_by_serial - use an RSA key that is already in the kernel keyring
///
/// A kcapi-rs extension. Makes the RSA handle use the "asymmetric" key with serial number
/// @serial (added with keyctl(1) padd, add_key(2) or a request-key helper, in a keyring the
/// caller possesses) instead of a key given as bytes: nothing is added to a keyring and no key
/// material passes through the library. A key with its private half (for example one parsed
/// from PKCS#8, or held by a hardware-backed key subtype) can decrypt and sign, a public key
/// encrypts and verifies. The key is used by reference: revoking or invalidating it makes
/// later operations fail (-EKEYREVOKED, -ENOKEY), and destroying the handle leaves it in place.
///
/// @handle: [in] RSA handle (kcapi_akcipher_init())
/// @serial: [in] serial number (key_serial_t) of the asymmetric key
///
/// Return: the modulus size in bytes on success; -ENOKEY for a serial that names no key,
/// -EKEYREVOKED for a revoked key, -EACCES for a key the caller does not possess,
/// -ENOPROTOOPT for a key that is not an asymmetric key, -EINVAL for a NULL handle or one of
/// another type, or another negative errno of keyctl(2).
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_setkey_by_serial(handle: *mut kcapi_handle, serial: i32) -> c_int {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    ret_val(unsafe { akcipher::session(handle) }.and_then(|s| s.rsa.set_key_serial(serial)))
}

/// kcapi_keyring_search - find the serial number of a key in the kernel keyring
///
/// A kcapi-rs extension. Looks up the key of type @type (for example "user" or "logon")
/// described @description, for callers that know a key by its description rather than its
/// serial number. With @keyring 0 the caller's keyrings are searched as the kernel does for
/// request_key(2): the thread, process and session keyrings and the keyrings they link.
/// Otherwise only @keyring (a keyring's serial or a special id such as
/// KEY_SPEC_USER_KEYRING, -4) and the keyrings it links are searched (KEYCTL_SEARCH). With
/// KCAPI_KEYRING_REQUEST in @flags, a key that is not found is requested with request_key(2)
/// (empty callout information), so that a request-key helper configured in
/// request-key.conf(5) may instantiate it. Only the serial number is returned; no key
/// material passes through the library.
///
/// @type: [in] key type, e.g. "user", "logon", "encrypted", "trusted"
/// @description: [in] the key's description
/// @keyring: [in] 0 for the caller's keyrings, else the keyring to search
/// @flags: [in] 0 or KCAPI_KEYRING_REQUEST
///
/// Return: the key's serial number (positive) on success; -ENOKEY when no such key is found
/// (nor instantiated), -EKEYREVOKED or -EKEYEXPIRED when the only match is revoked or
/// expired (also for a key invalidated a moment ago, until the kernel has collected it),
/// -ENOENT with KCAPI_KEYRING_REQUEST when no request-key helper is installed (the kernel's
/// upcall fails), -EACCES when @keyring may not be searched, -EINVAL for a NULL or non-UTF-8
/// string or unknown @flags, or another negative errno of the key retention service.
#[doc = safety!(c_str!("type"), c_str!("description"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_keyring_search(
    r#type: *const c_char,
    description: *const c_char,
    keyring: i32,
    flags: u32,
) -> i32 {
    let run = || -> Result<usize> {
        if flags & !KCAPI_KEYRING_REQUEST != 0 {
            return Err(Errno::EINVAL);
        }
        // SAFETY: the caller guarantees NULL or NUL-terminated strings (# Safety above).
        let (t, d) = unsafe { (text(r#type)?, text(description)?) };
        let found = match keyring {
            0 => keyring::search(t, d),
            k => keyring::search_keyring(k, t, d),
        };
        let serial = match found {
            Err(Errno::ENOKEY) if flags & KCAPI_KEYRING_REQUEST != 0 => keyring::request(t, d, ""),
            r => r,
        }?;
        usize::try_from(serial).map_err(|_| Errno::EINVAL)
    };
    super::ret_val(run())
}
