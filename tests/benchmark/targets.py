#!/usr/bin/env python3
"""The speed targets of issue 11, checked against one run's figures.

    python3 tests/benchmark/targets.py FIGURES.tsv

FIGURES.tsv is what run.sh writes next to its tables, unrounded: one scenario a line (name,
requests/s, p50 ms, p99 ms, nginx requests/s, % of nginx, non-2xx), then "creates" (creates/s,
p50, p99, and the failed ones in the last column) and "memory" (MiB resident after the runs).
Prints a table of each target, what this run measured and whether it met it, then the line
"N of M targets met in this run". The targets hold at 100,000 articles; run.sh asks only then.
The hot single URL's target ("does not get worse") compares runs: its figure is printed, the
comparison is the README's table.
"""
import sys


def main(path):
    figures = {}
    for line in open(path, encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        figures[cells[0]] = cells[1:]

    def scenario(prefix):
        return next((cells for name, cells in figures.items() if name.startswith(prefix)), None)

    checks = []  # (target, what this run measured, met: True, False, or None for "compare")
    if uniform := scenario("a random article (uniform)"):
        ratio, p99 = float(uniform[4]), float(uniform[2])
        checks.append(("a random article (uniform): ≥ 50 % of nginx, p99 ≤ 10 ms",
                       f"{ratio:.2f} %, p99 {p99} ms", ratio >= 50 and p99 <= 10))
    if zipf := scenario("a random article (Zipf"):
        ratio = float(zipf[4])
        checks.append(("a random article (Zipf, s = 1.1): ≥ 80 % of nginx", f"{ratio:.2f} %", ratio >= 80))
    if search := scenario("search, every article matches"):
        p99 = float(search[2])
        checks.append(("a search matching every article: p99 ≤ 50 ms", f"{float(search[0]):.0f}/s, p99 {p99} ms", p99 <= 50))
    if creates := figures.get("creates"):
        rate, p99, failed = float(creates[0]), float(creates[2]), int(creates[5] or 0)
        checks.append(("creates through HTTP, 8 writers, durability on: ≥ 300/s, p99 ≤ 50 ms, none failed",
                       f"{rate:.2f}/s, p99 {p99} ms, {failed} failed", rate >= 300 and p99 <= 50 and failed == 0))
    if memory := figures.get("memory"):
        rss = int(memory[0])
        checks.append(("service memory after the runs: ≤ 512 MiB resident", f"{rss} MiB", rss <= 512))
    if hot := scenario("one article, the same URL every time"):
        checks.append(("one hot URL: not worse than before (compare README's table)",
                       f"{float(hot[4]):.2f} % of nginx, p99 {hot[2]} ms", None))

    print("| target (issue 11, at 100,000 articles) | this run | met |")
    print("|---|---|---|")
    for target, measured, met in checks:
        print(f"| {target} | {measured} | {'compare' if met is None else 'yes' if met else '**no**'} |")
    judged = [met for _, _, met in checks if met is not None]
    print()
    print(f"{sum(judged)} of {len(judged)} targets met in this run.")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
