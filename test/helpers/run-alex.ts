import path from 'node:path';
import {execa, type ResultPromise} from 'execa';

export const alexBin = path.resolve(import.meta.dirname, '../../bin/alex.js');

export type RunOptions = {
  cwd: string;
  home: string;
  baseUrl?: string;
  input?: string;
  env?: Record<string, string | undefined>;
  timeout?: number;
};

/** Runs the built alex as a user would: a real process, in a real folder, against a given endpoint. */
export function runAlex(args: string[], options: RunOptions): ResultPromise<{reject: false}> {
  return execa(process.execPath, [alexBin, ...args], {
    cwd: options.cwd,
    reject: false,
    timeout: options.timeout ?? 30_000,
    ...(options.input === undefined ? {stdin: 'ignore'} : {input: options.input}),
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      HOME: options.home,
      ALEX_HOME: options.home,
      OPENAI_API_KEY: 'sk-test-key-0123456789abcdef',
      ...(options.baseUrl && {OPENAI_BASE_URL: options.baseUrl}),
      ...options.env,
    },
  }) as ResultPromise<{reject: false}>;
}
