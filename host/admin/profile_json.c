/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The profile's JSON, read with jsmn (strict mode): the file read and
 * its syntax checked, then typed getters for the sections (profile.c).
 * jsmn lets some malformed text through, so the text between tokens is
 * checked here too.
 */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
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

#include "admin/io.h"
#include "profile_json.h"

struct adm_json {
	const char *file;
	char dir[ADM_PROFILE_PATH_MAX];
	const char *js;
	jsmntok_t *t;
	int n;
};

int
adm_json_err(const struct adm_json *j, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (msg = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	adm_err("profile %s: %s: %s", j->file, path, msg != NULL ? msg : fmt);
	free(msg);
	return -1;
}

int
adm_json_is_object(const struct adm_json *j, int i)
{
	return j->t[i].type == JSMN_OBJECT;
}

int
adm_json_size(const struct adm_json *j, int i)
{
	return j->t[i].size;
}

/* The token after the whole value at i. */
int
adm_json_skip(const struct adm_json *j, int i)
{
	int n = j->t[i].size;

	for (i++; n > 0; n--)
		i = adm_json_skip(j, i);
	return i;
}

int
adm_json_is(const struct adm_json *j, int i, const char *s)
{
	size_t len = strlen(s);

	return j->t[i].type == JSMN_STRING &&
	    (size_t)(j->t[i].end - j->t[i].start) == len &&
	    memcmp(j->js + j->t[i].start, s, len) == 0;
}

int
adm_json_obj_begin(const struct adm_json *j, int i, const char *path, struct adm_json_iter *it)
{
	if (j->t[i].type != JSMN_OBJECT)
		return adm_json_err(j, path, "expected an object");
	it->next = i + 1;
	it->left = j->t[i].size;
	it->seen = 0;
	return 0;
}

/* path.key of the key token at i, cut to ADM_JSON_PATH_MAX. */
void
adm_json_member_path(const struct adm_json *j, int i, const char *path, char *sub)
{
	if (snprintf(sub, ADM_JSON_PATH_MAX, "%s.%.*s", path,
	    j->t[i].end - j->t[i].start, j->js + j->t[i].start) >= ADM_JSON_PATH_MAX)
		memcpy(sub + ADM_JSON_PATH_MAX - 4, "...", 4);
}

/* The next member: 1 with *key (index into keys, NULL-terminated) and
 * *val set and sub holding its path; 0 at the end; -1 on an unknown or
 * repeated key. */
int
adm_json_obj_next(const struct adm_json *j, struct adm_json_iter *it, const char *path,
    const char *const *keys, int *key, int *val, char *sub)
{
	int k, i = it->next;

	if (it->left == 0)
		return 0;
	it->left--;
	for (k = 0; keys[k] != NULL; k++)
		if (adm_json_is(j, i, keys[k]))
			break;
	adm_json_member_path(j, i, path, sub);
	if (keys[k] == NULL)
		return adm_json_err(j, sub, "unknown key");
	if (it->seen & (1u << k))
		return adm_json_err(j, sub, "given twice");
	it->seen |= 1u << k;
	*key = k;
	*val = i + 1;
	it->next = adm_json_skip(j, i + 1);
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
int
adm_json_str(const struct adm_json *j, int i, const char *path, char *out, size_t cap,
    size_t *len)
{
	const char *s = j->js + j->t[i].start, *end = j->js + j->t[i].end;
	unsigned long c, lo;
	size_t n = 0;

	if (j->t[i].type != JSMN_STRING)
		return adm_json_err(j, path, "expected a string");
	while (s < end) {
		/* Room for the longest UTF-8 sequence and the NUL. */
		if (n + 1 >= cap || (*s == '\\' && s[1] == 'u' && n + 4 >= cap))
			return adm_json_err(j, path, "too long (at most %zu bytes)",
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
				return adm_json_err(j, path, "bad \\u escape");
			s += 4;
			if (c >= 0xD800 && c <= 0xDBFF) {
				if (end - s < 7 || s[1] != '\\' || s[2] != 'u' ||
				    u4(s + 3, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
					return adm_json_err(j, path, "bad surrogate pair");
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				s += 6;
			} else if (c >= 0xDC00 && c <= 0xDFFF) {
				return adm_json_err(j, path, "bad surrogate pair");
			}
			if (c == 0)
				return adm_json_err(j, path, "NUL in a string");
			put_utf8(out, &n, c);
			break;
		default:
			return adm_json_err(j, path, "bad escape");
		}
		s++;
	}
	out[n] = '\0';
	if (len != NULL)
		*len = n;
	return 0;
}

int
adm_json_int(const struct adm_json *j, int i, const char *path, long min, long max,
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
	return adm_json_err(j, path, "expected a whole number from %ld to %ld", min, max);
}

int
adm_json_bool(const struct adm_json *j, int i, const char *path, int *v)
{
	int len = j->t[i].end - j->t[i].start;

	if (j->t[i].type == JSMN_PRIMITIVE && ((len == 4 &&
	    memcmp(j->js + j->t[i].start, "true", 4) == 0) || (len == 5 &&
	    memcmp(j->js + j->t[i].start, "false", 5) == 0))) {
		*v = len == 4;
		return 0;
	}
	return adm_json_err(j, path, "expected true or false");
}

int
adm_json_hex(const struct adm_json *j, int i, const char *path, uint8_t *out,
    size_t want)
{
	char s[128];
	size_t len;

	if (adm_json_str(j, i, path, s, sizeof(s), &len) != 0)
		return -1;
	if (adm_hex_decode(s, len, out, want) != (long)want)
		return adm_json_err(j, path, "expected %zu bytes in hex", want);
	return 0;
}

/* A file name, relative to the profile's directory. */
int
adm_json_path(const struct adm_json *j, int i, const char *path, char *out)
{
	char s[ADM_PROFILE_PATH_MAX];
	size_t len;

	if (adm_json_str(j, i, path, s, sizeof(s), &len) != 0)
		return -1;
	if (len == 0)
		return adm_json_err(j, path, "empty file name");
	if (s[0] == '/')
		snprintf(out, ADM_PROFILE_PATH_MAX, "%s", s);
	else if (snprintf(out, ADM_PROFILE_PATH_MAX, "%s/%s", j->dir, s) >=
	    ADM_PROFILE_PATH_MAX)
		return adm_json_err(j, path, "file name too long");
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
syntax(const struct adm_json *j, int *i, int *bad)
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
adm_json_load(const char *path, size_t max,
    int (*fn)(const struct adm_json *j, void *arg), void *arg)
{
	struct adm_json j;
	jsmn_parser parser;
	uint8_t *buf = NULL;
	size_t len, k;
	char *slash;
	int n, r = -1, line, col, ti = 0, badpos = -1;

	memset(&j, 0, sizeof(j));
	j.file = path;
	snprintf(j.dir, sizeof(j.dir), "%s", path);
	if ((slash = strrchr(j.dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(j.dir, sizeof(j.dir), ".");
	if (adm_read_file(path, max, &buf, &len) != 0)
		return -1;
	if (memchr(buf, '\0', len) != NULL) {
		adm_err("profile %s: not a text file", path);
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
		adm_err("profile %s: line %d, column %d: %s", path, line, col,
		    n == JSMN_ERROR_PART || n == 0 ? "the JSON ends too early" :
		    "not valid JSON");
		goto fail;
	}
	for (k = (size_t)j.t[0].end; k < len; k++)
		if (strchr(" \t\r\n", j.js[k]) == NULL) {
			where(j.js, k, &line, &col);
			adm_err("profile %s: line %d, column %d: text after the "
			    "profile's object", path, line, col);
			goto fail;
		}
	j.n = n;
	if (syntax(&j, &ti, &badpos) != 0 || ti != n) {
		where(j.js, badpos < 0 ? (size_t)j.t[0].end : (size_t)badpos,
		    &line, &col);
		adm_err("profile %s: line %d, column %d: not valid JSON", path,
		    line, col);
		goto fail;
	}
	r = fn(&j, arg);
fail:
	free(j.t);
	adm_free_secret(buf, len);
	return r;
}
