#!/usr/bin/env node
// Entry point of `npm run bench:scale -- [options]` (see bench/README.md).
'use strict';
require('./ts-hook')(require.resolve('./run-scale.ts'));
