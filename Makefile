# SPDX-License-Identifier: GPL-3.0-or-later
# The front door. `make demo` and `make test` are all a new user needs: each installs
# the missing Debian packages, builds, and then runs the demo or the tests.
.PHONY: all deps build test test-asan test-real-apiserver fuzz bench demo package format format-check clean

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CLANG_FORMAT ?= $(shell command -v clang-format-14 || command -v clang-format)
SOURCES = $(shell git ls-files '*.cpp' '*.h' 2>/dev/null)

all: build

deps:
	@bash packaging/install-deps.sh

build/build.ninja:
	cmake --preset dev

build: deps build/build.ninja
	cmake --build --preset dev -j $(JOBS)

test: build
	ctest --preset dev -j $(JOBS)

# The differential tier: the simulator against a real kube-apiserver (built once per machine into ~/.cache,
# started on free loopback ports, stopped after). See tests/realapiserver/.
test-real-apiserver: build
	bash tests/realapiserver/run.sh

# The benchmark table of tests/bench (speed and memory against the goals, and against kubectl). Takes a few
# minutes; not part of `make test` or CI.
bench: deps build/build.ninja
	cmake --build --preset dev -j $(JOBS) --target bench_all
	./build/tests/bench/bench_table

build-asan/build.ninja:
	cmake --preset asan

test-asan: deps build-asan/build.ninja
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# libFuzzer targets (clang, AddressSanitizer): the parsers of kubeconfigs, relationship files, watch
# streams, cron specs and Go durations, each run for FUZZ_SECONDS from tests/fuzz/corpus.
FUZZ_SECONDS ?= 25
build-fuzz/build.ninja:
	cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		$(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

fuzz: deps build-fuzz/build.ninja
	cmake --build build-fuzz -j $(JOBS)
	bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

demo: build
	./build/bin/volsync-desktop --demo

package: build
	cd build && cpack -G DEB
	@ls -1 build/*.deb

format:
	$(CLANG_FORMAT) -i $(SOURCES)

format-check:
	$(CLANG_FORMAT) --dry-run --Werror $(SOURCES)

clean:
	rm -rf build build-asan build-fuzz
