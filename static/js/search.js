// Site search: reads the index galley writes under search/ (see src/render/search.rs) and
// ranks articles in the browser. No server, no framework; results are built with
// textContent only, so nothing typed can become markup. The first results then get an excerpt
// and a link to their best-matching section (static/js/search-excerpt.js).

import { lookup, excerptNode } from './search-excerpt.js';

/** Results that get an excerpt (each reads its page once; the browser caches it). */
const EXCERPTS = 10;
/** Milliseconds of no typing before excerpts are looked up. */
const EXCERPT_DELAY = 250;

const STOP = new Set(('a an and are as at be but by for from has have if in into is it its of on or so than that the ' +
  'their then there these this to was we were will with you your').split(' '));

/** Splits a query the way the index splits text. */
export function queryWords(text) {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => [...w].length >= 2 && !STOP.has(w));
}

/** Indexes of the shards that may hold terms starting with `word`: those whose prefix starts
 * the word, and those the word starts (see src/render/search.rs); for a word of 5 letters or
 * more, also those that may hold a term one typo away from it. */
export function shardsFor(word, prefixes) {
  const typos = [...word].length >= 5;
  const out = [];
  prefixes.forEach((p, i) => {
    const k = p.length;
    const near = typos && [word.slice(0, k - 1), word.slice(0, k), word.slice(0, k + 1)]
      .some((q) => oneEdit(q, p));
    if (word.startsWith(p) || p.startsWith(word) || near) out.push(i);
  });
  return out;
}

/** Below this many shards under a word, they are downloaded; from it on, the word's top file
 * (`p/I.json`, see src/render/search.rs) stands in for them. */
export const MANY_SHARDS = 4;

/** The files a word needs: shard indexes on its prefix path and below it (`shards`), the index
 * of the top file that replaces the shards below it when there are many (`top`, else null),
 * and the shards only a one-typo match can be in (`near`). */
export function filesFor(word, meta) {
  const prefixes = meta.shards || [];
  const all = shardsFor(word, prefixes);
  const onPath = (i) => word.startsWith(prefixes[i]) || prefixes[i].startsWith(word);
  const under = all.filter((i) => prefixes[i].length > word.length && prefixes[i].startsWith(word));
  const near = all.filter((i) => !onPath(i));
  const top = (meta.tops || {})[word];
  const many = under.length >= MANY_SHARDS && top !== undefined;
  const shards = all.filter((i) => onPath(i) && !(many && under.includes(i)));
  return { shards, top: many ? top : null, near };
}

/** Whether `a` and `b` are one edit apart: a letter added, dropped, changed, or two
 * neighbours swapped ("tokne" and "token"). */
export function oneEdit(a, b) {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
  return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
}

/** How well index term `term` matches query word `word`: 1 for the word itself, less for a
 * longer word it starts ("data" in "database"), less again for one typo in a word of 5
 * letters or more; 0 for no match. */
export function form(word, term) {
  if (term === word) return 1;
  if (term.startsWith(word)) return 0.5;
  if ([...word].length >= 5 && oneEdit(word, term)) return 0.3;
  return 0;
}

/**
 * Ranks documents. `shards` is the list of loaded shard objects (`{term: [Δdoc, score, ...]}`,
 * doc numbers delta-coded). For each query word a document scores the best of the terms that
 * word matches (see `form`) by its score in the document (title and heading words score
 * most), so the many words "data" starts do not add up; then by the rarity (idf) of the query
 * word itself, counted over every document it matches, so a rare longer word ("databases")
 * does not outweigh the word asked for. Documents must match every word.
 */
export function rank(words, shards, totalDocs) {
  let combined = null;
  for (const word of words) {
    const found = new Map();
    for (const shard of shards) {
      for (const [term, postings] of Object.entries(shard)) {
        const how = form(word, term);
        if (!how) continue;
        let doc = 0;
        for (let i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          const score = how * (postings[i + 1] / (postings[i + 1] + 3));
          const hit = found.get(doc);
          if (!hit || score > hit.score) found.set(doc, { score, terms: [term] });
        }
      }
    }
    // A top file holds a word's best documents only; it says how many documents match.
    let matching = found.size;
    for (const shard of shards) {
      const top = shard['#'];
      if (top && top.prefix === word) matching = Math.max(matching, top.docs);
    }
    const idf = Math.log(1 + (totalDocs - matching + 0.5) / (matching + 0.5));
    found.forEach((hit) => { hit.score *= idf; });
    if (combined === null) {
      combined = found;
    } else {
      for (const doc of [...combined.keys()]) {
        const hit = found.get(doc);
        if (!hit) { combined.delete(doc); continue; }
        const prev = combined.get(doc);
        prev.score += hit.score;
        prev.terms.push(...hit.terms);
      }
    }
  }
  return [...(combined || new Map()).entries()]
    .map(([doc, hit]) => ({ doc, score: hit.score, terms: [...new Set(hit.terms)].sort() }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** For the page's words: the query word each matches as the index would (see `form`), or null. */
export function matcher(words) {
  return (word) => words.find((q) => form(q, word) > 0) || null;
}

function mount(form) {
  const base = form.dataset.searchIndex;
  const input = form.querySelector('input[type="search"]');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const cache = new Map();
  const load = (path) => {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
    }
    return cache.get(path);
  };
  let meta = null;
  let latest = 0;
  let excerptTimer = 0;

  async function search(query) {
    const run = ++latest;
    // Typing goes on: the last results' excerpts wait for the next pause.
    clearTimeout(excerptTimer);
    const words = queryWords(query);
    if (words.length === 0) {
      list.replaceChildren();
      status.textContent = query.trim() ? 'Type a longer word.' : '';
      return;
    }
    meta = meta || await load('meta.json');
    const needs = words.map((w) => filesFor(w, meta));
    const paths = (list) => [...new Set(list)];
    const main = paths([
      ...needs.flatMap((n) => n.shards.map((i) => `t/${i}.json`)),
      ...needs.filter((n) => n.top !== null).map((n) => `p/${n.top}.json`),
    ]);
    const near = paths(needs.flatMap((n) => n.near.map((i) => `t/${i}.json`))).filter((f) => !main.includes(f));
    // Typo matches rank below the others: results are shown without them first while the
    // shards they need download (unless there are none yet), then again with them.
    const nearReady = near.every((f) => cache.has(f));
    const shards = await Promise.all(main.map(load));
    if (!nearReady && run === latest) await show(run, query, words, shards, false);
    await show(run, query, words, [...shards, ...(await Promise.all(near.map(load)))], true);
  }

  async function show(run, query, words, shards, final) {
    const hits = rank(words, shards, meta.docs || 0).slice(0, 20);
    if (!final && hits.length === 0) return;
    const chunks = new Map();
    for (const h of hits) {
      const k = Math.floor(h.doc / meta.chunk);
      if (!chunks.has(k)) chunks.set(k, await load(`docs-${k}.json`));
    }
    if (run !== latest) return;
    const items = hits.map((h) => result(chunks.get(Math.floor(h.doc / meta.chunk))[h.doc % meta.chunk], h.terms));
    list.replaceChildren(...items);
    // Excerpts read pages: only once typing pauses, not for every letter.
    clearTimeout(excerptTimer);
    excerptTimer = setTimeout(() => hits.slice(0, EXCERPTS).forEach((h, i) => enrich(items[i], words)), EXCERPT_DELAY);
    const n = hits.length;
    status.textContent = n ? `${n}${n === 20 ? '+' : ''} result${n === 1 ? '' : 's'} for “${query.trim()}”` : `No results for “${query.trim()}”.`;
  }

  // Points the result at its best section and shows the words around the first hit there.
  async function enrich(li, words) {
    const a = li.querySelector('a');
    const url = a.getAttribute('href');
    const found = await lookup(url, matcher(words));
    li.dataset.excerpt = found ? 'found' : 'none';
    if (!found) return;
    if (found.id) {
      a.setAttribute('href', `${url}#${found.id}`);
      const where = document.createElement('span');
      where.className = 'result-section';
      where.textContent = ` › ${found.heading}`;
      a.append(where);
    }
    if (found.pieces.length) li.querySelector('.description').replaceWith(excerptNode(document, found.pieces));
  }

  function result([title, url, description], terms) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = url;
    a.textContent = title;
    const p = document.createElement('p');
    p.className = 'description';
    p.textContent = description;
    const m = document.createElement('p');
    m.className = 'matched';
    m.append('Matched: ');
    terms.slice(0, 8).forEach((t, i) => {
      if (i) m.append(', ');
      const mark = document.createElement('mark');
      mark.textContent = t;
      m.append(mark);
    });
    li.append(a, p, m);
    return li;
  }

  // Results follow every keystroke (stale runs are dropped when they finish); the address
  // keeps the query so a reload or a shared link shows the same results.
  input.addEventListener('input', () => {
    const q = input.value;
    const url = new URL(location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    search(q);
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); search(input.value); });
  // Arrow keys move between the box and the results; Enter follows the focused link.
  form.parentElement.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll('a')];
    const at = links.indexOf(document.activeElement);
    const next = e.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next >= 0 && next < links.length) links[next].focus();
    else if (next < 0) input.focus();
    else return;
    e.preventDefault();
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) { input.value = initial; search(initial); }
}

if (typeof document !== 'undefined') {
  const form = document.querySelector('form[data-search-index]');
  if (form) mount(form);
}
