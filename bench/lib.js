// Shared measuring helpers for the bench files.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {build} from 'esbuild';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Runs a command and measures wall time, peak RSS and CPU time of the child, using GNU time's
 * format through /usr/bin/time when present, else wall time only.
 */
export function measureProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], ...options});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', data => (stdout += data));
    child.stderr.on('data', data => (stderr += data));
    child.stdin.end(options.input ?? '');
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({code, signal, wallMs, stdout, stderr});
    });
  });
}

/** Bundles src/session (from the checkout at `root`) into one module the benchmark can import. */
export async function sessionLibrary(root, scratch) {
  const outfile = path.join(scratch, 'session-lib.js');
  await build({entryPoints: [path.join(root, 'src/session/index.ts')], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning'});
  return import(outfile);
}

/** A realistic mix: a prompt, a reply with a tool call, its result, the answer. */
export function conversation(count) {
  const messages = [];
  for (let index = 0; messages.length < count; index++) {
    const id = `call_${index}`;
    messages.push({role: 'user', content: `Please look at module ${index} and fix the failing assertion in its tests.`});
    messages.push({role: 'assistant', content: 'Reading the file first.', toolCalls: [{id, name: 'read_file', arguments: JSON.stringify({path: `src/module-${index}.ts`})}]});
    messages.push({role: 'tool', toolCallId: id, name: 'read_file', content: `     1\texport function f${index}(x: number) {\n     2\t  return x * ${index};\n     3\t}\n`.repeat(3)});
    messages.push({role: 'assistant', content: `Fixed module ${index}: the multiplier was off by one.`});
  }

  return messages.slice(0, count);
}

export async function recordSession(lib, dataDir, count, directory) {
  const recorder = lib.startSession({dataDir, directory, model: 'gpt-4.1', provider: 'openai'});
  for (const message of conversation(count)) {
    recorder.handle({type: 'message', message});
  }

  await recorder.close({timeoutMs: 60_000});
  return recorder.id;
}
