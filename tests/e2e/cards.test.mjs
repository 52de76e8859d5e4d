// Social cards in a browser: a fixture site with a long title, a Japanese title, an emoji
// title and a right-to-left title is built; each article's og:image (its card.png) is loaded
// in Chromium, must decode at 1200×630 and have its title drawn: light pixels in the title
// region, colour in the emoji card, and a Japanese card unlike one whose title no font has
// (the boxes a missing font gives). The cards are saved in test-results/screenshots/cards/.
//
// Needs fonts with those scripts: scripts/test-all.sh installs Debian's fonts-noto-core,
// fonts-noto-cjk and fonts-noto-color-emoji when they are missing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { galleyBin, launchBrowser, resultsPath, fixtureSite } from './helpers.mjs';
import { startServer } from './server.mjs';

const TITLES = {
  long: 'A very long title about JSON Web Tokens, refresh tokens, sessions, cookies, CSRF, rotation, revocation and everything else you need to know before you ship authentication to production in 2026',
  cjk: '日本語のタイトル：JWTとセッションの違い',
  emoji: 'Ship it 🚀🔥 and celebrate 🎉',
  rtl: 'مرحبا بالعالم: رموز الويب',
  // Private-use characters: no font has them, so the card shows what a missing font gives.
  tofu: '\u{E000}\u{E001}\u{E002}\u{E003}\u{E004}\u{E005}\u{E006}\u{E007}\u{E008}\u{E009}\u{E00A}',
};

let tmp;
let server;
let browser;
let buildLog;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-cards-'));
  const root = fixtureSite(tmp, 'title: "Cards"\nbase_url: "https://example.com/"\n');
  for (const [slug, title] of Object.entries(TITLES)) {
    fs.writeFileSync(
      path.join(root, 'content', 'articles', `${slug}.md`),
      `---\ntitle: ${JSON.stringify(title)}\ndescription: "A card."\ndate: 2026-01-01\ncategory: Cards\n---\n\nText.\n`,
    );
  }
  const out = path.join(tmp, 'out');
  const r = spawnSync(galleyBin(), ['build', '--output', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `fixture build failed:\n${r.stdout}\n${r.stderr}`);
  buildLog = r.stdout + r.stderr;
  server = await startServer(out);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The article's og:image, decoded by Chromium: its size and what its title region holds. */
async function card(page, slug) {
  await page.goto(`${server.url}/articles/${slug}/`, { waitUntil: 'load' });
  const og = await page.getAttribute('meta[property="og:image"]', 'content');
  assert.equal(og, `https://example.com/articles/${slug}/card.png`);
  const src = new URL(og).pathname;
  const res = await page.request.get(server.url + src);
  assert.equal(res.headers()['content-type'], 'image/png');
  fs.writeFileSync(resultsPath('screenshots', 'cards', `${slug}.png`), await res.body());
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    // The title's region, between the site's name and the line above the date.
    const { data } = g.getImageData(0, 170, c.width, 330);
    let light = 0;
    let warm = 0;
    const cells = new Array(48).fill(0);
    for (let i = 0; i < data.length; i += 4) {
      const [r, gr, b] = [data[i], data[i + 1], data[i + 2]];
      if (r > 160 || gr > 160 || b > 160) {
        light++;
        const x = (i / 4) % c.width;
        const y = Math.floor(i / 4 / c.width);
        cells[Math.floor(y / 110) * 16 + Math.floor(x / 75)]++;
      }
      if (r > 180 && r - b > 60) warm++;
    }
    return { width: img.naturalWidth, height: img.naturalHeight, light, warm, cells };
  }, src);
}

test('every card decodes at 1200×630 in Chromium with its title drawn', async () => {
  const page = await browser.newPage();
  try {
    const got = {};
    for (const slug of Object.keys(TITLES)) {
      got[slug] = await card(page, slug);
      assert.deepEqual([got[slug].width, got[slug].height], [1200, 630], slug);
    }
    for (const slug of ['long', 'cjk', 'emoji', 'rtl']) {
      assert.ok(got[slug].light > 3000, `${slug}: only ${got[slug].light} light pixels in the title region`);
    }
    assert.ok(got.emoji.warm > 500, `the emoji are not in colour (${got.emoji.warm} warm pixels)`);
    assert.equal(got.cjk.warm, 0);
    // The Japanese title is drawn with its glyphs, not as the boxes of a missing font: the
    // two cards' light pixels fall in different places.
    const diff = got.cjk.cells.reduce((n, v, i) => n + Math.abs(v - got.tofu.cells[i]), 0);
    assert.ok(diff > 2000, `the Japanese card looks like the tofu card (difference ${diff})`);
    // A long title shrinks and wraps, and stays inside the card: nothing at the edges.
    assert.ok(got.long.cells.every((v, i) => i % 16 !== 15 || v === 0), 'the long title reaches the right edge');
    // The build said which characters no font has.
    assert.match(buildLog, /warning: no installed font has .*U\+E000/);
  } finally {
    await page.close();
  }
});
