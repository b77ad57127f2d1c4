//! The little ASN.1 the keyring route needs: reading the key structures callers pass
//! (PKCS#1 RSA keys, PKCS#3 DH parameters) and writing the framings the kernel's key parsers
//! take (PKCS#8 for a private key, a minimal X.509 certificate for a public key).
//!
//! Only definite lengths are read (BER's indefinite form is refused with `EBADMSG`, as is any
//! structure that does not parse); non-minimal length octets are accepted. Nothing here does
//! arithmetic on key material: the kernel does the cryptography. Buffers that hold private key
//! material are wiped when dropped.

use crate::core::Secret;
use crate::error::{Errno, Result};
use crate::prelude::*;

/// `INTEGER`.
pub const TAG_INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub const TAG_BIT_STRING: u8 = 0x03;
/// `OCTET STRING`.
pub const TAG_OCTET_STRING: u8 = 0x04;
/// `NULL`.
pub const TAG_NULL: u8 = 0x05;
/// `OBJECT IDENTIFIER`.
pub const TAG_OID: u8 = 0x06;
/// `UTF8String`.
pub const TAG_UTF8_STRING: u8 = 0x0c;
/// `UTCTime`.
pub const TAG_UTC_TIME: u8 = 0x17;
/// `GeneralizedTime`.
pub const TAG_GENERALIZED_TIME: u8 = 0x18;
/// `SEQUENCE` (constructed).
pub const TAG_SEQUENCE: u8 = 0x30;
/// `SET` (constructed).
pub const TAG_SET: u8 = 0x31;
/// `[0]` constructed, context-specific (an `EXPLICIT [0]`).
pub const TAG_CONTEXT_0: u8 = 0xa0;

/// The encoded contents (without tag and length) of OID 1.2.840.113549.1.1.1, rsaEncryption.
pub const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// OID 1.2.840.113549.1.1.11, sha256WithRSAEncryption (the dummy signature's algorithm).
pub const OID_SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
/// OID 2.5.4.3, commonName.
pub const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];

/// A reader over a run of TLVs (the contents of a constructed value, or a whole input).
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Read the TLVs in `buf`.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { rest: buf }
    }

    /// Whether every TLV has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next TLV: its tag, its contents, and the whole encoding (tag and length included).
    /// Multi-byte tags, indefinite lengths and lengths past the end are `EBADMSG`.
    pub fn next_tlv(&mut self) -> Result<(u8, &'a [u8], &'a [u8])> {
        let buf = self.rest;
        let (&tag, after_tag) = buf.split_first().ok_or(Errno::EBADMSG)?;
        if tag & 0x1f == 0x1f {
            return Err(Errno::EBADMSG);
        }
        let (&first, mut after_len) = after_tag.split_first().ok_or(Errno::EBADMSG)?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            // 0x80 is the indefinite form; more than 4 length octets cannot describe a key.
            if n == 0 || n > 4 || after_len.len() < n {
                return Err(Errno::EBADMSG);
            }
            let (octets, tail) = after_len.split_at(n);
            after_len = tail;
            octets.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        };
        if len > after_len.len() {
            return Err(Errno::EBADMSG);
        }
        let header = buf.len() - after_len.len();
        let (contents, rest) = after_len.split_at(len);
        self.rest = rest;
        Ok((tag, contents, &buf[..header + len]))
    }

    /// The contents of the next TLV, which must have tag `tag`.
    pub fn expect(&mut self, tag: u8) -> Result<&'a [u8]> {
        match self.next_tlv()? {
            (t, contents, _) if t == tag => Ok(contents),
            _ => Err(Errno::EBADMSG),
        }
    }

    /// A reader over the contents of the next TLV, which must have tag `tag`.
    pub fn enter(&mut self, tag: u8) -> Result<Reader<'a>> {
        self.expect(tag).map(Reader::new)
    }

    /// The next value, an `INTEGER`, as its big-endian magnitude without leading zero octets
    /// (empty for zero). The contents are read as an unsigned number whatever their first bit
    /// says, as the kernel's RSA key parser reads them: keys written with a modulus whose top
    /// bit is set and no leading zero octet (libkcapi's own test vectors have such keys) work
    /// as they would with libkcapi. An empty encoding is `EBADMSG`.
    pub fn unsigned(&mut self) -> Result<&'a [u8]> {
        let contents = self.expect(TAG_INTEGER)?;
        if contents.is_empty() {
            return Err(Errno::EBADMSG);
        }
        Ok(strip_zeros(contents))
    }
}

/// `bytes` without its leading zero octets.
pub fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    &bytes[skip..]
}

/// The one TLV that `buf` must consist of (nothing after it): its tag, contents and encoding.
pub fn single(buf: &[u8]) -> Result<(u8, &[u8], &[u8])> {
    let mut r = Reader::new(buf);
    let tlv = r.next_tlv()?;
    if !r.is_empty() {
        return Err(Errno::EBADMSG);
    }
    Ok(tlv)
}

/// Number of octets the DER encoding of a length takes.
fn length_octets(len: usize) -> usize {
    if len < 0x80 {
        1
    } else {
        1 + (usize::BITS as usize / 8 - len.leading_zeros() as usize / 8)
    }
}

/// Size of the DER encoding of a value with `len` content octets.
pub fn encoded_len(len: usize) -> usize {
    1 + length_octets(len) + len
}

/// Append the tag and DER length of a value with `len` content octets.
pub fn put_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let n = length_octets(len) - 1;
        out.push(0x80 | n as u8);
        out.extend((0..n).rev().map(|i| (len >> (8 * i)) as u8));
    }
}

/// Append a whole TLV whose contents are the concatenation of `parts`.
pub fn put(out: &mut Vec<u8>, tag: u8, parts: &[&[u8]]) {
    put_header(out, tag, parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// A TLV as a new vector.
pub fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(encoded_len(parts.iter().map(|p| p.len()).sum()));
    put(&mut out, tag, parts);
    out
}

/// `SEQUENCE { OID oid, NULL }`: an AlgorithmIdentifier without parameters.
pub fn algorithm_identifier(oid: &[u8]) -> Vec<u8> {
    tlv(TAG_SEQUENCE, &[&tlv(TAG_OID, &[oid]), &[TAG_NULL, 0]])
}

/// What the library needs of a PKCS#1 RSA key (public or private), as magnitudes.
pub struct RsaKey<'a> {
    /// The modulus n.
    pub n: &'a [u8],
    /// The public exponent e.
    pub e: &'a [u8],
    /// The whole encoding of the key (its outer TLV only; trailing bytes excluded).
    pub encoding: &'a [u8],
}

/// Parse a BER PKCS#1 `RSAPrivateKey` (`SEQUENCE { version, n, e, d, p, q, dp, dq, qinv, ... }`).
/// Trailing bytes after the structure are ignored (callers often pass a larger buffer); a zero
/// modulus or exponent is `EINVAL`, a structure that does not parse `EBADMSG`.
pub fn rsa_private_key(buf: &[u8]) -> Result<RsaKey<'_>> {
    rsa_key(buf, true)
}

/// Parse a BER PKCS#1 `RSAPublicKey` (`SEQUENCE { n, e }`); rules as [`rsa_private_key`].
pub fn rsa_public_key(buf: &[u8]) -> Result<RsaKey<'_>> {
    rsa_key(buf, false)
}

fn rsa_key(buf: &[u8], private: bool) -> Result<RsaKey<'_>> {
    let (tag, contents, encoding) = Reader::new(buf).next_tlv()?;
    if tag != TAG_SEQUENCE {
        return Err(Errno::EBADMSG);
    }
    let mut r = Reader::new(contents);
    if private {
        r.unsigned()?; // version: two-prime (0) or multi-prime (1)
    }
    let n = r.unsigned()?;
    let e = r.unsigned()?;
    if private {
        for _ in 0..6 {
            r.unsigned()?; // d, p, q, dp, dq, qinv; a multi-prime key's otherPrimeInfos may follow
        }
    } else if !r.is_empty() {
        return Err(Errno::EBADMSG);
    }
    if n.is_empty() || e.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(RsaKey { n, e, encoding })
}

/// A PKCS#1 `RSAPrivateKey` encoding framed as an unencrypted PKCS#8 `PrivateKeyInfo`
/// (`SEQUENCE { 0, rsaEncryption, OCTET STRING key }`), the form the kernel's `asymmetric` key
/// type parses (with the `pkcs8_key_parser` module). The result is wiped when dropped.
pub fn pkcs8_from_rsa_private_key(pkcs1: &[u8]) -> Secret {
    let alg = algorithm_identifier(OID_RSA_ENCRYPTION);
    let version: &[u8] = &[TAG_INTEGER, 1, 0];
    let body = version.len() + alg.len() + encoded_len(pkcs1.len());
    // Allocated once at its final size: no reallocation leaves a copy of the key behind.
    let mut out = Vec::with_capacity(encoded_len(body));
    put_header(&mut out, TAG_SEQUENCE, body);
    out.extend_from_slice(version);
    out.extend_from_slice(&alg);
    put(&mut out, TAG_OCTET_STRING, &[pkcs1]);
    debug_assert_eq!(out.len(), encoded_len(body));
    Secret::from(out)
}

/// A `Name` of one `commonName` attribute.
fn name(cn: &str) -> Vec<u8> {
    let atv = tlv(TAG_SEQUENCE, &[&tlv(TAG_OID, &[OID_COMMON_NAME]), &tlv(TAG_UTF8_STRING, &[cn.as_bytes()])]);
    tlv(TAG_SEQUENCE, &[&tlv(TAG_SET, &[&atv])])
}

/// A minimal X.509 v3 certificate carrying the PKCS#1 `RSAPublicKey` encoding `pkcs1`, the
/// form in which the kernel's `asymmetric` key type accepts a bare public key. Issuer and
/// subject differ, so the kernel does not try to check the (dummy) self-signature; the
/// validity runs from 1970 to 9999. Only the key in it has a meaning.
pub fn certificate_from_rsa_public_key(pkcs1: &[u8]) -> Vec<u8> {
    let sig_alg = algorithm_identifier(OID_SHA256_WITH_RSA);
    let spki = tlv(TAG_SEQUENCE, &[&algorithm_identifier(OID_RSA_ENCRYPTION), &tlv(TAG_BIT_STRING, &[&[0], pkcs1])]);
    let validity = tlv(
        TAG_SEQUENCE,
        &[&tlv(TAG_UTC_TIME, &[b"700101000000Z"]), &tlv(TAG_GENERALIZED_TIME, &[b"99991231235959Z"])],
    );
    let tbs = tlv(
        TAG_SEQUENCE,
        &[
            &tlv(TAG_CONTEXT_0, &[&[TAG_INTEGER, 1, 2]]), // version v3
            &[TAG_INTEGER, 1, 1],                         // serial number
            &sig_alg,
            &name("kcapi-rs key loader"),
            &validity,
            &name("kcapi-rs public key"),
            &spki,
        ],
    );
    tlv(TAG_SEQUENCE, &[&tbs, &sig_alg, &tlv(TAG_BIT_STRING, &[&[0, 0]])])
}

/// PKCS#3 `DHParameter`: the prime and generator as magnitudes.
pub struct DhParameter<'a> {
    /// The prime p.
    pub p: &'a [u8],
    /// The generator g.
    pub g: &'a [u8],
}

/// Parse a BER PKCS#3 `DHParameter` (`SEQUENCE { p, g, privateValueLength OPTIONAL }`).
/// Trailing bytes after it are ignored; p or g zero is `EINVAL`.
pub fn dh_parameter(buf: &[u8]) -> Result<DhParameter<'_>> {
    let mut outer = Reader::new(buf);
    let mut r = outer.enter(TAG_SEQUENCE)?;
    let p = r.unsigned()?;
    let g = r.unsigned()?;
    if !r.is_empty() {
        r.unsigned()?;
    }
    if !r.is_empty() {
        return Err(Errno::EBADMSG);
    }
    if p.is_empty() || g.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(DhParameter { p, g })
}

/// Compare two big-endian magnitudes (leading zeros ignored).
pub fn cmp_magnitude(a: &[u8], b: &[u8]) -> ::core::cmp::Ordering {
    let (a, b) = (strip_zeros(a), strip_zeros(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Whether a peer's public DH value `y` is usable with the odd prime `p`: 1 < y < p − 1.
/// (0, 1 and p − 1 confine the shared secret to a subgroup of order at most 2; y ≥ p is no
/// element of the group. The kernel checks none of this for a keyring computation.)
pub fn dh_peer_value_ok(y: &[u8], p: &[u8]) -> bool {
    let p = strip_zeros(p);
    let Some((&last, _)) = p.split_last() else { return false };
    if last & 1 == 0 {
        return false;
    }
    let mut p_minus_1 = p.to_vec();
    if let Some(l) = p_minus_1.last_mut() {
        *l = last - 1;
    }
    cmp_magnitude(y, &[1]).is_gt() && cmp_magnitude(y, &p_minus_1).is_lt()
}

#[cfg(test)]
mod tests {
    use super::*;

    // A test key and its framings made with openssl (afalg/testdata/README.md).
    const KEY_PKCS1: &[u8] = include_bytes!("../../testdata/rsa1024-pkcs1.der");
    const KEY_PKCS8: &[u8] = include_bytes!("../../testdata/rsa1024-pkcs8.der");
    const PUB_PKCS1: &[u8] = include_bytes!("../../testdata/rsa1024-pub-pkcs1.der");

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn lengths() {
        for (len, enc) in [
            (0usize, vec![0x30, 0x00]),
            (0x7f, vec![0x30, 0x7f]),
            (0x80, vec![0x30, 0x81, 0x80]),
            (0xff, vec![0x30, 0x81, 0xff]),
            (0x100, vec![0x30, 0x82, 0x01, 0x00]),
            (0x1_0000, vec![0x30, 0x83, 0x01, 0x00, 0x00]),
        ] {
            let mut out = Vec::new();
            put_header(&mut out, TAG_SEQUENCE, len);
            assert_eq!(out, enc, "length {len}");
            assert_eq!(encoded_len(len), enc.len() + len);
            let mut whole = enc.clone();
            whole.resize(enc.len() + len, 7);
            let (tag, contents, all) = single(&whole).unwrap();
            assert_eq!((tag, contents.len(), all.len()), (TAG_SEQUENCE, len, whole.len()));
        }
    }

    #[test]
    fn bad_encodings() {
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x80, 0, 0],          // indefinite
            &[0x30, 0x02, 0],             // past the end
            &[0x30, 0x85, 1, 0, 0, 0, 0], // 5 length octets
            &[0x1f, 0x01, 0],             // multi-byte tag
            &[0x30, 0x81],                // length octet missing
        ] {
            assert_eq!(single(bad).err(), Some(Errno::EBADMSG), "{bad:02x?}");
        }
        assert_eq!(single(&[0x30, 0, 0]).err(), Some(Errno::EBADMSG), "trailing byte");
        // Non-minimal length octets are BER, and accepted.
        assert_eq!(single(&[0x04, 0x81, 0x01, 9]).unwrap().1, &[9]);
        // A first octet with the top bit set (negative in strict DER) is a magnitude, as in
        // the kernel's RSA key parser.
        let mut r = Reader::new(&[0x02, 0x02, 0x80, 1]);
        assert_eq!(r.unsigned().unwrap(), &[0x80, 1], "top bit set");
        let mut r = Reader::new(&[0x02, 0x00]);
        assert_eq!(r.unsigned().err(), Some(Errno::EBADMSG), "empty integer");
        let mut r = Reader::new(&[0x02, 0x03, 0, 0, 5]);
        assert_eq!(r.unsigned().unwrap(), &[5]);
    }

    #[test]
    fn dh_peer_values() {
        let p = [0x00, 0x01, 0x07]; // 263
        assert!(!dh_peer_value_ok(&[], &p));
        assert!(!dh_peer_value_ok(&[0], &p));
        assert!(!dh_peer_value_ok(&[1], &p));
        assert!(dh_peer_value_ok(&[2], &p));
        assert!(dh_peer_value_ok(&[0, 0, 1, 5], &p));
        assert!(!dh_peer_value_ok(&[1, 6], &p)); // p - 1
        assert!(!dh_peer_value_ok(&[1, 7], &p)); // p
        assert!(!dh_peer_value_ok(&[1, 0, 0], &p));
        assert!(!dh_peer_value_ok(&[5], &[8]), "even p");
        assert!(!dh_peer_value_ok(&[5], &[]));
    }

    #[test]
    fn dh_parameters() {
        // SEQUENCE { INTEGER 23, INTEGER 5 } and with privateValueLength 160.
        let buf = hex("3006 020117 020105");
        let d = dh_parameter(&buf).unwrap();
        assert_eq!((d.p, d.g), (&[23u8][..], &[5u8][..]));
        assert!(dh_parameter(&hex("300a 020117 020105 020200a0")).is_ok());
        assert_eq!(dh_parameter(&hex("300d 020117 020105 020200a0 020101")).err(), Some(Errno::EBADMSG));
        assert_eq!(dh_parameter(&hex("3006 020100 020105")).err(), Some(Errno::EINVAL));
        assert_eq!(dh_parameter(&hex("3003 020117")).err(), Some(Errno::EBADMSG));
    }

    #[test]
    fn pkcs8_framing_equals_openssl() {
        let key = rsa_private_key(KEY_PKCS1).unwrap();
        assert_eq!(key.n.len(), 128);
        assert_eq!(key.e, &[1, 0, 1]);
        assert_eq!(key.encoding, KEY_PKCS1);
        assert_eq!(&*pkcs8_from_rsa_private_key(key.encoding), KEY_PKCS8);
        // Trailing bytes after the key are not part of it.
        let mut padded = KEY_PKCS1.to_vec();
        padded.extend_from_slice(&[0; 16]);
        assert_eq!(rsa_private_key(&padded).unwrap().encoding, KEY_PKCS1);
        // Truncated anywhere: EBADMSG.
        for cut in [1, 4, 100, KEY_PKCS1.len() - 1] {
            assert_eq!(rsa_private_key(&KEY_PKCS1[..cut]).err(), Some(Errno::EBADMSG), "cut {cut}");
        }
        // A public key is not a private key.
        assert_eq!(rsa_private_key(PUB_PKCS1).err(), Some(Errno::EBADMSG));
    }

    #[test]
    fn public_key_and_certificate() {
        let key = rsa_public_key(PUB_PKCS1).unwrap();
        let private = rsa_private_key(KEY_PKCS1).unwrap();
        assert_eq!((key.n, key.e), (private.n, private.e));
        assert_eq!(rsa_public_key(KEY_PKCS1).err(), Some(Errno::EBADMSG));
        let cert = certificate_from_rsa_public_key(key.encoding);
        // Walk the certificate: tbs, algorithm, signature; the key sits in tbs's 7th field.
        let (tag, contents, _) = single(&cert).unwrap();
        assert_eq!(tag, TAG_SEQUENCE);
        let mut c = Reader::new(contents);
        let mut tbs = c.enter(TAG_SEQUENCE).unwrap();
        assert_eq!(c.next_tlv().unwrap().2, &algorithm_identifier(OID_SHA256_WITH_RSA)[..]);
        assert_eq!(c.expect(TAG_BIT_STRING).unwrap(), &[0, 0]);
        assert!(c.is_empty());
        let fields: Vec<_> = ::core::iter::from_fn(|| (!tbs.is_empty()).then(|| tbs.next_tlv().unwrap())).collect();
        assert_eq!(fields.len(), 7);
        assert_ne!(fields[3].2, fields[5].2, "issuer and subject differ");
        let mut spki = Reader::new(fields[6].1);
        assert_eq!(spki.next_tlv().unwrap().2, &algorithm_identifier(OID_RSA_ENCRYPTION)[..]);
        let bits = spki.expect(TAG_BIT_STRING).unwrap();
        assert_eq!((bits[0], &bits[1..]), (0, PUB_PKCS1));
    }
}
