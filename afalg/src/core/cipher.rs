//! Symmetric ciphers (AF_ALG `skcipher`): one-shot, stream and AIO operations, and the safe
//! Rust API [`Cipher`].
//!
//! # One-shot operations and large inputs
//!
//! The kernel cannot take an arbitrarily large request at once (its input buffer holds about
//! 200 KiB; the splice pipe 128 KiB), so a one-shot operation is cut into pieces of
//! [`PIECE_PAGES`] pages (64 KiB with 4 KiB pages). Unlike libkcapi, which made every piece a new
//! request with the original IV again (upstream issue #127: CTR keystream reuse and wrong bytes
//! from offset 0x10000 on), all pieces form **one** request: the IV goes with the first piece
//! only, every piece but the last is sent with "more", and the output of each piece is read
//! before the next is sent. The kernel keeps the chained IV between pieces, so the result equals
//! one continuous CBC/CTR operation. (Modes whose kernel implementation does not hand back a
//! chained IV — XTS, and ChaCha20 on Linux 6.12 — restart at every piece, as with libkcapi: for
//! them one operation must not exceed one piece.)
//!
//! An input of at most one piece costs two syscalls on a handle whose operation socket exists:
//! `sendmsg` and `recvmsg` (with [`Access::Heuristic`] or [`Access::Sendmsg`]).
//!
//! # Return values (as libkcapi)
//!
//! The one-shot calls return the number of *input* bytes consumed (the sum of the pieces sent
//! while output space remained); the AIO calls return the number of *output* bytes produced.
//! When the output buffer is shorter than the input, the unread rest of the kernel's output is
//! discarded so that the handle stays usable (libkcapi left it behind and the next operation on
//! the handle failed).

use crate::core::handle::{AlgType, Handle};
use crate::core::info::AlgInfo;
use crate::core::op::{Access, SPLICE_THRESHOLD};
use crate::error::{Errno, Result};
use crate::prelude::*;
use crate::sys::msg::{self, Control, IoBuf, IoBufMut, ALG_OP_DECRYPT, ALG_OP_ENCRYPT};

/// Pages per piece of a large one-shot operation (libkcapi's `ALG_MAX_PAGES`).
pub const PIECE_PAGES: usize = 16;

/// Bytes per piece of a large one-shot operation.
pub fn piece_size() -> usize {
    PIECE_PAGES * crate::sys::page_size()
}

/// The direction of a cipher operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Encryption (`ALG_OP_ENCRYPT`).
    Encrypt,
    /// Decryption (`ALG_OP_DECRYPT`).
    Decrypt,
}

impl Direction {
    /// The kernel's operation code.
    pub(crate) fn op(self) -> u32 {
        match self {
            Direction::Encrypt => ALG_OP_ENCRYPT,
            Direction::Decrypt => ALG_OP_DECRYPT,
        }
    }
}

/// How [`Handle::cipher_crypt_v`] reads a piece's output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recv {
    /// `recvmsg` until the output is full or the kernel has nothing more (libkcapi's one-shot
    /// read loop: an error after some output is returned).
    Loop,
    /// Through the handle's AIO context ([`Handle::recv_aio`]).
    Aio,
    /// One `recvmsg` (libkcapi's synchronous AIO fallback, `kcapi_cipher_stream_op`): what the
    /// kernel produces at once; a later error after some output is not seen.
    Once,
}

/// What a one-shot operation did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Input bytes handed to the kernel (libkcapi's return value of the one-shot calls).
    pub consumed: usize,
    /// Output bytes written.
    pub produced: usize,
}

impl Handle {
    /// One-shot encryption or decryption of `input` into `output` (which may be the same
    /// memory), as one kernel request cut into pieces of [`piece_size`] bytes with the IV
    /// chained across them (see the module documentation). `iv` must have the algorithm's IV
    /// size; `None` continues with the IV the operation socket holds (zero on a new handle).
    /// With `aio`, each piece's output is read through the handle's AIO context (see
    /// [`Handle::recv_aio`]).
    ///
    /// Nothing is done (and no syscall made) when `input` or `output` is empty. `EMSGSIZE` when
    /// `output` is longer than `INT_MAX` (libkcapi's limit). Kernel errors are returned as is:
    /// `EINVAL` for input that is not a multiple of the block size of a block mode or an output
    /// buffer too short for one block, `ENOKEY` without a key. After an error the request is
    /// ended and its output discarded.
    pub fn cipher_crypt(
        &mut self,
        dir: Direction,
        iv: Option<&[u8]>,
        input: IoBuf<'_>,
        mut output: IoBufMut<'_>,
        access: Access,
        aio: bool,
    ) -> Result<Outcome> {
        let recv = if aio { Recv::Aio } else { Recv::Loop };
        self.cipher_crypt_v(dir, iv, &[input], ::core::slice::from_mut(&mut output), access, recv)
    }

    /// [`Handle::cipher_crypt`] over several buffers: one operation on the concatenated input,
    /// written into the output buffers in order; `recv` says how each piece's output is read.
    pub fn cipher_crypt_v(
        &mut self,
        dir: Direction,
        iv: Option<&[u8]>,
        input: &[IoBuf<'_>],
        output: &mut [IoBufMut<'_>],
        access: Access,
        recv: Recv,
    ) -> Result<Outcome> {
        // Saturating sums: the checks below come first (a sum beyond SSIZE_MAX is refused by
        // the send).
        let inlen = input.iter().fold(0usize, |t, b| t.saturating_add(b.len()));
        let outlen = output.iter().fold(0usize, |t, b| t.saturating_add(b.len()));
        if inlen == 0 || outlen == 0 {
            return Ok(Outcome::default());
        }
        if outlen > i32::MAX as usize {
            return Err(Errno::EMSGSIZE);
        }
        let ctrl = Control::new(dir.op(), iv, None)?;
        let piece = piece_size();
        let mut done = Outcome::default();
        let mut open = false;
        let r = (|| -> Result<()> {
            loop {
                let pin = (inlen - done.consumed).min(piece);
                let room = outlen - done.produced;
                // The request ends with the input, or earlier when the output is full after
                // this piece.
                let last = done.consumed + pin == inlen || room <= pin;
                let first = done.consumed == 0;
                open = true;
                self.send(first.then_some(&ctrl), &msg::window_in(input, done.consumed, pin), !last, access)?;
                open = !last;
                done.consumed += pin;
                let mut out = msg::window_out(output, done.produced, pin.min(room));
                let n = match (&mut out[..], recv) {
                    ([one], Recv::Aio) => self.recv_aio(one)?,
                    (out, Recv::Once) => match msg::recvmsg(self.op()?, out, true) {
                        Err(Errno(libc::EAGAIN)) => 0,
                        r => r?,
                    },
                    (out, _) => self.recv_upto_v(out)?,
                };
                done.produced += n;
                if last {
                    return Ok(());
                }
            }
        })();
        let unread = done.consumed.saturating_sub(done.produced);
        if r.is_err() || open || unread > 0 {
            self.discard_request(open, unread.max(1));
        }
        r.map(|()| done)
    }

    /// Start a stream operation: control message with the operation and `iv` (see
    /// [`Handle::cipher_crypt`] for `None`), plus `data` if any, sent with "more" (one
    /// `sendmsg`). Returns the data bytes sent.
    pub fn cipher_stream_init(&mut self, dir: Direction, iv: Option<&[u8]>, data: &[IoBuf<'_>]) -> Result<usize> {
        let ctrl = Control::new(dir.op(), iv, None)?;
        self.send(Some(&ctrl), data, true, Access::Sendmsg)
    }

    /// Send more stream data; `last` ends the request (required for the kernel to hand out a
    /// final partial block of a stream mode such as CTR). Data larger than
    /// [`crate::core::op::SPLICE_THRESHOLD`] is sent zero-copy: the kernel references the
    /// caller's pages until [`Handle::cipher_stream_op`] has consumed them, so the memory must not
    /// change before. Returns the bytes sent.
    pub fn cipher_stream_update(&self, data: &[IoBuf<'_>], last: bool) -> Result<usize> {
        self.send(None, data, !last, Access::Heuristic)
    }

    /// Fetch stream output (see [`Handle::recv`]): whole blocks while the request is open,
    /// possibly fewer bytes than `out` holds; never waits for output that cannot come.
    pub fn cipher_stream_op(&self, out: &mut [IoBufMut<'_>]) -> Result<usize> {
        self.recv(out)
    }

    /// The AIO operation (`kcapi_cipher_encrypt_aio` / `kcapi_cipher_decrypt_aio`), with
    /// libkcapi's results: the inputs form one stream with `iv` (all zero when `None`), chained
    /// across the buffers.
    ///
    /// * On a handle made with `KCAPI_INIT_AIO`, all input is queued as one request and each
    ///   output buffer is one read of its own (one `io_submit` and one `io_getevents` for up to
    ///   [`crate::sys::aio::MAX_BATCH`] buffers; synchronous reads with the same result on a kernel without
    ///   AIO on AF_ALG sockets): the kernel gives each read as much of the stream as the buffer
    ///   takes — whole blocks while more input follows — so buffers of other lengths than
    ///   their inputs take the stream where the previous read left it. A read that cannot take
    ///   one block fails (`EINVAL`), the others still run; the first error is returned. Input
    ///   beyond what the reads take is discarded.
    /// * Without `KCAPI_INIT_AIO`: one operation on the concatenated input written into the
    ///   output buffers in order, read with one `recvmsg` per piece (libkcapi's synchronous
    ///   fallback, except that the request is ended, so that a final partial block of a stream
    ///   mode is returned, not withheld).
    ///
    /// Unlike libkcapi, more than 64 pairs still form one stream (libkcapi restarts the IV
    /// every 64 pairs) and inputs beyond what the kernel queues at once (about 200 KiB) are
    /// fed as the reads consume them instead of blocking forever. Every request has completed
    /// when this returns. Returns the total output bytes. `EINVAL` before anything is sent
    /// when a buffer is longer than `SSIZE_MAX` or the lengths of the inputs or of the outputs
    /// add up beyond it (what the kernel answers for such iovecs).
    pub fn cipher_crypt_aio(
        &mut self,
        dir: Direction,
        iv: Option<&[u8]>,
        input: &[IoBuf<'_>],
        output: &mut [IoBufMut<'_>],
        access: Access,
    ) -> Result<usize> {
        if input.is_empty() || input.len() != output.len() {
            return Err(Errno::EINVAL);
        }
        let inlen = msg::in_len(input)?;
        let outlen = msg::out_len(output)?;
        let zero;
        let iv = match iv {
            Some(v) => Some(v),
            None => {
                zero = vec![0u8; self.info()?.ivsize as usize];
                (!zero.is_empty()).then_some(&zero[..])
            }
        };
        if inlen == 0 || outlen == 0 {
            return Ok(0);
        }
        // libkcapi's rule for the AIO calls: the heuristic looks at the first input only.
        let access = match access {
            Access::Heuristic if input[0].len() <= SPLICE_THRESHOLD => Access::Sendmsg,
            a => a,
        };
        if !self.wants_aio() {
            return Ok(self.cipher_crypt_v(dir, iv, input, output, access, Recv::Once)?.produced);
        }
        // The reads take at most `outlen` bytes; one byte more leaves the kernel the same
        // decision (whether input follows a read) as all of the input would.
        let queue = inlen.min(outlen.saturating_add(1));
        let ctrl = Control::new(dir.op(), iv, None)?;
        if queue > piece_size() && queue > self.max_request()? {
            return self.cipher_reads_fed(&ctrl, input, output, access);
        }
        let data = msg::window_in(input, 0, queue);
        if let Err(e) = self.send_request(&ctrl, &data, access) {
            self.discard_request(true, queue);
            return Err(e);
        }
        let reads = self.recv_each(output);
        let (total, err) = match reads {
            Ok(rs) => sum_reads(rs),
            Err(e) => (0, Some(e)),
        };
        if total < queue || err.is_some() {
            self.discard_request(false, queue.saturating_sub(total).max(1));
        }
        err.map_or(Ok(total), Err)
    }

    /// Send `data` as one complete request after `ctrl`, in `sendmsg` calls of at most
    /// `UIO_MAXIOV` buffers.
    pub(crate) fn send_request(&self, ctrl: &Control, data: &[IoBuf<'_>], access: Access) -> Result<()> {
        const MAXIOV: usize = 1024;
        let n = data.chunks(MAXIOV).len();
        for (k, part) in data.chunks(MAXIOV).enumerate() {
            self.send((k == 0).then_some(ctrl), part, k + 1 < n, access)?;
        }
        Ok(())
    }

    /// The AIO operation when its input does not fit into the kernel's queue at once: the
    /// same reads as [`Handle::cipher_crypt_aio`], synchronous, with the input fed as they
    /// consume it. Before each read (of at most [`FEED_READ`] bytes of a buffer) the queue
    /// holds the rest of the input or more than the read can take, so that the kernel cuts
    /// every read as with all input queued.
    fn cipher_reads_fed(
        &mut self,
        ctrl: &Control,
        input: &[IoBuf<'_>],
        out: &mut [IoBufMut<'_>],
        access: Access,
    ) -> Result<usize> {
        let inlen = msg::in_len(input)?;
        let op = self.op()?;
        let (mut sent, mut done, mut open) = (0usize, 0usize, false);
        let mut err = None;
        'reads: for o in out.iter_mut() {
            let len = o.len();
            let mut got = 0;
            while got < len && done < inlen {
                let r = (len - got).min(FEED_READ);
                let need = inlen.min(done + r + FEED_AHEAD);
                if sent < need {
                    let last = need == inlen;
                    open = true;
                    let part = msg::window_in(input, sent, need - sent);
                    if let Err(e) = self.send((sent == 0).then_some(ctrl), &part, !last, access) {
                        err = Some(e);
                        break 'reads;
                    }
                    sent = need;
                    open = !last;
                }
                match msg::recvmsg(op, &mut [o.sub(got, r)], true) {
                    Ok(0) | Err(Errno(libc::EAGAIN)) => break,
                    Ok(n) => {
                        got += n;
                        done += n;
                        if n < r {
                            break;
                        }
                    }
                    Err(e) => {
                        err.get_or_insert(e);
                        break;
                    }
                }
            }
        }
        if open || done < sent || err.is_some() {
            self.discard_request(open, sent.saturating_sub(done).max(1));
        }
        err.map_or(Ok(done), Err)
    }
}

/// Largest read of [`Handle::cipher_reads_fed`] (a multiple of every block size).
const FEED_READ: usize = 32 * 1024;
/// Input queued beyond a read of [`Handle::cipher_reads_fed`] (at least one block).
const FEED_AHEAD: usize = 4096;

/// Total bytes and first error of per-buffer read results.
pub(crate) fn sum_reads(rs: Vec<Result<usize>>) -> (usize, Option<Errno>) {
    let mut total = 0usize;
    let mut err = None;
    for r in rs {
        match r {
            Ok(n) => total = total.saturating_add(n),
            Err(e) => {
                err.get_or_insert(e);
            }
        }
    }
    (total, err)
}

/// A symmetric cipher of the kernel (`cbc(aes)`, `ctr(aes)`, `xts(aes)`, `chacha20`, …).
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// let mut c = afalg::Cipher::with_key("cbc(aes)", &[0u8; 16])?;
/// let mut ct = [0u8; 32];
/// c.encrypt(&[0u8; 16], &[0u8; 32], &mut ct)?;
/// assert_eq!(ct[0], 0x66);
/// # Ok::<(), afalg::Errno>(())
/// ```
///
/// Every call that drives the kernel takes `&mut self`: one `Cipher` runs one operation at a
/// time, so two threads cannot interleave their requests on one operation socket:
///
/// ```compile_fail,E0499
/// let mut c = afalg::Cipher::with_key("ctr(aes)", &[0u8; 16]).unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| c.encrypt(&[0u8; 16], b"one", &mut [0u8; 3]));
///     s.spawn(|| c.encrypt(&[0u8; 16], b"two", &mut [0u8; 3])); // error: `c` borrowed mutably twice
/// });
/// ```
///
/// [`Cipher::try_clone`] makes another cipher on the same key with its own operation socket;
/// that is the way to use one key from several threads:
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// let c = afalg::Cipher::with_key("ctr(aes)", &[0u8; 16])?;
/// let (mut a, mut b) = (c.try_clone(), c.try_clone());
/// let (ra, rb) = std::thread::scope(|s| {
///     let ta = s.spawn(move || a.crypt_to_vec(afalg::Direction::Encrypt, &[0u8; 16], b"one"));
///     let tb = s.spawn(move || b.crypt_to_vec(afalg::Direction::Encrypt, &[0u8; 16], b"one"));
///     (ta.join().unwrap(), tb.join().unwrap())
/// });
/// assert_eq!(ra?, rb?);
/// # Ok::<(), afalg::Errno>(())
/// ```
#[derive(Debug)]
pub struct Cipher {
    pub(crate) h: Handle,
    access: Access,
}

// `Cipher` is `Sync`: the only methods taking `&self` are getters (sizes and `info`: cached
// behind a mutex or a `OnceLock`) and `try_clone` (an `Arc` clone); none of them touches the
// operation socket.

impl Cipher {
    /// Open the kernel cipher `name` (`ENOENT` if the kernel has none, `EINVAL` if the name is
    /// another kind of algorithm, `EAFNOSUPPORT` without `AF_ALG`).
    pub fn new(name: &str) -> Result<Cipher> {
        Ok(Cipher { h: Handle::new(AlgType::Skcipher, name, 0)?, access: Access::Heuristic })
    }

    /// Open a cipher and set its key.
    pub fn with_key(name: &str, key: &[u8]) -> Result<Cipher> {
        let mut c = Cipher::new(name)?;
        c.set_key(key)?;
        Ok(c)
    }

    /// Set the key (`EINVAL` for a length the algorithm does not take; `EBUSY` once an
    /// operation ran on this cipher or a clone).
    pub fn set_key(&mut self, key: &[u8]) -> Result<()> {
        self.h.setkey(key)
    }

    /// Set the key from the kernel's keyring: the `user`, `logon`, `encrypted` or `trusted`
    /// key `serial` (find one with [`keyring::search`](crate::keyring::search)). Since Linux
    /// 6.2 the key bytes never enter the process; before, a `user` key passes through a buffer
    /// that is wiped at once, and other types give `ENOPROTOOPT`. Errors: `ENOKEY` (no such
    /// key), `EKEYREVOKED`, `EACCES` (not possessed), `ENOPROTOOPT` (another key type),
    /// `EINVAL` (a key size the algorithm rejects). See [`crate::keyring`].
    pub fn set_key_by_serial(&mut self, serial: crate::keyring::Serial) -> Result<()> {
        self.h.setkey_by_serial(serial)
    }

    /// How [`Cipher::encrypt`], [`Cipher::decrypt`] and the other one-shot calls hand their
    /// input to the kernel (default [`Access::Heuristic`]); the result does not change.
    pub fn set_access(&mut self, access: Access) {
        self.access = access;
    }

    /// IV size in bytes (0 for modes without IV such as ECB).
    pub fn iv_size(&self) -> Result<usize> {
        Ok(self.h.info()?.ivsize as usize)
    }

    /// Block size in bytes (1 for stream modes such as CTR).
    pub fn block_size(&self) -> Result<usize> {
        Ok(self.h.info()?.blocksize as usize)
    }

    /// The algorithm's properties as the kernel reports them.
    pub fn info(&self) -> Result<AlgInfo> {
        self.h.info()
    }

    /// The IV as the kernel needs it: exactly [`Cipher::iv_size`] bytes (empty for no IV).
    fn check_iv<'a>(&self, iv: &'a [u8]) -> Result<Option<&'a [u8]>> {
        let n = self.iv_size()?;
        if iv.len() != n {
            return Err(Errno::EINVAL);
        }
        Ok((n > 0).then_some(iv))
    }

    /// Encrypt `input` into `output` (at least as long; block modes need a multiple of the
    /// block size) with `iv` ([`Cipher::iv_size`] bytes). Returns the bytes written. Inputs of
    /// any size form one kernel operation (CBC and CTR chain across the kernel's pieces).
    pub fn encrypt(&mut self, iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize> {
        self.crypt(Direction::Encrypt, iv, input, output)
    }

    /// Decrypt `input` into `output`. Returns the bytes written.
    pub fn decrypt(&mut self, iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize> {
        self.crypt(Direction::Decrypt, iv, input, output)
    }

    /// Encrypt or decrypt `buf` in place. Returns the bytes written.
    pub fn crypt_in_place(&mut self, dir: Direction, iv: &[u8], buf: &mut [u8]) -> Result<usize> {
        let iv = self.check_iv(iv)?;
        let (i, o) = IoBufMut::in_place(buf);
        Ok(self.h.cipher_crypt(dir, iv, i, o, self.access, false)?.produced)
    }

    /// Encrypt or decrypt `input` into a new vector.
    pub fn crypt_to_vec(&mut self, dir: Direction, iv: &[u8], input: &[u8]) -> Result<Vec<u8>> {
        let mut out = vec![0u8; input.len()];
        let n = self.crypt(dir, iv, input, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    fn crypt(&mut self, dir: Direction, iv: &[u8], input: &[u8], output: &mut [u8]) -> Result<usize> {
        let iv = self.check_iv(iv)?;
        if output.len() < input.len() {
            return Err(Errno::EINVAL);
        }
        let n = input.len();
        let r = self.h.cipher_crypt(dir, iv, IoBuf::new(input), IoBufMut::new(&mut output[..n]), self.access, false)?;
        Ok(r.produced)
    }

    /// Start a stream operation: one kernel request fed piece by piece, so that the IV chains
    /// across the pieces as in one operation. Feed data with [`Stream::update`] (or
    /// [`std::io::Write`]), end it with [`Stream::finish`], collect output with [`Stream::read`]
    /// (or [`std::io::Read`]) as it becomes available. One `sendmsg`.
    ///
    /// ```
    /// # if afalg::available().is_err() { return Ok(()); }
    /// let mut c = afalg::Cipher::with_key("ctr(aes)", &[7u8; 16])?;
    /// let whole = c.crypt_to_vec(afalg::Direction::Encrypt, &[0u8; 16], b"some data in parts")?;
    /// let mut s = c.stream(afalg::Direction::Encrypt, &[0u8; 16])?;
    /// s.update(b"some data ")?; // a multiple of the block size: nothing held back
    /// s.finish(b"in parts")?;
    /// let mut out = [0u8; 18];
    /// assert_eq!(s.read_all(&mut out)?, 18);
    /// assert_eq!(out[..], whole[..]);
    /// # Ok::<(), afalg::Errno>(())
    /// ```
    pub fn stream(&mut self, dir: Direction, iv: &[u8]) -> Result<Stream<'_>> {
        let iv = self.check_iv(iv)?;
        self.h.cipher_stream_init(dir, iv, &[])?;
        Ok(Stream { h: &mut self.h, open: true, pending: 0, room: 0 })
    }

    /// Another cipher on the same transformation and key with its own operation socket, usable
    /// in parallel with this one (e.g. moved to another thread). No syscall.
    pub fn try_clone(&self) -> Cipher {
        Cipher { h: self.h.reinit(0), access: self.access }
    }
}

/// A running stream operation of a [`Cipher`] (see [`Cipher::stream`]): one kernel request.
///
/// While the request is open the kernel hands out whole blocks only; [`Stream::finish`] ends
/// it, after which the rest of the output (a final partial block of a stream mode included)
/// can be read. The kernel queues about 200 KiB of input: read the output in between when
/// streaming more (the [`std::io::Write`] implementation accepts only what fits and reports
/// [`std::io::ErrorKind::WouldBlock`] when the queue is full). Dropping a `Stream` ends the
/// request and discards output not read yet.
#[derive(Debug)]
pub struct Stream<'c> {
    h: &'c mut Handle,
    open: bool,
    /// Input bytes sent whose output was not read yet (bounds the discard on drop).
    pending: usize,
    /// What the kernel queues ([`Handle::max_request`]), once asked (0: not yet).
    room: usize,
}

impl Stream<'_> {
    /// Send more input (copied into the kernel). Returns the bytes sent (all of `data`).
    /// `EINVAL` after [`Stream::finish`]. The kernel queues about 200 KiB of input that was not
    /// read back yet; a send beyond that waits for output to be read, so read in between.
    pub fn update(&mut self, data: &[u8]) -> Result<usize> {
        self.send(data, false)
    }

    /// Send the last input (may be empty) and end the request; the rest of the output,
    /// including a final partial block of a stream mode, becomes available.
    pub fn finish(&mut self, data: &[u8]) -> Result<usize> {
        self.send(data, true)
    }

    fn send(&mut self, data: &[u8], last: bool) -> Result<usize> {
        if !self.open {
            return Err(Errno::EINVAL);
        }
        let n = self.h.send(None, &[IoBuf::new(data)], !last, Access::Sendmsg)?;
        self.open = !last;
        self.pending = self.pending.saturating_add(n);
        Ok(n)
    }

    /// Whether [`Stream::finish`] was called.
    pub fn is_finished(&self) -> bool {
        !self.open
    }

    /// Read output into `out`: returns the bytes written, possibly fewer than `out.len()`
    /// (whole blocks only while the stream is not finished). When nothing is ready, waits up to
    /// 100 ms, then returns 0.
    pub fn read(&mut self, out: &mut [u8]) -> Result<usize> {
        let n = self.h.cipher_stream_op(&mut [IoBufMut::new(out)])?;
        self.pending = self.pending.saturating_sub(n);
        Ok(n)
    }

    /// Read until `out` is full or no more output comes; returns the bytes written.
    pub fn read_all(&mut self, out: &mut [u8]) -> Result<usize> {
        let mut got = 0;
        while got < out.len() {
            let n = self.read(&mut out[got..])?;
            if n == 0 {
                break;
            }
            got += n;
        }
        Ok(got)
    }

    /// The most bytes one zero-copy transfer of this cipher moves (its splice pipe's capacity
    /// less a page, typically 124 KiB): a good piece size for feeding large inputs. Creates the
    /// pipe on first use.
    pub fn max_splice_size(&mut self) -> Result<usize> {
        self.h.get_maxsplicesize()
    }

    /// The most input bytes the kernel queues before output is read (about 200 KiB).
    pub fn max_pending(&mut self) -> Result<usize> {
        if self.room == 0 {
            self.room = self.h.max_request()?;
        }
        Ok(self.room)
    }
}

/// Feeds input ([`Stream::update`]), at most what the kernel can queue: a write that would have
/// to wait for output to be read writes less, or fails with
/// [`WouldBlock`](std::io::ErrorKind::WouldBlock) when nothing fits. `flush` does nothing (call
/// [`Stream::finish`] to end the input).
#[cfg(feature = "std")]
impl std::io::Write for Stream<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.max_pending()?.saturating_sub(self.pending);
        if room == 0 && !buf.is_empty() {
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        Ok(self.update(&buf[..buf.len().min(room)])?)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads output ([`Stream::read`]). Returns 0 (end of file) once the stream is finished and
/// all output was read; before [`Stream::finish`], [`WouldBlock`](std::io::ErrorKind::WouldBlock)
/// when no output is ready.
#[cfg(feature = "std")]
impl std::io::Read for Stream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = Stream::read(self, buf)?;
        if n == 0 && self.open && !buf.is_empty() {
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        Ok(n)
    }
}

impl Drop for Stream<'_> {
    fn drop(&mut self) {
        if self.open || self.pending > 0 {
            self.h.discard_request(self.open, self.pending.max(1));
        }
    }
}
