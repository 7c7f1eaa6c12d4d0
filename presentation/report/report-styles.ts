/** The report's only stylesheet, inlined in the document: readable on screen, clean on A4/Letter paper. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f2; color: #1a1a1a; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 32px 40px 64px; background: #ffffff; }
header.report-header { border-bottom: 2px solid #1a1a1a; margin-bottom: 24px; padding-bottom: 12px; }
h1 { font-size: 28px; margin: 0 0 4px; }
.report-subtitle { color: #4d4d4d; margin: 0; }
.suppression-banner { margin: 12px 0 0; padding: 8px 12px; background: #fff4e0; border-left: 4px solid #e69f00; font-size: 14px; }
nav.toc { margin: 0 0 24px; font-size: 14px; }
nav.toc ol { margin: 4px 0 0; padding-left: 20px; columns: 2; }
nav.toc a { color: #0b5394; text-decoration: none; }
section.report-section { margin: 32px 0 0; }
h2 { font-size: 21px; border-bottom: 1px solid #d0d0d0; padding-bottom: 4px; margin: 0 0 12px; }
p { margin: 8px 0; }
p.tone-summary { background: #eef5fb; border-left: 4px solid #0072b2; padding: 8px 12px; }
p.tone-warning { background: #fff4e0; border-left: 4px solid #e69f00; padding: 6px 12px; font-size: 14px; }
p.tone-note { font-style: italic; }
figure { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: #4d4d4d; }
table { border-collapse: collapse; margin: 12px 0; font-size: 14px; width: 100%; break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e0e0e0; vertical-align: top; }
th { border-bottom: 2px solid #1a1a1a; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.suppressed { color: #8a5a00; }
tfoot td { border: none; font-size: 12px; color: #4d4d4d; }
dl.definitions { display: grid; grid-template-columns: minmax(220px, 2fr) 3fr; gap: 2px 16px; margin: 12px 0; font-size: 14px; }
dl.definitions dt { color: #4d4d4d; }
dl.definitions dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
pre { background: #f6f6f6; border: 1px solid #e0e0e0; padding: 12px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; }
.heatmap td { text-align: center; border: 1px solid #ffffff; min-width: 64px; }
.heatmap th { font-size: 12px; border-bottom: none; }
footer.report-footer { margin-top: 40px; font-size: 12px; color: #4d4d4d; border-top: 1px solid #d0d0d0; padding-top: 8px; }
@media print {
  body { background: #ffffff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section.report-section { break-before: page; page-break-before: always; margin-top: 0; }
  section.report-section:first-of-type { break-before: auto; page-break-before: auto; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm 14mm; }
`;
