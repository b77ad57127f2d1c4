//! Asymmetric cipher API (`kcapi_akcipher_*`): RSA computed by the kernel through its key
//! retention service, as mainline kernels have no AF_ALG `akcipher` type (libkcapi's calls fail
//! with -ENOENT there).
//!
//! Every function copies its input before it writes any output, so input and output may be
//! the same buffer. The `access` arguments are accepted and ignored: no data is spliced.

use super::{any_handle, destroy_handle, in_buf, init_keyring, kcapi_handle, out_buf, ret_ssize, ret_val, Inner};
use afalg::__capi::klog;
use afalg::__capi::log::ERR;
use afalg::__capi::{AkOp, Errno, Result, RsaSession, Secret};
use afalg::Rsa;
use alloc::vec::Vec;
use libc::{c_char, c_int, iovec, size_t, ssize_t};

/// The RSA session behind a C pointer (`EINVAL` for NULL or a handle of another family).
///
/// # Safety
/// `handle` must be NULL or a live handle; no other thread may use it mutably while the result
/// lives (the stream functions share it).
pub(crate) unsafe fn session<'a>(handle: *mut kcapi_handle) -> Result<&'a mut RsaSession> {
    // SAFETY: forwarded caller contract.
    match unsafe { any_handle(handle) }? {
        Inner::Rsa(s) => Ok(s),
        _ => Err(Errno::EINVAL),
    }
}

/// The shared RSA session behind a C pointer, for the stream functions.
///
/// # Safety
/// `handle` must be NULL or a live handle that other threads use only through the stream
/// functions while the result lives.
unsafe fn shared<'a>(handle: *mut kcapi_handle) -> Result<&'a RsaSession> {
    // SAFETY: the caller guarantees p is NULL or a live handle that others only share.
    match unsafe { handle.as_ref() } {
        Some(kcapi_handle { h: Inner::Rsa(s) }) => Ok(s),
        _ => Err(Errno::EINVAL),
    }
}

/// The iovec descriptors of a C array, copied (the array may be the output array as well).
/// NULL with a non-zero count is `EINVAL`.
///
/// # Safety
/// `iov` must be NULL or point to `iovlen` readable iovecs.
pub(crate) unsafe fn iovec_list(iov: *const iovec, iovlen: size_t) -> Result<Vec<iovec>> {
    if iovlen == 0 {
        return Ok(Vec::new());
    }
    if iov.is_null() || iovlen > isize::MAX as usize / ::core::mem::size_of::<iovec>() {
        return Err(Errno::EINVAL);
    }
    // SAFETY: iov is non-NULL with iovlen readable entries (caller contract).
    Ok(unsafe { ::core::slice::from_raw_parts(iov, iovlen) }.to_vec())
}

/// The bytes an iovec describes, copied (wiped when dropped): `EFAULT` for NULL with a length.
///
/// # Safety
/// The iovec must describe readable memory.
pub(crate) unsafe fn gather(v: &iovec) -> Result<Secret> {
    // SAFETY: forwarded caller contract.
    unsafe { in_buf(v.iov_base.cast(), v.iov_len) }.map(Secret::copy_of)
}

/// Copy `data` into the buffers `outs` describe, in order; the bytes written.
///
/// # Safety
/// Each iovec must describe writable memory nothing else accesses during the call.
pub(crate) unsafe fn scatter(data: &[u8], outs: &[iovec]) -> Result<usize> {
    let mut rest = data;
    for v in outs {
        let n = rest.len().min(v.iov_len);
        // SAFETY: forwarded caller contract; one output slice lives at a time.
        unsafe { out_buf(v.iov_base.cast(), n) }?.copy_from_slice(&rest[..n]);
        rest = &rest[n..];
    }
    Ok(data.len() - rest.len())
}

/// One operation on a C buffer: the input is copied before the output buffer is touched.
///
/// # Safety
/// `handle` as [`session`]; `inp` NULL or readable for `inlen` bytes; `out` NULL or writable
/// for `outlen` bytes.
unsafe fn one_shot(
    handle: *mut kcapi_handle,
    op: AkOp,
    inp: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let s = unsafe { session(handle) }?;
    // SAFETY: forwarded caller contract; the slice ends with the copy.
    let input = Secret::copy_of(unsafe { in_buf(inp, inlen) }?);
    let result = s.run(op, &input, outlen)?;
    // SAFETY: forwarded caller contract; no other slice of the caller's memory is alive.
    unsafe { out_buf(out, result.len()) }?.copy_from_slice(&result);
    Ok(result.len())
}

/// The one-shot functions and their compat versions.
///
/// # Safety
/// As [`one_shot`].
pub(crate) unsafe fn op_c(
    op: AkOp,
    handle: *mut kcapi_handle,
    inp: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    let _ = access;
    // SAFETY: forwarded caller contract.
    ret_ssize(unsafe { one_shot(handle, op, inp, inlen, out, outlen) })
}

/// Run `f` on the bytes of each input iovec (copied first) with the size of the output iovec
/// of the same index, and write its result there; the sum of the results.
///
/// # Safety
/// The arrays must be NULL or `iovlen` readable iovecs describing readable (input) and
/// writable (output) memory.
pub(crate) unsafe fn each_pair(
    iniov: *const iovec,
    outiov: *const iovec,
    iovlen: size_t,
    mut f: impl FnMut(&[u8], usize) -> Result<Secret>,
) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let (ins, outs) = unsafe { (iovec_list(iniov, iovlen)?, iovec_list(outiov, iovlen)?) };
    let mut total = 0usize;
    for (i, o) in ins.iter().zip(&outs) {
        // SAFETY: forwarded caller contract.
        let result = f(&unsafe { gather(i) }?, o.iov_len)?;
        // SAFETY: forwarded caller contract.
        total = total.saturating_add(unsafe { scatter(&result, ::core::slice::from_ref(o)) }?);
    }
    Ok(total)
}

/// The AIO variants: each input iovec is one operation whose result goes to the output iovec
/// of the same index; the sum of the results.
///
/// # Safety
/// `handle` as [`session`]; the arrays NULL or `iovlen` readable iovecs describing readable
/// (input) and writable (output) memory.
pub(crate) unsafe fn aio_c(
    op: AkOp,
    handle: *mut kcapi_handle,
    iniov: *const iovec,
    outiov: *const iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    let _ = access;
    // SAFETY: forwarded caller contract.
    let r = unsafe { session(handle) }.and_then(|s| {
        // SAFETY: forwarded caller contract.
        unsafe { each_pair(iniov, outiov, iovlen, |input, room| s.run(op, input, room)) }
    });
    ret_ssize(r)
}

/// The stream init functions: start `op` with the data of `iov`.
///
/// # Safety
/// `handle` as [`shared`]; `iov` NULL or `iovlen` readable iovecs describing readable memory.
pub(crate) unsafe fn stream_init(op: AkOp, handle: *mut kcapi_handle, iov: *const iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: forwarded caller contract.
    ret_ssize(unsafe { stream_input(handle, iov, iovlen, Some(op)) })
}

/// kcapi_akcipher_stream_update(_last): more data for the started operation.
///
/// # Safety
/// As [`stream_init`].
pub(crate) unsafe fn stream_update(handle: *mut kcapi_handle, iov: *const iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: forwarded caller contract.
    ret_ssize(unsafe { stream_input(handle, iov, iovlen, None) })
}

/// Gather the data of `iov` into the stream, starting `op` first if given.
///
/// # Safety
/// As [`stream_init`].
unsafe fn stream_input(
    handle: *mut kcapi_handle,
    iov: *const iovec,
    iovlen: size_t,
    op: Option<AkOp>,
) -> Result<usize> {
    // SAFETY: forwarded caller contract.
    let s = unsafe { shared(handle) }?;
    // SAFETY: forwarded caller contract.
    let parts = unsafe { iovec_list(iov, iovlen) }?
        .iter()
        // SAFETY: forwarded caller contract.
        .map(|v| unsafe { gather(v) })
        .collect::<Result<Vec<_>>>()?;
    let parts: Vec<&[u8]> = parts.iter().map(|p| &p[..]).collect();
    match op {
        Some(op) => s.stream_init(op, &parts),
        None => s.stream_update(&parts),
    }
}

/// kcapi_akcipher_stream_op: run the started operation into `iov`.
///
/// # Safety
/// `handle` as [`shared`]; `iov` NULL or `iovlen` readable iovecs describing writable memory.
pub(crate) unsafe fn stream_op(handle: *mut kcapi_handle, iov: *const iovec, iovlen: size_t) -> ssize_t {
    let r = (|| {
        // SAFETY: forwarded caller contract.
        let s = unsafe { shared(handle) }?;
        // SAFETY: forwarded caller contract.
        let outs = unsafe { iovec_list(iov, iovlen) }?;
        if outs.is_empty() {
            klog!(ERR, "Asymmetric operation: No buffer for output data provided");
            return Err(Errno::EINVAL);
        }
        let room = outs.iter().fold(0usize, |a, v| a.saturating_add(v.iov_len));
        let result = s.stream_op(room)?;
        // SAFETY: forwarded caller contract.
        unsafe { scatter(&result, &outs) }
    })();
    ret_ssize(r)
}

/// kcapi_akcipher_init - open an RSA handle
///
/// Creates a handle for the RSA algorithm @ciphername: "rsa" (textbook RSA on blocks of the
/// modulus size) or "pkcs1pad(rsa,HASH)" (PKCS#1 v1.5 padding; signatures carry HASH's
/// DigestInfo; HASH is one of md5, sha1, rmd160, sha224, sha256, sha384, sha512, sha3-224,
/// sha3-256, sha3-384, sha3-512), also "pkcs1pad(rsa)" without a hash and the spelling
/// "pkcs1(rsa,HASH)" of newer kernels; a driver name such as "rsa-generic" may stand for "rsa".
///
/// Mainline Linux has no AF_ALG interface for asymmetric ciphers. This implementation
/// computes through the kernel's key retention service instead: the key set with
/// kcapi_akcipher_setkey() or kcapi_akcipher_setpubkey() becomes an "asymmetric" key in the
/// process keyring and each operation is a keyctl(2) call, so the key and the arithmetic stay
/// in the kernel. A kernel with an out-of-tree AF_ALG akcipher patch is not used. Release the
/// handle with kcapi_akcipher_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] RSA algorithm name as above
/// @flags: [in] accepted and ignored (there is no asynchronous interface to ask for)
///
/// Return: 0 on success; -ENOENT for a name that is not one of the above (ECDSA, OAEP and
/// other schemes have no route), -EINVAL when @handle is NULL.
#[doc = safety!(out_ptr!("handle"), c_str!("ciphername"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_init(
    handle: *mut *mut kcapi_handle,
    ciphername: *const c_char,
    flags: u32,
) -> c_int {
    let _ = flags;
    // SAFETY: the caller guarantees the out-pointer and name contracts (# Safety above).
    unsafe { init_keyring(handle, ciphername, |n| Ok(Inner::Rsa(RsaSession::new(Rsa::new(n)?)))) }
}

/// kcapi_akcipher_destroy - close an RSA handle
///
/// Invalidates the handle's key in the kernel (unless a handle made from this one with
/// kcapi_handle_reinit() still uses it), wipes any buffered stream input and frees the handle.
/// A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[doc = safety!(dying_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_akcipher_setkey - set an RSA private key
///
/// @key holds a PKCS#1 RSAPrivateKey in BER/DER: SEQUENCE { version, modulus, publicExponent,
/// privateExponent, prime1, prime2, exponent1, exponent2, coefficient }. The kernel computes
/// with the CRT values, so they must be right. The key is wrapped as PKCS#8 and loaded into the
/// process keyring, where only this process can use it; the buffers that held it are wiped and
/// the caller may wipe @key as soon as the call returns. The kernel parses private keys only
/// with the module pkcs8_key_parser loaded (modprobe pkcs8_key_parser, as root; it is never
/// loaded on demand). An earlier key of the handle is invalidated first, also when the new one
/// is refused.
///
/// @handle: [in] RSA handle
/// @key: [in] the private key
/// @keylen: [in] length of @key in bytes
///
/// Return: the modulus size in bytes (the output size of every operation) on success;
/// -EINVAL for a key that does not parse, a modulus size the kernel cannot compute with (512,
/// 1024, 1536, 2048, 3072 and 4096 bits work), a key the kernel refuses or a NULL or foreign
/// handle; -ENOPKG when the kernel cannot parse private keys (pkcs8_key_parser not loaded; one
/// line naming the module is logged at KCAPI_LOG_ERR), -EFAULT for a NULL @key with a non-zero length, -EDQUOT when the user's key quota
/// is used up, or another negative errno of add_key(2).
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_val(
        unsafe { session(handle).and_then(|s| Ok((s, in_buf(key, keylen as usize)?))) }
            .and_then(|(s, k)| s.rsa.set_private_key(k)),
    )
}

/// kcapi_akcipher_setpubkey - set an RSA public key
///
/// @key holds a PKCS#1 RSAPublicKey in BER/DER: SEQUENCE { modulus, publicExponent }. It is
/// loaded into the process keyring inside a minimal X.509 certificate (the form in which the
/// kernel takes a bare public key). A handle with a public key encrypts and verifies only. An
/// earlier key of the handle is invalidated first.
///
/// @handle: [in] RSA handle
/// @key: [in] the public key
/// @keylen: [in] length of @key in bytes
///
/// Return: the modulus size in bytes on success; -EINVAL for a key that does not parse, a
/// modulus size the kernel cannot compute with (see kcapi_akcipher_setkey()), a key the
/// kernel refuses or a NULL or foreign handle, -EFAULT for a NULL @key
/// with a non-zero length, or another negative errno of add_key(2).
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_setpubkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    ret_val(
        unsafe { session(handle).and_then(|s| Ok((s, in_buf(key, keylen as usize)?))) }
            .and_then(|(s, k)| s.rsa.set_public_key(k)),
    )
}

/// kcapi_akcipher_encrypt - encrypt with the public key
///
/// "rsa": @in is a big-endian number below the modulus (at most the modulus size; the kernel
/// may refuse 0, 1 and n - 1); the result is c = m^e mod n with leading zeros, always the
/// modulus size. "pkcs1pad": @in is the message, at most the modulus size minus 11 bytes,
/// padded with random bytes (EME-PKCS1-v1_5). @in and @out may be the same buffer.
///
/// @handle: [in] RSA handle with a key
/// @in: [in] plaintext
/// @inlen: [in] length of @in
/// @out: [out] ciphertext
/// @outlen: [in] size of @out; at least the modulus size
/// @access: [in] accepted and ignored
///
/// Return: the ciphertext length (the modulus size) on success; -EINVAL when @outlen is below
/// the modulus size, for a NULL or foreign handle or an input the kernel refuses, -ENOKEY
/// without a key, -EOVERFLOW for a PKCS#1 input too long, -EFAULT for a NULL buffer with a
/// length, or another negative errno of keyctl(2).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_encrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { op_c(AkOp::Encrypt, handle, r#in, inlen, out, outlen, access) }
}

/// kcapi_akcipher_decrypt - decrypt with the private key
///
/// "rsa": the result is m = c^d mod n with leading zeros, always the modulus size.
/// "pkcs1pad": the padding is checked and removed; the result is the message. @in and @out may
/// be the same buffer.
///
/// @handle: [in] RSA handle with a private key
/// @in: [in] ciphertext (the modulus size)
/// @inlen: [in] length of @in
/// @out: [out] plaintext
/// @outlen: [in] size of @out; at least the modulus size
/// @access: [in] accepted and ignored
///
/// Return: the plaintext length on success; -EINVAL when @outlen is below the modulus size,
/// for a ciphertext whose padding is wrong, a public key only, or a NULL or foreign handle;
/// -ENOKEY without a key, -EFAULT for a NULL buffer with a length, or another negative errno
/// of keyctl(2).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_decrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { op_c(AkOp::Decrypt, handle, r#in, inlen, out, outlen, access) }
}

/// kcapi_akcipher_sign - sign with the private key
///
/// "pkcs1pad(rsa,HASH)": @in is the digest (HASH's size); the kernel encodes it with HASH's
/// DigestInfo (EMSA-PKCS1-v1_5) and signs. "pkcs1pad(rsa)": @in is padded as it is. "rsa": @in
/// is raised to the private exponent. The signature has the modulus size; PKCS#1 v1.5
/// signatures are deterministic. @in and @out may be the same buffer.
///
/// @handle: [in] RSA handle with a private key
/// @in: [in] digest (or data, see above)
/// @inlen: [in] length of @in
/// @out: [out] signature
/// @outlen: [in] size of @out; at least the modulus size
/// @access: [in] accepted and ignored
///
/// Return: the signature length (the modulus size) on success; -EINVAL when @outlen is below
/// the modulus size, for a digest of the wrong size, a public key only, or a NULL or foreign
/// handle; -ENOKEY without a key, -EFAULT for a NULL buffer with a length, or another negative
/// errno of keyctl(2).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_sign(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { op_c(AkOp::Sign, handle, r#in, inlen, out, outlen, access) }
}

/// kcapi_akcipher_verify - check a signature and recover its digest
///
/// As libkcapi defines it: @in is the signature (the modulus size) and @out receives the
/// digest it carries. The signature is raised to the public exponent by the kernel and the
/// result must be exactly the EMSA-PKCS1-v1_5 encoding of a digest of the handle's hash: the
/// one valid encoding is built and compared byte for byte, so no malformed padding or trailing
/// data passes. "rsa" returns s^e mod n as it is (the modulus size). @in and @out may be the
/// same buffer.
///
/// @handle: [in] RSA handle with a key
/// @in: [in] signature
/// @inlen: [in] length of @in
/// @out: [out] the digest from the signature
/// @outlen: [in] size of @out; at least the modulus size
/// @access: [in] accepted and ignored
///
/// Return: the digest length on success; -EBADMSG when the signature does not verify,
/// -EINVAL when @outlen is below the modulus size, for a signature of the wrong length or a
/// NULL or foreign handle; -ENOKEY without a key, -EFAULT for a NULL buffer with a length, or
/// another negative errno of keyctl(2).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_verify(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and buffer contracts (# Safety above).
    unsafe { op_c(AkOp::Verify, handle, r#in, inlen, out, outlen, access) }
}

/// kcapi_akcipher_encrypt_aio - encrypt several inputs
///
/// Each entry of @iniov is encrypted on its own into the entry of @outiov with the same index
/// (each output entry at least the modulus size), as kcapi_akcipher_encrypt() would. The calls
/// run one after the other: there is no asynchronous interface for keyring operations.
///
/// @handle: [in] RSA handle with a key
/// @iniov: [in] array of @iovlen input buffers
/// @outiov: [out] array of @iovlen output buffers
/// @iovlen: [in] number of entries in each array
/// @access: [in] accepted and ignored
///
/// Return: the sum of the output lengths on success; -EINVAL for NULL arrays with a non-zero
/// @iovlen, or the first error of kcapi_akcipher_encrypt() (the outputs before it are written).
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_encrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { aio_c(AkOp::Encrypt, handle, iniov, outiov, iovlen, access) }
}

/// kcapi_akcipher_decrypt_aio - decrypt several inputs
///
/// Each entry of @iniov is decrypted on its own into the entry of @outiov with the same index,
/// as kcapi_akcipher_decrypt() would, one after the other.
///
/// @handle: [in] RSA handle with a private key
/// @iniov: [in] array of @iovlen ciphertexts
/// @outiov: [out] array of @iovlen output buffers (each at least the modulus size)
/// @iovlen: [in] number of entries in each array
/// @access: [in] accepted and ignored
///
/// Return: the sum of the plaintext lengths on success; -EINVAL for NULL arrays with a
/// non-zero @iovlen, or the first error of kcapi_akcipher_decrypt().
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_decrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { aio_c(AkOp::Decrypt, handle, iniov, outiov, iovlen, access) }
}

/// kcapi_akcipher_sign_aio - sign several digests
///
/// Each entry of @iniov is signed on its own into the entry of @outiov with the same index, as
/// kcapi_akcipher_sign() would, one after the other.
///
/// @handle: [in] RSA handle with a private key
/// @iniov: [in] array of @iovlen digests
/// @outiov: [out] array of @iovlen output buffers (each at least the modulus size)
/// @iovlen: [in] number of entries in each array
/// @access: [in] accepted and ignored
///
/// Return: the sum of the signature lengths on success; -EINVAL for NULL arrays with a
/// non-zero @iovlen, or the first error of kcapi_akcipher_sign().
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_sign_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { aio_c(AkOp::Sign, handle, iniov, outiov, iovlen, access) }
}

/// kcapi_akcipher_verify_aio - verify several signatures
///
/// Each signature in @iniov is checked on its own and its digest written to the entry of
/// @outiov with the same index, as kcapi_akcipher_verify() would, one after the other.
///
/// @handle: [in] RSA handle with a key
/// @iniov: [in] array of @iovlen signatures
/// @outiov: [out] array of @iovlen output buffers (each at least the modulus size)
/// @iovlen: [in] number of entries in each array
/// @access: [in] accepted and ignored
///
/// Return: the sum of the digest lengths on success; -EINVAL for NULL arrays with a non-zero
/// @iovlen, or the first error of kcapi_akcipher_verify() (-EBADMSG for a signature that does
/// not verify).
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_verify_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { aio_c(AkOp::Verify, handle, iniov, outiov, iovlen, access) }
}

/// kcapi_akcipher_stream_init_enc - start a streamed encryption
///
/// Starts collecting the input of one encryption: the data of @iov now, more with
/// kcapi_akcipher_stream_update(), the last part with kcapi_akcipher_stream_update_last();
/// kcapi_akcipher_stream_op() then encrypts all of it at once and returns the ciphertext. The
/// input is copied when it is passed (the buffers need not stay valid) and wiped after the
/// operation. A stream that was started but not finished is discarded.
///
/// @handle: [in] RSA handle with a key
/// @iov: [in] first input data (may be NULL when @iovlen is 0)
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes taken on success; -EINVAL for a NULL @iov with a non-zero
/// @iovlen or a NULL or foreign handle, -ENOKEY without a key, -EFAULT for an entry with a NULL
/// base and a length.
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_init_enc(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_init(AkOp::Encrypt, handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_init_dec - start a streamed decryption
///
/// As kcapi_akcipher_stream_init_enc() for one decryption with the private key.
///
/// @handle: [in] RSA handle with a private key
/// @iov: [in] first ciphertext data (may be NULL when @iovlen is 0)
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes taken on success; errors as kcapi_akcipher_stream_init_enc().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_init_dec(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_init(AkOp::Decrypt, handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_init_sgn - start a streamed signature
///
/// As kcapi_akcipher_stream_init_enc() for one signature (the input is the digest).
///
/// @handle: [in] RSA handle with a private key
/// @iov: [in] first digest data (may be NULL when @iovlen is 0)
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes taken on success; errors as kcapi_akcipher_stream_init_enc().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_init_sgn(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_init(AkOp::Sign, handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_init_vfy - start a streamed signature check
///
/// As kcapi_akcipher_stream_init_enc() for one verification (the input is the signature,
/// kcapi_akcipher_stream_op() returns its digest or -EBADMSG).
///
/// @handle: [in] RSA handle with a key
/// @iov: [in] first signature data (may be NULL when @iovlen is 0)
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes taken on success; errors as kcapi_akcipher_stream_init_enc().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_init_vfy(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_init(AkOp::Verify, handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_update - add input to the started stream
///
/// The data of @iov is copied and appended to the input of the operation started with a
/// kcapi_akcipher_stream_init_*() function.
///
/// @handle: [in] RSA handle with a started stream
/// @iov: [in] more input data
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes taken on success; -EINVAL without a started stream, for a NULL
/// @iov with a non-zero @iovlen or a NULL or foreign handle, -EFAULT for an entry with a NULL
/// base and a length.
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_update(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_update(handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_update_last - add the last input to the started stream
///
/// As kcapi_akcipher_stream_update(); the operation itself runs in kcapi_akcipher_stream_op()
/// (which also processes a stream whose last part was sent with kcapi_akcipher_stream_update()).
///
/// @handle: [in] RSA handle with a started stream
/// @iov: [in] last input data
/// @iovlen: [in] number of entries of @iov
///
/// Return: as kcapi_akcipher_stream_update().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_update_last(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_update(handle, iov, iovlen) }
}

/// kcapi_akcipher_stream_op - run the streamed operation
///
/// Runs the operation started with a kcapi_akcipher_stream_init_*() function on all input
/// collected and writes the result to the buffers of @iov in order (together at least the
/// modulus size). The stream ends, whatever the result; its input is wiped.
///
/// @handle: [in] RSA handle with a started stream
/// @iov: [out] output buffers
/// @iovlen: [in] number of entries of @iov
///
/// Return: the result's length on success; -EINVAL without a started stream, without output
/// buffers, when they are smaller than the modulus size, or for a NULL or foreign handle; or
/// the error of the operation (see kcapi_akcipher_encrypt() and the others).
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_akcipher_stream_op(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_op(handle, iov, iovlen) }
}
