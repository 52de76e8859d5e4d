// JWT decoder widget: pure logic (tested in Node), then mount(). Nothing leaves the page.

import { decodeBase64 } from './base64-decode.js';
import { setStatus, copyText, numberRepeated } from './tool-ui.js';

// jwt-verify.js loads on demand; its hashed URL comes from the markup (data-verify-module),
// since galley rewrites only static imports.
const PUBLIC_ALG = /^(?:RS|PS|ES)(?:256|384|512)$|^EdDSA$|^Ed25519$/;

/** True for the JWS algs jwt-verify.js checks with a public key. */
export const isPublicKeyAlg = (alg) => PUBLIC_ALG.test(alg);

const PART_NAMES = ['header (part 1)', 'payload (part 2)', 'signature (part 3)'];
export const HMAC = { HS256: ['SHA-256', 32], HS384: ['SHA-384', 48], HS512: ['SHA-512', 64] };

function kindOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Decode a compact JWT (no verification; "Bearer " and spaces ignored; never throws):
 * {ok, header, payload, signature, signingInput} or {ok: false, error}. */
export function decodeJwt(token) {
  const t = String(token ?? '').trim().replace(/^bearer\s+/i, '').replace(/\s+/g, '');
  if (!t) return { ok: false, error: 'The token is empty' };
  const parts = t.split('.');
  if (parts.length !== 3) {
    let error = `A JWT has 3 parts separated by dots; found ${parts.length}`;
    if (parts.length === 5) error += ' (5 parts means an encrypted JWE, which cannot be read without its key)';
    return { ok: false, error };
  }
  const decoded = [];
  for (let i = 0; i < 3; i++) {
    if (i < 2 && parts[i] === '') return { ok: false, error: `The ${PART_NAMES[i]} is empty` };
    const r = decodeBase64(parts[i], { urlSafe: true });
    if (!r.ok) return { ok: false, error: `The ${PART_NAMES[i]} is not valid Base64url: ${r.error}` };
    decoded.push(r.bytes);
  }
  const json = [];
  for (let i = 0; i < 2; i++) {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(decoded[i]);
    } catch {
      return { ok: false, error: `The ${PART_NAMES[i]} is not valid UTF-8 text` };
    }
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `The ${PART_NAMES[i]} is not valid JSON: ${e.message}` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: `The ${PART_NAMES[i]} must be a JSON object, but it is ${kindOf(value)}` };
    }
    json.push(value);
  }
  return {
    ok: true,
    header: json[0],
    payload: json[1],
    signature: decoded[2],
    signingInput: `${parts[0]}.${parts[1]}`,
  };
}

/** NumericDate (seconds, may be fractional) → "2011-03-22T18:43:00Z". */
export function isoSeconds(s) {
  return new Date(s * 1000).toISOString().replace('.000Z', 'Z');
}

/** NumericDate → the reader's local date and time with its zone, e.g. "22 Mar 2011, 19:43:00 CET" ('' if it cannot be shown). */
export function localTime(s, locale, timeZone) {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long', timeZone }).format(new Date(s * 1000));
  } catch {
    return '';
  }
}

/** A NumericDate above this (the year 5138) is almost surely milliseconds. */
export const MS_HINT = 1e11;

const UNITS = [['year', 31557600], ['month', 2629800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** deltaSeconds > 0 → "in 5 minutes", < 0 → "3 days ago" (rounded down), |delta| < 1 → "now". */
export function relativeTime(deltaSeconds) {
  const abs = Math.abs(deltaSeconds);
  if (!(abs >= 1)) return 'now';
  const [unit, size] = UNITS.find(([, sz]) => abs >= sz);
  const n = Math.floor(abs / size);
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return deltaSeconds > 0 ? `in ${text}` : `${text} ago`;
}

const CLAIM_LABELS = { iat: 'Issued at', nbf: 'Not before', exp: 'Expires' };

/** exp/iat/nbf against nowSeconds: {claims, status ('expired', 'not-yet-valid', 'valid',
 * 'no-expiry', 'invalid'), message, warnings}. */
export function claimTimes(payload, nowSeconds = Date.now() / 1000) {
  const claims = {};
  const warnings = [];
  const p = payload && typeof payload === 'object' ? payload : {};
  for (const name of ['iat', 'nbf', 'exp']) {
    if (!Object.prototype.hasOwnProperty.call(p, name)) continue;
    const value = p[name];
    const label = CLAIM_LABELS[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e12) {
      claims[name] = { name, label, value, error: `"${name}" is not a NumericDate (a number of seconds since 1970-01-01)` };
      continue;
    }
    claims[name] = { name, label, value, iso: isoSeconds(value), relative: relativeTime(value - nowSeconds) };
    if (Math.abs(value) > MS_HINT) {
      claims[name].ms = true;
      warnings.push(`"${name}" looks like milliseconds, but NumericDate counts seconds: as milliseconds it would be ${isoSeconds(value / 1000)}`);
    }
  }
  const { exp, nbf, iat } = claims;
  if (iat && !iat.error && !iat.ms && iat.value > nowSeconds + 60) warnings.push(`Issued in the future (${iat.relative}); check the clocks`);
  let status;
  let message;
  if ((exp && exp.error) || (nbf && nbf.error)) {
    status = 'invalid';
    message = `Invalid time claim: ${(exp && exp.error) || nbf.error}`;
  } else if (exp && nowSeconds >= exp.value) {
    status = 'expired';
    message = `Expired ${exp.relative}`;
  } else if (nbf && nowSeconds < nbf.value) {
    status = 'not-yet-valid';
    message = `Not yet valid: becomes valid ${nbf.relative}`;
  } else if (exp) {
    status = 'valid';
    message = `Within its valid time window: expires ${exp.relative}`;
  } else {
    status = 'no-expiry';
    message = 'No "exp" claim: this token never expires by itself';
  }
  return { claims, status, message, warnings };
}

export const SUPPORTED = 'supported: HS, RS, PS and ES with 256, 384 or 512, and EdDSA';

/** {check: 'hmac' | 'public'} for the token's alg and the keys entered, or {message, kind};
 * never an HS token with a public key or the reverse (algorithm confusion). */
export function pickCheck(alg, hasSecret, hasPublicKey) {
  if (typeof alg !== 'string') return { message: 'Signature not verified: the header has no "alg" string.', kind: 'error' };
  if (alg.toLowerCase() === 'none') {
    return { message: 'Signature not verified: this token is unsigned (alg "none"), so anyone can create or change it. Never accept it.', kind: 'error' };
  }
  if (Object.prototype.hasOwnProperty.call(HMAC, alg)) {
    if (hasSecret) return { check: 'hmac' };
    if (hasPublicKey) {
      return { message: `Not verified: ${alg} is checked with the shared secret, not a public key. Enter the secret (a public key used as an HMAC secret is the algorithm-confusion attack).`, kind: 'error' };
    }
    return { message: `Signature not verified. Enter the secret to check the ${alg} signature.`, kind: '' };
  }
  if (!isPublicKeyAlg(alg)) return { message: `Signature not verified: verifying ${alg} is not supported here (${SUPPORTED}).`, kind: '' };
  if (hasPublicKey) return { check: 'public' };
  if (hasSecret) {
    return { message: `Not verified: ${alg} is a public-key algorithm. Check it with the issuer's public key, never with a secret (that is the algorithm-confusion attack).`, kind: 'error' };
  }
  return { message: `Signature not verified. Paste the public key (PEM, JWK or JWKS) to check the ${alg} signature.`, kind: '' };
}

let verifier = null;

/** Imports jwt-verify.js once: from `src` (its hashed URL) if given. */
export function loadVerifier(src) {
  if (!verifier) {
    verifier = (src ? import(new URL(src, document.baseURI).href) : import('./jwt-verify.js')).catch((e) => {
      verifier = null;
      throw e;
    });
  }
  return verifier;
}

export function mount(root) {
  if (!root || root.hasAttribute('data-mounted')) return;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const ui = $('ui');
  const tokenEl = $('token');
  if (!ui || !tokenEl) return;
  root.setAttribute('data-mounted', '');
  const secretEl = $('secret');
  const encodingEl = $('secret-encoding');
  const keyEl = $('public-key');
  const status = $('status');
  const sigStatus = $('signature');
  const copyStatus = $('copy-status');
  const results = $('results');
  const fields = { header: $('header'), payload: $('payload') };
  const claimsEl = $('claims');
  let seq = 0;

  function showClaims(times) {
    if (!claimsEl) return;
    const nodes = [];
    for (const c of Object.values(times.claims)) {
      const dt = document.createElement('dt');
      dt.textContent = `${c.label} (${c.name})`;
      const dd = document.createElement('dd');
      const local = c.error ? '' : localTime(c.value);
      dd.textContent = c.error
        ? `${JSON.stringify(c.value)}: ${c.error}`
        : `${c.iso} (${c.relative})${local ? `; your local time: ${local}` : ''}${c.ms ? '; looks like milliseconds' : ''}`;
      nodes.push(dt, dd);
    }
    claimsEl.replaceChildren(...nodes);
    claimsEl.hidden = nodes.length === 0;
  }

  async function update() {
    const my = ++seq;
    setStatus(copyStatus, '');
    const value = tokenEl.value;
    if (value.trim() === '') {
      if (results) results.hidden = true;
      setStatus(status, '');
      setStatus(sigStatus, '');
      return;
    }
    const d = decodeJwt(value);
    if (!d.ok) {
      if (results) results.hidden = true;
      setStatus(status, d.error, 'error');
      setStatus(sigStatus, '');
      return;
    }
    if (fields.header) fields.header.textContent = JSON.stringify(d.header, null, 2);
    if (fields.payload) fields.payload.textContent = JSON.stringify(d.payload, null, 2);
    const times = claimTimes(d.payload, Date.now() / 1000);
    showClaims(times);
    if (results) results.hidden = false;
    const msg = [times.message, ...times.warnings].join('. ');
    setStatus(status, msg, times.status === 'valid' || times.status === 'no-expiry' ? 'ok' : 'error');

    const secret = secretEl ? secretEl.value : '';
    const publicKey = keyEl ? keyEl.value.trim() : '';
    const pick = pickCheck(d.header.alg, secret !== '', publicKey !== '');
    if (!pick.check) {
      setStatus(sigStatus, pick.message, pick.kind);
      return;
    }
    let r;
    if (pick.check === 'public') setStatus(sigStatus, 'Checking the signature…');
    try {
      const v = await loadVerifier(root.getAttribute('data-verify-module'));
      if (pick.check === 'hmac') {
        const key = v.secretBytes(secret, encodingEl ? encodingEl.value : 'text');
        r = key.ok ? await v.verifyHmac(d, key.bytes) : { verified: false, message: key.error };
      } else {
        r = await v.verifyWithPublicKey(d, publicKey);
      }
    } catch (e) {
      r = { verified: false, message: `Could not load the verification code: ${e && e.message ? e.message : e}` };
    }
    if (my !== seq) return;
    setStatus(sigStatus, r.warning ? `${r.message}. ${r.warning}.` : `${r.message}.`, r.verified ? 'ok' : 'error');
  }

  tokenEl.addEventListener('input', update);
  if (secretEl) secretEl.addEventListener('input', update);
  if (encodingEl) encodingEl.addEventListener('change', update);
  if (keyEl) keyEl.addEventListener('input', update);

  for (const btn of root.querySelectorAll('[data-role="example"]')) {
    // The examples live in the lazily loaded jwt-verify.js: the RS256 one needs it anyway,
    // and a reader who never asks for one does not download them.
    btn.addEventListener('click', async () => {
      const { EXAMPLES } = await loadVerifier(root.getAttribute('data-verify-module'));
      const ex = EXAMPLES[btn.getAttribute('data-example')];
      if (!ex) return;
      tokenEl.value = ex.token;
      if (secretEl) secretEl.value = ex.secret || '';
      if (encodingEl) encodingEl.value = 'text';
      if (keyEl) keyEl.value = ex.publicKey || '';
      update();
    });
  }

  for (const btn of root.querySelectorAll('[data-role="copy"]')) {
    btn.addEventListener('click', () => {
      const el = fields[btn.getAttribute('data-target')];
      // On refusal, select the text so Ctrl+C works (a <pre> has no select()).
      const selectable = el && { focus() {}, select: () => getSelection().selectAllChildren(el) };
      copyText(el ? el.textContent : '', copyStatus, selectable);
    });
  }

  numberRepeated(root);
  ui.hidden = false;
  update();
}

if (typeof document !== 'undefined') {
  for (const root of document.querySelectorAll('[data-tool="jwt-decoder"]')) mount(root);
}
