#!/usr/bin/env bash
# Mutation testing of the repair packages with PIT (issue 11). Not a test; not run by verify or CI.
#   One PIT run per package, one thread, each with the tests that exercise that package quickly (the
#   contract and held-out promise tests, which train and repair several models per run, are left out:
#   mutants only they would reach count as "no coverage", not as survivors). Prints, per package, the
#   mutants PIT generated, the ones no chosen test covers, the ones the tests detected (killed or timed
#   out) and the score detected / covered, PIT's "test strength".
# Usage: bench/mutation.sh [PACKAGE...]   (default: approaches localize search cluster bounds augment)
#        bench/mutation.sh approaches.CLASS...   (one approach class, e.g. approaches.Arachne, with its own tests)
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("$@")
[ ${#packages[@]} -gt 0 ] || packages=(approaches localize search cluster bounds augment)
out=target/pit-reports
ap=dev.kintsugi.repair.approaches
for p in "${packages[@]}"; do
  tests="dev.kintsugi.repair.$p.*"
  targets="dev.kintsugi.repair.$p.*"
  excluded=()
  case "$p" in
    # One approach class at a time (`bench/mutation.sh approaches.Arachne`): the whole approaches package in
    # one run never finished on the shared 2-core machine. Each class is judged by its reference and approach
    # tests only; the contract and held-out promise tests, which repair with every approach, are left out.
    approaches.*)
      cls=${p#approaches.}
      targets="$ap.$cls,$ap.$cls\$*"
      case "$cls" in
        Arachne|Care|GenMuNN) tests="$ap.ApproachReferenceTest,$ap.${cls}Test" ;;
        Apricot) tests="$ap.ApproachReferenceTest,$ap.ApricotTest" ;;
        FineTune) tests="$ap.FineTuneTest,dev.kintsugi.repair.RepairFrameworkTest" ;;
        IRepair) tests="$ap.IRepairInnerReferenceTest,$ap.IRepairTest" ;;
        Inner) tests="$ap.IRepairInnerReferenceTest,$ap.InnerTest,$ap.InnerFaultCountsTest" ;;
        *) tests="$ap.${cls}Test" ;;
      esac ;;
    # LrpHeatmaps is issue 20's (its epsilon-rule stabiliser is being reworked); its test does not pass under
    # PIT's agent here, so it and its class are left out of this run.
    localize) excluded=(-DexcludedClasses=dev.kintsugi.repair.localize.LrpHeatmaps
                        -DexcludedTestClasses=dev.kintsugi.repair.localize.LrpHeatmapsTest)
              tests="$tests,dev.kintsugi.repair.approaches.ApproachReferenceTest,dev.kintsugi.repair.approaches.ArachneTest,dev.kintsugi.repair.approaches.CareTest,dev.kintsugi.repair.approaches.GenMuNNTest,dev.kintsugi.repair.approaches.IRepairInnerReferenceTest,dev.kintsugi.repair.approaches.InnerTest,dev.kintsugi.repair.approaches.NeuRecoverTest" ;;
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
      -DtargetClasses="$targets" -DtargetTests="$tests" \
      -DreportsDirectory="$out/$p" "${excluded[@]}" > "$out-$p.log" 2>&1 || { echo "PIT failed: see $out-$p.log"; exit 1; }
done
/usr/bin/python3 bench/mutation_table.py "$out" "${packages[@]}"
