import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  decodeJwt,
  claimTimes,
  verifyHmac,
  secretBytes,
  relativeTime,
  isoSeconds,
  mount,
} from '../../static/tools/jwt-decoder.js';

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
  assert.deepEqual(await verifyHmac(rs, new Uint8Array([1])), {
    status: 'unsupported',
    verified: false,
    message: 'Signature not verified: verifying RS256 is not supported here (only HS256, HS384 and HS512)',
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
