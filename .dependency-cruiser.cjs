/**
 * `pnpm lint:cycles`: no import cycles in the source of any app or package (issue 16 §3).
 * Package-level cycles cannot happen: turbo refuses a workspace whose package graph has one.
 *
 * The graph is the one that runs: `import type` is erased by the compiler, so a type-only
 * reference back up the layers (a middleware naming the tRPC `Context`) loads nothing and is
 * not a cycle here.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle. Move what both sides need into a module that imports neither, ' +
        'or let the lower module receive it as an argument.',
      from: {},
      to: {
        circular: true,
        // MikroORM's bidirectional relations: an entity and its inverse side import each other and
        // reach each other lazily (`() => p.manyToOne(Profile)`), MikroORM's documented pattern
        // for defineEntity (STYLE.md: "import cycles stay harmless"). A cycle that leaves the
        // entities folder is still an error.
        via: { pathNot: '^packages/db/src/entities/[^/]+[.]ts$' },
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: false,
  },
};
