// uncalled-app-factory: `web.run_app(create_app)` given the project function that makes the application
// instead of the application (or the coroutine its call returns): aiohttp refuses it at start with
// "TypeError: The first argument should be web.Application instance". The fix calls the factory.
import { functionRelated } from '../../rulekit/related';
import type { RuleFamily } from '../../rulekit/rule';
import { aiohttpFactsOf } from './graph';

export const runAppChecks: RuleFamily = {
  rules: [
    {
      id: 'uncalled-app-factory',
      defaultSeverity: 'error',
      summary: "aiohttp's run_app given the function that makes the application, not the application.",
      doc: {
        catches: '`web.run_app(create_app)` where `create_app` is a project function (an app factory, sync or `async def`) passed without being called.',
        whyItBreaks: '`run_app` takes an `Application` or a coroutine that returns one; a function is neither, and the server stops at start with `TypeError: The first argument should be web.Application instance`.',
        example: 'async def create_app():\n    app = web.Application()\n    ...\n    return app\n\nweb.run_app(create_app)  # TypeError at start',
        fix: 'Call the factory: `web.run_app(create_app())` (a coroutine is awaited by run_app).',
      },
    },
  ],
  check(ctx) {
    const runApps = aiohttpFactsOf(ctx.file.summary)?.runApps;
    if (!runApps?.length) return;
    for (const r of runApps) {
      if (ctx.project.symbols.externalName(ctx.file, r.callee) !== 'aiohttp.web.run_app') continue;
      const target = ctx.project.symbols.dotted(ctx.file, r.argument, ctx.tracker);
      if (target?.kind !== 'function' || target.fn.decorators.length) continue;
      const end = { line: r.span[2], character: r.span[3] };
      ctx.report({
        rule: 'uncalled-app-factory',
        span: r.span,
        message: `web.run_app() is given the factory '${r.argument}', not the app it makes; call it`,
        detail: `'${r.argument}' (${target.file.path}) is a function: aiohttp stops at start with TypeError ("The first argument should be web.Application instance"); pass ${r.argument}().`,
        related: functionRelated(target.file.path, target.fn, `'${r.argument}' is defined here`),
        fixes: [{ title: `Call '${r.argument}()'`, safety: 'safe', isPreferred: true, edits: [{ file: ctx.file.path, range: { start: end, end }, newText: '()' }] }],
      });
    }
  },
};
