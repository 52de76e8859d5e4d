// Marks the side contents' entry of the section being read with aria-current: the last
// heading above the top third of the window, worked out from positions whenever a heading
// crosses that line, so a fast scroll skips none. Imported by reader.js on the first scroll.
export function follow(nav) {
  const links = new Map();
  for (const a of nav.querySelectorAll('a')) {
    const h = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (h) links.set(h, a);
  }
  let now = null;
  const pick = () => {
    let at = null;
    for (const h of links.keys()) {
      if (h.getBoundingClientRect().top > innerHeight / 3) break;
      at = h;
    }
    if (at === now) return;
    links.get(now)?.removeAttribute('aria-current');
    links.get(at)?.setAttribute('aria-current', 'true');
    now = at;
  };
  const observer = new IntersectionObserver(pick, { rootMargin: '0px 0px -66% 0px' });
  links.forEach((_, h) => observer.observe(h));
}
