/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The store's layout as NAME=VALUE lines, one a line, for the
 * integration tests that read or cut a store file (53-store-scan.sh,
 * 54-store-forgery.sh, store_scan.py): compiled by them against the
 * card's own headers, so they follow the layout when it changes.
 * KEYREC_xx is the record id of key slot xx (9a, 82, f9, ...).
 */
#include <stdio.h>

#include "card/piv_rules.h"
#include "card/store/store_layout.h"

#define SHOW(name) printf("%s=%lu\n", #name, (unsigned long)(name))

static void
show_slots(void)
{
	int i;

	for (i = 0; i < UIMKEY_SLOT_COUNT; i++)
		printf("KEYREC_%02x=%u\n", uimkey_slot_ref(i), UK_REC_KEY(i));
}

int
main(void)
{
	SHOW(UIMKEY_MEMORY_SIZE);
	SHOW(UK_LAYOUT_HDR_OFF);
	SHOW(UK_LAYOUT_HDR_FORMAT);
	SHOW(UK_LAYOUT_HDR_SERIAL);
	SHOW(UK_LAYOUT_HDR_NONCE);
	SHOW(UK_LAYOUT_HDR_TAG);
	SHOW(UK_LAYOUT_HDR_END);
	SHOW(UK_NONCE_LEN);
	SHOW(UK_TAG_LEN);
	SHOW(UK_HOME_HDR_VER);
	SHOW(UK_HOME_HDR_LEN_AT);
	SHOW(UK_HOME_HDR_NONCE);
	SHOW(UK_HOME_HDR_TAG);
	SHOW(UK_HOME_HDR_LEN);
	SHOW(UK_META_ID);
	SHOW(UK_META_OFF);
	SHOW(UK_META_LEN);
	SHOW(UK_META_ROOM);
	SHOW(UK_MAN_SEQ);
	SHOW(UK_MAN_COUNTER);
	SHOW(UK_MAN_VERSIONS);
	SHOW(UK_JHDR_OFF);
	SHOW(UK_JH_MAGIC);
	SHOW(UK_JH_SEQ);
	SHOW(UK_JH_COUNT);
	SHOW(UK_JH_BYTES);
	SHOW(UK_JH_NONCE);
	SHOW(UK_JH_TAG);
	SHOW(UK_JH_MARK);
	SHOW(UK_JHDR_LEN);
	SHOW(UK_JDATA_OFF);
	SHOW(UK_JDATA_LEN);
	SHOW(UK_JENT_HDR_LEN);
	SHOW(UK_JMAN_LEN);
	SHOW(UK_RECS_OFF);
	SHOW(UK_KEYS_OFF);
	SHOW(UK_KEY_ROOM);
	SHOW(UK_OBJS_OFF);
	SHOW(UK_OBJ_ROOM);
	SHOW(UK_RECS_END);
	SHOW(UK_REC_CRED);
	SHOW(UK_REC_ISSUER);
	SHOW(UK_REC_CRED_MAX);
	SHOW(UK_REC_ISSUER_MAX);
	SHOW(UK_REC_KEY_MAX);
	SHOW(UK_REC_OBJ_MAX);
	SHOW(UK_REC_OBJ0);
	SHOW(UK_REC_COUNT);
	SHOW(UK_OBJ_COUNT);
	SHOW(UIMKEY_SLOT_COUNT);
	show_slots();
	return 0;
}
