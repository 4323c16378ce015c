/* SPDX-License-Identifier: BSD-2-Clause */
/* Arguments on the command line: slots, numbers, lock actions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int
cli_slot_arg(const struct cli_args *a, const char *s, const char *opt,
    int allow_attest)
{
	int slot;

	if (s == NULL) {
		cli_err("%s: %s SLOT is required", a->cmd, opt);
		return -1;
	}
	if ((slot = adm_slot_parse(s, allow_attest)) < 0)
		cli_err("%s: '%s' is not a slot (9a, 9c, 9d, 9e, 82 to 95%s)",
		    a->cmd, s, allow_attest ? ", f9" : "");
	return slot;
}

int
cli_u32_arg(const char *s, const char *opt, uint32_t min, uint32_t max,
    uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (s == NULL) {
		cli_err("%s N is required", opt);
		return -1;
	}
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || n < min ||
	    n > max) {
		cli_err("%s '%s': expected a whole number from %lu to %lu", opt, s,
		    (unsigned long)min, (unsigned long)max);
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

int
cli_lock_action_parse(const char *s)
{
	if (s != NULL && strcmp(s, "lock") == 0)
		return UIMKEY_LOCK_ACTION_LOCK;
	if (s != NULL && strcmp(s, "unlock") == 0)
		return UIMKEY_LOCK_ACTION_UNLOCK;
	return -1;
}

const char *
cli_lock_action_name(uint8_t action)
{
	return action == UIMKEY_LOCK_ACTION_LOCK ? "lock" :
	    action == UIMKEY_LOCK_ACTION_UNLOCK ? "unlock" : "?";
}
