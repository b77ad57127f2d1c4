//! Asymmetric cipher and key agreement functions (and their compat versions): argument rules
//! that hold before any key reaches the kernel (no keyring needed).

use super::{detached, iov, EFAULT, EINVAL, ENOENT};
use crate::capi::{akcipher, compat, kpp, md};
use afalg::__capi::AlgType;
use std::ptr::{null, null_mut};

const ENOKEY: i64 = -(libc::ENOKEY as i64);

pub(super) fn cases() {
    let md = detached(AlgType::Hash, 0);
    let mut buf = [0u8; 256];
    let b = buf.as_mut_ptr();
    let mut v = [iov(&mut buf)];
    let v = v.as_mut_ptr();

    init_cases!(akcipher::kcapi_akcipher_init(c"rsa"));
    let mut h = null_mut();
    neg!(akcipher::kcapi_akcipher_init(&mut h, c"oaep(rsa)".as_ptr(), 0) => ENOENT);
    assert!(h.is_null());
    neg!(akcipher::kcapi_akcipher_init(&mut h, c"pkcs1pad(rsa,sha256)".as_ptr(), 0) => 0);
    for bad in [null_mut(), md] {
        neg!(akcipher::kcapi_akcipher_setkey(bad, b, 16) => EINVAL);
        neg!(akcipher::kcapi_akcipher_setpubkey(bad, b, 16) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_encrypt(bad, b, 16, b, 256, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_decrypt(bad, b, 16, b, 256, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_sign(bad, b, 16, b, 256, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_verify(bad, b, 16, b, 256, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_encrypt_aio(bad, v, v, 1, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_decrypt_aio(bad, v, v, 1, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_sign_aio(bad, v, v, 1, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_verify_aio(bad, v, v, 1, 0) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_init_enc(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_init_dec(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_init_sgn(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_init_vfy(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_update(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_update_last(bad, v, 1) => EINVAL);
        neg2!(akcipher::kcapi_akcipher_stream_op(bad, v, 1) => EINVAL);
    }
    // Without a key: ENOKEY before anything reaches the kernel; key buffers are checked first.
    neg2!(akcipher::kcapi_akcipher_encrypt(h, b, 16, b, 256, 0) => ENOKEY);
    neg2!(akcipher::kcapi_akcipher_verify_aio(h, v, v, 1, 0) => ENOKEY);
    neg2!(akcipher::kcapi_akcipher_encrypt_aio(h, null_mut(), v, 1, 0) => EINVAL);
    neg2!(akcipher::kcapi_akcipher_stream_init_sgn(h, v, 1) => ENOKEY);
    neg2!(akcipher::kcapi_akcipher_stream_update(h, v, 1) => EINVAL);
    neg2!(akcipher::kcapi_akcipher_stream_op(h, null_mut(), 0) => EINVAL);
    neg!(akcipher::kcapi_akcipher_setkey(h, null(), 16) => EFAULT);
    neg!(akcipher::kcapi_akcipher_setkey(h, b, 0) => EINVAL);
    neg!(akcipher::kcapi_akcipher_setpubkey(h, b, 16) => EINVAL);
    // Functions of the other families refuse an RSA handle.
    neg!(md::kcapi_md_digest(h, b, 16, b, 32) => EINVAL);
    void!(akcipher::kcapi_akcipher_destroy(h));
    void!(akcipher::kcapi_akcipher_destroy(null_mut()));

    init_cases!(kpp::kcapi_kpp_init(c"dh"));
    let mut d = null_mut();
    neg!(kpp::kcapi_kpp_init(&mut d, c"ecdh".as_ptr(), 0) => ENOENT);
    neg!(kpp::kcapi_kpp_init(&mut d, c"dh".as_ptr(), 0) => 0);
    for bad in [null_mut(), md] {
        neg!(kpp::kcapi_kpp_dh_setparam_pkcs3(bad, b, 16) => EINVAL);
        neg!(kpp::kcapi_kpp_ecdh_setcurve(bad, 2) => EINVAL);
        neg!(kpp::kcapi_kpp_setkey(bad, b, 16) => EINVAL);
        neg2!(kpp::kcapi_kpp_keygen(bad, b, 256, 0) => EINVAL);
        neg2!(kpp::kcapi_kpp_ssgen(bad, b, 16, b, 256, 0) => EINVAL);
        neg2!(kpp::kcapi_kpp_keygen_aio(bad, v, 1, 0) => EINVAL);
        neg2!(kpp::kcapi_kpp_ssgen_aio(bad, v, v, 1, 0) => EINVAL);
    }
    // Before the group is set: EINVAL; ECDH: ENOENT; parameters that do not parse: EINVAL.
    neg!(kpp::kcapi_kpp_ecdh_setcurve(d, 2) => ENOENT);
    neg!(kpp::kcapi_kpp_setkey(d, b, 16) => EINVAL);
    neg2!(kpp::kcapi_kpp_keygen(d, b, 256, 0) => EINVAL);
    neg2!(kpp::kcapi_kpp_ssgen(d, b, 16, b, 256, 0) => EINVAL);
    neg2!(kpp::kcapi_kpp_keygen_aio(d, null_mut(), 1, 0) => EINVAL);
    neg2!(kpp::kcapi_kpp_ssgen_aio(d, v, v, 1, 0) => EINVAL);
    neg!(kpp::kcapi_kpp_dh_setparam_pkcs3(d, b, 16) => EINVAL);
    neg!(kpp::kcapi_kpp_dh_setparam_pkcs3(d, null(), 16) => EFAULT);
    void!(kpp::kcapi_kpp_destroy(d));
    void!(kpp::kcapi_kpp_destroy(null_mut()));
    void!(akcipher::kcapi_akcipher_destroy(md));
}
