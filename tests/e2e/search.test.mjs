// The /search/ page in Chromium under the site's CSP: it finds "revocation" in the JWT
// article, ranks results, shows the matched words, works from ?q=, is keyboard friendly, and
// shows hostile queries as text. Also unit-tests the ranking in static/js/search.js.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watch, report } from './helpers.mjs';
import { queryWords, shardsFor, rank, form, oneEdit } from '../../static/js/search.js';

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
    return page.$$eval('#search-results li', (items) => items.map((li) => ({
      title: li.querySelector('a').textContent,
      href: li.querySelector('a').getAttribute('href'),
      matched: li.querySelector('.matched').textContent,
    })));
  }

  test('finds "revocation" in the JWT article, with the matched words', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    await page.goto(`${env.base}/search/`);
    const results = await searchFor(page, 'revocation');
    assert.ok(results.length >= 1, 'no results');
    assert.equal(results[0].href, '/articles/jwt-vs-session/');
    assert.match(results[0].matched, /revocation/);
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
    assert.ok(prefix.some((r) => r.href === '/articles/jwt-vs-session/'));
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
    assert.match(dataUri[0].href, /^\/(tools\/data-uri|articles\/base64-images-html)\/$/, JSON.stringify(dataUri.map((r) => r.href)));
    const revoke = await searchFor(page, 'revoke token');
    assert.equal(revoke[0].href, '/articles/jwt-vs-session/');
    // Only in the article's code (app.use(cookieParser())).
    const code = await searchFor(page, 'cookieParser');
    assert.deepEqual(code.map((r) => r.href), ['/articles/jwt-vs-session/']);
    const typo = await searchFor(page, 'tokne');
    assert.ok(typo.length >= 1, 'no result for a typo');
    assert.ok(['/articles/jwt-vs-session/', '/tools/jwt-decoder/'].includes(typo[0].href), typo[0].href);
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
