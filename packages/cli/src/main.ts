#!/usr/bin/env node
import { COMMANDS } from './commands';
import { defaultContext } from './context';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const ctx = defaultContext();
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    ctx.err('usage: hearthctl <command> [...]');
    for (const c of Object.values(COMMANDS)) ctx.err(`  hearthctl ${c.help}`);
    return name && name !== 'help' ? 2 : 0;
  }
  return command.run(args, ctx);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`hearthctl: ${e.message}\n`);
    process.exit(1);
  },
);
