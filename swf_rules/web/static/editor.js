// The regulation editor: validate as the committee types (debounced), show each problem beside its line
// (gutter mark and a note on the same row) and in a list; save with the form token.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  var text = document.getElementById("text");
  var gutter = document.getElementById("gutter");
  var notes = document.getElementById("notes");
  var list = document.getElementById("problems");
  var status = document.getElementById("status");
  var saved = document.getElementById("saved");
  var words = JSON.parse(document.getElementById("words").content.textContent);
  var lang = form.dataset.lang;
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var timer = null, seq = 0, current = [];

  function lines() { return text.value.split("\n").length; }

  function paint() {
    var n = lines(), byLine = {};
    current.forEach(function (p) { if (p.line) { (byLine[p.line] = byLine[p.line] || []).push(p); } });
    var g = [], m = [];
    for (var i = 1; i <= n; i++) {
      var here = byLine[i];
      g.push(here ? '<span class="bad" title="' + esc(msg(here[0])) + '">' + i + "</span>" : String(i));
      m.push("<span" + (here ? ' title="' + esc(here.map(msg).join("\n")) + '"' : "") + ">" +
             (here ? "◀ " + esc(here[0].code + ": " + here[0].message[lang]) : "") + "</span>");
    }
    gutter.innerHTML = g.join("\n");
    notes.innerHTML = m.join("");
    sync();
  }

  function msg(p) {
    var hint = p.hint ? " (" + words.fix + ": " + p.hint[lang] + ")" : "";
    return p.code + ": " + p.message[lang] + hint;
  }

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function sync() { gutter.scrollTop = text.scrollTop; notes.scrollTop = text.scrollTop; }

  function show(problems) {
    current = problems;
    list.innerHTML = "";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.className = "problem " + p.severity;
      li.dataset.line = p.line || "";
      var where = p.line ? words.line + " " + p.line + ":" + p.col : (p.json_path !== "$" ? p.json_path : words.whole);
      li.innerHTML = '<span class="where">' + esc(where) + '</span> <code class="code">' + esc(p.code) +
        '</code> <span class="msg">' + esc(p.message[lang]) + "</span>" +
        (p.hint ? ' <span class="hint">' + esc(words.fix + ": " + p.hint[lang]) + "</span>" : "");
      li.addEventListener("click", function () { go(p.line, p.col); });
      list.appendChild(li);
    });
    status.textContent = problems.length ? words.problems + " " + problems.length : words.valid;
    status.className = "status " + (problems.length ? "has" : "ok");
    paint();
  }

  function go(line, col) {
    if (!line) { return; }
    var parts = text.value.split("\n"), pos = 0;
    for (var i = 0; i < line - 1 && i < parts.length; i++) { pos += parts[i].length + 1; }
    pos += Math.max((col || 1) - 1, 0);
    text.focus();
    text.setSelectionRange(pos, pos);
    text.scrollTop = Math.max(0, (line - 5) * 20);
    sync();
  }

  function check() {
    var mine = ++seq;
    status.textContent = words.checking;
    status.className = "status";
    fetch("/api/v1/validate", {
      method: "POST", headers: {"Content-Type": "application/json"}, credentials: "same-origin",
      body: JSON.stringify({regulation_text: text.value, file: form.dataset.file})
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (mine === seq) { show(data.problems || []); }
    }).catch(function () { status.textContent = "?"; });
  }

  text.addEventListener("input", function () {
    paint();
    clearTimeout(timer);
    timer = setTimeout(check, 300);
    saved.textContent = "";
  });
  text.addEventListener("scroll", sync);

  var save = document.getElementById("save");
  save.addEventListener("click", function () {
    fetch("/api/v1/regulations/" + encodeURIComponent(form.dataset.key), {
      method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({text: text.value, base_sha256: form.dataset.sha})
    }).then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); }).then(function (res) {
      if (res[0]) {
        form.dataset.sha = res[1].sha256;
        saved.textContent = words.saved + " " + res[1].previous;
        saved.className = "saved good";
      } else {
        saved.textContent = words.not_saved + ": " + (res[1].problems || []).map(function (p) {
          return p.code + " " + p.message[lang]; }).slice(0, 3).join("; ");
        saved.className = "saved bad";
        if (res[1].problems && res[1].problems.some(function (p) { return p.line; })) { show(res[1].problems); }
      }
    });
  });

  paint();
  check();
})();
