//! Code shared by the command-line tools (not part of the library's API): option parsing,
//! the tools' logger, hex conversion, C-compatible number parsing, reading key material from
//! file descriptors, coreutils-style file name quoting, and streaming a file into a digest.
#![allow(dead_code)]

pub mod getopt;
pub mod quote;

use afalg::{Errno, Hash};
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::OnceLock;

/// Bytes read per step when streaming input into the kernel: memory stays bounded whatever
/// the input size.
pub const CHUNK: usize = 256 * 1024;

/// The library version the tools report (`Library: ...`, `--version`): the libkcapi release
/// whose interface kcapi-rs implements, which is this crate's version.
pub const VERSION_STRING: &str = concat!("libkcapi ", env!("CARGO_PKG_VERSION"));

/// [`VERSION_STRING`] as a number: `major·1000000 + minor·10000 + patch·100`.
pub const VERSION_NUMBER: u32 = number(env!("CARGO_PKG_VERSION_MAJOR")) * 1_000_000
    + number(env!("CARGO_PKG_VERSION_MINOR")) * 10_000
    + number(env!("CARGO_PKG_VERSION_PATCH")) * 100;

/// A decimal number at compile time.
const fn number(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut v = 0;
    let mut i = 0;
    while i < b.len() {
        v = v * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    v
}

/// Log severities (libkcapi's `enum kcapi_verbosity`).
pub const LOG_NONE: i32 = 0;
/// Errors.
pub const LOG_ERR: i32 = 1;
/// Warnings.
pub const LOG_WARN: i32 = 2;
/// Progress messages.
pub const LOG_VERBOSE: i32 = 3;
/// Debugging.
pub const LOG_DEBUG: i32 = 4;

static LEVEL: AtomicI32 = AtomicI32::new(LOG_NONE);
static ERR_SHOWN: AtomicBool = AtomicBool::new(false);
static APPNAME: OnceLock<String> = OnceLock::new();

/// Set the tool's name (at most 15 characters are shown) and the log level of the tool and
/// of the library alike.
pub fn set_verbosity(name: &str, level: i32) {
    let short: String = name.chars().take(15).collect();
    let _ = APPNAME.set(short);
    LEVEL.store(level, Ordering::Relaxed);
    afalg::set_log_level(match level {
        i32::MIN..=LOG_NONE => afalg::LogLevel::Off,
        LOG_ERR => afalg::LogLevel::Error,
        LOG_WARN => afalg::LogLevel::Warning,
        LOG_VERBOSE => afalg::LogLevel::Verbose,
        _ => afalg::LogLevel::Debug,
    });
}

/// Whether messages of `sev` are shown.
pub fn log_enabled(sev: i32) -> bool {
    sev <= LEVEL.load(Ordering::Relaxed)
}

/// Print `<appname> - <Severity>: <message>` on stderr if `sev` is enabled.
pub fn log(sev: i32, msg: &str) {
    if !log_enabled(sev) {
        return;
    }
    let s = match sev {
        LOG_ERR => "Error",
        LOG_WARN => "Warning",
        LOG_VERBOSE => "Verbose",
        LOG_DEBUG => "Debug",
        _ => "Unknown",
    };
    if sev == LOG_ERR {
        ERR_SHOWN.store(true, Ordering::Relaxed);
    }
    let name = APPNAME.get().map(String::as_str).unwrap_or("kcapi");
    let _ = writeln!(io::stderr(), "{name} - {s}: {msg}");
}

/// Whether an error message has been shown (so that a summary line would only repeat it).
pub fn error_shown() -> bool {
    ERR_SHOWN.load(Ordering::Relaxed)
}

/// Lowercase hex of `bin`.
pub fn hex(bin: &[u8]) -> String {
    let mut v = Vec::with_capacity(bin.len() * 2);
    hex_into(bin, &mut v);
    // Only ASCII hex digits were written.
    String::from_utf8(v).unwrap_or_default()
}

/// Append the lowercase hex of `bin` to `out`.
pub fn hex_into(bin: &[u8], out: &mut Vec<u8>) {
    const D: &[u8; 16] = b"0123456789abcdef";
    for b in bin {
        out.push(D[usize::from(b >> 4)]);
        out.push(D[usize::from(b & 15)]);
    }
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Strict hex decoding (either case); `None` for an odd length or a non-hex character.
pub fn unhex(s: &[u8]) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    s.chunks(2).map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?)).collect()
}

/// libkcapi tools' lenient hex decoding (used for `--salt`): an odd length makes the first
/// digit a byte of its own, characters that are no hex digits count as 0.
pub fn unhex_lenient(s: &[u8]) -> Vec<u8> {
    let n = |c: u8| nibble(c).unwrap_or(0);
    let mut out = Vec::with_capacity(s.len().div_ceil(2));
    let rest = if s.len() % 2 == 1 {
        out.push(n(s[0]));
        &s[1..]
    } else {
        s
    };
    out.extend(rest.chunks(2).map(|p| n(p[0]) << 4 | n(p[1])));
    out
}

/// C `strtoul(s, NULL, 10)` on a 64-bit system: leading blanks, an optional sign (a minus
/// negates modulo 2^64), as many digits as there are, 0 if there are none, `ULONG_MAX` on
/// overflow.
pub fn strtoul(s: &[u8]) -> u64 {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let mut neg = false;
    if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        neg = s[i] == b'-';
        i += 1;
    }
    let mut v: u64 = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        match v.checked_mul(10).and_then(|x| x.checked_add(u64::from(s[i] - b'0'))) {
            Some(x) => v = x,
            None => return u64::MAX,
        }
        i += 1;
    }
    if neg {
        v.wrapping_neg()
    } else {
        v
    }
}

/// One `read()` of up to `buf.len()` bytes from the inherited file descriptor `fd` (how the
/// libkcapi tools read `--keyfd` / `--passwdfd`). The descriptor is borrowed, never closed.
pub fn read_fd_once(fd: i32, buf: &mut [u8]) -> io::Result<usize> {
    // Only descriptors that are open may be borrowed: ask the kernel through /proc first.
    if fd < 0 || std::fs::symlink_metadata(format!("/proc/self/fd/{fd}")).is_err() {
        return Err(io::Error::from_raw_os_error(Errno::EBADF.raw()));
    }
    // SAFETY: the descriptor is open (checked just above) and stays open while borrowed:
    // nothing in this process closes descriptors it does not own, and the borrow ends before
    // this function returns.
    let bfd = unsafe { BorrowedFd::borrow_raw(fd) };
    debug_assert_eq!(bfd.as_raw_fd(), fd);
    // A duplicate (close-on-exec) gives a File without taking ownership of the original.
    let mut f = std::fs::File::from(bfd.try_clone_to_owned()?);
    loop {
        match f.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// The process exit status libkcapi's tools use for an error: the low byte of -errno.
pub fn errno_status(e: Errno) -> i32 {
    (-e.0) & 0xff
}

/// Map an I/O error to an errno (EIO when it carries none).
pub fn io_errno(e: &io::Error) -> Errno {
    Errno(e.raw_os_error().unwrap_or(Errno::EIO.raw()))
}

/// `strerror` text of an I/O error, without Rust's " (os error N)" suffix.
pub fn strerror(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error ") {
        Some(p) => s[..p].to_string(),
        None => s,
    }
}

/// Why streaming data into a digest failed.
#[derive(Debug)]
pub enum FeedError {
    /// Reading the input failed.
    Read(io::Error),
    /// The kernel refused the data.
    Kernel(Errno),
}

/// Stream everything `r` yields into `h` in bounded pieces (`buf` is reused and wiped).
pub fn feed(h: &mut Hash, r: &mut dyn Read, buf: &mut [u8]) -> Result<u64, FeedError> {
    let mut total = 0u64;
    let res = loop {
        match r.read(buf) {
            Ok(0) => break Ok(total),
            Ok(n) => {
                if let Err(e) = h.update(&buf[..n]) {
                    break Err(FeedError::Kernel(e));
                }
                total += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Err(FeedError::Read(e)),
        }
    };
    afalg::wipe(buf);
    res
}

/// A buffer for secrets (keys, passwords) that is wiped when dropped.
pub struct Secret<const N: usize>(pub [u8; N]);

impl<const N: usize> Drop for Secret<N> {
    fn drop(&mut self) {
        afalg::wipe(&mut self.0);
    }
}

/// Overwrite a buffer that held secret or sensitive data with zeros (not optimised away).
pub fn wipe(buf: &mut [u8]) {
    afalg::wipe(buf);
}

/// A numeric option argument as libkcapi's tools read it: C `strtoul` without error checks;
/// only the exact value UINT_MAX is refused (`what` is logged as an error, then `usage`).
pub fn number_arg(arg: &[u8], what: &str, usage: fn() -> !) -> u64 {
    let v = strtoul(arg);
    if v == u64::from(u32::MAX) {
        log(LOG_ERR, what);
        usage();
    }
    v
}

/// The end of the option checks of the tools that take passwords: warn about a password on
/// the command line, default the PBKDF2 keyed hash to `hmac(sha256)`.
pub fn password_opts(passwd_given: bool, pbkdf_mac: &mut String) {
    if passwd_given {
        log(
            LOG_WARN,
            "Password on command line is visible in process listing and /proc! Use --passwdfd command line option!",
        );
    }
    if pbkdf_mac.is_empty() {
        *pbkdf_mac = "hmac(sha256)".into();
    }
    log(LOG_DEBUG, &format!("Using PBKDF2 mac of {pbkdf_mac}"));
}

/// libkcapi tools' hex option arguments (`--iv`, `--aad`, `--tag`, `-s`): lenient decoding,
/// an empty string is `EINVAL`.
pub fn hex_arg(s: &[u8]) -> Result<Vec<u8>, Errno> {
    if s.is_empty() {
        return Err(Errno::EINVAL);
    }
    Ok(unhex_lenient(s))
}

/// Derive `key` (its whole length) from the password `pw` with PBKDF2 over the keyed hash
/// `mac`, as libkcapi's tools do: the salt is the hex `salt` argument or, without one, 32
/// bytes from the kernel's `stdrng` (`getrandom(2)` on kernels without one), logged as a
/// warning; an iteration count of 0 is
/// replaced by a measured one (logged as a warning, and stored in `iter`).
pub fn pbkdf2_key(mac: &str, salt: Option<&[u8]>, iter: &mut u32, pw: &[u8], key: &mut [u8]) -> Result<(), Errno> {
    if *iter == 0 {
        *iter = afalg::kdf::pbkdf2_iteration_count(mac, 0);
        log(LOG_WARN, &format!("PBKDF2 iterations used: {iter}"));
    }
    let salt = match salt {
        Some(s) => hex_arg(s)?,
        None => {
            let mut s = vec![0u8; 32];
            afalg::random_bytes(&mut s)?;
            log(LOG_WARN, &format!("PBKDF2 salt used: {}", hex(&s)));
            s
        }
    };
    afalg::kdf::pbkdf2(mac, pw, &salt, *iter, key)?;
    log(
        LOG_VERBOSE,
        &format!("Data Encryption Key derived from Password using PBKDF2 using {mac} with {iter} iterations"),
    );
    Ok(())
}

/// Whether `f` is a regular file (what the libkcapi tools require of `-i` / `-o` files).
pub fn is_regular(f: &std::fs::File) -> bool {
    f.metadata().map(|m| m.file_type().is_file()).unwrap_or(false)
}

/// Read until `buf` is full or the input ends; returns the bytes read.
pub fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The command line as bytes, `argv[0]` first.
pub fn args_bytes() -> Vec<Vec<u8>> {
    use std::os::unix::ffi::OsStringExt;
    std::env::args_os().map(OsStringExt::into_vec).collect()
}

/// The last path component of `p` (like basename(3) for paths without a trailing slash).
pub fn basename(p: &[u8]) -> &[u8] {
    match p.iter().rposition(|&c| c == b'/') {
        Some(i) if i + 1 < p.len() => &p[i + 1..],
        Some(_) => p,
        None => p,
    }
}

/// Convert bytes from the command line into a path.
pub fn path(b: &[u8]) -> &std::path::Path {
    use std::os::unix::ffi::OsStrExt;
    std::path::Path::new(std::ffi::OsStr::from_bytes(b))
}

/// The kernel's AF_ALG restriction level (`/proc/sys/crypto/af_alg_restrict`, Linux 7.3+):
/// 0 unrestricted, 1 an algorithm allowlist, 2 AF_ALG disabled; `None` on kernels without it.
pub fn af_alg_restrict() -> Option<u8> {
    std::fs::read_to_string("/proc/sys/crypto/af_alg_restrict").ok()?.trim().parse().ok()
}

/// Whether the process holds CAP_NET_ADMIN or CAP_SYS_ADMIN (its effective set, from
/// `/proc/self/status`): what admits the longer of the kernel's two AF_ALG allowlists.
pub fn has_admin_cap() -> bool {
    const CAP_NET_ADMIN: u32 = 12;
    const CAP_SYS_ADMIN: u32 = 21;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        .unwrap_or(0);
    eff & (1 << CAP_NET_ADMIN | 1 << CAP_SYS_ADMIN) != 0
}

/// What to change when the kernel refused the algorithm `name` with `e` (socket or bind of a
/// transformation), given the restriction level and whether the process is privileged; `None`
/// when the refusal has no such cause (an unknown name on an unrestricted kernel).
pub fn refusal_hint(name: &str, e: Errno, restrict: Option<u8>, privileged: bool) -> Option<String> {
    match (e, restrict) {
        (Errno::EAFNOSUPPORT, Some(2)) => Some(
            "the kernel has AF_ALG disabled (sysctl crypto.af_alg_restrict = 2): \
             `sysctl crypto.af_alg_restrict=1` (or 0) enables it"
                .into(),
        ),
        (Errno::EAFNOSUPPORT, _) => {
            Some("the kernel has no AF_ALG sockets (CONFIG_CRYPTO_USER_API_HASH/SKCIPHER/AEAD/RNG)".into())
        }
        (Errno::ENOENT, Some(1)) if privileged => Some(format!(
            "{name} is unknown to the kernel or not on its AF_ALG allowlist \
             (sysctl crypto.af_alg_restrict = 1): `sysctl crypto.af_alg_restrict=0` lifts the allowlist"
        )),
        (Errno::ENOENT, Some(1)) => Some(format!(
            "{name} is unknown to the kernel or not on its AF_ALG allowlist for unprivileged processes \
             (sysctl crypto.af_alg_restrict = 1): a process with CAP_NET_ADMIN or CAP_SYS_ADMIN \
             (in the initial user namespace) gets a longer allowlist, \
             `sysctl crypto.af_alg_restrict=0` lifts it"
        )),
        _ => None,
    }
}

/// Explain on stderr (as an error message, so `-q` silences it) why the kernel refused the
/// algorithm `name`, when the AF_ALG restriction or a missing AF_ALG explains it.
pub fn report_refusal(name: &str, e: Errno) {
    if let Some(h) = refusal_hint(name, e, af_alg_restrict(), has_admin_cap()) {
        log(LOG_ERR, &h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_hints_name_what_to_change() {
        let h = |e, r, p| refusal_hint("sha3-256", e, r, p);
        let off = h(Errno::EAFNOSUPPORT, Some(2), true).unwrap_or_default();
        assert!(off.contains("sysctl crypto.af_alg_restrict=1"), "{off}");
        let none = h(Errno::EAFNOSUPPORT, None, true).unwrap_or_default();
        assert!(none.contains("CONFIG_CRYPTO_USER_API"), "{none}");
        let root = h(Errno::ENOENT, Some(1), true).unwrap_or_default();
        assert!(root.contains("sha3-256") && root.contains("sysctl crypto.af_alg_restrict=0"), "{root}");
        assert!(!root.contains("CAP_NET_ADMIN"), "{root}");
        let user = h(Errno::ENOENT, Some(1), false).unwrap_or_default();
        assert!(user.contains("CAP_NET_ADMIN or CAP_SYS_ADMIN") && user.contains("af_alg_restrict=0"), "{user}");
        // an unknown name on an unrestricted kernel: libkcapi's message alone
        assert_eq!(h(Errno::ENOENT, Some(0), true), None);
        assert_eq!(h(Errno::ENOENT, None, false), None);
        assert_eq!(h(Errno::EINVAL, Some(1), false), None);
    }

    #[test]
    fn strtoul_like_c() {
        assert_eq!(strtoul(b"12"), 12);
        assert_eq!(strtoul(b"  7x"), 7);
        assert_eq!(strtoul(b"abc"), 0);
        assert_eq!(strtoul(b"-1"), u64::MAX);
        assert_eq!(strtoul(b"99999999999999999999999"), u64::MAX);
        assert_eq!(strtoul(b"4294967295"), 4294967295);
    }

    #[test]
    fn hex_both_ways() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(unhex(b"00AB10"), Some(vec![0, 0xab, 0x10]));
        assert_eq!(unhex(b"0g"), None);
        assert_eq!(unhex(b"abc"), None);
        assert_eq!(unhex_lenient(b"abc"), vec![0x0a, 0xbc]);
        assert_eq!(unhex_lenient(b"zz11"), vec![0x00, 0x11]);
    }

    #[test]
    fn version_is_the_crate_version() {
        assert_eq!(VERSION_STRING, "libkcapi 1.5.1");
        assert_eq!(VERSION_NUMBER, 1_050_100);
    }

    #[test]
    fn basenames() {
        assert_eq!(basename(b"/usr/bin/sha1sum"), b"sha1sum");
        assert_eq!(basename(b"sha1sum"), b"sha1sum");
    }
}

/// A key held in the kernel's keyring, named on the command line with `--key-serial N` or
/// `--key-desc [TYPE:]DESCRIPTION`: the tools hand its serial to the kernel and the key bytes
/// never enter their memory (Linux 6.2 and later; see `afalg::keyring`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyringKey {
    /// The key's serial number.
    Serial(i32),
    /// Key type (`user`, `logon`, `encrypted`, `trusted`) and description.
    Desc(String, String),
}

/// The key types AF_ALG takes from the keyring.
const KEYRING_TYPES: [&str; 4] = ["user", "logon", "encrypted", "trusted"];

impl KeyringKey {
    /// `--key-serial N`: a decimal serial number greater than 0 (`None` otherwise).
    pub fn from_serial_arg(arg: &[u8]) -> Option<KeyringKey> {
        let s = std::str::from_utf8(arg).ok()?;
        s.parse::<i32>().ok().filter(|&n| n > 0).map(KeyringKey::Serial)
    }

    /// `--key-desc [TYPE:]DESCRIPTION`: TYPE is one of `user`, `logon`, `encrypted`,
    /// `trusted`; without one of them before the first colon the whole argument is the
    /// description of a `user` key (`None` for an argument that is not UTF-8 or empty).
    pub fn from_desc_arg(arg: &[u8]) -> Option<KeyringKey> {
        let s = std::str::from_utf8(arg).ok().filter(|s| !s.is_empty())?;
        Some(match s.split_once(':') {
            Some((t, d)) if KEYRING_TYPES.contains(&t) && !d.is_empty() => KeyringKey::Desc(t.into(), d.into()),
            _ => KeyringKey::Desc("user".into(), s.into()),
        })
    }

    /// The key's serial: as given, or found in the caller's keyrings by type and description
    /// (a key that is not there is requested with request_key(2), so a configured
    /// request-key helper may instantiate it; `ENOKEY` when there is none).
    pub fn serial(&self) -> Result<i32, Errno> {
        match self {
            KeyringKey::Serial(n) => Ok(*n),
            KeyringKey::Desc(t, d) => match afalg::keyring::search(t, d) {
                // Without a request-key helper installed the kernel's upcall fails with ENOENT:
                // the key is simply not there.
                Err(Errno::ENOKEY) => afalg::keyring::request(t, d, "").map_err(|e| match e {
                    Errno::ENOENT => Errno::ENOKEY,
                    e => e,
                }),
                r => r,
            },
        }
    }

    /// Set the key with `set` (a `set_key_by_serial` method); a failure is logged in one line
    /// and returned as the negative errno the tools exit with.
    pub fn set(&self, set: impl FnOnce(i32) -> Result<(), Errno>) -> Result<(), i32> {
        let r = self.serial().and_then(set);
        r.map_err(|e| {
            let what = match self {
                KeyringKey::Serial(n) => format!("key {n}"),
                KeyringKey::Desc(t, d) => format!("{t} key \"{d}\""),
            };
            log(LOG_ERR, &format!("Cannot use the {what} from the keyring: {}", strerror(&io::Error::from(e))));
            e.neg()
        })
    }
}

#[cfg(test)]
mod keyring_tests {
    use super::KeyringKey;

    #[test]
    fn keyring_arguments() {
        assert_eq!(KeyringKey::from_serial_arg(b"123"), Some(KeyringKey::Serial(123)));
        for bad in [&b"0"[..], b"-3", b"x", b"", b"99999999999"] {
            assert_eq!(KeyringKey::from_serial_arg(bad), None);
        }
        let d = |t: &str, s: &str| Some(KeyringKey::Desc(t.into(), s.into()));
        assert_eq!(KeyringKey::from_desc_arg(b"logon:kcapi:k"), d("logon", "kcapi:k"));
        assert_eq!(KeyringKey::from_desc_arg(b"user:k"), d("user", "k"));
        assert_eq!(KeyringKey::from_desc_arg(b"k"), d("user", "k"));
        assert_eq!(KeyringKey::from_desc_arg(b"other:k"), d("user", "other:k"));
        assert_eq!(KeyringKey::from_desc_arg(b"logon:"), d("user", "logon:"));
        assert_eq!(KeyringKey::from_desc_arg(b""), None);
    }
}
