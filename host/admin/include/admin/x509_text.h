/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Certificates and names as text (x509_text.c, subject.c).
 * - adm_dn_string: a Name as RFC 4514 text (most specific first).
 * - adm_cert_info: the parts of a certificate a person reads.
 * - adm_subject_parse: RFC 4514 text (--subject) to a DER Name; -1 after
 *   a message.
 */
#ifndef UIMKEY_ADMIN_X509_TEXT_H
#define UIMKEY_ADMIN_X509_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define ADM_DN_MAX 512
struct adm_cert_info {
	char subject[ADM_DN_MAX], issuer[ADM_DN_MAX];
	char not_before[32], not_after[32];    /* "YYYY-MM-DD HH:MM:SS UTC" */
	long long not_after_epoch;
	int self_issued;                        /* issuer = subject, bytes */
};
int adm_dn_string(const uint8_t *name, size_t len, char *out, size_t cap);
int adm_cert_info(const uint8_t *cert, size_t len, struct adm_cert_info *ci);
int adm_subject_parse(const char *subject, uint8_t *out, size_t cap,
    size_t *len);

#endif
