/**
 * File names for exports. The CSV text itself comes from the product's one CSV writer,
 * shared/data/csv-write.ts (RFC 4180 quoting and formula-injection escaping).
 */
/** A file name from a title: lower case, words joined by hyphens, only [a-z0-9-]. */
export function fileNameFor(title: string, extension: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 80);
  return `${stem || 'export'}.${extension}`;
}
