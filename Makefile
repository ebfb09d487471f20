# Makefile: builds ./julia (and usr/bin/julia), runs the tests and benchmarks.
#   make          build (installs Debian packages through deps/ when missing and running as root)
#   make test     run every test; ends with "N passed, N failed"
#   make bench    run test/perf (C ratios, image latency)
#   make debug    build with assertions and -fsanitize=address,undefined into build-debug/
#   make demo     precompile the demo package, then load it in a fresh process
include Make.inc

SRCS := $(wildcard src/*.c) $(wildcard src/support/*.c)
OBJS := $(patsubst %.c,$(BUILDDIR)/%.o,$(SRCS))
DEPS := $(OBJS:.o=.d)

all: julia

deps/.installed: deps/install.sh
	@sh deps/install.sh
	@touch $@

$(BUILDDIR)/%.o: %.c deps/.installed
	@mkdir -p $(dir $@)
	$(CC) $(JCFLAGS) $(JCPPFLAGS) $(LLVM_CFLAGS) -Isrc -MMD -MP -c $< -o $@

usr/bin/julia: $(OBJS)
	@mkdir -p usr/bin
	$(CC) $(JLDFLAGS) -o $@ $(OBJS) $(JLIBS)

# the debug binary is separate, so `make debug` never replaces ./julia
usr/bin/julia-debug: $(OBJS)
	@mkdir -p usr/bin
	$(CC) $(JLDFLAGS) -o $@ $(OBJS) $(JLIBS)

julia: usr/bin/julia
	@ln -sf usr/bin/julia julia

debug:
	$(MAKE) BUILDDIR=build-debug OPT=-O0 JCPPFLAGS= SANITIZE="-fsanitize=address,undefined" usr/bin/julia-debug
	@ln -sf usr/bin/julia-debug julia-debug

test: julia
	@sh test/run.sh

bench: julia
	@sh test/perf/run.sh

demo: julia
	./julia test/demo/demo.jl

clean:
	rm -rf $(BUILDDIR) build-debug usr julia julia-debug

.PHONY: all debug test bench clean demo
-include $(DEPS)
