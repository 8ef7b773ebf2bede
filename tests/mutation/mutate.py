#!/usr/bin/env python3
"""The mutants of tests/mutation/mutants.txt: list them, or apply one to a tree.

  mutate.py list MUTANTS                 one line per mutant: name, file, why
  mutate.py apply MUTANTS NAME TREE      replaces the mutant's text in TREE/<file>
  mutate.py check MUTANTS TREE           whether every mutant would apply, changing nothing

A mutant names a file and a piece of its text, which must occur exactly once, and what
replaces it. `apply` exits 3 when the text is not there or is there more than once (the
list went stale: the code changed under it), and 0 once the file holds the mutant.
"""
import sys


def read_mutants(path):
    mutants = []
    current = None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("=="):
                current = {"name": line[2:].strip(), "file": None, "why": "", "old": [],
                           "new": [], "line": number}
                mutants.append(current)
            elif current is None or line.startswith("#") or not line.strip():
                continue
            elif line.startswith("file:"):
                current["file"] = line[5:].strip()
            elif line.startswith("why:"):
                current["why"] = line[4:].strip()
            elif line.startswith("-"):
                current["old"].append(line[2:] if line.startswith("- ") else line[1:])
            elif line.startswith("+"):
                current["new"].append(line[2:] if line.startswith("+ ") else line[1:])
            else:
                sys.exit(f"{path}:{number}: expected '== name', 'file:', 'why:', '- old' or "
                         f"'+ new', found {line!r}")
    names = set()
    for m in mutants:
        if not m["file"] or not m["old"]:
            sys.exit(f"{path}:{m['line']}: mutant {m['name']} needs 'file:' and '- old' lines")
        if m["name"] in names:
            sys.exit(f"{path}:{m['line']}: mutant {m['name']} named twice")
        names.add(m["name"])
    return mutants


def locate(m, tree):
    """The file's text and None, or None and why the mutant does not apply."""
    path = f"{tree}/{m['file']}"
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        return None, f"{m['file']}: cannot read: {e.strerror}"
    old = "\n".join(m["old"])
    count = text.count(old)
    if count != 1:
        where = "not found" if count == 0 else f"found {count} times"
        return None, f"{m['file']}: the text to change is {where}: {old!r}"
    return text, None


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "list":
        for m in read_mutants(sys.argv[2]):
            print(f"{m['name']}\t{m['file']}\t{m['why']}")
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "apply":
        mutants = {m["name"]: m for m in read_mutants(sys.argv[2])}
        m = mutants.get(sys.argv[3])
        if m is None:
            sys.exit(f"no mutant named {sys.argv[3]}")
        text, problem = locate(m, sys.argv[4])
        if problem:
            print(problem)
            return 3
        path = f"{sys.argv[4]}/{m['file']}"
        old = "\n".join(m["old"])
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, "\n".join(m["new"])))
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        stale = 0
        for m in read_mutants(sys.argv[2]):
            _, problem = locate(m, sys.argv[3])
            if problem:
                print(f"{m['name']}: {problem}")
                stale += 1
        return 3 if stale else 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
