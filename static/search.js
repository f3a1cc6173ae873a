// Site search as the reader types. The index (src/search/) is split into
// small scripts under search/; a query loads only the few it needs, through
// <script> tags, so it works over http and from file:// alike.
(() => {
  const me = document.currentScript;
  const form = document.querySelector("form.search");
  const input = form && form.querySelector(".search-input");
  const dropdown = form && form.querySelector(".search-results");
  if (!input || !dropdown) return;
  const live = form.querySelector(".search-live");
  // The search page lists the results in the page, a page of them at a
  // time, with filters; elsewhere they drop down under the box.
  const listing = document.querySelector(".search-listing");
  const filtersBox = document.querySelector(".search-filters");
  const box = listing || dropdown;
  const PAGE = listing ? 20 : 10;
  // The root of the page's language (`fr/`), whose index it searches.
  const root = form.dataset.root || !(me && me.src) ? new URL(form.dataset.root || "./", document.baseURI) : new URL("..", me.src);
  const files = form.dataset.links == "files" || location.protocol == "file:";
  const lang = document.documentElement.lang || undefined;
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
  // Where a word misspelt in its first two letters would be found: with
  // them swapped, or either left out (`hmastring`, `amstring`).
  const misspelt = w => {
    const cs = [...w];
    return [cs[1] + cs[0] + cs.slice(2).join(""), cs.slice(1).join(""), cs[0] + cs.slice(2).join("")];
  };
  // Edits from a to b (arrays of characters): letters added, left out,
  // changed or swapped with the next; more than max is max + 1.
  const distance = (a, b, max) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let before = [], last = [...Array(b.length + 1).keys()];
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let low = i;
      for (let j = 1; j <= b.length; j++) {
        let d = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        row.push(d);
        low = Math.min(low, d);
      }
      if (low > max) return max + 1;
      [before, last] = [last, row];
    }
    return last[b.length];
  };
  // The indexed word nearest a word that found nothing: one edit away, two
  // for a word of eight letters or more. Of the nearest, a whole word over
  // its stem (`piriformis` over `piriformi`), then the most used (the
  // longest postings; a cut list is the longest).
  const nearest = (w, terms) => {
    const a = [...w], max = a.length >= 8 ? 2 : 1;
    let best, edits = max + 1, used = 0;
    for (const t in terms) {
      const d = distance(a, [...t], max), n = Array.isArray(terms[t]) ? Infinity : terms[t].length;
      const better = d < edits || (d == edits && d <= max && (t.startsWith(best) || (!best.startsWith(t) && n > used)));
      if (better) [best, edits, used] = [t, d, n];
    }
    return edits <= max ? best : undefined;
  };

  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const data = {}, loads = {};
  let meta, filters, token = 0, timer, said, state;
  const plural = new Intl.PluralRules(lang || "en");
  // The search box's words in the site's language come with the index
  // (see `search_words` in src/load/i18n.rs), with `{n}` and `{query}` to fill.
  const say = (key, fill = {}) => {
    let w = meta.words[key] || "";
    if (typeof w == "object") w = w[plural.select(fill.n)] || w.other || "";
    return w.replace(/\{(\w+)\}/g, (m, k) => !(k in fill) ? m : k == "n" ? fill.n.toLocaleString(lang) : fill[k]);
  };

  // A block of documents as stored (see `doc_block` in src/search/encode.rs):
  // per page [title, path, doc, ...], each doc the intro's passages,
  // [section, passages] or [section, passages, id]; as [title, section, url, passages].
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
    if (!listing) dropdown.hidden = !open;
    else if (!open) listing.textContent = "";
  };
  // The status once the reader stops typing, so a screen reader hears each
  // query's outcome once, not every key's. The same words for another
  // query change the region all the same (a space), so they are heard.
  const announce = (query, text) => {
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => {
      if (!live || query == said) return;
      said = query;
      live.textContent = text == live.textContent ? text + "\u00a0" : text;
    }, 700);
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
  const shards = async words => Object.assign({}, ...await Promise.all(
    [...new Set(words.map(key).filter(Boolean))].map(k => load("terms/" + file(k)))));
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
  // Every document of a set (see `membership` in src/search/encode.rs).
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

  // A relative URL from this page to the site path `url` (`a/#id`), asking
  // the page to highlight `words`.
  const href = (url, words) => {
    const at = url.indexOf("#");
    let path = at < 0 ? url : url.slice(0, at);
    if (files && (path == "" || path.endsWith("/"))) path += "index.html";
    const to = new URL(path, root), from = new URL(document.baseURI);
    if (words.length) to.search = "?highlight=" + encodeURIComponent(words.join(" "));
    if (at >= 0) to.hash = url.slice(at + 1);
    if (to.protocol != from.protocol || to.host != from.host) return to.href;
    const a = from.pathname.split("/").slice(0, -1), b = to.pathname.split("/");
    let i = 0;
    while (i < a.length && i < b.length - 1 && a[i] == b[i]) i++;
    return "../".repeat(a.length - i) + b.slice(i).join("/") + to.search + to.hash || "./";
  };

  // Whether a word of the text is one the query met: a term, or a longer
  // word starting with a term of four letters or more (a stem).
  const hits = marks => w => marks.some(m => w == m || (m.length > 3 && w.startsWith(m)));
  // `text` into `parent`, with the words the query met marked.
  const marked = (parent, text, hit) => {
    let at = 0;
    for (const m of text.matchAll(WORD)) {
      if (!hit(m[0].toLowerCase())) continue;
      parent.append(text.slice(at, m.index), el("mark", "", m[0]));
      at = m.index + m[0].length;
    }
    parent.append(text.slice(at));
    return parent;
  };
  // Of a section's stored passages (one a line), the one holding the most
  // of the query's words, else the first.
  const excerpt = (text, hit) => {
    let best, most = -1;
    for (const p of text.split("\n")) {
      const n = new Set((p.toLowerCase().match(WORD) || []).filter(hit)).size;
      if (n > most) [best, most] = [p, n];
    }
    return marked(el("span", "search-excerpt"), best, hit);
  };

  // The results of query `q`: the documents holding every word (else any),
  // best first, and what the page shows of them.
  const search = async q => {
    const mine = ++token, all = (q.normalize("NFC").toLowerCase().match(WORD) || []).flatMap(pieces);
    const typing = /[\p{Alphabetic}\p{N}]$/u.test(q) && all[all.length - 1];
    meta = meta || await load("meta");
    if (mine != token) return;
    if (!meta || meta.version != 3) return show(false);
    meta.words = meta.words || {};
    if (meta.words.search_results) box.setAttribute("aria-label", meta.words.search_results);
    meta.keys = meta.keys || new Set(meta.prefixes);
    const ws = all.filter(w => ([...w].length > 1 || UNSPACED.test(w)) && (w == typing || !meta.stopwords.includes(w)));
    if (!ws.length) return show(false);
    // Each word's terms: those of its shard and of its shorter forms' and stems'.
    const found = await Promise.all(ws.map(async w => ({
      w, terms: await shards([w, ...prefixes(w), ...stems(w)]) || {}, best: new Map(), full: [], main: [],
    })));
    if (mine != token) return;

    // Per word, each document's best score among the terms the word meets.
    const marks = [];
    const add = (f, t, weight, main) => {
      if (!t || !Object.hasOwn(f.terms, t)) return;
      // A cut list comes with the term whose all/ file lists its documents.
      const entry = f.terms[t], cut = Array.isArray(entry);
      const list = postings(cut ? entry[0] : entry), s = weight * Math.log(1 + meta.docs / list.length);
      marks.push(t);
      if (main) f.main.push(t);
      if (cut && main) f.full.push([t, s, entry[1]]);
      for (const [d, n] of list) f.best.set(d, Math.max(f.best.get(d) || 0, n * s));
    };
    for (const f of found) {
      const w = f.w;
      add(f, w, 1, true);
      variants(w).forEach(v => add(f, v, 0.8, true));
      prefixes(w).forEach(p => add(f, p, 0.7, true));
      if (!f.best.size) add(f, stems(w).find(p => Object.hasOwn(f.terms, p)), 0.6, true);
      if (w == typing && [...w].length > 2) for (const t in f.terms) if (t.startsWith(w)) add(f, t, 0.6);
    }
    // A word of five letters or more that meets nothing is taken for its
    // nearest indexed word, ranked below what was typed.
    const fixes = await Promise.all(found.map(async f => {
      if (f.best.size || [...f.w].length < 5 || UNSPACED.test(f.w)) return;
      f.terms = Object.assign(await shards(misspelt(f.w)) || {}, f.terms);
      return nearest(f.w, f.terms);
    }));
    if (mine != token) return;
    found.forEach((f, i) => {
      if (!fixes[i]) return;
      add(f, fixes[i], 0.5, true);
      variants(fixes[i]).forEach(v => add(f, v, 0.4, true));
    });
    // A cut list names only a word's best documents: for the count, and for
    // the documents holding every word, load which documents hold it at
    // all (its shortest term's set, the stem's, holds the others').
    await Promise.all(found.filter(f => f.full.length).map(async f => {
      const [, s, term] = f.full.sort((a, b) => a[0].length - b[0].length)[0];
      const set = await load("all/" + file(term));
      if (set) for (const d of members(set)) f.best.has(d) || f.best.set(d, s);
    }));
    if (mine != token) return;
    const allowed = await filtered();
    if (mine != token) return;

    const scores = new Map();
    for (const { best } of found) {
      for (const [d, s] of best) {
        if (allowed && !allowed.has(d)) continue;
        const r = scores.get(d) || [d, 0, 0];
        r[1]++, r[2] += s;
        scores.set(d, r);
      }
    }
    const any = [...scores.values()], every = any.filter(r => r[1] == found.length);
    const list = (every.length ? every : any).sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0] - b[0]);
    const words = [...new Set(found.flatMap(f => [f.w, ...f.main]))];
    const fixed = fixes.some(Boolean) && found.map((f, i) => fixes[i] || f.w).join(" ");
    // Wait quietly for more letters rather than say a short start finds nothing.
    if (!list.length && typing && [...typing].length < 3 && !UNSPACED.test(typing)) return show(false);
    state = { q: q.trim(), list, hit: hits(marks), words, fixed, mine };
    const page = listing ? Math.max(1, +new URLSearchParams(location.search).get("page") || 1) : 1;
    box.textContent = "";
    await more((page - 1) * PAGE);
  };

  // Lists `state`'s results from `from` on, a page of them: the status,
  // then the results, then a button for more (in the page, links to the
  // pages before and after).
  const more = async from => {
    const { list, mine } = state, shown = list.slice(from, from + PAGE);
    const blocks = await Promise.all(shown.map(([d]) => load("docs/" + Math.floor(d / meta.block))));
    if (mine != token) return;
    let ul = box.querySelector("ul");
    if (!ul) {
      const n = list.length, status = el("p", "search-status");
      if (state.fixed) status.append(el("span", "search-fixed", say("showing_results_for", { query: state.fixed })), " · ");
      status.append(n ? say("results", { n }) : say("no_results", { query: state.q }));
      box.append(status);
      announce(state.q, status.textContent);
      box.append(ul = el("ul"));
    }
    box.querySelector(".search-more")?.remove();
    shown.forEach(([d], i) => {
      const doc = blocks[i] && blocks[i][d % meta.block];
      if (!doc) return;
      const a = el("a"), li = el("li");
      a.href = href(doc[2], state.words);
      a.append(marked(el("span", "search-title"), doc[1] ? doc[0] + " › " + doc[1] : doc[0], state.hit), excerpt(doc[3], state.hit));
      li.append(a);
      ul.append(li);
    });
    if (!ul.firstChild) ul.remove();
    const end = from + shown.length;
    if (listing) pager(from, end);
    else if (end < list.length) {
      const button = el("button", "search-more", say("more_results"));
      button.type = "button";
      button.onclick = async () => {
        const next = ul.children.length;
        await more(end);
        ul.children[next]?.querySelector("a").focus();
      };
      box.append(button);
    }
    show(true);
  };

  // On the search page: links to the pages of results before and after.
  const pager = (from, end) => {
    const nav = el("nav", "pagination");
    nav.setAttribute("aria-label", say("pages"));
    const link = (page, text, rel) => {
      const params = new URLSearchParams(location.search), a = el("a", rel, text);
      params.set("page", page);
      a.href = "?" + params;
      a.rel = rel;
      nav.append(a);
    };
    const page = from / PAGE + 1;
    if (from > 0) link(page - 1, say("previous_page"), "prev");
    if (end < state.list.length) link(page + 1, say("next_page"), "next");
    if (nav.firstChild) box.append(nav);
  };

  // The search page's filters (see `filters` in src/search/mod.rs): the
  // documents every chosen one holds, or null for no filter.
  const filtered = async () => {
    if (!filters) return null;
    const chosen = [...filtersBox.querySelectorAll("select[data-kind]")].map(s => s.value).filter(Boolean);
    if (!chosen.length) return null;
    const sets = await Promise.all(chosen.map(load));
    return sets.reduce((all, set) => {
      const docs = new Set(set ? members(set) : []);
      return all ? new Set([...all].filter(d => docs.has(d))) : docs;
    }, null);
  };
  const filterForm = async () => {
    filters = await load("filters");
    if (!filters || !meta) return;
    const params = new URLSearchParams(location.search);
    filtersBox.textContent = "";
    const select = (label, name, options, value) => {
      const l = el("label", "search-filter"), s = el("select");
      s.name = name;
      l.append(el("span", "", label), s);
      for (const [text, v] of options) {
        const o = el("option", "", text);
        o.value = v;
        o.selected = v == value;
        s.append(o);
      }
      filtersBox.append(l);
      return s;
    };
    for (const [kind, word] of [["sections", "section"], ["categories", "category"], ["tags", "tag"]]) {
      const list = filters[kind];
      if (!list || !list.length) continue;
      const name = word, chosen = params.get(name);
      const s = select(say(word), name, [[say("filter_all"), ""], ...list.map(([n, f]) => [n, f])],
        (list.find(([n]) => n == chosen) || [])[1]);
      s.dataset.kind = kind;
    }
    if (filters.languages) {
      const own = filters.languages.find(([, , r]) => new URL(r, root).href == root.href);
      select(say("language"), "language", filters.languages.map(([tag, n, r]) => [n, tag]), own && own[0]);
    }
    filtersBox.hidden = !filtersBox.firstChild;
    filtersBox.addEventListener("change", e => {
      const s = e.target, params = new URLSearchParams(location.search);
      params.delete("page");
      if (s.name == "language") {
        const to = filters.languages.find(([tag]) => tag == s.value);
        // That language's search page, with the same query.
        location.href = new URL(to[2] + "search/" + (files ? "index.html" : "") + "?q=" + encodeURIComponent(input.value), root).href;
        return;
      }
      const o = s.selectedOptions[0];
      if (o.value) params.set(s.name, o.textContent);
      else params.delete(s.name);
      history.replaceState(null, "", "?" + params);
      run();
    });
  };

  const run = () => {
    clearTimeout(timer);
    if (listing) {
      const params = new URLSearchParams(location.search);
      if (input.value.trim() != (params.get("q") || "").trim()) {
        params.set("q", input.value);
        params.delete("page");
        history.replaceState(null, "", "?" + params);
      }
    }
    if (input.value.trim()) return search(input.value);
    token++;
    said = null;
    box.textContent = "";
    show(false);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  });
  input.addEventListener("focus", () => input.value.trim() && box.firstChild && show(true));
  form.addEventListener("submit", e => {
    const first = !listing && !dropdown.hidden && dropdown.querySelector("a");
    if (first) location.href = first.href;
    else if (!meta) return; // no index: the form goes to the search page
    e.preventDefault();
    if (!first) run();
  });
  // ↑ and ↓ move through the results (and the button for more), Escape
  // closes them and returns to the box.
  form.addEventListener("keydown", e => {
    const items = [...dropdown.querySelectorAll("a, button")], i = items.indexOf(document.activeElement);
    if (e.key == "Escape" && !dropdown.hidden) {
      e.preventDefault();
      input.focus();
      show(false);
    } else if ((e.key == "ArrowDown" || e.key == "ArrowUp") && !dropdown.hidden && items.length) {
      e.preventDefault();
      const n = e.key == "ArrowDown" ? Math.min(i + 1, items.length - 1) : i < 0 ? items.length - 1 : i - 1;
      (items[n] || input).focus();
    }
  });
  if (!listing) {
    document.addEventListener("pointerdown", e => form.contains(e.target) || show(false));
    form.addEventListener("focusout", e => e.relatedTarget && !form.contains(e.relatedTarget) && show(false));
  }

  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
  (async () => {
    if (filtersBox) {
      meta = meta || await load("meta");
      if (meta && meta.version == 3) {
        meta.words = meta.words || {};
        await filterForm();
      }
    }
    // This script loads when the box is first used: answer what was typed.
    if (input.value.trim()) run();
  })();
})();
