/**
 * Saving exports through main's save dialog (`file:save`), so charts and tables land where the user
 * chooses, in the app and in the e2e bridge alike. PNG: the chart's standalone SVG (charts/export.ts)
 * drawn onto a canvas at twice its size.
 */
import { call } from '../api';
import { svgMarkup } from '../charts/export';

export async function saveText(suggestedName: string, content: string): Promise<string | null> {
  return (await call('file:save', { suggestedName, content, encoding: 'utf8' })) as string | null;
}

export async function saveSvg(element: HTMLElement | SVGSVGElement, suggestedName: string): Promise<string | null> {
  return saveText(suggestedName, `<?xml version="1.0" encoding="UTF-8"?>\n${svgMarkup(element)}`);
}

function svgSize(element: HTMLElement | SVGSVGElement): { svg: SVGSVGElement; width: number; height: number } {
  const svg = element.tagName.toLowerCase() === 'svg' ? (element as SVGSVGElement) : element.querySelector('svg');
  if (!svg) throw new Error('the chart has no drawing to export');
  const box = svg.getBoundingClientRect();
  return { svg, width: Number(svg.getAttribute('width')) || box.width, height: Number(svg.getAttribute('height')) || box.height };
}

export async function pngBase64(element: HTMLElement | SVGSVGElement, scale = 2): Promise<string> {
  const { svg, width, height } = svgSize(element);
  const url = URL.createObjectURL(new Blob([svgMarkup(svg)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas available for the PNG export');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function savePng(element: HTMLElement | SVGSVGElement, suggestedName: string): Promise<string | null> {
  const content = await pngBase64(element);
  return (await call('file:save', { suggestedName, content, encoding: 'base64' })) as string | null;
}
