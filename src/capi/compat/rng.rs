//! Compat versions of the random number generator functions.

use crate::capi::{kcapi_handle, narrow, rng};

/// `kcapi_rng_generate@LIBKCAPI_0.12.0`.
pub unsafe extern "C" fn kcapi_rng_generate(handle: *mut kcapi_handle, buffer: *mut u8, len: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { rng::kcapi_rng_generate(handle, buffer, len as usize) })
}

/// `kcapi_rng_get_bytes@LIBKCAPI_1.0.0`.
pub unsafe extern "C" fn kcapi_rng_get_bytes(buffer: *mut u8, outlen: u32) -> i32 {
    // SAFETY: same contract as the current version.
    narrow(unsafe { rng::kcapi_rng_get_bytes(buffer, outlen as usize) })
}
