import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { algInfo, parseKeys, selectKey, keyMismatch, verifyWithPublicKey } from '../../static/tools/jwt-verify.js';

const b64url = (s) => Buffer.from(s).toString('base64url');

/** A compact JWS split the way jwt-decoder's decodeJwt does (the payload need not be JSON here). */
function jws(compact) {
  const [h, p, s] = compact.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    signature: new Uint8Array(Buffer.from(s, 'base64url')),
    signingInput: `${h}.${p}`,
  };
}

// RFC 7515 appendix A.2 (RS256) and A.3 (ES256): same payload as A.1.
const A_PAYLOAD = 'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ';
const A2_TOKEN =
  `eyJhbGciOiJSUzI1NiJ9.${A_PAYLOAD}.` +
  'cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4' +
  'BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv' +
  'hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw';
const A2_JWK = {
  kty: 'RSA',
  n:
    'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs' +
    'D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV' +
    'MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ',
  e: 'AQAB',
};
const A3_TOKEN = `eyJhbGciOiJFUzI1NiJ9.${A_PAYLOAD}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q`;
const A3_JWK = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
// RFC 7515 A.4 (ES512, P-521; the payload is the text "Payload").
const A4_TOKEN =
  'eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8G' +
  'aSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn';
const A4_JWK = {
  kty: 'EC',
  crv: 'P-521',
  x: 'AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk',
  y: 'ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2',
};

// RFC 7520 sections 4.1 (RS256) and 4.2 (PS384), key of section 3.4 (kid "bilbo.baggins@hobbiton.example").
const BILBO = 'bilbo.baggins@hobbiton.example';
const R_PAYLOAD =
  'SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBk' +
  'b24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4';
const R41_TOKEN =
  `eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.${R_PAYLOAD}.` +
  'MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4J' +
  'IwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluP' +
  'xUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg';
const R42_TOKEN =
  `eyJhbGciOiJQUzM4NCIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.${R_PAYLOAD}.` +
  'cu22eBqkYDKgIlTpzDXGvaFfz6WGoz7fUDcfT0kkOy42miAh2qyBzk1xEsnk2IpN6-tPid6VrklHkqsGqDqHCdP6O8TTB5dDDItllVo6_1OLPpcbUrhiUSMxbbXU' +
  'vdvWXzg-UD8biiReQFlfz28zGWVsdiNAUf8ZnyPEgVFn442ZdNqiVJRmBqrYRXe8P_ijQ7p8Vdz0TTrxUeT3lm8d9shnr2lfJT8ImUjvAA2Xez2Mlp8cBE5awDzT' +
  '0qI0n6uiP1aCN_2_jLAeQTlqRHtfa64QQSUmFAAjVKPbByi7xho0uTOcbH510a6GYmJUAfmWjwZ6oD4ifKo8DYM-X72Eaw';
const BILBO_JWK = {
  kty: 'RSA',
  kid: BILBO,
  use: 'sig',
  n:
    'n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-Qti' +
    'WN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS' +
    '0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw',
  e: 'AQAB',
};

// RFC 8037 appendix A.1 key and A.4 Ed25519 signature (payload: "Example of Ed25519 signing").
const ED_JWK = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
const ED_D = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const ED_TOKEN =
  'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

// A self-signed X.509 certificate (P-256, made once with openssl) and a token signed with its key.
const CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUX5lCbLGu5UPdexptDW6gDqKolmUwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXZ2FsbGV5IHRlc3QgY2VydGlmaWNhdGUwIBcNMjYxMjAyMTUx
MjQ4WhgPMjEyNjExMDgxNTEyNDhaMCIxIDAeBgNVBAMMF2dhbGxleSB0ZXN0IGNl
cnRpZmljYXRlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAEYQW9YLlQzAYiU6
jt965PwydGKOK2Yu+bs0CbaoJt+wNLox5Ldhsuyy0Gvd9WfNnmRUcwQ4jemKT/dm
dAPZPKNTMFEwHQYDVR0OBBYEFAYBEH0XO0rWbfkEoRyGo7Hmn+o2MB8GA1UdIwQY
MBaAFAYBEH0XO0rWbfkEoRyGo7Hmn+o2MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDSAAwRQIgHnp8YQ7omaZEh/+9NhIiKLNBISDToZCErHnx3K88S2ECIQCU
R46H7t9c2sbTyo5CMom93WjRfyPwwr+w69lJbKSwFQ==
-----END CERTIFICATE-----`;
const CERT_TOKEN =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjZXJ0LXRlc3QifQ.0dH-MKpJVINuV8xDter_1cyaFbLBudDni9ZHJO3SveWxgwYZoB9bHD-VYOi4RyH35PBJ5rvjgOO4k-mBvfXdTQ';

const pem = (jwk) => crypto.createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
const tamper = (token) => {
  const d = jws(token);
  return { ...d, signingInput: d.signingInput.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
};

test('RFC 7515 A.2 (RS256) verifies with the JWK and with the same key as PEM', async () => {
  assert.deepEqual(await verifyWithPublicKey(jws(A2_TOKEN), JSON.stringify(A2_JWK)), {
    status: 'verified',
    verified: true,
    message: 'Signature verified (RS256)',
  });
  assert.equal((await verifyWithPublicKey(jws(A2_TOKEN), pem(A2_JWK))).status, 'verified');
  assert.deepEqual(await verifyWithPublicKey(tamper(A2_TOKEN), JSON.stringify(A2_JWK)), {
    status: 'invalid',
    verified: false,
    message: 'Invalid signature (RS256): wrong key, or the token was changed',
  });
});

test('RFC 7515 A.3 (ES256) and A.4 (ES512, P-521): raw r||s signatures verify as they are', async () => {
  assert.equal((await verifyWithPublicKey(jws(A3_TOKEN), JSON.stringify(A3_JWK))).status, 'verified');
  assert.equal((await verifyWithPublicKey(jws(A3_TOKEN), pem(A3_JWK))).status, 'verified');
  assert.equal((await verifyWithPublicKey(tamper(A3_TOKEN), JSON.stringify(A3_JWK))).status, 'invalid');
  assert.equal(jws(A4_TOKEN).signature.length, 132);
  assert.equal((await verifyWithPublicKey(jws(A4_TOKEN), JSON.stringify(A4_JWK))).status, 'verified');
  // The same signature DER-encoded (as some libraries wrongly emit) is explained, not verified.
  const d = jws(A3_TOKEN);
  const derSig = new Uint8Array(crypto.sign('sha256', Buffer.from('x'), crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
  const r = await verifyWithPublicKey({ ...d, signature: derSig }, JSON.stringify(A3_JWK));
  assert.equal(r.status, 'invalid');
  assert.match(r.message, /^Invalid signature \(ES256\): it must be 64 bytes \(r and s side by side\), but it is 7\d; it looks DER-encoded/);
});

test('RFC 7520 4.1 (RS256) and 4.2 (PS384): the key is chosen from a JWKS by kid', async () => {
  const jwks = JSON.stringify({ keys: [{ ...A2_JWK, kid: 'other' }, BILBO_JWK, { ...A3_JWK, kid: 'ec' }] });
  assert.deepEqual(await verifyWithPublicKey(jws(R41_TOKEN), jwks), {
    status: 'verified',
    verified: true,
    message: `Signature verified (RS256 with key "${BILBO}")`,
  });
  assert.equal((await verifyWithPublicKey(jws(R42_TOKEN), jwks)).message, `Signature verified (PS384 with key "${BILBO}")`);
  assert.equal((await verifyWithPublicKey(tamper(R42_TOKEN), jwks)).status, 'invalid');
  // Without the kid's key, the error lists the kids there are.
  const missing = await verifyWithPublicKey(jws(R41_TOKEN), JSON.stringify({ keys: [{ ...A2_JWK, kid: 'other' }, { ...A3_JWK, kid: 'ec' }] }));
  assert.deepEqual(missing, {
    status: 'error',
    verified: false,
    message: `No key has the token's kid "${BILBO}"; the key set has "other", "ec"`,
  });
});

test('RFC 8037 A.4 (EdDSA, Ed25519) verifies; the RFC private key reproduces the signature', async () => {
  assert.equal((await verifyWithPublicKey(jws(ED_TOKEN), JSON.stringify(ED_JWK))).status, 'verified');
  assert.equal((await verifyWithPublicKey(jws(ED_TOKEN), pem(ED_JWK))).status, 'verified');
  assert.equal((await verifyWithPublicKey(tamper(ED_TOKEN), JSON.stringify(ED_JWK))).status, 'invalid');
  const priv = crypto.createPrivateKey({ key: { ...ED_JWK, d: ED_D }, format: 'jwk' });
  const [h, p, s] = ED_TOKEN.split('.');
  assert.equal(crypto.sign(null, Buffer.from(`${h}.${p}`), priv).toString('base64url'), s);
  // A private JWK is used for its public part, with a warning.
  const r = await verifyWithPublicKey(jws(ED_TOKEN), JSON.stringify({ ...ED_JWK, d: ED_D }));
  assert.equal(r.status, 'verified');
  assert.match(r.warning, /includes its private part \("d"\)/);
});

test('every algorithm family verifies with generated keys as PEM, JWK and JWKS, and fails when changed', async () => {
  const cases = [
    ...['256', '384', '512'].flatMap((b) => [
      [`RS${b}`, ['rsa', { modulusLength: 2048 }], (k) => ({ key: k })],
      [`PS${b}`, ['rsa', { modulusLength: 2048 }], (k) => ({ key: k, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: b / 8 })],
      [`ES${b}`, ['ec', { namedCurve: b === '512' ? 'P-521' : `P-${b}` }], (k) => ({ key: k, dsaEncoding: 'ieee-p1363' })],
    ]),
    ['EdDSA', ['ed25519', {}], (k) => k],
  ];
  for (const [alg, gen, opts] of cases) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync(...gen);
    const input = `${b64url(JSON.stringify({ alg, kid: 'k1' }))}.${b64url('{"sub":"1"}')}`;
    const hash = alg === 'EdDSA' ? null : `sha${alg.slice(2)}`;
    const sig = crypto.sign(hash, Buffer.from(input), opts(privateKey));
    const d = { header: { alg, kid: 'k1' }, signature: new Uint8Array(sig), signingInput: input };
    const jwk = publicKey.export({ format: 'jwk' });
    const forms = {
      pem: publicKey.export({ type: 'spki', format: 'pem' }),
      jwk: JSON.stringify(jwk),
      jwks: JSON.stringify({ keys: [{ kty: 'oct', k: 'AAAA', kid: 'k0' }, { ...jwk, kid: 'k1', alg, use: 'sig' }] }),
    };
    for (const [form, text] of Object.entries(forms)) {
      const r = await verifyWithPublicKey(d, text);
      assert.equal(r.status, 'verified', `${alg} ${form}: ${r.message}`);
      const bad = await verifyWithPublicKey({ ...d, signingInput: input + 'x' }, text);
      assert.equal(bad.status, 'invalid', `${alg} ${form} tampered`);
    }
  }
});

test('an X.509 certificate and a PKCS#1 RSA PUBLIC KEY are accepted', async () => {
  const cert = parseKeys(CERT);
  assert.equal(cert.ok, true);
  assert.equal(cert.kind, 'certificate');
  assert.equal(cert.keys[0].kty, 'EC');
  assert.equal(cert.keys[0].crv, 'P-256');
  assert.equal((await verifyWithPublicKey(jws(CERT_TOKEN), CERT)).status, 'verified');
  assert.equal((await verifyWithPublicKey(tamper(CERT_TOKEN), `Issuer cert:\n${CERT}\n`)).status, 'invalid');

  const pkcs1 = crypto.createPublicKey({ key: A2_JWK, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' });
  assert.match(pkcs1, /BEGIN RSA PUBLIC KEY/);
  assert.equal((await verifyWithPublicKey(jws(A2_TOKEN), pkcs1)).status, 'verified');
});

test('parseKeys: PEM, JWK and JWKS, and helpful errors', () => {
  const p = parseKeys(pem(A3_JWK));
  assert.equal(p.ok, true);
  assert.equal(p.kind, 'PEM key');
  assert.deepEqual([p.keys[0].kty, p.keys[0].crv], ['EC', 'P-256']);
  assert.deepEqual([parseKeys(pem(ED_JWK)).keys[0].kty, parseKeys(pem(ED_JWK)).keys[0].crv], ['OKP', 'Ed25519']);
  assert.equal(parseKeys(pem(A2_JWK)).keys[0].kty, 'RSA');
  const j = parseKeys(JSON.stringify(BILBO_JWK));
  assert.deepEqual([j.kind, j.keys[0].kid, j.keys[0].use], ['JWK', BILBO, 'sig']);
  assert.equal(parseKeys(JSON.stringify({ keys: [A2_JWK, A3_JWK] })).keys.length, 2);

  assert.deepEqual(parseKeys(''), {
    ok: false,
    error: 'Paste a PEM public key (-----BEGIN PUBLIC KEY-----), an X.509 certificate, a JWK or a JWKS',
  });
  assert.match(parseKeys('{"kty":').error, /^The key is not valid JSON: /);
  assert.deepEqual(parseKeys('{"keys":[]}'), { ok: false, error: 'The JWKS holds no keys' });
  assert.deepEqual(parseKeys('{"keys":[{"kty":"RSA"},{"n":"x"}]}'), { ok: false, error: 'Key 2 of the JWKS is not a JWK (it has no "kty")' });
  assert.deepEqual(parseKeys('{"n":"x"}'), { ok: false, error: 'The JSON is not a JWK (it has no "kty")' });
  const priv = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.match(parseKeys(priv).error, /^This is a private key\. Never paste a private key into a website/);
  assert.match(parseKeys('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----').error, /holds no public key/);
  assert.deepEqual(parseKeys('-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----'), {
    ok: false,
    error: 'The PUBLIC KEY is damaged (not valid DER)',
  });
  assert.match(parseKeys('-----BEGIN PUBLIC KEY-----\nab*c\n-----END PUBLIC KEY-----').error, /^The PEM body is not valid Base64: Invalid character '\*'/);
});

test('selectKey: kid first, else the only key, else the only one that fits', () => {
  const keys = parseKeys(JSON.stringify({ keys: [{ ...A2_JWK, kid: 'a' }, { ...A3_JWK, kid: 'b' }] })).keys;
  assert.equal(selectKey(keys, { alg: 'ES256', kid: 'b' }).key.kid, 'b');
  assert.equal(selectKey(keys, { alg: 'RS256' }).key.kid, 'a');
  assert.equal(selectKey(keys, { alg: 'ES256' }).key.kid, 'b');
  assert.deepEqual(selectKey(keys, { alg: 'PS256', kid: 'zz' }), { ok: false, error: 'No key has the token\'s kid "zz"; the key set has "a", "b"' });
  assert.deepEqual(selectKey(keys, { alg: 'EdDSA' }), { ok: false, error: 'None of the 2 keys fits EdDSA' });
  const two = parseKeys(JSON.stringify({ keys: [{ ...A2_JWK, kid: 'a' }, { ...BILBO_JWK, kid: 'c' }] })).keys;
  assert.deepEqual(selectKey(two, { alg: 'RS256' }), { ok: false, error: '2 of the 2 keys fit RS256 and the token has no "kid": paste only the right key' });
  // One key and no kid: used whatever the token's kid says.
  const one = parseKeys(pem(A2_JWK)).keys;
  assert.equal(selectKey(one, { alg: 'RS256', kid: 'whatever' }).ok, true);
});

test('alg/key mismatches are refused with clear messages (no algorithm confusion)', async () => {
  assert.equal(keyMismatch('RS256', { kty: 'EC', crv: 'P-256' }), 'RS256 needs an RSA key, but the key is an EC key (P-256)');
  assert.equal(keyMismatch('ES256', { kty: 'EC', crv: 'P-384' }), 'ES256 needs a key on P-256, but the key is on P-384');
  assert.equal(keyMismatch('ES384', { kty: 'RSA' }), 'ES384 needs an EC (P-384) key, but the key is an RSA key');
  assert.equal(keyMismatch('EdDSA', { kty: 'EC', crv: 'P-256' }), 'EdDSA needs an Ed25519 key, but the key is an EC key (P-256)');
  assert.equal(keyMismatch('RS256', { kty: 'RSA', alg: 'RS384' }), 'The key is for RS384 (its "alg"), but the token says RS256');
  assert.equal(keyMismatch('RS256', { kty: 'RSA', use: 'enc' }), 'The key is for "use": "enc", not for signatures ("sig")');
  assert.equal(keyMismatch('PS256', { kty: 'RSA' }), '');
  assert.match(keyMismatch('RS256', { kty: 'oct' }), /algorithm-confusion attack/);
  assert.equal(keyMismatch('HS256', { kty: 'oct' }), 'HS256 is not a public-key algorithm');

  const rsToken = jws(A2_TOKEN);
  assert.deepEqual(await verifyWithPublicKey(rsToken, JSON.stringify(A3_JWK)), {
    status: 'mismatch',
    verified: false,
    message: 'RS256 needs an RSA key, but the key is an EC key (P-256)',
  });
  const octKey = await verifyWithPublicKey(rsToken, '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ"}');
  assert.equal(octKey.status, 'mismatch');
  // An HS token is never checked with a public key (the classic confusion: the PEM as HMAC secret).
  const hs = { header: { alg: 'HS256' }, signature: new Uint8Array(32), signingInput: 'a.b' };
  assert.deepEqual(await verifyWithPublicKey(hs, pem(A2_JWK)), {
    status: 'unsupported',
    verified: false,
    message: 'Signature not verified: HS256 is not a public-key algorithm',
  });
  const ed448 = crypto.generateKeyPairSync('ed448').publicKey.export({ type: 'spki', format: 'pem' });
  const r448 = await verifyWithPublicKey(jws(ED_TOKEN), ed448);
  assert.equal(r448.status, 'unsupported');
  assert.match(r448.message, /Ed448 keys cannot be verified here/);
});

test('algInfo maps every JWS public-key alg to Web Crypto', () => {
  assert.deepEqual(algInfo('PS512').ver, { name: 'RSA-PSS', saltLength: 64 });
  assert.deepEqual(algInfo('ES512').imp, { name: 'ECDSA', namedCurve: 'P-521' });
  assert.equal(algInfo('ES384').size, 96);
  assert.equal(algInfo('EdDSA').imp.name, 'Ed25519');
  assert.equal(algInfo('HS256'), null);
  assert.equal(algInfo('none'), null);
  assert.equal(algInfo('RS1'), null);
});

test('a browser without Ed25519 in Web Crypto gets a clear "unsupported" message', async (t) => {
  const subtle = globalThis.crypto.subtle;
  const real = subtle.importKey.bind(subtle);
  t.mock.method(subtle, 'importKey', (format, key, alg, ...rest) =>
    alg.name === 'Ed25519' ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')) : real(format, key, alg, ...rest));
  const r = await verifyWithPublicKey(jws(ED_TOKEN), JSON.stringify(ED_JWK));
  assert.deepEqual(r, {
    status: 'unsupported',
    verified: false,
    message: 'This browser does not support Ed25519 in Web Crypto, so EdDSA tokens cannot be verified here. Current Chrome, Edge, Firefox and Safari do',
  });
  // Other algorithms are unaffected.
  assert.equal((await verifyWithPublicKey(jws(A3_TOKEN), JSON.stringify(A3_JWK))).status, 'verified');
});
