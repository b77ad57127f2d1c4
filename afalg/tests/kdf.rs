//! The safe Rust KDF API (`afalg::kdf`) against published vectors and libkcapi's error rules:
//! NIST CAVP SP 800-108 (capi-tests/vectors/nist-cavp-kbkdf), RFC 5869, RFC 6070, RFC 7914.

mod common;
use afalg::kdf::{self, Mode};
use afalg::{Errno, Hash};
use common::{have_af_alg, hex, unhex};
use std::collections::HashMap;
use std::sync::Mutex;

/// The tests of this file run one at a time: one of them measures time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The records of a CAVP `.rsp` file: (PRF section, fields).
fn rsp(rel: &str) -> Vec<(String, HashMap<String, String>)> {
    let path = common::vectors().join(rel).display().to_string();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(p) = line.strip_prefix("[PRF=") {
            section = p.trim_end_matches(']').to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            let k = k.trim().to_string();
            if k == "COUNT" {
                out.push((section.clone(), HashMap::new()));
            }
            if let Some((_, rec)) = out.last_mut() {
                rec.insert(k, v.trim().to_string());
            }
        }
    }
    out
}

fn prf(section: &str) -> &'static str {
    match section {
        "HMAC_SHA1" => "hmac(sha1)",
        "HMAC_SHA256" => "hmac(sha256)",
        "HMAC_SHA512" => "hmac(sha512)",
        "CMAC_AES128" => "cmac(aes)",
        s => panic!("unexpected PRF {s}"),
    }
}

#[test]
fn nist_sp800_108() {
    if !have_af_alg() {
        return;
    }
    let _serial = serial();
    let files = [
        ("nist-cavp-kbkdf/KDFCTR_gen-before_fixed-32.rsp", Mode::Counter),
        ("nist-cavp-kbkdf/KDFFeedback_gen-NOzeroiv-after_iter-32.rsp", Mode::Feedback),
        ("nist-cavp-kbkdf/KDFFeedback_gen-wzeroiv-after_iter-32.rsp", Mode::Feedback),
        ("nist-cavp-kbkdf/KDFDblPipeline_gen-after_iter-32.rsp", Mode::DoublePipeline),
    ];
    for (file, mode) in files {
        let recs = rsp(file);
        assert!(recs.len() >= 60, "{file}: {} records", recs.len());
        for (section, r) in recs {
            let mut h = Hash::with_key(prf(&section), &unhex(&r["KI"])).unwrap();
            let mut src = r.get("IV").map(|iv| unhex(iv)).unwrap_or_default();
            src.extend(unhex(&r["FixedInputData"]));
            let ko = unhex(&r["KO"]);
            assert_eq!(ko.len() * 8, r["L"].parse::<usize>().unwrap());
            let mut out = vec![0u8; ko.len()];
            kdf::sp800_108(&mut h, mode, &src, &mut out).unwrap();
            assert_eq!(hex(&out), hex(&ko), "{file} {section} COUNT={}", r["COUNT"]);
            // any shorter output is a prefix
            let n = ko.len() / 2 + 1;
            let f = [kdf::counter, kdf::feedback, kdf::double_pipeline][mode as usize];
            f(&mut h, &src, &mut out[..n]).unwrap();
            assert_eq!(out[..n], ko[..n]);
        }
    }
}

#[test]
fn rfc5869_hkdf() {
    if !have_af_alg() {
        return;
    }
    let _serial = serial();
    // (hash, IKM, salt (None: not provided), info, OKM) from RFC 5869 A.1, A.3, A.4, A.7.
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, &'a str);
    let cases: &[Case] = &[
        (
            "hmac(sha256)",
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            Some("000102030405060708090a0b0c"),
            "f0f1f2f3f4f5f6f7f8f9",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        ),
        (
            "hmac(sha256)",
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            Some(""),
            "",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
        ),
        (
            "hmac(sha1)",
            "0b0b0b0b0b0b0b0b0b0b0b",
            Some("000102030405060708090a0b0c"),
            "f0f1f2f3f4f5f6f7f8f9",
            "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896",
        ),
        (
            "hmac(sha1)",
            "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c",
            None,
            "",
            "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48",
        ),
    ];
    for (name, ikm, salt, info, okm) in cases {
        let salt = salt.map(unhex);
        let mut out = vec![0u8; okm.len() / 2];
        kdf::hkdf(name, &unhex(ikm), salt.as_deref(), &unhex(info), &mut out).unwrap();
        assert_eq!(hex(&out), *okm, "{name} {ikm}");
        // empty salt and no salt agree for HMAC
        if salt.as_deref() == Some(&[][..]) {
            kdf::hkdf(name, &unhex(ikm), None, &unhex(info), &mut out).unwrap();
            assert_eq!(hex(&out), *okm);
        }
    }
}

#[test]
fn rfc6070_and_rfc7914_pbkdf2() {
    if !have_af_alg() {
        return;
    }
    let _serial = serial();
    type Case<'a> = (&'a str, &'a [u8], &'a [u8], u32, &'a str);
    let cases: &[Case] = &[
        ("hmac(sha1)", b"password", b"salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
        ("hmac(sha1)", b"password", b"salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
        ("hmac(sha1)", b"password", b"salt", 4096, "4b007901b765489abead49d926f721d065a429c1"),
        ("hmac(sha1)", b"passwordPASSWORDpassword", b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
         "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
        ("hmac(sha1)", b"pass\0word", b"sa\0lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3"),
        ("hmac(sha256)", b"passwd", b"salt", 1,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
    ];
    for (name, pw, salt, count, dk) in cases {
        let mut out = vec![0u8; dk.len() / 2];
        kdf::pbkdf2(name, pw, salt, *count, &mut out).unwrap();
        assert_eq!(hex(&out), *dk, "{name} c={count}");
    }
}

#[test]
fn errors_and_wiping() {
    if !have_af_alg() {
        return;
    }
    let _serial = serial();
    let mut out = [0xa5u8; 70];
    assert_eq!(kdf::pbkdf2("hmac(sha1)", b"pw", b"salt", 0, &mut out), Err(Errno::EINVAL));
    assert_eq!(out, [0xa5; 70], "checks before any output");
    assert_eq!(kdf::pbkdf2("no-such-hash", b"pw", b"salt", 1, &mut out), Err(Errno::ENOENT));
    assert_eq!(kdf::pbkdf2("sha256", b"pw", b"salt", 1, &mut out), Err(Errno(libc::ENOSYS)));
    assert_eq!(out, [0; 70], "wiped after a failure");
    assert_eq!(kdf::pbkdf2("cmac(aes)", b"short", b"salt", 1, &mut out), Err(Errno::EINVAL));
    kdf::pbkdf2("hmac(sha1)", b"pw", b"salt", 1, &mut []).unwrap();

    out.fill(0xa5);
    assert_eq!(kdf::hkdf("hmac(sha256)", b"", None, b"", &mut out), Err(Errno::EINVAL));
    let mut big = vec![0xa5u8; 255 * 32 + 1];
    assert_eq!(kdf::hkdf("hmac(sha256)", b"ikm", None, b"", &mut big), Err(Errno::EINVAL));
    assert!(big.iter().all(|&b| b == 0), "okm wiped");
    kdf::hkdf("hmac(sha256)", b"ikm", None, b"", &mut big[..255 * 32]).unwrap();
    assert_eq!(kdf::hkdf("sha256", b"ikm", None, b"", &mut out), Err(Errno(libc::ENOSYS)));
    assert_eq!(kdf::hkdf("cmac(aes)", b"ikm", Some(b"12345"), b"", &mut out), Err(Errno::EINVAL));
    kdf::hkdf("cmac(aes)", b"ikm", None, b"", &mut out).unwrap();

    let mut h = Hash::with_key("hmac(sha256)", b"key").unwrap();
    assert_eq!(kdf::feedback(&mut h, &[0; 31], &mut out), Err(Errno::EINVAL));
    kdf::feedback(&mut h, &[0; 32], &mut out).unwrap();
    kdf::counter(&mut h, b"", &mut []).unwrap();
    let mut unkeyed = Hash::new("hmac(sha256)").unwrap();
    out.fill(0xa5);
    assert_eq!(kdf::double_pipeline(&mut unkeyed, b"label", &mut out), Err(Errno(libc::ENOKEY)));
    assert_eq!(out, [0; 70], "dst wiped");
    // A PRF that is no hash (EFAULT in the C API) cannot be expressed: the PRF is a `Hash`.
    // An unkeyed hash is a valid PRF for counter mode (SP 800-56A 5.8.1).
    let mut sha = Hash::new("sha256").unwrap();
    kdf::counter(&mut sha, b"label", &mut out).unwrap();
    assert_eq!(out[..32], afalg::digest("sha256", b"\0\0\0\x01label").unwrap()[..]);
}

fn elapsed(f: impl FnOnce()) -> f64 {
    let t = std::time::Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// Seconds one PBKDF2-HMAC-SHA1 run with `count` iterations takes (the faster of two runs).
fn pbkdf2_time(count: u32) -> f64 {
    let mut k = [0u8; 16];
    let mut run = || elapsed(|| kdf::pbkdf2("hmac(sha1)", b"passwordpassword", b"salt", count, &mut k).unwrap());
    run().min(run())
}

#[test]
fn iteration_count_matches_time() {
    if !have_af_alg() {
        return;
    }
    // Timing: keep the other tests of this file from running at the same time.
    let _serial = serial();
    assert_eq!(kdf::pbkdf2_iteration_count("no-such-hash", 0), kdf::ITERATIONS_ON_ERROR);
    assert_eq!(kdf::pbkdf2_iteration_count("hmac(sha1)", 1), kdf::ITERATIONS_MIN);
    let d = kdf::pbkdf2_iteration_count("hmac(sha256)", 0);
    assert!(d >= kdf::ITERATIONS_MIN && d.is_power_of_two());

    // A threshold of three times the duration of 4096 iterations. What the answer is depends on
    // timings that a loaded machine distorts at will, so only what no load can change is asserted
    // (a power of two, at least the minimum); the timings are printed, speed is the bench's job.
    // (A small base keeps the doubling search short under emulation; the path is the same.)
    let t = pbkdf2_time(4096);
    let threshold = 3.0 * t;
    let n = kdf::pbkdf2_iteration_count("hmac(sha1)", (threshold * 1e9) as u64);
    assert!(n >= kdf::ITERATIONS_MIN && n.is_power_of_two(), "{n} for a threshold of {threshold} s");
    eprintln!("{n} iterations for a threshold of {threshold:.3} s ({} s for 4096)", t);
}
