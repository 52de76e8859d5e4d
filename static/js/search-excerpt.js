// Excerpts for search results: the section of a result's page that best matches the query,
// the heading to link to, and a short window of its text around the first hit.
//
// The index (src/render/search.rs) holds scored words, not text, so a site of any size keeps
// small shards. The text of the few results on screen is read from the pages themselves,
// fetched from the same origin and parsed with DOMParser (inert: nothing in it runs or
// loads); only textContent is read, and excerpts are built from text nodes and <mark>.

const WORD = /[\p{L}\p{N}]+/gu;
/** Characters of context on each side of the first hit. */
const RADIUS = 90;
/** A heading hit outweighs this many hits in the text. */
const HEADING_WEIGHT = 4;
/** A hit in code counts this much (the index weighs code least too). */
const CODE_WEIGHT = 0.25;
/** Elements that end a run of words. */
const BLOCK = /^(P|LI|TD|TH|H\d|DT|DD|FIGCAPTION|BLOCKQUOTE|DIV|BR)$/;
/** Elements whose text is not prose: the anchor "#" after headings, buttons, hidden text. */
const SKIP = 'a.anchor, button, script, style, template, noscript, .visually-hidden, [hidden], [aria-hidden="true"]';

/** The words of `text` with their positions, lower-cased: `{word, start, end}`. */
export function wordsAt(text) {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/** The query words that the words of `text` match, once per occurrence. */
function hits(text, match) {
  return wordsAt(text).map((w) => match(w.word)).filter(Boolean);
}

/**
 * The section that matches best: first the one whose heading and prose match the most query
 * words, then the one that matches the most counting its code, then the most hits, one in its
 * heading counting as several and one in code as a fraction; the earliest on a tie. `sections` is `[{id, heading, text, code}]` in
 * page order (the first, before any heading, has no id); `match(word)` names the query word a
 * word of the page matches, or returns null. Returns null when no section has a hit.
 */
export function bestSection(sections, match) {
  let best = null;
  let bestScore = [0, 0, 0];
  for (const s of sections) {
    const inHeading = hits(s.heading, match);
    const inText = hits(s.text, match);
    const inCode = hits(s.code, match);
    const score = [
      new Set([...inHeading, ...inText]).size,
      new Set([...inHeading, ...inText, ...inCode]).size,
      HEADING_WEIGHT * inHeading.length + inText.length + CODE_WEIGHT * inCode.length,
    ];
    if (better(score, bestScore)) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/** Whether score `a` beats `b`, comparing their parts in order. */
function better(a, b) {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i >= 0 && a[i] > b[i];
}

/** The excerpt of a section: from its prose when the prose has a hit, else from its code. */
export function sectionExcerpt(section, match, radius = RADIUS) {
  const source = hits(section.text, match).length || !section.code ? section.text : section.code;
  return excerpt(source, match, radius);
}

/**
 * A window of `text` around its hits, as pieces `{text, mark}` (`mark` for a hit), cut at word
 * boundaries, with "…" where text was left out: the window that shows the most query words,
 * the earliest of those. Without a hit, the start of the text.
 */
export function excerpt(text, match, radius = RADIUS) {
  const words = wordsAt(text);
  const anchor = bestWindow(words, match, radius);
  let from = Math.max(0, anchor ? anchor.start - Math.floor(radius / 2) : 0);
  let to = Math.min(text.length, from + 2 * radius);
  // Widen to whole words so no word is cut in two.
  const cut = words.find((w) => w.start < from && w.end > from);
  if (cut) from = cut.start;
  const tail = words.find((w) => w.start < to && w.end > to);
  if (tail) to = tail.end;
  const pieces = [];
  let at = from;
  for (const w of words) {
    if (w.start < from || w.end > to || !match(w.word)) continue;
    if (w.start > at) pieces.push({ text: text.slice(at, w.start), mark: false });
    pieces.push({ text: text.slice(w.start, w.end), mark: true });
    at = w.end;
  }
  if (to > at) pieces.push({ text: text.slice(at, to), mark: false });
  if (pieces.length) {
    pieces[0].text = (from > 0 ? '…' : '') + pieces[0].text.trimStart();
    const last = pieces[pieces.length - 1];
    last.text = last.text.trimEnd() + (to < text.length ? '…' : '');
  }
  return pieces;
}

/** The hit that starts the window (about `2 * radius` long) showing the most query words. */
function bestWindow(words, match, radius) {
  const found = words.map((w) => ({ ...w, query: match(w.word) })).filter((w) => w.query);
  let best = null;
  let most = 0;
  for (const [i, hit] of found.entries()) {
    const end = hit.start + 1.5 * radius;
    const seen = new Set();
    for (let k = i; k < found.length && found[k].end <= end; k++) seen.add(found[k].query);
    if (seen.size > most) {
      best = hit;
      most = seen.size;
    }
  }
  return best;
}

/** The sections of `root` (a page's prose): its text split at every h2–h4 that has an id, the
 * text of code blocks apart. */
export function sectionsOf(root) {
  const sections = [{ id: '', heading: '', text: '', code: '' }];
  const walker = root.ownerDocument.createTreeWalker(root, 1 | 4, {
    acceptNode: (n) => (n.nodeType === 1 && n.matches(SKIP) ? 2 : 1),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = sections[sections.length - 1];
    if (n.nodeType === 1) {
      if (/^H[2-4]$/.test(n.tagName) && n.id) sections.push({ id: n.id, heading: '', text: '', code: '', open: n });
      else if (BLOCK.test(n.tagName)) s.text += ' ';
      else if (n.tagName === 'PRE') s.code += '\n';
    } else if (s.open && s.open.contains(n)) {
      s.heading += n.data;
    } else if (n.parentElement.closest('pre')) {
      s.code += n.data;
    } else {
      s.text += n.data;
    }
  }
  return sections.map(({ id, heading, text, code }) => ({ id, heading: squash(heading), text: squash(text), code: squash(code) }));
}

function squash(text) {
  return text.replace(/\s+/g, ' ').trim();
}

const pages = new Map();

/** The sections of the page at `url`, read once per visit to the search page. */
function pageSections(url) {
  if (!pages.has(url)) {
    pages.set(url, fetch(url, { credentials: 'same-origin' }).then(async (response) => {
      if (!response.ok || !/html/.test(response.headers.get('content-type') || '')) return null;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      return sectionsOf(doc.querySelector('.prose') || doc.querySelector('main') || doc.body);
    }).catch(() => null));
  }
  return pages.get(url);
}

/** The section and excerpt of the page at `url` for `match` (see `bestSection`), or null if
 * the page cannot be read or has no hit. */
export async function lookup(url, match) {
  try {
    const sections = await pageSections(url);
    const section = sections && bestSection(sections, match);
    if (!section) return null;
    return { id: section.id, heading: section.heading, pieces: sectionExcerpt(section, match) };
  } catch {
    return null;
  }
}

/** A paragraph of `pieces`, hits in <mark>, built from text nodes only. */
export function excerptNode(doc, pieces) {
  const p = doc.createElement('p');
  p.className = 'excerpt';
  for (const piece of pieces) {
    if (piece.mark) {
      const mark = doc.createElement('mark');
      mark.textContent = piece.text;
      p.append(mark);
    } else {
      p.append(piece.text);
    }
  }
  return p;
}
