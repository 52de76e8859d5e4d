// Images beside an article: with their width and height in the HTML, a page does
// not move when they arrive. On the JWT article the image responses are held
// back until the page has settled (its web font and everything else), in a
// viewport tall enough to show them; then they are let through, and the sum of
// Chromium's layout-shift entries must not grow while they load. Also checks
// that each box had its final size before its image arrived. Screenshot in
// test-results/images/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, watch, resultsPath, report } from './helpers.mjs';

const ARTICLE = '/articles/jwt-vs-session/';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

// Runs before any page script: keeps the running sum of layout shifts.
const RECORD_SHIFTS = () => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
};

const boxes = (page) =>
  page.$$eval('article img', (list) =>
    list.map((i) => ({ src: i.getAttribute('src'), w: i.getAttribute('width'), h: i.getAttribute('height'), box: i.getBoundingClientRect().height })),
  );

test('images arriving late move nothing on the JWT article', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 6000 } });
  const watcher = await watch(page);
  await page.addInitScript(RECORD_SHIFTS);
  let release;
  const released = new Promise((r) => (release = r));
  await page.route(/\.(png|webp|svg|jpe?g|gif)$/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(env.base + ARTICLE, { waitUntil: 'domcontentloaded' });
  // Lazy images are requested as they near the viewport: bring each one there.
  for (const img of await page.$$('article img')) await img.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  const before = await boxes(page);
  const settled = await page.evaluate(() => window.__shift);
  release();
  await page.waitForFunction(
    () => [...document.querySelectorAll('article img')].every((i) => i.complete && i.naturalWidth > 0),
    null,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(300);
  const after = await boxes(page);
  assert.ok(after.length >= 2, `expected the diagram and the screenshot, found ${JSON.stringify(after)}`);
  for (const [i, a] of after.entries()) {
    assert.ok(a.w && a.h, `image without width/height: ${JSON.stringify(a)}`);
    assert.ok(a.box > 0 && Math.abs(a.box - before[i].box) < 0.01, `box changed on load: ${JSON.stringify([before[i], a])}`);
  }
  const shift = (await page.evaluate(() => window.__shift)) - settled;
  assert.equal(shift, 0, `layout shift ${shift} while the images loaded`);
  await page.screenshot({ path: resultsPath('images', 'jwt-article.png') });
  const problems = await watcher.check();
  assert.deepEqual(problems, [], report('problems', problems));
  await page.close();
});
