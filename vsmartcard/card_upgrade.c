/* SPDX-License-Identifier: BSD-2-Clause */
#define _DEFAULT_SOURCE     /* explicit_bzero */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "card/card.h"
#include "card_upgrade.h"
#include "file_device.h"
#include "file_io.h"
#include "file_store.h"
#include "host_rng.h"

#define TMP_SUFFIX  ".tmp"
#define NEW_SUFFIX  ".new"
#define NEW_MODE    0600

/* The files an upgrade reads and makes: the new ones are made under
 * their own names and take the final ones only when all are whole. */
struct names {
	const char *store, *key, *counter;
	char store_new[PATH_MAX], key_new[PATH_MAX], counter_new[PATH_MAX];
};

static int
names_init(struct names *nm, const char *store, const char *key,
    const char *counter)
{
	nm->store = store;
	nm->key = key;
	nm->counter = counter;
	return snprintf(nm->store_new, PATH_MAX, "%s" TMP_SUFFIX, store) >=
	    PATH_MAX ||
	    snprintf(nm->key_new, PATH_MAX, "%s" NEW_SUFFIX, key) >= PATH_MAX ||
	    snprintf(nm->counter_new, PATH_MAX, "%s" NEW_SUFFIX, counter) >=
	    PATH_MAX ? -1 : 0;
}

/* The new store, built in RAM: FILE is replaced only once it is whole. */
typedef struct {
	const uimkey_memory_class *vtable;
	uint8_t mem[UIMKEY_MEMORY_SIZE];
} ram_image;

static int
ram_read(const uimkey_memory_class **ctx, size_t off, void *buf, size_t len)
{
	const ram_image *m = (const ram_image *)(const void *)ctx;

	if (off > sizeof(m->mem) || len > sizeof(m->mem) - off)
		return -1;
	memcpy(buf, m->mem + off, len);
	return 0;
}

static int
ram_write(const uimkey_memory_class **ctx, size_t off, const void *buf,
    size_t len)
{
	ram_image *m = (ram_image *)(void *)ctx;

	if (off > sizeof(m->mem) || len > sizeof(m->mem) - off)
		return -1;
	memcpy(m->mem + off, buf, len);
	return 0;
}

static int
ram_sync(const uimkey_memory_class **ctx)
{
	(void)ctx;
	return 0;
}

static const uimkey_memory_class ram_vtable = {
	ram_read, ram_write, ram_sync,
};

/*
 * The new key, counter and store take their names, the store last, and
 * their directories are flushed.  If the store cannot take its name, the
 * key and counter, made by this run and protecting nothing yet, go.  A
 * crash between the renames leaves them beside the old store, which
 * open_both then names.
 */
static int
put_in_place(const struct names *nm)
{
	if (rename(nm->key_new, nm->key) != 0)
		return -1;
	if (rename(nm->counter_new, nm->counter) != 0 ||
	    rename(nm->store_new, nm->store) != 0) {
		(void)unlink(nm->key);
		(void)unlink(nm->counter);
		return -1;
	}
	return file_io_sync_parent(nm->key) == 0 &&
	    file_io_sync_parent(nm->counter) == 0 &&
	    file_io_sync_parent(nm->store) == 0 ? 0 : -1;
}

static void
upgrade_error(const char *store, int r)
{
	switch (r) {
	case UIMKEY_CARD_ERR_FORMAT:
		fprintf(stderr, PROG_NAME ": %s: not a store of format 1\n",
		    store);
		break;
	case UIMKEY_CARD_ERR_CORRUPT:
		fprintf(stderr, PROG_NAME ": %s: a record or its journal "
		    "fails its CRC-32 check or holds what no uimkey wrote: "
		    "damaged; not upgraded\n", store);
		break;
	default:
		fprintf(stderr, PROG_NAME ": %s: upgrade failed (card error "
		    "%d)\n", store, r);
		break;
	}
}

/* The old store open and of format 1, the key and counter made. */
static int
open_both(const struct options *o, const struct names *nm, file_store *old,
    file_device *dev)
{
	char err[FILE_STORE_ERR_MAX];
	struct stat st;
	int format;

	if (stat(o->store, &st) != 0) {
		fprintf(stderr, PROG_NAME ": %s: %s\n", o->store,
		    strerror(errno));
		return -1;
	}
	if (lstat(nm->key, &st) == 0 || lstat(nm->counter, &st) == 0) {
		fprintf(stderr, PROG_NAME ": %s or %s exists: the upgraded "
		    "store gets a new device key and counter; not upgraded "
		    "(a store of format 1 has none: they belong to another "
		    "store, or an upgrade stopped between putting them in "
		    "place and replacing the store)\n", nm->key, nm->counter);
		return -1;
	}
	if (file_store_open(old, o->store, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG_NAME ": %s\n", err);
		return -1;
	}
	if ((format = uimkey_card_memory_format(&old->vtable)) != 1) {
		fprintf(stderr, PROG_NAME ": %s: %s; not upgraded\n", o->store,
		    format == UIMKEY_CARD_FORMAT ? "already of this format" :
		    "not a store of format 1");
		return -1;
	}
	/* Left by an upgrade cut short: never named key or counter. */
	(void)unlink(nm->key_new);
	(void)unlink(nm->counter_new);
	if (file_device_open(dev, nm->key_new, nm->counter_new, 1,
	    o->kdf_iterations, err, sizeof(err)) != 0) {
		fprintf(stderr, PROG_NAME ": %s\n", err);
		return -1;
	}
	return 0;
}

int
card_upgrade(const struct options *o, const char *key, const char *counter)
{
	static ram_image img;
	static file_store old;
	static uimkey_card card;
	static file_device dev;
	struct names nm;
	host_rng rng;
	int r = -1, made = 0, c;

	memset(&img, 0, sizeof(img));
	memset(&dev, 0, sizeof(dev));
	dev.counter_fd = -1;
	img.vtable = &ram_vtable;
	memset(img.mem, UIMKEY_MEMORY_ERASED, sizeof(img.mem));
	if (names_init(&nm, o->store, key, counter) != 0) {
		fprintf(stderr, PROG_NAME ": %s: path too long\n", o->store);
		return -1;
	}
	if (open_both(o, &nm, &old, &dev) != 0)
		goto done;
	made = 1;
	host_rng_init(&rng);
	c = uimkey_card_upgrade(&card, &old.vtable, &img.vtable, &rng.vtable,
	    &dev.vtable);
	file_device_forget_key(&dev);
	if (c != UIMKEY_CARD_OK)
		upgrade_error(o->store, c);
	else if (file_io_create(nm.store_new, img.mem, sizeof(img.mem),
	    NEW_MODE) != 0 || put_in_place(&nm) != 0)
		fprintf(stderr, PROG_NAME ": %s: cannot replace it: %s; left "
		    "as it was\n", o->store, strerror(errno));
	else {
		printf(PROG_NAME ": %s: upgraded to store format %d, serial "
		    "%u, under %s\n", o->store, UIMKEY_CARD_FORMAT,
		    (unsigned)uimkey_card_serial(&card), key);
		r = 0;
	}
done:
	explicit_bzero(&card, sizeof(card));
	explicit_bzero(img.mem, sizeof(img.mem));
	file_device_close(&dev);
	file_store_close(&old);
	if (r != 0 && made) {
		(void)unlink(nm.key_new);
		(void)unlink(nm.counter_new);
		(void)unlink(nm.store_new);
	}
	return r;
}
