#!/usr/bin/env bash
# AWS calls per setup on the simulator (not part of the test suite): a first setup, then a converged re-run, by
# operation, reads and writes apart.
#   local/bench/calls.sh [default-group|read-availability|...]     (default: read-availability)
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp install -DskipTests -Dproguard.skip >/dev/null
./autopilot mvn -B -q -ntp -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="local/target/classes:functions/target/classes:$(tr ':' '\n' < local/target/bench.classpath | grep -v '/com/auroracdc/functions/' | paste -sd:)"
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
"$JAVA" -Dautopilot.root=. -cp "$CP" com.auroracdc.bench.SetupCallCount "$@" 2>&1 | grep -v -e '^SLF4J' -e '^Picked up'
