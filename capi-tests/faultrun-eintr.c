/*
 * faultrun-eintr.c - LD_PRELOAD helper of faultrun -i: makes the library's
 * syscalls see EINTR.
 *
 * Two ways:
 *  - a SIGUSR1 handler installed WITHOUT SA_RESTART (faultrun sends SIGUSR1
 *    every few hundred microseconds), so a syscall blocked in the kernel
 *    returns EINTR, or a partial count for a transfer already under way -
 *    what a real signal does;
 *  - every $FAULTRUN_EINTR_EVERY-th call (per thread and function; default 3,
 *    0 = never) of the data path wrappers the library calls (sendmsg, recvmsg,
 *    send, recv, sendto, recvfrom, poll, splice, vmsplice, accept4, getrandom,
 *    syscall(SYS_io_getevents)) fails with EINTR before reaching the kernel -
 *    a spurious interruption, which POSIX allows and a retry loop must absorb.
 *
 * At exit one line on stderr: signals received, injected EINTRs and the
 * EINTRs the kernel itself returned, per function.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

enum { F_SENDMSG, F_RECVMSG, F_SEND, F_RECV, F_SENDTO, F_RECVFROM, F_POLL, F_SPLICE, F_VMSPLICE,
       F_ACCEPT4, F_GETRANDOM, F_IO_GETEVENTS, NF };
static const char *const fname[NF] = { "sendmsg", "recvmsg", "send", "recv", "sendto", "recvfrom", "poll",
				       "splice", "vmsplice", "accept4", "getrandom", "io_getevents" };
static unsigned long injected[NF], kernel_eintr[NF], calls[NF];
static unsigned long nsignals;
static unsigned int every = 3;
static __thread unsigned int count[NF];

static void on_signal(int sig)
{
	(void)sig;
	__atomic_fetch_add(&nsignals, 1, __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void eintr_init(void)
{
	struct sigaction sa;
	const char *e = getenv("FAULTRUN_EINTR_EVERY");

	if (e)
		every = (unsigned int)atoi(e);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: blocked syscalls return EINTR */
	sigaction(SIGUSR1, &sa, NULL);
}

__attribute__((destructor)) static void eintr_report(void)
{
	char line[1024];
	int n, i;

	n = snprintf(line, sizeof(line), "faultrun-eintr: %lu signals; injected/kernel EINTR of calls:", nsignals);
	for (i = 0; i < NF && n < (int)sizeof(line); i++)
		if (calls[i])
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %s %lu/%lu of %lu", fname[i], injected[i],
				      kernel_eintr[i], calls[i]);
	if (n < (int)sizeof(line) - 1)
		line[n++] = '\n';
	if (write(2, line, (size_t)n) < 0) { /* nothing */ }
}

/* count a call; 1 = fail it with EINTR now */
static int inject(int f)
{
	__atomic_fetch_add(&calls[f], 1, __ATOMIC_RELAXED);
	if (every && ++count[f] % every == 0) {
		__atomic_fetch_add(&injected[f], 1, __ATOMIC_RELAXED);
		errno = EINTR;
		return 1;
	}
	return 0;
}

static void seen(int f, long r)
{
	if (r < 0 && errno == EINTR)
		__atomic_fetch_add(&kernel_eintr[f], 1, __ATOMIC_RELAXED);
}

#define REAL(type, name, args) \
	static type(*real) args; \
	if (!real) \
		real = (type(*) args)dlsym(RTLD_NEXT, name)

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	ssize_t r;
	REAL(ssize_t, "sendmsg", (int, const struct msghdr *, int));
	if (inject(F_SENDMSG))
		return -1;
	r = real(fd, m, flags);
	seen(F_SENDMSG, r);
	return r;
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	ssize_t r;
	REAL(ssize_t, "recvmsg", (int, struct msghdr *, int));
	if (inject(F_RECVMSG))
		return -1;
	r = real(fd, m, flags);
	seen(F_RECVMSG, r);
	return r;
}

ssize_t send(int fd, const void *b, size_t n, int flags)
{
	ssize_t r;
	REAL(ssize_t, "send", (int, const void *, size_t, int));
	if (inject(F_SEND))
		return -1;
	r = real(fd, b, n, flags);
	seen(F_SEND, r);
	return r;
}

ssize_t recv(int fd, void *b, size_t n, int flags)
{
	ssize_t r;
	REAL(ssize_t, "recv", (int, void *, size_t, int));
	if (inject(F_RECV))
		return -1;
	r = real(fd, b, n, flags);
	seen(F_RECV, r);
	return r;
}

ssize_t sendto(int fd, const void *b, size_t n, int flags, const struct sockaddr *a, socklen_t al)
{
	ssize_t r;
	REAL(ssize_t, "sendto", (int, const void *, size_t, int, const struct sockaddr *, socklen_t));
	if (inject(F_SENDTO))
		return -1;
	r = real(fd, b, n, flags, a, al);
	seen(F_SENDTO, r);
	return r;
}

ssize_t recvfrom(int fd, void *b, size_t n, int flags, struct sockaddr *a, socklen_t *al)
{
	ssize_t r;
	REAL(ssize_t, "recvfrom", (int, void *, size_t, int, struct sockaddr *, socklen_t *));
	if (inject(F_RECVFROM))
		return -1;
	r = real(fd, b, n, flags, a, al);
	seen(F_RECVFROM, r);
	return r;
}

int poll(struct pollfd *p, nfds_t n, int t)
{
	int r;
	REAL(int, "poll", (struct pollfd *, nfds_t, int));
	if (inject(F_POLL))
		return -1;
	r = real(p, n, t);
	seen(F_POLL, r);
	return r;
}

ssize_t splice(int a, loff_t *ao, int b, loff_t *bo, size_t n, unsigned int flags)
{
	ssize_t r;
	REAL(ssize_t, "splice", (int, loff_t *, int, loff_t *, size_t, unsigned int));
	if (inject(F_SPLICE))
		return -1;
	r = real(a, ao, b, bo, n, flags);
	seen(F_SPLICE, r);
	return r;
}

ssize_t vmsplice(int fd, const struct iovec *iov, size_t n, unsigned int flags)
{
	ssize_t r;
	REAL(ssize_t, "vmsplice", (int, const struct iovec *, size_t, unsigned int));
	if (inject(F_VMSPLICE))
		return -1;
	r = real(fd, iov, n, flags);
	seen(F_VMSPLICE, r);
	return r;
}

int accept4(int fd, struct sockaddr *a, socklen_t *al, int flags)
{
	int r;
	REAL(int, "accept4", (int, struct sockaddr *, socklen_t *, int));
	if (inject(F_ACCEPT4))
		return -1;
	r = real(fd, a, al, flags);
	seen(F_ACCEPT4, r);
	return r;
}

ssize_t getrandom(void *b, size_t n, unsigned int flags)
{
	ssize_t r;
	REAL(ssize_t, "getrandom", (void *, size_t, unsigned int));
	if (inject(F_GETRANDOM))
		return -1;
	r = real(b, n, flags);
	seen(F_GETRANDOM, r);
	return r;
}

/* syscall(2) is variadic; the library passes at most 6 long-sized arguments */
long syscall(long nr, ...)
{
	long a[6], r;
	va_list ap;
	int i;
	REAL(long, "syscall", (long, ...));

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_io_getevents && inject(F_IO_GETEVENTS))
		return -1;
	r = real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == SYS_io_getevents)
		seen(F_IO_GETEVENTS, r);
	return r;
}
