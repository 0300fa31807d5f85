// Django's model, manager and queryset API by the version that added it (django/django docs/releases, read for
// 3.2 to 6.0): a name listed here is accepted whatever the version, unless the project pins a Django that
// predates it. Names every supported version has are not listed (MODEL_API, MANAGER_API in the rules).

/** Attributes of `models.Model` (its class and instances), by the Django version that added them. */
export const MODEL_API_SINCE: ReadonlyMap<string, string> = new Map([
  ['validate_constraints', '4.1'],
  ['get_constraints', '4.1'],
  ['asave', '4.2'],
  ['adelete', '4.2'],
  ['arefresh_from_db', '4.2'],
  // save() raises it when a forced update changes no row (before: DatabaseError).
  ['NotUpdated', '6.0'],
]);

/** Manager and QuerySet methods, by the Django version that added them. */
export const QUERYSET_API_SINCE: ReadonlyMap<string, string> = new Map([
  ['contains', '4.0'],
  ...[
    'aaggregate', 'abulk_create', 'abulk_update', 'acontains', 'acount', 'acreate', 'aearliest', 'aexists', 'aexplain', 'afirst',
    'aget', 'aget_or_create', 'ain_bulk', 'aiterator', 'alast', 'alatest', 'aupdate', 'aupdate_or_create', 'adelete',
  ].map((name) => [name, '4.1'] as [string, string]),
]);
