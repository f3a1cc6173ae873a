#!/usr/bin/env python3
"""Time from saving a file to `lectern serve` serving the new page.

Generates a corpus with ../shared/bench/gen_corpus.py (or uses BENCH_DIR),
adds a glossary article to it, starts `lectern serve`, then makes five
kinds of edit, RUNS times each, polling the page until the edit shows:

  body      a paragraph appended to an article (its page, the pages it links to)
  middle    a paragraph put after an article's first, moving its headings and
            questions (and the warnings about them) down
  title     an article's title changed (every listing that shows it)
  heading   a section heading put after an article's first paragraph, giving
            its page one more or one fewer section (and search document)
  glossary  a glossary definition changed (every page using the term)

After each kind, the pages that depend on the edited file (every page
that links to it, or for the glossary every page using the term, and a
sample of the others) are compared with a full `lectern build` of the
same files: they must be byte for byte the same. Prints the median and
worst latency per kind, next to the time of a full build.

    scripts/serve-latency.py [N] [RUNS]      (defaults: 1000 articles, 10 edits)

LECTERN=path/to/lectern times that binary instead of building this one;
KINDS="title glossary" times only those kinds of edit.
"""
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
BENCH = os.environ.get("BENCH_DIR", "/dev/shm/lectern-latency")
KINDS = os.environ.get("KINDS", "body middle title heading glossary").split()
LECTERN = os.environ.get("LECTERN", os.path.join(REPO, "target", "release", "lectern"))
GLOSSARY = "glossary-of-terms.md"
TERM = "erector spinae"
LIVE_RELOAD = re.compile(rb'<script src="[^"]*__lectern/live-reload\.js"[^>]*></script>')


def corpus():
    site = os.path.join(BENCH, f"site-{N}")
    if not os.path.isdir(os.path.join(site, "articles")):
        os.makedirs(site, exist_ok=True)
        subprocess.run([sys.executable, GENERATOR, "--n", str(N), "--layout", "neutral", site], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(site, "site.toml"), "w") as f:
            f.write('title = "Bench"\nbase_url = "https://example.org/"\n')
    with open(os.path.join(site, "articles", GLOSSARY), "w") as f:
        f.write(glossary("The long muscles along the spine"))
    return site


def glossary(definition):
    return (f'+++\ntitle = "Glossary of terms"\nglossary = true\n+++\n\n'
            f"## {TERM.capitalize()}\n\n{definition}.\n")


def fetch(url):
    return urllib.request.urlopen(url).read()


def wait_for(url, text):
    while text.encode() not in fetch(url):
        time.sleep(0.001)


def measure(kind, runs, edit):
    """edit(run) saves a file and returns (url, text that shows once served)."""
    latencies = []
    for run in range(runs):
        start = time.perf_counter()
        url, text = edit(run)
        wait_for(url, text)
        latencies.append(time.perf_counter() - start)
        time.sleep(1.0)  # an author does not save several times a second
    return kind, latencies


def compare_with_full_build(site, base, kind, depends_on):
    """Builds the site as it now is and compares the served pages that
    depend on the edit (those whose built HTML contains depends_on) and a
    sample of the rest with it."""
    out = os.path.join(BENCH, f"check-{N}")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([LECTERN, "build", "--root", site, "--out", out, "--base-url", base], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dependents, others = [], []
    for folder, _, files in os.walk(out):
        for name in files:
            if name.endswith(".html") and not os.path.relpath(folder, out).startswith("search"):
                path = os.path.relpath(os.path.join(folder, name), out)
                with open(os.path.join(out, path), "rb") as f:
                    (dependents if depends_on.encode() in f.read() else others).append(path)
    sample = dependents + random.Random(0).sample(others, min(50, len(others)))
    differing = []
    for path in sample:
        with open(os.path.join(out, path), "rb") as f:
            built = f.read()
        url = base + (path[: -len("index.html")] if path.endswith("index.html") else path)
        if LIVE_RELOAD.sub(b"", fetch(url)) != built:
            differing.append(path)
    # On tmpfs the output takes memory that serve needs at 100,000 articles.
    shutil.rmtree(out)
    if differing:
        sys.exit(f"{kind}: {len(differing)} served pages differ from a full build, e.g. {differing[:5]}")
    return len(dependents), len(sample) - len(dependents)


def main():
    if "LECTERN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    site = corpus()
    out = os.path.join(BENCH, f"out-{N}")
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([LECTERN, "build", "--root", site, "--out", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    full = time.perf_counter() - start
    shutil.rmtree(out)

    server = subprocess.Popen([LECTERN, "serve", "--port", "0", "--root", site],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    articles_dir = os.path.join(site, "articles")
    articles = sorted(f for f in os.listdir(articles_dir) if f.endswith(".md") and f != GLOSSARY)
    name = articles[len(articles) // 2]
    victim = os.path.join(articles_dir, name)
    original = open(victim).read()
    results = []
    try:
        for line in server.stdout:
            match = re.search(r" at (http://\S+)", line)
            if match:
                base = match.group(1)
                break
        page = base + name[:-3] + "/"

        def body(run):
            marker = f"edit-marker-{run}-{time.time_ns()}"
            with open(victim, "w") as f:
                f.write(original + f"\n\nA new paragraph {marker}.\n")
            return page, marker

        checked = []
        if "body" in KINDS:
            results.append(measure("body", RUNS, body))
            checked.append(compare_with_full_build(site, base, "body", "/" + name[:-3] + "/"))

        body_start = original.index("+++", 3) + 4
        first_paragraph = original.index("\n\n", original.index("\n\n", body_start - 1) + 2)

        def after_first_paragraph(kind, text):
            """An edit putting text(marker) after the first paragraph, twice every other run."""
            def edit(run):
                marker = f"{kind}-marker-{run}-{time.time_ns()}"
                with open(victim, "w") as f:
                    f.write(original[:first_paragraph] + text(marker) * (1 + run % 2)
                            + original[first_paragraph:])
                return page, marker
            return edit

        middle = after_first_paragraph("middle", lambda marker: f"\n\nA new paragraph {marker}.")

        if "middle" in KINDS:
            results.append(measure("middle", RUNS, middle))
            checked.append(compare_with_full_build(site, base, "middle", "/" + name[:-3] + "/"))

        def title(run):
            new = f"Retitled {run} {time.time_ns()}"
            with open(victim, "w") as f:
                f.write(re.sub(r'^title = ".*"$', f'title = "{new}"', original, count=1, flags=re.M))
            return page, new

        if "title" in KINDS:
            results.append(measure("title", RUNS, title))
            checked.append(compare_with_full_build(site, base, "title", "/" + name[:-3] + "/"))

        heading = after_first_paragraph("heading", lambda marker: f"\n\n## Section {marker}\n\nText.\n")

        if "heading" in KINDS:
            results.append(measure("heading", RUNS, heading))
            checked.append(compare_with_full_build(site, base, "heading", "/" + name[:-3] + "/"))

        using = next(a for a in articles if TERM in open(os.path.join(articles_dir, a)).read().lower())
        using_page = base + using[:-3] + "/"

        def definition(run):
            marker = f"Spine muscles {run} {time.time_ns()}"
            with open(os.path.join(articles_dir, GLOSSARY), "w") as f:
                f.write(glossary(marker))
            return using_page, marker

        if "glossary" in KINDS:
            results.append(measure("glossary", max(1, RUNS // 2), definition))
            checked.append(compare_with_full_build(site, base, "glossary", TERM))
    finally:
        with open(victim, "w") as f:
            f.write(original)
        server.terminate()
        server.wait()

    ms = lambda s: f"{s * 1000:.0f} ms"
    print(f"{N} articles: full build {ms(full)}")
    for (kind, latencies), (dependents, sampled) in zip(results, checked):
        print(f"  {kind:<8} save to served page: median {ms(statistics.median(latencies))}, "
              f"range {ms(min(latencies))}–{ms(max(latencies))} over {len(latencies)} edits; "
              f"{dependents} dependent pages and {sampled} others identical to a full build")


if __name__ == "__main__":
    main()
