#!/usr/bin/env bash
# Builds the deployment package (`mvn package` in functions/: ProGuard keeps our classes and the parts of the
# libraries they reach, see functions/proguard.pro), prints its size and what takes the room, and unzips it
# into functions/target/lambda/ for the cold-start benchmark.
#   local/bench/package.sh   -> functions/target/aurora-cdc-functions.zip and functions/target/lambda/
set -euo pipefail
cd "$(dirname "$0")/../.."
./autopilot mvn -B -q -ntp -f functions/pom.xml clean package -DskipTests
zip=functions/target/aurora-cdc-functions.zip
rm -rf functions/target/lambda && mkdir -p functions/target/lambda && (cd functions/target/lambda && unzip -q ../aurora-cdc-functions.zip)
bytes=$(stat -c %s "$zip")
unzipped=$(du -sb functions/target/lambda | cut -f1)
printf 'aurora-cdc-functions.zip: %s bytes (%.1f MB, %.1f MiB); unzipped %.1f MB\n' "$bytes" \
    "$(echo "$bytes/1000000" | bc -l)" "$(echo "$bytes/1048576" | bc -l)" "$(echo "$unzipped/1000000" | bc -l)"
echo "largest packages (compressed):"
unzip -lv "$zip" | awk 'NR > 3 && $8 ~ /\.class$/ { n = split($8, p, "/"); k = p[1]; for (i = 2; i < n && i < 5; i++) k = k "/" p[i]; s[k] += $3 }
    END { for (k in s) printf "  %8.1f MB  %s\n", s[k] / 1000000, k }' | sort -rn | head -12
