// How Django reads a class's header (the collector's classHeaders part, syntax/classHeaderReaders.ts): the models an
// `@admin.register(Article, Page)` decorator registers a ModelAdmin for (ClassInfo.registers, read by fieldChecks.ts),
// and the manager a `Manager.from_queryset(ArticleQuerySet)` base builds (ClassInfo.builtBases, read by querysets.ts).
import type { ClassHeaderReader } from '../../syntax/classHeaderReaders';

const REGISTER_DECORATOR = /(^|\.)register$/;
const FROM_QUERYSET = '.from_queryset';

export const djangoClassHeaders: ClassHeaderReader = {
  // The positional arguments that are dotted names (`site=` and other keywords left out).
  registeredBy: (decorator, args, ctx) => {
    if (!REGISTER_DECORATOR.test(decorator)) return undefined;
    return args.children
      .filter((a) => a.named && (a.type === 'identifier' || a.type === 'keyword_identifier' || a.type === 'attribute'))
      .map((a) => ctx.dottedText(a))
      .filter((d): d is string => !!d);
  },
  builtBase: (callee, firstArg) => (callee.endsWith(FROM_QUERYSET) ? { builder: callee.slice(0, -FROM_QUERYSET.length), argument: firstArg } : undefined),
};
