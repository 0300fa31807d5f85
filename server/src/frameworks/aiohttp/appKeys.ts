// unknown-app-key: `request.app["db"]` (or `app["db"]`, `request.config_dict["db"]`, `request.app[DB_KEY]`)
// reading a key that no code of the project sets on an application: KeyError at the first request that
// reads it. Judged only while every key set is evident (frameworks/aiohttp/graph.ts); reads inside a `try:`
// catching KeyError, under a membership test or through `.get()` are left alone.
import { nearestName } from '../../core/nearest';
import { spanToRange } from '../../core/types';
import { LAYOUT_KEY } from '../../index/project';
import type { RuleFamily } from '../../rulekit/rule';
import { AIOHTTP_GRAPH_KEY, aiohttpFactsOf, aiohttpIndexing } from './graph';

export const appKeyChecks: RuleFamily = {
  rules: [
    {
      id: 'unknown-app-key',
      defaultSeverity: 'error',
      summary: 'An aiohttp application key read that no code of the project sets.',
      doc: {
        catches: 'Reads of an aiohttp application\'s keys — `request.app["db"]`, `request.config_dict["db"]`, `request.app[DB_KEY]`, and `app["db"]` where module-level `app` holds `web.Application()` — naming a key that no code of the project sets on any application (`app["db"] = …`, `app.setdefault("db", …)`, `app.update(db=…)`, `app[DB_KEY] = …` with `DB_KEY = web.AppKey(…)`). Silent while any key is computed at run time, an application is handed to code outside the project (which may set keys of its own), or a file cannot be read.',
        whyItBreaks: 'An `Application` is a mapping: reading a missing key raises `KeyError` at the first request whose handler reads it, a 500 for the user.',
        example: '# main.py\napp["db"] = await create_engine()\n\n# views.py\nasync def index(request):\n    engine = request.app["database"]  # KeyError: \'database\'',
        fix: 'Read the key the application is given (`request.app["db"]`), or set the key where the application is built.',
      },
    },
  ],
  check(ctx) {
    const reads = aiohttpFactsOf(ctx.file.summary)?.keyReads;
    if (!reads?.length || !ctx.project.importsPackage('aiohttp', ctx.tracker)) return;
    ctx.tracker.add(AIOHTTP_GRAPH_KEY);
    ctx.tracker.add(LAYOUT_KEY);
    const graph = ctx.project.frameworkGraph(aiohttpIndexing);
    if (graph) ctx.tracker.addAll(graph.readKeys);
    if (!graph?.complete) return;
    const isApplication = new Map<string, boolean>();
    for (const read of reads) {
      if (read.receiver !== undefined) {
        // `app["db"]` on a module-level name: judged only when it holds `web.Application(…)`.
        let known = isApplication.get(read.receiver);
        if (known === undefined) {
          const made = ctx.project.symbols.assignedHint(ctx.file, read.receiver, ctx.tracker);
          known = made?.hint.kind === 'call' && ctx.project.symbols.externalName(made.file, made.hint.callee) === 'aiohttp.web.Application';
          isApplication.set(read.receiver, known);
        }
        if (!known) continue;
      }
      if (read.byName) {
        // Only names known to be AppKeys: any other name may hold a string key.
        if (!graph.appKeys.has(read.key) || graph.keyNames.has(read.key)) continue;
        ctx.report({
          rule: 'unknown-app-key',
          span: read.span,
          message: `Application key '${read.key}' is never set on an app`,
          detail: `'${read.key}' is an AppKey, but no code of the project sets it on an application (\`app[${read.key}] = …\`): the read raises KeyError.`,
        });
        continue;
      }
      if (graph.keys.has(read.key)) continue;
      const suggestion = nearestName(read.key, graph.keys.keys());
      ctx.report({
        rule: 'unknown-app-key',
        span: read.span,
        message: `Application key '${read.key}' is never set on an app${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        detail: `No code of the project sets '${read.key}' on an application (\`app["${read.key}"] = …\`): the read raises KeyError.${graph.keys.size ? ` Keys set: ${[...graph.keys.keys()].sort().join(', ')}.` : ''}`,
        // The span holds the literal with its quotes: the fix replaces what is between them (one-line, unprefixed literals only).
        fixes:
          suggestion && read.span[0] === read.span[2] && read.span[3] - read.span[1] === read.key.length + 2
            ? [{ title: `Read '${suggestion}'`, safety: 'safe', isPreferred: true, edits: [{ file: ctx.file.path, range: spanToRange([read.span[0], read.span[1] + 1, read.span[2], read.span[3] - 1]), newText: suggestion }] }]
            : undefined,
      });
    }
  },
};
