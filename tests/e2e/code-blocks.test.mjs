// Code blocks in the browser: the copy button copies exactly the code (read back from
// Chromium's clipboard), without line numbers, gutters, screen-reader text or deleted
// lines; it is a real button with an accessible name, usable from the keyboard, announced
// through a live region, absent without JavaScript; and nothing breaks the CSP.
//
// A small fixture site (the repository's templates and static files, one article with
// every kind of block and every callout) is built with the galley binary, as it is and with
// --minify; axe-core checks it in light and dark (marked lines and callouts keep their
// contrast). The real JWT article's copy button is checked on the site under test.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, AXE_FILE, AXE_PATH, galleyBin, launchBrowser, siteDir, watch, report } from './helpers.mjs';
import { startServer } from './server.mjs';

const ARTICLE = `---
title: "Code blocks"
description: "Every kind of code block."
date: 2026-01-01
---

Intro.

\`\`\`js title="server.js" {2,4-5} showLineNumbers
const a = 1;
const b = "two";

function four() { return 4; }
const five = four() + 1; // <five>
\`\`\`

\`\`\`python title="app.py" ins={2} del={3} showLineNumbers
import os
print(os.getcwd())
print(os.name)
\`\`\`

\`\`\`diff lang="js"
 const a = 1;
-let b = 2;
+const b = 2;
\`\`\`

\`\`\`
no language < here
\`\`\`

> [!NOTE]
> A note with a [link](https://example.com/).

> [!TIP]
> A tip.

> [!IMPORTANT]
> Something important.

> [!WARNING]
> A warning.

> [!CAUTION]
> A caution.
`;

/** What each block's button must copy, in page order. */
const EXPECTED = [
  'const a = 1;\nconst b = "two";\n\nfunction four() { return 4; }\nconst five = four() + 1; // <five>',
  'import os\nprint(os.getcwd())',
  'const a = 1;\nconst b = 2;',
  'no language < here',
];

let tmp;
/** The fixture served as built and as built with --minify: [{name, url, close}]. */
const fixtures = [];
let real;
let browser;

function buildFixture(flags) {
  const root = path.join(tmp, 'site');
  if (!fs.existsSync(root)) {
    for (const part of ['templates', 'static']) {
      fs.cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
    }
    // Not the repository's config.yaml: its menus name pages this fixture does not have.
    fs.writeFileSync(path.join(root, 'config.yaml'), 'title: "Code blocks"\nbase_url: "https://example.com/"\n');
    fs.mkdirSync(path.join(root, 'content', 'articles'), { recursive: true });
    fs.writeFileSync(path.join(root, 'content', 'articles', 'code.md'), ARTICLE);
  }
  const out = path.join(tmp, `out${flags.join('')}`);
  const r = spawnSync(galleyBin(), ['build', ...flags, '--output', out], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `fixture build failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-code-'));
  for (const flags of [[], ['--minify']]) {
    const server = await startServer(buildFixture(flags), { extra: { [AXE_PATH]: AXE_FILE } });
    fixtures.push({ name: flags.join(' ') || 'plain', url: server.url, close: () => server.close() });
  }
  real = await startServer(siteDir());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  for (const f of fixtures) await f.close();
  await real?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function clipboardPage(base, urlPath) {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const watcher = await watch(page);
  await page.goto(base + urlPath, { waitUntil: 'load' });
  await page.waitForSelector('figure.code > button.copy');
  return { context, page, watcher };
}

const readClipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const clearClipboard = (page) => page.evaluate(() => navigator.clipboard.writeText('(empty)'));

for (const [i, variant] of ['plain', '--minify'].entries()) {
  test(`each copy button copies exactly its code (${variant})`, async () => {
  const { context, page, watcher } = await clipboardPage(fixtures[i].url, '/articles/code/');
  try {
    const figures = page.locator('figure.code');
    assert.equal(await figures.count(), EXPECTED.length);
    const buttons = page.getByRole('button', { name: 'Copy code' });
    assert.equal(await buttons.count(), EXPECTED.length, 'one button named "Copy code" per block');
    for (const [n, expected] of EXPECTED.entries()) {
      await clearClipboard(page);
      // The previous click's announcement must not count for this one: the status is
      // cleared and set again 50 ms after the copy.
      await page.evaluate(() => { document.querySelector('.code-copy-status').textContent = ''; });
      await figures.nth(n).locator('button.copy').click();
      await page.waitForFunction(() => document.querySelector('.code-copy-status').textContent);
      assert.equal(await readClipboard(page), expected, `block ${n + 1}`);
      assert.equal(await page.locator('.code-copy-status').textContent(), 'Code copied to the clipboard');
    }
    const problems = await watcher.check();
    assert.deepEqual(problems, [], report('problems on the page', problems));
  } finally {
    await context.close();
  }
});
}

test('the button is reached with Tab after its code and works with Enter and Space', async () => {
  const { context, page, watcher } = await clipboardPage(fixtures[0].url, '/articles/code/');
  try {
    const second = page.locator('figure.code').nth(1);
    await second.locator('pre').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName, cls: el.className, inSecond: el.closest('figure.code') === document.querySelectorAll('figure.code')[1] };
    });
    assert.deepEqual(focused, { tag: 'BUTTON', cls: 'copy', inSecond: true });
    for (const key of ['Enter', 'Space']) {
      await clearClipboard(page);
      await page.keyboard.press(key);
      await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== '(empty)');
      assert.equal(await readClipboard(page), EXPECTED[1], key);
    }
    const problems = await watcher.check();
    assert.deepEqual(problems, [], report('problems on the page', problems));
  } finally {
    await context.close();
  }
});

test('without JavaScript there is no copy button', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(fixtures[0].url + '/articles/code/', { waitUntil: 'load' });
    assert.equal(await page.locator('figure.code').count(), EXPECTED.length);
    assert.equal(await page.locator('button').count(), 0);
  } finally {
    await context.close();
  }
});

/** The code of the first fence in `markdown` whose info string starts with `info`. */
function fenceCode(markdown, info) {
  const start = markdown.indexOf('```' + info);
  assert.ok(start >= 0, `no fence ${info}`);
  const from = markdown.indexOf('\n', start) + 1;
  return markdown.slice(from, markdown.indexOf('\n```', from));
}

test('the JWT article copies its server.js source as written', async () => {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, 'content', 'articles', 'jwt-vs-session', 'index.md'), 'utf8');
  const { context, page, watcher } = await clipboardPage(real.url, '/articles/jwt-vs-session/');
  try {
    const block = page.locator('figure.code', { has: page.locator('.code-title') }).first();
    assert.equal(await block.locator('.code-title').textContent(), 'server.js');
    await block.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('.code-copy-status')?.textContent);
    assert.equal(await readClipboard(page), fenceCode(markdown, 'javascript title="server.js"'));
    const problems = await watcher.check();
    assert.deepEqual(problems, [], report('problems on the page', problems));
  } finally {
    await context.close();
  }
});

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

for (const scheme of ['light', 'dark']) {
  test(`axe finds nothing on marked lines, gutters and callouts (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const page = await context.newPage();
      await page.goto(fixtures[0].url + '/articles/code/', { waitUntil: 'load' });
      await page.locator('figure.code button.copy').first().click();
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
