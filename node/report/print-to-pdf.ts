/**
 * The report as PDF in the app: the HTML is loaded into an offscreen window and printed with
 * Electron's webContents.printToPDF. The window is passed in as a BrowserWindow-like object, so this
 * runs in tests without Electron; index.ts creates the real hidden window (no preload, no node, the
 * report's own CSP) and destroys it afterwards.
 */
export interface PrintableWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    printToPDF(options: PdfOptions): Promise<Uint8Array>;
  };
  destroy?(): void;
  isDestroyed?(): boolean;
}

export interface PdfOptions {
  pageSize: 'A4' | 'Letter';
  printBackground: boolean;
  landscape: boolean;
  margins: { marginType: 'default' | 'none' | 'printableArea' | 'custom'; top?: number; bottom?: number; left?: number; right?: number };
  displayHeaderFooter: boolean;
  headerTemplate?: string;
  footerTemplate?: string;
  preferCSSPageSize: boolean;
}

/** A data: URL for the report (no file is written, and the page has no origin to fetch from). */
export function reportDataUrl(html: string): string {
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
}

export const REPORT_PDF_OPTIONS: PdfOptions = {
  pageSize: 'A4',
  printBackground: true,
  landscape: false,
  margins: { marginType: 'default' },
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
  preferCSSPageSize: true,
};

/** Prints the report HTML to PDF bytes in the given window, and closes the window afterwards. */
export async function printToPdf(window: PrintableWindow, html: string, options: Partial<PdfOptions> = {}): Promise<Uint8Array> {
  try {
    await window.loadURL(reportDataUrl(html));
    const pdf = await window.webContents.printToPDF({ ...REPORT_PDF_OPTIONS, ...options });
    if (!(pdf instanceof Uint8Array) || pdf.length < 5 || String.fromCharCode(...pdf.subarray(0, 5)) !== '%PDF-') {
      throw new Error('printToPDF did not return a PDF');
    }
    return pdf;
  } finally {
    if (window.destroy && !(window.isDestroyed?.() ?? false)) window.destroy();
  }
}
