/* SPDX-License-Identifier: BSD-2-Clause */
/* libuimkey's one error space. */
#ifndef UIMKEY_ERR_H
#define UIMKEY_ERR_H

#include <stdint.h>

#include "host/uimkey_api.h"

#define UIMKEY_OK                    0
#define UIMKEY_ERR_ARG              -1   /* bad argument */
#define UIMKEY_ERR_INTERNAL         -2   /* a bug in uimkey */
#define UIMKEY_ERR_NOMEM            -3   /* out of memory */
#define UIMKEY_ERR_PCSC             -4   /* PC/SC failed (pcscd not running?) */
#define UIMKEY_ERR_NO_READER        -5   /* no such reader */
#define UIMKEY_ERR_NO_CARD          -6   /* no card in the reader */
#define UIMKEY_ERR_CARD_REMOVED     -7   /* the card was removed */
#define UIMKEY_ERR_CARD_RESET       -8   /* another program reset the card */
#define UIMKEY_ERR_SHARING          -9   /* another program holds the card */
#define UIMKEY_ERR_TX              -10   /* transmission failed */
#define UIMKEY_ERR_TIMEOUT         -11   /* nothing happened in time */
#define UIMKEY_ERR_CANCELLED       -12   /* the wait was cancelled */
#define UIMKEY_ERR_NOT_PIV         -13   /* no PIV application on the card */
#define UIMKEY_ERR_NOT_OPEN        -14   /* context or device not open */
#define UIMKEY_ERR_RSP_TOO_LONG    -15   /* the answer does not fit */
#define UIMKEY_ERR_BAD_RSP         -16   /* the card's answer is malformed */
#define UIMKEY_ERR_UNSUPPORTED     -17   /* valid, but not handled (e.g. a
                                            compressed certificate) */
#define UIMKEY_ERR_PIN_MUST_CHANGE -18   /* PIN right, but to be changed
                                            before use (VERIFY 6985) */
#define UIMKEY_ERR_PIN_POLICY      -19   /* the new PIN or PUK is refused
                                            (6A80 to a change); no try spent */
/* Status words, mapped by uimkey_sw_err(). */
#define UIMKEY_ERR_SW_WRONG_LENGTH -20   /* 6700 */
#define UIMKEY_ERR_SW_SECURITY     -21   /* 6982 */
#define UIMKEY_ERR_SW_BLOCKED      -22   /* 6983 */
#define UIMKEY_ERR_SW_CONDITIONS   -23   /* 6985 */
#define UIMKEY_ERR_SW_DATA         -24   /* 6A80 */
#define UIMKEY_ERR_SW_NOT_FOUND    -25   /* 6A82 */
#define UIMKEY_ERR_SW_NO_SPACE     -26   /* 6A84 */
#define UIMKEY_ERR_SW_P1P2         -27   /* 6A86, 6B00 */
#define UIMKEY_ERR_SW_INS          -28   /* 6D00 */
#define UIMKEY_ERR_SW_CLA          -29   /* 6E00 */
#define UIMKEY_ERR_SW_MEMORY       -30   /* 6581 */
#define UIMKEY_ERR_SW_WRONG_PIN    -31   /* 63Cx */
#define UIMKEY_ERR_SW_OTHER        -32   /* any other non-9000 */
#define UIMKEY_ERR_SW_NO_REF       -33   /* 6A88: e.g. an empty key slot */
/* Issuer lock (uimkey_piv_lock_*(); docs/apdu.md "Issuer lock"). */
#define UIMKEY_ERR_SW_LOCKED       -40   /* 6283: the card is locked by its
                                            issuer (any refused command) */
#define UIMKEY_ERR_LOCK_NO_ISSUER  -41   /* a token to a card without an
                                            issuer key (6985) */
#define UIMKEY_ERR_LOCK_ISSUER_SET -42   /* an issuer key is installed
                                            already (6985) */
#define UIMKEY_ERR_LOCK_OTHER_CARD -43   /* the token names another card's
                                            serial (6A88) */
#define UIMKEY_ERR_LOCK_BAD_SIG    -44   /* the token is not signed by the
                                            card's issuer (6982) */
#define UIMKEY_ERR_LOCK_STALE      -45   /* the token's counter is not above
                                            the last applied: replayed or
                                            superseded (6984) */
#define UIMKEY_ERR_LOCK_DEFAULT_MGMT -46 /* INSTALL ISSUER KEY while the
                                            management key is the factory
                                            one (6985) */
#define UIMKEY_ERR_SM              -47   /* the card offers secure messaging
                                            and fails its checks: its CVC,
                                            its key, or a protected answer */

/* A constant string naming err; never NULL. */
UIMKEY_API const char *uimkey_strerr(int err);

/* UIMKEY_OK for 9000, else the UIMKEY_ERR_SW_ code of sw. */
UIMKEY_API int uimkey_sw_err(uint16_t sw);

#endif
