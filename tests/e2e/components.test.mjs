// Components in the browser: the `tabs` component follows the WAI-ARIA tabs pattern (arrow
// keys, Home and End move focus and selection, roving tabindex), a chosen label switches
// every group with that label and is remembered across a reload and across pages, every
// panel is shown without JavaScript, axe finds nothing on tabs and details in light and
// dark, and nothing breaks the CSP. A small fixture site (the repository's templates and
// static files, two articles) is built with the galley binary.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AXE_FILE, AXE_PATH, galleyBin, launchBrowser, watch, report, fixtureSite } from './helpers.mjs';
import { startServer } from './server.mjs';

const tabs = (labels) => `{% tabs() %}
${labels.map((l) => `{% tab(label="${l}") %}\nThe ${l} way.\n\n\`\`\`js\nrun("${l}");\n\`\`\`\n{% end %}`).join('\n')}
{% end %}`;

const article = (title, body) => `---
title: "${title}"
description: "Tabs and details."
date: 2026-01-01
---

## Setup

${body}
`;

const A = article('Tabs A', `${tabs(['Node.js', 'Python', 'Go'])}

{% details(summary="Why two groups?") %}
To check that **one** choice switches both.
{% end %}

${tabs(['Python', 'Node.js'])}
`);
const B = article('Tabs B', tabs(['Node.js', 'Python']));

let tmp;
let server;
let browser;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-components-'));
  const root = fixtureSite(tmp, 'title: "Components"\nbase_url: "https://example.com/"\n');
  fs.writeFileSync(path.join(root, 'content', 'articles', 'a.md'), A);
  fs.writeFileSync(path.join(root, 'content', 'articles', 'b.md'), B);
  const out = path.join(tmp, 'out');
  const r = spawnSync(galleyBin(), ['build', '--output', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `fixture build failed:\n${r.stdout}\n${r.stderr}`);
  server = await startServer(out, { extra: { [AXE_PATH]: AXE_FILE } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The selected label of each tab group, and whether only its panel is shown. */
const state = (page) => page.evaluate(() => [...document.querySelectorAll('.tabs')].map((g) => {
  const tabs = [...g.querySelectorAll('[role=tab]')];
  const selected = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
  const shown = [...g.querySelectorAll('[role=tabpanel]')].filter((p) => !p.hidden);
  const roving = tabs.map((t) => t.tabIndex).join(',');
  return { selected: selected.map((t) => t.textContent).join(), shown: shown.map((p) => p.dataset.label).join(), roving };
}));

async function open(context, urlPath) {
  const page = await context.newPage();
  const watcher = await watch(page);
  await page.goto(server.url + urlPath, { waitUntil: 'load' });
  await page.waitForSelector('.tabs-ready');
  return { page, watcher };
}

test('arrow keys, Home and End move focus and selection; groups with the label follow', async () => {
  const context = await browser.newContext();
  try {
    const { page, watcher } = await open(context, '/articles/a/');
    assert.deepEqual(await state(page), [
      { selected: 'Node.js', shown: 'Node.js', roving: '0,-1,-1' },
      { selected: 'Python', shown: 'Python', roving: '0,-1' },
    ]);
    await page.getByRole('tab', { name: 'Node.js' }).first().focus();
    await page.keyboard.press('ArrowRight');
    const focused = () => page.evaluate(() => document.activeElement.textContent);
    assert.equal(await focused(), 'Python');
    let s = await state(page);
    assert.deepEqual(s[0], { selected: 'Python', shown: 'Python', roving: '-1,0,-1' });
    assert.equal(s[1].selected, 'Python');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Go');
    s = await state(page);
    assert.equal(s[0].selected, 'Go');
    assert.equal(s[1].selected, 'Python', 'a group without the label keeps its choice');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'Node.js', 'ArrowRight wraps to the first tab');
    s = await state(page);
    assert.deepEqual([s[0].selected, s[1].selected], ['Node.js', 'Node.js']);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'Go', 'ArrowLeft wraps to the last tab');
    await page.keyboard.press('Home');
    assert.equal(await focused(), 'Node.js');
    // Tab leaves the tab list for the selected panel.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tabpanel');
    const problems = await watcher.check();
    assert.deepEqual(problems, [], report('problems on the page', problems));
  } finally {
    await context.close();
  }
});

test('the chosen label is remembered across a reload and across pages', async () => {
  const context = await browser.newContext();
  try {
    const { page, watcher } = await open(context, '/articles/a/');
    await page.getByRole('tab', { name: 'Python' }).first().click();
    assert.deepEqual((await state(page)).map((g) => g.selected), ['Python', 'Python']);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('.tabs-ready');
    assert.deepEqual((await state(page)).map((g) => g.selected), ['Python', 'Python']);
    await page.goto(server.url + '/articles/b/', { waitUntil: 'load' });
    await page.waitForSelector('.tabs-ready');
    assert.deepEqual(await state(page), [{ selected: 'Python', shown: 'Python', roving: '-1,0' }]);
    const problems = await watcher.check();
    assert.deepEqual(problems, [], report('problems on the page', problems));
  } finally {
    await context.close();
  }
});

test('without JavaScript every panel is shown under its label, with no tab list', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(server.url + '/articles/a/', { waitUntil: 'load' });
    const panels = page.locator('.tab-panel');
    assert.equal(await panels.count(), 5);
    for (let i = 0; i < 5; i++) assert.ok(await panels.nth(i).isVisible(), `panel ${i + 1}`);
    const labels = await page.locator('.tab-panel > h3.tab-label').allTextContents();
    assert.deepEqual(labels, ['Node.js', 'Python', 'Go', 'Python', 'Node.js']);
    for (const h of await page.locator('h3.tab-label').all()) assert.ok(await h.isVisible());
    assert.equal(await page.locator('[role=tablist], button').count(), 0);
  } finally {
    await context.close();
  }
});

test('printed, every panel is shown', async () => {
  const context = await browser.newContext();
  try {
    const { page } = await open(context, '/articles/a/');
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.locator('.tab-panel').evaluateAll((ps) => ps.filter((p) => getComputedStyle(p).display === 'none').length);
    assert.equal(hidden, 0);
  } finally {
    await context.close();
  }
});

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

for (const scheme of ['light', 'dark']) {
  test(`axe finds nothing on tabs and details (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    try {
      const { page } = await open(context, '/articles/a/');
      await page.locator('details summary').click();
      await page.addScriptTag({ url: AXE_PATH });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, tags: v.tags, nodes: v.nodes.map((n) => n.target.join(' ')) }));
      });
      const wcag = violations.filter((v) => v.tags.some((t) => WCAG_TAGS.includes(t)));
      const list = violations.map((v) => `${v.id}${wcag.includes(v) ? ' (WCAG)' : ''}: ${v.nodes.slice(0, 5).join(', ')}`);
      assert.deepEqual(list, [], report(`axe violations (${scheme})`, list));
    } finally {
      await context.close();
    }
  });
}
