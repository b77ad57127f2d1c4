//! AEAD cipher API (`kcapi_aead_*`): authenticated encryption with associated data.

use super::md::{destroy_handle, init_handle};
use super::{handle, in_buf, kcapi_handle, ret_int};
use crate::core::aead::{self, Layout, Span};
use crate::core::handle::{AlgType, Handle};
use crate::error::Errno;
use libc::{c_char, c_int, size_t};

/// kcapi_aead_init - open an AEAD cipher handle
///
/// Binds the kernel AEAD cipher named @ciphername, for example "gcm(aes)", "ccm(aes)",
/// "rfc4106(gcm(aes))", "rfc7539(chacha20,poly1305)" or "authenc(hmac(sha256),cbc(aes))".
/// No operation socket is opened until the first encryption or decryption. Release the
/// handle with kcapi_aead_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] kernel name of the AEAD cipher
/// @flags: [in] KCAPI_INIT_AIO to use the kernel's asynchronous interface in
/// kcapi_aead_encrypt_aio() and kcapi_aead_decrypt_aio(); other bits are ignored
///
/// Return: 0 on success; -ENOENT when the kernel has no such cipher, -EINVAL when the name
/// belongs to another algorithm type or @handle is NULL, -EAFNOSUPPORT when the kernel has no
/// AF_ALG, or another negative errno of the socket calls.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_init(
    handle: *mut *mut kcapi_handle,
    ciphername: *const c_char,
    flags: u32,
) -> c_int {
    // SAFETY: pointer validity is the caller's contract, checked for NULL inside.
    unsafe { init_handle(handle, ciphername, AlgType::Aead, flags) }
}

/// kcapi_aead_destroy - close an AEAD cipher handle
///
/// Closes the handle's operation socket and, when no other handle made by
/// kcapi_handle_reinit() shares it, the transformation with its key. A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_aead_setkey - set the key of an AEAD cipher
///
/// Hands the key to the kernel (no copy is kept by the library; the caller may wipe its
/// buffer afterwards). The key belongs to the transformation and is shared by every handle
/// made from this one with kcapi_handle_reinit(). It must be set before the first operation:
/// once an operation socket exists the kernel refuses new keys. For
/// "authenc(...)" ciphers the key is the kernel's rtattr-encoded authentication and
/// encryption key pair; for "rfc4106(gcm(aes))" and "rfc4309(ccm(aes))" the AES key is
/// followed by the salt.
///
/// @handle: [in] AEAD cipher handle
/// @key: [in] key buffer
/// @keylen: [in] key length in bytes
///
/// Return: 0 on success; -EINVAL for a key length the cipher rejects or a NULL handle,
/// -EBUSY once the handle (or a handle sharing its transformation) has been used, -EFAULT
/// for a NULL key with a non-zero length, or another negative errno from the kernel.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_setkey(
    handle: *mut kcapi_handle,
    key: *const u8,
    keylen: u32,
) -> c_int {
    // SAFETY: the caller passes NULL or a live handle.
    let h = unsafe { self::handle(handle) };
    // SAFETY: the caller guarantees keylen readable bytes at key (NULL is checked).
    ret_int(h.and_then(|h| h.setkey(unsafe { in_buf(key, keylen as usize) }?)))
}

/// kcapi_aead_settaglen - set the size of the authentication tag
///
/// Tells the kernel how many tag bytes encryption produces and decryption expects. The size
/// belongs to the transformation (shared with handles made by kcapi_handle_reinit()) and can
/// only be changed before the first operation. The handle also remembers @taglen for
/// kcapi_aead_getdata_input() and kcapi_aead_getdata_output(), even when the kernel refuses
/// it. Without this call the cipher's maximum tag size (kcapi_aead_authsize()) is used.
///
/// @handle: [in] AEAD cipher handle
/// @taglen: [in] tag size in bytes (for example 4, 8 or 12 to 16 for "gcm(aes)")
///
/// Return: 0 on success; -EINVAL when the kernel refuses the size (errno then holds the
/// kernel's reason: EINVAL for a size the cipher does not support, EBUSY once an operation
/// socket exists) or for a NULL handle.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_settaglen(handle: *mut kcapi_handle, taglen: u32) -> c_int {
    // SAFETY: the caller passes NULL or a live handle.
    match unsafe { self::handle(handle) }.and_then(|h| h.aead_set_taglen(taglen)) {
        Ok(()) => 0,
        Err(e) => {
            // libkcapi reports every failure as -EINVAL but leaves the kernel's errno.
            crate::sys::set_errno(e.0);
            Errno::EINVAL.neg()
        }
    }
}

/// kcapi_aead_setassoclen - set the length of the associated data
///
/// Every following operation treats the first @assoclen bytes of its input as associated
/// data (authenticated, not encrypted); the value is sent to the kernel with each request.
/// It belongs to this handle only: a handle made by kcapi_handle_reinit() starts with 0. A
/// NULL handle is ignored.
///
/// @handle: [in] AEAD cipher handle
/// @assoclen: [in] length of the associated data in bytes
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_setassoclen(handle: *mut kcapi_handle, assoclen: size_t) {
    // SAFETY: the caller passes NULL or a live handle.
    if let Ok(h) = unsafe { self::handle(handle) } {
        h.aead_set_assoclen(assoclen);
    }
}

/// Store one part of a layout into the caller's out-parameters: the pointer only when both
/// `p` and `base` are non-NULL, the length whenever `len` is non-NULL (as libkcapi).
///
/// # Safety
/// `p` and `len` must be NULL or writable; `base` must point to the buffer the span
/// describes (offsets stay inside it).
unsafe fn put_span(base: *mut u8, s: Span, p: *mut *mut u8, len: *mut size_t) {
    if !p.is_null() && !base.is_null() {
        let v = s.offset.map_or(std::ptr::null_mut(), |o| base.wrapping_add(o));
        // SAFETY: p is non-NULL and writable by the caller's contract.
        unsafe { *p = v };
    }
    if !len.is_null() {
        // SAFETY: len is non-NULL and writable by the caller's contract.
        unsafe { *len = s.len };
    }
}

/// Out-parameters of the getdata functions.
type Outs = (*mut *mut u8, *mut size_t, *mut *mut u8, *mut size_t, *mut *mut u8, *mut size_t);

/// # Safety
/// As [`put_span`] for every pair.
unsafe fn put_layout(base: *mut u8, l: Layout, o: Outs) {
    // SAFETY: forwarded caller contract.
    unsafe {
        put_span(base, l.aad, o.0, o.1);
        put_span(base, l.data, o.2, o.3);
        put_span(base, l.tag, o.4, o.5);
    }
}

/// kcapi_aead_getdata_input - find AAD, data and tag in an input buffer
///
/// Splits an input buffer of the handle's layout (the lengths set with
/// kcapi_aead_setassoclen() and kcapi_aead_settaglen()) into its parts: AAD ‖ plaintext for
/// encryption, AAD ‖ ciphertext ‖ tag for decryption. A part the buffer is too short for is
/// returned as NULL with length 0. Pointers are only stored when @encdata is not NULL, so a
/// NULL @encdata asks for the lengths only. No data is read or copied.
///
/// @handle: [in] AEAD cipher handle
/// @encdata: [in] input buffer
/// @encdatalen: [in] size of @encdata
/// @enc: [in] non-zero for an encryption input, 0 for a decryption input
/// @aad: [out] start of the associated data (may be NULL: not returned)
/// @aadlen: [out] length of the associated data (may be NULL)
/// @data: [out] start of the plaintext or ciphertext (may be NULL)
/// @datalen: [out] its length (may be NULL)
/// @tag: [out] start of the tag, NULL for an encryption input (may be NULL)
/// @taglen: [out] length of the tag (may be NULL)
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_getdata_input(
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: size_t,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut size_t,
    data: *mut *mut u8,
    datalen: *mut size_t,
    tag: *mut *mut u8,
    taglen: *mut size_t,
) {
    // SAFETY: the caller passes NULL or a live handle.
    if let Ok(h) = unsafe { self::handle(handle) } {
        let l = h.aead_input_layout(encdatalen, enc != 0);
        // SAFETY: out-parameter and buffer contracts from the caller.
        unsafe { put_layout(encdata, l, (aad, aadlen, data, datalen, tag, taglen)) };
    }
}

/// kcapi_aead_getdata_output - find AAD, data and tag in an output buffer
///
/// Splits an output buffer of the handle's layout into its parts: AAD ‖ ciphertext ‖ tag
/// after encryption, AAD ‖ plaintext after decryption (the kernel copies the AAD into the
/// output). A part the buffer is too short for is returned as NULL with length 0. Pointers are
/// only stored when @encdata is not NULL. No data is read or copied.
///
/// @handle: [in] AEAD cipher handle
/// @encdata: [in] output buffer of kcapi_aead_encrypt() or kcapi_aead_decrypt()
/// @encdatalen: [in] size of @encdata
/// @enc: [in] non-zero for an encryption result, 0 for a decryption result
/// @aad: [out] start of the associated data (may be NULL: not returned)
/// @aadlen: [out] length of the associated data (may be NULL)
/// @data: [out] start of the ciphertext or plaintext (may be NULL)
/// @datalen: [out] its length (may be NULL)
/// @tag: [out] start of the tag, NULL for a decryption result (may be NULL)
/// @taglen: [out] length of the tag (may be NULL)
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_getdata_output(
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: size_t,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut size_t,
    data: *mut *mut u8,
    datalen: *mut size_t,
    tag: *mut *mut u8,
    taglen: *mut size_t,
) {
    // SAFETY: the caller passes NULL or a live handle.
    if let Ok(h) = unsafe { self::handle(handle) } {
        let l = h.aead_output_layout(encdatalen, enc != 0);
        // SAFETY: out-parameter and buffer contracts from the caller.
        unsafe { put_layout(encdata, l, (aad, aadlen, data, datalen, tag, taglen)) };
    }
}

/// A property of the handle's algorithm, 0 for a NULL handle or when unknown.
///
/// # Safety
/// `h` must be NULL or a live handle.
unsafe fn info_of(h: *mut kcapi_handle, f: impl Fn(crate::AlgInfo) -> u32) -> u32 {
    // SAFETY: forwarded caller contract.
    unsafe { handle(h) }.and_then(|h| h.info()).map_or(0, f)
}

/// kcapi_aead_ivsize - size of the IV
///
/// Every IV passed to the encryption and decryption functions must have this size (for
/// example 12 for "gcm(aes)", 16 for "ccm(aes)", 8 for "rfc4106(gcm(aes))").
///
/// @handle: [in] AEAD cipher handle
///
/// Return: the IV size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_ivsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { info_of(handle, |i| i.ivsize) }
}

/// kcapi_aead_blocksize - block size of the cipher
///
/// @handle: [in] AEAD cipher handle
///
/// Return: the block size in bytes (1 for stream-like modes such as GCM and CCM), or 0 when
/// it cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_blocksize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { info_of(handle, |i| i.blocksize) }
}

/// kcapi_aead_authsize - largest authentication tag of the cipher
///
/// The tag size used when kcapi_aead_settaglen() is not called; smaller sizes may be
/// chosen with kcapi_aead_settaglen() where the cipher allows them.
///
/// @handle: [in] AEAD cipher handle
///
/// Return: the maximum tag size in bytes, or 0 when it cannot be determined or @handle is
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_authsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle.
    unsafe { info_of(handle, |i| i.maxauthsize) }
}

/// kcapi_aead_inbuflen_enc - input buffer size for an encryption
///
/// The size of the buffer kcapi_aead_encrypt() expects: associated data followed by the
/// plaintext. The arguments are used, not the lengths set on the handle.
///
/// @handle: [in] AEAD cipher handle
/// @inlen: [in] plaintext length
/// @assoclen: [in] associated data length
/// @taglen: [in] tag length
///
/// Return: @inlen + @assoclen (SIZE_MAX when that does not fit).
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_inbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    let _ = handle;
    aead::inbuflen_enc(inlen, assoclen, taglen)
}

/// kcapi_aead_inbuflen_dec - input buffer size for a decryption
///
/// The size of the buffer kcapi_aead_decrypt() expects: associated data, ciphertext and tag.
/// The arguments are used, not the lengths set on the handle.
///
/// @handle: [in] AEAD cipher handle
/// @inlen: [in] ciphertext length
/// @assoclen: [in] associated data length
/// @taglen: [in] tag length
///
/// Return: @inlen + @assoclen + @taglen (SIZE_MAX when that does not fit).
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_inbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    let _ = handle;
    aead::inbuflen_dec(inlen, assoclen, taglen)
}

/// The block size for the buffer helpers (0 for a NULL handle or when unknown).
///
/// # Safety
/// `h` must be NULL or a live handle.
unsafe fn blocksize_of(h: *mut kcapi_handle) -> usize {
    // SAFETY: forwarded caller contract.
    unsafe { handle(h) }.map_or(0, Handle::aead_blocksize)
}

/// kcapi_aead_outbuflen_enc - output buffer size for an encryption
///
/// The size of the buffer kcapi_aead_encrypt() fills: associated data, the plaintext length
/// rounded up to the block size, and the tag. The arguments are used, not the lengths set on
/// the handle.
///
/// @handle: [in] AEAD cipher handle
/// @inlen: [in] plaintext length
/// @assoclen: [in] associated data length
/// @taglen: [in] tag length
///
/// Return: the size in bytes, at least 1 (SIZE_MAX when it does not fit); 0 when the block
/// size cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_outbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    // SAFETY: the caller passes NULL or a live handle.
    aead::outbuflen_enc(unsafe { blocksize_of(handle) }, inlen, assoclen, taglen)
}

/// kcapi_aead_outbuflen_dec - output buffer size for a decryption
///
/// The size of the buffer kcapi_aead_decrypt() fills: associated data and the ciphertext
/// length rounded up to the block size. The arguments are used, not the lengths set on the
/// handle.
///
/// @handle: [in] AEAD cipher handle
/// @inlen: [in] ciphertext length
/// @assoclen: [in] associated data length
/// @taglen: [in] tag length
///
/// Return: the size in bytes, at least 1 (SIZE_MAX when it does not fit); 0 when the block
/// size cannot be determined or @handle is NULL.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_outbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    // SAFETY: the caller passes NULL or a live handle.
    aead::outbuflen_dec(unsafe { blocksize_of(handle) }, inlen, assoclen, taglen)
}

/// kcapi_aead_ccm_nonce_to_iv - build a CCM IV from a nonce
///
/// The kernel's "ccm(aes)" takes the whole 16-byte counter block as IV: a flags byte
/// holding L' = 14 - @noncelen, the nonce, and a zero counter. This allocates that block
/// (16-byte aligned; release it with free()). Nonces of 0 to 14 bytes are converted (CCM
/// itself allows 7 to 13; the kernel rejects IVs for other lengths when they are used).
///
/// @nonce: [in] nonce
/// @noncelen: [in] nonce length in bytes
/// @iv: [out] receives the newly allocated IV
/// @ivlen: [out] receives the IV length (16)
///
/// Return: 0 on success; -EINVAL when @noncelen exceeds 14 or a pointer is NULL, -ENOMEM
/// when the memory cannot be allocated.
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_ccm_nonce_to_iv(
    nonce: *const u8,
    noncelen: u32,
    iv: *mut *mut u8,
    ivlen: *mut u32,
) -> c_int {
    if iv.is_null() || ivlen.is_null() || (nonce.is_null() && noncelen != 0) {
        return ret_int(Err(Errno::EINVAL));
    }
    // SAFETY: nonce is non-NULL (or the length 0) and the caller guarantees noncelen bytes.
    let block = match unsafe { in_buf(nonce, noncelen as usize) }.and_then(aead::ccm_nonce_to_iv) {
        Ok(b) => b,
        Err(e) => return ret_int(Err(e)),
    };
    match crate::sys::msg::c_alloc(&block, block.len()) {
        Ok(p) => {
            // SAFETY: iv and ivlen are non-NULL and writable by the caller's contract.
            unsafe {
                *iv = p;
                *ivlen = block.len() as u32;
            }
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}
