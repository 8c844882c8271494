/**
 * `npm run bench -- <name>`: runs one benchmark (each prints its figures).
 * Add a bench by adding one entry below.
 */
const BENCHES: Record<string, () => Promise<unknown>> = {
  commerce: async () => (await import('./commerce.js')).runCommerceBench(),
  signup: async () => (await import('./signup.js')).runSignupBench(),
};

const name = process.argv[2];
const run = name ? BENCHES[name] : undefined;
if (!run) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
run().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `bench ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
