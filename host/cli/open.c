/* Finding the card a command works on: the named reader, or the first
 * reader with a PIV card in it. */
#include <string.h>

#include "host/cli/cli.h"

int
cli_open(uimkey_ctx_t **ctxp, uimkey_dev_t **devp, const char *reader)
{
	uimkey_readers_t *readers = NULL;
	size_t i;
	int r = UIMKEY_ERR_NOMEM;

	*ctxp = NULL;
	*devp = NULL;
	if ((*ctxp = uimkey_ctx_new()) == NULL ||
	    (*devp = uimkey_dev_new()) == NULL ||
	    (readers = uimkey_readers_new()) == NULL)
		goto fail;
	if ((r = uimkey_ctx_open(*ctxp)) != UIMKEY_OK)
		goto fail;
	if (reader != NULL) {
		r = uimkey_dev_open(*devp, *ctxp, reader);
		goto fail;
	}
	if ((r = uimkey_readers_scan(readers, *ctxp)) != UIMKEY_OK)
		goto fail;
	r = UIMKEY_ERR_NO_CARD;
	for (i = 0; i < uimkey_readers_count(readers); i++) {
		if (!uimkey_readers_card_present(readers, i))
			continue;
		r = uimkey_dev_open(*devp, *ctxp, uimkey_readers_name(readers, i));
		if (r == UIMKEY_OK)
			break;
	}
fail:
	uimkey_readers_free(&readers);
	if (r != UIMKEY_OK) {
		cli_err("%s%s%s", reader ? reader : "", reader ? ": " : "",
		    uimkey_strerr(r));
		uimkey_dev_free(devp);
		uimkey_ctx_free(ctxp);
	}
	return r;
}
