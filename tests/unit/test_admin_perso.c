/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personalization run of the admin library (host/admin/perso_run.c,
 * perso_card.c) against the card core in process, over the fake PC/SC
 * transport: a factory card personalized from a profile and checked
 * through libuimkey; and the refusals that must come before the card
 * changes (its store compared byte for byte): a card not in its factory
 * state, a CA key that is not its certificate's, a card bound to another
 * issuer key.  A card bound to the profile's own issuer key keeps it.
 * The profile's PIN-guess cost reaches the PIN and the PUK; a card whose
 * own minimum is higher refuses it before anything changes.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin/io.h"
#include "admin/lock.h"
#include "admin/perso.h"
#include "card/auth/auth_cred.h"
#include "tests/support/fake_io.h"
#include "tests/support/test_device.h"
#include "uk/store.h"
#include "tests/unit/x509_fixture.h"

#define PIN        "40817263"
#define MGMT_HEX   "00112233445566778899AABBCCDDEEFF"
#define ISSUER_CTR 5
#define KDF_ITER   10000       /* the profile's PIN-guess cost */

static char dir[] = "/tmp/uimkey-test-admin-perso-XXXXXX";
static char msgs[4096];
static int nmsg;

static ec_key other_key, issuer_a, issuer_b;

/* The card under test, a device open on it, and its store as it was. */
static struct fake_card *fc;
static uimkey_ctx_t *ctx;
static uimkey_dev_t *dev;
static uint8_t *store_before;
static unsigned long writes_before;

/* The admin library's messages, kept one a line. */
static void
keep(void *arg, int warning, const char *m)
{
	size_t n = strlen(msgs);

	(void)arg;
	nmsg++;
	snprintf(msgs + n, sizeof(msgs) - n, "%s%s\n",
	    warning ? "warning: " : "", m);
}

static void
msgs_clear(void)
{
	msgs[0] = '\0';
	nmsg = 0;
}

static void
path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static int
put_file(const char *name, const void *data, size_t len)
{
	char p[300];

	path_of(p, sizeof(p), name);
	return adm_write_file(p, data, len, 0);
}

static int
exists(const char *name)
{
	char p[300];

	path_of(p, sizeof(p), name);
	return access(p, F_OK) == 0;
}

/* The CA's key and certificate, another key, two issuer keys: files. */
static void
files_init(void)
{
	uint8_t der[BR_EC_KBUF_PRIV_MAX_SIZE + 128];
	size_t n;
	int ok;

	fixture_init();
	ec_key_make(&other_key);
	ec_key_make(&issuer_a);
	ec_key_make(&issuer_b);
	ok = mkdtemp(dir) != NULL && put_file("ca.crt", ca_cert, ca_len) == 0;
	n = br_encode_ec_raw_der(der, &ca_key.sk, &ca_key.pk);
	ok = ok && n > 0 && put_file("ca.key", der, n) == 0;
	n = br_encode_ec_raw_der(der, &other_key.sk, &other_key.pk);
	ok = ok && n > 0 && put_file("other.key", der, n) == 0;
	ok = ok && put_file("issuer_a.der", issuer_a.spki,
	    issuer_a.spki_len) == 0 && put_file("issuer_b.der", issuer_b.spki,
	    issuer_b.spki_len) == 0;
	explicit_bzero(der, sizeof(der));
	check(ok, "files: the CA, another key and two issuer keys written");
}

/*
 * profile.json: a given PIN, a random PUK into secrets, an AES-128
 * management key, retries, a PIN policy, CHUID and printed information,
 * a P-256 key in 9A, the F9 certificate from ca_key, and the issuer key
 * in the file issuer (none when NULL).
 */
static int
write_profile(const char *secrets, const char *ca_key_file,
    const char *issuer)
{
	char text[2048], iss[128] = "";

	if (issuer != NULL)
		snprintf(iss, sizeof(iss), ",\n \"issuer\": {\"public_key\": "
		    "\"%s\", \"counter\": %d}", issuer, ISSUER_CTR);
	snprintf(text, sizeof(text), "{\"version\": 1,\n"
	    " \"credentials\": {\"pin\": {\"value\": \"" PIN "\"}, "
	    "\"puk\": \"random\", \"management_key\": {\"alg\": \"aes128\", "
	    "\"key\": {\"value\": \"" MGMT_HEX "\"}}, \"pin_retries\": 4, "
	    "\"puk_retries\": 5, \"kdf_iterations\": %d, "
	    "\"secrets_output\": \"%s\"},\n"
	    " \"pin_policy\": {\"min_length\": 8, \"digits_only\": true},\n"
	    " \"objects\": {\"chuid\": {\"expiry\": \"20311130\"}, "
	    "\"printed\": {\"name\": \"Test Card\"}},\n"
	    " \"slots\": {\"9a\": {\"generate\": \"p256\"}},\n"
	    " \"attestation\": {\"ca_key\": \"%s\", \"ca_cert\": \"ca.crt\", "
	    "\"validity_days\": 365}%s}\n", KDF_ITER, secrets, ca_key_file,
	    iss);
	return put_file("profile.json", text, strlen(text));
}

/* A run prepared from profile.json; NULL after a check that failed. */
static struct adm_perso *
prepared(const char *secrets, const char *ca_key_file, const char *issuer)
{
	struct adm_perso *ps = adm_perso_new();
	char p[300];
	int ok;

	path_of(p, sizeof(p), "profile.json");
	msgs_clear();
	ok = ps != NULL && write_profile(secrets, ca_key_file, issuer) == 0 &&
	    adm_perso_prepare(ps, p, NULL) == 0 && nmsg == 0;
	check(ok, "the profile is prepared, without a message");
	if (!ok) {
		printf("# %s", msgs);
		adm_perso_free(&ps);
	}
	return ps;
}

/* A factory-fresh card, a device open on it. */
static void
card_open(uint8_t seed)
{
	if (fc == NULL && (fc = calloc(1, sizeof(*fc))) == NULL)
		abort();
	ram_memory_blank(&fc->memory, 1);
	check(fake_card_start(fc, seed, 0) == UIMKEY_CARD_OK &&
	    fake_io_open(&fc->io, &ctx, &dev) == UIMKEY_OK,
	    "a factory-fresh card, open");
}

static void
card_close(void)
{
	uimkey_dev_free(&dev);
	uimkey_ctx_free(&ctx);
}

static void
store_keep(void)
{
	memcpy(store_before, fc->memory.mem, UIMKEY_MEMORY_SIZE);
	writes_before = fc->memory.writes;
}

static int
store_same(void)
{
	return fc->memory.writes == writes_before &&
	    memcmp(store_before, fc->memory.mem, UIMKEY_MEMORY_SIZE) == 0;
}

/* The card bound to issuer key k with counter ctr, then RESET: in its
 * factory state again, but keeping the binding (which RESET never
 * undoes). */
static void
bind_and_reset(const ec_key *k, uint32_t ctr)
{
	static const uint8_t aes[16] = "uimkey perso k16";
	static const uint8_t factory[] = UIMKEY_DEFAULT_MGMT_KEY;
	int i, tries, ok;

	ok = uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, factory,
	    sizeof(factory)) == UIMKEY_OK && uimkey_piv_set_mgmt_key(dev,
	    UIMKEY_ALG_AES128, aes, sizeof(aes)) == UIMKEY_OK &&
	    uimkey_piv_install_issuer_key(dev, k->pk.q, ctr) == UIMKEY_OK;
	for (i = 0; i < 3; i++) {
		uimkey_piv_verify_pin(dev, "99999999", &tries);
		uimkey_piv_unblock_pin(dev, "99999999", "24681357", &tries);
	}
	check(ok && uimkey_piv_reset(dev) == UIMKEY_OK,
	    "a card bound to an issuer key, then reset");
}

/* The secrets file holds the card's PUK, and only that. */
static void
check_secrets(const struct adm_perso *ps, const char *name)
{
	char p[300], want[256], text[512];
	struct stat st;
	size_t n = 0;
	FILE *f;
	int tries;

	path_of(p, sizeof(p), name);
	if ((f = fopen(p, "r")) != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	snprintf(want, sizeof(want), "# uimkey personalization, card serial "
	    "%u: keep secret\nPUK=%s\n", (unsigned)ps->done.serial,
	    ps->p.puk.v.s);
	check(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	    strcmp(text, want) == 0,
	    "secrets: a 0600 file with the card's serial and the PUK only");
	check(uimkey_piv_change_puk(dev, ps->p.puk.v.s, ps->p.puk.v.s,
	    &tries) == UIMKEY_OK, "secrets: the card takes that PUK");
	explicit_bzero(text, sizeof(text));
	explicit_bzero(want, sizeof(want));
}

/* The objects and the F9 certificate are the run's. */
static void
check_objects(struct adm_perso *ps)
{
	uint8_t want[512], got[UIMKEY_PIV_CERT_MAX];
	uk_x509_parts parts;
	size_t wlen, len;

	wlen = adm_perso_chuid(&ps->p, ps->done.serial, want, sizeof(want));
	check(wlen > 0 && uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_CHUID, got,
	    sizeof(got), &len) == UIMKEY_OK && len == wlen &&
	    memcmp(got, want, len) == 0, "card: the profile's CHUID");
	wlen = adm_perso_printed(&ps->p, want, sizeof(want));
	check(wlen > 0 && uimkey_piv_get_data(dev, UIMKEY_PIV_OBJ_PRINTED, got,
	    sizeof(got), &len) == UIMKEY_OK && len == wlen &&
	    memcmp(got, want, len) == 0,
	    "card: the profile's printed information");
	check(uimkey_piv_read_cert(dev, UIMKEY_SLOT_ATTEST, got, sizeof(got),
	    &len) == UIMKEY_OK && len == ps->f9_len &&
	    memcmp(got, ps->f9, len) == 0 &&
	    uk_x509_cert_parts(got, len, &parts) == 0 &&
	    span_eq(&parts.issuer, ca_name, ca_name_len),
	    "card: the F9 certificate, issued by the manufacturer CA");
}

/* The iterations of the wrap at off in the card's credentials record
 * (white box: docs/apdu.md, "The credentials record"). */
static uint32_t
wrap_iterations(size_t off)
{
	uint8_t rec[UK_REC_CRED_MAX];
	const uint8_t *p = rec + off + UK_WRAP_OFF_ITER;
	size_t len = 0;

	if (uk_rec_read(&fc->card, UK_REC_CRED, rec, sizeof(rec), &len) !=
	    UK_OK || len != UK_CRED_LEN)
		return 0;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* What the card says after the full run. */
static void
check_card(struct adm_perso *ps)
{
	static const uint8_t factory[] = UIMKEY_DEFAULT_MGMT_KEY;
	uint8_t mgmt[16];
	uimkey_piv_lock_info_t li;
	uimkey_piv_meta_t m;
	int tries;

	check(uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN, &m) == UIMKEY_OK &&
	    m.tries_total == 4 && m.is_default == 0,
	    "card: the PIN is not the factory one; 4 tries");
	check(uimkey_piv_verify_pin(dev, PIN, &tries) == UIMKEY_OK,
	    "card: the profile's PIN verifies");
	check(wrap_iterations(UK_CRED_OFF_PIN) == KDF_ITER &&
	    wrap_iterations(UK_CRED_OFF_PUK) == KDF_ITER,
	    "card: the PIN and the PUK cost the profile's iterations a guess");
	check(uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_3DES, factory,
	    sizeof(factory)) != UIMKEY_OK, "card: the factory management key "
	    "is refused");
	check(adm_hex_decode(MGMT_HEX, strlen(MGMT_HEX), mgmt, sizeof(mgmt)) ==
	    16 && uimkey_piv_auth_mgmt(dev, UIMKEY_ALG_AES128, mgmt, 16) ==
	    UIMKEY_OK, "card: the profile's AES-128 management key works");
	check(uimkey_piv_get_metadata(dev, 0x9A, &m) == UIMKEY_OK &&
	    m.alg == UIMKEY_ALG_ECCP256 && m.origin == UIMKEY_ORIGIN_GENERATED,
	    "card: a P-256 key generated in 9A");
	check(uimkey_piv_lock_info(dev, &li) == UIMKEY_OK && li.installed &&
	    !li.locked && li.counter == ISSUER_CTR &&
	    memcmp(li.issuer, issuer_a.pk.q, UIMKEY_LOCK_POINT_LEN) == 0,
	    "card: bound to the profile's issuer key, its counter");
	check_objects(ps);
}

static void
full_run(void)
{
	struct adm_perso *ps;
	uint32_t serial = 0;
	int r;

	card_open(1);
	if ((ps = prepared("a.secrets", "ca.key", "issuer_a.der")) == NULL)
		return;
	check(ps->done.random == ADM_PERSO_PUK && !exists("a.secrets"),
	    "prepared: the PUK is random, nothing written yet");
	r = adm_perso_card(ps, dev);
	check(r == 0 && nmsg == 0, "personalized, without a message");
	if (r != 0)
		printf("# %s", msgs);
	uimkey_dev_serial(dev, &serial);
	check(ps->done.serial == serial && ps->done.secrets_written &&
	    ps->done.objects == (ADM_PERSO_CHUID | ADM_PERSO_PRINTED) &&
	    ps->done.attest && ps->done.keys == 1 && ps->done.credentials &&
	    ps->done.issuer == ADM_PERSO_ISSUER_INSTALLED &&
	    ps->done.issuer_counter == ISSUER_CTR,
	    "done: serial, secrets, objects, F9, one key, credentials, issuer "
	    "installed");
	check_secrets(ps, "a.secrets");
	check_card(ps);
	adm_perso_free(&ps);
	check(ps == NULL, "free clears the pointer");

	/* The same card again: personalized already. */
	if ((ps = prepared("a2.secrets", "ca.key", "issuer_a.der")) == NULL)
		return;
	store_keep();
	check(adm_perso_card(ps, dev) == -1 && strstr(msgs, "personalize: the "
	    "card is personalized already (its management key is not the "
	    "factory one); reset it first") != NULL,
	    "again: refused, the card is personalized already");
	check(store_same() && !exists("a2.secrets"),
	    "again: the card's store unchanged, no secrets file");
	adm_perso_free(&ps);
	card_close();
}

static void
not_factory(void)
{
	struct adm_perso *ps;
	int tries;

	card_open(2);
	check(uimkey_piv_verify_pin(dev, "999999", &tries) ==
	    UIMKEY_ERR_SW_WRONG_PIN, "a factory card whose PIN was tried");
	if ((ps = prepared("b.secrets", "ca.key", NULL)) == NULL)
		return;
	store_keep();
	check(adm_perso_card(ps, dev) == -1 && strstr(msgs, "personalize: the "
	    "card is not in its factory state (PIN or PUK changed or tried); "
	    "reset it first") != NULL, "tried PIN: refused, not factory state");
	check(store_same() && !exists("b.secrets") && ps->done.objects == 0 &&
	    ps->done.keys == 0 && !ps->done.credentials,
	    "tried PIN: the card's store unchanged, nothing done");
	adm_perso_free(&ps);
	card_close();
}

static void
ca_mismatch(void)
{
	struct adm_perso *ps = adm_perso_new();
	char p[300], want[800];
	unsigned apdus;

	card_open(3);
	store_keep();
	apdus = fc->io.wire.apdus;
	path_of(p, sizeof(p), "profile.json");
	msgs_clear();
	snprintf(want, sizeof(want), "personalize: '%s/other.key' is not the "
	    "key of the certificate '%s/ca.crt'", dir, dir);
	check(ps != NULL && write_profile("c.secrets", "other.key", NULL) == 0 &&
	    adm_perso_prepare(ps, p, NULL) == -1 && strstr(msgs, want) != NULL,
	    "CA key not the certificate's: refused, both files named");
	check(fc->io.wire.apdus == apdus && store_same() &&
	    !exists("c.secrets"), "CA key not the certificate's: before the "
	    "card, no secrets file");
	adm_perso_free(&ps);
	card_close();
}

/* A card whose device asks more than the profile gives. */
static void
kdf_refused(void)
{
	struct test_device *d = (struct test_device *)(void *)
	    test_device_default();
	struct adm_perso *ps;

	card_open(6);
	if ((ps = prepared("f.secrets", "ca.key", NULL)) == NULL)
		return;
	store_keep();
	/* The device's cost is the card's minimum when it is asked. */
	d->iterations = 2 * KDF_ITER;
	check(adm_perso_card(ps, dev) == -1 && strstr(msgs, "personalize: the "
	    "card refuses kdf_iterations 10000 (fewer than its own minimum); "
	    "the card is unchanged") != NULL,
	    "a card of higher minimum cost: refused, the value named");
	d->iterations = TEST_DEVICE_KDF_ITERATIONS;
	check(store_same() && !exists("f.secrets") && ps->done.objects == 0 &&
	    ps->done.keys == 0 && !ps->done.credentials,
	    "higher minimum: the card's store unchanged, no secrets file");
	adm_perso_free(&ps);
	card_close();
}

static void
issuer_kept(void)
{
	struct adm_perso *ps;
	uimkey_piv_lock_info_t li;

	card_open(4);
	bind_and_reset(&issuer_a, 7);
	if ((ps = prepared("d.secrets", "ca.key", "issuer_a.der")) == NULL)
		return;
	check(adm_perso_card(ps, dev) == 0 && nmsg == 0 &&
	    ps->done.issuer == ADM_PERSO_ISSUER_KEPT &&
	    ps->done.issuer_counter == 7, "same issuer key: personalized, the "
	    "key kept with the card's counter");
	check(uimkey_piv_lock_info(dev, &li) == UIMKEY_OK && li.installed &&
	    li.counter == 7 && memcmp(li.issuer, issuer_a.pk.q,
	    UIMKEY_LOCK_POINT_LEN) == 0, "same issuer key: the card's binding "
	    "and counter as they were");
	adm_perso_free(&ps);
	card_close();
}

static void
issuer_other(void)
{
	struct adm_perso *ps;
	char id[ADM_LOCK_KEY_ID_HEX], want[300];

	card_open(5);
	bind_and_reset(&issuer_b, 3);
	if ((ps = prepared("e.secrets", "ca.key", "issuer_a.der")) == NULL)
		return;
	adm_lock_key_id(issuer_b.pk.q, id);
	snprintf(want, sizeof(want), "personalize: the card is bound to another "
	    "issuer key already (SHA-256 %s): it cannot be replaced, not even "
	    "by RESET", id);
	store_keep();
	check(adm_perso_card(ps, dev) == -1 && strstr(msgs, want) != NULL,
	    "another issuer key: refused, the card's key named");
	check(store_same() && !exists("e.secrets") &&
	    ps->done.issuer == ADM_PERSO_ISSUER_NONE,
	    "another issuer key: the card's store unchanged, no secrets file");
	adm_perso_free(&ps);
	card_close();
}

int
main(void)
{
	char cmd[300];

	if ((store_before = malloc(UIMKEY_MEMORY_SIZE)) == NULL)
		abort();
	adm_sink_set(keep, NULL);
	files_init();
	full_run();
	not_factory();
	ca_mismatch();
	kdf_refused();
	issuer_kept();
	issuer_other();
	adm_sink_set(NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(store_before);
	free(fc);
	return check_done();
}
