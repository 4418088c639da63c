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

/**
 * Yoga's wasm is inlined as a base64 data URL that Emscripten loads with `fetch`, which makes
 * Node load undici (about 20 ms and 6 MB at TUI start). Decoding it with Buffer is synchronous
 * and cheap. The build fails loudly if a yoga-layout update changes the loader.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({filter: /yoga-wasm-base64-esm\.js$/}, async args => {
      const source = await readFile(args.path, 'utf8');
      const target = 'function ya(){return w||';
      if (!source.includes(target)) {
        throw new Error(`yoga-without-fetch: "${target}" not found in ${args.path}; check the yoga-layout loader`);
      }

      return {contents: source.replace(target, 'function ya(){w=w||Buffer.from(H.slice(37),"base64");return w||'), loader: 'js'};
    });
  },
};

/** Ink prints only <Static> output when it thinks it runs in CI; the TUI only starts on a terminal, so it never is. */
const notInCi = {
  name: 'not-in-ci',
  setup(build) {
    build.onResolve({filter: /^is-in-ci$/}, () => ({path: 'is-in-ci', namespace: 'not-in-ci'}));
    build.onLoad({filter: /.*/, namespace: 'not-in-ci'}, () => ({contents: 'export default false;', loader: 'js'}));
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
  minify: process.env.ALEX_BUILD_MINIFY !== "0", // ALEX_BUILD_MINIFY=0 for readable profiles
  metafile: true,
  legalComments: 'none',
  loader: {'.md': 'text'},
  jsx: 'automatic',
  define: {ALEX_VERSION: JSON.stringify(packageJson.version), 'process.env.NODE_ENV': '"production"'},
  external: ['@vscode/ripgrep'],
  plugins: [stubDevtools, yogaWithoutFetch, notInCi],
  banner: {js: "import {createRequire as __alexRequire} from 'node:module';const require=__alexRequire(import.meta.url);"},
  logLevel: 'warning',
});

if (process.argv.includes('--analyze')) {
  const {analyzeMetafile} = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
