// Colours of the TUI in one place. With NO_COLOR set (https://no-color.org) every colour is
// undefined, so Ink draws plain text; bold, dim and inverse still mark structure.

export type Palette = {
  accent: string | undefined;
  user: string | undefined;
  success: string | undefined;
  error: string | undefined;
  warning: string | undefined;
  muted: string | undefined;
  code: string | undefined;
  added: string | undefined;
  removed: string | undefined;
  hunk: string | undefined;
};

const colours: Palette = {
  accent: 'cyan',
  user: 'blue',
  success: 'green',
  error: 'red',
  warning: 'yellow',
  muted: 'gray',
  code: 'yellow',
  added: 'green',
  removed: 'red',
  hunk: 'cyan',
};

/** The palette for an environment: no colours when NO_COLOR is set to anything but "". */
export function paletteFor(env: NodeJS.ProcessEnv): Palette {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return Object.fromEntries(Object.keys(colours).map(key => [key, undefined])) as Palette;
  }

  return colours;
}

export const palette = paletteFor(process.env);
