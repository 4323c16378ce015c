/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fuzz targets' card: the real card core in process on a RAM store
 * with power cuts, a deterministic random source, and snapshots of the
 * states the fuzzers start from (factory, personalized with keys,
 * authenticated, locked), restored in microseconds before each input.
 *
 * Everything here is for fuzz/ only; card/ is linked unchanged.
 */
#ifndef UIMKEY_FUZZ_CARD_H
#define UIMKEY_FUZZ_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "card/card.h"
#include "tests/support/ram_memory.h"
#include "tests/support/test_rng.h"

/* The states a fuzz input starts from. */
enum fz_mode {
	FZ_FACTORY7 = 0,        /* blank store formatted, counter rng from 7 */
	FZ_FACTORY1 = 1,        /* the same from 1 (the unit tests use both) */
	FZ_PERSO = 2,           /* keys, certificates, issuer key; powered on */
	FZ_PERSO_AUTH = 3,      /* the same, management key and PIN proven */
	FZ_PERSO_LOCKED = 4,    /* the same, locked by an issuer token */
	FZ_MODES = 5
};

/* The memory (no durable copy: PREFIX cuts only; [lo, hi) is what the
 * input wrote, undone before the next) and the random source. */
extern struct ram_memory fz_store;
extern struct test_rng fz_rng;
extern uimkey_card fz_card;

/* Build every snapshot (once, in LLVMFuzzerInitialize); 0 or -1. */
int fz_setup(void);
/* Put the card, its store and its rng in the state of mode. */
void fz_start(enum fz_mode mode);
/* The serial of the cards of mode. */
uint32_t fz_serial(enum fz_mode mode);

/* How far the start state's store is used (damage goes below it). */
size_t fz_used(void);

/* Arm a power cut at the n-th write from now (tear 0..4). */
void fz_arm_cut(unsigned long n, int tear);
/* Power comes back: keep what landed, writes work again. */
void fz_reboot(void);

/*
 * One command as an extended APDU (Le 0000) with every 61xx part
 * collected into ans (cap bytes; the rest is dropped).  Returns SW.
 */
uint16_t fz_send(uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data,
    size_t len, uint8_t *ans, size_t cap, size_t *ans_len);
/* The same with the data in hex. */
uint16_t fz_sendx(uint8_t ins, uint8_t p1, uint8_t p2, const char *hex,
    uint8_t *ans, size_t cap, size_t *ans_len);

/* The 3DES management keys: the factory one, and the personalized
 * card's own (a card binds an issuer only once it has its own). */
extern const uint8_t fz_mgmt_factory[24], fz_mgmt_perso[24];
/* Mutual authentication with one of them; 1 when it worked. */
int fz_mgmt_auth(const uint8_t key[24]);
/* VERIFY 123456; 1 when it worked. */
int fz_verify_pin(void);

/* Hex digits (spaces ignored) to bytes; the byte count. */
size_t fz_hex(const char *s, uint8_t *out, size_t cap);

/*
 * Private key material: the known keys imported at personalization and
 * whatever private parts the key records of the card hold now.  Each
 * secret is a byte range; fz_secrets_from_card() appends the card's.
 */
#define FZ_SECRETS_MAX 96
struct fz_secrets {
	const uint8_t *s[FZ_SECRETS_MAX];
	size_t len[FZ_SECRETS_MAX];
	size_t n;
	uint8_t buf[FZ_SECRETS_MAX * 64 + 8192];
	size_t used;
};
void fz_secrets_reset(struct fz_secrets *x);
void fz_secrets_add(struct fz_secrets *x, const uint8_t *s, size_t len);
void fz_secrets_from_card(struct fz_secrets *x);
/* The secrets of the snapshot of mode (its keys at the start). */
const struct fz_secrets *fz_mode_secrets(enum fz_mode mode);
/*
 * 1 when hay holds a 16-byte window of a secret (windows at multiples
 * of 16 and the last one, so any 31 bytes in a row are caught) that
 * the fuzzer did not itself supply in input.
 */
int fz_leaks(const struct fz_secrets *x, const uint8_t *hay, size_t n,
    const uint8_t *input, size_t input_len, size_t *which);

/* The issuer's key of the personalized card (the RFC 6979 P-256 key):
 * sign a lock token; its length, 0 on failure. */
size_t fz_lock_token(uint32_t serial, uint8_t action, uint32_t counter,
    uint8_t *out, size_t cap);

#endif
