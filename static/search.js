// Site search as the reader types. The index (src/search/) is split into
// small scripts under search/; a query loads only the few it needs, through
// <script> tags, so it works over http and from file:// alike.
(() => {
  const me = document.currentScript;
  const form = document.querySelector("form.search");
  const input = form && form.querySelector(".search-input");
  const box = form && form.querySelector(".search-results");
  if (!input || !box) return;
  // The root of the page's language (`fr/`), whose index it searches.
  const root = form.dataset.root || !(me && me.src) ? new URL(form.dataset.root || "./", document.baseURI) : new URL("..", me.src);
  const files = form.dataset.links == "files" || location.protocol == "file:";
  const WORD = /[\p{Alphabetic}\p{N}]+/gu;
  // Scripts written without spaces, indexed by pairs of characters (the
  // ranges of `unspaced` in src/search/analyzer.rs).
  const UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2ffff}]/u;
  const pieces = w => {
    if (!UNSPACED.test(w)) return [w];
    const cs = [...w], out = [];
    for (let i = 0, j; i < cs.length; i = j) {
      const kind = UNSPACED.test(cs[i]);
      for (j = i; j < cs.length && UNSPACED.test(cs[j]) == kind; j++);
      if (!kind || j - i == 1) out.push(cs.slice(i, j).join(""));
      else for (let k = i; k < j - 1; k++) out.push(cs[k] + cs[k + 1]);
    }
    return out;
  };
  // Shorter forms of a long word, for the stems of other languages
  // (`übungen` meets `übung`).
  const prefixes = w => {
    const cs = [...w], out = [];
    for (let n = cs.length - 1; n >= Math.max(4, cs.length - 3); n--) out.push(cs.slice(0, n).join(""));
    return out;
  };
  // Shorter still, down to half the word, tried longest first when nothing
  // else matches: inflected endings cut deeper than three letters
  // (`упражнениями` meets `упражнен`, `étirement` meets `étir`).
  const stems = w => {
    const cs = [...w], out = [];
    for (let n = cs.length - 4; n >= Math.max(4, cs.length >> 1); n--) out.push(cs.slice(0, n).join(""));
    return out;
  };
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const data = {}, loads = {};
  let meta, token = 0, timer;
  // The search box's words in the site's language come with the index
  // (see `search_words` in src/load/i18n.rs).
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const results = n => {
    const forms = meta.words.results || {};
    return (forms[plural.select(n)] || forms.other || "{n}").replace("{n}", n.toLocaleString(document.documentElement.lang || undefined));
  };
  const noResults = q => (meta.words.no_results || "“{query}”").replace("{query}", q);

  // A block of documents as stored (see `doc_block` in src/search/encode.rs):
  // per page [title, path, doc, ...], each doc the intro's excerpt,
  // [section, excerpt] or [section, excerpt, id]; as [title, section, url, excerpt].
  const plainId = s => [...s].map(c => /[A-Za-z0-9]/.test(c) ? c.toLowerCase() : "-").join("")
    .replace(/-+/g, "-").replace(/^-|-$/g, "");
  const docs = block => block.flatMap(([title, path, ...rows]) => rows.map(r => typeof r == "string"
    ? [title, null, path, r]
    : [title, r[0], path + "#" + (r.length > 2 ? r[2] : plainId(r[0])), r[1]]));
  window.__lecternSearch = (name, value) => { data[name] = name.startsWith("docs/") ? docs(value) : value; };
  const load = name => loads[name] || (loads[name] = new Promise(done => {
    const s = document.createElement("script");
    // meta.js is fetched afresh; the rest by its hash, cached across deploys.
    s.src = new URL("search/" + name + ".js?v=" + (meta ? meta.hash : Date.now()), root);
    s.onload = s.onerror = () => { s.remove(); done(data[name] || null); };
    document.head.append(s);
  }));

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const show = open => {
    box.hidden = !open;
  };
  // A term as a file name, as `file_name` in src/search.rs makes it.
  const file = t => {
    const n = [...t].map(c => /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_").join("");
    return /^(con|prn|aux|nul|com\d|lpt\d)$/.test(n) ? n + "_" : n;
  };
  // A word's shard: its longest prefix that has one (of one character, in
  // the scripts written without spaces), else for those scripts its first
  // character's block of 64 code points (see `block` in src/search/encode.rs).
  const key = w => {
    const cs = [...w], paired = UNSPACED.test(cs[0]);
    for (let n = Math.min(cs.length, 6); n > (paired ? 0 : 1); n--) {
      const k = cs.slice(0, n).join("");
      if (meta.keys.has(k)) return k;
    }
    const block = "~" + (cs[0].codePointAt(0) >> 6).toString(16);
    if (paired && meta.keys.has(block)) return block;
  };
  // Rough English stems, to meet the Snowball stems of the index halfway.
  const variants = w => {
    const out = [];
    for (const s of ["ing", "es", "ed", "ly", "s", "e", "y"]) {
      if (!w.endsWith(s) || w.length - s.length < 3) continue;
      const v = w.slice(0, -s.length);
      out.push(v, s == "y" ? v + "i" : v + "e");
      if (/([^aeiou])\1$/.test(v)) out.push(v.slice(0, -1));
    }
    return out;
  };
  // A term's postings, [[doc, weight], ...] (see `postings` in
  // src/search/encode.rs): numbers of 5 bits a character, lowest first, 32
  // added to all but a number's last; per posting the gap since the last
  // doc, then the weight.
  const postings = s => {
    const out = [], n = [];
    let d = 0, v = 0, shift = 0;
    for (let i = 0; i < s.length; i++) {
      const c = B64.indexOf(s[i]);
      v |= (c & 31) << shift;
      shift += 5;
      if (c >= 32) continue;
      n.push(v);
      v = shift = 0;
      if (n.length == 2) {
        d += n[0];
        out.push([d, n[1]]);
        d++;
        n.length = 0;
      }
    }
    return out;
  };
  // Every document holding a term (see `membership` in src/search/encode.rs).
  const members = s => {
    const out = [];
    let d = 0, v = 0, shift = 0;
    for (let i = 1; i < s.length; i++) {
      const c = B64.indexOf(s[i]);
      if (s[0] == "b") {
        for (let b = 0; b < 6; b++) if (c >> b & 1) out.push((i - 1) * 6 + b);
      } else {
        v |= (c & 31) << shift;
        shift += 5;
        if (c < 32) {
          out.push(d + v);
          d += v + 1;
          v = shift = 0;
        }
      }
    }
    return out;
  };

  // A relative URL from this page to the site path `url` (`a/#id`).
  const href = url => {
    const at = url.indexOf("#");
    let path = at < 0 ? url : url.slice(0, at);
    if (files && (path == "" || path.endsWith("/"))) path += "index.html";
    const to = new URL(path, root), from = new URL(document.baseURI);
    if (at >= 0) to.hash = url.slice(at + 1);
    if (to.protocol != from.protocol || to.host != from.host) return to.href;
    const a = from.pathname.split("/").slice(0, -1), b = to.pathname.split("/");
    let i = 0;
    while (i < a.length && i < b.length - 1 && a[i] == b[i]) i++;
    return "../".repeat(a.length - i) + b.slice(i).join("/") + to.hash || "./";
  };

  // The text around the first match, with the matches marked.
  const excerpt = (text, marks) => {
    const hit = t => marks.some(m => t == m || (m.length > 3 && t.startsWith(m)));
    const words = [...text.matchAll(WORD)].filter(m => hit(m[0].toLowerCase()));
    const start = words.length && words[0].index > 90 && text.length > 200 ? text.indexOf(" ", words[0].index - 60) + 1 : 0;
    const end = text.length <= start + 200 ? text.length : Math.max(text.lastIndexOf(" ", start + 200), start + 150);
    const span = el("span", "search-excerpt", start ? "…" : "");
    let at = start;
    for (const m of words) {
      if (m.index < at || m.index >= end) continue;
      span.append(text.slice(at, m.index), el("mark", "", m[0]));
      at = m.index + m[0].length;
    }
    span.append(text.slice(at, end) + (end < text.length ? "…" : ""));
    return span;
  };

  const search = async q => {
    const mine = ++token, all = (q.normalize("NFC").toLowerCase().match(WORD) || []).flatMap(pieces);
    const typing = /[\p{Alphabetic}\p{N}]$/u.test(q) && all[all.length - 1];
    meta = meta || await load("meta");
    if (mine != token) return;
    if (!meta || meta.version != 2) return show(false);
    meta.words = meta.words || {};
    if (meta.words.search_results) box.setAttribute("aria-label", meta.words.search_results);
    meta.keys = meta.keys || new Set(meta.prefixes);
    const ws = all.filter(w => ([...w].length > 1 || UNSPACED.test(w)) && (w == typing || !meta.stopwords.includes(w)));
    if (!ws.length) return show(false);
    // Each word's terms: those of its shard and of its shorter forms' and stems'.
    const shards = await Promise.all(ws.map(async w => {
      const keys = [...new Set([w, ...prefixes(w), ...stems(w)].map(key).filter(Boolean))];
      return Object.assign({}, ...await Promise.all(keys.map(k => load("terms/" + file(k)))));
    }));
    if (mine != token) return;

    // Per word, each document's best score among the terms the word meets.
    const marks = [], found = ws.map((w, i) => {
      const terms = shards[i] || {}, best = new Map(), full = [];
      const add = (t, f) => {
        if (!Object.hasOwn(terms, t)) return;
        // A cut list comes with the term whose all/ file lists its documents.
        const entry = terms[t], cut = Array.isArray(entry);
        const list = postings(cut ? entry[0] : entry), s = f * Math.log(1 + meta.docs / list.length);
        marks.push(t);
        if (cut && f > 0.7) full.push([t, s, entry[1]]);
        for (const [d, n] of list) best.set(d, Math.max(best.get(d) || 0, n * s));
      };
      add(w, 1);
      variants(w).forEach(v => add(v, 0.8));
      prefixes(w).forEach(p => add(p, 0.7));
      if (!best.size) add(stems(w).find(p => Object.hasOwn(terms, p)), 0.6);
      if (w == typing && [...w].length > 2) for (const t in terms) if (t.startsWith(w)) add(t, 0.6);
      return { best, full };
    });
    const rank = () => {
      const scores = new Map();
      for (const { best } of found) {
        for (const [d, s] of best) {
          const r = scores.get(d) || [d, 0, 0];
          r[1]++, r[2] += s;
          scores.set(d, r);
        }
      }
      const hits = [...scores.values()], every = hits.filter(r => r[1] == ws.length);
      return (every.length < 10 ? hits : every).sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0] - b[0]).slice(0, 10);
    };
    let top = rank();
    // Cut lists may miss the documents holding every word: then load which
    // documents hold each common word at all.
    const some = found.some(f => f.full.length) && found.every(f => f.best.size);
    if (ws.length > 1 && some && top.filter(r => r[1] == ws.length).length < 10) {
      // Per word, its shortest such term: the stem, which holds the others.
      const short = found.map(f => f.full.sort((a, b) => a[0].length - b[0].length)[0]);
      const sets = await Promise.all(short.map(t => t && load("all/" + file(t[2]))));
      if (mine != token) return;
      found.forEach((f, i) => {
        if (sets[i]) for (const d of members(sets[i])) f.best.has(d) || f.best.set(d, short[i][1]);
      });
      top = rank();
    }
    const blocks = await Promise.all(top.map(([d]) => load("docs/" + Math.floor(d / meta.block))));
    if (mine != token) return;

    box.textContent = "";
    const n = top.length;
    box.append(el("p", "search-status", n ? results(n) : noResults(q.trim())));
    const ul = el("ul");
    top.forEach(([d], i) => {
      const doc = blocks[i] && blocks[i][d % meta.block];
      if (!doc) return;
      const a = el("a"), li = el("li");
      a.href = href(doc[2]);
      a.append(el("span", "search-title", doc[1] ? doc[0] + " › " + doc[1] : doc[0]), excerpt(doc[3], marks));
      li.append(a);
      ul.append(li);
    });
    if (n) box.append(ul);
    show(true);
  };

  const run = () => {
    clearTimeout(timer);
    if (input.value.trim()) return search(input.value);
    token++;
    box.textContent = "";
    show(false);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  input.addEventListener("focus", () => input.value.trim() && box.firstChild && show(true));
  form.addEventListener("submit", e => {
    const first = !box.hidden && box.querySelector("a");
    if (first) location.href = first.href;
    else if (!meta) return; // no index: the form goes to the search page
    e.preventDefault();
    if (!first) run();
  });
  form.addEventListener("keydown", e => {
    const links = [...box.querySelectorAll("a")], i = links.indexOf(document.activeElement);
    if (e.key == "Escape" && !box.hidden) {
      e.preventDefault();
      input.focus();
      show(false);
    } else if ((e.key == "ArrowDown" || e.key == "ArrowUp") && !box.hidden && links.length) {
      e.preventDefault();
      const n = e.key == "ArrowDown" ? Math.min(i + 1, links.length - 1) : i < 0 ? links.length - 1 : i - 1;
      (links[n] || input).focus();
    }
  });
  document.addEventListener("pointerdown", e => form.contains(e.target) || show(false));
  form.addEventListener("focusout", e => e.relatedTarget && !form.contains(e.relatedTarget) && show(false));

  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
  // This script loads when the box is first used: answer what was typed.
  if (input.value.trim()) run();
})();
