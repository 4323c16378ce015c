# SPDX-License-Identifier: BSD-2-Clause
# Fuzzing with libFuzzer (clang, ASan + UBSan).  Included by the Makefile:
#
#   make fuzz              every target for FUZZ_SECONDS (60) each
#   make fuzz-ci           corpus and regressions replayed, then a short run
#                          of FUZZ_CI_SECONDS (10) each; `make test` runs it; prints
#                          "ok - fuzz TARGET: ..." / "not ok - ..." lines
#   make fuzz-cov          line coverage of card/ and codec/ reached by the corpora
#   make fuzz-build        only build (build/fuzz/bin/)
#   make fuzz-seeds        regenerate the generated seed corpora
#   FUZZ_TARGETS="fuzz_card" make fuzz   one target
#
# The committed corpora (fuzz/corpus/TARGET) are only read; what a run
# finds goes to build/fuzz/work/TARGET, crashes to build/fuzz/crash/TARGET.
# Needs clang-14, libclang-rt-14-dev (libFuzzer, sanitizers) and llvm-14
# (llvm-profdata-14, llvm-cov-14 for fuzz-cov).

ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := all
endif

FUZZ_CC         ?= $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null || echo clang-14)
FUZZ_PROFDATA   ?= $(shell command -v llvm-profdata-14 2>/dev/null || echo llvm-profdata)
FUZZ_COV        ?= $(shell command -v llvm-cov-14 2>/dev/null || echo llvm-cov)
FUZZ_DIR        ?= build/fuzz
FUZZ_SECONDS    ?= 60
FUZZ_CI_SECONDS ?= 10
FUZZ_OPT        ?= -O1
FUZZ_TARGETS    ?= fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
                   fuzz_upgrade fuzz_sm

FZ_ALL_TARGETS := fuzz_card fuzz_host fuzz_profile fuzz_ra fuzz_p11_template \
                  fuzz_upgrade fuzz_sm
FZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
FZ_DEPS_CFLAGS := $(shell pkg-config --cflags libpcsclite p11-kit-1 2>/dev/null)
FZ_LIBS    := $(shell pkg-config --libs libpcsclite 2>/dev/null) -lbearssl -lpthread
FZ_WARN    := -Wall -Wextra -Wno-unused-parameter
FZ_COVER   := -fsanitize=fuzzer-no-link
FZ_CFLAGS   = -std=c11 -g $(FUZZ_OPT) -I. -Iinclude/uimkey -Icodec/include -Icard/api -Icard/include -Ihost/admin/include -Ipkcs11/include -pthread $(FZ_DEPS_CFLAGS) $(FZ_WARN) \
              $(FZ_COVER) $(FZ_SAN)
FZ_LDFLAGS := -fsanitize=fuzzer $(FZ_SAN)
# The card's RSA key generation hands out fixed keys (fuzz/fz_rsa.c); the
# PKCS#11 module's context gets the fuzz transport (fuzz/fz_io.c).
FZ_WRAP_RSA := -Wl,--wrap=br_rsa_keygen_get_default
FZ_WRAP_IO  := -Wl,--wrap=uimkey_ctx_open -Wl,--wrap=getrandom

FZ_CARD_SRC := $(wildcard card/*/*.c codec/*.c)
FZ_HOST_SRC := $(wildcard host/transport/*.c host/piv/*.c)
FZ_ADMIN_SRC := $(wildcard host/admin/*.c)
FZ_CLI_SRC  := $(filter-out cli/main.c,$(wildcard cli/*.c))
FZ_P11_SRC  := $(wildcard pkcs11/*/*.c)

fz_obj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))

FZ_LIBCARD := $(FUZZ_DIR)/lib/libcard.a
FZ_LIBHOST := $(FUZZ_DIR)/lib/libhost.a
FZ_LIBCLI  := $(FUZZ_DIR)/lib/libcli.a
FZ_LIBP11  := $(FUZZ_DIR)/lib/libp11.a
FZ_LIBTEST := $(FUZZ_DIR)/lib/libtest.a
FZ_BINS    := $(patsubst %,$(FUZZ_DIR)/bin/%,$(FZ_ALL_TARGETS))

.PHONY: fuzz fuzz-ci fuzz-build fuzz-cov fuzz-seeds fuzz-clean

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_CFLAGS) -MMD -MP -c $< -o $@

# Byte loops the card runs over whole records at every start (wipe):
# no coverage feedback to gain there.  Still under ASan and UBSan.
$(FUZZ_DIR)/obj/codec/bytes.o: FZ_COVER :=

$(FZ_LIBCARD): $(call fz_obj,$(FZ_CARD_SRC))
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

$(FZ_LIBHOST): $(call fz_obj,$(FZ_HOST_SRC))
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

# The admin library and the CLI without main.c; their open(2) goes
# through fuzz/fz_files.c, which opens only files under the fuzzer's own
# directory (a fuzzed profile names files).
$(FZ_LIBCLI): $(call fz_obj,$(FZ_ADMIN_SRC) $(FZ_CLI_SRC))
	@mkdir -p $(dir $@) $(FUZZ_DIR)/cli
	@rm -f $@
	for o in $^; do objcopy --redefine-sym open=fz_cli_open \
	    $$o $(FUZZ_DIR)/cli/$$(basename $$o) || exit 1; done
	$(AR) rcs $@ $(patsubst %,$(FUZZ_DIR)/cli/%,$(notdir $^))

# A transmission error makes the module ask pcscd for a while whether the
# card is gone (pkcs11/module/p11_slot.c); the fuzzed card is asked once.
$(call fz_obj,$(FZ_P11_SRC)): FZ_CFLAGS += -DP11_GONE_WAIT_MS=0

$(FZ_LIBP11): $(call fz_obj,$(FZ_P11_SRC))
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

# The tests' shared scaffolding (tests/support/), with the fuzz flags.
$(FZ_LIBTEST): $(call fz_obj,$(wildcard tests/support/*.c) vsmartcard/host_rng.c)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

FZ_CARDFIX := $(call fz_obj,fuzz/fz_card.c fuzz/fz_rsa.c) $(FZ_LIBTEST)

$(FUZZ_DIR)/bin/fuzz_card: $(call fz_obj,fuzz/fuzz_card.c) $(FZ_CARDFIX) \
    $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) $(FZ_WRAP_RSA) -o $@ $^ $(FZ_LIBS)

FZ_HOSTFIX := $(call fz_obj,fuzz/fz_io.c fuzz/fz_host.c fuzz/fz_p11.c)

$(FUZZ_DIR)/bin/fuzz_sm: $(call fz_obj,fuzz/fuzz_sm.c) $(FZ_CARDFIX) \
    $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) $(FZ_WRAP_RSA) -o $@ $^ $(FZ_LIBS)

$(FUZZ_DIR)/bin/fuzz_host: $(call fz_obj,fuzz/fuzz_host.c) $(FZ_HOSTFIX) \
    $(FZ_CARDFIX) $(FZ_LIBP11) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) $(FZ_WRAP_IO) $(FZ_WRAP_RSA) -o $@ $^ $(FZ_LIBS)

$(FUZZ_DIR)/bin/fuzz_profile: $(call fz_obj,fuzz/fuzz_profile.c \
    fuzz/fz_files.c) $(FZ_LIBCLI) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) -o $@ $^ $(FZ_LIBS)

$(FUZZ_DIR)/bin/fuzz_ra: $(call fz_obj,fuzz/fuzz_ra.c fuzz/fz_files.c) \
    $(FZ_LIBCLI) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) -o $@ $^ $(FZ_LIBS)

$(FUZZ_DIR)/bin/fuzz_p11_template: $(call fz_obj,fuzz/fuzz_p11_template.c) \
    $(FZ_HOSTFIX) $(FZ_CARDFIX) $(FZ_LIBP11) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) $(FZ_WRAP_RSA) $(FZ_WRAP_IO) -o $@ $^ $(FZ_LIBS)

$(FUZZ_DIR)/bin/fuzz_upgrade: $(call fz_obj,fuzz/fuzz_upgrade.c) $(FZ_LIBTEST) \
    $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_LDFLAGS) -o $@ $^ $(FZ_LIBS)

fuzz-build: $(FZ_BINS)

fuzz: fuzz-build
	@sh fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-ci: fuzz-build
	@sh fuzz/run.sh ci $(FUZZ_DIR) $(FUZZ_CI_SECONDS) $(FUZZ_TARGETS)

# Coverage: every target built again with clang's source-based coverage
# and no sanitizers (in $(FUZZ_DIR)/cov-build), each corpus replayed once,
# card/*/*.c and codec/*.c reported: reached by fuzz_card's corpus, and by
# all of them (the host targets reach the DER/X.509 code of codec/, shared
# with libuimkey).  FUZZ_COV_EXTRA: more fuzz_card inputs (directories).
FZ_COV_DIR := $(FUZZ_DIR)/cov-build
fuzz-cov:
	@$(MAKE) --no-print-directory fuzz-build FUZZ_DIR=$(FZ_COV_DIR) FZ_SAN= \
	    FZ_COVER="-fprofile-instr-generate -fcoverage-mapping" \
	    FZ_LDFLAGS="-fsanitize=fuzzer -fprofile-instr-generate"
	@sh fuzz/cov.sh $(FZ_COV_DIR) $(FUZZ_DIR)/work "$(FUZZ_PROFDATA)" \
	    "$(FUZZ_COV)" $(FUZZ_COV_EXTRA)

# fuzz_card's seeds recorded from the unit tests (fuzz/rec_card.c): every
# test program but the PKCS#11 ones, its card sessions written as inputs.
FZ_REC_TESTS := $(filter-out tests/unit/test_p11_%,$(wildcard tests/unit/test_*.c))
FZ_REC_WRAP  := -Wl,--wrap=uimkey_card_init,--wrap=uimkey_card_power_on,--wrap=uimkey_card_power_off,--wrap=uimkey_card_reset,--wrap=uimkey_card_process
$(FUZZ_DIR)/rec-bin/%: $(FUZZ_DIR)/obj/tests/unit/%.o \
    $(call fz_obj,fuzz/rec_card.c) $(FZ_LIBTEST) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_SAN) $(FZ_REC_WRAP) -o $@ $^ $(FZ_LIBS)

# Seeds made by running the real card (fuzz/gen_seeds*.c); committed.
$(FUZZ_DIR)/bin/gen_seeds: $(call fz_obj,fuzz/gen_seeds.c \
    fuzz/gen_seeds_card.c fuzz/gen_seeds_host.c) $(FZ_HOSTFIX) $(FZ_CARDFIX) \
    $(FZ_LIBP11) $(FZ_LIBHOST) $(FZ_LIBCARD)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FZ_SAN) $(FZ_WRAP_RSA) $(FZ_WRAP_IO) -o $@ $^ $(FZ_LIBS)

fuzz-seeds: $(FUZZ_DIR)/bin/gen_seeds $(FZ_BINS) \
    $(patsubst tests/unit/%.c,$(FUZZ_DIR)/rec-bin/%,$(FZ_REC_TESTS))
	sh fuzz/seeds.sh $(FUZZ_DIR)

fuzz-clean:
	rm -rf $(FUZZ_DIR)

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

