/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secrets in the PKCS#11 module's memory: after C_Logout, after the last
 * session closes, after C_Finalize and after C_SetPIN, the PIN (and the
 * SO's management key) must be nowhere in the process: every readable
 * mapping of /proc/self/maps is read through /proc/self/mem and searched.
 *
 * The program never holds a secret in clear except for the instant of
 * the call that takes it: secrets are kept XORed with a mask, put in
 * clear into a buffer for the call and wiped right after; the search
 * compares masked bytes.  While logged in, the PIN must be found (the
 * module keeps it to log in again): that proves the search sees the
 * module's memory.
 *
 *   p11_secrets --module SO [--reader NAME]
 *
 * Needs a card with the factory PIN and management key and an EC key of
 * PIN policy "always" in 9C (CKA_ID 02); changes the PIN to a random one
 * and back.  Prints ok/not ok lines.
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/stress/p11util.h"
#include "tests/stress/stress.h"

#define MASK       0xA5
#define CHUNK      (1u << 20)
#define REGION_MAX (1ull << 32)   /* bigger: sanitizer shadow, skipped */

struct secret {
	uint8_t m[64];          /* masked */
	size_t len;
};

static uint8_t *chunk;          /* our own mapping: not searched */
static const char *reader;

static void
keep(struct secret *s, const char *clear, size_t len)
{
	size_t i;

	s->len = len;
	for (i = 0; i < len; i++)
		s->m[i] = (uint8_t)(clear[i] ^ MASK);
}

/* The secret in clear, in out (wiped by the caller). */
static void
reveal(const struct secret *s, char *out)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		out[i] = (char)(s->m[i] ^ MASK);
	out[s->len] = '\0';
}

/* Occurrences of s in buf[0, n) (compared masked). */
static unsigned long
count_in(const uint8_t *buf, size_t n, const struct secret *s)
{
	unsigned long found = 0;
	size_t i, j;

	if (n < s->len)
		return 0;
	for (i = 0; i + s->len <= n; i++) {
		if ((uint8_t)(buf[i] ^ MASK) != s->m[0])
			continue;
		for (j = 1; j < s->len; j++)
			if ((uint8_t)(buf[i + j] ^ MASK) != s->m[j])
				break;
		if (j == s->len)
			found++;
	}
	return found;
}

/* Occurrences of s in every readable mapping but our search buffer;
 * where lists the first few places. */
static unsigned long
search(const struct secret *s, char *where, size_t where_len)
{
	char line[512], path[256], perms[8];
	unsigned long long lo, hi, a, overlap = (unsigned long long)s->len;
	unsigned long found = 0, f;
	size_t used = 0, n;
	ssize_t got;
	FILE *maps;
	int mem;

	where[0] = '\0';
	if ((maps = fopen("/proc/self/maps", "r")) == NULL ||
	    (mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC)) < 0)
		return (unsigned long)-1;
	while (fgets(line, sizeof(line), maps) != NULL) {
		path[0] = '\0';
		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %255s", &lo, &hi,
		    perms, path) < 3)
			continue;
		if (perms[0] != 'r' || hi - lo > REGION_MAX ||
		    strcmp(path, "[vvar]") == 0 ||
		    strcmp(path, "[vsyscall]") == 0 ||
		    (lo == (unsigned long long)(uintptr_t)chunk))
			continue;
		for (a = lo; a < hi; a += CHUNK - overlap) {
			n = (size_t)(hi - a < CHUNK ? hi - a : CHUNK);
			got = pread(mem, chunk, n, (off_t)a);
			if (got <= 0)
				continue;
			f = count_in(chunk, (size_t)got, s);
			explicit_bzero(chunk, (size_t)got);
			if (f > 0 && used < where_len)
				used += (size_t)snprintf(where + used,
				    where_len - used, " %s%s", path[0] ? path :
				    "[anon]", perms);
			found += f;
			if (n < CHUNK)
				break;
		}
	}
	close(mem);
	fclose(maps);
	return found;
}

static CK_SLOT_ID slot;

static CK_RV
open_session(CK_SESSION_HANDLE *s)
{
	CK_RV rv;

	if ((rv = p11_find_slot(reader, &slot)) != CKR_OK)
		return rv;
	return p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
	    NULL, NULL, s);
}

static CK_RV
login(CK_SESSION_HANDLE s, CK_USER_TYPE who, const struct secret *sec)
{
	char clear[65];
	CK_RV rv;

	reveal(sec, clear);
	rv = p11->C_Login(s, who, (CK_UTF8CHAR_PTR)clear, sec->len);
	explicit_bzero(clear, sizeof(clear));
	return rv;
}

static CK_RV
set_pin(CK_SESSION_HANDLE s, const struct secret *old,
    const struct secret *new_pin)
{
	char a[65], b[65];
	CK_RV rv;

	reveal(old, a);
	reveal(new_pin, b);
	rv = p11->C_SetPIN(s, (CK_UTF8CHAR_PTR)a, old->len,
	    (CK_UTF8CHAR_PTR)b, new_pin->len);
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return rv;
}

/* A signature with the PIN-always key: the PIN goes in again. */
static CK_RV
sign_always(CK_SESSION_HANDLE s, const struct secret *pin)
{
	struct p11_key k;
	CK_MECHANISM m = { CKM_ECDSA_SHA256, NULL, 0 };
	CK_BYTE sig[200], data[] = { 'd', 'a', 't', 'a' };
	CK_ULONG sl = sizeof(sig);
	CK_RV rv;

	if ((rv = p11_key_load(s, 0x02, &k)) != CKR_OK ||
	    (rv = p11->C_SignInit(s, &m, k.priv)) != CKR_OK ||
	    (rv = login(s, CKU_CONTEXT_SPECIFIC, pin)) != CKR_OK)
		return rv;
	return p11->C_Sign(s, data, sizeof(data), sig, &sl);
}

static void
expect_none(const struct secret *s, const char *what, const char *when)
{
	char where[512];
	unsigned long n = search(s, where, sizeof(where));

	if (n > 0)
		printf("# %s found %lu times in:%s\n", what, n, where);
	checkf(n == 0, "secrets: %s %s: nowhere in the process's memory",
	    when, what);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "module", required_argument, NULL, 'M' },
		{ "reader", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *module = NULL;
	struct secret factory, pin, factory_hex, mgmt_hex, mgmt_bin;
	struct st_rng rng = { st_seed(NULL) };
	CK_SESSION_HANDLE s, s2;
	char where[512], clear[65], hex[49];
	uint8_t bin[24];
	unsigned long n;
	unsigned i;
	int c;
	CK_RV rv;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'M': module = optarg; break;
		case 'r': reader = optarg; break;
		default: return 2;
		}
	}
	if (module == NULL) {
		fprintf(stderr, "usage: p11_secrets --module SO\n");
		return 2;
	}
	chunk = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (chunk == MAP_FAILED)
		return 1;
	keep(&factory, "123456", 6);
	/* Distinctive PINs: 8 random digits (never a run the card refuses). */
	do {
		for (i = 0; i < 8; i++)
			clear[i] = (char)('0' + st_below(&rng, 10));
	} while (clear[1] - clear[0] == clear[2] - clear[1]);
	keep(&pin, clear, 8);
	explicit_bzero(clear, sizeof(clear));
	/* The factory management key (3DES, in hex as the SO gives it),
	 * and a random AES-128 one to replace it: that one is searched
	 * for (the factory key's bytes may be anyone's constant). */
	for (i = 0; i < 24; i++)
		snprintf(hex + 2 * i, 3, "%02X", i % 8 + 1);
	keep(&factory_hex, hex, 48);
	st_fill(&rng, bin, 16);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", bin[i]);
	keep(&mgmt_hex, hex, 32);
	keep(&mgmt_bin, (const char *)bin, 16);
	explicit_bzero(hex, sizeof(hex));
	explicit_bzero(bin, sizeof(bin));

	if (p11_load(module) != 0 || (rv = p11_init(0)) != CKR_OK ||
	    (rv = open_session(&s)) != CKR_OK) {
		checkf(0, "secrets: the module and a session");
		return 1;
	}
	/* Our own PIN, distinctive, set from the factory one. */
	rv = set_pin(s, &factory, &pin);
	checkf(rv == CKR_OK, "secrets: C_SetPIN to a random PIN (%s)",
	    p11_rv_name(rv));
	expect_none(&pin, "the new PIN", "after C_SetPIN (not logged in)");

	rv = login(s, CKU_USER, &pin);
	checkf(rv == CKR_OK, "secrets: C_Login (%s)", p11_rv_name(rv));
	rv = sign_always(s, &pin);
	checkf(rv == CKR_OK, "secrets: a signature with the PIN-always key "
	    "(%s)", p11_rv_name(rv));
	n = search(&pin, where, sizeof(where));
	printf("# while logged in the PIN is at:%s\n", where);
	checkf(n > 0, "secrets: while logged in, the search finds the PIN "
	    "the module keeps (%lu places): it sees the module's memory", n);
	rv = p11->C_Logout(s);
	checkf(rv == CKR_OK, "secrets: C_Logout (%s)", p11_rv_name(rv));
	expect_none(&pin, "the PIN", "after C_Logout");

	/* The last session closing logs out too. */
	rv = login(s, CKU_USER, &pin);
	if (rv == CKR_OK)
		rv = open_session(&s2);
	if (rv == CKR_OK)
		rv = sign_always(s2, &pin);
	if (rv == CKR_OK)
		rv = p11->C_CloseSession(s);
	if (rv == CKR_OK)
		rv = p11->C_CloseSession(s2);
	checkf(rv == CKR_OK, "secrets: log in, sign, close both sessions "
	    "(%s)", p11_rv_name(rv));
	expect_none(&pin, "the PIN", "after the last session closed");

	/* The SO's management key: a new one of our own, then a login
	 * with it. */
	rv = open_session(&s);
	if (rv == CKR_OK)
		rv = login(s, CKU_SO, &factory_hex);
	if (rv == CKR_OK)
		rv = set_pin(s, &factory_hex, &mgmt_hex);
	if (rv == CKR_OK)
		rv = p11->C_Logout(s);
	checkf(rv == CKR_OK, "secrets: the SO sets a random management key "
	    "(%s)", p11_rv_name(rv));
	expect_none(&mgmt_bin, "the new management key", "after C_SetPIN "
	    "and the SO's C_Logout");
	if (rv == CKR_OK)
		rv = login(s, CKU_SO, &mgmt_hex);
	n = rv == CKR_OK ? search(&mgmt_bin, where, sizeof(where)) : 0;
	checkf(rv == CKR_OK && n > 0, "secrets: the SO logged in with the "
	    "management key, which the search finds (%lu places; %s)", n,
	    p11_rv_name(rv));
	if (rv == CKR_OK)
		rv = p11->C_Logout(s);
	expect_none(&mgmt_bin, "the management key", "after the SO's "
	    "C_Logout");
	expect_none(&mgmt_hex, "the management key in hex", "after the SO's "
	    "C_Logout");

	/* C_Finalize while logged in. */
	rv = login(s, CKU_USER, &pin);
	if (rv == CKR_OK)
		rv = sign_always(s, &pin);
	checkf(rv == CKR_OK, "secrets: logged in again (%s)",
	    p11_rv_name(rv));
	rv = p11->C_Finalize(NULL);
	checkf(rv == CKR_OK, "secrets: C_Finalize while logged in (%s)",
	    p11_rv_name(rv));
	expect_none(&pin, "the PIN", "after C_Finalize");

	return check_done();
}
