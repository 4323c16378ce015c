/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey personalize: the factory step of X.1122 7.1.2, from a JSON
 * profile (admin/profile.h), as a run (perso_run.c, perso_card.c) and
 * its pieces (perso_objects.c, perso_f9.c).
 *
 * A card is personalized once.  "Factory state" is what only RESET gives
 * back: the factory management key (the card refuses to set a single-DES
 * key such as the factory one, so only RESET restores it) together with
 * the factory PIN and PUK.  A card in any other state is refused: reset
 * it first.  Personalization always replaces all three, the management
 * key last, so a card cut off half way still reads as not personalized
 * by its management key, and its secrets file tells what was set.
 *
 * Order: everything is read and checked first (profile, files, the CA key
 * against its certificate, the F9 certificate built and verified), then
 * the PIN-guess cost is set (kdf_iterations: before the PIN and PUK
 * it protects, and first, so that a card refusing it is left as it
 * was), random secrets are written to their new 0600 file, and only then
 * is the rest of the card changed: objects, attestation certificate,
 * keys, retry counts, PIN policy, PIN, PUK, management key, and then the
 * issuer key.
 *
 * The issuer key (the issuer lock) is installed once and survives RESET:
 * a card reset after an earlier personalization may hold it already.
 * The same key is then left as it is; another key is refused before the
 * card changes.  The card binds an issuer key only once its management
 * key is no longer the factory one (which anyone knows), so the issuer
 * key comes after the new management key, still authenticated (SET
 * MANAGEMENT KEY keeps the authentication).  Cut off in between, the
 * card is personalized without its issuer; the message says how to
 * finish (uimkey lock install).
 */
#ifndef UIMKEY_ADMIN_PERSO_H
#define UIMKEY_ADMIN_PERSO_H

#include <stddef.h>
#include <stdint.h>

#include "admin/crypto.h"
#include "admin/io.h"
#include "admin/profile.h"
#include "host/uimkey.h"

#define ADM_PERSO_F9_MAX 4096

/* adm_perso_done.objects and .random */
#define ADM_PERSO_CHUID    (1u << 0)
#define ADM_PERSO_CCC      (1u << 1)
#define ADM_PERSO_PRINTED  (1u << 2)
#define ADM_PERSO_PIN      (1u << 0)
#define ADM_PERSO_PUK      (1u << 1)
#define ADM_PERSO_MGMT     (1u << 2)

/* adm_perso_done.issuer */
#define ADM_PERSO_ISSUER_NONE       0
#define ADM_PERSO_ISSUER_INSTALLED  1
#define ADM_PERSO_ISSUER_KEPT       2   /* the card had the same key */

/* What a run did, filled in as it goes: after a failure, what was done
 * before it. */
struct adm_perso_done {
	uint32_t serial;                /* the card's */
	unsigned random;                /* ADM_PERSO_PIN, _PUK, _MGMT drawn */
	int secrets_written;            /* ... and written to secrets_out */
	unsigned objects;               /* ADM_PERSO_CHUID, _CCC, _PRINTED */
	int attest;                     /* the F9 certificate replaced */
	size_t keys;                    /* p.gen[0 .. keys) generated */
	int credentials;                /* PIN, PUK, management key set */
	int issuer;                     /* ADM_PERSO_ISSUER_* */
	uint32_t issuer_counter;        /* the card's lock counter */
};

/* A run: the profile, what was done, and the values it prepares. */
struct adm_perso {
	struct adm_profile p;
	const char *secrets_out;        /* random values' new file, or NULL */
	struct adm_perso_done done;
	/* prepared before the card changes */
	struct adm_skey ca_key;
	uint8_t *ca_cert;
	size_t ca_len;
	uint8_t mgmt[UIMKEY_MGMT_KEY_MAX];
	size_t mgmt_len;
	uint8_t f9[ADM_PERSO_F9_MAX];
	size_t f9_len;
};

/* A run, zeroed; NULL when out of memory.  adm_perso_free wipes it. */
struct adm_perso *adm_perso_new(void);
void adm_perso_free(struct adm_perso **ps);

/*
 * Before any card: read and check the profile, decide where random
 * values go (secrets_out, else the profile's "secrets_output"; a new
 * file), draw them, read the CA's key and certificate and check that
 * they belong together.  secrets_out must outlive the run.  0, or -1
 * after a message (a usage error of the command).
 */
int adm_perso_prepare(struct adm_perso *ps, const char *profile,
    const char *secrets_out);

/*
 * Personalize the card in the order above.  Nothing changes on the card
 * unless it is in its factory state, takes the profile's issuer key (if
 * any), and the F9 certificate could be built.  0; -1 after a message;
 * -2 after a message when the management key could not even be tried
 * (adm_mgmt_auth).
 */
int adm_perso_card(struct adm_perso *ps, uimkey_dev_t *dev);

/* Values (contents of 53) of the PIV objects of the profile; the length,
 * 0 when it does not fit. */
size_t adm_perso_chuid(const struct adm_profile *p, uint32_t serial, uint8_t *out,
    size_t cap);
size_t adm_perso_ccc(const struct adm_profile *p, uint8_t *out, size_t cap);
size_t adm_perso_printed(const struct adm_profile *p, uint8_t *out, size_t cap);

/*
 * The manufacturer CA's certificate for the card's attestation key: the
 * subject of the card's current F9 certificate, the F9 public key, issued
 * by the CA certificate ca_cert with the CA's key; a CA itself
 * (basicConstraints cA, keyUsage keyCertSign), since it signs the
 * attestations.  0, or -1 after a message.
 */
int adm_perso_f9_cert(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len, const uint8_t *f9_cert, size_t f9_len,
    const uint8_t *f9_spki, size_t f9_spki_len, long validity_days,
    uint8_t *out, size_t cap, size_t *len);

/* 1 when the CA key is the key of the CA certificate (a test signature
 * checked with the certificate's public key). */
int adm_perso_ca_matches(const struct adm_skey *ca_key, const uint8_t *ca_cert,
    size_t ca_len);

/* A random PIN or PUK of 8 digits, never a trivial one. */
int adm_perso_random_pin(struct adm_secret *s);

#endif
