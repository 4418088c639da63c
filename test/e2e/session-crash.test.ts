import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {runAlex} from '../helpers/run-alex.js';
import {transcriptFiles, transcriptRecords} from '../helpers/sessions.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let repo: TempRepo | undefined;
let models: FakeModel[] = [];

afterEach(async () => {
  await Promise.all(models.map(model => model.close()));
  models = [];
  repo?.cleanup();
  repo = undefined;
});

type Message = {role: string; content: string | null; tool_calls?: Array<{id: string}>; tool_call_id?: string};

/** Every tool call in a request is answered by a tool result before the next assistant or user message. */
function expectValidConversation(messages: Message[]): void {
  const open = new Set<string>();
  for (const message of messages) {
    if (message.role === 'tool') {
      expect(open.delete(message.tool_call_id!)).toBe(true);
      continue;
    }

    expect([...open]).toEqual([]);
    for (const call of message.tool_calls ?? []) {
      open.add(call.id);
    }
  }
}

/** The prompts of a request each followed, before the next prompt, by a final text answer. */
function answeredPrompts(messages: Message[]): string[] {
  const answered: string[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user') {
      continue;
    }

    const rest = messages.slice(index + 1);
    const next = rest.findIndex(item => item.role === 'user');
    const turn = next === -1 ? rest : rest.slice(0, next);
    if (turn.some(item => item.role === 'assistant' && !item.tool_calls && item.content === 'Finished the step.')) {
      answered.push(message.content!);
    }
  }

  return answered;
}

/** When a round kills its run: during the tool, while the answer streams, the moment the result is printed, at any time, or never. */
type Moment = 'mid-tool' | 'mid-stream' | 'at-result' | 'any time' | 'never';

const moments: Moment[] = ['mid-tool', 'mid-stream', 'at-result', 'any time', 'never'];

/** Where a run was when it was killed, told by the last stream-json line it had printed. */
function phaseAfter(line: Record<string, any> | undefined): string {
  if (!line) {
    return 'starting';
  }

  if (line.type === 'system') {
    return 'first request';
  }

  if (line.type === 'assistant') {
    return line.message.content.some((block: {type: string}) => block.type === 'tool_use') ? 'mid-tool' : 'answer printed';
  }

  return line.type === 'user' ? 'mid-stream' : 'at-result';
}

/** Calls `onLine` with each stream-json line of `stream` as soon as it is printed. */
function onLines(stream: NodeJS.ReadableStream, onLine: (line: Record<string, any>) => void): void {
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const line of lines.filter(text => text.startsWith('{'))) {
      onLine(JSON.parse(line) as Record<string, any>);
    }
  });
}

const step = [
  {toolCalls: [{name: 'bash', arguments: {command: 'sleep 0.3; echo tool output'}}], tokenDelayMs: 5},
  {text: 'Finished the step.', chunkSize: 1, tokenDelayMs: 25},
];

type Round = {completed: boolean; sessionId: string | undefined; killedAt: string | undefined};

/**
 * Runs alex once and SIGKILLs it at `moment`. The turn counts as completed once its result line
 * is printed: headless prints it only after the turn is on disk, so a kill right then loses nothing.
 */
async function killRound(args: string[], options: {cwd: string; home: string}, moment: Moment): Promise<Round> {
  // A model per run, so that every run gets its tool call and then its answer.
  const model = await startFakeModel(step);
  models.push(model);
  const child = runAlex(args, {...options, baseUrl: model.url});
  const seen: Array<Record<string, any>> = [];
  let killedAt: string | undefined;
  let exited = false;
  const kill = () => {
    if (!exited && killedAt === undefined) {
      killedAt = phaseAfter(seen.at(-1));
      child.kill('SIGKILL');
    }
  };

  onLines(child.stdout!, line => {
    seen.push(line);
    if (moment === 'at-result' && line.type === 'result') {
      kill();
    } else if (moment === 'mid-tool' && phaseAfter(line) === 'mid-tool') {
      setTimeout(kill, Math.random() * 250);
    } else if (moment === 'mid-stream' && line.type === 'user') {
      setTimeout(kill, 50 + Math.random() * 350);
    }
  });
  if (moment === 'any time') {
    setTimeout(kill, 50 + Math.random() * 1500);
  }

  await child;
  exited = true;
  const completed = seen.some(line => line.type === 'result' && line.subtype === 'success');

  return {completed, sessionId: seen[0]?.session_id as string | undefined, killedAt};
}

describe('sessions under crashes and concurrency', () => {
  it('keeps every turn whose result was printed when runs are killed with SIGKILL mid-tool, mid-stream and at the result', {timeout: 120_000}, async ({annotate}) => {
    repo = tempRepo();
    const options = {cwd: repo.dir, home: repo.home};
    const first = await killRound(['--yolo', '--output-format', 'stream-json', 'chain 0'], options, 'never');
    const chain = first.sessionId!;
    const completedChain = ['chain 0'];
    const completedSolo = new Map<string, string>();
    const hits = new Map<string, number>();
    for (let index = 1; index <= 20; index++) {
      const onChain = index % 2 === 0;
      const prompt = onChain ? `chain ${index}` : `solo ${index}`;
      const args = [...(onChain ? ['-r', chain] : []), '--yolo', '--output-format', 'stream-json', prompt];
      const round = await killRound(args, options, moments[index % moments.length]!);
      const hit = round.killedAt ?? 'not killed';
      hits.set(hit, (hits.get(hit) ?? 0) + 1);
      if (round.completed && onChain) {
        completedChain.push(prompt);
      } else if (round.completed) {
        completedSolo.set(round.sessionId!, prompt);
      }
    }

    await annotate(`killed at: ${JSON.stringify(Object.fromEntries(hits))}`);
    expect([...hits.keys()]).toEqual(expect.arrayContaining(['mid-tool', 'mid-stream', 'at-result', 'not killed']));
    const listed = JSON.parse((await runAlex(['sessions', 'list', '--all', '--json'], options)).stdout) as Array<{id: string; damaged?: string}>;
    expect(listed.map(item => `${item.id}.jsonl`).sort()).toEqual(transcriptFiles(repo.home).sort());
    expect(listed.filter(item => item.damaged)).toEqual([]);
    for (const [id, prompt] of completedSolo) {
      const records = transcriptRecords(repo.home, id);
      const messages = records.filter(record => record.type === 'message');
      expect(messages[0]!.message.content).toBe(prompt);
      expect(messages.at(-1)!.message.content).toBe('Finished the step.');
      expect(records.at(-1)).toMatchObject({type: 'turn_end', reason: 'end'});
    }

    const final = await startFakeModel([{text: 'Finished the step.'}]);
    models.push(final);
    expect((await runAlex(['-r', chain, '--yolo', 'final'], {...options, baseUrl: final.url})).exitCode).toBe(0);
    const resumedRequest = final.requests[0]!.body as {messages: Message[]};
    expectValidConversation(resumedRequest.messages);
    const answered = answeredPrompts(resumedRequest.messages);
    for (const prompt of completedChain) {
      expect(answered).toContain(prompt);
    }
  });

  it('loses nothing when 16 runs share one ALEX_HOME at once', {timeout: 60_000}, async () => {
    repo = tempRepo({'a.txt': 'alpha\n'});
    const script = [{toolCalls: [{name: 'read_file', arguments: {path: 'a.txt'}}], tokenDelayMs: 2}, {text: 'Read it.', tokenDelayMs: 2}];
    // One fake model per run, so that each run gets its tool call and its answer in order.
    models = await Promise.all(Array.from({length: 16}, () => startFakeModel(script)));
    const options = {cwd: repo.dir, home: repo.home};
    const runs = await Promise.all(models.map((model, index) => runAlex(['--output-format', 'json', `run ${index}`], {...options, baseUrl: model.url})));

    const ids = runs.map(run => JSON.parse(run.stdout).session_id as string);
    const listed = JSON.parse((await runAlex(['sessions', 'list', '--json'], options)).stdout) as Array<{id: string; messages: number; title: string}>;
    expect(runs.map(run => run.exitCode)).toEqual(Array.from({length: 16}, () => 0));
    expect(new Set(ids).size).toBe(16);
    expect(listed.map(item => item.id).sort()).toEqual([...ids].sort());
    for (const item of listed) {
      expect(item.messages).toBe(4);
      const records = transcriptRecords(repo.home, item.id);
      expect(records.filter(record => record.type === 'message').map(record => record.message.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
      expect(records[1]!.message.content).toBe(item.title);
    }
  });
});
