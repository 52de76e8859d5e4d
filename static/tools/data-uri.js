// Data URI generator widget. Pure logic first (Node imports it in tests),
// then mount(). The file is read locally; nothing is uploaded.

import { encodeBase64, setStatus, copyText, numberRepeated } from './base64.js';

export const WARN_BYTES = 2 * 1024 * 1024;
export const MAX_BYTES = 10 * 1024 * 1024;

const MIME_RE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** A safe MIME type: the given one if well-formed, else application/octet-stream. */
export function safeMime(mime) {
  const m = String(mime ?? '').trim().toLowerCase();
  return MIME_RE.test(m) ? m : 'application/octet-stream';
}

/** data:<mime>;base64,<standard padded Base64>. */
export function toDataUri(bytes, mime) {
  return `data:${safeMime(mime)};base64,${encodeBase64(bytes)}`;
}

/** Human-readable size in binary units: "0 B", "1023 B", "1.5 KiB", "10.0 MiB". */
export function formatBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n) || 0;
  if (Math.abs(v) < 1024) return `${v} B`;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Extra bytes and percentage (1 decimal) of `encoded` over `original`; percent is null if original is 0. */
export function overhead(original, encoded) {
  const bytes = encoded - original;
  const percent = original > 0 ? Math.round((bytes / original) * 1000) / 10 : null;
  return { bytes, percent };
}

/** Escape a string for use inside a double- or single-quoted HTML attribute. */
export function escapeAttr(s) {
  const map = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return String(s ?? '').replace(/[&<>"']/g, (c) => map[c]);
}

/** Ready-to-paste <img> tag. */
export function imgSnippet(uri, alt) {
  return `<img src="${escapeAttr(uri)}" alt="${escapeAttr(alt)}">`;
}

/** Ready-to-paste CSS declaration (the URL is written as a CSS string). */
export function cssSnippet(uri) {
  const esc = String(uri ?? '').replace(/[\\"\n\r\f]/g, (c) =>
    c === '\\' || c === '"' ? '\\' + c : '\\' + c.charCodeAt(0).toString(16) + ' ');
  return `background-image: url("${esc}");`;
}

function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1.5 KiB (1,536 bytes)". */
export function describeSize(n) {
  return n < 1024 ? `${n} byte${n === 1 ? '' : 's'}` : `${formatBytes(n)} (${grouped(n)} bytes)`;
}

export function mount(root) {
  if (!root || root.hasAttribute('data-mounted')) return;
  const $ = (role) => root.querySelector(`[data-role="${role}"]`);
  const ui = $('ui');
  const fileInput = $('file');
  if (!ui || !fileInput) return;
  root.setAttribute('data-mounted', '');
  const drop = $('dropzone');
  const status = $('status');
  const results = $('results');
  const preview = $('preview');
  const copyStatus = $('copy-status');
  const fields = { uri: $('uri'), img: $('img'), css: $('css') };
  const imgBlock = $('img-block');
  const cssBlock = $('css-block');
  let seq = 0;

  function setText(role, text) {
    const el = $(role);
    if (el) el.textContent = text;
  }

  function clearResults() {
    if (results) results.hidden = true;
    if (preview) { preview.replaceChildren(); preview.hidden = true; }
    for (const f of Object.values(fields)) if (f) f.value = '';
  }

  async function handle(file) {
    const my = ++seq;
    setStatus(copyStatus, '');
    if (!file) return;
    clearResults();
    if (file.size > MAX_BYTES) {
      setStatus(status, `${file.name} is ${formatBytes(file.size)}; this tool handles files up to ${formatBytes(MAX_BYTES)}. A file this large should never be inlined.`, 'error');
      return;
    }
    setStatus(status, `Reading ${file.name}…`);
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (e) {
      if (my === seq) setStatus(status, `Could not read ${file.name}: ${e && e.message ? e.message : e}`, 'error');
      return;
    }
    if (my !== seq) return;
    const mime = safeMime(file.type);
    const uri = toDataUri(bytes, mime);
    const over = overhead(bytes.length, uri.length);
    const isImage = mime.startsWith('image/');

    setText('original-size', describeSize(bytes.length));
    setText('encoded-size', describeSize(uri.length));
    setText('overhead', `+${describeSize(over.bytes)}${over.percent === null ? '' : ` (+${over.percent}%)`}`);
    setText('mime', mime);
    if (fields.uri) fields.uri.value = uri;
    if (fields.img) fields.img.value = isImage ? imgSnippet(uri, file.name) : '';
    if (fields.css) fields.css.value = isImage ? cssSnippet(uri) : '';
    if (imgBlock) imgBlock.hidden = !isImage;
    if (cssBlock) cssBlock.hidden = !isImage;
    if (preview && isImage) {
      const img = document.createElement('img');
      img.alt = file.name;
      img.src = uri;
      preview.replaceChildren(img);
      preview.hidden = false;
    }
    if (results) results.hidden = false;

    let msg = `Encoded ${file.name} (${mime}).`;
    if (!isImage) msg += ' It is not an image, so there is no preview or image snippet.';
    if (bytes.length > WARN_BYTES) {
      msg = `Warning: ${file.name} is ${formatBytes(bytes.length)}. Inlining a file this large is a bad idea: the data URI is a third bigger, cannot be cached on its own and delays everything around it. Link to the file instead.`;
      setStatus(status, msg, 'error');
    } else {
      setStatus(status, msg, 'ok');
    }
  }

  fileInput.addEventListener('change', () => handle(fileInput.files && fileInput.files[0]));

  if (drop) {
    const on = (e) => { e.preventDefault(); drop.classList.add('is-dragover'); };
    const off = () => drop.classList.remove('is-dragover');
    drop.addEventListener('dragenter', on);
    drop.addEventListener('dragover', on);
    drop.addEventListener('dragleave', off);
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      off();
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) handle(f);
      else setStatus(status, 'Nothing to read: drop a file, not text or a link.', 'error');
    });
  }

  for (const btn of root.querySelectorAll('[data-role="copy"]')) {
    btn.addEventListener('click', () => {
      const field = fields[btn.getAttribute('data-target')];
      copyText(field ? field.value : '', copyStatus, field);
    });
  }

  numberRepeated(root);
  ui.hidden = false;
}

if (typeof document !== 'undefined') {
  for (const root of document.querySelectorAll('[data-tool="data-uri"]')) mount(root);
}
