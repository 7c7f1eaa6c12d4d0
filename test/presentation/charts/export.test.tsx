// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { downloadSvg, svgMarkup } from '../../../presentation/charts/export';
import { KaplanMeierChart } from '../../../presentation/charts/KaplanMeierChart';
import { addictsByClinic } from './chart-data';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('svgMarkup', () => {
  test('from the recharts wrapper div: one standalone svg, fixed size, no external references', () => {
    const { container } = render(<KaplanMeierChart width={640} height={480} groups={addictsByClinic().groups} />);
    const markup = svgMarkup(container.firstElementChild as HTMLElement);
    expect(markup).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(markup).not.toContain('100%;');
    expect(markup).toContain('width="640"');
    expect(markup.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/http/);
    const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(parsed.documentElement.querySelectorAll('.km-at-risk-count').length).toBe(2 * 6); // ticks 0, 200, …, 1000 (last follow-up 1076)
    // The live chart is untouched.
    expect(container.querySelector('svg')!.getAttribute('style')).toContain('100%');
  });

  test('drops external hrefs and url() references but keeps fragment ones', () => {
    const host = document.createElement('div');
    host.innerHTML =
      '<svg width="10" height="10"><defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>' +
      '<image href="https://example.org/x.png"/><rect clip-path="url(#c)" fill="url(https://example.org/p)"/></svg>';
    const markup = svgMarkup(host);
    expect(markup).not.toContain('example.org');
    expect(markup).toContain('clip-path="url(#chart-0)"');
    expect(markup).toContain('id="chart-0"');
  });

  test('throws when there is no svg', () => {
    expect(() => svgMarkup(document.createElement('div'))).toThrow(/no <svg>/);
  });
});

describe('downloadSvg', () => {
  test('saves an XML-declared SVG blob through an anchor', async () => {
    const blobs: Blob[] = [];
    (URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = (b: Blob) => {
      blobs.push(b);
      return 'blob:chart';
    };
    (URL as unknown as { revokeObjectURL: (u: string) => void }).revokeObjectURL = () => {};
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const { container } = render(<KaplanMeierChart width={400} height={300} groups={addictsByClinic().groups} />);
    downloadSvg(container.querySelector('svg')!, 'km.svg');
    expect(clicks).toEqual(['km.svg']);
    expect(blobs[0].type).toBe('image/svg+xml;charset=utf-8');
    expect(await blobs[0].text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns=/);
  });
});
