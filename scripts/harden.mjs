// Hardens a release dist/ for a static host (run by scripts/build.sh after
// `trunk build --release`):
//  - refuses a dev build (Trunk's live-reload script) so it can never be deployed;
//  - drops the `integrity` attribute Chrome ignores on the wasm preload (I10);
//  - writes a Content-Security-Policy <meta> tag with the sha256 of every inline
//    script (Trunk's module loader names the hashed files, so its hash changes
//    with every build), for hosts that cannot set headers (GitHub Pages);
//  - writes dist/_headers (Netlify / Cloudflare Pages form) with the full header
//    set, and dist/headers.json (the same set, for other servers and the tests).
// The policy lives here only. Usage: node scripts/harden.mjs [dist]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dist = process.argv[2] ?? 'dist';
const indexPath = path.join(dist, 'index.html');
let html = readFileSync(indexPath, 'utf8');

if (/__TRUNK_ADDRESS__|__trunk_|\/\.well-known\/trunk\/ws/.test(html)) {
  console.error(`${indexPath} is a development build (it holds Trunk's live-reload script). Run scripts/build.sh.`);
  process.exit(1);
}

// Trunk's `minify` writes attributes unquoted or quoted: read either.
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}=(?:"([^"]*)"|([^\\s>]+))`))?.slice(1).find((v) => v !== undefined);
const dropAttr = (tag, name) => tag.replace(new RegExp(`\\s${name}=(?:"[^"]*"|[^\\s>]+)`), '');
const setAttr = (tag, name, value) => tag.replace(new RegExp(`(\\s${name}=)(?:"[^"]*"|[^\\s>]+)`), `$1"${value}"`);

// Size (issue 12): Trunk's minifier fails on the wasm-bindgen glue, so it is
// minified here (terser: 50.8 -> 23.4 KB raw, -1.8 KB brotli) and its
// modulepreload integrity is recomputed. The file name keeps Trunk's hash of
// the unminified glue, which still changes whenever the glue does.
let glueTag;
for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
  if (attr(tag, 'rel') === 'modulepreload' && /\.js$/.test(attr(tag, 'href') ?? '')) glueTag = tag;
}
if (!glueTag) {
  console.error(`${indexPath}: no modulepreload of the wasm-bindgen glue found`);
  process.exit(1);
}
{
  const { minify } = await import('terser');
  const gluePath = path.join(dist, attr(glueTag, 'href'));
  const source = readFileSync(gluePath, 'utf8');
  // Already minified (harden run twice): leave it.
  if (source.includes('\n')) {
    const out = await minify(source, { module: true, compress: true, mangle: true });
    writeFileSync(gluePath, out.code);
  }
  const sri = `sha384-${createHash('sha384').update(readFileSync(gluePath)).digest('base64')}`;
  html = html.replace(glueTag, setAttr(glueTag, 'integrity', sri));
}

// Security I10: Chrome ignores `integrity` on a preload whose destination
// cannot carry it (the wasm, as="fetch") and warns in the console. Dropped
// there only; the module preload and the stylesheet keep theirs. The inline
// loader is not touched, so its hash below stays right.
const isWasmPreload = (tag) => attr(tag, 'rel') === 'preload' && /\.wasm$/.test(attr(tag, 'href') ?? '');
html = html.replace(/<link\b[^>]*>/g, (tag) => (isWasmPreload(tag) ? dropAttr(tag, 'integrity') : tag));
if ((html.match(/<link\b[^>]*>/g) ?? []).some((tag) => isWasmPreload(tag) && attr(tag, 'integrity') !== undefined)) {
  console.error(`${indexPath}: could not drop the integrity attribute of the wasm preload`);
  process.exit(1);
}

// Every inline <script> (no src): its exact text, hashed as the browser does.
const hashes = [];
for (const m of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) {
  console.error(`${indexPath}: no inline loader found; is this a Trunk build?`);
  process.exit(1);
}

// connect-src: the page itself (its wasm), the real API, any https custom
// endpoint (a gateway), and plain http on loopback only (a local proxy or the
// mock). No third-party origin anywhere else.
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  'img-src data:',
  "connect-src 'self' https://api.anthropic.com https: http://localhost:* http://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
];
// frame-ancestors only works as a header (a meta tag with it logs an error).
const headerPolicy = [...policy, "frame-ancestors 'none'"].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.join('; ')}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace(/(<meta charset="?utf-8"?\/?>)/i, `$1${meta}`);
if (!html.includes(meta)) {
  console.error(`${indexPath}: no <meta charset=utf-8> to put the policy after`);
  process.exit(1);
}
writeFileSync(indexPath, html);

const common = {
  'Content-Security-Policy': headerPolicy,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), clipboard-write=(self)',
};
// index.html (and anything unhashed) is revalidated on every load; files whose
// names carry Trunk's content hash never change.
// Trunk writes its content hash as unpadded hex: a hash may have fewer than 16 digits.
const hashed = readdirSync(dist).filter((f) => /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/.test(f));
const rules = {
  common,
  revalidate: { 'Cache-Control': 'no-cache' },
  immutable: { 'Cache-Control': 'public, max-age=31536000, immutable' },
  hashed,
};
writeFileSync(path.join(dist, 'headers.json'), JSON.stringify(rules, null, 2) + '\n');

const block = (p, h) => `${p}\n${Object.entries(h).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;
const headersFile = [
  '# Netlify / Cloudflare Pages headers for Session Doctor (written by scripts/harden.mjs).',
  '# Paths assume the site root; under a sub-path, prefix them (see docs/hosting.md).',
  // Hosts join a header set by two matching rules with a comma, so
  // Cache-Control is set per path, never under /*.
  block('/*', common),
  block('/', rules.revalidate),
  block('/index.html', rules.revalidate),
  block('/boot.js', rules.revalidate),
  ...hashed.map((f) => block(`/${f}`, rules.immutable)),
].join('\n');
writeFileSync(path.join(dist, '_headers'), headersFile);
console.log(`harden: CSP meta with ${hashes.length} script hash(es); _headers and headers.json written; ${hashed.length} immutable files`);
