/**
 * `npm start`: runs src/main.ts (or the entry given as the first argument)
 * from an esbuild bundle instead of through the tsx loader. Loading ~190
 * TypeScript modules plus their dependencies through tsx's resolve/load hooks
 * costs seconds of CPU; one pre-built ES module (dependencies left to Node's
 * own loader) loads in a fraction of that, which is what makes a second start
 * come up in well under 2 s.
 *
 * No stale builds: the bundle is keyed by a hash of every input file esbuild
 * read (from its metafile) plus tsconfig.json, package.json, this script and
 * the esbuild version; any change rebuilds it (~0.3 s) before starting. No
 * build step to remember: a fresh clone runs with `npm install && npm start`.
 * If the bundle cannot be built or written (e.g. a read-only node_modules),
 * the entry runs through tsx exactly as before.
 *
 * Source maps are written next to the bundle but not enabled by default:
 * enabling them makes Node read and parse every dependency's .map file at
 * load (~0.1-0.2 s). Stack traces name the bundle's lines, which carry
 * `// src/…` file markers; for .ts positions run with
 * NODE_OPTIONS=--enable-source-maps.
 *
 * The bundle lives in node_modules/.cache/storeloom/ so bare imports resolve
 * from the project's node_modules; data files are found from the project root
 * (src/lib/paths.ts), not relative to the module.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry =
  process.argv[2] && !process.argv[2].startsWith('-') ? process.argv.splice(2, 1)[0] : 'src/main.ts';
const entryAbs = path.resolve(root, entry);
const cacheDir = path.join(root, 'node_modules', '.cache', 'storeloom');
const base = path.join(cacheDir, entry.replace(/\.tsx?$/, '').replace(/[\\/]/g, '_'));
const bundle = `${base}.mjs`;
const manifestFile = `${base}.json`;
const FIXED_INPUTS = ['tsconfig.json', 'package.json', 'scripts/start.mjs'];

function hashInputs(inputs, esbuildVersion) {
  const h = createHash('sha256').update(`${esbuildVersion}\n${process.version}\n`);
  for (const rel of [...FIXED_INPUTS, ...inputs]) {
    h.update(`${rel}\n`);
    h.update(readFileSync(path.join(root, rel)));
  }
  return h.digest('hex');
}

function upToDate(esbuildVersion) {
  try {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8'));
    statSync(bundle);
    return m.hash === hashInputs(m.inputs, esbuildVersion);
  } catch {
    return false; // no bundle yet, or an input was deleted
  }
}

async function build(esbuild) {
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  const tmpDir = path.join(cacheDir, `tmp-${process.pid}`);
  const tmp = path.join(tmpDir, path.basename(bundle));
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/'));
  renameSync(`${tmp}.map`, `${bundle}.map`);
  renameSync(tmp, bundle);
  rmSync(tmpDir, { recursive: true, force: true });
  // An input edited while esbuild ran may not be in this bundle: run it, but
  // don't record it as current, so the next start rebuilds.
  const edited = inputs.some((f) => statSync(path.join(root, f)).mtimeMs >= started);
  if (!edited) {
    const manifest = JSON.stringify({ inputs, hash: hashInputs(inputs, esbuild.version) });
    writeFileSync(`${manifestFile}.${process.pid}.tmp`, manifest);
    renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
  }
}

let target = pathToFileURL(bundle).href;
try {
  const esbuild = await import('esbuild');
  if (!upToDate(esbuild.version)) await build(esbuild);
} catch (err) {
  process.stderr.write(
    `start: running ${entry} through tsx (no bundle: ${err instanceof Error ? err.message : String(err)})\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  target = pathToFileURL(entryAbs).href;
}
await import(target);
