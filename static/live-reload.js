// The live-reload client `lectern serve` adds to every page it serves (it is
// never published): it reloads the page when the site is rebuilt, keeping
// the scroll position, and swaps stylesheets in place when only CSS changed.
(() => {
  const script = document.currentScript;
  const version = Number(script.dataset.version);
  const key = "lectern-scroll:" + location.pathname;
  const y = sessionStorage.getItem(key);
  if (y !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, +y));
  }
  // The file name of a stylesheet without its fingerprint: `style`.
  const stem = (href) => href.split("/").pop().split(".")[0];
  const source = new EventSource(script.dataset.events);
  source.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.version === version) return;
    if (message.kind === "css") {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const href = link.getAttribute("href");
        const fresh = Object.keys(message.assets).find((a) => stem(a) === stem(href));
        if (fresh) link.href = href.replace(/[^/]*$/, fresh.split("/").pop());
      }
      return;
    }
    sessionStorage.setItem(key, scrollY);
    location.reload();
  };
})();
