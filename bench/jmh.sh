#!/usr/bin/env bash
# Micro-benchmarks of per-batch hot paths (JMH). Usage: bench/jmh.sh [JMH options, e.g. -p threads=1,2]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  BatchStepBenchmark "$@"
