//! Random number generator API (`kcapi_rng_*`).

use super::{destroy_handle, in_buf, info_of, init_handle, kcapi_handle, out_buf, ret_int, ret_ssize, typed};
use afalg::__capi::rng;
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result};
use libc::{c_char, c_int, size_t, ssize_t};

/// kcapi_rng_init - open a random number generator handle
///
/// Binds the kernel random number generator named @ciphername: "stdrng" (the kernel's
/// preferred SP800-90A DRBG), a DRBG by driver name such as "drbg_nopr_hmac_sha256" or
/// "drbg_pr_ctr_aes128", "jitterentropy_rng", or "ansi_cprng". A DRBG must be seeded with
/// kcapi_rng_seed() before it generates. Release the handle with kcapi_rng_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] kernel name of the random number generator
/// @flags: [in] accepted for symmetry with the other init functions; no flag changes the
/// behaviour of a random number generator
///
/// Return: 0 on success; -ENOENT when the kernel has no random number generator of that name
/// or does not admit it (the allowlist of the crypto.af_alg_restrict sysctl, Linux 7.3+, has no
/// generator), -EINVAL when @handle is NULL, -EAFNOSUPPORT when the kernel has no AF_ALG or has
/// it disabled (crypto.af_alg_restrict = 2), or another negative errno of the socket calls.
/// A name longer than 63 bytes (the kernel's limit) is -ENOENT without asking the kernel;
/// libkcapi cuts it to 63 bytes and returns the kernel's answer for the cut name (-ENOENT,
/// -EEXIST or -EINVAL, depending on where the cut falls).
#[doc = safety!(out_ptr!("handle"), c_str!("ciphername"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_init(
    handle: *mut *mut kcapi_handle,
    ciphername: *const c_char,
    flags: u32,
) -> c_int {
    // SAFETY: pointer validity is the caller's contract, checked for NULL inside.
    unsafe { init_handle(handle, ciphername, AlgType::Rng, flags) }
}

/// kcapi_rng_destroy - close a random number generator handle
///
/// Closes the handle's sockets and wipes the handle. A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[doc = safety!(dying_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_rng_seed - seed the random number generator
///
/// Must be called before a DRBG generates, and only then: the kernel refuses a new seed once
/// the handle has generated or received additional data. A DRBG takes a seed of any length,
/// also none (NULL, 0): it always seeds itself from the kernel's entropy sources and uses the
/// given bytes as personalisation string, so its output is never reproducible. A deterministic
/// generator such as "ansi_cprng" is fully defined by its seed (V, key and DT, 48 bytes; at
/// least 32). Use kcapi_rng_seedsize() for the size the kernel reports.
///
/// @handle: [in] random number generator handle
/// @seed: [in] seed data (may be NULL when @seedlen is 0)
/// @seedlen: [in] length of @seed in bytes
///
/// Return: 0 on success; -EBUSY once the handle has been used, -EINVAL for a seed the
/// generator rejects (ansi_cprng: shorter than 32 bytes) or a NULL handle, -EFAULT for a NULL
/// @seed with a non-zero length, -ENOMEM for a seed larger than the kernel's socket option
/// memory, or another negative errno. A handle of another type gives -EINVAL before anything
/// reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("seed", "seedlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_seed(handle: *mut kcapi_handle, seed: *mut u8, seedlen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_int(unsafe { tfm_input(handle, seed, seedlen) }.and_then(|(h, s)| h.rng_seed(s, seedlen)))
}

/// The random number generator handle behind a C pointer (`EINVAL` for NULL or another type).
///
/// # Safety
/// `handle` must be NULL or a live handle that no other thread uses while the result lives.
unsafe fn rng_handle<'a>(handle: *mut kcapi_handle) -> Result<&'a mut Handle> {
    // SAFETY: forwarded caller contract.
    unsafe { typed(handle, AlgType::Rng) }
}

/// The handle and a transformation option's buffer: `None` for a NULL buffer, which the
/// kernel rejects itself (after its own checks, so the errno is the kernel's).
///
/// # Safety
/// `h` must be NULL or a live handle no other thread uses while the result lives; `p` NULL or
/// readable for `len` bytes for as long.
unsafe fn tfm_input<'a>(h: *mut kcapi_handle, p: *const u8, len: u32) -> Result<(&'a mut Handle, Option<&'a [u8]>)> {
    // SAFETY: forwarded caller contract.
    let h = unsafe { rng_handle(h) }?;
    if p.is_null() {
        return Ok((h, None));
    }
    // SAFETY: forwarded caller contract; p is non-NULL.
    Ok((h, Some(unsafe { in_buf(p, len as usize) }?)))
}

/// kcapi_rng_setentropy - set the entropy of a DRBG for testing
///
/// Instantiates the DRBG from @ent instead of the kernel's entropy sources, which makes its
/// output deterministic (for known-answer tests). Needs a kernel built with
/// CONFIG_CRYPTO_USER_API_RNG_CAVP; other kernels reject the option. Must be called before the
/// handle is used.
///
/// @handle: [in] random number generator handle
/// @ent: [in] entropy data
/// @entlen: [in] length of @ent in bytes
///
/// Return: 0 on success; -ENOPROTOOPT when the kernel lacks the CAVP interface, -EBUSY once
/// the handle has been used, -EINVAL for a NULL handle, -EFAULT for a NULL @ent with a
/// non-zero length, or another negative errno.
#[doc = safety!(live_handle!(), readable!("ent", "entlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_setentropy(handle: *mut kcapi_handle, ent: *mut u8, entlen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_int(unsafe { tfm_input(handle, ent, entlen) }.and_then(|(h, e)| h.rng_setentropy(e, entlen)))
}

/// kcapi_rng_setaddtl - hand additional input to the DRBG for the next generate call
///
/// Call it right before kcapi_rng_generate(). Needs a kernel built with
/// CONFIG_CRYPTO_USER_API_RNG_CAVP. Opens the handle's operation socket: the handle can no
/// longer be seeded afterwards.
///
/// @handle: [in] random number generator handle
/// @addtl: [in] additional input
/// @len: [in] length of @addtl in bytes (at most INT_MAX)
///
/// Return: 0 on success; -EOPNOTSUPP when the kernel lacks the CAVP interface (libkcapi
/// returns -1 with errno EOPNOTSUPP there), -EMSGSIZE when @len exceeds INT_MAX or the
/// kernel's limit, -EINVAL for a NULL handle, -EFAULT for a NULL @addtl with a non-zero
/// length, -EIO when the kernel took only part, or another negative errno.
#[doc = safety!(live_handle!(), readable!("addtl", "len"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_setaddtl(handle: *mut kcapi_handle, addtl: *mut u8, len: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_int(unsafe { setaddtl(handle, addtl, len) })
}

/// kcapi_rng_setaddtl.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `addtl` NULL or
/// readable for `len` bytes.
unsafe fn setaddtl(handle: *mut kcapi_handle, addtl: *const u8, len: u32) -> Result<()> {
    // SAFETY: forwarded caller contract.
    let h = unsafe { rng_handle(handle) }?;
    if len as usize > rng::MAX_ADDTL {
        return Err(Errno::EMSGSIZE);
    }
    if addtl.is_null() && len > 0 {
        // What the kernel answers before it reads the caller's buffer (EOPNOTSUPP without
        // the CAVP interface), else the fault.
        h.rng_setaddtl(&[])?;
        return Err(Errno::EFAULT);
    }
    // SAFETY: forwarded caller contract.
    h.rng_setaddtl(unsafe { in_buf(addtl, len as usize) }?)
}

/// kcapi_rng_generate - generate random bytes
///
/// Fills @buffer with exactly @len random bytes. The kernel hands out at most 128 bytes per
/// request; the function repeats the request until @buffer is full.
///
/// @handle: [in] random number generator handle
/// @buffer: [out] receives the random bytes
/// @len: [in] number of bytes to generate
///
/// Return: @len on success (0 for @len 0, without a kernel call); -EINVAL for a DRBG that was
/// not seeded or a NULL handle, -EFAULT for a NULL @buffer with a non-zero length, or another
/// negative errno. On failure the bytes already written are wiped. A handle of another type gives
/// -EINVAL before anything reaches the kernel (libkcapi blocks or answers with data of the wrong
/// kind).
#[doc = safety!(live_handle!(), writable!("buffer", "len"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_generate(handle: *mut kcapi_handle, buffer: *mut u8, len: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { generate_c(handle, buffer, len) }
}

/// kcapi_rng_generate and its compat version.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `buffer` NULL
/// or writable for `len` bytes nothing else accesses.
pub(crate) unsafe fn generate_c(handle: *mut kcapi_handle, buffer: *mut u8, len: size_t) -> ssize_t {
    // Nothing to generate: 0 before the handle is looked at, as libkcapi answers (it does not
    // crash on a NULL handle here).
    if len == 0 {
        return 0;
    }
    // SAFETY: forwarded caller contracts.
    ret_ssize(unsafe { rng_handle(handle).and_then(|h| generate(h, buffer, len)) })
}

/// Generate into a C buffer. A NULL buffer fails as the kernel fails it: after generating
/// (so an unseeded DRBG still says `EINVAL`); a length beyond `SSIZE_MAX` is `EINVAL`.
///
/// # Safety
/// `buffer` must be NULL or point to `len` writable bytes nothing else accesses.
unsafe fn generate(h: &mut Handle, buffer: *mut u8, len: size_t) -> Result<usize> {
    if len > isize::MAX as usize {
        return Err(Errno::EINVAL);
    }
    if buffer.is_null() && len > 0 {
        h.rng_generate_discard(len)?;
        return Err(Errno::EFAULT);
    }
    // SAFETY: forwarded caller contract.
    h.rng_generate(unsafe { out_buf(buffer, len) }?)
}

/// kcapi_rng_get_bytes - fill a buffer with random bytes from the kernel's DRBG
///
/// Generates @outlen bytes into @buffer with "stdrng", seeded (when the kernel reports a seed
/// size, with that many bytes, at least 32, from getrandom(2); otherwise the DRBG seeds
/// itself). Unlike libkcapi, which opens and seeds a new handle every time, the handle is
/// made on the first call and kept for the process: made anew in a child process after
/// fork() and after it failed; a call while another thread uses it gets a handle of its own.
/// On a kernel that offers AF_ALG but no "stdrng" (built
/// without a DRBG, as Debian's 7.2 kernels are) the bytes come from getrandom(2) instead,
/// where libkcapi fails with -ENOENT.
///
/// @buffer: [out] receives the random bytes
/// @outlen: [in] number of bytes to generate
///
/// Return: @outlen on success; -EFAULT for a NULL @buffer with a non-zero length, or the
/// negative errno of the failing step (for example -EAFNOSUPPORT without AF_ALG).
#[doc = safety!(writable!("buffer", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_get_bytes(buffer: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contract (# Safety above).
    unsafe { get_bytes(buffer, outlen) }
}

/// kcapi_rng_get_bytes and its compat version.
///
/// # Safety
/// `buffer` must be NULL or point to `outlen` writable bytes nothing else accesses.
pub(crate) unsafe fn get_bytes(buffer: *mut u8, outlen: size_t) -> ssize_t {
    // SAFETY: forwarded caller contract.
    ret_ssize(rng::with_get_bytes_source(|src| unsafe { get_bytes_from(src, buffer, outlen) }))
}

/// kcapi_rng_get_bytes from its source.
///
/// # Safety
/// `buffer` must be NULL or point to `outlen` writable bytes nothing else accesses.
unsafe fn get_bytes_from(src: rng::Source<'_>, buffer: *mut u8, outlen: size_t) -> Result<usize> {
    match src {
        // SAFETY: forwarded caller contract.
        rng::Source::Stdrng(h) => unsafe { generate(h, buffer, outlen) },
        rng::Source::Getrandom => {
            if outlen > isize::MAX as usize {
                return Err(Errno::EINVAL);
            }
            // SAFETY: forwarded caller contract (NULL with a length is EFAULT).
            let out = unsafe { out_buf(buffer, outlen) }?;
            rng::os_random(out)?;
            Ok(outlen)
        }
    }
}

/// kcapi_rng_seedsize - seed size of the random number generator
///
/// The seed size the kernel reports for the handle's algorithm name: 0 for the DRBGs and
/// jitterentropy_rng, 48 for ansi_cprng. The kernel answers for the most recently registered
/// implementation of a name, so "stdrng" reports 48 once ansi_cprng is loaded although the
/// handle is bound to a DRBG (libkcapi behaves the same).
///
/// @handle: [in] random number generator handle
///
/// Return: the seed size in bytes; 0 when there is none, it cannot be determined, or @handle
/// is NULL.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_rng_seedsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
    unsafe { info_of(handle, |i| i.seedsize) }
}
