#!/usr/bin/env -S node --max-semi-space-size=4 --single-threaded-gc
// The young generation stays at 4 MB a semi-space: the TUI makes many short-lived objects and
// keeps few, and a young generation grown to 16 MB is memory it never gives back (with the
// collection after each turn in src/ui/idle-gc.ts, 200 turns grow RSS by about 10 MB, not 50).
// At 2 MB it collected so often while an answer streamed that the collections, and the helper
// threads woken for each, cost more CPU than drawing; at 4 MB, with the collection on the main
// thread only, a 4,000-token answer took 2.6 s of CPU instead of 3.1 s, for 1.5 MB more idle RSS
// and the same growth over 200 turns (npm run bench -- tui). `node bin/alex.js` runs without it.
import '../dist/alex.js';
