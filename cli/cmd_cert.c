/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey cert import | export | delete: the certificate object of a slot
 * (--slot f9: the attestation certificate), and uimkey key attest: the
 * certificate the card's attestation key (F9) signs for a key the card
 * generated.  Import reads PEM or DER and refuses a certificate whose
 * public key is not the slot's key unless --force: installing the wrong
 * certificate would break the slot.
 */
#include <string.h>

#include "codec/x509.h"
#include "admin/crypto.h"
#include "cli.h"

#define CERT_FILE_MAX (64 * 1024)

struct cert_in {
	int slot;
	const uint8_t *der;
	size_t len;
	const uk_x509_parts *parts;
	const struct adm_cert_info *ci;
};

static int
import_cert(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct cert_in *in = arg;
	uimkey_piv_meta_t meta;
	int r;

	r = uimkey_piv_get_metadata(dev, (uint8_t)in->slot, &meta);
	if (!a->force && r == UIMKEY_ERR_SW_NO_REF) {
		cli_err("cert import: slot %02x holds no key (--force stores the "
		    "certificate anyway)", in->slot);
		return CLI_FAIL;
	}
	if (!a->force && r == UIMKEY_OK && meta.spki_len > 0 &&
	    !adm_same_key(meta.spki, meta.spki_len, in->parts->spki.der,
	    in->parts->spki.len)) {
		cli_err("cert import: the certificate is for another key than "
		    "the one in slot %02x (--force stores it anyway)", in->slot);
		return CLI_FAIL;
	}
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK)
		return r;
	if ((r = uimkey_piv_write_cert(dev, (uint8_t)in->slot, in->der,
	    in->len)) != UIMKEY_OK)
		return cli_fail("cert import", r);
	fprintf(stderr, "certificate stored in slot %02x: %s\n", in->slot,
	    in->ci->subject);
	return CLI_OK;
}

int
cmd_cert_import(struct cli_args *a)
{
	struct cert_in in;
	uk_x509_parts parts;
	struct adm_cert_info ci;
	uint8_t *der = NULL;
	size_t len = 0;
	int slot, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 1)) < 0)
		return CLI_USAGE;
	if (adm_object_read(a->pos[0], "CERTIFICATE", &der, &len) != 0)
		goto fail;
	if (uk_x509_cert_parts(der, len, &parts) != 0 ||
	    adm_cert_info(der, len, &ci) != 0) {
		cli_err("cert import: '%s' is not one X.509 certificate", a->pos[0]);
		goto fail;
	}
	if (len > UIMKEY_PIV_CERT_MAX) {
		cli_err("cert import: the certificate is %zu bytes; a slot holds "
		    "at most %d", len, UIMKEY_PIV_CERT_MAX);
		goto fail;
	}
	in.slot = slot;
	in.der = der;
	in.len = len;
	in.parts = &parts;
	in.ci = &ci;
	status = cli_with_card(a, 0, import_cert, &in);
fail:
	adm_free_secret(der, len);
	return status;
}

/* The certificate of slot, or "CMD: slot NN has no certificate". */
static int
read_cert(uimkey_dev_t *dev, const struct cli_args *a, int slot,
    uint8_t *der, size_t *len)
{
	int r = uimkey_piv_read_cert(dev, (uint8_t)slot, der,
	    UIMKEY_PIV_CERT_MAX, len);

	if (r == UIMKEY_ERR_SW_NOT_FOUND)
		cli_err("%s: slot %02x has no certificate", a->cmd, slot);
	return r;
}

/* cert export and key attest: the certificate of a slot, or the one the
 * card's attestation key signs for the slot's key (the card refuses an
 * imported key), written as PEM or DER. */
struct cert_out {
	int slot, attest;
};

static int
write_cert(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	const struct cert_out *out = arg;
	uint8_t der[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int r;

	if (out->attest) {
		r = uimkey_piv_attest(dev, (uint8_t)out->slot, der, sizeof(der),
		    &len);
		if (r == UIMKEY_ERR_SW_DATA) {
			cli_err("key attest: the key in slot %02x was imported; the "
			    "card attests only keys it generated", out->slot);
			return CLI_FAIL;
		}
	} else if ((r = read_cert(dev, a, out->slot, der, &len)) ==
	    UIMKEY_ERR_SW_NOT_FOUND) {
		return CLI_FAIL;
	}
	if (r != UIMKEY_OK)
		return cli_fail(a->cmd, r);
	return cli_object_write(a, "CERTIFICATE", der, len) != 0 ? CLI_FAIL :
	    CLI_OK;
}

static int
cert_out(struct cli_args *a, int attest)
{
	struct cert_out out;

	if ((out.slot = cli_slot_arg(a, a->slot, "--slot", !attest)) < 0)
		return CLI_USAGE;
	out.attest = attest;
	return cli_with_card(a, 0, write_cert, &out);
}

int
cmd_cert_export(struct cli_args *a)
{
	return cert_out(a, 0);
}

int
cmd_key_attest(struct cli_args *a)
{
	return cert_out(a, 1);
}

static int
delete_cert(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	uint8_t der[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int slot = *(const int *)arg, r;

	if (read_cert(dev, a, slot, der, &len) == UIMKEY_ERR_SW_NOT_FOUND)
		return CLI_FAIL;
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK)
		return r;
	if ((r = uimkey_piv_delete_cert(dev, (uint8_t)slot)) != UIMKEY_OK)
		return cli_fail("cert delete", r);
	fprintf(stderr, "certificate of slot %02x deleted\n", slot);
	return CLI_OK;
}

int
cmd_cert_delete(struct cli_args *a)
{
	int slot;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0) {
		if (a->slot != NULL && adm_slot_parse(a->slot, 1) ==
		    UIMKEY_SLOT_ATTEST)
			cli_err("cert delete: the attestation certificate (f9) is "
			    "not deleted: the card attests with it");
		return CLI_USAGE;
	}
	return cli_with_card(a, 0, delete_cert, &slot);
}
