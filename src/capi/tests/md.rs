//! Message digest functions and their compat versions.

use super::{detached, no_alg_or, EFAULT, EINVAL, EMSGSIZE, ENOTSOCK, HUGE_KEY, INT_MAX_1};
use crate::capi::{compat, md};
use afalg::__capi::AlgType;
use std::ptr::{null, null_mut};

pub(super) fn cases() {
    let h = detached(AlgType::Hash, 0);
    let skc = detached(AlgType::Skcipher, 0);
    let (data, mut out) = ([7u8; 16], [0u8; 64]);
    let (d, o) = (data.as_ptr(), out.as_mut_ptr());

    init_cases!(md::kcapi_md_init(c"sha256"));

    for bad in [null_mut(), skc] {
        neg!(md::kcapi_md_setkey(bad, d, 16) => EINVAL);
        neg!(md::kcapi_md_update(bad, d, 3) => EINVAL);
        neg2!(md::kcapi_md_final(bad, o, 32) => EINVAL);
        neg2!(md::kcapi_md_digest(bad, d, 3, o, 32) => EINVAL);
    }
    // Sizes: 0 for NULL; any handle type answers with its algorithm's properties (libkcapi).
    val!(md::kcapi_md_digestsize(null_mut()) => 0);
    val!(md::kcapi_md_blocksize(null_mut()) => 0);
    val!(md::kcapi_md_digestsize(h) => 32);
    val!(md::kcapi_md_blocksize(h) => 64);
    val!(md::kcapi_md_digestsize(skc) => 0);
    val!(md::kcapi_md_blocksize(skc) => 16);
    // A NULL key with a length goes to the kernel as libkcapi hands it over: ENOMEM for a
    // length the kernel does not allocate (before it reads the key), else EFAULT.
    neg!(md::kcapi_md_setkey(h, null(), 5) => ENOTSOCK);
    neg!(md::kcapi_md_setkey(h, null(), HUGE_KEY) => ENOTSOCK);
    neg!(md::kcapi_md_setkey(h, null(), 0) => ENOTSOCK);
    // Lengths over INT_MAX, checked before the handle (also a NULL one).
    for len in [INT_MAX_1, usize::MAX] {
        neg!(md::kcapi_md_update(h, d, len) => EMSGSIZE);
        neg!(md::kcapi_md_update(null_mut(), d, len) => EMSGSIZE);
        neg!(md::kcapi_md_digest(h, d, len, o, 32) => EMSGSIZE);
    }
    neg!(md::kcapi_md_update(h, null(), 5) => EFAULT);
    neg!(md::kcapi_md_digest(h, null(), 5, o, 32) => EFAULT);
    // A missing or empty output buffer is refused before the digest is collected.
    neg!(md::kcapi_md_final(h, null_mut(), 32) => EINVAL);
    neg2!(md::kcapi_md_final(h, o, 0) => EINVAL);
    neg!(md::kcapi_md_final(h, null_mut(), 0) => EINVAL);
    // An output length above SSIZE_MAX: EINVAL, the kernel's answer to libkcapi's iovec, here
    // before the receive. The compat version's longest (UINT32_MAX) reaches the kernel.
    neg!(md::kcapi_md_final(h, o, usize::MAX) => EINVAL);
    neg!(md::kcapi_md_final(h, o, isize::MAX as usize + 1) => EINVAL);
    neg!(md::kcapi_md_final(h, null_mut(), usize::MAX) => EINVAL);
    neg!(compat::kcapi_md_final(h, o, u32::MAX) => ENOTSOCK);
    // The compat versions widen their u32 lengths (u32::MAX > INT_MAX).
    neg!(compat::kcapi_md_digest(h, d, u32::MAX, o, 32) => EMSGSIZE);

    // One-shot functions open their own handle: refused arguments give the socket's error
    // here when the host has no AF_ALG, else the documented errno.
    let efault = no_alg_or(EFAULT);
    neg2!(md::kcapi_md_sha1(null(), 5, o, 20) => efault);
    neg2!(md::kcapi_md_sha224(null(), 5, o, 28) => efault);
    neg2!(md::kcapi_md_sha256(null(), 5, o, 32) => efault);
    neg2!(md::kcapi_md_sha384(null(), 5, o, 48) => efault);
    neg2!(md::kcapi_md_sha512(null(), 5, o, 64) => efault);
    neg!(md::kcapi_md_sha256(d, usize::MAX, o, 32) => no_alg_or(EMSGSIZE));
    neg!(md::kcapi_md_sha512(d, 3, o, usize::MAX) => no_alg_or(EINVAL));
    neg!(md::kcapi_md_hmac_sha256(null(), HUGE_KEY, d, 3, o, 32) => no_alg_or(-i64::from(libc::ENOMEM)));
    neg2!(md::kcapi_md_hmac_sha1(null(), 5, d, 3, o, 20) => efault);
    neg2!(md::kcapi_md_hmac_sha224(null(), 5, d, 3, o, 28) => efault);
    neg2!(md::kcapi_md_hmac_sha256(null(), 5, d, 3, o, 32) => efault);
    neg2!(md::kcapi_md_hmac_sha384(null(), 5, d, 3, o, 48) => efault);
    neg2!(md::kcapi_md_hmac_sha512(null(), 5, d, 3, o, 64) => efault);
    // Functions that only libkcapi 1.5 has (no compat version).
    neg!(md::kcapi_md_sm3(null(), 5, o, 32) => no_alg_or(EFAULT));
    neg!(md::kcapi_md_sha3_224(null(), 5, o, 28) => no_alg_or(EFAULT));
    neg!(md::kcapi_md_sha3_256(null(), 5, o, 32) => no_alg_or(EFAULT));
    neg!(md::kcapi_md_sha3_384(null(), 5, o, 48) => no_alg_or(EFAULT));
    neg!(md::kcapi_md_sha3_512(null(), 5, o, 64) => no_alg_or(EFAULT));
    neg!(md::kcapi_md_hmac_sm3(null(), 5, d, 3, o, 32) => no_alg_or(EFAULT));
    // An empty output buffer of a one-shot: EINVAL (after the handle is open).
    neg!(md::kcapi_md_sha256(d, 3, null_mut(), 32) => no_alg_or(EINVAL));

    void!(md::kcapi_md_destroy(null_mut()));
    void!(md::kcapi_md_destroy(h));
    void!(md::kcapi_md_destroy(skc));
}
