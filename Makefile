# A thin front for CMake.  The real build is CMakeLists.txt, which never
# installs packages; only the targets marked (deps) below run
# scripts/deps.sh, which installs the missing Debian packages (or, on a
# system without apt, names them and lets the build be tried).
#   make / make build  build in build/ (RelWithDebInfo), nothing installed
#   make run     (deps) build, open the console; ARGS="..." passes arguments
#   make test    (deps) build and run every test, plain and under ASan+UBSan
#   make deps    (deps) only that
#   make bench   (deps) build optimised and run the benchmarks
#   make fuzz    (deps) build with clang and run each libFuzzer target
#   make install build optimised without the tests (build-install/) and
#                install under PREFIX (DESTDIR honoured)
#   make clean   remove every build directory (build, build-*)
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
INSTALL_BUILD ?= build-install
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_ARGS ?= --output-on-failure

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = playbook config theme sanitize field cliargs template blame import

.PHONY: all deps build run test test-plain test-asan bench fuzz stress install clean

all: build

deps:
	@sh scripts/deps.sh

# The plain build is optimised (-O2 -g): the warnings that need data-flow
# analysis (format-truncation, maybe-uninitialized) are errors too.
$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# deps first, then the build: sequenced by the recipe, not by
# prerequisites, so `make -j` cannot build before installing.
run: deps
	@$(MAKE) --no-print-directory build
	./$(BUILD)/calm $(ARGS)

test-plain: build
	cd $(BUILD) && ctest $(CTEST_ARGS) -j $(JOBS)

test-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCALM_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest $(CTEST_ARGS) -j $(JOBS)

test: deps
	@$(MAKE) --no-print-directory test-plain
	@$(MAKE) --no-print-directory test-asan

bench: deps
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release -DCALM_WERROR=OFF
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	cmake --build $(BENCH_BUILD) --target bench

# The long forms (make test runs the short ones): the crash harness
# with 1,000 SIGKILLs of commands and the console (100), on SQLite and
# on PostgreSQL (a server of its own, tests/pg/lib.sh), three consoles
# and two `calm log` loops for 20 s (5), the CLI writers for 20 s (5),
# verify against live writers for 20 s (5), 1,000 power cuts (100), three
# responders on a PostgreSQL incident with 400 notes and the server down
# 10 s (40 and 2 s), a drill of a 3-hour incident at 60x: three minutes
# (3,600x: 3 s).
stress: build
	CALM=$(CURDIR)/$(BUILD)/calm bash tests/crash/0001-sigkill.sh 1000
	CALM=$(CURDIR)/$(BUILD)/calm CALM_TEST_BACKEND=pg bash tests/crash/0001-sigkill.sh 1000
	CALM=$(CURDIR)/$(BUILD)/calm bash tests/crash/0005-consoles.sh 20
	CALM=$(CURDIR)/$(BUILD)/calm bash tests/crash/0002-writers.sh 20
	CALM=$(CURDIR)/$(BUILD)/calm bash tests/crash/0008-verify-live.sh 20
	CALM_POWERCUT_CUTS=1000 ./$(BUILD)/tests/test-app-powercut
	CALM=$(CURDIR)/$(BUILD)/calm CALM_SOURCE_DIR=$(CURDIR) bash tests/e2e/2101-drill.sh 60
	CALM=$(CURDIR)/$(BUILD)/calm CALM_SOURCE_DIR=$(CURDIR) bash tests/e2e/7001-team-server.sh 400 10

# libFuzzer: each target runs FUZZ_SECONDS on a scratch copy of its seed
# corpus (tests/fuzz/corpus/<target>); a crash fails the run and leaves
# its input in $(FUZZ_BUILD)/crash-<target>-*.
fuzz: deps
	@sh scripts/deps.sh clang libclang-rt-14-dev
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCALM_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) $(addprefix --target fuzz-,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t && \
	  echo "fuzz-$$t: $(FUZZ_SECONDS) s" && \
	  ./$(FUZZ_BUILD)/tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(FUZZ_BUILD)/crash-$$t- -print_final_stats=1 \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/fuzz-$$t.log \
	  || { tail -40 $(FUZZ_BUILD)/fuzz-$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done" $(FUZZ_BUILD)/fuzz-$$t.log | tail -2; \
	done

# Optimised, without the tests (so without cmocka), in its own build
# directory so the prefix compiled in is PREFIX's.  Installs nothing but
# calm: missing libraries are CMake's error, not apt-get's business.
install:
	cmake -S . -B $(INSTALL_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DBUILD_TESTING=OFF -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(INSTALL_BUILD) -j $(JOBS)
	DESTDIR="$(DESTDIR)" cmake --install $(INSTALL_BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD) $(INSTALL_BUILD) build-*
