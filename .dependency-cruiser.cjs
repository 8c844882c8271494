/**
 * Which way the arrows point (issue #10, /work/shared/STYLE.md): an import may
 * only point down the layers
 *
 *   src/lib (plumbing) ← src/modules/<domain> ← src/flows ← surfaces
 *   (src/http middleware, src/web pages, workers/, src/app.ts, src/main.ts)
 *
 * `npm run lint` runs this with zero violations allowed; fix the code, never
 * widen a rule. `npm run lint:layers` runs it alone.
 */
/** Everything above the modules: flows and the surfaces. */
const ABOVE_MODULES = ['^src/flows/', '^src/http/', '^src/web/', '^workers/', '^src/app\\.ts$', '^src/main\\.ts$', '^src/boot\\.ts$'];
/** Surfaces only (what flows must not import). */
const SURFACES = ['^src/http/', '^src/web/', '^workers/', '^src/app\\.ts$', '^src/main\\.ts$', '^src/boot\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-is-plumbing',
      severity: 'error',
      comment: 'src/lib is plumbing: it imports no module, flow or surface. Pass what it needs in as a parameter.',
      from: { path: '^src/lib/' },
      to: { path: ['^src/modules/', ...ABOVE_MODULES] },
    },
    {
      name: 'modules-stay-below-flows',
      severity: 'error',
      comment:
        'A module imports no flow, http middleware, page or worker. Move the orchestration into src/flows or invert the dependency (the surface renders, the module returns data).',
      from: { path: '^src/modules/' },
      to: { path: ABOVE_MODULES },
    },
    {
      name: 'flows-stay-below-surfaces',
      severity: 'error',
      comment: 'A flow imports no http middleware, page or worker.',
      from: { path: '^src/flows/' },
      to: { path: SURFACES },
    },
    {
      name: 'http-is-not-a-page',
      severity: 'error',
      comment: 'src/http (middleware that knows sessions, sites, roles) sits beside pages and workers, not above them.',
      from: { path: '^src/http/' },
      to: { path: ['^src/web/', '^workers/'] },
    },
    {
      name: 'no-module-folder-cycles',
      severity: 'error',
      comment:
        'Two domains never import each other both ways (not even through a third): extract the shared type into the lower one, or move the work into a flow.',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment: 'No import cycles between files, anywhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|tests|migrations)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
