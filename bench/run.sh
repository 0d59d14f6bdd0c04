#!/usr/bin/env bash
# make bench: throughput and peak memory of the product beside a baseline measured in the same
# run, on generated data. Prints a table; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
RECORDS=${BENCH_RECORDS:-1000000}
HEAP=${BENCH_HEAP:--Xmx256m}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp_file="$work/cp.txt"
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
CP="$(cat "$cp_file")"

calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# peak resident memory of a command: VmHWM sampled until it exits (it only grows)
peak() {
  "$@" & local pid=$! hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$v" ] && hwm=$v
    sleep 0.05
  done
  wait "$pid"
  echo "$hwm" > "$work/peak"
}

mkdir -p "$work/classes"
javac -d "$work/classes" -cp "$CP" bench/GenerateAlpaca.java bench/JacksonBaseline.java
echo "generating $RECORDS Alpaca records..."
java -cp "$work/classes" GenerateAlpaca "$work/alpaca.jsonl" "$RECORDS"
size=$(stat -c %s "$work/alpaca.jsonl")
echo "input: $RECORDS records, $((size / 1024 / 1024)) MiB"
echo

start=$(date +%s.%N)
peak java $HEAP -cp "$work/classes:$CP" JacksonBaseline "$work/alpaca.jsonl" "$work/baseline.jsonl" > "$work/baseline.out"
base_s=$(calc "$(date +%s.%N) - $start")
base_kb=$(cat "$work/peak")

start=$(date +%s.%N)
LLAMAFARM_HOME="$work/home" JAVA_OPTS="$HEAP" peak bin/llamafarm datasets convert --input "$work/alpaca.jsonl" \
  --from alpaca --to sharegpt --output "$work/product.jsonl" > "$work/product.out"
prod_s=$(calc "$(date +%s.%N) - $start")
prod_kb=$(cat "$work/peak")
job_s=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/product.out" | head -1)

cmp -s "$work/baseline.jsonl" "$work/product.jsonl" && same="identical" || same="DIFFERENT"
printf '%-34s %12s %14s %12s\n' "convert alpaca -> sharegpt" "wall s" "records/s" "peak RSS MiB"
printf '%-34s %12.2f %14.0f %12d\n' "baseline: bare Jackson streaming" "$base_s" "$(calc "$RECORDS / $base_s")" "$((base_kb / 1024))"
printf '%-34s %12.2f %14.0f %12d\n' "llamafarm convert (whole command)" "$prod_s" "$(calc "$RECORDS / $prod_s")" "$((prod_kb / 1024))"
printf '%-34s %12.2f %14.0f\n' "llamafarm convert (the job alone)" "$job_s" "$(calc "$RECORDS / $job_s")"
printf 'ratio (product whole / baseline records/s): %.2f; both ran with %s; outputs %s\n' \
  "$(calc "$base_s / $prod_s")" "$HEAP" "$same"
