/* SPDX-License-Identifier: BSD-2-Clause */
/* The attestation step of the RA's verdict (ra_attest.c), for
 * adm_ra_verify (ra_verify.c). */
#ifndef UIMKEY_ADMIN_RA_ATTEST_H
#define UIMKEY_ADMIN_RA_ATTEST_H

#include "admin/ra.h"

/*
 * in's attestation chain for the key of the request (spki): it verifies
 * to one of in's roots, it is for that key, its origin is "generated".
 * ADM_RA_ACCEPTED with v->attested, v->root and the card's serial;
 * ADM_RA_REFUSED with v->why; ADM_RA_BAD_INPUT when a file cannot be
 * read.  No chain: accepted only when in allows it.
 */
int adm_ra_attest_check(const struct adm_ra_in *in, const uk_x509_span *spki,
    struct adm_ra_verdict *v);

#endif
