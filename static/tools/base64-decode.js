// Base64 decoding, on its own so a page that only decodes (the JWT decoder) loads no encoder.

export const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const URLSAFE = STANDARD.slice(0, 62) + '-_';
function table(alphabet) {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const DEC_STD = table(STANDARD);
const DEC_URL = table(URLSAFE);

function isSpace(c) {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/** How a character is shown in an error message: 'x', 'é' (U+00E9), or U+000A. */
export function describeChar(str, index) {
  const cp = str.codePointAt(index);
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp < 32 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff)) return hex;
  const ch = String.fromCodePoint(cp);
  return cp < 128 ? `'${ch}'` : `'${ch}' (${hex})`;
}

function fail(error, index) {
  return { ok: false, error, position: index == null ? null : index + 1, index: index == null ? null : index };
}

/**
 * Decode Base64 text. Whitespace is ignored; padding is optional but, when
 * present, must be correct. Never throws.
 * Returns {ok: true, bytes[, warning]} or {ok: false, error, position, index}:
 * position is 1-based (as in the message), index the 0-based string index.
 */
export function decodeBase64(text, { urlSafe = false } = {}) {
  const str = String(text ?? '');
  const dec = urlSafe ? DEC_URL : DEC_STD;
  const other = urlSafe ? DEC_STD : DEC_URL;
  const out = new Uint8Array(Math.ceil(str.length * 3 / 4));
  let acc = 0, bits = 0, n = 0, o = 0, last = -1, padAt = -1, padCount = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 61) { // '='
      if (padAt < 0) padAt = i;
      padCount++;
      continue;
    }
    const v = c < 128 ? dec[c] : -1;
    if (v < 0) {
      let msg = `Invalid character ${describeChar(str, i)} at position ${i + 1}`;
      if (c < 128 && other[c] >= 0) {
        msg += urlSafe
          ? ` ('${str[i]}' belongs to the standard Base64 alphabet, not the URL-safe one)`
          : ` ('${str[i]}' belongs to the URL-safe Base64 alphabet, not the standard one)`;
      }
      return fail(msg, i);
    }
    if (padAt >= 0) {
      return fail(`Padding '=' at position ${padAt + 1} is followed by more data; '=' may only appear at the end`, padAt);
    }
    acc = (acc << 6) | v;
    bits += 6;
    n++;
    last = i;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
      acc &= (1 << bits) - 1;
    }
  }
  const rem = n % 4;
  if (rem === 1) {
    return fail(`Length ${n} is not valid Base64 (a trailing group of 1 character cannot occur)`, last);
  }
  if (padCount > 0) {
    const expected = rem === 0 ? 0 : 4 - rem;
    if (expected === 0) {
      return fail(`Unexpected padding '=' at position ${padAt + 1}: the data before it is already complete`, padAt);
    }
    if (padCount !== expected) {
      return fail(`Wrong padding at position ${padAt + 1}: ${n} characters need ${expected} '=', found ${padCount}`, padAt);
    }
  }
  const result = { ok: true, bytes: out.slice(0, o) };
  if (acc !== 0) result.warning = 'The last character has non-zero unused bits, so this is not canonical Base64 (they were ignored)';
  return result;
}
