// Shared set-up for the browser and validation suites: locate or build the
// site, serve it, launch Debian's Chromium through playwright-core, and watch
// pages for console errors, CSP violations and dialogs.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const CHROMIUM = process.env.GALLEY_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const require = createRequire(import.meta.url);
/** Path of axe-core's browser bundle (served to pages at AXE_PATH only by the test server). */
export const AXE_FILE = path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');
export const AXE_PATH = '/__e2e__/axe.min.js';

// RFC 7519 section 3.1 = RFC 7515 appendix A.1 (HS256), and its JWK key "k".
export const RFC_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9' +
  '.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ' +
  '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const RFC_KEY = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';

// The smallest valid PNG: a 1x1 transparent pixel (67 bytes).
export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' +
    '0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
export const PNG_URI =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==';

export const XSS = '<img src=x onerror=alert(1)>';

export const TOOL_PAGES = ['/tools/base64/', '/tools/data-uri/', '/tools/jwt-decoder/'];

let builtSite = null;

/**
 * The galley binary: $GALLEY_BIN if set (test-all.sh passes the one `cargo test` built), else
 * `cargo build --release` and the release binary.
 */
export function galleyBin() {
  if (process.env.GALLEY_BIN) return path.resolve(process.env.GALLEY_BIN);
  const r = spawnSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`cargo build --release failed (exit ${r.status})`);
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(REPO_ROOT, 'target');
  return path.join(targetDir, 'release', 'galley');
}

/**
 * A fixture site in `tmp/site`: the repository's templates and static files, `config` as
 * `config.yaml`, and an empty `content/articles/`. Returns the site folder.
 */
export function fixtureSite(tmp, config) {
  const root = path.join(tmp, 'site');
  for (const part of ['templates', 'static']) {
    fs.cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
  }
  fs.writeFileSync(path.join(root, 'config.yaml'), config);
  fs.mkdirSync(path.join(root, 'content', 'articles'), { recursive: true });
  return root;
}

/**
 * The built site folder: $GALLEY_SITE if set (test-all.sh builds once), else
 * a fresh `galley build` into a temporary folder, removed at exit.
 */
export function siteDir() {
  if (builtSite) return builtSite;
  const given = process.env.GALLEY_SITE;
  if (given) {
    const dir = path.resolve(given);
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`GALLEY_SITE=${given} holds no index.html; build the site first`);
    }
    builtSite = dir;
    return dir;
  }
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'galley-e2e-'));
  const out = path.join(parent, 'site');
  const r = spawnSync(galleyBin(), ['build', '--output', out], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    throw new Error(`site build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  process.on('exit', () => fs.rmSync(parent, { recursive: true, force: true }));
  builtSite = out;
  return out;
}

/** Every .html file of the site as {file, rel, url}, sorted; url is the path a browser asks for. */
export function htmlPages(dir = siteDir()) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) {
        const rel = path.relative(dir, p).split(path.sep).join('/');
        const url = '/' + (rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
        out.push({ file: p, rel, url });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.url.localeCompare(b.url));
}

/** URL paths of the article pages (articles/<slug>/). */
export function articlePages(dir = siteDir()) {
  return htmlPages(dir)
    .map((p) => p.url)
    .filter((u) => /^\/articles\/[^/]+\/$/.test(u));
}

/** Starts the CSP static server on the site (with axe-core at AXE_PATH). */
export function serveSite(dir = siteDir()) {
  return startServer(dir, { extra: { [AXE_PATH]: AXE_FILE } });
}

export function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or run scripts/test-all.sh)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Starts the site server and a browser; returns {server, browser, base, close()}. */
export async function setup() {
  const dir = siteDir();
  const server = await serveSite(dir);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    dir,
    server,
    browser,
    base: server.url,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

// Records securitypolicyviolation events (before any page script runs).
const CSP_LISTENER = () => {
  window.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      window.__cspViolations.push({
        directive: e.effectiveDirective || e.violatedDirective,
        blockedURI: e.blockedURI,
        source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '',
        sample: e.sample,
      });
    },
    true,
  );
};

/**
 * Watches a page: console errors, uncaught exceptions, CSP violations and
 * dialogs (which are dismissed and recorded). Call it before page.goto.
 * check() returns the problems seen since the last check() as strings (an
 * empty list when all is well), including the CSP violations recorded by the
 * current document.
 */
export async function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error') problems.push(`console error: ${text} (${msg.location().url || page.url()})`);
    else if (/Content[- ]Security[- ]Policy/i.test(text)) problems.push(`CSP console message: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('dialog', (d) => {
    problems.push(`unexpected ${d.type()} dialog: ${JSON.stringify(d.message())}`);
    d.dismiss().catch(() => {});
  });
  page.on('requestfailed', (r) => {
    // Aborted navigations of a closing page are not the site's fault.
    if (!page.isClosed()) problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  await page.addInitScript(CSP_LISTENER);
  return {
    problems,
    async check() {
      let violations = [];
      if (!page.isClosed()) {
        violations = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
      }
      return [...problems.splice(0), ...violations.map((v) => `CSP violation: ${v.directive} blocked ${v.blockedURI || '(inline)'} ${v.source} ${v.sample || ''}`.trim())];
    },
  };
}

/** Waits until every tool widget on the page has mounted (its module ran). */
export async function toolsMounted(page) {
  await page.waitForFunction(() => {
    const roots = document.querySelectorAll('[data-tool]');
    return Array.from(roots).every((r) => r.hasAttribute('data-mounted'));
  }, null, { timeout: 10_000 });
}

/** Loads a path and waits for the network to settle and the widgets to mount. */
export async function open(page, base, urlPath, { js = true } = {}) {
  const res = await page.goto(base + urlPath, { waitUntil: 'load' });
  if (js) await toolsMounted(page);
  return res;
}

export function resultsPath(...parts) {
  const p = path.join(RESULTS_DIR, ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

/** Formats a list of problems for an assertion message. */
export function report(title, list) {
  return `${title}:\n  - ${list.join('\n  - ')}`;
}
