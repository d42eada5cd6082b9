#!/usr/bin/env bash
# Where a cold start's time goes: one fresh JVM (Lambda's flags) times each step of a first invocation
# (Jackson, SDK client build, first call per protocol, TLS) against the loopback AWS stub.
#   local/bench/anatomy.sh [extra JVM flags, e.g. -Xlog:class+load:file=/tmp/classes.txt]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d functions/target/lambda ] || local/bench/package.sh >/dev/null
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true >/dev/null   # local/target/classes: the stub, probe and harness
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
CP="functions/target/lambda:functions/target/lambda/lib/*:local/target/classes"
"$JAVA" -cp "$CP" com.auroracdc.bench.AwsStub > target-stub.out &
stub=$!
trap 'kill $stub; rm -f target-stub.out' EXIT
for _ in $(seq 50); do grep -q AWS_ENDPOINT_URL target-stub.out 2>/dev/null && break; sleep 0.1; done
env -i PATH="$PATH" "$(cat target-stub.out)" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE \
    AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
    JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1" \
    "$JAVA" -XX:MaxRAM=1g -XX:MaxHeapSize=891289k -XX:MaxMetaspaceSize=104857k -XX:ReservedCodeCacheSize=52428k -XX:+UseSerialGC \
    "$@" -cp "$CP" com.auroracdc.bench.StartupAnatomy 2>&1 | grep -v '^Picked up'
