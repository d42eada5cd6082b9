#!/usr/bin/env bash
# On-demand benchmark of the drift check (not part of `./autopilot test`): N tagged clusters set up by the
# real stages on the simulated control plane, then drift runs with per-call latency and throttling injected.
#   local/bench/drift.sh                                   1,000 clusters, 20 ms/call, 5% throttled, concurrency 10
#   local/bench/drift.sh --concurrency=20 --throttle=0.1   any of: --clusters --concurrency --batch-size
#                                                          --latency-ms --throttle --drifted-percent --max-attempts
#                                                          --runs --task-overhead-ms
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp install -DskipTests >/dev/null
exec ./autopilot mvn -B -q -ntp -pl local -Dnpm.skip=true test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=com.auroracdc.internal.drift.DriftBenchmark -Dexec.args="$*"
