/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The issuer's key on a PKCS#11 token: lock tokens signed with CKM_ECDSA
 * through a module the URI names (RFC 7512).  What is understood:
 *   path:  token, serial, manufacturer, model, slot-description, slot-id
 *          (which token: exactly one must match), object, id (which key:
 *          exactly one EC private key must match), type=private
 *   query: module-path (required: no p11-kit lookup), pin-source (a file,
 *          "file:" optional); pin-value is refused (no secret on the
 *          command line: use pin-source, --pin-file or the terminal)
 * A key with CKA_ALWAYS_AUTHENTICATE gets the PIN again after
 * C_SignInit.  The PIN is wiped once used.
 */
#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl/bearssl_ec.h>
#include <p11-kit/pkcs11.h>

#include "admin/io.h"
#include "admin/lock.h"

#define URI_FIELD   256
#define ID_MAX      64
#define SLOTS_MAX   64

static const uint8_t p256_oid[] = {
	0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07
};

struct p11_uri {
	char token[URI_FIELD], serial[URI_FIELD], manufacturer[URI_FIELD];
	char model[URI_FIELD], slot_desc[URI_FIELD], object[URI_FIELD];
	char module[URI_FIELD], pin_source[URI_FIELD];
	uint8_t id[ID_MAX];
	size_t id_len;
	int has_id, has_slot_id;
	unsigned long slot_id;
};

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decode s[0..len) into out (cap bytes); the length, -1 when
 * malformed or too long.  Text fields are NUL-terminated. */
static long
pct_decode(const char *s, size_t len, uint8_t *out, size_t cap, int text)
{
	size_t i, n = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (n + (size_t)text >= cap)
			return -1;
		if (s[i] != '%') {
			out[n++] = (uint8_t)s[i];
			continue;
		}
		if (i + 2 >= len)
			return -1;
		if ((hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	if (text) {
		if (memchr(out, '\0', n) != NULL)
			return -1;
		out[n] = '\0';
	}
	return (long)n;
}

static int
text_attr(const char *v, size_t len, char *out)
{
	return pct_decode(v, len, (uint8_t *)out, URI_FIELD, 1) < 0 ? -1 : 0;
}

/* One name=value of the path (query 0) or the query (query 1). */
static int
attr(struct p11_uri *u, const char *s, size_t len, int query)
{
	static const char *const path_names[] = { "token", "serial",
		"manufacturer", "model", "slot-description", "object", "id",
		"type", "slot-id", NULL };
	static const char *const query_names[] = { "module-path",
		"pin-source", "pin-value", "module-name", NULL };
	const char *const *names = query ? query_names : path_names;
	const char *eq = memchr(s, '=', len), *v;
	char buf[URI_FIELD];
	size_t nlen, vlen;
	long n;
	int k;

	if (len == 0)
		return 0;
	if (eq == NULL) {
		adm_err("lock token: PKCS#11 URI: '%.*s' has no '='", (int)len, s);
		return -1;
	}
	nlen = (size_t)(eq - s);
	v = eq + 1;
	vlen = len - nlen - 1;
	for (k = 0; names[k] != NULL; k++)
		if (strlen(names[k]) == nlen && memcmp(names[k], s, nlen) == 0)
			break;
	if (names[k] == NULL) {
		adm_err("lock token: PKCS#11 URI: '%.*s' is not an attribute "
		    "uimkey understands", (int)nlen, s);
		return -1;
	}
	if (query) {
		if (k == 2) {
			adm_err("lock token: PKCS#11 URI: pin-value puts the PIN on "
			    "the command line: use pin-source=file:FILE or "
			    "--pin-file FILE");
			return -1;
		}
		if (k == 3) {
			adm_err("lock token: PKCS#11 URI: module-name is not "
			    "supported: give module-path=/path/to/module.so");
			return -1;
		}
		return text_attr(v, vlen, k == 0 ? u->module : u->pin_source);
	}
	switch (k) {
	case 0: return text_attr(v, vlen, u->token);
	case 1: return text_attr(v, vlen, u->serial);
	case 2: return text_attr(v, vlen, u->manufacturer);
	case 3: return text_attr(v, vlen, u->model);
	case 4: return text_attr(v, vlen, u->slot_desc);
	case 5: return text_attr(v, vlen, u->object);
	case 6:
		n = pct_decode(v, vlen, u->id, sizeof(u->id), 0);
		if (n <= 0)
			return -1;
		u->id_len = (size_t)n;
		u->has_id = 1;
		return 0;
	case 7:
		if (text_attr(v, vlen, buf) != 0 || strcmp(buf, "private") != 0) {
			adm_err("lock token: PKCS#11 URI: the issuer key is a "
			    "private key (type=private)");
			return -1;
		}
		return 0;
	default:
		if (text_attr(v, vlen, buf) != 0 || buf[0] < '0' || buf[0] > '9')
			return -1;
		u->slot_id = strtoul(buf, NULL, 10);
		u->has_slot_id = 1;
		return 0;
	}
}

static int
uri_parse(const char *uri, struct p11_uri *u)
{
	const char *p = uri + 7, *q = strchr(uri, '?'), *end, *sep;
	int query = 0;

	memset(u, 0, sizeof(*u));
	end = q != NULL ? q : uri + strlen(uri);
	while (1) {
		sep = memchr(p, query ? '&' : ';', (size_t)(end - p));
		if (sep == NULL)
			sep = end;
		if (attr(u, p, (size_t)(sep - p), query) != 0) {
			adm_err("lock token: '%s' is not a PKCS#11 URI uimkey can "
			    "use", uri);
			return -1;
		}
		p = sep + 1;
		if (sep < end)
			continue;
		if (query || q == NULL)
			break;
		query = 1;
		p = q + 1;
		end = q + strlen(q);
	}
	if (u->module[0] == '\0') {
		adm_err("lock token: the PKCS#11 URI names no module: add "
		    "?module-path=/path/to/module.so");
		return -1;
	}
	return 0;
}

static const char *
ckr_name(CK_RV rv)
{
	switch (rv) {
	case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT: wrong PIN";
	case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED: the PIN is blocked";
	case CKR_PIN_LEN_RANGE: return "CKR_PIN_LEN_RANGE: wrong PIN length";
	case CKR_PIN_EXPIRED: return "CKR_PIN_EXPIRED";
	case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
	case CKR_DEVICE_REMOVED: return "CKR_DEVICE_REMOVED";
	case CKR_DEVICE_ERROR: return "CKR_DEVICE_ERROR";
	case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID: the token "
	    "does not offer CKM_ECDSA";
	case CKR_KEY_TYPE_INCONSISTENT: return "CKR_KEY_TYPE_INCONSISTENT";
	case CKR_KEY_FUNCTION_NOT_PERMITTED:
		return "CKR_KEY_FUNCTION_NOT_PERMITTED: the key may not sign";
	case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
	case CKR_FUNCTION_FAILED: return "CKR_FUNCTION_FAILED";
	case CKR_GENERAL_ERROR: return "CKR_GENERAL_ERROR";
	default: return "PKCS#11 error";
	}
}

static int
p11_fail(const char *what, CK_RV rv)
{
	adm_err("lock token: %s: %s (0x%08lx)", what, ckr_name(rv),
	    (unsigned long)rv);
	return -1;
}

/* A blank-padded PKCS#11 field equals s (a URI attribute; "" matches
 * anything). */
static int
field_is(const unsigned char *f, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return 1;
	while (len > 0 && f[len - 1] == ' ')
		len--;
	return n == len && memcmp(f, s, n) == 0;
}

/* The one slot whose token matches the URI; -1 after a message. */
static int
find_slot(CK_FUNCTION_LIST_PTR f, const struct p11_uri *u, CK_SLOT_ID *slot,
    CK_FLAGS *flags)
{
	CK_SLOT_ID slots[SLOTS_MAX];
	CK_ULONG n = SLOTS_MAX, i, found = 0;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_RV rv;

	if ((rv = f->C_GetSlotList(CK_TRUE, slots, &n)) != CKR_OK)
		return p11_fail("C_GetSlotList", rv);
	for (i = 0; i < n; i++) {
		if (f->C_GetSlotInfo(slots[i], &si) != CKR_OK ||
		    f->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
			continue;
		if ((u->has_slot_id && slots[i] != u->slot_id) ||
		    !field_is(si.slotDescription, sizeof(si.slotDescription),
		    u->slot_desc) ||
		    !field_is(ti.label, sizeof(ti.label), u->token) ||
		    !field_is(ti.serialNumber, sizeof(ti.serialNumber),
		    u->serial) ||
		    !field_is(ti.manufacturerID, sizeof(ti.manufacturerID),
		    u->manufacturer) ||
		    !field_is(ti.model, sizeof(ti.model), u->model))
			continue;
		*slot = slots[i];
		*flags = ti.flags;
		found++;
	}
	if (found == 1)
		return 0;
	if (found == 0)
		adm_err("lock token: no token of the module matches the PKCS#11 "
		    "URI");
	else
		adm_err("lock token: %lu tokens match the PKCS#11 URI: name one "
		    "(serial=, token=, slot-id=)", (unsigned long)found);
	return -1;
}

/* The one EC private key of the URI in the session; -1 after a
 * message. */
static int
find_key(CK_FUNCTION_LIST_PTR f, CK_SESSION_HANDLE s, const struct p11_uri *u,
    CK_OBJECT_HANDLE *key)
{
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_EC;
	CK_ATTRIBUTE t[4] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
	};
	CK_OBJECT_HANDLE h[2];
	CK_ULONG n = 2, count = 0;
	CK_RV rv;

	if (u->object[0] != '\0') {
		t[n].type = CKA_LABEL;
		t[n].pValue = (void *)(uintptr_t)u->object;
		t[n++].ulValueLen = strlen(u->object);
	}
	if (u->has_id) {
		t[n].type = CKA_ID;
		t[n].pValue = (void *)(uintptr_t)u->id;
		t[n++].ulValueLen = u->id_len;
	}
	if ((rv = f->C_FindObjectsInit(s, t, n)) != CKR_OK)
		return p11_fail("C_FindObjectsInit", rv);
	rv = f->C_FindObjects(s, h, 2, &count);
	f->C_FindObjectsFinal(s);
	if (rv != CKR_OK)
		return p11_fail("C_FindObjects", rv);
	if (count != 1) {
		adm_err("lock token: %s EC private key on the token matches the "
		    "PKCS#11 URI%s", count == 0 ? "no" : "more than one",
		    count == 0 ? "" : ": name it (object=, id=)");
		return -1;
	}
	*key = h[0];
	return 0;
}

/* The key must be on P-256 when the token says its curve. */
static int
check_curve(CK_FUNCTION_LIST_PTR f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key)
{
	uint8_t params[64];
	CK_ATTRIBUTE t = { CKA_EC_PARAMS, params, sizeof(params) };

	if (f->C_GetAttributeValue(s, key, &t, 1) != CKR_OK)
		return 0;
	if (t.ulValueLen == sizeof(p256_oid) &&
	    memcmp(params, p256_oid, sizeof(p256_oid)) == 0)
		return 0;
	adm_err("lock token: the PKCS#11 key is not on P-256: an issuer key "
	    "is P-256");
	return -1;
}

static int
always_auth(CK_FUNCTION_LIST_PTR f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key)
{
	CK_BBOOL b = CK_FALSE;
	CK_ATTRIBUTE t = { CKA_ALWAYS_AUTHENTICATE, &b, sizeof(b) };

	return f->C_GetAttributeValue(s, key, &t, 1) == CKR_OK && b == CK_TRUE;
}

static int
get_pin(const struct p11_uri *u, const char *pin_file, struct adm_secret *pin)
{
	const char *file = pin_file;

	if (u->pin_source[0] != '\0') {
		file = u->pin_source;
		if (strncmp(file, "file://", 7) == 0)
			file += 7;
		else if (strncmp(file, "file:", 5) == 0)
			file += 5;
	}
	return adm_secret_get(pin, file, "PIN", 0);
}

/* Log in, find the key, sign; the session is open. */
static int
sign_in(CK_FUNCTION_LIST_PTR f, CK_SESSION_HANDLE s, const struct p11_uri *u,
    const char *pin_file, CK_FLAGS flags, const uint8_t hash[32],
    uint8_t raw[ADM_LOCK_SIG_RAW])
{
	CK_MECHANISM mech = { CKM_ECDSA, NULL, 0 };
	CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
	CK_ULONG raw_len = ADM_LOCK_SIG_RAW;
	struct adm_secret pin;
	CK_RV rv;
	int r = -1;

	memset(&pin, 0, sizeof(pin));
	if ((flags & CKF_LOGIN_REQUIRED) &&
	    !(flags & CKF_PROTECTED_AUTHENTICATION_PATH)) {
		if (get_pin(u, pin_file, &pin) != 0)
			goto fail;
		rv = f->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)pin.s, pin.len);
		if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
			p11_fail("C_Login", rv);
			goto fail;
		}
	} else if (flags & CKF_LOGIN_REQUIRED) {
		if ((rv = f->C_Login(s, CKU_USER, NULL, 0)) != CKR_OK &&
		    rv != CKR_USER_ALREADY_LOGGED_IN) {
			p11_fail("C_Login", rv);
			goto fail;
		}
	}
	if (find_key(f, s, u, &key) != 0 || check_curve(f, s, key) != 0)
		goto fail;
	if ((rv = f->C_SignInit(s, &mech, key)) != CKR_OK) {
		p11_fail("C_SignInit (CKM_ECDSA)", rv);
		goto fail;
	}
	if (always_auth(f, s, key) && pin.len > 0 &&
	    (rv = f->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR)pin.s,
	    pin.len)) != CKR_OK) {
		p11_fail("C_Login (context specific)", rv);
		goto fail;
	}
	rv = f->C_Sign(s, (CK_BYTE_PTR)(uintptr_t)hash, 32, raw, &raw_len);
	if (rv != CKR_OK) {
		p11_fail("C_Sign", rv);
		goto fail;
	}
	if (raw_len != ADM_LOCK_SIG_RAW) {
		adm_err("lock token: the PKCS#11 signature is %lu bytes, not the "
		    "64 of P-256", (unsigned long)raw_len);
		goto fail;
	}
	r = 0;
fail:
	adm_secret_wipe(&pin);
	return r;
}

int
adm_lock_p11_sign(const char *uri, const char *pin_file, const uint8_t hash[32],
    uint8_t *der, size_t cap, size_t *der_len)
{
	CK_C_GetFunctionList get;
	CK_FUNCTION_LIST_PTR f = NULL;
	CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
	CK_SLOT_ID slot = 0;
	CK_FLAGS flags = 0;
	CK_RV rv;
	struct p11_uri u;
	void *lib, *sym;
	int r = -1, inited = 0, open = 0;

	if (uri_parse(uri, &u) != 0)
		return -2;
	if (cap < UIMKEY_LOCK_SIG_MAX)
		return -1;
	if ((lib = dlopen(u.module, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		adm_err("lock token: cannot load the PKCS#11 module '%s': %s",
		    u.module, dlerror());
		return -1;
	}
	if ((sym = dlsym(lib, "C_GetFunctionList")) == NULL) {
		adm_err("lock token: '%s' is not a PKCS#11 module", u.module);
		goto fail;
	}
	get = (CK_C_GetFunctionList)sym;
	if ((rv = get(&f)) != CKR_OK || f == NULL) {
		p11_fail("C_GetFunctionList", rv);
		goto fail;
	}
	if ((rv = f->C_Initialize(NULL)) != CKR_OK) {
		p11_fail("C_Initialize", rv);
		goto fail;
	}
	inited = 1;
	if (find_slot(f, &u, &slot, &flags) != 0)
		goto fail;
	if ((rv = f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &s)) != CKR_OK) {
		p11_fail("C_OpenSession", rv);
		goto fail;
	}
	open = 1;
	if (sign_in(f, s, &u, pin_file, flags, hash, der) != 0)
		goto fail;
	*der_len = br_ecdsa_raw_to_asn1(der, ADM_LOCK_SIG_RAW);
	r = *der_len == 0 ? -1 : 0;
fail:
	if (open) {
		f->C_Logout(s);
		f->C_CloseSession(s);
	}
	if (inited)
		f->C_Finalize(NULL);
	dlclose(lib);
	return r;
}
