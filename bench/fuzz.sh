#!/usr/bin/env bash
# Fuzzes every reader of outside files (dev.kintsugi.ReaderFuzzTest) and the language-model answer parser
# with Jazzer, one target after the other, for a time budget each, and writes a Markdown table of executions
# and findings to stdout and bench/results/fuzz-<date>.md.
#
# A finding is any exception other than KintsugiException (the one-line bad-input error), an out-of-memory
# error or a hang (-timeout). Jazzer stops a target at its first finding and writes the input into the
# target's committed corpus, src/test/resources/dev/kintsugi/ReaderFuzzTestInputs/<target>/crash-*, so that
# plain `mvn test` replays it from then on: fix the reader, keep the file.
#
# Usage: bench/fuzz.sh [--seconds 30] [--targets csv,arff,...] [--seeds]
#   --seconds  fuzzing time per target (default 30)
#   --targets  a subset of the targets below
#   --seeds    first rewrite the valid seed inputs (dev.kintsugi.FuzzSeeds) into src/test/resources
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=30
targets=idxDirectory,csv,arff,imageFolder,splitsDirectory,modelDirectory,onnxImport,inputDeclaration,answer
seeds=
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --seeds) seeds=1; shift ;;
    *) echo "usage: bench/fuzz.sh [--seconds N] [--targets a,b] [--seeds]" >&2; exit 2 ;;
  esac
done

mkdir -p bench/results
logs=$(mktemp -d)
./mvnw -B -q -o test-compile
if [ -n "$seeds" ]; then
  ./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$logs/cp.txt" >/dev/null
  java -cp "target/test-classes:target/classes:$(cat "$logs/cp.txt")" dev.kintsugi.FuzzSeeds src/test/resources
fi

table="| target | seconds | executions | exec/s | findings | result |
| --- | ---: | ---: | ---: | ---: | --- |"
failed=0
for t in ${targets//,/ }; do
  case "$t" in
    answer) class=dev.kintsugi.failures.adapters.AnswerParserFuzzTest
            corpus=src/test/resources/dev/kintsugi/failures/adapters/AnswerParserFuzzTestInputs/answer ;;
    *) class=dev.kintsugi.ReaderFuzzTest; corpus=src/test/resources/dev/kintsugi/ReaderFuzzTestInputs/$t ;;
  esac
  mkdir -p "$corpus"
  before=$(find "$corpus" -name 'crash-*' | wc -l)
  log="$logs/$t.log"
  start=$(date +%s)
  # JAZZER_FUZZ switches @FuzzTest from replaying its corpus to fuzzing. Jazzer's JUnit integration takes
  # libFuzzer flags from the jazzer.internal.arg.N configuration parameters (argument 0 is argv[0]); they
  # come after the annotation's defaults, so they set the budget. -timeout: one input that runs longer is a hang.
  set +e
  JAZZER_FUZZ=1 ./mvnw -B -o surefire:test -Dtest="$class#$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    -Djazzer.internal.arg.2=-timeout=20 -Djazzer.internal.arg.3=-print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  [ -n "$runs" ] || runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  [ -n "$runs" ] || runs=0
  fuzzed=$(grep -aoE 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -oE '[0-9]+ second' | grep -oE '[0-9]+' || true)
  [ -n "$fuzzed" ] || fuzzed=$seconds
  rate=$(( runs / (fuzzed > 0 ? fuzzed : 1) ))
  after=$(find "$corpus" -name 'crash-*' | wc -l)
  findings=$(( after - before ))
  if [ $rc -eq 0 ] && [ $findings -eq 0 ]; then
    result="no finding"
  else
    failed=1
    what=$(grep -aE '^== Java Exception|^==[0-9]+== ERROR|Caused by|timeout after' "$log" | head -1 | cut -c1-120 | tr '|' '/' || true)
    result="FINDING${what:+: $what} (log: $log)"
  fi
  table="$table
| $t | $fuzzed | $runs | $rate | $findings | $result |"
  echo "fuzz: $t: $runs executions in ${fuzzed}s (${took}s with start-up), $findings finding(s)" >&2
done

out="bench/results/fuzz-$(date +%Y%m%d-%H%M%S).md"
{
  echo "Jazzer $(ls ~/.m2/repository/com/code-intelligence/jazzer/ 2>/dev/null | tail -1), ${seconds}s per target, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$table"
} | tee "$out"
echo "logs: $logs" >&2
exit $failed
