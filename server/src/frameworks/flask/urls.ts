// unknown-url-name for Flask: `url_for("blueprint.endpoint")`, in Python and in Jinja templates, naming an
// endpoint that no route of that blueprint defines. Only endpoints with a blueprint part are judged (the
// app's own routes are often registered inside an app factory, where we cannot see them), and only while
// the endpoint graph is fully read (see endpoints.ts).
import { nearestName } from '../../core/nearest';
import type { Span } from '../../core/types';
// (Helpers shared with the core's rule families: leaf modules of checks/, no circle through the registry.)
import { replaceSpanFix } from '../../rulekit/fixes';
import type { Finding, RuleFamily } from '../../rulekit/rule';
import { UNKNOWN_URL_NAME } from '../../rulekit/urlRules';
import { LAYOUT_KEY } from '../../index/project';
import { isImported } from '../../rulekit/frameworkObjects';
import { flaskEndpoints, type FlaskEndpoints } from './endpoints';
import { FLASK_ENDPOINTS_KEY } from './fingerprint';
import { flaskTemplateFactsOf } from './templateTags';

export const flaskUrlChecks: RuleFamily = {
  rules: [
    UNKNOWN_URL_NAME,
  ],
  check(ctx) {
    const refs = ctx.file.summary.memberRefs.filter((r) => r.receiver.kind === 'global' && r.receiver.name === 'url_for' && r.steps.length === 0 && r.call?.strings?.[0]);
    if (!refs.length || !isImported(ctx.file, 'url_for', 'flask', 'url_for')) return;
    const graph = endpointsTracked(ctx);
    for (const ref of refs) {
      const literal = ref.call!.strings![0]!;
      // The literal's span includes its quotes.
      const span: Span = [literal.span[0], literal.span[1] + 1, literal.span[2], literal.span[3] - 1];
      const finding = judge(graph, literal.value, span, ctx.file.path);
      if (finding) ctx.report(finding);
    }
  },
  checkProjectFile(ctx) {
    const urlFors = flaskTemplateFactsOf(ctx.summary)?.urlFors;
    if (!urlFors?.length) return;
    const graph = endpointsTracked(ctx);
    for (const u of urlFors) {
      const finding = judge(graph, u.endpoint, u.span, ctx.path);
      if (finding) ctx.report(finding);
    }
  },
};

function endpointsTracked(ctx: { project: Parameters<typeof flaskEndpoints>[0]; tracker: { add(key: string): void } }): FlaskEndpoints {
  const graph = flaskEndpoints(ctx.project);
  ctx.tracker.add(LAYOUT_KEY);
  ctx.tracker.add(FLASK_ENDPOINTS_KEY);
  for (const key of graph.files) ctx.tracker.add(key);
  return graph;
}

function judge(graph: FlaskEndpoints, endpoint: string, span: Span, file: string): Finding | null {
  if (!graph.complete || graph.blueprints.size === 0) return null;
  const dot = endpoint.indexOf('.');
  if (dot <= 0) return null; // `.view` (this blueprint) and app-level endpoints are not judged
  const blueprint = endpoint.slice(0, dot);
  const view = endpoint.slice(dot + 1);
  if (!graph.blueprints.has(blueprint)) {
    const suggestion = nearestName(blueprint, graph.blueprints.keys());
    return {
      rule: 'unknown-url-name',
      span: [span[0], span[1], span[0], span[1] + blueprint.length],
      message: `No blueprint named '${blueprint}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: `url_for('${endpoint}') raises BuildError: no blueprint of the app is named '${blueprint}'.`,
      fixes: suggestion ? [replaceSpanFix(file, [span[0], span[1], span[0], span[1] + blueprint.length], suggestion, `Change '${blueprint}' to '${suggestion}'`)] : [],
    };
  }
  const views = graph.blueprints.get(blueprint);
  if (!views || views.has(view) || view === 'static' || view.includes('.')) return null;
  const suggestion = nearestName(view, views);
  const viewSpan: Span = [span[0], span[1] + dot + 1, span[0], span[1] + endpoint.length];
  return {
    rule: 'unknown-url-name',
    span: viewSpan,
    message: `Blueprint '${blueprint}' has no endpoint '${view}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `url_for('${endpoint}') raises BuildError. The views of '${blueprint}': ${[...views].sort().slice(0, 8).join(', ') || 'none'}.`,
    fixes: suggestion ? [replaceSpanFix(file, viewSpan, suggestion, `Change '${view}' to '${suggestion}'`)] : [],
  };
}
