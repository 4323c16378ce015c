/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey cert import | export | delete: the certificate object of a slot
 * (--slot f9: the attestation certificate).  Import reads PEM or DER and
 * refuses a certificate whose public key is not the slot's key unless
 * --force: installing the wrong certificate would break the slot.
 */
#include <string.h>

#include "codec/x509.h"
#include "admin/crypto.h"
#include "cli.h"

#define CERT_FILE_MAX (64 * 1024)

int
cmd_cert_import(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uk_x509_parts parts;
	uimkey_piv_meta_t meta;
	struct adm_cert_info ci;
	uint8_t *der = NULL;
	size_t len = 0;
	int slot, r, status = CLI_USAGE;

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
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_get_metadata(dev, (uint8_t)slot, &meta);
	if (!a->force && r == UIMKEY_ERR_SW_NO_REF) {
		cli_err("cert import: slot %02x holds no key (--force stores the "
		    "certificate anyway)", slot);
		goto fail;
	}
	if (!a->force && r == UIMKEY_OK && meta.spki_len > 0 &&
	    !adm_same_key(meta.spki, meta.spki_len, parts.spki.der,
	    parts.spki.len)) {
		cli_err("cert import: the certificate is for another key than "
		    "the one in slot %02x (--force stores it anyway)", slot);
		goto fail;
	}
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if ((r = uimkey_piv_write_cert(dev, (uint8_t)slot, der, len)) !=
	    UIMKEY_OK) {
		cli_fail("cert import", r);
		goto fail;
	}
	fprintf(stderr, "certificate stored in slot %02x: %s\n", slot,
	    ci.subject);
	status = CLI_OK;
fail:
	adm_free_secret(der, len);
	cli_close(&ctx, &dev);
	return status;
}

int
cmd_cert_export(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t der[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int slot, r, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 1)) < 0)
		return CLI_USAGE;
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_read_cert(dev, (uint8_t)slot, der, sizeof(der), &len);
	if (r == UIMKEY_ERR_SW_NOT_FOUND) {
		cli_err("cert export: slot %02x has no certificate", slot);
		goto fail;
	}
	if (r != UIMKEY_OK) {
		cli_fail("cert export", r);
		goto fail;
	}
	if (cli_object_write(a, "CERTIFICATE", der, len) != 0)
		goto fail;
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}

int
cmd_cert_delete(struct cli_args *a)
{
	uimkey_ctx_t *ctx = NULL;
	uimkey_dev_t *dev = NULL;
	uint8_t der[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int slot, r, status = CLI_USAGE;

	if ((slot = cli_slot_arg(a, a->slot, "--slot", 0)) < 0) {
		if (a->slot != NULL && adm_slot_parse(a->slot, 1) ==
		    UIMKEY_SLOT_ATTEST)
			cli_err("cert delete: the attestation certificate (f9) is "
			    "not deleted: the card attests with it");
		return CLI_USAGE;
	}
	status = CLI_FAIL;
	if (cli_open_args(a, &ctx, &dev) != UIMKEY_OK)
		goto fail;
	r = uimkey_piv_read_cert(dev, (uint8_t)slot, der, sizeof(der), &len);
	if (r == UIMKEY_ERR_SW_NOT_FOUND) {
		cli_err("cert delete: slot %02x has no certificate", slot);
		goto fail;
	}
	if ((r = cli_auth_mgmt(dev, a)) != CLI_OK) {
		status = r;
		goto fail;
	}
	if ((r = uimkey_piv_delete_cert(dev, (uint8_t)slot)) != UIMKEY_OK) {
		cli_fail("cert delete", r);
		goto fail;
	}
	fprintf(stderr, "certificate of slot %02x deleted\n", slot);
	status = CLI_OK;
fail:
	cli_close(&ctx, &dev);
	return status;
}
