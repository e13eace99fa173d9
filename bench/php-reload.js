#!/usr/bin/env node
// Entry point of `npm run bench:php-reload -- [options]` (see bench/README.md).
'use strict';
require('./ts-hook')(require.resolve('./run-php-reload.ts'));
