/**
 * Renders a chart to standalone SVG markup in Node, for the HTML report.
 * recharts 3 renders nothing through react-dom/server's renderToStaticMarkup (recharts issues #5997, #6139),
 * so the chart is mounted into a jsdom document with createRoot inside act(), and its <svg> is serialised
 * with svgMarkup(). Every chart draws its title, legend and tables inside its own <svg>, so the markup is the
 * whole chart. jsdom is imported lazily so the renderer bundle never pulls it in.
 */
import type { ReactElement } from 'react';
import { svgMarkup } from './export';

/** Only the part of jsdom used here (the project has no @types/jsdom; the specifier is a variable for that). */
interface JsdomModule {
  JSDOM: new (html: string, options: { pretendToBeVisual: boolean }) => { window: Window & typeof globalThis };
}
const JSDOM_MODULE = 'jsdom';

type GlobalKey = 'window' | 'document' | 'navigator' | 'IS_REACT_ACT_ENVIRONMENT';
type Globals = Record<GlobalKey, unknown>;

let renderCount = 0;

/**
 * Standalone SVG markup of a chart element. Each call gets its own id prefix ("chart1-", "chart2-", …) unless
 * `options.idPrefix` is given, so several charts can be inlined in one HTML document.
 */
export async function renderChartToSvg(element: ReactElement, options: { idPrefix?: string } = {}): Promise<string> {
  const idPrefix = options.idPrefix ?? `chart${++renderCount}-`;
  const host = globalThis as unknown as Globals;
  const hadDocument = typeof host.document !== 'undefined';
  const saved: Partial<Record<GlobalKey, PropertyDescriptor | undefined>> = {};
  let closeWindow: (() => void) | undefined;
  let doc: Document;
  if (hadDocument) {
    doc = host.document as Document; // already in a DOM (the app, or a jsdom test environment)
  } else {
    const { JSDOM } = (await import(JSDOM_MODULE)) as JsdomModule;
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    doc = dom.window.document;
    closeWindow = () => dom.window.close();
    for (const key of ['window', 'document', 'navigator'] as const) {
      saved[key] = Object.getOwnPropertyDescriptor(globalThis, key);
      Object.defineProperty(globalThis, key, { value: dom.window[key], configurable: true, writable: true });
    }
  }
  saved.IS_REACT_ACT_ENVIRONMENT = Object.getOwnPropertyDescriptor(globalThis, 'IS_REACT_ACT_ENVIRONMENT');
  host.IS_REACT_ACT_ENVIRONMENT = true;
  const { Global } = await import('recharts');
  const wasSsr = Global.isSsr;
  Global.isSsr = false; // recharts decided this when first imported, possibly before the window existed
  const { act } = await import('react');
  const { createRoot } = await import('react-dom/client');
  const container = doc.createElement('div');
  doc.body.appendChild(container);
  const root = createRoot(container);
  try {
    await act(async () => {
      root.render(element);
    });
    const svg = container.querySelector('svg');
    if (!svg) throw new Error('renderChartToSvg: the chart rendered no <svg>');
    return svgMarkup(svg, { idPrefix });
  } finally {
    await act(async () => root.unmount());
    container.remove();
    Global.isSsr = wasSsr;
    for (const [key, descriptor] of Object.entries(saved) as [GlobalKey, PropertyDescriptor | undefined][]) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete (globalThis as Record<string, unknown>)[key];
    }
    closeWindow?.();
  }
}
