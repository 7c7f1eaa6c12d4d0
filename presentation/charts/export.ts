/**
 * Chart export: standalone SVG markup (xmlns, fixed size, styles inlined, no external references), and
 * browser downloads as SVG or PNG. Safe to import in Node: nothing touches `document` until a download runs.
 */
import { FONT_FAMILY } from './palette';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties copied from computed style when the page has stylesheets that may set them. */
const INLINED_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

function findSvg(element: SVGSVGElement | HTMLElement): SVGSVGElement {
  if (element.tagName.toLowerCase() === 'svg') return element as SVGSVGElement;
  const svg = element.querySelector('svg');
  if (!svg) throw new Error('svgMarkup: the element contains no <svg>');
  return svg;
}

/**
 * Copies the computed presentation style of each source element onto its clone as a style attribute, so CSS
 * from the page's stylesheets survives outside the page. Only when stylesheets exist (in jsdom and in the
 * report every style is already an attribute, and computing styles there is slow).
 */
function inlineComputedStyles(source: Element, clone: Element): void {
  const view = source.ownerDocument.defaultView;
  if (!view || source.ownerDocument.styleSheets.length === 0) return;
  const sources = [source, ...Array.from(source.querySelectorAll('*'))];
  const clones = [clone, ...Array.from(clone.querySelectorAll('*'))];
  sources.forEach((node, i) => {
    const computed = view.getComputedStyle(node);
    const declarations: string[] = [];
    for (const property of INLINED_PROPERTIES) {
      const value = computed.getPropertyValue(property);
      if (value && !clones[i].hasAttribute(property)) declarations.push(`${property}:${value}`);
    }
    if (declarations.length > 0) {
      const existing = clones[i].getAttribute('style');
      clones[i].setAttribute('style', [existing, declarations.join(';')].filter(Boolean).join(';'));
    }
  });
}

/** Removes anything that would load from outside the file: non-fragment hrefs and url(...) values. */
function stripExternalReferences(root: Element): void {
  for (const node of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attribute of Array.from(node.attributes)) {
      const value = attribute.value.trim();
      const isHref = attribute.localName === 'href' || attribute.name === 'src';
      if (isHref && !value.startsWith('#')) node.removeAttribute(attribute.name);
      else if (/url\(\s*['"]?(?!#)/i.test(value)) node.removeAttribute(attribute.name);
    }
    if (node.localName === 'script' || node.localName === 'foreignObject') node.remove();
  }
}

/**
 * Renames every id in the clone to `${prefix}${k}` (k in document order) and rewrites the references to it
 * (url(#id), href="#id"). Two charts inlined in one HTML report then never share a clip-path id, and the
 * same chart always gives the same markup (React's and recharts' generated ids depend on render order).
 */
function renameIds(root: Element, prefix: string): void {
  const nodes = [root, ...Array.from(root.querySelectorAll('[id]'))].filter((node) => node.hasAttribute('id'));
  const renamed = new Map<string, string>();
  nodes.forEach((node, k) => {
    const next = `${prefix}${k}`;
    renamed.set(node.getAttribute('id')!, next);
    node.setAttribute('id', next);
  });
  if (renamed.size === 0) return;
  for (const node of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attribute of Array.from(node.attributes)) {
      if (attribute.name === 'id') continue;
      const value = attribute.value;
      if (!value.includes('#')) continue;
      const rewritten = value
        .replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (whole, quote: string, id: string) =>
          renamed.has(id) ? `url(#${renamed.get(id)})` : whole,
        )
        .replace(/^#(.+)$/, (whole, id: string) => (renamed.has(id) ? `#${renamed.get(id)}` : whole));
      if (rewritten !== value) node.setAttribute(attribute.name, rewritten);
    }
  }
}

export interface SvgMarkupOptions {
  /** Prefix for the renamed element ids (default "chart-"); give each chart in one document its own. */
  idPrefix?: string;
}

/**
 * Standalone SVG for a chart: the <svg> itself or the first one inside `element` (a recharts wrapper div).
 * The root gets the SVG namespace, a fixed width and height (recharts sizes its surface with CSS 100%), a
 * white background and the chart font, so the file looks the same opened on its own. Ids are renamed (see
 * renameIds).
 */
export function svgMarkup(element: SVGSVGElement | HTMLElement, options: SvgMarkupOptions = {}): string {
  const svg = findSvg(element);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineComputedStyles(svg, clone);
  stripExternalReferences(clone);
  renameIds(clone, options.idPrefix ?? 'chart-');
  const viewBox = svg.getAttribute('viewBox')?.split(/[\s,]+/).map(Number);
  const width = svg.getAttribute('width') ?? String(viewBox?.[2] ?? '');
  const height = svg.getAttribute('height') ?? String(viewBox?.[3] ?? '');
  clone.removeAttribute('style');
  clone.removeAttribute('tabindex');
  clone.setAttribute('width', width);
  clone.setAttribute('height', height);
  if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (!clone.hasAttribute('font-family')) clone.setAttribute('font-family', FONT_FAMILY);
  clone.setAttribute('style', 'background:#ffffff');
  const doc = svg.ownerDocument;
  const background = doc.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  clone.insertBefore(background, clone.firstChild);
  const Serializer = doc.defaultView?.XMLSerializer ?? (typeof XMLSerializer !== 'undefined' ? XMLSerializer : undefined);
  let markup = Serializer ? new Serializer().serializeToString(clone) : clone.outerHTML;
  if (!/^<svg[^>]*\sxmlns="/.test(markup)) markup = markup.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
  return markup;
}

function requireBrowser(what: string): Document {
  if (typeof document === 'undefined' || typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new Error(`${what} needs a browser document`);
  }
  return document;
}

function triggerDownload(doc: Document, blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  doc.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves the chart as an .svg file (browser only). */
export function downloadSvg(element: SVGSVGElement | HTMLElement, filename = 'chart.svg'): void {
  const doc = requireBrowser('downloadSvg');
  const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${svgMarkup(element)}`;
  triggerDownload(doc, new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }), filename);
}

/** Error texts of svgOnCanvas, so each caller keeps the wording its users see. */
export interface CanvasErrors {
  noSvg: string;
  notDrawn: string;
  noContext: string;
}

/**
 * The chart's standalone SVG drawn onto a white canvas at `scale` times its size: the common step of
 * the PNG exports (downloadPng here, the save dialog's PNG in components/save.ts).
 */
export async function svgOnCanvas(element: SVGSVGElement | HTMLElement, scale: number, errors: CanvasErrors, doc: Document = document): Promise<HTMLCanvasElement> {
  const svg = element.tagName.toLowerCase() === 'svg' ? (element as SVGSVGElement) : element.querySelector('svg');
  if (!svg) throw new Error(errors.noSvg);
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const url = URL.createObjectURL(new Blob([svgMarkup(svg)], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(errors.notDrawn));
      image.src = url;
    });
    const canvas = doc.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error(errors.noContext);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Saves the chart as a .png (browser only): the standalone SVG drawn onto a canvas at `scale` times its size
 * (2 by default, sharp on high-density screens and in slides).
 */
export async function downloadPng(element: SVGSVGElement | HTMLElement, filename = 'chart.png', scale = 2): Promise<void> {
  const doc = requireBrowser('downloadPng');
  const canvas = await svgOnCanvas(
    element,
    scale,
    { noSvg: 'svgMarkup: the element contains no <svg>', notDrawn: 'downloadPng: the SVG could not be drawn', noContext: 'downloadPng: no 2D canvas context' },
    doc,
  );
  const png = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('downloadPng: canvas export failed'))), 'image/png'),
  );
  triggerDownload(doc, png, filename);
}
