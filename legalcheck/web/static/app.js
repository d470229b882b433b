// legalcheck web app: the only script. Vendored, no dependency, talks only to this app.
// Live screening hint while the group's name is typed on the New check page.
(function () {
  "use strict";
  var input = document.getElementById("group");
  var hint = document.getElementById("group-hint");
  if (!input || !hint) { return; }
  var timer = null;
  var asked = "";
  function show(text, isMatch) {
    hint.textContent = text;
    hint.className = isMatch ? "hint match" : "hint";
  }
  function describe(res) {
    var m = (res.matches || [])[0];
    if (!m) { return ["Not found on the lists screened (check its other names too).", false]; }
    var verdict = m.match ? "On a list: " : "Possible match, to review: ";
    return [verdict + m.designation + " (" + m.list + ", " + (m.in_force ? "in force" : "not in force") + "). " +
            m.explanation, m.match];
  }
  function screen() {
    var name = input.value.trim();
    if (name === asked) { return; }
    asked = name;
    if (name.length < 3) { show("", false); return; }
    fetch("/api/screen?name=" + encodeURIComponent(name), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (res) {
        if (!res || input.value.trim() !== name) { return; }
        var d = describe(res);
        show(d[0], d[1]);
      })
      .catch(function () { show("", false); });
  }
  input.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(screen, 300);
  });
  if (input.value) { screen(); }
}());

// Result page: answering the open questions re-runs the check in place (without the script, the form posts and
// the same page comes back). Downloads and "go back" keep their normal behaviour.
(function () {
  "use strict";
  function bind() {
    var form = document.getElementById("engagement-form");
    if (!form || !window.fetch || !window.DOMParser) { return; }
    form.addEventListener("submit", function (ev) {
      var button = ev.submitter;
      if (button && button.getAttribute("formaction")) { return; }
      ev.preventDefault();
      if (button) { button.disabled = true; button.textContent = "Running the check again…"; }
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var fresh = doc.querySelector("main");
          if (!fresh) { throw new Error("no page"); }
          document.querySelector("main").replaceWith(fresh);
          document.title = doc.title;
          var note = fresh.querySelector("[role=status], [role=alert]") || fresh.querySelector("h1");
          if (note) { note.setAttribute("tabindex", "-1"); note.focus(); }
          bind();
        })
        .catch(function () { form.submit(); });
    });
  }
  bind();
}());
