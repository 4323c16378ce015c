/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Pieces the lock commands share: numbers and actions on the command
 * line, the issuer's public key from a file and its name, the card's
 * lock state in words and in JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_hash.h>

#include "codec/x509.h"
#include "lock.h"

#define SPKI_P256_MAX  128

int
lock_u32_arg(const char *s, const char *opt, uint32_t min, uint32_t max,
    uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (s == NULL) {
		cli_err("%s N is required", opt);
		return -1;
	}
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || n < min ||
	    n > max) {
		cli_err("%s '%s': expected a whole number from %lu to %lu", opt, s,
		    (unsigned long)min, (unsigned long)max);
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

int
lock_action_parse(const char *s)
{
	if (s != NULL && strcmp(s, "lock") == 0)
		return UIMKEY_LOCK_ACTION_LOCK;
	if (s != NULL && strcmp(s, "unlock") == 0)
		return UIMKEY_LOCK_ACTION_UNLOCK;
	return -1;
}

const char *
lock_action_name(uint8_t action)
{
	return action == UIMKEY_LOCK_ACTION_LOCK ? "lock" :
	    action == UIMKEY_LOCK_ACTION_UNLOCK ? "unlock" : "?";
}

int
lock_pub_read(const char *path, uint8_t point[UIMKEY_LOCK_POINT_LEN])
{
	uimkey_piv_pubkey_t pk;
	uint8_t *der = NULL;
	size_t len;
	int r = -2;

	if (cli_object_read(path, "PUBLIC KEY", &der, &len) != 0)
		return -1;
	if (uimkey_piv_spki_parse(der, len, &pk) == UIMKEY_OK &&
	    pk.alg == UIMKEY_ALG_ECCP256 && pk.point != NULL &&
	    pk.point_len == UIMKEY_LOCK_POINT_LEN) {
		memcpy(point, pk.point, UIMKEY_LOCK_POINT_LEN);
		r = 0;
	}
	free(der);
	return r;
}

void
lock_key_id(const uint8_t point[UIMKEY_LOCK_POINT_LEN],
    char hex[LOCK_KEY_ID_HEX])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t spki[SPKI_P256_MAX], h[br_sha256_SIZE];
	br_sha256_context c;
	size_t len, i;

	len = uk_x509_spki_ec(UIMKEY_ALG_ECCP256, point,
	    UIMKEY_LOCK_POINT_LEN, spki, sizeof(spki));
	br_sha256_init(&c);
	br_sha256_update(&c, spki, len);
	br_sha256_out(&c, h);
	for (i = 0; i < sizeof(h); i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[2 * sizeof(h)] = '\0';
}

int
lock_info_get(uimkey_dev_t *dev, const char *what,
    uimkey_piv_lock_info_t *info)
{
	int r = uimkey_piv_lock_info(dev, info);

	if (r == UIMKEY_ERR_UNSUPPORTED)
		cli_err("%s: this card has no issuer lock (it is not a uimkey "
		    "card)", what);
	else if (r != UIMKEY_OK)
		cli_fail(what, r);
	return r;
}

void
lock_state_text(const uimkey_piv_lock_info_t *info, char *out, size_t cap)
{
	if (!info->installed)
		snprintf(out, cap, "no issuer key installed: the issuer cannot "
		    "lock this card");
	else if (info->locked)
		snprintf(out, cap, "LOCKED BY ISSUER, counter %lu",
		    (unsigned long)info->counter);
	else
		snprintf(out, cap, "not locked, counter %lu, issuer key "
		    "installed", (unsigned long)info->counter);
}

void
lock_state_json(FILE *f, const uimkey_piv_lock_info_t *info)
{
	char id[LOCK_KEY_ID_HEX];

	fprintf(f, "\"issuer_key\": %s, \"locked\": %s",
	    info->installed ? "true" : "false", info->locked ? "true" : "false");
	if (!info->installed)
		return;
	lock_key_id(info->issuer, id);
	fprintf(f, ", \"counter\": %lu, \"issuer_key_sha256\": \"%s\"",
	    (unsigned long)info->counter, id);
}
