#!/usr/bin/env bash
# Cold start per handler (fresh JVM -> construct -> first invocation) against a loopback AWS stub, compared
# with a JVM hello world in the same rounds. Not part of the test suite.
#   local/bench/coldstart.sh [--runs 10] [--prime] [--handlers com.auroracdc.lambda.InspectHandler,...]
# --prime primes each handler before its invocation (what a SnapStart snapshot holds).
set -euo pipefail
cd "$(dirname "$0")/../.."
local/bench/package.sh >/dev/null
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true >/dev/null   # local/target/classes: the stub, probe and harness
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
"$JAVA" -cp "functions/target/lambda:functions/target/lambda/lib/*:local/target/classes" \
    com.auroracdc.bench.ColdStartBench --package functions/target/lambda --probe local/target/classes "$@"
