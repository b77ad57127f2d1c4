//! Functions common to all handle types.

use super::{detached, EINVAL};
use crate::capi::{common, compat, kcapi_verbosity, Inner, KcapiVerbosityArg};
use afalg::__capi::AlgType;
use std::ptr::null_mut;

pub(super) fn cases() {
    // reinit: NULL source, NULL out-pointer; any type is accepted (no syscall).
    let rng = detached(AlgType::Rng, 0);
    let mut n = null_mut();
    neg!(common::kcapi_handle_reinit(&mut n, null_mut(), 0) => EINVAL);
    assert!(n.is_null(), "kcapi_handle_reinit left *newhandle alone");
    neg!(common::kcapi_handle_reinit(null_mut(), rng, 0) => EINVAL);
    neg!(common::kcapi_handle_reinit(&mut n, rng, 0) => 0);
    assert!(!n.is_null());
    // SAFETY: n was just made by kcapi_handle_reinit.
    assert!(matches!(unsafe { &(*n).h }, Inner::Alg(h) if h.kind() == AlgType::Rng), "the new handle shares the type");
    void!(safe common::kcapi_set_verbosity(KcapiVerbosityArg(kcapi_verbosity::KCAPI_LOG_NONE as i32)));

    // maxsplicesize: any handle type; NULL is EINVAL.
    neg!(common::kcapi_set_maxsplicesize(null_mut(), 4096) => EINVAL);
    neg!(common::kcapi_get_maxsplicesize(null_mut()) => EINVAL);

    // Version string: truncated and NUL-terminated, nothing for length 0 or NULL.
    let mut buf = [b'x'; 32];
    void!(common::kcapi_versionstring(buf.as_mut_ptr().cast(), 8));
    assert_eq!(&buf[..8], b"libkcap\0");
    buf[0] = b'x';
    void!(common::kcapi_versionstring(buf.as_mut_ptr().cast(), 1));
    assert_eq!(buf[0], 0);
    buf[0] = b'x';
    void!(common::kcapi_versionstring(buf.as_mut_ptr().cast(), 0));
    assert_eq!(buf[0], b'x');
    void!(common::kcapi_versionstring(null_mut(), 16));
    void!(common::kcapi_versionstring(buf.as_mut_ptr().cast(), 32));
    assert_eq!(&buf[..15], b"libkcapi 1.5.1\0");
    val!(safe common::kcapi_version() => 1_050_100);

    // memset_secure: fills; NULL and length 0 are ignored; the compat version widens n.
    let mut b = [0u8; 8];
    void!(common::kcapi_memset_secure(b.as_mut_ptr().cast(), 0x5a, 4));
    assert_eq!(b, [0x5a, 0x5a, 0x5a, 0x5a, 0, 0, 0, 0]);
    void!(common::kcapi_memset_secure(null_mut(), 0x5a, 4));
    void!(common::kcapi_memset_secure(b.as_mut_ptr().cast(), 0x11, 0));
    void!(compat::kcapi_memset_secure(b.as_mut_ptr().cast(), 0x33, 8));
    assert_eq!(b, [0x33; 8]);
    void!(compat::kcapi_memset_secure(null_mut(), 0x33, u32::MAX));

    // Destroy through the other families' functions: every destroy takes every type.
    void!(crate::capi::rng::kcapi_rng_destroy(n));
    void!(crate::capi::rng::kcapi_rng_destroy(rng));
}
