//! Linux native asynchronous I/O (`io_setup`, `io_submit`, `io_getevents`, `io_cancel`,
//! `io_destroy`) for reads from AF_ALG operation sockets.
//!
//! The kernel runs an AF_ALG read submitted through `io_submit` as an asynchronous cipher
//! request and reports its result (bytes produced or a negative errno) as a completion event.
//! Once submitted, a request may write into the caller's buffer until its completion has been
//! reaped, so the one entry point, [`AioContext::read_all`], returns only after *every* request
//! it submitted has completed: it waits with a bounded timeout, tries to cancel what is still
//! outstanding after that, and as the last resort destroys the context, which the kernel
//! completes only once all of the context's requests are finished. A destroyed context is
//! unusable afterwards ([`AioContext::is_dead`]); callers make a new one.
//!
//! Kernels without AIO on AF_ALG sockets answer `EOPNOTSUPP` (for the submission or as the
//! request's result); kernels without `CONFIG_AIO` answer `ENOSYS` to `io_setup`. Callers treat
//! both as "run synchronously".

use super::fd::BorrowedFd;
use super::msg::IoBufMut;
use super::time::Instant;
use crate::error::{Errno, Result};
use crate::prelude::*;
use ::core::time::Duration;

/// `IOCB_CMD_PREADV`: vectored read.
const IOCB_CMD_PREADV: u16 = 7;
/// `RWF_NOWAIT`: fail with `EAGAIN` instead of blocking in the submission.
const RWF_NOWAIT: i32 = 8;

/// `struct iocb` of `<linux/aio_abi.h>` (64 bytes).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Iocb {
    aio_data: u64,
    #[cfg(target_endian = "little")]
    aio_key: u32,
    aio_rw_flags: i32,
    #[cfg(target_endian = "big")]
    aio_key: u32,
    aio_lio_opcode: u16,
    aio_reqprio: i16,
    aio_fildes: u32,
    aio_buf: u64,
    aio_nbytes: u64,
    aio_offset: i64,
    aio_reserved2: u64,
    aio_flags: u32,
    aio_resfd: u32,
}

/// `struct io_event` of `<linux/aio_abi.h>` (32 bytes).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct IoEvent {
    data: u64,
    obj: u64,
    res: i64,
    res2: i64,
}

/// Most requests one [`AioContext::read_all`] call submits (the context's size).
pub const MAX_BATCH: usize = 64;

/// How long [`AioContext::read_all`] waits for completions before cancelling.
pub const WAIT: Duration = Duration::from_secs(10);

/// An AIO context (`aio_context_t`), destroyed on drop.
#[derive(Debug)]
pub struct AioContext {
    ctx: libc::c_ulong,
    dead: bool,
}

/// `io_setup(nr, &ctx)`.
pub fn setup(nr: u32) -> Result<AioContext> {
    let mut ctx: libc::c_ulong = 0;
    // SAFETY: io_setup writes the context id into ctx, a valid c_ulong.
    let r = unsafe { libc::syscall(libc::SYS_io_setup, nr as libc::c_long, &mut ctx as *mut libc::c_ulong) };
    if r < 0 {
        return Err(Errno::last());
    }
    Ok(AioContext { ctx, dead: false })
}

impl AioContext {
    /// Whether the context was destroyed to force outstanding requests to finish.
    pub fn is_dead(&self) -> bool {
        self.dead
    }

    /// Read into each of `bufs` with one request each on `fd` (at most [`MAX_BATCH`]), and wait
    /// until all of them have completed. Returns one result per buffer: bytes read or the
    /// request's error. The call itself fails when the submission fails (nothing outstanding
    /// then) — with `EOPNOTSUPP`, `EINVAL` or `ENOSYS` when the kernel cannot do AIO on `fd` —
    /// or with `ETIMEDOUT` when requests did not complete within [`WAIT`]; they have completed
    /// by the time it returns, but the context is dead.
    pub fn read_all(&mut self, fd: BorrowedFd<'_>, bufs: &mut [IoBufMut<'_>]) -> Result<Vec<Result<usize>>> {
        if self.dead {
            return Err(Errno(libc::EBADF));
        }
        if bufs.len() > MAX_BATCH {
            return Err(Errno::EINVAL);
        }
        let mut cbs = [Iocb::default(); MAX_BATCH];
        let mut ptrs = [::core::ptr::null_mut::<Iocb>(); MAX_BATCH];
        for (i, b) in bufs.iter_mut().enumerate() {
            cbs[i] = Iocb {
                aio_data: i as u64,
                aio_rw_flags: RWF_NOWAIT,
                aio_lio_opcode: IOCB_CMD_PREADV,
                aio_fildes: fd.as_raw_fd() as u32,
                // One iovec: the IoBufMut itself (repr(transparent) over iovec).
                aio_buf: (b as *mut IoBufMut<'_>) as u64,
                aio_nbytes: 1,
                ..Iocb::default()
            };
        }
        for (i, p) in ptrs.iter_mut().enumerate().take(bufs.len()) {
            *p = &mut cbs[i];
        }
        let mut results: Vec<Option<Result<usize>>> = (0..bufs.len()).map(|_| None).collect();
        let submitted = self.submit(&mut ptrs[..bufs.len()])?;
        if submitted < bufs.len() {
            for r in results.iter_mut().skip(submitted) {
                *r = Some(Err(Errno::EIO));
            }
        }
        self.reap(&mut cbs[..submitted], &mut results)?;
        Ok(results.into_iter().map(|r| r.unwrap_or(Err(Errno::EIO))).collect())
    }

    /// `io_submit`, continuing after a partial submission; returns how many were submitted (an
    /// error only if none was).
    fn submit(&self, ptrs: &mut [*mut Iocb]) -> Result<usize> {
        let mut done = 0;
        while done < ptrs.len() {
            // SAFETY: ptrs[done..] point to initialised iocbs that stay alive (and whose buffers
            // stay alive) until read_all has reaped them.
            let r = unsafe {
                libc::syscall(
                    libc::SYS_io_submit,
                    self.ctx,
                    (ptrs.len() - done) as libc::c_long,
                    ptrs[done..].as_mut_ptr(),
                )
            };
            if r < 0 {
                let e = Errno::last();
                if done == 0 {
                    return Err(e);
                }
                return Ok(done);
            }
            if r == 0 {
                return if done == 0 { Err(Errno::EIO) } else { Ok(done) };
            }
            done += r as usize;
        }
        Ok(done)
    }

    /// Collect the completions of the `cbs.len()` submitted requests into `results`.
    fn reap(&mut self, cbs: &mut [Iocb], results: &mut [Option<Result<usize>>]) -> Result<()> {
        let mut left = cbs.len();
        let deadline = Instant::now() + WAIT;
        let mut events = [IoEvent::default(); MAX_BATCH];
        while left > 0 {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let wait = deadline - now;
            let ts =
                libc::timespec { tv_sec: wait.as_secs() as libc::time_t, tv_nsec: wait.subsec_nanos() as libc::c_long };
            // SAFETY: events has room for `left` (<= MAX_BATCH) events; ts is a valid timespec.
            let r = unsafe {
                libc::syscall(
                    libc::SYS_io_getevents,
                    self.ctx,
                    1 as libc::c_long,
                    left as libc::c_long,
                    events.as_mut_ptr(),
                    &ts as *const libc::timespec,
                )
            };
            if r < 0 {
                if Errno::last().0 == libc::EINTR {
                    continue;
                }
                break;
            }
            for ev in &events[..r as usize] {
                let i = ev.data as usize;
                if let Some(slot) = results.get_mut(i) {
                    if slot.is_none() {
                        left -= 1;
                    }
                    *slot = Some(if ev.res < 0 { Err(Errno(-ev.res as i32)) } else { Ok(ev.res as usize) });
                }
            }
        }
        if left == 0 {
            return Ok(());
        }
        // Still outstanding: cancel what can be cancelled, then make sure nothing runs on.
        for (i, cb) in cbs.iter_mut().enumerate() {
            if results[i].is_some() {
                continue;
            }
            let mut ev = IoEvent::default();
            // SAFETY: cb was submitted on this context; ev is a valid io_event.
            let r = unsafe { libc::syscall(libc::SYS_io_cancel, self.ctx, cb as *mut Iocb, &mut ev as *mut IoEvent) };
            if r == 0 {
                results[i] = Some(Err(Errno(libc::ECANCELED)));
                left -= 1;
            }
        }
        if left > 0 {
            // io_destroy returns only when every request of the context has completed.
            self.destroy();
        }
        Err(Errno(libc::ETIMEDOUT))
    }

    fn destroy(&mut self) {
        if !self.dead {
            // SAFETY: self.ctx is a context made by io_setup and not yet destroyed.
            unsafe { libc::syscall(libc::SYS_io_destroy, self.ctx) };
            self.dead = true;
        }
    }
}

impl Drop for AioContext {
    fn drop(&mut self) {
        self.destroy();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abi_sizes() {
        assert_eq!(::core::mem::size_of::<Iocb>(), 64);
        assert_eq!(::core::mem::size_of::<IoEvent>(), 32);
        assert_eq!(::core::mem::offset_of!(Iocb, aio_lio_opcode), 16);
        assert_eq!(::core::mem::offset_of!(Iocb, aio_buf), 24);
        assert_eq!(::core::mem::offset_of!(Iocb, aio_resfd), 60);
    }

    #[test]
    fn read_from_a_pipe() {
        // AIO reads from a pipe are synchronous in the kernel but go through the same paths.
        let p = match crate::sys::pipe::pipe() {
            Ok(p) => p,
            Err(_) => return,
        };
        let mut ctx = match setup(4) {
            Ok(c) => c,
            Err(_) => return, // no CONFIG_AIO
        };
        let mut buf = [0u8; 16];
        let mut bufs = [IoBufMut::new(&mut buf)];
        match ctx.read_all(p.rd.as_fd(), &mut bufs) {
            Ok(r) => {
                // RWF_NOWAIT on an empty pipe: EAGAIN, never a hang.
                assert_eq!(r[0], Err(Errno(libc::EAGAIN)));
            }
            Err(e) => assert!(matches!(e.0, libc::EOPNOTSUPP | libc::EINVAL), "{e:?}"),
        }
    }
}
