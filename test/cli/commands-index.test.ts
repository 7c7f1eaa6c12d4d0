/**
 * The CLI's command list (cli/commands/index.ts) holds each command's name and summary so that
 * `--help` needs no command module; here each entry is checked against the module it loads, and the
 * analyze summary against the analysis registry.
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

  it('the analyze summary names every declared analysis', () => {
    const analyze = COMMANDS.find((c) => c.name === 'analyze')!;
    expect(analyze.summary).toContain(`(${ANALYSES.map((a) => a.id).join(', ')})`);
  });
});
