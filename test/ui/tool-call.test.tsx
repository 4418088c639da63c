import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {lineColour} from '../../src/ui/components/diff-view.js';
import {ToolCall} from '../../src/ui/components/tool-call.js';
import {palette, paletteFor} from '../../src/ui/theme.js';
import {foldLines} from '../../src/ui/tool-labels.js';

let unmount: (() => void) | undefined;

afterEach(() => {
  unmount?.();
  unmount = undefined;
});

describe('tool call row', () => {
  it('shows name, key argument and the spinner while running', () => {
    const view = render(<ToolCall tool={{callId: '1', name: 'grep', argument: 'TODO', status: 'running'}} spinner="⠙" />);
    unmount = view.unmount;
    expect(view.lastFrame()).toBe('⠙ grep TODO');
  });

  it('shows done with the summary and duration', () => {
    const view = render(<ToolCall tool={{callId: '1', name: 'read_file', argument: 'src/a.ts', status: 'done', summary: '42 lines', durationMs: 8}} />);
    unmount = view.unmount;
    expect(view.lastFrame()).toBe('✓ read_file src/a.ts — 42 lines (8 ms)');
  });

  it('shows an edit as a unified diff with added and removed lines coloured', () => {
    const diff = foldLines('--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-hello\n+goodbye', 40);
    const view = render(<ToolCall tool={{callId: '1', name: 'edit_file', argument: 'a.txt', status: 'done', summary: 'replaced 1', diff}} />);
    unmount = view.unmount;
    const frame = view.lastFrame()!;
    expect(frame).toContain('-hello');
    expect(frame).toContain('+goodbye');
    expect(lineColour('-hello')).toBe(palette.removed);
    expect(lineColour('+goodbye')).toBe(palette.added);
    expect(lineColour('@@ -1 +1 @@')).toBe(palette.hunk);
    expect(lineColour('+++ b/a.txt')).toBeUndefined();
  });

  it('uses no colours when NO_COLOR is set', () => {
    expect(Object.values(paletteFor({NO_COLOR: '1'})).every(colour => colour === undefined)).toBe(true);
    expect(paletteFor({NO_COLOR: ''}).added).toBe('green');
  });

  it('folds a long diff to a few lines and says how many are hidden', () => {
    const long = Array.from({length: 60}, (_, index) => `+line ${index}`).join('\n');
    const view = render(<ToolCall tool={{callId: '1', name: 'write_file', argument: 'big.txt', status: 'done', diff: foldLines(long, 40)}} />);
    unmount = view.unmount;
    expect(view.lastFrame()).toContain('+line 39');
    expect(view.lastFrame()).not.toContain('+line 40');
    expect(view.lastFrame()).toContain('… 20 more lines');
  });
});
