import {describe, expect, it} from 'vitest';
import {defaultMaxTokens, toMessagesBody, toWireMessages} from '../../src/llm/anthropic-request.js';
import type {Message, ModelRequest, ToolSpec} from '../../src/llm/types.js';

const readFile: ToolSpec = {name: 'read_file', description: 'Read a file.', parameters: {type: 'object', properties: {path: {type: 'string'}}, required: ['path']}};
const bash: ToolSpec = {name: 'bash', description: 'Run a command.', parameters: {type: 'object', properties: {command: {type: 'string'}}}};

const conversation: Message[] = [
  {role: 'user', content: 'what is in a.txt and b.txt?'},
  {
    role: 'assistant',
    content: 'Reading both.',
    toolCalls: [
      {id: 'toolu_a', name: 'read_file', arguments: '{"path":"a.txt"}'},
      {id: 'toolu_b', name: 'read_file', arguments: '{"path":"b.txt"}'},
    ],
  },
  {role: 'tool', toolCallId: 'toolu_a', name: 'read_file', content: '1\thello'},
  {role: 'tool', toolCallId: 'toolu_b', name: 'read_file', content: 'b.txt does not exist', isError: true},
];

function request(messages: Message[], extra: Partial<ModelRequest> = {}): ModelRequest {
  return {model: 'claude-sonnet-4-5', system: 'You are alex.', messages, tools: [readFile, bash], ...extra};
}

describe('toWireMessages', () => {
  it('turns tool calls into tool_use blocks with parsed input', () => {
    const wire = toWireMessages(conversation);

    expect(wire[1]).toEqual({
      role: 'assistant',
      content: [
        {type: 'text', text: 'Reading both.'},
        {type: 'tool_use', id: 'toolu_a', name: 'read_file', input: {path: 'a.txt'}},
        {type: 'tool_use', id: 'toolu_b', name: 'read_file', input: {path: 'b.txt'}},
      ],
    });
  });

  it('puts consecutive tool results in one user message and passes is_error', () => {
    const wire = toWireMessages(conversation);

    expect(wire).toHaveLength(3);
    expect(wire[2]).toEqual({
      role: 'user',
      content: [
        {type: 'tool_result', tool_use_id: 'toolu_a', content: '1\thello'},
        {type: 'tool_result', tool_use_id: 'toolu_b', content: 'b.txt does not exist', is_error: true},
      ],
    });
  });

  it('joins a prompt that follows tool results into the same user turn, after the results', () => {
    const wire = toWireMessages([...conversation, {role: 'user', content: 'go on'}]);

    expect(wire).toHaveLength(3);
    expect(wire[2]!.content.map(block => block.type)).toEqual(['tool_result', 'tool_result', 'text']);
  });

  it('leaves out empty text and sends an empty tool result without content', () => {
    const wire = toWireMessages([
      {role: 'user', content: 'run it'},
      {role: 'assistant', content: '', toolCalls: [{id: 'call_1', name: 'bash', arguments: '{"command":"true"}'}]},
      {role: 'tool', toolCallId: 'call_1', name: 'bash', content: ''},
    ]);

    expect(wire[1]!.content).toEqual([{type: 'tool_use', id: 'call_1', name: 'bash', input: {command: 'true'}}]);
    expect(wire[2]!.content).toEqual([{type: 'tool_result', tool_use_id: 'call_1'}]);
  });

  it('sends empty arguments as an empty object and keeps unparseable ones as text', () => {
    const wire = toWireMessages([
      {role: 'user', content: 'list'},
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          {id: 'a', name: 'list_files', arguments: ''},
          {id: 'b', name: 'read_file', arguments: '{"path": "a.t'},
        ],
      },
    ]);

    expect(wire[1]!.content).toMatchObject([{input: {}}, {input: {unparsed_arguments: '{"path": "a.t'}}]);
  });

  it('makes repeated and malformed tool ids valid and unique, and their results follow', () => {
    const turn = (id: string): Message[] => [
      {role: 'assistant', content: '', toolCalls: [{id, name: 'bash', arguments: '{"command":"ls"}'}]},
      {role: 'tool', toolCallId: id, name: 'bash', content: 'ok'},
    ];
    const wire = toWireMessages([{role: 'user', content: 'go'}, ...turn('call_0'), ...turn('call_0'), ...turn('fc:7/x')]);

    const uses = wire.flatMap(message => message.content.filter(block => block.type === 'tool_use').map(block => block.id));
    const results = wire.flatMap(message => message.content.filter(block => block.type === 'tool_result').map(block => block.tool_use_id));
    expect(uses).toEqual(['call_0', 'call_0_2', 'fc_7_x']);
    expect(results).toEqual(uses);
  });
});

describe('toMessagesBody', () => {
  it('sends the system prompt as the top-level system field, streamed', () => {
    const body = toMessagesBody(request(conversation));

    expect(body.system).toEqual([{type: 'text', text: 'You are alex.', cache_control: {type: 'ephemeral'}}]);
    expect(body.stream).toBe(true);
    expect(JSON.stringify(body.messages)).not.toContain('You are alex.');
  });

  it('describes tools by input_schema and marks the last one for caching', () => {
    const body = toMessagesBody(request(conversation));

    expect(body.tools).toEqual([
      {name: 'read_file', description: 'Read a file.', input_schema: readFile.parameters},
      {name: 'bash', description: 'Run a command.', input_schema: bash.parameters, cache_control: {type: 'ephemeral'}},
    ]);
  });

  it('marks the end of the conversation and the end of the previous request for caching', () => {
    const body = toMessagesBody(request(conversation));
    const messages = body.messages as Array<{content: Array<Record<string, unknown>>}>;

    expect(messages[0]!.content.at(-1)!.cache_control).toEqual({type: 'ephemeral'});
    expect(messages[1]!.content.some(block => 'cache_control' in block)).toBe(false);
    expect(messages[2]!.content[0]!.cache_control).toBeUndefined();
    expect(messages[2]!.content[1]!.cache_control).toEqual({type: 'ephemeral'});
  });

  it('uses at most the four cache breakpoints the API allows', () => {
    const long: Message[] = [...conversation];
    for (let turn = 0; turn < 10; turn++) {
      long.push({role: 'assistant', content: `step ${turn}`, toolCalls: [{id: `t${turn}`, name: 'bash', arguments: '{}'}]});
      long.push({role: 'tool', toolCallId: `t${turn}`, name: 'bash', content: 'ok'});
    }

    const marks = JSON.stringify(toMessagesBody(request(long))).match(/cache_control/g) ?? [];
    expect(marks).toHaveLength(4);
  });

  it('asks for the request\'s max tokens, or a default the model accepts', () => {
    expect(toMessagesBody(request(conversation, {maxTokens: 1000})).max_tokens).toBe(1000);
    expect(toMessagesBody(request(conversation)).max_tokens).toBe(32_000);
    expect(defaultMaxTokens('claude-3-5-haiku-latest')).toBe(8192);
    expect(defaultMaxTokens('anthropic/claude-3.5-sonnet')).toBe(8192);
    expect(defaultMaxTokens('claude-3-haiku-20240307')).toBe(4096);
    expect(defaultMaxTokens('claude-opus-4-1')).toBe(32_000);
  });

  it('leaves out tools when there are none', () => {
    expect(toMessagesBody(request(conversation, {tools: []}))).not.toHaveProperty('tools');
  });
});
