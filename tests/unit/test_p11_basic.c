/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-pkcs11.so, first stage: the module's life cycle, argument checks
 * and slot handling, through dlopen as an application loads it.
 *
 *   test_p11_basic path/to/uimkey-pkcs11.so
 *
 * Without pcscd the module must list no slots and not hang.  Under a
 * PC/SC stack with a card (build/bin/uimkey-env), the token checks run
 * too; otherwise they are skipped.  Prints "ok - name" / "not ok - name".
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#include "tests/support/check.h"

#define PCSCD_SOCKET  "/run/pcscd/pcscd.comm"
#define BAD_SLOT      ((CK_SLOT_ID)9999)
#define BAD_SESSION   ((CK_SESSION_HANDLE)0x7357)

static CK_FUNCTION_LIST_PTR p11;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A fixed PKCS#11 text field holds want, then blanks, and no NUL. */
static int
padded(const CK_UTF8CHAR *field, size_t len, const char *want)
{
	size_t n = strlen(want), i;

	if (n > len || memcmp(field, want, n) != 0)
		return 0;
	for (i = n; i < len; i++)
		if (field[i] != ' ')
			return 0;
	return 1;
}

static int
no_nul(const CK_UTF8CHAR *field, size_t len)
{
	return memchr(field, '\0', len) == NULL;
}

/* ---- application mutex callbacks, counted ---- */

static atomic_int app_creates, app_destroys, app_locks, app_unlocks;
static int app_create_fails;

static CK_RV
app_create(void **mutexp)
{
	pthread_mutex_t *m;

	if (app_create_fails)
		return CKR_HOST_MEMORY;
	if ((m = malloc(sizeof(*m))) == NULL)
		return CKR_HOST_MEMORY;
	pthread_mutex_init(m, NULL);
	atomic_fetch_add(&app_creates, 1);
	*mutexp = m;
	return CKR_OK;
}

static CK_RV
app_destroy(void *mutex)
{
	pthread_mutex_destroy(mutex);
	free(mutex);
	atomic_fetch_add(&app_destroys, 1);
	return CKR_OK;
}

static CK_RV
app_lock(void *mutex)
{
	pthread_mutex_lock(mutex);
	atomic_fetch_add(&app_locks, 1);
	return CKR_OK;
}

static CK_RV
app_unlock(void *mutex)
{
	atomic_fetch_add(&app_unlocks, 1);
	pthread_mutex_unlock(mutex);
	return CKR_OK;
}

static void
app_args(CK_C_INITIALIZE_ARGS *a, CK_FLAGS flags)
{
	memset(a, 0, sizeof(*a));
	a->CreateMutex = app_create;
	a->DestroyMutex = app_destroy;
	a->LockMutex = app_lock;
	a->UnlockMutex = app_unlock;
	a->flags = flags;
}

/* ---- tests ---- */

static void
test_function_list(void)
{
	const size_t first = offsetof(CK_FUNCTION_LIST, C_Initialize);
	const size_t n = (sizeof(CK_FUNCTION_LIST) - first) /
	    sizeof(CK_C_Initialize);
	CK_C_Initialize fn;
	size_t i, missing = 0;

	check_rv(p11->C_GetFunctionList(NULL), CKR_ARGUMENTS_BAD,
	    "C_GetFunctionList(NULL) is CKR_ARGUMENTS_BAD");
	check(p11->version.major == 2 && p11->version.minor == 40,
	    "function list version is 2.40");
	check(n == 68, "function list has 68 entries");
	for (i = 0; i < n; i++) {
		memcpy(&fn, (const char *)p11 + first + i * sizeof(fn),
		    sizeof(fn));
		missing += fn == NULL;
	}
	check(missing == 0, "every function list entry is set");
}

static void
test_before_init(void)
{
	CK_INFO info;
	CK_SLOT_INFO si;
	CK_TOKEN_INFO ti;
	CK_SESSION_INFO ssi;
	CK_SESSION_HANDLE h;
	CK_SLOT_ID slot;
	CK_ULONG n = 0;
	CK_BYTE buf[8];

	check_rv(p11->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetInfo before C_Initialize");
	check_rv(p11->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_Finalize before C_Initialize");
	check_rv(p11->C_GetSlotList(CK_FALSE, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED, "C_GetSlotList before C_Initialize");
	check_rv(p11->C_GetSlotInfo(0, &si), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetSlotInfo before C_Initialize");
	check_rv(p11->C_GetTokenInfo(0, &ti), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetTokenInfo before C_Initialize");
	check_rv(p11->C_GetMechanismList(0, NULL, &n),
	    CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetMechanismList before C_Initialize");
	check_rv(p11->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &h),
	    CKR_CRYPTOKI_NOT_INITIALIZED, "C_OpenSession before C_Initialize");
	check_rv(p11->C_CloseSession(1), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_CloseSession before C_Initialize");
	check_rv(p11->C_CloseAllSessions(0), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_CloseAllSessions before C_Initialize");
	check_rv(p11->C_GetSessionInfo(1, &ssi), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetSessionInfo before C_Initialize");
	check_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL),
	    CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_WaitForSlotEvent before C_Initialize");
	check_rv(p11->C_Login(1, CKU_USER, NULL, 0),
	    CKR_CRYPTOKI_NOT_INITIALIZED, "C_Login before C_Initialize");
	check_rv(p11->C_GenerateRandom(1, buf, sizeof(buf)),
	    CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GenerateRandom before C_Initialize");
	check_rv(p11->C_GetFunctionStatus(1), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "C_GetFunctionStatus before C_Initialize");
	check_rv(p11->C_InitToken(0, NULL, 0, NULL),
	    CKR_CRYPTOKI_NOT_INITIALIZED, "C_InitToken before C_Initialize");
}

static void
test_initialize_args(void)
{
	CK_C_INITIALIZE_ARGS a;
	CK_INFO info;
	int reserved;

	memset(&a, 0, sizeof(a));
	a.pReserved = &reserved;
	check_rv(p11->C_Initialize(&a), CKR_ARGUMENTS_BAD,
	    "C_Initialize with pReserved set is CKR_ARGUMENTS_BAD");

	memset(&a, 0, sizeof(a));
	a.CreateMutex = app_create;
	check_rv(p11->C_Initialize(&a), CKR_ARGUMENTS_BAD,
	    "C_Initialize with one mutex callback is CKR_ARGUMENTS_BAD");
	app_args(&a, CKF_OS_LOCKING_OK);
	a.UnlockMutex = NULL;
	check_rv(p11->C_Initialize(&a), CKR_ARGUMENTS_BAD,
	    "C_Initialize with three mutex callbacks is CKR_ARGUMENTS_BAD");
	check_rv(p11->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "a refused C_Initialize leaves the module uninitialised");

	app_create_fails = 1;
	app_args(&a, 0);
	check_rv(p11->C_Initialize(&a), CKR_HOST_MEMORY,
	    "C_Initialize passes on a failing CreateMutex");
	app_create_fails = 0;
	check_rv(p11->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "a failed C_Initialize leaves the module uninitialised");

	check_rv(p11->C_Initialize(NULL), CKR_OK, "C_Initialize(NULL)");
	check_rv(p11->C_Initialize(NULL), CKR_CRYPTOKI_ALREADY_INITIALIZED,
	    "second C_Initialize is CKR_CRYPTOKI_ALREADY_INITIALIZED");
	memset(&a, 0, sizeof(a));
	a.flags = CKF_OS_LOCKING_OK;
	check_rv(p11->C_Initialize(&a), CKR_CRYPTOKI_ALREADY_INITIALIZED,
	    "second C_Initialize with args is CKR_CRYPTOKI_ALREADY_INITIALIZED");
	check_rv(p11->C_Finalize(&reserved), CKR_ARGUMENTS_BAD,
	    "C_Finalize with pReserved set is CKR_ARGUMENTS_BAD");
	check_rv(p11->C_Finalize(NULL), CKR_OK, "C_Finalize");
	check_rv(p11->C_Finalize(NULL), CKR_CRYPTOKI_NOT_INITIALIZED,
	    "second C_Finalize is CKR_CRYPTOKI_NOT_INITIALIZED");

	memset(&a, 0, sizeof(a));
	a.flags = CKF_OS_LOCKING_OK | CKF_LIBRARY_CANT_CREATE_OS_THREADS;
	check_rv(p11->C_Initialize(&a), CKR_OK,
	    "C_Initialize with CKF_OS_LOCKING_OK and CANT_CREATE_OS_THREADS");
	check_rv(p11->C_Finalize(NULL), CKR_OK, "C_Finalize after OS locking");

	memset(&a, 0, sizeof(a));
	check_rv(p11->C_Initialize(&a), CKR_OK,
	    "C_Initialize with no callbacks and no flags");
	check_rv(p11->C_Finalize(NULL), CKR_OK, "C_Finalize after no locking");

	/* Callbacks and CKF_OS_LOCKING_OK: the module may use either; it
	 * uses its own, so the callbacks stay untouched. */
	app_args(&a, CKF_OS_LOCKING_OK);
	check_rv(p11->C_Initialize(&a), CKR_OK,
	    "C_Initialize with callbacks and CKF_OS_LOCKING_OK");
	check_rv(p11->C_GetInfo(&info), CKR_OK, "C_GetInfo (OS locking)");
	check_rv(p11->C_Finalize(NULL), CKR_OK, "C_Finalize (OS locking)");
	check(atomic_load(&app_creates) == 0,
	    "with CKF_OS_LOCKING_OK the callbacks are not used");
}

static void
test_app_locking(void)
{
	CK_C_INITIALIZE_ARGS a;
	CK_ULONG n = 0;
	CK_RV rv;

	app_args(&a, 0);
	check_rv(p11->C_Initialize(&a), CKR_OK,
	    "C_Initialize with application callbacks only");
	check(atomic_load(&app_creates) >= 1,
	    "the application's CreateMutex is used");
	rv = p11->C_GetSlotList(CK_FALSE, NULL, &n);
	check_rv(rv, CKR_OK, "C_GetSlotList with application locking");
	check(atomic_load(&app_locks) > 0,
	    "the application's LockMutex is used");
	check(atomic_load(&app_locks) == atomic_load(&app_unlocks),
	    "every lock is unlocked");
	check_rv(p11->C_Finalize(NULL), CKR_OK,
	    "C_Finalize with application locking");
	check(atomic_load(&app_destroys) == atomic_load(&app_creates),
	    "every mutex created is destroyed");
}

static void
test_get_info(void)
{
	CK_INFO info;

	check_rv(p11->C_GetInfo(NULL), CKR_ARGUMENTS_BAD,
	    "C_GetInfo(NULL) is CKR_ARGUMENTS_BAD");
	memset(&info, 0, sizeof(info));
	check_rv(p11->C_GetInfo(&info), CKR_OK, "C_GetInfo");
	check(info.cryptokiVersion.major == 2 &&
	    info.cryptokiVersion.minor == 40, "C_GetInfo: cryptoki 2.40");
	check(padded(info.manufacturerID, sizeof(info.manufacturerID),
	    "uimkey"), "C_GetInfo: manufacturerID blank-padded");
	check(padded(info.libraryDescription,
	    sizeof(info.libraryDescription), "uimkey PKCS#11 module"),
	    "C_GetInfo: libraryDescription blank-padded");
	check(no_nul(info.manufacturerID, sizeof(info.manufacturerID)) &&
	    no_nul(info.libraryDescription, sizeof(info.libraryDescription)),
	    "C_GetInfo: no NUL in the text fields");
	check(info.flags == 0, "C_GetInfo: flags 0");
}

/* Returns the number of slots with a token. */
static CK_ULONG
test_slot_list(int have_pcscd)
{
	CK_SLOT_ID list[64];
	CK_SLOT_INFO si;
	CK_ULONG n = 0, m, with_token = 0;
	double t0;
	CK_RV rv;

	check_rv(p11->C_GetSlotList(CK_FALSE, NULL, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetSlotList(pulCount NULL) is CKR_ARGUMENTS_BAD");
	t0 = now_s();
	rv = p11->C_GetSlotList(CK_FALSE, NULL, &n);
	check_rv(rv, CKR_OK, "C_GetSlotList size query");
	check(now_s() - t0 < 5.0, "C_GetSlotList answers within 5 s");
	if (!have_pcscd)
		check(n == 0, "C_GetSlotList without pcscd: CKR_OK, 0 slots");
	m = 64;
	rv = p11->C_GetSlotList(CK_FALSE, list, &m);
	check_rv(rv, CKR_OK, "C_GetSlotList fills the list");
	check(m == n, "C_GetSlotList returns the counted slots");
	if (n > 0) {
		m = 0;
		rv = p11->C_GetSlotList(CK_FALSE, list, &m);
		check_rv(rv, CKR_BUFFER_TOO_SMALL,
		    "C_GetSlotList with a short buffer");
		check(m == n, "CKR_BUFFER_TOO_SMALL sets the count");
		check_rv(p11->C_GetSlotInfo(list[0], &si), CKR_OK,
		    "C_GetSlotInfo on a listed slot");
		check((si.flags & (CKF_REMOVABLE_DEVICE | CKF_HW_SLOT)) ==
		    (CKF_REMOVABLE_DEVICE | CKF_HW_SLOT),
		    "C_GetSlotInfo: removable hardware slot");
		check(no_nul(si.slotDescription, sizeof(si.slotDescription)),
		    "C_GetSlotInfo: no NUL in the description");
	}
	rv = p11->C_GetSlotList(CK_TRUE, NULL, &with_token);
	check_rv(rv, CKR_OK, "C_GetSlotList(tokenPresent) size query");
	check(with_token <= n, "slots with a token are a subset");
	check_rv(p11->C_GetSlotInfo(BAD_SLOT, &si), CKR_SLOT_ID_INVALID,
	    "C_GetSlotInfo on an unknown slot");
	check_rv(p11->C_GetSlotInfo(0, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetSlotInfo(NULL) is CKR_ARGUMENTS_BAD");
	return with_token;
}

static void
test_unknown_ids(void)
{
	CK_TOKEN_INFO ti;
	CK_MECHANISM_INFO mi;
	CK_SESSION_INFO ssi;
	CK_SESSION_HANDLE h;
	CK_MECHANISM mech = { CKM_ECDSA, NULL, 0 };
	CK_BYTE buf[8];
	CK_ULONG n = sizeof(buf);
	CK_UTF8CHAR label[32];

	memset(label, ' ', sizeof(label));
	check_rv(p11->C_GetTokenInfo(BAD_SLOT, &ti), CKR_SLOT_ID_INVALID,
	    "C_GetTokenInfo on an unknown slot");
	check_rv(p11->C_GetMechanismList(BAD_SLOT, NULL, &n),
	    CKR_SLOT_ID_INVALID, "C_GetMechanismList on an unknown slot");
	check_rv(p11->C_GetMechanismInfo(BAD_SLOT, CKM_ECDSA, &mi),
	    CKR_SLOT_ID_INVALID, "C_GetMechanismInfo on an unknown slot");
	check_rv(p11->C_InitToken(BAD_SLOT, NULL, 0, label),
	    CKR_SLOT_ID_INVALID, "C_InitToken on an unknown slot");
	check_rv(p11->C_CloseAllSessions(BAD_SLOT), CKR_SLOT_ID_INVALID,
	    "C_CloseAllSessions on an unknown slot");
	check_rv(p11->C_OpenSession(BAD_SLOT, CKF_SERIAL_SESSION, NULL, NULL,
	    &h), CKR_SLOT_ID_INVALID, "C_OpenSession on an unknown slot");
	check_rv(p11->C_OpenSession(BAD_SLOT, 0, NULL, NULL, &h),
	    CKR_SESSION_PARALLEL_NOT_SUPPORTED,
	    "C_OpenSession without CKF_SERIAL_SESSION");
	check_rv(p11->C_OpenSession(BAD_SLOT, CKF_SERIAL_SESSION, NULL, NULL,
	    NULL), CKR_ARGUMENTS_BAD, "C_OpenSession(phSession NULL)");
	check_rv(p11->C_CloseSession(BAD_SESSION), CKR_SESSION_HANDLE_INVALID,
	    "C_CloseSession on an unknown session");
	check_rv(p11->C_GetSessionInfo(BAD_SESSION, &ssi),
	    CKR_SESSION_HANDLE_INVALID,
	    "C_GetSessionInfo on an unknown session");
	check_rv(p11->C_Login(BAD_SESSION, CKU_USER, NULL, 0),
	    CKR_SESSION_HANDLE_INVALID, "C_Login on an unknown session");
	check_rv(p11->C_SignInit(BAD_SESSION, &mech, 1),
	    CKR_SESSION_HANDLE_INVALID, "C_SignInit on an unknown session");
	check_rv(p11->C_GenerateRandom(BAD_SESSION, buf, sizeof(buf)),
	    CKR_SESSION_HANDLE_INVALID,
	    "C_GenerateRandom on an unknown session");
	check_rv(p11->C_GetFunctionStatus(BAD_SESSION),
	    CKR_FUNCTION_NOT_PARALLEL, "C_GetFunctionStatus (legacy)");
	check_rv(p11->C_CancelFunction(BAD_SESSION),
	    CKR_FUNCTION_NOT_PARALLEL, "C_CancelFunction (legacy)");
}

static atomic_int waiter_done;
static CK_RV waiter_rv;

static void *
waiter(void *arg)
{
	CK_SLOT_ID slot;

	(void)arg;
	waiter_rv = p11->C_WaitForSlotEvent(0, &slot, NULL);
	atomic_store(&waiter_done, 1);
	return NULL;
}

static void
test_wait_event(void)
{
	CK_SLOT_ID slot;
	pthread_t t;
	double t0;
	int i;

	check_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, NULL, NULL),
	    CKR_ARGUMENTS_BAD, "C_WaitForSlotEvent(pSlot NULL)");
	check_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, &slot),
	    CKR_ARGUMENTS_BAD, "C_WaitForSlotEvent(pReserved set)");
	check_rv(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, NULL),
	    CKR_NO_EVENT, "C_WaitForSlotEvent(CKF_DONT_BLOCK): no event");

	if (pthread_create(&t, NULL, waiter, NULL) != 0) {
		check(0, "start a blocking C_WaitForSlotEvent");
		return;
	}
	sleep_ms(600);
	check(!atomic_load(&waiter_done), "C_WaitForSlotEvent blocks");
	t0 = now_s();
	check_rv(p11->C_Finalize(NULL), CKR_OK,
	    "C_Finalize while a thread waits for a slot event");
	for (i = 0; i < 500 && !atomic_load(&waiter_done); i++)
		sleep_ms(10);
	check(atomic_load(&waiter_done),
	    "C_Finalize wakes the blocked C_WaitForSlotEvent");
	if (atomic_load(&waiter_done)) {
		pthread_join(t, NULL);
		check_rv(waiter_rv, CKR_CRYPTOKI_NOT_INITIALIZED,
		    "the woken waiter gets CKR_CRYPTOKI_NOT_INITIALIZED");
	}
	check(now_s() - t0 < 3.0, "C_Finalize returns within 3 s");
}

static void *
hammer(void *arg)
{
	CK_SLOT_ID list[16];
	CK_INFO info;
	CK_SESSION_INFO ssi;
	CK_ULONG n;
	int i, *bad = arg;

	for (i = 0; i < 200; i++) {
		n = 16;
		if (p11->C_GetSlotList(CK_FALSE, NULL, &n) != CKR_OK ||
		    p11->C_GetInfo(&info) != CKR_OK ||
		    p11->C_GetSessionInfo(BAD_SESSION, &ssi) !=
		    CKR_SESSION_HANDLE_INVALID)
			(*bad)++;
		n = 16;
		(void)p11->C_GetSlotList(CK_FALSE, list, &n);
	}
	return NULL;
}

static void
test_threads(void)
{
	CK_C_INITIALIZE_ARGS a;
	pthread_t t[4];
	int bad[4] = { 0, 0, 0, 0 }, started = 0, i, sum = 0;

	memset(&a, 0, sizeof(a));
	a.flags = CKF_OS_LOCKING_OK;
	check_rv(p11->C_Initialize(&a), CKR_OK,
	    "C_Initialize for the thread test");
	for (i = 0; i < 4; i++)
		started += pthread_create(&t[i], NULL, hammer, &bad[i]) == 0;
	for (i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		sum += bad[i];
	}
	check(started == 4 && sum == 0, "4 threads call the module at once");
	check_rv(p11->C_Finalize(NULL), CKR_OK,
	    "C_Finalize after the thread test");
}

static void
test_token(CK_SLOT_ID slot)
{
	CK_TOKEN_INFO ti;
	CK_SLOT_INFO si;
	CK_SESSION_INFO ssi;
	CK_SESSION_HANDLE ro, rw;
	CK_UTF8CHAR pin[] = { '1', '2', '3', '4', '5', '6' };
	CK_ULONG n = 99, cnt;
	size_t i;
	int serial_ok = 1;

	check_rv(p11->C_GetSlotInfo(slot, &si), CKR_OK, "token slot info");
	check(si.flags & CKF_TOKEN_PRESENT, "token slot: CKF_TOKEN_PRESENT");
	check_rv(p11->C_GetTokenInfo(slot, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetTokenInfo(NULL) is CKR_ARGUMENTS_BAD");
	check_rv(p11->C_GetTokenInfo(slot, &ti), CKR_OK, "C_GetTokenInfo");
	check(memcmp(ti.label, "uimkey #", 8) == 0 ||
	    padded(ti.label, sizeof(ti.label), "PIV card"),
	    "token label is \"uimkey #<serial>\" or \"PIV card\"");
	check(padded(ti.manufacturerID, sizeof(ti.manufacturerID), "uimkey"),
	    "token manufacturerID");
	check(padded(ti.model, sizeof(ti.model), "uimkey PIV"),
	    "token model");
	for (i = 0; i < sizeof(ti.serialNumber); i++) {
		if (ti.serialNumber[i] == ' ')
			break;
		serial_ok &= ti.serialNumber[i] >= '0' &&
		    ti.serialNumber[i] <= '9';
	}
	for (; i < sizeof(ti.serialNumber); i++)
		serial_ok &= ti.serialNumber[i] == ' ';
	check(serial_ok, "token serialNumber: decimal, blank-padded");
	check(ti.ulMinPinLen == 6 && ti.ulMaxPinLen == 8,
	    "token PIN 6..8 bytes: the user's PIN as the card takes it");
	check((ti.flags & (CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED |
	    CKF_TOKEN_INITIALIZED)) == (CKF_LOGIN_REQUIRED |
	    CKF_USER_PIN_INITIALIZED | CKF_TOKEN_INITIALIZED),
	    "token flags: login required, PIN and token initialised");
	check(ti.flags & CKF_RNG, "token flags: the card's RNG (GET CHALLENGE)");
	check(ti.ulSessionCount == 0 && ti.ulRwSessionCount == 0,
	    "token: no sessions yet");

	check_rv(p11->C_GetMechanismList(slot, NULL, &n), CKR_OK,
	    "C_GetMechanismList");
	check(n >= 20, "the token offers its mechanisms");

	check_rv(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
	    &ro), CKR_OK, "C_OpenSession read-only");
	check_rv(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
	    NULL, NULL, &rw), CKR_OK, "C_OpenSession read-write");
	check(ro != rw && ro != CK_INVALID_HANDLE && rw != CK_INVALID_HANDLE,
	    "session handles are distinct and valid");
	check_rv(p11->C_GetSessionInfo(ro, &ssi), CKR_OK, "C_GetSessionInfo");
	check(ssi.state == CKS_RO_PUBLIC_SESSION && ssi.slotID == slot &&
	    ssi.flags == CKF_SERIAL_SESSION, "RO session: CKS_RO_PUBLIC_SESSION");
	check_rv(p11->C_GetSessionInfo(rw, &ssi), CKR_OK, "C_GetSessionInfo");
	check(ssi.state == CKS_RW_PUBLIC_SESSION &&
	    (ssi.flags & CKF_RW_SESSION), "RW session: CKS_RW_PUBLIC_SESSION");
	check_rv(p11->C_GetSessionInfo(ro, NULL), CKR_ARGUMENTS_BAD,
	    "C_GetSessionInfo(NULL) is CKR_ARGUMENTS_BAD");
	check_rv(p11->C_GetTokenInfo(slot, &ti), CKR_OK,
	    "C_GetTokenInfo with sessions");
	check(ti.ulSessionCount == 2 && ti.ulRwSessionCount == 1,
	    "token counts the sessions");
	check_rv(p11->C_Login(ro, CKU_USER, pin, sizeof(pin) - 1),
	    CKR_PIN_INCORRECT, "C_Login with 5 characters: CKR_PIN_INCORRECT");
	check_rv(p11->C_FindObjects(ro, NULL, 1, &cnt), CKR_ARGUMENTS_BAD,
	    "C_FindObjects(phObject NULL) is CKR_ARGUMENTS_BAD");
	check_rv(p11->C_CloseSession(ro), CKR_OK, "C_CloseSession");
	check_rv(p11->C_GetSessionInfo(ro, &ssi), CKR_SESSION_HANDLE_INVALID,
	    "a closed session is invalid");
	check_rv(p11->C_CloseAllSessions(slot), CKR_OK, "C_CloseAllSessions");
	check_rv(p11->C_GetSessionInfo(rw, &ssi), CKR_SESSION_HANDLE_INVALID,
	    "C_CloseAllSessions closes the slot's sessions");
}

int
main(int argc, char **argv)
{
	CK_C_GetFunctionList get_list;
	CK_SLOT_ID slots[64];
	CK_ULONG with_token, n = 64;
	struct stat st;
	void *lib, *sym;
	int have_pcscd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s uimkey-pkcs11.so\n", argv[0]);
		return 2;
	}
	/* A hang is a failure, not a stuck test run. */
	alarm(120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL)) == NULL) {
		printf("not ok - dlopen %s: %s\n", argv[1], dlerror());
		return 1;
	}
	check(dlsym(lib, "uimkey_ctx_new") == NULL &&
	    dlsym(lib, "p11_mod") == NULL,
	    "the module exports no internal symbol");
	if ((sym = dlsym(lib, "C_GetFunctionList")) == NULL) {
		printf("not ok - C_GetFunctionList exported\n");
		return 1;
	}
	memcpy(&get_list, &sym, sizeof(get_list));
	if (get_list(&p11) != CKR_OK || p11 == NULL) {
		printf("not ok - C_GetFunctionList\n");
		return 1;
	}
	have_pcscd = stat(PCSCD_SOCKET, &st) == 0;
	printf("# pcscd socket %s\n", have_pcscd ? "present" : "absent");

	test_function_list();
	test_before_init();
	test_initialize_args();
	test_app_locking();

	check_rv(p11->C_Initialize(NULL), CKR_OK, "C_Initialize");
	test_get_info();
	with_token = test_slot_list(have_pcscd);
	test_unknown_ids();
	if (with_token > 0 &&
	    p11->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK && n > 0)
		test_token(slots[0]);
	else
		printf("ok - token checks # SKIP no token present\n");
	test_wait_event();
	test_threads();

	printf("# %d failure(s)\n", check_failures);
	return check_done();
}
