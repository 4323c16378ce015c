/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen_seeds' parts (fuzz/gen_seeds*.c), private to the program: each
 * makes the seeds of some targets, gen_seeds.c writes them.
 */
#ifndef UIMKEY_FUZZ_GEN_SEEDS_H
#define UIMKEY_FUZZ_GEN_SEEDS_H

#include <stddef.h>
#include <stdint.h>

/* OUTDIR/target/gen-name; exits when it cannot be written. */
void gen_seeds_write(const char *target, const char *name, const uint8_t *b,
    size_t n);

/* fuzz_card (gen_seeds_card.c). */
void gen_seeds_card(void);

/* fuzz_host, fuzz_p11_template and fuzz_ra (gen_seeds_host.c). */
void gen_seeds_host(void);
void gen_seeds_p11(void);
void gen_seeds_ra(void);

#endif
