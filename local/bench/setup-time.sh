#!/usr/bin/env bash
# Lambda time per setup run on the local end-to-end run (real state machine, real handlers, simulated control
# plane, embedded PostgreSQL): the sum of handler durations, Wait states excluded. Not part of the test suite.
#   local/bench/setup-time.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true >/dev/null
./autopilot mvn -B -q -ntp -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
# functions from this checkout, not from the local Maven repository
CP="local/target/classes:functions/target/classes:$(tr ':' '\n' < local/target/bench.classpath | grep -v '/com/auroracdc/functions/' | paste -sd:)"
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
"$JAVA" -Dautopilot.root=. -cp "$CP" com.auroracdc.bench.SetupRunTime 2>&1 | grep -v -e '^SLF4J' -e '^Picked up'
