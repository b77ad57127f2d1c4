//! Message digests and MACs: SHA-256 (FIPS 180-2 example), HMAC-SHA-256 (RFC 4231 case 2),
//! streaming a message through `std::io::Write`, and a clone per thread.
//!
//! Run: `cargo run --example hash` (exits 0 on success, 1 on a wrong answer).

mod common;
use afalg::Hash;
use common::{check, require_af_alg};
use std::io::Write;

const SHA256_ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();

    check("sha256(\"abc\")", &afalg::digest("sha256", b"abc")?, SHA256_ABC);

    let mac = afalg::keyed_digest("hmac(sha256)", b"Jefe", b"what do ya want for nothing?")?;
    check("hmac-sha256 (RFC 4231 #2)", &mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

    // Piece by piece: update, or anything that writes to an io::Write.
    let mut h = Hash::new("sha256")?;
    h.update(b"a")?;
    h.write_all(b"bc")?;
    check("sha256 streamed", &h.finalize()?, SHA256_ABC);

    // One keyed transformation, a clone per thread.
    let mac = Hash::with_key("hmac(sha256)", b"Jefe")?;
    let results: Vec<_> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let mut m = mac.try_clone();
                s.spawn(move || -> afalg::Result<Vec<u8>> {
                    m.update(b"what do ya want for nothing?")?;
                    m.finalize()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("thread")).collect()
    });
    for r in results {
        check("hmac-sha256 in a thread", &r?, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
    println!("ok");
    Ok(())
}
