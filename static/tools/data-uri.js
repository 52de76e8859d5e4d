// Data URI generator widget. Pure logic first (Node imports it in tests),
// then mount(). The file is read locally; nothing is uploaded.

import { encodeBase64, setStatus, copyText, numberRepeated } from './base64-core.js';

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

/** Yield to the browser (a macrotask), so a long encoding does not freeze the page. */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Bytes per Base64 step of toDataUriAsync: a multiple of 3, so the pieces join into one valid Base64 string. */
export const CHUNK_BYTES = 3 * 256 * 1024;

/**
 * toDataUri in steps of CHUNK_BYTES, yielding between steps. onProgress(fraction)
 * is called after each step; when isCurrent() turns false (another file was
 * chosen) it stops and returns null.
 */
export async function toDataUriAsync(bytes, mime, { chunkBytes = CHUNK_BYTES, pause = nextTask, onProgress, isCurrent } = {}) {
  const parts = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) {
    parts.push(encodeBase64(bytes.subarray(i, i + chunkBytes)));
    if (onProgress) onProgress(Math.min(i + chunkBytes, bytes.length) / bytes.length);
    if (i + chunkBytes < bytes.length) {
      await pause();
      if (isCurrent && !isCurrent()) return null;
    }
  }
  return `data:${safeMime(mime)};base64,${parts.join('')}`;
}

/** True for SVG: by MIME type, or by the .svg extension when the browser gives no usable type. */
export function isSvg(mime, name) {
  const m = String(mime ?? '').toLowerCase();
  return m === 'image/svg+xml' || ((m === '' || m === 'application/octet-stream') && /\.svg$/i.test(String(name ?? '')));
}

const hexByte = (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/**
 * Percent-encode SVG text for a data URI, encoding only what must be: % and #
 * (they change a URL's meaning), < and > (for HTML), the double quote (or it
 * becomes ' when the SVG has no ' of its own, which is shorter), the
 * backslash, control characters such as line breaks, and non-ASCII (as UTF-8).
 * Everything else, spaces included, stays readable, so the result is usually
 * much smaller than Base64. decodeURIComponent() gives the text back.
 */
export function encodeSvgText(text, swapQuotes = !String(text).includes("'")) {
  return String(text).replace(/[%#<>"\\\x00-\x1f\x7f]|[^\x00-\x7f]+/g, (m) => {
    if (m === '"' && swapQuotes) return "'";
    return m.charCodeAt(0) < 128 ? hexByte(m) : encodeURIComponent(m);
  });
}

/** SVG text → data:image/svg+xml,<minimally percent-encoded SVG> (a leading BOM is dropped). */
export function svgDataUri(text) {
  return `data:image/svg+xml,${encodeSvgText(String(text ?? '').replace(/^\uFEFF/, ''))}`;
}

/** svgDataUri in steps of `chunk` characters (never splitting a surrogate pair), yielding between steps; null if isCurrent() turns false. */
export async function svgDataUriAsync(text, { chunk = 256 * 1024, pause = nextTask, isCurrent } = {}) {
  const t = String(text ?? '').replace(/^\uFEFF/, '');
  const swap = !t.includes("'");
  const parts = [];
  for (let i = 0; i < t.length;) {
    let end = Math.min(i + chunk, t.length);
    const last = t.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < t.length) end++;
    parts.push(encodeSvgText(t.slice(i, end), swap));
    i = end;
    if (i < t.length) {
      await pause();
      if (isCurrent && !isCurrent()) return null;
    }
  }
  return `data:image/svg+xml,${parts.join('')}`;
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

/** A CSS class selector from a file name: "My Logo.svg" → ".my-logo"; ".icon" when nothing usable is left. */
export function cssClassFor(name) {
  const base = String(name ?? '').replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
  return `.${base || 'icon'}`;
}

/** Ready-to-paste CSS rule: `.icon { background-image: url("…"); }`. */
export function cssRule(uri, selector = '.icon') {
  return `${selector} { ${cssSnippet(uri)} }`;
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
  const fields = { uri: $('uri'), svg: $('svg'), img: $('img'), css: $('css') };
  const blocks = { img: $('img-block'), css: $('css-block'), svg: $('svg-block'), svgStat: $('svg-stat') };
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
    const isCurrent = () => my === seq;
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
      if (isCurrent()) setStatus(status, `Could not read ${file.name}: ${e && e.message ? e.message : e}`, 'error');
      return;
    }
    if (!isCurrent()) return;
    const svg = isSvg(file.type, file.name);
    const mime = svg ? 'image/svg+xml' : safeMime(file.type);
    // Large files are encoded in steps, with progress, so the page stays responsive.
    const big = bytes.length > CHUNK_BYTES;
    const uri = await toDataUriAsync(bytes, mime, {
      isCurrent,
      onProgress: big ? (f) => setStatus(status, `Encoding ${file.name}… ${Math.round(f * 100)}%`) : null,
    });
    if (uri === null || !isCurrent()) return;
    let svgUri = '';
    let svgNote = '';
    if (svg) {
      let text = null;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        svgNote = ' It is not UTF-8 text, so there is no URL-encoded version.';
      }
      if (text !== null) svgUri = await svgDataUriAsync(text, { isCurrent });
      if (svgUri === null || !isCurrent()) return;
    }
    const over = overhead(bytes.length, uri.length);
    const isImage = mime.startsWith('image/');
    // For SVG the snippets use the smaller, URL-encoded URI.
    const best = svgUri || uri;

    setText('original-size', describeSize(bytes.length));
    setText('encoded-size', describeSize(uri.length));
    setText('overhead', `+${describeSize(over.bytes)}${over.percent === null ? '' : ` (+${over.percent}%)`}`);
    setText('mime', mime);
    if (svgUri) {
      const diff = uri.length - svgUri.length;
      setText('svg-size', `${describeSize(svgUri.length)}: ${describeSize(Math.abs(diff))} ${diff >= 0 ? 'smaller' : 'larger'} than Base64`);
    }
    if (fields.uri) fields.uri.value = uri;
    if (fields.svg) fields.svg.value = svgUri;
    if (fields.img) fields.img.value = isImage ? imgSnippet(best, file.name) : '';
    if (fields.css) fields.css.value = isImage ? cssRule(best, cssClassFor(file.name)) : '';
    for (const k of ['img', 'css']) if (blocks[k]) blocks[k].hidden = !isImage;
    for (const k of ['svg', 'svgStat']) if (blocks[k]) blocks[k].hidden = !svgUri;
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
    if (svgUri) {
      msg += uri.length > svgUri.length
        ? ` The URL-encoded version is ${describeSize(uri.length - svgUri.length)} smaller than Base64; the snippets use it.`
        : ' The URL-encoded version is not smaller than Base64 here; the snippets use it anyway, as it compresses better.';
    }
    msg += svgNote;
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
