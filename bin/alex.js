#!/usr/bin/env -S node --max-semi-space-size=1
// The young generation stays at 1 MB a semi-space: the TUI makes many short-lived objects and
// keeps few, and a grown young generation is memory it never gives back (see src/ui/idle-gc.ts).
import '../dist/alex.js';
