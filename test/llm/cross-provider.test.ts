import {afterEach, describe, expect, it} from 'vitest';
import {startFakeModel, type FakeModel, type ScriptedResponse} from '../../fixtures/fake-model/server.js';
import {AnthropicProvider} from '../../src/llm/anthropic.js';
import {OpenAiProvider} from '../../src/llm/openai.js';
import type {Message, ModelReply, Provider} from '../../src/llm/types.js';

const fakes: FakeModel[] = [];

afterEach(async () => {
  await Promise.all(fakes.map(fake => fake.close()));
  fakes.length = 0;
});

type ProviderName = 'openai' | 'anthropic';

async function providerOn(name: ProviderName, responses: ScriptedResponse[]): Promise<{provider: Provider; fake: FakeModel}> {
  const fake = await startFakeModel(responses);
  fakes.push(fake);
  const provider = name === 'openai' ? new OpenAiProvider({baseUrl: fake.url, apiKey: 'k'}) : new AnthropicProvider({baseUrl: fake.origin, apiKey: 'k'});
  return {provider, fake};
}

async function ask(provider: Provider, messages: Message[]): Promise<ModelReply> {
  for await (const event of provider.stream({model: 'm', system: 'You are alex.', messages, tools: []}, new AbortController().signal)) {
    if (event.type === 'reply') {
      return event.reply;
    }
  }

  throw new Error('no reply');
}

const script: ScriptedResponse[] = [
  {
    text: 'Reading both files.',
    toolCalls: [
      {name: 'read_file', arguments: {path: 'a.txt'}},
      {name: 'edit_file', arguments: {path: 'b.txt', old_string: 'x "quoted"\n', new_string: 'y ünïcode\t'}},
    ],
  },
  {text: 'a.txt says hello; b.txt could not be edited.'},
];

/** A conversation as the agent builds it, with the replies of one provider. */
async function conversationFrom(name: ProviderName): Promise<Message[]> {
  const {provider} = await providerOn(name, script);
  const messages: Message[] = [{role: 'user', content: 'look at a.txt and fix b.txt'}];
  const first = await ask(provider, messages);
  messages.push(first.message);
  const [read, edit] = first.message.toolCalls!;
  messages.push({role: 'tool', toolCallId: read!.id, name: read!.name, content: '1\thello'});
  messages.push({role: 'tool', toolCallId: edit!.id, name: edit!.name, content: 'edit_file: old_string was not found in b.txt', isError: true});
  messages.push((await ask(provider, messages)).message);
  messages.push({role: 'user', content: 'thanks, now summarise'});

  return messages;
}

/** Sends a conversation through the other provider and returns the request body it got. */
async function sentBy(name: ProviderName, messages: Message[]): Promise<any> {
  const {provider, fake} = await providerOn(name, [{text: 'Summary.'}]);
  await ask(provider, messages);

  return fake.requests[0]!.body;
}

describe('a conversation moves between providers', () => {
  it('keeps tool calls and results made against OpenAI when sent to Anthropic', async () => {
    const messages = await conversationFrom('openai');
    const [read, edit] = (messages[1] as Extract<Message, {role: 'assistant'}>).toolCalls!;
    const body = await sentBy('anthropic', messages);

    expect(body.messages.map((message: any) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(body.messages[1].content).toEqual([
      {type: 'text', text: 'Reading both files.'},
      {type: 'tool_use', id: read!.id, name: 'read_file', input: {path: 'a.txt'}},
      {type: 'tool_use', id: edit!.id, name: 'edit_file', input: {path: 'b.txt', old_string: 'x "quoted"\n', new_string: 'y ünïcode\t'}},
    ]);
    expect(body.messages[2].content).toEqual([
      {type: 'tool_result', tool_use_id: read!.id, content: '1\thello'},
      {type: 'tool_result', tool_use_id: edit!.id, content: 'edit_file: old_string was not found in b.txt', is_error: true, cache_control: {type: 'ephemeral'}},
    ]);
    expect(body.messages[3].content).toEqual([{type: 'text', text: 'a.txt says hello; b.txt could not be edited.'}]);
    expect(body.messages[4].content).toEqual([{type: 'text', text: 'thanks, now summarise', cache_control: {type: 'ephemeral'}}]);
  });

  it('keeps tool calls and results made against Anthropic when sent to OpenAI', async () => {
    const messages = await conversationFrom('anthropic');
    const [read, edit] = (messages[1] as Extract<Message, {role: 'assistant'}>).toolCalls!;
    const body = await sentBy('openai', messages);

    expect(read!.id).toMatch(/^toolu_/);
    expect(body.messages).toEqual([
      {role: 'system', content: 'You are alex.'},
      {role: 'user', content: 'look at a.txt and fix b.txt'},
      {
        role: 'assistant',
        content: 'Reading both files.',
        tool_calls: [
          {id: read!.id, type: 'function', function: {name: 'read_file', arguments: '{"path":"a.txt"}'}},
          {id: edit!.id, type: 'function', function: {name: 'edit_file', arguments: JSON.stringify({path: 'b.txt', old_string: 'x "quoted"\n', new_string: 'y ünïcode\t'})}},
        ],
      },
      {role: 'tool', tool_call_id: read!.id, content: '1\thello'},
      {role: 'tool', tool_call_id: edit!.id, content: 'edit_file: old_string was not found in b.txt'},
      {role: 'assistant', content: 'a.txt says hello; b.txt could not be edited.'},
      {role: 'user', content: 'thanks, now summarise'},
    ]);
  });

  it('produces the same provider-neutral conversation from either provider, but for the ids', async () => {
    const fromOpenAi = await conversationFrom('openai');
    const fromAnthropic = await conversationFrom('anthropic');
    const withoutIds = (messages: Message[]) => JSON.parse(JSON.stringify(messages).replace(/"(?:call|toolu)_[^"]*"/g, '"ID"'));

    expect(withoutIds(fromAnthropic)).toEqual(withoutIds(fromOpenAi));
    expect(JSON.parse(JSON.stringify(fromAnthropic))).toEqual(fromAnthropic);
  });
});
