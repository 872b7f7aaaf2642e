// `pnpm --filter @klub/web bundle-size` (after a build): what the first load of the back office
// costs, gzipped, against the budget (shell + dashboard ≤ 250 KB of JavaScript), and
// the largest lazy chunks (routes load their own).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const gz = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** A chunk and everything it imports statically. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
// The dashboard's route chunk (its chart, Recharts, is a lazy chunk of its own, listed below).
const dashboard = Object.keys(manifest).find((k) => k.includes('resources/dashboard/page'));
const first = closure(dashboard, closure(entry));
const js = [...first].map((k) => manifest[k].file);
const css = [...first].flatMap((k) => manifest[k].css ?? []);
const jsBytes = js.reduce((sum, f) => sum + gz(f), 0);
const cssBytes = [...new Set(css)].reduce((sum, f) => sum + gz(f), 0);

console.log(
  `first load (shell + dashboard): JavaScript ${kb(jsBytes)} gzipped in ${js.length} files, CSS ${kb(cssBytes)} gzipped`,
);
console.log(`budget: JavaScript ≤ 250 KB gzipped: ${jsBytes <= 250 * 1024 ? 'within' : 'OVER'}`);
const lazy = Object.entries(manifest)
  .filter(([k, c]) => c.isDynamicEntry && !first.has(k))
  .map(([k, c]) => [k, [...closure(k)].filter((d) => !first.has(d)).reduce((s, d) => s + gz(manifest[d].file), 0)])
  .sort((a, b) => b[1] - a[1]);
for (const [k, bytes] of lazy) console.log(`  lazy ${k}: +${kb(bytes)} gzipped (with the chunks it alone needs)`);
