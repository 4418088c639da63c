import {errorMessage, isAbortError} from '../errors.js';
import {log} from '../log.js';
import type {ToolCall} from '../llm/types.js';
import {decide, deniedReads, type PolicyOptions} from '../tools/permissions.js';
import type {ToolRegistry} from '../tools/registry.js';
import {toolError, type Tool, type ToolAccess, type ToolContext, type ToolResult} from '../tools/types.js';
import {validate, type Schema} from '../tools/validate.js';
import type {Approver} from './approval.js';

export type PreparedCall = {
  call: ToolCall;
  input: Record<string, unknown> | undefined;
  readOnly: boolean;
  /** Set when the call cannot run; the model gets it as the result. */
  error?: ToolResult;
};

function parseArguments(raw: string): Record<string, unknown> | string {
  if (raw.trim() === '') {
    return {};
  }

  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }

    return 'the arguments must be a JSON object';
  } catch (error) {
    return `the arguments are not valid JSON (${errorMessage(error)})`;
  }
}

/** Checks a call before anything runs: known tool, JSON arguments, schema. */
export function prepareCall(call: ToolCall, tools: ToolRegistry): PreparedCall {
  const tool = tools.get(call.name);
  if (!tool) {
    const names = tools.list().map(item => item.spec.name).join(', ');
    return {call, input: undefined, readOnly: true, error: toolError(`There is no tool named "${call.name}". Available tools: ${names}.`)};
  }

  const input = parseArguments(call.arguments);
  if (typeof input === 'string') {
    return {call, input: undefined, readOnly: true, error: toolError(`${call.name}: ${input}. Send one JSON object that matches the tool's schema.`)};
  }

  const problems = validate(tool.spec.parameters as Schema, input);
  if (problems.length > 0) {
    return {call, input, readOnly: true, error: toolError(`${call.name}: invalid arguments: ${problems.join('; ')}. Fix them and call again.`)};
  }

  return {call, input, readOnly: tool.readOnly};
}

export type RunCallOptions = {
  tools: ToolRegistry;
  policy: PolicyOptions;
  approver: Approver;
  context: ToolContext;
  /** Names of tools that come from MCP servers: they ask under `ask` and `auto-edit`. */
  isExternal: (name: string) => boolean;
};

/** Records an approved MCP tool as approved; an error result when it changed again meanwhile. */
function pinApproved(tool: Tool, name: string, tools: ToolRegistry): ToolResult | undefined {
  if (!tool.pin) {
    return undefined;
  }

  tool.pin.approve();
  if (tools.get(name)?.pin?.change()) {
    return toolError(`Not run: ${name} changed again while the user was being asked. Call it again to have its new version approved.`);
  }

  return undefined;
}

/** Decides again about access a running call found it needs (a redirect): deny rules, then, unless `denyOnly`, allow rules, the mode and the approver. */
async function authorizeMore(prepared: PreparedCall, access: ToolAccess, denyOnly: boolean, options: RunCallOptions): Promise<string | undefined> {
  const {call} = prepared;
  const decision = await decide(call.name, access, options.policy, options.isExternal(call.name));
  if (decision.outcome === 'deny') {
    return decision.reason;
  }

  if (denyOnly || decision.outcome === 'allow') {
    return undefined;
  }

  const answer = await options.approver.approve({call, input: prepared.input!, access, reason: decision.reason, ...(decision.guarded && {guarded: true})}, options.context.signal);
  return answer.approved ? undefined : answer.message;
}

/** Runs one prepared call through the approval policy; never throws but for an abort. */
export async function runCall(prepared: PreparedCall, options: RunCallOptions): Promise<ToolResult> {
  if (prepared.error || !prepared.input) {
    return prepared.error ?? toolError('internal: no input');
  }

  const {call, input} = prepared;
  const tool = options.tools.get(call.name)!;
  const started = performance.now();
  try {
    const access = await tool.access(input, options.context);
    const change = tool.pin?.change();
    const decision = await decide(call.name, access, options.policy, options.isExternal(call.name), change !== undefined);
    if (decision.outcome === 'deny') {
      return toolError(`Refused: ${call.name} was not run because ${decision.reason}. Do not retry it.`);
    }

    if (decision.outcome === 'ask') {
      const answer = await options.approver.approve({call, input, access, reason: decision.reason, ...(change && {change}), ...(decision.guarded && {guarded: true})}, options.context.signal);
      if (!answer.approved) {
        return toolError(answer.message);
      }
    }

    // Approved means the user said yes, or a rule allowed a tool that did not change; yolo alone
    // approves nothing, so that a later run without it still asks about a changed tool.
    const approved = decision.outcome === 'ask' || (decision.rule !== undefined && change === undefined);
    const stale = approved ? pinApproved(tool, call.name, options.tools) : undefined;
    if (stale) {
      return stale;
    }

    // A read-only git command runs with the repository's hooks and drivers off (tools/read-only-git.ts).
    const hardened = decision.outcome === 'allow' ? decision.harden : undefined;
    const env = hardened ? {env: {...options.context.env, ...hardened.env}} : {};
    const context = {
      ...options.context,
      ...env,
      authorize: (more: ToolAccess, {denyOnly}: {denyOnly: boolean}) => authorizeMore(prepared, more, denyOnly, options),
      deniedReads: (files: readonly string[]) => deniedReads(call.name, files, options.policy),
    };
    const result = await tool.run(hardened ? {...input, ...hardened.input} : input, context, access);
    log.debug('tool end', {tool: call.name, id: call.id, ms: Math.round(performance.now() - started), isError: result.isError ?? false});
    return result;
  } catch (error) {
    if (isAbortError(error) || options.context.signal.aborted) {
      throw error;
    }

    log.warn('tool failed', {tool: call.name, error: errorMessage(error)});
    return toolError(`${call.name} failed: ${errorMessage(error)}`);
  }
}
