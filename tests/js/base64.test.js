import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeBase64,
  decodeBase64,
  encodeText,
  decodeText,
  utf8ErrorOffset,
  hasLoneSurrogate,
  toHex,
  mount,
} from '../../static/tools/base64.js';

const RFC4648 = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

// Deterministic PRNG (mulberry32) so failures are reproducible.
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('RFC 4648 section 10 vectors encode', () => {
  for (const [plain, b64] of RFC4648) {
    assert.equal(encodeText(plain), b64, plain);
    assert.equal(encodeBase64(new TextEncoder().encode(plain)), b64, plain);
  }
});

test('RFC 4648 section 10 vectors decode, padded and unpadded', () => {
  for (const [plain, b64] of RFC4648) {
    assert.deepEqual(decodeText(b64), { ok: true, text: plain, bytes: new TextEncoder().encode(plain) });
    const r = decodeText(b64.replace(/=+$/, ''));
    assert.equal(r.ok, true);
    assert.equal(r.text, plain);
  }
});

test('encodeBase64 accepts ArrayBuffer and plain arrays', () => {
  assert.equal(encodeBase64([0, 1, 2, 253, 254, 255]), 'AAEC/f7/');
  assert.equal(encodeBase64(new Uint8Array([102, 111, 111]).buffer), 'Zm9v');
});

test('UTF-8 round trips: emoji with skin tone, CJK, combining mark', () => {
  const cases = [
    ['👍🏽', '8J+RjfCfj70='],
    ['漢字', '5ryi5a2X'],
    ['e\u0301', 'ZcyB'],
    ['\uFEFFBOM kept', '77u/Qk9NIGtlcHQ='],
  ];
  for (const [text, b64] of cases) {
    assert.equal(encodeText(text), b64, text);
    assert.equal(encodeText(text), Buffer.from(text, 'utf8').toString('base64'));
    const r = decodeText(b64);
    assert.equal(r.ok, true);
    assert.equal(r.text, text);
  }
  assert.equal(decodeText(encodeText('e\u0301')).text.length, 2, 'combining sequence is not normalised');
});

test('a lone surrogate is encoded as U+FFFD without throwing', () => {
  assert.equal(hasLoneSurrogate('a\uD800b'), true);
  assert.equal(hasLoneSurrogate('\uDC00'), true);
  assert.equal(hasLoneSurrogate('👍'), false);
  assert.equal(encodeText('\uD800'), '77+9');
  assert.equal(decodeText('77+9').text, '\uFFFD');
  assert.equal(encodeText('a\uDC00b'), 'Ye+/vWI=');
});

test('matches Buffer for seeded random byte arrays (standard and URL-safe)', () => {
  const rand = mulberry32(20240607);
  for (let k = 0; k < 500; k++) {
    const len = Math.floor(rand() * 70);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = Math.floor(rand() * 256);
    const buf = Buffer.from(bytes);
    const std = buf.toString('base64');
    const url = buf.toString('base64url');
    assert.equal(encodeBase64(bytes), std);
    assert.equal(encodeBase64(bytes, { urlSafe: true, pad: false }), url);
    assert.equal(encodeBase64(bytes, { pad: false }), std.replace(/=+$/, ''));
    assert.deepEqual(decodeBase64(std).bytes, bytes);
    assert.deepEqual(decodeBase64(url, { urlSafe: true }).bytes, bytes);
  }
});

test('large input (1 MiB) matches Buffer', () => {
  const rand = mulberry32(7);
  const bytes = new Uint8Array(1024 * 1024 + 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
  const enc = encodeBase64(bytes);
  assert.equal(enc, Buffer.from(bytes).toString('base64'));
  assert.deepEqual(decodeBase64(enc).bytes, bytes);
});

test('URL-safe alphabet and padding options', () => {
  const bytes = [0xfb, 0xff];
  assert.equal(encodeBase64(bytes), '+/8=');
  assert.equal(encodeBase64(bytes, { pad: false }), '+/8');
  assert.equal(encodeBase64(bytes, { urlSafe: true }), '-_8=');
  assert.equal(encodeBase64(bytes, { urlSafe: true, pad: false }), '-_8');
  assert.deepEqual(decodeBase64('-_8', { urlSafe: true }), { ok: true, bytes: new Uint8Array(bytes) });
  assert.deepEqual(decodeBase64('-_8=', { urlSafe: true }), { ok: true, bytes: new Uint8Array(bytes) });
  assert.deepEqual(decodeBase64('+/8'), { ok: true, bytes: new Uint8Array(bytes) });
});

test('decode ignores whitespace and newlines', () => {
  assert.equal(decodeText('Zm9v\nYmFy').text, 'foobar');
  assert.equal(decodeText('  Zm9v\r\n\tYg = = \n').text, 'foob');
  assert.deepEqual(decodeText(' \n '), { ok: true, text: '', bytes: new Uint8Array(0) });
});

test('invalid character: message, 1-based position and 0-based index', () => {
  assert.deepEqual(decodeBase64('Zm9v#mFy'), {
    ok: false,
    error: "Invalid character '#' at position 5",
    position: 5,
    index: 4,
  });
  assert.equal(decodeBase64('Zm9v\nYm.y').error, "Invalid character '.' at position 8");
  assert.equal(decodeBase64('Zm\u00e99v').error, "Invalid character 'é' (U+00E9) at position 3");
  assert.equal(decodeBase64('Zm\u00009v').error, 'Invalid character U+0000 at position 3');
  assert.equal(decodeBase64('ab👍').error, "Invalid character '👍' (U+1F44D) at position 3");
});

test('characters of the other alphabet get a hint', () => {
  assert.equal(
    decodeBase64('-_8=').error,
    "Invalid character '-' at position 1 ('-' belongs to the URL-safe Base64 alphabet, not the standard one)",
  );
  assert.equal(
    decodeBase64('ab+/', { urlSafe: true }).error,
    "Invalid character '+' at position 3 ('+' belongs to the standard Base64 alphabet, not the URL-safe one)",
  );
});

test('impossible length', () => {
  assert.deepEqual(decodeBase64('Zm9vY'), {
    ok: false,
    error: 'Length 5 is not valid Base64 (a trailing group of 1 character cannot occur)',
    position: 5,
    index: 4,
  });
  assert.equal(decodeBase64('Z').error, 'Length 1 is not valid Base64 (a trailing group of 1 character cannot occur)');
  assert.equal(decodeBase64('Zm9vY===').error, 'Length 5 is not valid Base64 (a trailing group of 1 character cannot occur)');
});

test('bad padding placement and amount', () => {
  assert.deepEqual(decodeBase64('Zm=9v'), {
    ok: false,
    error: "Padding '=' at position 3 is followed by more data; '=' may only appear at the end",
    position: 3,
    index: 2,
  });
  assert.equal(decodeBase64('Zg=').error, "Wrong padding at position 3: 2 characters need 2 '=', found 1");
  assert.equal(decodeBase64('Zg===').error, "Wrong padding at position 3: 2 characters need 2 '=', found 3");
  assert.equal(decodeBase64('Zm8==').error, "Wrong padding at position 4: 3 characters need 1 '=', found 2");
  assert.equal(decodeBase64('Zm9v=').error, "Unexpected padding '=' at position 5: the data before it is already complete");
  assert.equal(decodeBase64('==').error, "Unexpected padding '=' at position 1: the data before it is already complete");
});

test('non-canonical trailing bits decode with a warning', () => {
  const r = decodeBase64('Zh==');
  assert.equal(r.ok, true);
  assert.deepEqual(r.bytes, new Uint8Array([0x66]));
  assert.match(r.warning, /not canonical/);
  assert.equal(decodeBase64('Zg==').warning, undefined);
});

test('invalid UTF-8 after decoding reports the byte offset', () => {
  const r = decodeText('YWJj/w==');
  assert.equal(r.ok, false);
  assert.equal(r.error, 'Decoded bytes are not valid UTF-8 at byte 3 (0xFF)');
  assert.equal(r.byteOffset, 3);
  assert.deepEqual(r.bytes, new Uint8Array([0x61, 0x62, 0x63, 0xff]));
  assert.equal(toHex(r.bytes), '61 62 63 ff');
  // Truncated 3-byte sequence, overlong encoding, encoded surrogate.
  assert.equal(decodeText(encodeBase64([0x61, 0xe6, 0xbc])).error, 'Decoded bytes are not valid UTF-8 at byte 1 (0xE6)');
  assert.equal(decodeText(encodeBase64([0xc0, 0xaf])).error, 'Decoded bytes are not valid UTF-8 at byte 0 (0xC0)');
  assert.equal(decodeText(encodeBase64([0x41, 0x42, 0xed, 0xa0, 0x80])).byteOffset, 2);
  // Boundaries of the UTF-8 table (RFC 3629 section 4).
  assert.equal(utf8ErrorOffset([0xe0, 0x9f, 0x80]), 0);
  assert.equal(utf8ErrorOffset([0xe0, 0xa0, 0x80]), -1);
  assert.equal(utf8ErrorOffset([0xed, 0x9f, 0xbf]), -1);
  assert.equal(utf8ErrorOffset([0x20, 0xf0, 0x8f, 0xbf, 0xbf]), 1);
  assert.equal(utf8ErrorOffset([0xf0, 0x90, 0x80, 0x80]), -1);
  assert.equal(utf8ErrorOffset([0xf4, 0x8f, 0xbf, 0xbf]), -1);
  assert.equal(utf8ErrorOffset([0xf4, 0x90, 0x80, 0x80]), 0);
  assert.equal(utf8ErrorOffset([0xf5, 0x80, 0x80, 0x80]), 0);
  assert.equal(utf8ErrorOffset([0xc2, 0x80, 0xc1, 0xbf]), 2);
  assert.equal(utf8ErrorOffset([0xe2, 0x82, 0x41]), 0);
});

test('utf8ErrorOffset agrees with TextDecoder on seeded random bytes', () => {
  const rand = mulberry32(99);
  const fatal = new TextDecoder('utf-8', { fatal: true });
  for (let k = 0; k < 3000; k++) {
    const len = 1 + Math.floor(rand() * 8);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = rand() < 0.5 ? Math.floor(rand() * 256) : 0x80 + Math.floor(rand() * 0x75);
    let valid = true;
    try { fatal.decode(bytes); } catch { valid = false; }
    assert.equal(utf8ErrorOffset(bytes) === -1, valid, toHex(bytes));
  }
});

test('decoding never throws on seeded random garbage', () => {
  const rand = mulberry32(12345);
  const pool = 'ABCxyz019+/-_= \n\t#.é👍\u0000\uD800';
  for (let k = 0; k < 2000; k++) {
    let s = '';
    const len = Math.floor(rand() * 20);
    for (let i = 0; i < len; i++) s += pool[Math.floor(rand() * pool.length)];
    for (const urlSafe of [false, true]) {
      const r = decodeText(s, { urlSafe });
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.equal(typeof r.error, 'string');
    }
  }
  assert.equal(decodeText(undefined).ok, true);
  assert.equal(decodeText(null).ok, true);
});

test('mount is exported and ignores a missing root', () => {
  assert.equal(typeof mount, 'function');
  assert.equal(mount(null), undefined);
});
