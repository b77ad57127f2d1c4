//! Symmetric ciphers: AES-128-CBC and AES-128-CTR with the NIST SP 800-38A vectors (F.2.1,
//! F.5.1), encryption, decryption and in-place operation.
//!
//! Run: `cargo run --example cipher` (exits 0 on success, 1 on a wrong answer).

mod common;
use afalg::{Cipher, Direction};
use common::{check, require_af_alg, unhex};

const KEY: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const PLAIN: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
                     30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();
    let plain = unhex(PLAIN);

    let mut cbc = Cipher::with_key("cbc(aes)", &unhex(KEY))?;
    let iv = unhex("000102030405060708090a0b0c0d0e0f");
    let mut ct = vec![0u8; plain.len()];
    cbc.encrypt(&iv, &plain, &mut ct)?;
    let cbc_ct = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\
                  73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
    check("aes-128-cbc encrypt (SP 800-38A F.2.1)", &ct, cbc_ct);
    check("aes-128-cbc decrypt", &cbc.crypt_to_vec(Direction::Decrypt, &iv, &ct)?, PLAIN);

    let mut ctr = Cipher::with_key("ctr(aes)", &unhex(KEY))?;
    let counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    let mut buf = plain.clone();
    ctr.crypt_in_place(Direction::Encrypt, &counter, &mut buf)?;
    let ctr_ct = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff\
                  5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
    check("aes-128-ctr in place (SP 800-38A F.5.1)", &buf, ctr_ct);
    // CTR needs no padding: any length works.
    check("aes-128-ctr 5 bytes", &ctr.crypt_to_vec(Direction::Encrypt, &counter, &plain[..5])?, &ctr_ct[..10]);
    println!("ok");
    Ok(())
}
