# uimkey — build, test, demo, install.
#   make              build everything into build/
#   make test         unit + integration tests (installs Debian packages as root)
#   make demo         the main job
#   make SANITIZE=1 test   the same under ASan+UBSan
#   make install PREFIX=/usr/local DESTDIR=

PREFIX   ?= /usr/local
DESTDIR  ?=
ifeq ($(SANITIZE),1)
BUILD    ?= build/asan
else
BUILD    ?= build
endif
CC       ?= cc

WARN     := -Wall -Wextra -Werror -Wshadow -Wcast-qual -Wwrite-strings \
            -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
            -Wformat=2 -Wnull-dereference -Wundef -Wbad-function-cast \
            -Wmissing-declarations -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -fPIC -fvisibility=hidden $(WARN) -I. \
            -D_FORTIFY_SOURCE=2 -fstack-protector-strong
LDFLAGS  += -Wl,-z,relro,-z,now

ifeq ($(SANITIZE),1)
CFLAGS   := $(filter-out -O2 -D_FORTIFY_SOURCE=2,$(CFLAGS)) -O1 \
            -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
endif

PCSC_CFLAGS := $(shell pkg-config --cflags libpcsclite 2>/dev/null)
PCSC_LIBS   := $(shell pkg-config --libs libpcsclite 2>/dev/null)
P11_CFLAGS  := $(shell pkg-config --cflags p11-kit-1 2>/dev/null)
P11_MODDIR  ?= $(shell pkg-config --variable=p11_module_configs p11-kit-1 2>/dev/null || echo /usr/share/p11-kit/modules)
BEARSSL_LIBS := -lbearssl

CARD_SRC   := $(wildcard card/*.c)
# libuimkey carries the card's freestanding TLV/DER/X.509 codec (DESIGN.md:
# shared with the card, which writes attestation certificates with it) and
# the low-S form of lock token signatures, which the card checks.
SHARED_SRC := card/tlv.c card/der.c card/der_read.c card/x509.c card/x509_ext.c \
              card/x509_parse.c card/x509_name.c card/ecdsa_low_s.c
HOST_SRC   := $(wildcard host/*.c) $(SHARED_SRC)
CLI_SRC    := $(wildcard host/cli/*.c)
VPCD_SRC   := $(filter-out vsmartcard/uimkey-wait.c,$(wildcard vsmartcard/*.c))
P11_SRC    := $(wildcard pkcs11/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBCARD    := $(BUILD)/lib/libuimkey-card.a
LIBUIMKEY  := $(BUILD)/lib/libuimkey.a
LIBUIMKEY_SO := $(BUILD)/lib/libuimkey.so
P11_SO     := $(BUILD)/lib/uimkey-pkcs11.so
BINS       := $(BUILD)/bin/uimkey-card $(BUILD)/bin/uimkey $(BUILD)/bin/uimkey-wait \
              $(BUILD)/bin/uimkey-env
TEST_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps test demo install clean headers bench
# Keep objects make would call intermediate (test and bench programs).
.SECONDARY:
all: $(LIBCARD) $(LIBUIMKEY) $(LIBUIMKEY_SO) $(P11_SO) $(BINS) $(TEST_BINS) headers

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) -MMD -MP -c $< -o $@

# The card core sees no host library headers; the rest see what they use.
$(BUILD)/obj/host/%.o: XCFLAGS = $(PCSC_CFLAGS)
$(BUILD)/obj/pkcs11/%.o: XCFLAGS = $(P11_CFLAGS) -pthread
$(BUILD)/obj/vsmartcard/%.o: XCFLAGS = $(PCSC_CFLAGS)
$(BUILD)/obj/bench/%.o: XCFLAGS = $(PCSC_CFLAGS)
$(BUILD)/obj/tests/%.o: XCFLAGS = $(PCSC_CFLAGS) $(P11_CFLAGS) -pthread

$(LIBCARD): $(call obj,$(CARD_SRC))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(LIBUIMKEY): $(call obj,$(HOST_SRC))
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(LIBUIMKEY_SO): $(call obj,$(HOST_SRC))
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libuimkey.so.0 $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) \
	    $(BEARSSL_LIBS)

$(P11_SO): $(call obj,$(P11_SRC)) $(LIBUIMKEY) pkcs11/exports.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,--version-script=pkcs11/exports.map $(LDFLAGS) -o $@ \
	    $(call obj,$(P11_SRC)) $(LIBUIMKEY) $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread

$(BUILD)/bin/uimkey-card: $(call obj,$(VPCD_SRC)) $(LIBCARD)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS)

$(BUILD)/bin/uimkey-wait: $(call obj,vsmartcard/uimkey-wait.c)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS)

$(BUILD)/bin/uimkey-env: vsmartcard/uimkey-env
	@mkdir -p $(dir $@)
	install -m 755 $< $@

$(BUILD)/bin/uimkey: $(call obj,$(CLI_SRC)) $(LIBUIMKEY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBUIMKEY) $(LIBCARD)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

$(BUILD)/bench/footprint: $(BUILD)/obj/bench/footprint.o $(LIBCARD)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS) -lpthread

$(BUILD)/bench/card_ops: $(BUILD)/obj/bench/card_ops.o $(LIBUIMKEY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# One SELECT round trip through the whole stack, timed (a quick check of
# the path: build/bin/uimkey-env -- build/bench/rtt -n 5000).
$(BUILD)/bench/rtt: $(BUILD)/obj/bench/rtt.o $(LIBUIMKEY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# The benchmark (issue 9): bench/run.sh runs every configuration, one
# process each, inside uimkey-env, and writes $(BUILD)/bench/results.md
# and latency.png.
# The same with BearSSL linked statically, to measure the code it adds.
$(BUILD)/bench/footprint-static: $(BUILD)/obj/bench/footprint.o $(LIBCARD)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -l:libbearssl.a -lpthread

$(BUILD)/obj/bench/p11bench.o $(BUILD)/obj/bench/p11bench_p11.o \
    $(BUILD)/obj/bench/p11bench_parallel.o: XCFLAGS = $(P11_CFLAGS) -pthread

# Any PKCS#11 module, dlopened: sign, cold start, APDUs, scale.
$(BUILD)/bench/p11bench: $(BUILD)/obj/bench/p11bench.o \
    $(BUILD)/obj/bench/p11bench_p11.o $(BUILD)/obj/bench/p11bench_parallel.o \
    $(BUILD)/obj/bench/p11verify.o $(BUILD)/obj/bench/stats.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS) -ldl -lpthread

# The floor: the card core in process, and one raw APDU through pcscd.
$(BUILD)/bench/floor: $(BUILD)/obj/bench/floor.o $(BUILD)/obj/bench/stats.o \
    $(LIBCARD)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# card_ops (rule above) uses the shared clock and percentiles too.
$(BUILD)/bench/card_ops: $(BUILD)/obj/bench/stats.o

BENCH_BINS := $(BUILD)/bench/p11bench $(BUILD)/bench/floor \
              $(BUILD)/bench/footprint $(BUILD)/bench/footprint-static \
              $(BUILD)/bench/card_ops
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh bench/run.sh $(BUILD)

# Every public header compiles on its own.
PUBLIC_HEADERS := card/card.h card/store.h card/rng.h card/wire.h \
                  host/uimkey.h host/uimkey_err.h host/uimkey_io.h \
                  host/uimkey_piv.h
headers: $(patsubst %.h,$(BUILD)/hdr/%.ok,$(PUBLIC_HEADERS))
$(BUILD)/hdr/%.ok: %.h
	@mkdir -p $(dir $@)
	@echo '#include "$<"' | $(CC) $(filter-out -fsanitize%,$(CFLAGS)) -x c -fsyntax-only -
	@touch $@

# The fuzz targets are always built with ASan+UBSan; the plain run replays
# their corpora and fuzzes each briefly (tests/run.sh), the SANITIZE=1 run
# does not repeat that.
test: deps
	@$(MAKE) --no-print-directory all
ifneq ($(SANITIZE),1)
	@$(MAKE) --no-print-directory fuzz-build
endif
	@UIMKEY_FUZZ_DIR=$(if $(filter 1,$(SANITIZE)),,$(abspath $(FUZZ_DIR))) \
	    UIMKEY_FUZZ_SECONDS=$(FUZZ_CI_SECONDS) sh tests/run.sh $(BUILD) $(SANITIZE)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	    $(DESTDIR)$(PREFIX)/lib/pkcs11 $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/include/uimkey/host $(DESTDIR)$(PREFIX)/include/uimkey/card \
	    $(DESTDIR)$(P11_MODDIR)
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin
	install -m 644 $(LIBUIMKEY) $(DESTDIR)$(PREFIX)/lib
	install -m 755 $(LIBUIMKEY_SO) $(DESTDIR)$(PREFIX)/lib/libuimkey.so.0
	ln -sf libuimkey.so.0 $(DESTDIR)$(PREFIX)/lib/libuimkey.so
	install -m 755 $(P11_SO) $(DESTDIR)$(PREFIX)/lib/pkcs11/uimkey-pkcs11.so
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 host/uimkey.h host/uimkey_err.h host/uimkey_io.h \
	    host/uimkey_api.h host/uimkey_piv.h \
	    $(DESTDIR)$(PREFIX)/include/uimkey/host
	install -m 644 card/wire.h $(DESTDIR)$(PREFIX)/include/uimkey/card
	printf 'module: %s\ncritical: no\n' '$(PREFIX)/lib/pkcs11/uimkey-pkcs11.so' \
	    > $(DESTDIR)$(P11_MODDIR)/uimkey.module
	chmod 644 $(DESTDIR)$(P11_MODDIR)/uimkey.module

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Issue 8: the stress programs (kill-restart, storage faults, concurrency,
# removal, memory) and the libFuzzer targets.
include tests/stress/stress.mk
include fuzz/fuzz.mk
