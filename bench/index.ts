/**
 * `npm run bench -- <name>`: runs bench/<name>.ts (each prints its figures);
 * with no name, runs every registered bench in sequence.
 * Add a bench by adding one entry below.
 */
const BENCHES: Record<string, () => Promise<unknown>> = {
  commerce: async () => (await import('./commerce.js')).runCommerceBench(),
  signup: async () => (await import('./signup.js')).runSignupBench(),
  rls: async () => (await import('./rls.js')).runRlsBench(),
  pricing: async () => (await import('./pricing.js')).runPricingBench(),
  restock: async () => (await import('./restock.js')).runRestockBench(),
  scale: async () => (await import('./scale.js')).runScaleBench(),
  'scale-statements': async () => (await import('./scale-statements.js')).runScaleStatementsBench(),
  recommendations: async () => (await import('./recommendations.js')).runRecommendationsBench(),
  'rebuild-round': async () => (await import('./rebuild-round.js')).runRebuildRoundBench(),
  reviews: async () => (await import('./reviews.js')).runReviewsBench(),
  'storefront-pages': async () => (await import('./storefront-pages.js')).runStorefrontPagesBench(),
  admin: async () => (await import('./admin.js')).runAdminBench(),
  'storefront-cache': async () => (await import('./storefront-cache.js')).runStorefrontCacheBench(),
  readyz: async () => (await import('./readyz.js')).runReadyzBench(),
  'storefront-cache-notify': async () => (await import('./storefront-cache.js')).runNotifyCostBench(),
};

const name = process.argv[2];
const names = name ? [name] : Object.keys(BENCHES);
if (names.some((n) => !BENCHES[n])) {
  process.stderr.write(`usage: npm run bench -- [${Object.keys(BENCHES).join('|')}]\n`);
  process.exit(2);
}
const run = async () => {
  for (const n of names) {
    if (names.length > 1) process.stdout.write(`\n== bench ${n}\n`);
    await BENCHES[n]!();
  }
};
run().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `bench ${name ?? names.join(', ')} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
