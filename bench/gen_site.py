#!/usr/bin/env python3
"""Generates a static site of N interlinked HTML pages for the benchmark (deterministic)."""
import os
import random
import sys

root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
os.makedirs(os.path.join(root, "p"), exist_ok=True)
filler = " ".join("lorem ipsum dolor sit amet consectetur" for _ in range(40))
for i in range(n):
    links = {(i + 1) % n, (i * 7 + 3) % n} | {rng.randrange(n) for _ in range(4)}
    body = "".join('<li><a href="/p/%d.html">page %d</a></li>' % (j, j) for j in sorted(links))
    html = ("<!doctype html><html><head><meta charset=utf-8><title>Page %d</title>"
            '<link rel="stylesheet" href="/style.css"></head><body><h1>Page %d</h1><p>%s</p>'
            "<ul>%s</ul><form action=/search><input name=q></form></body></html>" % (i, i, filler, body))
    with open(os.path.join(root, "p", "%d.html" % i), "w") as f:
        f.write(html)
with open(os.path.join(root, "index.html"), "w") as f:
    f.write('<!doctype html><html><head><title>bench</title></head><body><a href="/p/0.html">start</a></body></html>')
with open(os.path.join(root, "style.css"), "w") as f:
    f.write("body{font-family:sans-serif}\n")
with open(os.path.join(root, "urls.txt"), "w") as f:
    f.write("/\n" + "".join("/p/%d.html\n" % i for i in range(n)))
