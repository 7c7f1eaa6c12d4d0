/**
 * The CLI exactly as outside checks run it, through npm: `npm run --silent cli -- …`. npm must add
 * nothing to stdout (one JSON document) and nothing to stderr (one error line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { PROJECT_ROOT, runNpmCli } from '../helpers/run-cli';
import { expectDocument, expectJsonSuccess, expectOneLineError } from './contract';

const reference = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/cli/fixtures/cli.json'), 'utf8')).cases as { args: string[]; doc: unknown }[];

describe('npm run --silent cli -- …', () => {
  it.concurrent('analyze logrank --json: one JSON document equal to R, nothing on stderr', async () => {
    const { args, doc } = reference.find((c) => c.args[1] === 'logrank')!;
    const document = expectJsonSuccess(await runNpmCli([...args, '--json']), 'npm logrank');
    expectDocument(document, doc, 'npm logrank');
  });

  it.concurrent('an unknown flag: exit 2 and one stderr line', async () => {
    expectOneLineError(await runNpmCli(['analyze', 'km', '--csv', 'test/fixtures/data/addicts.csv', '--time', 'time', '--event', 'status', '--colour', 'red', '--json']), 'npm unknown flag', 2);
  });
});
