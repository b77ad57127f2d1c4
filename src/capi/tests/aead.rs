//! AEAD functions and their compat versions.

use super::{detached, huge_pair, iov, EFAULT, EINVAL, EMSGSIZE, ENOTSOCK, HUGE_KEY, INT_MAX_1};
use crate::capi::{aead, compat};
use afalg::__capi::{AlgType, INIT_AIO};
use std::ptr::{null, null_mut};

pub(super) fn cases() {
    let h = detached(AlgType::Aead, 0);
    let skc = detached(AlgType::Skcipher, 0);
    let (data, ivb, mut out, mut ob) = ([1u8; 48], [2u8; 12], [0u8; 64], [0u8; 64]);
    let (d, iv, o) = (data.as_ptr(), ivb.as_ptr(), out.as_mut_ptr());
    let mut v = [iov(&mut ob)];
    let vp = v.as_mut_ptr();

    init_cases!(aead::kcapi_aead_init(c"gcm(aes)"));

    for bad in [null_mut(), skc] {
        neg!(aead::kcapi_aead_setkey(bad, d, 16) => EINVAL);
        void!(aead::kcapi_aead_setassoclen(bad, 16));
        void!(compat::kcapi_aead_setassoclen(bad, 16));
        neg2!(aead::kcapi_aead_encrypt(bad, d, 16, iv, o, 32, 0) => EINVAL);
        neg2!(aead::kcapi_aead_decrypt(bad, d, 32, iv, o, 16, 0) => EINVAL);
        neg2!(aead::kcapi_aead_encrypt_aio(bad, vp, vp, 1, iv, 0) => EINVAL);
        neg2!(aead::kcapi_aead_decrypt_aio(bad, vp, vp, 1, iv, 0) => EINVAL);
        neg2!(aead::kcapi_aead_stream_init_enc(bad, iv, vp, 1) => EINVAL);
        neg2!(aead::kcapi_aead_stream_init_dec(bad, iv, vp, 1) => EINVAL);
        neg2!(aead::kcapi_aead_stream_update(bad, vp, 1) => EINVAL);
        neg2!(aead::kcapi_aead_stream_update_last(bad, vp, 1) => EINVAL);
        neg2!(aead::kcapi_aead_stream_op(bad, vp, 1) => EINVAL);
        // getdata leaves every out-parameter alone.
        let (mut a, mut al, mut t, mut tl) = (null_mut::<u8>(), 99usize, null_mut::<u8>(), 99usize);
        void!(aead::kcapi_aead_getdata_input(bad, o, 48, 0, &mut a, &mut al, null_mut(), null_mut(), &mut t, &mut tl));
        assert!(a.is_null() && al == 99 && t.is_null() && tl == 99);
        let mut al32 = 99u32;
        void!(compat::kcapi_aead_getdata_output(
            bad,
            o,
            48,
            1,
            null_mut(),
            &mut al32,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut()
        ));
        assert_eq!(al32, 99);
    }
    // settaglen: NULL is EINVAL; another type too, with errno ENOPROTOOPT as the kernel
    // answers the option there (libkcapi: "settaglen_hash_handle"), but without asking it.
    neg!(aead::kcapi_aead_settaglen(null_mut(), 16) => EINVAL);
    let rc = call!(aead::kcapi_aead_settaglen(skc, 16));
    // SAFETY: __errno_location returns this thread's errno.
    let e = unsafe { *libc::__errno_location() };
    super::check("aead::kcapi_aead_settaglen", line!(), i64::from(rc), EINVAL, false);
    assert_eq!(e, libc::ENOPROTOOPT, "errno after kcapi_aead_settaglen on a cipher handle");

    // Sizes: 0 for NULL; another type answers with its algorithm's properties (libkcapi).
    for (x, iv, bs, auth) in [(null_mut(), 0, 0, 0), (h, 12, 1, 16), (skc, 16, 16, 0)] {
        val!(aead::kcapi_aead_ivsize(x) => iv);
        val!(aead::kcapi_aead_blocksize(x) => bs);
        val!(aead::kcapi_aead_authsize(x) => auth);
    }
    val!(aead::kcapi_aead_outbuflen_enc(null_mut(), 16, 16, 16) => 0);
    val!(compat::kcapi_aead_outbuflen_dec(null_mut(), 16, 16, 16) => 0);
    val!(aead::kcapi_aead_outbuflen_enc(skc, 20, 16, 16) => 64);
    // A NULL key with a length goes to the kernel (ENOMEM for a huge length, else EFAULT).
    neg!(aead::kcapi_aead_setkey(h, null(), 16) => ENOTSOCK);
    neg!(aead::kcapi_aead_setkey(h, null(), HUGE_KEY) => ENOTSOCK);

    // One-shot: NULL buffers, buffers over INT_MAX, input shorter than AAD and tag.
    void!(aead::kcapi_aead_setassoclen(h, 16));
    neg!(aead::kcapi_aead_encrypt(h, null(), 32, iv, o, 48, 0) => EFAULT);
    neg!(aead::kcapi_aead_decrypt(h, d, 48, iv, null_mut(), 32, 0) => EFAULT);
    neg!(aead::kcapi_aead_encrypt(h, d, 32, iv, o, INT_MAX_1, 0) => EMSGSIZE);
    neg!(aead::kcapi_aead_decrypt(h, d, usize::MAX, iv, o, 32, 0) => EMSGSIZE);
    neg!(aead::kcapi_aead_encrypt(h, d, usize::MAX, iv, o, 32, 0) => EMSGSIZE);
    neg!(aead::kcapi_aead_encrypt(h, d, INT_MAX_1, iv, o, 32, 0) => EMSGSIZE);
    neg!(aead::kcapi_aead_encrypt(h, d, 8, iv, o, 48, 0) => EINVAL);
    neg!(aead::kcapi_aead_decrypt(h, d, 24, iv, o, 48, 0) => EINVAL);
    neg!(aead::kcapi_aead_encrypt(h, d, 32, iv, o, 20, 0) => EINVAL);
    // No output room: nothing to do without a tag length set on the handle, else E2BIG. (The
    // detached handle's kernel refuses the tag length, but the handle remembers it.)
    neg!(aead::kcapi_aead_encrypt(h, d, 32, iv, o, 0, 0) => 0);
    let _ = call!(aead::kcapi_aead_settaglen(h, 16));
    neg!(aead::kcapi_aead_encrypt(h, d, 32, iv, o, 0, 0) => -i64::from(libc::E2BIG));
    neg!(compat::kcapi_aead_encrypt(h, d, 32, iv, o, u32::MAX, 0) => EMSGSIZE);
    neg!(compat::kcapi_aead_decrypt(h, null(), 48, iv, o, 32, 0) => EFAULT);

    // Only an output length over INT_MAX comes before the NULL buffers (libkcapi's order;
    // the key check between them needs a kernel: capi-tests/aead_errors).
    neg!(aead::kcapi_aead_encrypt(h, null(), INT_MAX_1, iv, null_mut(), INT_MAX_1, 0) => EMSGSIZE);
    neg!(aead::kcapi_aead_encrypt(h, null(), INT_MAX_1, iv, o, 48, 0) => EMSGSIZE);

    // AIO: nothing to do without pairs; NULL arrays are EINVAL here, except a NULL input
    // array on a handle with KCAPI_INIT_AIO when the first input goes with sendmsg (EFAULT
    // from the kernel, as libkcapi's AIO path gets it).
    neg2!(aead::kcapi_aead_encrypt_aio(h, vp, vp, 0, iv, 0) => 0);
    neg!(aead::kcapi_aead_encrypt_aio(h, vp, null_mut(), 1, iv, 0) => EINVAL);
    neg2!(aead::kcapi_aead_decrypt_aio(h, null_mut(), vp, 1, iv, 0) => EINVAL);
    let h_aio = detached(AlgType::Aead, INIT_AIO);
    for access in [0, 2] {
        neg2!(aead::kcapi_aead_decrypt_aio(h_aio, null_mut(), vp, 2, iv, access) => EFAULT);
        neg!(aead::kcapi_aead_encrypt_aio(h_aio, null_mut(), null_mut(), 2, iv, access) => EFAULT);
    }
    neg2!(aead::kcapi_aead_decrypt_aio(h_aio, null_mut(), vp, 2, iv, 1) => EINVAL);
    neg!(aead::kcapi_aead_decrypt_aio(h_aio, vp, null_mut(), 1, iv, 2) => EINVAL);
    void!(aead::kcapi_aead_destroy(h_aio));
    neg!(aead::kcapi_aead_decrypt_aio(h, vp, vp, usize::MAX, iv, 0) => EINVAL);

    // Streams, including iovec lengths whose sum overflows (EINVAL, what the kernel's iovec
    // import answers).
    let mut huge = [iov(&mut ob), iov(&mut ob)];
    huge[0].iov_len = usize::MAX / 2 + 1;
    huge[1].iov_len = usize::MAX / 2 + 1;
    let hp = huge.as_mut_ptr();
    neg2!(aead::kcapi_aead_stream_init_enc(h, iv, null_mut(), 1) => EFAULT);
    neg!(aead::kcapi_aead_stream_init_dec(h, iv, hp, 2) => EINVAL);
    neg2!(aead::kcapi_aead_stream_update(h, null_mut(), 1) => EINVAL);
    neg!(aead::kcapi_aead_stream_update_last(h, vp, usize::MAX) => EINVAL);
    neg2!(aead::kcapi_aead_stream_op(h, null_mut(), 1) => EINVAL);
    neg!(aead::kcapi_aead_stream_op(h, vp, usize::MAX) => EINVAL);
    neg!(aead::kcapi_aead_encrypt_aio(h, hp, hp, 2, iv, 0) => EINVAL);
    neg!(aead::kcapi_aead_stream_update(h, hp, 2) => EINVAL);
    // AIO with two 2^63-byte inputs and 16-byte outputs: EINVAL before anything is sent.
    let mut big_in = huge_pair(&mut ob);
    let (mut o1, mut o2) = ([0u8; 16], [0u8; 16]);
    let mut outs = [iov(&mut o1), iov(&mut o2)];
    let (bp, op) = (big_in.as_mut_ptr(), outs.as_mut_ptr());
    neg2!(aead::kcapi_aead_encrypt_aio(h, bp, op, 2, iv, 0) => EINVAL);
    neg2!(aead::kcapi_aead_decrypt_aio(h, bp, op, 2, iv, 0) => EINVAL);
    let mut ins = [iov(&mut o1), iov(&mut o1)];
    neg!(aead::kcapi_aead_encrypt_aio(h, ins.as_mut_ptr(), bp, 2, iv, 0) => EINVAL);

    // getdata: AAD 16, tag 16 (the default: the largest tag); pointers only with a buffer.
    let (mut a, mut al, mut x, mut xl, mut t, mut tl) = (null_mut(), 0usize, null_mut(), 0usize, null_mut(), 0usize);
    void!(aead::kcapi_aead_getdata_input(h, o, 48, 0, &mut a, &mut al, &mut x, &mut xl, &mut t, &mut tl));
    assert_eq!((a, al, x, xl, t, tl), (o, 16, o.wrapping_add(16), 16, o.wrapping_add(32), 16));
    void!(aead::kcapi_aead_getdata_output(h, o, 48, 1, null_mut(), &mut al, null_mut(), &mut xl, null_mut(), &mut tl));
    assert_eq!((al, xl, tl), (16, 16, 16));
    let (mut al32, mut xl32, mut tl32) = (0u32, 0u32, 0u32);
    void!(compat::kcapi_aead_getdata_input(
        h,
        null_mut(),
        40,
        1,
        null_mut(),
        &mut al32,
        null_mut(),
        &mut xl32,
        null_mut(),
        &mut tl32
    ));
    assert_eq!((al32, xl32, tl32), (16, 24, 0));
    void!(compat::kcapi_aead_setassoclen(h, 8));
    void!(compat::kcapi_aead_getdata_output(
        h,
        null_mut(),
        40,
        1,
        null_mut(),
        &mut al32,
        null_mut(),
        &mut xl32,
        null_mut(),
        &mut tl32
    ));
    assert_eq!((al32, xl32, tl32), (8, 16, 16));

    // Buffer sizes: inbuflen ignores the handle (also NULL); results saturate at SIZE_MAX, and
    // at UINT32_MAX in the compat versions.
    val!(safe aead::kcapi_aead_inbuflen_enc(null_mut(), 16, 16, 16) => 32);
    val!(safe aead::kcapi_aead_inbuflen_dec(null_mut(), 16, 16, 16) => 48);
    val!(safe aead::kcapi_aead_inbuflen_dec(skc, usize::MAX, 1, 1) => usize::MAX as i64);
    val!(aead::kcapi_aead_outbuflen_enc(h, 16, 16, 16) => 48);
    val!(aead::kcapi_aead_outbuflen_dec(h, 16, 16, 16) => 32);
    val!(aead::kcapi_aead_outbuflen_enc(h, usize::MAX, 1, 1) => usize::MAX as i64);
    val!(compat::kcapi_aead_inbuflen_enc(null_mut(), u32::MAX, u32::MAX, 0) => u32::MAX);
    val!(compat::kcapi_aead_inbuflen_dec(null_mut(), 16, 16, 16) => 48);
    val!(compat::kcapi_aead_outbuflen_enc(h, u32::MAX, u32::MAX, 16) => u32::MAX);
    val!(compat::kcapi_aead_outbuflen_dec(h, 16, 16, 16) => 32);

    // CCM nonce to IV: lengths up to 14, out-pointers required.
    let nonce = [9u8; 15];
    let (mut civ, mut clen) = (null_mut::<u8>(), 0u32);
    neg!(aead::kcapi_aead_ccm_nonce_to_iv(nonce.as_ptr(), 15, &mut civ, &mut clen) => EINVAL);
    neg!(aead::kcapi_aead_ccm_nonce_to_iv(null(), 3, &mut civ, &mut clen) => EINVAL);
    neg!(aead::kcapi_aead_ccm_nonce_to_iv(nonce.as_ptr(), 13, null_mut(), &mut clen) => EINVAL);
    neg!(aead::kcapi_aead_ccm_nonce_to_iv(nonce.as_ptr(), 13, &mut civ, null_mut()) => EINVAL);
    assert!(civ.is_null());
    neg!(aead::kcapi_aead_ccm_nonce_to_iv(nonce.as_ptr(), 13, &mut civ, &mut clen) => 0);
    assert_eq!(clen, 16);
    // SAFETY: the function stored a 16-byte allocation in civ.
    let block = unsafe { std::slice::from_raw_parts(civ, 16) };
    assert_eq!((block[0], &block[1..14], &block[14..]), (1, &nonce[..13], &[0u8, 0][..]));
    // SAFETY: the buffer came from posix_memalign; the caller releases it with free().
    unsafe { libc::free(civ.cast()) };

    void!(aead::kcapi_aead_destroy(null_mut()));
    void!(aead::kcapi_aead_destroy(h));
    void!(aead::kcapi_aead_destroy(skc));
}
