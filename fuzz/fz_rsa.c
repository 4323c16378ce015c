/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * RSA key generation for the fuzz targets: the card core asks BearSSL's
 * br_rsa_keygen_get_default() for a generator, which the fuzz build
 * wraps (-Wl,--wrap=br_rsa_keygen_get_default) to hand out fixed keys of
 * the size asked for.  A real RSA-4096 generation takes seconds and
 * would stall the fuzzer; the card's code around it (records, answers,
 * attestation) runs unchanged.  Other sizes fall back to BearSSL.
 */
#include <string.h>

#include <bearssl/bearssl.h>

#include "fuzz/fz_card.h"
#include "tests/unit/key_vectors.h"

br_rsa_keygen __real_br_rsa_keygen_get_default(void);
br_rsa_keygen __wrap_br_rsa_keygen_get_default(void);

/* A 3072-bit key made for the fuzz targets (openssl genrsa 3072). */
#define FZ_RSA3K_P \
	"ED67B9F54013BAB5AD493FE4C41883D31BE609FE22D37CF8823798161000AE2B" \
	"C26AFF41D1FD8CD9271179D3019B6FCD1D4491CA9AF17ECD94FDEFE66A50264A" \
	"414336D1D5724237867F14286208F992E989CE4DE9FA74B84856E3848F6C3DCB" \
	"6D54A7E2A78262702D4AE13E3A23C95D7F550C75A8344CBB235ACDFCBFE73094" \
	"39011F8F503597DCDC1427938CFD8BF7629AAFDEC9303AC8FB10E4429E60AE1D" \
	"CE4D679186D848B083B40F8D1C622BE95FC45E0246A33237A893F4588977610F"

#define FZ_RSA3K_Q \
	"C2C81246DBC2E03AD7934180F7C06F439E0A7390EA1424537EDC4E8D378CB111" \
	"4608EE6B7DD236EAAEECF6849EFA1BE73B6FDEC4B19E66A1F8346B3B589BB1B2" \
	"AE6794DEE357545DD09F5D89CF6134860A06BA3AEF6C80045AEFAEAC1D1569AA" \
	"4CC5319D64B6E3C232CA4E8E1E148DEEFE04269FBCAD67DEFFBEE43BF499D53C" \
	"C4141F512ACF4888936F9A6AF4E3F37DB74321CD19DF8570B65E1DA64E477F83" \
	"2AC192F0C640970F96A47135AD2760008C3A35C16E6501DFBA81A42E5C3EEF9F"

#define FZ_RSA3K_DP \
	"26A31D06A7190EE8067DC76249EFDB747E33E028762E8946409B1FAB678B54CD" \
	"5664E78A24CCE921665457C959979C887B5CEF8553D63DD6E38AB8827D86F1D4" \
	"5FEEBA7B480BC26F1AFA8FA34AE13F0D03E923A456922670DF85149E3C615765" \
	"4633E2E6E67037E91DD5F3F696ABC057F1233C55E1BC3148BBA649A3FAEF7B5E" \
	"8430849C64677481C3679C514D3EEE8AA2879E5BD9CE79A2C009ADBC91DE1638" \
	"4F9D155FFFDC2F685AE6F128FC179621F32E1846B28C58DDEA17BA4AB684B14D"

#define FZ_RSA3K_DQ \
	"9D3929A7909408B2F677A2941B6775683B156C9B3896F18B84070850ECD9DFC3" \
	"75A897EAA4311EAAE86FD5BCCF264B87A66E727E8A70B59F5FDDD000A351696A" \
	"3564DEC1DAF80EDD7B1C684068E8A9A0D84EFDDBBC8EF3F690009019D590072E" \
	"B3B1288F4750691FC42790A91E96B0CA8CB78505C322A589571E1AD45A6821BB" \
	"5EFA6F1CF15547D3164F2B71D2227DD4A82CC407EE2E8263AC90E395EDF1C077" \
	"7BF7AC48357EC5708BC448AD6F0B2D6EC3C1E8CA2DF5D2416926640417E9A539"

#define FZ_RSA3K_IQ \
	"D8343970A76DEB1A3B13F5456DEAE65653870D5E4A8454A87C35F0B906F5C9E3" \
	"79FFB6A4A17946351ABEE145EFCDF50C300307704BDA0E572DC7924FED02AF31" \
	"A344401F1B33DD9932E793D82AD6D525200A090FD92709FCD935C8DD2EB0E341" \
	"24A8950AA427355080BF7763EEA7F24E0451D86498FE99222EE969F5CEFDF77E" \
	"99143AEFEA340EEBBCED1BCECA03F2A2B1D3460484D0F71E5A47C7548AB428B4" \
	"15EB40E2DE862B46C1695C2AC0A25A4BBBA29155815D4844E49F7599D4C79FCA"

struct fixed_key {
	unsigned bits;
	const char *p, *q, *dp, *dq, *iq;
};

static const struct fixed_key keys[] = {
	{ 2048, VEC_RSA_P, VEC_RSA_Q, VEC_RSA_DP, VEC_RSA_DQ, VEC_RSA_IQ },
	{ 3072, FZ_RSA3K_P, FZ_RSA3K_Q, FZ_RSA3K_DP, FZ_RSA3K_DQ, FZ_RSA3K_IQ },
	{ 4096, VEC_RSA4K_P, VEC_RSA4K_Q, VEC_RSA4K_DP, VEC_RSA4K_DQ,
	    VEC_RSA4K_IQ },
};

static uint32_t
fixed_keygen(const br_prng_class **rng, br_rsa_private_key *sk,
    void *kbuf_priv, br_rsa_public_key *pk, void *kbuf_pub, unsigned size,
    uint32_t pubexp)
{
	const struct fixed_key *k = NULL;
	uint8_t *b = kbuf_priv, *e;
	size_t i, half = (size + 15) >> 4, n;
	uint8_t scratch[8];

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].bits == size)
			k = &keys[i];
	if (k == NULL || pubexp != 65537)
		return __real_br_rsa_keygen_get_default()(rng, sk, kbuf_priv, pk,
		    kbuf_pub, size, pubexp);
	/* Draw from the card's DRBG as a real generation would. */
	(*rng)->generate(rng, scratch, sizeof(scratch));
	memset(sk, 0, sizeof(*sk));
	sk->n_bitlen = size;
	sk->p = b;
	sk->plen = fz_hex(k->p, b, half);
	b += half;
	sk->q = b;
	sk->qlen = fz_hex(k->q, b, half);
	b += half;
	sk->dp = b;
	sk->dplen = fz_hex(k->dp, b, half);
	b += half;
	sk->dq = b;
	sk->dqlen = fz_hex(k->dq, b, half);
	b += half;
	sk->iq = b;
	sk->iqlen = fz_hex(k->iq, b, half);
	if (pk != NULL) {
		n = br_rsa_i31_compute_modulus(kbuf_pub, sk);
		if (n == 0)
			return 0;
		e = (uint8_t *)kbuf_pub + n;
		e[0] = 0x01;
		e[1] = 0x00;
		e[2] = 0x01;
		pk->n = kbuf_pub;
		pk->nlen = n;
		pk->e = e;
		pk->elen = 3;
	}
	return 1;
}

br_rsa_keygen
__wrap_br_rsa_keygen_get_default(void)
{
	return fixed_keygen;
}
