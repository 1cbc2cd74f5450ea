# slotgen.mk - GNU Make rules for slotgen, installed as $(datadir)/slotgen/slotgen.mk.
#
#   # Where generated files go; set it before the include. (A comment after a value would
#   # leave spaces in the value: Make keeps them.)
#   SLOTGEN_OUT := gen
#   include $(shell pkg-config --variable=makefile slotgen)
#   app: main.o gen/app.slot.o gen/common.slot.o
#   main.o: gen/app.slot.h
#
# One pattern rule turns SCHEMA_DIR/NAME.yaml into SLOTGEN_OUT/NAME.slot.h and NAME.slot.c in a
# single slotgen run; it also writes SLOTGEN_OUT/NAME.yaml.d, a depfile naming every schema
# read (imports included), which is included below. So after the first build, editing a
# schema regenerates its outputs and those of every schema that imports it.
#
# Variables (set them before the include; each has a default):
#   SLOTGEN         the compiler (default: the slotgen installed beside this file)
#   SLOTGEN_OUT     output directory for generated files (default: .)
#   SLOTGEN_SRC     directory of the schemas (default: .)
#   SLOTGEN_FLAGS   extra options, e.g. -I DIR for imports found elsewhere
#   SLOTGEN_CFLAGS  and SLOTGEN_LIBS: the runtime's flags, from pkg-config when it has them
#
# slotgen leaves an output whose content did not change untouched; Make has no record of
# that (unlike Ninja's restat), so the rule touches both outputs after a successful run to
# keep them newer than the schemas. A failed run writes nothing.

SLOTGEN_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
SLOTGEN        ?= $(abspath $(SLOTGEN_MK_DIR)/../../bin/slotgen)
SLOTGEN_OUT    ?= .
SLOTGEN_SRC    ?= .
SLOTGEN_FLAGS  ?=
SLOTGEN_CFLAGS ?= $(shell pkg-config --cflags slotgen 2>/dev/null)
SLOTGEN_LIBS   ?= $(shell pkg-config --libs slotgen 2>/dev/null)

$(SLOTGEN_OUT)/%.slot.h $(SLOTGEN_OUT)/%.slot.c: $(SLOTGEN_SRC)/%.yaml
	@mkdir -p $(SLOTGEN_OUT)
	$(SLOTGEN) $(SLOTGEN_FLAGS) -o $(SLOTGEN_OUT) -M $(SLOTGEN_OUT)/$*.yaml.d $<
	@touch $(SLOTGEN_OUT)/$*.slot.h $(SLOTGEN_OUT)/$*.slot.c

.PRECIOUS: $(SLOTGEN_OUT)/%.slot.h $(SLOTGEN_OUT)/%.slot.c

# The depfiles' rules must not become the including makefile's default goal.
slotgen_default_goal := $(.DEFAULT_GOAL)
-include $(wildcard $(SLOTGEN_OUT)/*.yaml.d)
.DEFAULT_GOAL := $(slotgen_default_goal)
