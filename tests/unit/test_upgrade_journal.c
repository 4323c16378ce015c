/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey_card_upgrade of a format-1 store whose earlier card was stopped
 * after a commit point, before the records went home: the upgrade reads
 * the store as that card's next start left it (its journal replayed),
 * and never writes the old store.  A commit: the new PIN and a data
 * object; a record put twice, the later put; a home copy torn while the
 * replay ran, the journal's.  A factory reset: records it kept (stamps)
 * come over (a stamp after a put: the put's content), the rest empty
 * whatever their home copies and the meta record's say, also when its
 * replay was cut short.  A header torn by the cut (no
 * mark; no magic) was no commit: the state before.  Magic and mark
 * around a header, entries or entry bytes no card wrote: damaged,
 * refused, as that card refused to start.
 */
#include "tests/unit/v1_image.h"

#define NEW_PIN  "24681357"
#define OBJ_PUT  UK_REC_OBJ(2)
#define OBJ_KEPT UK_REC_OBJ(5)
#define KEY_9A   UK_REC_KEY(uimkey_slot_index(0x9A))

static uint8_t before[UIMKEY_MEMORY_SIZE];
static const uint8_t obj[] = { 0x53, 0x04, 0x01, 0x02, 0x03, 0x04 };

/* The upgraded record id: its length, or -1. */
static long
rec_len(unsigned id, uint8_t *rec)
{
	size_t len = 0;

	if (uk_rec_read(&card, id, rec, UK_REC_OBJ_MAX, &len) != UK_OK)
		return -1;
	return (long)len;
}

static int
upgraded(void)
{
	int r;

	memcpy(before, old.mem, sizeof(before));
	ram_memory_blank(&store, 1);
	r = upgrade();
	return r == UIMKEY_CARD_OK && memcmp(before, old.mem,
	    sizeof(before)) == 0;
}

/* The image with a journal putting PIN pin (3 tries) and the object. */
static void
txn_image(const char *pin)
{
	uint8_t cred[V1_CRED_LEN];

	v1_image();
	v1_cred(cred, pin, 3);
	v1_jput(UK_REC_CRED, cred, sizeof(cred));
	v1_jput(OBJ_PUT, obj, sizeof(obj));
}

static void
test_committed(void)
{
	uint8_t rec[UK_REC_OBJ_MAX];

	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	check(upgraded(), "a committed transaction: upgraded, the old store "
	    "left as it was");
	check(verify("654321") == 0x63C2, "the PIN before it is wrong");
	check(verify(NEW_PIN) == UIMKEY_SW_OK, "the PIN it put is right");
	check(rec_len(OBJ_PUT, rec) == (long)sizeof(obj) &&
	    memcmp(rec, obj, sizeof(obj)) == 0, "the object it put is there");
	check(signs_vec(), "a record it did not name comes from home");

	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	old.mem[V1_RECS_OFF + V1_HDR_LEN + 3] ^= 0x10;
	check(upgraded() && verify(NEW_PIN) == UIMKEY_SW_OK,
	    "a home copy torn by its replay: the journal's counts");

	txn_image("13572468");
	v1_cred(rec, NEW_PIN, 3);
	v1_jput(UK_REC_CRED, rec, V1_CRED_LEN);
	v1_jcommit(V1_EPOCH, 0);
	check(upgraded() && verify("13572468") == 0x63C2 &&
	    verify(NEW_PIN) == UIMKEY_SW_OK, "a record put twice: the later");
}

static void
test_torn(void)
{
	uint8_t rec[UK_REC_OBJ_MAX];

	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	memset(old.mem + V1_JHDR_OFF + 28, 0xFF, 4);
	check(upgraded() && verify(NEW_PIN) == 0x63C1 &&
	    verify("654321") == UIMKEY_SW_OK && rec_len(OBJ_PUT, rec) == 0,
	    "a header without its mark (a torn commit): the state before");
	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	memset(old.mem + V1_JHDR_OFF, 0xFF, 4);
	check(upgraded() && verify("654321") == UIMKEY_SW_OK &&
	    rec_len(OBJ_PUT, rec) == 0,
	    "one without its magic (a torn erasure): the state before");
}

/* A committed journal, then damage at off (0: none) and a commit again
 * when recommit is set: refused as damaged. */
static void
damaged(size_t off, int recommit, uint32_t flags, const char *name)
{
	if (off != 0)
		old.mem[off] ^= 0x01;
	if (recommit)
		v1_jcommit(V1_EPOCH, flags);
	refused_with(UIMKEY_CARD_ERR_CORRUPT, name);
}

static void
test_damaged(void)
{
	uint8_t big[200];

	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	damaged(V1_JHDR_OFF + 7, 0, 0, "a header failing its CRC-32");
	txn_image(NEW_PIN);
	v1_jcommit(V1_EPOCH, 0);
	damaged(V1_JDATA_OFF + 20, 0, 0, "entry bytes failing their CRC-32");
	txn_image(NEW_PIN);
	damaged(0, 1, 2, "flags no card wrote");
	txn_image(NEW_PIN);
	damaged(V1_JDATA_OFF, 1, 0, "an entry of no kind");
	txn_image(NEW_PIN);
	v1_jput(UK_REC_COUNT, obj, 4);
	damaged(0, 1, 0, "an entry naming the meta record");
	txn_image(NEW_PIN);
	v1_jcount++;
	damaged(0, 1, 0, "a count of entries beyond the entry bytes");
	txn_image(NEW_PIN);
	v1_jcount--;
	damaged(0, 1, 0, "one short of them");
	txn_image(NEW_PIN);
	memset(big, 0x11, sizeof(big));
	v1_jput(UK_REC_CRED, big, sizeof(big));
	damaged(0, 1, 0, "a put beyond its record's capacity");
}

/* A reset committed: the factory PIN put, 9A kept, epoch one up. */
static void
reset_image(void)
{
	uint8_t cred[V1_CRED_LEN];

	v1_image();
	v1_put(OBJ_KEPT, V1_EPOCH, obj, sizeof(obj));
	v1_cred(cred, "123456", 3);
	v1_jput(UK_REC_CRED, cred, sizeof(cred));
	v1_jstamp(KEY_9A, V1_EPOCH + 1);
	v1_jcommit(V1_EPOCH + 1, V1_JHDR_WIPE);
}

static void
test_reset(void)
{
	uint8_t rec[UK_REC_OBJ_MAX], meta[4];

	reset_image();
	old.mem[V1_META_OFF + V1_HDR_LEN + 3] ^= 0x01;
	check(upgraded(), "a committed reset: upgraded (the meta record's "
	    "home copy, damaged, counts for nothing: the replay writes it)");
	check(verify("654321") == 0x63C2 && verify("123456") == UIMKEY_SW_OK,
	    "the PIN it put is right, the one before wrong");
	check(signs_vec(), "the key it kept comes over");
	check(rec_len(OBJ_KEPT, rec) == 0, "a record it did not name is empty");

	reset_image();
	uk_put_be32(meta, V1_EPOCH + 1);
	v1_put(UK_REC_COUNT, V1_EPOCH + 1, meta, sizeof(meta));
	v1_put(OBJ_KEPT, V1_EPOCH + 1, NULL, 0);
	memcpy(rec, old.mem + uk_v1_off(KEY_9A) + V1_HDR_LEN, 101);
	v1_put(KEY_9A, V1_EPOCH + 1, rec, 101);
	memset(old.mem + uk_v1_off(UK_REC_CRED), 0xFF, V1_HDR_LEN);
	check(upgraded() && verify("123456") == UIMKEY_SW_OK &&
	    signs_vec() && rec_len(OBJ_KEPT, rec) == 0,
	    "a reset whose replay was cut short: the same");

	reset_image();
	old.mem[uk_v1_off(OBJ_KEPT) + V1_HDR_LEN + 1] ^= 0x01;
	check(upgraded() && rec_len(OBJ_KEPT, rec) == 0,
	    "a record it empties need not be whole at home");

	reset_image();
	v1_jput(OBJ_PUT, obj, sizeof(obj));
	v1_jentry(V1_JENT_STAMP, OBJ_PUT, sizeof(obj), v1_crc(OBJ_PUT,
	    V1_EPOCH + 1, obj, sizeof(obj)), NULL, 0);
	v1_jcommit(V1_EPOCH + 1, V1_JHDR_WIPE);
	check(upgraded() && rec_len(OBJ_PUT, rec) == (long)sizeof(obj) &&
	    memcmp(rec, obj, sizeof(obj)) == 0,
	    "a stamp after a put keeps what the put wrote");

	reset_image();
	memset(old.mem + V1_JHDR_OFF + 28, 0xFF, 4);
	check(upgraded() && verify("654321") == UIMKEY_SW_OK &&
	    rec_len(OBJ_KEPT, rec) == (long)sizeof(obj),
	    "a torn reset: the state before");

	reset_image();
	old.mem[uk_v1_off(KEY_9A) + V1_HDR_LEN + 40] ^= 0x01;
	refused_with(UIMKEY_CARD_ERR_CORRUPT,
	    "a kept record whose content is not what its stamp says: refused");
}

int
main(void)
{
	v1_vectors();
	test_committed();
	test_torn();
	test_damaged();
	test_reset();
	return check_done();
}
