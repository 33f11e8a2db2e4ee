/* Article Explorer: behaviour for the report fragments built by explorer/interactive.py.
   Plain JavaScript, no dependency, no network. The HTML is complete without it (tables, timeline
   and text are rendered and escaped in Python); this script only adds sorting, filtering,
   the evidence panel and the highlight-layer switches. Article text is only ever read from
   attributes and written with textContent, never parsed as HTML.
   Each fragment is a [data-ae-ix] element; this script may be included once per fragment and
   sets each one up once. */
(function () {
  "use strict";
  if (window.AEX) { window.AEX.init(); return; }

  function json(el, name) {
    var cache = el.__aex || (el.__aex = {});
    if (!(name in cache)) {
      try { cache[name] = JSON.parse(el.getAttribute(name) || "null"); } catch (err) { cache[name] = null; }
    }
    return cache[name];
  }

  function selected(sel) {
    var out = [];
    for (var i = 0; i < sel.options.length; i++) {
      var o = sel.options[i];
      if (o.selected && o.value !== "") { out.push(o.value); }
    }
    return out;
  }

  /* The same rules as explorer.widgets.filter_events: a set filter matches when one of the
     chosen values is among the item's values; a date bound keeps dated items whose
     [d0, d1] interval overlaps it and drops undated ones. */
  function matches(f, crit) {
    var k, want, have, ok, i;
    for (k in crit.sets) {
      want = crit.sets[k];
      if (!want.length) { continue; }
      have = f[k] || [];
      ok = false;
      for (i = 0; i < have.length; i++) { if (want.indexOf(have[i]) >= 0) { ok = true; break; } }
      if (!ok) { return false; }
    }
    if (crit.lo || crit.hi) {
      var s = f.d0 || "", e = f.d1 || "";
      if (!s) { return false; }
      if (!e || e < s) { e = s; }
      if (crit.lo && e < crit.lo) { return false; }
      if (crit.hi && s > crit.hi) { return false; }
    }
    return true;
  }

  function criteria(root) {
    var crit = { sets: {}, lo: "", hi: "" };
    root.querySelectorAll("select[data-filter]").forEach(function (sel) {
      var k = sel.getAttribute("data-filter"), v = selected(sel);
      if (k === "date-from") { crit.lo = v[0] || ""; }
      else if (k === "date-to") { crit.hi = v[0] || ""; }
      else { crit.sets[k] = v; }
    });
    return crit;
  }

  function applyFilters(root) {
    var crit = criteria(root), on = {};
    root.querySelectorAll("[data-f]").forEach(function (el) {
      var ok = matches(json(el, "data-f") || {}, crit);
      el.classList.toggle("ae-hide", !ok);
      if (ok) { on[el.getAttribute("data-key")] = true; }
    });
    root.querySelectorAll("[data-evs]").forEach(function (el) {
      var evs = json(el, "data-evs") || [], any = false;
      for (var i = 0; i < evs.length; i++) { if (on[evs[i]]) { any = true; break; } }
      el.classList.toggle("ae-ev-off", !any);
    });
    var rows = root.querySelectorAll("tbody tr[data-f]"), shown = 0;
    rows.forEach(function (r) { if (!r.classList.contains("ae-hide")) { shown++; } });
    var status = root.querySelector(".ae-status");
    if (status) { status.textContent = shown + " of " + rows.length + " " + (status.getAttribute("data-noun") || "rows") + " shown"; }
  }

  function sortBy(button) {
    var th = button.closest("th"), table = th.closest("table");
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[idx].textContent, y = b.cells[idx].textContent, c;
      if (x === "" && y !== "") { return 1; }            /* empty cells last, either way */
      if (y === "" && x !== "") { return -1; }
      c = x.localeCompare(y, "en", { numeric: true });
      if (dir === "descending") { c = -c; }
      return c || (Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i")));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function show(root, item) {
    var panel = root.querySelector(".ae-detail");
    if (!panel) { return; }
    panel.querySelector(".ae-detail-head").textContent = item.getAttribute("data-head") || "";
    panel.querySelector(".ae-detail-evidence").textContent = item.getAttribute("data-evidence") || "";
    panel.querySelector(".ae-detail-source").textContent = "On the word of: " + (item.getAttribute("data-source") || "(unknown)");
    root.querySelectorAll(".ae-active").forEach(function (x) { x.classList.remove("ae-active"); });
    item.classList.add("ae-active");
  }

  function itemOf(root, target) {
    var it = target && target.closest ? target.closest("[data-evidence]") : null;
    return it && root.contains(it) ? it : null;
  }

  function setup(root) {
    if (root.hasAttribute("data-ae-ready")) { return; }
    root.setAttribute("data-ae-ready", "");
    root.classList.add("ae-js");
    root.addEventListener("change", function (e) {
      var t = e.target;
      if (t.matches("input[data-layer]")) { root.classList.toggle("ae-off-" + t.getAttribute("data-layer"), !t.checked); }
      else if (t.matches("select[data-filter]")) { applyFilters(root); }
    });
    root.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (b && root.contains(b)) {
        if (b.hasAttribute("data-sort")) { sortBy(b); return; }
        if (b.hasAttribute("data-reset")) {
          root.querySelectorAll("select[data-filter]").forEach(function (sel) {
            for (var i = 0; i < sel.options.length; i++) { sel.options[i].selected = sel.options[i].value === "" && !sel.multiple; }
          });
          applyFilters(root);
          return;
        }
      }
      var it = itemOf(root, e.target);
      if (it) { show(root, it); }
    });
    root.addEventListener("mouseover", function (e) { var it = itemOf(root, e.target); if (it) { show(root, it); } });
    root.addEventListener("focusin", function (e) { var it = itemOf(root, e.target); if (it) { show(root, it); } });
    root.addEventListener("keydown", function (e) {
      var it = itemOf(root, e.target);
      if (it && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); show(root, it); }
    });
    root.querySelectorAll("input[data-layer]").forEach(function (t) {
      root.classList.toggle("ae-off-" + t.getAttribute("data-layer"), !t.checked);
    });
    if (root.querySelector("select[data-filter]")) { applyFilters(root); }
  }

  function init() {
    document.querySelectorAll("[data-ae-ix]").forEach(setup);
  }

  window.AEX = { init: init, setup: setup, matches: matches };
  init();
})();
