#!/usr/bin/env python3
"""Builds the fixed dev/test split from judge-eval/parts/*.jsonl (run once; the split is then fixed
in dev.jsonl and test.jsonl and never regenerated with other items). Stratified by label and tag:
within each (label, tag) group, items are ordered by a hash of their id and every 5th goes... 3 of 5
to dev, 2 of 5 to test."""
import glob, hashlib, json, os
here = os.path.dirname(os.path.abspath(__file__))
items = []
for path in sorted(glob.glob(os.path.join(here, "parts", "*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        items += [json.loads(l) for l in f if l.strip()]
groups = {}
for it in items:
    groups.setdefault((it["label"], it["tag"]), []).append(it)
dev, test = [], []
for key in sorted(groups):
    g = sorted(groups[key], key=lambda it: hashlib.sha256(it["id"].encode()).hexdigest())
    for i, it in enumerate(g):
        (dev if i % 5 in (0, 2, 4) else test).append(it)
for name, part in (("dev", dev), ("test", test)):
    part.sort(key=lambda it: it["id"])
    with open(os.path.join(here, name + ".jsonl"), "w", encoding="utf-8") as f:
        for it in part:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    new = sum(1 for it in part if it["label"] == "NEW")
    print(f"{name}: {len(part)} items, {new} NEW")
