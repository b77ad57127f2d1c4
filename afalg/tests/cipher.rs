//! Symmetric ciphers against the kernel: published vectors (NIST SP 800-38A and CAVP for
//! AES-ECB/CBC, RFC 3686 for AES-CTR, IEEE 1619 / CAVP XTSGen for AES-XTS, RFC 7539 for ChaCha20,
//! draft-ribose-cfrg-sm4 for SM4) through every access mode, the stream API with random split
//! points and the AIO path; large inputs against one continuous operation; parallel clones.

mod common;
use afalg::__capi::{AlgType, Handle, IoBuf, IoBufMut};
use afalg::{Access, Cipher, Direction, Errno};
use common::{have_af_alg, hex, unhex};
use std::collections::HashMap;
use std::path::PathBuf;

const MODES: [Access; 3] = [Access::Heuristic, Access::Vmsplice, Access::Sendmsg];

/// A hang must fail the run, not stall it: abort the test process after 15 minutes.
fn watchdog() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_secs(900));
            eprintln!("tests/cipher.rs: watchdog: still running after 900 s, aborting");
            std::process::abort();
        });
    });
}

#[derive(Debug, Clone)]
struct Vector {
    alg: &'static str,
    key: Vec<u8>,
    iv: Vec<u8>,
    pt: Vec<u8>,
    ct: Vec<u8>,
}

fn vector_dir() -> PathBuf {
    common::vectors().join("cryptography_vectors/ciphers")
}

/// Records of a NIST-style vector file as maps of lower-case field names to values.
fn records(path: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(vector_dir().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    let mut cur = HashMap::new();
    for line in text.lines().chain(std::iter::once("")) {
        let l = line.trim();
        if l.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if l.starts_with('#') || l.starts_with('[') {
            continue;
        }
        if let Some((k, v)) = l.split_once('=') {
            cur.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    out
}

fn load(alg: &'static str, path: &str) -> Vec<Vector> {
    records(path)
        .into_iter()
        .filter_map(|r| {
            let key = unhex(r.get("key")?);
            let (pt, ct) = (r.get("plaintext").or(r.get("pt"))?, r.get("ciphertext").or(r.get("ct"))?);
            let iv = if let Some(n) = r.get("nonce") {
                // RFC 7539 vectors: the kernel's chacha20 IV is the 32-bit little-endian block
                // counter followed by the 96-bit nonce.
                let ctr: u32 = r.get("initial_block_counter")?.parse().ok()?;
                let mut iv = ctr.to_le_bytes().to_vec();
                iv.extend(unhex(n));
                iv
            } else {
                unhex(r.get("iv").or(r.get("i")).map(String::as_str).unwrap_or(""))
            };
            if let Some(bits) = r.get("dataunitlen") {
                if bits.parse::<usize>().ok()? % 8 != 0 {
                    return None;
                }
            }
            Some(Vector { alg, key, iv, pt: unhex(pt), ct: unhex(ct) })
        })
        .collect()
}

/// NIST SP 800-38A, appendix F (F.1.1, F.2.1, F.5.1): AES-128 ECB, CBC, CTR.
fn sp800_38a() -> Vec<Vector> {
    let key = unhex("2b7e151628aed2a6abf7158809cf4f3c");
    let pt = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    let v = |alg, iv: &str, ct: &str| Vector { alg, key: key.clone(), iv: unhex(iv), pt: pt.clone(), ct: unhex(ct) };
    vec![
        v("ecb(aes)", "", "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"),
        v("cbc(aes)", "000102030405060708090a0b0c0d0e0f", "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"),
        v("ctr(aes)", "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee"),
    ]
}

fn all_vectors() -> Vec<Vector> {
    let mut v = sp800_38a();
    for f in ["AES/CBC/CBCMMT128.rsp", "AES/CBC/CBCMMT256.rsp"] {
        v.extend(load("cbc(aes)", f));
    }
    for f in ["AES/ECB/ECBMMT128.rsp", "AES/ECB/ECBMMT256.rsp"] {
        v.extend(load("ecb(aes)", f));
    }
    for f in ["AES/CTR/aes-128-ctr.txt", "AES/CTR/aes-256-ctr.txt"] {
        v.extend(load("ctr(aes)", f));
    }
    for f in ["AES/XTS/tweak-128hexstr/XTSGenAES128-sel.rsp", "AES/XTS/tweak-128hexstr/XTSGenAES256-sel.rsp"] {
        v.extend(load("xts(aes)", f));
    }
    v.extend(load("chacha20", "ChaCha20/rfc7539.txt"));
    v.extend(load("cbc(sm4)", "SM4/draft-ribose-cfrg-sm4-10-cbc.txt"));
    v.extend(load("ctr(sm4)", "SM4/draft-ribose-cfrg-sm4-10-ctr.txt"));
    v
}

/// A cipher with the vector's key, or None when the kernel has no such algorithm (SM4 is
/// optional in kernel configurations).
fn keyed(v: &Vector, flags: u32) -> Option<Handle> {
    match Handle::new(AlgType::Skcipher, v.alg, flags) {
        Ok(mut h) => {
            h.setkey(&v.key).unwrap_or_else(|e| panic!("{}: setkey: {e}", v.alg));
            Some(h)
        }
        Err(Errno::ENOENT) if v.alg.contains("sm4") => None,
        Err(e) => panic!("{}: {e:?}", v.alg),
    }
}

fn iv_of(v: &Vector) -> Option<&[u8]> {
    (!v.iv.is_empty()).then_some(&v.iv[..])
}

fn oneshot(h: &mut Handle, dir: Direction, iv: Option<&[u8]>, input: &[u8], access: Access) -> Vec<u8> {
    let mut out = vec![0u8; input.len()];
    let r = h.cipher_crypt(dir, iv, IoBuf::new(input), IoBufMut::new(&mut out), access, false).unwrap();
    assert_eq!(r.consumed, input.len());
    assert_eq!(r.produced, input.len());
    out
}

/// Tiny deterministic generator for split points and data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// The stream API with the input cut at random points; output collected as it comes.
fn stream(h: &mut Handle, dir: Direction, iv: Option<&[u8]>, input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let alg = h.name().to_string();
    let bs = h.info().unwrap().blocksize.max(1) as usize;
    h.cipher_stream_init(dir, iv, &[]).unwrap();
    let mut out = vec![0u8; input.len()];
    let (mut sent, mut got) = (0, 0);
    while sent < input.len() {
        // At most 32 KiB per update, and never more than 64 KiB unread: the kernel buffers only
        // about 200 KiB, beyond that a single-threaded sender would wait forever.
        let n = 1 + rng.below((input.len() - sent).min(32 * 1024));
        let last = sent + n == input.len();
        assert_eq!(h.cipher_stream_update(&[IoBuf::new(&input[sent..sent + n])], last).unwrap(), n);
        sent += n;
        // Collect some output in between (whole blocks only while the request is open) — for
        // modes whose IV the kernel chains from one receive to the next. XTS and ChaCha20 do not
        // chain (each receive would start a new data unit / restart the key stream).
        let chains = ["cbc", "ctr", "ecb"].iter().any(|m| alg.starts_with(m));
        if chains && !last && (sent - got >= 64 * 1024 || rng.below(2) == 0) {
            let avail = ((sent - got) / 64) * 64;
            if avail > 0 {
                let k = h.cipher_stream_op(&mut [IoBufMut::new(&mut out[got..got + avail])]).unwrap();
                assert!(k <= avail && k % bs == 0, "k={k} avail={avail}");
                got += k;
            }
        }
    }
    if input.is_empty() {
        h.cipher_stream_update(&[], true).unwrap();
    }
    while got < out.len() {
        let k = h.cipher_stream_op(&mut [IoBufMut::new(&mut out[got..])]).unwrap();
        assert!(k > 0, "stream output stalled at {got} of {}", out.len());
        got += k;
    }
    out
}

#[test]
fn known_answers_every_path() {
    watchdog();
    if !have_af_alg() {
        return;
    }
    let vectors = all_vectors();
    assert!(vectors.len() > 150, "only {} vectors loaded", vectors.len());
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let mut ran = HashMap::new();
    for v in &vectors {
        let Some(mut h) = keyed(v, 0) else { continue };
        *ran.entry(v.alg).or_insert(0) += 1;
        let name = format!("{} key {}", v.alg, hex(&v.key));
        for m in MODES {
            assert_eq!(hex(&oneshot(&mut h, Direction::Encrypt, iv_of(v), &v.pt, m)), hex(&v.ct), "{name} enc {m:?}");
            assert_eq!(hex(&oneshot(&mut h, Direction::Decrypt, iv_of(v), &v.ct, m)), hex(&v.pt), "{name} dec {m:?}");
        }
        assert_eq!(
            hex(&stream(&mut h, Direction::Encrypt, iv_of(v), &v.pt, &mut rng)),
            hex(&v.ct),
            "{name} stream enc"
        );
        assert_eq!(
            hex(&stream(&mut h, Direction::Decrypt, iv_of(v), &v.ct, &mut rng)),
            hex(&v.pt),
            "{name} stream dec"
        );
        // In place.
        let mut buf = v.pt.clone();
        let (i, o) = IoBufMut::in_place(&mut buf);
        h.cipher_crypt(Direction::Encrypt, iv_of(v), i, o, Access::Vmsplice, false).unwrap();
        assert_eq!(hex(&buf), hex(&v.ct), "{name} in place");
        // AIO: the vector twice, one stream with the IV chained across the pairs (as libkcapi),
        // with and without KCAPI_INIT_AIO.
        if v.ct.len() % 16 != 0 {
            continue;
        }
        let ct2 = [v.ct.clone(), v.ct.clone()].concat();
        let mut whole = vec![0u8; ct2.len()];
        keyed(v, 0)
            .unwrap()
            .cipher_crypt(
                Direction::Decrypt,
                iv_of(v),
                IoBuf::new(&ct2),
                IoBufMut::new(&mut whole),
                Access::Sendmsg,
                false,
            )
            .unwrap();
        for flags in [0, afalg::__capi::INIT_AIO] {
            let mut h = keyed(v, flags).unwrap();
            let mut o1 = vec![0u8; v.ct.len()];
            let mut o2 = vec![0u8; v.ct.len()];
            let n = h
                .cipher_crypt_aio(
                    Direction::Decrypt,
                    iv_of(v),
                    &[IoBuf::new(&v.ct), IoBuf::new(&v.ct)],
                    &mut [IoBufMut::new(&mut o1), IoBufMut::new(&mut o2)],
                    MODES[rng.below(3)],
                )
                .unwrap();
            assert_eq!(n, 2 * v.pt.len());
            assert_eq!(hex(&o1), hex(&v.pt), "{name} aio flags {flags}");
            // Modes whose kernel implementation chains the IV from one request to the next.
            if ["ecb(aes)", "cbc(aes)", "ctr(aes)"].contains(&v.alg) {
                assert_eq!(hex(&o2), hex(&whole[v.ct.len()..]), "{name} aio flags {flags}: chained");
            }
        }
    }
    for alg in ["ecb(aes)", "cbc(aes)", "ctr(aes)", "xts(aes)", "chacha20"] {
        assert!(ran.get(alg).copied().unwrap_or(0) >= 3, "{alg}: {ran:?}");
    }
}

#[test]
fn safe_api() {
    watchdog();
    if !have_af_alg() {
        return;
    }
    let v = &sp800_38a()[1];
    let mut c = Cipher::with_key("cbc(aes)", &v.key).unwrap();
    assert_eq!((c.iv_size().unwrap(), c.block_size().unwrap()), (16, 16));
    let mut ct = vec![0u8; 64];
    assert_eq!(c.encrypt(&v.iv, &v.pt, &mut ct).unwrap(), 64);
    assert_eq!(ct, v.ct);
    assert_eq!(c.crypt_to_vec(Direction::Decrypt, &v.iv, &v.ct).unwrap(), v.pt);
    let mut buf = v.pt.clone();
    c.crypt_in_place(Direction::Encrypt, &v.iv, &mut buf).unwrap();
    assert_eq!(buf, v.ct);
    let mut clone = c.try_clone();
    assert_eq!(clone.crypt_to_vec(Direction::Encrypt, &v.iv, &v.pt).unwrap(), v.ct);
    {
        let mut s = c.stream(Direction::Encrypt, &v.iv).unwrap();
        s.update(&v.pt[..20]).unwrap();
        let mut out = vec![0u8; 64];
        assert_eq!(s.read(&mut out).unwrap(), 16);
        s.finish(&v.pt[20..]).unwrap();
        assert_eq!(s.read_all(&mut out[16..]).unwrap(), 48);
        assert_eq!(out, v.ct);
    }
    // A stream dropped half-way leaves a clean handle.
    {
        let mut s = c.stream(Direction::Encrypt, &v.iv).unwrap();
        s.update(&v.pt[..48]).unwrap();
    }
    assert_eq!(c.crypt_to_vec(Direction::Encrypt, &v.iv, &v.pt).unwrap(), v.ct);

    // Bad inputs.
    assert_eq!(Cipher::new("no-such-cipher(aes)").unwrap_err(), Errno::ENOENT);
    assert_eq!(Cipher::new("sha256").unwrap_err(), Errno::ENOENT);
    // An algorithm of another type: EINVAL from the kernel since 6.x, ENOENT on 6.1.
    assert!(matches!(Cipher::new("gcm(aes)").unwrap_err(), Errno::EINVAL | Errno::ENOENT));
    assert_eq!(Cipher::with_key("cbc(aes)", &[0u8; 7]).unwrap_err(), Errno::EINVAL);
    assert_eq!(c.encrypt(&v.iv[..8], &v.pt, &mut ct).unwrap_err(), Errno::EINVAL, "short IV");
    assert_eq!(c.encrypt(&[], &v.pt, &mut ct).unwrap_err(), Errno::EINVAL, "missing IV");
    assert_eq!(c.encrypt(&v.iv, &v.pt[..20], &mut ct).unwrap_err(), Errno::EINVAL, "partial block");
    assert_eq!(c.encrypt(&v.iv, &v.pt, &mut ct[..32]).unwrap_err(), Errno::EINVAL, "short output");
    assert_eq!(c.set_key(&v.key).unwrap_err(), Errno(libc::EBUSY));
    let mut nokey = Cipher::new("cbc(aes)").unwrap();
    assert_eq!(nokey.encrypt(&v.iv, &v.pt, &mut ct).unwrap_err(), Errno(libc::ENOKEY));
    // After each error the cipher still works.
    assert_eq!(c.crypt_to_vec(Direction::Encrypt, &v.iv, &v.pt).unwrap(), v.ct);
}

/// Continuous CBC or CTR over `input` computed with many small operations, each given its IV
/// explicitly (previous ciphertext block, or the counter advanced in user space), so that it
/// does not depend on the kernel's IV chaining.
fn continuous(h: &mut Handle, alg: &str, iv: &[u8], input: &[u8]) -> Vec<u8> {
    const STEP: usize = 48 * 1024;
    let mut out = Vec::with_capacity(input.len());
    let mut cur = iv.to_vec();
    for chunk in input.chunks(STEP) {
        let ct = oneshot(h, Direction::Encrypt, Some(&cur), chunk, Access::Sendmsg);
        if alg.starts_with("cbc") {
            cur = ct[ct.len() - 16..].to_vec();
        } else {
            let ctr = u128::from_be_bytes(cur[..16].try_into().unwrap()).wrapping_add((chunk.len() / 16) as u128);
            cur = ctr.to_be_bytes().to_vec();
        }
        out.extend_from_slice(&ct);
    }
    out
}

#[test]
fn large_inputs_chain_the_iv() {
    watchdog();
    if !have_af_alg() {
        return;
    }
    let mut rng = Rng(77);
    let data = rng.bytes(16 << 20);
    let key = rng.bytes(32);
    let iv = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfe00");
    for (alg, sizes) in [
        ("ctr(aes)", &[65535usize, 65536, 65552, (1 << 20) + 16, 16 << 20][..]),
        ("cbc(aes)", &[65536, 65552, (1 << 20) + 16, 16 << 20][..]),
    ] {
        let mut h = Handle::new(AlgType::Skcipher, alg, 0).unwrap();
        h.setkey(&key).unwrap();
        let want = continuous(&mut h, alg, &iv, &data);
        for &n in sizes {
            let modes: &[Access] = if n > (1 << 20) + 16 { &[Access::Heuristic] } else { &MODES };
            for &m in modes {
                let got = oneshot(&mut h, Direction::Encrypt, Some(&iv), &data[..n], m);
                let bad = got.iter().zip(&want[..n]).position(|(a, b)| a != b);
                assert_eq!(bad, None, "{alg} {n} bytes {m:?}: first difference at {bad:?}");
                if n == 65552 {
                    let back = oneshot(&mut h, Direction::Decrypt, Some(&iv), &got, m);
                    assert!(back == data[..n], "{alg} {n} decrypt {m:?}");
                }
            }
        }
        // The stream API and a vmsplice path squeezed through a one-page pipe agree too.
        let n = (1 << 20) + 16;
        assert!(stream(&mut h, Direction::Encrypt, Some(&iv), &data[..n], &mut rng) == want[..n], "{alg} stream");
        let mut small = h.reinit(0);
        small.set_maxsplicesize(4096).unwrap();
        assert!(
            oneshot(&mut small, Direction::Encrypt, Some(&iv), &data[..n], Access::Vmsplice) == want[..n],
            "{alg} small pipe"
        );
    }
}

#[test]
fn output_shorter_than_input() {
    watchdog();
    if !have_af_alg() {
        return;
    }
    let v = &sp800_38a()[1];
    let mut h = keyed(v, 0).unwrap();
    for m in MODES {
        // libkcapi's return value (input consumed), output cut to whole blocks, and the handle
        // stays usable (libkcapi left the rest in the socket).
        let mut out = vec![0u8; 32];
        let r =
            h.cipher_crypt(Direction::Encrypt, iv_of(v), IoBuf::new(&v.pt), IoBufMut::new(&mut out), m, false).unwrap();
        assert_eq!((r.consumed, r.produced), (64, 32));
        assert_eq!(out, v.ct[..32]);
        let mut out = vec![0u8; 31];
        let r = h.cipher_crypt(Direction::Encrypt, iv_of(v), IoBuf::new(&v.pt), IoBufMut::new(&mut out), m, false);
        assert_eq!(r.unwrap_err(), Errno::EINVAL);
        assert_eq!(oneshot(&mut h, Direction::Encrypt, iv_of(v), &v.pt, m), v.ct);
        // Output larger than the input: no hang, input length returned.
        let mut out = vec![0u8; 96];
        let r =
            h.cipher_crypt(Direction::Encrypt, iv_of(v), IoBuf::new(&v.pt), IoBufMut::new(&mut out), m, false).unwrap();
        assert_eq!((r.consumed, r.produced), (64, 64));
        assert_eq!(out[..64], v.ct[..]);
    }
}

#[test]
fn parallel_clones_and_threaded_stream() {
    watchdog();
    if !have_af_alg() {
        return;
    }
    let mut rng = Rng(5);
    let key = rng.bytes(16);
    let iv = rng.bytes(16);
    let data = rng.bytes(300_000);
    let mut base = Cipher::with_key("ctr(aes)", &key).unwrap();
    let want = base.crypt_to_vec(Direction::Encrypt, &iv, &data).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let mut c = base.try_clone();
            let (data, want, iv) = (&data, &want, &iv);
            s.spawn(move || {
                let mut r = Rng(t + 11);
                for _ in 0..40 {
                    let n = 1 + r.below(data.len() - 1);
                    assert!(c.crypt_to_vec(Direction::Encrypt, iv, &data[..n]).unwrap() == want[..n]);
                }
            });
        }
    });
    drop(base);

    // One thread sends, another receives, on the same handle.
    let mut h = Handle::new(AlgType::Skcipher, "ctr(aes)", 0).unwrap();
    h.setkey(&key).unwrap();
    h.cipher_stream_init(Direction::Encrypt, Some(&iv), &[]).unwrap();
    let mut out = vec![0u8; data.len()];
    std::thread::scope(|s| {
        let hr = &h;
        s.spawn(move || {
            for (i, chunk) in data.chunks(10_000).enumerate() {
                let last = (i + 1) * 10_000 >= data.len();
                hr.cipher_stream_update(&[IoBuf::new(chunk)], last).unwrap();
            }
        });
        let mut got = 0;
        let mut idle = 0;
        while got < out.len() {
            let n = h.cipher_stream_op(&mut [IoBufMut::new(&mut out[got..])]).unwrap();
            got += n;
            idle = if n == 0 { idle + 1 } else { 0 };
            assert!(idle < 100, "receiver starved at {got}");
        }
    });
    assert!(out == want);
}
