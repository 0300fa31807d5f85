// What the Flask endpoint graph reads of one file, as a string: an edit that changes it re-checks every
// file that consulted the graph (url_for users, templates), though the file's surface may be the same.
import type { FileSummary } from '../../syntax/summary';

/** Dependency key of every check that consulted the Flask endpoint graph. */
export const FLASK_ENDPOINTS_KEY = '#flask-endpoints';

const READ = new Set(['route', 'get', 'post', 'put', 'delete', 'patch', 'register_blueprint', 'add_url_rule', 'as_view']);

export function importsFlask(summary: FileSummary): boolean {
  return summary.imports.some((r) => r.module === 'flask' || r.module.startsWith('flask.') || r.module.startsWith('flask_'));
}

export function flaskFingerprint(summary: FileSummary | null | undefined): string {
  if (!summary || !importsFlask(summary)) return '';
  return JSON.stringify([
    summary.memberRefs
      .filter((r) => r.receiver.kind === 'global' && (r.steps.length === 0 ? !!r.call?.strings : r.steps.some((s) => READ.has(s.name))))
      .map((r) => [r.receiver.kind === 'global' ? r.receiver.name : '', r.steps.map((s) => s.name), r.call?.keywords.map((k) => k.name) ?? null, r.call?.strings?.[0]?.value ?? null, r.rootSpan[0]]),
    summary.functions.map((f) => [f.name, f.decorators]),
    summary.moduleBindings.filter((b) => b.kind === 'assign').map((b) => [b.name, b.span[0]]),
    summary.imports.map((r) => [r.module, r.names.map((n) => n.name)]),
  ]);
}
