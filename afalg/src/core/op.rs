//! The data path shared by the symmetric cipher and AEAD APIs: sending a request to the
//! operation socket (copying with `sendmsg` or zero-copy with `vmsplice` + `splice`), and
//! receiving its output synchronously or through Linux AIO — without ever blocking on output the
//! kernel cannot produce.
//!
//! # Requests
//!
//! An operation is one kernel *request*: a control message ([`Control`]: operation, IV, AEAD
//! associated-data length) followed by data, every send but the last marked "more"
//! (`MSG_MORE` / `SPLICE_F_MORE`). Output is read with `recvmsg`. The functions here keep these
//! rules; the algorithm-specific layers ([`crate::core::cipher`], the AEAD code) decide what a
//! request contains.
//!
//! # Never blocking
//!
//! The kernel sleeps in `recvmsg` when the output buffer is larger than what the queued input
//! can produce — forever, if no more input comes. Every receive here passes `MSG_DONTWAIT`, so
//! the kernel returns what it produced instead (a read loop ends at `EAGAIN`). Only
//! [`Handle::recv`] (the stream API) additionally waits a bounded time ([`RECV_WAIT_MS`]) when
//! nothing at all is available, so that a receiving thread can wait for a sending one.
//!
//! # Access modes
//!
//! [`Access`] selects copying or zero-copy for one send. Zero-copy needs the handle's pipe
//! (created on first use) and is used only when all data fits into it; a partial vmsplice or
//! splice is continued until everything moved; when the kernel refuses vmsplice (`EPERM` from a
//! seccomp filter, `ENOSYS`) or splicing (`EINVAL`), the remaining data is sent with `sendmsg`,
//! and a refusal of vmsplice is remembered for the handle. A failed splice never leaves data in
//! the pipe for the next operation: the pipe is closed and made anew. Results are identical in
//! every mode.

use crate::core::handle::AioState;
use crate::core::handle::Handle;
use crate::core::log::DEBUG;
use crate::error::{Errno, Result};
use crate::klog;
use crate::prelude::*;
use crate::sys::fd::BorrowedFd;
use crate::sys::msg::{self, Control, IoBuf, IoBufMut};
use crate::sys::sync::MutexGuard;
use crate::sys::{aio, pipe};

/// How the input of an operation reaches the kernel: copied (`sendmsg`) or zero-copy (the
/// caller's pages are mapped into a pipe with `vmsplice` and spliced into the socket). The
/// result is the same in every mode; only the cost differs. See [`Cipher::set_access`] and
/// [`Aead::set_access`].
///
/// [`Cipher::set_access`]: crate::Cipher::set_access
/// [`Aead::set_access`]: crate::Aead::set_access
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Access {
    /// Copy small inputs, zero-copy large ones (more than 8 KiB); the default.
    #[default]
    Heuristic,
    /// Zero-copy whenever possible.
    Vmsplice,
    /// Always copy.
    Sendmsg,
}

impl Access {
    /// The C API's value: 0 heuristic, 2 sendmsg, anything else vmsplice (as libkcapi).
    #[cfg(feature = "__capi")]
    pub fn from_c(v: i32) -> Access {
        match v {
            0 => Access::Heuristic,
            2 => Access::Sendmsg,
            _ => Access::Vmsplice,
        }
    }
}

/// With [`Access::Heuristic`], data of more than this many bytes is sent zero-copy (below it
/// the copy is cheaper than the extra vmsplice and splice calls).
pub const SPLICE_THRESHOLD: usize = 8192;

/// How long [`Handle::recv`] waits for input when a request is open but nothing can be produced
/// yet (input expected from another thread).
pub const RECV_WAIT_MS: i32 = 100;

/// `SPLICE_F_MORE`.
const SPLICE_F_MORE: libc::c_uint = 4;

/// Outcome of a zero-copy attempt.
enum Spliced {
    /// Everything was moved.
    Done(usize),
    /// Zero-copy is not possible (any more): send the rest with sendmsg. `ctrl_sent` tells
    /// whether the control message went out already, `moved` how many data bytes did.
    Fallback { ctrl_sent: bool, moved: usize },
}

impl Handle {
    /// Send `data` to the operation socket as part of the current request, preceded by `ctrl`
    /// when given (a control message starts a new request: operation, IV, AEAD length). With
    /// `more`, the request stays open for further sends; without, it is complete and the kernel
    /// will process all of it. `access` selects copying or zero-copy (see the module
    /// documentation); the result is the same.
    ///
    /// Returns the number of data bytes sent, which is all of `data` unless an error occurs.
    /// Syscalls: one `sendmsg` when copying; `sendmsg` (control, if any) + `vmsplice` + `splice`
    /// when zero-copy. Blocks only while the kernel's input buffer is full (a receiving thread
    /// will make room).
    pub fn send(&self, ctrl: Option<&Control>, data: &[IoBuf<'_>], more: bool, access: Access) -> Result<usize> {
        let total = msg::in_len(data)?;
        let op = self.op()?;
        let zero_copy = total > 0
            && !self.vmsplice_refused()
            && match access {
                Access::Sendmsg => false,
                Access::Heuristic => total > SPLICE_THRESHOLD,
                Access::Vmsplice => true,
            };
        if !zero_copy {
            return send_copy(op, ctrl, data, total, more);
        }
        match self.send_splice(op, ctrl, data, total, more)? {
            Spliced::Done(n) => Ok(n),
            Spliced::Fallback { ctrl_sent, moved } => {
                klog!(DEBUG, "AF_ALG: Using fallback of sendmsg instead of splice");
                let rest = msg::skip_in(data, moved);
                let ctrl = if ctrl_sent { None } else { ctrl };
                Ok(moved + send_copy(op, ctrl, &rest, total - moved, more)?)
            }
        }
    }

    /// The zero-copy send: control message (with "more"), then vmsplice into the handle's pipe
    /// and splice from the pipe into the socket until all data moved.
    fn send_splice(
        &self,
        op: BorrowedFd<'_>,
        ctrl: Option<&Control>,
        data: &[IoBuf<'_>],
        total: usize,
        more: bool,
    ) -> Result<Spliced> {
        let mut fallback = Spliced::Fallback { ctrl_sent: false, moved: 0 };
        let Ok(mut guard) = self.splice_pipe() else {
            return Ok(fallback);
        };
        if total > guard.size() {
            return Ok(fallback);
        }
        if let Some(c) = ctrl {
            msg::sendmsg(op, Some(c), &[], true)?;
        }
        let mut moved = 0;
        while moved < total {
            fallback = Spliced::Fallback { ctrl_sent: true, moved };
            let Some(p) = guard.pipe() else {
                return Ok(fallback);
            };
            let rest = msg::skip_in(data, moved);
            let n = match pipe::vmsplice_bufs(p.wr.as_fd(), &rest, 0) {
                Ok(0) => return Ok(fallback),
                Ok(n) => n.min(total - moved),
                Err(e) if e.0 == libc::EPERM || e.0 == libc::ENOSYS => {
                    self.refuse_vmsplice();
                    return Ok(fallback);
                }
                Err(e) if e.0 == libc::EINVAL => return Ok(fallback),
                Err(e) => return Err(e),
            };
            // Move exactly these n bytes on; only the very last splice may end the request.
            let mut left = n;
            while left > 0 {
                let flags = if more || moved + n < total { SPLICE_F_MORE } else { 0 };
                match pipe::splice(p.rd.as_fd(), op, left, flags) {
                    Ok(0) => {
                        guard.discard();
                        return Err(Errno(libc::EPIPE));
                    }
                    Ok(k) => left -= k.min(left),
                    Err(e) => {
                        // The pipe may still hold data of this round: never reuse it.
                        guard.discard();
                        if matches!(e.0, libc::EINVAL | libc::ENOSYS | libc::EPERM) {
                            return Ok(Spliced::Fallback { ctrl_sent: true, moved: moved + (n - left) });
                        }
                        return Err(e);
                    }
                }
            }
            moved += n;
        }
        Ok(Spliced::Done(moved))
    }

    /// One receive for the stream APIs: a single `recvmsg` into `out` that never waits for
    /// output the queued input cannot produce. Returns the bytes received, possibly fewer than
    /// `out` holds (callers loop): while a request is open, a symmetric cipher hands out whole
    /// blocks only. When nothing can be produced, waits up to [`RECV_WAIT_MS`] for another thread
    /// to send input, then returns 0.
    pub fn recv(&self, out: &mut [IoBufMut<'_>]) -> Result<usize> {
        let op = self.op()?;
        match msg::recvmsg(op, out, true) {
            Err(Errno(libc::EAGAIN)) => {}
            r => return r,
        }
        if !msg::poll_in(op, RECV_WAIT_MS)? {
            return Ok(0);
        }
        match msg::recvmsg(op, out, true) {
            Err(Errno(libc::EAGAIN)) => Ok(0),
            r => r,
        }
    }

    /// Receive up to `out.len()` bytes of a request's output with a read loop that stops when
    /// the kernel has nothing more to give (never waits). Returns the bytes received; an error
    /// of any `recvmsg` is returned as is, even after some bytes arrived (libkcapi's read loop
    /// does the same). One `recvmsg` when the output is complete at once.
    pub fn recv_upto(&self, out: &mut IoBufMut<'_>) -> Result<usize> {
        self.recv_upto_v(::core::slice::from_mut(out))
    }

    /// [`Handle::recv_upto`] into several buffers, filled in order.
    pub fn recv_upto_v(&self, out: &mut [IoBufMut<'_>]) -> Result<usize> {
        let op = self.op()?;
        let want = msg::out_len(out)?;
        let mut got = 0;
        while got < want {
            let mut part = msg::window_out(out, got, want - got);
            match msg::recvmsg(op, &mut part, true) {
                Ok(0) | Err(Errno(libc::EAGAIN)) => break,
                Ok(n) => got += n,
                Err(e) => return Err(e),
            }
        }
        Ok(got)
    }

    /// The handle's AIO state with a live context, made on first use; `None` when the handle
    /// was made without `KCAPI_INIT_AIO` or the kernel has no AIO here (remembered).
    fn aio_ready(&self) -> Option<MutexGuard<'_, AioState>> {
        if !self.wants_aio() {
            return None;
        }
        let mut st = self.aio_state();
        if st.off {
            return None;
        }
        if st.ctx.as_ref().is_none_or(|c| c.is_dead()) {
            match aio::setup(aio::MAX_BATCH as u32) {
                Ok(c) => st.ctx = Some(c),
                Err(e) => {
                    klog!(DEBUG, "AIO: io_setup failed ({}): synchronous operation", e.neg());
                    if matches!(e.0, libc::ENOSYS | libc::EOPNOTSUPP | libc::EINVAL) {
                        st.off = true;
                    }
                    return None;
                }
            }
        }
        Some(st)
    }

    /// Like [`Handle::recv_upto`], but through the handle's AIO context when the handle was
    /// made with `KCAPI_INIT_AIO` and the kernel supports AIO on AF_ALG sockets (one
    /// `io_submit` + `io_getevents`; the request has completed when this returns). Falls back
    /// to the synchronous receive — with the same result — when the kernel has no AIO here
    /// (`ENOSYS`, `EOPNOTSUPP`: remembered for the handle) or the context cannot be made.
    pub fn recv_aio(&self, out: &mut IoBufMut<'_>) -> Result<usize> {
        if out.is_empty() {
            return self.recv_upto(out);
        }
        let want = out.len();
        let got = match self.recv_each(::core::slice::from_mut(&mut out.sub(0, want)))?.pop() {
            Some(r) => r?,
            None => 0,
        };
        if got >= want {
            return Ok(want);
        }
        let mut rest = out.sub(got, want - got);
        Ok(got + self.recv_upto(&mut rest)?)
    }

    /// One read per buffer of `out`, in order: each is a kernel request of its own that takes
    /// as much of the queued input as the buffer's length lets it (the kernel decides, as for
    /// `recvmsg`). Through the handle's AIO context when it has one — all reads submitted with
    /// one `io_submit` and collected with `io_getevents` per [`aio::MAX_BATCH`] buffers, every
    /// one completed before this returns — otherwise (or on a kernel without AIO on AF_ALG
    /// sockets, remembered) one `recvmsg` each, with the same result. Returns one result per
    /// buffer: a read with nothing to process gives 0, an error of one read does not stop the
    /// others. The call fails only when requests could not be completed in time (see
    /// [`aio::AioContext::read_all`]).
    pub fn recv_each(&self, out: &mut [IoBufMut<'_>]) -> Result<Vec<Result<usize>>> {
        let op = self.op()?;
        let mut res: Vec<Option<Result<usize>>> = vec![None; out.len()];
        if let Some(mut st) = self.aio_ready() {
            let mut start = 0;
            while start < out.len() && !st.off {
                let end = (start + aio::MAX_BATCH).min(out.len());
                let Some(ctx) = st.ctx.as_mut() else { break };
                match ctx.read_all(op, &mut out[start..end]) {
                    Ok(rs) => {
                        for (slot, r) in res[start..end].iter_mut().zip(rs) {
                            *slot = match r {
                                Err(Errno(libc::EAGAIN)) => Some(Ok(0)),
                                Err(Errno(libc::EOPNOTSUPP)) => {
                                    st.off = true;
                                    None
                                }
                                r => Some(r),
                            };
                        }
                    }
                    Err(e) if matches!(e.0, libc::EOPNOTSUPP | libc::EINVAL | libc::ENOSYS) => {
                        klog!(DEBUG, "AIO: not supported on this socket ({}): synchronous operation", e.neg());
                        st.off = true;
                    }
                    Err(e) => {
                        if st.ctx.as_ref().is_some_and(|c| c.is_dead()) {
                            st.ctx = None;
                        }
                        return Err(e);
                    }
                }
                start = end;
            }
        }
        // Synchronously: what AIO did not read.
        for (slot, b) in res.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                *slot = Some(match msg::recvmsg(op, ::core::slice::from_mut(b), true) {
                    Err(Errno(libc::EAGAIN)) => Ok(0),
                    r => r,
                });
            }
        }
        Ok(res.into_iter().map(|r| r.unwrap_or(Ok(0))).collect())
    }

    /// The most input bytes one request can queue in the kernel before a receive consumes it:
    /// the operation socket's send buffer rounded down to whole pages (about 200 KiB by
    /// default). A send beyond that blocks until output is read, so an operation that produces
    /// output only once its request is complete (AEAD) cannot take more. One `getsockopt`.
    pub fn max_request(&self) -> Result<usize> {
        let page = crate::sys::page_size();
        let n = msg::sndbuf(self.op()?)?;
        Ok((n & !(page - 1)).max(page))
    }

    /// Whether the kernel refuses this handle's operations for want of a key (`ENOKEY`), asked
    /// without side effects: a `recvmsg` with no buffer on the operation socket (accepted if
    /// need be) is answered with `ENOKEY` when the transformation has no key, and with 0 when it
    /// has one (the kernel's receive loop does nothing for an empty buffer, whatever is
    /// queued). For error paths only: the kernel checks the key before it looks at the data, so
    /// libkcapi, which hands every call to the kernel, fails with `ENOKEY` first, and the C API
    /// reports its own argument errors in that order too. `false` when it cannot tell (accept
    /// refused). Costs an `accept` (when there is no operation socket yet) and a `recvmsg`.
    pub fn key_missing(&self) -> bool {
        let Ok(op) = self.op() else { return false };
        msg::recvmsg(op, &mut [], true) == Err(Errno::ENOKEY)
    }

    /// End the current request and throw away whatever output it could still produce, so that
    /// the next operation starts on a clean socket (after an error, or when the caller's output
    /// buffer was shorter than the input). `open` says whether the request is still open (its
    /// last send carried "more"); `pending` is an estimate of the unread bytes that bounds the
    /// work. Costs one `sendmsg` (if open) and a `recvmsg` per 64 KiB plus one.
    pub fn discard_request(&self, open: bool, pending: usize) {
        let Ok(op) = self.op() else { return };
        if open {
            let _ = msg::sendmsg(op, None, &[], false);
        }
        let mut scratch = vec![0u8; DISCARD_CHUNK.min(pending.max(1)).max(SMALL_DISCARD)];
        let rounds = pending / scratch.len() + 2;
        for _ in 0..rounds {
            let mut b = [IoBufMut::new(&mut scratch)];
            match msg::recvmsg(op, &mut b, true) {
                Ok(0) | Err(Errno(libc::EAGAIN)) => break,
                Ok(_) => {}
                Err(_) => {}
            }
        }
        crate::core::memset_secure(&mut scratch, 0);
    }
}

/// Largest scratch buffer [`Handle::discard_request`] uses per `recvmsg`.
const DISCARD_CHUNK: usize = 64 * 1024;
/// Smallest scratch buffer (a few cipher blocks).
const SMALL_DISCARD: usize = 4096;

/// Copying send: `sendmsg` of control and data, continued after a partial transfer.
fn send_copy(
    op: BorrowedFd<'_>,
    ctrl: Option<&Control>,
    data: &[IoBuf<'_>],
    total: usize,
    more: bool,
) -> Result<usize> {
    let mut ctrl = ctrl;
    let mut done = 0;
    loop {
        let rest = msg::skip_in(data, done);
        let n = msg::sendmsg(op, ctrl, &rest, more)?;
        klog!(DEBUG, "AF_ALG: sendmsg syscall returned {n}");
        ctrl = None;
        done += n;
        if done >= total {
            return Ok(done);
        }
        if n == 0 {
            return Err(Errno::EIO);
        }
    }
}
