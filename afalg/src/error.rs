//! The one error type of the crate: a positive Linux errno value.
//!
//! Every layer returns [`Result<T>`]; the C API converts an error once, at the boundary, into
//! libkcapi's convention (a negative errno return value, with `errno` set to the same code).

use ::core::fmt;

/// The error of every fallible call: a Linux error number (always positive), as the kernel or
/// an argument check gave it.
///
/// It prints as the system's message for the number, and converts into a [`std::io::Error`]
/// with the same raw OS error, so `?` works in functions returning `std::io::Result`:
///
/// ```
/// fn open() -> std::io::Result<afalg::Hash> {
///     Ok(afalg::Hash::new("no-such-hash")?)
/// }
/// let e = open().unwrap_err();
/// // ENOENT on a kernel with AF_ALG, EAFNOSUPPORT on one without.
/// assert!(e.raw_os_error() == Some(afalg::Errno::ENOENT.raw()) || e.raw_os_error() == Some(97));
/// ```
///
/// The constants name the codes the crate's documentation mentions; any other code can occur
/// (the kernel's answer is passed on as is).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

/// Result type used throughout the crate.
pub type Result<T> = ::core::result::Result<T, Errno>;

impl Errno {
    /// `EINVAL`: invalid argument.
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    /// `EFAULT`: bad address.
    pub const EFAULT: Errno = Errno(libc::EFAULT);
    /// `ENOENT`: no such algorithm.
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    /// `EMSGSIZE`: a length beyond what one kernel operation accepts.
    pub const EMSGSIZE: Errno = Errno(libc::EMSGSIZE);
    /// `ENOMEM`: out of memory.
    pub const ENOMEM: Errno = Errno(libc::ENOMEM);
    /// `EIO`: short transfer.
    pub const EIO: Errno = Errno(libc::EIO);
    /// `EOVERFLOW`: a result that does not fit the return type.
    pub const EOVERFLOW: Errno = Errno(libc::EOVERFLOW);
    /// `EBADMSG`: AEAD authentication failed (modified ciphertext, associated data or tag).
    pub const EBADMSG: Errno = Errno(libc::EBADMSG);
    /// `EBUSY`: a key or tag size set after an operation ran.
    pub const EBUSY: Errno = Errno(libc::EBUSY);
    /// `ENOKEY`: an operation of a keyed algorithm without a key.
    pub const ENOKEY: Errno = Errno(libc::ENOKEY);
    /// `ENOPKG`: the kernel lacks a module the operation needs (RSA private keys need
    /// `pkcs8_key_parser`).
    pub const ENOPKG: Errno = Errno(libc::ENOPKG);
    /// `EBADF`: bad file descriptor.
    pub const EBADF: Errno = Errno(libc::EBADF);
    /// `ENOPROTOOPT`: a keyring key of a type AF_ALG cannot use, or a kernel without the option.
    pub const ENOPROTOOPT: Errno = Errno(libc::ENOPROTOOPT);
    /// `EKEYREVOKED`: a revoked keyring key.
    pub const EKEYREVOKED: Errno = Errno(libc::EKEYREVOKED);
    /// `EACCES`: a keyring key the caller may not use (not possessed).
    pub const EACCES: Errno = Errno(libc::EACCES);
    /// `EAFNOSUPPORT`: the kernel has no `AF_ALG` (see [`crate::available`]).
    pub const EAFNOSUPPORT: Errno = Errno(libc::EAFNOSUPPORT);

    /// The error number (positive), e.g. for [`std::io::Error::from_raw_os_error`].
    pub const fn raw(self) -> i32 {
        self.0
    }

    /// The negative error number: libkcapi's return value and the tools' exit status.
    #[allow(clippy::should_implement_trait)]
    pub const fn neg(self) -> i32 {
        -self.0
    }

    /// The calling thread's current `errno`, as an error (EIO if errno is unexpectedly 0).
    pub(crate) fn last() -> Errno {
        match crate::sys::errno() {
            e if e > 0 => Errno(e),
            _ => Errno::EIO,
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Errno({}: {self})", self.0)
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text std::io::Error shows for an OS error.
        let mut buf = [0u8; 128];
        write!(f, "{} (os error {})", crate::sys::strerror(self.0, &mut buf), self.0)
    }
}

impl ::core::error::Error for Errno {}

#[cfg(feature = "std")]
impl From<Errno> for std::io::Error {
    fn from(e: Errno) -> Self {
        std::io::Error::from_raw_os_error(e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_is_a_good_error() {
        let e = Errno::EBADMSG;
        assert_eq!(e.raw(), libc::EBADMSG);
        assert_eq!(e.neg(), -libc::EBADMSG);
        assert!(e.to_string().starts_with("Bad message"));
        assert_eq!(e.to_string(), std::io::Error::from_raw_os_error(libc::EBADMSG).to_string());
        assert!(format!("{e:?}").starts_with(&format!("Errno({}: Bad message", libc::EBADMSG)));
        let io: std::io::Error = e.into();
        assert_eq!(io.raw_os_error(), Some(libc::EBADMSG));
        let boxed: Box<dyn ::core::error::Error + Send + Sync> = Box::new(e);
        assert_eq!(boxed.to_string(), e.to_string());
    }
}
