/**
 * Saving exports through main's save dialog (`file:save`), so charts and tables land where the user
 * chooses, in the app and in the e2e bridge alike. PNG: the chart's standalone SVG (charts/export.ts)
 * drawn onto a canvas at twice its size.
 */
import { call } from '../api';
import { svgMarkup, svgOnCanvas } from '../../../presentation/charts/export';

export async function saveText(suggestedName: string, content: string): Promise<string | null> {
  return (await call('file:save', { suggestedName, content, encoding: 'utf8' })) as string | null;
}

export async function saveSvg(element: HTMLElement | SVGSVGElement, suggestedName: string): Promise<string | null> {
  return saveText(suggestedName, `<?xml version="1.0" encoding="UTF-8"?>\n${svgMarkup(element)}`);
}

export async function pngBase64(element: HTMLElement | SVGSVGElement, scale = 2): Promise<string> {
  const canvas = await svgOnCanvas(element, scale, {
    noSvg: 'the chart has no drawing to export',
    notDrawn: 'the chart could not be drawn as an image',
    noContext: 'no canvas available for the PNG export',
  });
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

export async function savePng(element: HTMLElement | SVGSVGElement, suggestedName: string): Promise<string | null> {
  const content = await pngBase64(element);
  return (await call('file:save', { suggestedName, content, encoding: 'base64' })) as string | null;
}
