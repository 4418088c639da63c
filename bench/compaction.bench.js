// Context compaction: the local compression of a 200,000-token history, how much it and the
// harder compression shrink it, the time of a summary through the fake model, and how long the
// event loop stalls while a summary is in progress. The TUI's keystroke-to-echo time during a
// summary cannot be measured without the TUI; the event-loop lag stands in for it, since a
// keystroke is echoed on the next turn of the same loop.
import path from 'node:path';
import {build} from 'esbuild';
import {startFakeModel} from '../fixtures/fake-model/server.js';
import {median, percentile} from './lib.js';

export const title = 'compaction';

const runs = 15;
const historyTokens = 200_000;
const window = 200_000;
const signal = new AbortController().signal;

/** Bundles the context layer (and the OpenAI provider) so plain Node can load it from TypeScript. */
async function loadContext(root) {
  const outfile = path.join(root, '.bench', 'context-bench.mjs');
  const contents = "export {Compactor} from './src/context/compactor.ts'; export {OpenAiProvider} from './src/llm/openai.ts'; export {messagesTokens} from './src/context/estimate.ts';";
  await build({stdin: {contents, resolveDir: root, loader: 'ts'}, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, loader: {'.md': 'text'}, packages: 'external', logLevel: 'warning'});
  return import(`${outfile}?${Date.now()}`);
}

/** A deterministic coding session: reads, searches and commands with outputs of mixed sizes. */
function session(targetTokens) {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const code = length => Array.from({length}, (_, line) => `  ${line}\tconst item${line} = await load("src/module-${line % 17}.ts", {retry: ${line % 5}});`).join('\n');
  const messages = [{role: 'user', content: 'Find out why the importer drops rows with a trailing comma and fix it; run the tests after.'}];
  let chars = 0;
  for (let index = 0; chars < targetTokens * 4; index++) {
    const tool = ['read_file', 'grep', 'bash'][index % 3];
    const input = tool === 'read_file' ? {path: `src/importer/part-${index}.ts`} : tool === 'grep' ? {pattern: `parseRow${index}`} : {command: `npm test -- importer-${index}`};
    const output = code(random() < 0.7 ? Math.floor(1 + random() * 8) : Math.floor(20 + random() * 80));
    messages.push({role: 'assistant', content: random() < 0.3 ? `Looking at step ${index} of the importer next.` : '', toolCalls: [{id: `call_${index}`, name: tool, arguments: JSON.stringify(input)}]});
    messages.push({role: 'tool', toolCallId: `call_${index}`, name: tool, content: output});
    chars += output.length + 120;
  }

  return messages;
}

function request(messages) {
  return {model: 'bench', system: 'You are a coding agent.', messages, tools: []};
}

async function measureLocal(lib, history) {
  const times = [];
  const everyday = [];
  const harder = [];
  for (let index = 0; index < runs; index++) {
    const fresh = structuredClone(history);
    const compactor = new lib.Compactor({provider: new lib.OpenAiProvider({baseUrl: 'http://127.0.0.1:9/v1', apiKey: undefined}), history: fresh, model: 'bench', contextWindow: window, debounceMs: 3_600_000});
    const started = performance.now();
    const shaped = await compactor.shape(request(fresh), signal);
    times.push(performance.now() - started);
    const event = shaped.events.find(item => item.type === 'compaction');
    everyday.push(event.tokensBefore / event.tokensAfter);
    const smaller = await compactor.shrink(request(fresh), signal);
    const hard = smaller.events.find(item => item.type === 'compaction');
    harder.push(event.tokensBefore / hard.tokensAfter);
    compactor.close();
  }

  return {times, everyday, harder};
}

/** Samples how late setImmediate callbacks run, every 2 ms, until `until` settles. */
async function loopLag(until) {
  const samples = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const start = performance.now();
    await new Promise(resolve => setImmediate(resolve));
    samples.push(performance.now() - start);
    await new Promise(resolve => setTimeout(resolve, 2));
  }

  return samples;
}

async function measureSummary(lib, history) {
  const text = 'Task: fix the importer. Done: read the parser. Next: run the tests.';
  const fake = await startFakeModel([], {summaryResponses: Array.from({length: runs * 2}, () => ({text, chunkSize: 16, tokenDelayMs: 2}))});
  const times = [];
  const lags = [];
  try {
    for (let index = 0; index < runs; index++) {
      const compactor = new lib.Compactor({provider: new lib.OpenAiProvider({baseUrl: fake.url, apiKey: undefined}), history: structuredClone(history), model: 'bench', contextWindow: window});
      const started = performance.now();
      const result = await compactor.compactNow(`run ${index}`);
      times.push(performance.now() - started);
      if (result.status !== 'ready') {
        throw new Error(result.message);
      }

      const other = new lib.Compactor({provider: new lib.OpenAiProvider({baseUrl: fake.url, apiKey: undefined}), history: structuredClone(history), model: 'bench', contextWindow: window});
      lags.push(...(await loopLag(other.compactNow(`lag ${index}`))));
    }
  } finally {
    await fake.close();
  }

  return {times, lags};
}

export async function run({root}) {
  const lib = await loadContext(root);
  const history = session(historyTokens);
  const tokens = lib.messagesTokens(history);
  const local = await measureLocal(lib, history);
  const summary = await measureSummary(lib, history);

  return [
    {metric: 'local compression, 200k-token history', median: median(local.times), unit: 'ms', target: '< 100', note: `${history.length} messages, ${tokens} estimated tokens, cold caches; p95 ${percentile(local.times, 95).toFixed(1)} ms`},
    {metric: 'compression ratio, everyday local', median: median(local.everyday), unit: '×', note: 'tokens before / after; tool outputs to notes, recent 30 % kept'},
    {metric: 'compression ratio, harder local', median: median(local.harder), unit: '×', note: 'after a context-length refusal: steps folded into one message'},
    {metric: 'summary time, 200k-token history', median: median(summary.times), unit: 'ms', note: 'fake model answering at once: alex\'s own share (transcript, request, stream); a real model adds its generation time'},
    {metric: 'event-loop lag during a summary', median: median(summary.lags), unit: 'ms', target: '< 50', note: `stands in for TUI keystroke-to-echo; p99 ${percentile(summary.lags, 99).toFixed(1)} ms, max ${Math.max(...summary.lags).toFixed(1)} ms over ${summary.lags.length} samples`},
  ];
}
