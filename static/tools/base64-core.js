// Base64 logic and, re-exported, the decoder and the DOM helpers every tool shares. Kept apart
// from the Base64 widget so a page with another tool loads only this. Nothing leaves the page.

import { STANDARD, URLSAFE, decodeBase64 } from './base64-decode.js';

export * from './base64-decode.js';
export * from './tool-ui.js';

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
