// Every generated .html file passes the Nu Html Checker (vnu-jar, run with
// the machine's Java) with zero errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { siteDir, htmlPages } from './helpers.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const JAVA = process.env.JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

test('every generated HTML file passes the Nu Html Checker with zero errors', () => {
  assert.ok(fs.existsSync(VNU_JAR), `${VNU_JAR} is missing: run npm ci`);
  const dir = siteDir();
  const files = htmlPages(dir);
  assert.ok(files.length >= 10, `only ${files.length} HTML files in ${dir}`);

  const r = spawnSync(JAVA, ['-Xss2m', '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) assert.fail(`cannot run ${JAVA}: ${r.error.message} (install a Java runtime, e.g. apt-get install -y default-jre-headless)`);
  // vnu writes its JSON report to stderr; exit 1 means errors were found.
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    assert.fail(`vnu exited ${r.status} without a JSON report:\n${r.stdout}\n${r.stderr}`);
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
  const lines = errors.map((m) => {
    const file = m.url ? path.relative(dir, new URL(m.url).pathname) : '(no file)';
    const where = m.lastLine ? `:${m.firstLine ?? m.lastLine}.${m.firstColumn ?? m.lastColumn}` : '';
    const extract = m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}]` : '';
    return `${file}${where}: ${m.message}${extract}`;
  });
  // Group identical messages so a template bug repeated on every page reads as one problem.
  const byMessage = new Map();
  for (const m of errors) {
    const file = m.url ? path.relative(dir, new URL(m.url).pathname) : '(no file)';
    if (!byMessage.has(m.message)) byMessage.set(m.message, []);
    byMessage.get(m.message).push(file);
  }
  const summary = [...byMessage].map(([msg, fs_]) => `${msg}\n      in ${fs_.length} file(s): ${[...new Set(fs_)].join(', ')}`);
  if (errors.length) console.log(`vnu: ${errors.length} error(s) in ${dir}:\n  ${lines.join('\n  ')}`);
  assert.equal(errors.length, 0, `Nu Html Checker errors, grouped:\n  - ${summary.join('\n  - ')}`);
  assert.equal(r.status, 0, `vnu exited ${r.status}:\n${r.stderr}`);
});
