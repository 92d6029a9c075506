# pg_profiles: PostgreSQL extension (PGXS, C++17) + the profiles-shim HTTP server.
# `make run` and `make test` are the two entry points; see README.md.

# Build with every core: the C++ of the extension, its bitcode and the shim are many files.
# (Sub-makes share the top level's job slots.)
ifeq ($(MAKELEVEL),0)
MAKEFLAGS   += --jobs=$(shell nproc 2>/dev/null || echo 2)
endif

EXTVERSION   = 1.2
MODULE_big   = pg_profiles
OBJS         = $(patsubst %.cpp,%.o,$(sort $(wildcard extension/src/*.cpp)))
MODULEDIR    = extension

# 1.0 is kept exactly as released. Each later version is the previous one plus its changes
# (extension/sql/<version>/*.sql, in name order), and the same changes are its upgrade
# script, so a fresh install and an upgraded one cannot drift apart.
# Only the newest version has a full install script; CREATE EXTENSION ... VERSION of an older
# one goes through the upgrade scripts.
DELTA_1_1    = $(sort $(wildcard extension/sql/1.1/*.sql))
DELTA_1_2    = $(sort $(wildcard extension/sql/1.2/*.sql))
DATA         = extension/pg_profiles.control extension/pg_profiles--1.0.sql
DATA_built   = extension/pg_profiles--1.2.sql extension/pg_profiles--1.0--1.1.sql \
               extension/pg_profiles--1.1--1.2.sql

REGRESS      = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --outputdir=build/regress
$(shell mkdir -p build/regress)

PG_CONFIG   ?= pg_config
PG_CPPFLAGS  = -Iextension/src
PG_CXXFLAGS  = -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
               -Wno-register -fno-omit-frame-pointer -MMD -MP
SHLIB_LINK  += -lstdc++

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

BITCODE_CXXFLAGS += -std=c++17 -Wno-register
# Header dependencies of the C++ objects (written by -MMD).
-include $(OBJS:.o=.d)
EXTRA_CLEAN += $(OBJS:.o=.d)

extension/pg_profiles--1.2.sql: extension/pg_profiles--1.0.sql $(DELTA_1_1) $(DELTA_1_2)
	( echo '-- pg_profiles 1.2: the 1.0 script, then the changes of extension/sql/1.1/ and 1.2/.'; cat $^ ) > $@

extension/pg_profiles--1.0--1.1.sql: $(DELTA_1_1)
	cat $^ > $@

extension/pg_profiles--1.1--1.2.sql: $(DELTA_1_2)
	cat $^ > $@

# `make` builds the extension and the shim; `make install` installs only the extension, so it
# works in any PostgreSQL build environment without the rest of the stack.
.DEFAULT_GOAL := build
ifeq ($(SANITIZE),1)
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
.PHONY: build shim deps cluster run test stop clean-data bench format fuzz
build: all shim

shim:
	$(MAKE) -C shim

clean: clean-shim
clean-shim:
	$(MAKE) -C shim clean

deps:
	@bash scripts/deps.sh

# Packages first, then the build (in parallel inside), then install and start the cluster:
# one step after the other, whatever -j says.
cluster:
	@bash scripts/deps.sh
	@$(MAKE) --no-print-directory build
	@bash scripts/install.sh
	@bash scripts/cluster.sh start

run: cluster
	@bash scripts/run.sh

test: cluster
	@bash scripts/test.sh

stop:
	@bash scripts/cluster.sh stop

clean-data:
	@bash scripts/cluster.sh destroy

bench: cluster
	@bash bench/run.sh

# Unit tests of the extension's pure C++ (no Postgres): CSV writer, value formats, prefix ranges.
EXT_UNIT_SRCS = extension/src/csv_writer.cpp extension/src/formats.cpp extension/src/prefix_range.cpp \
                $(wildcard extension/tests/unit/*.cpp)
build/ext_unit_tests: $(EXT_UNIT_SRCS) $(wildcard extension/src/*.hpp)
	@mkdir -p build
	$(CXX) -std=c++17 -O1 -g -Wall -Wextra -Werror -Iextension/src $(SANITIZE_FLAGS) \
		$(EXT_UNIT_SRCS) -lgtest -lgtest_main -lpthread -o $@
build: build/ext_unit_tests

# libFuzzer targets (fuzz/): make fuzz FUZZ_SECONDS=60
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	clang-format -i extension/src/*.cpp extension/src/*.hpp shim/src/*.cpp shim/src/*.hpp shim/tests/*/*.cpp
