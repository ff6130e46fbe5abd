#!/usr/bin/python3
"""Breaks the repair approaches' cores one at a time in a scratch copy and runs the repair tests on each.

The seven breakages of issue 11 (plus Apricot's two earlier ones, and three added on 2026-12-05), each a
one-line source change; one whose search string is not found exactly once is reported as not applied. For
every breakage the scratch copy is reset to REV (default HEAD), the change applied, and the fast repair tests run;
a breakage is caught when at least one test fails. Not a test: it takes several minutes.
Usage: bench/breakages.py [SCRATCH_DIR [REV [NAME...]]]   (default /tmp/kintsugi-breakages, HEAD, every
breakage; NAME picks the breakages whose name contains it); prints a Markdown table.
"""
import os
import re
import shutil
import subprocess
import sys

A = "src/main/java/dev/kintsugi/repair/approaches/"
BREAKAGES = [
    ("Arachne's fitness ignores the positives", A + "Arachne.java",
     "return score(positives) + alpha * score(negatives);", "return alpha * score(negatives);"),
    ("Arachne without localisation (20 random weights)", A + "Arachne.java",
     'int[] localised = localise(neg, posForLoc, w, b, context.intOption("topByGradient", 0));',
     "int[] localised = new SplittableRandom(context.seed()).ints(0, w.length).distinct().limit(20).toArray();"),
    ("CARE's cost ignores the positives", A + "Care.java",
     "return (1 - alpha) * stillWrong + alpha * (1 - accuracy);", "return (1 - alpha) * stillWrong;"),
    ("CARE takes the first 5 neurons", A + "Care.java",
     "int[] chosen = ParetoFront.top(effect, Math.min(count, effect.length));",
     "int[] chosen = java.util.stream.IntStream.range(0, Math.min(count, effect.length)).toArray();"),
    ("GenMuNN's fitness on the negatives only", A + "GenMuNN.java",
     "return error(all, candidate, b);", "return error(neg, candidate, b);"),
    ("HUDD retrains on the replay only", A + "Hudd.java",
     'Dataset data = FineTuning.withReplay(unsafe, context.train(), context.intOption("replay", 10000),',
     'Dataset data = FineTuning.withReplay(unsafe.subset("none", new int[0]), context.train(), context.intOption("replay", 10000),'),
    ("FSGMix without mixing (λ = 1)", A + "FsgMix.java",
     "double lambda = beta.sample();", "double lambda = 1.0;"),
    # added 2026-12-05 beside the list: the remaining cores of the seven original approaches
    ("GenMuNN mutates the first weights, not the most important", A + "GenMuNN.java",
     'int[] mutated = ParetoFront.top(importance, Math.min(w.length, context.intOption("weights", 100)));',
     'int[] mutated = java.util.stream.IntStream.range(0, Math.min(w.length, context.intOption("weights", 100))).toArray();'),
    ("Apricot adjusts for the inputs the current model gets right", A + "Apricot.java",
     "if (!current.correct(i - from)) {", "if (current.correct(i - from)) {"),
    ("FineTune without the repair split's failures", A + "FineTune.java",
     'Dataset.concat("repair", List.of(context.negatives(),', 'Dataset.concat("repair", List.of('),
    ("Apricot's sign flipped", A + "Apricot.java",
     "w[j] -= (float) (eta * (pc", "w[j] += (float) (eta * (pc"),
    ("Apricot without adjustment", A + "Apricot.java",
     "adjusted += adjust(w, weights, verdicts, i, eta) ? 1 : 0;", "adjusted += 0;"),
]
# The fast repair tests, run for every breakage (FineTune's are the framework's, which use it). Until
# 2026-12-05 Apricot had no fast test and its rows also ran the slow contract and held-out promise tests;
# ApricotTest now stands in for them.
TESTS = "ApproachReferenceTest,ArachneTest,CareTest,GenMuNNTest,FsgMixTest,HuddTest,ApricotTest,FineTuneTest,RepairFrameworkTest"


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, shell=True, capture_output=True, text=True)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scratch = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kintsugi-breakages"
    rev = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
    names = sys.argv[3:]
    if os.path.exists(scratch):
        shutil.rmtree(scratch)
    os.makedirs(scratch)
    run(f"git -C {repo} archive {rev} | tar -x -C {scratch}", repo)
    print("| breakage | caught | failing tests |")
    print("| --- | --- | --- |")
    for name, path, old, new in BREAKAGES:
        if names and not any(n in name for n in names):
            continue
        run(f"git -C {repo} show {rev}:{path} > {scratch}/{path}", repo)
        src = open(os.path.join(scratch, path)).read()
        if src.count(old) != 1:
            print(f"| {name} | not applied: pattern not found once | |")
            continue
        open(os.path.join(scratch, path), "w").write(src.replace(old, new))
        r = run(f"./mvnw -B -o test -Dtest='{TESTS}' -Dsurefire.failIfNoSpecifiedTests=false", scratch)
        out = r.stdout + r.stderr
        if "COMPILATION ERROR" in out:
            print(f"| {name} | does not compile | |")
        else:
            failing = sorted(set(re.findall(r"\[ERROR\]\s+(\w+)\.(\w+)", out)))
            failing = [f"{c}.{m}" for c, m in failing if c.endswith("Test")]
            print(f"| {name} | {'yes' if r.returncode != 0 else 'NO'} | {', '.join(failing)} |", flush=True)
        run(f"git -C {repo} show {rev}:{path} > {scratch}/{path}", repo)


if __name__ == "__main__":
    main()
