/* SPDX-License-Identifier: BSD-2-Clause */
/* Names on the command line: slots, algorithms, PIN policies. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "admin/names.h"
#include "host/uimkey.h"

static const struct {
	const char *name;
	uint8_t alg;
} key_algs[] = {
	{ "p256", UIMKEY_ALG_ECCP256 },
	{ "p384", UIMKEY_ALG_ECCP384 },
	{ "rsa2048", UIMKEY_ALG_RSA2048 },
	{ "rsa3072", UIMKEY_ALG_RSA3072 },
	{ "rsa4096", UIMKEY_ALG_RSA4096 },
};

static const struct {
	const char *name;
	uint8_t alg;
} mgmt_algs[] = {
	{ "3des", UIMKEY_ALG_3DES },
	{ "aes128", UIMKEY_ALG_AES128 },
	{ "aes192", UIMKEY_ALG_AES192 },
	{ "aes256", UIMKEY_ALG_AES256 },
};

static const char *const policies[] = { "default", "never", "once", "always" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "9a", "9A", "82".."95", and "f9" when allowed. */
int
adm_slot_parse(const char *s, int allow_attest)
{
	char *end;
	long v;

	if (s == NULL || strlen(s) != 2)
		return -1;
	v = strtol(s, &end, 16);
	if (*end != '\0')
		return -1;
	if (v == UIMKEY_SLOT_AUTH || v == UIMKEY_SLOT_SIGN ||
	    v == UIMKEY_SLOT_KEYMGMT || v == UIMKEY_SLOT_CARDAUTH ||
	    (v >= UIMKEY_SLOT_RETIRED1 && v <= UIMKEY_SLOT_RETIRED20))
		return (int)v;
	if (allow_attest && v == UIMKEY_SLOT_ATTEST)
		return (int)v;
	return -1;
}

int
adm_alg_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < COUNT(key_algs); i++)
		if (strcasecmp(s, key_algs[i].name) == 0)
			return key_algs[i].alg;
	return -1;
}

int
adm_mgmt_alg_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < COUNT(mgmt_algs); i++)
		if (strcasecmp(s, mgmt_algs[i].name) == 0)
			return mgmt_algs[i].alg;
	return -1;
}

int
adm_policy_parse(const char *s)
{
	size_t i;

	for (i = 1; s != NULL && i < COUNT(policies); i++)
		if (strcasecmp(s, policies[i]) == 0)
			return (int)i;
	return -1;
}

const char *
adm_alg_name(uint8_t alg)
{
	size_t i;

	for (i = 0; i < COUNT(key_algs); i++)
		if (key_algs[i].alg == alg)
			return key_algs[i].name;
	for (i = 0; i < COUNT(mgmt_algs); i++)
		if (mgmt_algs[i].alg == alg)
			return mgmt_algs[i].name;
	return "unknown";
}

const char *
adm_policy_name(uint8_t policy)
{
	return policy < COUNT(policies) ? policies[policy] : "unknown";
}

const char *
adm_slot_name(uint8_t slot)
{
	switch (slot) {
	case UIMKEY_SLOT_AUTH:     return "PIV authentication";
	case UIMKEY_SLOT_SIGN:     return "digital signature";
	case UIMKEY_SLOT_KEYMGMT:  return "key management";
	case UIMKEY_SLOT_CARDAUTH: return "card authentication";
	case UIMKEY_SLOT_ATTEST:   return "attestation";
	default:                       return "retired key management";
	}
}
