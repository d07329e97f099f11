# Builds the libFuzzer harnesses into build/fuzz/ (called by tools/fuzz/run.sh
# as `make -f tools/fuzz/fuzz.mk`; the top-level Makefile is not involved).
# Every src/ file except main.c, net/server.c, net/listen.c and metrics/
# (sockets), plus the gSOAP code in build/gen, is compiled with coverage
# instrumentation, ASan and UBSan and the same defines as the Makefile.
# UBSan findings abort, so the fuzzer sees them as crashes.

CC          := clang
OUT         := build/fuzz
OBJ         := $(OUT)/obj
GEN         := build/gen
SAN         := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
GSOAP_DEFS  := -DWITH_OPENSSL -DWITH_DOM -DWITH_GZIP -DWITH_IPV6
XML_CFLAGS  := $(shell xml2-config --cflags)
XML_LIBS    := $(shell xml2-config --libs)
DB_CFLAGS   := $(shell mariadb_config --cflags)
DB_LIBS     := $(shell mariadb_config --libs)
BASE        := -std=c11 -D_GNU_SOURCE -pthread -g -O1 $(SAN) $(GSOAP_DEFS) -Isrc -I$(GEN) $(XML_CFLAGS) $(DB_CFLAGS)
# the code under test: instrumented for coverage, linked into a fuzzer later
LIB_CFLAGS  := $(BASE) -fsanitize=fuzzer-no-link -Wall -Wextra -Wno-unused-parameter -MMD -MP
GEN_CFLAGS  := $(BASE) -fsanitize=fuzzer-no-link -w -MMD -MP
HARN_CFLAGS := $(BASE) -fsanitize=fuzzer -Wall -Wextra -MMD -MP
LDLIBS      := -lgsoapssl -lssl -lcrypto -lz $(XML_LIBS) $(DB_LIBS) -pthread -lm
LDFLAGS     := -fsanitize=fuzzer,address,undefined

# src/client/ is rodctl and src/notify/ rodgate-notify, programs of their
# own: not part of the gateway's pipeline
APP_SRC  := $(filter-out src/main.c src/net/server.c src/net/listen.c src/client/% src/notify/% src/metrics/%,$(sort $(shell find src -name '*.c')))
APP_OBJ  := $(APP_SRC:%.c=$(OBJ)/%.o)
GEN_OBJ  := $(OBJ)/gen/soapC.o $(OBJ)/gen/soapServer.o
HTTP_OBJ := $(OBJ)/src/http/http.o

.PHONY: all
all: $(OUT)/fuzz_pipeline $(OUT)/fuzz_http

$(OBJ)/src/%.o: src/%.c $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(OBJ)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c $< -o $@

$(OBJ)/harness/%.o: tests/fuzz/%.c $(GEN)/soapH.h
	@mkdir -p $(dir $@)
	$(CC) $(HARN_CFLAGS) -c $< -o $@

$(OUT)/fuzz_pipeline: $(OBJ)/harness/fuzz_pipeline.o $(APP_OBJ) $(GEN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/fuzz_http: $(OBJ)/harness/fuzz_http.o $(HTTP_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
