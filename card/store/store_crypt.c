/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include <bearssl/bearssl_hash.h>
#include <bearssl/bearssl_hmac.h>

#include "codec/bytes.h"
#include "uk/layout.h"
#include "uk/store.h"
#include "store_crypt.h"
#include "store_io.h"

/*
 * HKDF-Expand (RFC 5869) of one block with the device key as the
 * pseudorandom key: the device key is already uniform, so no extract
 * step.  The label keeps this key apart from any other a later part of
 * the card derives from the same device key.
 */
static const char store_label[] = "uimkey store AES-256-GCM";
/* The same for the root of the secure-messaging key (card/sm/), which
 * the card derives rather than stores. */
static const char sm_label[] = "uimkey secure messaging key";

/* One HKDF-Expand block of label under the device key kc. */
static void
expand(const br_hmac_key_context *kc, const char *label, size_t len,
    uint8_t *out)
{
	static const uint8_t one = 1;
	br_hmac_context hc;

	br_hmac_init(&hc, kc, 0);
	br_hmac_update(&hc, label, len);
	br_hmac_update(&hc, &one, 1);
	br_hmac_out(&hc, out);
	uk_wipe(&hc, sizeof(hc));
}

int
uk_store_key(uimkey_card *card)
{
	const uimkey_device_class **dev = card->device;
	uint8_t dk[UIMKEY_DEVICE_KEY_LEN], key[UK_STORE_KEY_LEN];
	br_hmac_key_context kc;
	int r = UK_ERR_DEVICE;

	if (dev == NULL || (*dev)->key == NULL || (*dev)->key(dev, dk) != 0)
		goto done;
	br_hmac_key_init(&kc, &br_sha256_vtable, dk, sizeof(dk));
	expand(&kc, store_label, sizeof(store_label) - 1, key);
	br_aes_ct64_ctr_init(&card->txn.aes, key, sizeof(key));
	expand(&kc, sm_label, sizeof(sm_label) - 1, card->sm.root);
	r = UK_OK;
done:
	uk_wipe(dk, sizeof(dk));
	uk_wipe(key, sizeof(key));
	uk_wipe(&kc, sizeof(kc));
	return r;
}

void
uk_crypt_nonce(uimkey_card *card, uint8_t *nonce)
{
	br_hmac_drbg_generate(&card->drbg, nonce, UK_NONCE_LEN);
}

void
uk_aead_keys(uk_aead *a, uimkey_card *card)
{
	br_gcm_init(&a->gcm, &card->txn.aes.vtable, br_ghash_ctmul64);
}

void
uk_aead_start(uk_aead *a, uimkey_card *card, const uint8_t *nonce)
{
	uk_aead_keys(a, card);
	br_gcm_reset(&a->gcm, nonce, UK_NONCE_LEN);
}

void
uk_aead_end(uk_aead *a)
{
	uk_wipe(a, sizeof(*a));
}

int
uk_aead_stored(uimkey_card *card, uk_aead *a, size_t off, size_t len)
{
	uint8_t buf[UK_IO_CHUNK];
	size_t n;
	int r = UK_OK;

	for (; len > 0; off += n, len -= n) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		if ((r = uk_io_get(card, off, buf, n)) != UK_OK)
			break;
		br_gcm_aad_inject(&a->gcm, buf, n);
	}
	return r;
}

int
uk_aead_tag_ok(uk_aead *a, const uint8_t *tag)
{
	return (int)br_gcm_check_tag(&a->gcm, tag);
}

void
uk_put_be64(uint8_t *p, uint64_t v)
{
	uk_put_be32(p, (uint32_t)(v >> 32));
	uk_put_be32(p + 4, (uint32_t)v);
}

uint64_t
uk_get_be64(const uint8_t *p)
{
	return (uint64_t)uk_get_be32(p) << 32 | uk_get_be32(p + 4);
}

void
uk_image_encode(uint8_t *p, const uk_image *im)
{
	uk_put_be64(p + UK_HOME_HDR_VER, im->version);
	uk_put_be32(p + UK_HOME_HDR_LEN_AT, im->len);
	memcpy(p + UK_HOME_HDR_NONCE, im->nonce, UK_NONCE_LEN);
	memcpy(p + UK_HOME_HDR_TAG, im->tag, UK_TAG_LEN);
}

void
uk_image_decode(const uint8_t *p, uk_image *im)
{
	im->version = uk_get_be64(p + UK_HOME_HDR_VER);
	im->len = uk_get_be32(p + UK_HOME_HDR_LEN_AT);
	memcpy(im->nonce, p + UK_HOME_HDR_NONCE, UK_NONCE_LEN);
	memcpy(im->tag, p + UK_HOME_HDR_TAG, UK_TAG_LEN);
}

void
uk_gcm_record(uk_aead *a, br_gcm_context *g, unsigned id,
    const uk_image *im)
{
	uint8_t aad[UK_AAD_REC_LEN];

	memcpy(aad, "UREC", 4);
	uk_put_be32(aad + 4, id);
	uk_put_be64(aad + 8, im->version);
	uk_put_be32(aad + 16, im->len);
	/* A copy of a's context carries its hash key: no AES for it. */
	if (g != &a->gcm)
		*g = a->gcm;
	br_gcm_reset(g, im->nonce, UK_NONCE_LEN);
	br_gcm_aad_inject(g, aad, sizeof(aad));
	br_gcm_flip(g);
}

/* GCM started for record id's image im: its additional data given. */
static void
start_record(uk_aead *a, uimkey_card *card, unsigned id,
    const uk_image *im)
{
	uk_aead_keys(a, card);
	uk_gcm_record(a, &a->gcm, id, im);
}

int
uk_image_seal(uimkey_card *card, size_t off, unsigned id, uint64_t version,
    const uint8_t *data, size_t len, uk_image *im)
{
	uint8_t buf[UK_IO_CHUNK];
	uk_aead a;
	size_t pos, n;
	int r = UK_OK;

	im->version = version;
	im->len = (uint32_t)len;
	uk_crypt_nonce(card, im->nonce);
	start_record(&a, card, id, im);
	for (pos = 0; pos < len && r == UK_OK; pos += n) {
		n = len - pos < sizeof(buf) ? len - pos : sizeof(buf);
		memcpy(buf, data + pos, n);
		br_gcm_run(&a.gcm, 1, buf, n);
		r = uk_io_put(card, off + pos, buf, n);
	}
	br_gcm_get_tag(&a.gcm, im->tag);
	uk_aead_end(&a);
	uk_wipe(buf, sizeof(buf));
	return r;
}

/* In place in out, whole: reads run under deep command frames (a key
 * loaded for a signature), so no chunk buffer here. */
int
uk_image_open(uimkey_card *card, size_t off, unsigned id,
    const uk_image *im, uint8_t *out)
{
	uk_aead a;
	int r;

	start_record(&a, card, id, im);
	if ((r = uk_io_get(card, off, out, im->len)) == UK_OK) {
		br_gcm_run(&a.gcm, 0, out, im->len);
		if (!uk_aead_tag_ok(&a, im->tag))
			r = UK_ERR_CORRUPT;
	}
	uk_aead_end(&a);
	if (r != UK_OK)
		uk_wipe(out, im->len);
	return r;
}

int
uk_image_check(uimkey_card *card, uk_aead *a, size_t off, unsigned id,
    const uk_image *im)
{
	uint8_t buf[UK_IO_CHUNK];
	br_gcm_context g;
	size_t pos, n;
	int r = UK_OK;

	uk_gcm_record(a, &g, id, im);
	for (pos = 0; pos < im->len; pos += n) {
		n = im->len - pos < sizeof(buf) ? im->len - pos : sizeof(buf);
		if ((r = uk_io_get(card, off + pos, buf, n)) != UK_OK)
			break;
		br_gcm_run(&g, 0, buf, n);
	}
	if (r == UK_OK && !br_gcm_check_tag(&g, im->tag))
		r = UK_ERR_CORRUPT;
	uk_wipe(&g, sizeof(g));
	/* Only what the content reached: most records are empty. */
	uk_wipe(buf, im->len < sizeof(buf) ? im->len : sizeof(buf));
	return r;
}

/* The card header: GCM over its first UK_LAYOUT_HDR_LEN bytes as
 * additional data, no content. */
static void
header_tag(uimkey_card *card, const uint8_t *hdr, uint8_t *tag,
    uk_aead *a)
{
	uk_aead_start(a, card, hdr + UK_LAYOUT_HDR_NONCE);
	br_gcm_aad_inject(&a->gcm, hdr, UK_LAYOUT_HDR_LEN);
	br_gcm_flip(&a->gcm);
	if (tag != NULL)
		br_gcm_get_tag(&a->gcm, tag);
}

void
uk_store_seal_header(uimkey_card *card, uint8_t *hdr)
{
	uk_aead a;

	uk_crypt_nonce(card, hdr + UK_LAYOUT_HDR_NONCE);
	header_tag(card, hdr, hdr + UK_LAYOUT_HDR_TAG, &a);
	uk_aead_end(&a);
}

int
uk_store_check_header(uimkey_card *card, const uint8_t *hdr)
{
	uk_aead a;
	int ok;

	header_tag(card, hdr, NULL, &a);
	ok = uk_aead_tag_ok(&a, hdr + UK_LAYOUT_HDR_TAG);
	uk_aead_end(&a);
	return ok ? UK_OK : UK_ERR_CORRUPT;
}
