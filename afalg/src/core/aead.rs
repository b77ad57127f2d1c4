//! Authenticated encryption with associated data (AF_ALG `aead`).
//!
//! The kernel (Linux 4.9 and later; older kernels used a different layout and are not
//! supported) works on linear buffers:
//!
//! | operation | input | output |
//! |---|---|---|
//! | encrypt | AAD ‖ plaintext | AAD ‖ ciphertext ‖ tag |
//! | decrypt | AAD ‖ ciphertext ‖ tag | AAD ‖ plaintext |
//!
//! The AAD length travels with every request (a control message); the tag length is a
//! property of the transformation (`ALG_SET_AEAD_AUTHSIZE`), shared by every handle made
//! from it with [`Handle::reinit`]. libkcapi additionally keeps a per-handle copy of both
//! lengths, used by its buffer helpers; the handle keeps that copy.

use crate::core::cipher::Direction;
use crate::core::handle::{AlgType, Handle};
use crate::core::info::AlgInfo;
use crate::core::log::{DEBUG, ERR};
use crate::core::memset_secure;
use crate::core::op::Access;
use crate::error::{Errno, Result};
use crate::klog;
use crate::prelude::*;
use crate::sys::alg;
use crate::sys::msg::{self, Control, IoBuf, IoBufMut};
use crate::sys::time::Instant;
use ::core::sync::atomic::Ordering;
use ::core::time::Duration;

/// Length of the IV that [`ccm_nonce_to_iv`] builds (the CCM counter block).
pub const CCM_IV_LEN: usize = 16;

/// The largest buffer one operation takes (libkcapi's limit: `INT_MAX`).
const MAX_LEN: usize = i32::MAX as usize;

/// One part of an AEAD buffer: its offset in the buffer (`None` when the buffer is too
/// short to hold it) and its length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// Offset from the start of the buffer, or `None`.
    pub offset: Option<usize>,
    /// Length in bytes (0 when absent).
    pub len: usize,
}

/// Where AAD, data and tag lie in an AEAD input or output buffer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// Associated data.
    pub aad: Span,
    /// Plaintext or ciphertext.
    pub data: Span,
    /// Authentication tag.
    pub tag: Span,
}

/// Split a buffer of `len` bytes that holds `tag_len` tag bytes after the data.
/// `input` selects libkcapi's log levels (input: DEBUG, output: ERR for the AAD).
fn split(len: usize, assoclen: usize, tag_len: usize, tag_present: bool, input: bool) -> Layout {
    let mut l = Layout::default();
    let mut rest = len;
    if len < assoclen {
        if input {
            klog!(DEBUG, "AAD data not found");
        } else {
            klog!(ERR, "AAD data not found");
        }
    } else {
        l.aad = Span { offset: Some(0), len: assoclen };
        rest = len - assoclen;
    }
    if rest < tag_len {
        klog!(DEBUG, "Cipher result data not found");
    } else {
        l.data = Span { offset: Some(l.aad.len), len: rest - tag_len };
    }
    if tag_present {
        if rest < tag_len {
            klog!(DEBUG, "Tag data not found");
        } else {
            l.tag = Span { offset: Some(l.aad.len + (rest - tag_len)), len: tag_len };
        }
    }
    l
}

/// Layout of an operation's input buffer of `len` bytes (`kcapi_aead_getdata_input`):
/// AAD ‖ plaintext for encryption, AAD ‖ ciphertext ‖ tag for decryption.
pub fn input_layout(len: usize, assoclen: usize, taglen: usize, enc: bool) -> Layout {
    let tag = if enc { 0 } else { taglen };
    split(len, assoclen, tag, tag != 0, true)
}

/// Layout of an operation's output buffer of `len` bytes (`kcapi_aead_getdata_output`):
/// AAD ‖ ciphertext ‖ tag after encryption, AAD ‖ plaintext after decryption.
pub fn output_layout(len: usize, assoclen: usize, taglen: usize, enc: bool) -> Layout {
    let tag = if enc { taglen } else { 0 };
    split(len, assoclen, tag, enc, false)
}

/// Input buffer size for encrypting `inlen` bytes: AAD ‖ plaintext (saturates at
/// `usize::MAX` instead of wrapping).
pub fn inbuflen_enc(inlen: usize, assoclen: usize, _taglen: usize) -> usize {
    inlen.saturating_add(assoclen)
}

/// Input buffer size for decrypting `inlen` bytes of ciphertext: AAD ‖ ciphertext ‖ tag.
pub fn inbuflen_dec(inlen: usize, assoclen: usize, taglen: usize) -> usize {
    inlen.saturating_add(assoclen).saturating_add(taglen)
}

/// `inlen` rounded up to a multiple of `bs` (saturating); `None` for block size 0.
fn roundup(inlen: usize, bs: usize) -> Option<usize> {
    if bs == 0 {
        return None;
    }
    Some(match inlen % bs {
        0 => inlen,
        r => inlen.saturating_add(bs - r),
    })
}

/// Output buffer size for encrypting `inlen` bytes with block size `bs`: AAD ‖ ciphertext
/// ‖ tag, at least 1; 0 when the block size is unknown.
pub fn outbuflen_enc(bs: usize, inlen: usize, assoclen: usize, taglen: usize) -> usize {
    roundup(inlen, bs).map_or(0, |n| n.saturating_add(taglen).saturating_add(assoclen).max(1))
}

/// Output buffer size for decrypting `inlen` bytes with block size `bs`: AAD ‖ plaintext,
/// at least 1; 0 when the block size is unknown.
pub fn outbuflen_dec(bs: usize, inlen: usize, assoclen: usize, _taglen: usize) -> usize {
    roundup(inlen, bs).map_or(0, |n| n.saturating_add(assoclen).max(1))
}

/// The CCM IV for a nonce of 0 to 14 bytes: the flags byte L' = 14 − nonce length, the
/// nonce, zeroes (the counter). Longer nonces give `EINVAL`. (CCM itself allows 7 to 13
/// bytes; the kernel rejects the others when the IV is used.)
pub fn ccm_nonce_to_iv(nonce: &[u8]) -> Result<[u8; CCM_IV_LEN]> {
    if nonce.len() > CCM_IV_LEN - 2 {
        return Err(Errno::EINVAL);
    }
    let mut iv = [0u8; CCM_IV_LEN];
    iv[0] = (CCM_IV_LEN - 2 - nonce.len()) as u8;
    iv[1..1 + nonce.len()].copy_from_slice(nonce);
    Ok(iv)
}

impl Handle {
    /// Set the length of the associated data at the start of each input
    /// (`kcapi_aead_setassoclen`); sent to the kernel with every following request.
    pub fn aead_set_assoclen(&mut self, assoclen: usize) {
        self.aead.assoclen.store(assoclen, Ordering::Relaxed);
    }

    /// The associated data length set on this handle.
    pub fn aead_assoclen(&self) -> usize {
        self.aead.assoclen.load(Ordering::Relaxed)
    }

    /// The tag length set on this handle (0 until [`Handle::aead_set_taglen`]).
    pub fn aead_taglen(&self) -> u32 {
        self.aead.taglen.load(Ordering::Relaxed)
    }

    /// Set the tag length (`kcapi_aead_settaglen`). Like libkcapi, the handle keeps the
    /// value even when the kernel refuses it (so that the buffer helpers of a reinit'd
    /// handle can be told the length while the shared transformation is busy).
    pub fn aead_set_taglen(&mut self, taglen: u32) -> Result<()> {
        self.aead.taglen.store(taglen, Ordering::Relaxed);
        self.tfm_setsockopt(alg::ALG_SET_AEAD_AUTHSIZE, None, taglen)?;
        self.tfm().authsize.store(u64::from(taglen) + 1, Ordering::Relaxed);
        Ok(())
    }

    /// The tag length the kernel uses for this transformation: the last accepted
    /// [`Handle::aead_set_taglen`] of any handle sharing it, else the algorithm's maximum.
    pub fn aead_authsize(&self) -> Result<usize> {
        match self.tfm().authsize.load(Ordering::Relaxed) {
            0 => Ok(self.info()?.maxauthsize as usize),
            n => Ok(n as usize - 1),
        }
    }

    /// Layout of an input buffer with this handle's AAD and tag lengths.
    pub fn aead_input_layout(&self, len: usize, enc: bool) -> Layout {
        input_layout(len, self.aead_assoclen(), self.aead_taglen() as usize, enc)
    }

    /// Layout of an output buffer with this handle's AAD and tag lengths.
    pub fn aead_output_layout(&self, len: usize, enc: bool) -> Layout {
        output_layout(len, self.aead_assoclen(), self.aead_taglen() as usize, enc)
    }

    /// The algorithm's block size, 0 when unknown.
    pub fn aead_blocksize(&self) -> usize {
        self.info().map_or(0, |i| i.blocksize as usize)
    }
}

/// Zero `out` from byte `from` on, across the buffers: after an authentication failure the
/// kernel has already written the unauthenticated plaintext there. (The kernel writes the
/// zeros, see [`msg::zero`]; should it fail, the operation fails anyway.)
fn wipe_from(out: &mut [IoBufMut<'_>], mut from: usize) {
    for b in out.iter_mut() {
        let len = b.len();
        if from >= len {
            from -= len;
            continue;
        }
        let _ = msg::zero(&mut b.sub(from, len - from));
        from = 0;
    }
}

impl Handle {
    /// `EINVAL` unless this is an AEAD handle (another type would misread the request).
    fn aead_only(&self) -> Result<()> {
        if self.kind() == AlgType::Aead {
            Ok(())
        } else {
            Err(Errno::EINVAL)
        }
    }

    /// The control message that starts an AEAD request: operation, IV, and the handle's
    /// associated data length when not 0. A length beyond 32 bits cannot describe any
    /// request: `EINVAL` (libkcapi sent it truncated).
    fn aead_control(&self, dir: Direction, iv: Option<&[u8]>) -> Result<Control> {
        let assoclen = u32::try_from(self.aead_assoclen()).map_err(|_| Errno::EINVAL)?;
        Control::new(dir.op(), iv, (assoclen != 0).then_some(assoclen))
    }

    /// `EMSGSIZE` when `len` bytes of input cannot be queued as one request (see
    /// [`Handle::max_request`], asked once per handle and only for inputs over a page).
    fn aead_fits(&self, len: usize) -> Result<()> {
        if len <= crate::sys::page_size() {
            return Ok(());
        }
        let mut max = self.aead.max_request.load(Ordering::Relaxed);
        if max == 0 {
            max = self.max_request()?;
            self.aead.max_request.store(max, Ordering::Relaxed);
        }
        if len > max {
            return Err(Errno::EMSGSIZE);
        }
        Ok(())
    }

    /// Output bytes of a complete request with `inlen` input bytes, checking that the input
    /// holds the associated data (and the tag, to decrypt). `None` when the tag size is
    /// unknown (the kernel then decides).
    fn aead_output_len(&self, dir: Direction, inlen: usize) -> Result<Option<usize>> {
        let Ok(tag) = self.aead_authsize() else {
            return Ok(None);
        };
        let assoclen = self.aead_assoclen();
        match dir {
            Direction::Encrypt if inlen < assoclen => Err(Errno::EINVAL),
            Direction::Encrypt => Ok(inlen.checked_add(tag)),
            Direction::Decrypt if inlen < assoclen.saturating_add(tag) => Err(Errno::EINVAL),
            Direction::Decrypt => Ok(Some(inlen - tag)),
        }
    }

    /// One-shot AEAD operation (`kcapi_aead_encrypt` / `kcapi_aead_decrypt`): `input` (AAD ‖
    /// plaintext, or AAD ‖ ciphertext ‖ tag) is sent as one request and its output read into
    /// `output` (AAD ‖ ciphertext ‖ tag, or AAD ‖ plaintext); both may be the same memory.
    /// `iv` must have the algorithm's IV size; `None` uses the IV the operation socket holds.
    /// With `aio`, the output is read through the handle's AIO context when it has one.
    ///
    /// Returns the output bytes (the whole output: `output` may be larger). Errors, all
    /// detected before anything is sent except the kernel's own:
    /// * `EBADMSG`: authentication failed; the plaintext part of `output` is zeroed;
    /// * `EINVAL`: `output` shorter than the result, input shorter than the associated data
    ///   (plus tag, to decrypt), a non-AEAD handle, or what the kernel refuses;
    /// * `E2BIG`: an encryption with an empty `output` (or a result shorter than the tag
    ///   length set on the handle), as libkcapi;
    /// * `EMSGSIZE`: a buffer larger than `INT_MAX`, or input larger than the kernel queues
    ///   for one request ([`Handle::max_request`], about 200 KiB).
    ///
    /// The operation socket is left clean on every path. Syscalls: `sendmsg` + `recvmsg`
    /// (zero-copy: + `vmsplice` + `splice`); once per handle a `getsockopt` for an input over
    /// a page.
    pub fn aead_crypt(
        &mut self,
        dir: Direction,
        iv: Option<&[u8]>,
        input: &[IoBuf<'_>],
        mut output: IoBufMut<'_>,
        access: Access,
        aio: bool,
    ) -> Result<usize> {
        self.aead_only()?;
        let inlen = msg::in_len(input)?;
        let outlen = output.len();
        if inlen > MAX_LEN || outlen > MAX_LEN {
            return Err(Errno::EMSGSIZE);
        }
        let taglen = self.aead_taglen() as usize;
        let need = self.aead_output_len(dir, inlen)?;
        let want = need.map_or(outlen, |n| n.min(outlen));
        if outlen == 0 && dir == Direction::Encrypt {
            // libkcapi's answer to a result shorter than the tag.
            return if taglen > 0 { Err(Errno(libc::E2BIG)) } else { Ok(0) };
        }
        if need.is_some_and(|n| outlen < n) {
            return Err(Errno::EINVAL);
        }
        self.aead_fits(inlen)?;
        let ctrl = self.aead_control(dir, iv)?;
        if let Err(e) = self.send(Some(&ctrl), input, false, access) {
            self.discard_request(true, inlen);
            return Err(e);
        }
        // An empty result (decrypting an empty message) still needs a receive buffer for the
        // kernel to run the operation, which then only checks the tag.
        let mut one = [0u8; 1];
        let mut out = if want == 0 { IoBufMut::new(&mut one) } else { output.sub(0, want) };
        let r = if aio { self.recv_aio(&mut out) } else { self.recv_upto(&mut out) };
        match r {
            Ok(n) => {
                if let Some(need) = need.filter(|&need| n < need) {
                    self.discard_request(false, need - n);
                }
                if dir == Direction::Encrypt && n < taglen {
                    return Err(Errno(libc::E2BIG));
                }
                Ok(n)
            }
            Err(e) => {
                if e.0 == libc::EBADMSG {
                    wipe_from(&mut [out], self.aead_assoclen());
                } else {
                    self.discard_request(false, want.max(1));
                }
                Err(e)
            }
        }
    }

    /// The AIO operation (`kcapi_aead_encrypt_aio` / `kcapi_aead_decrypt_aio`): each pair
    /// `(input[i], output[i])` is an independent AEAD operation with the same `iv`, as
    /// [`Handle::aead_crypt`]. As libkcapi does, all inputs are queued with one `sendmsg` and
    /// each output is one read that takes its pair's message (one `io_submit` and one
    /// `io_getevents` on a handle made with `KCAPI_INIT_AIO`, one `recvmsg` each otherwise or
    /// on a kernel without AIO on AF_ALG sockets; the same result). An authentication failure
    /// of one pair does not stop the others; its plaintext is zeroed and `EBADMSG` returned.
    /// A pair of two empty buffers gives 0 (nothing is done for it).
    /// When the inputs together exceed what the kernel queues at once, or a pair is refused
    /// before anything is sent, the pairs run one after the other and the first error stops
    /// them. Every request has completed when this returns. Returns the total output bytes.
    /// `EINVAL` before anything is sent when a buffer is longer than `SSIZE_MAX` or the lengths
    /// of the inputs or of the outputs add up beyond it (what the kernel answers for such
    /// iovecs).
    pub fn aead_crypt_aio(
        &mut self,
        dir: Direction,
        iv: Option<&[u8]>,
        input: &[IoBuf<'_>],
        output: &mut [IoBufMut<'_>],
        access: Access,
    ) -> Result<usize> {
        self.aead_only()?;
        if input.len() != output.len() {
            return Err(Errno::EINVAL);
        }
        let inlen = msg::in_len(input)?;
        msg::out_len(output)?;
        if let Some(needs) = self.aead_batch(dir, input, output, inlen) {
            let ctrl = self.aead_control(dir, iv)?;
            return self.aead_crypt_batch(&ctrl, input, output, &needs, access);
        }
        let aio = self.wants_aio();
        let mut total = 0usize;
        for (i, o) in input.iter().zip(output.iter_mut()) {
            if i.is_empty() && o.is_empty() {
                continue; // nothing to do (libkcapi: 0 for this pair)
            }
            let len = o.len();
            let n = self.aead_crypt(dir, iv, ::core::slice::from_ref(i), o.sub(0, len), access, aio)?;
            total = total.checked_add(n).ok_or(Errno::EOVERFLOW)?;
        }
        Ok(total)
    }

    /// The output length of every pair when the pairs can run as one batch: each passes
    /// [`Handle::aead_crypt`]'s checks and has a non-empty result, and all inputs together
    /// fit into the kernel's queue.
    fn aead_batch(
        &self,
        dir: Direction,
        input: &[IoBuf<'_>],
        output: &[IoBufMut<'_>],
        inlen: usize,
    ) -> Option<Vec<usize>> {
        if input.len() < 2 || self.aead_fits(inlen).is_err() {
            return None;
        }
        let mut needs = Vec::with_capacity(input.len());
        for (i, o) in input.iter().zip(output) {
            if i.is_empty() && o.is_empty() {
                needs.push(0);
                continue;
            }
            let need = self.aead_output_len(dir, i.len()).ok()??;
            if i.len() > MAX_LEN || o.len() > MAX_LEN || need == 0 || o.len() < need {
                return None;
            }
            if dir == Direction::Encrypt && need < self.aead_taglen() as usize {
                return None;
            }
            needs.push(need);
        }
        Some(needs)
    }

    /// The batch of [`Handle::aead_crypt_aio`]: one request with all inputs, one read of
    /// exactly `needs[i]` bytes per pair (so that each read takes one message).
    fn aead_crypt_batch(
        &mut self,
        ctrl: &Control,
        input: &[IoBuf<'_>],
        output: &mut [IoBufMut<'_>],
        needs: &[usize],
        access: Access,
    ) -> Result<usize> {
        if let Err(e) = self.send_request(ctrl, input, access) {
            self.discard_request(true, 1);
            return Err(e);
        }
        let mut outs: Vec<IoBufMut<'_>> = output.iter_mut().zip(needs).map(|(o, &n)| o.sub(0, n)).collect();
        let rs = match self.recv_each(&mut outs) {
            Ok(rs) => rs,
            Err(e) => {
                self.discard_request(false, 1);
                return Err(e);
            }
        };
        let mut short = false;
        for (k, r) in rs.iter().enumerate() {
            match r {
                Err(Errno(libc::EBADMSG)) => wipe_from(&mut outs[k..=k], self.aead_assoclen()),
                Ok(n) if *n < needs[k] => short = true,
                _ => {}
            }
        }
        let (total, err) = crate::core::cipher::sum_reads(rs);
        if short || err.is_some() {
            self.discard_request(false, 1);
        }
        err.map_or(Ok(total), Err)
    }

    /// Start a stream operation (`kcapi_aead_stream_init_enc/dec`): the control message and
    /// `data` (if any) in one `sendmsg`, the request left open. The input must come in the
    /// order AAD, plaintext or ciphertext, and (to decrypt) tag; the last part with
    /// [`Handle::aead_stream_update`] and `last`. Returns the bytes sent.
    pub fn aead_stream_init(&mut self, dir: Direction, iv: Option<&[u8]>, data: &[IoBuf<'_>]) -> Result<usize> {
        self.aead_only()?;
        let len = msg::in_len(data)?;
        self.aead_fits(len)?;
        let ctrl = self.aead_control(dir, iv)?;
        let n = self.send(Some(&ctrl), data, true, Access::Sendmsg)?;
        self.aead.queued.store(n, Ordering::Relaxed);
        self.aead.open.store(true, Ordering::Relaxed);
        Ok(n)
    }

    /// Send more stream input (`kcapi_aead_stream_update(_last)`); `last` completes the
    /// request, after which [`Handle::aead_stream_op`] gets the output. Parts over 8 KiB are
    /// sent zero-copy. `EMSGSIZE` (and the request abandoned) when the whole request would
    /// exceed what the kernel queues ([`Handle::max_request`]): it could never complete.
    pub fn aead_stream_update(&self, data: &[IoBuf<'_>], last: bool) -> Result<usize> {
        self.aead_only()?;
        let len = msg::in_len(data)?;
        let queued = self.aead.queued.load(Ordering::Relaxed);
        if let Err(e) = self.aead_fits(queued.saturating_add(len)) {
            self.aead_stream_done();
            self.discard_request(true, queued);
            return Err(e);
        }
        let n = self.send(None, data, !last, Access::Heuristic)?;
        self.aead.queued.store(queued + n, Ordering::Relaxed);
        Ok(n)
    }

    /// Collect the output of a completed stream request (`kcapi_aead_stream_op`): AAD ‖
    /// ciphertext ‖ tag, or AAD ‖ plaintext, written across `out`. Before the last input was
    /// sent there is nothing to collect: waits up to [`crate::core::op::RECV_WAIT_MS`] for
    /// another thread to complete the request, then returns 0. `EBADMSG` when authentication
    /// fails (the plaintext part of `out` is zeroed).
    pub fn aead_stream_op(&self, out: &mut [IoBufMut<'_>]) -> Result<usize> {
        self.aead_only()?;
        let mut r = self.recv(out);
        if r == Ok(0) && self.aead.open.load(Ordering::Relaxed) && msg::out_len(out)? > 0 {
            // The kernel reports an incomplete AEAD request as readable, so the bounded wait
            // of `recv` ends at once: poll for the completion instead.
            let op = self.op()?;
            let end = Instant::now() + Duration::from_millis(crate::core::op::RECV_WAIT_MS as u64);
            while Instant::now() < end {
                crate::sys::time::sleep(Duration::from_millis(1));
                match msg::recvmsg(op, out, true) {
                    Err(Errno(libc::EAGAIN)) => continue,
                    other => {
                        r = other;
                        break;
                    }
                }
            }
        }
        match r {
            Ok(0) => {}
            Ok(_) => self.aead_stream_done(),
            Err(e) => {
                self.aead_stream_done();
                if e.0 == libc::EBADMSG {
                    wipe_from(out, self.aead_assoclen());
                }
            }
        }
        r
    }

    /// The stream operation ended (output collected, failed or abandoned).
    fn aead_stream_done(&self) {
        self.aead.queued.store(0, Ordering::Relaxed);
        self.aead.open.store(false, Ordering::Relaxed);
    }
}

/// An AEAD cipher of the kernel (`gcm(aes)`, `ccm(aes)`, `rfc4106(gcm(aes))`,
/// `rfc7539(chacha20,poly1305)`, `authenc(hmac(sha256),cbc(aes))`, …).
///
/// ```
/// # if afalg::available().is_err() { return Ok(()); }
/// let mut a = afalg::Aead::with_key("gcm(aes)", &[0u8; 16])?;
/// let iv = [0u8; 12];
/// let sealed = a.encrypt(&iv, b"header", b"secret")?; // ciphertext ‖ tag
/// assert_eq!(a.decrypt(&iv, b"header", &sealed)?, b"secret");
/// # Ok::<(), afalg::Errno>(())
/// ```
///
/// Decryption verifies the tag and fails with `EBADMSG` (never returning the unauthenticated
/// plaintext) when the ciphertext, the associated data or the tag were modified. Every call that
/// drives the kernel takes `&mut self`: one `Aead` runs one operation at a time;
/// [`Aead::try_clone`] makes another on the same key and tag size, e.g. one per thread.
#[derive(Debug)]
pub struct Aead {
    pub(crate) h: Handle,
    access: Access,
}

// `Aead` is `Sync`: the only methods taking `&self` are getters (sizes and `info`: cached behind
// a mutex, a `OnceLock` or an atomic) and `try_clone` (an `Arc` clone); none of them touches the
// operation socket.

impl Aead {
    /// Open the kernel AEAD cipher `name` (`ENOENT` if the kernel has none, `EINVAL` if the
    /// name is another kind of algorithm, `EAFNOSUPPORT` without `AF_ALG`).
    pub fn new(name: &str) -> Result<Aead> {
        Ok(Aead { h: Handle::new(AlgType::Aead, name, 0)?, access: Access::Heuristic })
    }

    /// Open a cipher and set its key.
    pub fn with_key(name: &str, key: &[u8]) -> Result<Aead> {
        let mut a = Aead::new(name)?;
        a.set_key(key)?;
        Ok(a)
    }

    /// Set the key (`EINVAL` for a length the cipher does not take; `EBUSY` once an operation
    /// ran on this cipher or a clone). For `authenc(...)` the key is the kernel's rtattr
    /// encoding of both keys ([`authenc_key`]).
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

    /// How the operations hand their input to the kernel (default [`Access::Heuristic`]); the
    /// result does not change.
    pub fn set_access(&mut self, access: Access) {
        self.access = access;
    }

    /// Set the tag size (before the first operation; `EINVAL` for a size the cipher does not
    /// support, `EBUSY` afterwards). Without it the largest size is used.
    pub fn set_tag_size(&mut self, size: usize) -> Result<()> {
        let size = u32::try_from(size).map_err(|_| Errno::EINVAL)?;
        self.h.aead_set_taglen(size)
    }

    /// The tag size in use.
    pub fn tag_size(&self) -> Result<usize> {
        self.h.aead_authsize()
    }

    /// The largest tag size of the cipher.
    pub fn max_tag_size(&self) -> Result<usize> {
        Ok(self.h.info()?.maxauthsize as usize)
    }

    /// IV size in bytes (every IV passed must have exactly this size).
    pub fn iv_size(&self) -> Result<usize> {
        Ok(self.h.info()?.ivsize as usize)
    }

    /// Block size in bytes (1 for GCM, CCM, ChaCha20-Poly1305).
    pub fn block_size(&self) -> Result<usize> {
        Ok(self.h.info()?.blocksize as usize)
    }

    /// The algorithm's properties as the kernel reports them.
    pub fn info(&self) -> Result<AlgInfo> {
        self.h.info()
    }

    /// The most input bytes (associated data, data and tag together) one operation takes: what
    /// the kernel queues for one request (the operation socket's send buffer, about 200 KiB).
    /// Larger operations fail with `EMSGSIZE`. One `getsockopt` (and the operation socket is
    /// made if it does not exist yet).
    pub fn max_request_size(&mut self) -> Result<usize> {
        self.h.max_request()
    }

    fn check_iv<'a>(&self, iv: &'a [u8]) -> Result<Option<&'a [u8]>> {
        let n = self.iv_size()?;
        if iv.len() != n {
            return Err(Errno::EINVAL);
        }
        Ok((n > 0).then_some(iv))
    }

    /// Run one operation over `aad ‖ data` (two buffers, no copy) and return the output
    /// without the associated data.
    fn run(&mut self, dir: Direction, iv: &[u8], aad: &[u8], data: &[u8], outlen: usize) -> Result<Vec<u8>> {
        let iv = self.check_iv(iv)?;
        self.h.aead_set_assoclen(aad.len());
        let total = aad.len().checked_add(outlen).ok_or(Errno::EMSGSIZE)?;
        let mut out = vec![0u8; total];
        let n = self.h.aead_crypt(
            dir,
            iv,
            &[IoBuf::new(aad), IoBuf::new(data)],
            IoBufMut::new(&mut out),
            self.access,
            false,
        )?;
        // Drop the associated data in place, wiping the tail the move leaves behind.
        let skip = aad.len().min(n);
        out.copy_within(skip..n, 0);
        memset_secure(&mut out[n - skip..], 0);
        out.truncate(n - skip);
        Ok(out)
    }

    /// Encrypt `plaintext` and authenticate it with `aad`: returns ciphertext ‖ tag.
    /// `EMSGSIZE` when AAD and plaintext exceed what the kernel takes in one request
    /// ([`Aead::max_request_size`]).
    pub fn encrypt(&mut self, iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
        let tag = self.tag_size()?;
        self.run(Direction::Encrypt, iv, aad, plaintext, plaintext.len().saturating_add(tag))
    }

    /// Verify and decrypt `ciphertext` ‖ tag with `aad`: returns the plaintext, or `EBADMSG`
    /// when authentication fails (`EINVAL` when the input is shorter than a tag).
    pub fn decrypt(&mut self, iv: &[u8], aad: &[u8], ciphertext_and_tag: &[u8]) -> Result<Vec<u8>> {
        let tag = self.tag_size()?;
        let len = ciphertext_and_tag.len().checked_sub(tag).ok_or(Errno::EINVAL)?;
        self.run(Direction::Decrypt, iv, aad, ciphertext_and_tag, len)
    }

    /// Encrypt in place: `buf` holds `assoclen` bytes of AAD, the plaintext and room for the
    /// tag at its end (the last [`Aead::tag_size`] bytes, overwritten); afterwards it holds
    /// AAD ‖ ciphertext ‖ tag. Returns the bytes written (`buf.len()`).
    pub fn encrypt_in_place(&mut self, iv: &[u8], assoclen: usize, buf: &mut [u8]) -> Result<usize> {
        let tag = self.tag_size()?;
        let inlen = buf.len().checked_sub(tag).ok_or(Errno::EINVAL)?;
        self.in_place(Direction::Encrypt, iv, assoclen, buf, inlen)
    }

    /// Decrypt in place: `buf` holds AAD ‖ ciphertext ‖ tag; afterwards it starts with AAD ‖
    /// plaintext. Returns the bytes of AAD and plaintext, or `EBADMSG` (the plaintext part
    /// of `buf` is then zeroed).
    pub fn decrypt_in_place(&mut self, iv: &[u8], assoclen: usize, buf: &mut [u8]) -> Result<usize> {
        let len = buf.len();
        self.in_place(Direction::Decrypt, iv, assoclen, buf, len)
    }

    fn in_place(&mut self, dir: Direction, iv: &[u8], assoclen: usize, buf: &mut [u8], inlen: usize) -> Result<usize> {
        let iv = self.check_iv(iv)?;
        if assoclen > inlen {
            return Err(Errno::EINVAL);
        }
        self.h.aead_set_assoclen(assoclen);
        let (i, o) = IoBufMut::in_place(buf);
        self.h.aead_crypt(dir, iv, &[i.sub(0, inlen)], o, self.access, false)
    }

    /// Another cipher on the same transformation (key and tag size) with its own operation
    /// socket, usable in parallel with this one (e.g. moved to another thread). No syscall.
    pub fn try_clone(&self) -> Aead {
        Aead { h: self.h.reinit(0), access: self.access }
    }
}

/// The key of an `authenc(hmac(...),cbc(...))` cipher as the kernel expects it: an rtattr of
/// type `CRYPTO_AUTHENC_KEYA_PARAM` holding the encryption key length (big endian), then the
/// authentication key, then the encryption key.
pub fn authenc_key(auth_key: &[u8], enc_key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(8 + auth_key.len() + enc_key.len());
    k.extend_from_slice(&8u16.to_ne_bytes());
    k.extend_from_slice(&1u16.to_ne_bytes());
    k.extend_from_slice(&(enc_key.len() as u32).to_be_bytes());
    k.extend_from_slice(auth_key);
    k.extend_from_slice(enc_key);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(offset: Option<usize>, len: usize) -> Span {
        Span { offset, len }
    }

    #[test]
    fn layouts_match_libkcapi() {
        // Reference values measured with Debian's libkcapi (assoclen 16, taglen 14).
        let l = input_layout(32, 16, 14, true);
        assert_eq!(l, Layout { aad: sp(Some(0), 16), data: sp(Some(16), 16), tag: sp(None, 0) });
        let l = output_layout(46, 16, 14, true);
        assert_eq!(l, Layout { aad: sp(Some(0), 16), data: sp(Some(16), 16), tag: sp(Some(32), 14) });
        let l = input_layout(46, 16, 14, false);
        assert_eq!(l, Layout { aad: sp(Some(0), 16), data: sp(Some(16), 16), tag: sp(Some(32), 14) });
        let l = output_layout(32, 16, 14, false);
        assert_eq!(l, Layout { aad: sp(Some(0), 16), data: sp(Some(16), 16), tag: sp(None, 0) });
        assert_eq!(output_layout(5, 16, 14, true), Layout::default());
        // Too short for the AAD: the data starts at 0 and may still be found.
        assert_eq!(output_layout(1, 16, 14, false).data, sp(Some(0), 1));
        assert_eq!(input_layout(0, 16, 14, true).data, sp(Some(0), 0));
        assert_eq!(input_layout(0, 16, 14, false).data, sp(None, 0));
    }

    #[test]
    fn buffer_lengths() {
        assert_eq!(inbuflen_enc(16, 16, 14), 32);
        assert_eq!(outbuflen_enc(1, 16, 16, 14), 46);
        assert_eq!(inbuflen_dec(16, 16, 14), 46);
        assert_eq!(outbuflen_dec(1, 16, 16, 14), 32);
        assert_eq!(outbuflen_enc(1, 0, 0, 0), 1);
        assert_eq!(outbuflen_dec(1, 0, 0, 14), 1);
        assert_eq!(outbuflen_enc(16, 17, 0, 0), 32);
        assert_eq!(outbuflen_enc(0, 17, 0, 0), 0);
        // No wrap-around: an impossible size saturates.
        assert_eq!(inbuflen_enc(usize::MAX, 1, 1), usize::MAX);
        assert_eq!(outbuflen_enc(16, usize::MAX, 0, 0), usize::MAX);
        assert_eq!(outbuflen_dec(16, usize::MAX - 15, 0, 0), usize::MAX - 15);
    }

    #[test]
    fn ccm_iv() {
        let nonce: Vec<u8> = (0xa1..=0xae).collect();
        let iv = ccm_nonce_to_iv(&nonce[..7]).unwrap();
        assert_eq!(&iv[..8], &[7, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7]);
        assert_eq!(&iv[8..], &[0u8; 8]);
        assert_eq!(ccm_nonce_to_iv(&nonce[..13]).unwrap()[0], 1);
        assert_eq!(ccm_nonce_to_iv(&[]).unwrap(), {
            let mut z = [0u8; 16];
            z[0] = 14;
            z
        });
        assert_eq!(ccm_nonce_to_iv(&nonce[..14]).unwrap()[15], 0);
        assert_eq!(ccm_nonce_to_iv(&[0u8; 15]), Err(Errno::EINVAL));
    }
}
