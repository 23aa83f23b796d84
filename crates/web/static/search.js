// The search of a published copy of the portal: no server behind it, so the page
// reads the words from its address, loads the partnership's index (search.json,
// written by `zusterstad publish`) and lists what matches, in the browser. Words are
// compared after Unicode normalisation (NFKC) and in lower case, as parts of the
// texts, so Japanese needs no word breaks: 伝統 finds 伝統工芸.
(function () {
  "use strict";
  var box = document.getElementById("static-search");
  if (!box) return;
  var q = (new URLSearchParams(location.search).get("q") || "").trim().slice(0, 200);
  var input = document.getElementById("search-page-q");
  if (input) input.value = q;
  var everywhere = document.getElementById("search-everywhere");
  if (everywhere && q) everywhere.href = everywhere.getAttribute("data-base") + "?q=" + encodeURIComponent(q);
  if (!q) return;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var norm = function (s) { return String(s || "").normalize("NFKC").toLowerCase(); };
  var terms = norm(q).split(/\s+/).filter(Boolean);
  var say = function (template, n) {
    status.textContent = template.split("{q}").join(q).split("{n}").join(String(n));
  };
  fetch(box.getAttribute("data-index"))
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
    .then(function (entries) {
      var hits = [];
      entries.forEach(function (e) {
        var title = norm(e.t), text = norm(e.d);
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          if (title.indexOf(terms[i]) >= 0) score += 2;
          else if (text.indexOf(terms[i]) >= 0) score += 1;
          else return;
        }
        hits.push({ score: score, entry: e });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
      hits.slice(0, 50).forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = h.entry.u;
        a.textContent = h.entry.t;
        var kind = document.createElement("span");
        kind.className = "meta";
        kind.textContent = h.entry.k || "";
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
        if (h.entry.d) {
          li.appendChild(document.createElement("br"));
          li.appendChild(document.createTextNode(h.entry.d));
        }
        list.appendChild(li);
      });
      if (hits.length === 0) say(box.getAttribute("data-none"), 0);
      else say(box.getAttribute(hits.length === 1 ? "data-one" : "data-other"), hits.length);
    })
    .catch(function () { say(box.getAttribute("data-none"), 0); });
})();
