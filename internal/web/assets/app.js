// emend: search as you type, and seeking the audio from a time link.
// The pages work without this script; it only makes them quicker to use.
(function () {
  "use strict";
  var DEBOUNCE_MS = 200;

  function searchAsYouType() {
    var form = document.getElementById("search-form");
    var box = document.getElementById("q");
    var results = document.getElementById("results");
    if (!form || !box || !results || !window.fetch) return;
    var timer = 0, seq = 0;
    function run() {
      var params = new URLSearchParams(new FormData(form));
      var pageURL = "/?" + params.toString();
      if (!box.value.trim()) {
        // An emptied box empties the results, as the page without a query.
        ++seq;
        results.innerHTML = "";
        history.replaceState(null, "", "/");
        document.title = "Search · emend";
        return;
      }
      params.set("partial", "1");
      var mine = ++seq;
      fetch("/?" + params.toString(), {headers: {"Accept": "text/html"}})
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (mine !== seq) return; // a later query answered first
          results.innerHTML = html;
          // A screen reader hears the summary, not the whole results.
          var status = document.getElementById("status");
          var said = results.querySelector("#summary, [role=alert]");
          if (status) status.textContent = said ? said.textContent : "";
          history.replaceState(null, "", pageURL);
          document.title = box.value + " · emend";
        })
        .catch(function () {});
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    var sounds = document.getElementById("sounds");
    if (sounds) sounds.addEventListener("change", run);
  }

  function seekAudio() {
    var player = document.getElementById("player");
    function fromHash() {
      var m = /^#t=(\d+)$/.exec(location.hash);
      if (m && player) {
        player.currentTime = Number(m[1]);
      }
    }
    if (!player) return;
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.time[data-t]");
      if (!a) return;
      player.currentTime = Number(a.getAttribute("data-t"));
      var p = player.play();
      if (p && p.catch) p.catch(function () {});
    });
    fromHash();
    window.addEventListener("hashchange", fromHash);
  }

  // Tells the style sheet (and the tests) that the script runs.
  document.documentElement.classList.add("js");
  // reviewKeys: single keys on the review pages. j/k move between the
  // groups; a key names the button (or field) of the current group that
  // carries data-key: a accept everywhere, i in this episode, h here only,
  // e edit the right spelling, r reject. The buttons work without it.
  function reviewKeys() {
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));
    var single = document.getElementById("apply-form") || document.getElementById("back");
    if (!groups.length && !single) return;
    var at = 0;
    function current() { return groups[at]; }
    function show(i) {
      if (!groups.length) return;
      at = Math.max(0, Math.min(groups.length - 1, i));
      groups.forEach(function (g) { g.classList.remove("current"); });
      groups[at].classList.add("current");
      groups[at].focus();
    }
    document.addEventListener("focusin", function (ev) {
      var g = ev.target.closest && ev.target.closest("[data-group]");
      if (g) at = Math.max(0, groups.indexOf(g));
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) {
        if (ev.key === "Escape") t.blur();
        return;
      }
      var key = ev.key;
      if (key === "j" && groups.length) { show(at + 1); ev.preventDefault(); return; }
      if (key === "k" && groups.length) { show(at - 1); ev.preventDefault(); return; }
      var scope = groups.length ? current() : document;
      var el = scope && scope.querySelector('[data-key="' + key + '"]');
      if (!el) return;
      ev.preventDefault();
      if (el.tagName === "INPUT") { el.focus(); el.select(); return; }
      el.click();
    });
    if (groups.length) groups[0].classList.add("current");
  }

  document.addEventListener("DOMContentLoaded", function () {
    searchAsYouType();
    seekAudio();
    reviewKeys();
  });
})();
