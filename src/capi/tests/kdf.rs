//! Key derivation functions and their compat versions.

use super::{detached, no_alg_or, EFAULT, EINVAL, EMSGSIZE, ENOENT, INT_MAX_1};
use crate::capi::{compat, kdf};
use afalg::__capi::AlgType;
use std::ptr::{null, null_mut};

pub(super) fn cases() {
    let h = detached(AlgType::Hash, 0);
    let rng = detached(AlgType::Rng, 0);
    let skc = detached(AlgType::Skcipher, 0);
    let (src, mut dst) = ([3u8; 40], [0xa5u8; 64]);
    let (s, o) = (src.as_ptr(), dst.as_mut_ptr());

    // SP800-108: NULL handle; another type fails libkcapi's digest size check (EFAULT), after
    // the output length check (EMSGSIZE); NULL output; feedback without a full IV.
    neg!(kdf::kcapi_kdf_ctr(null_mut(), s, 40, o, 10) => EINVAL);
    neg!(kdf::kcapi_kdf_fb(null_mut(), s, 40, o, 10) => EINVAL);
    neg2!(kdf::kcapi_kdf_dpi(null_mut(), s, 40, o, 10) => EINVAL);
    for bad in [rng, skc] {
        neg2!(kdf::kcapi_kdf_ctr(bad, s, 40, o, 10) => EFAULT);
        neg!(kdf::kcapi_kdf_ctr(bad, s, 40, o, 0) => EFAULT);
        neg!(kdf::kcapi_kdf_ctr(bad, s, 40, o, INT_MAX_1) => EMSGSIZE);
        neg!(kdf::kcapi_kdf_fb(bad, null(), 0, o, 10) => EFAULT);
        neg!(kdf::kcapi_kdf_dpi(bad, s, 40, o, 10) => EFAULT);
    }
    assert_eq!(dst, [0xa5; 64], "refused derivations leave the output alone");
    neg!(kdf::kcapi_kdf_ctr(h, s, 40, o, usize::MAX) => EMSGSIZE);
    neg!(kdf::kcapi_kdf_dpi(h, s, 40, o, INT_MAX_1) => EMSGSIZE);
    neg2!(kdf::kcapi_kdf_fb(h, s, 31, o, 10) => EINVAL);
    neg!(kdf::kcapi_kdf_fb(h, null(), 40, o, 10) => EINVAL);
    neg!(kdf::kcapi_kdf_ctr(h, s, 40, null_mut(), 10) => EINVAL);
    neg!(kdf::kcapi_kdf_dpi(h, s, 40, null_mut(), 10) => EINVAL);
    neg!(kdf::kcapi_kdf_ctr(h, s, 40, o, 0) => 0);
    neg!(compat::kcapi_kdf_ctr(h, s, 40, o, u32::MAX) => EMSGSIZE);

    // Input over INT_MAX (libkcapi's hash update refuses it): EMSGSIZE with the output wiped,
    // before anything reaches the hash; nothing to derive: 0; a NULL input is none.
    for len in [usize::MAX, INT_MAX_1] {
        dst.fill(0xa5);
        neg!(kdf::kcapi_kdf_dpi(h, s, len, o, 10) => EMSGSIZE);
        assert_eq!(dst[..10], [0; 10], "kdf_dpi wiped the output");
        assert_eq!(dst[10..], [0xa5; 54], "kdf_dpi wiped only the output");
        neg!(kdf::kcapi_kdf_ctr(h, s, len, o, 10) => EMSGSIZE);
        neg!(kdf::kcapi_kdf_fb(h, s, len, o, 10) => EMSGSIZE);
        dst.fill(0xa5);
        neg!(kdf::kcapi_kdf_dpi(h, s, len, o, 0) => 0);
        neg!(kdf::kcapi_kdf_fb(h, s, len, o, 0) => 0);
        assert_eq!(dst, [0xa5; 64], "nothing derived, nothing touched");
        // A NULL dst stays EINVAL, a handle of another type EFAULT.
        neg!(kdf::kcapi_kdf_dpi(h, s, len, null_mut(), 10) => EINVAL);
        neg!(kdf::kcapi_kdf_dpi(rng, s, len, o, 10) => EFAULT);
    }
    // The compat versions' longest input is over INT_MAX too.
    neg!(compat::kcapi_kdf_dpi(h, s, u32::MAX, o, 10) => EMSGSIZE);
    neg!(compat::kcapi_kdf_ctr(h, s, u32::MAX, o, 10) => EMSGSIZE);
    neg!(compat::kcapi_kdf_fb(h, s, u32::MAX, o, 10) => EMSGSIZE);
    neg!(compat::kcapi_kdf_dpi(h, s, u32::MAX, o, 0) => 0);

    // PBKDF2: output length first, then the count, then the name (NULL: no such algorithm).
    let name = c"hmac(sha256)".as_ptr();
    neg!(kdf::kcapi_pbkdf(name, s, 5, s, 4, 1, o, usize::MAX) => EMSGSIZE);
    neg!(kdf::kcapi_pbkdf(null(), s, 5, s, 4, 0, o, INT_MAX_1) => EMSGSIZE);
    neg!(kdf::kcapi_pbkdf(name, s, 5, s, 4, 0, o, 32) => EINVAL);
    neg!(kdf::kcapi_pbkdf(null(), s, 5, s, 4, 1, o, 32) => ENOENT);
    neg!(compat::kcapi_pbkdf(name, s, 5, s, 4, 1, o, u32::MAX) => EMSGSIZE);
    neg!(compat::kcapi_pbkdf(null(), s, 5, s, 4, 0, o, 32) => EINVAL);
    val!(kdf::kcapi_pbkdf_iteration_count(null(), 0) => 1 << 18);

    // HKDF: input key material and output required; the name; output length beyond memory.
    neg2!(kdf::kcapi_hkdf(name, null(), 16, s, 4, s, 4, o, 32) => EINVAL);
    neg!(kdf::kcapi_hkdf(name, s, 0, s, 4, s, 4, o, 32) => EINVAL);
    neg!(kdf::kcapi_hkdf(name, s, 16, s, 4, s, 4, null_mut(), 0) => EINVAL);
    neg2!(kdf::kcapi_hkdf(null(), s, 16, s, 4, s, 4, o, 32) => ENOENT);
    neg!(kdf::kcapi_hkdf(name, s, 16, s, 4, s, 4, o, usize::MAX) => EINVAL);

    // Inputs over INT_MAX: EMSGSIZE where libkcapi's hash update refuses them, after the hash
    // was opened (here the socket's error when the host has no AF_ALG).
    let emsgsize = no_alg_or(EMSGSIZE);
    neg!(kdf::kcapi_hkdf(name, s, usize::MAX, s, 4, s, 4, o, 32) => emsgsize);
    neg!(kdf::kcapi_hkdf(name, s, 16, s, 4, s, usize::MAX, o, 32) => emsgsize);
    neg!(compat::kcapi_hkdf(name, s, u32::MAX, s, 4, s, 4, o, 32) => emsgsize);
    neg!(compat::kcapi_hkdf(name, s, 16, s, 4, s, u32::MAX, o, 32) => emsgsize);
    neg!(kdf::kcapi_pbkdf(name, s, 5, s, usize::MAX, 1, o, 32) => emsgsize);
    neg!(kdf::kcapi_pbkdf(name, s, 5, null(), usize::MAX, 1, o, 32) => emsgsize);
    neg!(compat::kcapi_pbkdf(name, s, 5, s, u32::MAX, 1, o, 32) => emsgsize);

    void!(crate::capi::md::kcapi_md_destroy(h));
    void!(crate::capi::md::kcapi_md_destroy(rng));
    void!(crate::capi::md::kcapi_md_destroy(skc));
}
