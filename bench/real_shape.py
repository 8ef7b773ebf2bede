#!/usr/bin/env python3
"""Builds a large report of real shape from a report a real tool wrote.

    real_shape.py SOURCE MEGABYTES OUT
    real_shape.py SOURCE COPIESx OUT      (e.g. 10000x: that many copies, whatever the size)

SOURCE is a report under fixtures/ (Cobertura XML, LCOV or istanbul coverage-final.json, as
coverage.py, gcovr, vitest, jest, c8, bun or lcov wrote it). Its file records are repeated,
each copy under its own folder (r0/, r1/, ...), until OUT holds about MEGABYTES: every record
kind, attribute, indentation and key order the tool writes is kept, only the paths differ.
Prints the number of copies; the totals of OUT are that many times the totals of SOURCE.
"""
import json
import re
import sys


def copies_for(unit_bytes, size):
    """`size` is a number of megabytes, or "Nx" for N copies."""
    if isinstance(size, str) and size.endswith("x"):
        return max(1, int(size[:-1]))
    return max(1, (int(size) * 1024 * 1024) // max(1, unit_bytes))


def prefixed(path, k):
    return f"/r{k}{path}" if path.startswith("/") else f"r{k}/{path}"


def cobertura(text, megabytes, out):
    """The <packages> body repeated; class filenames and package names prefixed; the root's
    declared counts scaled so the header still agrees with the records."""
    head_end = text.index("<packages>") + len("<packages>")
    tail_start = text.rindex("</packages>")
    head, body, tail = text[:head_end], text[head_end:tail_start], text[tail_start:]
    n = copies_for(len(body), megabytes)

    def scale(match):
        return f'{match.group(1)}="{int(match.group(2)) * n}"'

    root_end = head.index(">", head.index("<coverage"))
    root = re.sub(r'\b(lines-valid|lines-covered|branches-valid|branches-covered)="(\d+)"',
                  scale, head[:root_end])
    out.write(root + head[root_end:])
    for k in range(n):
        copy = re.sub(r'(<class\b[^>]*?\bfilename=")([^"]*)"',
                      lambda m: f'{m.group(1)}{prefixed(m.group(2), k)}"', body)
        copy = re.sub(r'(<package\b[^>]*?\bname=")([^"]*)"',
                      lambda m: f'{m.group(1)}r{k}.{m.group(2)}"', copy)
        out.write(copy)
    out.write(tail)
    return n


def lcov(text, megabytes, out):
    n = copies_for(len(text), megabytes)
    if not text.endswith("\n"):
        text += "\n"
    for k in range(n):
        out.write(re.sub(r"^SF:(.*)$", lambda m: "SF:" + prefixed(m.group(1), k), text,
                         flags=re.M))
    return n


def istanbul(text, megabytes, out):
    """The top-level entries (path -> file coverage) repeated with their raw text, so the
    writer's spacing and key order stay; the key and the entry's "path" are prefixed."""
    decoder = json.JSONDecoder()
    entries = []
    pos = text.index("{") + 1
    while True:
        while text[pos] in " \t\r\n,":
            pos += 1
        if text[pos] == "}":
            break
        key, pos = decoder.raw_decode(text, pos)
        pos = text.index(":", pos) + 1
        while text[pos] in " \t\r\n":
            pos += 1
        start = pos
        _, pos = decoder.raw_decode(text, pos)
        entries.append((key, text[start:pos]))
    unit = sum(len(key) + len(raw) + 4 for key, raw in entries)
    n = copies_for(unit, megabytes)
    out.write("{")
    first = True
    for k in range(n):
        for key, raw in entries:
            new = prefixed(key, k)
            raw = raw.replace(json.dumps(key), json.dumps(new))
            out.write(("" if first else ",") + json.dumps(new) + ": " + raw)
            first = False
    out.write("}\n")
    return n


def main():
    source, megabytes, target = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(source, encoding="utf-8") as f:
        text = f.read()
    if source.endswith(".xml"):
        build = cobertura
    elif source.endswith(".json"):
        build = istanbul
    else:
        build = lcov
    with open(target, "w", encoding="utf-8") as out:
        print(build(text, megabytes, out))


if __name__ == "__main__":
    main()
