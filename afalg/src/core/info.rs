//! Algorithm properties (block, IV, digest, tag, seed and key sizes).
//!
//! Asked once per algorithm name per process: from NETLINK_CRYPTO (`crypto_user`) like
//! libkcapi, and — where netlink is unavailable (module missing, containers) — from
//! `/proc/crypto`. Results are cached in a process-wide map behind a mutex.
//!
//! The cache is a `BTreeMap`, not a `HashMap`: a `HashMap`'s `RandomState` asks the
//! standard library for random keys, which — where `getrandom(2)` is filtered (seccomp answering
//! `ENOSYS` or `EPERM`) — opens `/dev/urandom` and keeps that descriptor open for the rest of
//! the process: a descriptor the caller never asked for.

use crate::error::{Errno, Result};
use crate::prelude::*;
use crate::sys::netlink;
use crate::sys::sync::Mutex;
use alloc::collections::BTreeMap;

/// Properties of one kernel algorithm. Fields that do not apply to its type are 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlgInfo {
    /// Block size in bytes.
    pub blocksize: u32,
    /// IV size in bytes (ciphers, AEAD).
    pub ivsize: u32,
    /// Digest size in bytes (hashes).
    pub digestsize: u32,
    /// Smallest key in bytes (ciphers).
    pub min_keysize: u32,
    /// Largest key in bytes (ciphers).
    pub max_keysize: u32,
    /// Largest authentication tag in bytes (AEAD).
    pub maxauthsize: u32,
    /// Seed size in bytes (RNG).
    pub seedsize: u32,
}

static CACHE: Mutex<BTreeMap<String, AlgInfo>> = Mutex::new(BTreeMap::new());

const REPORT_HASH: u16 = 3;
const REPORT_BLKCIPHER: u16 = 4;
const REPORT_AEAD: u16 = 5;
const REPORT_RNG: u16 = 7;

fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4).map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]])).unwrap_or(0)
}

/// Parse a `CRYPTO_MSG_GETALG` reply.
pub(crate) fn parse_reply(msg: &[u8]) -> Result<AlgInfo> {
    let hdr = netlink::NLMSG_HDRLEN;
    if msg.len() < hdr {
        return Err(Errno(libc::ENODATA));
    }
    let len = (u32_at(msg, 0) as usize).min(msg.len());
    let ty = u16::from_ne_bytes([msg[4], msg[5]]);
    if ty == libc::NLMSG_ERROR as u16 {
        let err = u32_at(msg, hdr) as i32;
        return Err(if err < 0 { Errno(-err) } else { Errno(libc::EAGAIN) });
    }
    if ty != netlink::CRYPTO_MSG_GETALG || len < hdr + netlink::CRU_SIZE {
        return Err(Errno(libc::EPROTO));
    }
    let mut info = AlgInfo::default();
    let mut off = hdr + netlink::CRU_SIZE;
    while off + 4 <= len {
        let rta_len = u16::from_ne_bytes([msg[off], msg[off + 1]]) as usize;
        let rta_type = u16::from_ne_bytes([msg[off + 2], msg[off + 3]]);
        if rta_len < 4 || off + rta_len > len {
            break;
        }
        let d = &msg[off + 4..off + rta_len];
        match rta_type {
            REPORT_HASH => {
                info.blocksize = u32_at(d, 64);
                info.digestsize = u32_at(d, 68);
            }
            REPORT_BLKCIPHER => {
                info.blocksize = u32_at(d, 128);
                info.min_keysize = u32_at(d, 132);
                info.max_keysize = u32_at(d, 136);
                info.ivsize = u32_at(d, 140);
            }
            REPORT_AEAD => {
                info.blocksize = u32_at(d, 128);
                info.maxauthsize = u32_at(d, 132);
                info.ivsize = u32_at(d, 136);
            }
            REPORT_RNG => info.seedsize = u32_at(d, 64),
            _ => {}
        }
        off += (rta_len + 3) & !3;
    }
    Ok(info)
}

fn from_netlink(name: &str) -> Result<AlgInfo> {
    let mut buf = vec![0u8; 4096];
    let first = netlink::getalg(name.as_bytes(), false, &mut buf).and_then(|n| parse_reply(&buf[..n]));
    match first {
        Ok(i) => Ok(i),
        Err(Errno(libc::EPROTONOSUPPORT)) | Err(Errno(libc::EAFNOSUPPORT)) => Err(Errno(libc::EPROTONOSUPPORT)),
        Err(_) => netlink::getalg(name.as_bytes(), true, &mut buf).and_then(|n| parse_reply(&buf[..n])),
    }
}

/// Parse `/proc/crypto` text as NETLINK_CRYPTO would answer: the first entry whose name is
/// `name`, else the first whose driver is (libkcapi asks by name, then by driver name). The
/// kernel lists its algorithms in the order of the list the netlink query walks (the last
/// registered first), so where several implementations share a name (`stdrng`: the DRBGs
/// with seed size 0, `ansi_cprng` with 48) the answer is the same. Larvals (algorithms being
/// set up) are skipped, as netlink does.
pub(crate) fn parse_proc_crypto(text: &str, name: &str) -> Option<AlgInfo> {
    let entries = || text.split("\n\n").filter(|b| field(b, "type") != Some("larval"));
    let found = entries()
        .find(|b| field(b, "name") == Some(name))
        .or_else(|| entries().find(|b| field(b, "driver") == Some(name)))?;
    let num = |k: &str| field(found, k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
    Some(AlgInfo {
        blocksize: num("blocksize"),
        ivsize: num("ivsize"),
        digestsize: num("digestsize"),
        min_keysize: num("min keysize"),
        max_keysize: num("max keysize"),
        maxauthsize: num("maxauthsize"),
        seedsize: num("seedsize"),
    })
}

/// Field `key` of a `/proc/crypto` entry (its "key : value" lines).
fn field<'a>(block: &'a str, key: &str) -> Option<&'a str> {
    block.lines().filter_map(|l| l.split_once(':')).find(|(k, _)| k.trim() == key).map(|(_, v)| v.trim())
}

/// Properties of algorithm `name` (a name or driver name), cached per process.
pub fn lookup(name: &str) -> Result<AlgInfo> {
    if let Some(i) = CACHE.lock().get(name) {
        return Ok(*i);
    }
    let info = match from_netlink(name) {
        Ok(i) => i,
        Err(e) => {
            let text = crate::sys::read_file(c"/proc/crypto").map_err(|_| e)?;
            // /proc/crypto is ASCII; anything after a stray non-UTF-8 byte is ignored.
            let text = match ::core::str::from_utf8(&text) {
                Ok(t) => t,
                Err(u) => ::core::str::from_utf8(&text[..u.valid_up_to()]).unwrap_or_default(),
            };
            parse_proc_crypto(text, name).ok_or(e)?
        }
    };
    CACHE.lock().insert(name.to_string(), info);
    Ok(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_crypto_picks_what_netlink_picks() {
        // stdrng: the first entry of that name (netlink walks the same list), not the
        // highest priority; a driver name matches when no name does; larvals are skipped.
        let text = "name         : stdrng\ndriver       : ansi_cprng\npriority     : 100\ntype         : larval\n\n\
                    name         : stdrng\ndriver       : ansi_cprng\npriority     : 100\ntype         : rng\nseedsize     : 48\n\n\
                    name         : stdrng\ndriver       : drbg_nopr_hmac_sha256\npriority     : 221\ntype         : rng\nseedsize     : 0\n";
        assert_eq!(parse_proc_crypto(text, "stdrng").unwrap().seedsize, 48);
        assert_eq!(parse_proc_crypto(text, "drbg_nopr_hmac_sha256").unwrap().seedsize, 0);
    }

    #[test]
    fn proc_crypto_names_and_drivers() {
        let text = "name         : sha256\ndriver       : sha256-generic\npriority     : 100\ntype         : shash\nblocksize    : 64\ndigestsize   : 32\n\n\
                    name         : sha256\ndriver       : sha256-avx2\npriority     : 170\ntype         : shash\nblocksize    : 64\ndigestsize   : 32\n\n\
                    name         : cbc(aes)\ndriver       : cbc(aes-generic)\npriority     : 100\ntype         : skcipher\nblocksize    : 16\nmin keysize  : 16\nmax keysize  : 32\nivsize       : 16\n";
        let i = parse_proc_crypto(text, "sha256").unwrap();
        assert_eq!((i.digestsize, i.blocksize), (32, 64));
        let c = parse_proc_crypto(text, "cbc(aes-generic)").unwrap();
        assert_eq!((c.blocksize, c.ivsize, c.min_keysize, c.max_keysize), (16, 16, 16, 32));
        assert!(parse_proc_crypto(text, "md4").is_none());
    }

    #[test]
    fn netlink_reply_parsing() {
        // nlmsghdr + crypto_user_alg + one REPORT_HASH attribute.
        let mut m = vec![0u8; 16 + 208];
        let mut attr = vec![0u8; 4 + 72];
        attr[0..2].copy_from_slice(&76u16.to_ne_bytes());
        attr[2..4].copy_from_slice(&REPORT_HASH.to_ne_bytes());
        attr[4 + 64..4 + 68].copy_from_slice(&64u32.to_ne_bytes());
        attr[4 + 68..4 + 72].copy_from_slice(&32u32.to_ne_bytes());
        m.extend_from_slice(&attr);
        let len = m.len() as u32;
        m[0..4].copy_from_slice(&len.to_ne_bytes());
        m[4..6].copy_from_slice(&0x13u16.to_ne_bytes());
        let i = parse_reply(&m).unwrap();
        assert_eq!((i.blocksize, i.digestsize), (64, 32));

        let mut e = vec![0u8; 36];
        e[0..4].copy_from_slice(&36u32.to_ne_bytes());
        e[4..6].copy_from_slice(&2u16.to_ne_bytes());
        e[16..20].copy_from_slice(&(-2i32).to_ne_bytes());
        assert_eq!(parse_reply(&e), Err(Errno::ENOENT));
        assert!(parse_reply(&[0u8; 4]).is_err());
    }
}
