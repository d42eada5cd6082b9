#!/usr/bin/env bash
# Benchmark of the publication stage (on demand, not part of `./autopilot test`):
# 10,000 tables in 50 schemas on an embedded PostgreSQL 17 — first run, converged re-run, naive baseline.
# Figures are printed and written to local/target/publication-benchmark.txt.
#   local/bench/publication.sh [-Dbench.schemas=50 -Dbench.tablesPerSchema=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -ntp -pl local -am test -Dtest=PublicationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DtrimStackTrace=false "$@" | grep -E 'Tests run:|BUILD|ERROR' || true
cat local/target/publication-benchmark.txt
