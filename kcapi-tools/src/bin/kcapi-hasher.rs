//! kcapi-hasher: one binary that behaves like md5sum, sha1sum … sha512sum, sha3sum, sm3sum
//! (coreutils), sha1hmac … sha512hmac, sm3hmac (hmaccalc) and fipshmac / fipscheck
//! (libfipscheck) depending on the name it is called under (or `-n NAME`), with every digest
//! computed by the kernel crypto API. See `man/man1/kcapi-hasher.1`.
//!
//! Two families of behaviour:
//! * the `*sum` names (and `kcapi-hasher -h ALG`) follow GNU coreutils: output lines, file
//!   name escaping, diagnostics, check mode messages and exit statuses;
//! * the `*hmac`, `fipshmac` and `fipscheck` names follow libkcapi's kcapi-hasher (hmaccalc /
//!   libfipscheck formats, `OK` / `Not OK`, its exit statuses), with its defects fixed:
//!   BSD-style lines verify, file names are escaped like coreutils does, one unreadable file
//!   does not stop the others.
//!
//! Before any work, in FIPS mode (`/proc/sys/crypto/fips_enabled` not `0`, or
//! `KCAPI_HASHER_FORCE_FIPS` set) the binary verifies itself against `.kcapi-hasher.hmac`
//! beside it, as libkcapi's tool does. This binary carries the crypto library inside it, so
//! the separate check of `libkcapi.so.1` runs only when that library is loaded into the
//! process (it never is for this build); `-L` prints the HMAC of the `libkcapi.so.1` the
//! dynamic loader would pick.

mod common;

use afalg::{Errno, Hash};
use common::getopt::{self, Arg, Item, Long};
use common::quote::{escape_name, needs_escape, quotef, unescape_name};
use common::{hex, strerror, unhex, FeedError};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::exit;

/// hmaccalc's built-in HMAC key.
const KEY_HMACCALC: &[u8] = b"FIPS-FTW-RHT2009";
/// libfipscheck's built-in HMAC key.
const KEY_FIPSCHECK: &[u8] = b"orboDeJITITejsirpADONivirpUkvarP";
/// Longest file name a check file name is made for.
const MAX_NAME: usize = 4096;

/// A digest: kernel name and BSD tag, plain and keyed (SHA-3 has no keyed variant here).
struct Algo {
    plain: (&'static str, &'static str),
    keyed: Option<(&'static str, &'static str)>,
}

const MD5: Algo = Algo { plain: ("md5", "MD5"), keyed: Some(("hmac(md5)", "HMAC(MD5)")) };
const SHA1: Algo = Algo { plain: ("sha1", "SHA1"), keyed: Some(("hmac(sha1)", "HMAC(SHA1)")) };
const SHA224: Algo = Algo { plain: ("sha224", "SHA224"), keyed: Some(("hmac(sha224)", "HMAC(SHA224)")) };
const SHA256: Algo = Algo { plain: ("sha256", "SHA256"), keyed: Some(("hmac(sha256)", "HMAC(SHA256)")) };
const SHA384: Algo = Algo { plain: ("sha384", "SHA384"), keyed: Some(("hmac(sha384)", "HMAC(SHA384)")) };
const SHA512: Algo = Algo { plain: ("sha512", "SHA512"), keyed: Some(("hmac(sha512)", "HMAC(SHA512)")) };
const SM3: Algo = Algo { plain: ("sm3", "SM3"), keyed: Some(("hmac(sm3)", "HMAC(SM3)")) };
const SHA3_224: Algo = Algo { plain: ("sha3-224", "SHA3-224"), keyed: None };
const SHA3_256: Algo = Algo { plain: ("sha3-256", "SHA3-256"), keyed: None };
const SHA3_384: Algo = Algo { plain: ("sha3-384", "SHA3-384"), keyed: None };
const SHA3_512: Algo = Algo { plain: ("sha3-512", "SHA3-512"), keyed: None };

/// Which tool the binary is acting as.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// coreutils-style `*sum` (and `kcapi-hasher` itself).
    Sum,
    /// hmaccalc-style `*hmac`.
    Hmac,
    /// libfipscheck's `fipshmac`: writes `.FILE.hmac`.
    FipsHmac,
    /// libfipscheck's `fipscheck`: verifies `.FILE.hmac`.
    FipsCheck,
}

/// An invocation name: its digest (none: `-h` required), behaviour and built-in key.
type Invocation = (&'static str, Option<&'static Algo>, Kind, Option<&'static [u8]>);

/// Invocation names, matched as prefixes of the name called under.
const NAMES: &[Invocation] = &[
    ("kcapi-hasher", None, Kind::Sum, None),
    ("sha256sum", Some(&SHA256), Kind::Sum, None),
    ("sha512sum", Some(&SHA512), Kind::Sum, None),
    ("sha1sum", Some(&SHA1), Kind::Sum, None),
    ("sha224sum", Some(&SHA224), Kind::Sum, None),
    ("sha384sum", Some(&SHA384), Kind::Sum, None),
    ("md5sum", Some(&MD5), Kind::Sum, None),
    ("sm3sum", Some(&SM3), Kind::Sum, None),
    ("sha3sum", Some(&SHA3_224), Kind::Sum, None),
    ("fipshmac", Some(&SHA256), Kind::FipsHmac, Some(KEY_FIPSCHECK)),
    ("fipscheck", Some(&SHA256), Kind::FipsCheck, Some(KEY_FIPSCHECK)),
    ("sha1hmac", Some(&SHA1), Kind::Hmac, Some(KEY_HMACCALC)),
    ("sha224hmac", Some(&SHA224), Kind::Hmac, Some(KEY_HMACCALC)),
    ("sha256hmac", Some(&SHA256), Kind::Hmac, Some(KEY_HMACCALC)),
    ("sha384hmac", Some(&SHA384), Kind::Hmac, Some(KEY_HMACCALC)),
    ("sha512hmac", Some(&SHA512), Kind::Hmac, Some(KEY_HMACCALC)),
    ("sm3hmac", Some(&SM3), Kind::Hmac, Some(KEY_HMACCALC)),
];

/// `-h` values.
const HASHES: &[(&str, &Algo)] = &[
    ("sha1", &SHA1),
    ("sha224", &SHA224),
    ("sha256", &SHA256),
    ("sha384", &SHA384),
    ("sha512", &SHA512),
    ("sm3", &SM3),
    ("sha3-224", &SHA3_224),
    ("sha3-256", &SHA3_256),
    ("sha3-384", &SHA3_384),
    ("sha3-512", &SHA3_512),
];

const OPT_HELP: i32 = 0x100;
const OPT_TAG: i32 = 0x101;
const OPT_QUIET: i32 = 0x102;
const OPT_KEYSERIAL: i32 = 0x103;
const OPT_KEYDESC: i32 = 0x104;

const LONGS: &[Long] = &[
    Long { name: "help", arg: Arg::No, id: OPT_HELP },
    Long { name: "tag", arg: Arg::No, id: OPT_TAG },
    Long { name: "quiet", arg: Arg::No, id: OPT_QUIET },
    Long { name: "check", arg: Arg::No, id: b'c' as i32 },
    Long { name: "target", arg: Arg::Required, id: b'T' as i32 },
    Long { name: "unkeyed", arg: Arg::No, id: b'u' as i32 },
    Long { name: "hash", arg: Arg::Required, id: b'h' as i32 },
    Long { name: "truncate", arg: Arg::Required, id: b't' as i32 },
    Long { name: "self-sum", arg: Arg::No, id: b'S' as i32 },
    Long { name: "self-sum-lib", arg: Arg::No, id: b'L' as i32 },
    Long { name: "status", arg: Arg::No, id: b'q' as i32 },
    Long { name: "key-file", arg: Arg::Required, id: b'k' as i32 },
    Long { name: "key", arg: Arg::Required, id: b'K' as i32 },
    Long { name: "key-serial", arg: Arg::Required, id: OPT_KEYSERIAL },
    Long { name: "key-desc", arg: Arg::Required, id: OPT_KEYDESC },
    Long { name: "version", arg: Arg::No, id: b'v' as i32 },
];
const SHORTS: &str = "cT:uh:t:SLqk:K:vbd:Pz";

/// HMAC key material, wiped when dropped.
struct KeyBytes(Vec<u8>);

impl Drop for KeyBytes {
    fn drop(&mut self) {
        afalg::wipe(&mut self.0);
    }
}

/// The HMAC key: bytes, or a key that stays in the kernel's keyring.
enum Key {
    Bytes(KeyBytes),
    Keyring(common::KeyringKey),
}

impl Key {
    fn bytes(b: Vec<u8>) -> Key {
        Key::Bytes(KeyBytes(b))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SelfMode {
    Check,
    PrintSelf,
    PrintLib,
}

/// Everything the command line decided.
struct Cfg {
    /// `argv[0]` as given (coreutils' diagnostics prefix).
    prog: String,
    /// The name acted as (`-n` or the base name of `argv[0]`).
    base: String,
    kind: Kind,
    algo: Option<&'static Algo>,
    /// `Some` for a keyed digest.
    key: Option<Key>,
    /// Output / compare only this many bytes of the digest (0: all).
    trunc: usize,
    check: bool,
    target: Option<Vec<u8>>,
    /// coreutils `--quiet`.
    quiet: bool,
    /// coreutils `--status`.
    status: bool,
    /// libkcapi's single verbosity setting for check mode (last of --quiet / --status wins).
    chk_log: u8,
    tag: bool,
    nul: bool,
    checkdir: Option<Vec<u8>>,
    selfmode: SelfMode,
    operands: Vec<Vec<u8>>,
}

const CHK_QUIET: u8 = 1;
const CHK_STATUS: u8 = 2;

impl Cfg {
    /// Kernel name and BSD tag of the digest in use.
    fn names(&self) -> (&'static str, &'static str) {
        let a = self.algo.unwrap_or(&SHA256);
        match (&self.key, a.keyed) {
            (Some(_), Some(k)) => k,
            _ => a.plain,
        }
    }
}

fn usage(argv0: &[u8], kind: Kind) {
    let base = String::from_utf8_lossy(common::basename(argv0)).into_owned();
    let mut t =
        format!("\n{base} - message digests and HMACs of files, computed by the Linux kernel crypto API\n\nUsage:\n");
    t += &format!("\t{base} [-n NAME] [OPTION]... -S|-L\n");
    if kind == Kind::FipsCheck {
        t += &format!("\t{base} [-n NAME] [OPTION]... FILE...\n");
    } else {
        t += &format!("\t{base} [-n NAME] [OPTION]... -c [-T FILE] [CHECKFILE]...\n");
        t += &format!("\t{base} [-n NAME] [OPTION]... [FILE]...\n");
    }
    t += "\nOptions:\n\
\t-n --name NAME\t\tact as NAME (sha256sum, sha512hmac, fipscheck, ...); first option only\n\
\t-c --check\t\tverify the digests listed in the CHECKFILEs (default: stdin)\n\
\t-T --target FILE\twith -c: verify FILE against every listed digest\n\
\t-h --hash HASH\t\tsha1 sha224 sha256 sha384 sha512 sm3 sha3-224 sha3-256 sha3-384 sha3-512\n\
\t-u --unkeyed\t\tplain digest even for an HMAC name\n\
\t-k --key-file FILE\tHMAC key from FILE\n\
\t-K --key KEY\t\tHMAC key KEY\n\
\t   --key-serial N\tHMAC key N of the kernel keyring (it stays in the kernel)\n\
\t   --key-desc [TYPE:]DESC\tthe same, found by type (user, logon, encrypted, trusted;\n\
\t\t\t\tdefault user) and description\n\
\t-t --truncate BITS\tuse only the first BITS bits of the digest (multiple of 8)\n\
\t   --tag\t\tBSD-style output lines\n\
\t-z\t\t\tend output lines with NUL instead of newline\n\
\t-q --status\t\tcheck mode: print nothing, the exit status tells\n\
\t   --quiet\t\tcheck mode: print only failures\n\
\t-d DIR\t\t\tfipshmac: write the .hmac files into DIR\n\
\t-S --self-sum\t\tprint the HMAC of this program and exit\n\
\t-L --self-sum-lib\tprint the HMAC of the libkcapi.so.1 the loader would use and exit\n\
\t-b, -P\t\t\taccepted for hmaccalc compatibility, ignored\n\
\t   --help\t\tthis text\n\
\t-v --version\t\tprint the version\n";
    let _ = io::stderr().write_all(t.as_bytes());
}

fn die_usage(argv0: &[u8], kind: Kind, msg: Option<&str>) -> ! {
    if let Some(m) = msg {
        eprintln!("{m}");
    }
    usage(argv0, kind);
    exit(1);
}

/// The `-n NAME` pre-pass: honoured only when it is the first option on the command line.
/// Returns the name and the arguments with the `-n` option removed.
fn take_name(args: &[Vec<u8>]) -> (Option<Vec<u8>>, Vec<Vec<u8>>) {
    let posix = std::env::var_os("POSIXLY_CORRECT").is_some();
    for (i, a) in args.iter().enumerate() {
        if a.as_slice() == b"--" {
            break;
        }
        if a.len() < 2 || a[0] != b'-' {
            if posix {
                break;
            }
            continue;
        }
        let (name, used) = if let Some(long) = a.strip_prefix(b"--") {
            let (n, inline) = match long.iter().position(|&c| c == b'=') {
                Some(p) => (&long[..p], Some(long[p + 1..].to_vec())),
                None => (long, None),
            };
            if n.is_empty() || !b"name".starts_with(n) {
                break;
            }
            match inline {
                Some(v) => (v, 1),
                None => match args.get(i + 1) {
                    Some(v) => (v.clone(), 2),
                    None => break,
                },
            }
        } else if a[1] == b'n' {
            if a.len() > 2 {
                (a[2..].to_vec(), 1)
            } else {
                match args.get(i + 1) {
                    Some(v) => (v.clone(), 2),
                    None => break,
                }
            }
        } else {
            break;
        };
        let mut rest = args[..i].to_vec();
        rest.extend_from_slice(&args[i + used..]);
        return (Some(name), rest);
    }
    (None, args.to_vec())
}

/// `strtou32`: the whole argument must be a decimal number that fits 32 bits.
fn parse_u32(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let t = s.iter().position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))?;
    let body = &s[t..];
    let digits = body.strip_prefix(b"+").unwrap_or(body);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse::<u32>().ok()
}

fn read_key_file(name: &[u8]) -> Result<Key, ()> {
    let mut f = File::open(common::path(name)).map_err(|e| {
        eprintln!("Cannot open file {}: {}", String::from_utf8_lossy(name), strerror(&e));
    })?;
    let mut k = KeyBytes(Vec::new());
    f.read_to_end(&mut k.0).map_err(|e| {
        eprintln!("Error reading file {}: {}", String::from_utf8_lossy(name), strerror(&e));
    })?;
    Ok(Key::Bytes(k))
}

fn parse_cmdline() -> Cfg {
    let argv = common::args_bytes();
    let argv0 = argv.first().cloned().unwrap_or_else(|| b"kcapi-hasher".to_vec());
    let (forced, args) = take_name(&argv[1.min(argv.len())..]);
    let base_b = forced.unwrap_or_else(|| common::basename(&argv0).to_vec());
    let base = String::from_utf8_lossy(&base_b).into_owned();
    let Some(&(_, algo, kind, dkey)) = NAMES.iter().find(|(n, ..)| base_b.starts_with(n.as_bytes())) else {
        eprintln!("Unknown invocation name: {base}");
        usage(&argv0, Kind::Sum);
        exit(1);
    };
    let prog = String::from_utf8_lossy(&argv0).into_owned();
    let mut c = Cfg {
        prog: prog.clone(),
        base,
        kind,
        algo,
        key: dkey.map(|k| Key::bytes(k.to_vec())),
        trunc: 0,
        check: false,
        target: None,
        quiet: false,
        status: false,
        chk_log: 0,
        tag: false,
        nul: false,
        checkdir: None,
        selfmode: SelfMode::Check,
        operands: Vec::new(),
    };
    let parsed = getopt::parse(&prog, &args, SHORTS, LONGS);
    for item in parsed.items {
        let (id, arg) = match item {
            Item::Opt(id, a) => (id, a.unwrap_or_default()),
            Item::Err(m) => die_usage(&argv0, kind, Some(&m)),
        };
        let lossy = || String::from_utf8_lossy(&arg).into_owned();
        match id {
            OPT_HELP => {
                usage(&argv0, kind);
                exit(0);
            }
            OPT_TAG => c.tag = true,
            OPT_QUIET => {
                c.quiet = true;
                c.chk_log = CHK_QUIET;
            }
            x if x == i32::from(b'c') => c.check = true,
            x if x == i32::from(b'T') => c.target = Some(arg.clone()),
            x if x == i32::from(b'u') => c.key = None,
            x if x == i32::from(b'h') => match HASHES.iter().find(|(n, _)| n.as_bytes() == arg.as_slice()) {
                Some((_, a)) => c.algo = Some(a),
                None => {
                    eprintln!("Invalid hash: {}", lossy());
                    exit(1);
                }
            },
            x if x == i32::from(b't') => {
                let Some(bits) = parse_u32(&arg) else {
                    eprintln!("Invalid number: {}", lossy());
                    exit(1);
                };
                if bits % 8 != 0 {
                    eprintln!("Truncated hash size must be a multiple of 8 bits!");
                    exit(1);
                }
                c.trunc = (bits / 8) as usize;
            }
            x if x == i32::from(b'S') => c.selfmode = SelfMode::PrintSelf,
            x if x == i32::from(b'L') => c.selfmode = SelfMode::PrintLib,
            x if x == i32::from(b'q') => {
                c.status = true;
                c.chk_log = CHK_STATUS;
            }
            x if x == i32::from(b'k') => match read_key_file(&arg) {
                Ok(k) => c.key = Some(k),
                Err(()) => exit(1),
            },
            x if x == i32::from(b'K') => c.key = Some(Key::bytes(arg.clone())),
            OPT_KEYSERIAL => match common::KeyringKey::from_serial_arg(&arg) {
                Some(k) => c.key = Some(Key::Keyring(k)),
                None => die_usage(&argv0, kind, Some(&format!("Invalid key serial: {}", lossy()))),
            },
            OPT_KEYDESC => match common::KeyringKey::from_desc_arg(&arg) {
                Some(k) => c.key = Some(Key::Keyring(k)),
                None => die_usage(&argv0, kind, Some(&format!("Invalid key description: {}", lossy()))),
            },
            x if x == i32::from(b'v') => {
                eprintln!("{}: {}", String::from_utf8_lossy(common::basename(&argv0)), common::VERSION_STRING);
                exit(0);
            }
            x if x == i32::from(b'd') => c.checkdir = Some(arg.clone()),
            x if x == i32::from(b'z') => c.nul = true,
            _ => {} // -b, -P: hmaccalc compatibility, ignored
        }
    }
    c.operands = parsed.operands;
    let Some(a) = c.algo else {
        die_usage(&argv0, kind, Some("Unknown invocation: hash nor name are set."));
    };
    if a.keyed.is_none() && c.key.is_some() {
        eprintln!("KMAC is not defined");
        exit(1);
    }
    if c.selfmode != SelfMode::Check {
        if c.check {
            eprintln!("-S/-L and -c cannot be combined");
            exit(1);
        }
        if !c.operands.is_empty() {
            eprintln!("-S/-L cannot be used with input files");
            exit(1);
        }
    }
    if c.target.is_some() && !c.check {
        eprintln!("-T cannot be used without -c");
        exit(1);
    }
    c
}

// ------------------------------------------------------------------------------ digests

/// Why a file could not be digested.
enum FileErr {
    /// Opening or reading failed.
    Io(io::Error),
    /// A directory or other non-data file (hmaccalc-style names only).
    NotRegular,
    /// The kernel refused the operation.
    Kernel(Errno),
}

/// The open hash and the read buffer, shared by all files of one run.
struct Hasher {
    h: Hash,
    buf: Vec<u8>,
    /// Reject directories up front (libkcapi's behaviour) instead of reporting EISDIR.
    strict_type: bool,
}

impl Hasher {
    /// Open the digest (with key) or exit like libkcapi's tool.
    fn open(name: &str, key: Option<&Key>, strict_type: bool) -> Hasher {
        let mut h = match Hash::new(name) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("Allocation of {name} cipher failed (ret={})", e.neg());
                if let Some(h) = common::refusal_hint(name, e, common::af_alg_restrict(), common::has_admin_cap()) {
                    eprintln!("{h}");
                }
                exit(common::errno_status(Errno::EFAULT));
            }
        };
        if let Some(k) = key {
            let r = match k {
                Key::Bytes(b) => h.set_key(&b.0),
                Key::Keyring(k) => k.serial().and_then(|s| h.set_key_by_serial(s)),
            };
            if let Err(e) = r {
                eprintln!("Setting HMAC key for {name} failed ({})", e.neg());
                exit(common::errno_status(Errno::EINVAL));
            }
        }
        Hasher { h, buf: vec![0u8; common::CHUNK], strict_type }
    }

    /// Digest of a file (`None` or `-`: stdin).
    fn file(&mut self, name: Option<&[u8]>) -> Result<Vec<u8>, FileErr> {
        let r = match name {
            None | Some(b"-") => {
                let mut stdin = io::stdin().lock();
                common::feed(&mut self.h, &mut stdin, &mut self.buf)
            }
            Some(n) => {
                let mut f = File::open(common::path(n)).map_err(FileErr::Io)?;
                if self.strict_type && f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err(FileErr::NotRegular);
                }
                common::feed(&mut self.h, &mut f, &mut self.buf)
            }
        };
        match r {
            Ok(_) => self.h.finalize().map_err(FileErr::Kernel),
            Err(e) => {
                // Discard the partial state so that the next file starts afresh.
                let _ = self.h.finalize();
                Err(match e {
                    FeedError::Read(e) => FileErr::Io(e),
                    FeedError::Kernel(e) => FileErr::Kernel(e),
                })
            }
        }
    }
}

/// Write to stdout; a failing stdout ends the program like coreutils does.
fn out(cfg: &Cfg, o: &mut impl Write, b: &[u8]) {
    if let Err(e) = o.write_all(b) {
        write_error(cfg, &e);
    }
}

fn write_error(cfg: &Cfg, e: &io::Error) -> ! {
    eprintln!("{}: write error: {}", cfg.prog, strerror(e));
    exit(1);
}

/// One output line for `name`'s digest (coreutils format; escaped unless `-z`).
fn digest_line(cfg: &Cfg, md: &[u8], name: &[u8]) -> Vec<u8> {
    let esc = !cfg.nul && needs_escape(name);
    let shown = if esc { escape_name(name) } else { name.to_vec() };
    let mut l = Vec::with_capacity(md.len() * 2 + shown.len() + 8);
    if esc {
        l.push(b'\\');
    }
    if cfg.tag {
        l.extend_from_slice(cfg.names().1.as_bytes());
        l.extend_from_slice(b" (");
        l.extend_from_slice(&shown);
        l.extend_from_slice(b") = ");
        l.extend_from_slice(hex(md).as_bytes());
    } else {
        l.extend_from_slice(hex(md).as_bytes());
        l.extend_from_slice(b"  ");
        l.extend_from_slice(&shown);
    }
    l.push(if cfg.nul { 0 } else { b'\n' });
    l
}

/// The digest length to show / compare, after `-t`.
fn shown_len(cfg: &Cfg, full: usize) -> usize {
    if cfg.trunc == 0 {
        full
    } else {
        cfg.trunc
    }
}

/// libkcapi's exit status for a file that could not be hashed.
fn upstream_file_status(e: &FileErr) -> i32 {
    match e {
        FileErr::Io(_) => common::errno_status(Errno::EIO),
        FileErr::NotRegular => common::errno_status(Errno::EINVAL),
        FileErr::Kernel(k) => common::errno_status(*k),
    }
}

/// Report a file that could not be hashed, in the family's words.
fn report_file_error(cfg: &Cfg, name: &[u8], e: &FileErr) {
    let shown = String::from_utf8_lossy(name);
    match (cfg.kind, e) {
        (Kind::Sum, FileErr::Io(io)) => eprintln!("{}: {}: {}", cfg.prog, quotef(name), strerror(io)),
        (Kind::Sum, FileErr::NotRegular) => eprintln!("{}: {}: Is a directory", cfg.prog, quotef(name)),
        (_, FileErr::Io(io)) => eprintln!("Cannot open file {shown}: {}", strerror(io)),
        (_, FileErr::NotRegular) => eprintln!("{shown} is no regular file or symlink"),
        (_, FileErr::Kernel(k)) => eprintln!("Generation of hash for file {shown} failed ({})", k.neg()),
    }
}

/// `-t` larger than the digest: libkcapi's tool reports it and exits with the digest size.
fn check_trunc(cfg: &Cfg, h: &Hasher) {
    let ds = h.h.digest_size().unwrap_or(0);
    if cfg.trunc > ds {
        eprintln!("Invalid truncated hash size: {} > {ds}", cfg.trunc);
        exit(ds as i32);
    }
}

/// Hashing mode: print (or, for fipshmac, store) the digest of every file.
fn hash_files(cfg: &Cfg) -> i32 {
    let (kname, _) = cfg.names();
    let mut h = Hasher::open(kname, cfg.key.as_ref(), cfg.kind != Kind::Sum);
    check_trunc(cfg, &h);
    let stdout = io::stdout();
    let mut so = stdout.lock();
    let mut status = 0;
    let stdin_only = [b"-".to_vec()];
    let files: &[Vec<u8>] = if cfg.operands.is_empty() { &stdin_only } else { &cfg.operands };
    for f in files {
        let fips_file = cfg.kind == Kind::FipsHmac && !cfg.operands.is_empty();
        let md = match h.file(Some(f)) {
            Ok(md) => md,
            Err(e) => {
                report_file_error(cfg, f, &e);
                let st = if cfg.kind == Kind::Sum { 1 } else { upstream_file_status(&e) };
                if status == 0 {
                    status = st;
                }
                if matches!(e, FileErr::Kernel(_)) {
                    break;
                }
                continue;
            }
        };
        let md = &md[..shown_len(cfg, md.len())];
        if fips_file {
            let Some(hf) = hmac_file_name(f, cfg.checkdir.as_deref()) else {
                eprintln!("Cannot create HMAC file name");
                status = status.max(1);
                continue;
            };
            let line = format!("{}\n", hex(md));
            if std::fs::write(common::path(&hf), line).is_err() {
                eprintln!("Cannot open HMAC file {}", String::from_utf8_lossy(&hf));
                if status == 0 {
                    status = 1;
                }
            }
            continue;
        }
        out(cfg, &mut so, &digest_line(cfg, md, f));
    }
    if let Err(e) = so.flush() {
        write_error(cfg, &e);
    }
    status
}

/// `<dir>/.<name>.hmac` for FILE (dir: FILE's own, or `dir` if given). `None` if too long.
fn hmac_file_name(file: &[u8], dir: Option<&[u8]>) -> Option<Vec<u8>> {
    if file.len() > MAX_NAME {
        eprintln!("File too long");
        return None;
    }
    let start = file.iter().rposition(|&c| c == b'/').map_or(0, |p| p + 1);
    let mut out = match dir {
        Some(d) => {
            let mut v = d.to_vec();
            v.push(b'/');
            v
        }
        None => file[..start].to_vec(),
    };
    out.push(b'.');
    out.extend_from_slice(&file[start..]);
    out.extend_from_slice(b".hmac");
    Some(out)
}

// ------------------------------------------------------------------- coreutils check mode

/// A parsed coreutils check line.
struct SumLine {
    hex: Vec<u8>,
    name: Vec<u8>,
}

/// coreutils' `split_3`: a BSD-tagged line (`TAG (NAME) = HEX`) or a GNU line
/// (`HEX  NAME`, `HEX *NAME`, or — if the first line of the file was so — `HEX NAME`).
fn split_sum_line(line: &[u8], tag: &str, hexlen: usize, reversed: &mut Option<bool>) -> Option<SumLine> {
    let mut i = 0;
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
        i += 1;
    }
    let escaped = line.get(i) == Some(&b'\\');
    if escaped {
        i += 1;
    }
    let unesc = |n: &[u8]| if escaped { unescape_name(n) } else { Some(n.to_vec()) };
    let s = &line[i..];
    if let Some(rest) = s.strip_prefix(tag.as_bytes()) {
        let rest = rest.strip_prefix(b" ").unwrap_or(rest);
        if let Some(body) = rest.strip_prefix(b"(") {
            let close = body.iter().rposition(|&c| c == b')')?;
            let name = unesc(&body[..close])?;
            let mut j = close + 1;
            while body.get(j) == Some(&b' ') {
                j += 1;
            }
            if body.get(j) != Some(&b'=') {
                return None;
            }
            j += 1;
            while body.get(j) == Some(&b' ') {
                j += 1;
            }
            return Some(SumLine { hex: body[j..].to_vec(), name });
        }
    }
    if s.len() < hexlen + 2 {
        return None;
    }
    let hexpart = &s[..hexlen];
    if s[hexlen] != b' ' && s[hexlen] != b'\t' {
        return None;
    }
    let mut j = hexlen + 1;
    if s.len() - j == 1 || (s[j] != b' ' && s[j] != b'*') {
        if *reversed == Some(false) {
            return None;
        }
        *reversed = Some(true);
    } else if *reversed != Some(true) {
        *reversed = Some(false);
        j += 1;
    }
    Some(SumLine { hex: hexpart.to_vec(), name: unesc(&s[j..])? })
}

/// A file name in a check-mode result line (coreutils escapes only names with a newline).
fn check_name(name: &[u8]) -> Vec<u8> {
    if name.contains(&b'\n') {
        let mut v = vec![b'\\'];
        v.extend(escape_name(name));
        v
    } else {
        name.to_vec()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("WARNING: {n} {}", if n == 1 { one } else { many })
}

/// Open a check file (`-`: stdin) for reading lines.
fn open_checkfile(name: &[u8]) -> io::Result<Box<dyn BufRead>> {
    if name == b"-" {
        Ok(Box::new(BufReader::new(io::stdin())))
    } else {
        Ok(Box::new(BufReader::new(File::open(common::path(name))?)))
    }
}

/// Verify one check file the coreutils way; true if everything in it verified.
fn check_sum_file(cfg: &Cfg, h: &mut Hasher, cf: &[u8], so: &mut impl Write) -> bool {
    let shown_cf = if cf == b"-" { "'standard input'".to_string() } else { quotef(cf) };
    let mut rd = match open_checkfile(cf) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}: {}: {}", cfg.prog, quotef(cf), strerror(&e));
            return false;
        }
    };
    let ds = h.h.digest_size().unwrap_or(0);
    let hexlen = 2 * shown_len(cfg, ds);
    let tag = cfg.names().1;
    let (mut formatted, mut misformatted, mut unreadable, mut mismatched) = (false, 0usize, 0usize, 0usize);
    let mut reversed = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        match rd.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(_) => {
                eprintln!("{}: {}: read error", cfg.prog, shown_cf);
                return false;
            }
        }
        if line[0] == b'#' {
            continue;
        }
        let mut l: &[u8] = &line;
        l = l.strip_suffix(b"\n").unwrap_or(l);
        l = l.strip_suffix(b"\r").unwrap_or(l);
        if l.is_empty() {
            continue;
        }
        let parsed = split_sum_line(l, tag, hexlen, &mut reversed)
            .filter(|p| p.hex.len() == hexlen && p.hex.iter().all(u8::is_ascii_hexdigit));
        let Some(p) = parsed else {
            misformatted += 1;
            continue;
        };
        formatted = true;
        let name = cfg.target.clone().unwrap_or(p.name);
        match h.file(Some(&name)) {
            Err(e) => {
                report_file_error(cfg, &name, &e);
                unreadable += 1;
                if !cfg.status {
                    let mut m = check_name(&name);
                    m.extend_from_slice(b": FAILED open or read\n");
                    out(cfg, so, &m);
                }
            }
            Ok(md) => {
                let md = &md[..shown_len(cfg, md.len())];
                let good = unhex(&p.hex).is_some_and(|want| want == md);
                if !good {
                    mismatched += 1;
                }
                if !cfg.status && (!good || !cfg.quiet) {
                    let mut m = check_name(&name);
                    m.extend_from_slice(if good { b": OK\n" } else { b": FAILED\n" });
                    out(cfg, so, &m);
                }
            }
        }
    }
    if !formatted {
        eprintln!("{}: {}: no properly formatted checksum lines found", cfg.prog, shown_cf);
        return false;
    }
    if !cfg.status {
        if let Err(e) = so.flush() {
            write_error(cfg, &e);
        }
        if misformatted > 0 {
            eprintln!(
                "{}: {}",
                cfg.prog,
                plural(misformatted, "line is improperly formatted", "lines are improperly formatted")
            );
        }
        if unreadable > 0 {
            eprintln!(
                "{}: {}",
                cfg.prog,
                plural(unreadable, "listed file could not be read", "listed files could not be read")
            );
        }
        if mismatched > 0 {
            eprintln!(
                "{}: {}",
                cfg.prog,
                plural(mismatched, "computed checksum did NOT match", "computed checksums did NOT match")
            );
        }
    }
    mismatched == 0 && unreadable == 0
}

// ------------------------------------------------------------- hmaccalc-style check mode

/// A line of an hmaccalc / libkcapi check file.
enum HmacLine {
    /// A digest, with the file name when the line has one.
    Entry { hex: Vec<u8>, name: Option<Vec<u8>> },
    /// Not a usable line: stop with "Invalid checkfile format".
    Invalid,
}

/// Parse a check line the way libkcapi's kcapi-hasher does (trailing non-printable
/// characters dropped; `HEX  NAME`, `HEX *NAME`, `HEX` alone, or `TAG (NAME) = HEX` with any
/// tag), with two fixes: BSD lines take the right hex length, and a leading backslash marks
/// a coreutils-escaped name.
fn parse_hmac_line(raw: &[u8]) -> HmacLine {
    let mut l = raw;
    while l.len() > 1 && !(0x20..0x7f).contains(&l[l.len() - 1]) {
        l = &l[..l.len() - 1];
    }
    let escaped = l.first() == Some(&b'\\') && l.len() > 1;
    let body = if escaped { &l[1..] } else { l };
    let unesc = |n: &[u8]| if escaped { unescape_name(n) } else { Some(n.to_vec()) };
    let blank = |c: u8| c == b' ' || c == b'\t';
    // BSD style: "<blank>=<blank>" somewhere after the first character.
    let bsd =
        (1..body.len()).find(|&i| body.len() - i >= 3 && blank(body[i]) && body[i + 1] == b'=' && blank(body[i + 2]));
    if let Some(i) = bsd {
        let hex = body[i + 3..].to_vec();
        let open = (0..i).find(|&k| blank(body[k]) && body.get(k + 1) == Some(&b'('));
        let name = open.map(|k| {
            let n = &body[k + 2..i];
            n.strip_suffix(b")").unwrap_or(n)
        });
        return match name.map(unesc) {
            Some(None) => HmacLine::Invalid,
            Some(Some(n)) => HmacLine::Entry { hex, name: Some(n) },
            None => HmacLine::Entry { hex, name: None },
        };
    }
    match body.iter().position(|&c| blank(c)) {
        None => HmacLine::Entry { hex: body.to_vec(), name: None },
        Some(0) => HmacLine::Invalid,
        Some(p) => {
            let rest = &body[p..];
            if rest.len() < 2 || !(blank(rest[1]) || rest[1] == b'*') {
                return HmacLine::Invalid;
            }
            match unesc(&rest[2..]) {
                Some(n) => HmacLine::Entry { hex: body[..p].to_vec(), name: Some(n) },
                None => HmacLine::Invalid,
            }
        }
    }
}

/// Whether `hexdigest` names the digest `md` (case-insensitive, exact length).
fn hex_matches(hexdigest: &[u8], md: &[u8]) -> bool {
    hexdigest.len() == md.len() * 2 && unhex(hexdigest).is_some_and(|w| w == md)
}

/// Result of an hmaccalc-style check file.
enum CheckRes {
    /// Exit status to use (0: all verified).
    Status(i32),
}

/// Verify `cf` hmaccalc-style. `target` replaces every file name (fipscheck, self-check,
/// `-T`); `first_only` stops after the first line (fipscheck and the self-check). `log`:
/// 0 print all, CHK_QUIET only failures, CHK_STATUS nothing.
fn check_hmac_file(
    h: &mut Hasher,
    trunc: usize,
    cf: &[u8],
    target: Option<&[u8]>,
    first_only: bool,
    log: u8,
    so: &mut dyn Write,
) -> CheckRes {
    let mut rd = match open_checkfile(cf) {
        Ok(r) => r,
        Err(_) => {
            eprintln!("Cannot open file {}", String::from_utf8_lossy(cf));
            return CheckRes::Status(253);
        }
    };
    let mut checked = false;
    let mut failed = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match rd.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let (hexd, name) = match parse_hmac_line(&line) {
            HmacLine::Invalid => {
                eprintln!("Invalid checkfile format");
                return CheckRes::Status(1);
            }
            HmacLine::Entry { hex, name } => (hex, name),
        };
        if hexd.is_empty() {
            eprintln!("Invalid checkfile format");
            return CheckRes::Status(1);
        }
        let Some(name) = target.map(<[u8]>::to_vec).or(name) else {
            continue; // no file to check on this line
        };
        checked = true;
        let ok = match h.file(Some(&name)) {
            Ok(md) => {
                let n = if trunc == 0 { md.len() } else { trunc };
                hex_matches(&hexd, &md[..n])
            }
            Err(e) => {
                let shown = String::from_utf8_lossy(&name);
                match &e {
                    FileErr::Io(io) => eprintln!("Cannot open file {shown}: {}", strerror(io)),
                    FileErr::NotRegular => eprintln!("{shown} is no regular file or symlink"),
                    FileErr::Kernel(k) => eprintln!("Generation of hash for file {shown} failed ({})", k.neg()),
                }
                if first_only {
                    return CheckRes::Status(upstream_file_status(&e));
                }
                false
            }
        };
        if !ok {
            failed = true;
        }
        if !first_only {
            let mut m = check_name(&name);
            if ok && log < CHK_QUIET {
                m.extend_from_slice(b": OK\n");
                let _ = so.write_all(&m);
            } else if !ok && log < CHK_STATUS {
                m.extend_from_slice(b": Not OK\n");
                let _ = so.write_all(&m);
            }
        }
        if first_only {
            break;
        }
    }
    CheckRes::Status(if checked && !failed { 0 } else { 1 })
}

/// Check mode (`-c`).
fn check_files(cfg: &Cfg) -> i32 {
    let (kname, _) = cfg.names();
    let mut h = Hasher::open(kname, cfg.key.as_ref(), cfg.kind != Kind::Sum);
    check_trunc(cfg, &h);
    let stdin_only = [b"-".to_vec()];
    let files: &[Vec<u8>] = if cfg.operands.is_empty() { &stdin_only } else { &cfg.operands };
    let stdout = io::stdout();
    let mut so = stdout.lock();
    let mut status = 0;
    for cf in files {
        if cfg.kind == Kind::Sum {
            if !check_sum_file(cfg, &mut h, cf, &mut so) {
                status = 1;
            }
        } else {
            let CheckRes::Status(s) =
                check_hmac_file(&mut h, cfg.trunc, cf, cfg.target.as_deref(), false, cfg.chk_log, &mut so);
            if s != 0 {
                status = s;
                break;
            }
        }
    }
    if let Err(e) = so.flush() {
        write_error(cfg, &e);
    }
    status
}

/// fipscheck FILE...: verify each FILE against its `.FILE.hmac`, silently.
fn fipscheck(cfg: &Cfg) -> i32 {
    if cfg.operands.is_empty() {
        eprintln!("No file to check given for fipscheck");
        return 1;
    }
    if cfg.check {
        eprintln!("-c is not valid for fipscheck");
        return 1;
    }
    let (kname, _) = cfg.names();
    let mut h = Hasher::open(kname, cfg.key.as_ref(), true);
    check_trunc(cfg, &h);
    let mut sink = io::sink();
    for f in &cfg.operands {
        let Some(cf) = hmac_file_name(f, None) else { return 1 };
        let CheckRes::Status(s) = check_hmac_file(&mut h, cfg.trunc, &cf, Some(f), true, CHK_STATUS, &mut sink);
        if s != 0 {
            return s;
        }
    }
    0
}

// --------------------------------------------------------------------- self integrity

/// Whether the process runs set-uid/set-gid or with capabilities (`AT_SECURE`), in which case
/// the environment must not influence the self-check (libkcapi uses `secure_getenv`).
fn at_secure() -> bool {
    let Ok(aux) = std::fs::read("/proc/self/auxv") else { return true };
    for pair in aux.chunks_exact(16) {
        let k = u64::from_ne_bytes(pair[..8].try_into().unwrap_or([0; 8]));
        let v = u64::from_ne_bytes(pair[8..].try_into().unwrap_or([0; 8]));
        if k == 23 {
            return v != 0;
        }
    }
    false
}

/// Whether the self-check is due: Err(()) when FIPS mode cannot be determined.
fn fips_mode() -> Result<bool, ()> {
    if std::env::var_os("KCAPI_HASHER_FORCE_FIPS").is_some() && !at_secure() {
        return Ok(true);
    }
    let mut f = match File::open("/proc/sys/crypto/fips_enabled") {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => {
            eprintln!("Cannot open fips_enabled file: {}", strerror(&e));
            return Err(());
        }
    };
    let mut b = [0u8; 1];
    match f.read(&mut b) {
        Ok(1) => Ok(b[0] != b'0'),
        _ => {
            eprintln!("Cannot read FIPS flag");
            Err(())
        }
    }
}

/// The path this program runs from.
fn self_path() -> Result<Vec<u8>, ()> {
    use std::os::unix::ffi::OsStrExt;
    match std::fs::read_link("/proc/self/exe") {
        Ok(p) if p.as_os_str().len() < MAX_NAME => Ok(p.as_os_str().as_bytes().to_vec()),
        _ => {
            eprintln!("Cannot obtain my filename");
            Err(())
        }
    }
}

/// A `libkcapi.so*` mapped into this process, if any.
fn loaded_libkcapi() -> Option<Vec<u8>> {
    let maps = std::fs::read("/proc/self/maps").ok()?;
    maps.split(|&c| c == b'\n').find_map(|l| {
        let p = l.iter().position(|&c| c == b'/')?;
        let path = &l[p..];
        common::basename(path).starts_with(b"libkcapi.so").then(|| path.to_vec())
    })
}

/// Look `soname` up in `/etc/ld.so.cache` (glibc's "glibc-ld.so.cache1.1" format).
fn ld_cache_lookup(soname: &[u8]) -> Option<Vec<u8>> {
    const MAGIC: &[u8] = b"glibc-ld.so.cache1.1";
    let c = std::fs::read("/etc/ld.so.cache").ok()?;
    let start = c.windows(MAGIC.len()).position(|w| w == MAGIC)?;
    let base = &c[start..];
    let u32_at = |o: usize| base.get(o..o + 4).map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    let nlibs = u32_at(20)? as usize;
    let cstr = |o: usize| base.get(o..).and_then(|s| s.iter().position(|&b| b == 0).map(|e| &s[..e]));
    let mut any = None;
    for i in 0..nlibs {
        let e = 48 + i * 24;
        let flags = u32_at(e)?;
        let key = cstr(u32_at(e + 4)? as usize)?;
        if key != soname {
            continue;
        }
        let val = cstr(u32_at(e + 8)? as usize)?.to_vec();
        // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64 on x86-64; take another match only as a fallback.
        if flags == 0x0303 || !cfg!(target_arch = "x86_64") {
            return Some(val);
        }
        any.get_or_insert(val);
    }
    any
}

/// The `libkcapi.so.1` the dynamic loader would load: LD_LIBRARY_PATH (unless secure),
/// the loader cache, the default directories.
fn find_libkcapi() -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    if let Some(p) = loaded_libkcapi() {
        return Some(p);
    }
    const SONAME: &str = "libkcapi.so.1";
    let exists = |p: &std::path::Path| p.is_file();
    if !at_secure() {
        if let Some(lp) = std::env::var_os("LD_LIBRARY_PATH") {
            for d in lp.as_bytes().split(|&c| c == b':' || c == b';') {
                let dir = if d.is_empty() { std::path::Path::new(".") } else { common::path(d) };
                let p = dir.join(SONAME);
                if exists(&p) {
                    return Some(p.as_os_str().as_bytes().to_vec());
                }
            }
        }
    }
    if let Some(p) = ld_cache_lookup(SONAME.as_bytes()) {
        if exists(common::path(&p)) {
            return Some(p);
        }
    }
    ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
        .iter()
        .map(|d| std::path::Path::new(d).join(SONAME))
        .find(|p| exists(p))
        .map(|p| p.as_os_str().as_bytes().to_vec())
}

/// The self-check (or `-S` / `-L`): Ok(()) when the program may go on.
fn self_check(mode: SelfMode) -> Result<(), ()> {
    if mode == SelfMode::Check && !fips_mode()? {
        return Ok(());
    }
    let key = Key::bytes(KEY_HMACCALC.to_vec());
    let mut h = Hasher::open("hmac(sha512)", Some(&key), false);
    let print = |h: &mut Hasher, p: &[u8]| -> Result<(), ()> {
        match h.file(Some(p)) {
            Ok(md) => {
                println!("{}", hex(&md));
                Ok(())
            }
            Err(e) => {
                report_file_error_plain(p, &e);
                Err(())
            }
        }
    };
    let verify = |h: &mut Hasher, p: &[u8]| -> Result<(), ()> {
        let cf = hmac_file_name(p, None).ok_or(())?;
        match check_hmac_file(h, 0, &cf, Some(p), true, CHK_STATUS, &mut io::sink()) {
            CheckRes::Status(0) => Ok(()),
            CheckRes::Status(_) => Err(()),
        }
    };
    if mode != SelfMode::PrintLib {
        let me = self_path()?;
        if mode == SelfMode::PrintSelf {
            return print(&mut h, &me);
        }
        verify(&mut h, &me)?;
    }
    if mode == SelfMode::PrintLib {
        let Some(lib) = find_libkcapi() else {
            eprintln!("dlopen of file libkcapi.so.1 failed");
            return Err(());
        };
        return print(&mut h, &lib);
    }
    // The library check applies only to a libkcapi.so.1 this process actually runs on.
    if let Some(lib) = loaded_libkcapi() {
        verify(&mut h, &lib)?;
    }
    Ok(())
}

fn report_file_error_plain(name: &[u8], e: &FileErr) {
    let shown = String::from_utf8_lossy(name);
    match e {
        FileErr::Io(io) => eprintln!("Cannot open file {shown}: {}", strerror(io)),
        FileErr::NotRegular => eprintln!("{shown} is no regular file or symlink"),
        FileErr::Kernel(k) => eprintln!("Generation of hash for file {shown} failed ({})", k.neg()),
    }
}

fn main() {
    let cfg = parse_cmdline();
    if self_check(cfg.selfmode).is_err() {
        eprintln!("Integrity check of application {} failed", cfg.base);
        exit(1);
    }
    if cfg.selfmode != SelfMode::Check {
        exit(0);
    }
    let status = match cfg.kind {
        Kind::FipsCheck => fipscheck(&cfg),
        _ if cfg.check => check_files(&cfg),
        _ => hash_files(&cfg),
    };
    drop(cfg); // wipes the key
    exit(status);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_prepass() {
        let v = |s: &[&str]| s.iter().map(|x| x.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(take_name(&v(&["-n", "sha1sum", "f"])), (Some(b"sha1sum".to_vec()), v(&["f"])));
        assert_eq!(take_name(&v(&["f", "--name=md5sum"])), (Some(b"md5sum".to_vec()), v(&["f"])));
        assert_eq!(take_name(&v(&["-b", "-n", "x"])).0, None);
        assert_eq!(take_name(&v(&["--", "-n", "x"])).0, None);
    }

    #[test]
    fn hmac_file_names() {
        assert_eq!(hmac_file_name(b"/boot/vmlinuz-6", None).unwrap(), b"/boot/.vmlinuz-6.hmac");
        assert_eq!(hmac_file_name(b"f", None).unwrap(), b".f.hmac");
        assert_eq!(hmac_file_name(b"a/f", Some(b"/d")).unwrap(), b"/d/.f.hmac");
    }

    #[test]
    fn hmac_lines() {
        let e = |l: &[u8]| match parse_hmac_line(l) {
            HmacLine::Entry { hex, name } => Some((hex, name)),
            HmacLine::Invalid => None,
        };
        assert_eq!(e(b"abcd  /boot/vmlinuz\n"), Some((b"abcd".to_vec(), Some(b"/boot/vmlinuz".to_vec()))));
        assert_eq!(e(b"abcd *f\r\n"), Some((b"abcd".to_vec(), Some(b"f".to_vec()))));
        assert_eq!(e(b"abcd\n"), Some((b"abcd".to_vec(), None)));
        assert_eq!(e(b"abcd f\n"), None);
        assert_eq!(e(b"HMAC(SHA512) (x y) = abcd\n"), Some((b"abcd".to_vec(), Some(b"x y".to_vec()))));
        assert_eq!(e(b"\\abcd  a\\nb\n"), Some((b"abcd".to_vec(), Some(b"a\nb".to_vec()))));
    }

    #[test]
    fn sum_lines() {
        let mut r = None;
        let p = split_sum_line(b"abcd  f g", "SHA1", 4, &mut r).unwrap();
        assert_eq!((p.hex, p.name), (b"abcd".to_vec(), b"f g".to_vec()));
        let p = split_sum_line(b"SHA1 (a)b) = abcd", "SHA1", 4, &mut r).unwrap();
        assert_eq!((p.hex, p.name), (b"abcd".to_vec(), b"a)b".to_vec()));
        let mut r = None;
        assert!(split_sum_line(b"abcd f", "SHA1", 4, &mut r).is_some());
        assert_eq!(r, Some(true));
        assert!(split_sum_line(b"xyz", "SHA1", 4, &mut r).is_none());
    }

    #[test]
    fn truncation_numbers() {
        assert_eq!(parse_u32(b"64"), Some(64));
        assert_eq!(parse_u32(b"x"), None);
        assert_eq!(parse_u32(b"-8"), None);
        assert_eq!(parse_u32(b""), None);
    }
}
