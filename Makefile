# ccsim — one Makefile for the library, the CLI, the tests and the benchmarks.
#
#   make            build build/ccsim (and build/libccsim.a)
#   make run        the main job: plan the flagship Barnet baseline
#   make test       build and run the Criterion suite
#   make bench      build and run every benchmark (one JSON line each on stdout)
#   make check      the test suite, then again under ASan+UBSan (what CI runs)
#   make deps       install the Debian packages the build needs (apt-get)
#   make SANITIZE=address,undefined test    sanitizer build in build-san/
#   V=1             show the full command lines

PKGS      := gsl libconfig hdf5
DEB_PKGS  := build-essential pkg-config libgsl-dev libconfig-dev libhdf5-dev libcriterion-dev \
             librandom123-dev

CC        ?= cc
OPT       ?= -O2
WARN      := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
             -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef \
             -Wformat=2 -Wvla -Wmissing-declarations
WERROR    := $(if $(CI),-Werror)
CPPFLAGS  += -I. -MMD -MP -D_POSIX_C_SOURCE=200809L
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS    += -std=c11 -g $(OPT) -fopenmp $(WARN) $(WERROR) $(PKG_CFLAGS)
LDLIBS    += $(PKG_LIBS) -fopenmp -lm

ifdef SANITIZE
BUILD     ?= build-san
CFLAGS    += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=$(SANITIZE)
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
else
BUILD     ?= build
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC   := $(wildcard model/*.c sim/*.c io/*.c)
CLI_SRC   := $(wildcard cli/*.c)
TEST_SRC  := $(wildcard tests/*.c)
BENCH_SRC := $(wildcard bench/*.c)

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

LIB       := $(BUILD)/libccsim.a
CCSIM     := $(BUILD)/ccsim
TESTS     := $(BUILD)/tests/ccsim-tests
DEFAULT_SCENARIO := scenarios/barnet/baseline.cfg

.PHONY: all run test bench check deps clean
all: $(CCSIM)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)$(AR) rcs $@ $^

$(CCSIM): $(CLI_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TESTS): $(TEST_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcriterion

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

run: $(CCSIM)
	./$(CCSIM) plan $(DEFAULT_SCENARIO)

# The suite runs from the repository root; end-to-end tests find the CLI via CCSIM.
test: $(TESTS) $(CCSIM)
	CCSIM=./$(CCSIM) ./$(TESTS) --jobs 2

bench: $(BENCH_BIN) $(CCSIM)
	@for b in $(BENCH_BIN); do ./$$b || exit 1; done

check:
	$(MAKE) test
	$(MAKE) SANITIZE=address,undefined test

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_BIN:=.d)
