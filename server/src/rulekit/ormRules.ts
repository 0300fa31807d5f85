// Rule metadata shared by the ORM rule families (Django's in frameworks/django/, SQLAlchemy/SQLModel/Alembic's in
// frameworks/sqlalchemy/): one concept, one id, across frameworks. Each family lists the metas it reports; the registry keeps
// one per id.
import type { RuleMeta } from './rule';

export const UNKNOWN_RELATED_MODEL: RuleMeta = {
  id: 'unknown-related-model',
  defaultSeverity: 'error',
  summary: 'A model relation (ForeignKey, OneToOneField, ManyToManyField, relationship()) to a model name no project class has.',
  doc: {
    catches: '`author = models.ForeignKey("Autor", …)` when the app defines `Author` (a bare name means a model of the same app); `relationship("Autor")` in SQLAlchemy.',
    whyItBreaks: "Django's system check fails at start-up (fields.E300: Field defines a relation with model 'Autor', which is either not installed, or is abstract); SQLAlchemy fails when the mappers are configured.",
    example: 'class Article(models.Model):\n    author = models.ForeignKey("Autor", on_delete=models.CASCADE)',
    fix: 'Name a model the project defines (the message suggests the nearest one).',
  },
};

export const RELATIONSHIP_MISMATCH: RuleMeta = {
  id: 'relationship-mismatch',
  defaultSeverity: 'error',
  summary: 'Relations whose two sides do not fit: reverse accessor or query name clashes, back_populates that does not point back.',
  doc: {
    catches: '`sender = models.ForeignKey(User, …)` and `recipient = models.ForeignKey(User, …)` in one model without `related_name`: both would add `message_set` to User. SQLAlchemy: `relationship("Note", back_populates="ordr")` when Note has no relationship `ordr` (or names a column), a `backref="email"` that the target already defines.',
    whyItBreaks: "Django's system check fails at start-up (fields.E304: Reverse accessor clashes; fields.E305: Reverse query name clashes). SQLAlchemy fails when the mappers are configured (InvalidRequestError: Mapper has no property 'ordr'; ArgumentError: Error creating backref).",
    example: 'class Message(models.Model):\n    sender = models.ForeignKey(User, on_delete=models.CASCADE)\n    recipient = models.ForeignKey(User, on_delete=models.CASCADE)',
    fix: "Give each relation its own `related_name` (e.g. `related_name=\"sent_messages\"`). SQLAlchemy: name the relationship the other side defines, or add it (the quick fix adds the counterpart).",
  },
};

export const UNKNOWN_MODEL_FIELD: RuleMeta = {
  id: 'unknown-model-field',
  defaultSeverity: 'error',
  summary: 'A model field or attribute that the model (Django, SQLAlchemy, SQLModel) does not have.',
  doc: {
    catches: '`article.auther` on a model instance, `Article(titel=…)`, `User.emial == x` in a query, field names in serializer/admin/form `Meta` options.',
    whyItBreaks: 'AttributeError at the access, TypeError for an unexpected constructor keyword, FieldError or ImproperlyConfigured for Meta options.',
    example: 'article = Article.objects.get(pk=1)\nprint(article.auther)  # the field is author',
    fix: 'Use the field the model defines (the quick fix renames to the nearest one), or add the field to the model (Django: a quick fix inserts it).',
  },
};

export const MISSING_MIGRATION: RuleMeta = {
  id: 'missing-migration',
  defaultSeverity: 'warning',
  summary: 'A model or field that the migrations never create (or that they drop).',
  doc: {
    catches: 'A field added to a model without a migration (what `makemigrations --check` or `alembic check` reports).',
    whyItBreaks: 'The database has no such table or column: queries fail at run time after deploy (no such column / relation does not exist).',
    example: 'class Article(models.Model):\n    summary = models.TextField()  # no migration adds it',
    fix: 'Write the migration (Django: makemigrations; Alembic: a revision adding the column).',
  },
};

export const MIGRATION_REFERENCE: RuleMeta = {
  id: 'migration-reference',
  defaultSeverity: 'error',
  summary: 'A migration depending on a missing migration, or naming a model or field that does not exist at that point.',
  doc: {
    catches: "`dependencies = [('blog', '0003_missing')]`, `RemoveField('article', 'gone')` on a field never added, a broken Alembic `down_revision` chain.",
    whyItBreaks: 'migrate / alembic upgrade fails (NodeNotFoundError, KeyError, "Can\'t locate revision").',
    example: "class Migration(migrations.Migration):\n    dependencies = [('blog', '0003_missing')]",
    fix: 'Point the migration at one that exists, or name the model/field as the migrations before it left it.',
  },
};
