//! The safe Rust AEAD API against the kernel: published vectors (NIST GCM and CCM, RFC 8439,
//! draft-mcgrew-gcm-test-01 for RFC 4106, RFC 3602 + HMAC-SHA-256 for authenc), tampering,
//! in-place operation, sizes, parallel clones.

mod common;
use afalg::{Aead, Errno};
use common::{have_af_alg, hex, unhex};

const EBADMSG: Errno = Errno(libc::EBADMSG);

/// Encrypt, compare with the expected ciphertext ‖ tag, decrypt, and check that a change of
/// any part of the message is detected.
fn roundtrip(a: &mut Aead, iv: &[u8], aad: &[u8], pt: &[u8], ct_tag: &str) {
    let sealed = a.encrypt(iv, aad, pt).unwrap();
    assert_eq!(hex(&sealed), ct_tag);
    assert_eq!(a.decrypt(iv, aad, &sealed).unwrap(), pt);
    let mut bad = sealed.clone();
    *bad.last_mut().unwrap() ^= 1;
    assert_eq!(a.decrypt(iv, aad, &bad).unwrap_err(), EBADMSG);
    if !pt.is_empty() {
        let mut bad = sealed.clone();
        bad[0] ^= 0x80;
        assert_eq!(a.decrypt(iv, aad, &bad).unwrap_err(), EBADMSG);
    }
    if !aad.is_empty() {
        let mut bad_aad = aad.to_vec();
        bad_aad[0] ^= 1;
        assert_eq!(a.decrypt(iv, &bad_aad, &sealed).unwrap_err(), EBADMSG);
    }
    // In place gives the same bytes.
    let mut buf = [aad, pt, &vec![0u8; sealed.len() - pt.len()]].concat();
    assert_eq!(a.encrypt_in_place(iv, aad.len(), &mut buf).unwrap(), buf.len());
    assert_eq!(&buf[aad.len()..], &sealed[..]);
    assert_eq!(a.decrypt_in_place(iv, aad.len(), &mut buf).unwrap(), aad.len() + pt.len());
    assert_eq!(&buf[aad.len()..aad.len() + pt.len()], pt);
    // A failed in-place decryption leaves no unauthenticated plaintext behind: the kernel wrote
    // it, and the crate zeroes it (through the kernel as well); the AAD stays.
    let mut buf = [aad, &bad[..]].concat();
    assert_eq!(a.decrypt_in_place(iv, aad.len(), &mut buf).unwrap_err(), EBADMSG);
    assert_eq!(&buf[..aad.len()], aad);
    assert!(buf[aad.len()..aad.len() + pt.len()].iter().all(|&b| b == 0), "plaintext wiped");
}

#[test]
fn gcm_nist() {
    if !have_af_alg() {
        return;
    }
    // gcmEncryptExtIV128.rsp [PTlen = 128] [AADlen = 128] [Taglen = 112] Count 0
    let mut a = Aead::with_key("gcm(aes)", &unhex("bad6049678bf75c9087b3e3ae7e72c13")).unwrap();
    a.set_tag_size(14).unwrap();
    assert_eq!((a.iv_size().unwrap(), a.block_size().unwrap(), a.max_tag_size().unwrap()), (12, 1, 16));
    assert_eq!(a.tag_size().unwrap(), 14);
    roundtrip(
        &mut a,
        &unhex("a0a017b83a67d8f1b883e561"),
        &unhex("f7c27b51d5367161dc2ff1e9e3edc6f2"),
        &unhex("a1be93012f05a1958440f74a5311f4a1"),
        "36f032f7e3dc3275ca22aedcdc68436b99a2227f8bb69d45ea5d8842cd08",
    );
    // gcmEncryptExtIV128.rsp [PTlen = 0] [AADlen = 0] [Taglen = 128] Count 0: the tag alone.
    let mut a = Aead::with_key("gcm(aes)", &unhex("11754cd72aec309bf52f7687212e8957")).unwrap();
    roundtrip(&mut a, &unhex("3c819d9a9bed087615030b65"), &[], &[], "250327c674aaf477aef2675748cf6971");
}

#[test]
fn gcm_tag_sizes() {
    if !have_af_alg() {
        return;
    }
    let mut a = Aead::with_key("gcm(aes)", &[0u8; 16]).unwrap();
    assert_eq!(a.set_tag_size(3).unwrap_err(), Errno::EINVAL);
    a.set_tag_size(8).unwrap();
    let mut b = a.try_clone();
    assert_eq!(b.tag_size().unwrap(), 8, "the tag size belongs to the shared transformation");
    assert_eq!(b.encrypt(&[0u8; 12], b"", b"abc").unwrap().len(), 3 + 8);
    assert_eq!(a.set_tag_size(16).unwrap_err(), Errno(libc::EBUSY));
    assert_eq!(b.encrypt(&[0u8; 11], b"", b"abc").unwrap_err(), Errno::EINVAL, "IV of the wrong size");
}

#[test]
fn ccm_nist() {
    if !have_af_alg() {
        return;
    }
    // VADT128.rsp [Alen = 0] Count 0 (Plen 24, Nlen 13, Tlen 16)
    let mut a = Aead::with_key("ccm(aes)", &unhex("d24a3d3dde8c84830280cb87abad0bb3")).unwrap();
    let iv = afalg::ccm_nonce_to_iv(&unhex("f1100035bb24a8d26004e0e24b")).unwrap();
    roundtrip(
        &mut a,
        &iv,
        &[],
        &unhex("7c86135ed9c2a515aaae0e9a208133897269220f30870006"),
        "1faeb0ee2ca2cd52f0aa3966578344f24e69b742c4ab37ab1123301219c70599b7c373ad4b3ad67b",
    );
    // VNT128.rsp [Nlen = 7] Count 0 (Alen 32, Plen 24, Tlen 16)
    let mut a = Aead::with_key("ccm(aes)", &unhex("c0425ed20cd28fda67a2bcc0ab342a49")).unwrap();
    let iv = afalg::ccm_nonce_to_iv(&unhex("37667f334dce90")).unwrap();
    roundtrip(
        &mut a,
        &iv,
        &unhex("0b3e8d9785c74c8f41ea257d4d87495ffbbb335542b12e0d62bb177ec7a164d9"),
        &unhex("4f065a23eeca6b18d118e1de4d7e5ca1a7c0e556d786d407"),
        "768fccdf4898bca099e33c3d40565497dec22dd6e33dcf4384d71be8565c21a455db45816da8158c",
    );
}

#[test]
fn chacha20_poly1305_rfc8439() {
    if !have_af_alg() {
        return;
    }
    // RFC 8439 section 2.8.2
    let mut a = Aead::with_key(
        "rfc7539(chacha20,poly1305)",
        &unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
    )
    .unwrap();
    roundtrip(
        &mut a,
        &unhex("070000004041424344454647"),
        &unhex("50515253c0c1c2c3c4c5c6c7"),
        b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b\
         1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
         3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd0600691",
    );
}

#[test]
fn rfc4106_draft_mcgrew() {
    if !have_af_alg() {
        return;
    }
    // draft-mcgrew-gcm-test-01, the first AES-GCM case: key ‖ salt, 8-byte IV, and the IV
    // at the end of the associated data (SPI ‖ 64-bit sequence number ‖ IV).
    let key = unhex("4c80cdefbb5d10da906ac73c3613a6342e443b68");
    let iv = unhex("4956ed7e3b244cfe");
    let aad = [unhex("000043218765432100000000"), iv.clone()].concat();
    let mut a = Aead::with_key("rfc4106(gcm(aes))", &key).unwrap();
    roundtrip(
        &mut a,
        &iv,
        &aad,
        &unhex(
            "45000048699a000080114db7c0a80102c0a801010a9bf15638d301000001000000000000045f736970045f756470037369700963796265726369747902646b000021000101020201",
        ),
        "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34cfa2436f14a3f3cf65925bf1f4a13c5d15b2\
         1e1884f5ff6247aeabb786b93bce61bc17d768fd9732459018148f6cbe722fd04796562dfdb4",
    );
}

#[test]
fn authenc_rfc3602() {
    if !have_af_alg() {
        return;
    }
    // RFC 3602 case #2 (AES-128-CBC) with HMAC-SHA-256 over AAD ‖ CT (capi-tests/vectors/aead/authenc)
    let key = afalg::authenc_key(&(1u8..=32).collect::<Vec<u8>>(), &unhex("c286696d887c9aa0611bbb3e2025a45a"));
    let mut a = Aead::with_key("authenc(hmac(sha256),cbc(aes))", &key).unwrap();
    assert_eq!((a.iv_size().unwrap(), a.block_size().unwrap(), a.tag_size().unwrap()), (16, 16, 32));
    let sealed = a
        .encrypt(
            &unhex("562e17996d093d28ddb3ba695a2e6f58"),
            &unhex("0000432100000001"),
            &(0u8..32).collect::<Vec<u8>>(),
        )
        .unwrap();
    assert_eq!(hex(&sealed[..32]), "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1");
    let mut bad = sealed.clone();
    bad[40] ^= 4;
    assert_eq!(
        a.decrypt(&unhex("562e17996d093d28ddb3ba695a2e6f58"), &unhex("0000432100000001"), &bad).unwrap_err(),
        EBADMSG
    );
}

#[test]
fn sizes_and_limits() {
    if !have_af_alg() {
        return;
    }
    let mut a = Aead::with_key("gcm(aes)", &[7u8; 32]).unwrap();
    let iv = [1u8; 12];
    for aad_len in [0usize, 1, 16, 4095, 65536] {
        for pt_len in [0usize, 1, 4096, 65537] {
            let aad: Vec<u8> = (0..aad_len).map(|i| i as u8).collect();
            let pt: Vec<u8> = (0..pt_len).map(|i| (i * 3) as u8).collect();
            let sealed = a.encrypt(&iv, &aad, &pt).unwrap();
            assert_eq!(sealed.len(), pt_len + 16);
            assert_eq!(a.decrypt(&iv, &aad, &sealed).unwrap(), pt, "aad {aad_len} data {pt_len}");
            let mut bad = sealed;
            bad[0] ^= 1;
            assert_eq!(a.decrypt(&iv, &aad, &bad).unwrap_err(), EBADMSG);
        }
    }
    // The kernel buffers about 200 KiB per request: more is refused instead of blocking.
    assert_eq!(a.encrypt(&iv, &[], &vec![0u8; 300_000]).unwrap_err(), Errno::EMSGSIZE);
    assert_eq!(a.encrypt(&iv, &[], &vec![0u8; 150_000]).unwrap().len(), 150_016);
    assert_eq!(a.decrypt(&iv, &[], &[0u8; 15]).unwrap_err(), Errno::EINVAL, "shorter than a tag");
}

#[test]
fn errors() {
    if !have_af_alg() {
        return;
    }
    assert_eq!(Aead::new("no-such-aead").unwrap_err(), Errno::ENOENT);
    // An algorithm of another type: EINVAL from the kernel since 6.x, ENOENT on 6.1.
    assert!(matches!(Aead::new("cbc(aes)").unwrap_err(), Errno::EINVAL | Errno::ENOENT));
    assert_eq!(Aead::with_key("gcm(aes)", &[0u8; 15]).unwrap_err(), Errno::EINVAL);
    let mut a = Aead::new("gcm(aes)").unwrap();
    assert_eq!(a.encrypt(&[0u8; 12], b"", b"abc").unwrap_err(), Errno(libc::ENOKEY));
    a.set_key(&[0u8; 16]).unwrap();
    assert_eq!(a.encrypt(&[0u8; 12], b"", b"abc").unwrap().len(), 19);
}

#[test]
fn clones_run_in_parallel() {
    if !have_af_alg() {
        return;
    }
    let base = Aead::with_key("gcm(aes)", &[9u8; 16]).unwrap();
    let want = {
        let mut c = base.try_clone();
        c.encrypt(&[2u8; 12], b"aad", b"parallel").unwrap()
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let mut c = base.try_clone();
            let want = want.clone();
            std::thread::spawn(move || {
                for _ in 0..50 {
                    assert_eq!(c.encrypt(&[2u8; 12], b"aad", b"parallel").unwrap(), want);
                    assert_eq!(c.decrypt(&[2u8; 12], b"aad", &want).unwrap(), b"parallel");
                }
            })
        })
        .collect();
    drop(base);
    for t in threads {
        t.join().unwrap();
    }
}
