/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uimkey: the command table and the one option parser every command
 * shares.  A command names the options it takes (O_* in cli.h); any other
 * is refused before anything else happens.
 */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define UIMKEY_CLI_VERSION "0.2.0"
#define OPTS_MAX 48

struct command {
	const char *group, *name;        /* name NULL: a one-word command */
	int (*run)(struct cli_args *a);
	unsigned opts;
	int pos_min, pos_max;
	const char *usage, *summary;
};

#define C O_CARD
static const struct command commands[] = {
	{ "list", NULL, cmd_list, O_JSON, 0, 0, "[--json]",
	  "list readers and the cards in them" },
	{ "info", NULL, cmd_info, C | O_JSON, 0, 0, "[--json]",
	  "the card: serial, version, credentials, slots, certificates" },
	{ "pin", "verify", cmd_pin_verify, C | O_PIN, 0, 0, "[--pin-file F]",
	  "check the PIN" },
	{ "pin", "change", cmd_pin_change, C | O_PIN | O_NEW_PIN, 0, 0,
	  "[--pin-file F] [--new-pin-file F]", "change the PIN" },
	{ "pin", "unblock", cmd_pin_unblock, C | O_PUK | O_NEW_PIN, 0, 0,
	  "[--puk-file F] [--new-pin-file F]", "set a new PIN with the PUK" },
	{ "pin", "retries", cmd_pin_retries, C | O_PIN | O_MGMT | O_JSON |
	  O_FORCE, 0, 2, "[PIN_TRIES PUK_TRIES --force] [--json]",
	  "show the tries left, or set the retry counts" },
	{ "puk", "change", cmd_puk_change, C | O_PUK | O_NEW_PUK, 0, 0,
	  "[--puk-file F] [--new-puk-file F]", "change the PUK" },
	{ "mgmt", "set", cmd_mgmt_set, C | O_MGMT | O_NEW_MGMT | O_ALG | O_OUT,
	  0, 0, "[--alg aes128|aes192|aes256|3des] "
	  "(--new-mgmt-key-file F | --random -o FILE)",
	  "set a new management key" },
	{ "key", "generate", cmd_key_generate, C | O_MGMT | O_SLOT | O_ALG |
	  O_POLICY | O_OUT, 0, 0, "--slot S --alg A [--pin-policy P] [-o F]",
	  "generate a key pair on the card" },
	{ "key", "import", cmd_key_import, C | O_MGMT | O_SLOT | O_POLICY |
	  O_KEY_FILE, 0, 0, "--slot S --key-file F [--pin-policy P]",
	  "import a private key" },
	{ "key", "attest", cmd_key_attest, C | O_SLOT | O_OUT, 0, 0,
	  "--slot S [-o F] [--der]",
	  "the card's attestation certificate for a key it generated" },
	{ "key", "delete", cmd_key_delete, C | O_MGMT | O_SLOT, 0, 0,
	  "--slot S", "delete a key" },
	{ "key", "move", cmd_key_move, C | O_MGMT | O_SLOT | O_TO, 0, 0,
	  "--slot S --to S2", "move a key to an empty slot" },
	{ "cert", "import", cmd_cert_import, C | O_MGMT | O_SLOT | O_FORCE, 1, 1,
	  "--slot S [--force] FILE", "store a certificate (PEM or DER)" },
	{ "cert", "export", cmd_cert_export, C | O_SLOT | O_OUT, 0, 0,
	  "--slot S [-o F] [--der]", "read a certificate" },
	{ "cert", "delete", cmd_cert_delete, C | O_MGMT | O_SLOT, 0, 0,
	  "--slot S", "delete a certificate" },
	{ "request", NULL, cmd_request, C | O_PIN | O_SLOT | O_SUBJECT |
	  O_CHALLENGE | O_ATTEST | O_OUT, 0, 0,
	  "--slot S --subject DN [--challenge-password-file F] "
	  "[--attest --attestation-out F] [-o F] [--der]",
	  "a PKCS#10 request signed on the card (proof of possession)" },
	{ "ra", "verify", cmd_ra_verify, O_RA | O_CHALLENGE, 1, 1,
	  "CSR [--attestation CHAIN] --manufacturer-roots FILE "
	  "[--challenge-password-file F] [--policy P] [--allow-unattested]",
	  "the registration authority's check of a request" },
	{ "personalize", NULL, cmd_personalize, C | O_PROFILE, 0, 0,
	  "--profile FILE [--secrets-out FILE]",
	  "the factory step, from a JSON profile" },
	{ "lock", "token", cmd_lock_token, O_ISSUER_KEY | O_TOKEN_SERIAL |
	  O_COUNTER | O_ISSUER_PUB | O_PIN | O_OUT, 0, 0,
	  "--issuer-key KEY --serial S --counter N --action lock|unlock "
	  "[--issuer-pub PUB] [--pin-file F] [-o FILE] [--der]",
	  "the issuer signs a lock or unlock token (no card needed)" },
	{ "lock", "apply", cmd_lock_apply, C, 1, 1, "FILE",
	  "deliver a lock token to the card (no PIN, no management key)" },
	{ "lock", "status", cmd_lock_status, C | O_JSON, 0, 0, "[--json]",
	  "the issuer lock: issuer key, locked or not, counter" },
	{ "lock", "install", cmd_lock_install, C | O_MGMT | O_ISSUER_PUB |
	  O_COUNTER, 0, 0, "--issuer-pub PUB [--counter N]",
	  "bind the card to its issuer's public key (once)" },
	{ "reset", NULL, cmd_reset, C, 0, 0, "",
	  "back to the factory state (PIN and PUK must be blocked)" },
	{ "apdu", NULL, cmd_apdu, C, 1, 1000, "HEX [HEX ...]",
	  "send raw APDUs to the card (debugging)" },
};
#undef C
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

/*
 * Every option: its name, the O_* bit of the commands that take it, and
 * the member of struct cli_args it sets: to its value (VALUE), or to 1
 * (FLAG).  getopt_long gives back OPT_FIRST + the row's index.
 */
struct opt_def {
	const char *name;
	int has_arg;
	unsigned mask;
	size_t member;
};
#define VALUE(name, member, mask) \
	{ name, required_argument, mask, offsetof(struct cli_args, member) }
#define FLAG(name, member, mask) \
	{ name, no_argument, mask, offsetof(struct cli_args, member) }

static const struct opt_def all_opts[] = {
	VALUE("reader", reader, O_CARD),
	VALUE("serial", serial, O_CARD | O_TOKEN_SERIAL),
	VALUE("pin-file", pin_file, O_PIN),
	VALUE("puk-file", puk_file, O_PUK),
	VALUE("new-pin-file", new_pin_file, O_NEW_PIN),
	VALUE("new-puk-file", new_puk_file, O_NEW_PUK),
	VALUE("mgmt-key-file", mgmt_key_file, O_MGMT),
	VALUE("new-mgmt-key-file", new_mgmt_key_file, O_NEW_MGMT),
	FLAG("random", random, O_NEW_MGMT),
	VALUE("output", out, O_OUT),
	FLAG("der", der, O_OUT),
	FLAG("json", json, O_JSON),
	VALUE("slot", slot, O_SLOT),
	VALUE("to", to, O_TO),
	VALUE("alg", alg, O_ALG),
	VALUE("pin-policy", pin_policy, O_POLICY),
	VALUE("subject", subject, O_SUBJECT),
	VALUE("challenge-password-file", challenge_file, O_CHALLENGE),
	FLAG("attest", attest, O_ATTEST),
	VALUE("attestation-out", attestation_out, O_ATTEST),
	VALUE("attestation", attestation, O_RA),
	VALUE("manufacturer-roots", roots, O_RA),
	VALUE("policy", policy, O_RA),
	FLAG("allow-unattested", allow_unattested, O_RA),
	VALUE("profile", profile, O_PROFILE),
	VALUE("secrets-out", secrets_out, O_PROFILE),
	VALUE("key-file", key_file, O_KEY_FILE),
	FLAG("force", force, O_FORCE),
	VALUE("issuer-key", issuer_key, O_ISSUER_KEY),
	VALUE("action", action, O_ISSUER_KEY),
	VALUE("issuer-pub", issuer_pub, O_ISSUER_PUB),
	VALUE("counter", counter, O_COUNTER),
};
#undef VALUE
#undef FLAG
#define ALL_OPTS_COUNT (sizeof(all_opts) / sizeof(all_opts[0]))
#define OPT_FIRST 0x100
#define OPT_HELP  (OPT_FIRST + (int)ALL_OPTS_COUNT)

static void
opt_set(struct cli_args *a, const struct opt_def *d, char *value)
{
	char *m = (char *)a + d->member;

	if (d->has_arg == required_argument)
		*(const char **)(void *)m = value;
	else
		*(int *)(void *)m = 1;
}

static void
usage(FILE *f)
{
	char name[32];
	size_t i;

	fputs("usage: uimkey COMMAND [OPTIONS]\n"
	    "       uimkey COMMAND --help | uimkey --help | --version\n\n"
	    "commands:\n", f);
	for (i = 0; i < COMMAND_COUNT; i++) {
		snprintf(name, sizeof(name), "%s%s%s", commands[i].group,
		    commands[i].name ? " " : "",
		    commands[i].name ? commands[i].name : "");
		fprintf(f, "  %-16s %s\n", name, commands[i].summary);
	}
	fputs("\ncard selection: --reader NAME, --serial N (commands that use "
	    "a card)\nsecrets come from --*-file FILE or the terminal, never "
	    "from the command line\n", f);
}

static void
command_usage(FILE *f, const struct command *c)
{
	fprintf(f, "usage: uimkey %s%s%s %s\n%s\n", c->group, c->name ? " " : "",
	    c->name ? c->name : "", c->usage, c->summary);
	if (c->opts & O_CARD)
		fputs("  --reader NAME, --serial N   which card\n", f);
}

/* getopt_long over the options c takes; CLI_OK, or CLI_USAGE after a
 * message, or -1 after --help. */
static int
parse(const struct command *c, int argc, char **argv, struct cli_args *a)
{
	struct option longopts[OPTS_MAX];
	size_t i, n = 0;
	int o;

	for (i = 0; i < ALL_OPTS_COUNT && n + 2 < OPTS_MAX; i++) {
		if (!(all_opts[i].mask & c->opts))
			continue;
		longopts[n++] = (struct option){ all_opts[i].name,
		    all_opts[i].has_arg, NULL, OPT_FIRST + (int)i };
	}
	longopts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	memset(&longopts[n], 0, sizeof(longopts[n]));
	/* getopt_long takes "--pin" for "--pin-file": no abbreviations, so
	 * that nothing like a secret is ever taken for a file name. */
	for (o = 1; o < argc && strcmp(argv[o], "--") != 0; o++) {
		size_t len;
		if (strncmp(argv[o], "--", 2) != 0)
			continue;
		len = strcspn(argv[o] + 2, "=");
		for (i = 0; i < n; i++)
			if (strlen(longopts[i].name) == len &&
			    strncmp(longopts[i].name, argv[o] + 2, len) == 0)
				break;
		if (i == n) {
			cli_err("%s: unknown option '%.*s' (try 'uimkey %s --help')",
			    a->cmd, (int)len + 2, argv[o], a->cmd);
			return CLI_USAGE;
		}
		if (longopts[i].has_arg == required_argument &&
		    argv[o][2 + len] == '\0')
			o++;
	}
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, (c->opts & O_OUT) ? ":o:" : ":",
	    longopts, NULL)) != -1) {
		if (o == 'o') {
			a->out = optarg;
			continue;
		}
		if (o >= OPT_FIRST && o < OPT_HELP) {
			opt_set(a, &all_opts[o - OPT_FIRST], optarg);
			continue;
		}
		switch (o) {
		case OPT_HELP:
			command_usage(stdout, c);
			return -1;
		case ':':
			cli_err("%s: option '%s' needs a value", a->cmd,
			    argv[optind - 1]);
			return CLI_USAGE;
		default:
			cli_err("%s: unknown option '%s' (try 'uimkey %s --help')",
			    a->cmd, argv[optind - 1], a->cmd);
			return CLI_USAGE;
		}
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (a->npos < c->pos_min || a->npos > c->pos_max) {
		if (a->npos > c->pos_max)
			cli_err("%s: unexpected argument '%s'", a->cmd,
			    a->pos[c->pos_max]);
		else
			cli_err("%s: missing argument", a->cmd);
		command_usage(stderr, c);
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* The command named by argv[1] (and argv[2] for a group); NULL after a
 * message. */
static const struct command *
find(int argc, char **argv, int *used)
{
	int group = 0;
	size_t i;

	for (i = 0; i < COMMAND_COUNT; i++) {
		if (strcmp(argv[1], commands[i].group) != 0)
			continue;
		if (commands[i].name == NULL) {
			*used = 1;
			return &commands[i];
		}
		group = 1;
		if (argc > 2 && strcmp(argv[2], commands[i].name) == 0) {
			*used = 2;
			return &commands[i];
		}
	}
	if (!group) {
		cli_err("unknown command '%s' (try 'uimkey --help')", argv[1]);
		return NULL;
	}
	if (argc > 2 && strcmp(argv[2], "--help") != 0 &&
	    strcmp(argv[2], "-h") != 0)
		cli_err("unknown command '%s %s'", argv[1], argv[2]);
	else
		cli_err("'%s' needs a subcommand", argv[1]);
	for (i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(argv[1], commands[i].group) == 0)
			command_usage(stderr, &commands[i]);
	return NULL;
}

int
main(int argc, char **argv)
{
	const struct command *c;
	struct cli_args a;
	char name[32];
	int used = 0, r;

	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("uimkey %s\n", UIMKEY_CLI_VERSION);
		return CLI_OK;
	}
	if ((c = find(argc, argv, &used)) == NULL)
		return CLI_USAGE;
	memset(&a, 0, sizeof(a));
	snprintf(name, sizeof(name), "%s%s%s", c->group, c->name ? " " : "",
	    c->name ? c->name : "");
	a.cmd = name;
	/* argv[used] (the command's last word) is getopt's argv[0]. */
	r = parse(c, argc - used, argv + used, &a);
	if (r != CLI_OK)
		return r < 0 ? CLI_OK : r;
	return c->run(&a);
}
