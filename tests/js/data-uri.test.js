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
