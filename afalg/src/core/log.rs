//! libkcapi-compatible logging to stderr: `libkcapi - <Severity>: <message>`.
//!
//! The level is one process-wide atomic (thread-safe); the default is `KCAPI_LOG_NONE`, as in
//! libkcapi 1.5. Messages are truncated to 126 characters like the C library's. Logging never
//! changes `errno`, and never prints keys or passwords.

use crate::prelude::*;
use ::core::fmt::{self, Write as _};
use ::core::sync::atomic::{AtomicI32, Ordering};

/// Only errors.
pub const ERR: i32 = 1;
/// Errors and warnings.
pub const WARN: i32 = 2;
/// Adds progress messages.
pub const VERBOSE: i32 = 3;
/// Everything, including each syscall's result.
pub const DEBUG: i32 = 4;

static LEVEL: AtomicI32 = AtomicI32::new(0);

/// Set the process-wide log level (any value; larger is more verbose).
pub fn set_level(level: i32) {
    LEVEL.store(level, Ordering::Relaxed);
}

/// Whether messages of severity `level` are printed.
#[inline]
pub fn enabled(level: i32) -> bool {
    level <= LEVEL.load(Ordering::Relaxed)
}

/// Print one message (callers check [`enabled`] first; use the `log_*!` macros).
pub fn emit(level: i32, args: fmt::Arguments<'_>) {
    let saved = crate::sys::errno();
    let mut msg = String::with_capacity(128);
    let _ = msg.write_fmt(args);
    if msg.len() > 126 {
        let mut cut = 126;
        while !msg.is_char_boundary(cut) {
            cut -= 1;
        }
        msg.truncate(cut);
    }
    let sev = match level {
        ERR => "Error",
        WARN => "Warning",
        VERBOSE => "Verbose",
        DEBUG => "Debug",
        _ => "Unknown",
    };
    let line = format!("libkcapi - {sev}: {msg}\n");
    crate::sys::write_stderr(line.as_bytes());
    crate::sys::set_errno(saved);
}

/// Log at a given level if enabled.
#[macro_export]
#[doc(hidden)]
macro_rules! klog {
    ($lvl:expr, $($arg:tt)*) => {
        if $crate::__private::log_enabled($lvl) {
            $crate::__private::log_emit($lvl, format_args!($($arg)*));
        }
    };
}
