// galley serve: reloads the page when the site is rebuilt, and shows build errors in an
// overlay. Injected only by `galley serve`. It is a same-origin file, not an inline script, and
// styles the overlay through the CSSOM (element.style), so it runs under
// `Content-Security-Policy: default-src 'self'`.
//
// Endpoints: GET /__galley/version?page=PATH → this page's version number as text; it changes
// whenever the page should follow (its own bytes, an image, a new build error, a fixed one),
// not when only the rest of the site was rebuilt (without `page`, the site's version).
// GET /__galley/error → 200 with the error report as text, or 204 when the site builds.
// DOM: <div id="galley-error-overlay" role="alert"> holding <pre id="galley-error-text"> and
// <button id="galley-error-close">.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  var POLL_MS = 100;

  function overlay() {
    var box = document.getElementById("galley-error-overlay");
    if (box) return box;
    box = document.createElement("div");
    box.id = "galley-error-overlay";
    box.setAttribute("role", "alert");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem",
      background: "#1e1e1e", color: "#f3f3f3", borderTop: "4px solid #e5484d",
      font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 -4px 16px rgba(0,0,0,.35)"
    });
    var title = document.createElement("strong");
    title.textContent = "galley: the site does not build. Showing the last good version.";
    var close = document.createElement("button");
    close.id = "galley-error-close";
    close.type = "button";
    close.textContent = "Close";
    Object.assign(close.style, { float: "right", font: "inherit", cursor: "pointer" });
    close.addEventListener("click", function () { box.remove(); });
    var pre = document.createElement("pre");
    pre.id = "galley-error-text";
    Object.assign(pre.style, { whiteSpace: "pre-wrap", margin: ".75rem 0 0" });
    box.append(close, title, pre);
    document.body.append(box);
    return box;
  }

  function showError(text) {
    overlay();
    document.getElementById("galley-error-text").textContent = text;
  }

  function hideError() {
    var box = document.getElementById("galley-error-overlay");
    if (box) box.remove();
  }

  // Shows the error, if any; answers whether the site builds.
  function syncError() {
    return fetch("/__galley/error", { cache: "no-store" }).then(function (r) {
      if (r.status === 200) return r.text().then(function (t) { showError(t); return false; });
      hideError();
      return true;
    });
  }

  function poll() {
    fetch("/__galley/version?page=" + encodeURIComponent(location.pathname), { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        v = v.trim();
        if (version === null) version = v;
        if (v === version) return;
        version = v;
        return syncError().then(function (ok) { if (ok) location.reload(); });
      })
      .catch(function () { /* the server is restarting: keep asking */ })
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  syncError().catch(function () {});
  setTimeout(poll, POLL_MS);
})();
