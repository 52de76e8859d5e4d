// The /search/ page in Chromium under the site's CSP: it finds "revocation" in the JWT
// article, ranks results, shows the matched words, works from ?q=, is keyboard friendly, and
// shows hostile queries as text. Also unit-tests the ranking in static/js/search.js.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { setup, watch, report, galleyBin, fixtureSite } from './helpers.mjs';
import { queryWords, shardsFor, filesFor, rank, form, oneEdit, matcher, MANY_SHARDS } from '../../static/js/search.js';
import { bestSection, excerpt, sectionExcerpt, wordsAt } from '../../static/js/search-excerpt.js';

describe('search ranking (unit)', () => {
  test('query words are split and filtered like the index', () => {
    assert.deepEqual(queryWords('The JWT revocation-list, a'), ['jwt', 'revocation', 'list']);
  });

  test('a word needs the shards on its prefix path and below it', () => {
    const prefixes = ['jw', 're', 'rea', 'rev', 'revo', 'zz'];
    // 'rea' too: for a word of 5+ letters, a shard one edit from its start may hold a typo match.
    assert.deepEqual(shardsFor('revocation', prefixes), [1, 2, 3, 4]);
    assert.deepEqual(shardsFor('re', prefixes), [1, 2, 3, 4]);
    assert.deepEqual(shardsFor('xy', prefixes), []);
  });

  test('prefix matches, all words required, documents rank by their scores', () => {
    // Doc numbers are delta-coded: [0, 10, 2, 1] is doc 0 (score 10) and doc 2 (score 1).
    const shards = [
      { revocation: [0, 10, 2, 1], revoke: [1, 5] },
      { jwt: [0, 1, 1, 1, 1, 1] },
    ];
    assert.deepEqual(rank(['revoc'], shards, 3).map((h) => h.doc), [0, 2]);
    // Rarity is the query word's ("rev" is in all three): a document ranks by how much it
    // uses the words "rev" starts, not by how rare each of those words is.
    assert.deepEqual(rank(['rev', 'jwt'], shards, 3).map((h) => h.doc), [0, 1, 2]);
    assert.deepEqual(rank(['revocation', 'jwt'], shards, 3)[0].terms, ['jwt', 'revocation']);
    assert.deepEqual(rank(['nothing'], shards, 3), []);
  });
});

describe('search index: a short word reads its top file (a built site)', () => {
  let tmp;
  let index;
  const read = (rel) => JSON.parse(fs.readFileSync(path.join(index, rel), 'utf8'));

  before(() => {
    // 120 articles of 300 words that start with "co" (3,000 of them, so "co" splits into
    // many shards), in a fixed pseudo-random order.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-search-tops-'));
    const root = fixtureSite(tmp, 'title: "Tops"\nbase_url: "https://example.com/"\nimages:\n  cards: false\n');
    let seed = 7;
    const next = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const vocabulary = Array.from({ length: 3000 }, () =>
      'co' + Array.from({ length: 4 + next(3) }, () => letters[next(26)]).join(''));
    for (let a = 0; a < 120; a++) {
      const words = Array.from({ length: 300 }, () => vocabulary[next(vocabulary.length)]);
      fs.writeFileSync(
        path.join(root, 'content', 'articles', `a${a}.md`),
        `---\ntitle: "Article ${a} ${vocabulary[a]}"\ndescription: "Words."\ndate: 2026-01-01\n---\n\n## ${vocabulary[a + 1]}\n\n${words.join(' ')}\n`,
      );
    }
    const out = path.join(tmp, 'out');
    const r = spawnSync(galleyBin(), ['build', '--output', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `fixture build failed:\n${r.stdout}\n${r.stderr}`);
    index = path.join(out, 'search');
  });
  after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  test('"co" downloads its top file and one shard, not the shards under it, and ranks the same', () => {
    const meta = read('meta.json');
    const all = shardsFor('co', meta.shards);
    assert.ok(all.length > MANY_SHARDS, `"co" spans ${all.length} shards`);
    const needs = filesFor('co', meta);
    assert.notEqual(needs.top, null, 'a split prefix has a top file');
    assert.ok(needs.shards.length <= 1, `shards besides the top file: ${needs.shards}`);
    const full = rank(['co'], all.map((i) => read(`t/${i}.json`)), meta.docs);
    const quick = rank(['co'], [...needs.shards.map((i) => read(`t/${i}.json`)), read(`p/${needs.top}.json`)], meta.docs);
    assert.equal(full.length, 120);
    const first = (hits) => hits.slice(0, 20).map((h) => [h.doc, h.score, h.terms]);
    assert.deepEqual(first(quick), first(full));
  });

  test('a word with few shards under it reads them all', () => {
    const meta = read('meta.json');
    const word = meta.shards.find((p) => p.length === 3 && p.startsWith('co'));
    assert.deepEqual(filesFor(word, meta), { shards: shardsFor(word, meta.shards), top: null, near: [] });
  });
});

describe('search ranking: best form of each word (unit)', () => {
  test('one edit: added, dropped, changed or swapped letter', () => {
    assert.ok(oneEdit('tokne', 'token') && oneEdit('token', 'tokens') && oneEdit('tokens', 'token'));
    assert.ok(oneEdit('verfy', 'verify') && oneEdit('verixy', 'verify'));
    assert.ok(!oneEdit('token', 'token') && !oneEdit('tokne', 'tokens') && !oneEdit('abc', 'xyz'));
  });

  test('exact beats prefix beats one typo, and typos only from 5 letters', () => {
    assert.ok(form('token', 'token') > form('token', 'tokens'));
    assert.ok(form('token', 'tokens') > form('tokne', 'token'));
    assert.equal(form('tokne', 'token') > 0, true);
    assert.equal(form('jtw', 'jwt'), 0);
    assert.equal(form('data', 'uri'), 0);
  });

  test('a document counts the best form of a word once, not every word it starts', () => {
    // Doc 0 has "data" itself; doc 1 has three longer words starting with "data".
    const shards = [{ data: [0, 3], database: [1, 3], databases: [0, 3], datastore: [0, 3] }];
    assert.deepEqual(rank(['data'], shards, 4).map((h) => h.doc), [0, 1]);
    assert.deepEqual(rank(['data'], shards, 4)[1].terms.length, 1);
  });

  test('a typo finds the word, below exact matches', () => {
    const shards = [{ token: [0, 3], tokens: [1, 3], toke: [1, 1] }];
    assert.deepEqual(rank(['tokne'], shards, 3).map((h) => h.doc), [0, 1]);
    assert.deepEqual(rank(['token'], shards, 3).map((h) => h.doc), [0, 1]);
  });

  test('a typo loads the shards where the right word can be', () => {
    const prefixes = ['ta', 'to', 'tok', 'toke', 'tx', 'zz'];
    assert.deepEqual(shardsFor('tokne', prefixes).map((i) => prefixes[i]), ['ta', 'to', 'tok', 'toke', 'tx']);
    assert.deepEqual(shardsFor('tok', prefixes).map((i) => prefixes[i]), ['to', 'tok', 'toke']);
    // Shards only a typo can be in are apart: results are shown before they download.
    const files = filesFor('tokne', { shards: prefixes });
    assert.deepEqual(files.shards.map((i) => prefixes[i]), ['to', 'tok']);
    assert.deepEqual(files.near.map((i) => prefixes[i]), ['ta', 'toke', 'tx']);
    assert.equal(files.top, null);
  });
});

// The JWT article's section where a server revokes a family of refresh tokens (see
// content/articles/jwt-vs-session/index.md).
const REVOCATION_SECTION = 'refresh-token-rotation-and-reuse-detection';

describe('search excerpts (unit)', () => {
  const sections = [
    { id: '', heading: '', text: 'Tokens are signed. Nothing else here.', code: '' },
    { id: 'storage', heading: 'Where to keep a token', text: 'A cookie or localStorage.', code: '' },
    { id: 'revocation', heading: 'Revocation', text: 'To revoke a token before it expires, keep a deny list.', code: '' },
    { id: 'code', heading: 'An endpoint', text: 'The handler.', code: 'revoke(token); revoke(token); revoke(token);' },
  ];
  const best = (...words) => bestSection(sections, matcher(words))?.id ?? null;

  test('words are found with their places, lower-cased, in any script', () => {
    assert.deepEqual(wordsAt('Jeton: été 令牌!').map((w) => [w.word, w.start]), [['jeton', 0], ['été', 7], ['令牌', 11]]);
  });

  test('the best section matches the most query words, then has the most hits', () => {
    // Both words in prose beat both words three times in code.
    assert.equal(best('revoke', 'token'), 'revocation');
    // A heading hit ("token" in "Where to keep a token") weighs more than one in the text.
    assert.equal(best('cookie', 'token'), 'storage');
    // Words match as the index matches them: "token" starts "tokens", "tokne" is a typo.
    assert.equal(best('signed'), '');
    assert.equal(best('token', 'signed'), '');
    assert.equal(best('tokne', 'list'), 'revocation');
    assert.equal(best('absent'), null);
  });

  test('an excerpt is a window around the first hit, cut at words, hits marked', () => {
    const text = `${'lead '.repeat(40)}then revoke the tokens now${' tail'.repeat(40)}`;
    const pieces = excerpt(text, matcher(['revoke', 'token']), 20);
    assert.deepEqual(pieces.filter((p) => p.mark).map((p) => p.text), ['revoke', 'tokens']);
    const joined = pieces.map((p) => p.text).join('');
    assert.match(joined, /^…(lead )+then revoke the tokens now( tail)+…$/);
    assert.ok(joined.length < 80, joined);
  });

  test('a short text is whole, no hit gives its start, code only when prose has no hit', () => {
    const m = matcher(['revoke']);
    assert.deepEqual(excerpt('Revoke it.', m), [{ text: 'Revoke', mark: true }, { text: ' it.', mark: false }]);
    assert.deepEqual(excerpt('Nothing to mark.', m), [{ text: 'Nothing to mark.', mark: false }]);
    assert.deepEqual(excerpt('', m), []);
    assert.equal(sectionExcerpt(sections[3], m).filter((p) => p.mark).length, 3);
    assert.equal(sectionExcerpt(sections[2], m).map((p) => p.text).join(''), 'To revoke a token before it expires, keep a deny list.');
  });
});

describe('search page (Chromium)', () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.close();
  });

  async function searchFor(page, query) {
    await page.fill('#search-input', query);
    // The status names the query once its results are shown.
    await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(`“${q}”`), query.trim(), { timeout: 10_000 });
    // The first ten results then get their excerpt and section link, once typing pauses.
    await page.waitForFunction(() => [...document.querySelectorAll('#search-results li')].slice(0, 10)
      .every((li) => li.dataset.excerpt), null, { timeout: 10_000 });
    return page.$$eval('#search-results li', (items) => items.map((li) => {
      const href = li.querySelector('a').getAttribute('href');
      return {
        title: li.querySelector('a').textContent,
        href,
        path: href.split('#')[0],
        hash: href.includes('#') ? href.slice(href.indexOf('#') + 1) : '',
        matched: li.querySelector('.matched').textContent,
        excerpt: li.querySelector('.excerpt')?.textContent ?? '',
        marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent.toLowerCase()),
      };
    }));
  }

  test('finds "revocation" in the JWT article, with the matched words', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    await page.goto(`${env.base}/search/`);
    const results = await searchFor(page, 'revocation');
    assert.ok(results.length >= 1, 'no results');
    assert.equal(results[0].path, '/articles/jwt-vs-session/');
    assert.match(results[0].matched, /revocation/);
    // The link goes to a section that mentions it, and the excerpt marks the word.
    assert.ok(results[0].hash, JSON.stringify(results[0]));
    assert.ok(results[0].marks.includes('revocation'), JSON.stringify(results[0]));
    const status = await page.textContent('#search-status');
    assert.match(status, /results? for “revocation”/);
    assert.deepEqual(await w.check(), [], report('problems', await w.check()));
    await page.close();
  });

  test('prefix queries, several words, no result, and ?q= in the address', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    await page.goto(`${env.base}/search/?q=padding%20base64`);
    await page.waitForSelector('#search-results li');
    const titles = await page.$$eval('#search-results li a', (a) => a.map((x) => x.textContent));
    assert.ok(titles.some((t) => /Base64/.test(t)), titles.join(' | '));
    const prefix = await searchFor(page, 'revoc');
    assert.ok(prefix.some((r) => r.path === '/articles/jwt-vs-session/'));
    await searchFor(page, 'zzzzqqq');
    assert.match(await page.textContent('#search-status'), /No results/);
    assert.equal(await page.$$eval('#search-results li', (l) => l.length), 0);
    assert.deepEqual(await w.check(), []);
    await page.close();
  });

  test('real queries: the best form of each word, typos, code identifiers', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    await page.goto(`${env.base}/search/`);
    // "data" alone starts database, databases...: the data-URI guide or tool still comes first.
    const dataUri = await searchFor(page, 'data uri');
    assert.match(dataUri[0].path, /^\/(tools\/data-uri|articles\/base64-images-html)\/$/, JSON.stringify(dataUri.map((r) => r.href)));
    const revoke = await searchFor(page, 'revoke token');
    assert.equal(revoke[0].path, '/articles/jwt-vs-session/');
    // Straight to the section on revocation, with the words in the excerpt.
    assert.equal(revoke[0].hash, REVOCATION_SECTION, JSON.stringify(revoke[0]));
    assert.ok(revoke[0].marks.some((m) => m.startsWith('revok')) && revoke[0].marks.some((m) => m.startsWith('token')), JSON.stringify(revoke[0]));
    assert.match(revoke[0].title, /› Refresh Token Rotation/);
    const target = await env.browser.newPage();
    await target.goto(`${env.base}${revoke[0].href}`);
    assert.equal(await target.$eval(`[id="${revoke[0].hash}"]`, (h) => h.tagName), 'H3');
    await target.close();
    // Only in the article's code (app.use(cookieParser())).
    const code = await searchFor(page, 'cookieParser');
    assert.deepEqual(code.map((r) => r.path), ['/articles/jwt-vs-session/']);
    assert.ok(code[0].marks.includes('cookieparser'), JSON.stringify(code[0]));
    const typo = await searchFor(page, 'tokne');
    assert.ok(typo.length >= 1, 'no result for a typo');
    assert.ok(['/articles/jwt-vs-session/', '/tools/jwt-decoder/'].includes(typo[0].path), typo[0].href);
    assert.ok(typo[0].marks.some((m) => m.startsWith('token')), JSON.stringify(typo[0]));
    assert.match(typo[0].matched, /token/);
    assert.deepEqual(await w.check(), [], report('problems', await w.check()));
    await page.close();
  });

  test('keyboard: arrow keys move from the box through the results', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.base}/search/`);
    await searchFor(page, 'base64');
    await page.focus('#search-input');
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
    const expected = await page.$eval('#search-results li a', (a) => a.getAttribute('href'));
    assert.equal(first, expected);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
    await page.close();
  });

  test('a hostile query is shown as text', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    await page.goto(`${env.base}/search/`);
    await searchFor(page, '<img src=x onerror=alert(1)>');
    assert.equal(await page.$$eval('main img', (i) => i.length), 0);
    assert.deepEqual(await w.check(), []);
    await page.close();
  });
});
