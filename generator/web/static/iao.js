/* iao web: a little JavaScript on top of plain forms (everything works without it).
   - the answers are kept in this browser (localStorage) after every change, so that
     Back, refresh, a closed tab or a restarted server lose nothing;
   - a follow-up question appears as soon as the answer that calls for it is chosen;
   - removing a row asks first; the error summary gets the focus;
   - the dossier button waits, disabled and with a message, until the download arrives. */
(function () {
  "use strict";
  var KEY = "iao-antwoorden";
  var CONTROLS = ["_csrf", "naar", "hier", "actie", "pdf", "_live", "_meldingen", "_verder", "_klaar"];
  var form = document.querySelector("form.profiel");

  function stored() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "null");
    } catch (e) {
      return null;
    }
  }

  function save() {
    if (!form) return;
    var answers = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && CONTROLS.indexOf(name) < 0) answers.push([name, value]);
    });
    try {
      localStorage.setItem(KEY, JSON.stringify({ antwoorden: answers, hier: form.dataset.hier, tijd: Date.now() }));
    } catch (e) { /* full or switched off: the page still works, the answers travel in it */ }
  }

  // Send the kept answers to the form (a fresh security token comes with this page).
  function resume(target, naar) {
    var kept = stored();
    if (!kept) return false;
    kept.antwoorden.forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      target.appendChild(input);
    });
    var to = document.createElement("input");
    to.type = "hidden";
    to.name = "naar";
    to.value = naar || kept.hier || "";
    target.appendChild(to);
    return true;
  }

  function announce(text) {
    var region = document.getElementById("aankondiging");
    if (region) region.textContent = text;
  }

  function names(root) {
    return Array.prototype.map.call(root.querySelectorAll("[name]"), function (el) { return el.name; });
  }

  // Ask the server for this chapter with the answers as they are now, and show what changed.
  function refresh() {
    var data = new FormData(form);
    data.set("naar", form.dataset.hier);
    data.set("_live", "ja");
    if (document.getElementById("meldingen")) data.set("_meldingen", "ja");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("main");
        var main = document.querySelector("main");
        if (!fresh || !main) return;
        var before = names(main);
        // What was typed while the server answered is kept.
        main.querySelectorAll("input, textarea, select").forEach(function (el) {
          if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "radio" || el.type === "checkbox") return;
          var twin = fresh.querySelector('[name="' + CSS.escape(el.name) + '"]');
          if (twin && twin.tagName === el.tagName && twin.type === el.type) twin.value = el.value;
        });
        var focused = document.activeElement && document.activeElement.id;
        var y = window.scrollY;
        main.replaceWith(document.adoptNode(fresh));
        var nav = page.querySelector("nav");
        if (nav) document.querySelector("nav").replaceWith(document.adoptNode(nav));
        var again = focused && document.getElementById(focused);
        if (again) again.focus({ preventScroll: true });
        window.scrollTo(0, y);
        var added = [];
        fresh.querySelectorAll(".veld, fieldset.janee").forEach(function (block) {
          var field = block.querySelector("[name]");
          if (field && before.indexOf(field.name) < 0) {
            var label = block.querySelector("label, legend");
            if (label) added.push(label.textContent.replace(/\s+/g, " ").trim());
          }
        });
        if (added.length) announce("Nieuwe vraag: " + added.join("; "));
        bind(fresh);
        save();
      })
      .catch(function () { /* without an answer the page stays as it is: Volgende asks */ });
  }

  // While the dossier is made: the button disabled, a message with the seconds waited, until
  // the download's cookie carries the mark sent with the request.
  function busy(button) {
    var mark = Math.random().toString(36).slice(2);
    var field = form.querySelector('input[name="_klaar"]') || form.appendChild(document.createElement("input"));
    field.type = "hidden";
    field.name = "_klaar";
    field.value = mark;
    var message = document.getElementById("bezig");
    var seconds = document.getElementById("bezig-tijd");
    var started = Date.now();
    message.hidden = false;
    button.disabled = true;  // the submission under way keeps the button's formaction
    announce("Het dossier wordt gemaakt, even geduld.");
    var timer = setInterval(function () {
      seconds.textContent = Math.round((Date.now() - started) / 1000) + " s";
      if (document.cookie.indexOf("iao-klaar=" + mark) < 0) return;
      clearInterval(timer);
      button.disabled = false;
      message.hidden = true;
      announce("Het dossier is gedownload.");
    }, 500);
  }

  function bind(root) {
    root.querySelectorAll("select, input[type=radio], input[type=checkbox], input[type=file], [data-stuurt]").forEach(function (el) {
      if (el.closest("main")) el.addEventListener("change", refresh);
    });
  }

  if (form) {
    history.replaceState(null, "", "/formulier/" + encodeURIComponent(form.dataset.hier));
    save();
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.bevestig && !window.confirm(button.dataset.bevestig)) event.preventDefault();
    });
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.id === "dossierknop") busy(event.submitter);
    });
    bind(document);
    var print = document.getElementById("afdrukken");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
    var summary = document.querySelector(".samenvatting[tabindex]");
    // Without scrolling: on a phone the heading above the summary stays in view.
    if (summary && !document.querySelector("[autofocus]")) summary.focus({ preventScroll: true });
  }

  var restore = document.getElementById("herstel");
  if (restore) {
    if (resume(restore, restore.dataset.naar)) restore.submit();
    else location.replace("/");
  }

  var resumeForm = document.getElementById("verder");
  var kept = stored();
  if (resumeForm && kept && kept.antwoorden.length) {
    resumeForm.hidden = false;
    var when = new Date(kept.tijd);
    document.getElementById("verder-uitleg").textContent =
      "Deze browser heeft uw antwoorden van " + when.toLocaleDateString("nl-BE") + " om " + when.toLocaleTimeString("nl-BE", { hour: "2-digit", minute: "2-digit" }) + ".";
    resumeForm.addEventListener("submit", function () { resume(resumeForm); });
  }
})();
