import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel} from '../../fixtures/fake-model/server.js';
import {providers} from '../helpers/providers.js';
import {runAlex} from '../helpers/run-alex.js';
import {tempRepo, type TempRepo} from '../helpers/workspace.js';

let fake: FakeModel | undefined;
let repo: TempRepo | undefined;

afterEach(async () => {
  await fake?.close();
  repo?.cleanup();
});

const script = () => [
  {toolCalls: [{name: 'list_files', arguments: {}}], usage: {prompt_tokens: 50, completion_tokens: 5}},
  {text: 'There is one file.', usage: {prompt_tokens: 80, completion_tokens: 7, prompt_tokens_details: {cached_tokens: 40}}},
];

describe.each(providers)('output formats ($name)', provider => {
  it('prints one result object with --output-format json', async () => {
    repo = tempRepo({'a.txt': 'a'});
    fake = await startFakeModel(script());
    const result = await runAlex([...provider.args, '--output-format', 'json', 'what is here?'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});
    expect(result.exitCode).toBe(0);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({type: 'result', subtype: 'success', is_error: false, result: 'There is one file.', turns: 2});
    expect(record.session_id).toMatch(/^[0-9a-z]{9}-[0-9a-f]{8}$/);
    expect(record.duration_ms).toBeGreaterThan(0);
    expect(record.usage).toEqual({input_tokens: 130, output_tokens: 12, cache_read_input_tokens: 40, cache_creation_input_tokens: 0});
  });

  it('prints init, assistant, tool result and result lines with --output-format stream-json', async () => {
    repo = tempRepo({'a.txt': 'a'});
    fake = await startFakeModel(script());
    const result = await runAlex([...provider.args, '--output-format', 'stream-json', 'what is here?'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n').map(line => JSON.parse(line));
    expect(lines.map(line => line.type)).toEqual(['system', 'assistant', 'user', 'assistant', 'result']);
    expect(lines[0]).toMatchObject({subtype: 'init', cwd: repo.dir, tools: expect.arrayContaining(['read_file', 'bash'])});
    expect(lines[1].message.content[0]).toMatchObject({type: 'tool_use', name: 'list_files', input: {}});
    expect(lines[2].message.content[0]).toMatchObject({type: 'tool_result', tool_use_id: lines[1].message.content[0].id, content: 'a.txt', is_error: false});
    expect(lines[3].message.content).toEqual([{type: 'text', text: 'There is one file.'}]);
    expect(new Set(lines.map(line => line.session_id)).size).toBe(1);
  });

  it('reports max turns as an error result with status 1', async () => {
    repo = tempRepo({'a.txt': 'a'});
    fake = await startFakeModel(script());
    const result = await runAlex([...provider.args, '--max-turns', '1', '--output-format', 'json', 'go'], {cwd: repo.dir, home: repo.home, env: provider.env(fake)});
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({subtype: 'error_max_turns', is_error: true, turns: 1});
  });
});
