// emend site: search in the browser over the split index in search/
// (internal/site/splitindex.go, docs/site.md). It fetches only what a
// query needs: meta.json once, the dictionary shards of the query's
// words, the posting blocks of those words for the episodes it shows,
// and the text chunks of the passages it shows. No build step; the page
// says, without JavaScript, where else to go.
(function () {
  "use strict";
  var BASE = "search/";
  var DEBOUNCE_MS = 250;
  var K1 = 1.2, B = 0.75; // BM25, over episodes
  var MAX_ROUNDS = 6; // rounds of checking candidates before "More results"
  var MAX_PREFIX_SHARDS = 3; // shards a prefix may span
  var MIN_PREFIX = 2;
  var WORD = /[\p{L}\p{N}\p{M}]+(?:[-._'\u2019][\p{L}\p{N}\p{M}]+)*/gu;

  var cache = {};
  var state = {bytes: 0, files: 0};
  window.emendSearch = state; // for the tests: what a query fetched

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(BASE + path).then(function (r) {
        if (!r.ok) throw new Error("could not load " + path + " (" + r.status + ")");
        return r.text();
      }).then(function (t) {
        state.bytes += new Blob([t]).size;
        state.files++;
        return JSON.parse(t);
      });
    }
    return cache[path];
  }

  function fold(w) { return w.toLowerCase().replace(/\u2019/g, "'"); }

  // words splits a text into folded words as emend's index does: word
  // characters joined by - . _ and apostrophes, a possessive 's dropped.
  function words(text) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var w = m[0].replace(/['\u2019][sS]$/, "");
      out.push(fold(w));
    }
    return out;
  }

  // parse reads a query: words, "phrases", -exclusions, prefix*, a OR b
  // (words or prefixes), and the filters show:, year:, episode:. An item
  // is a phrase (kind "p": its words in a row) or a word (kind "w": any
  // of its terms, and of the words its prefixes expand to).
  function parse(q) {
    var query = {must: [], not: [], show: "", years: null, episodes: null, error: ""};
    var re = /(-?)"([^"]*)"?|(\S+)/g, m, or = false;
    while ((m = re.exec(q)) !== null) {
      var neg = m[1] === "-", item = null;
      if (m[3] === "OR") {
        var last = query.must[query.must.length - 1];
        if (!last || last.kind !== "w" || or) { query.error = "OR goes between two words (or prefixes)"; return query; }
        or = true;
        continue;
      }
      if (m[2] !== undefined && m[3] === undefined) {
        var ws = words(m[2]);
        if (!ws.length) continue;
        item = ws.length === 1 ? {kind: "w", terms: ws} : {kind: "p", terms: ws};
      } else {
        var w = m[3];
        if (w.charAt(0) === "-" && w.length > 1) { neg = true; w = w.slice(1); }
        var f = /^(show|year|episode):(.+)$/i.exec(w);
        if (f && !neg) {
          var key = f[1].toLowerCase(), val = f[2].replace(/^"|"$/g, "");
          if (key === "show") query.show = fold(val);
          else {
            var r = /^(\d+)(?:-(\d+))?$/.exec(val);
            if (!r) { query.error = key + ": wants a number or a range such as 2020-2022"; return query; }
            var range = [Number(r[1]), Number(r[2] || r[1])];
            if (key === "year") query.years = range; else query.episodes = range;
          }
          continue;
        }
        if (/\*$/.test(w)) {
          var p = words(w.slice(0, -1));
          if (p.length !== 1 || p[0].length < MIN_PREFIX) {
            query.error = "a prefix needs at least " + MIN_PREFIX + " letters before the *";
            return query;
          }
          item = {kind: "w", terms: [], prefixes: [p[0]]};
        } else {
          var ts = words(w);
          if (!ts.length) continue;
          item = ts.length === 1 ? {kind: "w", terms: ts} : {kind: "p", terms: ts};
        }
      }
      if (or) {
        or = false;
        if (neg || item.kind !== "w") { query.error = "OR goes between two words (or prefixes), not phrases or exclusions"; return query; }
        var prev = query.must[query.must.length - 1];
        prev.terms = prev.terms.concat(item.terms);
        prev.prefixes = (prev.prefixes || []).concat(item.prefixes || []);
        continue;
      }
      (neg ? query.not : query.must).push(item);
    }
    if (or) { query.error = "OR goes between two words (or prefixes)"; return query; }
    if (!query.must.length && !query.error) {
      query.error = query.not.length ? "a query needs a word to look for, not only words to leave out" : "";
    }
    return query;
  }

  // textDir is where an episode's text chunks are, under x/.
  function textDir(meta, ep) {
    var key = meta.key[ep];
    return meta.showDir[meta.show[ep]] + "/" + (key === undefined ? meta.number[ep] : key);
  }

  function shardOf(meta, term) {
    var s = meta.shards, lo = 0, hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // entries fetches the dictionary entries of the query's terms, and
  // expands its prefixes to their most frequent words.
  function entries(meta, query) {
    var found = {}, jobs = [];
    function need(term) {
      jobs.push(get("t/" + shardOf(meta, term) + ".json").then(function (sh) {
        if (sh[term]) found[term] = sh[term];
      }));
    }
    query.must.concat(query.not).forEach(function (it) {
      it.terms.forEach(need);
      (it.prefixes || []).forEach(function (prefix) {
        var first = shardOf(meta, prefix), shards = [first];
        for (var i = first + 1; i < meta.shards.length && i < first + MAX_PREFIX_SHARDS &&
          meta.shards[i].lastIndexOf(prefix, 0) === 0; i++) shards.push(i);
        jobs.push(Promise.all(shards.map(function (k) { return get("t/" + k + ".json"); })).then(function (list) {
          var cands = [];
          list.forEach(function (sh) {
            for (var t in sh) if (t.lastIndexOf(prefix, 0) === 0) { cands.push(t); found[t] = sh[t]; }
          });
          cands.sort(function (a, b) { return found[b][0] - found[a][0] || (a < b ? -1 : 1); });
          cands.slice(0, meta.expand).forEach(function (t) { if (it.terms.indexOf(t) < 0) it.terms.push(t); });
        }));
      });
    });
    return Promise.all(jobs).then(function () { return found; });
  }

  // episodesOf decodes an entry's episodes: episode -> segments holding it.
  function episodesOf(entry) {
    var m = new Map(), list = entry[1], ep = 0;
    for (var i = 0; i < list.length; i += 2) { ep += list[i]; m.set(ep, list[i + 1]); }
    return m;
  }

  // itemEpisodes: the episodes where an item may match, with a count.
  function itemEpisodes(it, found) {
    var maps = it.terms.map(function (t) { return found[t] ? episodesOf(found[t]) : new Map(); });
    if (!maps.length) return new Map();
    var out = new Map();
    if (it.kind === "p") { // every word of the phrase
      maps[0].forEach(function (n, ep) {
        var c = n;
        for (var k = 1; k < maps.length; k++) {
          if (!maps[k].has(ep)) return;
          c = Math.min(c, maps[k].get(ep));
        }
        out.set(ep, c);
      });
      return out;
    }
    maps.forEach(function (m) { m.forEach(function (n, ep) { out.set(ep, (out.get(ep) || 0) + n); }); });
    return out;
  }

  function passesFilters(meta, query, ep) {
    if (query.show && meta.shows[meta.show[ep]].toLowerCase().indexOf(query.show) < 0) return false;
    if (query.years && !(meta.year[ep] >= query.years[0] && meta.year[ep] <= query.years[1])) return false;
    if (query.episodes && !(meta.number[ep] >= query.episodes[0] && meta.number[ep] <= query.episodes[1])) return false;
    return true;
  }

  // candidates ranks the episodes that hold every item (BM25 over
  // episodes: how many of its segments hold each item, against its length).
  function candidates(meta, query, found) {
    var n = meta.show.length;
    var maps = query.must.map(function (it) { return itemEpisodes(it, found); });
    var idf = maps.map(function (m) { return Math.log(1 + (n - m.size + 0.5) / (m.size + 0.5)); });
    query.idf = idf;
    maps.sort(function (a, b) { return a.size - b.size; });
    var out = [];
    maps[0].forEach(function (_, ep) {
      if (!passesFilters(meta, query, ep)) return;
      for (var k = 1; k < maps.length; k++) if (!maps[k].has(ep)) return;
      out.push(ep);
    });
    var byItem = query.must.map(function (it) { return itemEpisodes(it, found); });
    var score = new Map();
    out.forEach(function (ep) {
      var s = 0, len = meta.length[ep] / meta.avgLength;
      byItem.forEach(function (m, k) {
        var tf = m.get(ep) || 0;
        s += idf[k] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len));
      });
      score.set(ep, s);
    });
    out.sort(function (a, b) { return score.get(b) - score.get(a) || a - b; });
    return out;
  }

  // postings: a term's segments in an episode, each with its positions.
  function postings(found, term, ep) {
    var entry = found[term];
    if (!entry || !episodesOf(entry).has(ep)) return Promise.resolve(new Map());
    var blocks = entry[2], load;
    if (!blocks.h) load = Promise.resolve(blocks);
    else { // block k holds the episodes from b[k] to b[k+1]
      var k = 0;
      for (var i = 1; i < blocks.b.length && blocks.b[i] <= ep; i++) k = i;
      load = get("p/" + blocks.h.slice(0, 2) + "/" + blocks.h.slice(2) + "-" + k + ".json");
    }
    return load.then(function (bl) {
      var out = new Map(), at = bl.e.indexOf(ep);
      if (at < 0) return out;
      var p = bl.p[at], seg = -1;
      for (var j = 0; j < p.length;) {
        seg = seg < 0 ? p[j] : seg + p[j];
        var np = p[j + 1];
        out.set(seg, p.slice(j + 2, j + 2 + np));
        j += 2 + np;
      }
      return out;
    });
  }

  // itemSegments: the segments of an episode where an item matches, with
  // how many times.
  function itemSegments(it, found, ep) {
    return Promise.all(it.terms.map(function (t) { return postings(found, t, ep); })).then(function (lists) {
      var out = new Map();
      if (!lists.length) return out;
      if (it.kind !== "p") {
        lists.forEach(function (l) { l.forEach(function (pos, s) { out.set(s, (out.get(s) || 0) + pos.length); }); });
        return out;
      }
      lists[0].forEach(function (pos, s) {
        var c = 0;
        pos.forEach(function (p0) {
          for (var k = 1; k < lists.length; k++) {
            var l = lists[k].get(s);
            if (!l || l.indexOf(p0 + k) < 0) return;
          }
          c++;
        });
        if (c) out.set(s, c);
      });
      return out;
    });
  }

  // verify finds an episode's matching segments: every item, no excluded one.
  function verify(query, found, ep) {
    var must = Promise.all(query.must.map(function (it) { return itemSegments(it, found, ep); }));
    var not = Promise.all(query.not.map(function (it) { return itemSegments(it, found, ep); }));
    return Promise.all([must, not]).then(function (r) {
      var maps = r[0], nots = r[1], hits = [];
      maps[0].forEach(function (_, s) {
        var score = 0;
        for (var k = 0; k < maps.length; k++) {
          if (!maps[k].has(s)) return;
          score += maps[k].get(s) * query.idf[k];
        }
        for (var j = 0; j < nots.length; j++) if (nots[j].has(s)) return;
        hits.push({seg: s, score: score});
      });
      return {ep: ep, hits: hits};
    });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function clock(sec) {
    var two = function (v) { return v < 10 ? "0" + v : "" + v; };
    return Math.floor(sec / 3600) + ":" + two(Math.floor(sec / 60) % 60) + ":" + two(sec % 60);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // marked appends a text to a node, the query's words in <mark>.
  function marked(node, text, hl) {
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      var w = fold(m[0].replace(/['\u2019][sS]$/, "")), parts = w.split(/[-._]/);
      if (hl.has(w) || parts.some(function (p) { return hl.has(p); })) {
        node.appendChild(document.createTextNode(text.slice(last, m.index)));
        node.appendChild(el("mark", "", m[0]));
        last = m.index + m[0].length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  // Search is one query's run: its candidates, and the episodes shown.
  function Search(meta, query, found, view) {
    this.meta = meta; this.query = query; this.found = found; this.view = view;
    this.cands = candidates(meta, query, found);
    this.next = 0;
    this.shown = 0;
    this.matched = 0;
    this.hl = new Set();
    var hl = this.hl;
    query.must.forEach(function (it) { it.terms.forEach(function (t) { hl.add(t); }); });
  }

  // page checks candidates until a page of episodes with passages is found.
  Search.prototype.page = function () {
    var self = this, meta = this.meta, found = [], rounds = 0;
    function round() {
      var need = meta.perPage - found.length;
      var batch = self.cands.slice(self.next, self.next + need);
      self.next += batch.length;
      rounds++;
      return Promise.all(batch.map(function (ep) { return verify(self.query, self.found, ep); })).then(function (rs) {
        rs.forEach(function (r) { if (r.hits.length) found.push(r); });
        if (found.length < meta.perPage && self.next < self.cands.length && rounds < MAX_ROUNDS) return round();
        return found;
      });
    }
    return round().then(function (eps) { return self.render(eps); });
  };

  Search.prototype.render = function (eps) {
    var self = this, meta = this.meta, per = meta.perEpisode, chunk = meta.chunk;
    var loads = eps.map(function (r) {
      r.hits.sort(function (a, b) { return b.score - a.score || a.seg - b.seg; });
      r.count = r.hits.length;
      r.shown = r.hits.slice(0, per).sort(function (a, b) { return a.seg - b.seg; });
      var chunks = {};
      r.shown.forEach(function (h) { chunks[Math.floor(h.seg / chunk)] = true; });
      var ks = Object.keys(chunks).map(Number);
      return Promise.all([
        get("e/" + Math.floor(r.ep / meta.metaEpisodes) + ".json"),
        Promise.all(ks.map(function (k) { return get("x/" + textDir(meta, r.ep) + "/" + k + ".json"); }))
      ]).then(function (got) {
        r.info = got[0][r.ep % meta.metaEpisodes];
        r.chunks = {};
        ks.forEach(function (k, i) { r.chunks[k] = got[1][i]; });
        return r;
      });
    });
    return Promise.all(loads).then(function (rs) {
      var list = self.view.list;
      rs.forEach(function (r) { list.appendChild(self.group(r)); });
      self.shown += rs.length;
      self.matched = self.shown;
    });
  };

  Search.prototype.group = function (r) {
    var meta = this.meta, chunk = meta.chunk, hl = this.hl;
    var li = el("li", "group"), h = el("h2"), a = el("a", "", r.info[1]);
    a.href = r.info[0];
    h.appendChild(a);
    li.appendChild(h);
    var bits = [meta.shows[meta.show[r.ep]]];
    if (meta.number[r.ep] >= 0) bits.push("episode " + meta.number[r.ep]);
    if (r.info[2]) bits.push(r.info[2]);
    bits.push(r.count + (r.count === 1 ? " passage" : " passages"));
    li.appendChild(el("p", "meta", bits.join(" · ")));
    r.shown.forEach(function (hit) {
      var k = Math.floor(hit.seg / chunk), c = r.chunks[k], i = hit.seg - k * chunk, s = c.s[i];
      var prev = i > 0 ? c.s[i - 1][0] : c.prev;
      var anchor = s[0] >= 0 && (hit.seg === 0 || prev !== s[0]) ? "t=" + s[0] : "s" + hit.seg;
      var div = el("div", "passage"), t = el("a", "time");
      t.href = r.info[0] + "#" + anchor;
      t.appendChild(el("span", "visually-hidden", "Read at "));
      t.appendChild(document.createTextNode(s[0] >= 0 ? clock(s[0]) : "Read"));
      div.appendChild(t);
      for (var j = Math.max(0, i - 1); j <= Math.min(c.s.length - 1, i + 1); j++) {
        var line = el("p", j === i ? "line hit" : "line"), seg = c.s[j];
        if (c.sp[seg[1]]) line.appendChild(el("b", "", c.sp[seg[1]] + ": "));
        marked(line, seg[2], hl);
        div.appendChild(line);
      }
      li.appendChild(div);
    });
    return li;
  };

  function setup() {
    var form = document.getElementById("site-search");
    var box = document.getElementById("q");
    var results = document.getElementById("results");
    var status = document.getElementById("status");
    if (!form || !box || !results || !window.fetch) return;
    document.documentElement.classList.add("js");
    var seq = 0, timer = 0, baseTitle = document.title;
    function show(node) {
      results.textContent = "";
      if (node) results.appendChild(node);
    }
    function message(cls, text, role) {
      var p = el("p", cls, text);
      if (role) p.setAttribute("role", role);
      return p;
    }
    function run() {
      var q = box.value.trim(), mine = ++seq;
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
      document.title = (q ? q + " · " : "") + baseTitle;
      state.bytes = 0; state.files = 0; state.query = q; state.done = false;
      results.removeAttribute("data-done");
      if (!q) { show(null); return; }
      var query = parse(q);
      if (query.error || !query.must.length) {
        show(message("error", query.error || "Type a word to look for.", "alert"));
        finish(mine, q);
        return;
      }
      var t0 = Date.now();
      get("meta.json").then(function (meta) {
        return entries(meta, query).then(function (found) {
          if (mine !== seq) return;
          var wrap = el("div"), summary = message("summary", "");
          summary.id = "summary";
          var list = el("ol", "groups");
          wrap.appendChild(summary);
          wrap.appendChild(list);
          var s = new Search(meta, query, found, {list: list});
          var moreBtn = el("button", "more secondary", "More results");
          moreBtn.type = "button";
          function done() {
            if (mine !== seq) return;
            var left = s.next < s.cands.length, every = query.must.length > 1 || query.must[0].kind === "p";
            var txt = plural(s.shown, "episode");
            if (!s.cands.length) txt = "Nothing found. Try fewer words, or a prefix (word*).";
            else if (left) txt = "Showing " + s.shown + " of " + plural(s.cands.length, "episode") + (every ? " that hold every word" : "");
            else if (s.shown < s.cands.length) txt += " with every word in one passage (of " + s.cands.length + " that hold them all)";
            summary.textContent = txt + " · " + Math.round(state.bytes / 1024) + " KB in " + state.files + " files, " + (Date.now() - t0) + " ms";
            if (left && !moreBtn.parentNode) wrap.appendChild(moreBtn);
            if (!left && moreBtn.parentNode) moreBtn.remove();
            if (status) status.textContent = txt;
            finish(mine, q);
          }
          moreBtn.addEventListener("click", function () { moreBtn.disabled = true; s.page().then(function () { moreBtn.disabled = false; done(); }); });
          show(wrap);
          if (!s.cands.length) { done(); return; }
          return s.page().then(done);
        });
      }).catch(function (err) {
        if (mine !== seq) return;
        var why = location.protocol === "file:" ?
          "The search cannot read its index from files opened in the browser: serve the site over HTTP (python3 -m http.server, or any web host)." :
          "The search failed: " + err.message;
        show(message("error", why, "alert"));
        finish(mine, q);
      });
    }
    function finish(mine, q) {
      if (mine !== seq) return;
      state.done = true;
      results.setAttribute("data-done", q);
    }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); run(); });
    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { box.value = q; run(); }
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
