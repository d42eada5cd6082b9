#!/usr/bin/env bash
# Cold start per handler (fresh JVM -> construct -> first invocation) against a loopback AWS stub, compared
# with a JVM hello world in the same rounds. Not part of the test suite.
#   local/bench/coldstart.sh [--runs 10] [--prime] [--handlers com.auroracdc.lambda.InspectHandler,...]
# --prime primes each handler before its invocation (what a SnapStart snapshot holds).
# --before functions/target/lambda measures the unzipped package (the layout before the layer) in the same rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
local/bench/package.sh >/dev/null
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true >/dev/null   # local/target/classes: the stub, probe and harness
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
# As Lambda runs it: the layer's java/lib/aurora-cdc-functions.jar on the class path (what sam build makes).
rm -rf functions/target/layer && make -s build-AutopilotLayer ARTIFACTS_DIR="$PWD/functions/target/layer"
"$JAVA" -cp "functions/target/lambda:functions/target/lambda/lib/*:local/target/classes" \
    com.auroracdc.bench.ColdStartBench --package functions/target/layer/java --probe local/target/classes "$@"
