// Base64 encoder / decoder widget: mount() on every [data-tool="base64"]. The pure logic
// lives in base64-core.js (Node imports it in tests, through the re-export below).

import { encodeBase64, decodeText, toHex, hasLoneSurrogate, setStatus, copyText, numberRepeated } from './base64-core.js';

export * from './base64-core.js';

export function mount(root) {
  if (!root || root.hasAttribute('data-mounted')) return;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const ui = $('ui');
  const input = $('input');
  const output = $('output');
  if (!ui || !input || !output) return;
  root.setAttribute('data-mounted', '');
  const inputLabel = $('input-label');
  const outputLabel = $('output-label');
  const alphabet = $('alphabet');
  const pad = $('pad');
  const status = $('status');
  const copyStatus = $('copy-status');
  const modes = root.querySelectorAll('[data-role="mode"]');

  const mode = () => {
    const checked = root.querySelector('[data-role="mode"]:checked');
    return checked ? checked.value : 'encode';
  };

  let swappable = false;

  function update() {
    swappable = false;
    const encode = mode() === 'encode';
    const urlSafe = alphabet ? alphabet.value === 'url' : false;
    if (inputLabel) inputLabel.textContent = encode ? 'Text to encode' : 'Base64 to decode';
    if (outputLabel) outputLabel.textContent = encode ? 'Base64' : 'Decoded text';
    if (pad) pad.disabled = !encode;
    setStatus(copyStatus, '');
    const value = input.value;
    if (value === '') {
      output.value = '';
      setStatus(status, '');
      return;
    }
    if (encode) {
      const bytes = new TextEncoder().encode(value);
      output.value = encodeBase64(bytes, { urlSafe, pad: pad ? pad.checked : true });
      let msg = `Encoded ${bytes.length} UTF-8 byte${bytes.length === 1 ? '' : 's'} into ${output.value.length} Base64 characters`;
      if (hasLoneSurrogate(value)) msg += '. Note: the text has an unpaired surrogate, encoded as U+FFFD (�)';
      setStatus(status, msg, 'ok');
      swappable = true;
      return;
    }
    const r = decodeText(value, { urlSafe });
    if (r.ok) {
      output.value = r.text;
      swappable = true;
      setStatus(status, `Decoded ${r.bytes.length} byte${r.bytes.length === 1 ? '' : 's'}${r.warning ? '. Note: ' + r.warning : ''}`, 'ok');
    } else if (r.byteOffset != null) {
      output.value = toHex(r.bytes);
      setStatus(status, `${r.error}. It may be binary data; the result shows the bytes as hex.`, 'error');
    } else {
      output.value = '';
      setStatus(status, r.error, 'error');
    }
  }

  input.addEventListener('input', update);
  for (const m of modes) m.addEventListener('change', update);
  if (alphabet) alphabet.addEventListener('change', update);
  if (pad) pad.addEventListener('change', update);

  const copy = $('copy');
  if (copy) copy.addEventListener('click', () => copyText(output.value, copyStatus, output));

  const swap = $('swap');
  if (swap) {
    swap.addEventListener('click', () => {
      const target = mode() === 'encode' ? 'decode' : 'encode';
      const next = swappable ? output.value : input.value;
      for (const m of modes) m.checked = m.value === target;
      input.value = next;
      update();
    });
  }

  numberRepeated(root);
  ui.hidden = false;
  update();
}

if (typeof document !== 'undefined') {
  for (const root of document.querySelectorAll('[data-tool="base64"]')) mount(root);
}
