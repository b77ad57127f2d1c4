//! RSA and DH through the kernel's key retention service (`afalg::Rsa`, `afalg::Dh`), checked
//! against openssl's and Python's answers (afalg/testdata/README.md). Needs keyrings (most
//! kernels, no AF_ALG needed); the private-key RSA tests need the `pkcs8_key_parser` module
//! and are skipped without it unless `KCAPI_TEST_NEED_PKCS8=1` (the kernel tests load it).

use afalg::{Dh, Errno, Rsa};

const PRIV: &[u8] = include_bytes!("../testdata/rsa2048-pkcs1.der");
const PUB: &[u8] = include_bytes!("../testdata/rsa2048-pub-pkcs1.der");
const SIG_ABC: &[u8] = include_bytes!("../testdata/rsa2048-sig-sha256-abc.bin");
const RAW_C: &[u8] = include_bytes!("../testdata/rsa2048-raw-c.bin");
const PUB_E3: &[u8] = include_bytes!("../testdata/rsa2048e3-pub-pkcs1.der");
const FORGED_E3: &[u8] = include_bytes!("../testdata/rsa2048e3-forged-sha256-abc.bin");
const DH_PARAMS: &[u8] = include_bytes!("../testdata/dh-group14-pkcs3.der");
const DH_X: &[u8] = include_bytes!("../testdata/dh-x.bin");
const DH_Y: &[u8] = include_bytes!("../testdata/dh-y.bin");
const DH_PUB_X: &[u8] = include_bytes!("../testdata/dh-X.bin");
const DH_PUB_Y: &[u8] = include_bytes!("../testdata/dh-Y.bin");
const DH_Z: &[u8] = include_bytes!("../testdata/dh-Z.bin");

/// SHA-256("abc"), FIPS 180-2 appendix B.1.
const SHA256_ABC: [u8; 32] = [
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61,
    0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
];

/// The raw test block: bytes 1..=100 right-aligned in 256 bytes.
fn raw_m() -> Vec<u8> {
    let mut m = vec![0u8; 156];
    m.extend(1..=100u8);
    m
}

/// Whether the kernel has keyrings at all (else every test is skipped).
fn have_keys() -> bool {
    match Rsa::new("rsa").unwrap().set_public_key(PUB) {
        Ok(_) => true,
        Err(e) => {
            println!("skip: no asymmetric keys in this kernel ({e:?})");
            false
        }
    }
}

/// An RSA handle with the private key, or `None` (a skip) without `pkcs8_key_parser`.
fn private(name: &str) -> Option<Rsa> {
    let mut r = Rsa::new(name).unwrap();
    match r.set_private_key(PRIV) {
        Ok(n) => {
            assert_eq!(n, 256);
            Some(r)
        }
        Err(Errno::ENOPKG) if std::env::var_os("KCAPI_TEST_NEED_PKCS8").is_none() => {
            println!("skip: module pkcs8_key_parser not loaded");
            None
        }
        Err(e) => panic!("set_private_key: {e:?}"),
    }
}

#[test]
fn names() {
    for good in ["rsa", "rsa-generic", "pkcs1pad(rsa,sha256)", "pkcs1pad(rsa-generic,sha512)", "pkcs1pad(rsa)"] {
        assert!(Rsa::new(good).is_ok(), "{good}");
    }
    for bad in ["", "ecdsa", "pkcs1pad(rsa,nohash)", "oaep(rsa)"] {
        assert_eq!(Rsa::new(bad).err(), Some(Errno::ENOENT), "{bad}");
    }
    assert!(Dh::new("dh").is_ok());
    assert_eq!(Dh::new("ecdh-nist-p256").err(), Some(Errno::ENOENT));
}

#[test]
fn public_key_operations() {
    if !have_keys() {
        return;
    }
    let mut out = [0u8; 256];
    // No key yet.
    let r = Rsa::new("pkcs1pad(rsa,sha256)").unwrap();
    assert_eq!(r.verify(SIG_ABC, &mut out).err(), Some(Errno::ENOKEY));
    let mut r = r;
    assert_eq!(r.set_public_key(PUB), Ok(256));
    assert_eq!(r.key_size(), Some(256));
    assert!(!r.has_private_key());
    // openssl's signature verifies and gives the digest back.
    assert_eq!(r.verify(SIG_ABC, &mut out), Ok(32));
    assert_eq!(out[..32], SHA256_ABC);
    // Every single-bit change of the signature fails (sampled), as does the wrong hash.
    for i in (0..256).step_by(17) {
        let mut bad = SIG_ABC.to_vec();
        bad[i] ^= 0x10;
        assert_eq!(r.verify(&bad, &mut out).err(), Some(Errno::EBADMSG), "byte {i}");
    }
    let mut r512 = Rsa::new("pkcs1pad(rsa,sha512)").unwrap();
    r512.set_public_key(PUB).unwrap();
    assert_eq!(r512.verify(SIG_ABC, &mut out).err(), Some(Errno::EBADMSG));
    // Raw encryption: c = m^e mod n, full size.
    let mut raw = Rsa::new("rsa").unwrap();
    raw.set_public_key(PUB).unwrap();
    assert_eq!(raw.encrypt(&raw_m(), &mut out), Ok(256));
    assert_eq!(&out[..], RAW_C);
    // A short output buffer.
    assert_eq!(raw.encrypt(&raw_m(), &mut [0u8; 255]).err(), Some(Errno::EOVERFLOW));
    // Re-keying with garbage leaves no key.
    assert_eq!(raw.set_public_key(&PUB[..100]).err(), Some(Errno::EINVAL));
    assert_eq!(raw.encrypt(&raw_m(), &mut out).err(), Some(Errno::ENOKEY));
}

#[test]
fn bleichenbacher_forgery_fails() {
    if !have_keys() {
        return;
    }
    let mut out = [0u8; 256];
    // The raw block really is the forged prefix plus garbage (a lenient parser would accept it).
    let mut raw = Rsa::new("rsa").unwrap();
    raw.set_public_key(PUB_E3).unwrap();
    assert_eq!(raw.verify(FORGED_E3, &mut out), Ok(256));
    assert_eq!(out[..11], [0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]);
    assert_eq!(out[30..62], SHA256_ABC);
    let mut r = Rsa::new("pkcs1pad(rsa,sha256)").unwrap();
    r.set_public_key(PUB_E3).unwrap();
    assert_eq!(r.verify(FORGED_E3, &mut out).err(), Some(Errno::EBADMSG));
}

#[test]
fn private_key_operations() {
    if !have_keys() {
        return;
    }
    let Some(raw) = private("rsa") else { return };
    let mut out = [0u8; 256];
    // Raw decryption gives m back with its leading zeros.
    assert_eq!(raw.decrypt(RAW_C, &mut out), Ok(256));
    assert_eq!(out.to_vec(), raw_m());
    // PKCS#1 v1.5 signatures are deterministic: the same bytes as openssl.
    let sig = private("pkcs1pad(rsa,sha256)").unwrap();
    assert_eq!(sig.sign(&SHA256_ABC, &mut out), Ok(256));
    assert_eq!(&out[..], SIG_ABC);
    // A digest of another size than the hash's is refused (the kernel would sign it).
    assert_eq!(sig.sign(&SHA256_ABC[..31], &mut out), Err(Errno::EINVAL));
    assert_eq!(sig.sign(&[0u8; 33], &mut out), Err(Errno::EINVAL));
    let mut digest = [0u8; 64];
    assert_eq!(sig.verify(SIG_ABC, &mut digest), Ok(32));
    // PKCS#1 encryption round trip (random padding: compare the plaintext only).
    let enc = private("pkcs1pad(rsa)").unwrap();
    let msg = b"attack at dawn";
    assert_eq!(enc.encrypt(msg, &mut out), Ok(256));
    let mut plain = [0u8; 256];
    assert_eq!(enc.decrypt(&out, &mut plain), Ok(msg.len()));
    assert_eq!(&plain[..msg.len()], msg);
    // Too long for PKCS#1 padding (k - 11 bytes at most).
    assert!(enc.encrypt(&[7u8; 246], &mut out).is_err());
}

#[test]
fn dh_agreement() {
    if !have_keys() {
        return;
    }
    let mut a = Dh::new("dh").unwrap();
    let mut out = [0u8; 256];
    assert_eq!(a.public_value(&mut out).err(), Some(Errno::EINVAL), "no parameters");
    assert_eq!(a.set_params_pkcs3(DH_PARAMS), Ok(256));
    assert_eq!(a.public_value(&mut out).err(), Some(Errno::ENOKEY), "no private value");
    a.set_private_key(DH_X).unwrap();
    if a.public_value(&mut out) == Err(Errno(95)) {
        println!("skip: no KEYCTL_DH_COMPUTE in this kernel (EOPNOTSUPP: CONFIG_KEY_DH_OPERATIONS)");
        return;
    }
    assert_eq!(a.public_value(&mut out), Ok(256));
    assert_eq!(&out[..], DH_PUB_X);
    assert_eq!(a.shared_secret(DH_PUB_Y, &mut out), Ok(256));
    assert_eq!(&out[..], DH_Z);
    let mut b = Dh::new("dh").unwrap();
    b.set_params_pkcs3(DH_PARAMS).unwrap();
    b.set_private_key(DH_Y).unwrap();
    assert_eq!(b.shared_secret(DH_PUB_X, &mut out), Ok(256));
    assert_eq!(&out[..], DH_Z);
    // Peer values that confine the secret: 0, 1, p - 1, p and above.
    let p = &DH_PARAMS[9..9 + 256];
    let mut p_minus_1 = p.to_vec();
    p_minus_1[255] -= 1;
    for bad in [&[0u8][..], &[1], &p_minus_1, p, &[0xff; 257]] {
        assert_eq!(a.shared_secret(bad, &mut out).err(), Some(Errno::EINVAL));
    }
    // Generated private values agree too.
    let (mut c, mut d) = (a.try_clone().unwrap(), b.try_clone().unwrap());
    c.generate_private_key().unwrap();
    d.generate_private_key().unwrap();
    let (mut pc, mut pd, mut s1, mut s2) = ([0u8; 256], [0u8; 256], [0u8; 256], [0u8; 256]);
    c.public_value(&mut pc).unwrap();
    d.public_value(&mut pd).unwrap();
    assert_ne!(pc, pd);
    c.shared_secret(&pd, &mut s1).unwrap();
    d.shared_secret(&pc, &mut s2).unwrap();
    assert_eq!(s1, s2);
    // The clones kept the original private values.
    assert_eq!(a.shared_secret(DH_PUB_Y, &mut out), Ok(256));
    assert_eq!(&out[..], DH_Z);
    // A short output buffer; a prime below 1536 bits.
    assert_eq!(a.public_value(&mut [0u8; 255]).err(), Some(Errno::EOVERFLOW));
    let small = [0x30, 0x06, 0x02, 0x01, 0x17, 0x02, 0x01, 0x05];
    assert_eq!(Dh::new("dh").unwrap().set_params_pkcs3(&small).err(), Some(Errno::EINVAL));
}
