/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personalization profile (uimkey personalize --profile FILE): JSON
 * read with jsmn, every key known and every value of its type, or the
 * path of the bad field ("$.credentials.pin_retries") in the refusal.
 * Files named in it are relative to the profile's directory.
 *
 *   {
 *     "version": 1,
 *     "credentials": {
 *       "pin": "random" | {"value": "..."} | {"file": "..."},
 *       "puk": the same,
 *       "management_key": {"alg": "aes256", "key": the same (hex)},
 *       "pin_retries": 1..15, "puk_retries": 1..15,
 *       "kdf_iterations": 10000..10000000   (PBKDF2 cost of the new PIN
 *                                            and PUK; the card's own
 *                                            otherwise),
 *       "secrets_output": "FILE"        (new, mode 0600: random values)
 *     },
 *     "pin_policy": {"min_length": 6..8, "digits_only": bool,
 *                    "no_trivial": bool, "change_first": bool},
 *     "objects": {
 *       "chuid": {"fascn": HEX25, "guid": HEX16, "expiry": "YYYYMMDD"},
 *       "ccc": {"card_id": HEX21},
 *       "printed": {"name", "employee_affiliation", "expiration_date",
 *                   "agency_card_serial", "issuer_id",
 *                   "organization_affiliation1", "organization_affiliation2"}
 *     },
 *     "slots": {"9a": {"generate": "p256", "pin_policy": "once"}, ...},
 *     "attestation": {"ca_key": "FILE", "ca_cert": "FILE",
 *                     "validity_days": N},
 *     "issuer": {"public_key": "FILE", "counter": 0..4294967294}
 *   }
 * The issuer's public key (EC P-256, PEM or DER SubjectPublicKeyInfo) is
 * read while the profile is checked, so a bad one is named by its path.
 */
#ifndef UIMKEY_ADMIN_PROFILE_H
#define UIMKEY_ADMIN_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "admin/io.h"
#include "host/uimkey.h"

#define ADM_PROFILE_PATH_MAX   1024
#define ADM_PROFILE_SLOTS_MAX  24
#define ADM_PRINTED_FIELDS     7
/* The PIN-guess cost a profile may ask: below the floor a copy of the
 * store is guessed too fast to be worth the setting. */
#define ADM_KDF_ITERATIONS_MIN 10000L
#define ADM_KDF_ITERATIONS_MAX 10000000L

/* A secret: random, or its value (read from the profile or its file). */
struct adm_profile_secret {
	int random;
	struct adm_secret v;
};

struct adm_profile {
	struct adm_profile_secret pin, puk, mgmt;
	int mgmt_alg;
	int pin_retries, puk_retries;          /* 0: the card's */
	uint32_t kdf_iterations;               /* 0: the card's */
	char secrets_out[ADM_PROFILE_PATH_MAX];

	int has_policy, min_len, rules;        /* rules: -1 unchanged */

	int has_chuid, has_fascn, has_guid;
	uint8_t fascn[25], guid[16];
	char expiry[9];
	int has_ccc;
	uint8_t card_id[21];
	int has_printed;
	char printed[ADM_PRINTED_FIELDS][128];     /* tags 01 02 04 05 06 07 08 */

	struct {
		uint8_t slot, alg, policy;
	} gen[ADM_PROFILE_SLOTS_MAX];
	size_t ngen;

	int has_attest;
	char ca_key[ADM_PROFILE_PATH_MAX], ca_cert[ADM_PROFILE_PATH_MAX];
	long validity_days;                    /* 0: no expiry (9999) */

	int has_issuer;                        /* the issuer lock's key */
	char issuer_pub[ADM_PROFILE_PATH_MAX];
	uint8_t issuer_point[UIMKEY_LOCK_POINT_LEN];   /* 04 X Y */
	uint32_t issuer_counter;               /* start counter, default 0 */
};

/* Read and check the profile: 0, or -1 after a message naming the
 * file and the bad field. */
int adm_profile_load(const char *path, struct adm_profile *p);
void adm_profile_wipe(struct adm_profile *p);

/* The printed information fields: JSON name, tag, longest value. */
extern const struct adm_printed_field {
	const char *name;
	uint8_t tag;
	size_t max;
} adm_printed_fields[ADM_PRINTED_FIELDS];

#endif
