// datarights document page: choose an answer to highlight its evidence.
// No inline scripts (the CSP forbids them) and no external code.
(function () {
  "use strict";
  const contract = document.getElementById("contract");
  if (!contract) return;

  function select(id, scrollTo, scroll = true) {
    const already = contract.dataset.active === id;
    document.querySelectorAll("mark.ev.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(".item.selected").forEach((i) => {
      i.classList.remove("selected");
      const head = i.querySelector(".item-head");
      if (head) head.setAttribute("aria-pressed", "false");
    });
    if (already || !id) {
      delete contract.dataset.active;
      contract.classList.remove("focused");
      return;
    }
    contract.dataset.active = id;
    contract.classList.add("focused");
    const marks = Array.from(contract.querySelectorAll("mark.ev")).filter((m) =>
      (m.dataset.q || "").split(" ").includes(id)
    );
    marks.forEach((m) => m.classList.add("active"));
    const item = document.getElementById("q-" + id);
    if (item) {
      item.classList.add("selected");
      const head = item.querySelector(".item-head");
      if (head) head.setAttribute("aria-pressed", "true");
    }
    const target = scrollTo ? document.getElementById(scrollTo) : marks[0];
    if (target && scroll) target.scrollIntoView({ block: "center" });
  }

  document.addEventListener("click", (event) => {
    const head = event.target.closest("[data-select]");
    if (head) {
      select(head.dataset.select, null);
      return;
    }
    const cite = event.target.closest("a[data-span]");
    if (cite) {
      event.preventDefault();
      if (contract.dataset.active === cite.dataset.q) contract.dataset.active = "";
      select(cite.dataset.q, cite.dataset.span);
      history.replaceState(null, "", "#" + cite.dataset.span);
      return;
    }
    const mark = event.target.closest("mark.ev");
    if (mark) {
      const first = (mark.dataset.q || "").split(" ")[0];
      const item = document.getElementById("q-" + first);
      select(first, null, false);
      if (item) item.scrollIntoView({ block: "nearest" });
    }
  });
})();
