# SPDX-License-Identifier: BSD-2-Clause
# uimkey — build, test, demo, install.
#   make              build everything into build/
#   make test         unit + integration tests (installs Debian packages as root)
#   make demo         the main job
#   make SANITIZE=1 test   the same under ASan+UBSan
#   make install PREFIX=/usr/local DESTDIR=   (make uninstall: the same)

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
CFLAGS   += -std=c11 -fPIC -fvisibility=hidden $(WARN) \
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
# Where make install puts the p11-kit module file (uimkey.module): under
# the prefix, like everything else it writes.  The system's p11-kit reads
# only its own directory, so to register the module with it give that one,
# P11_MODDIR=$(pkg-config --variable=p11_module_configs p11-kit-1), which
# is /usr/share/p11-kit/modules on Debian; or copy the file to
# /etc/pkcs11/modules/ (or, for one user, ~/.config/pkcs11/modules/).
P11_MODDIR  ?= $(PREFIX)/share/p11-kit/modules
BEARSSL_LIBS := -lbearssl

# The freestanding codec (TLV, DER, X.509, byte helpers, the low-S
# form of ECDSA signatures) is one library that the card core and libuimkey
# both link (docs/design.md); libuimkey carries it inside.
CODEC_SRC  := $(wildcard codec/*.c)
CARD_SRC   := $(wildcard card/*/*.c)
HOST_SRC   := $(wildcard host/transport/*.c host/piv/*.c) $(CODEC_SRC)
ADMIN_SRC  := $(wildcard host/admin/*.c)
CLI_SRC    := $(wildcard cli/*.c)
VPCD_SRC   := $(filter-out vsmartcard/uimkey-wait.c,$(wildcard vsmartcard/*.c))
P11_SRC    := $(wildcard pkcs11/*/*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIBCARD    := $(BUILD)/lib/libuimkey-card.a
LIBCODEC   := $(BUILD)/lib/libuimkey-codec.a
LIBUIMKEY  := $(BUILD)/lib/libuimkey.a
# The tests' shared scaffolding: RAM memory, rngs, fake transport, card
# fixture (tests/support/), linked by unit, stress and bench programs.
LIBTEST    := $(BUILD)/lib/libuimkey-test.a
TEST_SUPPORT_SRC := $(wildcard tests/support/*.c) vsmartcard/host_rng.c
LIBUIMKEY_SO := $(BUILD)/lib/libuimkey.so
LIBADMIN   := $(BUILD)/lib/libuimkey-admin.a
P11_SO     := $(BUILD)/lib/uimkey-pkcs11.so
BINS       := $(BUILD)/bin/uimkey-card $(BUILD)/bin/uimkey $(BUILD)/bin/uimkey-wait \
              $(BUILD)/bin/uimkey-env
TEST_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps test demo install uninstall check-prefix clean headers bench \
        layering
# Keep objects make would call intermediate (test and bench programs).
.SECONDARY:
all: $(LIBCODEC) $(LIBCARD) $(LIBUIMKEY) $(LIBUIMKEY_SO) $(LIBADMIN) $(P11_SO) $(BINS) $(TEST_BINS) headers \
     $(BUILD)/layering.ok

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XCFLAGS) -MMD -MP -c $< -o $@

# What each folder may include: the include path is the rule.  Product
# code has no -I. (a folder's private headers are included by bare name,
# from the folder itself); `make layering` refuses the one way around
# that, a relative path.  Tests, fuzz targets and the benchmark are white
# box and see everything.
INC_PUBLIC := -Iinclude/uimkey
INC_CODEC  := $(INC_PUBLIC) -Icodec/include
INC_CARD   := $(INC_CODEC) -Icard/api -Icard/include
INC_TRANSPORT := $(INC_CODEC) $(PCSC_CFLAGS)
INC_PIV    := $(INC_CODEC)
INC_ADMIN  := -Ihost/admin/include $(INC_CODEC) $(P11_CFLAGS)
INC_CLI    := -Ihost/admin/include $(INC_CODEC)
INC_P11    := $(INC_PUBLIC) -Ipkcs11/include $(P11_CFLAGS)
INC_VPCD   := $(INC_PUBLIC) -Icard/api $(PCSC_CFLAGS)
INC_ALL    := -I. $(INC_CARD) -Ihost/admin/include -Ipkcs11/include
$(BUILD)/obj/codec/%.o: XCFLAGS = $(INC_CODEC)
$(BUILD)/obj/card/%.o: XCFLAGS = $(INC_CARD)
$(BUILD)/obj/host/transport/%.o: XCFLAGS = $(INC_TRANSPORT)
$(BUILD)/obj/host/piv/%.o: XCFLAGS = $(INC_PIV)
$(BUILD)/obj/host/admin/%.o: XCFLAGS = $(INC_ADMIN)
$(BUILD)/obj/cli/%.o: XCFLAGS = $(INC_CLI)
$(BUILD)/obj/pkcs11/%.o: XCFLAGS = $(INC_P11) -pthread
$(BUILD)/obj/vsmartcard/%.o: XCFLAGS = $(INC_VPCD)
$(BUILD)/obj/bench/%.o: XCFLAGS = $(INC_ALL) $(PCSC_CFLAGS)
$(BUILD)/obj/tests/%.o: XCFLAGS = $(INC_ALL) $(PCSC_CFLAGS) $(P11_CFLAGS) -pthread

$(LIBCODEC): $(call obj,$(CODEC_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(LIBCARD): $(call obj,$(CARD_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(LIBUIMKEY): $(call obj,$(HOST_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

# The administration library: the profile, personalization, the RA's
# checks, lock-token keys; the command line's, not installed.
$(LIBADMIN): $(call obj,$(ADMIN_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(LIBUIMKEY_SO): $(call obj,$(HOST_SRC))
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,libuimkey.so.0 $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) \
	    $(BEARSSL_LIBS)

$(P11_SO): $(call obj,$(P11_SRC)) $(LIBUIMKEY) pkcs11/exports.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,--version-script=pkcs11/exports.map $(LDFLAGS) -o $@ \
	    $(call obj,$(P11_SRC)) $(LIBUIMKEY) $(PCSC_LIBS) $(BEARSSL_LIBS) -lpthread

$(BUILD)/bin/uimkey-card: $(call obj,$(VPCD_SRC)) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS)

$(BUILD)/bin/uimkey-wait: $(call obj,vsmartcard/uimkey-wait.c)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS)

# uimkey-env is one bash program kept in parts, one job each
# (vsmartcard/env/, in the order of their names); every part but the
# first starts with its SPDX line, which joining them leaves out.
ENV_PARTS := $(sort $(wildcard vsmartcard/env/*.sh))
$(BUILD)/bin/uimkey-env: $(ENV_PARTS)
	@mkdir -p $(dir $@)
	{ cat $(firstword $^); for p in $(wordlist 2,$(words $^),$^); do \
	    sed 1d "$$p"; done; } > $@.tmp
	chmod 755 $@.tmp
	mv -f $@.tmp $@

$(BUILD)/bin/uimkey: $(call obj,$(CLI_SRC)) $(LIBADMIN) $(LIBUIMKEY)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

$(LIBTEST): $(call obj,$(TEST_SUPPORT_SRC))
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) \
    $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# The admin library's tests link it too.
$(BUILD)/tests/test_admin_%: $(BUILD)/obj/tests/unit/test_admin_%.o $(LIBADMIN) \
    $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# The file store's test links the store itself.
$(BUILD)/tests/test_file_store: $(BUILD)/obj/tests/unit/test_file_store.o \
    $(call obj,vsmartcard/file_store.c vsmartcard/file_store_io.c \
    vsmartcard/file_io.c vsmartcard/store_fault.c) \
    $(LIBTEST) $(LIBUIMKEY) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

$(BUILD)/bench/footprint: $(BUILD)/obj/bench/footprint.o $(LIBTEST) $(LIBCARD) \
    $(LIBCODEC)
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

# The benchmark: bench/run.sh runs every configuration, one
# process each, inside uimkey-env, and writes $(BUILD)/bench/results.md
# and latency.png.
# The same with BearSSL linked statically, to measure the code it adds.
$(BUILD)/bench/footprint-static: $(BUILD)/obj/bench/footprint.o $(LIBTEST) \
    $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -l:libbearssl.a -lpthread

$(BUILD)/obj/bench/p11bench.o $(BUILD)/obj/bench/p11bench_p11.o \
    $(BUILD)/obj/bench/p11bench_parallel.o: XCFLAGS = $(INC_ALL) $(P11_CFLAGS) -pthread

# Any PKCS#11 module, dlopened: sign, cold start, APDUs, scale.
$(BUILD)/bench/p11bench: $(BUILD)/obj/bench/p11bench.o \
    $(BUILD)/obj/bench/p11bench_p11.o $(BUILD)/obj/bench/p11bench_parallel.o \
    $(BUILD)/obj/bench/p11verify.o $(BUILD)/obj/bench/stats.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS) -ldl -lpthread

# The floor: the card core in process, and raw APDUs through pcscd.
$(BUILD)/bench/floor: $(BUILD)/obj/bench/floor.o \
    $(BUILD)/obj/bench/floor_rtt.o $(BUILD)/obj/bench/stats.o \
    $(LIBTEST) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(PCSC_LIBS) $(BEARSSL_LIBS)

# card_ops (rule above) uses the shared clock and percentiles too.
$(BUILD)/bench/card_ops: $(BUILD)/obj/bench/stats.o

# The file store's sync and a VERIFY on it, in a directory of choice.
$(BUILD)/bench/store_sync: $(BUILD)/obj/bench/store_sync.o \
    $(BUILD)/obj/bench/stats.o \
    $(call obj,vsmartcard/file_store.c vsmartcard/file_store_io.c \
    vsmartcard/file_io.c vsmartcard/store_fault.c) \
    $(LIBTEST) $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS)

# One PIN guess at the card's PBKDF2 cost, with the card's own code.
$(BUILD)/bench/kdf: $(BUILD)/obj/bench/kdf.o $(BUILD)/obj/bench/stats.o \
    $(LIBCARD) $(LIBCODEC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(BEARSSL_LIBS)

BENCH_BINS := $(BUILD)/bench/p11bench $(BUILD)/bench/floor \
              $(BUILD)/bench/footprint $(BUILD)/bench/footprint-static \
              $(BUILD)/bench/card_ops $(BUILD)/bench/store_sync \
              $(BUILD)/bench/kdf
bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@sh bench/run.sh $(BUILD)

# The installed headers, as installed: include/uimkey/ is $(INCDIR).  Each
# compiles on its own, seeing nothing but the installed tree.
HOST_HEADERS := $(wildcard include/uimkey/host/*.h)
CARD_HEADERS := $(wildcard include/uimkey/card/*.h)
PUBLIC_HEADERS := $(HOST_HEADERS) $(CARD_HEADERS)
HDR_CFLAGS = $(filter-out -I% -fsanitize%,$(CFLAGS)) -Iinclude/uimkey
# The admin library's headers likewise, on its include path.
ADMIN_HEADERS := $(wildcard host/admin/include/admin/*.h)
headers: $(patsubst include/uimkey/%.h,$(BUILD)/hdr/%.ok,$(PUBLIC_HEADERS)) \
         $(patsubst host/admin/include/%.h,$(BUILD)/hdr/%.ok,$(ADMIN_HEADERS))
$(BUILD)/hdr/admin/%.ok: host/admin/include/admin/%.h
	@mkdir -p $(dir $@)
	@echo '#include "admin/$*.h"' | \
	    $(CC) $(filter-out -I% -fsanitize%,$(CFLAGS)) $(INC_ADMIN) -x c -fsyntax-only -
	@touch $@
$(BUILD)/hdr/%.ok: include/uimkey/%.h
	@mkdir -p $(dir $@)
	@echo '#include "$*.h"' | $(CC) $(HDR_CFLAGS) -x c -fsyntax-only -
	@touch $@

# The include rules of the layers hold (tools/layering.sh); checked again
# whenever a product file or the rules change.
LAYER_SRC := $(shell git ls-files codec card host cli pkcs11 vsmartcard include \
                 2>/dev/null)
layering:
	@rm -f $(BUILD)/layering.ok
	@$(MAKE) --no-print-directory $(BUILD)/layering.ok
$(BUILD)/layering.ok: tools/layering.sh Makefile $(LAYER_SRC)
	@mkdir -p $(dir $@)
	@CC='$(CC)' CFLAGS='$(filter-out -fsanitize%,$(CFLAGS))' \
	    INC_CODEC='$(INC_CODEC)' INC_CARD='$(INC_CARD)' \
	    INC_TRANSPORT='$(INC_TRANSPORT)' INC_PIV='$(INC_PIV)' \
	    INC_ADMIN='$(INC_ADMIN)' INC_CLI='$(INC_CLI)' INC_P11='$(INC_P11)' INC_VPCD='$(INC_VPCD)' \
	    sh tools/layering.sh
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

# What make install writes, and where; make uninstall removes exactly
# that.  Directories are listed in CREATED_DIRS when install makes them (a
# directory that was there before is not), and uninstall removes those
# that are empty again.
BINDIR       = $(PREFIX)/bin
LIBDIR       = $(PREFIX)/lib
P11_LIBDIR   = $(PREFIX)/lib/pkcs11
MANDIR       = $(PREFIX)/share/man/man1
INCDIR       = $(PREFIX)/include/uimkey
DATADIR      = $(PREFIX)/share/uimkey
CREATED_DIRS = $(DATADIR)/created-dirs
MAN_PAGES   := $(wildcard man/*.1)
INSTALL_DIRS = $(BINDIR) $(LIBDIR) $(P11_LIBDIR) $(MANDIR) $(INCDIR)/host \
               $(INCDIR)/card $(P11_MODDIR) $(DATADIR)
INSTALLED    = $(addprefix $(BINDIR)/,$(notdir $(BINS))) \
               $(LIBDIR)/libuimkey.a $(LIBDIR)/libuimkey.so.0 \
               $(LIBDIR)/libuimkey.so $(P11_LIBDIR)/uimkey-pkcs11.so \
               $(addprefix $(MANDIR)/,$(notdir $(MAN_PAGES))) \
               $(addprefix $(INCDIR)/host/,$(notdir $(HOST_HEADERS))) \
               $(addprefix $(INCDIR)/card/,$(notdir $(CARD_HEADERS))) $(P11_MODDIR)/uimkey.module $(CREATED_DIRS)

# The module file names the module by absolute path, as p11-kit needs.
check-prefix:
	@for d in '$(PREFIX)' '$(P11_MODDIR)'; do case $$d in /*) ;; \
	    *) echo "PREFIX and P11_MODDIR must be absolute paths, not '$$d'" >&2; \
	       exit 1 ;; esac; done

install: all check-prefix
	@set -e; made=; \
	for d in $(INSTALL_DIRS); do \
	    while [ -n "$$d" ] && [ ! -d "$(DESTDIR)$$d" ]; do \
	        made="$$made $$d"; d=$${d%/*}; \
	    done; \
	done; \
	echo install -d $(addprefix $(DESTDIR),$(INSTALL_DIRS)); \
	install -d $(addprefix $(DESTDIR),$(INSTALL_DIRS)); \
	{ cat "$(DESTDIR)$(CREATED_DIRS)" 2>/dev/null || :; \
	  for d in $$made; do echo "$$d"; done; } | \
	    LC_ALL=C sort -u > "$(DESTDIR)$(CREATED_DIRS).new"; \
	chmod 644 "$(DESTDIR)$(CREATED_DIRS).new"; \
	mv -f "$(DESTDIR)$(CREATED_DIRS).new" "$(DESTDIR)$(CREATED_DIRS)"
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(LIBUIMKEY) $(DESTDIR)$(LIBDIR)
	install -m 755 $(LIBUIMKEY_SO) $(DESTDIR)$(LIBDIR)/libuimkey.so.0
	ln -sf libuimkey.so.0 $(DESTDIR)$(LIBDIR)/libuimkey.so
	install -m 755 $(P11_SO) $(DESTDIR)$(P11_LIBDIR)/uimkey-pkcs11.so
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)
	install -m 644 $(HOST_HEADERS) $(DESTDIR)$(INCDIR)/host
	install -m 644 $(CARD_HEADERS) $(DESTDIR)$(INCDIR)/card
	printf 'module: %s\ncritical: no\n' '$(P11_LIBDIR)/uimkey-pkcs11.so' \
	    > $(DESTDIR)$(P11_MODDIR)/uimkey.module
	chmod 644 $(DESTDIR)$(P11_MODDIR)/uimkey.module

# Deepest first, so a directory's emptied children go before it; rmdir
# keeps any directory that holds something not ours.
uninstall: check-prefix
	@set -e; made=$$(LC_ALL=C sort -r "$(DESTDIR)$(CREATED_DIRS)" 2>/dev/null || :); \
	echo rm -f $(addprefix $(DESTDIR),$(INSTALLED)); \
	rm -f $(addprefix $(DESTDIR),$(INSTALLED)); \
	for d in $$made; do \
	    [ -d "$(DESTDIR)$$d" ] || continue; \
	    if rmdir "$(DESTDIR)$$d" 2>/dev/null; then \
	        echo "rmdir $(DESTDIR)$$d"; \
	    else \
	        echo "kept $(DESTDIR)$$d: not empty"; \
	    fi; \
	done

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# The stress programs (kill-restart, storage faults, concurrency,
# removal, memory) and the libFuzzer targets.
include tests/stress/stress.mk
include fuzz/fuzz.mk
