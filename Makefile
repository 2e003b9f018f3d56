# Levera - plain make on pkg-config.  `make help` lists the targets.
#
# Objects go under build/ (normal) and build/asan/ (ASan+UBSan); sources are
# found by wildcard, so adding a file to src/ or tests/unit/ needs no edit.

CC      = gcc
CORE_PKGS   = jansson libical libmicrohttpd sqlite3 libsodium
REPORT_PKGS = cairo pangocairo xlsxwriter
PKGS    = $(CORE_PKGS) $(REPORT_PKGS)
PYTHON  = /usr/bin/python3
VERSION = 0.1.0

WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wvla -Wpointer-arith -Wundef -Wimplicit-fallthrough -fno-common
CPPFLAGS_ALL = -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLEVERA_VERSION='"$(VERSION)"'
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS  = $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null) -ldl
REPORT_LIBS = $(shell pkg-config --libs $(REPORT_PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CPPFLAGS_ALL) $(PKG_CFLAGS) $(CFLAGS)
SRC_CFLAGS = $(ALL_CFLAGS) -include src/base/banned.h
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC  = $(sort $(wildcard src/*/*.c))
# The reporting library (charts, review packs: cairo, pango, libxlsxwriter) is build/levera-report.so,
# loaded by src/report/render.c when first needed, so a server that only answers the API never maps it.
REPORT_SRC = $(filter-out src/report/render.c src/report/pack_format.c,$(wildcard src/report/*.c))
CORE_SRC = $(filter-out $(REPORT_SRC),$(LIB_SRC))
MAIN_SRC = src/main.c
TEST_SRC = $(sort $(wildcard tests/unit/*/*.c))

# The web interface (web/) is compiled in: scripts/web-assets.sh writes its table on every build.
WEB_GEN   = build/gen/web_assets.c
WEB_FILES = $(shell find web -type f ! -name '.*' 2>/dev/null)

LIB_OBJ   = $(CORE_SRC:%.c=build/%.o) build/gen/web_assets.o
REPORT_OBJ = $(REPORT_SRC:%.c=build/pic/%.o)
TEST_OBJ  = $(TEST_SRC:%.c=build/%.o) $(REPORT_SRC:%.c=build/%.o)
ASAN_LIB_OBJ  = $(CORE_SRC:%.c=build/asan/%.o) build/asan/gen/web_assets.o
ASAN_REPORT_OBJ = $(REPORT_SRC:%.c=build/asan/pic/%.o)
ASAN_TEST_OBJ = $(TEST_SRC:%.c=build/asan/%.o) $(REPORT_SRC:%.c=build/asan/%.o)

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-6s %s\n'
endif

.PHONY: all deps run test unit unit-asan report-test cli-test cli-test-asan api-test api-test-asan ui-test bench lint format clean help FORCE

all: build/levera build/levera-report.so

help:
	@echo "make            build build/levera"
	@echo "make run        install what is missing, build, show the engine on the demo calendar"
	@echo "make test       install what is missing, build, run every test suite (also under ASan+UBSan)"
	@echo "make report-test the review pack files (XLSX, PDF) read back by openpyxl and poppler"
	@echo "make ui-test    the web interface, end to end in headless Chromium (screenshots in build/screenshots/)"
	@echo "make bench      print the performance figures"
	@echo "make lint       style and banned-function checks"
	@echo "make clean      remove build/"

deps:
	@scripts/install-deps.sh

build/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(SRC_CFLAGS) -MMD -MP -c $< -o $@

# Always run; the file changes (and its object rebuilds) only when a file under web/ does.
$(WEB_GEN): scripts/web-assets.sh FORCE
	$(Q)scripts/web-assets.sh web $@

build/gen/web_assets.o: $(WEB_GEN) $(WEB_FILES)
	$(say) CC $<
	$(Q)$(CC) $(SRC_CFLAGS) -c $< -o $@

build/asan/gen/web_assets.o: $(WEB_GEN) $(WEB_FILES)
	@mkdir -p $(dir $@)
	$(say) CC-SAN $<
	$(Q)$(CC) $(SRC_CFLAGS) $(SAN) -c $< -o $@

FORCE:

build/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -c $< -o $@

build/asan/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(say) CC-SAN $<
	$(Q)$(CC) $(SRC_CFLAGS) $(SAN) -MMD -MP -c $< -o $@

build/pic/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(say) CC-PIC $<
	$(Q)$(CC) $(SRC_CFLAGS) -fPIC -MMD -MP -c $< -o $@

build/asan/pic/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(say) CC-SAN $<
	$(Q)$(CC) $(SRC_CFLAGS) $(SAN) -fPIC -MMD -MP -c $< -o $@

build/asan/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(say) CC-SAN $<
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -Itests -MMD -MP -c $< -o $@

build/liblevera.a: $(LIB_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

build/asan/liblevera.a: $(ASAN_LIB_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)ar rcs $@ $^

# -rdynamic: the reporting library uses the program's own buffers, errors and allocation.
build/levera: build/src/main.o build/liblevera.a | build/levera-report.so
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -rdynamic -o $@ build/src/main.o -Wl,--whole-archive build/liblevera.a \
		-Wl,--no-whole-archive $(CORE_LIBS) -lm -lpthread

build/asan/levera: build/asan/src/main.o build/asan/liblevera.a | build/asan/levera-report.so
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -rdynamic -o $@ build/asan/src/main.o -Wl,--whole-archive \
		build/asan/liblevera.a -Wl,--no-whole-archive $(CORE_LIBS) -lm -lpthread

build/levera-report.so: $(REPORT_OBJ)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(REPORT_LIBS) -lm

build/asan/levera-report.so: $(ASAN_REPORT_OBJ)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -shared -o $@ $^ $(REPORT_LIBS) -lm

# The unit tests link the reporting library's objects in directly.
build/unit_tests: $(TEST_OBJ) build/liblevera.a
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(TEST_OBJ) -Wl,--whole-archive build/liblevera.a -Wl,--no-whole-archive \
		$(PKG_LIBS) $(shell pkg-config --libs criterion) -ldl -lm -lpthread

build/asan/unit_tests: $(ASAN_TEST_OBJ) build/asan/liblevera.a
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $(ASAN_TEST_OBJ) -Wl,--whole-archive build/asan/liblevera.a \
		-Wl,--no-whole-archive $(PKG_LIBS) $(shell pkg-config --libs criterion) -ldl -lm -lpthread

build/bench_sla: bench/bench_sla.c build/liblevera.a
	@mkdir -p build
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -O3 -o $@ $^ $(PKG_LIBS) -lm -lpthread

build/bench_store: bench/bench_store.c build/liblevera.a
	@mkdir -p build
	$(say) LINK $@
	$(Q)$(CC) $(ALL_CFLAGS) -O3 -o $@ $^ $(PKG_LIBS) -lm -lpthread

run: deps build/levera
	@scripts/run.sh

test: deps
	@$(MAKE) --no-print-directory build/levera build/asan/levera build/unit_tests build/asan/unit_tests
	@$(MAKE) --no-print-directory unit report-test unit-asan cli-test cli-test-asan api-test api-test-asan ui-test

unit: build/unit_tests
	build/unit_tests --jobs=2

unit-asan: build/asan/unit_tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		LEVERA_TEST_SCALE=4 build/asan/unit_tests --jobs=2

# The review pack files the pack unit tests write, read back by openpyxl and poppler (pages in build/screenshots/).
report-test: build/unit_tests
	build/unit_tests --filter 'pack/*'
	$(PYTHON) -m pytest -q -p no:cacheprovider tests/report

cli-test: build/levera
	LEVERA_BIN=$(CURDIR)/build/levera $(PYTHON) -m pytest -q -p no:cacheprovider tests/cli

# The same black-box tests against the sanitizer build of the binary.
cli-test-asan: build/asan/levera
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		LEVERA_BIN=$(CURDIR)/build/asan/levera $(PYTHON) -m pytest -q -p no:cacheprovider tests/cli

# The HTTP API, black-box: each module starts its own `levera serve` on a free loopback port.
api-test: build/levera
	LEVERA_BIN=$(CURDIR)/build/levera $(PYTHON) -m pytest -q -p no:cacheprovider tests/api

# The same against the sanitizer build; a leak or a sanitizer report fails the server's exit status.
api-test-asan: build/asan/levera
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		LEVERA_BIN=$(CURDIR)/build/asan/levera $(PYTHON) -m pytest -q -p no:cacheprovider tests/api

# The web interface in headless Chromium (Debian's chromium and chromium-driver), normal build only.
ui-test: build/levera
	LEVERA_BIN=$(CURDIR)/build/levera $(PYTHON) -m pytest -q -p no:cacheprovider tests/ui

bench: deps build/levera build/bench_sla build/bench_store
	@scripts/bench.sh

lint:
	@scripts/lint.sh

format:
	clang-format -i $(LIB_SRC) $(MAIN_SRC) $(TEST_SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build

# http/api_openapi.c embeds the document with .incbin: an edit to it rebuilds the object.
build/src/http/api_openapi.o build/asan/src/http/api_openapi.o: docs/openapi.json

-include $(shell find build -name '*.d' 2>/dev/null)
