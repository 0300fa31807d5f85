// Django's class-based View and Django REST framework's views, viewsets, mixins and serializers as bases: a class
// built on them has known attributes instead of an unknown base (IndexedFramework.knownBases; the core's table,
// python/knownBases.ts, says how entries are read). Read with `dir()` of the class and of an instance from DRF 3.14
// (Debian 12).
import type { KnownBase } from '../../python/knownBases';

const DJANGO_VIEW = ['as_view', 'dispatch', 'http_method_names', 'http_method_not_allowed', 'options', 'setup', 'view_is_async', 'request', 'args', 'kwargs', 'head'];
const DRF_API_VIEW = [
  'allowed_methods', 'authentication_classes', 'check_object_permissions', 'check_permissions', 'check_throttles', 'content_negotiation_class',
  'default_response_headers', 'determine_version', 'finalize_response', 'get_authenticate_header', 'get_authenticators', 'get_content_negotiator',
  'get_exception_handler', 'get_exception_handler_context', 'get_format_suffix', 'get_parser_context', 'get_parsers', 'get_permissions',
  'get_renderer_context', 'get_renderers', 'get_throttles', 'get_view_description', 'get_view_name', 'handle_exception', 'initial',
  'initialize_request', 'metadata_class', 'parser_classes', 'perform_authentication', 'perform_content_negotiation', 'permission_classes',
  'permission_denied', 'raise_uncaught_exception', 'renderer_classes', 'schema', 'settings', 'throttle_classes', 'throttled', 'versioning_class',
  // set while a request is handled
  'headers', 'format_kwarg', 'response', 'csrf_exempt',
];
const DRF_GENERIC = [
  'filter_backends', 'filter_queryset', 'get_object', 'get_paginated_response', 'get_queryset', 'get_serializer', 'get_serializer_class',
  'get_serializer_context', 'lookup_field', 'lookup_url_kwarg', 'paginate_queryset', 'pagination_class', 'paginator', 'queryset', 'serializer_class',
];
/** ViewSetMixin.as_view sets the action map and the router's initkwargs on every instance. */
const DRF_VIEWSET = ['get_extra_action_url_map', 'get_extra_actions', 'reverse_action', 'action', 'action_map', 'basename', 'detail', 'suffix', 'name', 'description'];
const DRF_FIELD = [
  'bind', 'context', 'default_empty_html', 'default_error_messages', 'default_validators', 'fail', 'get_attribute', 'get_default', 'get_initial',
  'get_validators', 'get_value', 'initial', 'root', 'run_validation', 'run_validators', 'to_internal_value', 'to_representation',
  'validate_empty_values', 'validators',
  // set by the constructor and bind()
  'allow_null', 'default', 'error_messages', 'field_name', 'help_text', 'label', 'parent', 'partial', 'read_only', 'required', 'source',
  'source_attrs', 'style', 'write_only',
];
const DRF_BASE_SERIALIZER = ['create', 'data', 'errors', 'is_valid', 'many_init', 'save', 'update', 'validated_data', 'instance', 'initial_data'];
const DRF_SERIALIZER = ['fields', 'get_fields', 'validate', 'Meta'];
const DRF_MODEL_SERIALIZER = [
  'build_field', 'build_nested_field', 'build_property_field', 'build_relational_field', 'build_standard_field', 'build_unknown_field',
  'build_url_field', 'get_default_field_names', 'get_extra_kwargs', 'get_field_names', 'get_unique_for_date_validators',
  'get_unique_together_validators', 'get_uniqueness_extra_kwargs', 'include_extra_kwargs', 'serializer_choice_field', 'serializer_field_mapping',
  'serializer_related_field', 'serializer_related_to_field', 'serializer_url_field', 'url_field_name',
];

export const DJANGO_KNOWN_BASES: readonly KnownBase[] = [
  // Django's View first: DRF's views are Django class-based views.
  { names: ['django.views.View', 'django.views.generic.View', 'django.views.generic.base.View'], members: DJANGO_VIEW },
  { names: ['rest_framework.views.APIView'], bases: ['django.views.View'], members: DRF_API_VIEW },
  { names: ['rest_framework.generics.GenericAPIView'], bases: ['rest_framework.views.APIView'], members: DRF_GENERIC },
  { names: ['rest_framework.mixins.CreateModelMixin'], members: ['create', 'get_success_headers', 'perform_create'] },
  { names: ['rest_framework.mixins.ListModelMixin'], members: ['list'] },
  { names: ['rest_framework.mixins.RetrieveModelMixin'], members: ['retrieve'] },
  { names: ['rest_framework.mixins.UpdateModelMixin'], members: ['partial_update', 'perform_update', 'update'] },
  { names: ['rest_framework.mixins.DestroyModelMixin'], members: ['destroy', 'perform_destroy'] },
  { names: ['rest_framework.generics.CreateAPIView'], bases: ['rest_framework.mixins.CreateModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['post'] },
  { names: ['rest_framework.generics.ListAPIView'], bases: ['rest_framework.mixins.ListModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['get'] },
  { names: ['rest_framework.generics.RetrieveAPIView'], bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['get'] },
  { names: ['rest_framework.generics.DestroyAPIView'], bases: ['rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['delete'] },
  { names: ['rest_framework.generics.UpdateAPIView'], bases: ['rest_framework.mixins.UpdateModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['put', 'patch'] },
  {
    names: ['rest_framework.generics.ListCreateAPIView'],
    bases: ['rest_framework.mixins.ListModelMixin', 'rest_framework.mixins.CreateModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'post'],
  },
  {
    names: ['rest_framework.generics.RetrieveUpdateAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'put', 'patch'],
  },
  {
    names: ['rest_framework.generics.RetrieveDestroyAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'delete'],
  },
  {
    names: ['rest_framework.generics.RetrieveUpdateDestroyAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin', 'rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'put', 'patch', 'delete'],
  },
  { names: ['rest_framework.viewsets.ViewSetMixin'], members: [...DRF_VIEWSET, 'as_view', 'initialize_request'] },
  { names: ['rest_framework.viewsets.ViewSet'], bases: ['rest_framework.viewsets.ViewSetMixin', 'rest_framework.views.APIView'], members: [] },
  { names: ['rest_framework.viewsets.GenericViewSet'], bases: ['rest_framework.viewsets.ViewSetMixin', 'rest_framework.generics.GenericAPIView'], members: [] },
  {
    names: ['rest_framework.viewsets.ReadOnlyModelViewSet'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.ListModelMixin', 'rest_framework.viewsets.GenericViewSet'],
    members: [],
  },
  {
    names: ['rest_framework.viewsets.ModelViewSet'],
    bases: [
      'rest_framework.mixins.CreateModelMixin', 'rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin',
      'rest_framework.mixins.DestroyModelMixin', 'rest_framework.mixins.ListModelMixin', 'rest_framework.viewsets.GenericViewSet',
    ],
    members: [],
  },
  { names: ['rest_framework.fields.Field', 'rest_framework.serializers.Field'], members: DRF_FIELD },
  { names: ['rest_framework.serializers.BaseSerializer'], bases: ['rest_framework.fields.Field'], members: DRF_BASE_SERIALIZER, customNew: true },
  { names: ['rest_framework.serializers.Serializer'], bases: ['rest_framework.serializers.BaseSerializer'], members: DRF_SERIALIZER },
  { names: ['rest_framework.serializers.ModelSerializer'], bases: ['rest_framework.serializers.Serializer'], members: DRF_MODEL_SERIALIZER },
  { names: ['rest_framework.serializers.HyperlinkedModelSerializer'], bases: ['rest_framework.serializers.ModelSerializer'], members: [] },
  {
    names: ['rest_framework.serializers.ListSerializer'],
    bases: ['rest_framework.serializers.BaseSerializer'],
    members: ['child', 'allow_empty', 'max_length', 'min_length', 'many', 'get_initial', 'validate', 'run_child_validation'],
  },
];
