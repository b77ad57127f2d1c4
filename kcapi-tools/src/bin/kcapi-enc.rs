//! kcapi-enc: encrypt or decrypt a file or stdin with a symmetric cipher (skcipher) or an
//! AEAD cipher of the kernel crypto API. Options, defaults, output bytes, messages and exit
//! statuses are libkcapi's tool's (the exit status of a failure is the low byte of -errno,
//! usage errors exit 1); see `man/man1/kcapi-enc.1`.
//!
//! Differences from libkcapi's tool, all deliberate (listed in the man page too):
//! * input is read in bounded pieces (no mmap): any size, any file system, empty files work;
//!   the skcipher request stays open across the pieces, so the kernel chains the IV and the
//!   output equals one pass;
//! * the output file is written to a temporary file next to it and renamed into place only on
//!   success: a failure never leaves a partial or pre-sized output file;
//! * unpadding looks at the end of the whole output only (libkcapi's tool looked at the end of
//!   every 124 KiB piece of a file and could cut plaintext in the middle);
//! * AEAD input from stdin may be as large as from a file; AEAD input larger than the kernel
//!   takes in one request fails with a message (EMSGSIZE) instead of hanging; AEAD output
//!   (stdout included) is written only once the tag verified;
//! * failures that libkcapi's tool reports silently (wrong key length, unreadable key or
//!   password descriptor, bad salt) get a one-line message; keys and passwords are never
//!   logged; `--key-len` (libkcapi 1.5) is supported.

mod common;

use afalg::{Aead, Cipher, Direction, Errno, Stream};
use common::getopt::{self, Arg, Long};
use common::{log, Secret, LOG_DEBUG, LOG_ERR, LOG_NONE, LOG_VERBOSE, LOG_WARN};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::PathBuf;
use std::process::exit;

const APP: &str = "kcapi-enc";

// Ids of long options without a short form (`val` 0 in libkcapi's table: an abbreviation
// matching several of them means the first, as with glibc there).
const OPT_IV: i32 = getopt::VAL0;
const OPT_AAD: i32 = getopt::VAL0 + 1;
const OPT_TAG: i32 = getopt::VAL0 + 2;
const OPT_TAGLEN: i32 = getopt::VAL0 + 3;
const OPT_CCM_NONCE: i32 = getopt::VAL0 + 4;
const OPT_KEYLEN: i32 = getopt::VAL0 + 5;
const OPT_PASSWDFD: i32 = getopt::VAL0 + 6;
const OPT_PBKDFITER: i32 = getopt::VAL0 + 7;
const OPT_PBKDFMAC: i32 = getopt::VAL0 + 8;
const OPT_KEYFD: i32 = getopt::VAL0 + 9;
const OPT_NOUNPAD: i32 = getopt::VAL0 + 10;
const OPT_VERSION: i32 = getopt::VAL0 + 11;
const OPT_KEYSERIAL: i32 = getopt::VAL0 + 12;
const OPT_KEYDESC: i32 = getopt::VAL0 + 13;

const LONGS: &[Long] = &[
    Long { name: "cipher", arg: Arg::Required, id: b'c' as i32 },
    Long { name: "encrypt", arg: Arg::No, id: b'e' as i32 },
    Long { name: "decrypt", arg: Arg::No, id: b'd' as i32 },
    Long { name: "infile", arg: Arg::Required, id: b'i' as i32 },
    Long { name: "outfile", arg: Arg::Required, id: b'o' as i32 },
    Long { name: "iv", arg: Arg::Required, id: OPT_IV },
    Long { name: "aad", arg: Arg::Required, id: OPT_AAD },
    Long { name: "tag", arg: Arg::Required, id: OPT_TAG },
    Long { name: "taglen", arg: Arg::Required, id: OPT_TAGLEN },
    Long { name: "ccm-nonce", arg: Arg::Required, id: OPT_CCM_NONCE },
    Long { name: "key-len", arg: Arg::Required, id: OPT_KEYLEN },
    Long { name: "salt", arg: Arg::Required, id: b's' as i32 },
    Long { name: "passwd", arg: Arg::Required, id: b'p' as i32 },
    Long { name: "passwdfd", arg: Arg::Required, id: OPT_PASSWDFD },
    Long { name: "pbkdfiter", arg: Arg::Required, id: OPT_PBKDFITER },
    Long { name: "pbkdfmac", arg: Arg::Required, id: OPT_PBKDFMAC },
    Long { name: "keyfd", arg: Arg::Required, id: OPT_KEYFD },
    Long { name: "key-serial", arg: Arg::Required, id: OPT_KEYSERIAL },
    Long { name: "key-desc", arg: Arg::Required, id: OPT_KEYDESC },
    Long { name: "nounpad", arg: Arg::No, id: OPT_NOUNPAD },
    Long { name: "verbose", arg: Arg::No, id: b'v' as i32 },
    Long { name: "quiet", arg: Arg::No, id: b'q' as i32 },
    Long { name: "help", arg: Arg::No, id: b'h' as i32 },
    Long { name: "version", arg: Arg::No, id: OPT_VERSION },
];

/// Password bytes read from `--passwdfd` at most (the last one is forced to NUL).
const PASSWD_MAX: usize = 128;
/// Default key size: of a password-derived key, and the most read from `--keyfd`.
const KEY_LEN_DEFAULT: u64 = 32;
/// Largest `--key-len`.
const KEY_LEN_MAX: usize = 64;

#[derive(Default)]
struct Opts {
    cipher: String,
    decrypt: bool,
    infile: Option<Vec<u8>>,
    outfile: Option<Vec<u8>>,
    iv: Option<Vec<u8>>,
    aad: Option<Vec<u8>>,
    tag: Option<Vec<u8>>,
    taglen: u32,
    ccm_nonce: Option<Vec<u8>>,
    key_len: u64,
    salt: Option<Vec<u8>>,
    passwd: Option<Vec<u8>>,
    passwd_fd: Option<i32>,
    key_fd: Option<i32>,
    /// `--key-serial` / `--key-desc`: the key stays in the kernel's keyring.
    keyring: Option<common::KeyringKey>,
    pbkdf_iter: u32,
    pbkdf_mac: String,
    nounpad: bool,
}

fn usage() -> ! {
    let e = &mut io::stderr();
    let _ = write!(
        e,
        "\n\
kcapi-enc - encrypt or decrypt data with a symmetric or AEAD cipher of the Linux kernel\n\
crypto API\n\
\n\
Library: {} (numeric version {})\n\
\n\
Usage: kcapi-enc -c NAME (--keyfd FD | -p PWD | --passwdfd FD | --key-serial N |\n\
\t\t --key-desc [TYPE:]DESC) [OPTION]...\n\
\t-c --cipher <NAME>\tkernel cipher name, e.g. cbc(aes) or gcm(aes)\n\
\t-e --encrypt\t\tencrypt (default)\n\
\t-d --decrypt\t\tdecrypt\n\
\t-i --infile <FILE>\tread the input from FILE (default: stdin)\n\
\t-o --outfile <FILE>\twrite the output to FILE (default: stdout)\n\
\t   --iv <HEX>\t\tIV (zero-padded or cut to the cipher's IV size)\n\
\t   --ccm-nonce <HEX>\tCCM nonce, turned into the IV (not with --iv)\n\
\t   --aad <HEX>\t\tassociated data: selects AEAD mode\n\
\t   --tag <HEX>\t\tAEAD tag to verify when decrypting\n\
\t   --taglen <BYTES>\tAEAD tag length to create when encrypting\n\
\t   --keyfd <FD>\t\tread the raw key from descriptor FD\n\
\t   --key-len <BYTES>\tkey size (default 32, at most 64)\n\
\t   --key-serial <N>\tuse the key N of the kernel keyring (it stays in the kernel)\n\
\t   --key-desc <[TYPE:]DESC>\tthe same, found by type (user, logon, encrypted,\n\
\t\t\t\ttrusted; default user) and description\n\
\t-p --passwd <PWD>\tderive the key from PWD with PBKDF2\n\
\t   --passwdfd <FD>\tread the password from descriptor FD\n\
\t-s --salt <HEX>\t\tPBKDF2 salt (default: 32 random bytes, logged)\n\
\t   --pbkdfiter <NUM>\tPBKDF2 iteration count (default: measured)\n\
\t   --pbkdfmac <MAC>\tPBKDF2 keyed hash (default: hmac(sha256))\n\
\t   --nounpad\t\tkeep the padding when decrypting to a file\n\
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
    let mut o = Opts { key_len: KEY_LEN_DEFAULT, ..Opts::default() };
    let mut verbosity = LOG_WARN;
    let mut cipher = None;
    common::set_verbosity(APP, LOG_NONE);
    for (id, arg) in getopt::options(argv, "c:edi:o:s:p:vqh", LONGS, usage) {
        match id {
            c if c == i32::from(b'c') => cipher = Some(arg),
            c if c == i32::from(b'e') => o.decrypt = false,
            c if c == i32::from(b'd') => o.decrypt = true,
            c if c == i32::from(b'i') => o.infile = Some(arg),
            c if c == i32::from(b'o') => o.outfile = Some(arg),
            c if c == i32::from(b's') => o.salt = Some(arg),
            c if c == i32::from(b'p') => o.passwd = Some(arg),
            c if c == i32::from(b'v') => verbosity += 1,
            c if c == i32::from(b'q') => verbosity = LOG_NONE,
            c if c == i32::from(b'h') => usage(),
            OPT_IV => o.iv = Some(arg),
            OPT_AAD => o.aad = Some(arg),
            OPT_TAG => o.tag = Some(arg),
            OPT_TAGLEN => o.taglen = number(&arg, "Tag length value too big") as u32,
            OPT_CCM_NONCE => o.ccm_nonce = Some(arg),
            OPT_KEYLEN => o.key_len = number(&arg, "Key length value too big"),
            OPT_PASSWDFD => o.passwd_fd = Some(number(&arg, "Passwd FD value too big") as i32),
            OPT_PBKDFITER => o.pbkdf_iter = number(&arg, "PBKDF2 iteration value too big") as u32,
            OPT_PBKDFMAC => o.pbkdf_mac = String::from_utf8_lossy(&arg).into_owned(),
            OPT_KEYFD => o.key_fd = Some(number(&arg, "Passwd FD value too big") as i32),
            OPT_KEYSERIAL => o.keyring = Some(keyring_arg(common::KeyringKey::from_serial_arg(&arg), "key serial")),
            OPT_KEYDESC => o.keyring = Some(keyring_arg(common::KeyringKey::from_desc_arg(&arg), "key description")),
            OPT_NOUNPAD => o.nounpad = true,
            OPT_VERSION => {
                eprintln!("Version {}", common::VERSION_STRING);
                exit(0);
            }
            _ => usage(),
        }
    }
    common::set_verbosity(APP, verbosity);
    // An fd of -1 (e.g. from "--keyfd -1", which strtoul wraps) means "not given".
    o.passwd_fd = o.passwd_fd.filter(|&fd| fd != -1);
    o.key_fd = o.key_fd.filter(|&fd| fd != -1);
    let Some(cipher) = cipher else {
        log(LOG_ERR, "Provide cipher name");
        usage();
    };
    o.cipher = String::from_utf8_lossy(&cipher).into_owned();
    if o.keyring.is_some() && (o.passwd.is_some() || o.passwd_fd.is_some() || o.key_fd.is_some()) {
        log(LOG_ERR, "A key from the keyring cannot be combined with a password or key FD");
        usage();
    }
    if o.passwd.is_none() && o.passwd_fd.is_none() && o.key_fd.is_none() && o.keyring.is_none() {
        // libkcapi's message, word for word (scripts match it); the usage text that follows
        // names --key-serial and --key-desc too.
        log(LOG_ERR, "Provide at least a password, a password FD or key FD");
        usage();
    }
    if o.aad.is_some() {
        if o.decrypt && o.tag.is_none() {
            log(LOG_ERR, "No tag provided for AEAD decryption operation");
            usage();
        }
        if !o.decrypt && o.taglen == 0 {
            log(LOG_ERR, "No tag length provided for AEAD encryption operation");
            usage();
        }
    }
    if o.iv.is_some() && o.ccm_nonce.is_some() {
        log(LOG_ERR, "IV and CCM nonce set\n");
        usage();
    }
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

/// `strerror` text of an errno.
fn errno_text(e: Errno) -> String {
    common::strerror(&io::Error::from_raw_os_error(e.0))
}

/// Read key material once from descriptor `fd` (libkcapi's tool: one read; a failure ends
/// the program with status 255, which we explain in one line).
fn read_secret_fd(fd: i32, what: &str, buf: &mut [u8]) -> Result<usize, i32> {
    common::read_fd_once(fd, buf).map_err(|e| {
        log(LOG_ERR, &format!("Cannot read the {what} from file descriptor {fd}: {}", common::strerror(&e)));
        -1
    })
}

/// Get the key from the password (option or descriptor) and/or the key descriptor and set it
/// with `setkey`. Errors are returned as the negative value the process exits with.
fn set_key(setkey: impl FnOnce(&[u8]) -> Result<(), Errno>, o: &Opts) -> Result<(), i32> {
    let key_len = usize::try_from(o.key_len).unwrap_or(usize::MAX);
    if key_len > KEY_LEN_MAX {
        log(LOG_ERR, &format!("Key length {key_len} too large (at most {KEY_LEN_MAX} bytes)"));
        return Err(Errno::EINVAL.neg());
    }
    let mut pwbuf = Secret([0u8; PASSWD_MAX]);
    let mut key = Secret([0u8; KEY_LEN_MAX]);
    let mut keylen = None;
    let mut pwlen = o.passwd.as_ref().map_or(0, Vec::len);
    let mut from_fd = false;
    if let Some(fd) = o.passwd_fd {
        pwlen = read_secret_fd(fd, "password", &mut pwbuf.0)?;
        pwbuf.0[PASSWD_MAX - 1] = 0;
        from_fd = true;
    }
    if pwlen > 0 {
        let pw: &[u8] = if from_fd { &pwbuf.0[..pwlen] } else { o.passwd.as_deref().unwrap_or_default() };
        let mut iter = o.pbkdf_iter;
        common::pbkdf2_key(&o.pbkdf_mac, o.salt.as_deref(), &mut iter, pw, &mut key.0[..key_len]).map_err(|e| {
            log(LOG_ERR, &format!("PBKDF2 key derivation failed: {}", errno_text(e)));
            e.neg()
        })?;
        keylen = Some(key_len);
    }
    if let Some(fd) = o.key_fd {
        keylen = Some(read_secret_fd(fd, "key", &mut key.0[..key_len])?);
    }
    let Some(keylen) = keylen else {
        log(LOG_ERR, "No key found in input data");
        return Err(Errno::EINVAL.neg());
    };
    setkey(&key.0[..keylen]).map_err(|e| {
        log(LOG_ERR, &format!("Cannot use a key of {keylen} bytes: {}", errno_text(e)));
        e.neg()
    })
}

/// Log "Cannot open file NAME: REASON" and return -EIO (libkcapi's tool's status).
fn open_failed(name: &[u8], e: &io::Error) -> i32 {
    log(LOG_ERR, &format!("Cannot open file {}: {}", String::from_utf8_lossy(name), common::strerror(e)));
    Errno::EIO.neg()
}

/// Log "NAME is no regular file or symlink" and return -EINVAL.
fn not_regular(name: &[u8]) -> i32 {
    log(LOG_ERR, &format!("{} is no regular file or symlink", String::from_utf8_lossy(name)));
    Errno::EINVAL.neg()
}

/// The input: a regular file or stdin, read in bounded pieces.
struct Input {
    r: Box<dyn Read>,
    /// The input is a file (unpadding is done only from file to file).
    file: bool,
    /// Whether an encrypted file's tail looks like padding (libkcapi's warning).
    tail_like_padding: bool,
}

fn open_input(o: &Opts, bs: usize) -> Result<Input, i32> {
    let Some(name) = &o.infile else {
        return Ok(Input { r: Box::new(io::stdin().lock()), file: false, tail_like_padding: false });
    };
    let f = File::open(common::path(name)).map_err(|e| open_failed(name, &e))?;
    if !common::is_regular(&f) {
        return Err(not_regular(name));
    }
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut tail = vec![0u8; bs];
    let tail_like_padding = bs > 1
        && size >= bs as u64
        && size % bs as u64 == 0
        && f.read_at(&mut tail, size - bs as u64).ok() == Some(bs)
        && looks_padded(&tail) > 0;
    common::wipe(&mut tail);
    Ok(Input { r: Box::new(f), file: true, tail_like_padding })
}

/// libkcapi's padding test on the last block of data: the last byte p is below the block
/// size and the last p bytes all equal p. Returns p (0: nothing to remove).
fn looks_padded(last_block: &[u8]) -> usize {
    let bs = last_block.len();
    let Some(&p) = last_block.last() else { return 0 };
    let p = usize::from(p);
    if p >= bs || last_block[bs - p..].iter().any(|&b| usize::from(b) != p) {
        return 0;
    }
    p
}

/// An output file written under a temporary name in the target's directory and renamed over
/// the target only once everything is written; removed if dropped before.
struct TempOut {
    file: File,
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Drop for TempOut {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Prepare the output file `name`: the checks libkcapi's tool makes when it opens it
/// (writable, a regular file or a symlink to one; a missing file is created with mode 0777
/// less the umask), then a temporary file next to the real target.
fn open_output(name: &[u8]) -> Result<TempOut, i32> {
    let target = common::path(name);
    let existing = match OpenOptions::new().read(true).write(true).open(target) {
        Ok(f) => {
            if !common::is_regular(&f) {
                return Err(not_regular(name));
            }
            f.metadata().ok()
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(open_failed(name, &e)),
    };
    // Replace the file a symlink points to, not the symlink.
    let real = match existing {
        Some(_) => std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf()),
        None => target.to_path_buf(),
    };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = real.file_name().map(|b| b.to_string_lossy().into_owned()).unwrap_or_default();
    let pid = std::process::id();
    for i in 0..1000u32 {
        let tmp = dir.join(format!(".{base}.kcapi-enc-{pid}-{i}"));
        match OpenOptions::new().read(true).write(true).create_new(true).mode(0o777).open(&tmp) {
            Ok(file) => {
                let out = TempOut { file, tmp, target: real, done: false };
                if let Some(m) = &existing {
                    let _ = out.file.set_permissions(m.permissions());
                }
                return Ok(out);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(open_failed(name, &e)),
        }
    }
    Err(open_failed(name, &io::Error::from(io::ErrorKind::AlreadyExists)))
}

/// Where the output goes.
enum Sink {
    Stdout(io::StdoutLock<'static>),
    File(TempOut),
}

impl Sink {
    fn write(&mut self, data: &[u8]) -> Result<(), i32> {
        let r = match self {
            Sink::Stdout(s) => s.write_all(data),
            Sink::File(t) => t.file.write_all(data),
        };
        r.map_err(write_failed)
    }

    /// Everything is written: flush stdout, or put the file in place.
    fn commit(self) -> Result<(), i32> {
        match self {
            Sink::Stdout(mut s) => s.flush().map_err(write_failed),
            Sink::File(mut t) => {
                t.file.flush().map_err(write_failed)?;
                std::fs::rename(&t.tmp, &t.target).map_err(write_failed)?;
                t.done = true;
                Ok(())
            }
        }
    }

    fn is_file(&self) -> bool {
        matches!(self, Sink::File(_))
    }
}

fn write_failed(e: io::Error) -> i32 {
    let e = common::io_errno(&e);
    log(LOG_ERR, &format!("Write failed {}", e.neg()));
    e.neg()
}

fn read_failed(e: io::Error) -> i32 {
    log(LOG_ERR, &format!("Read of input data failed: {}", common::strerror(&e)));
    common::io_errno(&e).neg()
}

/// The IV for the kernel (exactly `ivsize` bytes, `None` for none) from `--iv` or
/// `--ccm-nonce`, as libkcapi's tool makes it: an IV whose length differs from the block size
/// is zero-padded or cut to the IV size (`kcapi_pad_iv`); a CCM nonce becomes a CCM IV.
fn make_iv(o: &Opts, bs: usize, ivsize: usize) -> Result<Option<Vec<u8>>, Errno> {
    let mut iv = if let Some(arg) = &o.iv {
        let mut iv = common::hex_arg(arg)?;
        if iv.len() != bs {
            iv.resize(ivsize, 0);
            log(LOG_DEBUG, &format!("Padded IV: {}", common::hex(&iv)));
        }
        iv
    } else if let Some(arg) = &o.ccm_nonce {
        let nonce = common::hex_arg(arg)?;
        let iv = afalg::ccm_nonce_to_iv(&nonce)?;
        log(LOG_DEBUG, &format!("CCM nonce converted to IV: {}", common::hex(&iv)));
        iv.to_vec()
    } else {
        return Ok(None);
    };
    if ivsize == 0 {
        return Ok(None);
    }
    iv.resize(ivsize, 0);
    Ok(Some(iv))
}

/// Bytes read from stdin per piece (libkcapi's tool's stdin buffer).
const STDIN_PIECE: usize = 4096 * 15;

/// Bytes processed per piece: from stdin 60 KiB, from a file the handle's splice size (124 KiB),
/// as libkcapi's tool. Each piece is a whole number of blocks and small enough for the kernel
/// to take without a read in between. The pieces form one request, so CBC and CTR chain
/// across them; for modes whose kernel implementation restarts the IV at every read (XTS)
/// the same piece sizes keep the output identical to libkcapi's tool's.
fn piece_size(s: &mut Stream<'_>, file: bool, bs: usize) -> usize {
    let n = if file { s.max_splice_size().unwrap_or(4096 * 31) } else { STDIN_PIECE };
    let n = n.clamp(4096, 4096 * 31);
    (n / bs).max(1) * bs
}

/// Encrypt or decrypt with a symmetric cipher as one stream request, piece by piece.
/// Returns the output bytes written.
fn cipher_op(c: &mut Cipher, o: &Opts, dir: Direction) -> Result<usize, i32> {
    let info = c.info().map_err(|e| e.neg())?;
    let bs = (info.blocksize as usize).max(1);
    let iv = make_iv(o, bs, info.ivsize as usize).map_err(|e| e.neg())?;
    let mut input = open_input(o, bs)?;
    let mut out = match &o.outfile {
        Some(name) => Sink::File(open_output(name)?),
        None => Sink::Stdout(io::stdout().lock()),
    };
    if !o.decrypt && input.tail_like_padding && out.is_file() {
        log(
            LOG_WARN,
            "Input file's trailing bytes will be treated as padding during decryption unless you turn off padding handling with --nounpad\n",
        );
    }
    let unpad = o.decrypt && !o.nounpad && input.file && out.is_file() && bs > 1;
    if o.decrypt && !unpad {
        log(LOG_VERBOSE, "Removal of padding disabled");
    }
    // No IV given: the kernel's initial IV of a new operation socket, all zeros.
    let iv = iv.unwrap_or_else(|| vec![0u8; info.ivsize as usize]);
    let mut s = c.stream(dir, &iv).map_err(|e| e.neg())?;
    let piece = piece_size(&mut s, input.file, bs);
    // libkcapi's tool collects output for stdout in reads of at most 60 KiB; the kernel's XTS
    // restarts its tweak at every read, so the same read sizes keep the output the same.
    let read_max = if out.is_file() { piece } else { STDIN_PIECE };
    let mut inb = vec![0u8; piece + bs];
    let mut outb = vec![0u8; piece + bs];
    // When unpadding, the last block of output is held back until the end.
    let mut held: Vec<u8> = Vec::with_capacity(2 * bs);
    let mut total = 0usize;
    let r = (|| -> Result<(), i32> {
        loop {
            let n = common::read_full(&mut *input.r, &mut inb[..piece]).map_err(read_failed)?;
            let last = n < piece;
            let mut len = n;
            if last && !o.decrypt && n % bs != 0 {
                let pad = bs - n % bs;
                inb[n..n + pad].fill(pad as u8);
                len += pad;
                log(LOG_VERBOSE, &format!("Padding of {pad} bytes applied"));
            }
            if last { s.finish(&inb[..len]) } else { s.update(&inb[..len]) }.map_err(|e| e.neg())?;
            let want = if last { len.div_ceil(bs) * bs } else { len };
            let mut got = 0;
            while got < want {
                let end = (got + read_max).min(want);
                let k = s.read(&mut outb[got..end]).map_err(|e| e.neg())?;
                if k == 0 {
                    break;
                }
                got += k;
            }
            let data = &outb[..got];
            if unpad {
                held.extend_from_slice(data);
                if held.len() > bs {
                    let keep = held.len() - bs;
                    out.write(&held[..keep])?;
                    held.drain(..keep);
                }
            } else {
                out.write(data)?;
            }
            total += got;
            if last {
                return Ok(());
            }
        }
    })();
    common::wipe(&mut inb);
    common::wipe(&mut outb);
    if let Err(e) = r {
        common::wipe(&mut held);
        return Err(e);
    }
    if unpad {
        let p = if held.len() == bs { looks_padded(&held) } else { 0 };
        if p > 0 {
            log(LOG_DEBUG, &format!("Unpad {p} bytes"));
        }
        out.write(&held[..held.len() - p])?;
        total -= p;
        common::wipe(&mut held);
    }
    out.commit()?;
    Ok(total)
}

/// Encrypt or decrypt with an AEAD cipher: one request over AAD ‖ input (‖ tag), output
/// (AAD ‖ result, as the kernel writes it) written only when the operation succeeded. Returns
/// the output bytes written.
fn aead_op(a: &mut Aead, o: &Opts, dir: Direction) -> Result<usize, i32> {
    let info = a.info().map_err(|e| e.neg())?;
    let bs = (info.blocksize as usize).max(1);
    let iv = make_iv(o, bs, info.ivsize as usize).map_err(|e| e.neg())?;
    // No IV given: the kernel's initial IV of a new operation socket, all zeros.
    let iv = iv.unwrap_or_else(|| vec![0u8; info.ivsize as usize]);
    let aad = common::hex_arg(o.aad.as_deref().unwrap_or_default()).map_err(|e| e.neg())?;
    log(LOG_DEBUG, &format!("Set AAD length to {} bytes", aad.len()));
    let mut taglen = o.taglen as usize;
    let tag = match &o.tag {
        Some(t) => {
            let t = common::hex_arg(t).map_err(|e| e.neg())?;
            taglen = t.len();
            t
        }
        None => Vec::new(),
    };
    if taglen != 0 {
        a.set_tag_size(taglen).map_err(|e| e.neg())?;
        log(LOG_DEBUG, &format!("Set tag length to {taglen} bytes"));
    }
    a.tag_size().map_err(|e| e.neg())?;
    // Only the tag of a decryption is input.
    let tag: &[u8] = if o.decrypt { &tag } else { &[] };
    let mut input = open_input(o, 1)?;
    let mut out = match &o.outfile {
        Some(name) => Sink::File(open_output(name)?),
        None => Sink::Stdout(io::stdout().lock()),
    };
    // The whole request must fit what the kernel queues: read one byte more to notice more.
    let max = a.max_request_size().map_err(|e| e.neg())?;
    let room = max.saturating_sub(aad.len() + tag.len());
    let mut data = vec![0u8; room + 1 + tag.len()];
    let n = common::read_full(&mut *input.r, &mut data[..room + 1]).map_err(read_failed)?;
    if n > room {
        common::wipe(&mut data);
        log(
            LOG_ERR,
            &format!(
                "AEAD input too large: the kernel takes at most {max} bytes of AAD, data and tag in one operation"
            ),
        );
        return Err(Errno::EMSGSIZE.neg());
    }
    // Ciphertext ‖ tag to decrypt.
    data[n..n + tag.len()].copy_from_slice(tag);
    let r = match dir {
        Direction::Encrypt => a.encrypt(&iv, &aad, &data[..n]),
        Direction::Decrypt => a.decrypt(&iv, &aad, &data[..n + tag.len()]),
    };
    common::wipe(&mut data);
    let mut result = r.map_err(|e| e.neg())?;
    let w = out.write(&aad).and_then(|()| out.write(&result));
    common::wipe(&mut result);
    w?;
    out.commit()?;
    Ok(aad.len() + result.len())
}

fn main() {
    let argv = common::args_bytes();
    let o = parse_opts(&argv);
    let dir = if o.decrypt { Direction::Decrypt } else { Direction::Encrypt };
    let result = if o.aad.is_some() {
        let mut a = match Aead::new(&o.cipher) {
            Ok(a) => a,
            Err(e) => {
                common::report_refusal(&o.cipher, e);
                exit(e.neg())
            }
        };
        let r = match &o.keyring {
            Some(k) => k.set(|s| a.set_key_by_serial(s)),
            None => set_key(|k| a.set_key(k), &o),
        };
        if let Err(r) = r {
            exit(r);
        }
        aead_op(&mut a, &o, dir)
    } else {
        let mut c = match Cipher::new(&o.cipher) {
            Ok(c) => c,
            Err(e) => {
                common::report_refusal(&o.cipher, e);
                exit(e.neg())
            }
        };
        let r = match &o.keyring {
            Some(k) => k.set(|s| c.set_key_by_serial(s)),
            None => set_key(|k| c.set_key(k), &o),
        };
        if let Err(r) = r {
            exit(r);
        }
        cipher_op(&mut c, &o, dir)
    };
    match result {
        Ok(n) => {
            if n > 0 {
                log(LOG_VERBOSE, &format!("{n} bytes of {}text created", if o.decrypt { "plain" } else { "cipher" }));
            }
            exit(0);
        }
        Err(r) => {
            if r == Errno::EBADMSG.neg() && o.aad.is_some() {
                log(LOG_ERR, "AEAD decryption failed due to integrity violation");
            } else if !common::error_shown() {
                // One line per failure: the summary only when nothing more precise was said.
                log(LOG_ERR, &format!("{} failed with error {r}", if o.decrypt { "decryption" } else { "encryption" }));
            }
            exit(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_recognised_like_libkcapi() {
        let mut b = [7u8; 16];
        b[15] = 1;
        assert_eq!(looks_padded(&b), 1);
        b[14] = 2;
        b[15] = 2;
        assert_eq!(looks_padded(&b), 2);
        b[13] = 3;
        b[14] = 3;
        b[15] = 3;
        assert_eq!(looks_padded(&b), 3);
        b[14] = 4;
        assert_eq!(looks_padded(&b), 0);
        // 0 and the block size are never padding
        b[15] = 0;
        assert_eq!(looks_padded(&b), 0);
        assert_eq!(looks_padded(&[16u8; 16]), 0);
        assert_eq!(looks_padded(&[15u8; 16]), 15);
        assert_eq!(looks_padded(&[]), 0);
    }

    #[test]
    fn ivs_like_libkcapi() {
        let o = |iv: Option<&str>, nonce: Option<&str>| Opts {
            iv: iv.map(|s| s.as_bytes().to_vec()),
            ccm_nonce: nonce.map(|s| s.as_bytes().to_vec()),
            ..Opts::default()
        };
        // no IV: none sent (the kernel's zero IV)
        assert_eq!(make_iv(&o(None, None), 16, 16), Ok(None));
        // short: zero-padded; long: cut; odd: the first digit is a byte
        assert_eq!(make_iv(&o(Some("01"), None), 16, 16).unwrap().unwrap()[..2], [1, 0]);
        assert_eq!(make_iv(&o(Some("001"), None), 16, 16).unwrap().unwrap()[..3], [0, 1, 0]);
        assert_eq!(make_iv(&o(Some(&"ab".repeat(20)), None), 16, 16).unwrap().unwrap(), vec![0xab; 16]);
        // a cipher without IV ignores it; an empty argument is an error
        assert_eq!(make_iv(&o(Some("0011"), None), 16, 0), Ok(None));
        assert_eq!(make_iv(&o(Some(""), None), 16, 16), Err(Errno::EINVAL));
        // CCM nonce: flags byte 14 - len, nonce, zeros; cut to a smaller IV size
        let iv = make_iv(&o(None, Some("a1a2a3a4a5a6a7")), 1, 16).unwrap().unwrap();
        assert_eq!(iv[..8], [7, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7]);
        assert_eq!(make_iv(&o(None, Some("a1a2a3a4a5a6a7")), 1, 12).unwrap().unwrap().len(), 12);
        assert_eq!(make_iv(&o(None, Some(&"00".repeat(15))), 1, 16), Err(Errno::EINVAL));
    }
}
