// @vitest-environment jsdom
/**
 * Saving exports through main's save dialog (renderer/src/components/save.ts), over a stand-in
 * window.relapse: text goes to file:save as UTF-8, a chart as a standalone SVG document, and a PNG of
 * an element without a chart is refused in one line before main is asked anything. (Drawing the PNG
 * needs a real canvas: the e2e saves one.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pngBase64, savePng, saveSvg, saveText } from '../../../../renderer/src/components/save';
import type { RelapseApi } from '../../../../shared/ipc/contract';

const calls: { channel: string; args: any }[] = [];
function installBridge(savedTo: string | null) {
  window.relapse = {
    invoke: (async (channel: string, args: unknown) => {
      calls.push({ channel, args });
      return { ok: true, value: savedTo };
    }) as RelapseApi['invoke'],
    onProgress: () => () => undefined,
    pathForFile: () => null,
  };
}
afterEach(() => {
  delete window.relapse;
  calls.length = 0;
  document.body.innerHTML = '';
});

describe('saving exports', () => {
  it('text goes to file:save as UTF-8 and the chosen path comes back; a cancelled dialog gives null', async () => {
    installBridge('/home/user/medians.csv');
    await expect(saveText('medians.csv', 'group,median\n1,428\n')).resolves.toBe('/home/user/medians.csv');
    expect(calls).toEqual([{ channel: 'file:save', args: { suggestedName: 'medians.csv', content: 'group,median\n1,428\n', encoding: 'utf8' } }]);
    installBridge(null);
    await expect(saveText('x.csv', '')).resolves.toBeNull();
  });

  it('a chart is saved as a standalone SVG document', async () => {
    installBridge('/tmp/km.svg');
    document.body.innerHTML = '<figure><svg width="300" height="200"><title>Retention</title><path d="M0 0L10 10"/></svg></figure>';
    await saveSvg(document.querySelector('figure') as HTMLElement, 'km.svg');
    const { suggestedName, content, encoding } = calls[0].args;
    expect([calls[0].channel, suggestedName, encoding]).toEqual(['file:save', 'km.svg', 'utf8']);
    expect(content.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(content).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(content).toContain('<title>Retention</title>');
    expect(content).toContain('width="300"');
  });

  it('a PNG of an element without a chart is refused in one line, and main is not asked', async () => {
    installBridge('/tmp/x.png');
    document.body.innerHTML = '<figure><p>No chart yet</p></figure>';
    const figure = document.querySelector('figure') as HTMLElement;
    await expect(pngBase64(figure)).rejects.toThrow('the chart has no drawing to export');
    await expect(savePng(figure, 'x.png')).rejects.toThrow('the chart has no drawing to export');
    expect(calls).toEqual([]);
  });
});
