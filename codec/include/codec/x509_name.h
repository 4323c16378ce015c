/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * X.501 Names of several attributes (CN, O, OU, C, ...), for subjects of
 * requests and certificates; codec/x509.h builds only one-CN Names.
 * Freestanding, like the rest of the codec.
 */
#ifndef UK_CODEC_X509_NAME_H
#define UK_CODEC_X509_NAME_H

#include <stddef.h>
#include <stdint.h>

/* Attribute types (X.520), as DER contents of the OID. */
#define UK_OID_COUNTRY        { 0x55, 0x04, 0x06 }   /* 2.5.4.6 C */
#define UK_OID_LOCALITY       { 0x55, 0x04, 0x07 }   /* 2.5.4.7 L */
#define UK_OID_STATE          { 0x55, 0x04, 0x08 }   /* 2.5.4.8 ST */
#define UK_OID_ORGANIZATION   { 0x55, 0x04, 0x0A }   /* 2.5.4.10 O */
#define UK_OID_ORG_UNIT       { 0x55, 0x04, 0x0B }   /* 2.5.4.11 OU */
#define UK_OID_SERIAL_NUMBER  { 0x55, 0x04, 0x05 }   /* 2.5.4.5 */

/* Most attributes in one Name, and the longest value (X.520's largest
 * upper bound, ub-name, is 32768; ours is what a card object holds). */
#define UK_X509_NAME_ATTRS_MAX  16
#define UK_X509_NAME_VALUE_MAX  256

/* One AttributeTypeAndValue.  tag is UK_DER_UTF8_STRING or
 * UK_DER_PRINTABLE (then value must be in PrintableString's
 * alphabet). */
typedef struct {
	const uint8_t *oid;
	size_t oid_len;
	uint8_t tag;
	const char *value;
	size_t len;
} uk_x509_attr;

/*
 * Name ::= SEQUENCE OF RelativeDistinguishedName, one attribute in each
 * RDN, in the order given (DER order: the most general first, e.g. C, O,
 * OU, CN).  Returns the length written, 0 on bad input (no or too many
 * attributes, an empty or too long value, a value that is not UTF-8 or
 * not printable for its tag, an unknown tag) or when it does not fit.
 */
size_t uk_x509_name(const uk_x509_attr *attr, size_t count,
    uint8_t *out, size_t cap);

#endif
