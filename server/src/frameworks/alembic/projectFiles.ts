// Alembic's project-file kind (SQLAlchemy's adapter's project-file part, docs/adapters.md): alembic.ini, whose
// `sqlalchemy.url` is the database URL `alembic upgrade` connects with (its driver must be installed:
// ../sqlalchemy/requiredPackages.ts). Kept as ProjectFileSummary.frameworks.sqlalchemy.
import type { Span } from '../../core/types';
import type { ProjectFileKindReader, ProjectFileText } from '../../manifests/commands';
import type { ProjectFileSummary } from '../../index/projectFileSummary';
import { SQLALCHEMY_KEY } from '../sqlalchemy/facts';

/** What alembic.ini says that rules read. */
export interface AlembicIniFacts {
  /** `sqlalchemy.url = postgresql+psycopg2://…` values (literal URLs only), whose driver must be installed. */
  databaseUrls: { value: string; span: Span }[];
}

export const ALEMBIC_INI: ProjectFileKindReader = {
  kind: 'alembic-ini',
  names: ['alembic.ini'],
  read: (file) => readAlembicIni(file),
};

/** alembic.ini's facts, if the summary is of one that says something. */
export function alembicIniOf(summary: ProjectFileSummary): AlembicIniFacts | undefined {
  return summary.kind === ALEMBIC_INI.kind ? (summary.frameworks?.[SQLALCHEMY_KEY] as AlembicIniFacts | undefined) : undefined;
}

/** alembic.ini's `sqlalchemy.url` in any section (multi-database setups have one each); `%(var)s`/`${VAR}` values are not URLs yet. */
function readAlembicIni({ lines }: ProjectFileText): AlembicIniFacts | null {
  const urls: { value: string; span: Span }[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*sqlalchemy\.url\s*[=:]\s*)(\S+)\s*$/.exec(line);
    if (m && !/[%$]/.test(m[2])) urls.push({ value: m[2], span: [i, m[1].length, i, m[1].length + m[2].length] });
  });
  return urls.length ? { databaseUrls: urls } : null;
}
