//! The one error type of the crate: a positive Linux errno value.
//!
//! Every layer returns [`Result<T>`]; the C API converts an error once, at the boundary, into
//! libkcapi's convention (a negative errno return value, with `errno` set to the same code).

use std::fmt;

/// A Linux errno value (always positive), e.g. `Errno(libc::ENOENT)`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Errno(pub i32);

/// Result type used throughout the crate.
pub type Result<T> = std::result::Result<T, Errno>;

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

    /// The negative value libkcapi functions return for this error.
    #[allow(clippy::should_implement_trait)]
    pub fn neg(self) -> i32 {
        -self.0
    }

    /// The calling thread's current `errno`, as an error (EIO if errno is unexpectedly 0).
    pub fn last() -> Errno {
        match std::io::Error::last_os_error().raw_os_error() {
            Some(e) if e > 0 => Errno(e),
            _ => Errno::EIO,
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Errno({}: {})", self.0, std::io::Error::from_raw_os_error(self.0))
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", std::io::Error::from_raw_os_error(self.0))
    }
}

impl std::error::Error for Errno {}

impl From<Errno> for std::io::Error {
    fn from(e: Errno) -> Self {
        std::io::Error::from_raw_os_error(e.0)
    }
}
