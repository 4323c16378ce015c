/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libuimkey's PIV client: PIN, PUK and management key, key slots,
 * signatures, key agreement, attestation, data objects and certificates,
 * card administration.  Everything works on an open uimkey_dev_t (see
 * host/uimkey.h) and speaks the PIV card edge (NIST SP 800-73-4) with the
 * Yubico-compatible extensions, so it serves any such card, not only
 * uimkey.
 *
 * Rules every function keeps:
 * - It returns UIMKEY_OK or one negative UIMKEY_ERR_ code; a status word
 *   of the card comes back as its UIMKEY_ERR_SW_ code (uimkey_sw_err()).
 * - Arguments are checked before anything is sent: a bad one is
 *   UIMKEY_ERR_ARG and no APDU goes to the card.
 * - A command of several APDUs (management key authentication, command
 *   chaining) runs inside one PC/SC transaction.
 * - Only short APDUs are sent; data longer than 255 bytes goes in
 *   255-byte parts with command chaining (CLA 10), so any reader works.
 * - PINs, PUKs, management keys, private keys to import and shared
 *   secrets are wiped from every buffer of the library once sent or read.
 * - An answer that does not have the shape the command promises is
 *   UIMKEY_ERR_BAD_RSP.
 */
#ifndef UIMKEY_PIV_H
#define UIMKEY_PIV_H

#include <stddef.h>
#include <stdint.h>

#include "card/piv_rules.h"
#include "card/wire.h"
#include "host/uimkey_api.h"

/* host/uimkey.h includes this header after its own typedef; alone, the
 * header declares the device type itself. */
#ifndef UIMKEY_H
typedef struct uimkey_dev uimkey_dev_t;
#endif

/* Key references, PIN and management-key sizes are the PIV rules of
 * card/piv_rules.h (UIMKEY_REF_*, UIMKEY_SLOT_*, UIMKEY_PIN_*,
 * UIMKEY_MGMT_KEY_MAX); algorithms, policies and origins are
 * card/wire.h's UIMKEY_ALG_*, UIMKEY_PIN_POLICY_*, UIMKEY_TOUCH_POLICY_*,
 * UIMKEY_ORIGIN_*.  The UIMKEY_PIV_ names below are the same numbers under
 * the names earlier versions of this header gave them. */
#define UIMKEY_PIV_REF_PIN        UIMKEY_REF_PIN
#define UIMKEY_PIV_REF_PUK        UIMKEY_REF_PUK
#define UIMKEY_PIV_SLOT_AUTH      UIMKEY_SLOT_AUTH
#define UIMKEY_PIV_SLOT_MGMT      UIMKEY_SLOT_MGMT
#define UIMKEY_PIV_SLOT_SIGN      UIMKEY_SLOT_SIGN
#define UIMKEY_PIV_SLOT_KEYMGMT   UIMKEY_SLOT_KEYMGMT
#define UIMKEY_PIV_SLOT_CARDAUTH  UIMKEY_SLOT_CARDAUTH
#define UIMKEY_PIV_SLOT_RETIRED1  UIMKEY_SLOT_RETIRED1
#define UIMKEY_PIV_SLOT_RETIRED20 UIMKEY_SLOT_RETIRED20
#define UIMKEY_PIV_SLOT_ATTEST    UIMKEY_SLOT_ATTEST
#define UIMKEY_PIV_PIN_MIN        UIMKEY_PIN_MIN
#define UIMKEY_PIV_PIN_MAX        UIMKEY_PIN_LEN
#define UIMKEY_PIV_MGMT_KEY_MAX   UIMKEY_MGMT_KEY_MAX

/* The most PBKDF2 iterations uimkey_piv_set_kdf_iterations() asks. */
#define UIMKEY_PIV_KDF_ITERATIONS_MAX 10000000u

/* PIN rules of uimkey's SET PIN POLICY (uimkey_piv_set_pin_policy()). */
#define UIMKEY_PIV_PIN_RULE_DIGITS       0x01  /* digits only */
#define UIMKEY_PIV_PIN_RULE_NO_TRIVIAL   0x02  /* no 123456, 111111, ... */
#define UIMKEY_PIV_PIN_RULE_CHANGE_FIRST 0x04  /* change before first use */

/* Largest data object value (contents of 53) the library writes or reads. */
#define UIMKEY_PIV_OBJ_MAX        3072
/* Largest certificate in a certificate object (70 {cert} 71 01 00 FE 00). */
#define UIMKEY_PIV_CERT_MAX       (UIMKEY_PIV_OBJ_MAX - 4 - 3 - 2)
/* Largest SubjectPublicKeyInfo (RSA 4096). */
#define UIMKEY_PIV_SPKI_MAX       560
/* Largest output of uimkey_piv_sign() (RSA 4096) and of uimkey_piv_ecdh(). */
#define UIMKEY_PIV_SIG_MAX        512
#define UIMKEY_PIV_ECDH_MAX       48
/* Longest hash uimkey_piv_sign() takes for ECDSA. */
#define UIMKEY_PIV_HASH_MAX       64

/* The first object tags (data objects are named by 1 to 3 bytes). */
#define UIMKEY_PIV_OBJ_DISCOVERY  0x7Eu
#define UIMKEY_PIV_OBJ_CHUID      0x5FC102u
#define UIMKEY_PIV_OBJ_CCC        0x5FC107u
#define UIMKEY_PIV_OBJ_KEY_HIST   0x5FC10Cu
#define UIMKEY_PIV_OBJ_PRINTED    0x5FC109u
#define UIMKEY_PIV_OBJ_ADMIN      0x5FFF00u

/*
 * GET METADATA of the PIN, the PUK, the management key or a key slot.
 * Fields the card did not give are -1 (ints) or 0 (bytes).
 */
typedef struct {
	uint8_t alg;            /* UIMKEY_ALG_*; UIMKEY_ALG_PIN for PIN, PUK */
	uint8_t pin_policy;     /* resolved: 1 never, 2 once, 3 always */
	uint8_t touch_policy;
	uint8_t origin;         /* UIMKEY_ORIGIN_GENERATED / _IMPORTED */
	int is_default;         /* PIN, PUK, 9B: 1 while the factory value */
	int tries_total;        /* PIN, PUK */
	int tries_left;
	int must_change;        /* PIN on uimkey: 1 until changed */
	size_t spki_len;        /* keys: the public key, 0 otherwise */
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];   /* as SubjectPublicKeyInfo DER */
} uimkey_piv_meta_t;

/* An RSA private key to import: unsigned big-endian CRT elements. */
typedef struct {
	const uint8_t *p, *q, *dp, *dq, *qinv;
	size_t p_len, q_len, dp_len, dq_len, qinv_len;
} uimkey_piv_rsa_key_t;

/* A SubjectPublicKeyInfo taken apart (pointers into it). */
typedef struct {
	uint8_t alg;                    /* UIMKEY_ALG_ECCP256/384, RSA... */
	const uint8_t *point;           /* EC: 04 X Y */
	size_t point_len;
	const uint8_t *n, *e;           /* RSA: no leading zero */
	size_t n_len, e_len;
} uimkey_piv_pubkey_t;

/*
 * PIN and PUK.  tries_left (may be NULL) is set to the tries the card
 * says are left on UIMKEY_ERR_SW_WRONG_PIN, to 0 on
 * UIMKEY_ERR_SW_BLOCKED, and to -1 when the card said nothing.
 * A right PIN that the card wants changed before use gives
 * UIMKEY_ERR_PIN_MUST_CHANGE; a new PIN the card's policy refuses gives
 * UIMKEY_ERR_PIN_POLICY (no try is spent).
 */
UIMKEY_API int uimkey_piv_verify_pin(uimkey_dev_t *dev, const char *pin,
    int *tries_left);
/* VERIFY without data: costs no try.  *verified 1 or 0; *tries_left as
 * the card says when not verified (0: blocked), else -1. */
UIMKEY_API int uimkey_piv_pin_status(uimkey_dev_t *dev, int *verified,
    int *tries_left);
/* Forget the PIN verification (VERIFY P1 FF). */
UIMKEY_API int uimkey_piv_logout(uimkey_dev_t *dev);
UIMKEY_API int uimkey_piv_change_pin(uimkey_dev_t *dev, const char *old_pin,
    const char *new_pin, int *tries_left);
UIMKEY_API int uimkey_piv_change_puk(uimkey_dev_t *dev, const char *old_puk,
    const char *new_puk, int *tries_left);
/* RESET RETRY COUNTER: *tries_left counts PUK tries. */
UIMKEY_API int uimkey_piv_unblock_pin(uimkey_dev_t *dev, const char *puk,
    const char *new_pin, int *tries_left);

/*
 * Management key.  Mutual authentication: the card proves it knows the
 * key too, and a card that answers our challenge wrongly is
 * UIMKEY_ERR_BAD_RSP (it is not the card it claims to be).  alg 0 takes
 * the algorithm from GET METADATA 9B, 3DES when the card has no metadata.
 */
UIMKEY_API int uimkey_piv_auth_mgmt(uimkey_dev_t *dev, uint8_t alg,
    const uint8_t *key, size_t key_len);
/* Needs the management key authenticated.  3DES keys that are single DES
 * in disguise (K1 = K2 or K2 = K3, parity ignored) are UIMKEY_ERR_ARG. */
UIMKEY_API int uimkey_piv_set_mgmt_key(uimkey_dev_t *dev, uint8_t alg,
    const uint8_t *key, size_t key_len);

/* GET METADATA of 80, 81, 9B, a key slot or F9.  An empty slot is
 * UIMKEY_ERR_SW_NO_REF; a card without metadata UIMKEY_ERR_SW_INS.  The
 * public key of an algorithm this library does not know is left out
 * (spki_len 0). */
UIMKEY_API int uimkey_piv_get_metadata(uimkey_dev_t *dev, uint8_t ref,
    uimkey_piv_meta_t *meta);

/*
 * Keys.  Policies are Yubico's values, 0 meaning the slot's default.
 * Generate, import, move and delete need the management key
 * authenticated (UIMKEY_ERR_SW_SECURITY otherwise).
 */
/* spki gets the new public key (spki_cap at least UIMKEY_PIV_SPKI_MAX,
 * checked before the key is made); spki and spki_len may be NULL. */
UIMKEY_API int uimkey_piv_generate(uimkey_dev_t *dev, uint8_t slot,
    uint8_t alg, uint8_t pin_policy, uint8_t touch_policy, uint8_t *spki,
    size_t spki_cap, size_t *spki_len);
/* d: 1 to 32 (P-256) or 48 (P-384) bytes, big endian. */
UIMKEY_API int uimkey_piv_import_ec(uimkey_dev_t *dev, uint8_t slot,
    uint8_t alg, const uint8_t *d, size_t d_len, uint8_t pin_policy,
    uint8_t touch_policy);
/* Each element at most half the modulus of alg long (leading zeros
 * dropped). */
UIMKEY_API int uimkey_piv_import_rsa(uimkey_dev_t *dev, uint8_t slot,
    uint8_t alg, const uimkey_piv_rsa_key_t *key, uint8_t pin_policy,
    uint8_t touch_policy);
/* The destination must be empty (UIMKEY_ERR_SW_CONDITIONS otherwise). */
UIMKEY_API int uimkey_piv_move_key(uimkey_dev_t *dev, uint8_t from,
    uint8_t to);
UIMKEY_API int uimkey_piv_delete_key(uimkey_dev_t *dev, uint8_t slot);

/*
 * Private key operations (GENERAL AUTHENTICATE).  alg 0 takes the slot's
 * algorithm from GET METADATA.  A key whose PIN policy is not met is
 * UIMKEY_ERR_SW_SECURITY.  A key of PIN policy "always" works only as the
 * command right after uimkey_piv_verify_pin(): give alg (alg 0 sends GET
 * METADATA first, which uses the VERIFY up) and send nothing in between.
 * - EC: in is a hash (1 to UIMKEY_PIV_HASH_MAX bytes; the card uses its
 *   leftmost bits); out gets the ECDSA signature, DER SEQUENCE { r, s }.
 * - RSA: in is exactly one modulus long and below it; out gets in^d mod n,
 *   the raw private operation that serves signing and deciphering (the
 *   caller pads and unpads).
 * out_cap must hold the largest result of alg (72 / 104 bytes for
 * ECDSA P-256 / P-384, the modulus for RSA): UIMKEY_ERR_ARG otherwise,
 * so a refused call never spends an ALWAYS-policy PIN verification.
 */
UIMKEY_API int uimkey_piv_sign(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uint8_t *in, size_t in_len, uint8_t *out, size_t out_cap,
    size_t *out_len);
/* ECDH: peer is an uncompressed point (04 X Y) on the slot's curve;
 * secret gets the X coordinate of the shared point. */
UIMKEY_API int uimkey_piv_ecdh(uimkey_dev_t *dev, uint8_t slot, uint8_t alg,
    const uint8_t *peer, size_t peer_len, uint8_t *secret,
    size_t secret_cap, size_t *secret_len);

/*
 * The same for an EC key (alg given, 9A..95), in one APDU sent without a
 * PC/SC transaction (uimkey_dev_transmit_once()): ecdh 0 signs, 1 agrees.
 * Any error, whatever it says, may come from another program's use of
 * the card in between: then do it again with uimkey_piv_sign() or
 * uimkey_piv_ecdh().  Not for keys of PIN policy always (their VERIFY
 * and this must not be parted).  Beware: through pcscd 1.9.9 an APDU sent
 * without a transaction was seen landing between the parts of another
 * program's chained command, breaking it; the PKCS#11 module therefore
 * does not use this call.
 */
UIMKEY_API int uimkey_piv_ec_once(uimkey_dev_t *dev, uint8_t slot,
    uint8_t alg, int ecdh, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t out_cap, size_t *out_len);

/* len random bytes from the card's generator (GET CHALLENGE). */
UIMKEY_API int uimkey_piv_random(uimkey_dev_t *dev, uint8_t *buf, size_t len);

/* ATTEST: the DER certificate proving the slot's key was generated on
 * the card, signed by the key of F9. */
UIMKEY_API int uimkey_piv_attest(uimkey_dev_t *dev, uint8_t slot,
    uint8_t *cert, size_t cert_cap, size_t *cert_len);

/*
 * Data objects: the value inside 53 (inside 7E for Discovery, 7F61 for
 * the BIT group template).  An absent object is UIMKEY_ERR_SW_NOT_FOUND.
 * PUT DATA needs the management key; an empty value deletes the object.
 */
UIMKEY_API int uimkey_piv_get_data(uimkey_dev_t *dev, uint32_t tag,
    uint8_t *out, size_t out_cap, size_t *out_len);
UIMKEY_API int uimkey_piv_put_data(uimkey_dev_t *dev, uint32_t tag,
    const uint8_t *data, size_t len);

/*
 * The certificate of a key slot (or F9), as DER.  The object is PIV's
 * 70 {cert} 71 {info} FE {}; a compressed certificate (info bit 01) is
 * UIMKEY_ERR_UNSUPPORTED.  Writing and deleting need the management key.
 */
UIMKEY_API int uimkey_piv_read_cert(uimkey_dev_t *dev, uint8_t slot,
    uint8_t *der, size_t der_cap, size_t *der_len);
UIMKEY_API int uimkey_piv_write_cert(uimkey_dev_t *dev, uint8_t slot,
    const uint8_t *der, size_t der_len);
UIMKEY_API int uimkey_piv_delete_cert(uimkey_dev_t *dev, uint8_t slot);
/* The object tag of a slot's certificate (5FC105 for 9A, ...), 0 when
 * the slot has none. */
UIMKEY_API uint32_t uimkey_piv_cert_tag(uint8_t slot);

/*
 * Administration.
 * - reset: only when both PIN and PUK are blocked
 *   (UIMKEY_ERR_SW_CONDITIONS otherwise); back to the factory state.
 * - set_retries: 1 to 15 each; needs the management key and the PIN; the
 *   PIN and PUK go back to their factory values.
 * - set_pin_policy (uimkey's own INS 55): min_len 6 to 8, or 0 to leave
 *   it; rules a mask of UIMKEY_PIV_PIN_RULE_*, or -1 to leave them.
 *   Needs the management key.
 * - set_kdf_iterations (uimkey's INS 55, tag 03): the PBKDF2 iterations
 *   that the PIN and PUK set after it cost a guess in a copy of the
 *   card's store; UIMKEY_PIV_KDF_ITERATIONS_MAX at most, and the card
 *   refuses fewer than its own minimum (UIMKEY_ERR_SW_DATA).
 *   Needs the management key.
 */
UIMKEY_API int uimkey_piv_reset(uimkey_dev_t *dev);
UIMKEY_API int uimkey_piv_set_retries(uimkey_dev_t *dev, uint8_t pin_tries,
    uint8_t puk_tries);
UIMKEY_API int uimkey_piv_set_pin_policy(uimkey_dev_t *dev, uint8_t min_len,
    int rules);
UIMKEY_API int uimkey_piv_set_kdf_iterations(uimkey_dev_t *dev,
    uint32_t iterations);

/*
 * Public keys.
 * - pub_to_spki: the 7F49 contents (86 point, or 81 n 82 e) of a key of
 *   alg as a SubjectPublicKeyInfo; UIMKEY_ERR_BAD_RSP when they are not
 *   a key of alg, UIMKEY_ERR_RSP_TOO_LONG when spki_cap is too small.
 * - spki_parse: a SubjectPublicKeyInfo taken apart (pk points into it);
 *   UIMKEY_ERR_ARG when it is malformed, UIMKEY_ERR_UNSUPPORTED for
 *   other key types and curves; pk->alg is 0 for an RSA size PIV has
 *   no algorithm for.
 */
UIMKEY_API int uimkey_piv_pub_to_spki(uint8_t alg, const uint8_t *tlvs,
    size_t len, uint8_t *spki, size_t spki_cap, size_t *spki_len);
UIMKEY_API int uimkey_piv_spki_parse(const uint8_t *spki, size_t len,
    uimkey_piv_pubkey_t *pk);

/*
 * Issuer lock (uimkey's own; docs/apdu.md, "Issuer lock").  A card bound
 * to an issuer's EC P-256 key obeys the lock and unlock tokens that key
 * signs, whoever delivers them, each only with a counter above the last
 * one applied.  A locked card refuses its keys, its PIN and every change
 * with UIMKEY_ERR_SW_LOCKED; it still identifies itself and answers
 * GET DATA and GET METADATA.  A token is the APDU's data:
 *   01 04 serial  02 01 action  03 04 counter  04 L signature
 * the signature being ECDSA P-256, DER, over SHA-256 of the message
 * uimkey_lock_token_build() gives (UIMKEY_LOCK_DOMAIN, serial, action,
 * counter).  Actions: UIMKEY_LOCK_ACTION_LOCK / _UNLOCK (card/wire.h).
 */
/* Longest token: its TLV headers and the longest DER signature. */
#define UIMKEY_LOCK_TOKEN_MAX  (6 + 3 + 6 + 2 + UIMKEY_LOCK_SIG_MAX)

typedef struct {
	int installed;          /* an issuer key is on the card */
	int locked;             /* the issuer's lock holds */
	uint32_t counter;       /* last counter applied (or the initial one) */
	uint8_t issuer[UIMKEY_LOCK_POINT_LEN];  /* 04 X Y; zeros if none */
} uimkey_piv_lock_info_t;

/* Bind the card to its issuer, once (UIMKEY_ERR_LOCK_ISSUER_SET after):
 * point is the issuer's P-256 public key, 04 X Y (65 bytes; one not on
 * the curve is UIMKEY_ERR_SW_DATA); counter the start value (tokens must
 * exceed it; 0xFFFFFFFF is UIMKEY_ERR_ARG).  Needs the management key
 * authenticated, and not the factory one (UIMKEY_ERR_LOCK_DEFAULT_MGMT):
 * set the card's own management key first. */
UIMKEY_API int uimkey_piv_install_issuer_key(uimkey_dev_t *dev,
    const uint8_t *point, uint32_t counter);
/* Deliver a token (no PIN, no management key).  Refusals:
 * UIMKEY_ERR_LOCK_NO_ISSUER, _OTHER_CARD, _BAD_SIG, _STALE (replayed or
 * older than the last applied), UIMKEY_ERR_SW_DATA (malformed). */
UIMKEY_API int uimkey_piv_apply_lock_token(uimkey_dev_t *dev,
    const uint8_t *token, size_t len);
/* The lock state (GET METADATA 5A); answers on a locked card.  A card
 * without the issuer lock (not a uimkey) is UIMKEY_ERR_UNSUPPORTED. */
UIMKEY_API int uimkey_piv_lock_info(uimkey_dev_t *dev,
    uimkey_piv_lock_info_t *info);
/* The same, in parts; any pointer may be NULL. */
UIMKEY_API int uimkey_piv_lock_status(uimkey_dev_t *dev, int *installed,
    int *locked, uint32_t *counter);

/* The issuer's side, no card needed.  build: the message to sign
 * (UIMKEY_LOCK_MSG_LEN bytes; sign its SHA-256, e.g. CKM_ECDSA_SHA256
 * over it); hash: that SHA-256 (32 bytes, for signers that take a hash,
 * e.g. CKM_ECDSA, whose raw r||s BearSSL's br_ecdsa_raw_to_asn1() turns
 * into DER).  encode: the token from the DER signature (a strict DER
 * P-256 ECDSA-Sig-Value, else UIMKEY_ERR_ARG), into out (at least
 * UIMKEY_LOCK_TOKEN_MAX is enough); the signature is put in low-S form
 * (s <= n/2: (r, n - s) is its equally valid twin), the only one the card
 * accepts.
 * decode: the fields of a token, as strictly as the card reads them
 * (UIMKEY_ERR_ARG otherwise); any out pointer may be NULL. */
UIMKEY_API int uimkey_lock_token_build(uint32_t serial, uint8_t action,
    uint32_t counter, uint8_t *msg);
UIMKEY_API int uimkey_lock_token_hash(uint32_t serial, uint8_t action,
    uint32_t counter, uint8_t *hash);
UIMKEY_API int uimkey_lock_token_encode(uint32_t serial, uint8_t action,
    uint32_t counter, const uint8_t *der_sig, size_t sig_len, uint8_t *out,
    size_t out_cap, size_t *out_len);
UIMKEY_API int uimkey_lock_token_decode(const uint8_t *token, size_t len,
    uint32_t *serial, uint8_t *action, uint32_t *counter);

#endif
