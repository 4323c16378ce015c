/* SPDX-License-Identifier: BSD-2-Clause */
/* Mechanisms: the table, C_GetMechanismList and C_GetMechanismInfo. */
#include <string.h>

#include "pkcs11/p11_hash.h"
#include "pkcs11/p11_mech.h"
#include "pkcs11/p11_slot.h"

#define SIGN_EC   (CKF_HW | CKF_SIGN | CKF_VERIFY | CKF_EC_F_P | \
                   CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)
#define SIGN_RSA  (CKF_HW | CKF_SIGN | CKF_VERIFY)
#define ALL_RSA   (CKF_HW | CKF_SIGN | CKF_VERIFY | CKF_DECRYPT | CKF_ENCRYPT)
#define CRYPT_RSA (CKF_HW | CKF_DECRYPT | CKF_ENCRYPT)

static const struct p11_mech table[] = {
	{ CKM_EC_KEY_PAIR_GEN, P11_MK_GEN_EC, 0, P11_PAD_NONE,
	    CKF_HW | CKF_GENERATE_KEY_PAIR | CKF_EC_F_P | CKF_EC_NAMEDCURVE |
	    CKF_EC_UNCOMPRESS },
	{ CKM_RSA_PKCS_KEY_PAIR_GEN, P11_MK_GEN_RSA, 0, P11_PAD_NONE,
	    CKF_HW | CKF_GENERATE_KEY_PAIR },
	{ CKM_ECDSA, P11_MK_ECDSA, 0, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDSA_SHA1, P11_MK_ECDSA, P11_SHA1, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDSA_SHA224, P11_MK_ECDSA, P11_SHA224, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDSA_SHA256, P11_MK_ECDSA, P11_SHA256, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDSA_SHA384, P11_MK_ECDSA, P11_SHA384, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDSA_SHA512, P11_MK_ECDSA, P11_SHA512, P11_PAD_NONE, SIGN_EC },
	{ CKM_ECDH1_DERIVE, P11_MK_ECDH, 0, P11_PAD_NONE,
	    CKF_HW | CKF_DERIVE | CKF_EC_F_P | CKF_EC_NAMEDCURVE |
	    CKF_EC_UNCOMPRESS },
	{ CKM_RSA_PKCS, P11_MK_RSA, 0, P11_PAD_PKCS1, ALL_RSA },
	{ CKM_RSA_X_509, P11_MK_RSA, 0, P11_PAD_X509, ALL_RSA },
	{ CKM_RSA_PKCS_PSS, P11_MK_RSA, 0, P11_PAD_PSS, SIGN_RSA },
	{ CKM_RSA_PKCS_OAEP, P11_MK_RSA, 0, P11_PAD_OAEP, CRYPT_RSA },
	{ CKM_SHA1_RSA_PKCS, P11_MK_RSA, P11_SHA1, P11_PAD_PKCS1, SIGN_RSA },
	{ CKM_SHA224_RSA_PKCS, P11_MK_RSA, P11_SHA224, P11_PAD_PKCS1, SIGN_RSA },
	{ CKM_SHA256_RSA_PKCS, P11_MK_RSA, P11_SHA256, P11_PAD_PKCS1, SIGN_RSA },
	{ CKM_SHA384_RSA_PKCS, P11_MK_RSA, P11_SHA384, P11_PAD_PKCS1, SIGN_RSA },
	{ CKM_SHA512_RSA_PKCS, P11_MK_RSA, P11_SHA512, P11_PAD_PKCS1, SIGN_RSA },
	{ CKM_SHA1_RSA_PKCS_PSS, P11_MK_RSA, P11_SHA1, P11_PAD_PSS, SIGN_RSA },
	{ CKM_SHA224_RSA_PKCS_PSS, P11_MK_RSA, P11_SHA224, P11_PAD_PSS,
	    SIGN_RSA },
	{ CKM_SHA256_RSA_PKCS_PSS, P11_MK_RSA, P11_SHA256, P11_PAD_PSS,
	    SIGN_RSA },
	{ CKM_SHA384_RSA_PKCS_PSS, P11_MK_RSA, P11_SHA384, P11_PAD_PSS,
	    SIGN_RSA },
	{ CKM_SHA512_RSA_PKCS_PSS, P11_MK_RSA, P11_SHA512, P11_PAD_PSS,
	    SIGN_RSA },
	/* Digests are the host's: no CKF_HW. */
	{ CKM_SHA_1, P11_MK_DIGEST, P11_SHA1, P11_PAD_NONE, CKF_DIGEST },
	{ CKM_SHA224, P11_MK_DIGEST, P11_SHA224, P11_PAD_NONE, CKF_DIGEST },
	{ CKM_SHA256, P11_MK_DIGEST, P11_SHA256, P11_PAD_NONE, CKF_DIGEST },
	{ CKM_SHA384, P11_MK_DIGEST, P11_SHA384, P11_PAD_NONE, CKF_DIGEST },
	{ CKM_SHA512, P11_MK_DIGEST, P11_SHA512, P11_PAD_NONE, CKF_DIGEST },
};

#define N_MECHS (sizeof(table) / sizeof(table[0]))

const struct p11_mech *
p11_mech_get(CK_MECHANISM_TYPE type)
{
	size_t i;

	for (i = 0; i < N_MECHS; i++)
		if (table[i].type == type)
			return &table[i];
	return NULL;
}

/* p11_slot_enter(), and a card must be in the slot's reader. */
static CK_RV
enter_with_token(CK_SLOT_ID slotID, int args_ok)
{
	struct p11_slot *s;
	CK_RV rv;

	if ((rv = p11_slot_enter(slotID, args_ok, &s)) != CKR_OK)
		return rv;
	if (!s->card_present) {
		p11_leave();
		rv = CKR_TOKEN_NOT_PRESENT;
	}
	return rv;
}

P11_EXPORT CK_RV
C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList,
    CK_ULONG_PTR pulCount)
{
	CK_RV rv;
	size_t i;

	if ((rv = enter_with_token(slotID, pulCount != NULL)) != CKR_OK)
		return rv;
	if (pMechanismList != NULL && *pulCount < N_MECHS)
		rv = CKR_BUFFER_TOO_SMALL;
	else if (pMechanismList != NULL)
		for (i = 0; i < N_MECHS; i++)
			pMechanismList[i] = table[i].type;
	*pulCount = N_MECHS;
	p11_leave();
	return rv;
}

P11_EXPORT CK_RV
C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type,
    CK_MECHANISM_INFO_PTR pInfo)
{
	const struct p11_mech *m;
	CK_RV rv;

	if ((rv = enter_with_token(slotID, pInfo != NULL)) != CKR_OK)
		return rv;
	if ((m = p11_mech_get(type)) == NULL) {
		rv = CKR_MECHANISM_INVALID;
		goto out;
	}
	memset(pInfo, 0, sizeof(*pInfo));
	pInfo->flags = m->flags;
	switch (m->kind) {
	case P11_MK_ECDSA:
		pInfo->ulMinKeySize = P11_EC_MIN_BITS;
		pInfo->ulMaxKeySize = P11_ECDSA_MAX_BITS;
		break;
	case P11_MK_ECDH:
	case P11_MK_GEN_EC:
		pInfo->ulMinKeySize = P11_EC_MIN_BITS;
		pInfo->ulMaxKeySize = P11_EC_MAX_BITS;
		break;
	case P11_MK_RSA:
	case P11_MK_GEN_RSA:
		pInfo->ulMinKeySize = P11_RSA_MIN_BITS;
		pInfo->ulMaxKeySize = P11_RSA_MAX_BITS;
		break;
	default:
		break;
	}
out:
	p11_leave();
	return rv;
}
