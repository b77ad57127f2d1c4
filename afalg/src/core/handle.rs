//! Handles: a bound transformation (shared, reference-counted) and per-handle operation state.
//!
//! A [`Tfm`] is the bound AF_ALG socket that holds the key; it is shared by every [`Handle`]
//! made from it with [`Handle::reinit`] (atomically reference-counted, closed when the last
//! handle goes). Each handle has its own operation socket, accepted lazily on the first data
//! operation, and its own splice pipe, created only when a zero-copy path first needs it.
//! Creating and destroying a handle costs three syscalls (socket, bind, close).

use crate::core::info::{self, AlgInfo};
use crate::core::log::{DEBUG, ERR, VERBOSE, WARN};
use crate::error::{Errno, Result};
use crate::klog;
use crate::prelude::*;
use crate::sys::fd::{BorrowedFd, OwnedFd};
use crate::sys::sync::{Mutex, MutexGuard, OnceLock};
use crate::sys::{self, aio, alg, pipe};
use ::core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use alloc::sync::Arc;

/// `KCAPI_INIT_AIO`: the handle may use the kernel's asynchronous I/O interface.
pub const INIT_AIO: u32 = 1;

/// The kernel's AF_ALG socket types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlgType {
    /// Message digests and keyed digests (`hash`).
    Hash,
    /// Symmetric ciphers (`skcipher`).
    Skcipher,
    /// Authenticated encryption (`aead`).
    Aead,
    /// Random number generators (`rng`).
    Rng,
    /// Asymmetric ciphers (`akcipher`; out-of-tree kernels only).
    Akcipher,
    /// Key agreement (`kpp`; out-of-tree kernels only).
    Kpp,
}

impl AlgType {
    /// The `salg_type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            AlgType::Hash => "hash",
            AlgType::Skcipher => "skcipher",
            AlgType::Aead => "aead",
            AlgType::Rng => "rng",
            AlgType::Akcipher => "akcipher",
            AlgType::Kpp => "kpp",
        }
    }
}

/// A bound transformation: the socket that carries the key, and the algorithm's properties.
#[derive(Debug)]
pub struct Tfm {
    fd: OwnedFd,
    kind: AlgType,
    name: Box<str>,
    info: OnceLock<AlgInfo>,
    /// AEAD tag size accepted by the kernel plus one (shared like the key); 0: the default.
    pub(crate) authsize: ::core::sync::atomic::AtomicU64,
}

impl Tfm {
    /// The algorithm's properties (asked once per name per process, then cached).
    pub fn info(&self) -> Result<AlgInfo> {
        if let Some(i) = self.info.get() {
            return Ok(*i);
        }
        match info::lookup(&self.name) {
            Ok(i) => {
                klog!(VERBOSE, "Get cipher info: all information for {} received from kernel", self.name);
                Ok(*self.info.get_or_init(|| i))
            }
            Err(e) => {
                klog!(ERR, "NETLINK_CRYPTO: cannot obtain cipher information for {} (is required crypto_user.c patch missing? see documentation)", self.name);
                Err(e)
            }
        }
    }
}

/// Splice pipe and the usable splice size.
#[derive(Debug, Default)]
struct Splice {
    pipe: Option<pipe::Pipe>,
    /// Bytes one splice round may carry.
    size: usize,
    /// Size asked for with `kcapi_set_maxsplicesize`, applied again if the pipe is recreated.
    want: Option<u32>,
}

/// Per-handle AIO state: the context (made on first use) and whether AIO is unusable.
#[derive(Debug, Default)]
pub(crate) struct AioState {
    /// The context, once made.
    pub(crate) ctx: Option<aio::AioContext>,
    /// The kernel cannot do AIO here (no `CONFIG_AIO`, no AIO on AF_ALG sockets): run
    /// synchronously from now on.
    pub(crate) off: bool,
}

/// Per-handle AEAD settings: the associated data length sent with every request and the
/// tag length the buffer helpers assume. Handles made by reinit start with both at 0.
#[derive(Debug, Default)]
pub(crate) struct AeadState {
    pub(crate) assoclen: AtomicUsize,
    pub(crate) taglen: AtomicU32,
    /// Input bytes queued by the stream operation in progress (bounds its size).
    pub(crate) queued: AtomicUsize,
    /// A stream operation was started and its output not collected yet.
    pub(crate) open: AtomicBool,
    /// [`Handle::max_request`] of the operation socket, once asked (0: not yet).
    pub(crate) max_request: AtomicUsize,
}

/// One handle: shared transformation plus this handle's operation socket, pipe and AIO context.
#[derive(Debug)]
pub struct Handle {
    tfm: Arc<Tfm>,
    op: OnceLock<OwnedFd>,
    splice: Mutex<Splice>,
    aio: Mutex<AioState>,
    /// Sticky: vmsplice was refused (EPERM from a seccomp filter, ENOSYS): always copy.
    no_vmsplice: AtomicBool,
    flags: u32,
    /// AEAD associated data and tag lengths of this handle (not shared by reinit).
    pub(crate) aead: AeadState,
}

/// The locked splice pipe of a handle (see [`Handle::splice_pipe`]).
#[derive(Debug)]
pub struct SpliceGuard<'a> {
    st: MutexGuard<'a, Splice>,
}

impl SpliceGuard<'_> {
    /// The pipe.
    pub fn pipe(&self) -> Option<&pipe::Pipe> {
        self.st.pipe.as_ref()
    }

    /// Bytes one vmsplice/splice round may carry (the pipe's capacity, or what
    /// `kcapi_get_maxsplicesize` last reported).
    pub fn size(&self) -> usize {
        self.st.size
    }

    /// Close the pipe, dropping whatever it still holds (after a failed splice); the next splice
    /// path makes a new one with the same size.
    pub fn discard(&mut self) {
        self.st.pipe = None;
    }
}

impl Handle {
    /// Bind a new transformation of `kind` named `name` (socket + bind; nothing else).
    pub fn new(kind: AlgType, name: &str, flags: u32) -> Result<Handle> {
        klog!(VERBOSE, "{} - initializing cipher operation with kernel", crate::core::VERSION_STRING);
        let fd = alg::socket().inspect_err(|e| {
            klog!(ERR, "AF_ALG: socket syscall failed (errno: {})", e.neg());
        })?;
        klog!(DEBUG, "AF_ALG: socket syscall passed");
        alg::bind(fd.as_fd(), kind.as_str(), name.as_bytes()).inspect_err(|e| {
            klog!(ERR, "AF_ALG: bind failed (errno: {})", e.neg());
        })?;
        klog!(DEBUG, "AF_ALG: bind syscall passed");
        klog!(VERBOSE, "communication for {name} with kernel initialized");
        let tfm = Tfm { fd, kind, name: name.into(), info: OnceLock::new(), authsize: Default::default() };
        Ok(Handle::on(Arc::new(tfm), flags))
    }

    /// A handle on `tfm` with fresh per-handle state (no operation socket, pipe or AIO context
    /// yet).
    fn on(tfm: Arc<Tfm>, flags: u32) -> Handle {
        Handle {
            tfm,
            op: OnceLock::new(),
            splice: Mutex::new(Splice::default()),
            aio: Mutex::new(AioState::default()),
            no_vmsplice: AtomicBool::new(false),
            flags,
            aead: Default::default(),
        }
    }

    /// A handle of `kind` that reaches no kernel: its transformation descriptor is no socket, so
    /// every syscall made through it fails with `ENOTSOCK`; `info` (if given) stands for the
    /// algorithm's properties. For host-side tests that check arguments are refused before any
    /// syscall (the C library's unit tests).
    #[doc(hidden)]
    pub fn detached(kind: AlgType, name: &str, info: Option<AlgInfo>, flags: u32) -> Result<Handle> {
        let fd = alg::not_a_socket()?;
        let cell = OnceLock::new();
        if let Some(i) = info {
            let _ = cell.set(i);
        }
        let tfm = Tfm { fd, kind, name: name.into(), info: cell, authsize: Default::default() };
        Ok(Handle::on(Arc::new(tfm), flags))
    }

    /// A new handle on the same transformation (same key): its own operation socket, so it
    /// can run in parallel with this one. No syscall until it is used.
    pub fn reinit(&self, flags: u32) -> Handle {
        klog!(VERBOSE, "new cipher handle from existing handle initialized");
        Handle::on(Arc::clone(&self.tfm), flags)
    }

    /// The shared transformation.
    pub fn tfm(&self) -> &Tfm {
        &self.tfm
    }

    /// The socket type this handle was created for.
    pub fn kind(&self) -> AlgType {
        self.tfm.kind
    }

    /// The algorithm name this handle was created with.
    pub fn name(&self) -> &str {
        &self.tfm.name
    }

    /// The flags given at init / reinit.
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// The algorithm's properties.
    pub fn info(&self) -> Result<AlgInfo> {
        self.tfm.info()
    }

    /// Whether the operation socket exists already.
    pub fn has_op(&self) -> bool {
        self.op.get().is_some()
    }

    /// The operation socket, accepted on first use.
    pub fn op(&self) -> Result<BorrowedFd<'_>> {
        if let Some(fd) = self.op.get() {
            return Ok(fd.as_fd());
        }
        let fd = alg::accept(self.tfm.fd.as_fd()).inspect_err(|_| {
            klog!(ERR, "AF_ALG: accept failed");
        })?;
        klog!(DEBUG, "AF_ALG: accept syscall successful");
        // If another thread won the race, ours is dropped (closed) here.
        let _ = self.op.set(fd);
        self.op.get().map(|f| f.as_fd()).ok_or(Errno::EIO)
    }

    /// Set the key on the shared transformation (`ALG_SET_KEY`). The kernel refuses a new key
    /// with `EBUSY` once an operation socket exists.
    pub fn setkey(&mut self, key: &[u8]) -> Result<()> {
        let len = u32::try_from(key.len()).map_err(|_| Errno::EINVAL)?;
        self.set_key_opt(Some(key), len)
    }

    /// [`Handle::setkey`] with a NULL key of `len` bytes, as a C caller may pass it: the kernel
    /// answers, as it does libkcapi, which hands such a key over: `ENOMEM` for a length it
    /// does not allocate (above `net.core.optmem_max`) before it reads the key, else `EFAULT`
    /// (or an earlier refusal such as `EBUSY`).
    #[doc(hidden)]
    pub fn setkey_null(&mut self, len: u32) -> Result<()> {
        self.set_key_opt(None, len)
    }

    /// `ALG_SET_KEY` with `key` (NULL for `None`) and `len`, logged.
    fn set_key_opt(&mut self, key: Option<&[u8]>, len: u32) -> Result<()> {
        let r = alg::setsockopt(self.tfm.fd.as_fd(), alg::ALG_SET_KEY, key, len);
        klog!(DEBUG, "AF_ALG setkey: setsockopt syscall returned {}", r.map_or_else(|e| e.neg(), |_| 0));
        r
    }

    /// Issue a `SOL_ALG` option on the transformation socket.
    pub fn tfm_setsockopt(&self, opt: i32, value: Option<&[u8]>, len: u32) -> Result<()> {
        alg::setsockopt(self.tfm.fd.as_fd(), opt, value, len)
    }

    fn splice_state(&self) -> MutexGuard<'_, Splice> {
        self.splice.lock()
    }

    /// The splice pipe, created (and sized) on first use, locked for one zero-copy transfer.
    pub fn splice_pipe(&self) -> Result<SpliceGuard<'_>> {
        let mut st = self.splice_state();
        Self::ensure_pipe(&mut st)?;
        Ok(SpliceGuard { st })
    }

    /// Whether vmsplice was refused on this handle before (sticky).
    pub fn vmsplice_refused(&self) -> bool {
        self.no_vmsplice.load(Ordering::Relaxed)
    }

    /// Remember that vmsplice is refused (EPERM from a seccomp filter, ENOSYS).
    pub fn refuse_vmsplice(&self) {
        self.no_vmsplice.store(true, Ordering::Relaxed);
    }

    /// Whether the handle was made with `KCAPI_INIT_AIO`.
    pub fn wants_aio(&self) -> bool {
        self.flags & INIT_AIO != 0
    }

    /// This handle's AIO state, locked.
    pub(crate) fn aio_state(&self) -> MutexGuard<'_, AioState> {
        self.aio.lock()
    }

    /// Create the splice pipe if needed, enlarged to 17 pages like libkcapi's (or to the size
    /// last asked for with `kcapi_set_maxsplicesize`).
    fn ensure_pipe(st: &mut Splice) -> Result<()> {
        if st.pipe.is_some() {
            return Ok(());
        }
        let p = pipe::pipe().inspect_err(|e| {
            klog!(ERR, "AF_ALG: pipe syscall failed (errno: {})", e.neg());
        })?;
        let page = sys::page_size();
        let want = st.want.unwrap_or((page * 17) as libc::c_uint);
        st.size = match pipe::set_size(p.rd.as_fd(), want) {
            Ok(n) => n,
            Err(e) => {
                klog!(WARN, "AF_ALG: setting maximum buffer size failed: {})", e.neg());
                pipe::get_size(p.rd.as_fd())?
            }
        };
        klog!(DEBUG, "AF_ALG: pipe syscall passed");
        st.pipe = Some(p);
        Ok(())
    }

    /// `kcapi_set_maxsplicesize`: resize this handle's splice pipe.
    pub fn set_maxsplicesize(&mut self, size: u32) -> Result<()> {
        let mut st = self.splice_state();
        Self::ensure_pipe(&mut st)?;
        let p = st.pipe.as_ref().ok_or(Errno::EIO)?;
        match pipe::set_size(p.rd.as_fd(), size) {
            Ok(n) => {
                st.size = n;
                st.want = Some(size);
                Ok(())
            }
            Err(e) => {
                if e.0 == libc::EBUSY {
                    klog!(
                        WARN,
                        "AF_ALG: setting maximum splice pipe size to {size} failed - it would exceed maximum quota"
                    );
                } else {
                    // libkcapi hands the negative errno to strerror(), which names it "Unknown error -N";
                    // the message is kept identical for log parsers.
                    klog!(WARN, "AF_ALG: setting maximum splice pipe size to {size} failed: Unknown error {}", e.neg());
                }
                Err(e)
            }
        }
    }

    /// `kcapi_get_maxsplicesize`: the pipe capacity less one page.
    pub fn get_maxsplicesize(&mut self) -> Result<usize> {
        let mut st = self.splice_state();
        Self::ensure_pipe(&mut st)?;
        let p = st.pipe.as_ref().ok_or(Errno::EIO)?;
        let mut n = pipe::get_size(p.rd.as_fd())?;
        let page = sys::page_size();
        if n > page {
            n -= page;
        }
        st.size = n;
        Ok(n)
    }
}
