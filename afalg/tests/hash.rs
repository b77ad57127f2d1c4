//! The safe Rust hash API against the kernel (FIPS 180-4 / 202 examples, RFC 4231).

mod common;
use afalg::{Errno, Hash};
use common::{have_af_alg, hex, unhex};

#[test]
fn known_answers() {
    if !have_af_alg() {
        return;
    }
    let cases: &[(&str, &[u8], &str)] = &[
        ("sha1", b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("sha256", b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("sha256", b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("sha512", b"abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        ("sha3-256", b"abc", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
    ];
    for (alg, msg, want) in cases {
        assert_eq!(hex(&afalg::digest(alg, msg).unwrap()), *want, "{alg}");
    }
    // RFC 4231 test case 2.
    let mac = afalg::keyed_digest("hmac(sha256)", b"Jefe", b"what do ya want for nothing?").unwrap();
    assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

#[test]
fn streaming_equals_oneshot_and_final_resets() {
    if !have_af_alg() {
        return;
    }
    let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
    let one = afalg::digest("sha256", &data).unwrap();
    let mut h = Hash::new("sha256").unwrap();
    for chunk in data.chunks(4097) {
        h.update(chunk).unwrap();
    }
    assert_eq!(h.finalize().unwrap(), one);
    // A second final without update is the digest of the empty message.
    assert_eq!(hex(&h.finalize().unwrap()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    let mut short = [0u8; 10];
    h.update(b"abc").unwrap();
    assert_eq!(h.finalize_into(&mut short).unwrap(), 10);
    assert_eq!(hex(&short), "ba7816bf8f01cfea4141");
    assert_eq!((h.digest_size().unwrap(), h.block_size().unwrap()), (32, 64));
}

#[test]
fn errors() {
    if !have_af_alg() {
        return;
    }
    assert_eq!(Hash::new("no-such-hash").unwrap_err(), Errno::ENOENT);
    // An algorithm of another type: EINVAL from the kernel since 6.x, ENOENT on 6.1.
    assert!(matches!(Hash::new("cbc(aes)").unwrap_err(), Errno::EINVAL | Errno::ENOENT));
    assert_eq!(Hash::new(&"x".repeat(80)).unwrap_err(), Errno::ENOENT);
    let mut h = Hash::new("sha256").unwrap();
    assert_eq!(h.set_key(b"key").unwrap_err(), Errno(libc::ENOSYS));
    let mut m = Hash::new("hmac(sha256)").unwrap();
    assert_eq!(m.update(b"abc").unwrap_err(), Errno(libc::ENOKEY));
}

#[test]
fn clones_share_the_key_and_run_in_parallel() {
    if !have_af_alg() {
        return;
    }
    let key = unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    let base = Hash::with_key("hmac(sha256)", &key).unwrap();
    let want = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let mut c = base.try_clone();
            std::thread::spawn(move || {
                for _ in 0..50 {
                    c.update(b"Hi There").unwrap();
                    assert_eq!(hex(&c.finalize().unwrap()), want);
                }
            })
        })
        .collect();
    drop(base);
    for t in threads {
        t.join().unwrap();
    }
}
