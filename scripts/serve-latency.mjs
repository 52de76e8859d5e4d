// How fast `galley serve` follows an edit: starts `galley serve` on a site, edits articles one
// line at a time and times, for each edit, the write → `/__galley/version` changed, the write →
// the edited page served with the new line, and the write → the full rebuild done. Prints the
// median, 95th percentile and maximum of each, and the server's peak RSS.
//
//   node scripts/serve-latency.mjs <galley binary> <site folder> [edits (20)]
//
// The articles are restored when it ends. Edits are spaced by the full rebuild (the next edit
// waits for "built in" on stderr), as an author's saves are.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [bin, site, editsArg] = process.argv.slice(2);
if (!bin || !site) {
  console.error('usage: node scripts/serve-latency.mjs <galley binary> <site folder> [edits]');
  process.exit(2);
}
const EDITS = Number(editsArg || 20);

/** Every article's Markdown file and URL path, from its slug or file name. */
function articles(root) {
  const dir = path.join(root, 'content', 'articles');
  const out = [];
  for (const name of fs.readdirSync(dir).sort()) {
    let file = path.join(dir, name);
    let stem = name.replace(/\.md$/, '');
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.md');
    else if (!name.endsWith('.md')) continue;
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (/^draft:\s*true/m.test(text)) continue;
    const slug = text.match(/^slug:\s*"?([^"\n]+)"?\s*$/m)?.[1] ?? stem;
    out.push({ file, url: `/articles/${slug}/`, text });
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const show = (name, xs) =>
  console.log(`${name.padEnd(34)} median ${percentile(xs, 50).toFixed(0).padStart(5)} ms   ` +
    `p95 ${percentile(xs, 95).toFixed(0).padStart(5)} ms   max ${Math.max(...xs).toFixed(0).padStart(5)} ms`);

const all = articles(site);
const picked = Array.from({ length: Math.min(5, all.length) }, (_, i) => all[Math.floor((i * all.length) / 5)]);
const server = spawn(bin, ['serve', '--port', '0', '--root', site], { stdio: ['ignore', 'pipe', 'pipe'] });
let url = null;
let builds = 0;
let log = '';
server.stdout.on('data', (d) => {
  const m = String(d).match(/serving (http:\/\/\S+?)\/? /);
  if (m) url = m[1];
});
server.stderr.on('data', (d) => {
  log += d;
  builds += (String(d).match(/^built in /gm) || []).length;
});
const restore = () => { for (const a of picked) fs.writeFileSync(a.file, a.text); };
process.on('exit', () => { restore(); server.kill('SIGKILL'); });

const started = Date.now();
while (!url) {
  if (server.exitCode !== null) throw new Error(`serve exited:\n${log}`);
  await sleep(50);
}
console.log(`first build served after ${((Date.now() - started) / 1000).toFixed(1)} s (${all.length} articles)`);
const text = async (p) => (await fetch(url + p, { cache: 'no-store' })).text();

const version = [], page = [], full = [];
for (let n = 0; n < EDITS; n++) {
  const a = picked[n % picked.length];
  const marker = `serve-latency edit ${n} ${Date.now()}`;
  const v0 = await text('/__galley/version');
  const b0 = builds;
  const t0 = performance.now();
  fs.writeFileSync(a.file, `${a.text}\n${marker}\n`);
  // Version and page are polled by two loops, so a slow page fetch does not delay noticing
  // the version.
  const deadline = () => {
    if (performance.now() - t0 > 60000) throw new Error(`edit ${n}: nothing after 60 s\n${log.slice(-2000)}`);
  };
  const until = async (done) => {
    while (!(await done())) { deadline(); await sleep(1); }
    return performance.now() - t0;
  };
  const [tv, tp] = await Promise.all([
    until(async () => (await text('/__galley/version')) !== v0),
    until(async () => (await text(a.url)).includes(marker)),
  ]);
  await until(async () => builds !== b0);
  full.push(performance.now() - t0);
  version.push(tv);
  page.push(tp);
  fs.writeFileSync(a.file, a.text);
  // The restore is an edit too: let its rebuild finish before the next one.
  // A bounded wait: when an edit's save came as two rebuilds, the restore may have been
  // built by the second, and no further one follows.
  const b1 = builds;
  const restored = performance.now();
  while (builds === b1 && performance.now() - restored < 30000) await sleep(20);
}
const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
const hwm = status.match(/VmHWM:\s+(\d+) kB/)?.[1];
const rss = status.match(/VmRSS:\s+(\d+) kB/)?.[1];
show('write → version changed', version);
show('write → edited page served', page);
show('write → full rebuild done', full);
console.log(`server memory: peak RSS ${(hwm / 1024).toFixed(0)} MB, now ${(rss / 1024).toFixed(0)} MB`);
const firsts = [...log.matchAll(/^pages? updated in (\d+) ms/gm)].map((m) => Number(m[1]));
console.log(`previews published: ${firsts.length} of ${EDITS * 2} edits (restores included)` +
  (firsts.length ? `, rendered in median ${percentile(firsts, 50)} ms, max ${Math.max(...firsts)} ms` : ''));
