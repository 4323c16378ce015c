/* SPDX-License-Identifier: BSD-2-Clause */
/* Names of PIV things as people write them (names.c): slots, algorithms,
 * PIN policies.  Parsers return -1 when a name is unknown. */
#ifndef UIMKEY_ADMIN_NAMES_H
#define UIMKEY_ADMIN_NAMES_H

#include <stdint.h>

/* "9a", "9A", "82".."95", and "f9" when allow_attest. */
int adm_slot_parse(const char *s, int allow_attest);
int adm_alg_parse(const char *s);             /* key algorithms */
int adm_mgmt_alg_parse(const char *s);        /* 3des, aes128, ... */
int adm_policy_parse(const char *s);          /* never, once, always */
const char *adm_alg_name(uint8_t alg);
const char *adm_policy_name(uint8_t policy);
const char *adm_slot_name(uint8_t slot);      /* "PIV authentication" */
/* Sizes of key algorithms are the PIV rules' (uimkey_alg_bits(), ...). */

#endif
