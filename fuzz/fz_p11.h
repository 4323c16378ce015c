/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PKCS#11 helpers of the fuzz targets: attribute templates decoded from
 * fuzzer bytes (every value in a buffer of exactly its size, so that
 * the module reading or writing past ulValueLen is caught), and a tour
 * of the module that reads every object and every attribute.
 */
#ifndef UIMKEY_FUZZ_P11_H
#define UIMKEY_FUZZ_P11_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* Entry points of the module, linked in statically. */
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList);

/* A cursor over fuzzer bytes; reading past the end gives zeros. */
struct fz_in {
	const uint8_t *p, *end;
};
uint8_t fz_u8(struct fz_in *in);
/* n bytes (fewer at the end: *got says how many). */
const uint8_t *fz_bytes(struct fz_in *in, size_t n, size_t *got);

#define FZ_TMPL_MAX 24
struct fz_tmpl {
	CK_ATTRIBUTE a[FZ_TMPL_MAX];
	void *base[FZ_TMPL_MAX];        /* what to free */
	CK_ULONG n;
};

/*
 * A template: count (mod FZ_TMPL_MAX + 1), then per attribute
 *   type byte: bit 7 the value at an odd (unaligned) address; bits 0-6
 *              < 7E an index into the known attributes, 7E a 4-byte
 *              raw type follows (7F: the same | CKF_ARRAY_ATTRIBUTE)
 *   mode byte: bit 7 pValue NULL with ulValueLen (mode & 0x7F);
 *              bit 6 ulValueLen CK_UNAVAILABLE_INFORMATION (NULL value);
 *              else a value of (mode & 0x3F) bytes, or for 3F a length
 *              byte follows (up to 255); the value's bytes follow, or
 *              with out set, the buffer is left zero for the module to
 *              fill (C_GetAttributeValue).  The buffer is exactly the
 *              value's size.
 * Values of CK_ULONG and CK_BBOOL attributes are sized as the fuzzer
 * says: the module must check ulValueLen.
 */
void fz_tmpl_read(struct fz_in *in, struct fz_tmpl *t, int out);
void fz_tmpl_free(struct fz_tmpl *t);

/* Every attribute the module knows, for the tour. */
extern const CK_ATTRIBUTE_TYPE fz_attr_types[];
extern const size_t fz_attr_count;

/*
 * The module from C_Initialize to C_Finalize: slots, token, a session,
 * every object found, every attribute of each (size query, then value),
 * optionally a login and a signature.  Needs fz_io_wrap_all set.
 */
void fz_p11_tour(uint8_t flags);

#endif
