#!/usr/bin/env python3
"""make-ozd-texts.py SAMPLE FOLDER COUNT: COUNT different OZD texts laid out like SAMPLE, for the
import benchmark. Each has its own headline (so its own slug) and its report paragraphs, infobox
items and analysis points in another order; the other parts are the sample's."""
import os, random, sys

sample, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = open(sample, encoding="utf-8").read().split("\n")
report = lines[0:5]
words = "Regierung Gespräche Frieden Wiederaufbau Sicherheit Haushalt Energie Grenzen Koalition Einigung Wahl Reform".split()
os.makedirs(folder, exist_ok=True)
rng = random.Random(7)
for i in range(count):
    paragraphs = report[:-1]
    rng.shuffle(paragraphs)
    headline = f"{' '.join(rng.sample(words, 4))} – Meldung {i + 1}"
    text = [headline] + paragraphs + [report[-1]] + lines[5:]
    with open(os.path.join(folder, f"{i + 1:06d}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(text))
