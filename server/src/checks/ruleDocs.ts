// A rule's documentation, from its metadata: the page under docs/rules/ (written by scripts/write-rule-docs.js
// and held equal to this by a test), the text `coherence rules <id>` prints, and the link every diagnostic carries.
import type { RuleMeta } from '../rulekit/rule';

/** package.json `repository` (a test holds them equal) and the branch whose docs the links show. */
export const REPOSITORY_URL = 'https://github.com/coherence-dev/coherence';
const DOCS_BRANCH = 'main';

export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export function ruleDocUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/${DOCS_BRANCH}/${ruleDocPath(id)}`;
}

/** The four sections every page has, in order. */
export const RULE_DOC_SECTIONS = ['What it catches', 'Why it breaks', 'Example', 'Fix'] as const;

function sections(meta: RuleMeta): [string, string][] {
  return [
    [RULE_DOC_SECTIONS[0], meta.doc.catches],
    [RULE_DOC_SECTIONS[1], meta.doc.whyItBreaks],
    [RULE_DOC_SECTIONS[2], meta.doc.example],
    [RULE_DOC_SECTIONS[3], meta.doc.fix],
  ];
}

export function ruleDocMarkdown(meta: RuleMeta): string {
  return (
    [
      `# ${meta.id}`,
      `${meta.summary} Default severity: **${meta.defaultSeverity}**.`,
      ...sections(meta).map(([title, text]) => `## ${title}\n\n${title === 'Example' ? '```\n' + text + '\n```' : text}`),
      `Silence one line with \`# coherence: ignore[${meta.id}]\`, or set the rule's severity (or \`off\`) in \`[tool.coherence.rules]\` of pyproject.toml, the \`coherence.rules\` setting or \`coherence check --rule ${meta.id}=off\`.`,
    ].join('\n\n') + '\n'
  );
}

export function ruleDocText(meta: RuleMeta): string {
  const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n');
  return [`${meta.id} (default severity: ${meta.defaultSeverity})`, meta.summary, '', ...sections(meta).flatMap(([title, text]) => [`${title}:`, indent(text), '']), `More: ${ruleDocUrl(meta.id)}`, ''].join('\n');
}
