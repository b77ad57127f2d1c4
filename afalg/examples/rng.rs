//! Random numbers from the kernel: `afalg::random_bytes`, a named DRBG seeded with a
//! personalisation string, and `Rng` as a `std::io::Read`. Generators have no known answers
//! (a DRBG draws its own entropy), so this checks that outputs differ and are not constant.
//!
//! Run: `cargo run --example rng` (exits 0 on success, 1 on a failed check).

mod common;
use afalg::Rng;
use common::{hex, require_af_alg};
use std::io::Read;

fn plausible(what: &str, a: &[u8], b: &[u8]) {
    println!("{what}: {} / {}", hex(a), hex(b));
    if a == b || a.iter().all(|&x| x == a[0]) {
        eprintln!("MISMATCH in {what}: outputs repeat");
        std::process::exit(1);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    require_af_alg();
    let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
    afalg::random_bytes(&mut a)?;
    afalg::random_bytes(&mut b)?;
    plausible("random_bytes", &a, &b);

    // A DRBG by name (kernels built without CONFIG_CRYPTO_DRBG have none: then jitterentropy).
    let mut rng = match Rng::new("drbg_nopr_hmac_sha256") {
        Ok(mut r) => {
            r.seed(b"afalg example")?;
            r
        }
        Err(e) => {
            println!("no drbg_nopr_hmac_sha256 ({e}): using jitterentropy_rng");
            Rng::new("jitterentropy_rng")?
        }
    };
    rng.generate(&mut a)?;
    rng.read_exact(&mut b)?;
    plausible("generate / io::Read", &a, &b);
    println!("ok");
    Ok(())
}
