#!/usr/bin/env python3
"""Same seeds, same tables: compares two `kintsugi study` folders cell by cell on the deterministic fields
(status, ACC of original and fix, RR, NFR, ASR of both, changed values) and prints the cells that differ.
Times and memory are left out: they are not expected to repeat.

Usage: bench/same_cells.py STUDY_A STUDY_B [--skip KEY,KEY]
  --skip leaves fields out, e.g. --skip asrOriginal,asr when the attack's draw changed between the two jars.
"""
import json, glob, os, sys
a, b = sys.argv[1], sys.argv[2]
keys = ['status', 'accOriginal', 'acc', 'rr', 'nfr', 'asrOriginal', 'asr', 'changedValues']
if len(sys.argv) == 5 and sys.argv[3] == '--skip':
    keys = [k for k in keys if k not in sys.argv[4].split(',')]
same = diff = 0
for p in sorted(glob.glob(os.path.join(a, 'cells', '**', '*.json'), recursive=True)):
    q = os.path.join(b, os.path.relpath(p, a))
    if not os.path.exists(q):
        continue
    x, y = json.load(open(p)), json.load(open(q))
    d = [k for k in keys if x.get(k) != y.get(k)]
    if d:
        diff += 1
        print('DIFFERS', os.path.basename(p), {k: (x.get(k), y.get(k)) for k in d})
    else:
        same += 1
print('identical cells:', same, 'differing:', diff)
