# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
# Everything else here is a convenience wrapper around CMake.

JOBS      ?= $(shell nproc)
BUILD     ?= build
ASAN      ?= build-asan
FUZZ      ?= build-fuzz
FUZZ_RUNS ?= 2000
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(addsuffix _fuzz,ndjson csv schema expr logs_response azure_names kql pipeline_file)
PREFIX    ?= /usr/local
DESTDIR   ?=
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

# Release builds are profile-guided (PGO=0 turns that off): $(BUILD) first builds an instrumented
# recproc, which runs scripts/pgo-train.sh, then everything is compiled again with the profiles.
# (Both in the same directory: GCC names the profiles of file-local functions after the object
# path.) Training runs again when a source file changes.
PGO       ?= 1
PROFILE   := $(abspath $(BUILD))/pgo-profile
ifeq ($(PGO),1)
TRAINED   := pgo-use
else
TRAINED   := pgo-off
endif
SOURCES   := $(shell find src include -name '*.cc' -o -name '*.h') \
             $(wildcard bench/*.cc bench/*.h CMakeLists.txt */CMakeLists.txt scripts/pgo-train.sh \
                        bench/syslog.schema.json)

.PHONY: all deps test-tools build build-asan build-fuzz demo test test-release test-asan test-fuzz fault \
        fuzz bench golden clean pgo-use pgo-off install package

all: build

deps:
	@bash scripts/install-deps.sh

test-tools: deps
	@bash scripts/install-test-tools.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

$(PROFILE)/trained.stamp: $(SOURCES) | deps
	cmake -S . -B $(BUILD) $(if $(wildcard $(BUILD)/CMakeCache.txt),,$(CMAKE_GEN)) \
	  -DCMAKE_BUILD_TYPE=Release -DRECPROC_BUILD_BENCH=ON -DRECPROC_PGO=generate \
	  -DRECPROC_PGO_DIR=$(PROFILE)
	cmake --build $(BUILD) -j $(JOBS) --target recproc gen_syslog
	rm -rf $(PROFILE)
	bash scripts/pgo-train.sh $(BUILD)
	touch $@

# After training (or an earlier PGO=0 build) the directory is configured otherwise.
pgo-use: $(PROFILE)/trained.stamp
	@grep -q '^RECPROC_PGO:STRING=use' $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DRECPROC_PGO=use -DRECPROC_PGO_DIR=$(PROFILE) -DRECPROC_BUILD_BENCH=OFF
pgo-off: $(BUILD)/CMakeCache.txt
	@grep -q '^RECPROC_PGO:STRING=off' $< || cmake -S . -B $(BUILD) -DRECPROC_PGO=off

build: deps $(TRAINED) $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# recproc, recproc(1), the completions, plugin.h and the Dask runner into $(DESTDIR)$(PREFIX), from
# the Release build. The man target is named so that a missing help2man stops here, clearly.
install: build
	cmake --build $(BUILD) -j $(JOBS) --target man
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

# $(BUILD)/recproc_<version>_<arch>.deb from the Release build (CPack). Depends comes from
# dpkg-shlibdeps; if that fails, from the fixed list in packaging/CMakeLists.txt.
package: build
	cmake --build $(BUILD) -j $(JOBS) --target man
	cd $(BUILD) && { cpack --config CPackConfig.cmake || \
	  cpack --config CPackConfig.cmake -D RECPROC_DEB_FIXED_DEPENDS=ON; }

$(ASAN)/CMakeCache.txt:
	cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DRECPROC_SANITIZE=ON

build-asan: deps $(ASAN)/CMakeCache.txt
	cmake --build $(ASAN) -j $(JOBS)

# libFuzzer needs clang (Debian's clang-14 with libclang-rt-14-dev); its own tree, with ASan+UBSan.
$(FUZZ)/CMakeCache.txt:
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release \
	  -DRECPROC_PGO=off -DRECPROC_SANITIZE=ON -DRECPROC_LIBFUZZER=ON

build-fuzz: deps $(FUZZ)/CMakeCache.txt
	cmake --build $(FUZZ) -j $(JOBS) --target $(FUZZ_TARGETS)

demo: deps $(TRAINED) $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target recproc mask_ip
	@bash examples/demo.sh $(BUILD)/recproc

test: test-release test-asan test-fuzz

test-release: build test-tools
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan test-tools
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# A short fixed number of executions per target (seconds in all); `make fuzz` runs longer.
test-fuzz: build-fuzz
	bash scripts/fuzz.sh $(FUZZ) runs $(FUZZ_RUNS)

fuzz: build-fuzz
	bash scripts/fuzz.sh $(FUZZ) seconds $(FUZZ_SECONDS)

# The full fault matrix: every injection point of every call (make test runs 12 per call).
fault: build
	FAULT_FULL=1 bash tests/fault/fault_matrix.sh $(BUILD)/recproc $(BUILD)/tests/fault/libfault_shim.so .

bench: build
	cmake -S . -B $(BUILD) -DRECPROC_BUILD_BENCH=ON
	cmake --build $(BUILD) -j $(JOBS)
	bash bench/run.sh $(BUILD)

# Rewrites the golden files of the end-to-end tests from the current binary; review the diff.
golden: build
	RECPROC_UPDATE_GOLDEN=1 bash tests/e2e/run_case.sh --all $(BUILD)/recproc

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ)
