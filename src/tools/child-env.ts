/** Variables that hold alex's own credentials; child processes never see them. */
const keyVariables = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ALEX_API_KEY'];

/**
 * The environment for commands the model runs: alex's keys removed (unless the user opted in
 * with `passApiKeysToCommands`), pagers that never wait.
 */
export function childEnvironment(env: NodeJS.ProcessEnv, apiKey: string | undefined, passKeys = false): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const isKey = keyVariables.includes(name) || (apiKey !== undefined && apiKey !== '' && value?.includes(apiKey));
    if (value === undefined || (isKey && !passKeys)) {
      continue;
    }

    result[name] = value;
  }

  result.PAGER = 'cat';
  result.GIT_PAGER = 'cat';
  result.GIT_TERMINAL_PROMPT = '0';

  return result;
}
