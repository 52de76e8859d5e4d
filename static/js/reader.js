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
  // The section being read: the last heading above the top third, worked out from positions
  // whenever one crosses that line, so a fast scroll skips none.
  function toc(nav) {
    if (!nav) return;
    var wide = matchMedia('(min-width: 1100px)'), links = new Map(), now = null;
    var fit = function () { if (wide.matches) nav.firstElementChild.open = true; };
    wide.addEventListener('change', fit);
    fit();
    nav.querySelectorAll('a').forEach(function (a) {
      var h = d.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (h) links.set(h, a);
    });
    var io = new IntersectionObserver(function () {
      var at = null;
      for (var h of links.keys()) {
        if (h.getBoundingClientRect().top > innerHeight / 3) break;
        at = h;
      }
      if (at === now) return;
      if (now) links.get(now).removeAttribute('aria-current');
      if (at) links.get(at).setAttribute('aria-current', 'true');
      now = at;
    }, { rootMargin: '0px 0px -66% 0px' });
    links.forEach(function (_, h) { io.observe(h); });
  }
})(document, document.documentElement);
