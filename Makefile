# Two commands on a fresh Debian 12 machine: `make demo` and `make test`.
# Everything else here is a convenience wrapper around CMake.

JOBS      ?= $(shell nproc)
BUILD     ?= build
ASAN      ?= build-asan
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps test-tools build build-asan demo test test-release test-asan bench golden clean

all: build

deps:
	@bash scripts/install-deps.sh

test-tools: deps
	@bash scripts/install-test-tools.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN)/CMakeCache.txt:
	cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DRECPROC_SANITIZE=ON

build-asan: deps $(ASAN)/CMakeCache.txt
	cmake --build $(ASAN) -j $(JOBS)

demo: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target recproc mask_ip
	@bash examples/demo.sh $(BUILD)/recproc

test: test-release test-asan

test-release: build test-tools
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan test-tools
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: build
	cmake -S . -B $(BUILD) -DRECPROC_BUILD_BENCH=ON
	cmake --build $(BUILD) -j $(JOBS)
	bash bench/run.sh $(BUILD)

# Rewrites the golden files of the end-to-end tests from the current binary; review the diff.
golden: build
	RECPROC_UPDATE_GOLDEN=1 bash tests/e2e/run_case.sh --all $(BUILD)/recproc

clean:
	rm -rf $(BUILD) $(ASAN)
