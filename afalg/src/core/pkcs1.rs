//! RSA algorithm names as libkcapi's callers spell them, and the PKCS#1 v1.5 signature
//! encoding (EMSA-PKCS1-v1_5, RFC 8017 §9.2) built and checked in user space.
//!
//! A signature is checked by building the one encoding that is valid for the digest it
//! carries and comparing all `k` octets: no parsing of the padding, no tolerance for extra
//! octets, so the classic forgeries for small exponents (garbage after the DigestInfo, short
//! padding, parameters with room for junk) cannot pass.

use crate::core::asn1::{self, TAG_NULL, TAG_OCTET_STRING, TAG_OID, TAG_SEQUENCE};
use crate::error::{Errno, Result};
use crate::prelude::*;

/// A hash function a PKCS#1 v1.5 signature can name.
#[derive(Debug, PartialEq, Eq)]
pub struct HashInfo {
    /// The kernel's name (`sha256`), also the keyring's `hash=` value.
    pub name: &'static str,
    /// The encoded contents of its object identifier.
    pub oid: &'static [u8],
    /// Digest size in bytes.
    pub digest_len: usize,
}

/// The OID 2.16.840.1.101.3.4.2.`last` of a NIST hash function.
const fn nist(last: u8) -> [u8; 9] {
    [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last]
}

/// The hashes PKCS#1 v1.5 signatures are made with (the kernel's pkcs1pad/pkcs1 list).
pub const HASHES: &[HashInfo] = &[
    HashInfo { name: "md5", oid: &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05], digest_len: 16 },
    HashInfo { name: "sha1", oid: &[0x2b, 0x0e, 0x03, 0x02, 0x1a], digest_len: 20 },
    HashInfo { name: "rmd160", oid: &[0x2b, 0x24, 0x03, 0x02, 0x01], digest_len: 20 },
    HashInfo { name: "sha224", oid: &nist(0x04), digest_len: 28 },
    HashInfo { name: "sha256", oid: &nist(0x01), digest_len: 32 },
    HashInfo { name: "sha384", oid: &nist(0x02), digest_len: 48 },
    HashInfo { name: "sha512", oid: &nist(0x03), digest_len: 64 },
    HashInfo { name: "sha3-224", oid: &nist(0x07), digest_len: 28 },
    HashInfo { name: "sha3-256", oid: &nist(0x08), digest_len: 32 },
    HashInfo { name: "sha3-384", oid: &nist(0x09), digest_len: 48 },
    HashInfo { name: "sha3-512", oid: &nist(0x0a), digest_len: 64 },
];

/// The hash called `name`, or written as a driver name of it (`sha256-generic`, `sha3-256-avx2`).
pub fn hash_info(name: &str) -> Option<&'static HashInfo> {
    let find = |n: &str| HASHES.iter().find(|h| h.name == n);
    find(name).or_else(|| name.rsplit_once('-').and_then(|(base, _)| find(base)))
}

/// How an RSA handle pads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// `rsa`: textbook RSA on full-size blocks.
    Raw,
    /// `pkcs1pad(rsa[,H])`: EME-PKCS1-v1_5 for encryption, EMSA-PKCS1-v1_5 for signatures
    /// (with H's DigestInfo, or over the bare data when no hash is named).
    Pkcs1Pad(Option<&'static HashInfo>),
    /// `pkcs1(rsa,H)` (Linux 6.13's spelling of the signature half): signatures only.
    Pkcs1Sig(Option<&'static HashInfo>),
}

/// Whether `name` is RSA itself: `rsa` or one of its drivers (`rsa-generic`).
fn is_rsa(name: &str) -> bool {
    name == "rsa" || name.strip_prefix("rsa-").is_some_and(|d| !d.is_empty())
}

/// The padding an RSA algorithm name asks for; `None` for a name that is not RSA.
pub fn parse_rsa_name(name: &str) -> Option<Padding> {
    if is_rsa(name) {
        return Some(Padding::Raw);
    }
    let (template, args) = name.strip_suffix(')')?.split_once('(')?;
    let (inner, hash) = match args.split_once(',') {
        None => (args, None),
        Some((inner, "none")) => (inner, None),
        Some((inner, h)) => (inner, Some(hash_info(h)?)),
    };
    if !is_rsa(inner) {
        return None;
    }
    match template {
        "pkcs1pad" => Some(Padding::Pkcs1Pad(hash)),
        "pkcs1" => Some(Padding::Pkcs1Sig(hash)),
        _ => None,
    }
}

/// The DER `DigestInfo` of `digest` made with `hash`.
pub fn digest_info(hash: &HashInfo, digest: &[u8]) -> Vec<u8> {
    let alg = asn1::tlv(TAG_SEQUENCE, &[&asn1::tlv(TAG_OID, &[hash.oid]), &[TAG_NULL, 0]]);
    asn1::tlv(TAG_SEQUENCE, &[&alg, &asn1::tlv(TAG_OCTET_STRING, &[digest])])
}

/// EMSA-PKCS1-v1_5: `00 01 FF… 00 T` of `k` octets, T the DigestInfo of `digest` (or `digest`
/// itself without a hash). `EMSGSIZE` when fewer than 8 padding octets would fit; `EINVAL`
/// when `digest` is not the hash's size.
pub fn emsa_encode(hash: Option<&HashInfo>, digest: &[u8], k: usize) -> Result<Vec<u8>> {
    let t = match hash {
        Some(h) if digest.len() != h.digest_len => return Err(Errno::EINVAL),
        Some(h) => digest_info(h, digest),
        None => digest.to_vec(),
    };
    let ps = k.checked_sub(t.len() + 3).filter(|&ps| ps >= 8).ok_or(Errno::EMSGSIZE)?;
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0, 1]);
    em.resize(2 + ps, 0xff);
    em.push(0);
    em.extend_from_slice(&t);
    Ok(em)
}

/// The digest a recovered signature block `em` (s^e mod n, all `k` octets) carries, if `em` is
/// exactly the EMSA-PKCS1-v1_5 encoding of it; `EBADMSG` otherwise. Without a hash, the data
/// after the padding is returned (the padding must still be `00 01`, at least 8 `FF`, `00`).
pub fn emsa_digest<'a>(hash: Option<&HashInfo>, em: &'a [u8]) -> Result<&'a [u8]> {
    match hash {
        Some(h) => {
            let at = em.len().checked_sub(h.digest_len).ok_or(Errno::EBADMSG)?;
            let digest = &em[at..];
            match emsa_encode(Some(h), digest, em.len()) {
                Ok(expected) if expected == em => Ok(digest),
                _ => Err(Errno::EBADMSG),
            }
        }
        None => {
            let body = em.strip_prefix(&[0, 1]).ok_or(Errno::EBADMSG)?;
            let ps = body.iter().take_while(|&&b| b == 0xff).count();
            match body.get(ps) {
                Some(0) if ps >= 8 => Ok(&body[ps + 1..]),
                _ => Err(Errno::EBADMSG),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let sha256 = hash_info("sha256");
        assert_eq!(parse_rsa_name("rsa"), Some(Padding::Raw));
        assert_eq!(parse_rsa_name("rsa-generic"), Some(Padding::Raw));
        assert_eq!(parse_rsa_name("pkcs1pad(rsa,sha256)"), Some(Padding::Pkcs1Pad(sha256)));
        assert_eq!(parse_rsa_name("pkcs1pad(rsa-generic,sha256-generic)"), Some(Padding::Pkcs1Pad(sha256)));
        assert_eq!(parse_rsa_name("pkcs1pad(rsa)"), Some(Padding::Pkcs1Pad(None)));
        assert_eq!(parse_rsa_name("pkcs1(rsa,sha512)"), Some(Padding::Pkcs1Sig(hash_info("sha512"))));
        assert_eq!(parse_rsa_name("pkcs1(rsa,none)"), Some(Padding::Pkcs1Sig(None)));
        assert_eq!(hash_info("sha3-256-generic").map(|h| h.name), Some("sha3-256"));
        for bad in [
            "",
            "rsa-",
            "rsax",
            "ecdsa",
            "pkcs1pad(rsa,sha999)",
            "pkcs1pad(dh)",
            "oaep(rsa)",
            "pkcs1pad(rsa",
            "pkcs1pad()",
        ] {
            assert_eq!(parse_rsa_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn digest_infos_match_rfc_8017() {
        // RFC 8017 §9.2 note 1: the DigestInfo prefixes (before the digest octets).
        for (name, prefix) in [
            ("md5", "3020300c06082a864886f70d020505000410"),
            ("sha1", "3021300906052b0e03021a05000414"),
            ("sha224", "302d300d06096086480165030402040500041c"),
            ("sha256", "3031300d060960864801650304020105000420"),
            ("sha384", "3041300d060960864801650304020205000430"),
            ("sha512", "3051300d060960864801650304020305000440"),
        ] {
            let h = hash_info(name).unwrap();
            let di = digest_info(h, &vec![0xab; h.digest_len]);
            let hex: String = di[..di.len() - h.digest_len].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, prefix, "{name}");
        }
    }

    #[test]
    fn encode_and_check() {
        let h = hash_info("sha256").unwrap();
        let digest = [0x5a; 32];
        let em = emsa_encode(Some(h), &digest, 128).unwrap();
        assert_eq!(em.len(), 128);
        assert_eq!(&em[..3], &[0, 1, 0xff]);
        assert_eq!(emsa_digest(Some(h), &em).unwrap(), &digest);
        // The smallest k with 8 padding octets: 3 + 8 + 51.
        assert!(emsa_encode(Some(h), &digest, 62).is_ok());
        assert_eq!(emsa_encode(Some(h), &digest, 61).err(), Some(Errno::EMSGSIZE));
        assert_eq!(emsa_encode(Some(h), &digest[..31], 128).err(), Some(Errno::EINVAL));
        // Wrong hash, every single corrupted octet, and a shorter block all fail.
        assert_eq!(emsa_digest(hash_info("sha512"), &em).err(), Some(Errno::EBADMSG));
        assert_eq!(emsa_digest(hash_info("sha3-256"), &em).err(), Some(Errno::EBADMSG));
        for i in 0..em.len() - 32 {
            let mut bad = em.clone();
            bad[i] ^= 0x01;
            assert_eq!(emsa_digest(Some(h), &bad).err(), Some(Errno::EBADMSG), "octet {i}");
        }
        assert_eq!(emsa_digest(Some(h), &em[1..]).err(), Some(Errno::EBADMSG));
        assert_eq!(emsa_digest(Some(h), &[0; 10]).err(), Some(Errno::EBADMSG));
    }

    #[test]
    fn bleichenbacher_forgeries_fail() {
        let h = hash_info("sha1").unwrap();
        let digest = [0x11; 20];
        let di = digest_info(h, &digest);
        let k = 128;
        // 1. Short padding, garbage after the DigestInfo (Bleichenbacher 2006, e = 3).
        let mut forged = vec![0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0];
        forged.extend_from_slice(&di);
        forged.resize(k, 0x42);
        assert_eq!(emsa_digest(Some(h), &forged).err(), Some(Errno::EBADMSG));
        // 2. Junk hidden in the algorithm parameters (longer NULL), padding shortened to fit.
        let mut junk_params = vec![0x30, 0x25, 0x30, 0x0d, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x04];
        junk_params.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef, 0x04, 0x14]);
        junk_params.extend_from_slice(&digest);
        let mut em = vec![0, 1];
        em.resize(k - junk_params.len() - 1, 0xff);
        em.push(0);
        em.extend_from_slice(&junk_params);
        assert_eq!(em.len(), k);
        assert_eq!(emsa_digest(Some(h), &em).err(), Some(Errno::EBADMSG));
        // 3. A non-minimal length in the DigestInfo.
        let mut long_len = di.clone();
        long_len.splice(1..2, [0x81, di[1]]);
        let mut em = vec![0, 1];
        em.resize(k - long_len.len() - 1, 0xff);
        em.push(0);
        em.extend_from_slice(&long_len);
        assert_eq!(emsa_digest(Some(h), &em).err(), Some(Errno::EBADMSG));
    }

    #[test]
    fn hashless() {
        let em = emsa_encode(None, b"data", 64).unwrap();
        assert_eq!(emsa_digest(None, &em).unwrap(), b"data");
        let mut short = vec![0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0];
        short.extend_from_slice(b"data");
        assert_eq!(emsa_digest(None, &short).err(), Some(Errno::EBADMSG), "7 padding octets");
        let mut bt2 = em.clone();
        bt2[1] = 2;
        assert_eq!(emsa_digest(None, &bt2).err(), Some(Errno::EBADMSG), "block type 2");
        assert_eq!(emsa_digest(None, &[0, 1, 0xff, 0xff]).err(), Some(Errno::EBADMSG), "no separator");
    }
}
