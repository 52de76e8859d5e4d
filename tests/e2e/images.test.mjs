// Images beside an article: with their width and height in the HTML, a page does
// not move when they arrive. The JWT article's images are held back by 600 ms
// (so they land after the first layout), in a viewport tall enough to show them
// all, with the page's scripts served empty (the widgets they mount would grow
// the page), and Chromium's layout-shift entries must sum to 0. Screenshots go to
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

/** Sum of the layout-shift entries of the page so far. */
const layoutShift = () =>
  new Promise((resolve) => {
    let sum = 0;
    const moved = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        sum += e.value;
        for (const s of e.sources) moved.push(s.node?.nodeName + '.' + (s.node?.className || '') + ' ' + (s.node?.textContent || '').slice(0, 40));
      }
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve({ sum, moved }), 200);
  });

test('images arriving late move nothing on the JWT article', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 6000 } });
  const watcher = await watch(page);
  // The tool widgets grow when their scripts mount them, which is not the images' doing:
  // the scripts are served empty here, so only the images can move anything.
  await page.route(/\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  await page.route(/\.(png|webp|svg|jpe?g|gif)$/, async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await page.goto(env.base + ARTICLE, { waitUntil: 'load' });
  // Lazy images start loading as they near the viewport: bring each one there, then wait.
  for (const img of await page.$$('article img')) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => [...document.querySelectorAll('article img')].every((i) => i.complete && i.naturalWidth > 0),
    null,
    { timeout: 10_000 },
  );
  const images = await page.$$eval('article img', (list) =>
    list.map((i) => ({ src: i.currentSrc, w: i.getAttribute('width'), h: i.getAttribute('height'), done: i.complete && i.naturalWidth > 0 })),
  );
  assert.ok(images.length >= 2, `expected the diagram and the screenshot, found ${JSON.stringify(images)}`);
  for (const i of images) {
    assert.ok(i.w && i.h, `image without width/height: ${JSON.stringify(i)}`);
    assert.ok(i.done, `image did not load: ${JSON.stringify(i)}`);
  }
  const shift = await page.evaluate(layoutShift);
  assert.equal(shift.sum, 0, `layout shift ${shift.sum} while images loaded: ${shift.moved.join('; ')}`);
  await page.screenshot({ path: resultsPath('images', 'jwt-article.png'), fullPage: false });
  const problems = await watcher.check();
  assert.deepEqual(problems, [], report('problems', problems));
  await page.close();
});
