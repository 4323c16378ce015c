/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Slots: the reader table (module lock), C_GetSlotList and C_GetSlotInfo.
 * What a slot does with its card, under its own lock, is p11_slot_card.c.
 */
#include <string.h>

#include "pkcs11/p11_session.h"
#include "pkcs11/p11_slot.h"
#include "pkcs11/p11_util.h"

/* Entries [0, n_slots) are in use; an entry's index is its slot ID.  The
 * count is written under the module lock once the entry is ready, and
 * read without it (entries never go away). */
static struct p11_slot slots[P11_SLOTS_MAX];
static atomic_size_t n_slots;

/*
 * The slots the last size query of C_GetSlotList saw.  PKCS#11 lets the
 * set of slots change only on a call with pSlotList NULL, so a call that
 * fills a buffer lists these; whether each holds a token is looked up
 * afresh, since that may change at any time.
 */
static CK_SLOT_ID listed[P11_SLOTS_MAX];
static size_t n_listed;
static int have_listed;

/* Module lock held: the slot of a reader, made (with its lock) at its
 * first sight.  NULL when the table is full or the lock cannot be made:
 * the reader is then not listed (tried again at the next scan). */
static struct p11_slot *
slot_for_name(const char *name)
{
	size_t i, n = atomic_load(&n_slots);
	struct p11_slot *s;

	for (i = 0; i < n; i++)
		if (strcmp(slots[i].name, name) == 0)
			return &slots[i];
	if (n == P11_SLOTS_MAX || strlen(name) > UIMKEY_READER_NAME_MAX)
		return NULL;
	s = &slots[n];
	memset(s, 0, sizeof(*s));
	if (p11_mutex_like(&s->lock, &p11_mod.mutex) != CKR_OK)
		return NULL;
	s->id = n;
	s->login = P11_NOBODY;
	strcpy(s->name, name);
	atomic_store(&n_slots, n + 1);
	return s;
}

struct p11_slot *
p11_slot_get(CK_SLOT_ID id)
{
	return id < atomic_load(&n_slots) ? &slots[id] : NULL;
}

CK_RV
p11_slot_enter(CK_SLOT_ID id, int args_ok, struct p11_slot **sp)
{
	CK_RV rv;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (!args_ok)
		rv = CKR_ARGUMENTS_BAD;
	else if ((*sp = p11_slot_get(id)) == NULL)
		rv = CKR_SLOT_ID_INVALID;
	else
		rv = p11_slots_refresh();
	if (rv != CKR_OK)
		p11_leave();
	return rv;
}

struct p11_slot *
p11_slot_next(const struct p11_slot *prev)
{
	size_t i = prev == NULL ? 0 : prev->id + 1;

	return i < atomic_load(&n_slots) ? &slots[i] : NULL;
}

/* Record the n readers of the last scan (n is 0 when PC/SC is gone). */
static void
apply_scan(size_t n)
{
	struct p11_slot *s;
	const char *name;
	size_t i;

	for (i = 0; i < atomic_load(&n_slots); i++)
		slots[i].reader_present = 0;
	for (i = 0; i < n; i++) {
		name = uimkey_readers_name(p11_mod.readers, i);
		if (name == NULL || (s = slot_for_name(name)) == NULL)
			continue;
		s->reader_present = 1;
		s->card_present =
		    uimkey_readers_card_present(p11_mod.readers, i) > 0;
	}
	for (i = 0; i < atomic_load(&n_slots); i++) {
		s = &slots[i];
		if (!s->reader_present)
			s->card_present = 0;
		/* Dropped by the slot's next holder: this thread may not
		 * wait for the slot's lock here. */
		if (!s->card_present)
			atomic_store(&s->removed, 1);
	}
}

static int
scan(void)
{
	int err;

	if (!p11_mod.ctx_open) {
		if ((err = uimkey_ctx_open(p11_mod.ctx)) != UIMKEY_OK)
			return err;
		p11_mod.ctx_open = 1;
	}
	return uimkey_readers_scan(p11_mod.readers, p11_mod.ctx);
}

static void
ctx_drop(void)
{
	if (p11_mod.ctx_open) {
		(void)uimkey_ctx_close(p11_mod.ctx);
		p11_mod.ctx_open = 0;
	}
}

/* A scan that failed for any reason but these says the context is dead
 * (no service, invalid handle, broken socket: pcsc-lite varies). */
static int
pcsc_down(int err)
{
	return err != UIMKEY_OK && err != UIMKEY_ERR_NO_READER &&
	    err != UIMKEY_ERR_NOMEM;
}

CK_RV
p11_slots_refresh(void)
{
	int was_open = p11_mod.ctx_open;
	int err;

	err = scan();
	if (was_open && pcsc_down(err)) {
		/*
		 * pcscd stopped or restarted: the context is dead and so is
		 * every slot's (with its card connection): mark them all
		 * removed, then try a fresh context once.
		 */
		apply_scan(0);
		ctx_drop();
		err = scan();
	}
	if (err == UIMKEY_ERR_NOMEM)
		return CKR_HOST_MEMORY;
	/* No pcscd is a machine with no readers, not a failure. */
	apply_scan(err == UIMKEY_OK ? uimkey_readers_count(p11_mod.readers) :
	    0);
	return CKR_OK;
}

CK_RV
p11_slots_start(void)
{
	size_t i, n = atomic_load(&n_slots);
	struct p11_slot *s;
	CK_RV rv;

	for (i = 0; i < n; i++) {
		s = &slots[i];
		s->reader_present = 0;
		s->card_present = 0;
		atomic_store(&s->removed, 0);
		if (s->lock.mutex == NULL &&
		    (rv = p11_mutex_like(&s->lock, &p11_mod.mutex)) != CKR_OK)
			return rv;
	}
	have_listed = 0;
	n_listed = 0;
	(void)p11_slots_refresh();
	/* Events are changes after C_Initialize, not the cards already in. */
	for (i = 0; i < atomic_load(&n_slots); i++)
		slots[i].event_present = slots[i].card_present;
	return CKR_OK;
}

void
p11_slots_stop(void)
{
	size_t i, n = atomic_load(&n_slots);
	struct p11_slot *s;

	/* A call still at work on a card ends first: its slot's lock. */
	for (i = 0; i < n; i++) {
		s = &slots[i];
		if (s->lock.mutex == NULL)
			continue;
		(void)p11_mutex_take(&s->lock);
		p11_slot_drop(s);
		uimkey_ctx_free(&s->ctx);
		p11_mutex_release(&s->lock);
		p11_mutex_fini(&s->lock);
	}
	p11_mod_lock();
	ctx_drop();
	have_listed = 0;
	p11_mod_unlock();
}

void
p11_slots_forget(void)
{
	size_t i;

	/* The parent's connections, contexts, caches and locks stay the
	 * parent's: leak the child's copies rather than close what is
	 * shared (a lock may even have been held at the fork). */
	for (i = 0; i < atomic_load(&n_slots); i++) {
		memset(&slots[i].lock, 0, sizeof(slots[i].lock));
		slots[i].ctx = NULL;
		slots[i].ctx_open = 0;
		slots[i].dev = NULL;
		slots[i].cache = NULL;
		slots[i].sobjs = NULL;
		slots[i].lost = 0;
		atomic_store(&slots[i].removed, 0);
		atomic_store(&slots[i].users, 0);
		slots[i].sessions = 0;
		slots[i].rw_sessions = 0;
		slots[i].login = P11_NOBODY;
		slots[i].so_puk = 0;
	}
	have_listed = 0;
}

P11_EXPORT CK_RV
C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList,
    CK_ULONG_PTR pulCount)
{
	CK_ULONG n = 0;
	CK_RV rv;
	size_t i;

	if ((rv = p11_enter()) != CKR_OK)
		return rv;
	if (pulCount == NULL) {
		rv = CKR_ARGUMENTS_BAD;
		goto out;
	}
	if ((rv = p11_slots_refresh()) != CKR_OK)
		goto out;
	if (pSlotList == NULL || !have_listed) {
		for (i = 0, n_listed = 0; i < atomic_load(&n_slots); i++)
			if (slots[i].reader_present)
				listed[n_listed++] = slots[i].id;
		have_listed = 1;
	}
	for (i = 0; i < n_listed; i++)
		if (!tokenPresent || slots[listed[i]].card_present)
			n++;
	if (pSlotList != NULL && *pulCount < n) {
		rv = CKR_BUFFER_TOO_SMALL;
	} else if (pSlotList != NULL) {
		for (i = 0, n = 0; i < n_listed; i++)
			if (!tokenPresent || slots[listed[i]].card_present)
				pSlotList[n++] = listed[i];
	}
	*pulCount = n;
out:
	p11_leave();
	p11_slots_reap();
	return rv;
}

P11_EXPORT CK_RV
C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
	struct p11_slot *s;
	CK_RV rv;

	/* Applications poll this for insertion and removal (NSS does):
	 * the readers are rescanned. */
	if ((rv = p11_slot_enter(slotID, pInfo != NULL, &s)) != CKR_OK)
		return rv;
	memset(pInfo, 0, sizeof(*pInfo));
	p11_pad(pInfo->slotDescription, sizeof(pInfo->slotDescription),
	    s->name);
	p11_pad(pInfo->manufacturerID, sizeof(pInfo->manufacturerID),
	    P11_MANUFACTURER);
	pInfo->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
	if (s->card_present)
		pInfo->flags |= CKF_TOKEN_PRESENT;
	p11_leave();
	p11_slots_reap();
	return rv;
}
