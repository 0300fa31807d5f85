// SQLAlchemy's part of undeclared-dependency (checks/dependencies.ts): the driver a database URL names must be
// installed — `create_engine("postgresql+asyncpg://…")`, Flask-SQLAlchemy's `SQLALCHEMY_DATABASE_URI`
// (databaseUrls.ts), alembic.ini's `sqlalchemy.url` (its project-file kind, ../alembic/projectFiles.ts: `alembic upgrade` imports it).
import type { Span } from '../../core/types';
import type { RequiredPackage, RequiredPackagesPart } from '../../rulekit/requiredPackages';
import type { SourceFile } from '../../index/project';
import { distributionFor } from '../../rulekit/declaredDependencies';
import { isImported } from '../../rulekit/frameworkObjects';
import { SQLALCHEMY_DRIVERS } from '../../python/distributions';
import { alembicIniOf } from '../alembic/projectFiles';
import { sqlalchemyFactsOf } from './facts';

export const sqlalchemyRequiredPackages: RequiredPackagesPart = {
  ofFile: (file) => urlDrivers(engineUrls(file)),
  ofProjectFile: (summary) => urlDrivers(alembicIniOf(summary)?.databaseUrls ?? []),
};

/** `create_engine("postgresql+asyncpg://…")` and the configured URLs of the file's facts. */
function engineUrls(file: SourceFile): { value: string; span: Span }[] {
  const urls: { value: string; span: Span }[] = [...(sqlalchemyFactsOf(file.summary)?.sqlalchemyUrls ?? [])];
  for (const ref of file.summary.memberRefs) {
    if (ref.receiver.kind !== 'global' || ref.steps.length || ref.guards.length) continue;
    const callee = ref.receiver.name;
    const literal = ref.call?.strings?.[0];
    if (literal && (['create_engine', 'create_async_engine'] as const).some((f) => isImported(file, callee, 'sqlalchemy', f) || isImported(file, callee, 'sqlalchemy.ext.asyncio', f))) urls.push(literal);
  }
  return urls;
}

/** The drivers database URLs' schemes name (in code, settings or alembic.ini). */
function urlDrivers(urls: readonly { value: string; span: Span }[]): RequiredPackage[] {
  const required: RequiredPackage[] = [];
  for (const literal of urls) {
    const scheme = /^([a-z0-9_]+(?:\+[a-z0-9_]+)?):\/\//.exec(literal.value)?.[1];
    const driver = scheme ? SQLALCHEMY_DRIVERS[scheme] : undefined;
    if (!driver) continue;
    const dist = distributionFor(driver);
    required.push({
      span: literal.span,
      modules: [driver],
      distribution: dist,
      message: `Driver '${driver}' needs '${dist}', which no manifest declares`,
      subject: `The URL's driver '${driver}' (${scheme}://) needs '${dist}' installed`,
      breaks: 'create_engine raises ModuleNotFoundError.',
    });
  }
  return required;
}
