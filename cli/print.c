/* SPDX-License-Identifier: BSD-2-Clause */
/* Output: objects as PEM or DER, JSON strings, the card's lock state. */
#include <stdlib.h>
#include <string.h>

#include "admin/lock.h"
#include "cli.h"

int
cli_object_write(const struct cli_args *a, const char *label,
    const uint8_t *der, size_t len)
{
	char *pem;
	int r;

	if (a->der)
		return adm_write_file(a->out, der, len, 0);
	if ((pem = adm_pem_encode(label, der, len)) == NULL) {
		cli_err("out of memory");
		return -1;
	}
	r = adm_write_file(a->out, pem, strlen(pem), 0);
	free(pem);
	return r;
}

void
cli_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

void
cli_lock_state_text(const uimkey_piv_lock_info_t *info, char *out, size_t cap)
{
	if (!info->installed)
		snprintf(out, cap, "no issuer key installed: the issuer cannot "
		    "lock this card");
	else if (info->locked)
		snprintf(out, cap, "LOCKED BY ISSUER, counter %lu",
		    (unsigned long)info->counter);
	else
		snprintf(out, cap, "not locked, counter %lu, issuer key "
		    "installed", (unsigned long)info->counter);
}

void
cli_lock_state_json(FILE *f, const uimkey_piv_lock_info_t *info)
{
	char id[ADM_LOCK_KEY_ID_HEX];

	fprintf(f, "\"issuer_key\": %s, \"locked\": %s",
	    info->installed ? "true" : "false", info->locked ? "true" : "false");
	if (!info->installed)
		return;
	adm_lock_key_id(info->issuer, id);
	fprintf(f, ", \"counter\": %lu, \"issuer_key_sha256\": \"%s\"",
	    (unsigned long)info->counter, id);
}
