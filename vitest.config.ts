import {defineConfig} from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      name: 'markdown-as-text',
      transform(code, id) {
        return id.endsWith('.md') ? {code: `export default ${JSON.stringify(code)};`, map: null} : undefined;
      },
    },
  ],
  define: {ALEX_VERSION: '"test"'},
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', ['json', {outputFile: 'reports/vitest.json'}]],
  },
});
