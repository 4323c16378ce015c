/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer lock's keys (lock_key.c, lock_p11.c; docs/apdu.md, "Issuer
 * lock").
 *
 * A token file is the token itself (the data of APPLY LOCK TOKEN) in PEM
 * with the label below, or those bytes as they are (--der).  Both are
 * read back.
 */
#ifndef UIMKEY_ADMIN_LOCK_H
#define UIMKEY_ADMIN_LOCK_H

#include <stddef.h>
#include <stdint.h>

#include "host/uimkey.h"

#define ADM_LOCK_TOKEN_LABEL  "UIMKEY LOCK TOKEN"
#define ADM_LOCK_KEY_ID_HEX   (2 * 32 + 1)       /* SHA-256 in hex, NUL */
#define ADM_LOCK_SIG_RAW      64                 /* P-256 r || s */

/*
 * The issuer's EC P-256 public key from a file (SubjectPublicKeyInfo,
 * PEM "PUBLIC KEY" or DER) as the point 04 X Y.  0; -1 when the file
 * cannot be read (after a message); -2 when it holds no P-256 public
 * key (no message: the caller says where).
 */
int adm_lock_pub_read(const char *path, uint8_t point[UIMKEY_LOCK_POINT_LEN]);
/* The key's name: SHA-256 of its SubjectPublicKeyInfo in hex, what
 * "openssl pkey -pubin -outform DER | sha256sum" prints. */
void adm_lock_key_id(const uint8_t point[UIMKEY_LOCK_POINT_LEN],
    char hex[ADM_LOCK_KEY_ID_HEX]);

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
int adm_lock_p11_sign(const char *uri, const char *pin_file,
    const uint8_t hash[32], uint8_t *der, size_t cap, size_t *der_len);

#endif
