/**
 * The CLI's command list (cli/commands/index.ts) holds each command's name and summary so that
 * `--help` needs no command module; here each entry is checked against the module it loads, and the
 * analyze command's help against the analysis registry.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands';
import { ANALYSES } from '../../shared/analyses/registry';

describe('cli/commands/index.ts', () => {
  it('each entry loads the command of its name, with the same summary', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name, entry.name).toBe(entry.name);
      expect(command.summary, entry.name).toBe(entry.summary);
    }
  });

  it("the analyze summary names no analysis (a list there would have to be edited for each new one): `analyze --help` lists every declared analysis", async () => {
    const analyze = COMMANDS.find((c) => c.name === 'analyze')!;
    for (const declaration of ANALYSES) expect(analyze.summary).not.toMatch(new RegExp(`\\b${declaration.id}\\b`));
    const help = (await analyze.load()).usage();
    for (const declaration of ANALYSES) expect(help).toContain(`analyze ${declaration.id}: ${declaration.title}.`);
  });
});
