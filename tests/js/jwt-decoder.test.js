import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  decodeJwt,
  claimTimes,
  relativeTime,
  isoSeconds,
  localTime,
  pickCheck,
  MS_HINT,
  isPublicKeyAlg,
  mount,
} from '../../static/tools/jwt-decoder.js';
import { verifyWithPublicKey, verifyHmac, secretBytes, algInfo, EXAMPLES } from '../../static/tools/jwt-verify.js';

// RFC 7519 section 3.1 = RFC 7515 appendix A.1.
const RFC_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9' +
  '.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ' +
  '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_KEY = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
const EXP = 1300819380;

const b64url = (s) => Buffer.from(s).toString('base64url');

function sign(header, payload, secret, hash = 'sha256') {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

test('decodes the RFC 7519 example token', () => {
  const d = decodeJwt(RFC_TOKEN);
  assert.equal(d.ok, true);
  assert.deepEqual(d.header, { typ: 'JWT', alg: 'HS256' });
  assert.deepEqual(d.payload, { iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  assert.equal(d.signingInput, RFC_TOKEN.slice(0, RFC_TOKEN.lastIndexOf('.')));
  assert.deepEqual(d.signature, new Uint8Array(Buffer.from('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'base64url')));
  assert.equal(d.signature.length, 32);
});

test('tolerates surrounding whitespace, line breaks and a Bearer prefix', () => {
  const wrapped = `  Bearer ${RFC_TOKEN.slice(0, 30)}\n${RFC_TOKEN.slice(30)}\n`;
  const d = decodeJwt(wrapped);
  assert.equal(d.ok, true);
  assert.equal(d.signingInput, decodeJwt(RFC_TOKEN).signingInput);
});

test('the RFC example is reported expired, with readable dates', () => {
  const t = claimTimes(decodeJwt(RFC_TOKEN).payload, 1700000000);
  assert.equal(t.status, 'expired');
  assert.equal(t.message, 'Expired 12 years ago');
  assert.deepEqual(t.claims.exp, {
    name: 'exp',
    label: 'Expires',
    value: EXP,
    iso: '2011-03-22T18:43:00Z',
    relative: '12 years ago',
  });
  assert.deepEqual(t.warnings, []);
  assert.equal(claimTimes({ exp: EXP }, EXP).status, 'expired');
});

test('valid window, not yet valid, no expiry, invalid claims', () => {
  const now = 1700000000;
  const valid = claimTimes({ iat: now - 60, nbf: now - 60, exp: now + 300 }, now);
  assert.equal(valid.status, 'valid');
  assert.equal(valid.message, 'Within its valid time window: expires in 5 minutes');
  assert.equal(valid.claims.iat.relative, '1 minute ago');
  assert.equal(valid.claims.iat.iso, '2023-11-14T22:12:20Z');
  assert.deepEqual(Object.keys(valid.claims), ['iat', 'nbf', 'exp']);

  const early = claimTimes({ nbf: now + 3 * 86400 + 5, exp: now + 10 * 86400 }, now);
  assert.equal(early.status, 'not-yet-valid');
  assert.equal(early.message, 'Not yet valid: becomes valid in 3 days');

  const forever = claimTimes({ sub: 'x', iat: now + 7200 }, now);
  assert.equal(forever.status, 'no-expiry');
  assert.equal(forever.message, 'No "exp" claim: this token never expires by itself');
  assert.deepEqual(forever.warnings, ['Issued in the future (in 2 hours); check the clocks']);

  const bad = claimTimes({ exp: '1700000000' }, now);
  assert.equal(bad.status, 'invalid');
  assert.equal(bad.message, 'Invalid time claim: "exp" is not a NumericDate (a number of seconds since 1970-01-01)');
  assert.equal(claimTimes({ exp: 1e300 }, now).status, 'invalid');
});

test('relativeTime and isoSeconds', () => {
  assert.equal(relativeTime(300), 'in 5 minutes');
  assert.equal(relativeTime(-3 * 86400), '3 days ago');
  assert.equal(relativeTime(1), 'in 1 second');
  assert.equal(relativeTime(-7199), '1 hour ago');
  assert.equal(relativeTime(0.4), 'now');
  assert.equal(relativeTime(40 * 86400), 'in 1 month');
  assert.equal(isoSeconds(0), '1970-01-01T00:00:00Z');
  assert.equal(isoSeconds(1.5), '1970-01-01T00:00:01.500Z');
});

test('RFC 7515 A.1 HS256 signature verifies with the JWK key', async () => {
  const key = secretBytes(RFC_KEY, 'base64url');
  assert.equal(key.ok, true);
  assert.equal(key.bytes.length, 64);
  assert.deepEqual(await verifyHmac(RFC_TOKEN, key.bytes), {
    status: 'verified',
    verified: true,
    message: 'Signature verified (HS256)',
  });
});

test('a tampered signature, payload or wrong key fails', async () => {
  const key = secretBytes(RFC_KEY, 'base64url').bytes;
  const [h, p, s] = RFC_TOKEN.split('.');
  const badSig = `${h}.${p}.e${s.slice(1)}`;
  const invalid = { status: 'invalid', verified: false, message: 'Invalid signature (HS256): wrong secret, or the token was changed' };
  assert.deepEqual(await verifyHmac(badSig, key), invalid);
  const badPayload = `${h}.${b64url('{"iss":"joe","exp":9999999999}')}.${s}`;
  assert.deepEqual(await verifyHmac(badPayload, key), invalid);
  const wrongKey = await verifyHmac(RFC_TOKEN, secretBytes('secret', 'text').bytes);
  assert.equal(wrongKey.status, 'invalid');
  assert.equal(wrongKey.warning, 'The key is only 6 bytes; RFC 7518 requires at least 32 for HS256');
});

test('HS384 and HS512 verify against node:crypto signatures', async () => {
  const secret = 'a-long-enough-secret-for-hs512-tests-0123456789-abcdefghijklmnopq';
  const key = secretBytes(secret, 'text').bytes;
  for (const [alg, hash] of [['HS256', 'sha256'], ['HS384', 'sha384'], ['HS512', 'sha512']]) {
    const token = sign({ alg, typ: 'JWT' }, { sub: '42', name: 'Zoë 漢字' }, secret, hash);
    assert.deepEqual(decodeJwt(token).payload, { sub: '42', name: 'Zoë 漢字' });
    const r = await verifyHmac(token, key);
    assert.equal(r.status, 'verified', alg);
    assert.equal(r.message, `Signature verified (${alg})`);
    const other = await verifyHmac(token, secretBytes(secret + 'x', 'text').bytes);
    assert.equal(other.status, 'invalid', alg);
  }
});

test('alg none, unsupported algorithms and empty keys are reported, not thrown', async () => {
  const none = `${b64url('{"alg":"none"}')}.${b64url('{"sub":"1"}')}.`;
  assert.equal(decodeJwt(none).ok, true);
  assert.equal(decodeJwt(none).signature.length, 0);
  assert.deepEqual(await verifyHmac(none, new Uint8Array([1])), {
    status: 'unsigned',
    verified: false,
    message: 'This token is unsigned (alg "none"): anyone can create or change it. Never accept it.',
  });
  const rs = `${b64url('{"alg":"RS256"}')}.${b64url('{}')}.AAAA`;
  // An RS token is never checked with a secret (algorithm confusion).
  assert.deepEqual(await verifyHmac(rs, new Uint8Array([1])), {
    status: 'mismatch',
    verified: false,
    message: "Not verified: RS256 is a public-key algorithm. Check it with the issuer's public key, never with a secret (that is the algorithm-confusion attack)",
  });
  const odd = `${b64url('{"alg":"XS999"}')}.${b64url('{}')}.AAAA`;
  assert.deepEqual(await verifyHmac(odd, new Uint8Array([1])), {
    status: 'unsupported',
    verified: false,
    message: 'Signature not verified: verifying XS999 is not supported here (supported: HS, RS, PS and ES with 256, 384 or 512, and EdDSA)',
  });
  assert.equal((await verifyHmac(RFC_TOKEN, new Uint8Array(0))).message, 'The secret is empty');
  assert.deepEqual(await verifyHmac('abc', new Uint8Array([1])), {
    status: 'malformed',
    verified: false,
    message: 'A JWT has 3 parts separated by dots; found 1',
  });
});

test('malformed tokens get precise messages', () => {
  const [h, p] = RFC_TOKEN.split('.');
  assert.deepEqual(decodeJwt('abc'), { ok: false, error: 'A JWT has 3 parts separated by dots; found 1' });
  assert.deepEqual(decodeJwt(`${h}.${p}`), { ok: false, error: 'A JWT has 3 parts separated by dots; found 2' });
  assert.deepEqual(decodeJwt('a.b.c.d'), { ok: false, error: 'A JWT has 3 parts separated by dots; found 4' });
  assert.deepEqual(decodeJwt('a.b.c.d.e'), {
    ok: false,
    error: 'A JWT has 3 parts separated by dots; found 5 (5 parts means an encrypted JWE, which cannot be read without its key)',
  });
  assert.deepEqual(decodeJwt('   '), { ok: false, error: 'The token is empty' });
  assert.deepEqual(decodeJwt(`.${p}.x`), { ok: false, error: 'The header (part 1) is empty' });
  assert.deepEqual(decodeJwt(`${h}.ab*c.AAAA`), {
    ok: false,
    error: "The payload (part 2) is not valid Base64url: Invalid character '*' at position 3",
  });
  assert.deepEqual(decodeJwt(`${h}.${p}.abc+def`), {
    ok: false,
    error:
      "The signature (part 3) is not valid Base64url: Invalid character '+' at position 4 ('+' belongs to the standard Base64 alphabet, not the URL-safe one)",
  });
  assert.deepEqual(decodeJwt(`abcde.${p}.AAAA`), {
    ok: false,
    error: 'The header (part 1) is not valid Base64url: Length 5 is not valid Base64 (a trailing group of 1 character cannot occur)',
  });
  const badJson = decodeJwt(`${h}.${b64url('{"sub": 1,}')}.AAAA`);
  assert.equal(badJson.ok, false);
  assert.match(badJson.error, /^The payload \(part 2\) is not valid JSON: \S/);
  const badHeader = decodeJwt(`${b64url('alg=HS256')}.${p}.AAAA`);
  assert.match(badHeader.error, /^The header \(part 1\) is not valid JSON: \S/);
  assert.deepEqual(decodeJwt(`${b64url('[1]')}.${p}.AAAA`), {
    ok: false,
    error: 'The header (part 1) must be a JSON object, but it is an array',
  });
  assert.deepEqual(decodeJwt(`${h}.${b64url('"hi"')}.AAAA`), {
    ok: false,
    error: 'The payload (part 2) must be a JSON object, but it is a string',
  });
  assert.deepEqual(decodeJwt(`${h}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.AAAA`), {
    ok: false,
    error: 'The payload (part 2) is not valid UTF-8 text',
  });
});

test('secretBytes decodes Base64url secrets and reports bad ones', () => {
  assert.deepEqual(secretBytes('Zm9v', 'base64url'), { ok: true, bytes: new Uint8Array([102, 111, 111]) });
  assert.deepEqual(secretBytes('héllo', 'text').bytes, new Uint8Array([104, 195, 169, 108, 108, 111]));
  assert.deepEqual(secretBytes('ab/c', 'base64url'), {
    ok: false,
    error: "The secret is not valid Base64url: Invalid character '/' at position 3 ('/' belongs to the standard Base64 alphabet, not the URL-safe one)",
  });
});

test('mount is exported and ignores a missing root', () => {
  assert.equal(typeof mount, 'function');
  assert.equal(mount(null), undefined);
});

test('the example tokens verify with their secret and public key', async () => {
  const hs = decodeJwt(EXAMPLES.hs256.token);
  assert.equal(hs.ok, true);
  assert.deepEqual(hs.header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(await verifyHmac(hs, secretBytes(EXAMPLES.hs256.secret).bytes), {
    status: 'verified',
    verified: true,
    message: 'Signature verified (HS256)',
  });
  const rs = decodeJwt(EXAMPLES.rs256.token);
  assert.deepEqual(rs.header, { alg: 'RS256', typ: 'JWT', kid: 'example-rs256' });
  assert.deepEqual(rs.payload, hs.payload);
  assert.deepEqual(await verifyWithPublicKey(rs, EXAMPLES.rs256.publicKey), {
    status: 'verified',
    verified: true,
    message: 'Signature verified (RS256)',
  });
  // Tampered payload: both fail.
  const forged = (t) => t.replace(/\.[^.]+\./, `.${b64url(JSON.stringify({ ...hs.payload, name: 'Mallory' }))}.`);
  assert.equal((await verifyWithPublicKey(decodeJwt(forged(EXAMPLES.rs256.token)), EXAMPLES.rs256.publicKey)).status, 'invalid');
  assert.equal((await verifyHmac(forged(EXAMPLES.hs256.token), secretBytes(EXAMPLES.hs256.secret).bytes)).status, 'invalid');
  assert.equal(claimTimes(hs.payload, 1767225600 + 60).status, 'valid');
});

test('pickCheck routes by alg and refuses alg none and key-type confusion', () => {
  assert.deepEqual(pickCheck('HS256', true, false), { check: 'hmac' });
  assert.deepEqual(pickCheck('HS256', true, true), { check: 'hmac' });
  assert.deepEqual(pickCheck('RS256', false, true), { check: 'public' });
  assert.deepEqual(pickCheck('EdDSA', true, true), { check: 'public' });
  assert.deepEqual(pickCheck('HS256', false, false), { message: 'Signature not verified. Enter the secret to check the HS256 signature.', kind: '' });
  assert.deepEqual(pickCheck('ES384', false, false), {
    message: 'Signature not verified. Paste the public key (PEM, JWK or JWKS) to check the ES384 signature.',
    kind: '',
  });
  const hsWithKey = pickCheck('HS256', false, true);
  assert.equal(hsWithKey.kind, 'error');
  assert.match(hsWithKey.message, /^Not verified: HS256 is checked with the shared secret, not a public key\..*algorithm-confusion/);
  const rsWithSecret = pickCheck('RS256', true, false);
  assert.equal(rsWithSecret.kind, 'error');
  assert.match(rsWithSecret.message, /^Not verified: RS256 is a public-key algorithm\..*never with a secret/);
  for (const none of ['none', 'None', 'NONE']) {
    const r = pickCheck(none, true, true);
    assert.equal(r.kind, 'error');
    assert.match(r.message, /unsigned \(alg "none"\)/);
  }
  assert.deepEqual(pickCheck(undefined, true, true), { message: 'Signature not verified: the header has no "alg" string.', kind: 'error' });
  assert.match(pickCheck('ES256K', false, true).message, /verifying ES256K is not supported here/);
});

test('times: local time beside UTC, and a hint when they look like milliseconds', () => {
  // ICU versions differ in the kind of space they put before "PM"; compare with plain spaces.
  const plainSpaces = (t) => t.replace(/\s/g, ' ');
  assert.equal(plainSpaces(localTime(1300819380, 'en-GB', 'Europe/Berlin')), '22 Mar 2011, 19:43:00 CET');
  assert.equal(plainSpaces(localTime(1300819380, 'en-US', 'UTC')), 'Mar 22, 2011, 6:43:00 PM UTC');
  assert.equal(localTime(0, 'en-GB', 'No/Such_Zone'), '');
  assert.equal(MS_HINT, 1e11);
  const now = 1700000000;
  const t = claimTimes({ iat: now * 1000, exp: (now + 3600) * 1000 }, now);
  assert.equal(t.status, 'valid');
  assert.equal(t.claims.exp.ms, true);
  assert.equal(t.claims.iat.ms, true);
  assert.deepEqual(t.warnings, [
    '"iat" looks like milliseconds, but NumericDate counts seconds: as milliseconds it would be 2023-11-14T22:13:20Z',
    '"exp" looks like milliseconds, but NumericDate counts seconds: as milliseconds it would be 2023-11-14T23:13:20Z',
  ]);
  const plain = claimTimes({ iat: now, exp: now + 60 }, now);
  assert.deepEqual(plain.warnings, []);
  assert.equal(plain.claims.exp.ms, undefined);
});

test('isPublicKeyAlg (which routes to the lazily loaded jwt-verify.js) agrees with its algInfo', () => {
  const algs = ['HS256', 'HS384', 'HS512', 'none', 'EdDSA', 'Ed25519', 'Ed448', 'ES256K', 'RS1', 'RSA-OAEP', '', 'rs256'];
  for (const f of ['RS', 'PS', 'ES']) for (const b of ['256', '384', '512']) algs.push(f + b);
  for (const alg of algs) assert.equal(isPublicKeyAlg(alg), algInfo(alg) !== null, alg);
  assert.equal(isPublicKeyAlg(undefined), false);
});
