// Outline page: expand or collapse every section of the table of contents at once.
document.addEventListener("DOMContentLoaded", () => {
  const tools = document.querySelector("[data-toc-tools]");
  if (!tools) return;
  const sections = () => document.querySelectorAll(".outline-toc details");
  tools.hidden = false;
  tools.querySelector("[data-toc-expand]").addEventListener("click", () => {
    for (const d of sections()) d.open = true;
  });
  tools.querySelector("[data-toc-collapse]").addEventListener("click", () => {
    for (const d of sections()) d.open = false;
  });
  // Following a link to a clause opens the contents entry that leads to it.
  const reveal = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const link = id && document.querySelector(`.outline-toc a[href="#${CSS.escape(id)}"]`);
    for (let el = link && link.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  };
  window.addEventListener("hashchange", reveal);
  reveal();
});
