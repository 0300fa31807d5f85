// Every rule family, in one list: the core's rules on names and members, the framework adapters' families (in
// the adapters' order), then the rest. A rule's metadata, check and fixes live in its family's file.
import { dependencyChecks } from './dependencies';
import { entrypointChecks } from './entrypoints';
import { FRAMEWORK_ADAPTERS, PROJECT_FILE_READERS } from '../frameworks/adapters';
import { frameworkObjectChecks } from './frameworkObjects';
import { removedApiChecks } from './removedApis';
import { importChecks } from './imports';
import { memberChecks } from './members';
import { moduleAttributes } from './moduleAttributes';
import type { RuleFamily, RuleMeta } from '../rulekit/rule';
import { syntaxErrors } from './syntaxErrors';
import { unboundLocalChecks } from './unboundLocals';
import { undefinedNames } from './undefinedNames';

export const RULE_FAMILIES: readonly RuleFamily[] = [syntaxErrors, importChecks, undefinedNames, unboundLocalChecks, moduleAttributes, memberChecks, ...FRAMEWORK_ADAPTERS.flatMap((a) => a.ruleFamilies), dependencyChecks(FRAMEWORK_ADAPTERS.flatMap((a) => a.requiredPackages ?? [])), entrypointChecks(PROJECT_FILE_READERS), removedApiChecks(FRAMEWORK_ADAPTERS.flatMap((a) => a.removedApis ?? [])), frameworkObjectChecks];

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(RULE_FAMILIES.flatMap((f) => f.rules).map((r) => [r.id, r]));
