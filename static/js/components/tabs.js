// WAI-ARIA tabs over the `tabs` component's panels (readable without JavaScript).
const KEY = 'galley-tab';
const groups = [];
let n = 0;

const show = (tabs, k) => tabs.forEach((t, i) => {
  t.ariaSelected = i === k;
  t.tabIndex = i === k ? 0 : -1;
  t.panel.hidden = i !== k;
});

const pick = (label) => {
  for (const tabs of groups) {
    const k = tabs.findIndex((t) => t.textContent === label);
    if (k >= 0) show(tabs, k);
  }
};

const choose = (tab) => {
  if (!tab) return;
  pick(tab.textContent);
  try { localStorage[KEY] = tab.textContent; } catch {}
};

for (const root of document.querySelectorAll('.tabs')) {
  const list = document.createElement('div');
  list.role = 'tablist';
  const tabs = [...root.children].filter((p) => p.matches('.tab-panel')).map((p) => {
    const t = document.createElement('button');
    t.role = 'tab';
    t.id = `galley-tab-${++n}`;
    t.textContent = p.dataset.label;
    t.setAttribute('aria-controls', (p.id = t.id + 'p'));
    p.role = 'tabpanel';
    p.setAttribute('aria-labelledby', t.id);
    p.tabIndex = 0;
    t.panel = p;
    return t;
  });
  if (!tabs.length) continue;
  list.append(...tabs);
  root.prepend(list);
  root.classList.add('tabs-ready');
  groups.push(tabs);
  show(tabs, 0);
  list.onclick = (e) => choose(e.target.closest('[role=tab]'));
  list.onkeydown = (e) => {
    const i = tabs.indexOf(e.target);
    const k = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: -1 }[e.key];
    if (i < 0 || k === undefined) return;
    e.preventDefault();
    const t = tabs.at(k % tabs.length);
    choose(t);
    t.focus();
  };
}

// A link into a hidden panel shows it.
const reveal = () => {
  try {
    const p = document.getElementById(decodeURIComponent(location.hash.slice(1)))?.closest('.tab-panel');
    if (p) pick(p.dataset.label);
  } catch {} // a malformed hash names nothing
};
try { pick(localStorage[KEY]); } catch {}
reveal();
addEventListener('hashchange', reveal);
