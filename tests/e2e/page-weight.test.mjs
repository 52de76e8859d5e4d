// Page weight: an article's first load (its HTML plus every same-origin CSS
// and JS it loads, module imports included) must stay under 35 KB gzip.
// Modules a widget imports later with import() (jwt-verify.js, once a public
// key is pasted) are not part of the first load.
//
// The resources are the ones Chromium actually requests while loading the
// page (so @import and module imports count), plus a static scan of the HTML
// as a cross-check. Sizes come from the built files: raw bytes and gzip
// level 9 (node:zlib), summed per page and printed as a table.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { setup, articlePages, open } from './helpers.mjs';

// 35 KB, counted strictly as 35,000 bytes; sizes are printed in kB (1000 bytes).
export const BUDGET_GZIP = 35_000;

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const kb = (n) => (n / 1000).toFixed(1);

function sizes(file) {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Same-origin resources the HTML names directly, and what the JS imports statically. */
function staticScan(dir, html) {
  const found = new Set();
  for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) found.add(m[1]);
  for (const m of html.matchAll(/<script\b[^>]*src="([^"]+)"/g)) found.add(m[1]);
  const queue = [...found].filter((u) => u.split('?')[0].endsWith('.js'));
  while (queue.length) {
    const u = queue.shift();
    const file = path.join(dir, decodeURIComponent(u.split('?')[0]));
    if (!fs.existsSync(file)) continue;
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2];
      const next = new URL(spec, `http://x${u}`).pathname;
      if (!found.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return [...found].map((u) => u.split('?')[0]).filter((u) => u.startsWith('/'));
}

test('article first load (HTML + same-origin CSS/JS) is under 35 kB gzip', async () => {
  const rows = [];
  const overBudget = [];
  for (const urlPath of articlePages()) {
    const context = await env.browser.newContext();
    const loaded = new Set();
    try {
      const page = await context.newPage();
      page.on('request', (req) => {
        const u = new URL(req.url());
        if (u.origin === env.base && ['stylesheet', 'script'].includes(req.resourceType())) loaded.add(u.pathname);
      });
      await open(page, env.base, urlPath);
      await page.waitForLoadState('networkidle');
    } finally {
      await context.close();
    }
    const htmlFile = path.join(env.dir, urlPath, 'index.html');
    const scanned = staticScan(env.dir, fs.readFileSync(htmlFile, 'utf8'));
    for (const s of scanned) assert.ok(loaded.has(s), `${urlPath}: ${s} is linked or imported but the browser did not load it`);
    const resources = [...new Set([...loaded, ...scanned])].sort();

    const parts = [{ name: 'HTML', ...sizes(htmlFile) }];
    for (const r of resources) {
      const file = path.join(env.dir, decodeURIComponent(r));
      assert.ok(fs.existsSync(file), `${urlPath}: ${r} does not exist in the build`);
      parts.push({ name: r, ...sizes(file) });
    }
    const total = parts.reduce((a, p) => ({ raw: a.raw + p.raw, gzip: a.gzip + p.gzip }), { raw: 0, gzip: 0 });
    rows.push({ urlPath, parts, total });
    if (total.gzip >= BUDGET_GZIP) overBudget.push(`${urlPath}: ${kb(total.gzip)} kB gzip`);
  }

  // The table (gzip of each file on its own, as a server sends them).
  const lines = ['', `page weight of an article's first load (budget ${kb(BUDGET_GZIP)} kB gzip, 1 kB = 1000 bytes)`];
  const pad = (s, n) => String(s).padEnd(n);
  const num = (s, n) => String(s).padStart(n);
  lines.push(`${pad('page / file', 44)} ${num('raw kB', 9)} ${num('gzip kB', 9)}`);
  for (const { urlPath, parts, total } of rows) {
    lines.push(`${pad(urlPath, 44)} ${num(kb(total.raw), 9)} ${num(kb(total.gzip), 9)}  ${total.gzip < BUDGET_GZIP ? 'ok' : 'OVER BUDGET'}`);
    for (const p of parts) lines.push(`${pad('  ' + p.name, 44)} ${num(kb(p.raw), 9)} ${num(kb(p.gzip), 9)}`);
  }
  console.log(lines.join('\n'));

  assert.ok(rows.length >= 1, 'no articles found');
  assert.deepEqual(overBudget, [], `over the ${kb(BUDGET_GZIP)} kB gzip budget`);
});
