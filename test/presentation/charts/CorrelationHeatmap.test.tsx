// @vitest-environment jsdom
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CorrelationHeatmap } from '../../../presentation/charts/CorrelationHeatmap';
import { divergingColour } from '../../../presentation/charts/palette';
import { pbcCorrelationPairs } from './chart-data';

afterEach(cleanup);

describe('CorrelationHeatmap on pbc (R cor.test, Holm)', () => {
  test('a 4 × 4 matrix: both triangles, r, n and adjusted p in each cell', () => {
    const { container } = render(<CorrelationHeatmap width={720} height={560} pairs={pbcCorrelationPairs} method="Pearson" />);
    expect(Array.from(container.querySelectorAll('.heatmap-row-labels text'), (t) => t.textContent)).toEqual([
      'age',
      'bili',
      'albumin',
      'protime',
    ]);
    expect(container.querySelectorAll('.heatmap-cell')).toHaveLength(12);
    expect(container.querySelectorAll('.heatmap-diagonal')).toHaveLength(4);
    const cell = (x: string, y: string) => container.querySelector(`.heatmap-cell[data-x="${x}"][data-y="${y}"]`)!;
    for (const [x, y] of [
      ['albumin', 'bili'],
      ['bili', 'albumin'],
    ]) {
      expect(cell(x, y).querySelector('.heatmap-r')!.textContent).toBe('-0.31');
      expect(cell(x, y).querySelector('.heatmap-n')!.textContent).toBe('n = 418');
      expect(cell(x, y).querySelector('.heatmap-p')!.textContent).toBe('p <0.001');
      expect(cell(x, y).querySelector('rect')!.getAttribute('fill')).toBe(divergingColour(-0.3141771115));
    }
    expect(cell('protime', 'age').querySelector('.heatmap-p')!.textContent).toBe('p = 0.041');
    expect(cell('bili', 'age').querySelector('.heatmap-p')!.textContent).toBe('p = 0.96');
    // Static heatmap: an image with a summary, cells not focusable.
    screen.getByRole('img', { name: /Pearson correlations among 4 variables \(6 pairs\); strongest bili and protime, r = 0.31; 5 with adjusted p < 0.05/ });
    expect(container.querySelector('[tabindex]')).toBeNull();
  });

  test('interactive cells are focusable buttons that call onSelect(x, y) on click, Enter and Space', () => {
    const selected: string[] = [];
    render(<CorrelationHeatmap width={720} height={560} pairs={pbcCorrelationPairs} onSelect={(x, y) => selected.push(`${x}|${y}`)} />);
    const group = screen.getByRole('group', { name: /among 4 variables/ });
    expect(group.tagName.toLowerCase()).toBe('svg');
    // A cell is named by its SVG <title> (browsers compute the name from it; no aria-label, which axe
    // requires to contain the cell's visible text): found here by the title, as jsdom does not name it so.
    const titleOf = (text: RegExp | string) => [...document.querySelectorAll('.heatmap-cell > title')].find((t) => (typeof text === 'string' ? t.textContent === text : text.test(t.textContent ?? '')))!;
    const title = titleOf('age and protime: r = 0.11, n = 416, adjusted p = 0.041');
    const button = title.closest('[role="button"]') as HTMLElement;
    expect(button.firstElementChild).toBe(title);
    expect(button.hasAttribute('aria-label')).toBe(false);
    expect(button.getAttribute('tabindex')).toBe('0');
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.keyDown(button, { key: 'Enter' });
    fireEvent.keyDown(button, { key: ' ' });
    fireEvent.keyDown(button, { key: 'a' });
    fireEvent.click(titleOf(/^bili and albumin/).closest('[role="button"]')!);
    expect(selected).toEqual(['protime|age', 'protime|age', 'albumin|bili']);
    expect(screen.getAllByRole('button')).toHaveLength(12);
  });

  test('diverging colours: blue for −1, white for 0, vermillion for +1, grey for missing', () => {
    expect(divergingColour(-1)).toBe('#0072b2');
    expect(divergingColour(0)).toBe('#ffffff');
    expect(divergingColour(1)).toBe('#d55e00');
    expect(divergingColour(null)).toBe('#f0f0f0');
    expect(divergingColour(0.5)).toBe('#eaaf80');
  });
});
