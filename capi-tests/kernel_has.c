/*
 * kernel_has.c - does the running kernel offer an algorithm through AF_ALG?
 *
 * Usage: kernel_has TYPE NAME   (TYPE: hash, skcipher, aead, rng)
 *        kernel_has -l TYPE NAME [TYPE NAME ...]
 *        kernel_has -n
 * Exit status 0 when a bind of an AF_ALG socket to TYPE/NAME succeeds (the kernel loads the
 * module it needs), 1 when it fails, 2 on a usage error. The tool tests ask this before
 * cases that need an algorithm some kernels lack (Debian's 7.2 has no DRBG): a process of a
 * few system calls, where a Python interpreter costs seconds under emulation.
 * With -l it checks every pair and prints one line each, "TYPE NAME ok" or
 * "TYPE NAME socket|bind ERRNAME" (ENOENT: no such algorithm, or one an af_alg_restrict
 * allowlist refuses; EAFNOSUPPORT: no AF_ALG, or af_alg_restrict=2); exit status 0.
 * With -n it opens a NETLINK_CRYPTO socket (what libkcapi asks algorithm sizes through; the
 * crypto_user module) and prints "netlink_crypto ok" or "netlink_crypto ERRNAME".
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

/* 0, or the errno of the failing call; *what names it */
static int try_bind(const char *type, const char *name, const char **what)
{
	struct sockaddr_alg sa;
	int fd, rc, err = 0;

	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	strcpy((char *)sa.salg_type, type);
	strcpy((char *)sa.salg_name, name);
	*what = "socket";
	fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	*what = "bind";
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	if (rc != 0)
		err = errno;
	close(fd);
	return err;
}

static const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ELIBBAD: return "ELIBBAD";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	default: return "E?";
	}
}

static int usable(const char *type, const char *name)
{
	struct sockaddr_alg sa;

	return strlen(type) < sizeof(sa.salg_type) && strlen(name) < sizeof(sa.salg_name);
}

int main(int argc, char **argv)
{
	const char *what;
	int i, e;

	if (argc == 2 && strcmp(argv[1], "-n") == 0) {
		int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_CRYPTO);

		e = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		printf("netlink_crypto %s\n", e ? errname(e) : "ok");
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "-l") == 0) {
		if (argc % 2 != 0) {
			fprintf(stderr, "usage: kernel_has -l TYPE NAME [TYPE NAME ...]\n");
			return 2;
		}
		for (i = 2; i + 1 < argc; i += 2) {
			if (!usable(argv[i], argv[i + 1])) {
				printf("%s %s toolong\n", argv[i], argv[i + 1]);
				continue;
			}
			e = try_bind(argv[i], argv[i + 1], &what);
			if (e == 0)
				printf("%s %s ok\n", argv[i], argv[i + 1]);
			else
				printf("%s %s %s %s(%d)\n", argv[i], argv[i + 1], what, errname(e), e);
		}
		return 0;
	}
	if (argc != 3 || !usable(argv[1], argv[2])) {
		fprintf(stderr, "usage: kernel_has TYPE NAME\n");
		return 2;
	}
	return try_bind(argv[1], argv[2], &what) == 0 ? 0 : 1;
}
