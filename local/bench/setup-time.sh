#!/usr/bin/env bash
# Lambda time per setup run on the local end-to-end run (real state machine, real handlers, simulated control
# plane, embedded PostgreSQL): the sum of handler durations, Wait states excluded, with every handler primed as
# SnapStart's beforeCheckpoint primes it (--unprimed: without). Not part of the test suite.
#   local/bench/setup-time.sh [--unprimed]
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true >/dev/null
./autopilot mvn -B -q -ntp -pl local dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
# functions from this checkout, not from the local Maven repository
CP="local/target/classes:functions/target/classes:$(tr ':' '\n' < local/target/bench.classpath | grep -v '/com/auroracdc/functions/' | paste -sd:)"
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
# The priming twins are built as Lambda builds them (no-argument constructor: region and environment from the
# process); priming answers every AWS call offline, so no credentials and no network are used.
env AWS_REGION=us-east-1 DATABASE_FUNCTION_SECURITY_GROUP_ID=sg-0aaaabbbbccccdddd CLUSTER_STATE_TABLE=aurora-cdc-cluster-state \
    SETUP_STATE_MACHINE_ARN=arn:aws:states:us-east-1:123456789012:stateMachine:aurora-cdc-setup \
    "$JAVA" -Dautopilot.root=. -cp "$CP" com.auroracdc.bench.SetupRunTime "$@" 2>&1 | grep -v -e '^SLF4J' -e '^Picked up'
