#!/usr/bin/env python3
"""Time from saving an article to `lectern serve` serving the new page.

Generates a corpus with ../shared/bench/gen_corpus.py (or uses BENCH_DIR),
starts `lectern serve`, then edits one article RUNS times and polls the page
until the edit shows. Prints the median and worst latency, next to the time
of a full `lectern build` of the same corpus.

    scripts/serve-latency.py [N] [RUNS]      (defaults: 1000 articles, 20 edits)
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
BENCH = os.environ.get("BENCH_DIR", "/dev/shm/lectern-latency")
LECTERN = os.path.join(REPO, "target", "release", "lectern")


def corpus():
    site = os.path.join(BENCH, f"site-{N}")
    if not os.path.isdir(os.path.join(site, "articles")):
        os.makedirs(site, exist_ok=True)
        subprocess.run([sys.executable, GENERATOR, "--n", str(N), "--layout", "neutral", site], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(site, "site.toml"), "w") as f:
            f.write('title = "Bench"\nbase_url = "https://example.org/"\n')
    return site


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    site = corpus()
    out = os.path.join(BENCH, f"out-{N}")
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([LECTERN, "build", "--root", site, "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    full = time.perf_counter() - start

    server = subprocess.Popen([LECTERN, "serve", "--port", "0", "--root", site],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            match = re.search(r" at (http://\S+)", line)
            if match:
                base = match.group(1)
                break
        articles = sorted(f for f in os.listdir(os.path.join(site, "articles")) if f.endswith(".md"))
        victim = os.path.join(site, "articles", articles[len(articles) // 2])
        url = base + articles[len(articles) // 2][:-3] + "/"
        original = open(victim).read()
        latencies = []
        for run in range(RUNS):
            marker = f"edit-marker-{run}-{time.time_ns()}"
            start = time.perf_counter()
            with open(victim, "w") as f:
                f.write(original + f"\n\nA new paragraph {marker}.\n")
            while marker not in urllib.request.urlopen(url).read().decode():
                time.sleep(0.001)
            latencies.append(time.perf_counter() - start)
            time.sleep(1.0)  # an author does not save several times a second
        with open(victim, "w") as f:
            f.write(original)
    finally:
        server.terminate()
        server.wait()

    ms = lambda s: f"{s * 1000:.0f} ms"
    print(f"{N} articles: full build {ms(full)}; save to served page: median {ms(statistics.median(latencies))}, "
          f"worst {ms(max(latencies))} over {RUNS} edits")


if __name__ == "__main__":
    main()
