import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {runAlex} from '../helpers/run-alex.js';
import {streamLines, transcriptFiles, transcriptRecords} from '../helpers/sessions.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;
let models: FakeModel[] = [];

afterEach(async () => {
  await fake?.close();
  await Promise.all(models.map(model => model.close()));
  models = [];
  repo?.cleanup();
  fake = undefined;
  repo = undefined;
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

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

describe('sessions under crashes and concurrency', () => {
  it('keeps every completed turn when runs are killed with SIGKILL mid-stream and mid-tool', {timeout: 120_000}, async () => {
    repo = tempRepo();
    fake = await startFakeModel(
      [
        {toolCalls: [{name: 'bash', arguments: {command: 'sleep 0.3; echo tool output'}}], tokenDelayMs: 5},
        {text: 'Finished the step.', chunkSize: 1, tokenDelayMs: 25},
      ],
      {loop: true},
    );
    const options = {cwd: repo.dir, home: repo.home, baseUrl: fake.url};
    const first = await runAlex(['--yolo', '--output-format', 'json', 'chain 0'], options);
    const chain = JSON.parse(first.stdout).session_id as string;
    const completedChain = ['chain 0'];
    const completedSolo = new Map<string, string>();
    for (let index = 1; index <= 20; index++) {
      const onChain = index % 2 === 0;
      const prompt = onChain ? `chain ${index}` : `solo ${index}`;
      const args = [...(onChain ? ['-r', chain] : []), '--yolo', '--output-format', 'stream-json', prompt];
      const child = runAlex(args, options);
      const killAfter = 50 + Math.random() * 1500;
      const outcome = await Promise.race([child.then(() => 'finished'), sleep(killAfter).then(() => 'kill')]);
      if (outcome === 'kill') {
        child.kill('SIGKILL');
      }

      const result = await child;
      const lines = streamLines(result.stdout);
      const finished = result.exitCode === 0 && lines.at(-1)?.type === 'result';
      if (finished && onChain) {
        completedChain.push(prompt);
      } else if (finished) {
        completedSolo.set(lines[0]!.session_id, prompt);
      }
    }

    const listed = JSON.parse((await runAlex(['sessions', 'list', '--all', '--json'], options)).stdout) as Array<{id: string; damaged?: string}>;
    expect(listed.map(item => `${item.id}.jsonl`).sort()).toEqual(transcriptFiles(repo.home).sort());
    expect(listed.filter(item => item.damaged)).toEqual([]);
    for (const [id, prompt] of completedSolo) {
      const messages = transcriptRecords(repo.home, id).filter(record => record.type === 'message');
      expect(messages[0]!.message.content).toBe(prompt);
      expect(messages.at(-1)!.message.content).toBe('Finished the step.');
    }

    const requestsBefore = fake.requests.length;
    const final = await runAlex(['-r', chain, '--yolo', 'final'], options);
    expect(final.exitCode).toBe(0);
    const resumedRequest = fake.requests[requestsBefore]!.body as {messages: Message[]};
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
