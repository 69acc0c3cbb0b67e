# mk/fuzz.mk: hardening targets, included by GNUmakefile.
#
#   make fuzz [FUZZ_TIME=60] [FUZZ=name ...]   libFuzzer harnesses of every parser
#   make fuzz-build                            just build them
#   make check-valgrind [TESTS=...]            the suite with every tool under valgrind
#   make stress                                the long load-with-faults run
#
# Harnesses are tests/fuzz/NAME.c, built with clang (libFuzzer, ASan and
# UBSan) against lib/ compiled the same way in $(FUZZ_BUILD).  Seeds are
# tests/fuzz/corpus/NAME/ (read only); what a run finds goes to
# $(FUZZ_BUILD)/corpus/NAME/, crashes to $(FUZZ_BUILD)/crash/.  An input
# that once crashed is kept in tests/fuzz/regress/NAME/ and replayed by
# tests/97-fuzz.t.

FUZZ_BUILD ?= $(BUILD)-fuzz
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Wall -Wno-unused-parameter -Ilib \
	-DA2_VERSION='"$(VERSION)"' $(FUZZ_SAN) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_ALL   := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ       ?= $(FUZZ_ALL)
FUZZ_BINS  := $(addprefix $(FUZZ_BUILD)/fuzz/,$(FUZZ_ALL))
FUZZ_OBJ   := $(patsubst lib/%.c,$(FUZZ_BUILD)/obj/%.o,$(LIBSRC))
# Harnesses that get back from a2_die() through longjmp leak what the dead
# call held, so leak detection is off for them.
FUZZ_WRAPPED := peps sa_context
# maja_search stubs http_get/http_post, which http.o also defines.
FUZZ_LDFLAGS_maja_search := -Wl,--allow-multiple-definition
FUZZ_LDFLAGS_peps        := -Wl,--wrap=exit
FUZZ_LDFLAGS_sa_context  := -Wl,--wrap=exit

.PHONY: fuzz fuzz-build check-valgrind stress

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: lib/%.c $(LIBHDR) VERSION
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/liba2.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/liba2.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LDFLAGS_$*) \
		$(FUZZ_BUILD)/liba2.a $(LDLIBS)

# One line per harness: executions, new corpus files, crashes.  Fails when
# any harness crashed.
fuzz: fuzz-build
	@fail=0; for f in $(FUZZ); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$f $(FUZZ_BUILD)/crash $(FUZZ_BUILD)/tmp; \
		leak=1; case " $(FUZZ_WRAPPED) " in *" $$f "*) leak=0;; esac; \
		TMPDIR=$(abspath $(FUZZ_BUILD))/tmp ASAN_OPTIONS=detect_leaks=$$leak \
		$(FUZZ_BUILD)/fuzz/$$f -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-detect_leaks=$$leak -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash/$$f- \
			$(FUZZ_BUILD)/corpus/$$f tests/fuzz/corpus/$$f \
			>$(FUZZ_BUILD)/$$f.log 2>&1; rc=$$?; \
		execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_BUILD)/$$f.log); \
		crashes=$$(ls $(FUZZ_BUILD)/crash 2>/dev/null | grep -c "^$$f-"); \
		printf 'fuzz %-12s %10s execs  %3s crash files  exit %s\n' $$f "$${execs:-?}" $$crashes $$rc; \
		[ $$rc = 0 ] || { fail=1; grep -m3 'ERROR\|SUMMARY' $(FUZZ_BUILD)/$$f.log; }; \
	done; \
	rm -rf $(FUZZ_BUILD)/tmp; exit $$fail

# The suite with every tool run under valgrind memcheck: A2_BIN is a dir
# of wrappers (a2 tools call each other and make recipes call them by
# A2_BIN or PATH, so every tool run goes through one).
VALGRIND_BIN := $(BUILD)/valgrind-bin
VALGRIND_CMD := valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--suppressions=$(CURDIR)/tests/valgrind.supp --trace-children=no

$(VALGRIND_BIN)/.stamp: $(BINS) tests/valgrind.supp mk/fuzz.mk
	@mkdir -p $(@D)
	@for t in $(TOOLS); do \
		printf '#!/bin/sh\nexec %s %s "$$@"\n' "$(VALGRIND_CMD)" "$(CURDIR)/$(BUILD)/bin/$$t" \
			>$(@D)/$$t; chmod +x $(@D)/$$t; done
	@touch $@

check-valgrind: all $(VALGRIND_BIN)/.stamp
	@command -v valgrind >/dev/null || { echo "valgrind is missing" >&2; exit 1; }
	A2_BIN=$(CURDIR)/$(VALGRIND_BIN) A2_TOP=$(CURDIR) A2_SAN=0 A2_VALGRIND=1 \
	prove -j$(PROVE_J) $(TESTS)

# Load with faults at full size (tests/98-crash.t and tests/99-load.t run
# a smaller version in make check).
stress: all
	A2_BIN=$(CURDIR)/$(BUILD)/bin A2_TOP=$(CURDIR) A2_STRESS=1 \
	prove -v tests/99-load.t
