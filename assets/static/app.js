// News archive: small enhancements on top of pages that work without
// script. Suggestions under the search box (the ARIA 1.2 combobox
// pattern), "/" to focus the search box, and the filter box above the
// actor facet.
(function () {
  "use strict";

  // isTyping tells whether a key press belongs to a field, not the page.
  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function setupSlash(input) {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  function setupSuggest(input, list) {
    var timer = 0;
    var active = -1;
    var items = [];
    var seq = 0;
    var controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(i) {
      items.forEach(function (it, j) { it.el.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", items[i].el.id);
        items[i].el.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      list.textContent = "";
      items = [];
      active = -1;
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "suggestion " + s.type;
        var text = document.createElement("span");
        text.className = "text";
        text.textContent = s.text;
        li.appendChild(text);
        var note = document.createElement("span");
        note.className = "note";
        note.textContent = s.type === "actor" ? (s.kind || "actor") + (s.count ? " · " + s.count : "") : "article";
        li.appendChild(note);
        // mousedown, not click: the input's blur would close the list first.
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
        items.push({ el: li, url: s.url });
      });
      var open = items.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 1 || q.length > 100) { close(); return; }
      var mine = ++seq;
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch("/api/suggest?q=" + encodeURIComponent(q), controller ? { signal: controller.signal } : {})
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          if (mine !== seq || document.activeElement !== input) return;
          show(data.suggestions || []);
        })
        .catch(function () { /* a failed suggestion is no news; the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { if (e.key === "ArrowDown") fetchSuggestions(); return; }
        e.preventDefault();
        var n = items.length;
        var next = e.key === "ArrowDown" ? active + 1 : active - 1;
        if (next >= n) next = -1;
        if (next < -1) next = n - 1;
        highlight(next);
      } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
        e.preventDefault();
        window.location.href = items[active].url;
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function setupFacetFilter(input) {
    var section = document.querySelector("." + input.getAttribute("data-filter-for"));
    if (!section) return;
    input.parentElement.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      section.querySelectorAll("li.facet-item").forEach(function (li) {
        var label = (li.getAttribute("data-label") || "").toLowerCase();
        li.hidden = needle !== "" && label.indexOf(needle) === -1;
      });
      // A match folded away under "Show more" must be visible.
      section.querySelectorAll("details.more").forEach(function (d) {
        if (needle !== "") d.open = true;
      });
    });
  }

  function start() {
    var input = document.getElementById("q");
    var list = document.getElementById("suggestions");
    if (input) setupSlash(input);
    if (input && list && window.fetch) setupSuggest(input, list);
    document.querySelectorAll("input.facet-filter").forEach(setupFacetFilter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
