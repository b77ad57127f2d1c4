//! kcapi-rng: random bytes from a kernel random number generator, written to stdout raw or
//! as lowercase hex. Options, defaults, output and exit statuses are libkcapi's tool's (the
//! exit status of a failure is the low byte of -errno, usage errors exit 1); see
//! `man/man1/kcapi-rng.1`.
//!
//! The generator is seeded like `kcapi_rng_get_bytes` seeds `stdrng` (the seed size the
//! kernel reports, at least 32 bytes, from `getrandom`); when stdin is not a terminal and
//! the generator takes a seed, stdin is read in seed-size pieces and each piece reseeds it.
//!
//! Differences from libkcapi's tool, all deliberate: a failed or short write to stdout is an
//! error (exit status 251, -EIO) instead of being ignored; the pieces read from stdin are
//! filled completely before they are used (a pipe that delivers a seed in two reads still
//! seeds the same way); every buffer that held random bytes or a seed is wiped.

mod common;

use afalg::{Errno, Rng};
use common::getopt::{self, Arg, Long};
use common::{log, LOG_DEBUG, LOG_ERR, LOG_NONE, LOG_VERBOSE, LOG_WARN};
use std::io::{self, IsTerminal, Write};
use std::process::exit;

const APP: &str = "kcapi-rng";

// Private ids of long options without a short form.
const OPT_HEX: i32 = 0x100;
const OPT_VERSION: i32 = 0x101;

const LONGS: &[Long] = &[
    Long { name: "bytes", arg: Arg::Required, id: b'b' as i32 },
    Long { name: "name", arg: Arg::Required, id: b'n' as i32 },
    Long { name: "hex", arg: Arg::No, id: OPT_HEX },
    Long { name: "verbose", arg: Arg::No, id: b'v' as i32 },
    Long { name: "quiet", arg: Arg::No, id: b'q' as i32 },
    Long { name: "help", arg: Arg::No, id: b'h' as i32 },
    Long { name: "version", arg: Arg::No, id: OPT_VERSION },
];

/// Random bytes generated and written per step: memory stays bounded for any `-b`.
const STEP: usize = 4096;

struct Opts {
    bytes: u64,
    name: String,
    hex: bool,
}

fn usage() -> ! {
    let _ = write!(
        io::stderr(),
        "\n\
kcapi-rng - random numbers from a random number generator of the Linux kernel crypto API\n\
\n\
Library: {} (numeric version {})\n\
\n\
Usage: kcapi-rng -b BYTES [OPTION]...\n\
\t-b --bytes <BYTES>\thow many random bytes to write to stdout (required)\n\
\t-n --name <RNGNAME>\tkernel RNG name as listed in /proc/crypto (default: stdrng)\n\
\t   --hex\t\twrite lowercase hex instead of raw bytes\n\
\t-v --verbose\t\tmore log output (repeatable)\n\
\t-q --quiet\t\tno log output\n\
\t-h --help\t\tthis text\n\
\t   --version\t\tprint the library version\n\
\n\
When stdin is not a terminal, the data read from it reseeds the generator.\n",
        common::VERSION_STRING,
        common::VERSION_NUMBER
    );
    exit(1);
}

fn parse_opts(argv: &[Vec<u8>]) -> Opts {
    let mut o = Opts { bytes: 0, name: "stdrng".into(), hex: false };
    let mut verbosity = LOG_WARN;
    common::set_verbosity(APP, verbosity);
    for (id, arg) in getopt::options(argv, "vqhb:n:", LONGS, usage) {
        match id {
            c if c == i32::from(b'b') => {
                // strtoul without error checks, as libkcapi's tool; only ULONG_MAX is refused.
                o.bytes = common::strtoul(&arg);
                if o.bytes == u64::MAX {
                    usage();
                }
            }
            c if c == i32::from(b'n') => o.name = String::from_utf8_lossy(&arg).into_owned(),
            c if c == i32::from(b'v') => verbosity += 1,
            c if c == i32::from(b'q') => verbosity = LOG_NONE,
            c if c == i32::from(b'h') => usage(),
            OPT_HEX => o.hex = true,
            OPT_VERSION => {
                eprintln!("Version {}", common::VERSION_STRING);
                exit(0);
            }
            _ => usage(),
        }
        common::set_verbosity(APP, verbosity);
    }
    if o.bytes == 0 {
        usage();
    }
    o
}

/// A heap buffer for random bytes or seeds, wiped when dropped.
struct Wiped(Vec<u8>);

impl Drop for Wiped {
    fn drop(&mut self) {
        afalg::wipe(&mut self.0);
    }
}

/// Seed the generator from `getrandom` (the seed size the kernel reports, at least 32
/// bytes, or an empty seed when it reports none), then — unless stdin is a terminal —
/// reseed it with every seed-size piece of stdin.
fn seed(rng: &mut Rng) -> Result<(), i32> {
    let size = rng.seed_from_os().map_err(|e| e.neg())?;
    if size == 0 || io::stdin().is_terminal() {
        return Ok(());
    }
    let mut piece = Wiped(vec![0u8; size]);
    let mut stdin = io::stdin().lock();
    loop {
        let n = match common::read_full(&mut stdin, &mut piece.0) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) => {
                log(LOG_ERR, &format!("Read of the seed from stdin failed: {}", common::strerror(&e)));
                return Err(common::io_errno(&e).neg());
            }
        };
        log(LOG_DEBUG, &format!("Seeding the DRNG with {n} bytes of user-provided data"));
        if let Err(e) = rng.seed(&piece.0[..n]) {
            log(LOG_WARN, &format!("User-provided seed of {n} bytes not accepted by DRNG (error: {})", e.neg()));
        }
    }
}

/// Generate `o.bytes` random bytes and write them to stdout.
fn generate(rng: &mut Rng, o: &Opts) -> Result<(), i32> {
    let mut buf = Wiped(vec![0u8; STEP]);
    let mut hexbuf = Wiped(Vec::with_capacity(2 * STEP));
    let mut out = io::stdout().lock();
    let mut left = o.bytes;
    while left > 0 {
        let n = usize::try_from(left).map_or(STEP, |l| l.min(STEP));
        rng.generate(&mut buf.0[..n]).map_err(|e| e.neg())?;
        let data: &[u8] = if o.hex {
            hexbuf.0.clear();
            common::hex_into(&buf.0[..n], &mut hexbuf.0);
            &hexbuf.0
        } else {
            &buf.0[..n]
        };
        if let Err(e) = out.write_all(data) {
            log(LOG_ERR, &format!("Write of the random data failed: {}", common::strerror(&e)));
            return Err(Errno::EIO.neg());
        }
        left -= n as u64;
    }
    if let Err(e) = out.flush() {
        log(LOG_ERR, &format!("Write of the random data failed: {}", common::strerror(&e)));
        return Err(Errno::EIO.neg());
    }
    log(LOG_VERBOSE, &format!("{} random bytes generated", o.bytes));
    Ok(())
}

fn main() {
    let argv = common::args_bytes();
    let o = parse_opts(&argv);
    let mut rng = match Rng::new(&o.name) {
        Ok(r) => r,
        Err(e) => {
            common::report_refusal(&o.name, e);
            exit(e.neg())
        }
    };
    let r = seed(&mut rng).and_then(|()| generate(&mut rng, &o));
    drop(rng);
    exit(r.err().unwrap_or(0));
}
