/* SPDX-License-Identifier: BSD-2-Clause */
/* The state-changing commands the storage-fault program cuts (faults.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/stress/faults.h"
/* ---------------------------------------------------------------- ops */


static int
unlock_if_locked(struct f *f, const struct cs_state *b)
{
	uint8_t tok[UIMKEY_LOCK_TOKEN_MAX];
	size_t len;
	int r;

	if (!b->lock_locked)
		return UIMKEY_OK;
	if ((r = cs_issuer_token(&f->iss, f->serial,
	    UIMKEY_LOCK_ACTION_UNLOCK, f->lock_counter + 1, tok, &len)) !=
	    UIMKEY_OK ||
	    (r = uimkey_piv_apply_lock_token(f->dev, tok, len)) != UIMKEY_OK)
		return r;
	f->lock_counter++;
	return UIMKEY_OK;
}

int
prep_full_pin(struct f *f, const struct cs_state *b)
{
	int r;

	if ((r = unlock_if_locked(f, b)) != UIMKEY_OK)
		return r;
	if (b->pin_tries < b->pin_total)
		return uimkey_piv_verify_pin(f->dev, f->pin, NULL);
	return UIMKEY_OK;
}

static int
run_verify_wrong(struct f *f, struct cs_state *want, int *normal)
{
	char wrong[9];

	new_secret(f, wrong, f->pin);
	*normal = UIMKEY_ERR_SW_WRONG_PIN;
	want->pin_tries--;
	return uimkey_piv_verify_pin(f->dev, wrong, NULL);
}

static int
run_verify(struct f *f, struct cs_state *want, int *normal)
{
	*normal = UIMKEY_OK;
	want->pin_tries = want->pin_total;
	return uimkey_piv_verify_pin(f->dev, f->pin, NULL);
}

/* CHANGE REFERENCE DATA of the PIN or (puk) the PUK to a fresh value:
 * its counter full again, and no longer the factory value. */
static int
change_secret(struct f *f, int puk, struct cs_state *want, int *normal)
{
	new_secret(f, puk ? f->new_puk : f->new_pin, puk ? f->puk : f->pin);
	*normal = UIMKEY_OK;
	if (puk) {
		want->puk_tries = want->puk_total;
		want->puk_default = 0;
		return uimkey_piv_change_puk(f->dev, f->puk, f->new_puk, NULL);
	}
	want->pin_tries = want->pin_total;
	want->pin_default = 0;
	return uimkey_piv_change_pin(f->dev, f->pin, f->new_pin, NULL);
}

int
run_change_pin(struct f *f, struct cs_state *want, int *normal)
{
	return change_secret(f, 0, want, normal);
}

void
adopt_pin(struct f *f)
{
	memcpy(f->pin, f->new_pin, sizeof(f->pin));
}

static int
prep_full_puk(struct f *f, const struct cs_state *b)
{
	int r;

	if ((r = unlock_if_locked(f, b)) != UIMKEY_OK)
		return r;
	if (b->puk_tries < b->puk_total)
		return uimkey_piv_change_puk(f->dev, f->puk, f->puk, NULL);
	return UIMKEY_OK;
}

static int
run_change_puk(struct f *f, struct cs_state *want, int *normal)
{
	return change_secret(f, 1, want, normal);
}

void
adopt_puk(struct f *f)
{
	memcpy(f->puk, f->new_puk, sizeof(f->puk));
}

static int
run_unblock(struct f *f, struct cs_state *want, int *normal)
{
	new_secret(f, f->new_pin, f->pin);
	*normal = UIMKEY_OK;
	want->pin_tries = want->pin_total;
	want->puk_tries = want->puk_total;
	want->pin_default = 0;
	return uimkey_piv_unblock_pin(f->dev, f->puk, f->new_pin, NULL);
}

static int
prep_unlocked(struct f *f, const struct cs_state *b)
{
	return unlock_if_locked(f, b);
}

static int
run_generate(struct f *f, struct cs_state *want, int *normal)
{
	struct cs_key *k = &want->keys[0];
	int r;

	*normal = UIMKEY_OK;
	k->spki_len = 0;        /* unknown until it answers */
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	r = uimkey_piv_generate(f->dev, cs_slots[0], UIMKEY_ALG_ECCP256, 0, 0,
	    k->spki, sizeof(k->spki), &k->spki_len);
	k->present = 1;
	return r;
}

static int
prep_key_in_9a(struct f *f, const struct cs_state *b)
{
	uint8_t spki[UIMKEY_PIV_SPKI_MAX];
	size_t len;
	int r;

	if ((r = unlock_if_locked(f, b)) != UIMKEY_OK)
		return r;
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	if (b->keys[3].present &&
	    (r = uimkey_piv_delete_key(f->dev, cs_slots[3])) != UIMKEY_OK)
		return r;
	if (b->keys[0].present)
		return UIMKEY_OK;
	return uimkey_piv_generate(f->dev, cs_slots[0], UIMKEY_ALG_ECCP256, 0,
	    0, spki, sizeof(spki), &len);
}

static int
run_delete_key(struct f *f, struct cs_state *want, int *normal)
{
	int r;

	*normal = UIMKEY_OK;
	memset(&want->keys[0], 0, sizeof(want->keys[0]));
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_delete_key(f->dev, cs_slots[0]);
}

/* 9A to 82: two records in one transaction. */
static int
run_move_key(struct f *f, struct cs_state *want, int *normal)
{
	int r;

	*normal = UIMKEY_OK;
	want->keys[3] = want->keys[0];
	memset(&want->keys[0], 0, sizeof(want->keys[0]));
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_move_key(f->dev, cs_slots[0], cs_slots[3]);
}

static int
run_put_cert(struct f *f, struct cs_state *want, int *normal)
{
	struct cs_cert *c = &want->certs[1];
	uint8_t rnd[UIMKEY_PIV_CERT_MAX];
	int r;

	*normal = UIMKEY_OK;
	c->len = cs_cert_len(CERT_LEN - 200 + st_below(&f->rng, 400));
	st_fill(&f->rng, rnd, sizeof(rnd));
	cs_fake_cert(c->der, c->len, rnd);
	c->present = 1;
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_write_cert(f->dev, cs_slots[1], c->der, c->len);
}

static int
prep_cert(struct f *f, const struct cs_state *b)
{
	uint8_t der[300], rnd[300];
	int r;

	if ((r = unlock_if_locked(f, b)) != UIMKEY_OK)
		return r;
	if (b->certs[1].present)
		return UIMKEY_OK;
	st_fill(&f->rng, rnd, sizeof(rnd));
	cs_fake_cert(der, sizeof(der), rnd);
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_write_cert(f->dev, cs_slots[1], der, sizeof(der));
}

static int
run_delete_cert(struct f *f, struct cs_state *want, int *normal)
{
	int r;

	*normal = UIMKEY_OK;
	memset(&want->certs[1], 0, sizeof(want->certs[1]));
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_delete_cert(f->dev, cs_slots[1]);
}

static int
run_set_mgmt(struct f *f, struct cs_state *want, int *normal)
{
	static const uint8_t algs[] = { UIMKEY_ALG_AES128, UIMKEY_ALG_AES256,
	    UIMKEY_ALG_AES192, UIMKEY_ALG_3DES };
	static const size_t lens[] = { 16, 32, 24, 24 };
	unsigned i = st_below(&f->rng, 4);
	int r;

	*normal = UIMKEY_OK;
	if (algs[i] == f->mgmt_alg)
		i = (i + 1) % 4;
	f->new_mgmt_alg = algs[i];
	f->new_mgmt_len = lens[i];
	st_fill(&f->rng, f->new_mgmt, f->new_mgmt_len);
	want->mgmt_alg = f->new_mgmt_alg;
	want->mgmt_default = 0;
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_set_mgmt_key(f->dev, f->new_mgmt_alg, f->new_mgmt,
	    f->new_mgmt_len);
}

void
adopt_mgmt(struct f *f)
{
	f->mgmt_alg = f->new_mgmt_alg;
	f->mgmt_len = f->new_mgmt_len;
	memcpy(f->mgmt, f->new_mgmt, f->new_mgmt_len);
}

static int
run_install(struct f *f, struct cs_state *want, int *normal)
{
	int r;

	*normal = UIMKEY_OK;
	if (want->lock_installed) {
		/* Done by an earlier fault point: once only. */
		*normal = UIMKEY_ERR_LOCK_ISSUER_SET;
	} else {
		want->lock_installed = 1;
		want->lock_locked = 0;
		want->lock_counter = 100;
	}
	f->new_counter = 100;
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	return uimkey_piv_install_issuer_key(f->dev, f->iss.point, 100);
}

static void
adopt_install(struct f *f)
{
	f->lock_counter = f->new_counter;
}

static int
run_lock_token(struct f *f, struct cs_state *want, int *normal)
{
	uint8_t tok[UIMKEY_LOCK_TOKEN_MAX];
	uint8_t action = want->lock_locked ? UIMKEY_LOCK_ACTION_UNLOCK :
	    UIMKEY_LOCK_ACTION_LOCK;
	size_t len;
	int r;

	*normal = UIMKEY_OK;
	f->new_counter = f->lock_counter + 1;
	want->lock_locked = action == UIMKEY_LOCK_ACTION_LOCK;
	want->lock_counter = f->new_counter;
	if ((r = cs_issuer_token(&f->iss, f->serial, action, f->new_counter,
	    tok, &len)) != UIMKEY_OK)
		return r;
	return uimkey_piv_apply_lock_token(f->dev, tok, len);
}

static int
prep_installed(struct f *f, const struct cs_state *b)
{
	int r;

	if (b->lock_installed)
		return UIMKEY_OK;
	if ((r = auth(f)) != UIMKEY_OK)
		return r;
	if ((r = uimkey_piv_install_issuer_key(f->dev, f->iss.point, 100)) ==
	    UIMKEY_OK)
		f->lock_counter = 100;
	return r;
}

const struct op fault_ops[] = {
	{ "VERIFY (wrong PIN)", 1, prep_full_pin, run_verify_wrong, NULL },
	{ "VERIFY (right PIN)", 1, prep_full_pin, run_verify, NULL },
	{ "CHANGE REFERENCE DATA (PIN)", 1, prep_full_pin, run_change_pin,
	    adopt_pin },
	{ "CHANGE REFERENCE DATA (PUK)", 2, prep_full_puk, run_change_puk,
	    adopt_puk },
	{ "RESET RETRY COUNTER", 2, prep_full_puk, run_unblock, adopt_pin },
	{ "GENERATE ASYMMETRIC KEY PAIR (P-256)", 0, prep_unlocked,
	    run_generate, NULL },
	{ "PUT DATA (certificate, chained)", 0, prep_unlocked, run_put_cert,
	    NULL },
	{ "PUT DATA (delete certificate)", 0, prep_cert, run_delete_cert,
	    NULL },
	{ "MOVE KEY", 0, prep_key_in_9a, run_move_key, NULL },
	{ "DELETE KEY", 0, prep_key_in_9a, run_delete_key, NULL },
	{ "SET MANAGEMENT KEY", 0, prep_unlocked, run_set_mgmt, adopt_mgmt },
	{ "INSTALL ISSUER KEY", 0, prep_unlocked, run_install,
	    adopt_install },
	{ "APPLY LOCK TOKEN", 0, prep_installed, run_lock_token,
	    adopt_install },
};
const size_t fault_ops_n = sizeof(fault_ops) / sizeof(fault_ops[0]);

