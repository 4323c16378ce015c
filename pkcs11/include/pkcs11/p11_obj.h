/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Objects.  The card's keys and certificates are read once per card
 * insertion into a cache (struct p11_cache) and served from it; the
 * module's own changes (key generation, certificate writes, deletions)
 * update it.  Every populated key slot gives a private key, a public key
 * and, where present, its certificate; a key generated on the card also
 * gives its attestation certificate (made by the card on first use).
 *
 * CKA_ID numbers the slots as ykcs11 does: 9A=1, 9C=2, 9D=3, 9E=4,
 * retired 82..95 = 5..24, F9 (attestation) = 25.  Labels are ykcs11's.
 * An attestation certificate has an id of its own, {25, n} for the key
 * of id n ("F9's attestation of key n"): a key's id then names exactly
 * one certificate, the slot's own, which is what applications that pair
 * keys and certificates by CKA_ID (Java, gnupg-pkcs11-scd) expect.  It
 * shows only while the slot has no certificate: each public key is in
 * at most one certificate object (p11_obj_exists).
 *
 * A token object's handle encodes its slot, its kind and its key index,
 * so handles stay the same while the card stays in; session objects
 * (p11_sobj.h) have handles of their own.
 *
 * One more token object, a CKO_PROFILE of CKP_PUBLIC_CERTIFICATES_TOKEN,
 * says that certificates need no login: NSS (3.48 and later) then lists
 * them without asking for the PIN, as it does for a slot flagged
 * PublicCerts in its database.
 */
#ifndef P11_OBJ_H
#define P11_OBJ_H

#include <stddef.h>
#include <stdint.h>

#include "pkcs11/p11.h"

/* Key slots: 9A 9C 9D 9E 82..95 F9. */
#define P11_KEYS        UIMKEY_SLOT_COUNT
#define P11_KEY_ATTEST  24     /* index of F9 */
/* First byte of an attestation certificate's two-byte CKA_ID: F9's id. */
#define P11_ID_ATTEST   (P11_KEY_ATTEST + 1)

enum p11_kind {
	P11_PRIV = 1,           /* private key */
	P11_PUB = 2,            /* public key */
	P11_CERT = 3,           /* the slot's certificate object */
	P11_ATTEST = 4,         /* attestation of a key generated on the card */
	P11_SESSION = 5,        /* a session object (p11_sobj.h) */
	P11_PROFILE = 6         /* the token's profile (one, index 0) */
};

/* PKCS#11 v3.0 names that p11-kit's v2.40 header lacks. */
#ifndef CKO_PROFILE
#define CKO_PROFILE                     ((CK_OBJECT_CLASS)0x9)
#endif
#ifndef CKA_PROFILE_ID
#define CKA_PROFILE_ID                  ((CK_ATTRIBUTE_TYPE)0x601)
#endif
#ifndef CKP_PUBLIC_CERTIFICATES_TOKEN
#define CKP_PUBLIC_CERTIFICATES_TOKEN   ((CK_ULONG)0x4)
#endif

struct p11_key {
	uint8_t piv;            /* PIV key reference */
	uint8_t alg;            /* UIMKEY_ALG_*, 0: no key in the slot */
	uint8_t pin_policy;     /* resolved: never, once, always */
	uint8_t origin;         /* generated / imported, 0 unknown */
	size_t spki_len;
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	uimkey_piv_pubkey_t pk; /* points into spki */
	uint8_t *cert;          /* DER, NULL when none */
	size_t cert_len;
	uint8_t *attest;        /* DER, made on first use */
	size_t attest_len;
	int attest_tried;
};

struct p11_cache {
	struct p11_key keys[P11_KEYS];
	uint32_t loaded;        /* bit i: keys[i] read from the card */
	int no_meta;            /* the card has no GET METADATA */
	/* One object as the card gives it, on its way into a key (the
	 * slot's lock is held while it is used). */
	uint8_t scratch[UIMKEY_PIV_OBJ_MAX];
};

struct p11_sobj;

/* An object resolved from its handle. */
struct p11_obj {
	enum p11_kind kind;
	struct p11_slot *slot;
	struct p11_key *key;    /* token objects; session public keys */
	int idx;                /* key index; -1 for session objects */
	struct p11_sobj *sobj;  /* P11_SESSION */
};

struct p11_session;

/* Key index <-> PIV reference and CKA_ID. */
uint8_t p11_key_piv(int idx);
/* PIV role: 1 when the slot is for decryption / key agreement. */
int p11_key_decipher_role(int idx);

CK_OBJECT_HANDLE p11_obj_handle(CK_SLOT_ID slot, enum p11_kind kind,
    int idx);

/* The slot's lock held.  The slot's cache with every key slot read from
 * the card (those not read yet are read now). */
CK_RV p11_cache_get(struct p11_slot *s, struct p11_cache **cp);
/* The slot's lock held.  The same with at least the key slots of mask
 * (bit i: index i) read: a search for one CKA_ID reads that slot alone. */
CK_RV p11_cache_get_some(struct p11_slot *s, uint32_t mask,
    struct p11_cache **cp);
#define P11_ALL_KEYS  ((uint32_t)((1ul << P11_KEYS) - 1))
void p11_cache_free(struct p11_cache **cp);
/* Set a key's public key from its SubjectPublicKeyInfo. */
int p11_key_set_spki(struct p11_key *k, const uint8_t *spki, size_t len);
/* Replace a key's certificate (NULL, 0: none). */
int p11_key_set_cert(struct p11_key *k, const uint8_t *der, size_t len);
/* The default PIN policy of a slot. */
uint8_t p11_key_default_policy(int idx);

/* Whether an object exists and the session may see it. */
int p11_obj_exists(const struct p11_obj *o);
int p11_obj_visible(const struct p11_session *s, const struct p11_obj *o);
/* Resolve a handle on the session's slot; CKR_OBJECT_HANDLE_INVALID
 * when it names nothing the session may see. */
CK_RV p11_obj_find(struct p11_session *s, CK_OBJECT_HANDLE h,
    struct p11_obj *o);

/*
 * One attribute of an object.  *ptr and *len get its value (pointing
 * into the object or into scratch, which must hold P11_SCRATCH bytes).
 * CKR_ATTRIBUTE_TYPE_INVALID when the object has no such attribute,
 * CKR_ATTRIBUTE_SENSITIVE when it may not be revealed.
 */
#define P11_SCRATCH 128
CK_RV p11_attr(const struct p11_obj *o, CK_ATTRIBUTE_TYPE type,
    uint8_t *scratch, const uint8_t **ptr, size_t *len);
/* Make sure lazily made values (attestation certificates) are there. */
void p11_obj_fill(struct p11_obj *o);

/* Whether the object matches every attribute of the template. */
int p11_obj_match(const struct p11_obj *o, const CK_ATTRIBUTE *tmpl,
    CK_ULONG n);

/* Certificate fields (pointers into der): 0 on success. */
int p11_x509_fields(const uint8_t *der, size_t len,
    const uint8_t **serial, size_t *serial_len,
    const uint8_t **issuer, size_t *issuer_len,
    const uint8_t **subject, size_t *subject_len,
    const uint8_t **spki, size_t *spki_len);

#endif
