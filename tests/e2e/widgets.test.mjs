// The three tool widgets in a real browser (Debian's Chromium through
// playwright-core), under the site's Content-Security-Policy: on their tool
// pages and inside the articles that embed them. Every test also fails on a
// console error, an uncaught exception, a CSP violation or a dialog.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup,
  watch,
  open,
  report,
  resultsPath,
  articlePages,
  RFC_TOKEN,
  RFC_KEY,
  PNG_1X1,
  PNG_URI,
  XSS,
  TOOL_PAGES,
} from './helpers.mjs';
import { EXAMPLES } from '../../static/tools/jwt-verify.js';
import { svgDataUri, toDataUri, imgSnippet } from '../../static/tools/data-uri.js';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16">
  <title>Red dot – 100%</title>
  <circle cx="8" cy="8" r="7" fill="#c00"/>
</svg>
`;

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** Opens urlPath in a fresh context; runs fn(page, root); fails on any page problem. */
async function onPage(urlPath, fn, contextOptions = {}) {
  const context = await env.browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const w = await watch(page);
    await open(page, env.base, urlPath);
    await fn(page);
    // Let late events (image errors, async work) arrive before checking.
    await page.waitForTimeout(100);
    const problems = (await w.check()).filter((p) => !p.includes('/favicon.ico'));
    assert.deepEqual(problems, [], report(`problems on ${urlPath}`, problems));
  } finally {
    await context.close();
  }
}

const role = (root, name) => root.locator(`[data-role="${name}"]`);

async function expectStatus(loc, text, kind) {
  await loc.filter({ hasText: text }).waitFor({ timeout: 5000 }).catch(() => {});
  const actual = await loc.textContent();
  assert.ok(actual.includes(text), `status ${JSON.stringify(actual)} should contain ${JSON.stringify(text)}`);
  if (kind) {
    const cls = await loc.getAttribute('class');
    assert.ok(cls.split(/\s+/).includes(`is-${kind}`), `status "${actual}" should have class is-${kind}, has "${cls}"`);
  }
}

// ---- Scenarios, each given the locator of one widget's root ----

async function base64Scenario(page, root) {
  const input = role(root, 'input');
  const output = role(root, 'output');
  const status = role(root, 'status');
  const setMode = (m) => root.locator(`[data-role="mode"][value="${m}"]`).check();

  await input.fill('foobar');
  assert.equal(await output.inputValue(), 'Zm9vYmFy');
  await expectStatus(status, 'Encoded 6 UTF-8 bytes into 8 Base64 characters', 'ok');

  // An emoji with a skin-tone modifier: 2 code points, 8 UTF-8 bytes; round trip via Swap.
  await input.fill('👍🏽');
  assert.equal(await output.inputValue(), '8J+RjfCfj70=');
  await role(root, 'swap').click();
  assert.equal(await root.locator('[data-role="mode"][value="decode"]').isChecked(), true);
  assert.equal(await input.inputValue(), '8J+RjfCfj70=');
  assert.equal(await output.inputValue(), '👍🏽');
  await expectStatus(status, 'Decoded 8 bytes', 'ok');
  assert.equal(await root.locator('[data-role="input-label"]').textContent(), 'Base64 to decode');

  // URL-safe alphabet, with and without padding.
  await setMode('encode');
  await role(root, 'alphabet').selectOption('url');
  await input.fill('👍🏽');
  assert.equal(await output.inputValue(), '8J-RjfCfj70=');
  await role(root, 'pad').uncheck();
  assert.equal(await output.inputValue(), '8J-RjfCfj70');
  await input.fill('\u00ff\u00fe?>');
  assert.equal(await output.inputValue(), 'w7_Dvj8-');
  await setMode('decode');
  assert.equal(await role(root, 'pad').isDisabled(), true);
  await input.fill('8J-RjfCfj70');
  assert.equal(await output.inputValue(), '👍🏽');
  // A standard-alphabet character in URL-safe mode is explained.
  await input.fill('8J+RjfCfj70=');
  await expectStatus(status, "Invalid character '+' at position 3 ('+' belongs to the standard Base64 alphabet, not the URL-safe one)", 'error');
  assert.equal(await output.inputValue(), '');
  await role(root, 'alphabet').selectOption('standard');
  await setMode('encode');
  await role(root, 'pad').check();
  await setMode('decode');

  // Invalid input shows an error message and no result.
  await input.fill('Zm9v!mFy');
  await expectStatus(status, "Invalid character '!' at position 5", 'error');
  assert.equal(await output.inputValue(), '');
  await input.fill('Zm9vY');
  await expectStatus(status, 'Length 5 is not valid Base64', 'error');
  // Bytes that are not UTF-8 are shown as hex.
  await input.fill('/w==');
  await expectStatus(status, 'Decoded bytes are not valid UTF-8 at byte 0 (0xFF)', 'error');
  assert.equal(await output.inputValue(), 'ff');

  // Copy: with clipboard permission the result lands on the clipboard.
  await input.fill('Zm9vYmFy');
  await role(root, 'copy').click();
  const copyStatus = role(root, 'copy-status');
  await copyStatus.filter({ hasText: /Copied|refused/ }).waitFor({ timeout: 5000 });
  const copied = await copyStatus.textContent();
  if (copied === 'Copied') {
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'foobar');
  } else {
    // Without permission the result must at least be selected for Ctrl+C.
    assert.match(copied, /The browser refused clipboard access/);
  }
  // Clearing the input clears everything.
  await input.fill('');
  assert.equal(await output.inputValue(), '');
  assert.equal(await status.textContent(), '');
}

async function dataUriScenario(page, root) {
  const status = role(root, 'status');
  const results = role(root, 'results');
  assert.equal(await results.isVisible(), false);
  await role(root, 'file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1X1 });
  await expectStatus(status, 'Encoded dot.png (image/png).', 'ok');
  assert.equal(await results.isVisible(), true);
  assert.equal(await role(root, 'uri').inputValue(), PNG_URI);
  assert.equal(await role(root, 'mime').textContent(), 'image/png');
  assert.equal(await role(root, 'original-size').textContent(), '67 bytes');
  assert.equal(await role(root, 'encoded-size').textContent(), '114 bytes');
  assert.equal(await role(root, 'overhead').textContent(), '+47 bytes (+70.1%)');
  assert.equal(await role(root, 'img').inputValue(), `<img src="${PNG_URI}" alt="dot.png">`);
  assert.equal(await role(root, 'css').inputValue(), `.dot { background-image: url("${PNG_URI}"); }`);
  assert.equal(await role(root, 'svg-block').isVisible(), false);
  assert.equal(await role(root, 'svg-stat').isVisible(), false);

  // The preview is a real, loaded <img> (CSP allows data: images).
  const img = role(root, 'preview').locator('img');
  assert.equal(await img.count(), 1);
  assert.equal(await img.getAttribute('src'), PNG_URI);
  assert.equal(await img.getAttribute('alt'), 'dot.png');
  await page.waitForFunction((el) => el.complete, await img.elementHandle());
  assert.equal(await img.evaluate((el) => el.naturalWidth), 1);

  // A non-image gets a data URI but no preview or image snippets.
  await role(root, 'file').setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expectStatus(status, 'It is not an image, so there is no preview', 'ok');
  assert.equal(await role(root, 'uri').inputValue(), 'data:text/plain;base64,aGVsbG8=');
  assert.equal(await role(root, 'preview').locator('img').count(), 0);
  assert.equal(await role(root, 'img-block').isVisible(), false);
  assert.equal(await role(root, 'css-block').isVisible(), false);
  assert.equal(await role(root, 'original-size').textContent(), '5 bytes');

  // An SVG also gets the URL-encoded data URI, with both sizes; the snippets use the smaller one.
  await role(root, 'file').setInputFiles({ name: 'red dot.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG) });
  await expectStatus(status, 'Encoded red dot.svg (image/svg+xml). The URL-encoded version is', 'ok');
  const svgUri = svgDataUri(SVG);
  const b64Uri = toDataUri(new Uint8Array(Buffer.from(SVG)), 'image/svg+xml');
  assert.ok(svgUri.length < b64Uri.length);
  assert.equal(await role(root, 'svg-block').isVisible(), true);
  assert.equal(await role(root, 'svg').inputValue(), svgUri);
  assert.equal(await role(root, 'uri').inputValue(), b64Uri);
  assert.equal(await role(root, 'svg-stat').isVisible(), true);
  assert.match(await role(root, 'svg-size').textContent(), /^\d+ bytes: \d+ bytes smaller than Base64$/);
  assert.equal(await role(root, 'encoded-size').textContent(), `${b64Uri.length} bytes`);
  assert.equal(await role(root, 'img').inputValue(), imgSnippet(svgUri, 'red dot.svg'));
  assert.equal(await role(root, 'css').inputValue(), `.red-dot { background-image: url("${svgUri}"); }`);
  const svgImg = role(root, 'preview').locator('img');
  await page.waitForFunction((el) => el.complete, await svgImg.elementHandle());
  assert.equal(await svgImg.evaluate((el) => el.naturalWidth), 16);
  // The URL-encoded URI is itself a working image.
  assert.equal(await page.evaluate((src) => new Promise((ok) => {
    const i = new Image();
    i.onload = () => ok(i.naturalWidth);
    i.onerror = () => ok(-1);
    i.src = src;
  }), svgUri), 16);
  const copyStatus = role(root, 'copy-status');
  await root.locator('[data-role="copy"][data-target="svg"]').click();
  await expectStatus(copyStatus, 'Copied', 'ok');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), svgUri);
}

async function jwtScenario(page, root) {
  const token = role(root, 'token');
  const status = role(root, 'status');
  const sig = role(root, 'signature');

  await token.fill(RFC_TOKEN);
  const header = JSON.parse(await role(root, 'header').textContent());
  const payload = JSON.parse(await role(root, 'payload').textContent());
  assert.deepEqual(header, { typ: 'JWT', alg: 'HS256' });
  assert.deepEqual(payload, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  await expectStatus(status, 'Expired', 'error');
  assert.match(await status.textContent(), /^Expired \d+ years? ago/);
  const claims = role(root, 'claims');
  assert.equal(await claims.isVisible(), true);
  assert.match(await claims.textContent(), /Expires \(exp\)2011-03-22T18:43:00Z \(\d+ years? ago\)/);
  await expectStatus(sig, 'Signature not verified. Enter the secret to check the HS256 signature.');

  // The RFC 7515 A.1 key, as Base64url bytes, verifies the signature.
  await role(root, 'secret-encoding').selectOption('base64url');
  await role(root, 'secret').fill(RFC_KEY);
  await expectStatus(sig, 'Signature verified (HS256).', 'ok');
  // The same key read as text does not.
  await role(root, 'secret-encoding').selectOption('text');
  await expectStatus(sig, 'Invalid signature (HS256): wrong secret, or the token was changed.', 'error');
  await role(root, 'secret-encoding').selectOption('base64url');
  await expectStatus(sig, 'Signature verified (HS256).', 'ok');
  // A secret that is not Base64url is explained.
  await role(root, 'secret').fill('ab/c');
  await expectStatus(sig, "The secret is not valid Base64url: Invalid character '/' at position 3", 'error');

  // Malformed tokens give a message and hide the results.
  await token.fill('abc');
  await expectStatus(status, 'A JWT has 3 parts separated by dots; found 1', 'error');
  assert.equal(await role(root, 'results').isVisible(), false);
  assert.equal(await sig.textContent(), '');
  await token.fill(RFC_TOKEN.replace('.eyJ', '.ab*c'));
  await expectStatus(status, "The payload (part 2) is not valid Base64url: Invalid character '*'", 'error');

  // The RS256 example verifies with its public key (jwt-verify.js is imported on demand).
  await root.locator('[data-role="example"][data-example="rs256"]').click();
  assert.equal(await token.inputValue(), EXAMPLES.rs256.token);
  assert.equal(await role(root, 'public-key').inputValue(), EXAMPLES.rs256.publicKey);
  assert.equal(await role(root, 'secret').inputValue(), '');
  await expectStatus(sig, 'Signature verified (RS256).', 'ok');
  await expectStatus(status, 'Within its valid time window', 'ok');
  // Times: UTC beside the reader's local time.
  assert.match(await claims.textContent(), /Expires \(exp\)2100-01-01T00:00:00Z \(in \d+ years\); your local time: \S/);
  // A changed payload no longer verifies.
  const [h, , s] = EXAMPLES.rs256.token.split('.');
  const forged = Buffer.from(JSON.stringify({ sub: '1234567890', name: 'Mallory', admin: true })).toString('base64url');
  await token.fill(`${h}.${forged}.${s}`);
  await expectStatus(sig, 'Invalid signature (RS256): wrong key, or the token was changed.', 'error');
  // A secret is never used for an RS256 token (algorithm confusion), nor a public key for HS256.
  await role(root, 'public-key').fill('');
  await role(root, 'secret').fill('some-secret');
  await expectStatus(sig, 'Not verified: RS256 is a public-key algorithm.', 'error');
  await root.locator('[data-role="example"][data-example="hs256"]').click();
  await expectStatus(sig, 'Signature verified (HS256).', 'ok');
  await role(root, 'secret').fill('');
  await role(root, 'public-key').fill(EXAMPLES.rs256.publicKey);
  await expectStatus(sig, 'Not verified: HS256 is checked with the shared secret, not a public key.', 'error');

  // Copy buttons put the header and payload on the clipboard (one by mouse, one by keyboard).
  const copyStatus = role(root, 'copy-status');
  await root.locator('[data-role="copy"][data-target="header"]').click();
  await expectStatus(copyStatus, 'Copied', 'ok');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), JSON.stringify({ alg: 'HS256', typ: 'JWT' }, null, 2));
  await root.locator('[data-role="copy"][data-target="payload"]').focus();
  await page.keyboard.press('Enter');
  await copyStatus.filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await role(root, 'payload').textContent());
  assert.ok((await page.evaluate(() => navigator.clipboard.readText())).includes('"name": "Ada Lovelace"'));

  await token.fill('');
  assert.equal(await status.textContent(), '');
  await role(root, 'public-key').fill('');
}

const SCENARIOS = { base64: base64Scenario, 'data-uri': dataUriScenario, 'jwt-decoder': jwtScenario };

/** Runs the scenario of every widget found on the page; returns the tool ids. */
async function runScenarios(page) {
  const ids = await page.locator('[data-tool]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tool')));
  for (const [i, id] of ids.entries()) {
    const root = page.locator('[data-tool]').nth(i);
    assert.ok(SCENARIOS[id], `no scenario for tool ${id}`);
    await root.scrollIntoViewIfNeeded();
    await SCENARIOS[id](page, root);
  }
  return ids;
}

const clipboard = { permissions: ['clipboard-read', 'clipboard-write'] };

describe('tool pages', () => {
  for (const urlPath of TOOL_PAGES) {
    test(`${urlPath} works`, async () => {
      await onPage(urlPath, async (page) => {
        const ids = await runScenarios(page);
        assert.equal(ids.length, 1, `${urlPath} should hold exactly one widget`);
        assert.equal(`/tools/${ids[0]}/`, urlPath);
      }, clipboard);
    });
  }

  test('copy without clipboard permission selects the result and explains', async () => {
    await onPage('/tools/base64/', async (page) => {
      const root = page.locator('[data-tool="base64"]');
      // Make the Clipboard API refuse, as a browser does without permission.
      await page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
      });
      await role(root, 'input').fill('foobar');
      await role(root, 'copy').click();
      await expectStatus(role(root, 'copy-status'), 'The browser refused clipboard access', 'error');
      const selected = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el.value !== undefined ? el.value.slice(el.selectionStart, el.selectionEnd) : null;
      });
      assert.equal(selected, 'Zm9vYmFy');
    });
  });
});

describe('data-uri with a large file', () => {
  test('encodes 6 MiB in steps: the page keeps running timers, and the result is right', async () => {
    await onPage('/tools/data-uri/', async (page) => {
      const root = page.locator('[data-tool="data-uri"]');
      const size = 6 * 1024 * 1024;
      const buffer = Buffer.alloc(size, 0x61);
      // Count timer ticks while the file is encoded; one long blocking task would allow none.
      await page.evaluate(() => {
        window.__ticks = 0;
        window.__timer = setInterval(() => { window.__ticks++; }, 0);
      });
      // Handing 6 MiB to the page takes seconds on a loaded CI machine: the default 5 s is not about galley.
      await role(root, 'file').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer }, { timeout: 60_000 });
      await expectStatus(role(root, 'status'), 'Warning: big.bin is 6.0 MiB', 'error');
      const ticks = await page.evaluate(() => { clearInterval(window.__timer); return window.__ticks; });
      assert.ok(ticks >= 3, `only ${ticks} timer ticks ran while encoding`);
      const expected = 'data:application/octet-stream;base64,'.length + (size / 3) * 4;
      assert.equal(await role(root, 'uri').evaluate((el) => el.value.length), expected);
      assert.equal(await role(root, 'uri').evaluate((el) => el.value.slice(-8)), 'YWFhYWFh');
    });
  });
});

describe('articles embedding tools', () => {
  test('the expected articles embed widgets', () => {
    const articles = articlePages();
    assert.ok(articles.includes('/articles/base64-basics/'), articles.join(', '));
    assert.ok(articles.includes('/articles/jwt-vs-session/'), articles.join(', '));
  });

  for (const urlPath of articlePages()) {
    test(`${urlPath}: every embedded widget works`, async () => {
      await onPage(urlPath, async (page) => {
        const ids = await runScenarios(page);
        if (urlPath === '/articles/base64-basics/') assert.ok(ids.includes('base64'), ids.join());
        if (urlPath === '/articles/jwt-vs-session/') assert.ok(ids.includes('jwt-decoder'), ids.join());
      }, clipboard);
    });
  }
});

// ---- XSS: markup typed or pasted into a widget stays text ----

async function assertNoInjectedMarkup(page) {
  await page.waitForTimeout(150);
  const found = await page.evaluate(() => ({
    badImgs: Array.from(document.querySelectorAll('img')).filter((i) => !i.getAttribute('src')?.startsWith('data:')).map((i) => i.outerHTML),
    handlers: Array.from(document.querySelectorAll('[onerror], [onload], [onclick]')).map((e) => e.outerHTML.slice(0, 120)),
  }));
  assert.deepEqual(found.badImgs, [], 'an <img> was created from the input');
  assert.deepEqual(found.handlers, [], 'an element with an inline event handler was created');
}

describe('XSS: markup in inputs is shown as text', () => {
  test('base64', async () => {
    await onPage('/tools/base64/', async (page) => {
      const root = page.locator('[data-tool="base64"]');
      const input = role(root, 'input');
      // Typed, key by key.
      await input.click();
      await page.keyboard.type(XSS);
      const encoded = Buffer.from(XSS).toString('base64');
      assert.equal(await role(root, 'output').inputValue(), encoded);
      // Decoding it back shows the markup as text in the result.
      await role(root, 'swap').click();
      assert.equal(await role(root, 'output').inputValue(), XSS);
      // Pasted into decode mode: the error message quotes the character as text.
      await input.fill('');
      await page.keyboard.insertText(XSS);
      const status = role(root, 'status');
      await expectStatus(status, "Invalid character '<' at position 1", 'error');
      await assertNoInjectedMarkup(page);
    });
  });

  test('data-uri (markup in the file name)', async () => {
    await onPage('/tools/data-uri/', async (page) => {
      const root = page.locator('[data-tool="data-uri"]');
      const name = `${XSS}.png`;
      await role(root, 'file').setInputFiles({ name, mimeType: 'image/png', buffer: PNG_1X1 });
      await expectStatus(role(root, 'status'), `Encoded ${name} (image/png).`, 'ok');
      const img = role(root, 'preview').locator('img');
      assert.equal(await img.getAttribute('alt'), name);
      assert.equal(
        await role(root, 'img').inputValue(),
        `<img src="${PNG_URI}" alt="&lt;img src=x onerror=alert(1)&gt;.png">`,
      );
      // A non-image file with the same name: shown as text again.
      await role(root, 'file').setInputFiles({ name, mimeType: 'text/html', buffer: Buffer.from(XSS) });
      await expectStatus(role(root, 'status'), `Encoded ${name} (text/html).`, 'ok');
      assert.equal(await role(root, 'uri').inputValue(), `data:text/html;base64,${Buffer.from(XSS).toString('base64')}`);
      await assertNoInjectedMarkup(page);
    });
  });

  test('jwt-decoder (markup as the token, in claims, in alg and as the secret)', async () => {
    await onPage('/tools/jwt-decoder/', async (page) => {
      const root = page.locator('[data-tool="jwt-decoder"]');
      const token = role(root, 'token');
      await token.click();
      await page.keyboard.insertText(XSS);
      await expectStatus(role(root, 'status'), 'A JWT has 3 parts separated by dots; found 1', 'error');

      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const evil = `${b64({ alg: XSS, typ: 'JWT' })}.${b64({ sub: XSS, exp: XSS })}.AAAA`;
      await token.fill(evil);
      assert.ok((await role(root, 'payload').textContent()).includes(`"sub": "${XSS}"`));
      assert.ok((await role(root, 'header').textContent()).includes(`"alg": "${XSS}"`));
      await expectStatus(role(root, 'signature'), `verifying ${XSS} is not supported here`);
      await expectStatus(role(root, 'status'), 'Invalid time claim', 'error');
      assert.ok((await role(root, 'claims').textContent()).includes(JSON.stringify(XSS)));

      await token.fill(RFC_TOKEN);
      await role(root, 'secret-encoding').selectOption('base64url');
      await role(root, 'secret').fill(XSS);
      await expectStatus(role(root, 'signature'), "The secret is not valid Base64url: Invalid character '<' at position 1", 'error');
      await assertNoInjectedMarkup(page);
    });
  });
});

// ---- Without JavaScript ----

describe('without JavaScript', () => {
  const pages = [...TOOL_PAGES, '/articles/base64-basics/', '/articles/jwt-vs-session/'];
  for (const urlPath of pages) {
    test(`${urlPath} says the tool needs JavaScript and stays readable`, async () => {
      const context = await env.browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(env.base + urlPath);
        const msg = page.locator('.tool-nojs');
        assert.ok((await msg.count()) >= 1, 'no .tool-nojs message');
        for (const m of await msg.all()) {
          assert.equal(await m.isVisible(), true);
          assert.match(await m.textContent(), /needs JavaScript/);
        }
        for (const ui of await page.locator('[data-role="ui"]').all()) assert.equal(await ui.isVisible(), false);
        assert.equal(await page.locator('h1').isVisible(), true);
        const prose = page.locator('.prose');
        assert.equal(await prose.isVisible(), true);
        const text = await prose.innerText();
        assert.ok(text.length > (urlPath.startsWith('/articles/') ? 3000 : 500), `prose too short (${text.length} chars)`);
      } finally {
        await context.close();
      }
    });
  }
});

// ---- Small screens ----

/** Elements sticking out to the right of the viewport, for the failure message. */
function overflowing(width) {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5) {
      let inScroller = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(s.overflowX) && p.scrollWidth > p.clientWidth - 1 && p.getBoundingClientRect().right <= width + 0.5) {
          inScroller = true;
          break;
        }
      }
      if (!inScroller) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(/\s+/).join('.') : ''} right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 15);
}

describe('360px-wide viewport', () => {
  const pages = [...TOOL_PAGES, ...articlePages()];
  for (const urlPath of pages) {
    test(`${urlPath}: no horizontal overflow, before and after use`, async () => {
      await onPage(urlPath, async (page) => {
        const check = async (when) => {
          const m = await page.evaluate(() => ({
            scroll: document.scrollingElement.scrollWidth,
            widgets: Array.from(document.querySelectorAll('[data-tool]'), (w) => Math.round(w.getBoundingClientRect().right)),
          }));
          const detail = m.scroll > 360 ? await page.evaluate(overflowing, 360) : [];
          assert.ok(m.scroll <= 360, `${when}: scrollWidth ${m.scroll} > 360; overflowing: ${detail.join(', ')}`);
          for (const r of m.widgets) assert.ok(r <= 360, `${when}: a widget ends at x=${r} > 360`);
        };
        await check('on load');
        // Fill every widget with long unbroken content, then check again.
        const long = 'x'.repeat(600);
        for (const b of await page.locator('[data-tool="base64"]').all()) await role(b, 'input').fill(long);
        for (const j of await page.locator('[data-tool="jwt-decoder"]').all()) {
          const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
          await role(j, 'token').fill(`${b64({ alg: 'HS256', kid: long })}.${b64({ sub: long, exp: 4102444800, iat: 1700000000 })}.AAAA`);
          await role(j, 'secret').fill(long);
        }
        for (const d of await page.locator('[data-tool="data-uri"]').all()) {
          await role(d, 'file').setInputFiles({ name: `${long}.png`, mimeType: 'image/png', buffer: PNG_1X1 });
          await role(d, 'status').filter({ hasText: 'Encoded' }).waitFor();
        }
        await check('after filling the widgets');
      }, { viewport: { width: 360, height: 740 } });
    });
  }
});

// ---- Screenshots (for people to look at; not compared) ----

describe('screenshots', () => {
  for (const scheme of ['light', 'dark']) {
    for (const urlPath of TOOL_PAGES) {
      const name = urlPath.split('/').filter(Boolean).join('-');
      test(`${urlPath} in ${scheme} mode`, async () => {
        await onPage(urlPath, async (page) => {
          const root = page.locator('[data-tool]').first();
          const id = await root.getAttribute('data-tool');
          if (id === 'base64') await role(root, 'input').fill('Hello, 世界 👍🏽');
          if (id === 'jwt-decoder') {
            await root.locator('[data-role="example"][data-example="rs256"]').click();
            await role(root, 'signature').filter({ hasText: 'Signature verified' }).waitFor();
          }
          if (id === 'data-uri') {
            await role(root, 'file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1X1 });
            await role(root, 'status').filter({ hasText: 'Encoded' }).waitFor();
          }
          const file = resultsPath('screenshots', `${name}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          await root.screenshot({ path: resultsPath('screenshots', `${name}-widget-${scheme}.png`) });
        }, { colorScheme: scheme, viewport: { width: 1024, height: 800 } });
      });
    }
  }
});
