#!/usr/bin/env -S node --max-semi-space-size=2
// The young generation stays at 2 MB a semi-space: the TUI makes many short-lived objects and
// keeps few, and a young generation grown to 16 MB is memory it never gives back (with the
// collection after each turn in src/ui/idle-gc.ts, 200 turns grow RSS by about 10 MB, not 50).
// It costs about 25 ms of start-up. `node bin/alex.js` runs without it.
import '../dist/alex.js';
