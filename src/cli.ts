/**
 * The `sona` command line.
 */
import { Command } from 'commander';
import { SonaError } from './core/errors.js';
import { runDemo } from './cli/demo.js';

const program = new Command();
program.name('sona').description('SONA: an embeddable hybrid recommendation engine');

program
  .command('demo')
  .description('recommend on the bundled MovieTweetings subset with the zero-configuration engine')
  .option('--users <n>', 'how many users to show', '3')
  .option('--count <n>', 'recommendations per user', '5')
  .action(async (opts: { users: string; count: string }) => {
    await runDemo({ users: positiveInt(opts.users, '--users'), count: positiveInt(opts.count, '--count') });
  });

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`sona: ${name} must be a positive integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof SonaError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  console.error(`sona: ${message}`);
  process.exit(1);
});
