//! Random number generators (AF_ALG `rng`): the kernel's SP 800-90A DRBGs (`stdrng`,
//! `drbg_nopr_hmac_sha256`, `drbg_pr_ctr_aes128`, …), `jitterentropy_rng`, `ansi_cprng`.
//!
//! Seeding sets the key of the transformation (`ALG_SET_KEY`); for a DRBG the seed is the
//! personalisation string and the DRBG also draws entropy itself, so its output is never
//! reproducible — only deterministic generators such as `ansi_cprng` (X9.31, seed =
//! V ‖ key ‖ DT) are. The kernel hands out at most 128 bytes per `recv`, so generating loops
//! until the request is filled. Test entropy (`ALG_SET_DRBG_ENTROPY`) and additional input
//! (a `send` on the operation socket) need a kernel with `CONFIG_CRYPTO_USER_API_RNG_CAVP`;
//! elsewhere the kernel answers `ENOPROTOOPT` and `EOPNOTSUPP`.

use crate::core::handle::{AlgType, Handle};
use crate::core::info::AlgInfo;
use crate::core::log::{DEBUG, VERBOSE};
use crate::core::{memset_secure, Secret};
use crate::error::{Errno, Result};
use crate::klog;
use crate::sys::sync::Mutex;
use crate::sys::{alg, random};
use ::core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The most bytes the kernel returns per `recv` on an rng socket.
pub const KERNEL_CHUNK: usize = 128;

/// The longest additional input libkcapi hands to the kernel (`INT_MAX`).
pub const MAX_ADDTL: usize = i32::MAX as usize;

/// `stdrng`: the kernel's default DRBG (the highest-priority one).
pub const STDRNG: &str = "stdrng";

/// The smallest seed [`seeded_stdrng`] draws when the kernel reports a seed size.
pub const MIN_SEED: usize = 32;

/// The length of a transformation option: the buffer's, or `len` for a NULL buffer.
fn option_len(value: Option<&[u8]>, len: u32) -> Result<u32> {
    value.map_or(Ok(len), |v| u32::try_from(v.len()).map_err(|_| Errno::EINVAL))
}

impl Handle {
    /// `setsockopt` on the transformation: `value`, or — for C callers that pass a NULL buffer —
    /// a NULL pointer with `len`, so that the kernel gives its own answer (`EFAULT`, `ENOMEM`).
    fn rng_tfm_option(&self, opt: i32, value: Option<&[u8]>, len: u32, what: &str) -> Result<()> {
        let r = self.tfm_setsockopt(opt, value, len);
        klog!(DEBUG, "AF_ALG {what}: setsockopt syscall returned {}", r.map_or_else(|e| e.neg(), |()| 0));
        r
    }

    /// Seed or reseed the generator (`kcapi_rng_seed`): `None` passes a NULL buffer of `len`
    /// bytes; with `Some`, `len` is ignored. A DRBG takes any length (an empty seed makes it
    /// seed itself only); `ansi_cprng` needs at least 32 bytes. The kernel refuses (`EBUSY`)
    /// once the handle has generated.
    pub fn rng_seed(&mut self, seed: Option<&[u8]>, len: u32) -> Result<()> {
        let len = option_len(seed, len)?;
        klog!(VERBOSE, "Seed DRNG with {len} bytes of seed");
        self.rng_tfm_option(alg::ALG_SET_KEY, seed, len, "setkey")
    }

    /// Set the DRBG's test entropy (`kcapi_rng_setentropy`; CAVP kernels only, `ENOPROTOOPT`
    /// elsewhere). `None` as for [`Handle::rng_seed`].
    pub fn rng_setentropy(&mut self, ent: Option<&[u8]>, len: u32) -> Result<()> {
        let len = option_len(ent, len)?;
        klog!(VERBOSE, "Set {len} bytes of initial entropy of DRBG");
        self.rng_tfm_option(alg::ALG_SET_DRBG_ENTROPY, ent, len, "setentropy")
    }

    /// Hand additional input for the next generate call to the DRBG (`kcapi_rng_setaddtl`;
    /// CAVP kernels only, `EOPNOTSUPP` elsewhere). Opens the operation socket, so the
    /// generator cannot be seeded afterwards. `EMSGSIZE` above [`MAX_ADDTL`] bytes, `EIO` when
    /// the kernel takes only part.
    pub fn rng_setaddtl(&mut self, addtl: &[u8]) -> Result<()> {
        klog!(VERBOSE, "Set {} bytes of additional data for DRBG", addtl.len());
        if addtl.len() > MAX_ADDTL {
            return Err(Errno::EMSGSIZE);
        }
        let n = alg::send(self.op()?, addtl, true)?;
        if n != addtl.len() {
            return Err(Errno::EIO);
        }
        Ok(())
    }

    /// Fill `out` with random bytes (`kcapi_rng_generate`), looping over the kernel's
    /// 128-byte pieces. An empty `out` costs no syscall. An unseeded DRBG gives `EINVAL`. On
    /// failure the part already written is wiped.
    pub fn rng_generate(&mut self, out: &mut [u8]) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        let op = self.op()?;
        let mut done = 0;
        while done < out.len() {
            let r = alg::recv(op, &mut out[done..]).and_then(|n| if n == 0 { Err(Errno::EIO) } else { Ok(n) });
            klog!(DEBUG, "AF_ALG: recvmsg syscall returned {}", r.map_or_else(|e| e.neg() as isize, |n| n as isize));
            match r {
                Ok(n) => done += n,
                Err(e) => {
                    memset_secure(&mut out[..done], 0);
                    return Err(e);
                }
            }
        }
        Ok(done)
    }

    /// Generate one kernel piece (up to `len` bytes, at most [`KERNEL_CHUNK`]) and discard it:
    /// what the kernel does before it finds a caller's output buffer unwritable.
    pub fn rng_generate_discard(&mut self, len: usize) -> Result<()> {
        let mut tmp = [0u8; KERNEL_CHUNK];
        let r = self.rng_generate(&mut tmp[..len.min(KERNEL_CHUNK)]);
        memset_secure(&mut tmp, 0);
        r.map(|_| ())
    }
}

/// Seed `h` like libkcapi's `kcapi_rng_get_bytes` seeds `stdrng`: when the kernel reports a
/// seed size, that many bytes (at least [`MIN_SEED`]) from `getrandom`, else an empty seed
/// (a DRBG seeds itself). Returns the seed size the kernel reports.
pub fn seed_from_os(h: &mut Handle) -> Result<usize> {
    let size = h.info()?.seedsize as usize;
    let mut seed = Secret::zeroed(if size == 0 { 0 } else { size.max(MIN_SEED) });
    if !seed.is_empty() {
        random::getrandom(&mut seed)?;
        klog!(DEBUG, "Accessed getrandom system call for {} bytes", seed.len());
    }
    h.rng_seed(Some(&seed), 0)?;
    Ok(size)
}

/// A `stdrng` handle seeded by [`seed_from_os`].
pub fn seeded_stdrng() -> Result<Handle> {
    let mut h = Handle::new(AlgType::Rng, STDRNG, 0)?;
    seed_from_os(&mut h)?;
    Ok(h)
}

/// Where [`get_bytes`] takes its bytes from.
#[derive(Debug)]
pub enum Source<'h> {
    /// The process's seeded `stdrng` handle (see [`with_get_bytes_source`]).
    Stdrng(&'h mut Handle),
    /// `getrandom(2)`: the kernel has AF_ALG but no `stdrng` (binding it gives `ENOENT`: built
    /// without `CONFIG_CRYPTO_DRBG`, as Debian's 7.2 kernels are).
    Getrandom,
}

/// Set once a bind of `stdrng` failed with `ENOENT`: later calls go to `getrandom(2)` at once
/// instead of paying a failing socket + bind (and the kernel's module lookup) every time.
static NO_STDRNG: AtomicBool = AtomicBool::new(false);

/// The `stdrng` handle of [`get_bytes`], kept for the process, and the process it was made in.
#[derive(Debug)]
struct Shared {
    h: Handle,
    pid: u32,
}

/// [`Shared`], made on first use.
static SHARED: Mutex<Option<Shared>> = Mutex::new(None);

/// How many times [`SHARED`] was made (tests).
static SHARED_MADE: AtomicUsize = AtomicUsize::new(0);

/// Run `f` on the source of `kcapi_rng_get_bytes`: the process's seeded `stdrng` handle, or
/// `getrandom(2)` on a kernel without `stdrng` (remembered for the process).
///
/// The handle is made and seeded ([`seeded_stdrng`]) on first use and kept, so that a call
/// costs only the generating `recvmsg` calls (libkcapi makes and seeds a new one every time:
/// 19 syscalls for 32 bytes). It is used under a lock: a call that finds it busy (another
/// thread generating, or a child forked while one was) uses a fresh handle of its own. A
/// child process after `fork` makes its own (the pid differs), and a handle that failed (any
/// error but `EFAULT`, the caller's buffer) is dropped and made anew on the next call. Every
/// other failure (no AF_ALG, …) is returned.
pub fn with_get_bytes_source<T>(f: impl FnOnce(Source<'_>) -> Result<T>) -> Result<T> {
    if NO_STDRNG.load(Ordering::Relaxed) {
        return f(Source::Getrandom);
    }
    let mut guard = match SHARED.try_lock() {
        Some(g) => g,
        None => {
            return match new_stdrng()? {
                Some(mut h) => f(Source::Stdrng(&mut h)),
                None => f(Source::Getrandom),
            };
        }
    };
    let pid = crate::sys::getpid();
    if guard.as_ref().is_some_and(|s| s.pid != pid) {
        // Forked: the parent's handle (and its DRBG) stays the parent's; this drops the
        // child's copies of its descriptors.
        *guard = None;
    }
    if guard.is_none() {
        match new_stdrng()? {
            Some(h) => {
                *guard = Some(Shared { h, pid });
                SHARED_MADE.fetch_add(1, Ordering::Relaxed);
            }
            None => return f(Source::Getrandom),
        }
    }
    let Some(shared) = guard.as_mut() else {
        return f(Source::Getrandom);
    };
    let r = f(Source::Stdrng(&mut shared.h));
    if r.as_ref().is_err_and(|e| *e != Errno::EFAULT) {
        *guard = None;
    }
    r
}

/// Close the process's `stdrng` handle of [`with_get_bytes_source`] unless it is in use (at
/// exit, so that no descriptor of the library's is left open then); the next call makes a
/// new one.
pub fn release_shared() {
    if let Some(mut g) = SHARED.try_lock() {
        *g = None;
    }
}

/// A seeded `stdrng`, or `None` when the kernel has none (`ENOENT`, remembered).
fn new_stdrng() -> Result<Option<Handle>> {
    match seeded_stdrng() {
        Ok(h) => Ok(Some(h)),
        Err(Errno::ENOENT) => {
            klog!(VERBOSE, "No stdrng in the kernel: random bytes from the getrandom system call");
            NO_STDRNG.store(true, Ordering::Relaxed);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Fill `out` from the kernel's own pool (`getrandom(2)`, `/dev/urandom` where the syscall is
/// filtered); on failure the part already filled is wiped.
pub fn os_random(out: &mut [u8]) -> Result<()> {
    random::getrandom(out)
}

/// Fill `out` with random bytes (`kcapi_rng_get_bytes`): from the process's seeded `stdrng`,
/// or from `getrandom(2)` on a kernel without `stdrng` (see [`with_get_bytes_source`]).
pub fn get_bytes(out: &mut [u8]) -> Result<()> {
    with_get_bytes_source(|src| match src {
        Source::Stdrng(h) => h.rng_generate(out).map(|_| ()),
        Source::Getrandom => os_random(out),
    })
}

/// A kernel random number generator.
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// # if afalg::Rng::new("drbg_nopr_hmac_sha256").is_err() { return Ok(()); }
/// let mut rng = afalg::Rng::new("drbg_nopr_hmac_sha256")?;
/// rng.seed(b"personalisation")?;
/// let mut key = [0u8; 32];
/// rng.generate(&mut key)?;
/// # Ok::<(), afalg::Errno>(())
/// ```
///
/// `Rng` implements [`std::io::Read`] (reads never end), and with the cargo feature
/// `rand_core` the `rand_core` 0.10 traits `TryRng` and `TryCryptoRng` (error type [`Errno`]),
/// so that it can drive the `rand` ecosystem's fallible interfaces.
#[derive(Debug)]
pub struct Rng {
    pub(crate) h: Handle,
}

// `Rng` is `Sync`: the only methods taking `&self` are getters (`seed_size`, `info`: cached
// behind a mutex or a `OnceLock`); none of them touches the operation socket.

impl Rng {
    /// Open the kernel RNG `name` (`stdrng`, a DRBG driver name, `jitterentropy_rng`, …).
    /// DRBGs must be seeded before they generate.
    pub fn new(name: &str) -> Result<Rng> {
        Ok(Rng { h: Handle::new(AlgType::Rng, name, 0)? })
    }

    /// The kernel's default DRBG (`stdrng`), seeded from `getrandom(2)` as libkcapi does
    /// ([`Rng::seed_from_os`]).
    pub fn new_seeded() -> Result<Rng> {
        Ok(Rng { h: seeded_stdrng()? })
    }

    /// Seed (DRBG: personalisation string, may be empty; before the first generate).
    pub fn seed(&mut self, seed: &[u8]) -> Result<()> {
        self.h.rng_seed(Some(seed), 0)
    }

    /// Set test entropy (kernels with `CONFIG_CRYPTO_USER_API_RNG_CAVP` only, `ENOPROTOOPT`
    /// elsewhere).
    pub fn set_entropy(&mut self, entropy: &[u8]) -> Result<()> {
        self.h.rng_setentropy(Some(entropy), 0)
    }

    /// Set additional input for the next [`Rng::generate`] (CAVP kernels only, `EOPNOTSUPP`
    /// elsewhere).
    pub fn set_addtl(&mut self, addtl: &[u8]) -> Result<()> {
        self.h.rng_setaddtl(addtl)
    }

    /// Fill `out` with random bytes (an unseeded DRBG gives `EINVAL`).
    pub fn generate(&mut self, out: &mut [u8]) -> Result<()> {
        self.h.rng_generate(out).map(|_| ())
    }

    /// Seed from `getrandom(2)`: the seed size the kernel reports (at least 32 bytes), or an
    /// empty seed when it reports none (a DRBG then seeds itself). Returns the reported size.
    pub fn seed_from_os(&mut self) -> Result<usize> {
        seed_from_os(&mut self.h)
    }

    /// The seed size the kernel reports for this RNG's name (0 for DRBGs; the first registered
    /// implementation of the name answers).
    pub fn seed_size(&self) -> Result<usize> {
        Ok(self.h.info()?.seedsize as usize)
    }

    /// The algorithm's properties as the kernel reports them.
    pub fn info(&self) -> Result<AlgInfo> {
        self.h.info()
    }
}

/// Fills the whole buffer ([`Rng::generate`]); never returns 0 for a non-empty buffer.
#[cfg(feature = "std")]
impl std::io::Read for Rng {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.generate(buf)?;
        Ok(buf.len())
    }
}

#[cfg(feature = "rand_core")]
impl rand_core::TryRng for Rng {
    type Error = Errno;

    fn try_next_u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        self.generate(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        self.generate(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<()> {
        self.generate(dst)
    }
}

/// The kernel's generators are cryptographically secure: its DRBGs (SP 800-90A),
/// `jitterentropy_rng`; `ansi_cprng` (X9.31) is the exception a caller picks only by name.
#[cfg(feature = "rand_core")]
impl rand_core::TryCryptoRng for Rng {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The handle of `get_bytes` is kept between calls, and made anew after it failed.
    #[test]
    fn get_bytes_keeps_and_remakes_its_handle() {
        let mut a = [0u8; 32];
        if get_bytes(&mut a).is_err() || NO_STDRNG.load(Ordering::Relaxed) {
            return; // no AF_ALG or no stdrng here
        }
        // Only this test uses get_bytes in this test binary, so the lock is free.
        let made = SHARED_MADE.load(Ordering::Relaxed);
        let mut b = [0u8; 32];
        get_bytes(&mut b).unwrap();
        assert_eq!(SHARED_MADE.load(Ordering::Relaxed), made, "the handle was kept");
        assert_ne!(a, b);
        // A failing generator is dropped; the next call makes a new one.
        let r: Result<()> = with_get_bytes_source(|_| Err(Errno::EIO));
        assert_eq!(r, Err(Errno::EIO));
        get_bytes(&mut a).unwrap();
        assert_eq!(SHARED_MADE.load(Ordering::Relaxed), made + 1, "a new handle after the failure");
        assert_ne!(a, b);
        // EFAULT is the caller's buffer: the handle stays.
        let r: Result<()> = with_get_bytes_source(|_| Err(Errno::EFAULT));
        assert_eq!(r, Err(Errno::EFAULT));
        get_bytes(&mut a).unwrap();
        assert_eq!(SHARED_MADE.load(Ordering::Relaxed), made + 1, "kept after EFAULT");
        // Released (at exit), it is made again when needed.
        release_shared();
        get_bytes(&mut a).unwrap();
        assert_eq!(SHARED_MADE.load(Ordering::Relaxed), made + 2);
    }
}
