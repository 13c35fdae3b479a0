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

  document.addEventListener("DOMContentLoaded", function () {
    searchAsYouType();
    seekAudio();
  });
})();
