// Builds the dashboards UI: src/main.js → app.js (+ map), and copies index.html, app.css and favicon.svg.
// Output directory: $UI_OUT, default ../target/classes/ui (served by the dashboards server at /ui/).
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// UI_OUT is taken relative to the working directory (npm runs scripts in this folder); the default is relative to it too.
const out = process.env.UI_OUT ? resolve(process.cwd(), process.env.UI_OUT) : resolve(here, '../target/classes/ui');
const FILES = ['index.html', 'app.js', 'app.js.map', 'app.css', 'favicon.svg'];

await mkdir(out, { recursive: true });
// Remove only what this build writes (never the whole directory: UI_OUT could point anywhere).
await Promise.all(FILES.map((f) => rm(resolve(out, f), { force: true })));

const result = await build({
  entryPoints: [resolve(here, 'src/main.js')],
  outfile: resolve(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
});

for (const f of ['index.html', 'app.css', 'favicon.svg']) {
  await copyFile(resolve(here, 'public', f), resolve(out, f));
}

const bytes = Object.entries(result.metafile.outputs)
  .map(([file, o]) => `${file.split('/').pop()} ${(o.bytes / 1024).toFixed(0)} KiB`).join(', ');
console.log(`UI built in ${out}: ${bytes}, index.html, app.css, favicon.svg`);
