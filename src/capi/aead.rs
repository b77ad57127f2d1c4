//! AEAD cipher API (`kcapi_aead_*`): authenticated encryption with associated data.

use super::iov::{self, in_io, in_iovs, iv_arg, key_first, op_iovs, out_io, out_iovs_copied, Stream};
use super::{
    destroy_handle, in_buf, info_of, init_handle, kcapi_handle, ret_int, ret_ssize, saturate_u32, set_key, typed,
    typed_shared,
};
use afalg::__capi::klog;
use afalg::__capi::log::ERR;
use afalg::__capi::Access;
use afalg::__capi::Direction;
use afalg::__capi::{aead, Layout, Span};
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result};
use libc::{c_char, c_int, iovec, size_t, ssize_t};

/// The AEAD handle behind a C pointer (`EINVAL` for NULL or another type).
///
/// # Safety
/// `handle` must be NULL or a live handle that no other thread uses while the result lives.
unsafe fn aead_handle<'a>(handle: *mut kcapi_handle) -> Result<&'a mut Handle> {
    // SAFETY: forwarded caller contract.
    unsafe { typed(handle, AlgType::Aead) }
}

/// The stream functions of the AEAD area.
pub(crate) const STREAM: Stream =
    Stream { kind: AlgType::Aead, init: Handle::aead_stream_init, update: Handle::aead_stream_update };

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
/// Return: 0 on success; -ENOENT when the kernel has no such cipher or does not admit it (the
/// allowlist of the crypto.af_alg_restrict sysctl, Linux 7.3+, whose default 1 admits a short
/// list, shorter still without CAP_NET_ADMIN or CAP_SYS_ADMIN), -EINVAL when the name belongs to
/// another algorithm type or @handle is NULL, -EAFNOSUPPORT when the kernel has no AF_ALG or has
/// it disabled (crypto.af_alg_restrict = 2), or another negative errno of the socket calls.
/// A name longer than 63 bytes (the kernel's limit) is -ENOENT without asking the kernel;
/// libkcapi cuts it to 63 bytes and returns the kernel's answer for the cut name (-ENOENT,
/// -EEXIST or -EINVAL, depending on where the cut falls).
#[doc = safety!(out_ptr!("handle"), c_str!("ciphername"))]
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
#[doc = safety!(dying_handle!())]
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
/// for a NULL key with a non-zero length (-ENOMEM when the length is more than the kernel
/// allocates for a key, e.g. 1 MiB), or another negative errno from the kernel.
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller passes NULL or a live handle used by this thread only (# Safety above).
    let h = unsafe { aead_handle(handle) };
    // SAFETY: the caller guarantees keylen readable bytes at key (NULL goes to the kernel).
    ret_int(h.and_then(|h| unsafe { set_key(h, key, keylen) }))
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
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_settaglen(handle: *mut kcapi_handle, taglen: u32) -> c_int {
    // SAFETY: the caller passes NULL or a live handle used by this thread only (# Safety above).
    let r = unsafe { super::handle(handle) }.and_then(|h| match h.kind() {
        AlgType::Aead => h.aead_set_taglen(taglen),
        // Another socket type: the kernel refuses the option (ENOPROTOOPT), but first says
        // EBUSY while an operation socket of the transformation exists, as libkcapi reports it.
        // Asked, since the operation socket may belong to a handle from kcapi_handle_reinit.
        _ => Err(match h.tfm_setsockopt(libc::ALG_SET_AEAD_AUTHSIZE, None, taglen) {
            Err(e) if e.0 == libc::EBUSY => e,
            _ => Errno(libc::ENOPROTOOPT),
        }),
    });
    match r {
        Ok(()) => 0,
        Err(e) => {
            // libkcapi reports every failure as -EINVAL but leaves the kernel's errno.
            afalg::__capi::set_errno(e.0);
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
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_setassoclen(handle: *mut kcapi_handle, assoclen: size_t) {
    // SAFETY: the caller passes NULL or a live handle used by this thread only (# Safety above).
    unsafe { setassoclen(handle, assoclen) }
}

/// An error of an AEAD operation as libkcapi reports it: the argument errors the C layer and
/// the core detect before sending (NULL buffers, buffer sizes, lengths) become -ENOKEY on a
/// handle without key, since libkcapi leaves those checks to the kernel, which checks the key
/// first. The kernel's own answers (EBADMSG, …) are left alone.
fn argument_error_after_key(h: &Handle, e: Errno) -> Errno {
    match e.0 {
        libc::EFAULT | libc::EINVAL | libc::E2BIG | libc::EMSGSIZE => key_first(h, e),
        _ => e,
    }
}

/// The one-shot operation behind kcapi_aead_encrypt/decrypt and their compat versions.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `in` NULL or
/// readable for `inlen` bytes; `iv` NULL or readable for the cipher's IV size; `out` NULL or
/// writable for `outlen` bytes nothing else reads or writes through Rust references.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn crypt(
    dir: Direction,
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle used by this thread only.
    let r = unsafe { aead_handle(handle) }.and_then(|h| {
        // libkcapi refuses an output length over INT_MAX before anything else; every other
        // argument error comes after the kernel's key check (see key_first).
        if outlen > i32::MAX as usize {
            return Err(Errno::EMSGSIZE);
        }
        // Any input length over INT_MAX is EMSGSIZE, also one no object can have (the core
        // would call those EINVAL when it adds up the input).
        let r = if inlen > i32::MAX as usize {
            Err(Errno::EMSGSIZE)
        } else {
            // SAFETY: forwarded caller contracts (buffers of the given sizes, IV of the IV size).
            unsafe { (|| Ok((in_io(r#in, inlen)?, out_io(out, outlen)?, iv_arg(h, iv)?)))() }
                .and_then(|(i, o, iv)| h.aead_crypt(dir, iv, &[i], o, Access::from_c(access), false))
        };
        iov::nothing_done_needs_key(h, r.map_err(|e| argument_error_after_key(h, e)))
    });
    ret_ssize(r)
}

/// kcapi_aead_encrypt - encrypt and authenticate in one call
///
/// Encrypts the plaintext and computes the tag over associated data and ciphertext. @in holds
/// the associated data (kcapi_aead_setassoclen() bytes) followed by the plaintext; @out
/// receives the associated data, the ciphertext and the tag (kcapi_aead_settaglen() bytes, or
/// kcapi_aead_authsize() when not set) - see kcapi_aead_getdata_output() to locate them and
/// kcapi_aead_outbuflen_enc() for the size. @in and @out may be the same buffer; the result
/// is the same. The whole input is one kernel request, which the kernel buffers completely:
/// inputs of more than about 200 KiB are refused with -EMSGSIZE.
///
/// @handle: [in] AEAD cipher handle
/// @in: [in] associated data followed by the plaintext
/// @inlen: [in] length of @in
/// @iv: [in] IV (kcapi_aead_ivsize() bytes), or NULL to use the operation socket's IV
/// (all zero on a new handle)
/// @out: [out] receives associated data, ciphertext and tag
/// @outlen: [in] size of @out
/// @access: [in] KCAPI_ACCESS_HEURISTIC (copy small inputs, zero-copy large ones),
/// KCAPI_ACCESS_VMSPLICE (zero-copy) or KCAPI_ACCESS_SENDMSG (copy); all give the same result
///
/// Return: the number of bytes written (associated data, ciphertext and tag); -E2BIG when
/// @outlen is 0 or the result is shorter than the tag length set on the handle, -EINVAL when
/// @out is too small for the result, @in is shorter than the associated data, the handle is not
/// an AEAD handle or is NULL, -EMSGSIZE for buffers larger than INT_MAX or input larger than
/// the kernel queues, -EFAULT for a NULL buffer with a non-zero length, or another negative
/// errno from the kernel. The checks come in libkcapi's order: @outlen over INT_MAX first,
/// then the key: without a key every other argument error is -ENOKEY (libkcapi leaves those
/// checks to the kernel, which checks the key first).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_encrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, buffer and IV contracts (# Safety above).
    unsafe { crypt(Direction::Encrypt, handle, r#in, inlen, iv, out, outlen, access) }
}

/// kcapi_aead_decrypt - decrypt and verify in one call
///
/// Checks the tag over associated data and ciphertext and decrypts the ciphertext. @in holds
/// the associated data (kcapi_aead_setassoclen() bytes), the ciphertext and the tag
/// (kcapi_aead_settaglen() bytes, or kcapi_aead_authsize() when not set); @out receives the
/// associated data followed by the plaintext (kcapi_aead_outbuflen_dec() bytes). @in and @out
/// may be the same buffer. When the check fails the function returns -EBADMSG (and errno is
/// EBADMSG); the plaintext part of @out is then zeroed, never handed out.
///
/// @handle: [in] AEAD cipher handle
/// @in: [in] associated data, ciphertext and tag
/// @inlen: [in] length of @in
/// @iv: [in] IV (kcapi_aead_ivsize() bytes), or NULL to use the operation socket's IV
/// @out: [out] receives associated data and plaintext
/// @outlen: [in] size of @out
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the number of bytes written (associated data and plaintext); -EBADMSG when the
/// authentication fails; -EINVAL when @out is too small, @in is shorter than associated data
/// and tag, the handle is not an AEAD handle or is NULL; otherwise as kcapi_aead_encrypt().
#[doc = safety!(live_handle!(), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_decrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, buffer and IV contracts (# Safety above).
    unsafe { crypt(Direction::Decrypt, handle, r#in, inlen, iv, out, outlen, access) }
}

/// The AIO operation behind kcapi_aead_encrypt_aio/decrypt_aio and their compat versions.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `iniov` NULL or
/// `iovlen` readable iovecs describing readable memory; `outiov` NULL or `iovlen` readable
/// iovecs describing writable memory (it may be `iniov`); `iv` NULL or readable for the
/// cipher's IV size. All memory stays valid during the call.
pub(crate) unsafe fn crypt_aio(
    dir: Direction,
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    iv: *const u8,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle used by this thread only.
    let r = unsafe { aead_handle(handle) }.and_then(|h| {
        if iovlen == 0 {
            return Ok(0);
        }
        // libkcapi's order of checks (measured): its AIO path (KCAPI_INIT_AIO) sends the first
        // input with one sendmsg (the kernel finds a NULL array before it checks the key), or
        // in zero-copy mode the control message first; its synchronous fallback starts with
        // the control message. The output array is looked at after the first send.
        if iniov.is_null() {
            if h.wants_aio() && Access::from_c(access) != Access::Vmsplice {
                return Err(Errno::EFAULT);
            }
            return Err(key_first(h, Errno::EINVAL));
        }
        // SAFETY: iniov is non-NULL with iovlen entries (caller contract).
        if unsafe { iov::any_oversized(iniov, iovlen) } {
            return Err(Errno::EINVAL);
        }
        if outiov.is_null() {
            klog!(ERR, "AEAD operation: No buffer for output data provided");
            return Err(key_first(h, Errno::EINVAL));
        }
        // SAFETY: forwarded caller contracts (iovlen entries in both arrays, IV size at iv).
        let (ins, mut outs, iv) =
            unsafe { (in_iovs(iniov, iovlen, Errno::EINVAL)?, out_iovs_copied(outiov, iovlen), iv_arg(h, iv)?) };
        let r = h.aead_crypt_aio(dir, iv, ins, &mut outs, Access::from_c(access));
        iov::nothing_done_needs_key(h, r.map_err(|e| argument_error_after_key(h, e)))
    });
    ret_ssize(r)
}

/// kcapi_aead_encrypt_aio - encrypt several messages, using asynchronous I/O
///
/// Each pair @iniov[i] / @outiov[i] is encrypted as an independent message with the IV @iv,
/// as kcapi_aead_encrypt() would (same layout, same associated data length). On a handle made
/// with KCAPI_INIT_AIO the output is collected through the kernel's asynchronous I/O
/// interface; without the flag, or when the kernel offers no asynchronous I/O on AF_ALG
/// sockets, the same operations run synchronously with the same result. When the function
/// returns, every request it submitted has completed: the kernel no longer accesses the
/// buffers.
///
/// @handle: [in] AEAD cipher handle
/// @iniov: [in] array of @iovlen inputs (associated data followed by plaintext)
/// @outiov: [out] array of @iovlen outputs (may be the same array as @iniov)
/// @iovlen: [in] number of messages
/// @iv: [in] IV for every message, or NULL to use the operation socket's IV
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the total number of bytes written (0 when @iovlen is 0); -EINVAL for NULL arrays
/// or a NULL handle, or before anything is processed when a buffer is longer than SSIZE_MAX or
/// the input (or output) lengths add up beyond it, or the first error of a message as for
/// kcapi_aead_encrypt(). All messages are queued with one send and collected together, so a
/// failing message does not stop the others; when they do not fit into the kernel's queue
/// together, they run one after the other and the first error stops them. In libkcapi's
/// order: a NULL @iniov on a handle made with KCAPI_INIT_AIO is -EFAULT with
/// KCAPI_ACCESS_HEURISTIC or KCAPI_ACCESS_SENDMSG (the kernel's answer to libkcapi's first
/// sendmsg); without a key the other argument errors are -ENOKEY (the kernel checks the key
/// first).
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"), iv_ptr!("iv"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_encrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    iv: *const u8,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, iovec and IV contracts (# Safety above).
    unsafe { crypt_aio(Direction::Encrypt, handle, iniov, outiov, iovlen, iv, access) }
}

/// kcapi_aead_decrypt_aio - decrypt and verify several messages, using asynchronous I/O
///
/// Each pair @iniov[i] / @outiov[i] is decrypted and verified as an independent message with
/// the IV @iv, as kcapi_aead_decrypt() would, through asynchronous I/O as described for
/// kcapi_aead_encrypt_aio(). Processing stops at the first message that fails
/// authentication: the function returns -EBADMSG (errno EBADMSG) and that message's plaintext
/// is zeroed.
///
/// @handle: [in] AEAD cipher handle
/// @iniov: [in] array of @iovlen inputs (associated data, ciphertext and tag)
/// @outiov: [out] array of @iovlen outputs (may be the same array as @iniov)
/// @iovlen: [in] number of messages
/// @iv: [in] IV for every message, or NULL to use the operation socket's IV
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the total number of bytes written; -EBADMSG when a message fails authentication,
/// or another negative errno as for kcapi_aead_encrypt_aio().
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"), iv_ptr!("iv"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_decrypt_aio(
    handle: *mut kcapi_handle,
    iniov: *mut iovec,
    outiov: *mut iovec,
    iovlen: size_t,
    iv: *const u8,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, iovec and IV contracts (# Safety above).
    unsafe { crypt_aio(Direction::Decrypt, handle, iniov, outiov, iovlen, iv, access) }
}

/// kcapi_aead_stream_init_enc - start a stream encryption
///
/// Starts an encryption whose input is given in parts: optionally here, then with
/// kcapi_aead_stream_update() and, for the last part, kcapi_aead_stream_update_last(). The
/// input must come in order: first all associated data (kcapi_aead_setassoclen() bytes), then
/// the plaintext. The kernel produces the output only when the input is complete; collect it
/// with kcapi_aead_stream_op(). The whole input must fit into the kernel's buffer (about 200
/// KiB).
///
/// @handle: [in] AEAD cipher handle
/// @iv: [in] IV (kcapi_aead_ivsize() bytes), or NULL to use the operation socket's IV
/// @iov: [in] input to send now, or NULL
/// @iovlen: [in] number of entries of @iov (0 when @iov is NULL)
///
/// Return: the number of bytes sent; -EFAULT for a NULL @iov with @iovlen > 0, -EINVAL for a
/// handle that is not an AEAD handle or is NULL, -EMSGSIZE for more input than the kernel
/// queues, or another negative errno.
#[doc = safety!(live_handle!(), iv_ptr!("iv"), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_stream_init_enc(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, IV and iovec contracts (# Safety above).
    unsafe { iov::stream_init(&STREAM, Direction::Encrypt, handle, iv, iov, iovlen) }
}

/// kcapi_aead_stream_init_dec - start a stream decryption
///
/// Starts a decryption whose input is given in parts, as described for
/// kcapi_aead_stream_init_enc(). The input must come in order: associated data, ciphertext,
/// and then the tag.
///
/// @handle: [in] AEAD cipher handle
/// @iv: [in] IV (kcapi_aead_ivsize() bytes), or NULL to use the operation socket's IV
/// @iov: [in] input to send now, or NULL
/// @iovlen: [in] number of entries of @iov (0 when @iov is NULL)
///
/// Return: the number of bytes sent, or a negative errno as for
/// kcapi_aead_stream_init_enc().
#[doc = safety!(live_handle!(), iv_ptr!("iv"), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_stream_init_dec(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, IV and iovec contracts (# Safety above).
    unsafe { iov::stream_init(&STREAM, Direction::Decrypt, handle, iv, iov, iovlen) }
}

/// kcapi_aead_stream_update - send more input of a stream operation
///
/// Sends the next part of the input of an operation started with
/// kcapi_aead_stream_init_enc() or kcapi_aead_stream_init_dec(), in the order given there.
/// Parts larger than 8 KiB are handed to the kernel without a copy: their memory must stay
/// unchanged until the output has been collected with kcapi_aead_stream_op(). The last part
/// must be sent with kcapi_aead_stream_update_last().
///
/// @handle: [in] AEAD cipher handle
/// @iov: [in] data
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes sent; -EINVAL for a NULL @iov with @iovlen > 0, a handle that
/// is not an AEAD handle or is NULL; -EMSGSIZE when the input of the operation would exceed
/// what the kernel queues (the operation is then abandoned), or another negative errno.
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_stream_update(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { iov::stream_update(&STREAM, false, handle, iov, iovlen) }
}

/// kcapi_aead_stream_update_last - send the last input of a stream operation
///
/// Like kcapi_aead_stream_update(), and marks the end of the input (typically the tag of a
/// decryption): the kernel then runs the operation, whose output kcapi_aead_stream_op()
/// collects. @iov may be NULL with @iovlen 0 when all input was sent already.
///
/// @handle: [in] AEAD cipher handle
/// @iov: [in] data, or NULL
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes sent, or a negative errno as for kcapi_aead_stream_update().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_stream_update_last(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { iov::stream_update(&STREAM, true, handle, iov, iovlen) }
}

/// kcapi_aead_stream_op - collect the output of a stream operation
///
/// Writes the output of the completed operation into @iov: associated data, ciphertext and
/// tag after an encryption, associated data and plaintext after a decryption. The input must
/// have been completed with kcapi_aead_stream_update_last() (possibly from another thread:
/// the call waits up to 100 ms for that and then returns 0). It never waits for output that
/// cannot come. When the authentication of a decryption fails it returns -EBADMSG and the
/// plaintext part of @iov is zeroed.
///
/// @handle: [in] AEAD cipher handle
/// @iov: [out] buffers for the output
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes written (0 when the input is not complete yet or @iovlen is
/// 0); -EBADMSG when authentication fails; -EINVAL when @iov is NULL, the handle is not an
/// AEAD handle or is NULL, or the buffers are too small; or another negative errno.
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_op(handle, iov, iovlen) }
}

/// A length out-parameter of the getdata functions: `size_t`, or `uint32_t` in their compat
/// versions (saturating: a length that does not fit never wraps to a small size).
pub(crate) trait LenOut: Copy {
    /// The value stored for the length `v`.
    fn from_len(v: usize) -> Self;
}

impl LenOut for usize {
    fn from_len(v: usize) -> usize {
        v
    }
}

impl LenOut for u32 {
    fn from_len(v: usize) -> u32 {
        saturate_u32(v)
    }
}

/// Store one part of a layout into the caller's out-parameters: the pointer only when both
/// `p` and `base` are non-NULL, the length whenever `len` is non-NULL (as libkcapi).
///
/// # Safety
/// `p` and `len` must each be NULL or point to writable memory for one value of their type.
/// (`base` is not dereferenced: the pointer stored is `base` plus an offset within the length
/// the caller gave for it.)
unsafe fn put_span<L: LenOut>(base: *mut u8, s: Span, p: *mut *mut u8, len: *mut L) {
    if !p.is_null() && !base.is_null() {
        let v = s.offset.map_or(::core::ptr::null_mut(), |o| base.wrapping_add(o));
        // SAFETY: p is non-NULL and writable by the caller's contract.
        unsafe { *p = v };
    }
    if !len.is_null() {
        // SAFETY: len is non-NULL and writable by the caller's contract.
        unsafe { *len = L::from_len(s.len) };
    }
}

/// The getdata functions and their compat versions: the layout `f` gives for the handle,
/// stored into the out-parameters; a NULL handle or one of another type leaves everything
/// alone.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; each of `aad`,
/// `aadlen`, `data`, `datalen`, `tag` and `taglen` must be NULL or point to writable memory for
/// one value of its type.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn getdata<L: LenOut>(
    f: fn(&Handle, usize, bool) -> Layout,
    handle: *mut kcapi_handle,
    encdata: *mut u8,
    encdatalen: size_t,
    enc: c_int,
    aad: *mut *mut u8,
    aadlen: *mut L,
    data: *mut *mut u8,
    datalen: *mut L,
    tag: *mut *mut u8,
    taglen: *mut L,
) {
    // SAFETY: the caller passes NULL or a live handle used by this thread only.
    if let Ok(h) = unsafe { aead_handle(handle) } {
        let l = f(h, encdatalen, enc != 0);
        // SAFETY: out-parameter contracts from the caller.
        unsafe {
            put_span(encdata, l.aad, aad, aadlen);
            put_span(encdata, l.data, data, datalen);
            put_span(encdata, l.tag, tag, taglen);
        }
    }
}

/// kcapi_aead_stream_op and its compat version.
///
/// # Safety
/// `handle` must be NULL or a live handle that other threads use during the call only through
/// the stream functions; `iov` NULL or `iovlen` iovecs describing writable memory nothing else
/// accesses during the call.
pub(crate) unsafe fn stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle that others only share.
    let r = unsafe { typed_shared(handle, AlgType::Aead) }.and_then(|h| {
        // SAFETY: forwarded caller contract for the iovecs.
        let out = unsafe { op_iovs(iov, iovlen) }
            .inspect_err(|_| klog!(ERR, "AEAD operation: No buffer for output data provided"))?;
        h.aead_stream_op(out)
    });
    ret_ssize(r)
}

/// kcapi_aead_setassoclen and its compat version: a NULL handle or one of another type is
/// ignored.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call.
pub(crate) unsafe fn setassoclen(handle: *mut kcapi_handle, assoclen: size_t) {
    // SAFETY: the caller passes NULL or a live handle used by this thread only.
    if let Ok(h) = unsafe { aead_handle(handle) } {
        h.aead_set_assoclen(assoclen);
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
#[doc = safety!(live_handle!(), out_ptr!("aad", "aadlen", "data", "datalen", "tag", "taglen"))]
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
    // SAFETY: the caller's handle and out-parameter contracts (# Safety above).
    unsafe {
        getdata(Handle::aead_input_layout, handle, encdata, encdatalen, enc, aad, aadlen, data, datalen, tag, taglen)
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
#[doc = safety!(live_handle!(), out_ptr!("aad", "aadlen", "data", "datalen", "tag", "taglen"))]
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
    // SAFETY: the caller's handle and out-parameter contracts (# Safety above).
    unsafe {
        getdata(Handle::aead_output_layout, handle, encdata, encdatalen, enc, aad, aadlen, data, datalen, tag, taglen)
    }
}

/// kcapi_aead_ivsize - size of the IV
///
/// Every IV passed to the encryption and decryption functions must have this size (for
/// example 12 for "gcm(aes)", 16 for "ccm(aes)", 8 for "rfc4106(gcm(aes))").
///
/// @handle: [in] AEAD cipher handle
///
/// Return: the IV size in bytes, or 0 when it cannot be determined or @handle is NULL.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_ivsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
    unsafe { info_of(handle, |i| i.ivsize) }
}

/// kcapi_aead_blocksize - block size of the cipher
///
/// @handle: [in] AEAD cipher handle
///
/// Return: the block size in bytes (1 for stream-like modes such as GCM and CCM), or 0 when
/// it cannot be determined or @handle is NULL.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_blocksize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
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
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_authsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
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
pub extern "C" fn kcapi_aead_inbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    inbuflen(aead::inbuflen_enc, handle, inlen, assoclen, taglen)
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
pub extern "C" fn kcapi_aead_inbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    inbuflen(aead::inbuflen_dec, handle, inlen, assoclen, taglen)
}

/// kcapi_aead_outbuflen_enc/dec and their compat versions: `f` from the core with the block
/// size of the handle's algorithm (of any type, as the size functions; 0 for a NULL handle or
/// when unknown, which makes the result 0).
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call.
pub(crate) unsafe fn outbuflen(
    f: fn(usize, usize, usize, usize) -> usize,
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    // SAFETY: forwarded caller contract.
    let bs = unsafe { super::handle(handle) }.map_or(0, |h| h.aead_blocksize());
    f(bs, inlen, assoclen, taglen)
}

/// kcapi_aead_inbuflen_enc/dec and their compat versions: `f` from the core. The handle is not
/// used (libkcapi does not read it either), so any pointer, even NULL, gives the sum.
pub(crate) fn inbuflen(
    f: fn(usize, usize, usize) -> usize,
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    let _ = handle;
    f(inlen, assoclen, taglen)
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
/// Return: the size in bytes, at least 1 (SIZE_MAX when it does not fit); 0 when @handle is
/// NULL or the block size cannot be determined: it is asked from the kernel on first use, which
/// fails when no descriptor is free for the netlink socket (EMFILE; libkcapi asks in
/// kcapi_aead_init(), which then fails).
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_outbuflen_enc(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
    unsafe { outbuflen(aead::outbuflen_enc, handle, inlen, assoclen, taglen) }
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
/// Return: the size in bytes, at least 1 (SIZE_MAX when it does not fit); 0 when @handle is
/// NULL or the block size cannot be determined: it is asked from the kernel on first use, which
/// fails when no descriptor is free for the netlink socket (EMFILE; libkcapi asks in
/// kcapi_aead_init(), which then fails).
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_aead_outbuflen_dec(
    handle: *mut kcapi_handle,
    inlen: size_t,
    assoclen: size_t,
    taglen: size_t,
) -> size_t {
    // SAFETY: the caller passes NULL or a live handle (# Safety above).
    unsafe { outbuflen(aead::outbuflen_dec, handle, inlen, assoclen, taglen) }
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
#[doc = safety!(readable!("nonce", "noncelen"), out_ptr!("iv", "ivlen"))]
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
    match afalg::__capi::c_alloc(&block, block.len()) {
        Ok(p) => {
            // SAFETY: iv and ivlen are non-NULL and writable by the caller's contract.
            unsafe {
                *iv = p.into_raw();
                *ivlen = block.len() as u32;
            }
            0
        }
        Err(e) => ret_int(Err(e)),
    }
}
