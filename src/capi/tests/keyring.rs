//! The kcapi-rs extensions for keyring-held keys (`abi/kcapi-rs.symbols`).

use super::{detached, EINVAL, ENOTSOCK};
use crate::capi::keyring;
use afalg::__capi::AlgType;
use std::ptr::{null, null_mut};

pub(super) fn cases() {
    let h = detached(AlgType::Hash, 0);
    let skc = detached(AlgType::Skcipher, 0);
    let aead = detached(AlgType::Aead, 0);

    // NULL and handles of another type: EINVAL before any syscall.
    for bad in [null_mut(), skc] {
        neg!(keyring::kcapi_md_setkey_by_serial(bad, 1) => EINVAL);
        neg!(keyring::kcapi_aead_setkey_by_serial(bad, 1) => EINVAL);
    }
    for bad in [null_mut(), h] {
        neg!(keyring::kcapi_cipher_setkey_by_serial(bad, 1) => EINVAL);
        neg!(keyring::kcapi_akcipher_setkey_by_serial(bad, 1) => EINVAL);
    }
    // A handle of the right type hands the serial to the kernel (ENOTSOCK: no socket here).
    neg!(keyring::kcapi_md_setkey_by_serial(h, 1) => ENOTSOCK);
    neg!(keyring::kcapi_cipher_setkey_by_serial(skc, -3) => ENOTSOCK);
    neg!(keyring::kcapi_aead_setkey_by_serial(aead, 0) => ENOTSOCK);

    // The lookup refuses NULL and non-UTF-8 strings and unknown flags before any syscall.
    let bad_utf8 = c"\xff\xfe";
    neg!(keyring::kcapi_keyring_search(null(), c"x".as_ptr(), 0, 0) => EINVAL);
    neg!(keyring::kcapi_keyring_search(c"user".as_ptr(), null(), 0, 0) => EINVAL);
    neg!(keyring::kcapi_keyring_search(bad_utf8.as_ptr(), c"x".as_ptr(), 0, 0) => EINVAL);
    neg!(keyring::kcapi_keyring_search(c"user".as_ptr(), bad_utf8.as_ptr(), -3, 0) => EINVAL);
    neg!(keyring::kcapi_keyring_search(c"user".as_ptr(), c"x".as_ptr(), 0, 2) => EINVAL);
    neg!(keyring::kcapi_keyring_search(c"user".as_ptr(), c"x".as_ptr(), 0, u32::MAX) => EINVAL);

    void!(crate::capi::md::kcapi_md_destroy(h));
    void!(crate::capi::cipher::kcapi_cipher_destroy(skc));
    void!(crate::capi::aead::kcapi_aead_destroy(aead));
}
