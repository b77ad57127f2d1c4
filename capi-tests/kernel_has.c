/*
 * kernel_has.c - does the running kernel offer an algorithm through AF_ALG?
 *
 * Usage: kernel_has TYPE NAME   (TYPE: hash, skcipher, aead, rng)
 * Exit status 0 when a bind of an AF_ALG socket to TYPE/NAME succeeds (the kernel loads the
 * module it needs), 1 when it fails, 2 on a usage error. The tool tests ask this before
 * cases that need an algorithm some kernels lack (Debian's 7.2 has no DRBG): a process of a
 * few system calls, where a Python interpreter costs seconds under emulation.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif

int main(int argc, char **argv)
{
	struct sockaddr_alg sa;
	int fd, rc;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.salg_type) ||
	    strlen(argv[2]) >= sizeof(sa.salg_name)) {
		fprintf(stderr, "usage: kernel_has TYPE NAME\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.salg_family = AF_ALG;
	strcpy((char *)sa.salg_type, argv[1]);
	strcpy((char *)sa.salg_name, argv[2]);
	fd = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 1;
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return rc == 0 ? 0 : 1;
}
