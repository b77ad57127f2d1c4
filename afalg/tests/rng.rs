//! The safe Rust RNG API (`afalg::Rng`, `afalg::random_bytes`) against the kernel.

#[allow(dead_code)]
mod common;
use afalg::{Errno, Rng};
use common::{have_af_alg, hex};

const MIB: usize = 1 << 20;

/// The generator `name`, or `None` (a skip) when the kernel lacks it: Debian's 7.2 kernels
/// have neither the DRBGs (`stdrng`) nor `ansi_cprng`.
fn rng_or_skip(name: &str) -> Option<Rng> {
    match Rng::new(name) {
        Ok(r) => Some(r),
        Err(Errno::ENOENT) => {
            println!("skip: {name} is not in this kernel");
            None
        }
        Err(e) => panic!("{name}: {e:?}"),
    }
}

#[test]
fn exact_lengths() {
    if !have_af_alg() {
        return;
    }
    for name in ["stdrng", "drbg_nopr_hmac_sha256", "drbg_nopr_ctr_aes128", "drbg_nopr_sha256"] {
        let Some(mut r) = rng_or_skip(name) else { continue };
        // A DRBG takes any seed, the empty one too. "stdrng" is whichever implementation of the
        // name has the highest priority among those registered when it is bound: on 6.1 the
        // DRBGs and ansi_cprng are modules, and once ansi_cprng is loaded (by a test that asks
        // for it) before any DRBG, "stdrng" is ansi_cprng, which wants a 48-byte seed and
        // refuses the empty one with EINVAL (Debian's libkcapi alike, measured). Seed with the
        // size the kernel reports: 0 for a DRBG, 48 for ansi_cprng.
        let need = r.seed_size().unwrap();
        r.seed(&vec![0x5a; need]).unwrap();
        for len in [0, 1, 127, 128, 129, 4096, MIB] {
            let mut buf = vec![0xa5u8; len + 64];
            r.generate(&mut buf[..len]).unwrap();
            assert!(buf[len..].iter().all(|&b| b == 0xa5), "{name}: wrote past {len}");
            if len >= 16 {
                assert!(buf[len - 16..len].iter().any(|&b| b != 0xa5), "{name}: {len} not written");
                assert!(buf[..len].iter().any(|&b| b != 0), "{name}: all zero");
            }
            if len == MIB {
                let ones: u64 = buf[..len].iter().map(|b| u64::from(b.count_ones())).sum();
                let permille = ones * 1000 / (len as u64 * 8);
                assert!((495..=505).contains(&permille), "{name}: {permille} per mille ones");
            }
        }
    }
    // get_bytes works on every kernel (getrandom where there is no stdrng)
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    afalg::random_bytes(&mut a).unwrap();
    afalg::random_bytes(&mut b).unwrap();
    assert_ne!(a, b);
    let mut big = vec![0u8; MIB];
    afalg::random_bytes(&mut big).unwrap();
    assert!(big[MIB - 64..].iter().any(|&x| x != 0));
    if rng_or_skip("stdrng").is_some() {
        Rng::new_seeded().unwrap().generate(&mut a).unwrap();
    }
}

#[test]
fn deterministic_ansi_cprng() {
    if !have_af_alg() {
        return;
    }
    let seed: Vec<u8> = (0..48).collect();
    let Some(mut r) = rng_or_skip("ansi_cprng") else { return };
    assert_eq!(r.seed_size().unwrap(), 48);
    r.seed(&seed).unwrap();
    let mut out = [0u8; 80];
    r.generate(&mut out[..3]).unwrap();
    r.generate(&mut out[3..]).unwrap();
    // ANSI X9.31 (AES-128) with V = 00..0f, key = 10..1f, DT = 20..2f.
    assert_eq!(
        hex(&out),
        "c2263c6280eba8d3f000eb21a46a9f70f6af20c27eaddea99c3e5e81d5c5d1a165b56b992e2533ecaa92635dc6631e88e0c6d9de0691d40ab44f900d6aac6d93c0eb32ee1f499381b22ba6c1f4e57d43"
    );
    let mut r2 = Rng::new("ansi_cprng").unwrap();
    assert_eq!(r2.seed(&seed[..16]), Err(Errno::EINVAL));
}

#[test]
fn seeding_rules() {
    if !have_af_alg() {
        return;
    }
    assert_eq!(Rng::new("no-such-rng").unwrap_err(), Errno::ENOENT);
    let Some(mut r) = rng_or_skip("drbg_nopr_hmac_sha256") else { return };
    let mut out = [0u8; 16];
    assert_eq!(r.generate(&mut out), Err(Errno::EINVAL), "unseeded DRBG");
    assert_eq!(r.seed(b"late"), Err(Errno(libc::EBUSY)));
    assert_eq!(r.seed_size().unwrap(), 0);

    let mut r = Rng::new("drbg_nopr_hmac_sha256").unwrap();
    match r.set_entropy(&[0x42; 48]) {
        // kernels without CONFIG_CRYPTO_USER_API_RNG_CAVP
        Err(e) => {
            assert_eq!(e, Errno(libc::ENOPROTOOPT));
            r.seed(b"").unwrap();
            assert_eq!(r.set_addtl(b"addtl"), Err(Errno(libc::EOPNOTSUPP)));
            r.generate(&mut out).unwrap();
        }
        // CAVP kernels: the output is a function of entropy, personalisation and input
        Ok(()) => {
            let mut r2 = Rng::new("drbg_nopr_hmac_sha256").unwrap();
            r2.set_entropy(&[0x42; 48]).unwrap();
            let mut r2 = r2;
            let mut out2 = [0u8; 16];
            for (x, o) in [(&mut r, &mut out), (&mut r2, &mut out2)] {
                x.seed(b"pers").unwrap();
                x.set_addtl(b"addtl").unwrap();
                x.generate(o).unwrap();
            }
            assert_eq!(out, out2);
        }
    }
    assert_eq!(r.seed(b""), Err(Errno(libc::EBUSY)));
}
