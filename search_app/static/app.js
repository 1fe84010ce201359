/* UN bilingual search: keyboard, copy buttons, stepping through marked words. The pages work without it. */
(function () {
  "use strict";

  /* Copying plain text: the clipboard API where the page may use it, else a selected text area. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function sideText(side) {
    return Array.prototype.map.call(side.querySelectorAll(".text"), function (p) {
      return p.textContent.replace(/\s+/g, " ").trim();
    }).join("\n");
  }

  /* What each button copies: one side, the pair (English then Russian, as shown), or the hit's citation. */
  function copied(button) {
    var side = button.closest(".side");
    var pair = button.closest(".pair");
    var kind = button.getAttribute("data-copy");
    if (kind === "side") { return sideText(side); }
    if (kind === "pair") { return Array.prototype.map.call(pair.querySelectorAll(".side"), sideText).join("\n"); }
    return pair.querySelector(".side.hit").getAttribute("data-cite");
  }

  function say(button, words) {
    var status = document.getElementById("copy-status");
    if (status) { status.textContent = words; }
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = words === "Copied" ? "Copied ✓" : "Not copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  function copyFrom(button) {
    copyText(copied(button)).then(function () { say(button, "Copied"); },
                                  function () { say(button, "Not copied"); });
  }

  function setUpCopying() {
    var tools = document.querySelectorAll(".copy-tools");
    if (!tools.length) { return; }
    var status = document.createElement("p");
    status.id = "copy-status";
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    Array.prototype.forEach.call(tools, function (t) { t.hidden = false; });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-copy]");
      if (button) { copyFrom(button); }
    });
  }

  /* j / k: the next or previous hit; Enter opens it; c copies its pair (or the hit alone). */
  var current = -1;

  function hits() { return document.querySelectorAll("ol.results > li, ol.kwic > li"); }

  function moveTo(n) {
    var all = hits();
    if (!all.length) { return; }
    n = Math.max(0, Math.min(all.length - 1, n));
    if (current >= 0 && all[current]) { all[current].classList.remove("current"); }
    current = n;
    var hit = all[n];
    hit.classList.add("current");
    hit.setAttribute("tabindex", "-1");
    hit.focus({ preventScroll: true });
    hit.scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable='true']") !== null;
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var box = document.querySelector("form.search input[name=q], form.find input[name=q]");
    var all = hits();
    if (event.key === "/" && box) {
      event.preventDefault();
      box.focus();
      box.select();
    } else if ((event.key === "j" || event.key === "k") && all.length) {
      event.preventDefault();
      moveTo(current < 0 ? 0 : current + (event.key === "j" ? 1 : -1));
    } else if (event.key === "Enter" && current >= 0 && event.target === all[current]) {
      var link = all[current].querySelector(".side.hit a.where, a.key");
      if (link) { event.preventDefault(); window.location.assign(link.href); }
    } else if (event.key === "c" && current >= 0 && all[current]) {
      var button = all[current].querySelector("button[data-copy=pair]") ||
                   all[current].querySelector(".side.hit button[data-copy=side]");
      if (button) { event.preventDefault(); copyFrom(button); }
    } else if ((event.key === "n" || event.key === "N") && document.querySelector(".marks-nav")) {
      event.preventDefault();
      stepMark(event.key === "n" ? 1 : -1);
    }
  }

  /* The reading view: previous / next marked word, with where it is ("3 of 17"). */
  var markAt = -1;

  function marks() { return document.querySelectorAll(".parallel mark, .versions mark"); }

  function stepMark(step) {
    var all = marks();
    if (!all.length) { return; }
    if (markAt >= 0 && all[markAt]) { all[markAt].classList.remove("current"); }
    markAt = (markAt + step + all.length) % all.length;
    var mark = all[markAt];
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
    var where = document.getElementById("mark-position");
    if (where) { where.textContent = (markAt + 1) + " of " + all.length; }
  }

  function setUpMarks() {
    var nav = document.querySelector(".marks-nav");
    if (!nav) { return; }
    var count = marks().length;
    nav.hidden = count === 0;
    var where = document.getElementById("mark-position");
    if (where) { where.textContent = count + (count === 1 ? " marked word" : " marked words"); }
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (button) { stepMark(parseInt(button.getAttribute("data-step"), 10)); }
    });
  }

  document.addEventListener("keydown", onKey);
  setUpCopying();
  setUpMarks();
}());
