/** Dependency direction from STYLE.md, enforced in CI (`npm run depcheck`). */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'shared-packages-import-no-apps',
      comment: 'packages/domain and packages/contracts are pure and shared: they never import an app.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-nothing-but-itself',
      severity: 'error',
      from: { path: '^packages/domain/' },
      to: { path: '^packages/contracts/' },
    },
    {
      name: 'web-never-imports-server',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'platform-never-imports-modules',
      severity: 'error',
      from: { path: '^apps/server/src/platform/' },
      to: { path: '^apps/server/src/modules/' },
    },
    {
      name: 'db-below-modules-and-seed',
      comment: 'db/ (schema and migrations) sits under the features: it never imports modules/ or seed/.',
      severity: 'error',
      from: { path: '^apps/server/src/db/' },
      to: { path: '^apps/server/src/(modules|seed)/' },
    },
    {
      name: 'seed-above-modules',
      comment:
        'The seed and the demo data set (seed/, beside main.ts) sit above the features: no module or platform file imports them (tests may use the demo generators).',
      severity: 'error',
      from: { path: '^apps/server/src/(modules|platform)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^apps/server/src/seed/' },
    },
    {
      name: 'seed-uses-modules-through-index',
      comment: 'Like a feature, the seed uses a feature only through its index.ts.',
      severity: 'error',
      from: { path: '^apps/server/src/seed/' },
      to: { path: '^apps/server/src/modules/[^/]+/', pathNot: '^apps/server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-only-through-index',
      comment: 'A feature uses another only through its index.ts.',
      severity: 'error',
      from: { path: '^apps/server/src/modules/([^/]+)/' },
      to: {
        path: '^apps/server/src/modules/([^/]+)/',
        pathNot: ['^apps/server/src/modules/$1/', '^apps/server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'index-exports-no-repository',
      comment:
        "routes -> service -> repository without seams: a feature's index.ts exports service verbs, never its repository " +
        'functions (row types may pass) (issue 16 item 4).',
      severity: 'error',
      from: { path: '^apps/server/src/modules/([^/]+)/index\\.ts$' },
      to: { path: '^apps/server/src/modules/$1/[^/]+\\.repository\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-only-in-repositories',
      comment:
        "All SQL lives in repositories (STYLE.md): a feature's services, jobs and other files import Kysely for its " +
        'types only (issue 16 item 4).',
      severity: 'error',
      from: { path: '^apps/server/src/modules/', pathNot: ['\\.repository\\.ts$', '\\.test\\.ts$'] },
      to: { path: ['^kysely$', 'node_modules/kysely/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-never-touch-sql',
      comment: 'routes -> service -> repository: a routes file never imports a repository or the database.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repository\\.ts$', '^apps/server/src/platform/database', '^kysely$', 'node_modules/kysely/'] },
    },
    {
      name: 'web-features-independent',
      comment: 'In the web, features do not import each other.',
      severity: 'error',
      from: { path: '^apps/web/src/features/([^/]+)/' },
      to: { path: '^apps/web/src/features/([^/]+)/', pathNot: '^apps/web/src/features/$1/' },
    },
    {
      name: 'web-components-lib-below-features',
      severity: 'error',
      from: { path: '^apps/web/src/(components|lib)/' },
      to: { path: '^apps/web/src/(features|app)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Packages stay in the graph as leaves (doNotFollow), so rules on them (kysely) can fire; only our builds are left out.
    exclude: { path: ['^dist/', '^(apps|packages)/[a-z]+/dist/', '^(e2e|bench)/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'default'],
    },
  },
};
