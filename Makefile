# ccsim — one Makefile for the library, the CLI, the tests and the benchmarks.
#
#   make            build build/ccsim (and build/libccsim.a)
#   make run        the main job: plan the flagship Barnet baseline
#   make test       build and run the Criterion suite
#   make bench      build and run every benchmark (one JSON line each on stdout;
#                   BENCH_OUT=FILE also appends them there, BENCH_REPEATS=N repeats)
#   make check      the test suite, then again under ASan+UBSan (what CI runs)
#   make deps       install the Debian packages the build and the tests need (apt-get)
#   make plots      draw every plot of plots/ for the seeded scenarios into build/plots/
#   make report     RESULTS=FILE.h5 [OUT=report.html]: one self-contained HTML page
#   make test-report  the report opened in headless Chromium (screenshot, images, console)
#   make fuzz       libFuzzer harnesses (fuzz/), FUZZ_TIME seconds each (default 60);
#                   needs clang (make fuzz-deps installs it)
#   make SANITIZE=address,undefined test    sanitizer build in build-san/
#   make MPI=1      ccsim built with mpicc into build-mpi/, replications shared out over
#                   MPI ranks (sim/mpi_runner.c); make MPI=1 test-mpi checks its runs
#                   against the default build's, make deps MPI=1 installs Open MPI
#   V=1             show the full command lines

PKGS      := gsl libconfig hdf5
DEB_PKGS  := build-essential pkg-config libgsl-dev libconfig-dev libhdf5-dev libcriterion-dev \
             librandom123-dev libglpk-dev python3-matplotlib python3-h5py
# make plots and make test-report also need a browser for the report's test.
PLOT_DEB_PKGS := python3-matplotlib python3-h5py chromium
# The Python that has the Debian packages' modules (a pyenv or venv python3 first on
# PATH may not); the plot tests and scripts run under it.
PYTHON    ?= $(firstword $(wildcard /usr/bin/python3) python3)

CC        ?= cc
# MPI=1: the same code built with the MPI compiler wrapper, plus the MPI driver.
MPI_DEB_PKGS := libopenmpi-dev openmpi-bin
MPICC     ?= mpicc
ifdef MPI
CC        := $(MPICC)
CPPFLAGS  += -DCC_MPI
DEB_PKGS  += $(MPI_DEB_PKGS)
endif
OPT       ?= -O2
WARN      := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes \
             -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef \
             -Wformat=2 -Wvla -Wmissing-declarations
WERROR    := $(if $(CI),-Werror)
CPPFLAGS  += -I. -MMD -MP -D_POSIX_C_SOURCE=200809L
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS    += -std=c11 -g $(OPT) -fopenmp $(WARN) $(WERROR) $(PKG_CFLAGS)
# GLPK (model/roster.c) has no pkg-config file on Debian.
LDLIBS    += $(PKG_LIBS) -lglpk -fopenmp -lm

ifdef SANITIZE
BUILD     ?= build$(if $(MPI),-mpi)-san
CFLAGS    += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=$(SANITIZE)
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
else
BUILD     ?= build$(if $(MPI),-mpi)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC   := $(filter-out $(if $(MPI),,sim/mpi_runner.c),$(wildcard model/*.c sim/*.c io/*.c))
CLI_SRC   := $(wildcard cli/*.c)
TEST_SRC  := $(wildcard tests/*.c)
# MPI=1: the MPI benchmark alone (the others are the default build's make bench).
BENCH_SRC := $(if $(MPI),bench/bench_mpi.c,$(filter-out bench/bench.c bench/bench_mpi.c,$(wildcard bench/*.c)))

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
BENCH_HARNESS := $(BUILD)/bench/bench.o

LIB       := $(BUILD)/libccsim.a
CCSIM     := $(BUILD)/ccsim
TESTS     := $(BUILD)/tests/ccsim-tests
DEFAULT_SCENARIO := scenarios/barnet/baseline.cfg

.PHONY: all run test test-mpi bench check deps clean fuzz fuzz-deps plots plot-deps report test-report
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

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BENCH_HARNESS) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# `ccsim report` runs plots/report.py of this source tree with the build's Python.
$(BUILD)/cli/cmd_report.o: CPPFLAGS += -DCC_PLOTS_DIR='"$(abspath plots)"' -DCC_PYTHON='"$(PYTHON)"'

# The benchmarks' own code (the harness and its yardstick) is always optimised the
# same way, whatever OPT the library is built with, so a slower library shows in the
# ratio to the yardstick; the harness records the compiler and the library's flags.
$(BUILD)/bench/%.o: CFLAGS += -O2
$(BENCH_HARNESS): CPPFLAGS += -DCC_BENCH_CC='"$(CC)"' \
                              -DCC_BENCH_FLAGS='"$(OPT)$(if $(SANITIZE), -fsanitize=$(SANITIZE))"'

run: $(CCSIM)
	./$(CCSIM) plan $(DEFAULT_SCENARIO)

# The suite runs from the repository root; end-to-end tests find the CLI via CCSIM.
test: $(TESTS) $(CCSIM)
	CCSIM=./$(CCSIM) PYTHON=$(PYTHON) ./$(TESTS) --jobs 2

# The MPI build's runs against the default build's (tests/mpi/run.sh), under mpirun.
# With SANITIZE both are sanitizer builds; leak detection is off there, as Open MPI
# leaves its own allocations at exit.
test-mpi: $(CCSIM)
	@test -n "$(MPI)" || { echo "make test-mpi: needs MPI=1" >&2; exit 1; }
	$(MAKE) MPI= all
	$(if $(SANITIZE),ASAN_OPTIONS=detect_leaks=0) PYTHON=$(PYTHON) \
	  sh tests/mpi/run.sh $(subst -mpi,,$(BUILD))/ccsim $(CCSIM)

bench: $(BENCH_BIN) $(CCSIM)
	@export CC_COMMIT="$${CC_COMMIT:-$$(git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)}" \
	  BENCH_OUT="$(BENCH_OUT)" BENCH_REPEATS="$(BENCH_REPEATS)" CCSIM=./$(CCSIM) \
	  MPIRUN_FLAGS="--oversubscribe$$( [ "$$(id -u)" = 0 ] && echo ' --allow-run-as-root')"; \
	for b in $(BENCH_BIN); do ./$$b || exit 1; done

check:
	$(MAKE) test
	$(MAKE) SANITIZE=address,undefined test

# Installs whichever of PKGS_TO_INSTALL are missing (deps: the build's; plot-deps: the plots').
deps plot-deps: PKGS_TO_INSTALL = $(if $(filter plot-deps,$@),$(PLOT_DEB_PKGS),$(DEB_PKGS))
deps plot-deps:
	@missing=""; for p in $(PKGS_TO_INSTALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf build build-san build-fuzz build-mpi build-mpi-san

# Plots and the HTML report (README, "Plots and report"): Python 3 scripts reading the results files.
plots: plot-deps $(CCSIM)
	CCSIM=./$(CCSIM) PYTHON=$(PYTHON) sh plots/make_plots.sh $(BUILD)/plots

report: plot-deps $(CCSIM)
	@test -n "$(RESULTS)" || { echo "make report: RESULTS=FILE.h5 is required" >&2; exit 1; }
	./$(CCSIM) report $(RESULTS) --out $(or $(OUT),report.html)

test-report: plot-deps $(CCSIM)
	CCSIM=./$(CCSIM) PYTHON=$(PYTHON) sh plots/test_report.sh $(BUILD)/test-report

# libFuzzer, kept out of `make test` (each run is long). The library and the CLI
# are rebuilt with clang under ASan+UBSan into build-fuzz/; each harness starts from
# its seed corpus in fuzz/corpus/ (copied, so the repository's stays as committed)
# and its dictionary, and stops after FUZZ_TIME seconds or at the first crash,
# leaving the input that crashed in build-fuzz/ (add it to fuzz/corpus/, where
# tests/test_fuzz_corpus.c replays it in every `make test`).
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_BUILD := build-fuzz
FUZZ_CFLAGS = -std=c11 -g -O1 -fopenmp -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=undefined $(PKG_CFLAGS)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(filter-out $(FUZZ_BUILD)/cli/ccsim.o,$(CLI_SRC:%.c=$(FUZZ_BUILD)/%.o))
FUZZERS    := scenario cli history
.SECONDARY: $(FUZZ_LIB_OBJ) $(FUZZERS:%=$(FUZZ_BUILD)/fuzz/fuzz_%.o)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CLANG   $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/fuzz/fuzz_%.o $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(FUZZ_CC) -fopenmp -fsanitize=fuzzer,address,undefined -o $@ $^ $(PKG_LIBS) -lglpk -lm

fuzz: $(FUZZERS:%=$(FUZZ_BUILD)/fuzz_%)
	@for f in $(FUZZERS); do \
	  rm -rf $(FUZZ_BUILD)/corpus-$$f && mkdir -p $(FUZZ_BUILD)/corpus-$$f && \
	  cp fuzz/corpus/$$f/* $(FUZZ_BUILD)/corpus-$$f/ && \
	  echo "fuzz_$$f: $(FUZZ_TIME) s" && \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    $(FUZZ_BUILD)/fuzz_$$f -max_total_time=$(FUZZ_TIME) -timeout=20 -rss_limit_mb=4096 \
	    -max_len=65536 -dict=fuzz/$$f.dict -close_fd_mask=3 \
	    -artifact_prefix=$(CURDIR)/$(FUZZ_BUILD)/ $(CURDIR)/$(FUZZ_BUILD)/corpus-$$f || exit 1; \
	done

fuzz-deps:
	@dpkg-query -W -f='$${Status}' clang 2>/dev/null | grep -q "install ok installed" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang; }

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_BIN:=.d) $(BENCH_HARNESS:.o=.d) $(FUZZ_LIB_OBJ:.o=.d)
