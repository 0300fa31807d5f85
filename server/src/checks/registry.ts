// Every rule family, in one list. A rule's metadata, check and fixes live in its family's file.
import { djangoChecks } from './django';
import { djangoFieldChecks } from './djangoFields';
import { djangoUrlChecks } from './djangoUrls';
import { importChecks } from './imports';
import { memberChecks } from './members';
import { moduleAttributes } from './moduleAttributes';
import type { RuleFamily, RuleMeta } from './rule';
import { syntaxErrors } from './syntaxErrors';
import { undefinedNames } from './undefinedNames';

export const RULE_FAMILIES: readonly RuleFamily[] = [syntaxErrors, importChecks, undefinedNames, moduleAttributes, memberChecks, djangoChecks, djangoFieldChecks, djangoUrlChecks];

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(RULE_FAMILIES.flatMap((f) => f.rules).map((r) => [r.id, r]));
