// The reader's page (issue 16) in Chromium under the site's CSP, at 390px and 1280px, in
// light and dark: side contents only when wide, its current entry following the scroll;
// breadcrumbs, previous/next and the header search box; the theme switch remembered across a
// reload with no frame painted in the wrong theme, and no switch without JavaScript; axe and
// the Nu Html Checker on the page as scripts left it; print styles hide the navigation.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, watch, open, report, AXE_PATH } from './helpers.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');

const ARTICLE = '/articles/base64-vs-binary/'; // part 2 of 3 of a series, with a TOC
const WIDTHS = [390, 1280];
const SCHEMES = ['light', 'dark'];
// --bg of site.css, as computed colours.
const BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(21, 24, 29)' };

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function axe(page) {
  await page.addScriptTag({ url: AXE_PATH });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

/** Nu Html Checker errors in the given documents ({name: html}). */
function vnu(docs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-reader-vnu-'));
  try {
    for (const [name, html] of Object.entries(docs)) fs.writeFileSync(path.join(dir, `${name}.html`), html);
    const r = spawnSync('java', ['-Xss2m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', dir], { encoding: 'utf8' });
    const messages = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages;
    return messages.map((m) => `${path.basename(m.url || '')}:${m.lastLine}: ${m.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('article layout', () => {
  const dom = {};
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      test(`${width}px ${scheme}: contents, breadcrumbs, previous/next, search box, axe`, async () => {
        const context = await env.browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
        const page = await context.newPage();
        const w = await watch(page);
        try {
          await open(page, env.base, ARTICLE);
          const crumbs = await page.$$eval('nav.crumbs a', (a) => a.map((x) => x.textContent));
          assert.deepEqual(crumbs.slice(0, 2), ['Home', 'Base64']);
          assert.equal(crumbs.length, 3);
          assert.ok(await page.isVisible('nav.crumbs'));
          assert.ok(await page.isVisible('nav.steps a[rel=prev]'));
          assert.ok(await page.isVisible('nav.steps a[rel=next]'));
          assert.ok(await page.isVisible('header form[role=search] input[name=q]'));
          assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BG[scheme]);

          const toc = await page.evaluate(() => {
            const nav = document.querySelector('.toc');
            const box = nav.getBoundingClientRect();
            const prose = document.querySelector('.prose').getBoundingClientRect();
            return {
              open: nav.querySelector('details').open,
              position: getComputedStyle(nav).position,
              beside: box.left >= prose.right,
              listShown: nav.querySelector('ol').checkVisibility(),
            };
          });
          if (width >= 1100) {
            assert.deepEqual(toc, { open: true, position: 'sticky', beside: true, listShown: true });
            // Scroll to the third section: its entry becomes the current one.
            const third = await page.$$eval('.toc > details > ol > li > a', (a) => a[2].getAttribute('href'));
            await page.evaluate((id) => document.getElementById(id.slice(1)).scrollIntoView(), third);
            await page.waitForFunction((h) => document.querySelector('.toc a[aria-current]')?.getAttribute('href') === h, third);
            assert.equal(await page.locator('.toc a[aria-current]').count(), 1);
            assert.ok(await page.isVisible('.toc a[aria-current]'), 'the sticky contents stay in view');
            // And back to the top: nothing is being read yet.
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.waitForFunction(() => !document.querySelector('.toc a[aria-current]'));
          } else {
            assert.deepEqual(toc, { open: false, position: 'static', beside: false, listShown: false });
            assert.ok(await page.isVisible('.toc summary'));
          }
          // Heading anchors: shown on touch screens (no hover) and on focus.
          const anchor = page.locator('.prose h2 .anchor').first();
          await anchor.focus();
          assert.equal(await anchor.evaluate((a) => getComputedStyle(a).opacity), '1');

          const violations = await axe(page);
          assert.deepEqual(violations, [], report(`axe at ${width}px ${scheme}`, violations));
          dom[`article-${width}-${scheme}`] = await page.evaluate(() => '<!DOCTYPE html>\n' + document.documentElement.outerHTML.replace(/<script src="\/__e2e__[^>]*><\/script>/g, ''));
          assert.deepEqual(await w.check(), [], report('problems', await w.check()));
        } finally {
          await context.close();
        }
      });
    }
  }

  test('the pages as scripts left them pass the Nu Html Checker', () => {
    assert.ok(Object.keys(dom).length > 0);
    const errors = vnu(dom);
    assert.deepEqual(errors, [], report('vnu', errors));
  });

  test('touch screens show the heading anchors', async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    try {
      await open(page, env.base, ARTICLE);
      const hover = await page.evaluate(() => matchMedia('(hover: none)').matches);
      if (hover) assert.equal(await page.locator('.prose h2 .anchor').first().evaluate((a) => getComputedStyle(a).opacity), '1');
    } finally {
      await context.close();
    }
  });
});

describe('theme switch', () => {
  // Records, before any page script, the theme <html> has when <body> starts (nothing can be
  // painted before that) and the body's background at DOMContentLoaded.
  const PROBE = () => {
    window.__theme = {};
    new MutationObserver((_, observer) => {
      if (document.body) {
        window.__theme.atBody = document.documentElement.getAttribute('data-theme');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => {
      window.__theme.bg = getComputedStyle(document.body).backgroundColor;
    });
  };

  for (const scheme of SCHEMES) {
    const other = scheme === 'light' ? 'dark' : 'light';
    test(`system ${scheme}: picking ${other} is remembered across a reload, with no frame in ${scheme}`, async () => {
      const context = await env.browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const w = await watch(page);
      await page.addInitScript(PROBE);
      try {
        await open(page, env.base, ARTICLE);
        assert.equal(await page.evaluate(() => window.__theme.bg), BG[scheme]);
        const systemCode = await page.evaluate(() => getComputedStyle(document.querySelector('.hl-code')).backgroundColor);
        assert.equal(await page.inputValue('select.theme'), 'system');
        await page.selectOption('select.theme', other);
        assert.equal(await page.getAttribute('html', 'data-theme'), other);
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BG[other]);
        // Code follows the theme too, once highlight-picked.css (fetched on the pick) is in.
        const code = () => page.evaluate(() => getComputedStyle(document.querySelector('.hl-code')).backgroundColor);
        await page.waitForFunction((before) => {
          const bg = getComputedStyle(document.querySelector('.hl-code')).backgroundColor;
          return bg !== before && bg !== 'rgba(0, 0, 0, 0)';
        }, systemCode);
        const picked = await code();

        await page.reload({ waitUntil: 'load' });
        const seen = await page.evaluate(() => window.__theme);
        assert.deepEqual(seen, { atBody: other, bg: BG[other] }, 'the first paint has the chosen theme');
        assert.equal(await page.inputValue('select.theme'), other);
        assert.equal(await code(), picked);
        await open(page, env.base, '/');
        assert.equal(await page.evaluate(() => window.__theme.atBody), other, 'every page of the site');

        await page.selectOption('select.theme', 'system');
        assert.equal(await page.getAttribute('html', 'data-theme'), null);
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BG[scheme]);
        await page.reload({ waitUntil: 'load' });
        assert.deepEqual(await page.evaluate(() => window.__theme), { atBody: null, bg: BG[scheme] });
        assert.deepEqual(await w.check(), [], report('problems', await w.check()));
      } finally {
        await context.close();
      }
    });
  }

  test('without JavaScript there is no switch and the system theme applies', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    const page = await context.newPage();
    try {
      await open(page, env.base, ARTICLE, { js: false });
      assert.equal(await page.locator('select.theme').count(), 0);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BG.dark);
      assert.ok(await page.isVisible('header form[role=search]'), 'the search box is a plain form');
      // Wide, but nothing opened the contents: their summary still opens them.
      assert.ok(await page.isVisible('.toc summary'));
    } finally {
      await context.close();
    }
  });
});

describe('header search box', () => {
  test('submits to /search/?q=, which runs the query', async () => {
    const page = await env.browser.newPage();
    const w = await watch(page);
    try {
      await open(page, env.base, ARTICLE);
      await page.fill('header form[role=search] input[name=q]', 'revocation');
      await Promise.all([page.waitForURL(/\/search\/\?q=revocation$/), page.press('header form[role=search] input[name=q]', 'Enter')]);
      await page.waitForSelector('#search-results li a');
      assert.equal(await page.inputValue('#search-input'), 'revocation');
      assert.equal((await page.getAttribute('#search-results li a', 'href')).split('#')[0], '/articles/jwt-vs-session/');
      assert.deepEqual(await w.check(), [], report('problems', await w.check()));
    } finally {
      await page.close();
    }
  });
});

describe('print', () => {
  test('hides navigation, widgets and side contents; shows link URLs; wraps code', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const page = await context.newPage();
    try {
      await open(page, env.base, ARTICLE);
      await page.emulateMedia({ media: 'print' });
      const hidden = await page.evaluate(() =>
        ['.site-header', '.site-footer', 'nav.crumbs', '.toc', 'nav.steps', '.series-nav'].filter((s) => {
          const e = document.querySelector(s);
          return e && getComputedStyle(e).display !== 'none';
        }),
      );
      assert.deepEqual(hidden, [], 'shown in print');
      const after = await page.evaluate(() => {
        const a = [...document.querySelectorAll('.prose a[href]')].find((x) => !x.getAttribute('href').startsWith('#'));
        return getComputedStyle(a, '::after').content;
      });
      assert.match(after, /\(.+\)/);
      const pre = await page.evaluate(() => getComputedStyle(document.querySelector('.code pre code')).whiteSpace);
      assert.equal(pre, 'pre-wrap');
      // Printed on white, whatever the screen theme.
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
      // A hidden tab panel (the tabs component's markup) is shown in print.
      const shown = await page.evaluate(() => {
        const panel = document.createElement('div');
        panel.setAttribute('role', 'tabpanel');
        panel.hidden = true;
        document.querySelector('.prose').append(panel);
        return getComputedStyle(panel).display;
      });
      assert.equal(shown, 'block');
    } finally {
      await context.close();
    }
  });
});
