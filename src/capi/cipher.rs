//! Symmetric cipher API (`kcapi_cipher_*`, `kcapi_pad_iv`).

use super::iov::{self, in_io, in_iovs, iv_arg, key_first, op_iovs, out_io, out_iovs_copied, Stream, UIO_MAXIOV};
use super::{
    destroy_handle, in_buf, info_of, init_handle, kcapi_handle, ret_int, ret_ssize, set_key, typed, typed_shared,
};
use afalg::__capi::klog;
use afalg::__capi::log::{ERR, WARN};
use afalg::__capi::Access;
use afalg::__capi::Direction;
use afalg::__capi::{AlgType, Handle};
use afalg::__capi::{Errno, Result};
use libc::{c_char, c_int, iovec, size_t, ssize_t};

/// Log libkcapi's warnings about output buffers that cannot hold the result.
fn warn_sizes(h: &Handle, dir: Direction, inlen: usize, outlen: usize) {
    if !afalg::__capi::log::enabled(WARN) {
        return;
    }
    let bs = h.info().map(|i| i.blocksize as usize).unwrap_or(0).max(1);
    match dir {
        Direction::Encrypt => {
            let need = inlen.div_ceil(bs).saturating_mul(bs);
            if outlen < need {
                klog!(WARN, "Symmetric Encryption: Ciphertext buffer ({outlen}) is not plaintext buffer ({inlen}) rounded up to multiple of block size {bs}");
            }
        }
        Direction::Decrypt => {
            if inlen % bs != 0 {
                klog!(WARN, "Symmetric Decryption: Ciphertext buffer is not multiple of block size {bs}");
            }
            if outlen < inlen {
                klog!(
                    WARN,
                    "Symmetric Decryption: Plaintext buffer ({outlen}) is smaller as ciphertext buffer ({inlen})"
                );
            }
        }
    }
}

/// The one-shot operation behind kcapi_cipher_encrypt/decrypt: input bytes consumed.
///
/// # Safety
/// C buffer contracts of kcapi_cipher_encrypt.
#[allow(clippy::too_many_arguments)]
unsafe fn crypt(
    h: &mut Handle,
    dir: Direction,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> Result<usize> {
    if inlen == 0 || outlen == 0 {
        return Ok(0);
    }
    // libkcapi refuses an output length over INT_MAX before anything else; NULL buffers reach
    // the kernel, which checks the key first.
    if outlen > i32::MAX as usize {
        return Err(Errno::EMSGSIZE);
    }
    // SAFETY: forwarded caller contracts.
    let (i, o) =
        unsafe { in_io(r#in, inlen).and_then(|i| Ok((i, out_io(out, outlen)?))) }.map_err(|e| key_first(h, e))?;
    // SAFETY: forwarded caller contract (IV size bytes at iv).
    let iv = unsafe { iv_arg(h, iv) }?;
    warn_sizes(h, dir, inlen, outlen);
    Ok(h.cipher_crypt(dir, iv, i, o, Access::from_c(access), false)?.consumed)
}

/// The symmetric cipher handle behind a C pointer (`EINVAL` for NULL or another type).
///
/// # Safety
/// `handle` must be NULL or a live handle that no other thread uses while the result lives.
unsafe fn skcipher<'a>(handle: *mut kcapi_handle) -> Result<&'a mut Handle> {
    // SAFETY: forwarded caller contract.
    unsafe { typed(handle, AlgType::Skcipher) }
}

/// The stream functions of the symmetric cipher area.
pub(crate) const STREAM: Stream =
    Stream { kind: AlgType::Skcipher, init: Handle::cipher_stream_init, update: Handle::cipher_stream_update };

/// kcapi_cipher_encrypt/decrypt and their compat versions.
///
/// # Safety
/// `handle` must be NULL or a live handle no other thread uses during the call; `in` NULL or
/// readable for `inlen` bytes; `iv` NULL or readable for the cipher's IV size; `out` NULL or
/// writable for `outlen` bytes nothing else reads or writes through Rust references.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn crypt_c(
    dir: Direction,
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: forwarded caller contracts.
    ret_ssize(unsafe { skcipher(handle).and_then(|h| crypt(h, dir, r#in, inlen, iv, out, outlen, access)) })
}

/// kcapi_cipher_init - open a symmetric cipher handle
///
/// Binds the kernel's symmetric cipher @ciphername, for example "cbc(aes)", "ctr(aes)",
/// "xts(aes)", "ecb(aes)", "chacha20" or a driver name such as "cbc-aes-aesni". Set the key
/// with kcapi_cipher_setkey() before the first operation. The connection for data (the
/// operation socket) is opened on first use. Release the handle with kcapi_cipher_destroy().
///
/// @handle: [out] receives the new handle; left untouched on failure
/// @ciphername: [in] kernel name of the cipher
/// @flags: [in] KCAPI_INIT_AIO to let kcapi_cipher_encrypt_aio() and
/// kcapi_cipher_decrypt_aio() use the kernel's asynchronous I/O interface; other bits are
/// ignored
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
pub unsafe extern "C" fn kcapi_cipher_init(
    handle: *mut *mut kcapi_handle,
    ciphername: *const c_char,
    flags: u32,
) -> c_int {
    // SAFETY: pointer validity is the caller's contract, checked for NULL inside.
    unsafe { init_handle(handle, ciphername, AlgType::Skcipher, flags) }
}

/// kcapi_cipher_destroy - close a symmetric cipher handle
///
/// Closes the handle's operation socket and pipe and, when no other handle made by
/// kcapi_handle_reinit() shares it, the transformation with its key. Handles sharing a
/// transformation may be destroyed in any order. A NULL handle is ignored.
///
/// @handle: [in] handle to release; must not be used afterwards
#[doc = safety!(dying_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_destroy(handle: *mut kcapi_handle) {
    // SAFETY: the caller passes NULL or a live handle it no longer uses.
    unsafe { destroy_handle(handle) }
}

/// kcapi_cipher_setkey - set the key of a symmetric cipher
///
/// Hands the key to the kernel; the library keeps no copy, so the caller may wipe its buffer
/// afterwards. The key belongs to the transformation and is shared by every handle made from
/// this one with kcapi_handle_reinit(). It must be set before the first operation: once an
/// operation socket exists the kernel refuses new keys. AES takes 16, 24 or 32 bytes; XTS
/// twice that.
///
/// @handle: [in] cipher handle
/// @key: [in] key buffer
/// @keylen: [in] key length in bytes
///
/// Return: 0 on success; -EINVAL for a key length the cipher does not take or a NULL handle,
/// -EBUSY once the handle (or one sharing its transformation) has been used, -EFAULT for a NULL
/// key with a non-zero length (-ENOMEM when the length is more than the kernel allocates for a
/// key, e.g. 1 MiB: it refuses that before it reads the key). A handle of another type gives
/// -EINVAL before anything reaches the kernel (libkcapi blocks or answers with data of the
/// wrong kind).
#[doc = safety!(live_handle!(), readable!("key", "keylen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_setkey(handle: *mut kcapi_handle, key: *const u8, keylen: u32) -> c_int {
    // SAFETY: the caller guarantees the handle and key contracts (# Safety above).
    ret_int(unsafe { skcipher(handle).and_then(|h| set_key(h, key, keylen)) })
}

/// kcapi_cipher_encrypt - encrypt a buffer in one call
///
/// Encrypts @inlen bytes at @in into @out; @in and @out may be the same buffer (the plaintext
/// is then overwritten). The IV is read from @iv (kcapi_cipher_ivsize() bytes); with a NULL
/// @iv the operation continues with the IV the handle's operation socket holds (all zero on a
/// new handle, otherwise the IV the previous operation ended with).
///
/// Input of any size is processed: the kernel takes it in pieces of 16 pages, with the IV
/// chained from piece to piece, so the result is the same as one continuous operation.
///
/// @access selects how the data reaches the kernel: KCAPI_ACCESS_SENDMSG copies it,
/// KCAPI_ACCESS_VMSPLICE hands the pages over without a copy (vmsplice and splice, falling back
/// to copying when the kernel refuses or the data does not fit into the handle's pipe, see
/// kcapi_set_maxsplicesize()), KCAPI_ACCESS_HEURISTIC copies up to 8 KiB and hands larger data
/// over. The result is the same in every mode.
///
/// @handle: [in] cipher handle
/// @in: [in] plaintext
/// @inlen: [in] length of @in; a multiple of the block size for block modes such as CBC
/// @iv: [in] IV, or NULL (see above)
/// @out: [out] ciphertext
/// @outlen: [in] size of @out, normally at least @inlen; at most INT_MAX
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the number of input bytes processed (@inlen when @outlen is at least @inlen; with a
/// shorter @out only as much ciphertext as fits in whole blocks is written, the rest is
/// discarded); 0 when @inlen or @outlen is 0; -EINVAL for input that is not a multiple of the
/// block size of a block mode, for an output buffer shorter than one block, or a NULL handle;
/// -ENOKEY when no key was set; -EMSGSIZE when @outlen exceeds INT_MAX; -EFAULT for NULL
/// buffers; or another negative errno from the kernel. The checks come in libkcapi's order:
/// @outlen first, then the key (a NULL buffer of a handle without key is -ENOKEY, as the
/// kernel answers libkcapi), then the buffers. A handle of another type gives -EINVAL
/// before anything reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_encrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, buffer and IV contracts (# Safety above).
    unsafe { crypt_c(Direction::Encrypt, handle, r#in, inlen, iv, out, outlen, access) }
}

/// kcapi_cipher_decrypt - decrypt a buffer in one call
///
/// Decrypts @inlen bytes at @in into @out; @in and @out may be the same buffer. IV, large
/// inputs and @access work as for kcapi_cipher_encrypt().
///
/// @handle: [in] cipher handle
/// @in: [in] ciphertext
/// @inlen: [in] length of @in; a multiple of the block size for block modes such as CBC
/// @iv: [in] IV, or NULL to continue with the operation socket's IV
/// @out: [out] plaintext
/// @outlen: [in] size of @out, normally at least @inlen; at most INT_MAX
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the number of input bytes processed, or a negative errno as for
/// kcapi_cipher_encrypt(). A handle of another type gives -EINVAL before anything reaches the
/// kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_decrypt(
    handle: *mut kcapi_handle,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
    access: c_int,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, buffer and IV contracts (# Safety above).
    unsafe { crypt_c(Direction::Decrypt, handle, r#in, inlen, iv, out, outlen, access) }
}

/// The AIO operation (kcapi_cipher_encrypt_aio/decrypt_aio and their compat versions): every
/// iovec pair an independent operation.
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
    // SAFETY: forwarded caller contracts.
    let r = unsafe { skcipher(handle) }.and_then(|h| {
        // libkcapi's order of checks (measured): its AIO path (KCAPI_INIT_AIO) sends each
        // batch of up to 64 inputs with one sendmsg (zero-copy: the control message first, then
        // the array), its synchronous fallback all inputs with one sendmsg; the kernel refuses
        // more than UIO_MAXIOV entries or a NULL array before it checks the key; the output
        // array is looked at last.
        let aio = h.wants_aio();
        if iovlen == 0 {
            // libkcapi: the AIO path has nothing to do, its synchronous fallback complains.
            if aio {
                return Ok(0);
            }
            klog!(ERR, "Symmetric operation: No buffer for output data provided");
            return Err(key_first(h, Errno::EINVAL));
        }
        if !aio && iovlen > UIO_MAXIOV {
            return Err(Errno::EMSGSIZE);
        }
        if iniov.is_null() {
            let zero_copy_first = aio && Access::from_c(access) == Access::Vmsplice;
            return Err(if zero_copy_first { key_first(h, Errno::EINVAL) } else { Errno::EFAULT });
        }
        // SAFETY: forwarded caller contract (iniov has iovlen entries).
        let ins = unsafe { in_iovs(iniov, iovlen, Errno::EFAULT) }?;
        if outiov.is_null() {
            klog!(ERR, "Symmetric operation: No buffer for output data provided");
            return Err(key_first(h, Errno::EINVAL));
        }
        // SAFETY: outiov has iovlen entries describing writable memory (caller contract).
        let mut outs = unsafe { out_iovs_copied(outiov, iovlen) };
        // SAFETY: forwarded caller contract (IV size bytes at iv).
        let iv = unsafe { iv_arg(h, iv) }?;
        // libkcapi sends the input even when there is nothing to produce.
        let r = h.cipher_crypt_aio(dir, iv, ins, &mut outs, Access::from_c(access));
        iov::nothing_done_needs_key(h, r)
    });
    ret_ssize(r)
}

/// kcapi_cipher_encrypt_aio - encrypt several buffers, using asynchronous I/O
///
/// The inputs @iniov form one stream encrypted with the IV @iv (all zero when @iv is NULL),
/// chained across the buffers as libkcapi does. On a handle made with KCAPI_INIT_AIO all input
/// is queued as one request and each output buffer @outiov[i] is one read through the
/// kernel's asynchronous I/O interface (synchronous, with the same result, when the kernel
/// offers no asynchronous I/O on AF_ALG sockets): it takes as much of the stream as it holds,
/// whole blocks while more input follows, so pairs of equal lengths give the chained
/// encryption of the inputs. Without the flag the stream is encrypted as one operation into
/// the output buffers in order. Unlike libkcapi, more than 64 pairs still form one stream
/// (libkcapi restarts the IV every 64 pairs), and input the reads do not take is discarded.
/// When the function returns, every request it submitted has completed: the kernel no longer
/// accesses the buffers. @access works as for kcapi_cipher_encrypt() (the heuristic looks at
/// the first input buffer).
///
/// @handle: [in] cipher handle
/// @iniov: [in] array of @iovlen plaintext buffers
/// @outiov: [out] array of @iovlen ciphertext buffers (may be the same array as @iniov)
/// @iovlen: [in] number of buffer pairs
/// @iv: [in] IV of the stream, or NULL for an all-zero IV
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the total number of ciphertext bytes written (0 when @iovlen is 0 on a handle made
/// with KCAPI_INIT_AIO); -EINVAL when @iovlen is 0 on another handle, for a NULL @outiov or a
/// NULL handle, or before anything is processed when a buffer is longer than SSIZE_MAX or the
/// input (or output) lengths add up beyond it; -EFAULT for a NULL @iniov; -EMSGSIZE for more
/// than 1024 pairs (UIO_MAXIOV) on a handle without KCAPI_INIT_AIO (libkcapi sends all input
/// with one sendmsg there); -ENOKEY without a key, also instead of the -EINVAL cases above
/// (the kernel checks the key first; a NULL @iniov is -ENOKEY only with KCAPI_INIT_AIO and
/// KCAPI_ACCESS_VMSPLICE, where libkcapi sends the control message first); or the first error
/// of a read (-EINVAL for one that cannot take one block; the other reads still run) or of the
/// operation as for kcapi_cipher_encrypt(). A handle of another type gives -EINVAL before
/// anything reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"), iv_ptr!("iv"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_encrypt_aio(
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

/// kcapi_cipher_decrypt_aio - decrypt several buffers, using asynchronous I/O
///
/// The inputs @iniov form one stream decrypted with the IV @iv into the output buffers
/// @outiov, as described for kcapi_cipher_encrypt_aio().
///
/// @handle: [in] cipher handle
/// @iniov: [in] array of @iovlen ciphertext buffers
/// @outiov: [out] array of @iovlen plaintext buffers (may be the same array as @iniov)
/// @iovlen: [in] number of buffer pairs
/// @iv: [in] IV of the stream, or NULL for an all-zero IV
/// @access: [in] KCAPI_ACCESS_HEURISTIC, KCAPI_ACCESS_VMSPLICE or KCAPI_ACCESS_SENDMSG
///
/// Return: the total number of plaintext bytes written, or a negative errno as for
/// kcapi_cipher_encrypt_aio().
#[doc = safety!(live_handle!(), iovecs!("iniov", "iovlen", "readable"), iovecs!("outiov", "iovlen", "writable"), iv_ptr!("iv"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_decrypt_aio(
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

/// kcapi_cipher_stream_init_enc - start a stream encryption
///
/// Starts an encryption whose plaintext is given in parts: optionally here, then with
/// kcapi_cipher_stream_update() and, for the last part, kcapi_cipher_stream_update_last().
/// The ciphertext is collected with kcapi_cipher_stream_op(), interleaved with the updates or
/// from another thread. The kernel buffers up to about 200 KiB of input; an update blocks when
/// that is full until output is collected.
///
/// @handle: [in] cipher handle
/// @iv: [in] IV (kcapi_cipher_ivsize() bytes), or NULL to continue with the operation
/// socket's IV
/// @iov: [in] plaintext to send now, or NULL
/// @iovlen: [in] number of entries of @iov (0 when @iov is NULL)
///
/// Return: the number of bytes sent; -EFAULT for a NULL @iov with @iovlen > 0, -EINVAL for a
/// NULL handle or while a previous operation's data is still unread, or another negative
/// errno. A handle of another type gives -EINVAL before anything reaches the kernel (libkcapi
/// blocks or answers with data of the wrong kind).
#[doc = safety!(live_handle!(), iv_ptr!("iv"), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_stream_init_enc(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, IV and iovec contracts (# Safety above).
    unsafe { iov::stream_init(&STREAM, Direction::Encrypt, handle, iv, iov, iovlen) }
}

/// kcapi_cipher_stream_init_dec - start a stream decryption
///
/// Starts a decryption whose ciphertext is given in parts, as described for
/// kcapi_cipher_stream_init_enc().
///
/// @handle: [in] cipher handle
/// @iv: [in] IV (kcapi_cipher_ivsize() bytes), or NULL to continue with the operation
/// socket's IV
/// @iov: [in] ciphertext to send now, or NULL
/// @iovlen: [in] number of entries of @iov (0 when @iov is NULL)
///
/// Return: the number of bytes sent, or a negative errno as for
/// kcapi_cipher_stream_init_enc().
#[doc = safety!(live_handle!(), iv_ptr!("iv"), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_stream_init_dec(
    handle: *mut kcapi_handle,
    iv: *const u8,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle, IV and iovec contracts (# Safety above).
    unsafe { iov::stream_init(&STREAM, Direction::Decrypt, handle, iv, iov, iovlen) }
}

/// kcapi_cipher_stream_update - send more data of a stream operation
///
/// Sends the next part of the input of an operation started with
/// kcapi_cipher_stream_init_enc() or kcapi_cipher_stream_init_dec(). Parts larger than 8 KiB
/// are handed to the kernel without a copy: their memory must stay unchanged until the
/// output has been collected with kcapi_cipher_stream_op(). Blocks while the kernel's input
/// buffer is full, until another thread collects output. Send the last part with
/// kcapi_cipher_stream_update_last().
///
/// @handle: [in] cipher handle
/// @iov: [in] data
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes sent; -EINVAL for a NULL @iov with @iovlen > 0 or a NULL
/// handle, or another negative errno. A handle of another type gives -EINVAL before anything
/// reaches the kernel (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_stream_update(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { iov::stream_update(&STREAM, false, handle, iov, iovlen) }
}

/// kcapi_cipher_stream_update_last - send the last data of a stream operation
///
/// Like kcapi_cipher_stream_update(), and marks the end of the input: only then does the
/// kernel produce the final part of the output, such as a last partial block of a stream mode
/// like CTR. @iov may be NULL with @iovlen 0 when all data was sent already.
///
/// @handle: [in] cipher handle
/// @iov: [in] data, or NULL
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes sent, or a negative errno as for kcapi_cipher_stream_update().
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "readable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_stream_update_last(
    handle: *mut kcapi_handle,
    iov: *mut iovec,
    iovlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { iov::stream_update(&STREAM, true, handle, iov, iovlen) }
}

/// kcapi_cipher_stream_op - collect output of a stream operation
///
/// Writes what the kernel can produce from the input sent so far into @iov and returns its
/// size, which may be less than @iov holds: call it in a loop until all output arrived. Before
/// kcapi_cipher_stream_update_last() only whole blocks are produced; a buffer that is not a
/// multiple of the block size is filled with whole blocks only. It never waits for output that
/// the input sent so far cannot give; when nothing is available it waits up to 100 ms for
/// another thread to send input and then returns 0.
///
/// @handle: [in] cipher handle
/// @iov: [out] buffers for the output
/// @iovlen: [in] number of entries of @iov
///
/// Return: the number of bytes written (0 when nothing was available); -EINVAL when @iov is
/// NULL, @iovlen is 0 or the handle is NULL, -EINVAL from the kernel for a buffer shorter than
/// one block or input that is not a multiple of the block size of a block mode, or another
/// negative errno. A handle of another type gives -EINVAL before anything reaches the kernel
/// (libkcapi blocks or answers with data of the wrong kind).
#[doc = safety!(shared_handle!(), iovecs!("iov", "iovlen", "writable"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: the caller guarantees the handle and iovec contracts (# Safety above).
    unsafe { stream_op(handle, iov, iovlen) }
}

/// kcapi_cipher_stream_op and its compat version.
///
/// # Safety
/// `handle` must be NULL or a live handle that other threads use during the call only through
/// the stream functions; `iov` NULL or `iovlen` iovecs describing writable memory nothing else
/// accesses during the call.
pub(crate) unsafe fn stream_op(handle: *mut kcapi_handle, iov: *mut iovec, iovlen: size_t) -> ssize_t {
    // SAFETY: the caller passes NULL or a live handle that others only share.
    let r = unsafe { typed_shared(handle, AlgType::Skcipher) }.and_then(|h| {
        let out = if iovlen == 0 {
            Err(Errno::EINVAL)
        } else {
            // SAFETY: forwarded caller contract for the iovecs.
            unsafe { op_iovs(iov, iovlen) }
        };
        let out = out.inspect_err(|_| klog!(ERR, "Symmetric operation: No buffer for output data provided"))?;
        h.cipher_stream_op(out)
    });
    ret_ssize(r)
}

/// kcapi_cipher_ivsize - IV size of the cipher
///
/// @handle: [in] cipher handle
///
/// Return: the IV size in bytes; 0 for ciphers without IV (such as ECB), when it cannot be
/// determined, or for a NULL handle.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_ivsize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { info_of(handle, |i| i.ivsize) }
}

/// kcapi_cipher_blocksize - block size of the cipher
///
/// @handle: [in] cipher handle
///
/// Return: the block size in bytes (1 for stream modes such as CTR); 0 when it cannot be
/// determined or for a NULL handle.
#[doc = safety!(live_handle!())]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_blocksize(handle: *mut kcapi_handle) -> u32 {
    // SAFETY: the caller guarantees the handle contract (# Safety above).
    unsafe { info_of(handle, |i| i.blocksize) }
}

/// kcapi_pad_iv - bring an IV to the size the cipher needs
///
/// Allocates kcapi_cipher_ivsize() bytes (16-byte aligned), copies the first @ivlen bytes of
/// @iv into them (at most the IV size; longer input is cut) and fills the rest with zeros. The
/// caller releases *@newiv with free(). For a cipher without IV the result has length 0.
///
/// @handle: [in] cipher or AEAD handle (any handle: the IV size of its algorithm is used)
/// @iv: [in] IV of any length (may be NULL when @ivlen is 0)
/// @ivlen: [in] length of @iv
/// @newiv: [out] receives the new IV buffer
/// @newivlen: [out] receives its length
///
/// Return: 0 on success; -EINVAL for a NULL handle, @newiv or @newivlen, -EFAULT for a NULL
/// @iv with @ivlen > 0, -ENOMEM when memory is short.
#[doc = safety!(live_handle!(), readable!("iv", "ivlen"), out_ptr!("newiv", "newivlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_pad_iv(
    handle: *mut kcapi_handle,
    iv: *const u8,
    ivlen: u32,
    newiv: *mut *mut u8,
    newivlen: *mut u32,
) -> c_int {
    // Any handle type: the IV size of its algorithm (Debian's kcapi-enc pads AEAD IVs with it).
    // SAFETY: the caller guarantees the pointer contracts, checked for NULL inside.
    let r = unsafe { super::handle(handle) }.and_then(|h| {
        if newiv.is_null() || newivlen.is_null() {
            return Err(Errno::EINVAL);
        }
        let size = h.info()?.ivsize;
        // SAFETY: iv is NULL (only with ivlen 0) or valid for ivlen bytes (caller contract).
        let src = unsafe { in_buf(iv, ivlen as usize) }?;
        let p = afalg::__capi::c_alloc(src, size as usize)?;
        // SAFETY: both out-pointers are non-NULL and writable (caller contract).
        unsafe {
            *newiv = p.into_raw();
            *newivlen = size;
        }
        Ok(())
    });
    ret_int(r)
}

/// One-shot operation on a temporary handle of `name` (kcapi_cipher_enc_aes_cbc … and their
/// compat versions).
///
/// # Safety
/// `key` must be NULL or point to `keylen` readable bytes; `in` NULL or `inlen` readable bytes;
/// `iv` NULL or 16 readable bytes (the IV size of the ciphers named here); `out` NULL or
/// `outlen` writable bytes nothing else reads or writes through Rust references.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn oneshot(
    name: &str,
    dir: Direction,
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    let r = Handle::new(AlgType::Skcipher, name, 0).and_then(|mut h| {
        // SAFETY: forwarded caller contract for the key.
        unsafe { set_key(&mut h, key, keylen) }?;
        // SAFETY: forwarded caller contracts for the buffers and IV.
        unsafe { crypt(&mut h, dir, r#in, inlen, iv, out, outlen, 0) }
    });
    ret_ssize(r)
}

/// kcapi_cipher_enc_aes_cbc - AES-CBC encryption of one buffer
///
/// Opens a temporary handle for the kernel's "cbc(aes)", sets @key (16, 24 or 32 bytes select
/// AES-128, AES-192 or AES-256), encrypts @in with kcapi_cipher_encrypt() and closes the
/// handle. Input larger than 64 KiB gives the same result as one continuous CBC encryption.
///
/// @key: [in] AES key
/// @keylen: [in] length of @key
/// @in: [in] plaintext, a multiple of 16 bytes
/// @inlen: [in] length of @in
/// @iv: [in] IV (16 bytes)
/// @out: [out] ciphertext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed; -EINVAL for a bad key length or input that is not a
/// multiple of 16 bytes, -ENOENT when the kernel has no cbc(aes), or another negative errno as
/// for kcapi_cipher_encrypt().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_enc_aes_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("cbc(aes)", Direction::Encrypt, key, keylen, r#in, inlen, iv, out, outlen) }
}

/// kcapi_cipher_dec_aes_cbc - AES-CBC decryption of one buffer
///
/// Opens a temporary handle for the kernel's "cbc(aes)", sets @key, decrypts @in with
/// kcapi_cipher_decrypt() and closes the handle.
///
/// @key: [in] AES key (16, 24 or 32 bytes)
/// @keylen: [in] length of @key
/// @in: [in] ciphertext, a multiple of 16 bytes
/// @inlen: [in] length of @in
/// @iv: [in] IV (16 bytes)
/// @out: [out] plaintext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed, or a negative errno as for
/// kcapi_cipher_enc_aes_cbc().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_dec_aes_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("cbc(aes)", Direction::Decrypt, key, keylen, r#in, inlen, iv, out, outlen) }
}

/// kcapi_cipher_enc_aes_ctr - AES-CTR encryption of one buffer
///
/// Opens a temporary handle for the kernel's "ctr(aes)", sets @key (16, 24 or 32 bytes),
/// encrypts @in with kcapi_cipher_encrypt() and closes the handle. Any input length is
/// allowed; input larger than 64 KiB gives the same result as one continuous CTR encryption
/// (the counter keeps running).
///
/// @key: [in] AES key
/// @keylen: [in] length of @key
/// @in: [in] plaintext
/// @inlen: [in] length of @in
/// @ctr: [in] initial counter block (16 bytes)
/// @out: [out] ciphertext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed; -EINVAL for a bad key length, -ENOENT when the kernel
/// has no ctr(aes), or another negative errno as for kcapi_cipher_encrypt().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("ctr"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_enc_aes_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    ctr: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("ctr(aes)", Direction::Encrypt, key, keylen, r#in, inlen, ctr, out, outlen) }
}

/// kcapi_cipher_dec_aes_ctr - AES-CTR decryption of one buffer
///
/// Opens a temporary handle for the kernel's "ctr(aes)", sets @key, decrypts @in with
/// kcapi_cipher_decrypt() and closes the handle.
///
/// @key: [in] AES key (16, 24 or 32 bytes)
/// @keylen: [in] length of @key
/// @in: [in] ciphertext
/// @inlen: [in] length of @in
/// @ctr: [in] initial counter block (16 bytes)
/// @out: [out] plaintext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed, or a negative errno as for
/// kcapi_cipher_enc_aes_ctr().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("ctr"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_dec_aes_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    ctr: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("ctr(aes)", Direction::Decrypt, key, keylen, r#in, inlen, ctr, out, outlen) }
}

/// kcapi_cipher_enc_sm4_cbc - SM4-CBC encryption of one buffer
///
/// Opens a temporary handle for the kernel's "cbc(sm4)", sets @key (16 bytes), encrypts @in
/// with kcapi_cipher_encrypt() and closes the handle.
///
/// @key: [in] SM4 key
/// @keylen: [in] length of @key
/// @in: [in] plaintext, a multiple of 16 bytes
/// @inlen: [in] length of @in
/// @iv: [in] IV (16 bytes)
/// @out: [out] ciphertext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed; -EINVAL for a bad key length or input that is not a
/// multiple of 16 bytes, -ENOENT when the kernel has no cbc(sm4), or another negative errno as
/// for kcapi_cipher_encrypt().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_enc_sm4_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("cbc(sm4)", Direction::Encrypt, key, keylen, r#in, inlen, iv, out, outlen) }
}

/// kcapi_cipher_dec_sm4_cbc - SM4-CBC decryption of one buffer
///
/// Opens a temporary handle for the kernel's "cbc(sm4)", sets @key, decrypts @in with
/// kcapi_cipher_decrypt() and closes the handle.
///
/// @key: [in] SM4 key (16 bytes)
/// @keylen: [in] length of @key
/// @in: [in] ciphertext, a multiple of 16 bytes
/// @inlen: [in] length of @in
/// @iv: [in] IV (16 bytes)
/// @out: [out] plaintext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed, or a negative errno as for
/// kcapi_cipher_enc_sm4_cbc().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("iv"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_dec_sm4_cbc(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    iv: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("cbc(sm4)", Direction::Decrypt, key, keylen, r#in, inlen, iv, out, outlen) }
}

/// kcapi_cipher_enc_sm4_ctr - SM4-CTR encryption of one buffer
///
/// Opens a temporary handle for the kernel's "ctr(sm4)", sets @key (16 bytes), encrypts @in
/// with kcapi_cipher_encrypt() and closes the handle. Any input length is allowed.
///
/// @key: [in] SM4 key
/// @keylen: [in] length of @key
/// @in: [in] plaintext
/// @inlen: [in] length of @in
/// @ctr: [in] initial counter block (16 bytes)
/// @out: [out] ciphertext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed; -EINVAL for a bad key length, -ENOENT when the kernel
/// has no ctr(sm4), or another negative errno as for kcapi_cipher_encrypt().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("ctr"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_enc_sm4_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    ctr: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("ctr(sm4)", Direction::Encrypt, key, keylen, r#in, inlen, ctr, out, outlen) }
}

/// kcapi_cipher_dec_sm4_ctr - SM4-CTR decryption of one buffer
///
/// Opens a temporary handle for the kernel's "ctr(sm4)", sets @key, decrypts @in with
/// kcapi_cipher_decrypt() and closes the handle.
///
/// @key: [in] SM4 key (16 bytes)
/// @keylen: [in] length of @key
/// @in: [in] ciphertext
/// @inlen: [in] length of @in
/// @ctr: [in] initial counter block (16 bytes)
/// @out: [out] plaintext (may be the same buffer as @in)
/// @outlen: [in] size of @out, at least @inlen
///
/// Return: the number of bytes processed, or a negative errno as for
/// kcapi_cipher_enc_sm4_ctr().
#[doc = safety!(readable!("key", "keylen"), readable!("in", "inlen"), iv_ptr!("ctr"), writable!("out", "outlen"))]
#[no_mangle]
pub unsafe extern "C" fn kcapi_cipher_dec_sm4_ctr(
    key: *const u8,
    keylen: u32,
    r#in: *const u8,
    inlen: size_t,
    ctr: *const u8,
    out: *mut u8,
    outlen: size_t,
) -> ssize_t {
    // SAFETY: the caller guarantees the buffer contracts (# Safety above).
    unsafe { oneshot("ctr(sm4)", Direction::Decrypt, key, keylen, r#in, inlen, ctr, out, outlen) }
}
