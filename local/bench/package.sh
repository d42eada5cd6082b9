#!/usr/bin/env bash
# Builds the deployment package the way `sam build` does for the functions (CodeUri: functions):
# target/classes at the root + the runtime dependencies in lib/, zipped. Prints its size.
#   local/bench/package.sh            -> functions/target/lambda/ and functions/target/functions-lambda.zip
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp -f functions/pom.xml clean package -DskipTests
./autopilot mvn -B -q -ntp -f functions/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -Dmdep.prependGroupId=true -DoutputDirectory=target/lambda/lib
cp -r functions/target/classes/. functions/target/lambda/
(cd functions/target/lambda && rm -f ../functions-lambda.zip && zip -q -r -X ../functions-lambda.zip .)
bytes=$(stat -c %s functions/target/functions-lambda.zip)
unzipped=$(du -sb functions/target/lambda | cut -f1)
printf 'functions-lambda.zip: %s bytes (%.1f MB, %.1f MiB); unzipped %.1f MB\n' "$bytes" \
    "$(echo "$bytes/1000000" | bc -l)" "$(echo "$bytes/1048576" | bc -l)" "$(echo "$unzipped/1000000" | bc -l)"
echo "largest entries:"
ls -S -l functions/target/lambda/lib | awk 'NR>1 {printf "  %8.1f MB  %s\n", $5/1000000, $9}' | head -12
