// The DOM helpers every tool shares: status lines, copy buttons, repeated widgets.


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
