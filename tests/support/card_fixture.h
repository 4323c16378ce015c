/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Commands to a card core in process, for unit tests, fuzz targets and
 * benchmarks alike: one command with every 61xx part collected by GET
 * RESPONSE, and the extended APDU (Le 0000) of a command.  The unit
 * tests' per-program conveniences sit on top of these in
 * tests/unit/card_fixture.h.
 */
#ifndef UIMKEY_TEST_SUPPORT_CARD_FIXTURE_H
#define UIMKEY_TEST_SUPPORT_CARD_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_rng.h"

/* Start card on memory m with a counter rng from seed; powered on when
 * it started.  Returns what uimkey_card_init() did. */
int tc_start(uimkey_card *card, struct ram_memory *m, struct test_rng *rng,
    uint8_t seed);

/*
 * One APDU: the whole response (data and status word) in rsp
 * (UIMKEY_CARD_RSP_MAX bytes) and *rsp_len; its data appended to ans at
 * *ans_len when it fits in cap (ans may be NULL).  Returns the SW.
 */
uint16_t tc_process(uimkey_card *card, const uint8_t *cmd, size_t len,
    uint8_t *rsp, size_t *rsp_len, uint8_t *ans, size_t cap,
    size_t *ans_len);
/* tc_process(), then GET RESPONSE (on cmd's channel) while the card
 * says 61xx: every part's data joined in ans; the last SW. */
uint16_t tc_process_all(uimkey_card *card, const uint8_t *cmd, size_t len,
    uint8_t *rsp, size_t *rsp_len, uint8_t *ans, size_t cap,
    size_t *ans_len);
/* The class byte cla (00 or 10: the basic channel's) on channel ch
 * (0-19), its chaining bit kept, as docs/apdu.md "Logical channels"
 * draws it. */
uint8_t tc_on_channel(uint8_t cla, unsigned ch);

/* The channel a class byte names (0 for one that names none). */
unsigned tc_channel_of(uint8_t cla);

/* The extended APDU 00 ins p1 p2 00 [Lc Lc data] 00 00 into cmd
 * (UIMKEY_CARD_CMD_MAX bytes; len at most UIMKEY_CARD_CMD_DATA_MAX); its
 * length. */
size_t tc_ext_apdu(uint8_t *cmd, uint8_t ins, uint8_t p1, uint8_t p2,
    const uint8_t *data, size_t len);

#endif
