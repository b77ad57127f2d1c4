//! Random number generator functions and their compat versions.

use super::{detached, no_alg_or, EFAULT, EINVAL, EMSGSIZE, INT_MAX_1};
use crate::capi::{compat, rng};
use afalg::__capi::AlgType;
use std::ptr::null_mut;

pub(super) fn cases() {
    let h = detached(AlgType::Rng, 0);
    let md = detached(AlgType::Hash, 0);
    let mut buf = [0u8; 32];
    let b = buf.as_mut_ptr();

    init_cases!(rng::kcapi_rng_init(c"stdrng"));

    for bad in [null_mut(), md] {
        neg!(rng::kcapi_rng_seed(bad, b, 16) => EINVAL);
        neg!(rng::kcapi_rng_setentropy(bad, b, 16) => EINVAL);
        neg!(rng::kcapi_rng_setaddtl(bad, b, 16) => EINVAL);
        neg2!(rng::kcapi_rng_generate(bad, b, 16) => EINVAL);
        val!(rng::kcapi_rng_seedsize(bad) => 0);
        // libkcapi answers 0 for length 0 before it touches the handle
        neg2!(rng::kcapi_rng_generate(bad, b, 0) => 0);
    }
    val!(rng::kcapi_rng_seedsize(h) => 48);
    // Lengths: additional data over INT_MAX, generate beyond SSIZE_MAX, nothing for 0.
    neg!(rng::kcapi_rng_setaddtl(h, b, INT_MAX_1 as u32) => EMSGSIZE);
    neg!(rng::kcapi_rng_generate(h, b, usize::MAX) => EINVAL);
    neg2!(rng::kcapi_rng_generate(h, b, 0) => 0);
    neg!(rng::kcapi_rng_generate(h, null_mut(), 0) => 0);

    // kcapi_rng_get_bytes: from the kernel's stdrng, or getrandom(2) on a kernel with AF_ALG
    // but without stdrng; without AF_ALG the socket's error.
    neg2!(rng::kcapi_rng_get_bytes(null_mut(), 16) => no_alg_or(EFAULT));
    neg2!(rng::kcapi_rng_get_bytes(b, 32) => no_alg_or(32));

    void!(rng::kcapi_rng_destroy(null_mut()));
    void!(rng::kcapi_rng_destroy(h));
    void!(rng::kcapi_rng_destroy(md));
}
