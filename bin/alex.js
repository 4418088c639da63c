#!/usr/bin/env node
import '../dist/alex.js';
