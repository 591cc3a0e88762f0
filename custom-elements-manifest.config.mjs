// Used by `cem analyze` (npm run analyze); the manifest documents the public elements only.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  litelement: true,
  // Never rewrite package.json (the freshness test analyses into a scratch folder).
  packagejson: false,
  plugins: [
    {
      // cem lists modules in the order its file reads finish, which varies from run to run.
      name: 'sort-modules-by-path',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
