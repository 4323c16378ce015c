/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "uk/store.h"
#include "store_io.h"
#include "codec/bytes.h"

int
uk_io_get(uimkey_card *card, size_t off, void *buf, size_t len)
{
	if (len == 0)
		return UK_OK;
	return (*card->memory)->read(card->memory, off, buf, len) == 0 ?
	    UK_OK : UK_ERR_IO;
}

int
uk_io_put(uimkey_card *card, size_t off, const void *buf, size_t len)
{
	if (len == 0)
		return UK_OK;
	/* Set first: a failed write may still have landed in part. */
	card->txn.unsynced = 1;
	return (*card->memory)->write(card->memory, off, buf, len) == 0 ?
	    UK_OK : UK_ERR_IO;
}

int
uk_io_flush(uimkey_card *card)
{
	if (!card->txn.unsynced)
		return UK_OK;
	if ((*card->memory)->sync(card->memory) != 0)
		return UK_ERR_IO;
	card->txn.unsynced = 0;
	return UK_OK;
}

int
uk_io_erased(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != UIMKEY_MEMORY_ERASED)
			return 0;
	return 1;
}

int
uk_io_erase(uimkey_card *card, size_t off, size_t len)
{
	uint8_t buf[UK_IO_CHUNK];
	size_t n;
	int r = UK_OK;

	for (; len > 0 && r == UK_OK; off += n, len -= n) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		if ((r = uk_io_get(card, off, buf, n)) != UK_OK)
			break;
		if (uk_io_erased(buf, n))
			continue;
		memset(buf, UIMKEY_MEMORY_ERASED, n);
		r = uk_io_put(card, off, buf, n);
	}
	/* The chunk may have held key bytes before they were erased. */
	uk_wipe(buf, sizeof(buf));
	return r;
}

int
uk_io_copy(uimkey_card *card, size_t dst, size_t src, size_t len)
{
	uint8_t buf[UK_IO_CHUNK];
	size_t n;
	int r = UK_OK;

	for (; len > 0; dst += n, src += n, len -= n) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		if ((r = uk_io_get(card, src, buf, n)) != UK_OK ||
		    (r = uk_io_put(card, dst, buf, n)) != UK_OK)
			break;
	}
	uk_wipe(buf, sizeof(buf));
	return r;
}
