#!/usr/bin/env bash
# Mutation testing of the repair packages with PIT (issue 11). Not a test; not run by verify or CI.
#   One PIT run per package, one thread, each with the tests that exercise that package quickly (the
#   contract and held-out promise tests, which train and repair several models per run, are left out:
#   mutants only they would reach count as "no coverage", not as survivors). Prints, per package, the
#   mutants PIT generated, the ones no chosen test covers, the ones the tests detected (killed or timed
#   out) and the score detected / covered, PIT's "test strength".
# Usage: bench/mutation.sh [PACKAGE...]   (default: approaches localize search cluster bounds augment)
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(approaches localize search cluster bounds augment)
out=target/pit-reports
for p in "${packages[@]}"; do
  tests="dev.kintsugi.repair.$p.*"
  excluded=()
  case "$p" in
    # LrpHeatmaps is issue 20's (its epsilon-rule stabiliser is being reworked); its test does not pass under
    # PIT's agent here, so it and its class are left out of this run.
    localize) excluded=(-DexcludedClasses=dev.kintsugi.repair.localize.LrpHeatmaps
                        -DexcludedTestClasses=dev.kintsugi.repair.localize.LrpHeatmapsTest)
              tests="$tests,dev.kintsugi.repair.approaches.ApproachReferenceTest,dev.kintsugi.repair.approaches.ArachneTest,dev.kintsugi.repair.approaches.CareTest,dev.kintsugi.repair.approaches.GenMuNNTest,dev.kintsugi.repair.approaches.IRepairInnerReferenceTest,dev.kintsugi.repair.approaches.InnerTest" ;;
    # the masked update (I-Repair, INNER) is exercised by their reference and approach tests; the package has
    # no tests of its own. Not in the default list: `bench/mutation.sh finetune` runs it.
    finetune) tests="dev.kintsugi.repair.approaches.IRepairInnerReferenceTest,dev.kintsugi.repair.approaches.IRepairTest" ;;
    # the linearisation is exercised through REASSURE's reference test, CROWN through VeRe's as well
    bounds) tests="$tests,dev.kintsugi.repair.approaches.ReassureTest,dev.kintsugi.repair.approaches.VereTest" ;;
    # AugMix and the AdaIN style transfer are checked by their own tests and DeepRepair's reference test
    augment) tests="$tests,dev.kintsugi.repair.approaches.DeepRepairTest" ;;
  esac
  echo "== PIT on dev.kintsugi.repair.$p (tests: $tests)"
  ./mvnw -B -q -Pcpu,mutation org.pitest:pitest-maven:mutationCoverage \
      -DtargetClasses="dev.kintsugi.repair.$p.*" -DtargetTests="$tests" \
      -DreportsDirectory="$out/$p" "${excluded[@]}" > "$out-$p.log" 2>&1 || { echo "PIT failed: see $out-$p.log"; exit 1; }
done
/usr/bin/python3 bench/mutation_table.py "$out" "${packages[@]}"
