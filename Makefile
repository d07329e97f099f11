# rodgate — SOAP/XML B2B gateway for the school register (ROD) and verzuim.
# `make run` and `make test` set up everything on a fresh Debian machine.

BUILD      := build
GEN        := $(BUILD)/gen
OBJDIR     := $(BUILD)/obj
CC         ?= gcc
OPT        ?= -O2 -g
SANITIZE   ?=
# the unit runner is sanitized even in a plain build; valgrind needs it without
UNIT_SAN   ?= -fsanitize=address,undefined
GSOAP_DEFS := -DWITH_OPENSSL -DWITH_DOM -DWITH_GZIP -DWITH_IPV6
# The packages' *_config tools, run once per make (simple-expanded), not once
# per compile. On a fresh machine they arrive with `make deps`: every target
# that depends on deps builds in a sub-make started after deps, which
# evaluates them again; the parent make uses none of them (hence 2>/dev/null).
XML_CFLAGS := $(shell xml2-config --cflags 2>/dev/null)
XML_LIBS   := $(shell xml2-config --libs 2>/dev/null)
DB_CFLAGS  := $(shell mariadb_config --cflags 2>/dev/null)
DB_LIBS    := $(shell mariadb_config --libs 2>/dev/null)
CURL_LIBS  := $(shell curl-config --libs 2>/dev/null)
# Compiling without them would fail on a missing header; say why instead.
MISSING     = $(if $(XML_CFLAGS),,xml2-config) $(if $(DB_CFLAGS),,mariadb_config) $(if $(CURL_LIBS),,curl-config)
need_tools  = $(if $(strip $(MISSING)),$(error $(strip $(MISSING)) not found: run `make deps` (as root) first))
SAN_FLAGS   = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer)
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(OPT) $(SAN_FLAGS) $(GSOAP_DEFS) -Isrc -I$(GEN) $(XML_CFLAGS) $(DB_CFLAGS)
# Our code: warnings are errors. Generated code: its own, laxer flags.
CFLAGS      = $(BASE_CFLAGS) -Wall -Wextra -Werror -Wshadow -Wformat=2 -MMD -MP
GEN_CFLAGS  = $(BASE_CFLAGS) -w
LDLIBS      = $(SAN_FLAGS) -lgsoapssl -lssl -lcrypto -lz $(XML_LIBS) $(DB_LIBS) -pthread -lm
# The unit runner: the pure modules and the suites, sanitized (UNIT_SAN),
# with libxml2 for the envelope checks and gSOAP's generated code for the
# binder of soap/bind_aanleveren.c (tested against gSOAP's own parser).
UNIT_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(UNIT_SAN) $(GSOAP_DEFS) -Isrc -I$(GEN) -Itests/unit $(XML_CFLAGS) -Wall -Wextra -Werror -MMD -MP
UNIT_LDLIBS = $(UNIT_SAN) $(XML_LIBS) -lcunit -lgsoapssl -lssl -lcrypto -lz -pthread

ALL_SRC    := $(shell find src -name '*.c' 2>/dev/null | sort)
# src/client/ is rodctl and src/notify/ rodgate-notify, programs of their own
# (below), not part of the gateway; what rodgate-notify links of the rest
NOTIFY_SRC := $(filter src/notify/%,$(ALL_SRC)) src/config/config.c src/core/log.c src/core/clock.c src/core/metrics.c \
              src/core/buf.c src/core/mail_address.c src/store/db.c src/store/db_node.c src/store/notificatie.c
APP_SRC    := $(filter-out src/client/% src/notify/%,$(ALL_SRC))
RULES_SRC  := $(filter src/rules/%,$(APP_SRC))
# What the unit runner links: code without sockets, threads or a database.
PURE_SRC   := $(RULES_SRC) src/http/http.c src/core/arena.c src/core/buf.c src/core/status.c src/core/operations.c \
              src/core/heap.c src/store/memo.c src/config/config.c src/soap/xmltext.c src/xml/prescan.c \
              src/xml/parse_error.c src/xml/envelope.c src/xml/arena.c src/xml/tree.c \
              src/soap/bind_aanleveren.c src/soap/namespaces.c src/store/brp_table.c src/store/brp.c src/store/stored_response.c \
              src/core/ratelimit.c src/core/refusal.c src/core/metrics.c src/core/log.c src/core/reload.c src/core/clock.c src/net/peer_table.c src/tls/digest.c \
              src/client/sheet.c src/client/template.c \
              src/core/mail_address.c src/notify/message.c src/notify/retry.c
APP_OBJ    := $(APP_SRC:%.c=$(OBJDIR)/%.o)
NOTIFY_OBJ := $(NOTIFY_SRC:%.c=$(OBJDIR)/%.o)
GEN_OBJ    := $(OBJDIR)/gen/soapC.o $(OBJDIR)/gen/soapServer.o
GEN_OUT    := $(GEN)/soapC.c $(GEN)/soapServer.c $(GEN)/soapH.h $(GEN)/soapStub.h
# The suites mirror src/: tests/unit/<folder>/test_<file>.c tests src/<folder>/<file>.c.
UNIT_SRC   := $(shell find tests/unit -name '*.c' 2>/dev/null | sort)
UNIT_OBJDIR := $(BUILD)/unit
UNIT_OBJ   := $(addprefix $(UNIT_OBJDIR)/,$(PURE_SRC:.c=.o) $(UNIT_SRC:.c=.o)) $(UNIT_OBJDIR)/gen/soapC.o
FORMAT     := tools/check-format.sh

# --- rodctl: the command-line client (src/client/) ------------------------------
# gSOAP client stubs of the same rod.h, generated apart (soapcpp2 -C) so the
# gateway's server-only code stays as it is; rodctl links the same rules/ and
# core/ objects as the gateway.
CLIENT_GEN  := $(BUILD)/gen-client
CLIENT_GEN_OUT := $(CLIENT_GEN)/soapC.c $(CLIENT_GEN)/soapClient.c $(CLIENT_GEN)/soapH.h $(CLIENT_GEN)/soapStub.h
CLIENT_SRC  := $(shell find src/client -name '*.c' 2>/dev/null | sort)
CLIENT_OBJ  := $(CLIENT_SRC:%.c=$(OBJDIR)/%.o) $(OBJDIR)/gen-client/soapC.o $(OBJDIR)/gen-client/soapClient.o
CLIENT_USES := $(RULES_SRC:%.c=$(OBJDIR)/%.o) $(OBJDIR)/src/core/status.o $(OBJDIR)/src/core/clock.o $(OBJDIR)/src/core/arena.o \
               $(OBJDIR)/src/core/buf.o $(OBJDIR)/src/tls/digest.o
CLIENT_CFLAGS = $(subst -I$(GEN),-I$(CLIENT_GEN),$(CFLAGS))
CLIENT_LIBS = $(SAN_FLAGS) -lgsoapssl -lssl -lcrypto -lz $(XML_LIBS) -lcsv -lxlsxwriter -lzip -lm

.PHONY: all run test unit deps pki db check-config clean distclean bench fuzz test-asan test-valgrind cluster test-cluster \
        format install deb FORCE

all: $(BUILD)/rodgate $(BUILD)/rodgate-notify $(BUILD)/rodctl $(BUILD)/examples/rod_interop_c

deps:
	@tools/deps.sh

# --- build flags ----------------------------------------------------------------
# Each set of flags is written to a file that the objects depend on, so that
# a build with other flags (OPT, SANITIZE, UNIT_SAN) in the same BUILD
# rebuilds them. The file is rewritten only when its text changes.
FLAGS_app  = $(CFLAGS) $(GEN_CFLAGS) $(LDLIBS) $(CURL_LIBS)
FLAGS_unit = $(UNIT_CFLAGS) $(UNIT_LDLIBS)
same       = $(and $(findstring x$(1)x,x$(2)x),$(findstring x$(2)x,x$(1)x))
$(BUILD)/flags.app $(BUILD)/flags.unit: $(BUILD)/flags.%: FORCE
	$(if $(call same,$(file <$@),$(strip $(FLAGS_$*))),,$(shell mkdir -p $(@D))$(file >$@,$(strip $(FLAGS_$*))))

# --- gSOAP code generation (build time, never committed) --------------------
$(GEN)/rod.h: wsdl/rod-v1.wsdl xsd/rod-v1.xsd wsdl/typemap.dat
	@mkdir -p $(GEN)
	wsdl2h -c -t wsdl/typemap.dat -I xsd -o $@ wsdl/rod-v1.wsdl >$(GEN)/wsdl2h.log 2>&1 || (cat $(GEN)/wsdl2h.log; false)

# One soapcpp2 run writes all four (a grouped target: one run, also with -j).
$(GEN_OUT) &: $(GEN)/rod.h
	soapcpp2 -c -S -L -x -w -d $(GEN) -I/usr/share/gsoap/import $< >$(GEN)/soapcpp2.log 2>&1 || (cat $(GEN)/soapcpp2.log; false)
	@touch $(GEN_OUT)

$(OBJDIR)/gen/%.o: $(GEN)/%.c $(BUILD)/flags.app
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(GEN_CFLAGS) -c $< -o $@

$(OBJDIR)/src/%.o: src/%.c $(BUILD)/flags.app | $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/rodgate: $(APP_OBJ) $(GEN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(CLIENT_GEN_OUT) &: $(GEN)/rod.h
	@mkdir -p $(CLIENT_GEN)
	soapcpp2 -c -C -L -x -w -d $(CLIENT_GEN) -I/usr/share/gsoap/import $< >$(CLIENT_GEN)/soapcpp2.log 2>&1 || (cat $(CLIENT_GEN)/soapcpp2.log; false)
	@touch $(CLIENT_GEN_OUT)

$(OBJDIR)/gen-client/%.o: $(CLIENT_GEN)/%.c $(BUILD)/flags.app
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(subst -I$(GEN),-I$(CLIENT_GEN),$(GEN_CFLAGS)) -c $< -o $@

$(OBJDIR)/src/client/%.o: src/client/%.c $(BUILD)/flags.app | $(CLIENT_GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(CLIENT_CFLAGS) -c $< -o $@

$(BUILD)/rodctl: $(CLIENT_OBJ) $(CLIENT_USES)
	$(CC) -o $@ $^ $(CLIENT_LIBS)

# examples/c: the minimal C client the interop suite runs (interop-c), on the
# same client stubs
$(BUILD)/examples/rod_interop_c: examples/c/rod_interop.c $(OBJDIR)/gen-client/soapC.o $(OBJDIR)/gen-client/soapClient.o
	@mkdir -p $(@D)
	$(CC) $(CLIENT_CFLAGS) -o $@ $^ $(SAN_FLAGS) -lgsoapssl -lssl -lcrypto -lz

# the notification sender: no gSOAP, no TLS server, libcurl for SMTP
$(BUILD)/rodgate-notify: $(NOTIFY_OBJ)
	$(CC) -o $@ $^ $(SAN_FLAGS) $(CURL_LIBS) $(DB_LIBS) -pthread -lm

# The gateway with allocation-failure injection (soap/alloc.h), for the
# metrics suite only: the same objects but soap/alloc.c compiled with
# ROD_TEST_FAIL_ALLOC. Never installed, never run by `make run`.
FAILALLOC_OBJ := $(OBJDIR)/test/alloc-failalloc.o
$(FAILALLOC_OBJ): src/soap/alloc.c $(BUILD)/flags.app | $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(CFLAGS) -DROD_TEST_FAIL_ALLOC -c $< -o $@

$(BUILD)/rodgate-failalloc: $(filter-out $(OBJDIR)/src/soap/alloc.o,$(APP_OBJ)) $(FAILALLOC_OBJ) $(GEN_OBJ)
	$(CC) -o $@ $^ $(LDLIBS)

# --- unit tests (pure logic, CUnit) ------------------------------------------
# Built from objects with -MMD, so a changed header rebuilds what includes it.
$(UNIT_OBJDIR)/%.o: %.c $(BUILD)/flags.unit | $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(UNIT_CFLAGS) -c $< -o $@

# gSOAP's generated (de)serialisers, with the generated code's laxer flags
$(UNIT_OBJDIR)/gen/soapC.o: $(GEN)/soapC.c $(BUILD)/flags.unit
	@mkdir -p $(dir $@)
	$(need_tools)$(CC) $(filter-out -Wall -Wextra -Werror,$(UNIT_CFLAGS)) -w -c $< -o $@

$(BUILD)/run_unit: $(UNIT_OBJ)
	$(CC) -o $@ $(UNIT_OBJ) $(UNIT_LDLIBS)

unit: deps
	@$(MAKE) --no-print-directory $(BUILD)/run_unit
	$(BUILD)/run_unit

# --- one style (.clang-format) ---------------------------------------------------
format:
	@$(FORMAT) --apply

# --- the two commands ---------------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory all
	@tools/run.sh

test: deps
	@$(MAKE) --no-print-directory all $(BUILD)/run_unit $(BUILD)/rodgate-failalloc
	@tools/test.sh

# three Galera nodes, two gateways and HAProxy on https://localhost:8443/rod/v1
cluster: deps
	@$(MAKE) --no-print-directory all
	@tools/cluster.sh run

# every integration test through the cluster's front door, then tests/cluster/
test-cluster: deps
	@$(MAKE) --no-print-directory all
	@tools/test-cluster.sh

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" SANITIZE=address,undefined all build/asan/run_unit \
	  build/asan/rodgate-failalloc
	@RODGATE_BIN=build/asan/rodgate RODGATE_NOTIFY_BIN=build/asan/rodgate-notify RODGATE_UNIT=build/asan/run_unit RODGATE_SKIP_INTEROP=1 \
	 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 tools/test.sh

# Benchmarks (figures, never pass/fail) and the fuzzer: their drivers own
# their build steps.
bench: deps
	@$(MAKE) --no-print-directory all
	@tools/bench/run.sh

fuzz: deps
	@tools/fuzz/run.sh

# valgrind on the gateway while the integration suite runs (slow: a
# release check, not part of CI)
VALGRIND := valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --num-callers=30
test-valgrind: deps
	@$(MAKE) --no-print-directory BUILD=build/vg OPT="-O1 -g" UNIT_SAN= all build/vg/run_unit
	@RODGATE_BIN=build/vg/rodgate RODGATE_UNIT=build/vg/run_unit RODGATE_SUITES="unit integration zeep" \
	 RODGATE_WRAP="$(VALGRIND)" tools/test.sh

# --- install and the Debian package (docs/deployment.md) ------------------------
# The usual paths of a Debian system; DESTDIR stages them (debian/rules).
# The unit and logrotate files name /usr/sbin and /etc: they are rewritten
# for another PREFIX or SYSCONFDIR.
PREFIX     ?= /usr
SYSCONFDIR ?= /etc
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/rodgate
MANDIR     ?= $(PREFIX)/share/man
UNITDIR    ?= /lib/systemd/system
INSTALL    ?= install
DEST        = $(DESTDIR)
# the data files of conf/ (reference tables), not its folders
CONF_DATA  := $(shell find conf -maxdepth 1 -type f ! -name rodgate.conf 2>/dev/null | sort)
# the schema, not the development fixtures
SQL_FILES  := $(filter-out sql/fixtures.sql,$(wildcard sql/*.sql))
FIX_PATHS   = sed -e 's|/usr/sbin/rodgate|$(SBINDIR)/rodgate|g' -e 's|/etc/rodgate|$(SYSCONFDIR)/rodgate|g'

install: $(BUILD)/rodgate
	$(INSTALL) -d $(DEST)$(SBINDIR) $(DEST)$(SYSCONFDIR)/rodgate $(DEST)$(SYSCONFDIR)/logrotate.d \
	    $(DEST)$(DATADIR)/wsdl $(DEST)$(DATADIR)/xsd $(DEST)$(DATADIR)/sql $(DEST)$(UNITDIR) \
	    $(DEST)$(PREFIX)/lib/sysusers.d $(DEST)$(PREFIX)/lib/tmpfiles.d $(DEST)$(MANDIR)/man8
	$(INSTALL) -m 0755 $(BUILD)/rodgate $(DEST)$(SBINDIR)/rodgate
	dist/install-conf.sh conf/rodgate.conf $(SYSCONFDIR) $(DATADIR) >$(DEST)$(SYSCONFDIR)/rodgate/rodgate.conf.tmp
	mv $(DEST)$(SYSCONFDIR)/rodgate/rodgate.conf.tmp $(DEST)$(SYSCONFDIR)/rodgate/rodgate.conf
	chmod 0640 $(DEST)$(SYSCONFDIR)/rodgate/rodgate.conf
	$(INSTALL) -m 0644 $(CONF_DATA) $(DEST)$(SYSCONFDIR)/rodgate/
	$(INSTALL) -m 0644 wsdl/rod-v1.wsdl $(DEST)$(DATADIR)/wsdl/
	$(INSTALL) -m 0644 xsd/*.xsd $(DEST)$(DATADIR)/xsd/
	$(INSTALL) -m 0644 $(SQL_FILES) $(DEST)$(DATADIR)/sql/
	$(FIX_PATHS) dist/systemd/rodgate.service >$(DEST)$(UNITDIR)/rodgate.service
	$(FIX_PATHS) dist/logrotate/rodgate >$(DEST)$(SYSCONFDIR)/logrotate.d/rodgate
	chmod 0644 $(DEST)$(UNITDIR)/rodgate.service $(DEST)$(SYSCONFDIR)/logrotate.d/rodgate
	$(INSTALL) -m 0644 dist/sysusers/rodgate.conf $(DEST)$(PREFIX)/lib/sysusers.d/rodgate.conf
	$(FIX_PATHS) dist/tmpfiles/rodgate.conf >$(DEST)$(PREFIX)/lib/tmpfiles.d/rodgate.conf
	chmod 0644 $(DEST)$(PREFIX)/lib/tmpfiles.d/rodgate.conf
	$(INSTALL) -m 0644 dist/man/rodgate.8 $(DEST)$(MANDIR)/man8/rodgate.8

# var/deb/rodgate_VERSION_ARCH.deb from a copy of this tree (debian/rules),
# checked by lintian
deb: deps
	@tools/make-deb.sh

pki:
	@certs/make-pki.sh var/pki

check-config: all pki
	$(BUILD)/rodgate --config conf/rodgate.conf --check-config
	$(BUILD)/rodgate-notify --config conf/rodgate.conf --check-config

clean:
	rm -rf $(BUILD)

distclean: clean
	-tools/mariadb.sh stop
	rm -rf var

-include $(APP_OBJ:.o=.d) $(NOTIFY_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(CLIENT_OBJ:.o=.d) $(FAILALLOC_OBJ:.o=.d)
