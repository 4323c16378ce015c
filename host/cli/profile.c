/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The personalization profile, read with jsmn (strict mode).  Every
 * object's keys are checked against the keys it may have, every value
 * against its type and range; the first bad field is refused with its
 * path, e.g. "profile.json: $.credentials.pin_retries: expected a whole
 * number from 1 to 15".  Nothing reaches the card before the whole
 * profile is good.
 */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wmissing-declarations"
#include <jsmn.h>
#pragma GCC diagnostic pop

#include "lock.h"
#include "profile.h"

#define PROFILE_FILE_MAX  (64 * 1024)
#define JPATH_MAX         160
#define KEYS_MAX          16

const struct printed_field printed_fields[PRINTED_FIELDS] = {
	{ "name", 0x01, 125 },
	{ "employee_affiliation", 0x02, 20 },
	{ "expiration_date", 0x04, 9 },
	{ "agency_card_serial", 0x05, 20 },
	{ "issuer_id", 0x06, 15 },
	{ "organization_affiliation1", 0x07, 20 },
	{ "organization_affiliation2", 0x08, 20 },
};

struct json {
	const char *file;
	char dir[PROFILE_PATH_MAX];
	const char *js;
	jsmntok_t *t;
	int n;
};

struct jiter {
	int next, left;
	unsigned seen;
};

static int
jerr(const struct json *j, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "uimkey: profile %s: %s: ", j->file, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* The token after the whole value at i. */
static int
skip(const struct json *j, int i)
{
	int n = j->t[i].size;

	for (i++; n > 0; n--)
		i = skip(j, i);
	return i;
}

static int
tok_is(const struct json *j, int i, const char *s)
{
	size_t len = strlen(s);

	return j->t[i].type == JSMN_STRING &&
	    (size_t)(j->t[i].end - j->t[i].start) == len &&
	    memcmp(j->js + j->t[i].start, s, len) == 0;
}

static int
obj_begin(const struct json *j, int i, const char *path, struct jiter *it)
{
	if (j->t[i].type != JSMN_OBJECT)
		return jerr(j, path, "expected an object");
	it->next = i + 1;
	it->left = j->t[i].size;
	it->seen = 0;
	return 0;
}

/* path.key of the key token at i, cut to JPATH_MAX. */
static void
member_path(const struct json *j, int i, const char *path, char *sub)
{
	if (snprintf(sub, JPATH_MAX, "%s.%.*s", path,
	    j->t[i].end - j->t[i].start, j->js + j->t[i].start) >= JPATH_MAX)
		memcpy(sub + JPATH_MAX - 4, "...", 4);
}

/* The next member: 1 with *key (index into keys, NULL-terminated) and
 * *val set and sub holding its path; 0 at the end; -1 on an unknown or
 * repeated key. */
static int
obj_next(const struct json *j, struct jiter *it, const char *path,
    const char *const *keys, int *key, int *val, char *sub)
{
	int k, i = it->next;

	if (it->left == 0)
		return 0;
	it->left--;
	for (k = 0; keys[k] != NULL; k++)
		if (tok_is(j, i, keys[k]))
			break;
	member_path(j, i, path, sub);
	if (keys[k] == NULL)
		return jerr(j, sub, "unknown key");
	if (it->seen & (1u << k))
		return jerr(j, sub, "given twice");
	it->seen |= 1u << k;
	*key = k;
	*val = i + 1;
	it->next = skip(j, i + 1);
	return 1;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void
put_utf8(char *out, size_t *n, unsigned long c)
{
	if (c < 0x80) {
		out[(*n)++] = (char)c;
	} else if (c < 0x800) {
		out[(*n)++] = (char)(0xC0 | c >> 6);
		out[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		out[(*n)++] = (char)(0xE0 | c >> 12);
		out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		out[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else {
		out[(*n)++] = (char)(0xF0 | c >> 18);
		out[(*n)++] = (char)(0x80 | (c >> 12 & 0x3F));
		out[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		out[(*n)++] = (char)(0x80 | (c & 0x3F));
	}
}

static int
u4(const char *s, unsigned long *v)
{
	int k, h;

	*v = 0;
	for (k = 0; k < 4; k++) {
		if ((h = hexval(s[k])) < 0)
			return -1;
		*v = *v << 4 | (unsigned long)h;
	}
	return 0;
}

/* A string value, unescaped, NUL-terminated, at most cap - 1 bytes. */
static int
get_str(const struct json *j, int i, const char *path, char *out, size_t cap,
    size_t *len)
{
	const char *s = j->js + j->t[i].start, *end = j->js + j->t[i].end;
	unsigned long c, lo;
	size_t n = 0;

	if (j->t[i].type != JSMN_STRING)
		return jerr(j, path, "expected a string");
	while (s < end) {
		/* Room for the longest UTF-8 sequence and the NUL. */
		if (n + 1 >= cap || (*s == '\\' && s[1] == 'u' && n + 4 >= cap))
			return jerr(j, path, "too long (at most %zu bytes)",
			    cap - 1);
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '"': case '\\': case '/': out[n++] = *s; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u':
			if (end - s < 5 || u4(s + 1, &c) != 0)
				return jerr(j, path, "bad \\u escape");
			s += 4;
			if (c >= 0xD800 && c <= 0xDBFF) {
				if (end - s < 7 || s[1] != '\\' || s[2] != 'u' ||
				    u4(s + 3, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
					return jerr(j, path, "bad surrogate pair");
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				s += 6;
			} else if (c >= 0xDC00 && c <= 0xDFFF) {
				return jerr(j, path, "bad surrogate pair");
			}
			if (c == 0)
				return jerr(j, path, "NUL in a string");
			put_utf8(out, &n, c);
			break;
		default:
			return jerr(j, path, "bad escape");
		}
		s++;
	}
	out[n] = '\0';
	if (len != NULL)
		*len = n;
	return 0;
}

static int
get_int(const struct json *j, int i, const char *path, long min, long max,
    long *v)
{
	const char *s = j->js + j->t[i].start;
	int k, len = j->t[i].end - j->t[i].start;
	long long n = 0;

	/* Ten digits at most: 4294967294 fits, nothing overflows. */
	if (j->t[i].type != JSMN_PRIMITIVE || len == 0 || len > 10)
		goto bad;
	for (k = 0; k < len; k++) {
		if (s[k] < '0' || s[k] > '9')
			goto bad;
		n = n * 10 + (s[k] - '0');
	}
	if (n >= min && n <= max) {
		*v = (long)n;
		return 0;
	}
bad:
	return jerr(j, path, "expected a whole number from %ld to %ld", min, max);
}

static int
get_bool(const struct json *j, int i, const char *path, int *v)
{
	int len = j->t[i].end - j->t[i].start;

	if (j->t[i].type == JSMN_PRIMITIVE && ((len == 4 &&
	    memcmp(j->js + j->t[i].start, "true", 4) == 0) || (len == 5 &&
	    memcmp(j->js + j->t[i].start, "false", 5) == 0))) {
		*v = len == 4;
		return 0;
	}
	return jerr(j, path, "expected true or false");
}

static int
get_hex(const struct json *j, int i, const char *path, uint8_t *out,
    size_t want)
{
	char s[128];
	size_t len;

	if (get_str(j, i, path, s, sizeof(s), &len) != 0)
		return -1;
	if (cli_hex_decode(s, len, out, want) != (long)want)
		return jerr(j, path, "expected %zu bytes in hex", want);
	return 0;
}

/* A file name, relative to the profile's directory. */
static int
get_path(const struct json *j, int i, const char *path, char *out)
{
	char s[PROFILE_PATH_MAX];
	size_t len;

	if (get_str(j, i, path, s, sizeof(s), &len) != 0)
		return -1;
	if (len == 0)
		return jerr(j, path, "empty file name");
	if (s[0] == '/')
		snprintf(out, PROFILE_PATH_MAX, "%s", s);
	else if (snprintf(out, PROFILE_PATH_MAX, "%s/%s", j->dir, s) >=
	    PROFILE_PATH_MAX)
		return jerr(j, path, "file name too long");
	return 0;
}

/* "random", {"value": "..."} or {"file": "..."}. */
static int
get_secret(const struct json *j, int i, const char *path,
    struct profile_secret *sec, const char *what)
{
	static const char *const keys[] = { "value", "file", NULL };
	char sub[JPATH_MAX], file[PROFILE_PATH_MAX];
	struct jiter it;
	int k, v, r, n = 0;

	if (tok_is(j, i, "random")) {
		sec->random = 1;
		return 0;
	}
	if (j->t[i].type != JSMN_OBJECT)
		return jerr(j, path, "expected \"random\", {\"value\": ...} or "
		    "{\"file\": ...}");
	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		n++;
		if (k == 0 && get_str(j, v, sub, sec->v.s, sizeof(sec->v.s),
		    &sec->v.len) != 0)
			return -1;
		if (k == 1 && (get_path(j, v, sub, file) != 0 ||
		    cli_secret_get(&sec->v, file, what, 0) != 0))
			return -1;
	}
	if (r < 0)
		return -1;
	if (n != 1)
		return jerr(j, path, "give exactly one of \"value\" and \"file\"");
	if (sec->v.len == 0)
		return jerr(j, path, "empty %s", what);
	return 0;
}

static int
credentials(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "pin", "puk", "management_key",
		"pin_retries", "puk_retries", "secrets_output", NULL };
	static const char *const mkeys[] = { "alg", "key", NULL };
	char sub[JPATH_MAX], sub2[JPATH_MAX], alg[16];
	struct jiter it, it2;
	long n;
	int k, v, k2, v2, r;

	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		switch (k) {
		case 0:
			if (get_secret(j, v, sub, &p->pin, "PIN") != 0)
				return -1;
			if (!p->pin.random && (p->pin.v.len < 6 || p->pin.v.len > 8))
				return jerr(j, sub, "a PIN has 6 to 8 characters");
			break;
		case 1:
			if (get_secret(j, v, sub, &p->puk, "PUK") != 0)
				return -1;
			if (!p->puk.random && (p->puk.v.len < 6 || p->puk.v.len > 8))
				return jerr(j, sub, "a PUK has 6 to 8 characters");
			break;
		case 2:
			if (obj_begin(j, v, sub, &it2) != 0)
				return -1;
			while ((r = obj_next(j, &it2, sub, mkeys, &k2, &v2, sub2)) ==
			    1) {
				if (k2 == 0 && (get_str(j, v2, sub2, alg, sizeof(alg),
				    NULL) != 0 ||
				    (p->mgmt_alg = cli_mgmt_alg_parse(alg)) < 0))
					return jerr(j, sub2, "expected aes128, aes192, "
					    "aes256 or 3des");
				if (k2 == 1 && get_secret(j, v2, sub2, &p->mgmt,
				    "management key") != 0)
					return -1;
			}
			if (r < 0)
				return -1;
			if (!(it2.seen & 2))
				return jerr(j, sub, "\"key\" is required");
			break;
		case 3:
		case 4:
			if (get_int(j, v, sub, 1, 15, &n) != 0)
				return -1;
			*(k == 3 ? &p->pin_retries : &p->puk_retries) = (int)n;
			break;
		case 5:
			if (get_path(j, v, sub, p->secrets_out) != 0)
				return -1;
			break;
		}
	}
	if (r < 0)
		return -1;
	for (k = 0; k < 3; k++)
		if (!(it.seen & (1u << k)))
			return jerr(j, path, "\"%s\" is required: personalization "
			    "replaces every factory credential", keys[k]);
	if ((p->pin_retries == 0) != (p->puk_retries == 0))
		return jerr(j, path, "give both pin_retries and puk_retries, or "
		    "neither");
	return 0;
}

static int
pin_policy(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "min_length", "digits_only",
		"no_trivial", "change_first", NULL };
	static const int bits[] = { 0, UIMKEY_PIV_PIN_RULE_DIGITS,
		UIMKEY_PIV_PIN_RULE_NO_TRIVIAL, UIMKEY_PIV_PIN_RULE_CHANGE_FIRST };
	char sub[JPATH_MAX];
	struct jiter it;
	long n;
	int k, v, b = 0, r;

	p->has_policy = 1;
	/* The factory rules: no trivial values. */
	p->rules = UIMKEY_PIV_PIN_RULE_NO_TRIVIAL;
	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0) {
			if (get_int(j, v, sub, 6, 8, &n) != 0)
				return -1;
			p->min_len = (int)n;
			continue;
		}
		if (get_bool(j, v, sub, &b) != 0)
			return -1;
		p->rules = b ? p->rules | bits[k] : p->rules & ~bits[k];
	}
	return r;
}

static int
chuid(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "fascn", "guid", "expiry", NULL };
	char sub[JPATH_MAX];
	struct jiter it;
	size_t len, k2;
	int k, v, r;

	p->has_chuid = 1;
	memcpy(p->expiry, "20991231", 9);
	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && get_hex(j, v, sub, p->fascn, sizeof(p->fascn)) != 0)
			return -1;
		if (k == 1 && get_hex(j, v, sub, p->guid, sizeof(p->guid)) != 0)
			return -1;
		if (k == 2) {
			if (get_str(j, v, sub, p->expiry, sizeof(p->expiry), &len) !=
			    0)
				return -1;
			for (k2 = 0; k2 < len; k2++)
				if (p->expiry[k2] < '0' || p->expiry[k2] > '9')
					break;
			if (len != 8 || k2 != 8)
				return jerr(j, sub, "expected YYYYMMDD");
		}
		p->has_fascn |= k == 0;
		p->has_guid |= k == 1;
	}
	return r;
}

static int
printed(const struct json *j, int i, const char *path, struct profile *p)
{
	const char *keys[PRINTED_FIELDS + 1];
	char sub[JPATH_MAX];
	struct jiter it;
	size_t len;
	int k, v, r;

	for (k = 0; k < PRINTED_FIELDS; k++)
		keys[k] = printed_fields[k].name;
	keys[PRINTED_FIELDS] = NULL;
	p->has_printed = 1;
	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (get_str(j, v, sub, p->printed[k], sizeof(p->printed[k]),
		    &len) != 0)
			return -1;
		if (len == 0 || len > printed_fields[k].max)
			return jerr(j, sub, "1 to %zu characters",
			    printed_fields[k].max);
	}
	return r;
}

static int
objects(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "chuid", "ccc", "printed", NULL };
	static const char *const ccc_keys[] = { "card_id", NULL };
	char sub[JPATH_MAX], sub2[JPATH_MAX];
	struct jiter it, it2;
	int k, v, k2, v2, r;

	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && chuid(j, v, sub, p) != 0)
			return -1;
		if (k == 2 && printed(j, v, sub, p) != 0)
			return -1;
		if (k != 1)
			continue;
		if (obj_begin(j, v, sub, &it2) != 0)
			return -1;
		while ((r = obj_next(j, &it2, sub, ccc_keys, &k2, &v2, sub2)) ==
		    1)
			if (get_hex(j, v2, sub2, p->card_id, sizeof(p->card_id)))
				return -1;
		if (r < 0)
			return -1;
		if (!(it2.seen & 1))
			return jerr(j, sub, "\"card_id\" is required");
		p->has_ccc = 1;
	}
	return r;
}

static int
slots(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "generate", "pin_policy", NULL };
	char sub[JPATH_MAX], sub2[JPATH_MAX], name[16];
	struct jiter it;
	int n, k, v, r, slot, x;
	size_t g;

	if (j->t[i].type != JSMN_OBJECT)
		return jerr(j, path, "expected an object");
	i++;
	for (n = j->t[i - 1].size; n > 0; n--) {
		member_path(j, i, path, sub);
		if (get_str(j, i, sub, name, sizeof(name), NULL) != 0 ||
		    (slot = cli_slot_parse(name, 0)) < 0)
			return jerr(j, sub, "not a key slot (9a, 9c, 9d, 9e, 82 to "
			    "95)");
		for (g = 0; g < p->ngen; g++)
			if (p->gen[g].slot == slot)
				return jerr(j, sub, "given twice");
		g = p->ngen++;
		p->gen[g].slot = (uint8_t)slot;
		if (obj_begin(j, i + 1, sub, &it) != 0)
			return -1;
		while ((r = obj_next(j, &it, sub, keys, &k, &v, sub2)) == 1) {
			if (get_str(j, v, sub2, name, sizeof(name), NULL) != 0)
				return -1;
			x = k == 0 ? cli_alg_parse(name) : cli_policy_parse(name);
			if (x < 0)
				return jerr(j, sub2, k == 0 ? "expected p256, p384, "
				    "rsa2048, rsa3072 or rsa4096" : "expected never, "
				    "once or always");
			*(k == 0 ? &p->gen[g].alg : &p->gen[g].policy) = (uint8_t)x;
		}
		if (r < 0)
			return -1;
		if (!(it.seen & 1))
			return jerr(j, sub, "\"generate\" is required");
		i = skip(j, i + 1);
	}
	return 0;
}

static int
attestation(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "ca_key", "ca_cert",
		"validity_days", NULL };
	char sub[JPATH_MAX];
	struct jiter it;
	int k, v, r;

	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 0 && get_path(j, v, sub, p->ca_key) != 0)
			return -1;
		if (k == 1 && get_path(j, v, sub, p->ca_cert) != 0)
			return -1;
		if (k == 2 && get_int(j, v, sub, 1, 36500, &p->validity_days) != 0)
			return -1;
	}
	if (r < 0)
		return -1;
	if ((it.seen & 3) != 3)
		return jerr(j, path, "\"ca_key\" and \"ca_cert\" are required");
	p->has_attest = 1;
	return 0;
}

/* {"public_key": FILE, "counter": N}: the key is read here, so that a
 * file without a P-256 public key is named by its path. */
static int
issuer(const struct json *j, int i, const char *path, struct profile *p)
{
	static const char *const keys[] = { "public_key", "counter", NULL };
	char sub[JPATH_MAX];
	struct jiter it;
	long n;
	int k, v, r, e;

	if (obj_begin(j, i, path, &it) != 0)
		return -1;
	while ((r = obj_next(j, &it, path, keys, &k, &v, sub)) == 1) {
		if (k == 1) {
			if (get_int(j, v, sub, 0, 4294967294L, &n) != 0)
				return -1;
			p->issuer_counter = (uint32_t)n;
			continue;
		}
		if (get_path(j, v, sub, p->issuer_pub) != 0)
			return -1;
		if ((e = lock_pub_read(p->issuer_pub, p->issuer_point)) == -1)
			return jerr(j, sub, "cannot read '%s'", p->issuer_pub);
		if (e != 0)
			return jerr(j, sub, "'%s' is not an EC P-256 public key "
			    "(PEM or DER SubjectPublicKeyInfo)", p->issuer_pub);
	}
	if (r < 0)
		return -1;
	if (!(it.seen & 1))
		return jerr(j, path, "\"public_key\" is required");
	p->has_issuer = 1;
	return 0;
}

static int
top(const struct json *j, struct profile *p)
{
	static const char *const keys[] = { "version", "credentials",
		"pin_policy", "objects", "slots", "attestation", "issuer", NULL };
	char sub[JPATH_MAX];
	struct jiter it;
	long version;
	int k, v, m, r = 0;

	if (obj_begin(j, 0, "$", &it) != 0)
		return -1;
	while (r == 0 && (m = obj_next(j, &it, "$", keys, &k, &v, sub)) != 0) {
		if (m < 0)
			return -1;
		switch (k) {
		case 0: r = get_int(j, v, sub, 1, 1, &version); break;
		case 1: r = credentials(j, v, sub, p); break;
		case 2: r = pin_policy(j, v, sub, p); break;
		case 3: r = objects(j, v, sub, p); break;
		case 4: r = slots(j, v, sub, p); break;
		case 5: r = attestation(j, v, sub, p); break;
		case 6: r = issuer(j, v, sub, p); break;
		}
	}
	if (r != 0)
		return -1;
	if (!(it.seen & 1))
		return jerr(j, "$", "\"version\": 1 is required");
	if (!(it.seen & 2))
		return jerr(j, "$", "\"credentials\" is required");
	return 0;
}

/*
 * jsmn finds the tokens but lets some malformed text through (",,", a
 * missing ':' or ','), so the text between tokens is checked here: only
 * white space and exactly the one separator JSON puts there.
 */
static int
raw_start(const jsmntok_t *t)
{
	return t->type == JSMN_STRING ? t->start - 1 : t->start;
}

static int
raw_end(const jsmntok_t *t)
{
	return t->type == JSMN_STRING ? t->end + 1 : t->end;
}

/* [a, b) holds white space and, when sep is not 0, sep once; -1 and
 * *bad at the first wrong byte otherwise. */
static int
gap(const char *js, int a, int b, char sep, int *bad)
{
	int seen = 0;

	for (; a < b; a++) {
		if (js[a] == ' ' || js[a] == '\t' || js[a] == '\r' ||
		    js[a] == '\n')
			continue;
		if (sep != 0 && js[a] == sep && !seen) {
			seen = 1;
			continue;
		}
		*bad = a;
		return -1;
	}
	if (sep != 0 && !seen) {
		*bad = b;
		return -1;
	}
	return 0;
}

/* The value at *i is well formed; *i moves past it. */
static int
syntax(const struct json *j, int *i, int *bad)
{
	const jsmntok_t *t = &j->t[*i];
	int n, m, pos, obj = t->type == JSMN_OBJECT;

	(*i)++;
	if (t->type != JSMN_OBJECT && t->type != JSMN_ARRAY)
		return 0;
	pos = t->start + 1;
	n = t->size;
	for (m = 0; m < n; m++) {
		if (*i >= j->n || gap(j->js, pos, raw_start(&j->t[*i]),
		    m > 0 ? ',' : 0, bad) != 0)
			return -1;
		if (obj) {
			if (j->t[*i].type != JSMN_STRING || j->t[*i].size != 1 ||
			    *i + 1 >= j->n ||
			    gap(j->js, raw_end(&j->t[*i]),
			    raw_start(&j->t[*i + 1]), ':', bad) != 0) {
				if (*bad < 0)
					*bad = raw_start(&j->t[*i]);
				return -1;
			}
			(*i)++;
		}
		pos = raw_end(&j->t[*i]);
		if (syntax(j, i, bad) != 0)
			return -1;
	}
	return gap(j->js, pos, t->end - 1, 0, bad);
}

/* Line and column of a byte offset, for syntax errors. */
static void
where(const char *js, size_t pos, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < pos; i++) {
		if (js[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int
profile_load(const char *path, struct profile *p)
{
	struct json j;
	jsmn_parser parser;
	uint8_t *buf = NULL;
	size_t len, k;
	char *slash;
	int n, r = -1, line, col, ti = 0, badpos = -1;

	memset(p, 0, sizeof(*p));
	memset(&j, 0, sizeof(j));
	p->mgmt_alg = UIMKEY_ALG_AES256;
	p->rules = -1;
	j.file = path;
	snprintf(j.dir, sizeof(j.dir), "%s", path);
	if ((slash = strrchr(j.dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(j.dir, sizeof(j.dir), ".");
	if (cli_read_file(path, PROFILE_FILE_MAX, &buf, &len) != 0)
		return -1;
	if (memchr(buf, '\0', len) != NULL) {
		cli_err("profile %s: not a text file", path);
		goto fail;
	}
	j.js = (const char *)buf;
	jsmn_init(&parser);
	n = jsmn_parse(&parser, j.js, len, NULL, 0);
	if (n > 0 && (j.t = calloc((size_t)n, sizeof(*j.t))) != NULL) {
		jsmn_init(&parser);
		n = jsmn_parse(&parser, j.js, len, j.t, (unsigned)n);
	}
	if (n <= 0) {
		where(j.js, parser.pos, &line, &col);
		cli_err("profile %s: line %d, column %d: %s", path, line, col,
		    n == JSMN_ERROR_PART || n == 0 ? "the JSON ends too early" :
		    "not valid JSON");
		goto fail;
	}
	for (k = (size_t)j.t[0].end; k < len; k++)
		if (strchr(" \t\r\n", j.js[k]) == NULL) {
			where(j.js, k, &line, &col);
			cli_err("profile %s: line %d, column %d: text after the "
			    "profile's object", path, line, col);
			goto fail;
		}
	j.n = n;
	if (syntax(&j, &ti, &badpos) != 0 || ti != n) {
		where(j.js, badpos < 0 ? (size_t)j.t[0].end : (size_t)badpos,
		    &line, &col);
		cli_err("profile %s: line %d, column %d: not valid JSON", path,
		    line, col);
		goto fail;
	}
	r = top(&j, p);
fail:
	free(j.t);
	cli_free_secret(buf, len);
	if (r != 0)
		profile_wipe(p);
	return r;
}

void
profile_wipe(struct profile *p)
{
	explicit_bzero(p, sizeof(*p));
}
