#!/usr/bin/python3
"""Per-package mutation scores from PIT's mutations.xml files (bench/mutation.sh writes them)."""
import sys
import xml.etree.ElementTree as ET
from collections import Counter

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def main(root, packages):
    print("| package | mutants | no coverage | covered | detected | survived | score (detected / covered) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for p in packages:
        tree = ET.parse(f"{root}/{p}/mutations.xml")
        status = Counter(m.get("status") for m in tree.getroot().iter("mutation"))
        total = sum(status.values())
        uncovered = status["NO_COVERAGE"]
        covered = total - uncovered
        detected = sum(status[s] for s in DETECTED)
        score = 100.0 * detected / covered if covered else float("nan")
        print(f"| repair.{p} | {total} | {uncovered} | {covered} | {detected} | {status['SURVIVED']} | {score:.1f}% |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
