// What is written from the rule registry besides the rule pages (ruleDocs.ts): the `coherence.rules` setting's
// schema in package.json (each rule id a key with a severity enum, for the Settings UI and settings.json
// completion) and the README's rule table. scripts/write-rule-docs.js writes both; tests hold them equal.
import { ruleDocPath, ruleDocUrl } from './ruleDocs';
import type { SeveritySetting } from '../core/types';
import type { RuleMeta } from '../rulekit/rule';

export const SEVERITY_SETTINGS = ['error', 'warning', 'information', 'hint', 'off'] as const satisfies readonly SeveritySetting[];

/** The README lines between these markers are the generated table. */
export const README_TABLE_BEGIN = '<!-- rule table: written by scripts/write-rule-docs.js from the registry -->';
export const README_TABLE_END = '<!-- end of rule table -->';

export function rulesSettingSchema(rules: Iterable<RuleMeta>): object {
  const list = [...rules];
  return {
    type: 'object',
    default: {},
    properties: Object.fromEntries(
      list.map((r) => [
        r.id,
        {
          type: 'string',
          enum: [...SEVERITY_SETTINGS],
          markdownDescription: `${r.summary} Default: \`${r.defaultSeverity}\`. [Documentation](${ruleDocUrl(r.id)})`,
        },
      ]),
    ),
    additionalProperties: false,
    markdownDescription:
      'Severity per rule (`error`, `warning`, `information`, `hint` or `off`), e.g. `{"undefined-name": "warning", "unknown-module-attribute": "off"}`. ' +
      'The same table works as `[tool.coherence.rules]` in `pyproject.toml`; `# coherence: ignore[rule-id]` silences one line.',
    scope: 'resource',
  };
}

export function readmeRuleTable(rules: Iterable<RuleMeta>): string {
  const rows = [...rules].map((r) => `| [\`${r.id}\`](${ruleDocPath(r.id)}) | ${r.defaultSeverity} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return [README_TABLE_BEGIN, '| id | default severity | what it catches |', '|---|---|---|', ...rows, README_TABLE_END].join('\n');
}

/** The README with its rule table replaced (the markers must be there). */
export function withReadmeRuleTable(readme: string, rules: Iterable<RuleMeta>): string {
  const begin = readme.indexOf(README_TABLE_BEGIN);
  const end = readme.indexOf(README_TABLE_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no rule table markers');
  return readme.slice(0, begin) + readmeRuleTable(rules) + readme.slice(end + README_TABLE_END.length);
}
