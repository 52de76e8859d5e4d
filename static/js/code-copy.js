// Copy buttons for code blocks, made here so no dead button shows without JavaScript.
// Copied: every line but deleted ones and diff headers, without screen-reader text (gutters
// are CSS).

const status = document.createElement('p');
status.className = 'visually-hidden code-copy-status';
status.setAttribute('role', 'status');

/** The code of a block, as it should be pasted. */
export function codeOf(figure) {
  const lines = [];
  for (const line of figure.querySelectorAll('pre code > .line')) {
    if (line.matches('.del, .head')) continue;
    const copy = line.cloneNode(true);
    for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
    lines.push(copy.textContent.replace(/\n$/, ''));
  }
  return lines.join('\n');
}

async function write(text) {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Without the async API (a page served over plain HTTP): a selected text area.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

function announce(message) {
  // Cleared first so the same message twice is announced twice.
  status.textContent = '';
  setTimeout(() => {
    status.textContent = message;
  }, 50);
}

function mount(figure) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy';
  const rest = document.createElement('span');
  rest.className = 'visually-hidden';
  rest.textContent = ' code';
  button.append(rest);
  let timer;
  button.addEventListener('click', async () => {
    clearTimeout(timer);
    try {
      await write(codeOf(figure));
      button.classList.add('done');
      announce('Code copied to the clipboard');
    } catch {
      button.classList.remove('done');
      announce('Copying failed: select the code and copy it with the keyboard');
    }
    timer = setTimeout(() => button.classList.remove('done'), 2000);
  });
  figure.append(button);
  figure.classList.add('has-copy');
}

const figures = document.querySelectorAll('figure.code');
if (figures.length) {
  (document.querySelector('main') || document.body).append(status);
  figures.forEach(mount);
}
