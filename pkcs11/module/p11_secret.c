/* SPDX-License-Identifier: BSD-2-Clause */
/* Locked, wiped memory for the secrets kept while logged in. */
#define _DEFAULT_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pkcs11/p11_secret.h"

static struct p11_secrets *area;
static size_t area_len, area_n;

int
p11_secrets_init(size_t n)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = n * sizeof(*area), pg = page > 0 ? (size_t)page : 4096;
	void *p;

	len = (len + pg - 1) / pg * pg;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return -1;
	/* Best effort: a low RLIMIT_MEMLOCK or an old kernel must not stop
	 * the module, and the secrets are wiped as soon as unused anyway. */
	(void)mlock(p, len);
#ifdef MADV_DONTDUMP
	(void)madvise(p, len, MADV_DONTDUMP);
#endif
#ifdef MADV_WIPEONFORK
	(void)madvise(p, len, MADV_WIPEONFORK);
#endif
	area = p;
	area_len = len;
	area_n = n;
	return 0;
}

void
p11_secrets_fini(void)
{
	if (area == NULL)
		return;
	explicit_bzero(area, area_len);
	(void)munlock(area, area_len);
	(void)munmap(area, area_len);
	area = NULL;
	area_len = 0;
	area_n = 0;
}

void
p11_secrets_forget(void)
{
	/* The child's copy is zeroed by MADV_WIPEONFORK where the kernel
	 * has it; wipe it anyway, then drop it. */
	if (area != NULL) {
		explicit_bzero(area, area_len);
		(void)munmap(area, area_len);
	}
	area = NULL;
	area_len = 0;
	area_n = 0;
}

struct p11_secrets *
p11_secrets_of(size_t i)
{
	return area != NULL && i < area_n ? &area[i] : NULL;
}

void
p11_secrets_wipe(struct p11_secrets *sec)
{
	if (sec != NULL)
		explicit_bzero(sec, sizeof(*sec));
}

int
p11_secret_is_pin(const struct p11_secrets *sec,
    const char pin[UIMKEY_PIN_LEN + 1])
{
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < sizeof(sec->pin); i++)
		d |= (unsigned char)(sec->pin[i] ^ pin[i]);
	return sec->pin[0] != '\0' && d == 0;
}
