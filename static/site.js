// Theme toggle: follows the system until the reader chooses, then remembers.
(() => {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const dark = () =>
    root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  const sync = () => button.setAttribute("aria-pressed", String(dark()));
  button.hidden = false;
  sync();
  button.addEventListener("click", () => {
    root.dataset.theme = dark() ? "light" : "dark";
    try { localStorage.setItem("lectern-theme", root.dataset.theme); } catch (e) {}
    sync();
  });
})();
