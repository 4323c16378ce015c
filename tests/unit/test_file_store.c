/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey-card's file store (vsmartcard/file_store.h) on its own: after
 * random writes and a sync the file equals the image, and only the
 * changed blocks were written; a sync with nothing new writes nothing;
 * what was synced comes back at the next open, what was not does not; the
 * file is the bare image, mode 0600, kept open with close-on-exec; a
 * store of the old whole-file kind opens, a stale FILE.tmp goes.  Every
 * injected fault of a sync (vsmartcard/store_fault.h) lands just its
 * share of the bytes and leaves the store refusing everything until it
 * is opened again; one killed inside a sync leaves what it wrote.  Then
 * the card core on a file store: a wrong VERIFY with a fault at each of
 * its syncs answers 63Cx or 6581, a failed store refuses the next
 * commands, and the card restarted on the file shows the old or the new
 * counter.
 */
#define _DEFAULT_SOURCE     /* mkdtemp, setenv, pread */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "card/card.h"
#include "tests/support/card_fixture.h"
#include "tests/support/check.h"
#include "tests/support/test_device.h"
#include "vsmartcard/file_store.h"
#include "vsmartcard/host_rng.h"

#define ROUNDS        300
#define WRITES_MAX    12
#define WRITE_MAX     3000
#define FAR           (3 * 4096)    /* beyond any merged gap */

static char dir[256], path[300], tmp_path[310];
static file_store fs;
static uint8_t shadow[UIMKEY_MEMORY_SIZE], disk[UIMKEY_MEMORY_SIZE];
static uint64_t rs = 0x9E3779B97F4A7C15ull;

static uint64_t
xorshift64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static unsigned
below(unsigned n)
{
	return (unsigned)(xorshift64(&rs) % n);
}

static int
read_file(uint8_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = pread(fd, out, UIMKEY_MEMORY_SIZE, 0);
	close(fd);
	return got == (ssize_t)UIMKEY_MEMORY_SIZE ? 0 : -1;
}

/* A byte of the file changed behind the store's back. */
static void
poke(size_t off, uint8_t v)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || pwrite(fd, &v, 1, (off_t)off) != 1)
		perror("poke");
	if (fd >= 0)
		close(fd);
}

static int
open_store(const char *fault)
{
	char err[FILE_STORE_ERR_MAX];
	int r;

	if (fault != NULL)
		setenv("UIMKEY_CARD_FAULT", fault, 1);
	r = file_store_open(&fs, path, err, sizeof(err));
	unsetenv("UIMKEY_CARD_FAULT");
	if (r != 0)
		printf("# open: %s\n", err);
	return r;
}

static int
st_write(size_t off, const void *p, size_t n)
{
	return fs.vtable->write(&fs.vtable, off, p, n);
}

static int
st_sync(void)
{
	return fs.vtable->sync(&fs.vtable);
}

static int
st_read(size_t off, void *p, size_t n)
{
	return fs.vtable->read(&fs.vtable, off, p, n);
}

static int
clean(void)
{
	size_t i;

	for (i = 0; i < FILE_STORE_WORDS; i++)
		if (fs.dirty[i] != 0)
			return 0;
	return 1;
}

/* One random write into the store and the shadow: new bytes, the same
 * bytes again, or an erasure. */
static int
random_write(void)
{
	uint8_t buf[WRITE_MAX];
	size_t len = 1 + below(WRITE_MAX), off, i;
	unsigned kind = below(4);

	off = below(UIMKEY_MEMORY_SIZE - (unsigned)len + 1);
	for (i = 0; i < len; i++)
		buf[i] = kind == 0 ? shadow[off + i] : kind == 1 ?
		    UIMKEY_MEMORY_ERASED : (uint8_t)xorshift64(&rs);
	memcpy(shadow + off, buf, len);
	return st_write(off, buf, len);
}

static void
test_random(void)
{
	unsigned round, k, n, bad_file = 0, bad_read = 0, bad_clean = 0;
	int fail = 0;

	for (round = 0; round < ROUNDS && !fail; round++) {
		n = 1 + below(WRITES_MAX);
		for (k = 0; k < n; k++)
			fail |= random_write() != 0;
		fail |= st_sync() != 0;
		if (read_file(disk) != 0 ||
		    memcmp(disk, shadow, sizeof(disk)) != 0)
			bad_file++;
		if (st_read(0, disk, sizeof(disk)) != 0 ||
		    memcmp(disk, shadow, sizeof(disk)) != 0)
			bad_read++;
		bad_clean += !clean();
	}
	check(!fail, "random writes and syncs all work");
	checkf(bad_file == 0, "after each of %u syncs of random writes the "
	    "file equals the image (%u differ)", ROUNDS, bad_file);
	check(bad_read == 0, "reads give what was written");
	check(bad_clean == 0, "a sync leaves nothing marked");
}

/* Only changed blocks reach the file: bytes poked into the file far
 * from them, or under writes that change nothing, stay. */
static void
test_only_changed(void)
{
	size_t a = 1000, far = a + FAR;
	uint8_t v = (uint8_t)(shadow[a] ^ 0x5A), w = (uint8_t)(shadow[far] ^ 1);
	uint8_t inv = (uint8_t)(0xFFu - v), same[64];

	poke(far, w);
	shadow[a] = v;
	st_write(a, &v, 1);
	st_sync();
	read_file(disk);
	check(disk[a] == v && disk[far] == w, "a sync writes the changed "
	    "block, not the far one");
	poke(a, inv);
	st_sync();
	read_file(disk);
	check(disk[a] == inv, "a sync with nothing new "
	    "writes nothing");
	memcpy(same, shadow + a, sizeof(same));
	st_write(a, same, sizeof(same));
	check(clean(), "a write of the bytes already there marks nothing");
	st_sync();
	read_file(disk);
	check(disk[a] == inv, "and its sync writes nothing");
	poke(a, v);
	poke(far, shadow[far]);
}

static void
test_reopen(void)
{
	struct stat st;
	uint8_t b = (uint8_t)(shadow[5000] ^ 0x33);
	int fdfl;

	fdfl = fcntl(fs.fd, F_GETFD);
	check(fdfl >= 0 && (fdfl & FD_CLOEXEC), "the store's fd is "
	    "close-on-exec");
	fdfl = fcntl(fs.lockfd, F_GETFD);
	check(fdfl >= 0 && (fdfl & FD_CLOEXEC), "the lock's fd too");
	check(fs.dirfd < 0, "no directory kept open");
	st_write(5000, &b, 1);      /* never synced */
	file_store_close(&fs);
	check(open_store(NULL) == 0, "the store opens again");
	st_read(0, disk, sizeof(disk));
	check(memcmp(disk, shadow, sizeof(disk)) == 0, "it holds what was "
	    "synced, and not the write after");
	check(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600 &&
	    st.st_size == (off_t)UIMKEY_MEMORY_SIZE, "the file is the bare "
	    "image, mode 0600");
	file_store_close(&fs);
}

/* A store as the former whole-file store left it: mode as it was, a
 * FILE.tmp from a crash beside it. */
static void
test_old_store(void)
{
	struct stat st;
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, shadow, sizeof(shadow)) !=
	    (ssize_t)sizeof(shadow))
		perror(path);
	if (fd >= 0) {
		fchmod(fd, 0644);
		close(fd);
	}
	fd = open(tmp_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (write(fd, "half", 4) != 4)
			perror(tmp_path);
		close(fd);
	}
	check(open_store(NULL) == 0, "a store written whole by the old "
	    "store opens");
	st_read(0, disk, sizeof(disk));
	check(memcmp(disk, shadow, sizeof(disk)) == 0, "with its image");
	check(access(tmp_path, F_OK) != 0, "a stale FILE.tmp is removed");
	check(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "the store becomes mode 0600");
	file_store_close(&fs);
}

static void
test_wrong_size(void)
{
	char err[FILE_STORE_ERR_MAX];
	int fd;

	check(truncate(path, 1000) == 0, "a store cut short (set up)");
	check(file_store_open(&fs, path, err, sizeof(err)) != 0 &&
	    strstr(err, "not a card store") != NULL, "a file of the wrong "
	    "size is refused");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	check(fd >= 0 && lseek(fd, 0, SEEK_END) == 1000, "and left as it "
	    "was");
	if (fd >= 0)
		close(fd);
	unlink(path);
	check(open_store(NULL) == 0, "a missing store is created");
	st_read(0, shadow, sizeof(shadow));
	read_file(disk);
	check(shadow[0] == UIMKEY_MEMORY_ERASED &&
	    memcmp(disk, shadow, sizeof(disk)) == 0, "blank, in the file");
}

/* Two runs far apart, A below B, each 7 blocks (112 bytes) of the sync. */
#define A_OFF   2000
#define B_OFF   (A_OFF + 2 * FAR)
#define AB_LEN  100
#define RUN_LEN 112

static void
write_ab(uint8_t salt)
{
	uint8_t buf[AB_LEN];
	size_t i;

	for (i = 0; i < AB_LEN; i++)
		buf[i] = (uint8_t)(shadow[A_OFF + i] ^ salt ^ (i | 1));
	st_write(A_OFF, buf, sizeof(buf));
	memcpy(shadow + A_OFF, buf, sizeof(buf));
	for (i = 0; i < AB_LEN; i++)
		buf[i] = (uint8_t)(shadow[B_OFF + i] ^ salt ^ (i | 1));
	st_write(B_OFF, buf, sizeof(buf));
	memcpy(shadow + B_OFF, buf, sizeof(buf));
}

/* The file is the image before (old) with the first a bytes of run A and
 * the first b bytes of run B of the new one (shadow). */
static int
file_has(const uint8_t *old, size_t a, size_t b)
{
	static uint8_t want[UIMKEY_MEMORY_SIZE];
	size_t a0 = A_OFF / FILE_STORE_BLOCK * FILE_STORE_BLOCK;
	size_t b0 = B_OFF / FILE_STORE_BLOCK * FILE_STORE_BLOCK;

	memcpy(want, old, sizeof(want));
	memcpy(want + a0, shadow + a0, a);
	memcpy(want + b0, shadow + b0, b);
	return read_file(disk) == 0 && memcmp(disk, want, sizeof(want)) == 0;
}

struct sync_fault {
	const char *spec;
	size_t a, b;            /* bytes of runs A and B that land */
};

static const struct sync_fault sync_faults[] = {
	{ "short", RUN_LEN, 0 },
	{ "enospc", RUN_LEN / 2, 0 },
	{ "eio", 0, 0 },
	{ "rename", 0, 0 },
	{ "fsync", RUN_LEN, RUN_LEN },
	{ "late", RUN_LEN, RUN_LEN },
	{ "dirsync", RUN_LEN, RUN_LEN },
};

/* The store, open without a fault, back to holding the shadow. */
static void
settle(void)
{
	open_store(NULL);
	st_write(0, shadow, sizeof(shadow));
	st_sync();
	file_store_close(&fs);
}

static void
test_sync_faults(void)
{
	static uint8_t old[UIMKEY_MEMORY_SIZE], img[UIMKEY_MEMORY_SIZE];
	const struct sync_fault *f;
	uint8_t b = 0;
	size_t i;
	int refused;

	for (i = 0; i < sizeof(sync_faults) / sizeof(sync_faults[0]); i++) {
		f = &sync_faults[i];
		memcpy(old, shadow, sizeof(old));
		if (open_store(f->spec) != 0)
			break;
		write_ab((uint8_t)(i + 1));
		errno = 0;
		checkf(st_sync() != 0, "%s: the sync fails", f->spec);
		checkf(file_has(old, f->a, f->b), "%s: the file holds %zu and "
		    "%zu bytes of the two runs", f->spec, f->a, f->b);
		refused = st_read(0, &b, 1) != 0 && errno == EIO &&
		    st_write(0, &b, 1) != 0 && st_sync() != 0;
		checkf(refused, "%s: then reads, writes and syncs fail (EIO)",
		    f->spec);
		file_store_close(&fs);
		checkf(open_store(NULL) == 0, "%s: the store opens again",
		    f->spec);
		st_read(0, img, sizeof(img));
		checkf(read_file(disk) == 0 &&
		    memcmp(img, disk, sizeof(img)) == 0,
		    "%s: with what the file holds", f->spec);
		file_store_close(&fs);
		settle();
	}
}

/* A torn write into the image fails, and the store goes on. */
static void
test_write_fault(void)
{
	uint8_t buf[AB_LEN];

	open_store("write");
	memset(buf, 0xA5, sizeof(buf));
	check(st_write(A_OFF, buf, sizeof(buf)) != 0, "write: the write "
	    "fails");
	memcpy(shadow + A_OFF, buf, AB_LEN / 2);
	st_read(A_OFF, disk, AB_LEN);
	check(memcmp(disk, shadow + A_OFF, AB_LEN) == 0, "write: its first "
	    "half is in the image");
	check(st_sync() == 0 && read_file(disk) == 0 &&
	    memcmp(disk, shadow, sizeof(disk)) == 0, "write: the store goes "
	    "on, and the next sync puts what landed in the file");
	file_store_close(&fs);
}

/* Killed inside a sync: what it wrote is in the file, the lock is free. */
static void
test_kill(void)
{
	static uint8_t old[UIMKEY_MEMORY_SIZE];
	pid_t pid;
	int status = 0;

	memcpy(old, shadow, sizeof(old));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (open_store("kill") == 0) {
			write_ab(0x77);
			st_sync();
		}
		_exit(0);
	}
	write_ab(0x77);         /* the same bytes, into the shadow */
	check(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "kill: the process died inside its sync");
	check(file_has(old, RUN_LEN, 0), "kill: the file holds the first half "
	    "of what the sync wrote");
	check(open_store(NULL) == 0, "kill: the store opens again");
	file_store_close(&fs);
	if (read_file(old) == 0)
		memcpy(shadow, old, sizeof(shadow));
}

/* ------------------------------------------------- the card on the file */

static uimkey_card card;
static host_rng rng;
static char fault_path[320];

static uint16_t
apdu(const uint8_t *cmd, size_t len)
{
	uint8_t rsp[UIMKEY_CARD_RSP_MAX];
	size_t n, none = 0;

	return tc_process_all(&card, cmd, len, rsp, &n, NULL, 0, &none);
}

static const uint8_t pin_status[] = { 0x00, 0x20, 0x00, 0x80 };
static const uint8_t pin_right[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '1', '2',
    '3', '4', '5', '6', 0xFF, 0xFF };
static const uint8_t pin_wrong[] = { 0x00, 0x20, 0x00, 0x80, 0x08, '6', '5',
    '4', '3', '2', '1', 0xFF, 0xFF };

static int
card_up(void)
{
	if (open_store(NULL) != 0)
		return -1;
	host_rng_init(&rng);
	if (uimkey_card_init(&card, &fs.vtable, &rng.vtable,
	    test_device_default()) != UIMKEY_CARD_OK) {
		file_store_close(&fs);
		return -1;
	}
	uimkey_card_power_on(&card);
	return 0;
}

static void
arm(const char *spec)
{
	FILE *fp = fopen(fault_path, "w");

	if (fp != NULL) {
		fprintf(fp, "%s\n", spec);
		fclose(fp);
	}
}

/*
 * A wrong VERIFY with kind's fault at its n-th write or sync: 1 when the
 * fault came (the answer is 6581, or the store failed after the commit
 * point), 0 when the command ran out of them first; *bad counts what
 * went wrong.
 */
static int
card_point(const char *kind, unsigned n, unsigned *bad)
{
	char spec[32];
	uint16_t sw, before, after, again;
	int failed, hit;

	if (card_up() != 0) {
		(*bad)++;
		return 0;
	}
	before = apdu(pin_status, sizeof(pin_status));
	snprintf(spec, sizeof(spec), "%s:%u", kind, n);
	arm(spec);
	sw = apdu(pin_wrong, sizeof(pin_wrong));
	failed = fs.failed;
	hit = failed || sw == 0x6581;
	if (sw != 0x6581 && sw != before - 1) {
		printf("# %s: VERIFY answered %04X (tries %04X)\n", spec, sw,
		    before);
		(*bad)++;
	}
	/* A failed store refuses; one whose write tore goes on. */
	again = apdu(pin_status, sizeof(pin_status));
	if (failed ? again != 0x6581 || apdu(pin_wrong, sizeof(pin_wrong)) !=
	    0x6581 : (again & 0xFFF0) != 0x63C0) {
		printf("# %s: then answered %04X (store %s)\n", spec, again,
		    failed ? "failed" : "working");
		(*bad)++;
	}
	arm("none");
	file_store_close(&fs);
	if (card_up() != 0) {
		printf("# %s: the card does not start again\n", spec);
		(*bad)++;
		return hit;
	}
	after = apdu(pin_status, sizeof(pin_status));
	/* Done: the new counter; 6581: the outcome was not known. */
	if (after != before - 1 && (sw != 0x6581 || after != before)) {
		printf("# %s: restarted with %04X, from %04X (answered "
		    "%04X)\n", spec, after, before, sw);
		(*bad)++;
	}
	if (apdu(pin_right, sizeof(pin_right)) != 0x9000)
		(*bad)++;
	file_store_close(&fs);
	return hit;
}

static void
test_card(void)
{
	static const char *const kinds[] = { "write", "short", "enospc",
	    "eio", "fsync", "late" };
	unsigned k, n, bad = 0, pts = 0;

	snprintf(fault_path, sizeof(fault_path), "%s/fault", dir);
	setenv("UIMKEY_CARD_FAULT_FILE", fault_path, 1);
	unlink(path);
	check(card_up() == 0, "card: a card formats a new file store");
	file_store_close(&fs);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (n = 1; n < 100 && card_point(kinds[k], n, &bad); n++)
			pts++;
		printf("# card: %s faults at %u points\n", kinds[k], n - 1);
	}
	unsetenv("UIMKEY_CARD_FAULT_FILE");
	unlink(fault_path);
	checkf(bad == 0 && pts >= 20, "card: a wrong VERIFY with a fault at "
	    "each of its writes and syncs (%u points) answers 63Cx or 6581; "
	    "a failed store refuses what follows; restarted, the counter is "
	    "the old or the new one", pts);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "%s/uimkey-fs.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/card.store", dir);
	snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", path);
	check(open_store(NULL) == 0, "a new store opens");
	st_read(0, shadow, sizeof(shadow));
	test_random();
	test_only_changed();
	test_reopen();
	test_old_store();
	test_wrong_size();
	file_store_close(&fs);
	test_sync_faults();
	test_write_fault();
	test_kill();
	test_card();
	unlink(path);
	strcat(path, ".lock");
	unlink(path);
	rmdir(dir);
	return check_done();
}
