// Base64 logic and the DOM helpers every tool shares (status lines, copy buttons). Kept apart
// from the Base64 widget so a page with another tool loads only this. Nothing leaves the page.

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URLSAFE = STANDARD.slice(0, 62) + '-_';

function table(alphabet) {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const DEC_STD = table(STANDARD);
const DEC_URL = table(URLSAFE);

/** Encode bytes (Uint8Array, ArrayBuffer or array of 0..255) as Base64. */
export function encodeBase64(bytes, { urlSafe = false, pad = true } = {}) {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  const a = urlSafe ? URLSAFE : STANDARD;
  const n = bytes.length;
  const chunks = [];
  let s = '';
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += a[v >> 18] + a[(v >> 12) & 63] + a[(v >> 6) & 63] + a[v & 63];
    if (s.length >= 32768) { chunks.push(s); s = ''; }
  }
  if (n - i === 1) {
    const v = bytes[i] << 16;
    s += a[v >> 18] + a[(v >> 12) & 63] + (pad ? '==' : '');
  } else if (n - i === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += a[v >> 18] + a[(v >> 12) & 63] + a[(v >> 6) & 63] + (pad ? '=' : '');
  }
  chunks.push(s);
  return chunks.join('');
}

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

/** 0-based offset of the first byte that starts an invalid UTF-8 sequence, or -1. */
export function utf8ErrorOffset(bytes) {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (i + k >= n || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Bytes as lowercase hex pairs separated by spaces. */
export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** True if the string contains an unpaired UTF-16 surrogate (encoded as U+FFFD). */
export function hasLoneSurrogate(str) {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(str);
}

/** Text → UTF-8 → Base64. */
export function encodeText(str, opts) {
  return encodeBase64(new TextEncoder().encode(String(str ?? '')), opts);
}

/** Base64 → bytes → UTF-8 text. {ok: true, text, bytes} or {ok: false, error, ...}. */
export function decodeText(str, opts) {
  const r = decodeBase64(str, opts);
  if (!r.ok) return r;
  const bad = utf8ErrorOffset(r.bytes);
  let text = null;
  if (bad < 0) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(r.bytes);
    } catch {
      text = null;
    }
  }
  if (text === null) {
    const at = bad < 0 ? 0 : bad;
    return {
      ok: false,
      error: `Decoded bytes are not valid UTF-8 at byte ${at} (0x${r.bytes[at].toString(16).padStart(2, '0').toUpperCase()})`,
      position: null,
      index: null,
      byteOffset: at,
      bytes: r.bytes,
    };
  }
  const res = { ok: true, text, bytes: r.bytes };
  if (r.warning) res.warning = r.warning;
  return res;
}

// ---- Shared DOM helpers (also used by data-uri.js and jwt-decoder.js) ----

/** Set a status message; kind is 'ok', 'error' or '' (neutral). */
export function setStatus(el, text, kind = '') {
  if (!el) return;
  el.textContent = text;
  el.classList.toggle('is-ok', kind === 'ok');
  el.classList.toggle('is-error', kind === 'error');
}

/** Copy text to the clipboard; on refusal select `field` and explain. */
export async function copyText(text, statusEl, field) {
  if (!text) {
    setStatus(statusEl, 'Nothing to copy yet', 'error');
    return false;
  }
  let ok = false;
  try {
    const cb = globalThis.navigator && globalThis.navigator.clipboard;
    if (cb && cb.writeText) {
      await cb.writeText(text);
      ok = true;
    }
  } catch {
    ok = false;
  }
  setStatus(statusEl, '', '');
  if (ok) {
    setStatus(statusEl, 'Copied', 'ok');
  } else {
    if (field && field.select) { field.focus(); field.select(); }
    setStatus(statusEl, 'The browser refused clipboard access. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.', 'error');
  }
  return ok;
}

/** Number the titles " (1 of 2)" when a tool appears twice, so each widget's region has a unique name. */
export function numberRepeated(root) {
  const all = Array.from(root.ownerDocument.querySelectorAll(`[data-tool="${root.getAttribute('data-tool')}"]`));
  const title = root.querySelector('.tool-title');
  if (all.length < 2 || !title) return;
  const span = root.ownerDocument.createElement('span');
  span.textContent = ` (${all.indexOf(root) + 1} of ${all.length})`;
  title.append(span);
}
