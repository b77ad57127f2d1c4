//! One cipher operation fed in pieces: `Cipher::stream` keeps a single kernel request open, so
//! the CBC chain continues across the pieces (NIST SP 800-38A F.2.1 again), and the same through
//! `std::io::Write` / `std::io::Read`.
//!
//! Run: `cargo run --example stream` (exits 0 on success, 1 on a wrong answer).

mod common;
use afalg::{Cipher, Direction};
use common::{check, require_af_alg, unhex};
use std::io::{Read, Write};

const CBC_CT: &str = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2\
                      73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();
    let plain = unhex(
        "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
         30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
    );
    let iv = unhex("000102030405060708090a0b0c0d0e0f");
    let mut cbc = Cipher::with_key("cbc(aes)", &unhex("2b7e151628aed2a6abf7158809cf4f3c"))?;

    // Feed 16 + 32 + 16 bytes, reading what is ready after each piece.
    let mut out = vec![0u8; plain.len()];
    let mut got = 0;
    let mut s = cbc.stream(Direction::Encrypt, &iv)?;
    for (i, piece) in [&plain[..16], &plain[16..48], &plain[48..]].into_iter().enumerate() {
        if i == 2 {
            s.finish(piece)?;
        } else {
            s.update(piece)?;
        }
        got += s.read_all(&mut out[got..])?;
    }
    drop(s);
    check("aes-128-cbc streamed in 3 pieces", &out[..got], CBC_CT);

    // The same through the std::io traits: write everything, finish, read to the end.
    let mut s = cbc.stream(Direction::Decrypt, &iv)?;
    s.write_all(&unhex(CBC_CT))?;
    s.finish(&[])?;
    let mut back = Vec::new();
    s.read_to_end(&mut back)?;
    check("aes-128-cbc decrypted via io::Write/io::Read", &back, &common::hex(&plain));
    println!("ok");
    Ok(())
}
