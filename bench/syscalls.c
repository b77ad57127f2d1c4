#include <kcapi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
/*
 * Syscall budget benchmark: run under strace by bench/run-syscalls (inside tools/vmrun) against
 * Debian's libkcapi and against ours. Phases are separated by getppid() markers; the script
 * counts the syscalls of each phase. Phase names are listed in bench/run-syscalls.
 */
int main(int argc, char **argv)
{
	struct kcapi_handle *h = NULL;
	uint8_t in[64], out[64];
	(void)argc; (void)argv;
	memset(in, 'a', sizeof(in));
	kcapi_md_sha256(in, 64, out, 32); /* warm-up: first-use costs (netlink cache etc.) */
	syscall(SYS_getppid);
	kcapi_md_init(&h, "sha256", 0);
	kcapi_md_destroy(h);
	syscall(SYS_getppid);
	kcapi_md_sha256(in, 64, out, 32);
	syscall(SYS_getppid);
	kcapi_md_init(&h, "sha256", 0);
	kcapi_md_digest(h, in, 64, out, 32);
	syscall(SYS_getppid);
	kcapi_md_digest(h, in, 64, out, 32);
	syscall(SYS_getppid);
	kcapi_md_destroy(h);
	return 0;
}
