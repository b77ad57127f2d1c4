//! Data path syscalls on an AF_ALG operation socket: control messages, `sendmsg`, `recvmsg`,
//! `poll` — shared by the symmetric cipher and the AEAD code.
//!
//! # Buffers
//!
//! Data is described by [`IoBuf`] (memory the kernel reads) and [`IoBufMut`] (memory the kernel
//! writes). Both are `struct iovec` in memory (`#[repr(transparent)]`), so an array of them is
//! handed to the kernel as is, and a C caller's `struct iovec` array can be used without a copy
//! ([`IoBuf::from_iovecs`]). They hold a pointer and a length, never a Rust reference, because
//! input and output may legitimately be the same memory (in-place encryption): the C API allows
//! `in == out`, and two Rust slices could not express that. The lifetime parameter ties each
//! buffer to the memory it was made from, so safe code cannot make a buffer outlive its memory;
//! only the kernel ever dereferences the pointer.
//!
//! # Control messages
//!
//! [`Control`] builds the `SOL_ALG` control message that starts a kernel request: the operation
//! (`ALG_SET_OP`), optionally the IV (`ALG_SET_IV`, a `struct af_alg_iv`) and the AEAD
//! associated-data length (`ALG_SET_AEAD_ASSOCLEN`). It lives on the stack and is wiped when
//! dropped (it holds the IV).
//!
//! # The kernel's request model (what callers of this module must know)
//!
//! A request is the data sent since the last request ended. Every send but the last of a request
//! carries `MSG_MORE` (kernels since 5.9 reject new data while a completed request still has
//! unconsumed input, with `EINVAL`). `recvmsg` runs the cipher over queued input and fills the
//! output iovecs; for a symmetric cipher it processes whole chunks only while the request is
//! still open, and it *waits* for more input when the output buffer is larger than what the queued
//! input can produce. [`recvmsg`] therefore takes a `dontwait` flag: with it the kernel returns
//! what it could produce (or `EAGAIN` when nothing) instead of sleeping.

use super::fd::BorrowedFd;
use super::{cvt, cvt_size, retry};
use crate::error::{Errno, Result};
use crate::prelude::*;
use ::core::marker::PhantomData;

/// `SOL_ALG` control message type: the IV (`struct af_alg_iv`).
pub const ALG_SET_IV: libc::c_int = 2;
/// `SOL_ALG` control message type: the operation (`ALG_OP_*`, a `u32`).
pub const ALG_SET_OP: libc::c_int = 3;
/// `SOL_ALG` control message type: the AEAD associated-data length (a `u32`).
pub const ALG_SET_AEAD_ASSOCLEN: libc::c_int = 4;
/// Operation: decrypt.
pub const ALG_OP_DECRYPT: u32 = 0;
/// Operation: encrypt.
pub const ALG_OP_ENCRYPT: u32 = 1;

/// Largest IV a [`Control`] carries (the kernel's largest IV today is 32 bytes).
pub const MAX_IV: usize = 256;

/// Memory the kernel reads: a `struct iovec` tied to the lifetime of the memory it describes.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct IoBuf<'a> {
    iov: libc::iovec,
    _mem: PhantomData<&'a [u8]>,
}

// SAFETY: an IoBuf is a pointer/length pair for memory that is only read (by the kernel), like a
// shared slice; sending it to or sharing it with another thread is as safe as for `&[u8]`.
unsafe impl Send for IoBuf<'_> {}
// SAFETY: as above.
unsafe impl Sync for IoBuf<'_> {}

impl ::core::fmt::Debug for IoBuf<'_> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "IoBuf({:p}, {})", self.iov.iov_base, self.iov.iov_len)
    }
}

impl<'a> IoBuf<'a> {
    /// A buffer over `buf`.
    pub fn new(buf: &'a [u8]) -> IoBuf<'a> {
        IoBuf {
            iov: libc::iovec { iov_base: buf.as_ptr() as *mut libc::c_void, iov_len: buf.len() },
            _mem: PhantomData,
        }
    }

    /// A buffer over `len` bytes at `ptr`, which may be NULL or invalid: the kernel checks the
    /// memory when it reads it (and answers `EFAULT`); this crate never dereferences it.
    ///
    /// # Safety
    /// If `ptr` is not NULL, `len` bytes at `ptr` must stay valid for `'a` or be memory the
    /// caller accepts to see reported as `EFAULT`; the memory must not be freed while a kernel
    /// request that references it is pending.
    pub unsafe fn from_raw(ptr: *const u8, len: usize) -> IoBuf<'a> {
        IoBuf { iov: libc::iovec { iov_base: ptr as *mut libc::c_void, iov_len: len }, _mem: PhantomData }
    }

    /// A C `struct iovec` array as buffers, without copying.
    ///
    /// # Safety
    /// `iov` must point to `n` readable `struct iovec` entries valid for `'a`, each describing
    /// memory as required by [`IoBuf::from_raw`].
    pub unsafe fn from_iovecs(iov: *const libc::iovec, n: usize) -> &'a [IoBuf<'a>] {
        if n == 0 {
            return &[];
        }
        // SAFETY: IoBuf is repr(transparent) over iovec; the caller guarantees n entries.
        unsafe { ::core::slice::from_raw_parts(iov.cast::<IoBuf<'a>>(), n) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.iov.iov_len
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.iov.iov_len == 0
    }

    /// The part `off..off + len`, clamped to the buffer.
    pub fn sub(&self, off: usize, len: usize) -> IoBuf<'a> {
        IoBuf { iov: sub_iov(self.iov, off, len), _mem: PhantomData }
    }

    /// The raw `struct iovec`.
    pub fn as_iovec(&self) -> libc::iovec {
        self.iov
    }
}

/// Memory the kernel writes: a `struct iovec` tied to the lifetime of the memory it describes.
#[repr(transparent)]
pub struct IoBufMut<'a> {
    iov: libc::iovec,
    _mem: PhantomData<&'a mut [u8]>,
}

// SAFETY: an IoBufMut stands for exclusive write access like `&mut [u8]`; moving it to another
// thread is as safe as moving the slice.
unsafe impl Send for IoBufMut<'_> {}

impl ::core::fmt::Debug for IoBufMut<'_> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "IoBufMut({:p}, {})", self.iov.iov_base, self.iov.iov_len)
    }
}

impl<'a> IoBufMut<'a> {
    /// A buffer over `buf`.
    pub fn new(buf: &'a mut [u8]) -> IoBufMut<'a> {
        IoBufMut { iov: libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }, _mem: PhantomData }
    }

    /// An output buffer and an input buffer over the same memory, for in-place operations: the
    /// kernel reads the input from and writes the output to `buf`.
    pub fn in_place(buf: &'a mut [u8]) -> (IoBuf<'a>, IoBufMut<'a>) {
        let out = IoBufMut::new(buf);
        let inp = IoBuf { iov: out.iov, _mem: PhantomData };
        (inp, out)
    }

    /// A buffer over `len` bytes at `ptr` (NULL or invalid memory gives `EFAULT` from the kernel).
    ///
    /// # Safety
    /// If `ptr` is not NULL, `len` bytes at `ptr` must be writable for `'a` and not be read or
    /// written through Rust references while the kernel may write them.
    pub unsafe fn from_raw(ptr: *mut u8, len: usize) -> IoBufMut<'a> {
        IoBufMut { iov: libc::iovec { iov_base: ptr.cast(), iov_len: len }, _mem: PhantomData }
    }

    /// A C `struct iovec` array as output buffers, without copying.
    ///
    /// # Safety
    /// `iov` must point to `n` `struct iovec` entries valid for `'a`, each describing memory as
    /// required by [`IoBufMut::from_raw`].
    pub unsafe fn from_iovecs(iov: *mut libc::iovec, n: usize) -> &'a mut [IoBufMut<'a>] {
        if n == 0 {
            return &mut [];
        }
        // SAFETY: IoBufMut is repr(transparent) over iovec; the caller guarantees n entries.
        unsafe { ::core::slice::from_raw_parts_mut(iov.cast::<IoBufMut<'a>>(), n) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.iov.iov_len
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.iov.iov_len == 0
    }

    /// The part `off..off + len`, clamped to the buffer, borrowed from this one.
    pub fn sub(&mut self, off: usize, len: usize) -> IoBufMut<'_> {
        IoBufMut { iov: sub_iov(self.iov, off, len), _mem: PhantomData }
    }

    /// The raw `struct iovec`.
    pub fn as_iovec(&self) -> libc::iovec {
        self.iov
    }
}

/// A zero-filled page, the source of [`zero`].
static ZEROS: [u8; 4096] = [0; 4096];

/// Overwrite the memory of `buf` with zeros (e.g. output the kernel wrote that must not be
/// used, such as unauthenticated plaintext), through the kernel like every other access to an
/// [`IoBufMut`]: `process_vm_writev` into this process, or — where that is refused — a `readv`
/// from `/dev/zero`. The kernel checks the memory (`EFAULT`); user space never dereferences
/// the buffer's pointer. A NULL or empty buffer is left alone.
pub fn zero(buf: &mut IoBufMut<'_>) -> Result<()> {
    const PAGES: usize = 16;
    let len = buf.len();
    if len == 0 || buf.iov.iov_base.is_null() {
        return Ok(());
    }
    let page = libc::iovec { iov_base: ZEROS.as_ptr() as *mut libc::c_void, iov_len: ZEROS.len() };
    let local = [page; PAGES];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(PAGES * ZEROS.len());
        let remote = sub_iov(buf.iov, done, n);
        let r = retry(|| {
            // SAFETY: local describes the static zero page (only read); remote describes memory
            // the kernel checks before writing; this process may always write its own memory.
            cvt_size(unsafe {
                libc::process_vm_writev(libc::getpid(), local.as_ptr(), n.div_ceil(ZEROS.len()) as _, &remote, 1, 0)
            })
        });
        let k = match r {
            Ok(k) => k,
            Err(Errno(libc::ENOSYS)) | Err(Errno(libc::EPERM)) => zero_from_dev(remote)?,
            Err(e) => return Err(e),
        };
        if k == 0 {
            return Err(Errno::EIO);
        }
        done += k;
    }
    Ok(())
}

/// One `readv` from `/dev/zero` into `iov`; returns the bytes written.
fn zero_from_dev(iov: libc::iovec) -> Result<usize> {
    let f = super::fd::open(c"/dev/zero", libc::O_RDONLY)?;
    retry(|| {
        // SAFETY: iov describes memory the kernel checks before writing to it.
        cvt_size(unsafe { libc::readv(f.as_raw_fd(), &iov, 1) })
    })
}

/// The part `off..off + len` of `iov`, clamped to it (pointer arithmetic only).
fn sub_iov(iov: libc::iovec, off: usize, len: usize) -> libc::iovec {
    let off = off.min(iov.iov_len);
    libc::iovec { iov_base: (iov.iov_base as *mut u8).wrapping_add(off).cast(), iov_len: len.min(iov.iov_len - off) }
}

/// Total length of `bufs`; `EINVAL` when it exceeds `SSIZE_MAX` (what `sendmsg` answers).
pub fn total_len(lens: impl IntoIterator<Item = usize>) -> Result<usize> {
    let mut t: usize = 0;
    for l in lens {
        t = t.checked_add(l).ok_or(Errno::EINVAL)?;
    }
    if t > isize::MAX as usize {
        return Err(Errno::EINVAL);
    }
    Ok(t)
}

/// Total length of input buffers.
pub fn in_len(bufs: &[IoBuf<'_>]) -> Result<usize> {
    total_len(bufs.iter().map(IoBuf::len))
}

/// Total length of output buffers.
pub fn out_len(bufs: &[IoBufMut<'_>]) -> Result<usize> {
    total_len(bufs.iter().map(IoBufMut::len))
}

/// The buffers from byte `skip` on (a partial transfer's remainder). Allocates only when `skip`
/// is not 0.
pub fn skip_in<'s, 'a>(bufs: &'s [IoBuf<'a>], mut skip: usize) -> alloc::borrow::Cow<'s, [IoBuf<'a>]> {
    if skip == 0 {
        return alloc::borrow::Cow::Borrowed(bufs);
    }
    let mut rest = Vec::with_capacity(bufs.len());
    for b in bufs {
        if skip >= b.len() {
            skip -= b.len();
            continue;
        }
        rest.push(b.sub(skip, usize::MAX));
        skip = 0;
    }
    alloc::borrow::Cow::Owned(rest)
}

/// The bytes `off..off + len` of the input buffers as buffers (clamped to their total).
/// Borrows `bufs` when that is all of them.
pub fn window_in<'s, 'a>(bufs: &'s [IoBuf<'a>], off: usize, len: usize) -> alloc::borrow::Cow<'s, [IoBuf<'a>]> {
    let rest = skip_in(bufs, off);
    let total: usize = rest.iter().map(IoBuf::len).sum();
    if len >= total {
        return rest;
    }
    let mut left = len;
    let mut w = Vec::with_capacity(rest.len());
    for b in rest.iter() {
        if left == 0 {
            break;
        }
        let n = b.len().min(left);
        w.push(b.sub(0, n));
        left -= n;
    }
    alloc::borrow::Cow::Owned(w)
}

/// The bytes `off..off + len` of the output buffers as buffers (clamped to their total),
/// borrowed from them.
pub fn window_out<'s>(bufs: &'s mut [IoBufMut<'_>], mut off: usize, mut len: usize) -> Vec<IoBufMut<'s>> {
    let mut w = Vec::with_capacity(bufs.len().min(4));
    for b in bufs.iter_mut() {
        if len == 0 {
            break;
        }
        if off >= b.len() {
            off -= b.len();
            continue;
        }
        let n = (b.len() - off).min(len);
        w.push(IoBufMut { iov: sub_iov(b.iov, off, n), _mem: PhantomData });
        len -= n;
        off = 0;
    }
    w
}

/// Room for the operation, an IV of [`MAX_IV`] bytes and the AEAD length (in `u64` units, so
/// that the buffer has `cmsghdr` alignment).
const CONTROL_WORDS: usize = (3 * 24 + 4 + MAX_IV + 8) / 8 + 2;

/// A `SOL_ALG` control message: operation, optional IV, optional AEAD associated-data length.
/// Built on the stack; wiped on drop.
pub struct Control {
    buf: [u64; CONTROL_WORDS],
    len: usize,
}

impl ::core::fmt::Debug for Control {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "Control({} bytes)", self.len)
    }
}

impl Control {
    /// Build a control message for operation `op` (`ALG_OP_ENCRYPT` / `ALG_OP_DECRYPT`), with
    /// `iv` (sent as is, its length as `ivlen`; the kernel requires exactly the algorithm's IV
    /// size) and `assoclen` (AEAD only). `EINVAL` for an IV longer than [`MAX_IV`].
    pub fn new(op: u32, iv: Option<&[u8]>, assoclen: Option<u32>) -> Result<Control> {
        let mut c = Control { buf: [0; CONTROL_WORDS], len: 0 };
        c.push(ALG_SET_OP, &op.to_ne_bytes(), &[])?;
        if let Some(iv) = iv {
            if iv.len() > MAX_IV {
                return Err(Errno::EINVAL);
            }
            c.push(ALG_SET_IV, &(iv.len() as u32).to_ne_bytes(), iv)?;
        }
        if let Some(a) = assoclen {
            c.push(ALG_SET_AEAD_ASSOCLEN, &a.to_ne_bytes(), &[])?;
        }
        Ok(c)
    }

    /// Append one cmsg whose payload is `head` followed by `tail`.
    fn push(&mut self, ty: libc::c_int, head: &[u8], tail: &[u8]) -> Result<()> {
        let payload = head.len() + tail.len();
        // SAFETY: CMSG_SPACE / CMSG_LEN are pure arithmetic.
        let (space, clen) =
            unsafe { (libc::CMSG_SPACE(payload as u32) as usize, libc::CMSG_LEN(payload as u32) as usize) };
        let bytes = ::core::mem::size_of_val(&self.buf);
        if self.len + space > bytes {
            return Err(Errno::EINVAL);
        }
        // SAFETY: all-zero is a valid cmsghdr (plain integers).
        let mut hdr: libc::cmsghdr = unsafe { ::core::mem::zeroed() };
        hdr.cmsg_len = clen as _;
        hdr.cmsg_level = libc::SOL_ALG;
        hdr.cmsg_type = ty;
        let base = self.buf.as_mut_ptr().cast::<u8>();
        // SAFETY: self.len + space <= bytes, the cmsghdr and its payload (clen <= space bytes)
        // fit; self.len is a multiple of CMSG_ALIGN, so the header is suitably aligned.
        unsafe {
            let at = base.add(self.len);
            ::core::ptr::write(at.cast::<libc::cmsghdr>(), hdr);
            let data = at.add(clen - payload);
            ::core::ptr::copy_nonoverlapping(head.as_ptr(), data, head.len());
            ::core::ptr::copy_nonoverlapping(tail.as_ptr(), data.add(head.len()), tail.len());
        }
        self.len += space;
        Ok(())
    }

    /// The encoded message (`msg_control`, `msg_controllen`).
    fn raw(&self) -> (*mut libc::c_void, usize) {
        (self.buf.as_ptr() as *mut libc::c_void, self.len)
    }
}

impl Drop for Control {
    fn drop(&mut self) {
        for w in self.buf.iter_mut() {
            // SAFETY: w is a valid, exclusive reference.
            unsafe { ::core::ptr::write_volatile(w, 0) };
        }
    }
}

/// One `sendmsg(fd, {iov = data, control = ctrl}, more ? MSG_MORE : 0)`, retried on `EINTR`.
/// Returns the number of data bytes the kernel took (0 for a control-only message); the kernel
/// may take fewer than offered when interrupted, and then the request keeps its previous
/// `MSG_MORE` state.
pub fn sendmsg(fd: BorrowedFd<'_>, ctrl: Option<&Control>, data: &[IoBuf<'_>], more: bool) -> Result<usize> {
    // SAFETY: msghdr is plain old data; all-zero (no name, no iov, no control) is valid.
    let mut m: libc::msghdr = unsafe { ::core::mem::zeroed() };
    if !data.is_empty() {
        m.msg_iov = data.as_ptr() as *mut libc::iovec;
        m.msg_iovlen = data.len() as _;
    }
    if let Some(c) = ctrl {
        let (p, l) = c.raw();
        m.msg_control = p;
        m.msg_controllen = l as _;
    }
    let flags = if more { libc::MSG_MORE } else { 0 };
    retry(|| {
        // SAFETY: m points to valid iovecs (IoBuf is repr(transparent) over iovec) and a valid
        // control buffer; the kernel only reads the data memory and reports bad pointers.
        cvt_size(unsafe { libc::sendmsg(fd.as_raw_fd(), &m, flags) })
    })
}

/// One `recvmsg(fd, {iov = out})`, with `MSG_DONTWAIT` when `dontwait`; retried on `EINTR`.
/// Returns the number of bytes the kernel wrote into `out`. An `EAGAIN` answer to `dontwait`
/// leaves `errno` as it was before the call.
pub fn recvmsg(fd: BorrowedFd<'_>, out: &mut [IoBufMut<'_>], dontwait: bool) -> Result<usize> {
    // SAFETY: msghdr is plain old data; all-zero is valid.
    let mut m: libc::msghdr = unsafe { ::core::mem::zeroed() };
    if !out.is_empty() {
        m.msg_iov = out.as_mut_ptr().cast::<libc::iovec>();
        m.msg_iovlen = out.len() as _;
    }
    let flags = if dontwait { libc::MSG_DONTWAIT } else { 0 };
    let saved = super::errno();
    let r = retry(|| {
        // SAFETY: m points to valid iovecs describing memory the caller handed over for writing
        // (IoBufMut); the kernel reports bad pointers.
        cvt_size(unsafe { libc::recvmsg(fd.as_raw_fd(), &mut m, flags) })
    });
    if dontwait && r == Err(Errno(libc::EAGAIN)) {
        // "Nothing more to produce now" is an expected answer, not an error callers should see
        // in errno.
        super::set_errno(saved);
    }
    r
}

/// `getsockopt(fd, SOL_SOCKET, SO_SNDBUF)`: the socket's send buffer size in bytes (for an
/// AF_ALG operation socket, the most input the kernel queues before a receive consumes it).
pub fn sndbuf(fd: BorrowedFd<'_>) -> Result<usize> {
    let mut v: libc::c_int = 0;
    let mut l = ::core::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: v and l are valid out-parameters of the sizes given.
    cvt(unsafe {
        libc::getsockopt(fd.as_raw_fd(), libc::SOL_SOCKET, libc::SO_SNDBUF, (&mut v as *mut libc::c_int).cast(), &mut l)
    })?;
    Ok(v.max(0) as usize)
}

/// `poll(fd, POLLIN, timeout_ms)`: whether `fd` became readable within the timeout. An
/// interrupted poll is continued with the time that is left, so that signals arriving more
/// often than `timeout_ms` (a profiling timer, say) cannot stretch the wait forever.
pub fn poll_in(fd: BorrowedFd<'_>, timeout_ms: i32) -> Result<bool> {
    use super::time::Instant;
    use ::core::time::Duration;
    let mut p = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    let deadline = Instant::now() + Duration::from_millis(timeout_ms.max(0) as u64);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        // Round up: a poll of 0 ms for a remaining fraction of a millisecond would spin.
        let ms = left.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
        // SAFETY: p is one valid pollfd.
        match cvt(unsafe { libc::poll(&mut p, 1, ms) }) {
            Err(Errno(libc::EINTR)) if !left.is_zero() => continue,
            Err(Errno(libc::EINTR)) => return Ok(false),
            r => return Ok(r? > 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_layout() {
        let iv = [7u8; 16];
        let c = Control::new(ALG_OP_ENCRYPT, Some(&iv), None).unwrap();
        // SAFETY: CMSG_SPACE is arithmetic.
        let want = unsafe { libc::CMSG_SPACE(4) + libc::CMSG_SPACE(20) } as usize;
        assert_eq!(c.len, want);
        let (p, l) = c.raw();
        // SAFETY: p points to l initialised bytes owned by c.
        let b = unsafe { ::core::slice::from_raw_parts(p.cast::<u8>(), l) };
        let hdr = ::core::mem::size_of::<libc::cmsghdr>();
        assert_eq!(&b[hdr..hdr + 4], &1u32.to_ne_bytes());
        // SAFETY: CMSG_SPACE is arithmetic.
        let second = unsafe { libc::CMSG_SPACE(4) } as usize;
        assert_eq!(i32::from_ne_bytes(b[second + 12..second + 16].try_into().unwrap()), ALG_SET_IV);
        assert_eq!(&b[second + hdr..second + hdr + 4], &16u32.to_ne_bytes());
        assert_eq!(&b[second + hdr + 4..second + hdr + 20], &iv);
        let a = Control::new(ALG_OP_DECRYPT, Some(&iv[..12]), Some(20)).unwrap();
        assert!(a.len > c.len);
        assert!(Control::new(0, Some(&[0u8; MAX_IV + 1]), Some(1)).is_err());
        assert!(Control::new(0, Some(&[0u8; MAX_IV]), Some(1)).is_ok());
    }

    #[test]
    fn sub_and_skip() {
        let data = [1u8, 2, 3, 4, 5, 6];
        let a = IoBuf::new(&data[..2]);
        let b = IoBuf::new(&data[2..]);
        assert_eq!(in_len(&[a, b]).unwrap(), 6);
        let both = [a, b];
        let r = skip_in(&both, 3);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].len(), 3);
        assert_eq!(skip_in(&[a, b], 2).len(), 1);
        assert_eq!(a.sub(1, 10).len(), 1);
        assert_eq!(a.sub(5, 10).len(), 0);
        assert!(total_len([usize::MAX, 1]).is_err());
    }

    /// A poll that signals keep interrupting still ends after its timeout (it used to start
    /// the full timeout again after every EINTR: a hang under signals arriving more often).
    #[test]
    fn poll_in_ends_under_signals() {
        use ::core::sync::atomic::{AtomicBool, Ordering};
        use std::time::{Duration, Instant};
        extern "C" fn nothing(_: libc::c_int) {}
        // SAFETY: sigaction with a valid handler that does nothing; no SA_RESTART (poll is
        // never restarted anyway).
        unsafe {
            let mut sa: libc::sigaction = ::core::mem::zeroed();
            sa.sa_sigaction = nothing as extern "C" fn(libc::c_int) as usize;
            libc::sigaction(libc::SIGURG, &sa, ::core::ptr::null_mut());
        }
        let p = crate::sys::pipe::pipe().unwrap();
        let done = alloc::sync::Arc::new(AtomicBool::new(false));
        // SAFETY: pthread_self has no preconditions.
        let me = unsafe { libc::pthread_self() };
        let d = done.clone();
        // A signal storm of at most 4 s (the old code polled until the storm ended).
        let kicker = std::thread::spawn(move || {
            let mut sent = 0u32;
            let start = Instant::now();
            while !d.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(4) {
                // SAFETY: `me` is alive until `done` is set (the test thread waits for us).
                unsafe { libc::pthread_kill(me, libc::SIGURG) };
                sent += 1;
                std::thread::sleep(Duration::from_micros(100));
            }
            sent
        });
        let t = Instant::now();
        let r = poll_in(p.rd.as_fd(), 300);
        let took = t.elapsed();
        done.store(true, Ordering::Relaxed);
        let sent = kicker.join().unwrap();
        assert_eq!(r, Ok(false));
        assert!(took < Duration::from_secs(3), "poll_in(300 ms) took {took:?} under {sent} signals");
    }

    #[test]
    fn zero_through_the_kernel() {
        let mut data = [7u8; 70_000];
        let mut b = IoBufMut::new(&mut data);
        zero(&mut b.sub(3, 69_990)).unwrap();
        assert_eq!(&data[..3], &[7; 3]);
        assert!(data[3..69_993].iter().all(|&x| x == 0));
        assert_eq!(&data[69_993..], &[7; 7]);
        let mut one = [9u8; 5];
        zero_from_dev(IoBufMut::new(&mut one).as_iovec()).unwrap();
        assert_eq!(one, [0; 5]);
        // SAFETY: a NULL buffer is never dereferenced.
        zero(&mut unsafe { IoBufMut::from_raw(::core::ptr::null_mut(), 4) }).unwrap();
    }
}
