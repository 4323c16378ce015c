/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The floor program's halves (bench/floor.c: the card core in process;
 * bench/floor_rtt.c: APDUs through the PC/SC stack).
 */
#ifndef BENCH_FLOOR_H
#define BENCH_FLOOR_H

#include <stddef.h>
#include <stdint.h>

/* Untimed rounds before each measured loop. */
extern int floor_warmup;

/* GENERAL AUTHENTICATE 7C { 82 00, 81 data } with algorithm alg and key
 * slot into a, as an extended APDU when the data needs it (RSA); its
 * length. */
size_t floor_ga_apdu(uint8_t *a, uint8_t alg, uint8_t slot,
    const uint8_t *data, size_t len);

/* n GET VERSIONs through reader: bare, each in its own transaction, and
 * all in one held transaction ("@rtt" lines); watch as for
 * bench_cpu_watch().  0 on success. */
int floor_rtt(const char *reader, int n, const char *watch);

/* n ECDSA P-256 signatures with slot's key, each one GENERAL
 * AUTHENTICATE sent bare after one VERIFY of the benchmark's PIN
 * ("@rtt kind=sign" with its throughput).  0 on success. */
int floor_sign(const char *reader, uint8_t slot, int n, const char *watch);

#endif
