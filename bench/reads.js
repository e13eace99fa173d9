#!/usr/bin/env node
// Entry point of `npm run bench:reads -- [options]` (see bench/README.md).
'use strict';
require('./ts-hook')(require.resolve('./run-reads.ts'));
