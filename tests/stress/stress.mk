# SPDX-License-Identifier: BSD-2-Clause
# tests/stress: kill-restart, storage-fault, concurrency, removal, power,
# channel and memory programs, driven by tests/integration/51-unpower.sh,
# 56-channels.sh and 8[1-9]-*.sh, tests/stress/reliability.sh and
# tests/stress/soak.sh.
#
# Included by the top Makefile after its variables (BUILD, LIBUIMKEY,
# LIBCARD, obj, PCSC_LIBS, BEARSSL_LIBS) are set:
#     include tests/stress/stress.mk
#
#   make                 also builds $(BUILD)/stress/*
#   make reliability     the reliability table (a few minutes)
#   make soak            thousands of kill-restart cycles and storage
#                        faults (SOAK_KILLS=, SOAK_SECONDS= to size it)

STRESS_COMMON := tests/stress/cardstate.c tests/stress/probe.c
STRESS_CARD_BINS := $(BUILD)/stress/killer $(BUILD)/stress/faults \
                    $(BUILD)/stress/card_ram $(BUILD)/stress/unpower \
                    $(BUILD)/stress/sharing $(BUILD)/stress/channels
STRESS_P11_BINS := $(BUILD)/stress/p11_stress $(BUILD)/stress/p11_removal \
                   $(BUILD)/stress/p11_secrets
STRESS_BINS := $(STRESS_CARD_BINS) $(STRESS_P11_BINS)

.PHONY: reliability soak
all: $(STRESS_BINS)

$(BUILD)/stress/%: $(BUILD)/obj/tests/stress/%.o \
    $(call obj,$(STRESS_COMMON)) $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread

# killer is split over several files (tests/stress/killer.h): its own
# rule, for all its objects to come before the libraries at the link.
KILLER_SRC := tests/stress/killer.c tests/stress/killer_kill.c \
              tests/stress/killer_work.c tests/stress/killer_admin.c \
              tests/stress/killer_check.c
$(BUILD)/stress/killer: $(call obj,$(KILLER_SRC) $(STRESS_COMMON)) \
    $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread

# faults likewise (tests/stress/faults.h).
FAULTS_SRC := tests/stress/faults.c tests/stress/faults_ops.c
$(BUILD)/stress/faults: $(call obj,$(FAULTS_SRC) $(STRESS_COMMON)) \
    $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread

# The PKCS#11 programs load the module with dlopen, as applications do.
$(STRESS_P11_BINS): $(BUILD)/stress/%: $(BUILD)/obj/tests/stress/%.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread -ldl

reliability: deps
	@$(MAKE) --no-print-directory all fuzz-build
	@sh tests/stress/reliability.sh $(BUILD)

soak: deps
	@$(MAKE) --no-print-directory all fuzz-build
	@sh tests/stress/soak.sh $(BUILD)
