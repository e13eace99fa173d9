// Deep-merges JSON files given as arguments (later wins) and prints the result.
// Quickstart uses it to build /etc/hearth/agent.json from per-module fragments.
const fs = require('fs');
const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
const merge = (a, b) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(a[k]) ? merge(a[k], v) : v;
  return out;
};
const result = process.argv.slice(2).filter((f) => fs.existsSync(f)).reduce((acc, f) => merge(acc, JSON.parse(fs.readFileSync(f, 'utf8'))), {});
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
