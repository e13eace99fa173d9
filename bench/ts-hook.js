'use strict';
// Shared by the benchmark launchers. The benchmarks and the test harness they reuse are
// TypeScript; rather than adding a runtime dependency, this registers a tiny require hook
// (typescript's transpileModule, already a dev dependency) and maps the @hearth/*
// workspace names to their sources, exactly as the jest config does.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const repo = path.join(__dirname, '..');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const m = /^@hearth\/(shared|agent|api|cli)(?:\/(.*))?$/.exec(request);
  if (m) request = path.join(repo, 'packages', m[1], 'src', m[2] || '');
  return originalResolve.call(this, request, parent, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};

/** Runs `main(argv)` of a TypeScript module and exits with its code. */
module.exports = function launch(file) {
  require(file).main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
};
