/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The profile's JSON (profile_json.c), for the sections (profile.c).
 * Tokens are named by index; every getter checks the token's type and
 * refuses a bad value with adm_json_err(), which names the file and the
 * value's path ("$.credentials.pin_retries") and returns -1.
 */
#ifndef UIMKEY_ADMIN_PROFILE_JSON_H
#define UIMKEY_ADMIN_PROFILE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "admin/profile.h"

/* Longest path of a value in messages ("$.slots.9a.generate"). */
#define ADM_JSON_PATH_MAX 160

struct adm_json;

/* The members of an object, in order (adm_json_obj_begin/next). */
struct adm_json_iter {
	int next, left;
	unsigned seen;        /* bit k: keys[k] was given */
};

/*
 * Read the file at path (at most max bytes), check that it is one JSON
 * object, then hand it to fn (token 0 is the object).  fn's result, or
 * -1 after a message naming the file, the line and the column.
 */
int adm_json_load(const char *path, size_t max,
    int (*fn)(const struct adm_json *j, void *arg), void *arg);

/* "uimkey: profile FILE: PATH: message"; returns -1. */
int adm_json_err(const struct adm_json *j, const char *path, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
/* The token after the whole value at i. */
int adm_json_skip(const struct adm_json *j, int i);
/* Whether the token at i is the string s. */
int adm_json_is(const struct adm_json *j, int i, const char *s);
int adm_json_is_object(const struct adm_json *j, int i);
/* Members of an object, elements of an array. */
int adm_json_size(const struct adm_json *j, int i);

int adm_json_obj_begin(const struct adm_json *j, int i, const char *path,
    struct adm_json_iter *it);
/* The next member: 1 with *key (index into keys, NULL-terminated) and
 * *val set and sub holding its path; 0 at the end; -1 on an unknown or
 * repeated key. */
int adm_json_obj_next(const struct adm_json *j, struct adm_json_iter *it,
    const char *path, const char *const *keys, int *key, int *val,
    char *sub);
/* path.key of the key token at i, cut to ADM_JSON_PATH_MAX. */
void adm_json_member_path(const struct adm_json *j, int i, const char *path,
    char *sub);

/* A string value, unescaped, NUL-terminated, at most cap - 1 bytes. */
int adm_json_str(const struct adm_json *j, int i, const char *path,
    char *out, size_t cap, size_t *len);
int adm_json_int(const struct adm_json *j, int i, const char *path,
    long min, long max, long *v);
int adm_json_bool(const struct adm_json *j, int i, const char *path, int *v);
/* Exactly want bytes in hex. */
int adm_json_hex(const struct adm_json *j, int i, const char *path,
    uint8_t *out, size_t want);
/* A file name, relative to the profile's directory, into out
 * (ADM_PROFILE_PATH_MAX). */
int adm_json_path(const struct adm_json *j, int i, const char *path,
    char *out);

#endif
