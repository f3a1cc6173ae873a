// Theme toggle: follows the system until the reader chooses, then remembers.
(() => {
  const root = document.documentElement, $ = (s) => document.querySelector(s);
  const button = $(".theme-toggle"), system = matchMedia("(prefers-color-scheme: dark)");
  if (button) {
    const dark = () => (root.dataset.theme ? root.dataset.theme == "dark" : system.matches);
    const sync = () => button.setAttribute("aria-pressed", dark());
    button.hidden = false;
    sync();
    system.addEventListener("change", sync);
    button.onclick = () => {
      root.dataset.theme = dark() ? "light" : "dark";
      try { localStorage.setItem("lectern-theme", root.dataset.theme); } catch (e) {}
      sync();
    };
  }

  // Table of contents: open beside the text on wide screens, folded on narrow
  // ones (article.html sets the first state); marks the section being read.
  const toc = $("details.toc"), wide = matchMedia("(min-width: 64rem)");
  if (!toc) return;
  wide.addEventListener("change", () => (toc.open = wide.matches));
  const links = new Map();
  for (const a of toc.querySelectorAll("a[href^='#']")) {
    const h = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (h) links.set(h, a);
  }
  let current;
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) {
      current?.removeAttribute("aria-current");
      (current = links.get(e.target)).setAttribute("aria-current", "true");
    }
  }, { rootMargin: "0px 0px -70% 0px" });
  links.forEach((_, h) => seen.observe(h));
})();

// Print the answers folded away in <details>, then fold them back.
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details:not([open])")) d.open = d.dataset.print = 1;
});
addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("details[data-print]")) { d.open = false; delete d.dataset.print; }
});

// Glossary definitions show on hover and focus; Escape hides them again
// until the pointer or focus leaves the term.
for (const term of document.querySelectorAll(".glossary")) {
  const reset = () => term.classList.remove("dismissed");
  term.addEventListener("mouseleave", reset);
  term.addEventListener("focusout", reset);
}
document.addEventListener("keydown", e => {
  if (e.key !== "Escape") return;
  for (const term of document.querySelectorAll(".glossary:hover, .glossary:focus-within")) {
    term.classList.add("dismissed");
  }
});

// The search script loads when the reader first turns to the search box (or
// arrives with ?q=), so pages that are only read never download it.
(() => {
  const form = document.querySelector("form.search");
  const input = form && form.querySelector(".search-input");
  if (!input || !form.dataset.script) return;
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    const script = document.createElement("script");
    script.src = form.dataset.script;
    document.head.append(script);
  };
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  if (new URLSearchParams(location.search).has("q") || document.activeElement === input || document.querySelector(".search-listing")) load();
  // "/" goes to the search box, from anywhere but a field being typed in.
  document.addEventListener("keydown", e => {
    if (e.key != "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (e.target.closest && e.target.closest("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    input.focus();
  });
})();

// The words a search result asked to highlight (`?highlight=`), marked in the
// page's text until the reader removes them with one click.
(() => {
  const words = new URLSearchParams(location.search).get("highlight");
  const main = document.querySelector("main"), button = document.querySelector(".unhighlight");
  if (!words || !main) return;
  // As search.js marks its excerpts: a word, or a longer word starting with
  // one of four letters or more (a stem).
  const marks = words.toLowerCase().split(/\s+/).filter(Boolean);
  const hit = w => marks.some(m => w == m || (m.length > 3 && w.startsWith(m)));
  const skip = "script, style, nav, button, mark, .toc, .visually-hidden";
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let first;
  for (const node of nodes) {
    const text = node.data, parts = [];
    let at = 0;
    for (const m of text.matchAll(/[\p{Alphabetic}\p{N}]+/gu)) {
      if (!hit(m[0].toLowerCase())) continue;
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = m[0];
      parts.push(text.slice(at, m.index), mark);
      at = m.index + m[0].length;
      first = first || mark;
    }
    if (parts.length) node.replaceWith(...parts, text.slice(at));
  }
  if (!first) return;
  // A result for a section opens at its heading; one for a page, at the first word.
  if (!location.hash) first.scrollIntoView({ block: "center" });
  if (!button) return;
  button.hidden = false;
  button.onclick = () => {
    for (const mark of main.querySelectorAll("mark.search-hit")) mark.replaceWith(mark.textContent);
    main.normalize();
    button.remove();
    const url = new URL(location.href);
    url.searchParams.delete("highlight");
    history.replaceState(null, "", url);
  };
})();
