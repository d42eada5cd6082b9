#!/usr/bin/env bash
# Cost of one setup run and of a month of hourly drift checks, from the counts in statemachine/*.asl.json and
# the durations measured by local/bench/coldstart.sh. Every input is a variable below: change one, re-run.
#   local/bench/cost.sh
set -euo pipefail

# Public prices (us-east-1, x86), read 2026-11-24.
SFN_PER_TRANSITION=0.000025          # Step Functions Standard: $0.025 per 1,000 state transitions
LAMBDA_PER_GB_SECOND=0.0000166667    # Lambda x86 duration
LAMBDA_PER_REQUEST=0.0000002         # Lambda: $0.20 per 1M requests
METRIC_PER_MONTH=0.30                # CloudWatch custom metric, first 10,000 metrics (then $0.10)
MEMORY_GB=1                          # template Globals MemorySize: 1024

# Setup run (first setup of a cluster, reboot policy immediate, readerReboot rolling): states entered on the
# happy path (statemachine/setup.asl.json): Start, Inspect, Preflight, SecurityGroup, PreflightDeferred (Choice),
# ParameterGroup; then per rebooted instance (the writer, then each reader) Reboot, RebootChoice and POLLS polls of
# AwaitReboot, RebootDone with a WaitForReboot between two polls; then the last decision (Reboot, RebootChoice),
# Publication, Report. Each invocation also makes its own DynamoDB calls (not priced: a few requests per stage at
# $1.25 per million writes on demand).
POLLS=${POLLS:-6}                    # polls per instance: 30 s, then half the time elapsed: a reboot of about 3 minutes
READERS=${READERS:-1}                # readers rebooted one at a time after the writer
INSTANCES=$((1 + READERS))
SETUP_TRANSITIONS=$((10 + INSTANCES * (3 * POLLS + 1)))
SETUP_INVOCATIONS=$((7 + INSTANCES * (POLLS + 1)))
# Billed seconds per setup: measured handler time plus AWS API latency (assumed 0.15 s per call; the
# loopback stub has none) plus the publication stage's database work (assumed 3 s).
SETUP_SECONDS=${SETUP_SECONDS:-12}

# Drift check: ListTaggedClusters, Concurrency, CheckBatches (Map), then per batch of 25 clusters
# CheckControlPlane, CheckDatabases, ReportBatch, then Summarize.
BATCH=25
RUNS_PER_MONTH=730                   # hourly
DRIFT_SECONDS_PER_BATCH=${DRIFT_SECONDS_PER_BATCH:-5.5}   # assumed: describes + 25 databases, 4 at a time
DRIFT_SECONDS_PER_RUN=0.5            # list + summarize
METRICS_PER_CLUSTER=${METRICS_PER_CLUSTER:-1}            # retained WAL of its Materialize slot (slot counts only when unhealthy)

awk -v t="$SETUP_TRANSITIONS" -v i="$SETUP_INVOCATIONS" -v s="$SETUP_SECONDS" -v sfn="$SFN_PER_TRANSITION" \
    -v gbs="$LAMBDA_PER_GB_SECOND" -v req="$LAMBDA_PER_REQUEST" -v mem="$MEMORY_GB" 'BEGIN {
  printf "One setup run: %d state transitions ($%.5f), %d Lambda invocations ($%.7f), %.1f GB-s ($%.5f): $%.4f\n",
    t, t*sfn, i, i*req, s*mem, s*mem*gbs, t*sfn + i*req + s*mem*gbs }'

printf '\n| clusters | transitions/month | Step Functions | Lambda GB-s/month | Lambda | custom metrics | CloudWatch metrics | total/month |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for clusters in 10 100 1000; do
  awk -v n="$clusters" -v b="$BATCH" -v runs="$RUNS_PER_MONTH" -v sb="$DRIFT_SECONDS_PER_BATCH" \
      -v sr="$DRIFT_SECONDS_PER_RUN" -v sfn="$SFN_PER_TRANSITION" -v gbs="$LAMBDA_PER_GB_SECOND" \
      -v req="$LAMBDA_PER_REQUEST" -v mem="$MEMORY_GB" -v mpc="$METRICS_PER_CLUSTER" -v mp="$METRIC_PER_MONTH" 'BEGIN {
    batches = int((n + b - 1) / b)
    transitions = (4 + 3 * batches) * runs
    invocations = (2 + 3 * batches) * runs
    gbseconds = (sr + sb * batches) * mem * runs
    metrics = n * mpc + 6
    metricCost = (metrics <= 10000) ? metrics * mp : 10000 * mp + (metrics - 10000) * 0.10
    sfnCost = transitions * sfn; lambdaCost = gbseconds * gbs + invocations * req
    printf "| %d | %d | $%.2f | %d | $%.2f | %d | $%.2f | $%.2f |\n", n, transitions, sfnCost, gbseconds, lambdaCost,
      metrics, metricCost, sfnCost + lambdaCost + metricCost }'
done
