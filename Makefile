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
XML_CFLAGS  = $(shell xml2-config --cflags)
XML_LIBS    = $(shell xml2-config --libs)
DB_CFLAGS   = $(shell mariadb_config --cflags)
DB_LIBS     = $(shell mariadb_config --libs)
SAN_FLAGS   = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer)
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(OPT) $(SAN_FLAGS) $(GSOAP_DEFS) -Isrc -I$(GEN) $(XML_CFLAGS) $(DB_CFLAGS)
# Our code: warnings are errors. Generated code: its own, laxer flags.
CFLAGS      = $(BASE_CFLAGS) -Wall -Wextra -Werror -Wshadow -Wformat=2 -MMD -MP
GEN_CFLAGS  = $(BASE_CFLAGS) -w
LDLIBS      = $(SAN_FLAGS) -lgsoapssl -lssl -lcrypto -lz $(XML_LIBS) $(DB_LIBS) -pthread -lm

APP_SRC    := $(shell find src -name '*.c' 2>/dev/null | sort)
RULES_SRC  := $(filter src/rules/%,$(APP_SRC))
PURE_SRC   := $(RULES_SRC) src/http/http.c src/core/arena.c src/core/buf.c src/core/status.c src/core/operations.c \
              src/store/memo.c src/xml/prescan.c
APP_OBJ    := $(APP_SRC:%.c=$(OBJDIR)/%.o)
GEN_OBJ    := $(OBJDIR)/gen/soapC.o $(OBJDIR)/gen/soapServer.o
UNIT_SRC   := $(shell find tests/unit -name '*.c' 2>/dev/null | sort)

.PHONY: all run test unit deps pki db check-config clean distclean bench fuzz test-asan test-valgrind

all: $(BUILD)/rodgate

deps:
	@tools/deps.sh

# --- gSOAP code generation (build time, never committed) --------------------
$(GEN)/rod.h: wsdl/rod-v1.wsdl xsd/rod-v1.xsd wsdl/typemap.dat
	@mkdir -p $(GEN)
	wsdl2h -c -t wsdl/typemap.dat -I xsd -o $@ wsdl/rod-v1.wsdl >$(GEN)/wsdl2h.log 2>&1 || (cat $(GEN)/wsdl2h.log; false)

$(GEN)/soapC.c $(GEN)/soapServer.c $(GEN)/soapH.h $(GEN)/soapStub.h: $(GEN)/rod.h
	soapcpp2 -c -S -L -x -w -d $(GEN) -I/usr/share/gsoap/import $< >$(GEN)/soapcpp2.log 2>&1 || (cat $(GEN)/soapcpp2.log; false)
	@touch $(GEN)/soapC.c $(GEN)/soapServer.c $(GEN)/soapH.h $(GEN)/soapStub.h

$(OBJDIR)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c $< -o $@

$(OBJDIR)/src/%.o: src/%.c | $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/rodgate: $(APP_OBJ) $(GEN_OBJ)
	$(CC) -o $@ $^ $(LDLIBS)

# --- unit tests (pure logic, CUnit) ------------------------------------------
$(BUILD)/run_unit: $(PURE_SRC) $(UNIT_SRC)
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(OPT) -Wall -Wextra -Werror $(UNIT_SAN) -Isrc -o $@ $(PURE_SRC) $(UNIT_SRC) -lcunit

unit: deps $(BUILD)/run_unit
	$(BUILD)/run_unit

# --- the two commands ---------------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory all
	@tools/run.sh

test: deps
	@$(MAKE) --no-print-directory all $(BUILD)/run_unit
	@tools/test.sh

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g" SANITIZE=address,undefined all build/asan/run_unit
	@RODGATE_BIN=build/asan/rodgate RODGATE_UNIT=build/asan/run_unit \
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
	@rm -f build/vg/run_unit   # its flags are not among its prerequisites
	@$(MAKE) --no-print-directory BUILD=build/vg OPT="-O1 -g" UNIT_SAN= all build/vg/run_unit
	@RODGATE_BIN=build/vg/rodgate RODGATE_UNIT=build/vg/run_unit RODGATE_SUITES="unit integration zeep" \
	 RODGATE_WRAP="$(VALGRIND)" tools/test.sh

pki:
	@certs/make-pki.sh var/pki

check-config: all pki
	$(BUILD)/rodgate --config conf/rodgate.conf --check-config

clean:
	rm -rf $(BUILD)

distclean: clean
	-tools/mariadb.sh stop
	rm -rf var

-include $(APP_OBJ:.o=.d)
