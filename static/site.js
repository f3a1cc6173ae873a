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
  if (new URLSearchParams(location.search).has("q") || document.activeElement === input) load();
})();
