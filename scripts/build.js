// Bundles alex into dist/: one entry file, with the code only some runs need (the TUI, MCP,
// the second provider) in chunks loaded by dynamic import.
import {readFile, rm} from 'node:fs/promises';
import {build} from 'esbuild';

const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/** Ink imports react-devtools-core only when DEV is set; the bundle gets an empty module instead. */
const stubDevtools = {
  name: 'stub-react-devtools',
  setup(build) {
    build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
    build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
  },
};

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
const result = await build({
  entryPoints: {alex: 'src/cli/index.ts'},
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  metafile: true,
  legalComments: 'none',
  loader: {'.md': 'text'},
  jsx: 'automatic',
  define: {ALEX_VERSION: JSON.stringify(packageJson.version), 'process.env.NODE_ENV': '"production"'},
  external: ['@vscode/ripgrep'],
  plugins: [stubDevtools],
  banner: {js: "import {createRequire as __alexRequire} from 'node:module';const require=__alexRequire(import.meta.url);"},
  logLevel: 'warning',
});

if (process.argv.includes('--analyze')) {
  const {analyzeMetafile} = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
