// A small static server for the release build on loopback, with the headers a
// production host sends (dist/headers.json, written by scripts/harden.mjs).
// Usage: node scripts/static.mjs [dist] [port]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 8080);
const rules = JSON.parse(await readFile(path.join(root, 'headers.json'), 'utf8'));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json',
};

createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
  if (rel.includes('..')) { res.writeHead(400).end(); return; }
  try {
    const data = await readFile(path.join(root, rel));
    const cache = rules.hashed.includes(rel) ? rules.immutable : rules.revalidate;
    res.writeHead(200, {
      ...rules.common, ...cache,
      'content-type': TYPES[path.extname(rel)] ?? 'application/octet-stream',
    });
    res.end(data);
  } catch { res.writeHead(404).end(); }
}).listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/`));
