// The model bases, managers and field classes of the third-party packages real Django projects use most,
// shipped as data (like Django's contrib models in djangoContrib.ts): a model built on them is a model
// whose inherited fields are known, instead of a class with an unknown base. Read from the packages'
// sources: django-mptt 0.19 (4200dd3), django-soft-delete 1.0.23 (61b5340), django-treenode 0.24 (38431e7),
// django-ordered-model 3.7 (f4a338c), django-money 3.x (b255e278), django-guardian 3.x (bd5a274), django-model-utils 5.0, django-extensions 4.1, django-polymorphic
// 4.11, django-taggit 6.1, django-treebeard 7.0, wagtail main (after 7.x; older releases have a subset of
// Page's fields, and `wagtail.core.models` for `wagtail.models`), django-modelcluster 6.x.
// Names some version has are listed: a name that exists in any supported version is never reported.

export interface OutsideField {
  name: string;
  /** The Django field class it behaves as (`CharField`, `ForeignKey`…); `GenericForeignKey` has no column. */
  type: string;
  /** For relations: `"app.Model"` of Django's contrib or of this table, `AUTH_USER_MODEL`, `self` (each concrete subclass), or `?` (a model we do not list). */
  target?: string;
  related_name?: string;
  related_query_name?: string;
}

export interface ThirdPartyModel {
  /** Unique in the combined table (`taggit.Tag`): the name bases refer to. */
  id: string;
  name: string;
  /** The app label of its package (`taggit`), for `"app.Model"` targets of the concrete ones. */
  app: string;
  /** INSTALLED_APPS entries that install its app (a concrete model exists only then). */
  installedAs: string[];
  abstract: boolean;
  /** Other entries (ids) it inherits from. */
  bases: string[];
  /** The modules that define or re-export it. */
  modules: string[];
  fields: OutsideField[];
  /** Methods, properties and class attributes besides the fields. */
  members: string[];
  /** Its managers with their methods beyond Django's Manager API; null: a manager whose API we do not list. */
  managers?: Record<string, string[] | null>;
  /**
   * Subclasses may have fields no table lists (django-polymorphic's `Model___field` lookups), or attributes
   * (a metaclass or signal adds per-choice managers, methods forwarded at run time).
   */
  fieldsOpen?: boolean;
  attributesOpen?: boolean;
}

const TREE_QUERYSET = ['get_descendants', 'get_ancestors', 'get_cached_trees'];
const TREE_MANAGER = [
  ...TREE_QUERYSET, 'add_related_count', 'get_queryset_descendants', 'get_queryset_ancestors', 'disable_mptt_updates',
  'delay_mptt_updates', 'parent_attr', 'left_attr', 'right_attr', 'tree_id_attr', 'level_attr', 'insert_node', 'move_node',
  'root_node', 'root_nodes', 'rebuild', 'partial_rebuild', 'build_tree_nodes', 'tree_model',
];
const NATURAL_KEY = ['get_by_natural_key'];
const POLYMORPHIC_MANAGER = ['non_polymorphic', 'instance_of', 'not_instance_of', 'get_real_instances', 'create_from_super'];
const TREEBEARD_NODE = [
  'get_depth', 'is_root', 'is_leaf', 'is_sibling_of', 'is_child_of', 'is_descendant_of', 'add_root', 'add_child', 'add_sibling',
  'move', 'load_bulk', 'dump_bulk', 'get_root_nodes', 'get_first_root_node', 'get_last_root_node', 'find_problems', 'fix_tree',
  'get_tree', 'get_descendants_group_count', 'get_annotated_list_qs', 'get_annotated_list', 'get_children', 'get_children_count',
  'get_siblings', 'get_descendants', 'get_descendant_count', 'get_first_child', 'get_last_child', 'get_first_sibling',
  'get_last_sibling', 'get_prev_sibling', 'get_next_sibling', 'get_root', 'get_parent', 'get_ancestors', 'node_order_by',
];
const WAGTAIL_MODELS = ['wagtail.models', 'wagtail.core.models'];
/** django-treenode's TreeNodeModel: its `tn_*` columns, then its methods, properties and class properties. */
const TREENODE_COLUMNS: OutsideField[] = [
  ...['tn_ancestors_pks', 'tn_children_pks', 'tn_descendants_pks', 'tn_siblings_pks'].map((name) => ({ name, type: 'TextField' })),
  ...['tn_ancestors_count', 'tn_children_count', 'tn_depth', 'tn_descendants_count', 'tn_index', 'tn_level', 'tn_priority', 'tn_order', 'tn_siblings_count'].map((name) => ({ name, type: 'PositiveIntegerField' })),
  { name: 'tn_parent', type: 'ForeignKey', target: 'self', related_name: 'tn_children' },
];
const TREENODE_MEMBERS = [
  'treenode_display_field', 'delete_tree', 'update_tree', 'get_display', 'get_display_text', 'set_parent', 'set_priority',
  ...['ancestors', 'children', 'descendants', 'siblings'].flatMap((n) => [n, `${n}_count`, `${n}_pks`, `get_${n}`, `get_${n}_count`, `get_${n}_pks`, `get_${n}_queryset`]),
  'breadcrumbs', 'get_breadcrumbs', 'descendants_tree', 'descendants_tree_display', 'get_descendants_tree', 'get_descendants_tree_display',
  'depth', 'get_depth', 'first_child', 'get_first_child', 'last_child', 'get_last_child', 'index', 'get_index', 'level', 'get_level',
  'order', 'get_order', 'parent', 'get_parent', 'parent_pk', 'get_parent_pk', 'priority', 'get_priority', 'root', 'get_root', 'root_pk',
  'get_root_pk', 'roots', 'get_roots', 'get_roots_queryset', 'tree', 'get_tree', 'tree_display', 'get_tree_display',
  'is_ancestor_of', 'is_child_of', 'is_descendant_of', 'is_first_child', 'is_last_child', 'is_leaf', 'is_parent_of', 'is_root', 'is_root_of', 'is_sibling_of',
];
/** django-guardian's object-permission managers (UserObjectPermissionManager, GroupObjectPermissionManager). */
const GUARDIAN_MANAGER = ['user_or_group_field', 'is_generic', 'assign_perm', 'bulk_assign_perm', 'assign_perm_to_many', 'assign', 'remove_perm', 'bulk_remove_perm', 'remove_perm_from_many'];
const GUARDIAN_MODELS = ['guardian.models', 'guardian.models.models'];
/** django-ordered-model's OrderedModelQuerySet (its manager is `Manager.from_queryset` of it). */
const ORDERED_QUERYSET = ['get_max_order', 'get_min_order', 'get_next_order', 'above', 'above_instance', 'below', 'below_instance', 'decrease_order', 'increase_order'];
const ORDERED_MEMBERS = [
  'order_field_name', 'order_with_respect_to', 'order_class_path', 'get_order_with_respect_to', 'get_ordering_queryset', 'previous', 'next',
  'swap', 'up', 'down', 'to', 'above', 'below', 'top', 'bottom',
];

export const THIRD_PARTY_MODELS: ThirdPartyModel[] = [
  // django-mptt: the tree columns are added to every concrete subclass (renamed by MPTTMeta.*_attr: then open).
  {
    id: 'mptt.MPTTModel', name: 'MPTTModel', app: 'mptt', installedAs: ['mptt'], abstract: true, bases: [], modules: ['mptt.models'],
    fields: ['lft', 'rght', 'tree_id', 'level'].map((name) => ({ name, type: 'PositiveIntegerField' })),
    members: [
      'get_ancestors', 'get_family', 'get_children', 'get_descendants', 'get_descendant_count', 'get_leafnodes', 'get_next_sibling',
      'get_previous_sibling', 'get_root', 'get_siblings', 'get_level', 'insert_at', 'is_child_node', 'is_leaf_node', 'is_root_node',
      'is_descendant_of', 'is_ancestor_of', 'move_to', 'MPTTMeta',
    ],
    managers: { objects: TREE_MANAGER, _tree_manager: TREE_MANAGER },
  },
  // django-treenode (the tree is kept in denormalised `tn_*` columns; Django's default manager).
  { id: 'treenode.TreeNodeModel', name: 'TreeNodeModel', app: 'treenode', installedAs: [], abstract: true, bases: [], modules: ['treenode.models'], fields: TREENODE_COLUMNS, members: TREENODE_MEMBERS },
  // django-ordered-model: OrderedModelBase names its order column in `order_field_name` (a subclass declares it); OrderedModel's is `order`.
  { id: 'ordered_model.OrderedModelBase', name: 'OrderedModelBase', app: 'ordered_model', installedAs: [], abstract: true, bases: [], modules: ['ordered_model.models'], fields: [], members: ORDERED_MEMBERS, managers: { objects: ORDERED_QUERYSET } },
  { id: 'ordered_model.OrderedModel', name: 'OrderedModel', app: 'ordered_model', installedAs: [], abstract: true, bases: ['ordered_model.OrderedModelBase'], modules: ['ordered_model.models'], fields: [{ name: 'order', type: 'PositiveIntegerField' }], members: [] },
  // django-guardian: object permissions, generic (content_type + object_pk) or with a direct `content_object` ForeignKey a subclass declares.
  { id: 'guardian.BaseObjectPermission', name: 'BaseObjectPermission', app: 'guardian', installedAs: [], abstract: true, bases: [], modules: GUARDIAN_MODELS, fields: [{ name: 'permission', type: 'ForeignKey', target: 'auth.Permission' }], members: [] },
  {
    id: 'guardian.BaseGenericObjectPermission', name: 'BaseGenericObjectPermission', app: 'guardian', installedAs: [], abstract: true, bases: [], modules: GUARDIAN_MODELS,
    fields: [{ name: 'content_type', type: 'ForeignKey', target: 'contenttypes.ContentType' }, { name: 'object_pk', type: 'CharField' }, { name: 'content_object', type: 'GenericForeignKey' }],
    members: [],
  },
  { id: 'guardian.UserObjectPermissionBase', name: 'UserObjectPermissionBase', app: 'guardian', installedAs: [], abstract: true, bases: ['guardian.BaseObjectPermission'], modules: GUARDIAN_MODELS, fields: [{ name: 'user', type: 'ForeignKey', target: 'AUTH_USER_MODEL' }], members: [], managers: { objects: GUARDIAN_MANAGER } },
  { id: 'guardian.GroupObjectPermissionBase', name: 'GroupObjectPermissionBase', app: 'guardian', installedAs: [], abstract: true, bases: ['guardian.BaseObjectPermission'], modules: GUARDIAN_MODELS, fields: [{ name: 'group', type: 'ForeignKey', target: 'auth.Group' }], members: [], managers: { objects: GUARDIAN_MANAGER } },
  { id: 'guardian.UserObjectPermissionAbstract', name: 'UserObjectPermissionAbstract', app: 'guardian', installedAs: [], abstract: true, bases: ['guardian.UserObjectPermissionBase', 'guardian.BaseGenericObjectPermission'], modules: GUARDIAN_MODELS, fields: [], members: [] },
  { id: 'guardian.GroupObjectPermissionAbstract', name: 'GroupObjectPermissionAbstract', app: 'guardian', installedAs: [], abstract: true, bases: ['guardian.GroupObjectPermissionBase', 'guardian.BaseGenericObjectPermission'], modules: GUARDIAN_MODELS, fields: [], members: [] },
  { id: 'guardian.UserObjectPermission', name: 'UserObjectPermission', app: 'guardian', installedAs: ['guardian'], abstract: false, bases: ['guardian.UserObjectPermissionAbstract'], modules: GUARDIAN_MODELS, fields: [], members: [] },
  { id: 'guardian.GroupObjectPermission', name: 'GroupObjectPermission', app: 'guardian', installedAs: ['guardian'], abstract: false, bases: ['guardian.GroupObjectPermissionAbstract'], modules: GUARDIAN_MODELS, fields: [], members: [] },
  // django-model-utils
  { id: 'model_utils.TimeStampedModel', name: 'TimeStampedModel', app: 'model_utils', installedAs: [], abstract: true, bases: [], modules: ['model_utils.models'], fields: [{ name: 'created', type: 'DateTimeField' }, { name: 'modified', type: 'DateTimeField' }], members: [] },
  // A `timeframed` QueryManager is added when the model is prepared; StatusModel adds one per STATUS choice.
  { id: 'model_utils.TimeFramedModel', name: 'TimeFramedModel', app: 'model_utils', installedAs: [], abstract: true, bases: [], modules: ['model_utils.models'], fields: [{ name: 'start', type: 'DateTimeField' }, { name: 'end', type: 'DateTimeField' }], members: [], managers: { timeframed: null } },
  { id: 'model_utils.StatusModel', name: 'StatusModel', app: 'model_utils', installedAs: [], abstract: true, bases: [], modules: ['model_utils.models'], fields: [{ name: 'status', type: 'CharField' }, { name: 'status_changed', type: 'DateTimeField' }], members: [], attributesOpen: true },
  { id: 'model_utils.SoftDeletableModel', name: 'SoftDeletableModel', app: 'model_utils', installedAs: [], abstract: true, bases: [], modules: ['model_utils.models'], fields: [{ name: 'is_removed', type: 'BooleanField' }], members: [], managers: { objects: [], available_objects: [], all_objects: [] } },
  { id: 'model_utils.UUIDModel', name: 'UUIDModel', app: 'model_utils', installedAs: [], abstract: true, bases: [], modules: ['model_utils.models'], fields: [{ name: 'id', type: 'UUIDField' }], members: [] },
  // django-soft-delete (1.0.23; `is_deleted` was a field before 1.0, a property since): querysets have
  // `hard_delete()`/`restore()` beyond Django's (a table manager's querysets are open).
  {
    id: 'django_softdelete.SoftDeleteModel', name: 'SoftDeleteModel', app: 'django_softdelete', installedAs: [], abstract: true, bases: [], modules: ['django_softdelete.models'],
    fields: [{ name: 'deleted_at', type: 'DateTimeField' }, { name: 'restored_at', type: 'DateTimeField' }, { name: 'transaction_id', type: 'UUIDField' }],
    members: ['is_deleted', 'is_restored', 'hard_delete', 'restore'],
    managers: { objects: [], deleted_objects: [], global_objects: [] },
  },
  // django-extensions
  { id: 'django_extensions.TimeStampedModel', name: 'TimeStampedModel', app: 'django_extensions', installedAs: [], abstract: true, bases: [], modules: ['django_extensions.db.models'], fields: [{ name: 'created', type: 'DateTimeField' }, { name: 'modified', type: 'DateTimeField' }], members: ['update_modified'] },
  { id: 'django_extensions.TitleDescriptionModel', name: 'TitleDescriptionModel', app: 'django_extensions', installedAs: [], abstract: true, bases: [], modules: ['django_extensions.db.models'], fields: [{ name: 'title', type: 'CharField' }, { name: 'description', type: 'TextField' }], members: [] },
  { id: 'django_extensions.TitleSlugDescriptionModel', name: 'TitleSlugDescriptionModel', app: 'django_extensions', installedAs: [], abstract: true, bases: ['django_extensions.TitleDescriptionModel'], modules: ['django_extensions.db.models'], fields: [{ name: 'slug', type: 'SlugField' }], members: [] },
  {
    id: 'django_extensions.ActivatorModel', name: 'ActivatorModel', app: 'django_extensions', installedAs: [], abstract: true, bases: [], modules: ['django_extensions.db.models'],
    fields: [{ name: 'status', type: 'IntegerField' }, { name: 'activate_date', type: 'DateTimeField' }, { name: 'deactivate_date', type: 'DateTimeField' }],
    members: ['INACTIVE_STATUS', 'ACTIVE_STATUS', 'STATUS_CHOICES'],
    managers: { objects: ['active', 'inactive'] },
  },
  // django-polymorphic: querysets take `OtherModel___field` lookups, so the fields lookups may name are open.
  {
    id: 'polymorphic.PolymorphicModel', name: 'PolymorphicModel', app: 'polymorphic', installedAs: ['polymorphic'], abstract: true, bases: [], modules: ['polymorphic.models'],
    fields: [{ name: 'polymorphic_ctype', type: 'ForeignKey', target: 'contenttypes.ContentType', related_name: 'polymorphic_%(app_label)s.%(class)s_set+' }],
    members: [
      'polymorphic_model_marker', 'polymorphic_query_multiline_output', 'polymorphic_internal_model_fields', 'polymorphic_primary_key_name',
      'translate_polymorphic_Q_object', 'pre_save_polymorphic', 'get_real_instance_class', 'get_real_concrete_instance_class_id',
      'get_real_concrete_instance_class', 'get_real_instance',
    ],
    managers: { objects: POLYMORPHIC_MANAGER },
    fieldsOpen: true,
  },
  // django-taggit
  { id: 'taggit.TagBase', name: 'TagBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: [], modules: ['taggit.models'], fields: [{ name: 'name', type: 'CharField' }, { name: 'slug', type: 'SlugField' }], members: ['natural_key', 'natural_key_fields', 'slugify'], managers: { objects: NATURAL_KEY } },
  { id: 'taggit.Tag', name: 'Tag', app: 'taggit', installedAs: ['taggit'], abstract: false, bases: ['taggit.TagBase'], modules: ['taggit.models'], fields: [], members: [], managers: { objects: [...NATURAL_KEY, 'orphaned'] } },
  { id: 'taggit.ItemBase', name: 'ItemBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: [], modules: ['taggit.models'], fields: [], members: ['natural_key', 'natural_key_fields', 'tag_model', 'tag_relname', 'lookup_kwargs', 'tags_for'], managers: { objects: NATURAL_KEY } },
  { id: 'taggit.TaggedItemBase', name: 'TaggedItemBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: ['taggit.ItemBase'], modules: ['taggit.models'], fields: [{ name: 'tag', type: 'ForeignKey', target: 'taggit.Tag', related_name: '%(app_label)s_%(class)s_items' }], members: [] },
  {
    id: 'taggit.CommonGenericTaggedItemBase', name: 'CommonGenericTaggedItemBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: ['taggit.ItemBase'], modules: ['taggit.models'],
    fields: [{ name: 'content_type', type: 'ForeignKey', target: 'contenttypes.ContentType', related_name: '%(app_label)s_%(class)s_tagged_items' }, { name: 'content_object', type: 'GenericForeignKey' }],
    members: [],
  },
  { id: 'taggit.GenericTaggedItemBase', name: 'GenericTaggedItemBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: ['taggit.CommonGenericTaggedItemBase'], modules: ['taggit.models'], fields: [{ name: 'object_id', type: 'IntegerField' }], members: [] },
  { id: 'taggit.GenericUUIDTaggedItemBase', name: 'GenericUUIDTaggedItemBase', app: 'taggit', installedAs: ['taggit'], abstract: true, bases: ['taggit.CommonGenericTaggedItemBase'], modules: ['taggit.models'], fields: [{ name: 'object_id', type: 'UUIDField' }], members: [] },
  { id: 'taggit.TaggedItem', name: 'TaggedItem', app: 'taggit', installedAs: ['taggit'], abstract: false, bases: ['taggit.GenericTaggedItemBase', 'taggit.TaggedItemBase'], modules: ['taggit.models'], fields: [], members: [] },
  // django-treebeard 7 forwards the node methods that moved to its managers (older releases define them): attributes open.
  { id: 'treebeard.Node', name: 'Node', app: 'treebeard', installedAs: ['treebeard'], abstract: true, bases: [], modules: ['treebeard.models'], fields: [], members: TREEBEARD_NODE, managers: { objects: null }, attributesOpen: true },
  { id: 'treebeard.MP_Node', name: 'MP_Node', app: 'treebeard', installedAs: ['treebeard'], abstract: true, bases: ['treebeard.Node'], modules: ['treebeard.mp_tree'], fields: [{ name: 'path', type: 'CharField' }, { name: 'depth', type: 'PositiveIntegerField' }, { name: 'numchild', type: 'PositiveIntegerField' }], members: ['steplen', 'alphabet', 'numconv_obj'] },
  { id: 'treebeard.NS_Node', name: 'NS_Node', app: 'treebeard', installedAs: ['treebeard'], abstract: true, bases: ['treebeard.Node'], modules: ['treebeard.ns_tree'], fields: ['lft', 'rgt', 'tree_id', 'depth'].map((name) => ({ name, type: 'PositiveIntegerField' })), members: [] },
  { id: 'treebeard.AL_Node', name: 'AL_Node', app: 'treebeard', installedAs: ['treebeard'], abstract: true, bases: ['treebeard.Node'], modules: ['treebeard.al_tree'], fields: [], members: [] },
  // django-modelcluster: child relations are set through the constructor and attributes at run time.
  { id: 'modelcluster.ClusterableModel', name: 'ClusterableModel', app: 'modelcluster', installedAs: [], abstract: true, bases: [], modules: ['modelcluster.models', ...WAGTAIL_MODELS], fields: [], members: [], attributesOpen: true },
  // wagtail: Page (the concrete model every page type inherits, multi-table) and Orderable.
  {
    id: 'wagtailcore.Page', name: 'Page', app: 'wagtailcore', installedAs: ['wagtail', 'wagtail.core'], abstract: false, bases: ['treebeard.MP_Node', 'modelcluster.ClusterableModel'], modules: WAGTAIL_MODELS,
    fields: [
      ...['title', 'draft_title', 'seo_title'].map((name) => ({ name, type: 'CharField' })),
      { name: 'slug', type: 'SlugField' },
      { name: 'content_type', type: 'ForeignKey', target: 'contenttypes.ContentType', related_name: 'pages' },
      ...['url_path', 'search_description'].map((name) => ({ name, type: 'TextField' })),
      { name: 'owner', type: 'ForeignKey', target: 'AUTH_USER_MODEL', related_name: 'owned_pages' },
      ...['show_in_menus', 'live', 'has_unpublished_changes', 'expired', 'locked'].map((name) => ({ name, type: 'BooleanField' })),
      ...['latest_revision_created_at', 'first_published_at', 'last_published_at', 'go_live_at', 'expire_at', 'locked_at'].map((name) => ({ name, type: 'DateTimeField' })),
      { name: 'alias_of', type: 'ForeignKey', target: '?', related_name: 'aliases' },
      { name: 'live_revision', type: 'ForeignKey', target: '?', related_name: '+' },
      { name: 'latest_revision', type: 'ForeignKey', target: '?', related_name: '+' },
      { name: 'locked_by', type: 'ForeignKey', target: 'AUTH_USER_MODEL', related_name: 'locked_pages' },
      { name: 'translation_key', type: 'UUIDField' },
      { name: 'locale', type: 'ForeignKey', target: '?', related_name: '+' },
    ],
    members: [],
    managers: { objects: null },
    attributesOpen: true,
  },
  { id: 'wagtailcore.Orderable', name: 'Orderable', app: 'wagtailcore', installedAs: [], abstract: true, bases: [], modules: WAGTAIL_MODELS, fields: [{ name: 'sort_order', type: 'IntegerField' }], members: ['sort_order_field'] },
];

/** Managers of these packages (as a model declares them: `objects = TreeManager()`), with their methods beyond Django's Manager API; null: not listed. */
export const THIRD_PARTY_MANAGERS = new Map<string, string[] | null>([
  ['mptt.managers.TreeManager', TREE_MANAGER],
  ['mptt.models.TreeManager', TREE_MANAGER],
  ['model_utils.managers.InheritanceManager', ['select_subclasses', 'get_subclass', 'instance_of']],
  ['model_utils.managers.QueryManager', []],
  ['model_utils.managers.SoftDeletableManager', []],
  ['model_utils.managers.JoinManager', ['join']],
  ['polymorphic.managers.PolymorphicManager', POLYMORPHIC_MANAGER],
  ['django_extensions.db.models.ActivatorModelManager', ['active', 'inactive']],
  ['taggit.models.NaturalKeyManager', NATURAL_KEY],
  ['ordered_model.models.OrderedModelManager', ORDERED_QUERYSET],
  ...['guardian.managers.UserObjectPermissionManager', 'guardian.managers.GroupObjectPermissionManager'].map((name) => [name, GUARDIAN_MANAGER] as [string, string[]]),
  ...['SoftDeleteManager', 'DeletedManager', 'GlobalManager'].map((name) => [`django_softdelete.managers.${name}`, []] as [string, string[]]),
  ['treebeard.mp_tree.MP_NodeManager', null],
  ['treebeard.ns_tree.NS_NodeManager', null],
  ['treebeard.al_tree.AL_NodeManager', null],
  ['wagtail.models.PageManager', null],
  ['wagtail.core.models.PageManager', null],
]);

/** What a field class outside the project is (THIRD_PARTY_FIELDS). */
export interface OutsideFieldClass {
  kind: 'plain' | 'relation' | 'unknown';
  type?: string;
  /**
   * A column the field adds beside its own (django-money's `price_currency` for `price = MoneyField(…)`):
   * `<name><suffix>`, unless the `nameKeyword` argument names it (then the model's names are open).
   */
  companion?: { suffix: string; nameKeyword: string };
}

/**
 * Field classes of these packages, by the Django field they behave as: relations take their target and
 * options like Django's (`TreeForeignKey(to="self", related_name="children")`); `unknown` ones (django-taggit's
 * TaggableManager, a many-to-many through a model of its own) are fields whose lookups and columns we do not judge.
 */
export const THIRD_PARTY_FIELDS = new Map<string, OutsideFieldClass>([
  ...['mptt.fields', 'mptt.models'].flatMap((m) => [
    [`${m}.TreeForeignKey`, { kind: 'relation' as const, type: 'ForeignKey' }],
    [`${m}.TreeOneToOneField`, { kind: 'relation' as const, type: 'OneToOneField' }],
    [`${m}.TreeManyToManyField`, { kind: 'relation' as const, type: 'ManyToManyField' }],
  ] as [string, { kind: 'relation'; type: string }][]),
  ['modelcluster.fields.ParentalKey', { kind: 'relation', type: 'ForeignKey' }],
  ['modelcluster.fields.ParentalManyToManyField', { kind: 'relation', type: 'ManyToManyField' }],
  ['taggit.managers.TaggableManager', { kind: 'unknown' }],
  // django-money: a DecimalField that adds its currency column (CurrencyField) when the model is prepared.
  ...['djmoney.models.fields', 'djmoney.models'].map((m) => [`${m}.MoneyField`, { kind: 'plain' as const, companion: { suffix: '_currency', nameKeyword: 'currency_field_name' } }] as [string, OutsideFieldClass]),
  ['djmoney.models.fields.CurrencyField', { kind: 'plain' }],
  ['modelcluster.contrib.taggit.ClusterTaggableManager', { kind: 'unknown' }],
  // Plain columns; lookups after them are not judged (no `type`): some register lookups of their own.
  ...[
    'model_utils.fields.AutoCreatedField', 'model_utils.fields.AutoLastModifiedField', 'model_utils.fields.StatusField',
    'model_utils.fields.MonitorField', 'model_utils.fields.SplitField', 'model_utils.fields.UUIDField', 'model_utils.fields.UrlsafeTokenField',
    'django_extensions.db.fields.AutoSlugField', 'django_extensions.db.fields.RandomCharField', 'django_extensions.db.fields.CreationDateTimeField',
    'django_extensions.db.fields.ModificationDateTimeField', 'django_extensions.db.fields.ShortUUIDField',
    'wagtail.fields.StreamField', 'wagtail.fields.RichTextField', 'wagtail.core.fields.StreamField', 'wagtail.core.fields.RichTextField',
  ].map((name) => [name, { kind: 'plain' as const }] as [string, { kind: 'plain' }]),
]);
