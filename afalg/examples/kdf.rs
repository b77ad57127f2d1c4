//! Key derivation with the kernel as PRF: HKDF-SHA-256 (RFC 5869 case 1), PBKDF2-HMAC-SHA-1
//! (RFC 6070 cases 1 and 2) and SP 800-108 counter mode (checked against its definition).
//!
//! Run: `cargo run --example kdf` (exits 0 on success, 1 on a wrong answer).

mod common;
use afalg::{kdf, Hash};
use common::{check, hex, require_af_alg, unhex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();
    let mut okm = [0u8; 42];
    let salt = unhex("000102030405060708090a0b0c");
    kdf::hkdf("hmac(sha256)", &[0x0b; 22], Some(&salt), &unhex("f0f1f2f3f4f5f6f7f8f9"), &mut okm)?;
    check(
        "hkdf-sha256 (RFC 5869 #1)",
        &okm,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );

    let mut key = [0u8; 20];
    kdf::pbkdf2("hmac(sha1)", b"password", b"salt", 1, &mut key)?;
    check("pbkdf2-hmac-sha1 c=1 (RFC 6070)", &key, "0c60c80f961f0e71f3a9b524af6012062fe037a6");
    kdf::pbkdf2("hmac(sha1)", b"password", b"salt", 2, &mut key)?;
    check("pbkdf2-hmac-sha1 c=2 (RFC 6070)", &key, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");

    // Counter mode: K(i) = PRF(i ‖ label), i a 32-bit big-endian counter from 1.
    let mut prf = Hash::with_key("hmac(sha256)", b"key-derivation key")?;
    let mut k = [0u8; 40];
    kdf::counter(&mut prf, b"label", &mut k)?;
    let mut want = afalg::keyed_digest("hmac(sha256)", b"key-derivation key", b"\0\0\0\x01label")?;
    want.extend(afalg::keyed_digest("hmac(sha256)", b"key-derivation key", b"\0\0\0\x02label")?);
    check("sp800-108 counter mode", &k, &hex(&want[..40]));
    println!("ok");
    Ok(())
}
