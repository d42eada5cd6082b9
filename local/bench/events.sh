#!/usr/bin/env bash
# Would AWS Lambda Java Events pay its way for the EventBridge envelopes? Reads the tag change and the scheduled
# event in fresh JVMs (Lambda's flags), as trees (what ships) and as ScheduledEvent (Joda module + detail-type
# mix-in), alternating; prints each run and the medians. See EventEnvelopeBench.
#   local/bench/events.sh [runs, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
./autopilot mvn -B -q -ntp -pl local -am package -Dmaven.test.skip=true -Dproguard.skip -Dnpm.skip=true >/dev/null
./autopilot mvn -B -q -ntp -pl local dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dnpm.skip=true >/dev/null
JAVA="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin/java"
CP="local/target/classes:$(cat local/target/runtime-classpath.txt)"
FLAGS=(-XX:MaxRAM=1g -XX:MaxHeapSize=891289k -XX:MaxMetaspaceSize=104857k -XX:ReservedCodeCacheSize=52428k -XX:+UseSerialGC
       -XX:+TieredCompilation -XX:TieredStopAtLevel=1)
for _ in $(seq "$runs"); do
  for mode in jsonnode events; do
    echo "$mode $("$JAVA" "${FLAGS[@]}" -cp "$CP" com.auroracdc.bench.EventEnvelopeBench "$mode" events/tag-change.json events/scheduled-event.json)"
  done
done | tee target-events.txt
median() { awk -v m="$1" -v c="$2" '$1 == m { print $c }' target-events.txt | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for mode in jsonnode events; do
  echo "$mode median: $(median "$mode" 2) ms wall, $(median "$mode" 3) ms CPU, $(median "$mode" 4) classes"
done
rm -f target-events.txt
