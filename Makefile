# What `sam build` runs. The layer AutopilotLayer and every function in template.yaml have
# `Metadata: BuildMethod: makefile` and ContentUri/CodeUri `.`, so sam build calls
# `make --makefile ./Makefile build-<LogicalId>` once for each, with ARTIFACTS_DIR set to its folder under .aws-sam/build/.
# The code is built once: one ProGuard-shrunk jar (functions/proguard.pro) holding our classes and the libraries they
# reach. The layer ships it in java/lib/, which Lambda's Java runtime puts on the class path; each function ships only
# the jar's checksum, so a new jar changes every function's code and AutoPublishAlias publishes (and SnapStart
# snapshots) a new version of each, with the new layer. .aws-sam/build then holds one copy of the code, not one per function.
# Sharing works through the build tree: samconfig.toml sets build_in_source = true (sam build runs make in this
# folder, not in a scratch copy), and make rebuilds the jar only when a source is newer than it.
# By hand: make build-AutopilotLayer ARTIFACTS_DIR=/tmp/layer; make build-InspectFunction ARTIFACTS_DIR=/tmp/inspect

ROOT    := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PACKAGE := $(ROOT)/functions/target/aurora-cdc-functions.zip
SOURCES := $(ROOT)/functions/pom.xml $(ROOT)/functions/proguard.pro $(shell find $(ROOT)/functions/src/main -type f)

build-AutopilotLayer: $(PACKAGE) artifacts-dir
	mkdir -p "$(ARTIFACTS_DIR)/java/lib"
	cp -p "$(PACKAGE)" "$(ARTIFACTS_DIR)/java/lib/aurora-cdc-functions.jar"

# The checksum file keeps the jar's modification time: an unchanged jar gives a byte-identical function artifact.
build-%: $(PACKAGE) artifacts-dir
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(dir $(PACKAGE))" && sha256sum "$(notdir $(PACKAGE))" > "$(ARTIFACTS_DIR)/package.sha256"
	touch -r "$(PACKAGE)" "$(ARTIFACTS_DIR)/package.sha256"

artifacts-dir:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it; by hand, run make <target> ARTIFACTS_DIR=<folder>" >&2; exit 2; }

# The deployment package (tests are `./autopilot test`'s job, not the package's).
$(PACKAGE): $(SOURCES)
	cd "$(ROOT)" && ./autopilot package

.PHONY: artifacts-dir
.DELETE_ON_ERROR:
