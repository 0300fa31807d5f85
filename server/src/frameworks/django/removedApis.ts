// Django's part of removed-api (checks/removedApis.ts): its migrations are history (only removals are reported
// there, and they may keep field classes and module attributes since removed), and the settings modules'
// assignments of settings a version removed (`USE_L10N = True`: read by its collector, facts.ts).
import type { RemovedApiPart, RemovedApiUse } from '../../rulekit/removedApis';
import { djangoFactsOf } from './facts';

export const djangoRemovedApis: RemovedApiPart = {
  historyOf: (file) => (/(^|\/)migrations\/[^/]+\.py$/.test(file.path) || !!djangoFactsOf(file.summary)?.migration ? { keepsOldFields: true } : null),
  uses: {
    'django-setting': (ctx, row) => {
      const use = row.use;
      if (use.kind !== 'django-setting') return [];
      const found: RemovedApiUse[] = [];
      for (const setting of djangoFactsOf(ctx.file.summary)?.settings?.removedSettings ?? []) {
        if (setting.name !== use.name) continue;
        // Setting what Django now always does changes nothing: a note that the line can go.
        found.push(use.alwaysNow !== undefined && setting.value === use.alwaysNow ? { span: setting.span, alwaysNow: use.alwaysNow } : { span: setting.span });
      }
      return found;
    },
  },
};
