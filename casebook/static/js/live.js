// Follows a cohort's live session without a reload (cohorts/live_views.py).
//
// Each [data-live-version-url] on the page names a version to watch (with the follower's
// pass, cohorts/live_token.py) and the version the page was drawn at. About twice a second the version is asked for with If-None-Match:
// 304 means nothing changed; a new version means the page fetches itself and swaps its
// <main> for the fresh one, and a live region says what changed. Without this script
// the pages still show the current state on reload. Countdowns ([data-timer-ends]) tick
// on the client, from the server's time.
(function () {
  "use strict";
  if (window.casebookLive) return;  // the script may be on the page more than once
  window.casebookLive = true;
  var POLL_MS = 500;
  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);
  var refreshing = false;
  var skew = 0;  // server time minus client time, from the polls' Date header

  function watched() {
    return Array.prototype.map.call(
      document.querySelectorAll("[data-live-version-url]"),
      function (el) { return { el: el, url: el.dataset.liveVersionUrl, version: el.dataset.liveVersion }; });
  }

  // A poll without a good pass (a page drawn for every reader alike carries none, or
  // it expired) is answered with one: poll with it from now on, after redraws too.
  var passes = {};
  function keepPass(watch, pass) {
    passes[new URL(watch.url, window.location.href).pathname] = pass;
  }
  function withPass(url) {
    var parsed = new URL(url, window.location.href);
    var pass = passes[parsed.pathname];
    if (pass) parsed.searchParams.set("follow", pass);
    return parsed.pathname + parsed.search;
  }

  function ask(watch) {
    return fetch(withPass(watch.url), {
      headers: { "If-None-Match": '"' + watch.version + '"', "Accept": "application/json" },
      credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      var date = Date.parse(response.headers.get("Date"));
      if (!isNaN(date)) skew = date - Date.now();  // to the second: enough for a countdown
      if (response.status === 304) return false;
      if (!response.ok) throw new Error("status " + response.status);
      return response.json().then(function (body) {
        if (body.follow) keepPass(watch, body.follow);
        return body.version !== watch.version;
      });
    });
  }

  function refresh() {
    refreshing = true;
    var focused = document.activeElement && document.activeElement.id;
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        var main = document.querySelector("main");
        if (!fresh || !main) return;
        main.replaceWith(fresh);
        if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
        var said = fresh.querySelector("[data-live-announce]");
        announcer.textContent = said ? said.textContent.replace(/\s+/g, " ").trim()
          : "This page changed: your facilitator moved the session on.";
        tick();
      })
      .finally(function () { refreshing = false; });
  }

  function poll() {
    var watches = watched();
    if (!watches.length) return;  // nothing (any more) to follow on this page
    var asked = refreshing ? Promise.resolve([]) : Promise.all(watches.map(ask));
    asked.then(function (changed) {
      if (changed.indexOf(true) !== -1) return refresh();
    }).catch(function () { /* offline for a moment: ask again at the next beat */ })
      .then(function () { window.setTimeout(poll, POLL_MS * (0.8 + Math.random() * 0.4)); });
  }

  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-timer-ends]"), function (el) {
      var left = Math.round((Date.parse(el.dataset.timerEnds) - (Date.now() + skew)) / 1000);
      el.textContent = left > 0
        ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + " left"
        : "time is up";
    });
  }
  window.setInterval(tick, 1000);
  tick();
  window.setTimeout(poll, POLL_MS);
})();
