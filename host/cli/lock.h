/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock on the command line (lock.c, lock_p11.c and the
 * cmd_lock_*.c commands; docs/apdu.md, "Issuer lock").
 *
 * A token file is the token itself (the data of APPLY LOCK TOKEN) in PEM
 * with the label below, or those bytes as they are (--der).  Both are
 * read back.
 */
#ifndef UIMKEY_CLI_LOCK_H
#define UIMKEY_CLI_LOCK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

#define LOCK_TOKEN_LABEL  "UIMKEY LOCK TOKEN"
#define LOCK_KEY_ID_HEX   (2 * 32 + 1)       /* SHA-256 in hex, NUL */
#define LOCK_SIG_RAW      64                 /* P-256 r || s */

/* A decimal number of opt from min to max; -1 after a message. */
int lock_u32_arg(const char *s, const char *opt, uint32_t min, uint32_t max,
    uint32_t *v);
/* "lock" / "unlock" to UIMKEY_LOCK_ACTION_*, -1 otherwise. */
int lock_action_parse(const char *s);
const char *lock_action_name(uint8_t action);

/*
 * The issuer's EC P-256 public key from a file (SubjectPublicKeyInfo,
 * PEM "PUBLIC KEY" or DER) as the point 04 X Y.  0; -1 when the file
 * cannot be read (after a message); -2 when it holds no P-256 public
 * key (no message: the caller says where).
 */
int lock_pub_read(const char *path, uint8_t point[UIMKEY_LOCK_POINT_LEN]);
/* The key's name: SHA-256 of its SubjectPublicKeyInfo in hex, what
 * "openssl pkey -pubin -outform DER | sha256sum" prints. */
void lock_key_id(const uint8_t point[UIMKEY_LOCK_POINT_LEN],
    char hex[LOCK_KEY_ID_HEX]);

/* The card's lock state; UIMKEY_OK, else an error after a message that
 * starts with what. */
int lock_info_get(uimkey_dev_t *dev, const char *what,
    uimkey_piv_lock_info_t *info);
/* The state in words, one line ("LOCKED BY ISSUER, counter 5", ...). */
void lock_state_text(const uimkey_piv_lock_info_t *info, char *out,
    size_t cap);
/* The state as JSON members: "issuer_key": ..., "locked": ...,
 * "counter": ..., "issuer_key_sha256": ... (no braces). */
void lock_state_json(FILE *f, const uimkey_piv_lock_info_t *info);

/*
 * Sign a token's hash with an EC P-256 key on a PKCS#11 token named by
 * an RFC 7512 URI (lock_p11.c):
 *   pkcs11:token=L;serial=S;object=O;id=%01?module-path=/m.so
 *       &pin-source=file:/p
 * CKM_ECDSA over the hash; der gets the signature as DER (at least
 * UIMKEY_LOCK_SIG_MAX bytes).  The token's PIN comes from pin-source,
 * else pin_file, else the terminal.  0, or -1 after a message; -2 when
 * the URI itself is wrong (a usage error).
 */
int lock_p11_sign(const char *uri, const char *pin_file,
    const uint8_t hash[32], uint8_t *der, size_t cap, size_t *der_len);

#endif
