// A tiny static file server for the browser tests: serves one folder on
// 127.0.0.1 at a random free port, with the site's Content-Security-Policy on
// every response, correct MIME types, the site's 404.html for unknown paths,
// and no way out of the folder.
//
//   import { startServer } from './server.mjs';
//   const server = await startServer('/tmp/site', { extra: { '/__e2e__/axe.min.js': '/path/axe.min.js' } });
//   server.url; // 'http://127.0.0.1:PORT'
//   await server.close();
//
// Run by hand: node tests/e2e/server.mjs <folder> [port]

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'self'; img-src 'self' data:";

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

export const FORBIDDEN = Symbol('forbidden');

/**
 * Maps a request path (still percent-encoded) to a file inside root.
 * Returns the file, null if there is none, or FORBIDDEN for a path that tries
 * to leave root (a ".." segment, a backslash, a NUL, bad encoding, or a
 * symlink pointing outside). "/dir/" and "/dir" serve "/dir/index.html".
 */
export async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return FORBIDDEN;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return FORBIDDEN;
  // Reject any ".." segment outright, rather than normalising it away.
  if (decoded.split('/').some((seg) => seg === '..')) return FORBIDDEN;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return FORBIDDEN;
  let real;
  try {
    real = await fs.realpath(full);
  } catch {
    return null;
  }
  const realRoot = await fs.realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return FORBIDDEN;
  if (await isFile(real)) return real;
  const index = path.join(real, 'index.html');
  if (await isFile(index)) return index;
  return null;
}

/**
 * Starts the server. options.extra maps request paths (exact match) to files
 * outside the folder, for test-only scripts such as axe-core.
 * options.headers adds or replaces response headers.
 * Resolves to {url, port, server, requests, close()}; requests logs every
 * {method, url, status}.
 */
export async function startServer(folder, { extra = {}, host = '127.0.0.1', port = 0, headers = {} } = {}) {
  const root = path.resolve(folder);
  const notFoundPage = path.join(root, '404.html');
  const requests = [];
  const base = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers };

  async function send(res, status, file, method) {
    const body = await fs.readFile(file);
    res.writeHead(status, { ...base, 'Content-Type': mimeType(file), 'Content-Length': body.length });
    res.end(method === 'HEAD' ? undefined : body);
  }

  const server = http.createServer(async (req, res) => {
    let status = 500;
    try {
      const url = new URL(req.url, 'http://localhost');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        status = 405;
        res.writeHead(405, { ...base, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed\n');
        return;
      }
      if (Object.prototype.hasOwnProperty.call(extra, url.pathname)) {
        status = 200;
        await send(res, 200, extra[url.pathname], req.method);
        return;
      }
      // Use the raw request target, not the WHATWG-normalised URL, so that
      // "/../" and "%2e%2e" are seen (and refused) rather than silently resolved.
      const rawPath = req.url.split(/[?#]/)[0];
      const file = await resolveFile(root, rawPath.startsWith('/') ? rawPath : url.pathname);
      if (file === FORBIDDEN) {
        status = 403;
        res.writeHead(403, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Forbidden\n');
        return;
      }
      if (file) {
        status = 200;
        await send(res, 200, file, req.method);
        return;
      }
      status = 404;
      if (await isFile(notFoundPage)) {
        await send(res, 404, notFoundPage, req.method);
      } else {
        res.writeHead(404, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      }
    } catch (e) {
      status = 500;
      if (!res.headersSent) res.writeHead(500, { ...base, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Server error: ${e && e.message}\n`);
    } finally {
      requests.push({ method: req.method, url: req.url, status });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// Command line use: serve a folder until interrupted.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node tests/e2e/server.mjs <folder> [port]');
    process.exit(2);
  }
  const s = await startServer(folder, { port: Number(process.argv[3] ?? 0) });
  console.log(`serving ${path.resolve(folder)} at ${s.url}/ (Ctrl+C to stop)`);
}
