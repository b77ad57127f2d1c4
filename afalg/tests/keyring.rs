//! Keys held in the kernel's keyring through the safe Rust API: `set_key_by_serial` on
//! `Hash`, `Cipher` and `Aead` gives what `set_key` gives (Linux 6.2+; before, `user` keys are
//! read and `logon` keys refused with ENOPROTOOPT), the lookups find the key, and the errors.

mod common;
use afalg::{keyring, Aead, Cipher, Direction, Errno, Hash};
use common::have_af_alg;

/// Whether the kernel has `ALG_SET_KEY_BY_KEY_SERIAL` (Linux 6.2 or later).
fn new_kernel() -> bool {
    let r = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let mut v = r.trim().split(['.', '-']).map(|x| x.parse::<u32>().unwrap_or(0));
    let (maj, min) = (v.next().unwrap_or(0), v.next().unwrap_or(0));
    (maj, min) >= (6, 2)
}

#[test]
fn keys_by_serial_equal_keys_by_value() {
    if !have_af_alg() {
        return;
    }
    let key: Vec<u8> = (0..32u8).collect();
    for ktype in ["user", "logon"] {
        let works = ktype == "user" || new_kernel();
        let desc = format!("afalg-test:{ktype}");
        let s = keyring::add(ktype, &desc, &key, keyring::PROCESS).unwrap();
        assert_eq!(keyring::search(ktype, &desc).unwrap(), s);
        assert_eq!(keyring::search_keyring(keyring::PROCESS, ktype, &desc).unwrap(), s);

        let mut h = Hash::new("hmac(sha256)").unwrap();
        let mut c = Cipher::new("cbc(aes)").unwrap();
        let mut a = Aead::new("gcm(aes)").unwrap();
        if !works {
            assert_eq!(h.set_key_by_serial(s), Err(Errno::ENOPROTOOPT));
            assert_eq!(c.set_key_by_serial(s), Err(Errno::ENOPROTOOPT));
            keyring::invalidate(s).unwrap();
            continue;
        }
        h.set_key_by_serial(s).unwrap();
        c.set_key_by_serial(s).unwrap();
        let mut a16 = Aead::new("gcm(aes)").unwrap();
        assert_eq!(a.set_key_by_serial(s), Ok(()));
        a16.set_key(&key).unwrap();
        // The key is gone from the keyring: the transformations keep their copies.
        keyring::invalidate(s).unwrap();

        h.update(b"abc").unwrap();
        assert_eq!(h.finalize().unwrap(), afalg::keyed_digest("hmac(sha256)", &key, b"abc").unwrap());
        let iv = [7u8; 16];
        let ct = c.crypt_to_vec(Direction::Encrypt, &iv, &[1u8; 32]).unwrap();
        let mut c2 = Cipher::with_key("cbc(aes)", &key).unwrap();
        assert_eq!(ct, c2.crypt_to_vec(Direction::Encrypt, &iv, &[1u8; 32]).unwrap());
        let sealed = a.encrypt(&[9u8; 12], b"ad", b"plaintext").unwrap();
        assert_eq!(sealed, a16.encrypt(&[9u8; 12], b"ad", b"plaintext").unwrap());
    }
}

#[test]
fn keyring_errors() {
    if !have_af_alg() {
        return;
    }
    let mut c = Cipher::new("cbc(aes)").unwrap();
    let s = keyring::add("user", "afalg-test:revoked", &[1u8; 16], keyring::PROCESS).unwrap();
    keyring::revoke(s).unwrap();
    assert_eq!(c.set_key_by_serial(s), Err(Errno::EKEYREVOKED));
    let s = keyring::add("user", "afalg-test:short", &[1u8; 20], keyring::PROCESS).unwrap();
    assert_eq!(c.set_key_by_serial(s), Err(Errno::EINVAL));
    keyring::invalidate(s).unwrap();
    assert_eq!(c.set_key_by_serial(s), Err(Errno::ENOKEY));
    assert_eq!(keyring::search("user", "afalg-test:none"), Err(Errno::ENOKEY));
    assert_eq!(keyring::search("user", "nul\0inside"), Err(Errno::EINVAL));
}
