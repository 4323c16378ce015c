/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's part of a personalization run (perso_card.c), for the run
 * itself (perso_run.c).  Each step is 0, or -1 after a message.
 */
#ifndef UIMKEY_ADMIN_PERSO_CARD_H
#define UIMKEY_ADMIN_PERSO_CARD_H

#include "admin/perso.h"

/* Before the card changes: its factory state, its issuer key against the
 * profile's, the F9 certificate built for its attestation key. */
int adm_perso_check_factory(uimkey_dev_t *dev);
int adm_perso_check_issuer(uimkey_dev_t *dev, struct adm_perso *ps);
int adm_perso_build_f9(uimkey_dev_t *dev, struct adm_perso *ps);

/* With the management key proven, before anything else (the random
 * secrets' file too): the PIN-guess cost of the PIN and PUK to come,
 * which a card may refuse (fewer than its own minimum). */
int adm_perso_kdf_cost(uimkey_dev_t *dev, const struct adm_perso *ps);

/* Then: objects, the F9 certificate, keys,
 * retry counts, PIN policy, PIN, PUK and the management key; then the
 * issuer key. */
int adm_perso_write(uimkey_dev_t *dev, struct adm_perso *ps);
int adm_perso_install_issuer(uimkey_dev_t *dev, struct adm_perso *ps);

#endif
