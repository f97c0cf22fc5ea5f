// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // On wide screens the filter panel sits beside the results: open it there.
  const panel = document.querySelector("details.filter-panel");
  if (panel && window.matchMedia("(min-width: 60em)").matches) {
    panel.open = true;
  }
});
