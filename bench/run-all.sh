#!/usr/bin/env bash
# Runs every benchmark in turn and regenerates docs/bench (figures, cost model, charts). About an hour
# on 2 cores. The commands are the ones BENCHMARKS.md lists; run them one by one to redo a single figure.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
OUT=docs/bench/data
./mvnw -B -q -o -Pbench -pl bench -am package -DskipTests
CP='bench/target/threadline-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*'
run() { echo "== $* (load $(cut -d' ' -f1-3 /proc/loadavg))"; "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" "$@" --out "$OUT"; }
run dev.threadline.bench.JarSizes
run dev.threadline.bench.CallsPerMessage --customers 100
run dev.threadline.bench.IntakeLatency --runs 5
run dev.threadline.bench.InstanceAge --invocations 20000
run dev.threadline.bench.ColdStart --runs 7
run dev.threadline.bench.EndToEnd --customers 10,50,100,500 --latency-ms 0,50 --runs 3
run dev.threadline.bench.ReplyLoop --customers 20 --replies 200 --warmup 20 --notes 20
run dev.threadline.bench.CaseRetrieval --sizes 1000,10000,100000 --queries 200
"$JAVA" -cp "$CP" dev.threadline.bench.CostModel --in "$OUT"
"$JAVA" -cp "$CP" dev.threadline.bench.Charts --in "$OUT" --charts docs/bench
