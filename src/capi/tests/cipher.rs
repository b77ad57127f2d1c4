//! Symmetric cipher functions and their compat versions.

use super::{detached, huge_pair, iov, no_alg_or, EFAULT, EINVAL, EMSGSIZE, ENOTSOCK, HUGE_KEY, INT_MAX_1};
use crate::capi::{cipher, compat};
use afalg::__capi::{AlgType, INIT_AIO};
use std::ptr::{null, null_mut};

pub(super) fn cases() {
    let h = detached(AlgType::Skcipher, 0);
    let h_aio = detached(AlgType::Skcipher, INIT_AIO);
    let md = detached(AlgType::Hash, 0);
    let (data, ivb, mut out, mut ob) = ([1u8; 32], [2u8; 16], [0u8; 32], [0u8; 32]);
    let (d, iv, o) = (data.as_ptr(), ivb.as_ptr(), out.as_mut_ptr());
    let mut v = [iov(&mut ob)];
    let vp = v.as_mut_ptr();

    init_cases!(cipher::kcapi_cipher_init(c"cbc(aes)"));

    // NULL handles and handles of another type (a hash handle would digest the input).
    for bad in [null_mut(), md] {
        neg!(cipher::kcapi_cipher_setkey(bad, d, 16) => EINVAL);
        neg2!(cipher::kcapi_cipher_encrypt(bad, d, 16, iv, o, 16, 0) => EINVAL);
        neg2!(cipher::kcapi_cipher_decrypt(bad, d, 16, iv, o, 16, 0) => EINVAL);
        neg2!(cipher::kcapi_cipher_encrypt_aio(bad, vp, vp, 1, iv, 0) => EINVAL);
        neg2!(cipher::kcapi_cipher_decrypt_aio(bad, vp, vp, 1, iv, 0) => EINVAL);
        neg2!(cipher::kcapi_cipher_stream_init_enc(bad, iv, vp, 1) => EINVAL);
        neg2!(cipher::kcapi_cipher_stream_init_dec(bad, iv, vp, 1) => EINVAL);
        neg2!(cipher::kcapi_cipher_stream_update(bad, vp, 1) => EINVAL);
        neg2!(cipher::kcapi_cipher_stream_update_last(bad, vp, 1) => EINVAL);
        neg2!(cipher::kcapi_cipher_stream_op(bad, vp, 1) => EINVAL);
    }
    let (mut niv, mut nlen) = (null_mut(), 0u32);
    neg!(cipher::kcapi_pad_iv(null_mut(), iv, 16, &mut niv, &mut nlen) => EINVAL);
    // Sizes: 0 for NULL; a hash handle gives its own (libkcapi: "md handle: ivsize=0 blocksize=64").
    val!(cipher::kcapi_cipher_ivsize(null_mut()) => 0);
    val!(cipher::kcapi_cipher_blocksize(null_mut()) => 0);
    val!(cipher::kcapi_cipher_ivsize(h) => 16);
    val!(cipher::kcapi_cipher_blocksize(h) => 16);
    val!(cipher::kcapi_cipher_ivsize(md) => 0);
    val!(cipher::kcapi_cipher_blocksize(md) => 64);
    // A NULL key with a length goes to the kernel (ENOMEM for a huge length, else EFAULT).
    neg!(cipher::kcapi_cipher_setkey(h, null(), 16) => ENOTSOCK);
    neg!(cipher::kcapi_cipher_setkey(h, null(), HUGE_KEY) => ENOTSOCK);

    // One-shot: nothing to do for empty input or output; NULL buffers; output over INT_MAX.
    neg!(cipher::kcapi_cipher_encrypt(h, d, 0, iv, o, 16, 0) => 0);
    neg!(cipher::kcapi_cipher_decrypt(h, d, 16, iv, o, 0, 0) => 0);
    neg!(cipher::kcapi_cipher_encrypt(h, null(), 16, iv, o, 16, 0) => EFAULT);
    neg!(cipher::kcapi_cipher_decrypt(h, d, 16, iv, null_mut(), 16, 0) => EFAULT);
    neg!(cipher::kcapi_cipher_encrypt(h, d, 16, iv, o, INT_MAX_1, 0) => EMSGSIZE);
    neg!(cipher::kcapi_cipher_encrypt(h, d, 16, iv, o, usize::MAX, 0) => EMSGSIZE);
    neg!(compat::kcapi_cipher_encrypt(h, d, 16, iv, o, u32::MAX, 0) => EMSGSIZE);
    neg!(compat::kcapi_cipher_decrypt(h, null(), 16, iv, o, 16, 0) => EFAULT);

    // NULL buffers are checked after the output length (libkcapi's order; the key check
    // between them needs a kernel: capi-tests/cipher_errors).
    neg!(cipher::kcapi_cipher_encrypt(h, null(), 16, iv, null_mut(), INT_MAX_1, 0) => EMSGSIZE);

    // AIO: no pairs (an AIO handle has nothing to do), NULL arrays, too many entries.
    neg!(cipher::kcapi_cipher_encrypt_aio(h, vp, vp, 0, iv, 0) => EINVAL);
    neg2!(cipher::kcapi_cipher_encrypt_aio(h_aio, vp, vp, 0, iv, 0) => 0);
    neg2!(cipher::kcapi_cipher_decrypt_aio(h, null_mut(), vp, 1, iv, 0) => EFAULT);
    // The output array is looked at after the input is sent: EINVAL as libkcapi's
    // synchronous fallback answers (a NULL input array too when the AIO path sends the
    // control message first: zero-copy).
    neg!(cipher::kcapi_cipher_decrypt_aio(h, vp, null_mut(), 1, iv, 0) => EINVAL);
    neg!(cipher::kcapi_cipher_decrypt_aio(h_aio, vp, null_mut(), 1, iv, 2) => EINVAL);
    neg!(cipher::kcapi_cipher_encrypt_aio(h_aio, null_mut(), vp, 1, iv, 2) => EFAULT);
    neg!(cipher::kcapi_cipher_encrypt_aio(h_aio, null_mut(), vp, 1, iv, 1) => EINVAL);
    // Without KCAPI_INIT_AIO libkcapi sends every input with one sendmsg: more than
    // UIO_MAXIOV (1024) entries are EMSGSIZE, before the arrays are looked at.
    neg!(cipher::kcapi_cipher_encrypt_aio(h, vp, vp, usize::MAX, iv, 0) => EMSGSIZE);
    neg2!(cipher::kcapi_cipher_encrypt_aio(h, null_mut(), null_mut(), 1025, iv, 0) => EMSGSIZE);
    neg!(cipher::kcapi_cipher_encrypt_aio(h_aio, vp, vp, usize::MAX, iv, 0) => EFAULT);
    // Input lengths beyond SSIZE_MAX whose sum wraps, with 16-byte outputs: EINVAL before
    // anything is sent (with and without AIO), as the kernel answers libkcapi's sendmsg.
    let mut big_in = huge_pair(&mut ob);
    let (mut o1, mut o2) = ([0u8; 16], [0u8; 16]);
    let mut outs = [iov(&mut o1), iov(&mut o2)];
    let (bp, op) = (big_in.as_mut_ptr(), outs.as_mut_ptr());
    for x in [h, h_aio] {
        neg2!(cipher::kcapi_cipher_encrypt_aio(x, bp, op, 2, iv, 0) => EINVAL);
        neg2!(cipher::kcapi_cipher_decrypt_aio(x, bp, op, 2, iv, 0) => EINVAL);
    }
    // Output lengths that wrap likewise.
    let mut ins = [iov(&mut o1), iov(&mut o1)];
    neg!(cipher::kcapi_cipher_encrypt_aio(h, ins.as_mut_ptr(), bp, 2, iv, 0) => EINVAL);

    // Streams: init takes NULL iov only with 0 entries (EFAULT), update refuses it (EINVAL),
    // op needs at least one buffer; entry counts no memory can hold are refused the same way.
    neg2!(cipher::kcapi_cipher_stream_init_enc(h, iv, null_mut(), 1) => EFAULT);
    neg!(cipher::kcapi_cipher_stream_init_dec(h, iv, vp, usize::MAX) => EFAULT);
    neg2!(cipher::kcapi_cipher_stream_update(h, null_mut(), 1) => EINVAL);
    neg!(cipher::kcapi_cipher_stream_update_last(h, vp, usize::MAX) => EINVAL);
    neg!(cipher::kcapi_cipher_stream_op(h, null_mut(), 1) => EINVAL);
    neg2!(cipher::kcapi_cipher_stream_op(h, vp, 0) => EINVAL);
    neg!(cipher::kcapi_cipher_stream_op(h, vp, usize::MAX) => EINVAL);
    let mut huge = [iov(&mut ob), iov(&mut ob)];
    huge[0].iov_len = usize::MAX / 2 + 1;
    huge[1].iov_len = usize::MAX / 2 + 1;
    let hp = huge.as_mut_ptr();
    neg!(cipher::kcapi_cipher_stream_init_enc(h, iv, hp, 2) => EINVAL);
    neg!(cipher::kcapi_cipher_stream_update(h, hp, 2) => EINVAL);

    // pad_iv: out-pointers, NULL IV with a length, and the padded copy itself.
    let (mut niv, mut nlen) = (null_mut::<u8>(), 0u32);
    neg!(cipher::kcapi_pad_iv(h, iv, 3, null_mut(), &mut nlen) => EINVAL);
    neg!(cipher::kcapi_pad_iv(h, iv, 3, &mut niv, null_mut()) => EINVAL);
    neg!(cipher::kcapi_pad_iv(h, null(), 3, &mut niv, &mut nlen) => EFAULT);
    neg!(cipher::kcapi_pad_iv(h, [1u8, 2, 3].as_ptr(), 3, &mut niv, &mut nlen) => 0);
    assert_eq!(nlen, 16);
    // SAFETY: kcapi_pad_iv stored a 16-byte allocation in niv.
    assert_eq!(unsafe { std::slice::from_raw_parts(niv, 16) }, &[1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // SAFETY: the buffer came from posix_memalign; the caller releases it with free().
    unsafe { libc::free(niv.cast()) };
    // An AEAD handle pads to its own IV size (Debian's kcapi-enc relies on it for gcm(aes)).
    let aead = detached(AlgType::Aead, 0);
    neg!(cipher::kcapi_pad_iv(aead, [1u8, 2, 3].as_ptr(), 3, &mut niv, &mut nlen) => 0);
    assert_eq!(nlen, 12);
    // SAFETY: kcapi_pad_iv stored a 12-byte allocation in niv.
    assert_eq!(unsafe { std::slice::from_raw_parts(niv, 12) }, &[1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // SAFETY: as above.
    unsafe { libc::free(niv.cast()) };
    // SAFETY: a live handle from detached(), not used afterwards.
    unsafe { cipher::kcapi_cipher_destroy(aead) };

    // One-shot convenience functions open their own handle.
    let efault = no_alg_or(EFAULT);
    neg2!(cipher::kcapi_cipher_enc_aes_cbc(null(), 16, d, 16, iv, o, 16) => efault);
    neg!(cipher::kcapi_cipher_enc_aes_cbc(null(), HUGE_KEY, d, 16, iv, o, 16) => no_alg_or(-i64::from(libc::ENOMEM)));
    neg2!(cipher::kcapi_cipher_dec_aes_cbc(null(), 16, d, 16, iv, o, 16) => efault);
    neg2!(cipher::kcapi_cipher_enc_aes_ctr(null(), 16, d, 16, iv, o, 16) => efault);
    neg2!(cipher::kcapi_cipher_dec_aes_ctr(null(), 16, d, 16, iv, o, 16) => efault);
    neg!(cipher::kcapi_cipher_enc_sm4_cbc(null(), 16, d, 16, iv, o, 16) => no_alg_or(EFAULT));
    neg!(cipher::kcapi_cipher_dec_sm4_cbc(null(), 16, d, 16, iv, o, 16) => no_alg_or(EFAULT));
    neg!(cipher::kcapi_cipher_enc_sm4_ctr(null(), 16, d, 16, iv, o, 16) => no_alg_or(EFAULT));
    neg!(cipher::kcapi_cipher_dec_sm4_ctr(null(), 16, d, 16, iv, o, 16) => no_alg_or(EFAULT));

    void!(cipher::kcapi_cipher_destroy(null_mut()));
    void!(cipher::kcapi_cipher_destroy(h));
    void!(cipher::kcapi_cipher_destroy(h_aio));
    void!(cipher::kcapi_cipher_destroy(md));
}
