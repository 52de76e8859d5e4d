// Public-key JWS verification for the JWT decoder: RS/PS/ES 256-512 and EdDSA
// (Ed25519), with Web Crypto. Keys are read from PEM (SPKI, PKCS#1 or an X.509
// certificate), a JWK or a JWKS. Nothing leaves the page.

import { decodeBase64 } from './base64-decode.js';
import { decodeJwt, isPublicKeyAlg, HMAC, SUPPORTED } from './jwt-decoder.js';

/**
 * What Web Crypto needs for a JWS alg, or null. ES signatures in JWS are the
 * raw r||s pair (RFC 7518 section 3.4), which is the format Web Crypto's ECDSA
 * expects too, so no DER conversion happens (size: its fixed length).
 */
export function algInfo(alg) {
  const m = /^(RS|PS|ES)(256|384|512)$/.exec(alg);
  if (m) {
    const bits = Number(m[2]);
    const hash = `SHA-${bits}`;
    if (m[1] === 'RS') return { kty: 'RSA', imp: { name: 'RSASSA-PKCS1-v1_5', hash }, ver: { name: 'RSASSA-PKCS1-v1_5' } };
    if (m[1] === 'PS') return { kty: 'RSA', imp: { name: 'RSA-PSS', hash }, ver: { name: 'RSA-PSS', saltLength: bits / 8 } };
    const crv = bits === 512 ? 'P-521' : `P-${bits}`;
    return { kty: 'EC', crv, size: bits === 512 ? 132 : bits / 4, imp: { name: 'ECDSA', namedCurve: crv }, ver: { name: 'ECDSA', hash } };
  }
  if (alg === 'EdDSA' || alg === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', size: 64, imp: { name: 'Ed25519' }, ver: { name: 'Ed25519' } };
  return null;
}

// ---- DER, just enough to find the key type in an SPKI and the SPKI in a certificate ----

function tlv(b, i) {
  let len = b[i + 1];
  let p = i + 2;
  if (len > 0x80 && len < 0x84) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[p++];
  } else if (len >= 0x80) len = NaN;
  if (!(p + len <= b.length)) throw new Error('bad DER');
  return { tag: b[i], from: i, start: p, end: p + len };
}

function kids(b, node) {
  const out = [];
  for (let i = node.start; i < node.end; i = out[out.length - 1].end) out.push(tlv(b, i));
  return out;
}

const hex = (b, n) => Array.from(b.subarray(n.start, n.end), (x) => x.toString(16).padStart(2, '0')).join('');
const KEY_OIDS = { '2a864886f70d010101': 'RSA', '2a864886f70d01010a': 'RSA', '2a8648ce3d0201': 'EC', '2b6570': 'Ed25519', '2b6571': 'Ed448' };
const CURVES = { '2a8648ce3d030107': 'P-256', '2b81040022': 'P-384', '2b81040023': 'P-521' };
const RSA_ALG_ID = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

function derLen(n) {
  return n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
}

/** Key type of a DER SubjectPublicKeyInfo: {kty, crv?}. */
function spkiKey(b) {
  const [algId] = kids(b, tlv(b, 0));
  const [oid, param] = kids(b, algId);
  const type = KEY_OIDS[hex(b, oid)];
  if (!type) throw new Error(`unknown key algorithm (OID bytes ${hex(b, oid)})`);
  if (type === 'RSA') return { kty: 'RSA', spki: b };
  if (type === 'EC') return { kty: 'EC', crv: (param && CURVES[hex(b, param)]) || 'an unknown curve', spki: b };
  return { kty: 'OKP', crv: type, spki: b };
}

function fromPem(label, der) {
  if (/PRIVATE KEY/.test(label)) {
    throw new Error('This is a private key. Never paste a private key into a website: paste the public key (openssl pkey -pubout) instead');
  }
  if (label === 'PUBLIC KEY') return spkiKey(der);
  if (label === 'RSA PUBLIC KEY') {
    const bits = [0, ...der];
    const body = [...RSA_ALG_ID, 0x03, ...derLen(bits.length), ...bits];
    return spkiKey(new Uint8Array([0x30, ...derLen(body.length), ...body]));
  }
  if (label === 'CERTIFICATE') {
    const tbs = kids(der, kids(der, tlv(der, 0))[0]);
    const spki = tbs[tbs[0].tag === 0xa0 ? 6 : 5];
    return spkiKey(der.subarray(spki.from, spki.end));
  }
  throw new Error(`A PEM "${label}" block holds no public key: paste a PUBLIC KEY or a CERTIFICATE`);
}

function fromJwk(j, where) {
  if (!j || typeof j !== 'object' || typeof j.kty !== 'string') throw new Error(`${where} is not a JWK (it has no "kty")`);
  return { kty: j.kty, crv: j.crv, kid: j.kid, alg: j.alg, use: j.use, jwk: j };
}

/**
 * Read a public key as pasted: PEM (PUBLIC KEY, RSA PUBLIC KEY, CERTIFICATE),
 * a JWK or a JWKS ({"keys": [...]}). Never throws.
 * {ok: true, keys: [{kty, crv?, kid?, alg?, use?, spki? | jwk?}], kind} or {ok: false, error}.
 */
export function parseKeys(text) {
  const t = String(text ?? '').trim();
  try {
    if (t.startsWith('{')) {
      let j;
      try {
        j = JSON.parse(t);
      } catch (e) {
        return { ok: false, error: `The key is not valid JSON: ${e.message}` };
      }
      if (Array.isArray(j.keys)) {
        if (!j.keys.length) return { ok: false, error: 'The JWKS holds no keys' };
        return { ok: true, kind: 'JWKS', keys: j.keys.map((k, i) => fromJwk(k, `Key ${i + 1} of the JWKS`)) };
      }
      return { ok: true, kind: 'JWK', keys: [fromJwk(j, 'The JSON')] };
    }
    const m = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \1-----/.exec(t);
    if (!m) return { ok: false, error: 'Paste a PEM public key (-----BEGIN PUBLIC KEY-----), an X.509 certificate, a JWK or a JWKS' };
    const r = decodeBase64(m[2]);
    if (!r.ok) return { ok: false, error: `The PEM body is not valid Base64: ${r.error}` };
    let key;
    try {
      key = fromPem(m[1], r.bytes);
    } catch (e) {
      return { ok: false, error: e.message === 'bad DER' || e instanceof TypeError ? `The ${m[1]} is damaged (not valid DER)` : e.message };
    }
    return { ok: true, kind: m[1] === 'CERTIFICATE' ? 'certificate' : 'PEM key', keys: [key] };
  } catch (e) {
    return { ok: false, error: e.message };
  }
}

const describe = (k) => (k.kty === 'RSA' ? 'an RSA key' : k.kty === 'oct' ? 'a symmetric (oct) key' : `${k.kty === 'EC' ? 'an EC' : `a ${k.kty}`} key${k.crv ? ` (${k.crv})` : ''}`);

/** Why key k cannot verify alg, or '' if it fits. */
export function keyMismatch(alg, k) {
  const info = algInfo(alg);
  if (!info) return `${alg} is not a public-key algorithm`;
  if (k.kty === 'oct') return `The key is a symmetric (oct) key, but ${alg} needs the issuer's public key. Never check a public-key token with a shared secret: that is the algorithm-confusion attack`;
  if (k.kty !== info.kty) return `${alg} needs ${info.kty === 'OKP' ? 'an Ed25519' : info.kty === 'EC' ? `an EC (${info.crv})` : 'an RSA'} key, but the key is ${describe(k)}`;
  if (info.crv && k.crv !== info.crv) {
    if (k.crv === 'Ed448') return 'Ed448 keys cannot be verified here: Web Crypto in browsers supports only Ed25519';
    return `${alg} needs a key on ${info.crv}, but the key is on ${k.crv}`;
  }
  if (k.alg && k.alg !== alg) return `The key is for ${k.alg} (its "alg"), but the token says ${alg}`;
  if (k.use && k.use !== 'sig') return `The key is for "use": "${k.use}", not for signatures ("sig")`;
  return '';
}

/**
 * Pick the key for a token header from the parsed keys: by "kid" when the token
 * has one and the keys carry kids; else the only key, or the only one that fits
 * the alg. {ok: true, key} or {ok: false, error}.
 */
export function selectKey(keys, header) {
  const alg = header && header.alg;
  const kid = header && header.kid;
  const fits = (k) => !keyMismatch(alg, k);
  if (typeof kid === 'string' && keys.some((k) => k.kid !== undefined)) {
    const same = keys.filter((k) => k.kid === kid);
    if (!same.length) {
      const list = keys.map((k) => JSON.stringify(k.kid ?? null)).join(', ');
      return { ok: false, error: `No key has the token's kid ${JSON.stringify(kid)}; the key set has ${list}` };
    }
    return { ok: true, key: same.find(fits) || same[0] };
  }
  if (keys.length === 1) return { ok: true, key: keys[0] };
  const fit = keys.filter(fits);
  if (fit.length === 1) return { ok: true, key: fit[0] };
  const why = typeof kid === 'string' ? 'the keys have no "kid"' : 'the token has no "kid"';
  return {
    ok: false,
    error: fit.length
      ? `${fit.length} of the ${keys.length} keys fit ${alg} and ${why}: paste only the right key`
      : `None of the ${keys.length} keys fits ${alg}`,
  };
}

function publicJwk(j) {
  const pick = j.kty === 'RSA' ? ['n', 'e'] : j.kty === 'EC' ? ['crv', 'x', 'y'] : ['crv', 'x'];
  const out = { kty: j.kty };
  for (const p of pick) out[p] = j[p];
  return out;
}

/**
 * Verify a decoded token ({header, signature, signingInput}) with a public key
 * as pasted. Never throws. Returns {status, verified, message[, warning]};
 * status: 'verified', 'invalid', 'mismatch', 'unsupported' or 'error'.
 */
export async function verifyWithPublicKey(d, keyText) {
  const alg = d.header.alg;
  const info = algInfo(alg);
  const no = (status, message) => ({ status, verified: false, message });
  if (!info) return no('unsupported', `Signature not verified: ${alg} is not a public-key algorithm`);
  const parsed = parseKeys(keyText);
  if (!parsed.ok) return no('error', parsed.error);
  const sel = selectKey(parsed.keys, d.header);
  if (!sel.ok) return no('error', sel.error);
  const k = sel.key;
  const bad = keyMismatch(alg, k);
  if (bad) return no(/Ed448/.test(bad) ? 'unsupported' : 'mismatch', bad);
  const n = d.signature.length;
  if (info.size && n !== info.size) {
    return no('invalid', `Invalid signature (${alg}): it must be ${info.size} bytes (r and s side by side), but it is ${n}${d.signature[0] === 0x30 ? '; it looks DER-encoded, which JWS does not allow' : ''}`);
  }
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return no('error', 'Web Crypto is not available here (browsers offer it only on HTTPS pages and localhost)');
  let key;
  try {
    key = await subtle.importKey(k.spki ? 'spki' : 'jwk', k.spki || publicJwk(k.jwk), info.imp, false, ['verify']);
  } catch (e) {
    if (info.kty === 'OKP' && e && e.name === 'NotSupportedError') {
      return no('unsupported', 'This browser does not support Ed25519 in Web Crypto, so EdDSA tokens cannot be verified here. Current Chrome, Edge, Firefox and Safari do');
    }
    return no('error', `Could not use the key: ${e && e.message ? e.message : e}`);
  }
  let ok;
  try {
    ok = await subtle.verify(info.ver, key, d.signature, new TextEncoder().encode(d.signingInput));
  } catch (e) {
    return no('error', `Could not verify: ${e && e.message ? e.message : e}`);
  }
  const which = k.kid !== undefined && parsed.kind === 'JWKS' ? ` with key ${JSON.stringify(k.kid)}` : '';
  const res = ok
    ? { status: 'verified', verified: true, message: `Signature verified (${alg}${which})` }
    : no('invalid', `Invalid signature (${alg}): wrong key, or the token was changed`);
  const bits = key.algorithm && key.algorithm.modulusLength;
  const warn = [];
  if (bits && bits < 2048) warn.push(`The RSA key has only ${bits} bits; use at least 2048`);
  if (k.jwk && 'd' in k.jwk) warn.push('The JWK includes its private part ("d"); only the public part was used. Never paste private keys into websites');
  if (warn.length) res.warning = warn.join('. ');
  return res;
}

// Example tokens, made once with node:crypto (the RS256 private key was thrown away).
const EX_PAYLOAD = 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSBMb3ZlbGFjZSIsImlzcyI6Imh0dHBzOi8vYXV0aC5leGFtcGxlLmNvbSIsImF1ZCI6ImdhbGxleS1kZW1vIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQxMDI0NDQ4MDB9';
export const EXAMPLES = {
  hs256: {
    token: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${EX_PAYLOAD}.4vc2-3vbmVS6j8tCsjcNvEbct6yMU8YyscWbz1l-9J0`,
    secret: 'example-secret-of-at-least-32-bytes!',
  },
  rs256: {
    token:
      `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImV4YW1wbGUtcnMyNTYifQ.${EX_PAYLOAD}.` +
      'TL3RvHSyHFHZzUlfTSpkJTuq498USLVj2lAoYgAKxUPH8Pd-3Vuw05XTVkXzpD3IJXOkuDvsWBQW0oyDi5Lw0AglJYVbsqiE2rivJWE95g2wqLIQKi3BgjV6GomU' +
      'guvjREZZ7n29dUdCYmbhdaCsIvsb-oE2bZOBASYOcezz0UWAwzRVeZDZglyGNypZDUyn8nQakw0t7UY_8DABtZCIO75B9yMBcIrLk8V8UzqdM_HdMgUa68edunaw' +
      '3VEtrO3tvNnvvprfHQC8ECydHjhWFi9CvUodg4QVz5YIc8ZT88xdn9gdoIIlole-6yvbkHaSQlc9ecaHKeaMKpTHnhXWwg',
    publicKey: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArG1RgaGoTA0p61sLqi+v
U0xIpoWY9TnaantFDyxPSjGwHsimTE5rJotipybLAqFK/gH+/sK9H4wZ9oBh6Faj
fFdKCHZjpHJ/X/SZx8qX8W3m6RLNZQJRvMvXju7n+u/B3JMJRpjnznT9StVkOgWU
idjip6U+2hbe5KH0Rb5LwXuY9df8hsfOmSjuOZ0o+ikSeWzbQILOQbtmBl3Azt+2
cm0zk8Rfh4EPe+oh9AEjXHuBY316PBVzivDzEnIoFf5e8//QntDfp56wq2cFGrqd
S66CWElCHZUMGiMufyJKLamSbBAG81dr9y0dGE56RTprQWjdIpAuB4qwHNmaDR/P
jQIDAQAB
-----END PUBLIC KEY-----`,
  },
};

// HMAC checks live here too: the decoder decodes at once, and loads this module only when a
// secret or a key is entered.
/** Verify HS256/384/512 with Web Crypto (never throws): {status, verified, message[, warning]};
 * a public-key alg is a 'mismatch', never checked with a secret. */
export async function verifyHmac(token, keyBytes) {
  const d = typeof token === 'string' ? decodeJwt(token) : token;
  if (!d || !d.ok) return { status: 'malformed', verified: false, message: d ? d.error : 'No token' };
  const alg = d.header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    return { status: 'unsigned', verified: false, message: 'This token is unsigned (alg "none"): anyone can create or change it. Never accept it.' };
  }
  if (isPublicKeyAlg(alg)) {
    return {
      status: 'mismatch',
      verified: false,
      message: `Not verified: ${alg} is a public-key algorithm. Check it with the issuer's public key, never with a secret (that is the algorithm-confusion attack)`,
    };
  }
  if (!Object.prototype.hasOwnProperty.call(HMAC, alg)) {
    return {
      status: 'unsupported',
      verified: false,
      message: typeof alg === 'string'
        ? `Signature not verified: verifying ${alg} is not supported here (${SUPPORTED})`
        : 'Signature not verified: the header has no "alg" string',
    };
  }
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) return { status: 'error', verified: false, message: 'Web Crypto is not available here (browsers offer it only on HTTPS pages and localhost)' };
  if (!keyBytes || keyBytes.length === 0) return { status: 'error', verified: false, message: 'The secret is empty' };
  const [hash, minBytes] = HMAC[alg];
  try {
    const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash }, false, ['verify']);
    const ok = await subtle.verify('HMAC', key, d.signature, new TextEncoder().encode(d.signingInput));
    const res = ok
      ? { status: 'verified', verified: true, message: `Signature verified (${alg})` }
      : { status: 'invalid', verified: false, message: `Invalid signature (${alg}): wrong secret, or the token was changed` };
    if (keyBytes.length < minBytes) res.warning = `The key is only ${keyBytes.length} bytes; RFC 7518 requires at least ${minBytes} for ${alg}`;
    return res;
  } catch (e) {
    return { status: 'error', verified: false, message: `Could not verify: ${e && e.message ? e.message : e}` };
  }
}

/** Secret as entered → key bytes. encoding: 'text' (UTF-8) or 'base64url'. */
export function secretBytes(secret, encoding = 'text') {
  if (encoding === 'base64url') {
    const r = decodeBase64(String(secret ?? '').trim(), { urlSafe: true });
    return r.ok ? { ok: true, bytes: r.bytes } : { ok: false, error: `The secret is not valid Base64url: ${r.error}` };
  }
  return { ok: true, bytes: new TextEncoder().encode(String(secret ?? '')) };
}
