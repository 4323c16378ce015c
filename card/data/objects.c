/* SPDX-License-Identifier: BSD-2-Clause */
#include "uk/data.h"
#include "uk/store.h"

#define PIN  UK_OBJ_F_PIN
#define DEF  UK_OBJ_F_DEFAULT

typedef struct {
	uint32_t tag;
	uint8_t flags;
} obj_entry;

/*
 * Entry j is stored in record UK_REC_OBJ(j): append only, never
 * reorder, or cards in the field read one object as another.  The
 * certificates come first, in the order of the key slots
 * (card/piv_rules.h).
 */
static const obj_entry objs[] = {
	/* certificates of 9A 9C 9D 9E */
	{ 0x5FC105, 0 }, { 0x5FC10A, 0 }, { 0x5FC10B, 0 }, { 0x5FC101, 0 },
	/* certificates of the retired slots 82..95 */
	{ 0x5FC10D, 0 }, { 0x5FC10E, 0 }, { 0x5FC10F, 0 }, { 0x5FC110, 0 },
	{ 0x5FC111, 0 }, { 0x5FC112, 0 }, { 0x5FC113, 0 }, { 0x5FC114, 0 },
	{ 0x5FC115, 0 }, { 0x5FC116, 0 }, { 0x5FC117, 0 }, { 0x5FC118, 0 },
	{ 0x5FC119, 0 }, { 0x5FC11A, 0 }, { 0x5FC11B, 0 }, { 0x5FC11C, 0 },
	{ 0x5FC11D, 0 }, { 0x5FC11E, 0 }, { 0x5FC11F, 0 }, { 0x5FC120, 0 },
	/* attestation certificate of F9 (Yubico) */
	{ UK_OBJ_ATTEST_CERT, 0 },
	{ UK_OBJ_CHUID, DEF },
	{ UK_OBJ_CCC, DEF },
	{ 0x5FC106, 0 },        /* Security Object */
	{ 0x5FC109, PIN },      /* Printed Information */
	{ 0x5FC108, PIN },      /* Cardholder Facial Image */
	{ 0x5FC103, PIN },      /* Cardholder Fingerprints */
	{ 0x5FC121, PIN },      /* Cardholder Iris Images */
	{ UK_OBJ_BITGT, 0 },/* Biometric Information Templates GT */
	{ UK_OBJ_SM_SIGNER, DEF },  /* Secure Messaging Certificate Signer */
	{ 0x5FC123, 0 },        /* Pairing Code Reference Data */
	{ 0x5FFF00, 0 },        /* Yubico ADMIN DATA */
	{ 0x5FFF10, 0 },        /* Yubico MSCMAP */
	{ 0x5FFF11, 0 }, { 0x5FFF12, 0 }, { 0x5FFF13, 0 }, { 0x5FFF14, 0 },
	{ 0x5FFF15, 0 },        /* Yubico MSROOTS 1..5 */
};

_Static_assert(sizeof(objs) / sizeof(objs[0]) == UK_OBJ_COUNT,
    "one record per stored object: UK_OBJ_COUNT in uk/store.h");

int
uk_obj_index(uint32_t tag)
{
	int j;

	for (j = 0; j < UK_OBJ_COUNT; j++)
		if (objs[j].tag == tag)
			return j;
	return -1;
}

unsigned
uk_obj_rec_for_tag(uint32_t tag)
{
	int j = uk_obj_index(tag);

	return j < 0 ? UK_REC_COUNT : UK_REC_OBJ(j);
}

uint32_t
uk_obj_tag(int j)
{
	return objs[j].tag;
}

unsigned
uk_obj_flags(int j)
{
	return objs[j].flags;
}
