/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Wire constants of the uimkey card edge, shared by the card and the host.
 * docs/apdu.md is the prose reference; these are its numbers.
 */
#ifndef UIMKEY_WIRE_H
#define UIMKEY_WIRE_H

/* PIV application identifier (NIST SP 800-73-4): RID, then the PIX
 * 00 00 10 00 01 00.  Clients may select by the 5-byte RID alone. */
#define UIMKEY_PIV_AID          { 0xA0, 0x00, 0x00, 0x03, 0x08, \
                                  0x00, 0x00, 0x10, 0x00, 0x01, 0x00 }
#define UIMKEY_PIV_AID_LEN      11
#define UIMKEY_PIV_RID_LEN      5

/* Label in the application property template (tag 50). */
#define UIMKEY_APP_LABEL        "uimkey PIV"

/* Historical bytes of the ATR: they name the card. */
#define UIMKEY_ATR_HISTORICAL   "uimkey"

/* Class bytes (ISO 7816-4 5.4.1) of the basic channel; CLA_CHAIN is also
 * the chaining bit of every interindustry class. */
#define UIMKEY_CLA_ISO          0x00
#define UIMKEY_CLA_CHAIN        0x10

/* Logical channels (docs/apdu.md, "Logical channels"): 0 .. 19.  The
 * first interindustry class names 0-3 (CLA 00 | ch, secure messaging
 * bits 0C), the further one 4-19 (CLA 40 | (ch - 4), secure messaging
 * bit 20). */
#define UIMKEY_CHANNELS         20
#define UIMKEY_CLA_FIRST_MAX    3       /* last channel of the first class */
#define UIMKEY_CLA_FURTHER      0x40
#define UIMKEY_CLA_SM_FIRST     0x0C
#define UIMKEY_CLA_SM_FURTHER   0x20
/* MANAGE CHANNEL P1 (P2: the channel, 00 for "the card picks" / "this
 * one"). */
#define UIMKEY_MANAGE_OPEN      0x00
#define UIMKEY_MANAGE_CLOSE     0x80

/* Instructions: ISO 7816-4 and PIV. */
#define UIMKEY_INS_SELECT       0xA4
#define UIMKEY_INS_GET_RESPONSE 0xC0
#define UIMKEY_INS_GET_DATA     0xCB
#define UIMKEY_INS_PUT_DATA     0xDB
#define UIMKEY_INS_VERIFY       0x20
#define UIMKEY_INS_CHANGE_REF   0x24
#define UIMKEY_INS_RESET_RETRY  0x2C
#define UIMKEY_INS_GEN_AUTH     0x87
#define UIMKEY_INS_GEN_KEY      0x47
#define UIMKEY_INS_GET_CHALLENGE 0x84
#define UIMKEY_INS_MANAGE_CHANNEL 0x70
/* Yubico-compatible extensions. */
#define UIMKEY_INS_GET_VERSION  0xFD
#define UIMKEY_INS_GET_SERIAL   0xF8
#define UIMKEY_INS_GET_METADATA 0xF7
#define UIMKEY_INS_ATTEST       0xF9
#define UIMKEY_INS_RESET        0xFB
#define UIMKEY_INS_SET_RETRIES  0xFA
#define UIMKEY_INS_IMPORT_KEY   0xFE
#define UIMKEY_INS_SET_MGMT     0xFF
#define UIMKEY_INS_MOVE_KEY     0xF6

/* uimkey's own instructions (collide with nothing in PIV or Yubico). */
#define UIMKEY_INS_SET_PIN_POLICY 0x55  /* personalization: the PIN policy */
#define UIMKEY_INS_APPLY_LOCK     0x56  /* issuer lock: deliver a lock token */
#define UIMKEY_INS_INSTALL_ISSUER 0x57  /* issuer lock: install the issuer key */

/* Issuer lock (docs/apdu.md, "Issuer lock").  GET METADATA with P2 5A
 * (a reference that names no key) answers the lock state. */
#define UIMKEY_REF_LOCK           0x5A
#define UIMKEY_LOCK_DOMAIN        "uimkey lock token v1"  /* signed first */
#define UIMKEY_LOCK_DOMAIN_LEN    20
/* Signed message: domain, serial (4), action (1), counter (4). */
#define UIMKEY_LOCK_MSG_LEN       (UIMKEY_LOCK_DOMAIN_LEN + 4 + 1 + 4)
#define UIMKEY_LOCK_ACTION_LOCK   0x01
#define UIMKEY_LOCK_ACTION_UNLOCK 0x02
#define UIMKEY_LOCK_POINT_LEN     65    /* issuer key: P-256, 04 X Y */
#define UIMKEY_LOCK_SIG_MIN       8     /* DER ECDSA-Sig-Value, P-256 */
#define UIMKEY_LOCK_SIG_MAX       72
/* TLV tags: INSTALL ISSUER KEY data. */
#define UIMKEY_LOCK_TAG_ISSUER    0x01  /* 65-byte point */
#define UIMKEY_LOCK_TAG_START     0x02  /* initial counter, 4 bytes */
/* TLV tags: a lock token (APPLY LOCK TOKEN data). */
#define UIMKEY_LOCK_TAG_SERIAL    0x01
#define UIMKEY_LOCK_TAG_ACTION    0x02
#define UIMKEY_LOCK_TAG_COUNTER   0x03
#define UIMKEY_LOCK_TAG_SIG       0x04
/* TLV tags: GET METADATA 5A; tag 11 in GET METADATA 80. */
#define UIMKEY_LOCK_META_STATE    0x01
#define UIMKEY_LOCK_META_COUNTER  0x02
#define UIMKEY_LOCK_META_ISSUER   0x03
#define UIMKEY_LOCK_META_PIN_TAG  0x11
/* Lock state byte. */
#define UIMKEY_LOCK_STATE_NONE     0x00  /* no issuer key installed */
#define UIMKEY_LOCK_STATE_UNLOCKED 0x01  /* issuer key installed, unlocked */
#define UIMKEY_LOCK_STATE_LOCKED   0x02  /* locked by the issuer */

/* Algorithm identifiers (SP 800-78-4 table 6-2, Yubico). */
#define UIMKEY_ALG_3DES         0x03
#define UIMKEY_ALG_AES128       0x08
#define UIMKEY_ALG_AES192       0x0A
#define UIMKEY_ALG_AES256       0x0C
#define UIMKEY_ALG_RSA1024      0x06    /* refused: too weak */
#define UIMKEY_ALG_RSA2048      0x07
#define UIMKEY_ALG_RSA3072      0x05
#define UIMKEY_ALG_RSA4096      0x16
#define UIMKEY_ALG_ECCP256      0x11
#define UIMKEY_ALG_ECCP384      0x14
#define UIMKEY_ALG_PIN          0xFF    /* in metadata of PIN and PUK */

/* Secure messaging (SP 800-73-4 part 2; docs/apdu.md, "Secure
 * messaging"): cipher suite 2 (ECDH P-256, AES-128, SHA-256) with the
 * card's key-establishment key, reference 04, in GENERAL AUTHENTICATE. */
#define UIMKEY_ALG_SM_CS2       0x27
#define UIMKEY_REF_SM           0x04

/* PIN and touch policies (Yubico values; 0 = the slot's default). */
#define UIMKEY_PIN_POLICY_DEFAULT 0x00
#define UIMKEY_PIN_POLICY_NEVER   0x01
#define UIMKEY_PIN_POLICY_ONCE    0x02
#define UIMKEY_PIN_POLICY_ALWAYS  0x03
#define UIMKEY_TOUCH_POLICY_DEFAULT 0x00
#define UIMKEY_TOUCH_POLICY_NEVER   0x01

/* Key origin in metadata. */
#define UIMKEY_ORIGIN_GENERATED 0x01
#define UIMKEY_ORIGIN_IMPORTED  0x02

/* Key references of VERIFY and CHANGE REFERENCE DATA. */
#define UIMKEY_REF_PIN          0x80
#define UIMKEY_REF_PUK          0x81

/* Status words. */
#define UIMKEY_SW_OK                 0x9000
#define UIMKEY_SW_WRONG_PIN          0x63C0  /* | retries left */
#define UIMKEY_SW_BYTES_LEFT         0x6100  /* | remaining, 00 = 256+ */
#define UIMKEY_SW_LOCKED             0x6283  /* locked by the issuer */
#define UIMKEY_SW_MEMORY_FAILURE     0x6581
#define UIMKEY_SW_WRONG_LENGTH       0x6700
#define UIMKEY_SW_CHANNEL_UNSUPP     0x6881  /* the CLA's channel is not open */
#define UIMKEY_SW_SM_UNSUPP          0x6882
#define UIMKEY_SW_SM_MISSING         0x6987  /* secure-messaging objects missing */
#define UIMKEY_SW_SM_WRONG           0x6988  /* secure-messaging objects wrong */
#define UIMKEY_SW_CHAINING_UNSUPP    0x6884
#define UIMKEY_SW_SECURITY           0x6982
#define UIMKEY_SW_AUTH_BLOCKED       0x6983
#define UIMKEY_SW_REF_UNUSABLE       0x6984  /* lock token counter too old */
#define UIMKEY_SW_CONDITIONS         0x6985
#define UIMKEY_SW_WRONG_DATA         0x6A80
#define UIMKEY_SW_FUNC_UNSUPP        0x6A81
#define UIMKEY_SW_NOT_FOUND          0x6A82
#define UIMKEY_SW_NO_SPACE           0x6A84
#define UIMKEY_SW_WRONG_P1P2         0x6A86
#define UIMKEY_SW_REF_NOT_FOUND      0x6A88
#define UIMKEY_SW_WRONG_P1P2_OLD     0x6B00
#define UIMKEY_SW_INS_UNSUPP         0x6D00
#define UIMKEY_SW_CLA_UNSUPP         0x6E00
#define UIMKEY_SW_NO_DIAG            0x6F00

#endif
