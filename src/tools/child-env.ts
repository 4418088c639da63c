/** Variables that hold alex's own credentials; child processes never see them. */
const keyVariables = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ALEX_API_KEY'];

/** The environment for commands the model runs: alex's keys removed, pagers that never wait. */
export function childEnvironment(env: NodeJS.ProcessEnv, apiKey: string | undefined): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || keyVariables.includes(name) || (apiKey && value.includes(apiKey))) {
      continue;
    }

    result[name] = value;
  }

  result.PAGER = 'cat';
  result.GIT_PAGER = 'cat';
  result.GIT_TERMINAL_PROMPT = '0';

  return result;
}
