//! Authenticated encryption: AES-128-GCM with a NIST CAVP vector (gcmEncryptExtIV128.rsp,
//! PTlen 128, AADlen 128, Taglen 112, Count 0), and a tampered message that must fail.
//!
//! Run: `cargo run --example aead` (exits 0 on success, 1 on a wrong answer).

mod common;
use afalg::{Aead, Errno};
use common::{check, hex, require_af_alg, unhex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();
    let mut gcm = Aead::with_key("gcm(aes)", &unhex("bad6049678bf75c9087b3e3ae7e72c13"))?;
    gcm.set_tag_size(14)?;
    let iv = unhex("a0a017b83a67d8f1b883e561");
    let aad = unhex("f7c27b51d5367161dc2ff1e9e3edc6f2");
    let plain = unhex("a1be93012f05a1958440f74a5311f4a1");

    let sealed = gcm.encrypt(&iv, &aad, &plain)?;
    check("aes-128-gcm ciphertext ‖ tag", &sealed, "36f032f7e3dc3275ca22aedcdc68436b99a2227f8bb69d45ea5d8842cd08");
    check("aes-128-gcm decrypt", &gcm.decrypt(&iv, &aad, &sealed)?, &hex(&plain));

    let mut bad = sealed.clone();
    bad[0] ^= 1;
    match gcm.decrypt(&iv, &aad, &bad) {
        Err(Errno::EBADMSG) => println!("tampered ciphertext: EBADMSG, as it must be"),
        other => {
            eprintln!("MISMATCH: a tampered ciphertext gave {other:?}");
            std::process::exit(1);
        }
    }
    println!("ok");
    Ok(())
}
