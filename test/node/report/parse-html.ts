/** Parses report HTML into a DOM for tests (jsdom; the project has no @types/jsdom, hence the narrow type). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: Document } } };

export function parseHtml(html: string): Document {
  return new JSDOM(html).window.document;
}
