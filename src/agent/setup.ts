import type {RunConfig} from '../config/index.js';
import {UsageError} from '../errors.js';
import {isDefaultEndpoint} from '../config/index.js';
import {Compactor} from '../context/compactor.js';
import {createProvider} from '../llm/index.js';
import type {Message} from '../llm/types.js';
import {childEnvironment} from '../tools/child-env.js';
import {ToolRegistry} from '../tools/registry.js';
import {Agent} from './agent.js';
import type {Approver} from './approval.js';
import {buildSystemPrompt} from './system-prompt.js';

export type AgentSetup = {
  agent: Agent;
  tools: ToolRegistry;
  system: string;
  /** Problems worth a warning line: an AGENTS.md that was skipped or cut. */
  warnings: string[];
  /** Context accounting and compaction: status, `compactNow`, `restore` for a resumed session. */
  compactor: Compactor;
};

/** Checks that the endpoint can be used before any request: the public endpoints need a key. */
export function checkCredentials(config: RunConfig): void {
  if (!config.apiKey && isDefaultEndpoint(config)) {
    const variable = config.provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    throw new UsageError(`No API key for ${config.baseUrl}: set ${variable}, or point --base-url at a local server that needs none.`);
  }
}

/** Builds the agent a run uses from the resolved configuration. */
export async function createAgent(config: RunConfig, approver: Approver, messages?: Message[], tools = new ToolRegistry()): Promise<AgentSetup> {
  checkCredentials(config);
  const [provider, {prompt: system, warnings}] = await Promise.all([
    createProvider({provider: config.provider, baseUrl: config.baseUrl, apiKey: config.apiKey}),
    buildSystemPrompt(config.workspace),
  ]);
  const history = messages ?? [];
  const compactor = new Compactor({provider, history, model: config.model, compactModel: config.compactModel, contextWindow: config.contextWindow});
  const agent = new Agent({
    provider,
    model: config.model,
    system,
    tools,
    policy: {mode: config.approval, permissions: config.permissions, workspace: config.workspace, dataDir: config.dataDir},
    approver,
    maxTurns: config.maxTurns,
    env: childEnvironment(process.env, config.apiKey, config.settings.passApiKeysToCommands),
    messages: history,
    shaper: compactor,
    isExternalTool: name => name.startsWith('mcp__'),
  });

  return {agent, tools, system, warnings, compactor};
}
