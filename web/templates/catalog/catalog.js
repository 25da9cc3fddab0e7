// The catalog's progressive enhancements: a zoomable, draggable flowchart and the YAML editor's line numbers
// and live checking. Every page works without this file.
(function () {
  "use strict";

  function chart(box) {
    var svg = box.querySelector("svg");
    var card = box.closest(".chart-card");
    var w = parseFloat(box.getAttribute("data-width")), h = parseFloat(box.getAttribute("data-height"));
    if (!svg || !(w > 0) || !(h > 0)) return;
    var level = card.querySelector(".zoom-level");
    var scale = 1;
    function apply(s) {
      scale = Math.max(0.25, Math.min(3, s));
      svg.setAttribute("width", Math.round(w * scale));
      svg.setAttribute("height", Math.round(h * scale));
      if (level) level.textContent = Math.round(scale * 100) + "%";
    }
    function fit() { return Math.min(1, Math.max(0.25, (box.clientWidth - 18) / w)); }
    apply(fit());
    card.addEventListener("click", function (e) {
      var b = e.target.closest("[data-zoom]");
      if (!b) return;
      var z = b.getAttribute("data-zoom");
      apply(z === "in" ? scale * 1.25 : z === "out" ? scale / 1.25 : z === "fit" ? fit() : 1);
    });
    box.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      apply(scale * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    }, { passive: false });
    var drag = null;
    box.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop, moved: false };
    });
    window.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      box.classList.add("dragging");
      box.scrollLeft = drag.left - dx;
      box.scrollTop = drag.top - dy;
    });
    window.addEventListener("pointerup", function () {
      if (drag && drag.moved) {
        box.addEventListener("click", function stop(ev) { ev.preventDefault(); ev.stopPropagation(); }, { capture: true, once: true });
      }
      drag = null;
      box.classList.remove("dragging");
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "+" || e.key === "=") apply(scale * 1.25);
      else if (e.key === "-") apply(scale / 1.25);
      else if (e.key === "0") apply(fit());
    });
  }

  function editor(ed) {
    var ta = ed.querySelector("textarea");
    var form = ed.closest("form");
    var gutter = ed.querySelector(".editor-gutter");
    var marks = ed.querySelector(".editor-marks");
    var notes = ed.querySelector(".editor-notes");
    var count = document.getElementById("editor-count");
    var list = document.getElementById("findings-list");
    var status = document.getElementById("lint-status");
    var button = document.getElementById("lint-now");
    var t = function (k) { return ed.getAttribute("data-t-" + k) || ""; };
    var lh = 20, pad = 12, timer = null, seq = 0, shown = 0;

    function grow() {
      ta.style.height = "auto";
      ta.style.height = (ta.scrollHeight + 2) + "px";
    }
    function lineCount() { return ta.value.split("\n").length; }
    function severities(findings) {
      var sev = {};
      findings.forEach(function (f) { if (sev[f.line] !== "error") sev[f.line] = f.severity; });
      return sev;
    }
    function renumber(findings) {
      var n = lineCount(), sev = severities(findings || []), html = [];
      for (var i = 1; i <= n; i++) html.push(sev[i] ? '<span class="sev-' + sev[i] + '">' + i + "</span>" : "<span>" + i + "</span>");
      gutter.innerHTML = html.join("");
      shown = n;
    }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function lineLabel(n) { return t("line").replace("%d", n); }
    function layoutNotes() {
      var bottom = 0;
      Array.prototype.forEach.call(notes.querySelectorAll(".note"), function (n) {
        var line = parseInt(n.getAttribute("data-line"), 10) || 1;
        var top = Math.max(pad + (line - 1) * lh - 2, bottom + 4);
        n.style.top = top + "px";
        bottom = top + n.offsetHeight;
      });
      notes.style.minHeight = (bottom + pad) + "px";
    }
    function render(findings) {
      var n = lineCount();
      findings.forEach(function (f) { f.line = Math.min(Math.max(f.line || 1, 1), n); });
      renumber(findings);
      marks.innerHTML = "";
      notes.innerHTML = "";
      list.innerHTML = "";
      var errors = 0, warnings = 0;
      findings.forEach(function (f) {
        if (f.severity === "error") errors++; else warnings++;
        var m = el("i", "sev-" + f.severity);
        m.style.setProperty("--line", f.line);
        marks.appendChild(m);
        var note = el("button", "note sev-" + f.severity);
        note.type = "button";
        note.setAttribute("data-line", f.line);
        note.appendChild(el("b", "", lineLabel(f.line)));
        note.appendChild(document.createTextNode(" " + f.message + " "));
        note.appendChild(el("code", "", f.rule));
        notes.appendChild(note);
        var li = el("li", "finding sev-" + f.severity);
        li.setAttribute("data-line", f.line);
        li.appendChild(el("span", "finding-pos", lineLabel(f.line)));
        li.appendChild(el("span", "finding-msg", f.message));
        list.appendChild(li);
      });
      list.hidden = !findings.length;
      count.innerHTML = "";
      if (errors) count.appendChild(el("span", "sev-pill sev-error", t("errors").replace("%d", errors)));
      if (warnings) count.appendChild(el("span", "sev-pill sev-warning", t("warnings").replace("%d", warnings)));
      if (!errors && !warnings) count.appendChild(el("span", "sev-pill sev-ok", t("ok")));
      layoutNotes();
    }
    function lint() {
      var token = form.querySelector("input[name=csrf_token]").value;
      var mine = ++seq;
      status.textContent = t("checking");
      fetch("/api/v1/catalog/lint", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify({ yaml: ta.value, id: ed.getAttribute("data-id"), version: parseInt(ed.getAttribute("data-version"), 10) || 0 })
      }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (mine !== seq) return;
          if (!res.ok) { status.textContent = (res.body && res.body.detail) || t("failed"); return; }
          render(res.body.findings || []);
          status.textContent = t("checked");
        })
        .catch(function () { if (mine === seq) status.textContent = t("failed"); });
    }
    function goTo(line) {
      var lines = ta.value.split("\n"), start = 0;
      for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
      var end = start + (lines[line - 1] || "").length;
      ta.focus({ preventScroll: true });
      ta.setSelectionRange(start, end);
      var y = ta.getBoundingClientRect().top + window.scrollY + pad + (line - 1) * lh - window.innerHeight / 3;
      window.scrollTo({ top: Math.max(0, y), behavior: "smooth" });
    }

    grow();
    layoutNotes();
    if (button) button.hidden = false;
    ta.addEventListener("input", function () {
      grow();
      if (lineCount() !== shown) renumber([]);
      Array.prototype.forEach.call(notes.querySelectorAll(".note"), function (n) { n.classList.add("stale"); });
      clearTimeout(timer);
      timer = setTimeout(lint, 800);
    });
    ta.addEventListener("keydown", function (e) {
      if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        var s = ta.selectionStart;
        ta.setRangeText("  ", s, ta.selectionEnd, "end");
        ta.dispatchEvent(new Event("input"));
      }
    });
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); form.requestSubmit(); }
    });
    if (button) button.addEventListener("click", lint);
    document.addEventListener("click", function (e) {
      var n = e.target.closest("[data-line]");
      if (n && (notes.contains(n) || list.contains(n))) goTo(parseInt(n.getAttribute("data-line"), 10) || 1);
    });
    shown = lineCount();
    window.addEventListener("resize", layoutNotes);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), chart);
    var ed = document.getElementById("editor");
    if (ed) editor(ed);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
