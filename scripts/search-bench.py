#!/usr/bin/env python3
"""What a reader downloads and waits for, searching lectern's site and Pagefind.

Generates the corpus with ../shared/bench/gen_corpus.py (kept in BENCH_DIR
for later runs) and builds it twice: with lectern, whose site carries its
own search index (`search/`), and with Hugo, indexed by Pagefind (the
`pagefind` npm package, installed under BENCH_DIR/npm; `pagefind/`). Into
Hugo's output goes a small page with a search box that loads Pagefind's JS
API when focused and, per query, shows the first 10 results' data (title,
excerpt), as Pagefind's default UI does (without its 300 ms debounce).

Each site is served from 127.0.0.1 by a static server in this process,
which counts every request and its body's bytes, and that body gzipped
(-6): what a server that compresses would send. Pages sent with
`Cache-Control: max-age=600`, as GitHub Pages does. Headless Chromium,
driven over the DevTools protocol, plays the reader: it opens the page
(lectern's home page), then focuses the search box, types the query (sets
the value, fires `input`) and waits for results in the DOM (a
MutationObserver in the page, timed with performance.now()). For each
query and tool:

  cold  a new browser context (empty cache), the page loaded, the query
        typed: counts the requests from the focus on, so the search script
        and index files but not the page itself
  warm  in the same page, another query, then the first one again; lectern
        waits 80 ms for typing to pause before searching, included here

RUNS runs, the tools alternating; prints medians (ranges) of the bytes,
gzip bytes, requests and milliseconds to the first results, the ratios
lectern / Pagefind, each index's size and files, and the build and index
times.

    scripts/search-bench.py [N] [RUNS]      (defaults: 10000 articles, 5 runs)
    BENCH_DIR=/dev/shm/lectern-search-bench  LECTERN=target/release/lectern
"""
import base64
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
BENCH = os.environ.get("BENCH_DIR", "/dev/shm/lectern-search-bench")
LECTERN = os.environ.get("LECTERN", os.path.join(REPO, "target", "release", "lectern"))
CHROMIUM = os.environ.get("CHROMIUM", "chromium")
QUERIES = ["hamstring", "lower back pain", "hamstrng", "hamstirng", "xylophone"]
OTHER = "posture"  # typed between a query and its warm repeat
PAGEFIND_PAGE = "pagefind-search.html"
PAGEFIND_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body>
<form class="search" role="search"><input class="search-input" type="search" autocomplete="off">
<div class="search-results"></div></form>
<script>
const input = document.querySelector(".search-input"), box = document.querySelector(".search-results");
let api, token = 0;
const load = () => api = api || import("/pagefind/pagefind.js").then(async pf => (await pf.init(), pf));
const el = (tag, cls, html) => Object.assign(document.createElement(tag), { className: cls, innerHTML: html });
input.addEventListener("focus", load);
input.addEventListener("input", async () => {
  const mine = ++token, pf = await load(), found = await pf.search(input.value);
  const data = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  if (mine != token) return;
  box.replaceChildren(el("p", "search-status", found.results.length + " results"));
  const ul = el("ul", "", "");
  for (const d of data) {
    const a = el("a", "", "<span class=search-title>" + d.meta.title + "</span> " + d.excerpt);
    a.href = d.url;
    ul.append(el("li", "", ""));
    ul.lastChild.append(a);
  }
  box.append(ul);
});
</script></body></html>
"""
# Runs in the page: types the query and resolves once results are shown.
TYPE_AND_WAIT = """(async q => {
  const form = document.querySelector("form.search"), input = form.querySelector(".search-input"),
        box = form.querySelector(".search-results");
  const shown = new Promise((done, fail) => {
    const seen = new MutationObserver(() => {
      if (box.querySelector("li a, .search-status")) seen.disconnect(), done(performance.now());
    });
    seen.observe(box, { childList: true, subtree: true, characterData: true });
    setTimeout(() => fail(new Error("no results shown after 30 s")), 30000);
  });
  const start = performance.now();
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  const ms = await shown - start, links = [...box.querySelectorAll("li a")];
  const title = a => a.querySelector(".search-title").textContent;
  return { ms, status: (box.querySelector(".search-status") || {}).textContent || "", hits: links.length,
           marked: links.filter(a => a.querySelector(".search-excerpt mark, mark:not(.search-title *)")).length,
           first: links.slice(0, 1).map(a => [title(a), a.textContent.slice(title(a).length).trim().slice(0, 120)]) };
})"""


def die(message):
    sys.exit(f"search-bench.py: {message}")


def run(cmd, **kw):
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    if result.returncode:
        die(f"{' '.join(cmd)} failed:\n{result.stderr[-2000:]}")


def timed(cmd, **kw):
    start = time.perf_counter()
    run(cmd, **kw)
    return time.perf_counter() - start


class Server(http.server.ThreadingHTTPServer):
    """Serves a folder, recording (path, body bytes, gzip bytes) per request."""

    def __init__(self, folder):
        self.log, self.gzipped = [], {}
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kw):
                super().__init__(*args, directory=folder, **kw)

            def do_GET(self):
                self.entry = [self.path.split("?")[0], 0, 0]
                server.log.append(self.entry)
                super().do_GET()

            def end_headers(self):
                self.send_header("Cache-Control", "max-age=600")
                super().end_headers()

            def copyfile(self, source, out):
                body = source.read()
                if self.entry[0] not in server.gzipped:
                    server.gzipped[self.entry[0]] = len(gzip.compress(body, 6))
                self.entry[1:] = len(body), server.gzipped[self.entry[0]]
                out.write(body)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"


class DevTools:
    """A minimal client of the DevTools protocol over its websocket (RFC 6455)."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                          .encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            die(f"DevTools websocket refused: {head.decode(errors='replace')}")
        self.next_id, self.events = 0, []

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                die("Chromium closed the DevTools connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _frame(self, opcode, payload):
        mask = os.urandom(4)
        size = len(payload)
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | size) if size < 126 else \
            struct.pack("!BBH", 0x80 | opcode, 0xFE, size) if size < 1 << 16 else \
            struct.pack("!BBQ", 0x80 | opcode, 0xFF, size)
        whole = mask * (size // 4 + 1)
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(whole[:size], "big")).to_bytes(size, "big")
        self.sock.sendall(head + mask + masked)

    def _message(self):
        parts = []
        while True:
            first, second = self._read(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._read(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._read(8))[0]
            payload, opcode = self._read(size), first & 0x0F
            if opcode == 9:
                self._frame(10, payload)
            elif opcode == 8:
                die("Chromium closed the DevTools connection")
            elif opcode in (0, 1, 2):
                parts.append(payload)
                if first & 0x80:
                    return json.loads(b"".join(parts))

    def send(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._frame(1, json.dumps(message).encode())
        while True:
            reply = self._message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    die(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method, session):
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event
            self.events.append(self._message())


def start_chromium(profile):
    browser = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    active = os.path.join(profile, "DevToolsActivePort")
    for _ in range(300):
        if os.path.exists(active) and len(open(active).read().split()) == 2:
            port, path = open(active).read().split()
            return browser, int(port), path
        if browser.poll() is not None:
            die(f"{CHROMIUM} exited with status {browser.returncode} before opening DevTools")
        time.sleep(0.1)
    browser.kill()
    die(f"{CHROMIUM} did not open DevTools within 30 s")


def search(cdp, session, server, query):
    """Types query into the page's search box; returns its numbers and what was shown."""
    mark = len(server.log)
    shown = cdp.send("Runtime.evaluate", session, expression=f"{TYPE_AND_WAIT}({json.dumps(query)})",
                     awaitPromise=True, returnByValue=True)
    if "exceptionDetails" in shown:
        die(f"{query!r}: {shown['exceptionDetails'].get('exception', {}).get('description', shown)}")
    time.sleep(0.2)  # let late requests, if any, reach the log
    got = [e for e in server.log[mark:] if e[0] != "/favicon.ico"]
    return dict(shown["result"]["value"], bytes=sum(e[1] for e in got), gzip=sum(e[2] for e in got),
                requests=len(got))


def reader(cdp, server, page, console):
    """A new browser context (empty cache) per query: cold, then warm after another query."""
    results = {}
    for query in QUERIES:
        context = cdp.send("Target.createBrowserContext")["browserContextId"]
        target = cdp.send("Target.createTarget", url="about:blank", browserContextId=context)["targetId"]
        session = cdp.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            cdp.send(f"{domain}.enable", session)
        cdp.send("Emulation.setFocusEmulationEnabled", session, enabled=True)
        cdp.send("Page.navigate", session, url=server.url + page)
        cdp.wait_for("Page.loadEventFired", session)
        time.sleep(0.3)  # the page's own late requests (favicon) stay out of the count
        cold = search(cdp, session, server, query)
        search(cdp, session, server, OTHER)
        results[query] = cold, search(cdp, session, server, query)
        for event in cdp.events:
            p = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                console.add(p["exceptionDetails"].get("exception", {}).get("description", str(p))[:300])
            elif event.get("method") == "Runtime.consoleAPICalled" and p["type"] in ("error", "warning"):
                console.add(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])[:300])
            elif event.get("method") == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                console.add(f"{p['entry']['text']} {p['entry'].get('url', '')}"[:300])
        cdp.events.clear()
        cdp.send("Target.disposeBrowserContext", browserContextId=context)
    return results


def folder_size(folder):
    files = [os.path.join(d, f) for d, _, names in os.walk(folder) for f in names]
    return len(files), sum(os.path.getsize(f) for f in files)


def build():
    """Generates the corpus if needed, then builds both sites; returns their folders and facts."""
    corpus = os.path.join(BENCH, str(N))
    if not os.path.isdir(corpus):
        print(f"== generating corpus N={N}", flush=True)
        shutil.rmtree(corpus + ".tmp", ignore_errors=True)
        run([sys.executable, GENERATOR, "--n", str(N), "--layout", "all", corpus + ".tmp"])
        with open(os.path.join(corpus + ".tmp", "neutral", "site.toml"), "w") as f:
            f.write('title = "Bench"\nbase_url = "https://example.org/"\n')
        os.rename(corpus + ".tmp", corpus)
    lectern_out, hugo_out = os.path.join(BENCH, f"lectern-{N}"), os.path.join(BENCH, f"hugo-{N}")
    for out in lectern_out, hugo_out:
        shutil.rmtree(out, ignore_errors=True)
    pagefind = os.path.join(BENCH, "npm", "node_modules", ".bin", "pagefind")
    if not os.path.exists(pagefind):
        print("== installing pagefind (npm)", flush=True)
        run(["npm", "install", "--no-save", "--prefix", os.path.join(BENCH, "npm"), "pagefind"])
    print(f"== building N={N} with lectern, then Hugo and Pagefind", flush=True)
    facts = {
        "lectern build": timed([os.path.join(BENCH, "lectern"), "build", "--root", os.path.join(corpus, "neutral"),
                                "--out", lectern_out]),
        "Hugo build": timed(["hugo", "--quiet", "-s", os.path.join(corpus, "hugo"), "-d", hugo_out]),
        "Pagefind index": timed([pagefind, "--site", hugo_out]),
        "versions": subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    with open(os.path.join(hugo_out, PAGEFIND_PAGE), "w") as f:  # after indexing, so it is not indexed
        f.write(PAGEFIND_HTML)
    return lectern_out, hugo_out, facts


def summary(values, unit=""):
    low, mid, high = min(values), statistics.median(values), max(values)
    fmt = (lambda v: f"{v / 1000:,.1f}") if unit == "kB" else (lambda v: f"{v:,.0f}")
    return fmt(mid) + (f" ({fmt(low)}–{fmt(high)})" if fmt(low) != fmt(high) else "")


def main():
    for tool, hint in ((CHROMIUM, "apt-get install -y chromium"), ("hugo", "apt-get install -y hugo"),
                       ("npm", "apt-get install -y npm")):
        if not shutil.which(tool):
            die(f"{tool} is missing; install it with: {hint}")
    if not os.path.isfile(GENERATOR):
        die(f"corpus generator not found at {GENERATOR} (set GEN_CORPUS=...)")
    if not os.access(LECTERN, os.X_OK):
        die(f"no lectern binary at {LECTERN}: run cargo build --release, or set LECTERN=...")
    if N < 1 or RUNS < 1:
        die("N and RUNS must be positive")
    os.makedirs(BENCH, exist_ok=True)
    shutil.copy(LECTERN, os.path.join(BENCH, "lectern"))  # a rebuild of the repository cannot change it mid-run
    lectern_out, hugo_out, facts = build()
    sites = {"lectern": (Server(lectern_out), ""), "Pagefind": (Server(hugo_out), PAGEFIND_PAGE)}
    samples = {(q, tool): ([], []) for q in QUERIES for tool in sites}
    shown, console = {}, {tool: set() for tool in sites}
    profile = tempfile.mkdtemp(prefix="search-bench-chromium-")
    browser, port, path = start_chromium(profile)
    try:
        cdp = DevTools(port, path)
        chromium = cdp.send("Browser.getVersion")["product"]
        for i in range(RUNS):
            print(f"== run {i + 1} of {RUNS} (load average {open('/proc/loadavg').read().split()[0]})", flush=True)
            for tool, (server, page) in sites.items():
                for query, (cold, warm) in reader(cdp, server, page, console[tool]).items():
                    samples[query, tool][0].append(cold)
                    samples[query, tool][1].append(warm)
                    shown[query, tool] = cold
    finally:
        browser.terminate()
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)

    print(f"\nN = {N}, median (range) of {RUNS} runs, {chromium}")
    print("\n| query | tool | cold kB | cold gzip kB | cold requests | cold ms | "
          "warm kB | warm gzip kB | warm requests | warm ms |")
    print("| --- | --- |" + " ---: |" * 8)
    for query in QUERIES:
        for tool in sites:
            cells = [summary([s[key] for s in runs], unit) for runs in samples[query, tool]
                     for key, unit in (("bytes", "kB"), ("gzip", "kB"), ("requests", ""), ("ms", ""))]
            print(f"| {query} | {tool} | " + " | ".join(cells) + " |")
    print("\nWarm, lectern waits 80 ms for typing to pause before it searches; the Pagefind page searches at once"
          " (its default UI would wait 300 ms).")
    print("\n| query | lectern / Pagefind: cold bytes | cold gzip bytes | cold ms |")
    print("| --- | ---: | ---: | ---: |")
    for query in QUERIES:
        ratio = lambda key: statistics.median(s[key] for s in samples[query, "lectern"][0]) / \
            max(1e-9, statistics.median(s[key] for s in samples[query, "Pagefind"][0]))
        print(f"| {query} | {ratio('bytes'):.2f} | {ratio('gzip'):.2f} | {ratio('ms'):.2f} |")
    print("\n| tool | index | files | size | time to build |")
    print("| --- | --- | ---: | ---: | ---: |")
    for tool, folder, key in (("lectern", os.path.join(lectern_out, "search"), "lectern build"),
                              ("Pagefind", os.path.join(hugo_out, "pagefind"), "Pagefind index")):
        files, size = folder_size(folder)
        print(f"| {tool} | `{os.path.basename(folder)}/` | {files:,} | {size / 1e6:,.1f} MB | {facts[key]:.2f} s |")
    print(f"\n(lectern build: the whole site, index included; Hugo build {facts['Hugo build']:.2f} s, "
          f"then {facts['versions']} indexing its output)")
    print("\nShown (last run, cold): status line, links, links whose excerpt marks a word, the first result")
    for (query, tool), s in shown.items():
        first = " — ".join(s["first"][0]) if s["first"] else ""
        print(f"  {tool:<8} {query!r}: {s['status']!r}, {s['hits']} links, {s['marked']} marked; {first}")
    for tool, messages in console.items():
        for message in sorted(m for m in messages if "favicon.ico" not in m):  # the page's, not the search's
            print(f"  console ({tool}): {message}")


if __name__ == "__main__":
    main()
