//! kcapi-dgst: message digest or keyed message digest of a file or of stdin, computed by the
//! kernel crypto API. Options, defaults, output and exit statuses are libkcapi's tool's (the
//! exit status of a failure is the low byte of -errno, usage errors exit 1); see
//! `man/man1/kcapi-dgst.1`.
//!
//! Differences from libkcapi's tool, all deliberate: input files are read in bounded pieces
//! (no mmap, so any size and any file system works); the output file is written only once
//! the digest exists, so a failure never leaves a new output file behind; passwords and keys
//! are never logged.

mod common;

use afalg::{Errno, Hash};
use common::getopt::{self, Arg, Long};
use common::{log, FeedError, Secret, LOG_ERR, LOG_NONE, LOG_VERBOSE, LOG_WARN};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::process::exit;

const APP: &str = "kcapi-dgst";

// Ids of long options without a short form (`val` 0 in libkcapi's table: an abbreviation
// matching several of them means the first, as with glibc there).
const OPT_PASSWDFD: i32 = getopt::VAL0;
const OPT_PBKDFITER: i32 = getopt::VAL0 + 1;
const OPT_PBKDFMAC: i32 = getopt::VAL0 + 2;
const OPT_KEYFD: i32 = getopt::VAL0 + 3;
const OPT_HEX: i32 = getopt::VAL0 + 4;
const OPT_VERSION: i32 = getopt::VAL0 + 5;
const OPT_KEYSERIAL: i32 = getopt::VAL0 + 6;
const OPT_KEYDESC: i32 = getopt::VAL0 + 7;

const LONGS: &[Long] = &[
    Long { name: "cipher", arg: Arg::Required, id: b'c' as i32 },
    Long { name: "infile", arg: Arg::Required, id: b'i' as i32 },
    Long { name: "outfile", arg: Arg::Required, id: b'o' as i32 },
    Long { name: "salt", arg: Arg::Required, id: b's' as i32 },
    Long { name: "passwd", arg: Arg::Required, id: b'p' as i32 },
    Long { name: "passwdfd", arg: Arg::Required, id: OPT_PASSWDFD },
    Long { name: "pbkdfiter", arg: Arg::Required, id: OPT_PBKDFITER },
    Long { name: "pbkdfmac", arg: Arg::Required, id: OPT_PBKDFMAC },
    Long { name: "keyfd", arg: Arg::Required, id: OPT_KEYFD },
    Long { name: "key-serial", arg: Arg::Required, id: OPT_KEYSERIAL },
    Long { name: "key-desc", arg: Arg::Required, id: OPT_KEYDESC },
    Long { name: "hex", arg: Arg::No, id: OPT_HEX },
    Long { name: "verbose", arg: Arg::No, id: b'v' as i32 },
    Long { name: "quiet", arg: Arg::No, id: b'q' as i32 },
    Long { name: "help", arg: Arg::No, id: b'h' as i32 },
    Long { name: "version", arg: Arg::No, id: OPT_VERSION },
];

/// Password bytes read from `--passwdfd` at most (the last one is forced to NUL).
const PASSWD_MAX: usize = 128;
/// Key bytes read from `--keyfd` at most; also the size of a password-derived key.
const KEY_LEN: usize = 32;

#[derive(Default)]
struct Opts {
    cipher: Option<Vec<u8>>,
    infile: Option<Vec<u8>>,
    outfile: Option<Vec<u8>>,
    salt: Option<Vec<u8>>,
    passwd: Option<Vec<u8>>,
    passwd_fd: Option<i32>,
    key_fd: Option<i32>,
    /// `--key-serial` / `--key-desc`: the key stays in the kernel's keyring.
    keyring: Option<common::KeyringKey>,
    pbkdf_iter: u32,
    pbkdf_mac: String,
    hex: bool,
    keyed: bool,
}

fn usage() -> ! {
    let e = &mut io::stderr();
    let _ = write!(
        e,
        "\n\
kcapi-dgst - message digest (hash) or keyed message digest of data, computed by the\n\
Linux kernel crypto API\n\
\n\
Library: {} (numeric version {})\n\
\n\
Usage: kcapi-dgst -c NAME [OPTION]...\n\
\t-c --cipher <NAME>\tkernel algorithm name, e.g. sha256 or hmac(sha256)\n\
\t-i --infile <FILE>\tread the data from FILE (default: stdin)\n\
\t-o --outfile <FILE>\twrite the digest to FILE (default: stdout)\n\
\t   --hex\t\twrite the digest as lowercase hex instead of binary\n\
\t   --keyfd <FD>\t\tread the key (up to 32 bytes) from descriptor FD\n\
\t   --key-serial <N>\tuse the key N of the kernel keyring (it stays in the kernel)\n\
\t   --key-desc <[TYPE:]DESC>\tthe same, found by type (user, logon, encrypted,\n\
\t\t\t\ttrusted; default user) and description\n\
\t-p --passwd <PWD>\tderive a 32-byte key from PWD with PBKDF2\n\
\t   --passwdfd <FD>\tread the password from descriptor FD\n\
\t-s --salt <HEX>\t\tPBKDF2 salt (default: 32 random bytes, logged)\n\
\t   --pbkdfiter <NUM>\tPBKDF2 iteration count (default: measured)\n\
\t   --pbkdfmac <MAC>\tPBKDF2 keyed hash (default: hmac(sha256))\n\
\t-v --verbose\t\tmore log output (repeatable)\n\
\t-q --quiet\t\tno log output\n\
\t-h --help\t\tthis text\n\
\t   --version\t\tprint the library version\n",
        common::VERSION_STRING,
        common::VERSION_NUMBER
    );
    exit(1);
}

/// Numeric option arguments (see [`common::number_arg`]).
fn number(arg: &[u8], what: &str) -> u64 {
    common::number_arg(arg, what, usage)
}

fn parse_opts(argv: &[Vec<u8>]) -> Opts {
    let mut o = Opts::default();
    let mut verbosity = LOG_WARN;
    // The level applies to messages logged while parsing, too.
    common::set_verbosity(APP, verbosity);
    for (id, arg) in getopt::options(argv, "c:i:o:s:p:vqh", LONGS, usage) {
        match id {
            c if c == i32::from(b'c') => o.cipher = Some(arg),
            c if c == i32::from(b'i') => o.infile = Some(arg),
            c if c == i32::from(b'o') => o.outfile = Some(arg),
            c if c == i32::from(b's') => o.salt = Some(arg),
            c if c == i32::from(b'p') => o.passwd = Some(arg),
            c if c == i32::from(b'v') => verbosity += 1,
            c if c == i32::from(b'q') => verbosity = LOG_NONE,
            c if c == i32::from(b'h') => usage(),
            OPT_PASSWDFD => o.passwd_fd = Some(number(&arg, "Passwd FD value too big") as i32),
            OPT_PBKDFITER => o.pbkdf_iter = number(&arg, "PBKDF2 iteration value too big") as u32,
            OPT_PBKDFMAC => o.pbkdf_mac = String::from_utf8_lossy(&arg).into_owned(),
            OPT_KEYFD => o.key_fd = Some(number(&arg, "Passwd FD value too big") as i32),
            OPT_KEYSERIAL => o.keyring = Some(keyring_arg(common::KeyringKey::from_serial_arg(&arg), "key serial")),
            OPT_KEYDESC => o.keyring = Some(keyring_arg(common::KeyringKey::from_desc_arg(&arg), "key description")),
            OPT_HEX => o.hex = true,
            OPT_VERSION => {
                eprintln!("Version {}", common::VERSION_STRING);
                exit(0);
            }
            _ => usage(),
        }
        common::set_verbosity(APP, verbosity);
    }
    common::set_verbosity(APP, verbosity);
    // An fd of -1 (e.g. from "--keyfd -1", which strtoul wraps) means "not given".
    o.passwd_fd = o.passwd_fd.filter(|&fd| fd != -1);
    o.key_fd = o.key_fd.filter(|&fd| fd != -1);
    if o.cipher.is_none() {
        log(LOG_ERR, "Provide cipher name");
        usage();
    }
    o.keyed = o.passwd.is_some() || o.passwd_fd.is_some() || o.key_fd.is_some();
    if o.keyring.is_some() && o.keyed {
        log(LOG_ERR, "A key from the keyring cannot be combined with a password or key FD");
        usage();
    }
    o.keyed |= o.keyring.is_some();
    common::password_opts(o.passwd.is_some(), &mut o.pbkdf_mac);
    o
}

/// A parsed `--key-serial` / `--key-desc` argument, or a usage error.
fn keyring_arg(k: Option<common::KeyringKey>, what: &str) -> common::KeyringKey {
    k.unwrap_or_else(|| {
        log(LOG_ERR, &format!("Invalid {what}"));
        usage()
    })
}

/// Derive the 32-byte key from a password with PBKDF2 (salt from `-s` or 32 random bytes).
fn derive_key(o: &Opts, iter: &mut u32, pw: &[u8], key: &mut [u8; KEY_LEN]) -> Result<(), Errno> {
    common::pbkdf2_key(&o.pbkdf_mac, o.salt.as_deref(), iter, pw, key)
}

/// Set the key of a keyed digest from the password (option or fd) and/or the key fd.
/// Errors are returned as the negative value the process exits with.
fn set_key(h: &mut Hash, o: &Opts) -> Result<(), i32> {
    if !o.keyed {
        return Ok(());
    }
    if let Some(k) = &o.keyring {
        return k.set(|s| h.set_key_by_serial(s));
    }
    let mut pwbuf = Secret([0u8; PASSWD_MAX]);
    let mut key = Secret([0u8; KEY_LEN]);
    let mut keylen = None;
    let mut pwlen = 0;
    let mut from_fd = false;
    if let Some(p) = &o.passwd {
        pwlen = p.len();
    }
    if let Some(fd) = o.passwd_fd {
        // libkcapi's tool: one read; a read error ends the program with status 255.
        pwlen = common::read_fd_once(fd, &mut pwbuf.0).map_err(|_| -1)?;
        pwbuf.0[PASSWD_MAX - 1] = 0;
        from_fd = true;
    }
    if pwlen > 0 {
        let pw: &[u8] = if from_fd { &pwbuf.0[..pwlen] } else { o.passwd.as_deref().unwrap_or_default() };
        let mut iter = o.pbkdf_iter;
        derive_key(o, &mut iter, pw, &mut key.0).map_err(|e| e.neg())?;
        keylen = Some(KEY_LEN);
    }
    if let Some(fd) = o.key_fd {
        keylen = Some(common::read_fd_once(fd, &mut key.0).map_err(|_| -1)?);
    }
    let Some(keylen) = keylen else {
        log(LOG_ERR, "No key found in input data");
        return Err(Errno::EINVAL.neg());
    };
    h.set_key(&key.0[..keylen]).map_err(|e| e.neg())
}

/// Open the output file like libkcapi's tool (read-write, created with mode 0777 less the
/// umask, not truncated yet). Returns the file and whether this call created it.
fn open_output(name: &[u8]) -> io::Result<(File, bool)> {
    let p = common::path(name);
    let mut oo = OpenOptions::new();
    oo.read(true).write(true).mode(0o777);
    match oo.clone().create_new(true).open(p) {
        Ok(f) => Ok((f, true)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => oo.open(p).map(|f| (f, false)),
        Err(e) => Err(e),
    }
}

/// Output file that is removed again unless the digest was written completely.
struct Output {
    file: File,
    path: Vec<u8>,
    created: bool,
    done: bool,
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.done && self.created {
            let _ = std::fs::remove_file(common::path(&self.path));
        }
    }
}

/// Hash the input and write the digest. Returns the digest size, or the negative errno.
fn digest_op(h: &mut Hash, o: &Opts) -> Result<usize, i32> {
    let mut input: Box<dyn Read> = match &o.infile {
        Some(name) => {
            let f = File::open(common::path(name)).map_err(|e| {
                log(LOG_ERR, &format!("Cannot open file {}: {}", String::from_utf8_lossy(name), common::strerror(&e)));
                Errno::EIO.neg()
            })?;
            if !common::is_regular(&f) {
                log(LOG_ERR, &format!("{} is no regular file or symlink", String::from_utf8_lossy(name)));
                return Err(Errno::EINVAL.neg());
            }
            Box::new(f)
        }
        None => Box::new(io::stdin().lock()),
    };
    let mut out = match &o.outfile {
        Some(name) => {
            let (file, created) = open_output(name).map_err(|e| {
                log(LOG_ERR, &format!("Cannot open file {}: {}", String::from_utf8_lossy(name), common::strerror(&e)));
                Errno::EIO.neg()
            })?;
            let out = Output { file, path: name.clone(), created, done: false };
            if !common::is_regular(&out.file) {
                log(LOG_ERR, &format!("{} is no regular file or symlink", String::from_utf8_lossy(name)));
                return Err(Errno::EINVAL.neg());
            }
            Some(out)
        }
        None => None,
    };

    let mut buf = vec![0u8; common::CHUNK];
    common::feed(h, &mut *input, &mut buf).map_err(|e| match e {
        FeedError::Kernel(e) => e.neg(),
        FeedError::Read(e) => {
            log(LOG_ERR, &format!("Read of input data failed: {}", common::strerror(&e)));
            common::io_errno(&e).neg()
        }
    })?;
    let ds = h.digest_size().map_err(|e| e.neg())?;
    let mut md = [0u8; 64];
    let n = h.finalize_into(&mut md).map_err(|e| e.neg())?;
    if n != ds {
        log(LOG_ERR, &format!("Unexpected digest output size: {n} (expected {ds})\n"));
        return Err(Errno::EFAULT.neg());
    }
    let bytes = if o.hex { common::hex(&md[..n]).into_bytes() } else { md[..n].to_vec() };
    match &mut out {
        None => {
            let mut so = io::stdout().lock();
            if let Err(e) = so.write_all(&bytes).and_then(|_| so.flush()) {
                let e = common::io_errno(&e);
                log(LOG_ERR, &format!("Write failed {}", e.neg()));
                return Err(e.neg());
            }
        }
        Some(out) => {
            use std::os::unix::fs::FileExt;
            let r = out.file.write_all_at(&bytes, 0).and_then(|_| out.file.set_len(bytes.len() as u64));
            if let Err(e) = r {
                // Never leave a file that looks like a complete digest.
                let _ = out.file.set_len(0);
                let e = common::io_errno(&e);
                log(LOG_ERR, &format!("Write failed {}", e.neg()));
                return Err(e.neg());
            }
            out.done = true;
        }
    }
    log(LOG_VERBOSE, &format!("Digest of {n} bytes generated\n"));
    Ok(n)
}

fn main() {
    let argv = common::args_bytes();
    let o = parse_opts(&argv);
    let name = String::from_utf8(o.cipher.clone().unwrap_or_default()).unwrap_or_default();
    let mut h = match Hash::new(&name) {
        Ok(h) => h,
        Err(e) => {
            common::report_refusal(&name, e);
            exit(e.neg())
        }
    };
    if let Err(r) = set_key(&mut h, &o) {
        exit(r);
    }
    match digest_op(&mut h, &o) {
        Ok(n) => {
            log(LOG_VERBOSE, &format!("{n} bytes of {}message digest created", if o.keyed { "keyed " } else { "" }));
            exit(0);
        }
        Err(r) => {
            // One line per failure: the summary only when nothing more precise was said.
            if !common::error_shown() {
                log(LOG_ERR, &format!("message digest creation failed with error {r}"));
            }
            exit(r);
        }
    }
}
