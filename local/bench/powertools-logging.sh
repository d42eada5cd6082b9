#!/usr/bin/env bash
# Would Powertools for AWS Lambda (Java) logging pay its way for the one log line per invocation? A fresh JVM with
# Lambda's flags writes one structured line, after building a Jackson mapper (the functions pay for that anyway):
# the way JsonHandler does it (one Jackson line on stdout: "ours") or through Powertools logging 2.9.0 (SLF4J,
# Log4j2 JsonTemplateLayout with its LambdaJsonLayout.json: "powertools"). Alternating rounds; prints each run
# (wall ms, main-thread CPU ms, classes loaded) and the medians. Its own pom (powertools-logging/pom.xml): nothing
# of it reaches the build or the package.
#   local/bench/powertools-logging.sh [rounds, default 9]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-9}
dir=local/bench/powertools-logging
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./autopilot mvn -B -q -ntp -f "$dir/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
JAVA_BIN="$(./autopilot mvn -v 2>/dev/null | sed -n 's/^Java version: .*, runtime: //p')/bin"
"$JAVA_BIN/javac" -d "$work/classes" -cp "$(cat "$work/cp.txt")" "$dir/LogProbe.java"
cp "$dir/log4j2.xml" "$work/classes/"
FLAGS=(-XX:MaxRAM=1g -XX:MaxHeapSize=891289k -XX:MaxMetaspaceSize=104857k -XX:ReservedCodeCacheSize=52428k -XX:+UseSerialGC
       -XX:+TieredCompilation -XX:TieredStopAtLevel=1)
echo "jars Powertools logging brings: $(tr ':' '\n' < "$work/cp.txt" | xargs du -cb | tail -1 | cut -f1) bytes"
for _ in $(seq "$rounds"); do
  for mode in ours powertools; do
    "$JAVA_BIN/java" "${FLAGS[@]}" -cp "$work/classes:$(cat "$work/cp.txt")" LogProbe "$mode" 2>&1 >/dev/null | tail -1
  done
done | tee "$work/runs.txt"
median() { awk -v m="$1" -v c="$2" '$1 == m { print $c }' "$work/runs.txt" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for mode in ours powertools; do
  echo "$mode median: $(median "$mode" 2) ms wall, $(median "$mode" 3) ms CPU, $(median "$mode" 4) classes"
done
