//! Randomness from the kernel's own pool (`getrandom`), used to seed DRNGs.

use super::{cvt_size, retry};
use crate::error::{Errno, Result};

/// Fill `buf` from the kernel's CSPRNG: `getrandom(buf, len, 0)`, which blocks only until the
/// kernel's pool is initialised once after boot. Interrupted and partial reads are continued.
/// Where the syscall is unavailable (`ENOSYS`, or `EPERM` from a seccomp filter, as container
/// profiles answer) `/dev/urandom` is read instead, opened and closed per call. On failure the part of `buf` already filled is wiped.
pub fn getrandom(buf: &mut [u8]) -> Result<()> {
    let r = fill(buf);
    if r.is_err() {
        super::mem::wipe(buf, 0);
    }
    r
}

fn fill(buf: &mut [u8]) -> Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let rest = &mut buf[done..];
        let n = match retry(|| {
            // SAFETY: rest is a valid, exclusively borrowed writable slice of rest.len() bytes.
            cvt_size(unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) })
        }) {
            Ok(n) => n,
            Err(Errno(libc::ENOSYS)) | Err(Errno(libc::EPERM)) => return urandom(rest),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Err(Errno::EIO);
        }
        done += n;
    }
    Ok(())
}

fn urandom(buf: &mut [u8]) -> Result<()> {
    let f = super::fd::open(c"/dev/urandom", libc::O_RDONLY)?;
    let mut done = 0;
    while done < buf.len() {
        match super::fd::read(f.as_fd(), &mut buf[done..])? {
            0 => return Err(Errno::EIO),
            n => done += n,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_and_differs() {
        let mut a = [0u8; 300];
        let mut b = [0u8; 300];
        super::getrandom(&mut a).unwrap();
        super::getrandom(&mut b).unwrap();
        assert_ne!(a, b);
        assert!(a.iter().any(|&x| x != 0));
        super::getrandom(&mut []).unwrap();
    }

    /// Set in the child process of [`filtered_getrandom`]: the errno getrandom(2) answers there.
    const CHILD_ENV: &str = "AFALG_TEST_FILTERED_GETRANDOM";

    fn open_fds() -> usize {
        std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
    }

    /// A seccomp filter making getrandom(2) fail with `err` (for this process and its execs).
    fn filter_getrandom(err: i32) -> std::io::Result<()> {
        #[cfg(target_arch = "x86_64")]
        const ARCH: u32 = 0xc000_003e; // AUDIT_ARCH_X86_64
        #[cfg(target_arch = "aarch64")]
        const ARCH: u32 = 0xc000_00b7; // AUDIT_ARCH_AARCH64
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return Err(std::io::Error::from_raw_os_error(libc::ENOSYS));
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        {
            let ld = |k: u32| libc::sock_filter {
                code: (libc::BPF_LD | libc::BPF_W | libc::BPF_ABS) as u16,
                jt: 0,
                jf: 0,
                k,
            };
            let jeq = |k: u32, jt: u8, jf: u8| libc::sock_filter {
                code: (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16,
                jt,
                jf,
                k,
            };
            let ret = |k: u32| libc::sock_filter { code: (libc::BPF_RET | libc::BPF_K) as u16, jt: 0, jf: 0, k };
            let f = [
                ld(4), // seccomp_data.arch
                jeq(ARCH, 1, 0),
                ret(libc::SECCOMP_RET_ALLOW),
                ld(0), // seccomp_data.nr
                jeq(libc::SYS_getrandom as u32, 0, 1),
                ret(libc::SECCOMP_RET_ERRNO | err as u32),
                ret(libc::SECCOMP_RET_ALLOW),
            ];
            let prog = libc::sock_fprog { len: f.len() as u16, filter: f.as_ptr() as *mut libc::sock_filter };
            // SAFETY: prctl and seccomp with valid arguments; prog points to f, alive here.
            unsafe {
                if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                    || libc::syscall(libc::SYS_seccomp, libc::SECCOMP_SET_MODE_FILTER, 0, &prog) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        }
    }

    /// With getrandom(2) refused by seccomp (ENOSYS, and EPERM as container profiles answer),
    /// random bytes come from /dev/urandom, and no descriptor stays open afterwards. Runs this
    /// test binary again, filtered, for each errno. (That the library never makes the standard
    /// library open and keep /dev/urandom — `HashMap` random keys — is checked by
    /// capi-tests/run-faults.sh: the test harness itself has opened it here already.)
    #[test]
    fn filtered_getrandom() {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(CHILD_ENV).is_some() {
            let before = open_fds();
            let mut a = [0u8; 64];
            super::getrandom(&mut a).unwrap();
            assert!(a.iter().any(|&x| x != 0));
            assert_eq!(open_fds(), before, "a descriptor stayed open");
            return;
        }
        for err in [libc::ENOSYS, libc::EPERM] {
            let Ok(exe) = std::env::current_exe() else { return };
            let mut cmd = std::process::Command::new(exe);
            cmd.args(["--exact", "sys::random::tests::filtered_getrandom", "--test-threads=1"]);
            cmd.env(CHILD_ENV, err.to_string());
            // SAFETY: the closure only makes async-signal-safe syscalls (prctl, seccomp).
            unsafe { cmd.pre_exec(move || filter_getrandom(err)) };
            let out = match cmd.output() {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("no seccomp here ({e}): filtered_getrandom not checked");
                    return;
                }
            };
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && stdout.contains("1 passed"),
                "errno {err}: {stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
