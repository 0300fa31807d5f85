// Every rule family, in one list. A rule's metadata, check and fixes live in its family's file.
import { dependencyChecks } from './dependencies';
import { djangoChecks } from './django';
import { djangoMigrationChecks } from './djangoMigrations';
import { djangoFieldChecks } from './djangoFields';
import { djangoRelatedManagerChecks } from './djangoRelatedManagers';
import { djangoUrlChecks } from './djangoUrls';
import { drfSerializerChecks } from './drfSerializers';
import { entrypointChecks } from './entrypoints';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { frameworkObjectChecks } from './frameworkObjects';
import { removedApiChecks } from './removedApis';
import { importChecks } from './imports';
import { memberChecks } from './members';
import { moduleAttributes } from './moduleAttributes';
import type { RuleFamily, RuleMeta } from './rule';
import { syntaxErrors } from './syntaxErrors';
import { unboundLocalChecks } from './unboundLocals';
import { undefinedNames } from './undefinedNames';

export const RULE_FAMILIES: readonly RuleFamily[] = [syntaxErrors, importChecks, undefinedNames, unboundLocalChecks, moduleAttributes, memberChecks, djangoChecks, djangoFieldChecks, djangoRelatedManagerChecks, djangoMigrationChecks, djangoUrlChecks, drfSerializerChecks, dependencyChecks, entrypointChecks, removedApiChecks, frameworkObjectChecks, ...FRAMEWORK_ADAPTERS.flatMap((a) => a.ruleFamilies)];

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(RULE_FAMILIES.flatMap((f) => f.rules).map((r) => [r.id, r]));
