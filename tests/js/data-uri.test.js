import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  toDataUri,
  formatBytes,
  overhead,
  imgSnippet,
  cssSnippet,
  escapeAttr,
  safeMime,
  describeSize,
  encodeSvgText,
  svgDataUri,
  svgDataUriAsync,
  toDataUriAsync,
  isSvg,
  cssRule,
  cssClassFor,
  CHUNK_BYTES,
  mount,
} from '../../static/tools/data-uri.js';

// The smallest valid PNG: a 1x1 transparent pixel (67 bytes).
const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' +
    '0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
const PNG_URI =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==';

test('toDataUri for a 1x1 PNG', () => {
  assert.equal(PNG_1X1.length, 67);
  assert.equal(toDataUri(new Uint8Array(PNG_1X1), 'image/png'), PNG_URI);
  assert.equal(PNG_URI.length, 114);
});

test('toDataUri falls back to application/octet-stream for missing or unsafe types', () => {
  assert.equal(toDataUri(new Uint8Array([1, 2, 3]), ''), 'data:application/octet-stream;base64,AQID');
  assert.equal(toDataUri([1, 2, 3], undefined), 'data:application/octet-stream;base64,AQID');
  assert.equal(toDataUri([1, 2, 3], 'image/png"><script>'), 'data:application/octet-stream;base64,AQID');
  assert.equal(toDataUri([], 'text/plain'), 'data:text/plain;base64,');
  assert.equal(safeMime('Image/SVG+XML'), 'image/svg+xml');
  assert.equal(safeMime('image/png; charset=x'), 'application/octet-stream');
});

test('formatBytes', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1), '1 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(2 * 1024 * 1024), '2.0 MiB');
  assert.equal(formatBytes(10 * 1024 * 1024 - 1), '10.0 MiB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
  assert.equal(describeSize(1), '1 byte');
  assert.equal(describeSize(67), '67 bytes');
  assert.equal(describeSize(1234567), '1.2 MiB (1,234,567 bytes)');
});

test('overhead in bytes and percent', () => {
  assert.deepEqual(overhead(67, 114), { bytes: 47, percent: 70.1 });
  assert.deepEqual(overhead(3000, 4000), { bytes: 1000, percent: 33.3 });
  assert.deepEqual(overhead(300, 400), { bytes: 100, percent: 33.3 });
  assert.deepEqual(overhead(0, 37), { bytes: 37, percent: null });
});

test('imgSnippet escapes quotes, < and & in the alt text', () => {
  assert.equal(
    imgSnippet(PNG_URI, 'a "quoted" <b>&\'name\'.png'),
    `<img src="${PNG_URI}" alt="a &quot;quoted&quot; &lt;b&gt;&amp;&#39;name&#39;.png">`,
  );
  assert.equal(imgSnippet('data:x"y', '<'), '<img src="data:x&quot;y" alt="&lt;">');
  assert.equal(escapeAttr(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
});

test('cssSnippet writes a quoted, escaped url()', () => {
  assert.equal(cssSnippet(PNG_URI), `background-image: url("${PNG_URI}");`);
  assert.equal(cssSnippet('a"b\\c\nd'), 'background-image: url("a\\"b\\\\c\\a d");');
});

test('mount is exported and ignores a missing root', () => {
  assert.equal(typeof mount, 'function');
  assert.equal(mount(null), undefined);
});

const SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">
  <title>Dot – 100% «red» 👍</title>
  <circle cx="12" cy="12" r="10" fill="#c00" stroke="rgb(0 0 0 / 50%)"/>
  <path d="M4 12h16\\" style="stroke:#000;stroke-width:2"/>
</svg>
`;

test('URL-encoded SVG: only what must be is encoded, and decodeURIComponent gives the SVG back', () => {
  const uri = svgDataUri(SVG);
  assert.ok(uri.startsWith("data:image/svg+xml,%3C?xml version='1.0' encoding='UTF-8'?%3E%0A%3Csvg xmlns='http://www.w3.org/2000/svg'"), uri);
  const payload = uri.slice('data:image/svg+xml,'.length);
  // No character that could end an attribute or CSS string, start a fragment, or break a line.
  assert.doesNotMatch(payload, /["<>#\\\n\r\t]|%(?![0-9A-F]{2})/);
  assert.match(payload, /^[\x20-\x7e]+$/, 'ASCII only');
  assert.ok(payload.includes("fill='%23c00'"));
  assert.ok(payload.includes('100%25'));
  assert.ok(payload.includes('%E2%80%93'), 'the en dash is UTF-8 percent-encoded');
  assert.ok(payload.includes('%F0%9F%91%8D'), 'the emoji is UTF-8 percent-encoded');
  // The SVG has no apostrophe, so double quotes became single ones.
  assert.equal(decodeURIComponent(payload), SVG.replaceAll('"', "'"));
  // Smaller than Base64.
  assert.ok(uri.length < toDataUri(new TextEncoder().encode(SVG), 'image/svg+xml').length);
});

test('URL-encoded SVG keeps double quotes (as %22) when the SVG has apostrophes, and drops a BOM', () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><text font-family="'Open Sans'">it's</text></svg>`;
  const payload = svgDataUri(`\uFEFF${svg}`).slice('data:image/svg+xml,'.length);
  assert.ok(payload.startsWith('%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E'), payload);
  assert.equal(decodeURIComponent(payload), svg);
  assert.equal(encodeSvgText('a"b', true), "a'b");
  assert.equal(encodeSvgText('a"b', false), 'a%22b');
  assert.equal(encodeSvgText('%#<>\\\u0000\u007f é'), '%25%23%3C%3E%5C%00%7F %C3%A9');
  assert.equal(svgDataUri(''), 'data:image/svg+xml,');
});

test('svgDataUriAsync and toDataUriAsync give exactly the one-step result, in steps', async () => {
  const long = SVG.repeat(50);
  let steps = 0;
  const pause = async () => { steps++; };
  assert.equal(await svgDataUriAsync(long, { chunk: 97, pause }), svgDataUri(long));
  assert.ok(steps > 10);
  // A chunk boundary inside a surrogate pair is moved past it.
  for (let chunk = 1; chunk < 8; chunk++) assert.equal(await svgDataUriAsync('a👍b👍👍c', { chunk, pause }), svgDataUri('a👍b👍👍c'));

  const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) % 256);
  steps = 0;
  const progress = [];
  const uri = await toDataUriAsync(bytes, 'image/png', { chunkBytes: 3 * 4096, pause, onProgress: (f) => progress.push(f) });
  assert.equal(uri, toDataUri(bytes, 'image/png'));
  assert.equal(progress.at(-1), 1);
  assert.equal(steps, Math.ceil(bytes.length / (3 * 4096)) - 1);
  assert.equal(CHUNK_BYTES % 3, 0);
  // Stops (null) when another file was chosen meanwhile.
  assert.equal(await toDataUriAsync(bytes, 'image/png', { chunkBytes: 3 * 4096, pause, isCurrent: () => false }), null);
  assert.equal(await svgDataUriAsync(long, { chunk: 97, pause, isCurrent: () => false }), null);
  // The real pause (setTimeout) works too.
  assert.equal(await toDataUriAsync(bytes.subarray(0, 30), 'x/y', { chunkBytes: 3 }), toDataUri(bytes.subarray(0, 30), 'x/y'));
});

test('isSvg by type, or by extension when the type is missing', () => {
  assert.equal(isSvg('image/svg+xml', 'a.png'), true);
  assert.equal(isSvg('', 'Logo.SVG'), true);
  assert.equal(isSvg('application/octet-stream', 'logo.svg'), true);
  assert.equal(isSvg('image/png', 'logo.svg'), false);
  assert.equal(isSvg('', 'logo.svgz'), false);
  assert.equal(isSvg(undefined, undefined), false);
});

test('cssRule writes a whole rule; the class comes from the file name', () => {
  assert.equal(cssRule(PNG_URI), `.icon { background-image: url("${PNG_URI}"); }`);
  assert.equal(cssRule('data:image/svg+xml,%3Csvg/%3E', '.logo'), `.logo { background-image: url("data:image/svg+xml,%3Csvg/%3E"); }`);
  assert.equal(cssRule('a"b'), '.icon { background-image: url("a\\"b"); }');
  assert.equal(cssClassFor('dot.png'), '.dot');
  assert.equal(cssClassFor('My Logo (2).svg'), '.my-logo-2');
  assert.equal(cssClassFor('<img src=x onerror=alert(1)>.png'), '.img-src-x-onerror-alert-1');
  assert.equal(cssClassFor('2x.png'), '.x');
  assert.equal(cssClassFor('日本.png'), '.icon');
  assert.equal(cssClassFor(''), '.icon');
});
