#!/usr/bin/env node
// Entry point of `npm run bench -- [options]` (see bench/README.md).
'use strict';
require('./ts-hook')(require.resolve('./run-bench.ts'));
