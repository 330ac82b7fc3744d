import type { SourceFile, Span } from '../source.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { rangeOfSpan, type FileReport } from './file-report.js';
import { Messages, type MessageTemplate } from './messages.js';
import { escapeControl, jsonWithEscapedControls } from '../../common/escape-control.js';

/** The subset of SARIF 2.1.0 (OASIS, sarif-schema-2.1.0.json) that unetc writes. */
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifPhysicalLocation {
  artifactLocation: { uri: string };
  region: SarifRegion;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: SarifPhysicalLocation; message: { text: string } }[];
  fixes?: {
    description: { text: string };
    artifactChanges: {
      artifactLocation: { uri: string };
      replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[];
    }[];
  }[];
}

export interface SarifOptions {
  readonly toolVersion: string;
}

/**
 * A SARIF 2.1.0 log for code scanning: one run, `tool.driver.rules` = the whole catalogue,
 * one result per diagnostic with 1-based regions (end column exclusive, as SARIF counts).
 */
export function renderSarif(reports: readonly FileReport[], options: SarifOptions): string {
  const rules = Object.entries(Messages as Record<string, MessageTemplate>).map(([name, t]) => ({
    id: t.code,
    name,
    shortDescription: { text: describeTemplate(t.message) },
    ...(t.hint ? { help: { text: describeTemplate(t.hint) } } : {}),
    defaultConfiguration: { level: level(t.severity) },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: SarifResult[] = [];
  for (const report of reports) {
    for (const d of report.diagnostics) results.push(result(d, report.source, ruleIndex.get(d.code)));
  }
  const unreadable = reports.filter((r) => r.error !== undefined);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'unetc',
            version: options.toolVersion,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: unreadable.length === 0,
            toolExecutionNotifications: unreadable.map((r) => ({
              level: 'error',
              message: { text: escapeControl(r.error ?? '') },
              locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(r.file) } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${jsonWithEscapedControls(log)}\n`;
}

function result(d: Diagnostic, source: SourceFile | undefined, index: number | undefined): SarifResult {
  const at = (span: Span): SarifPhysicalLocation => ({
    artifactLocation: { uri: fileUri(span.file) },
    region: region(span.file === source?.fileName ? source : undefined, span),
  });
  // JSON escapes controls itself, but viewers show the text: a spec's ESC must not reach a terminal.
  const text = escapeControl(d.hint ? `${d.message} (hint: ${d.hint})` : d.message);
  return {
    ruleId: d.code,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: level(d.severity),
    message: { text },
    locations: [{ physicalLocation: at(d.span) }],
    ...(d.related && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, id) => ({
            id,
            physicalLocation: at(r.span),
            message: { text: escapeControl(r.message) },
          })),
        }
      : {}),
    ...(d.fix
      ? {
          fixes: [
            {
              description: { text: escapeControl(d.fix.description) },
              artifactChanges: groupByFile(d.fix.edits.map((e) => e.span.file)).map((file) => ({
                artifactLocation: { uri: fileUri(file) },
                replacements: d
                  .fix!.edits.filter((e) => e.span.file === file)
                  .map((e) => ({ deletedRegion: at(e.span).region, insertedContent: { text: e.text } })),
              })),
            },
          ],
        }
      : {}),
  };
}

function region(source: SourceFile | undefined, span: Span): SarifRegion {
  const r = rangeOfSpan(source, span);
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

/** Relative paths stay relative (GitHub resolves them against the checkout); segments are %-encoded. */
export function fileUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed))
    return `file:///${slashed.slice(0, 2)}${encoded.slice(encoded.indexOf('/'))}`;
  return slashed.startsWith('/') ? `file://${encoded}` : encoded;
}

/** `{name}` placeholders read as `<name>` in rule descriptions. */
function describeTemplate(template: string): string {
  return template.replace(/\{(\w+)\}/g, '<$1>');
}

function groupByFile(files: readonly string[]): string[] {
  return [...new Set(files)];
}
