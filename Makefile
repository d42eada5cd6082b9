# What `sam build` runs. Every function in template.yaml has `Metadata: BuildMethod: makefile` and CodeUri `.`,
# so sam build calls `make --makefile ./Makefile build-<LogicalId>` once per function, with ARTIFACTS_DIR set to
# that function's folder under .aws-sam/build/. All functions ship the same package (ProGuard-shrunk, see
# functions/proguard.pro): it is built once, by whichever target runs first, and every target unzips it.
# Sharing works through the build tree: samconfig.toml sets build_in_source = true (sam build runs make in this
# folder, not in a scratch copy), and make rebuilds the zip only when a source is newer than it.
# By hand: make build-InspectFunction ARTIFACTS_DIR=/tmp/inspect

ROOT    := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PACKAGE := $(ROOT)/functions/target/aurora-cdc-functions.zip
SOURCES := $(ROOT)/functions/pom.xml $(ROOT)/functions/proguard.pro $(shell find $(ROOT)/functions/src/main -type f)

build-%: $(PACKAGE)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it; by hand, run make $@ ARTIFACTS_DIR=<folder>" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && unzip -q -o "$(PACKAGE)"

# The deployment package (tests are `./autopilot test`'s job, not the package's).
$(PACKAGE): $(SOURCES)
	cd "$(ROOT)" && ./autopilot package

.DELETE_ON_ERROR:
