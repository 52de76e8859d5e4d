// Accessibility with axe-core, in light and dark colour schemes, on the home
// page, every article, every tool page (as loaded and after use), the tools
// list, a category, a tag page and the 404 page.
//
// axe.min.js is served by the test server at a path only the tests know
// (AXE_PATH), so it loads as a same-origin script under the real CSP: no
// bypassCSP, and the page keeps its policy.
//
// Two checks per page and scheme: the WCAG 2.x A/AA rules (the conformance
// target), and axe's best-practice rules, reported separately.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup,
  open,
  htmlPages,
  articlePages,
  AXE_PATH,
  TOOL_PAGES,
  RFC_TOKEN,
  RFC_KEY,
  PNG_1X1,
} from './helpers.mjs';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

function pagesToCheck() {
  const urls = htmlPages().map((p) => p.url);
  const first = (prefix) => urls.find((u) => u.startsWith(prefix));
  // The first page one level below a folder: a series, an author, a standalone page.
  const child = (folder) => urls.find((u) => new RegExp(`^/${folder}/[^/]+/$`).test(u));
  return [
    '/',
    ...articlePages(),
    '/tools/',
    ...TOOL_PAGES,
    first('/category/'),
    first('/tags/'),
    child('series'),
    '/authors/',
    child('authors'),
    '/about/',
    child('legal'),
    '/404.html',
    '/no/such/page/',
  ].filter(Boolean);
}

/** Runs axe on the page; returns {wcag: [...], bestPractice: [...]} violation descriptions. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: AXE_PATH });
  const result = await page.evaluate(async () => {
    // Default rule set (all rules axe runs by default), violations only.
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      tags: v.tags,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  const describe = (v) =>
    `${v.id} (${v.impact}; ${v.tags.filter((t) => /^wcag\d|best-practice/.test(t)).join(', ')}): ${v.help}; ${v.nodes.length} node(s):\n      ` +
    v.nodes.slice(0, 5).join('\n      ') +
    (v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '');
  const isWcag = (v) => v.tags.some((t) => WCAG_TAGS.includes(t));
  return {
    wcag: result.filter(isWcag).map(describe),
    bestPractice: result.filter((v) => !isWcag(v)).map(describe),
  };
}

/** Puts each widget of the page into a "used" state: results shown, errors shown. */
async function useWidgets(page) {
  for (const root of await page.locator('[data-tool="base64"]').all()) {
    await root.locator('[data-role="input"]').fill('héllo wörld');
    await root.locator('[data-role="copy"]').click();
  }
  for (const root of await page.locator('[data-tool="data-uri"]').all()) {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#c00"/></svg>';
    await root.locator('[data-role="file"]').setInputFiles({ name: 'dot.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
    await root.locator('[data-role="svg-block"]:not([hidden])').waitFor();
  }
  for (const root of await page.locator('[data-tool="jwt-decoder"]').all()) {
    await root.locator('[data-role="token"]').fill(RFC_TOKEN);
    await root.locator('[data-role="secret-encoding"]').selectOption('base64url');
    await root.locator('[data-role="secret"]').fill(RFC_KEY);
    await root.locator('[data-role="signature"].is-ok').waitFor();
    await root.locator('[data-role="example"][data-example="rs256"]').click();
    await root.locator('[data-role="signature"].is-ok', { hasText: 'RS256' }).waitFor();
    await root.locator('[data-role="copy"][data-target="header"]').click();
    await root.locator('[data-role="copy-status"]:not(:empty)').waitFor();
  }
}

async function errorWidgets(page) {
  for (const root of await page.locator('[data-tool="base64"]').all()) {
    await root.locator('[data-role="mode"][value="decode"]').check();
    await root.locator('[data-role="input"]').fill('Zm9v!');
  }
  for (const root of await page.locator('[data-tool="data-uri"]').all()) {
    await root.locator('[data-role="file"]').setInputFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('a') });
  }
  for (const root of await page.locator('[data-tool="jwt-decoder"]').all()) {
    await root.locator('[data-role="secret"]').fill('wrong');
    await root.locator('[data-role="public-key"]').fill('not a key');
    await root.locator('[data-role="signature"].is-error').waitFor();
    await root.locator('[data-role="token"]').fill('not.a-token');
  }
}

const EXPECTED_BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(21, 24, 29)' };

for (const scheme of ['light', 'dark']) {
  describe(`axe-core, ${scheme} colour scheme`, () => {
    const results = new Map();
    async function checked(urlPath) {
      if (results.has(urlPath)) return results.get(urlPath);
      const context = await env.browser.newContext({ colorScheme: scheme });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        await open(page, env.base, urlPath);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(bg, EXPECTED_BG[scheme], `the ${scheme} scheme is not in effect on ${urlPath}`);
        const states = { 'as loaded': await axe(page) };
        if ((await page.locator('[data-tool]').count()) > 0) {
          await useWidgets(page);
          states['widgets in use'] = await axe(page);
          await errorWidgets(page);
          states['widgets showing errors'] = await axe(page);
        }
        const out = { wcag: [], bestPractice: [] };
        for (const [state, r] of Object.entries(states)) {
          for (const k of ['wcag', 'bestPractice']) out[k].push(...r[k].map((s) => `[${state}] ${s}`));
        }
        results.set(urlPath, out);
        return out;
      } finally {
        await context.close();
      }
    }

    for (const urlPath of pagesToCheck()) {
      test(`${urlPath}: no WCAG 2.x A/AA violations`, async () => {
        const r = await checked(urlPath);
        assert.equal(r.wcag.length, 0, `axe (${scheme}) on ${urlPath}:\n  - ${r.wcag.join('\n  - ')}`);
      });
      test(`${urlPath}: no axe best-practice violations`, async () => {
        const r = await checked(urlPath);
        assert.equal(r.bestPractice.length, 0, `axe (${scheme}) on ${urlPath}:\n  - ${r.bestPractice.join('\n  - ')}`);
      });
    }
  });
}
