/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Objects the card makes up when asked rather than stores, so that a
 * factory-fresh or just reset card already looks like a PIV card to
 * middleware (OpenSC reads Discovery, the CCC, Key History and the CHUID
 * before anything else): Discovery and Key History always, the CHUID and
 * the CCC until a PUT DATA stores other ones.  The Secure Messaging
 * Certificate Signer (5FC122), until a PUT DATA stores another, is the
 * attestation key's certificate (5FFF01): that key signs the card's
 * secure-messaging CVC (card/sm/).
 */
#include <string.h>

#include "obj_cmd.h"
#include "uk/data.h"
#include "uk/rsp.h"
#include "uk/store.h"
#include "card/piv_rules.h"
#include "card/wire.h"

/* Longest generated value (the CHUID: 59 bytes). */
#define GEN_MAX              64

/* Discovery (SP 800-73-4 part 1, 3.3.2): the PIV AID and the PIN usage
 * policy, whose first byte says only the PIV PIN satisfies the access
 * rules (no Global PIN, no OCC, no VCI). */
#define TAG_AID              0x4Fu
#define TAG_PIN_POLICY       0x5F2Fu
#define PIN_POLICY_PIV_PIN   0x40
#define PIN_POLICY_NO_GLOBAL 0x00

/* Key History (part 1, table 19). */
#define TAG_ON_CARD_CERTS    0xC1u
#define TAG_OFF_CARD_CERTS   0xC2u
#define TAG_EDC              0xFEu  /* error detection code: always empty */

/* CHUID (part 1, table 9). */
#define TAG_FASCN            0x30u
#define TAG_GUID             0x34u
#define TAG_EXPIRY           0x35u
#define TAG_SIGNATURE        0x3Eu
#define GUID_LEN             UK_OBJ_GUID_LEN
#define SERIAL_BCD_LEN       4
#define CHUID_EXPIRY         "20991231"     /* YYYYMMDD */

/* CCC (part 1, table 8). */
#define TAG_CARD_ID          0xF0u
#define CARD_ID_LEN          21

/* Serial numbers have 8 decimal digits (uk/layout.h). */
#define SERIAL_DIGITS_MOD    100000000u

/*
 * FASC-N S9999F9999F999999F0F1F0000000000300001E plus its LRC, each
 * character 4 BCD bits (low bit first) and an odd parity bit: the
 * non-federal issuer value yubico-piv-tool and ykman write.  The unit
 * test encodes it again from the string.
 */
static const uint8_t fascn[25] = {
	0xD4, 0xE7, 0x39, 0xDA, 0x73, 0x9C, 0xED, 0x39, 0xCE, 0x73, 0x9D,
	0x83, 0x68, 0x58, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0xC8, 0x42,
	0x10, 0xC3, 0xEB,
};

/*
 * The GUID is "uimkey" then an RFC 9562 version 8 / variant 10 marker,
 * then the serial in BCD, so the 8 digits printed on the card read
 * plainly at its end: 75696d6b-6579-8000-8000-0000SSSSSSSS.
 */
static const uint8_t guid_prefix[GUID_LEN - SERIAL_BCD_LEN] = {
	0x75, 0x69, 0x6D, 0x6B, 0x65, 0x79, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

/* Card identifier: the GSC-IS RID, manufacturer FF, card type 02, then 14
 * bytes of card id: "uimkey", zeros, the serial in BCD. */
static const uint8_t card_id_prefix[CARD_ID_LEN - SERIAL_BCD_LEN] = {
	0xA0, 0x00, 0x00, 0x01, 0x16, 0xFF, 0x02,
	0x75, 0x69, 0x6D, 0x6B, 0x65, 0x79, 0x00, 0x00, 0x00, 0x00,
};

/* The CCC after the card identifier: container and grammar version 2.1,
 * no URL, no PKCS#15, data model 10 (PIV), then the empty elements. */
static const uint8_t ccc_tail[] = {
	0xF1, 0x01, 0x21, 0xF2, 0x01, 0x21, 0xF3, 0x00, 0xF4, 0x01, 0x00,
	0xF5, 0x01, 0x10, 0xF6, 0x00, 0xF7, 0x00, 0xFA, 0x00, 0xFB, 0x00,
	0xFC, 0x00, 0xFD, 0x00, 0xFE, 0x00,
};

/* A value built in a buffer before its length is known. */
typedef struct {
	uint8_t buf[GEN_MAX];
	size_t len;
} gen_buf;

static void
gen_put(gen_buf *g, const void *p, size_t n)
{
	if (n > 0)
		memcpy(g->buf + g->len, p, n);
	g->len += n;
}

/* Tag of 1 or 2 bytes, short-form length (every generated element is
 * under 128 bytes). */
static void
gen_tlv(gen_buf *g, unsigned tag, const void *p, size_t n)
{
	if (tag > 0xFF)
		g->buf[g->len++] = (uint8_t)(tag >> 8);
	g->buf[g->len++] = (uint8_t)tag;
	g->buf[g->len++] = (uint8_t)n;
	gen_put(g, p, n);
}

/* The serial's 8 decimal digits, two to a byte. */
static void
serial_bcd(uint32_t serial, uint8_t *out)
{
	unsigned lo, hi;
	int i;

	serial %= SERIAL_DIGITS_MOD;
	for (i = SERIAL_BCD_LEN - 1; i >= 0; i--) {
		lo = serial % 10;
		serial /= 10;
		hi = serial % 10;
		serial /= 10;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
}

static uint16_t
answer(uimkey_card *card, unsigned wrap, const gen_buf *g)
{
	if (uk_rsp_put_tl(&card->rsp, wrap, g->len) != UK_OK ||
	    uk_rsp_put(&card->rsp, g->buf, g->len) != UK_OK)
		return UIMKEY_SW_NO_DIAG;
	return UIMKEY_SW_OK;
}

static uint16_t
discovery(uimkey_card *card)
{
	static const uint8_t aid[] = UIMKEY_PIV_AID;
	static const uint8_t policy[] = { PIN_POLICY_PIV_PIN,
	    PIN_POLICY_NO_GLOBAL };
	gen_buf g = { { 0 }, 0 };

	gen_tlv(&g, TAG_AID, aid, sizeof(aid));
	gen_tlv(&g, TAG_PIN_POLICY, policy, sizeof(policy));
	return answer(card, UK_OBJ_DISCOVERY, &g);
}

/* Retired slots whose certificate object is present, counted now so the
 * count stays true as certificates are put and deleted. */
static uint16_t
key_history(uimkey_card *card)
{
	gen_buf g = { { 0 }, 0 };
	uint8_t on_card = 0, off_card = 0;
	uint8_t ref;
	long n;
	int i;

	for (i = 0; i < UIMKEY_SLOT_COUNT; i++) {
		ref = uimkey_slot_ref(i);
		if (ref < UIMKEY_SLOT_RETIRED1 || ref > UIMKEY_SLOT_RETIRED20)
			continue;
		n = uk_rec_len(card,
		    uk_obj_rec_for_tag(uimkey_slot_cert_tag(uimkey_slot_ref(i))));
		if (n < 0)
			return UIMKEY_SW_MEMORY_FAILURE;
		if (n > 0)
			on_card++;
	}
	gen_tlv(&g, TAG_ON_CARD_CERTS, &on_card, 1);
	gen_tlv(&g, TAG_OFF_CARD_CERTS, &off_card, 1);
	gen_tlv(&g, TAG_EDC, NULL, 0);
	return answer(card, UK_OBJ_TAG_DATA, &g);
}

void
uk_obj_guid(const uimkey_card *card, uint8_t *guid)
{
	memcpy(guid, guid_prefix, sizeof(guid_prefix));
	serial_bcd(card->serial, guid + sizeof(guid_prefix));
}

static uint16_t
chuid(uimkey_card *card)
{
	gen_buf g = { { 0 }, 0 };
	uint8_t guid[GUID_LEN];

	uk_obj_guid(card, guid);
	gen_tlv(&g, TAG_FASCN, fascn, sizeof(fascn));
	gen_tlv(&g, TAG_GUID, guid, sizeof(guid));
	gen_tlv(&g, TAG_EXPIRY, CHUID_EXPIRY, sizeof(CHUID_EXPIRY) - 1);
	gen_tlv(&g, TAG_SIGNATURE, NULL, 0);
	gen_tlv(&g, TAG_EDC, NULL, 0);
	return answer(card, UK_OBJ_TAG_DATA, &g);
}

static uint16_t
ccc(uimkey_card *card)
{
	gen_buf g = { { 0 }, 0 };
	uint8_t id[CARD_ID_LEN];

	memcpy(id, card_id_prefix, sizeof(card_id_prefix));
	serial_bcd(card->serial, id + sizeof(card_id_prefix));
	gen_tlv(&g, TAG_CARD_ID, id, sizeof(id));
	gen_put(&g, ccc_tail, sizeof(ccc_tail));
	return answer(card, UK_OBJ_TAG_DATA, &g);
}

uint16_t
uk_obj_answer_generated(uimkey_card *card, uint32_t tag)
{
	switch (tag) {
	case UK_OBJ_DISCOVERY:
		return discovery(card);
	case UK_OBJ_KEY_HISTORY:
		return key_history(card);
	case UK_OBJ_CHUID:
		return chuid(card);
	case UK_OBJ_CCC:
		return ccc(card);
	case UK_OBJ_SM_SIGNER:
		return uk_obj_answer_stored(card,
		    uk_obj_index(UK_OBJ_ATTEST_CERT), UK_OBJ_SM_SIGNER);
	default:
		return UIMKEY_SW_NOT_FOUND;
	}
}
