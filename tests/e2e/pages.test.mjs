// Every HTML page of the built site, loaded in Chromium under the site's
// Content-Security-Policy: no CSP violation, no console error, no uncaught
// exception, no failed same-origin request, no broken internal link.
// Also tests the static test server itself.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { setup, watch, toolsMounted, htmlPages, siteDir, report, launchBrowser, REPO_ROOT } from './helpers.mjs';
import { startServer, CSP } from './server.mjs';

/** A raw GET, so the request target is sent exactly as written (no URL normalising). */
function rawGet(port, target, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test server', () => {
  let server;
  before(async () => {
    server = await startServer(siteDir());
  });
  after(async () => {
    await server?.close();
  });

  test('listens on 127.0.0.1 at a random port', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
  });

  test('serves pages, CSS and JS with the right types and the CSP header', async () => {
    const cases = [
      ['/', 'text/html; charset=utf-8'],
      ['/tools/base64/', 'text/html; charset=utf-8'],
      ['/tools/base64', 'text/html; charset=utf-8'],
      ['/css/site.css', 'text/css; charset=utf-8'],
      ['/tools/base64.js', 'text/javascript; charset=utf-8'],
      ['/tools/base64.js?h=0123', 'text/javascript; charset=utf-8'],
    ];
    for (const [p, type] of cases) {
      const r = await rawGet(server.port, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], type, p);
      assert.equal(r.headers['content-security-policy'], CSP, p);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
    }
    assert.equal(CSP, "default-src 'self'; img-src 'self' data:");
    const js = await rawGet(server.port, '/tools/base64.js');
    assert.equal(js.body, fs.readFileSync(path.join(siteDir(), 'tools', 'base64.js'), 'utf8'));
    const head = await rawGet(server.port, '/', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal((await rawGet(server.port, '/', 'POST')).status, 405);
  });

  test('unknown paths get the site 404 page with status 404 and the CSP', async () => {
    const r = await rawGet(server.port, '/no/such/page/');
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['content-security-policy'], CSP);
    assert.equal(r.body, fs.readFileSync(path.join(siteDir(), '404.html'), 'utf8'));
  });

  test('refuses path traversal', async () => {
    const secret = path.relative('/', path.join(REPO_ROOT, 'Cargo.toml'));
    const attempts = [
      '/../Cargo.toml',
      '/../../../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/css/..%2f..%2f..%2fetc/passwd',
      '/..%5c..%5cetc%5cpasswd',
      '/%00',
      '/%E0%A4%A',
      `/${'../'.repeat(12)}${secret}`,
    ];
    for (const a of attempts) {
      const r = await rawGet(server.port, a);
      assert.ok(r.status === 403 || r.status === 404, `${a} gave ${r.status}`);
      assert.ok(!r.body.includes('root:x:0:0'), `${a} leaked /etc/passwd`);
      assert.ok(!r.body.includes('[package]'), `${a} leaked Cargo.toml`);
    }
    assert.equal((await rawGet(server.port, '/../Cargo.toml')).status, 403);
  });

  test('does not follow symlinks out of the folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-e2e-symlink-'));
    try {
      fs.writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><title>x</title>');
      fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd.txt'));
      const s = await startServer(dir);
      try {
        assert.equal((await rawGet(s.port, '/')).status, 200);
        assert.equal((await rawGet(s.port, '/passwd.txt')).status, 403);
      } finally {
        await s.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('every HTML page under the CSP', () => {
  let env;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env?.close();
  });

  const pages = htmlPages();
  test('the site has the expected pages', () => {
    const urls = pages.map((p) => p.url);
    for (const u of ['/', '/404.html', '/tools/', '/tools/base64/', '/tools/data-uri/', '/tools/jwt-decoder/']) {
      assert.ok(urls.includes(u), `missing ${u} in ${urls.join(', ')}`);
    }
    assert.ok(urls.some((u) => u.startsWith('/articles/')));
    assert.ok(urls.some((u) => u.startsWith('/category/')));
    assert.ok(urls.some((u) => u.startsWith('/tags/')));
  });

  // An alias's page sends the browser on at once (its own test below follows it).
  const isRedirect = (p) => /<meta http-equiv="refresh"/.test(fs.readFileSync(p.file, 'utf8'));

  for (const { url } of pages.filter((p) => !isRedirect(p))) {
    test(`${url}: no CSP violation, console error or failed request`, async () => {
      const context = await env.browser.newContext();
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const w = await watch(page);
        const bad = [];
        page.on('response', (r) => {
          const u = new URL(r.url());
          if (u.origin === env.base && r.status() >= 400 && u.pathname !== url && !u.pathname.endsWith('/favicon.ico')) {
            bad.push(`${r.status()} for ${u.pathname}`);
          }
        });
        const res = await page.goto(env.base + url, { waitUntil: 'load' });
        assert.equal(res.status(), 200);
        await toolsMounted(page);
        await page.waitForTimeout(50);
        const problems = (await w.check()).filter((p) => !p.includes('/favicon.ico'));
        assert.deepEqual([...problems, ...bad], [], report(`problems on ${url}`, [...problems, ...bad]));
      } finally {
        await context.close();
      }
    });
  }

  test('an unknown address shows the 404 page (status 404) without problems', async () => {
    const page = await env.browser.newPage();
    try {
      const w = await watch(page);
      const res = await page.goto(`${env.base}/no/such/page/`);
      assert.equal(res.status(), 404);
      assert.equal(await page.locator('h1').textContent(), 'Page not found');
      // The 404 page is served at any depth: its CSS and links must still resolve.
      const css = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.notEqual(css, 'rgba(0, 0, 0, 0)', 'site.css did not load on the 404 page');
      const problems = (await w.check()).filter((p) => !p.includes('/favicon.ico') && !p.includes('status of 404'));
      assert.deepEqual(problems, [], report('problems on the 404 page', problems));
    } finally {
      await page.close();
    }
  });

  test('every alias page redirects to its document', async () => {
    const page = await env.browser.newPage();
    try {
      const redirects = pages.filter(isRedirect);
      assert.ok(redirects.length > 0, 'the site has an alias (aliases: in front matter)');
      const w = await watch(page);
      for (const { url } of redirects) {
        await page.goto(env.base + url);
        await page.waitForURL((u) => u.pathname !== url, { timeout: 5_000 });
        await page.waitForLoadState('load');
        const landed = new URL(page.url()).pathname;
        assert.ok(!pages.some((p) => p.url === landed && isRedirect(p)), `${url} → ${landed}, another redirect`);
        assert.equal((await rawGet(env.server.port, landed)).status, 200, `${url} → ${landed}`);
      }
      // The icon request of the page left behind is cancelled by the move: not a problem.
      const problems = (await w.check()).filter((p) => !/ERR_ABORTED/.test(p));
      assert.deepEqual(problems, [], report('problems while following aliases', problems));
    } finally {
      await page.close();
    }
  });

  test('every internal link and fragment on every page resolves', async () => {
    const page = await env.browser.newPage();
    const broken = [];
    try {
      for (const { url } of pages.filter((p) => !isRedirect(p))) {
        await page.goto(env.base + url);
        const links = await page.evaluate(() =>
          Array.from(document.querySelectorAll('a[href]'), (a) => ({ href: a.href, raw: a.getAttribute('href') })),
        );
        for (const { href, raw } of links) {
          const u = new URL(href);
          if (u.origin !== env.base) continue;
          const target = u.pathname;
          const r = await rawGet(env.server.port, target);
          if (r.status !== 200) {
            broken.push(`${url}: ${raw} → ${r.status}`);
            continue;
          }
          if (u.hash.length > 1) {
            const id = decodeURIComponent(u.hash.slice(1));
            const html = target === new URL(page.url()).pathname ? await page.content() : r.body;
            if (!html.includes(`id="${id}"`)) broken.push(`${url}: ${raw} → no element with id "${id}"`);
          }
        }
      }
    } finally {
      await page.close();
    }
    assert.deepEqual(broken, [], report('broken internal links', broken));
  });

  // Browsers ask every site for /favicon.ico unless a page names an icon. Kept
  // as one test so the other tests can ignore that single request.
  test('no page makes the browser fetch a missing /favicon.ico', async () => {
    // Deterministic part: a page that declares no icon makes browsers fetch /favicon.ico.
    const hasFavicon = fs.existsSync(path.join(env.dir, 'favicon.ico'));
    const noIcon = hasFavicon ? [] : pages.filter((p) => !/<link\b[^>]*\brel=(?:"(?:shortcut )?icon"|icon\b)/i.test(fs.readFileSync(p.file, 'utf8'))).map((p) => p.url);
    // Observed part, in a fresh browser (Chromium stops asking for an icon URL that failed once).
    const failed = [];
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' && m.location().url?.includes('/favicon.ico')) failed.push(`console: ${m.text()}`);
      });
      const before = env.server.requests.length;
      await page.goto(`${env.base}/`);
      for (let i = 0; i < 20 && failed.length === 0; i++) {
        await page.waitForTimeout(100);
        for (const r of env.server.requests.slice(before)) {
          if (r.url.startsWith('/favicon.ico') && r.status >= 400) failed.push(`server: ${r.status} for ${r.url}`);
        }
      }
    } finally {
      await browser.close();
    }
    assert.deepEqual(
      { pagesWithoutIcon: noIcon, failedRequests: [...new Set(failed)] },
      { pagesWithoutIcon: [], failedRequests: [] },
      'pages declare no icon and the site has no /favicon.ico, so browsers request it, get the 404 page and log a console error. ' +
        'Fix in templates/base.html (e.g. <link rel="icon" href="data:,"> or a real icon) or add static/favicon.ico.',
    );
  });
});
