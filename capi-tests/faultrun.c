/*
 * faultrun.c - run a program with the kernel refusing one thing: a seccomp
 * filter that makes chosen syscalls fail with a chosen errno, a low
 * RLIMIT_NOFILE, or signals that interrupt its syscalls (EINTR).
 *
 *   faultrun [OPTIONS] [--] PROGRAM [ARGS...]
 *
 *   -e SYSCALL:ERRNO  SYSCALL fails with ERRNO without reaching the kernel
 *                     (seccomp SECCOMP_RET_ERRNO; repeatable).  SYSCALL is a
 *                     name from the table below, ERRNO a name (EPERM) or number.
 *   -n ERRNO          socket(AF_NETLINK, *, NETLINK_CRYPTO) fails with ERRNO
 *                     (other sockets are untouched: the filter looks at the
 *                     domain and protocol arguments).
 *   -f N              RLIMIT_NOFILE soft and hard limit N (EMFILE once the
 *                     process holds N descriptors).
 *   -i USEC           EINTR: preload faultrun-eintr.so (next to this binary,
 *                     or $FAULTRUN_EINTR_SO), which installs a SIGUSR1 handler
 *                     without SA_RESTART and injects EINTR into every
 *                     $FAULTRUN_EINTR_EVERY-th (default 3) call of each data
 *                     path syscall wrapper; faultrun sends SIGUSR1 to the
 *                     program every USEC microseconds (0: no signals).
 *   -t SECS           kill the program (SIGKILL) after SECS seconds: exit 124
 *                     (hang detector independent of the program's own alarm).
 *
 * faultrun forks; the child sets the rlimit, PR_SET_NO_NEW_PRIVS and the
 * filter, then execs PROGRAM.  The parent waits and exits with the program's
 * status, 128+N when a signal N killed it (with a message on stderr), 124 on
 * timeout.  Seccomp cannot count calls, so "EINTR on the Nth call" is not a
 * filter; ERRNO(EINTR) on every call would only make retry loops spin (that
 * is what they must do), hence the preload for EINTR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#else
#error "faultrun: unsupported architecture"
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#else
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#endif

static const struct {
	const char *name;
	long nr;
} syscalls[] = {
	{ "vmsplice", SYS_vmsplice },
	{ "splice", SYS_splice },
	{ "tee", SYS_tee },
	{ "pipe2", SYS_pipe2 },
	{ "io_setup", SYS_io_setup },
	{ "io_submit", SYS_io_submit },
	{ "io_getevents", SYS_io_getevents },
	{ "io_cancel", SYS_io_cancel },
	{ "getrandom", SYS_getrandom },
#ifdef SYS_accept
	{ "accept", SYS_accept },
#endif
	{ "accept4", SYS_accept4 },
	{ "socket", SYS_socket },
	{ "bind", SYS_bind },
	{ "setsockopt", SYS_setsockopt },
	{ "sendmsg", SYS_sendmsg },
	{ "recvmsg", SYS_recvmsg },
	{ "sendto", SYS_sendto },
	{ "recvfrom", SYS_recvfrom },
	{ "process_vm_writev", SYS_process_vm_writev },
};

static const struct {
	const char *name;
	int val;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "EPROTONOSUPPORT", EPROTONOSUPPORT }, { "EAFNOSUPPORT", EAFNOSUPPORT },
	{ "ENOMEM", ENOMEM }, { "EMFILE", EMFILE }, { "ENFILE", ENFILE },
	{ "EINTR", EINTR }, { "EINVAL", EINVAL }, { "EACCES", EACCES },
	{ "EAGAIN", EAGAIN }, { "ENOBUFS", ENOBUFS }, { "EIO", EIO },
};

#define MAX_RULES 16
static struct rule {
	long nr;
	int err;
	int netlink_crypto;	/* only socket(AF_NETLINK, *, NETLINK_CRYPTO) */
} rules[MAX_RULES];
static int nrules;

static void usage(void)
{
	fprintf(stderr, "usage: faultrun [-e SYSCALL:ERRNO]... [-n ERRNO] [-f NOFILE] [-i USEC] [-t SECS] [--] PROGRAM [ARGS...]\n");
	exit(125);
}

static int parse_errno(const char *s)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(s, errnos[i].name))
			return errnos[i].val;
	v = strtol(s, &end, 10);
	if (*s && !*end && v > 0 && v < 4096)
		return (int)v;
	fprintf(stderr, "faultrun: unknown errno '%s'\n", s);
	exit(125);
}

static void add_rule(long nr, int err, int nl)
{
	if (nrules == MAX_RULES) {
		fprintf(stderr, "faultrun: too many rules\n");
		exit(125);
	}
	rules[nrules].nr = nr;
	rules[nrules].err = err;
	rules[nrules].netlink_crypto = nl;
	nrules++;
}

static void add_errno_rule(const char *spec)
{
	char name[64];
	const char *colon = strchr(spec, ':');
	size_t i, n;

	if (!colon || (n = (size_t)(colon - spec)) >= sizeof(name))
		usage();
	memcpy(name, spec, n);
	name[n] = 0;
	for (i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++) {
		if (!strcmp(name, syscalls[i].name)) {
			add_rule(syscalls[i].nr, parse_errno(colon + 1), 0);
			return;
		}
	}
	fprintf(stderr, "faultrun: unknown syscall '%s'\n", name);
	exit(125);
}

/* the filter: for each rule "nr matches (and the socket args match) -> ERRNO", else allow */
static int install_filter(void)
{
	struct sock_filter f[8 + MAX_RULES * 6];
	struct sock_fprog prog;
	unsigned int n = 0;
	int i;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	for (i = 0; i < nrules; i++) {
		unsigned int ret = SECCOMP_RET_ERRNO | ((unsigned int)rules[i].err & SECCOMP_RET_DATA);

		f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
		if (rules[i].netlink_crypto) {
			/* nr, domain (args[0]), protocol (args[2]) */
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)rules[i].nr, 0, 5);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0));
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, 3);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2));
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NETLINK_CRYPTO, 0, 1);
		} else {
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)rules[i].nr, 0, 1);
		}
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) {
		perror("faultrun: PR_SET_NO_NEW_PRIVS");
		return -1;
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) {
		perror("faultrun: seccomp");
		return -1;
	}
	return 0;
}

/* faultrun-eintr.so next to this binary */
static void set_preload(const char *argv0)
{
	const char *so = getenv("FAULTRUN_EINTR_SO");
	char path[4096], *slash;
	const char *old = getenv("LD_PRELOAD");
	char *val;
	ssize_t n;

	if (!so) {
		n = readlink("/proc/self/exe", path, sizeof(path) - 32);
		if (n <= 0) {
			snprintf(path, sizeof(path) - 32, "%s", argv0);
			n = (ssize_t)strlen(path);
		}
		path[n] = 0;
		slash = strrchr(path, '/');
		strcpy(slash ? slash + 1 : path, "faultrun-eintr.so");
		so = path;
	}
	if (access(so, R_OK)) {
		fprintf(stderr, "faultrun: %s: %s\n", so, strerror(errno));
		exit(125);
	}
	if (old && *old) {
		val = malloc(strlen(so) + strlen(old) + 2);
		if (!val)
			exit(125);
		sprintf(val, "%s:%s", so, old);
	} else {
		val = strdup(so);
	}
	setenv("LD_PRELOAD", val, 1);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long nofile = -1, eintr_usec = -1, timeout = 0;
	unsigned long signals = 0;
	double start, deadline;
	int opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+e:n:f:i:t:h")) != -1) {
		switch (opt) {
		case 'e':
			add_errno_rule(optarg);
			break;
		case 'n':
			add_rule(SYS_socket, parse_errno(optarg), 1);
			break;
		case 'f':
			nofile = atol(optarg);
			break;
		case 'i':
			eintr_usec = atol(optarg);
			break;
		case 't':
			timeout = atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	if (eintr_usec >= 0)
		set_preload(argv[0]);

	/* ignored (in the child too: the disposition survives fork and exec) until
	 * faultrun-eintr.so installs its handler */
	if (eintr_usec >= 0)
		signal(SIGUSR1, SIG_IGN);
	start = now();
	deadline = timeout > 0 ? start + (double)timeout : 0;
	pid = fork();
	if (pid < 0) {
		perror("faultrun: fork");
		return 125;
	}
	if (pid == 0) {
		if (nofile >= 0) {
			struct rlimit rl = { (rlim_t)nofile, (rlim_t)nofile };

			if (setrlimit(RLIMIT_NOFILE, &rl)) {
				perror("faultrun: setrlimit");
				_exit(125);
			}
		}
		if (nrules && install_filter())
			_exit(125);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "faultrun: exec %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			perror("faultrun: waitpid");
			return 125;
		}
		if (deadline && now() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fprintf(stderr, "faultrun: %s: killed after %ld s (hang)\n", argv[optind], timeout);
			return 124;
		}
		if (eintr_usec > 0) {
			if (kill(pid, SIGUSR1) == 0)
				signals++;
			usleep((useconds_t)eintr_usec);
		} else {
			usleep(20000);
		}
	}
	if (eintr_usec > 0)
		fprintf(stderr, "faultrun: sent %lu SIGUSR1\n", signals);
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "faultrun: %s: killed by signal %d (%s)\n", argv[optind], WTERMSIG(status),
			strsignal(WTERMSIG(status)));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
