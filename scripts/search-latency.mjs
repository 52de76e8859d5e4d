// How long search takes to show results as a reader types, on a built site, in Chromium.
//
//   node scripts/search-latency.mjs <built site folder> [query ...]
//
// Serves the folder on 127.0.0.1 (a plain static server, so galley's own work does not count),
// opens /search/ and types each query one letter at a time. For every keystroke it measures,
// inside the page, the time from the input event to the status line naming that query, which
// search.js writes once the results are in the list. The first letters of the first query also
// download the index's meta file and shards; the report separates that cold start. Prints the
// median, 95th percentile and maximum per query and over all keystrokes (with EACH=1, every
// keystroke's time too). A benchmark, not a test.

import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const [root, ...given] = process.argv.slice(2);
if (!root) {
  console.error('usage: node scripts/search-latency.mjs <built site folder> [query ...]');
  process.exit(2);
}
const queries = given.length ? given : ['revocation', 'data uri', 'base64 padding', 'cookieParser', 'tokne', 'session token storage'];

function serve(folder) {
  const server = http.createServer(async (req, res) => {
    try {
      let file = path.join(folder, decodeURIComponent(new URL(req.url, 'http://x').pathname));
      if (!file.startsWith(path.resolve(folder))) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} keystrokes)`;
}

const server = await serve(path.resolve(root));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/search/`);
  const all = [];
  let first = true;
  for (const query of queries) {
    const times = [];
    for (let n = 1; n <= query.length; n++) {
      const typed = query.slice(0, n);
      const ms = await page.evaluate(async (q) => {
        const input = document.getElementById('search-input');
        const status = document.getElementById('search-status');
        // search.js names the query once results are shown, or asks for a longer word.
        const named = () => status.textContent.includes(`“${q.trim()}”`) || status.textContent === 'Type a longer word.';
        const start = performance.now();
        input.value = q;
        input.dispatchEvent(new Event('input'));
        await new Promise((resolve) => {
          if (named()) { resolve(); return; }
          const seen = new MutationObserver(() => { if (named()) { seen.disconnect(); resolve(); } });
          seen.observe(status, { childList: true, characterData: true, subtree: true });
          setTimeout(() => { seen.disconnect(); resolve(); }, 5000);
        });
        return performance.now() - start;
      }, typed);
      times.push(ms);
    }
    if (first) console.log(`cold start (first keystrokes load the index): ${times.slice(0, 3).map((t) => t.toFixed(1)).join(', ')} ms`);
    first = false;
    console.log(`${JSON.stringify(query)}: ${stats(times)}`);
    if (process.env.EACH) console.log(`  each keystroke: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
    all.push(...times);
  }
  console.log(`all: ${stats(all)}`);
} finally {
  await browser.close();
  server.close();
}
