/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey info: what the card holds — serial, version, the PIN, PUK and
 * management key (tries left; factory defaults warned about loudly), and
 * every slot in use: algorithm, origin, PIN policy, certificate subject
 * and expiry; the issuer lock (a card locked by its issuer is said first,
 * loudly).  Reads only; proves nothing to the card.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/lock.h"
#include "cli.h"
#include "codec/cvc.h"
#include "codec/sm_kdf.h"

#define WARN_MAX 5

struct slot_info {
	uint8_t slot;
	int has_key, has_cert, cert_err;
	uimkey_piv_meta_t meta;
	struct adm_cert_info cert;
};

struct card_info {
	uint32_t serial;
	uint8_t ver[3];
	int have_pin, have_puk, have_mgmt, have_lock;
	uimkey_piv_meta_t pin, puk, mgmt;
	uimkey_piv_lock_info_t lock;
	char lock_warn[256];
	const char *warn[WARN_MAX];
	int nwarn;
};

static int
read_slot(uimkey_dev_t *dev, uint8_t slot, struct slot_info *si)
{
	static uint8_t der[UIMKEY_PIV_CERT_MAX];
	size_t len;
	int r;

	memset(si, 0, sizeof(*si));
	si->slot = slot;
	r = uimkey_piv_get_metadata(dev, slot, &si->meta);
	if (r == UIMKEY_OK)
		si->has_key = 1;
	else if (r != UIMKEY_ERR_SW_NO_REF && r != UIMKEY_ERR_SW_INS &&
	    r != UIMKEY_ERR_SW_P1P2)
		return r;
	r = uimkey_piv_read_cert(dev, slot, der, sizeof(der), &len);
	if (r == UIMKEY_OK) {
		si->has_cert = 1;
		si->cert_err = adm_cert_info(der, len, &si->cert) != 0;
	} else if (r == UIMKEY_ERR_UNSUPPORTED || r == UIMKEY_ERR_BAD_RSP) {
		si->has_cert = 1;
		si->cert_err = 1;
	} else if (r != UIMKEY_ERR_SW_NOT_FOUND) {
		return r;
	}
	return UIMKEY_OK;
}

static const char *
origin_name(uint8_t origin)
{
	return origin == UIMKEY_ORIGIN_GENERATED ? "generated on the card" :
	    origin == UIMKEY_ORIGIN_IMPORTED ? "imported" : "unknown";
}

static void
text_slot(const struct slot_info *si, long long now)
{
	printf("slot %02x (%s):", si->slot, adm_slot_name(si->slot));
	if (!si->has_key && !si->has_cert) {
		puts(" empty");
		return;
	}
	putchar('\n');
	if (si->has_key)
		printf("  key:         %s, %s, PIN policy %s\n",
		    adm_alg_name(si->meta.alg), origin_name(si->meta.origin),
		    adm_policy_name(si->meta.pin_policy));
	else
		puts("  key:         none");
	if (!si->has_cert) {
		puts("  certificate: none");
		return;
	}
	if (si->cert_err) {
		puts("  certificate: present, not readable here");
		return;
	}
	printf("  certificate: %s\n", si->cert.subject);
	printf("  issuer:      %s%s\n", si->cert.issuer,
	    si->cert.self_issued ? " (self-signed)" : "");
	printf("  expires:     %s%s\n", si->cert.not_after,
	    si->cert.not_after_epoch < now ? " -- EXPIRED" : "");
}

static void
json_slot(const struct slot_info *si, long long now, int first)
{
	printf("%s\n    {\"slot\": \"%02x\", \"name\": \"%s\"", first ? "" : ",",
	    si->slot, adm_slot_name(si->slot));
	if (si->has_key)
		printf(", \"key\": {\"alg\": \"%s\", \"origin\": \"%s\", "
		    "\"pin_policy\": \"%s\"}", adm_alg_name(si->meta.alg),
		    origin_name(si->meta.origin),
		    adm_policy_name(si->meta.pin_policy));
	if (si->has_cert && si->cert_err) {
		fputs(", \"certificate\": {\"readable\": false}", stdout);
	} else if (si->has_cert) {
		fputs(", \"certificate\": {\"subject\": ", stdout);
		cli_json_str(stdout, si->cert.subject);
		fputs(", \"issuer\": ", stdout);
		cli_json_str(stdout, si->cert.issuer);
		printf(", \"not_before\": \"%s\", \"not_after\": \"%s\", "
		    "\"expired\": %s}", si->cert.not_before, si->cert.not_after,
		    si->cert.not_after_epoch < now ? "true" : "false");
	}
	fputs("}", stdout);
}

static void
json_cred(const char *name, const uimkey_piv_meta_t *m, int have)
{
	printf("  \"%s\": ", name);
	if (!have) {
		fputs("null,\n", stdout);
		return;
	}
	printf("{\"tries_left\": %d, \"tries_total\": %d, \"default\": %s",
	    m->tries_left, m->tries_total, m->is_default == 1 ? "true" : "false");
	if (m->must_change >= 0)
		printf(", \"must_change\": %s", m->must_change ? "true" : "false");
	fputs("},\n", stdout);
}

static void
text_cred(const char *name, const uimkey_piv_meta_t *m, int have)
{
	if (!have) {
		printf("%-15s unknown (the card gives no metadata)\n", name);
		return;
	}
	printf("%-15s %d of %d tries left%s%s\n", name, m->tries_left,
	    m->tries_total, m->is_default == 1 ? ", FACTORY DEFAULT" : "",
	    m->must_change == 1 ? ", must be changed before use" : "");
}

static void
collect_warnings(struct card_info *ci)
{
	if (ci->have_lock && ci->lock.locked) {
		snprintf(ci->lock_warn, sizeof(ci->lock_warn), "this card is "
		    "LOCKED BY ISSUER (lock counter %lu): its keys, PIN and PUK "
		    "cannot be used and nothing on it can be changed until its "
		    "issuer's unlock token is applied (uimkey lock apply)",
		    (unsigned long)ci->lock.counter);
		ci->warn[ci->nwarn++] = ci->lock_warn;
	}
	if (ci->have_pin && ci->pin.is_default == 1)
		ci->warn[ci->nwarn++] = "the PIN is the factory default "
		    "(123456): change it with 'uimkey pin change'";
	if (ci->have_puk && ci->puk.is_default == 1)
		ci->warn[ci->nwarn++] = "the PUK is the factory default "
		    "(12345678): change it with 'uimkey puk change'";
	if (ci->have_mgmt && ci->mgmt.is_default == 1)
		ci->warn[ci->nwarn++] = "the management key is the factory "
		    "default: set one with 'uimkey mgmt set'";
	if (ci->have_pin && ci->pin.tries_left == 0)
		ci->warn[ci->nwarn++] = "the PIN is blocked: unblock it with "
		    "'uimkey pin unblock'";
}

/* How the device talks to the card: in a secure-messaging session, and
 * by which card certificate (its IDsICC, the first 8 bytes of SHA-256
 * over the CVC, and the GUID it names, in hex), or in the clear.  0 in
 * the clear. */
static int
link_text(uimkey_dev_t *dev, char *id, char *guid)
{
	const uint8_t *cvc;
	uint8_t h[UK_SM_ID_LEN];
	size_t len, i;
	uk_cvc v;

	if (!uimkey_dev_secure(dev, &cvc, &len) ||
	    uk_cvc_parse(cvc, len, &v) != 0)
		return 0;
	uk_sm_id_icc(cvc, len, h);
	for (i = 0; i < sizeof(h); i++)
		snprintf(id + 2 * i, 3, "%02x", h[i]);
	for (i = 0; i < v.subject_len; i++)
		snprintf(guid + 2 * i, 3, "%02x", v.subject[i]);
	return 1;
}

static void
print_header(uimkey_dev_t *dev, const struct card_info *ci, int json)
{
	char id[2 * UK_SM_ID_LEN + 1], guid[2 * UK_CVC_GUID_LEN + 1];
	int sm = link_text(dev, id, guid);
	char text[128];
	int i;

	if (json) {
		fputs("{\n  \"reader\": ", stdout);
		cli_json_str(stdout, uimkey_dev_reader(dev));
		printf(",\n  \"uimkey\": %s,\n  \"serial\": %u,\n"
		    "  \"version\": \"%u.%u.%u\",\n",
		    uimkey_dev_is_uimkey(dev) ? "true" : "false",
		    (unsigned)ci->serial, ci->ver[0], ci->ver[1], ci->ver[2]);
		if (sm)
			printf("  \"secure_messaging\": {\"card_certificate\": "
			    "\"%s\", \"guid\": \"%s\"},\n", id, guid);
		else
			fputs("  \"secure_messaging\": null,\n", stdout);
		json_cred("pin", &ci->pin, ci->have_pin);
		json_cred("puk", &ci->puk, ci->have_puk);
		if (ci->have_mgmt)
			printf("  \"management_key\": {\"alg\": \"%s\", "
			    "\"default\": %s},\n", adm_alg_name(ci->mgmt.alg),
			    ci->mgmt.is_default == 1 ? "true" : "false");
		fputs("  \"issuer_lock\": ", stdout);
		if (ci->have_lock) {
			fputs("{", stdout);
			cli_lock_state_json(stdout, &ci->lock);
			fputs("},\n", stdout);
		} else {
			fputs("null,\n", stdout);
		}
		fputs("  \"warnings\": [", stdout);
		for (i = 0; i < ci->nwarn; i++) {
			fputs(i ? ", " : "", stdout);
			cli_json_str(stdout, ci->warn[i]);
		}
		fputs("],\n  \"slots\": [", stdout);
		return;
	}
	for (i = 0; i < ci->nwarn; i++)
		printf("WARNING: %s\n", ci->warn[i]);
	printf("reader:         %s\n", uimkey_dev_reader(dev));
	printf("card:           %s, serial %u, version %u.%u.%u\n",
	    uimkey_dev_is_uimkey(dev) ? "uimkey" : "PIV card",
	    (unsigned)ci->serial, ci->ver[0], ci->ver[1], ci->ver[2]);
	if (sm)
		printf("%-15s secure messaging, card certificate %s "
		    "(GUID %s)\n", "link:", id, guid);
	else
		printf("%-15s in the clear\n", "link:");
	text_cred("PIN:", &ci->pin, ci->have_pin);
	text_cred("PUK:", &ci->puk, ci->have_puk);
	if (ci->have_mgmt)
		printf("%-15s %s%s\n", "management key:",
		    adm_alg_name(ci->mgmt.alg),
		    ci->mgmt.is_default == 1 ? ", FACTORY DEFAULT" : "");
	if (ci->have_lock) {
		cli_lock_state_text(&ci->lock, text, sizeof(text));
		printf("%-15s %s\n", "issuer lock:", text);
	}
}

static int
info(uimkey_dev_t *dev, struct cli_args *a, void *arg)
{
	struct card_info ci;
	struct slot_info si;
	long long now = (long long)time(NULL);
	int r, first = 1;
	int i;

	memset(&ci, 0, sizeof(ci));
	uimkey_dev_serial(dev, &ci.serial);
	uimkey_dev_version(dev, ci.ver);
	ci.have_pin = uimkey_piv_get_metadata(dev, UIMKEY_REF_PIN,
	    &ci.pin) == UIMKEY_OK;
	ci.have_puk = uimkey_piv_get_metadata(dev, UIMKEY_REF_PUK,
	    &ci.puk) == UIMKEY_OK;
	ci.have_mgmt = uimkey_piv_get_metadata(dev, UIMKEY_SLOT_MGMT,
	    &ci.mgmt) == UIMKEY_OK;
	/* A PIV card without the issuer lock says nothing of it. */
	ci.have_lock = uimkey_piv_lock_info(dev, &ci.lock) == UIMKEY_OK;
	if (!ci.have_pin && uimkey_piv_pin_status(dev, &r,
	    &ci.pin.tries_left) == UIMKEY_OK && ci.pin.tries_left >= 0) {
		ci.have_pin = 1;
		ci.pin.tries_total = -1;
		ci.pin.must_change = -1;
	}
	collect_warnings(&ci);
	print_header(dev, &ci, a->json);
	/* The four PIV slots, the retired ones in use, then F9: the PIV
	 * rules' slot order. */
	for (i = 0; i < UIMKEY_SLOT_COUNT; i++) {
		uint8_t slot = uimkey_slot_ref(i);
		if ((r = read_slot(dev, slot, &si)) != UIMKEY_OK) {
			if (a->json)
				puts("]}");
			cli_err("slot %02x: %s", slot, cli_strerr(r));
			return CLI_FAIL;
		}
		if (a->json) {
			if (si.has_key || si.has_cert) {
				json_slot(&si, now, first);
				first = 0;
			}
		} else if (uimkey_slot_is_main(slot) || si.has_key ||
		    si.has_cert) {
			text_slot(&si, now);
		}
	}
	if (a->json)
		puts("\n  ]\n}");
	return CLI_OK;
}

int
cmd_info(struct cli_args *a)
{
	return cli_with_card(a, 0, info, NULL);
}
