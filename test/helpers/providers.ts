import type {FakeModel, RecordedRequest} from '../../fixtures/fake-model/server.js';

export type ToolResultSent = {id: string; content: string};

/** How an end-to-end test points alex at the fake model through one provider, and reads what it sent. */
export type ProviderCase = {
  name: 'openai' | 'anthropic';
  /** The path its requests go to. */
  path: string;
  /** Flags that choose the provider. */
  args: string[];
  /** Environment for runAlex: the key and base URL variables of this provider. */
  env(fake: FakeModel): Record<string, string | undefined>;
  /** The tool results of a recorded request, in order. */
  toolResults(request: RecordedRequest): ToolResultSent[];
};

export const providers: ProviderCase[] = [
  {
    name: 'openai',
    path: '/v1/chat/completions',
    args: [],
    env: fake => ({OPENAI_BASE_URL: fake.url}),
    toolResults: request =>
      request.body.messages.filter((message: any) => message.role === 'tool').map((message: any) => ({id: message.tool_call_id, content: message.content})),
  },
  {
    name: 'anthropic',
    path: '/v1/messages',
    args: ['--provider', 'anthropic'],
    env: fake => ({OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: 'sk-ant-test-key-0123456789abcdef', ANTHROPIC_BASE_URL: fake.origin}),
    toolResults: request =>
      request.body.messages.flatMap((message: any) =>
        message.content.filter((block: any) => block.type === 'tool_result').map((block: any) => ({id: block.tool_use_id, content: block.content ?? ''})),
      ),
  },
];
