# slotgen - a schema compiler from YAML class schemas to compact C structs.
#
#   make            build build/slotgen and build/libslotgen.a
#   make demo       build slotgen, compile schemas/, run the image-cache example (the
#                   __slots__ story, measured, beside CPython)
#   make examples   build and run every example of examples/ (part of check)
#   make check      every test: unit tests under ASan+UBSan and valgrind, golden files,
#                   generated code under gcc/clang/g++, threads under TSan, the examples
#   make bench      benchmarks (not part of check): the runtime, load and save, the compiler
#   make bench-compiler   the compiler section alone (BENCH_SIZES=..., BENCH_RUNS=...)
#   make bench-io   libslotgen-io's load and save rows alone (BENCH_IO_N=..., default 1,000,000)
#   make fuzz       the libFuzzer target for FUZZ_TIME seconds (check runs it for 60)
#   make fuzz-schemas N=... SEED=...   the differential schema fuzzer (a short run is in check)
#
# Outputs go under $(O) (default build/); a sanitizer variant lives in its own O.

O        ?= build
SAN      ?=
CC       ?= cc
PKG      ?= pkg-config

WARN      = -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Wstrict-prototypes \
            -Wmissing-prototypes -Werror
OPT      ?= -O2 -g
SANFLAGS_asan = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SANFLAGS_tsan = -fsanitize=thread
SANFLAGS  = $(SANFLAGS_$(SAN))
CFLAGS   ?=
CPPFLAGS += -MMD -MP
ALLCFLAGS = -std=c11 $(OPT) $(WARN) $(SANFLAGS) $(CFLAGS)
LDFLAGS  += $(SANFLAGS)

YAML_CFLAGS   := $(shell $(PKG) --cflags yaml-0.1 2>/dev/null)
YAML_LIBS     := $(shell $(PKG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
CMOCKA_CFLAGS := $(shell $(PKG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG) --libs cmocka 2>/dev/null || echo -lcmocka)

RT_SRC    := $(filter-out runtime/sgio_%.c,$(wildcard runtime/*.c))
IO_SRC    := $(wildcard runtime/sgio_*.c)
IO_OBJ    := $(IO_SRC:%.c=$(O)/%.o)
YAJL_CFLAGS := $(shell $(PKG) --cflags yajl 2>/dev/null)
YAJL_LIBS   := $(shell $(PKG) --libs yajl 2>/dev/null || echo -lyajl)
IO_LIBS     := $(YAML_LIBS) $(YAJL_LIBS)
SGC_SRC   := $(filter-out compiler/main.c,$(wildcard compiler/*.c))
RT_OBJ    := $(RT_SRC:%.c=$(O)/%.o)
SGC_OBJ   := $(SGC_SRC:%.c=$(O)/%.o)
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/%.c=$(O)/tests/%)

LIBRT     := $(O)/libslotgen.a
LIBIO     := $(O)/libslotgen-io.a
LIBSGC    := $(O)/libsgc.a
SLOTGEN   := $(O)/slotgen

.PHONY: all deps demo check test test-valgrind gen-matrix cli-test reserved-names reserved-table \
        tsan-test tools-test bench bench-compiler clean lint-alloc cli-oom-test
.DEFAULT_GOAL := all

all: $(SLOTGEN) $(LIBRT) $(LIBIO)

# Installs missing system packages (apt-get; sudo when not root).
deps:
	@.ci/install-deps

$(O)/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -pthread -c -o $@ $<

# libslotgen-io (runtime/sgio_*.c, runtime/slotgen-io.h): YAML and JSON load and save, apart
# from libslotgen so that the core runtime depends on nothing (docs/io.md).
$(O)/runtime/sgio_%.o: runtime/sgio_%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(YAML_CFLAGS) $(YAJL_CFLAGS) -pthread -c -o $@ $<

$(LIBIO): $(IO_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# The compiler library: compiler/validate.c (slotgen validate) uses the runtime's and
# libslotgen-io's headers, so slotgen links libslotgen-io, libslotgen, libyaml and yajl.
$(O)/compiler/%.o: compiler/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Iruntime $(YAML_CFLAGS) -c -o $@ $<

$(LIBRT): $(RT_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBSGC): $(SGC_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(SLOTGEN): $(O)/compiler/main.o $(LIBSGC) $(LIBIO) $(LIBRT)
	$(CC) $(LDFLAGS) -o $@ $^ $(IO_LIBS) -pthread -lm

# Runtime tests (tests/test_sg_<module>.c) link the runtime alone; the other
# tests/test_<module>.c link the compiler library and the runtime.
$(O)/tests/test_sg_%: tests/test_sg_%.c $(LIBRT)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Wno-missing-prototypes -Iruntime $(CMOCKA_CFLAGS) -pthread \
	    -o $@ $< $(LIBRT) $(CMOCKA_LIBS) $(LDFLAGS) -lm

$(O)/tests/%: tests/%.c $(LIBSGC) $(LIBIO) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Wno-missing-prototypes -Icompiler -Iruntime $(CMOCKA_CFLAGS) \
	    -DSRCDIR='"$(CURDIR)"' -DBUILDDIR='"$(CURDIR)/$(O)"' -pthread \
	    -o $@ $< $(LIBSGC) $(LIBIO) $(LIBRT) $(IO_LIBS) $(CMOCKA_LIBS) $(LDFLAGS) -lm

# ---- generated code ------------------------------------------------------------------
# Every schema of schemas/ and tests/schemas/ is compiled by slotgen into $(GEN); the
# generated code is built with the strict flags below and used by tests/test_generated.c.

GEN_SCHEMAS := $(sort $(wildcard schemas/*.yaml) $(wildcard tests/schemas/*.yaml))
GEN         := $(O)/gen
GEN_C       := $(patsubst %.yaml,$(GEN)/%.slot.c,$(notdir $(GEN_SCHEMAS)))
STRICT      := -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Wstrict-prototypes \
               -Wmissing-prototypes -Werror
STRICT_CXX  := -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Werror

$(GEN)/stamp: $(SLOTGEN) $(GEN_SCHEMAS)
	@mkdir -p $(GEN)
	$(SLOTGEN) -o $(GEN) $(GEN_SCHEMAS)
	@touch $@

$(GEN_C): $(GEN)/stamp

# test_generated: the test and the generated code built as GNU C17 (so the GNU dialect's
# macros, such as 'linux' and 'unix', are defined) with this variant's flags.
$(O)/tests/test_generated: tests/test_generated.c $(GEN_C) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=gnu17 $(OPT) $(STRICT) $(SANFLAGS) $(CFLAGS) \
	    -Iruntime -I$(GEN) $(CMOCKA_CFLAGS) -o $@ tests/test_generated.c $(GEN_C) $(LIBRT) \
	    $(CMOCKA_LIBS) $(LDFLAGS) -pthread -lm

# test_io: libslotgen-io with every generated class; io_classes.h includes every generated
# header and lists every class, for the round trips.
$(GEN)/io_classes.h: $(GEN)/stamp
	@{ for h in $(GEN_C:.slot.c=.slot.h); do echo "#include \"$$(basename $$h)\""; done; \
	   echo 'static const sg_class *const io_classes[] = {'; \
	   sed -n 's/^extern const sg_class \(.*\);/    \&\1,/p' $(GEN_C:.slot.c=.slot.h); \
	   echo '};'; } >$@

$(O)/tests/test_io: tests/test_io.c $(GEN)/io_classes.h $(GEN_C) $(LIBIO) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Wno-missing-prototypes -Iruntime -I$(GEN) $(CMOCKA_CFLAGS) \
	    -o $@ tests/test_io.c $(GEN_C) $(LIBIO) $(LIBRT) $(IO_LIBS) $(CMOCKA_LIBS) $(LDFLAGS) \
	    -pthread -lm

# test_validate: compiler/validate.c's run-time tables against the generated ones for every
# class of schemas/ and tests/schemas/ (validate_classes.h lists each with its schema), and
# slotgen validate through sgc_compile.
$(GEN)/validate_classes.h: $(GEN)/stamp
	@{ for h in $(GEN_C:.slot.c=.slot.h); do echo "#include \"$$(basename $$h)\""; done; \
	   echo 'static const struct { const char *schema; const sg_class *cls; } gen_classes[] = {'; \
	   for y in $(GEN_SCHEMAS); do \
	       sed -n "s|^extern const sg_class \(.*\);|    {\"$$y\", \&\1},|p" \
	           $(GEN)/$$(basename $$y .yaml).slot.h; done; \
	   echo '};'; } >$@

$(O)/tests/test_validate: tests/test_validate.c $(GEN)/validate_classes.h $(GEN_C) $(LIBSGC) \
                          $(LIBIO) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -Wno-missing-prototypes -Icompiler -Iruntime -I$(GEN) \
	    $(CMOCKA_CFLAGS) -DSRCDIR='"$(CURDIR)"' -pthread -o $@ tests/test_validate.c $(GEN_C) \
	    $(LIBSGC) $(LIBIO) $(LIBRT) $(IO_LIBS) $(CMOCKA_LIBS) $(LDFLAGS) -lm

# run_each PROGRAMS[,COMMAND]: runs each program (under COMMAND when given), stopping at the
# first that fails.
run_each = set -e; for t in $1; do echo "== $(if $2,$(firstword $2) )$$t"; $2 $$t; done
VALGRIND = valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite

# Runs every test program of this variant; stops at the first failing one.
test: $(TEST_BIN) $(SLOTGEN)
	@$(call run_each,$(TEST_BIN))

# The same programs under valgrind (use with an unsanitized O).
test-valgrind: $(TEST_BIN) $(SLOTGEN)
	@$(call run_each,$(TEST_BIN),$(VALGRIND))

# The generated code and test_generated under gcc and clang as C99, C11 and their GNU
# dialects gnu11 and gnu17 (which predefine macros such as 'linux' and 'unix'), and under g++
# and clang++ as C++11 and with their default standard, each built and run; and with each, a
# call of a deprecated accessor must warn (tests/data/gen/deprecated_use.c), and each misuse of
# a macro accessor in tests/data/gen/wrong_type.c (a pointer of another type, a setter through
# a const pointer, an assignment to a getter) must fail to compile, its right use build.
MATRIX := gcc:c99 gcc:c11 gcc:gnu11 gcc:gnu17 clang:c99 clang:c11 clang:gnu11 clang:gnu17 \
          g++:c++11 g++:default clang++:c++11 clang++:default
gen-matrix: $(GEN)/stamp $(LIBRT)
	@set -e; for m in $(MATRIX); do cc=$${m%%:*}; std=$${m#*:}; \
	    case $$cc in *++) flags="$(STRICT_CXX) -x c++";; *) flags="$(STRICT)";; esac; \
	    case $$std in default) stdflag=;; *) stdflag=-std=$$std;; esac; \
	    out=$(O)/matrix/$$cc-$$std; mkdir -p $$out; echo "== generated code: $$cc $$stdflag"; \
	    $$cc $$stdflag -O1 $$flags -Iruntime -I$(GEN) \
	        $(CMOCKA_CFLAGS) -o $$out/test_generated tests/test_generated.c $(GEN_C) \
	        -x none $(LIBRT) $(CMOCKA_LIBS) -pthread -lm; \
	    $$out/test_generated; \
	    $$cc $$stdflag $$flags -Iruntime -I$(GEN) -DNO_DEPRECATED_CALL -c \
	        -o $$out/deprecated.o tests/data/gen/deprecated_use.c; \
	    if $$cc $$stdflag $$flags -Iruntime -I$(GEN) -c -o $$out/deprecated.o \
	        tests/data/gen/deprecated_use.c 2>$$out/deprecated.err; then \
	        echo "a deprecated accessor gave no warning"; exit 1; fi; \
	    grep -q "deprecated" $$out/deprecated.err; \
	    $$cc $$stdflag $$flags -Iruntime -I$(GEN) -c -o $$out/wrong.o tests/data/gen/wrong_type.c; \
	    n=$$(sed -n 's/^#define WRONG_CASES //p' tests/data/gen/wrong_type.c); \
	    for w in $$(seq 1 $$n); do \
	        if $$cc $$stdflag $$flags -Iruntime -I$(GEN) -DWRONG=$$w -c -o $$out/wrong.o \
	            tests/data/gen/wrong_type.c 2>$$out/wrong.err; then \
	            echo "tests/data/gen/wrong_type.c: case $$w compiled: a misuse not rejected"; \
	            exit 1; fi; done; done

# The command line: exit statuses, help, nothing written on error, mtimes kept.
cli-test: $(SLOTGEN)
	tests/cli_test.sh $(SLOTGEN)

# Out of memory at the command line (exit 2, nothing written), under ulimit -v: needs a build
# without sanitizers (O=build), which reserve more address space than any useful limit.
cli-oom-test: $(SLOTGEN)
	tests/cli_oom_test.sh $(SLOTGEN)

# Compiler modules allocate and free only through compiler/mem.h, so that running out of
# memory unwinds cleanly (tests/test_mem.c): no raw malloc & co. outside mem.c and main.c.
RAW_ALLOC := (^|[^_[:alnum:]>.])(malloc|calloc|realloc|strdup|strndup|free|v?asprintf)[[:space:]]*\(
MEM_USERS := $(filter-out compiler/mem.c compiler/main.c,$(wildcard compiler/*.c))
lint-alloc:
	@if grep -nE '$(RAW_ALLOC)' $(MEM_USERS); \
	then echo "lint-alloc: raw allocation in compiler/; use mem_alloc & co. (compiler/mem.h)"; \
	    exit 1; fi

# Rewrites compiler/names_reserved.inc, the names of the C standard headers and slotgen.h in
# every dialect, from this host's gcc, g++, clang and clang++ (see compiler/gen_reserved.py). Run
# it after changing what generated code includes or slotgen.h; review and commit the diff.
reserved-table:
	python3 compiler/gen_reserved.py >compiler/names_reserved.inc.tmp
	mv compiler/names_reserved.inc.tmp compiler/names_reserved.inc

# Every reserved name slotgen knows, as an attribute name: accepted, and the output builds
# (see the script).
reserved-names: $(SLOTGEN)
	tests/reserved_names.sh $(SLOTGEN)

# The threads test under ThreadSanitizer (use with SAN=tsan).
tsan-test: $(O)/tests/test_sg_threads
	$(O)/tests/test_sg_threads

# ---- the README's two commands ---------------------------------------------------------

# The examples (examples/NAME/NAME.c, one program each, see its README) are built against the
# code generated from schemas/. `make examples` builds and runs them all (part of check);
# `make demo` builds slotgen and runs the image-cache example with its CPython side, after
# installing only what that needs (.ci/install-deps --demo: the build, and python3).
EXAMPLE_SRC := examples/image-cache/image_cache.c examples/measurement/measurement.c \
               examples/reflection/reflection.c
EXAMPLES    := $(EXAMPLE_SRC:examples/%.c=$(O)/examples/%) $(O)/examples/hotel/hotel
DEMO_C      := $(patsubst schemas/%.yaml,$(GEN)/%.slot.c,$(wildcard schemas/*.yaml))
IMAGE_CACHE := $(O)/examples/image-cache/image_cache

.PHONY: examples deps-demo

$(O)/examples/%: examples/%.c $(GEN)/stamp $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(OPT) $(STRICT) $(SANFLAGS) -Iruntime -I$(GEN) -o $@ $< $(DEMO_C) $(LIBRT) \
	    $(LDFLAGS) -pthread -lm

# examples/hotel has a schema of its own (language 1.1: a flag set, lists).
HOTEL_GEN := $(O)/examples/hotel/gen

$(HOTEL_GEN)/hotel.slot.c: $(SLOTGEN) examples/hotel/hotel.yaml
	@mkdir -p $(HOTEL_GEN)
	$(SLOTGEN) -o $(HOTEL_GEN) examples/hotel/hotel.yaml

$(O)/examples/hotel/hotel: examples/hotel/hotel.c $(HOTEL_GEN)/hotel.slot.c $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(OPT) $(STRICT) $(SANFLAGS) -Iruntime -I$(HOTEL_GEN) -o $@ $< \
	    $(HOTEL_GEN)/hotel.slot.c $(LIBRT) $(LDFLAGS) -pthread -lm

# examples/photo-feed: libslotgen-io, with a schema of its own, run on its three data files.
PHOTO_GEN  := $(O)/examples/photo-feed/gen
PHOTO_FEED := $(O)/examples/photo-feed/photo_feed

$(PHOTO_GEN)/photo_feed.slot.c: $(SLOTGEN) examples/photo-feed/photo_feed.yaml
	@mkdir -p $(PHOTO_GEN)
	$(SLOTGEN) -o $(PHOTO_GEN) examples/photo-feed/photo_feed.yaml

$(PHOTO_FEED): examples/photo-feed/photo_feed.c $(PHOTO_GEN)/photo_feed.slot.c $(LIBIO) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(OPT) $(STRICT) $(SANFLAGS) -Iruntime -I$(PHOTO_GEN) -o $@ $< \
	    $(PHOTO_GEN)/photo_feed.slot.c $(LIBIO) $(LIBRT) $(IO_LIBS) $(LDFLAGS) -pthread -lm

examples: $(EXAMPLES) $(PHOTO_FEED)
	@set -e; for x in $(EXAMPLES); do echo "== $$x"; \
	    case $$x in */image_cache) $$x examples/image-cache/image_cache.py >$$x.out; \
	        cat $$x.out;; *) $$x;; esac; done
	@echo "== $(IMAGE_CACHE): CPython measured; Python's error for the slotted class"
	@grep -Eq '^  CPython  __slots__ +[0-9]' $(IMAGE_CACHE).out
	@grep -qx "  img.other = True    AttributeError: 'Image' object has no attribute 'other'" \
	    $(IMAGE_CACHE).out
	@echo "== $(O)/examples/hotel/hotel: lists and a flag set printed, the clone deep"
	@$(O)/examples/hotel/hotel | grep -q "tags=\['alpine', 'historic'\], ratings=\[5, 4\]"
	@$(O)/examples/hotel/hotel | grep -q "amenities=Amenity.wifi|pool|spa, rooms=\[Room(number=102"
	@echo "== $(PHOTO_FEED) photos.yaml photos.json bad.yaml (exit 1: bad.yaml has bad objects)"
	@cd examples/photo-feed && { $(CURDIR)/$(PHOTO_FEED) photos.yaml photos.json bad.yaml \
	    >$(CURDIR)/$(PHOTO_FEED).out; echo "exit $$?" >>$(CURDIR)/$(PHOTO_FEED).out; }
	@cat $(PHOTO_FEED).out
	@test "$$(grep -c 'loaded again: equal; saved again: the same bytes' $(PHOTO_FEED).out)" = 3
	@grep -qx "bad.yaml:12:3: error: class 'Photo' has no attribute 'captoin' (did you mean 'caption'?)" \
	    $(PHOTO_FEED).out
	@grep -qx "bad.yaml:21:17: error: attribute 'width' of class 'Size' must be a u16, got '70000'" \
	    $(PHOTO_FEED).out
	@grep -qx '  2 photos loaded, 4 bad ones skipped' $(PHOTO_FEED).out
	@grep -qx 'exit 1' $(PHOTO_FEED).out
	@echo "== $(IMAGE_CACHE) without python3: says so"
	@PATH=/nonexistent $(IMAGE_CACHE) examples/image-cache/image_cache.py | \
	    grep -x 'CPython: not measured (python3 is not installed).'

deps-demo:
	@.ci/install-deps --demo

demo: deps-demo
	@$(MAKE) --no-print-directory $(IMAGE_CACHE)
	@echo "== $(IMAGE_CACHE) examples/image-cache/image_cache.py"
	@$(IMAGE_CACHE) examples/image-cache/image_cache.py
	@echo "More: examples/measurement, examples/reflection (make examples); the layout of"
	@echo "every class: $(SLOTGEN) --layout schemas/image.yaml"

# Every test: no raw allocation in the compiler, unit tests under ASan+UBSan, a minute of
# libFuzzer, again under valgrind, the generated code under every compiler and standard, the
# threads test under TSan, the install, the examples.
check: deps
	@$(MAKE) --no-print-directory lint-alloc
	@$(MAKE) --no-print-directory O=build/asan SAN=asan test cli-test
	@$(MAKE) --no-print-directory fuzz FUZZ_TIME=60
	@$(MAKE) --no-print-directory fuzz-io
	@$(MAKE) --no-print-directory O=build test-valgrind tools-test cli-oom-test bench-test \
	    bench-io-test scale-test
	@$(MAKE) --no-print-directory O=build gen-matrix reserved-names accessor-asm-test
	@$(MAKE) --no-print-directory O=build/tsan SAN=tsan tsan-test
	@$(MAKE) --no-print-directory O=build/asan SAN=asan test-portable
	@$(MAKE) --no-print-directory O=build install-test symbols-test
	@$(MAKE) --no-print-directory O=build examples
	@$(MAKE) --no-print-directory O=build fuzz-schemas N=$(FUZZ_CHECK_N) SEED=$(FUZZ_CHECK_SEED)
	@$(MAKE) --no-print-directory O=build fuzz-regress
	@echo "check: all passed"

clean:
	rm -rf build

-include $(RT_OBJ:.o=.d) $(IO_OBJ:.o=.d) $(SGC_OBJ:.o=.d) $(O)/compiler/main.d $(TEST_BIN:=.d)

# ---- Runtime, portable-values variant --------------------------------------------------------
# The runtime and its tests rebuilt with -DSG_PORTABLE_VALUES (16-byte boxes instead of
# NaN-boxing; see runtime/sg_value.h) under $(O)/portable. `make test-portable` runs them.
RTP_OBJ   := $(RT_SRC:%.c=$(O)/portable/%.o)
RTP_TEST  := $(patsubst tests/%.c,$(O)/portable/tests/%,$(wildcard tests/test_sg_*.c))
LIBRTP    := $(O)/portable/libslotgen.a

.PHONY: test-portable

$(O)/portable/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -DSG_PORTABLE_VALUES -pthread -c -o $@ $<

$(LIBRTP): $(RTP_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/portable/tests/test_sg_%: tests/test_sg_%.c $(LIBRTP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -DSG_PORTABLE_VALUES -Wno-missing-prototypes -Iruntime \
	    $(CMOCKA_CFLAGS) -pthread -o $@ $< $(LIBRTP) $(CMOCKA_LIBS) $(LDFLAGS) -lm

test-portable: $(RTP_TEST)
	@$(call run_each,$(RTP_TEST))

-include $(RTP_OBJ:.o=.d) $(RTP_TEST:=.d)

# ---- install ----------------------------------------------------------------------------
# `make install PREFIX=/usr/local DESTDIR=...` installs the compiler, the runtime (static and
# shared, with a soname), its one public header, libslotgen-io (static and shared, with a
# soname) and slotgen-io.h, the pkg-config modules slotgen and slotgen-io, the CMake package
# (slotgen::runtime, slotgen::io), the Make include file, the man pages (slotgen(1),
# slotgen-schema(5)), the JSON Schema of the schema format and the fields of --layout=json
# (docs/layout.md); `make uninstall` removes exactly those. `make install-test` (part of
# check) runs tests/install/install_test.sh. The shared libraries are built from PIC objects
# under $(O)/pic.

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
INSTALL    ?= install

SG_VERSION := $(shell sed -n 's/^\#define SG_VERSION_STRING "\(.*\)"/\1/p' runtime/slotgen.h)
SG_SOMAJOR := $(shell sed -n 's/^\#define SG_ABI_VERSION \([0-9]*\).*/\1/p' runtime/slotgen.h)
SG_VMAJOR  := $(firstword $(subst ., ,$(SG_VERSION)))
SG_PTRSIZE := $(shell $(CC) -dM -E - </dev/null | sed -n 's/^\#define __SIZEOF_POINTER__ //p')
SONAME     := libslotgen.so.$(SG_SOMAJOR)
LIBSO      := $(O)/pic/libslotgen.so.$(SG_VERSION)
RTPIC_OBJ  := $(RT_SRC:%.c=$(O)/pic/%.o)
# libslotgen-io has the core's version and soname major: the two are released, and change
# ABI, together (slotgen-io.h's types embed the core's).
IO_SONAME  := libslotgen-io.so.$(SG_SOMAJOR)
LIBIOSO    := $(O)/pic/libslotgen-io.so.$(SG_VERSION)
IOPIC_OBJ  := $(IO_SRC:%.c=$(O)/pic/%.o)

# What install puts where, as FROM:TO pairs (TO without $(DESTDIR); no path may hold a ':').
# install and uninstall both read these lists, so adding a file is one edit. Programs get mode
# 755, data 644; a FROM ending in .in is a template whose @NAMES@ sg_subst fills in. A link's
# FROM is what it points to.
SG_CMAKEDIR      := $(LIBDIR)/cmake/slotgen
INSTALL_PROGRAMS := $(SLOTGEN):$(BINDIR)/slotgen \
                    $(LIBSO):$(LIBDIR)/libslotgen.so.$(SG_VERSION) \
                    $(LIBIOSO):$(LIBDIR)/libslotgen-io.so.$(SG_VERSION)
INSTALL_DATA     := runtime/slotgen.h:$(INCLUDEDIR)/slotgen/slotgen.h \
                    runtime/slotgen-io.h:$(INCLUDEDIR)/slotgen/slotgen-io.h \
                    $(LIBRT):$(LIBDIR)/libslotgen.a \
                    $(LIBIO):$(LIBDIR)/libslotgen-io.a \
                    cmake/slotgen.pc.in:$(LIBDIR)/pkgconfig/slotgen.pc \
                    cmake/slotgen-io.pc.in:$(LIBDIR)/pkgconfig/slotgen-io.pc \
                    cmake/slotgenConfig.cmake.in:$(SG_CMAKEDIR)/slotgenConfig.cmake \
                    cmake/slotgenConfigVersion.cmake.in:$(SG_CMAKEDIR)/slotgenConfigVersion.cmake \
                    cmake/slotgen.mk.in:$(DATADIR)/slotgen/slotgen.mk \
                    docs/slotgen.schema.json:$(DATADIR)/slotgen/slotgen.schema.json \
                    docs/layout.md:$(DATADIR)/slotgen/layout.md \
                    docs/slotgen.1:$(MANDIR)/man1/slotgen.1 \
                    docs/slotgen-schema.5:$(MANDIR)/man5/slotgen-schema.5
INSTALL_LINKS    := libslotgen.so.$(SG_VERSION):$(LIBDIR)/$(SONAME) \
                    $(SONAME):$(LIBDIR)/libslotgen.so \
                    libslotgen-io.so.$(SG_VERSION):$(LIBDIR)/$(IO_SONAME) \
                    $(IO_SONAME):$(LIBDIR)/libslotgen-io.so
# The directories that are slotgen's alone: uninstall removes them once empty.
INSTALL_OWN_DIRS := $(INCLUDEDIR)/slotgen $(SG_CMAKEDIR) $(DATADIR)/slotgen

sg_from = $(firstword $(subst :, ,$1))
sg_to   = $(DESTDIR)$(lastword $(subst :, ,$1))
# Every installed path, $(DESTDIR) included: uninstall removes these and nothing else.
INSTALLED := $(foreach f,$(INSTALL_PROGRAMS) $(INSTALL_DATA) $(INSTALL_LINKS),$(call sg_to,$f))

.PHONY: shared install uninstall install-test symbols-test tools-test accessor-asm-test

shared: $(LIBSO) $(LIBIOSO)

$(O)/pic/runtime/%.o: runtime/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -fPIC -fvisibility=hidden -pthread -c -o $@ $<

$(O)/pic/runtime/sgio_%.o: runtime/sgio_%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(YAML_CFLAGS) $(YAJL_CFLAGS) -fPIC -fvisibility=hidden \
	    -pthread -c -o $@ $<

$(LIBSO): $(RTPIC_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ -pthread

# The shared libslotgen-io needs libslotgen.so (by its soname), libyaml and yajl; -z defs
# proves it names every library it uses.
$(LIBIOSO): $(IOPIC_OBJ) $(LIBSO)
	$(CC) -shared -Wl,-soname,$(IO_SONAME) -Wl,-z,defs $(LDFLAGS) -o $@ $(IOPIC_OBJ) $(LIBSO) \
	    $(IO_LIBS) -pthread -lm

# Substitutes the install paths and version into cmake/*.in.
define sg_subst
sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
    -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@VERSION@|$(SG_VERSION)|g' \
    -e 's|@VERSION_MAJOR@|$(SG_VMAJOR)|g' -e 's|@SIZEOF_VOID_P@|$(SG_PTRSIZE)|g' \
    -e 's|@SOMAJOR@|$(SG_SOMAJOR)|g' -e 's|@BINDIR_REL@|$(patsubst $(PREFIX)/%,%,$(BINDIR))|g' \
    -e 's|@LIBDIR_REL@|$(patsubst $(PREFIX)/%,%,$(LIBDIR))|g' \
    -e 's|@INCLUDEDIR_REL@|$(patsubst $(PREFIX)/%,%,$(INCLUDEDIR))|g'
endef

# sg_install MODE FROM:TO and sg_link FROM:TO: one recipe line each (hence the empty line).
define sg_install
$(if $(filter %.in,$(call sg_from,$2)),$(sg_subst) $(call sg_from,$2) >$(call sg_to,$2) && \
    chmod $1 $(call sg_to,$2),$(INSTALL) -m $1 $(call sg_from,$2) $(call sg_to,$2))

endef
define sg_link
ln -sf $(call sg_from,$1) $(call sg_to,$1)

endef

install: $(SLOTGEN) $(LIBRT) $(LIBSO) $(LIBIO) $(LIBIOSO)
	$(INSTALL) -d $(sort $(patsubst %/,%,$(dir $(INSTALLED))))
	$(foreach f,$(INSTALL_PROGRAMS),$(call sg_install,755,$f))
	$(foreach f,$(INSTALL_DATA),$(call sg_install,644,$f))
	$(foreach f,$(INSTALL_LINKS),$(call sg_link,$f))

uninstall:
	rm -f $(INSTALLED)
	@rmdir $(addprefix $(DESTDIR),$(INSTALL_OWN_DIRS)) 2>/dev/null || true

# The shared runtime exports exactly the functions slotgen.h declares, and libslotgen-io.so
# exactly those of slotgen-io.h (all 12 of them; see the script).
# The generated accessors compile to the instructions of a direct member access (objdump),
# with cc and clang.
accessor-asm-test: $(SLOTGEN)
	tests/accessor_asm_test.sh $(SLOTGEN) runtime cc clang

symbols-test: $(LIBSO) $(LIBIOSO)
	tests/symbols_test.sh $(LIBSO) runtime/slotgen.h
	tests/symbols_test.sh $(LIBIOSO) runtime/slotgen-io.h 12

# Memory tools see generated objects and owned strings: a probe built with ASan against this
# (unsanitized) runtime, static and shared, and run under valgrind (tests/tools/tools_test.sh).
tools-test: $(GEN)/stamp $(LIBRT) $(LIBSO) $(SLOTGEN)
	tests/tools/tools_test.sh $(O) "$(CC)" $(LIBSO)

# Installs into a temporary prefix and builds the examples against it (see the script).
install-test: $(SLOTGEN) $(LIBRT) $(LIBSO) $(LIBIO) $(LIBIOSO)
	@tests/install/install_test.sh $(O)

-include $(RTPIC_OBJ:.o=.d) $(IOPIC_OBJ:.o=.d)

# ---- Benchmark (make bench) ---------------------------------------------------------------
# Three sections, one after the other: the runtime, load and save (bench-io, below), the
# compiler. The runtime section: bench/*.c (less the two programs of
# the compiler section) and the code slotgen generates from bench/schemas/bench.yaml (into
# $(BENCH_O)/bench-gen, never committed), built with -O2 and no sanitizer against a runtime
# built in $(BENCH_O) (default build/bench), then run with the CPython side,
# bench/python_bench.py ($(PYTHON), default python3; its columns read n/a without it).
# The compiler section (`make bench-compiler` runs it alone): bench/compiler_bench.py runs
# $(BENCH_O)/slotgen, the libyaml floor (bench/yaml_floor.c), protoc-c and nanopb (when
# installed: .ci/install-deps --bench) on bench/synth_schema.py's schemas, each run through
# bench/rusage_run.c (wait4), into $(BENCH_O)/compiler. BENCH_SIZES=10,1000 BENCH_RUNS=3 ...
# make a quick run. Not part of `make check`. See docs/benchmarks.md.
BENCH_O     ?= build/bench
BENCH_GEN   := $(O)/bench-gen
BENCH_TOOLS := bench/yaml_floor.c bench/rusage_run.c
BENCH_SRC   := $(filter-out $(BENCH_TOOLS),$(wildcard bench/*.c))
PYTHON      ?= python3

.PHONY: bench-build bench-compiler bench-compiler-run bench-test scale-test

bench:
	@$(MAKE) --no-print-directory O=$(BENCH_O) SAN= OPT=-O2 bench-build
	@echo "== $(BENCH_O)/bench/bench bench/python_bench.py: slotgen's memory and speed beside its"
	@echo "   slotted structs and CPython, in one run of a few minutes (progress below, then the report)"
	@$(BENCH_O)/bench/bench bench/python_bench.py
	@$(MAKE) --no-print-directory bench-io
	@$(MAKE) --no-print-directory O=$(BENCH_O) SAN= OPT=-O2 bench-compiler-run

bench-compiler:
	@$(MAKE) --no-print-directory O=$(BENCH_O) SAN= OPT=-O2 bench-compiler-run

# Run with O=$(BENCH_O) by the two targets above.
bench-compiler-run: $(SLOTGEN) $(O)/bench/yaml_floor $(O)/bench/rusage_run
	@echo "== bench/compiler_bench.py: slotgen beside the libyaml parse, protoc-c and nanopb, and the"
	@echo "   cost of compiling their generated code (progress below, then the report)"
	@$(PYTHON) bench/compiler_bench.py --slotgen $(SLOTGEN) --floor $(O)/bench/yaml_floor \
	    --runner $(O)/bench/rusage_run --out $(O)/compiler

bench-build: $(O)/bench/bench $(O)/bench/yaml_floor $(O)/bench/rusage_run $(O)/bench/bench_io

# Part of check: the compiler section's generator, floor, runner and driver on small inputs
# (seconds; protoc-c and nanopb are used when installed, see the script).
bench-test: $(SLOTGEN) $(O)/bench/yaml_floor $(O)/bench/rusage_run
	CC="$(CC)" PYTHON="$(PYTHON)" tests/bench/bench_test.sh $(O)

# Part of check: compiling 20,000 classes costs at most 20 times the CPU of 2,000, both
# measured in the same run, best of 5 (issue 9: no quadratic term comes back unnoticed).
scale-test: $(SLOTGEN) $(O)/bench/rusage_run
	PYTHON="$(PYTHON)" tests/scale_test.sh $(O)

$(O)/bench/yaml_floor: bench/yaml_floor.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(STRICT) $(YAML_CFLAGS) -o $@ $< $(YAML_LIBS)

$(O)/bench/rusage_run: bench/rusage_run.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(STRICT) -o $@ $<


# The load/save rows (issue 11): bench/io/bench_io.c against libslotgen-io, libyaml, libcyaml
# (Debian's libcyaml-dev) and CPython (bench/io/python_io.py); `make bench-io` runs them alone.
# BENCH_IO_N objects (default 1,000,000); the data files go to $(BENCH_O)/bench-io.
CYAML_CFLAGS := $(shell $(PKG) --cflags libcyaml 2>/dev/null)
CYAML_LIBS   := $(shell $(PKG) --libs libcyaml 2>/dev/null || echo -lcyaml)

$(BENCH_GEN)/io-stamp: $(SLOTGEN) bench/schemas/io.yaml
	@mkdir -p $(BENCH_GEN)
	$(SLOTGEN) -o $(BENCH_GEN) bench/schemas/io.yaml
	@touch $@

$(O)/bench/bench_io: bench/io/bench_io.c $(BENCH_GEN)/io-stamp $(LIBIO) $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(STRICT) -Wno-missing-field-initializers -Iruntime -I$(BENCH_GEN) \
	    $(CYAML_CFLAGS) $(YAML_CFLAGS) -o $@ bench/io/bench_io.c $(BENCH_GEN)/io.slot.c $(LIBIO) \
	    $(LIBRT) $(CYAML_LIBS) $(IO_LIBS) -pthread -lm

# Part of check: the same program end to end on BENCH_IO_TEST_N objects, so that a broken bench
# shows before `make bench` does (bench_io itself fails when a load finds another count of
# objects than it saved, or any phase fails); every row must be printed.
BENCH_IO_TEST_N ?= 3000
BENCH_IO_ROWS   := 'load YAML (slotgen-io)' 'load YAML (libcyaml)' 'load JSON (slotgen-io)' \
                   'save YAML (slotgen-io)' 'save JSON (slotgen-io)' 'streaming growth per object'

.PHONY: bench-io bench-io-test
bench-io-test: $(O)/bench/bench_io
	@rm -rf $(O)/bench-io-test && mkdir -p $(O)/bench-io-test
	@BENCH_IO_N=$(BENCH_IO_TEST_N) $(O)/bench/bench_io bench/io/python_io.py $(O)/bench-io-test \
	    > $(O)/bench-io-test/report 2> $(O)/bench-io-test/progress || \
	    { cat $(O)/bench-io-test/progress $(O)/bench-io-test/report; \
	      echo "bench-io-test: bench_io failed"; exit 1; }
	@for row in $(BENCH_IO_ROWS); do \
	    grep -qF "$$row" $(O)/bench-io-test/report || \
	    { cat $(O)/bench-io-test/report; echo "bench-io-test: no row '$$row'"; exit 1; }; done
	@echo "bench-io-test: ok ($(BENCH_IO_TEST_N) objects, every row printed)"
	@rm -rf $(O)/bench-io-test

bench-io:
	@$(MAKE) --no-print-directory O=$(BENCH_O) SAN= OPT=-O2 $(BENCH_O)/bench/bench_io
	@mkdir -p $(BENCH_O)/bench-io
	$(BENCH_O)/bench/bench_io bench/io/python_io.py $(BENCH_O)/bench-io

$(BENCH_GEN)/stamp: $(SLOTGEN) bench/schemas/bench.yaml
	@mkdir -p $(BENCH_GEN)
	$(SLOTGEN) -o $(BENCH_GEN) bench/schemas/bench.yaml
	@touch $@

# GLib, when pkg-config finds it, gives delete its baseline (g_hash_table_remove).
GLIB_CFLAGS := $(shell $(PKG) --cflags glib-2.0 2>/dev/null)
GLIB_LIBS   := $(shell $(PKG) --libs glib-2.0 2>/dev/null)
BENCH_GLIB  := $(if $(GLIB_LIBS),-DBENCH_GLIB)

$(O)/bench/bench: $(BENCH_SRC) bench/bench.h $(BENCH_GEN)/stamp $(LIBRT)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 $(STRICT) -D_POSIX_C_SOURCE=200809L $(BENCH_GLIB) -Iruntime \
	    -I$(BENCH_GEN) $(GLIB_CFLAGS) -o $@ $(BENCH_SRC) $(BENCH_GEN)/bench.slot.c $(LIBRT) \
	    $(GLIB_LIBS) -pthread -lm

# ---- libFuzzer (make fuzz) ----------------------------------------------------------------
# tests/fuzz_sgc.c (bytes in, the whole compiler in memory) built with clang -fsanitize=fuzzer
# plus ASan and UBSan under $(FUZZ_O), seeded from every schema of the repository (and
# importer + imported pairs joined with the target's "#@file" split line), with the
# dictionary tests/fuzz_sgc.dict. `make fuzz FUZZ_TIME=600` runs it that many seconds (one
# process); the corpus it grows stays in $(FUZZ_O)/corpus, crashes land in $(FUZZ_O)/ (minimize
# them with -minimize_crash=1 and keep them in tests/data/libfuzzer/, which tests/test_fuzz.c
# replays). `make check` runs it for a minute: without clang's libFuzzer the build fails.
FUZZ_O     ?= build/fuzz
FUZZ_TIME  ?= 600
FUZZ_FLAGS ?= -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_SEED_DIRS := schemas tests/schemas tests/data/good tests/data/bad tests/data/fuzz \
                  tests/data/libfuzzer bench/schemas examples
FUZZ_PAIRS := tests/schemas/app.yaml:tests/schemas/common.yaml \
              examples/make-project/schemas/shapes.yaml:examples/make-project/schemas/geometry.yaml
SANFLAGS_fuzz = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-io

# tests/fuzz_io.c: libslotgen-io's YAML and JSON loaders (and the round trip of whatever loads)
# under libFuzzer, ASan and UBSan, seeded from tests/data/fuzz_io/; `make fuzz-io
# FUZZ_IO_TIME=600`; check runs it for FUZZ_IO_TIME (default 30) seconds.
FUZZ_IO_TIME ?= 30
fuzz-io:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) SAN=fuzz CC=clang OPT='-O1 -g' $(FUZZ_O)/fuzz_io
	@mkdir -p $(FUZZ_O)/corpus-io
	$(FUZZ_O)/fuzz_io -max_total_time=$(FUZZ_IO_TIME) $(FUZZ_FLAGS) \
	    -artifact_prefix=$(FUZZ_O)/io- $(FUZZ_O)/corpus-io tests/data/fuzz_io

$(O)/fuzz_io: tests/fuzz_io.c $(GEN)/stamp $(LIBIO) $(LIBRT)
	$(CC) $(ALLCFLAGS) -Iruntime -I$(GEN) -fsanitize=fuzzer -o $@ $< $(GEN)/kitchen.slot.c \
	    $(GEN)/image.slot.c $(GEN)/lists.slot.c $(GEN)/flags.slot.c $(LIBIO) $(LIBRT) $(IO_LIBS) $(LDFLAGS) -pthread -lm

fuzz:
	@$(MAKE) --no-print-directory O=$(FUZZ_O) SAN=fuzz CC=clang OPT='-O1 -g' fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_O)/corpus
	$(FUZZ_O)/fuzz_sgc -dict=tests/fuzz_sgc.dict -max_total_time=$(FUZZ_TIME) $(FUZZ_FLAGS) \
	    -artifact_prefix=$(FUZZ_O)/ $(FUZZ_O)/corpus $(FUZZ_O)/seeds

fuzz-build: $(O)/fuzz_sgc

$(O)/fuzz_sgc: tests/fuzz_sgc.c $(LIBSGC) $(LIBIO) $(LIBRT)
	$(CC) $(ALLCFLAGS) -Icompiler -fsanitize=fuzzer -o $@ $< $(LIBSGC) $(LIBIO) $(LIBRT) \
	    $(IO_LIBS) $(LDFLAGS) -pthread -lm

# Every schema file of $(FUZZ_SEED_DIRS), flattened, and each $(FUZZ_PAIRS) importer with its
# import renamed b.yaml, the split line, then the imported file.
fuzz-seeds:
	@rm -rf $(O)/seeds && mkdir -p $(O)/seeds
	@find $(FUZZ_SEED_DIRS) -type f \( -name '*.yaml' -o -path 'tests/data/libfuzzer/*' \) | \
	    while read -r f; do cp "$$f" "$(O)/seeds/$$(echo "$$f" | tr / _)"; done
	@for p in $(FUZZ_PAIRS); do a=$${p%%:*}; b=$${p#*:}; \
	    { sed "s|$$(basename $$b)|b.yaml|" $$a; echo '#@file'; cat $$b; } \
	        >"$(O)/seeds/pair_$$(basename $$a)"; done

# ---- Differential schema fuzzer (make fuzz-schemas N=... SEED=...) -------------------------
# tests/fuzz_schemas.c writes N random valid schemas (batches of FUZZ_PER, which import each
# other) and a test program per batch; tests/fuzz_batch.sh runs $(SLOTGEN) on each batch and
# requires either a located error or code that compiles warning-free under gcc and clang as
# c99, c11, gnu11, gnu17 and g++ as c++11 and its default, and a test program that runs clean
# under ASan+UBSan. `make check` runs FUZZ_CHECK_N schemas of a fixed seed and the regression
# cases of tests/data/fuzz/ (see its README). Each test program also round-trips every class's
# object through libslotgen-io (save YAML and JSON, load, T_equal, save again: same bytes), so
# fuzz-asan-lib builds the ASan libslotgen-io too. The fuzzer leaves out the hazard categories
# listed in tests/data/fuzz/AVOID.
N               ?= 1000
SEED            ?= 1
FUZZ_JOBS       ?= 2
FUZZ_PER        ?= 25
FUZZ_CHECK_N    ?= 300
FUZZ_CHECK_SEED ?= 20261130
FUZZ_AVOID      := $(shell sed 's/\#.*//' tests/data/fuzz/AVOID 2>/dev/null)

.PHONY: fuzz-schemas fuzz-regress fuzz-asan-lib

fuzz-asan-lib:
	@$(MAKE) --no-print-directory O=build/asan SAN=asan build/asan/libslotgen.a \
	    build/asan/libslotgen-io.a

fuzz-schemas: $(O)/tests/fuzz_schemas $(SLOTGEN) fuzz-asan-lib
	tests/fuzz_schemas.sh $(O) $(N) $(SEED) $(FUZZ_JOBS) $(FUZZ_PER) $(FUZZ_AVOID)

# Every regression case passes, except those listed in tests/data/fuzz/XFAIL, which must
# still fail (so the list cannot rot: a fixed case fails this target until it is unlisted).
fuzz-regress: $(SLOTGEN) fuzz-asan-lib
	tests/fuzz_regress.sh $(O)
