// Theme switch and side contents; blocking in <head> so the theme applies before first
// paint. See README "The reader's page".
(function (d, r) {
  // Code colours of a picked theme: fetched only then, render-blocking so nothing flashes.
  function set(v) {
    var l = d.querySelector('link[data-picked]');
    if (v !== 'light' && v !== 'dark') return r.removeAttribute('data-theme');
    r.setAttribute('data-theme', v);
    if (l && !d.querySelector('link[blocking]')) {
      var n = d.createElement('link');
      n.rel = 'stylesheet';
      n.href = l.dataset.picked;
      n.setAttribute('blocking', 'render');
      l.after(n);
    }
  }
  try { set(localStorage.theme); } catch (e) {}
  d.addEventListener('DOMContentLoaded', function () {
    var h = d.querySelector('.header-inner'), s = d.createElement('select');
    s.className = 'theme';
    s.setAttribute('aria-label', 'Theme');
    ['System', 'Light', 'Dark'].forEach(function (n) { s.add(new Option(n, n.toLowerCase())); });
    s.value = r.getAttribute('data-theme') || 'system';
    s.onchange = function () {
      set(s.value);
      try { localStorage.theme = s.value; } catch (e) {}
    };
    if (h) h.append(s);
    toc(d.querySelector('.toc'));
  });
  // Open beside the text when wide. What follows the scroll is fetched on the first scroll
  // (before it, the reader is at the top, or at the section the address names).
  function toc(nav) {
    if (!nav) return;
    var wide = matchMedia('(min-width: 1100px)');
    var fit = function () { if (wide.matches) nav.firstElementChild.open = true; };
    wide.addEventListener('change', fit);
    fit();
    var go = function () { import(nav.dataset.follow).then(function (m) { m.follow(nav); }); };
    if (location.hash) go(); else addEventListener('scroll', go, { once: true, passive: true });
  }
})(document, document.documentElement);
