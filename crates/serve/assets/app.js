// Parallax web UI: small conveniences on top of pages that work without JavaScript.
// Loaded from /static/app.js (the Content-Security-Policy allows no inline script); it never
// inserts markup from strings, only elements built with the DOM API.
"use strict";

// Technique toggles: a checkbox per technique in the legend shows or hides its highlighting.
// A highlight carrying several techniques (data-ts) takes the colour of the first shown one.
function setUpLegend() {
  const legend = document.getElementById("legend");
  const body = document.getElementById("body");
  if (!legend || !body) return;
  const items = legend.querySelectorAll("li[data-t]");
  if (items.length === 0) return;
  const shown = new Set();
  const marks = body.querySelectorAll("mark.t");

  function repaint() {
    for (const mark of marks) {
      const list = (mark.dataset.ts || "").split(" ").filter((t) => t !== "");
      const visible = list.filter((t) => shown.has(t));
      for (const t of list) mark.classList.remove("c" + t);
      if (visible.length === 0) {
        mark.classList.add("off");
      } else {
        mark.classList.remove("off");
        mark.classList.add("c" + visible[0]);
      }
      mark.classList.toggle("multi", visible.length > 1);
    }
  }

  for (const item of items) {
    const t = item.dataset.t;
    shown.add(t);
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.className = "toggle";
    box.setAttribute("aria-label", "Highlight this technique");
    box.addEventListener("change", () => {
      if (box.checked) shown.add(t);
      else shown.delete(t);
      repaint();
    });
    item.insertBefore(box, item.firstChild);
  }

  const all = document.createElement("button");
  all.type = "button";
  all.className = "toggle-all";
  all.textContent = "Hide all highlights";
  all.addEventListener("click", () => {
    const hide = shown.size > 0;
    for (const box of legend.querySelectorAll("input.toggle")) {
      box.checked = !hide;
      const t = box.parentElement.dataset.t;
      if (hide) shown.delete(t);
      else shown.add(t);
    }
    all.textContent = hide ? "Show all highlights" : "Hide all highlights";
    repaint();
  });
  legend.appendChild(all);
}

// Claim rows in the event matrix: clicking a claim's cell jumps to the article that states it
// (the cells are already links; this only keeps the row highlighted while reading).
function setUpMatrix() {
  const matrix = document.querySelector("table.matrix");
  if (!matrix) return;
  matrix.addEventListener("mouseover", (event) => {
    const row = event.target.closest("tr");
    for (const r of matrix.querySelectorAll("tr.hover")) r.classList.remove("hover");
    if (row) row.classList.add("hover");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpLegend();
  setUpMatrix();
});
