// What the summaries record for the SQLAlchemy and Alembic rules, and Flask-SQLAlchemy's table names.
import * as assert from 'assert';
import { flaskTableName } from '../../server/out/frameworks/sqlalchemyModels';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

async function summary(text: string) {
  return summarizeSource(await getParser(), text);
}

describe('SQLAlchemy summaries', () => {
  it('name tables as Flask-SQLAlchemy 2 and 3 both do, and give up where they differ', () => {
    // Expected values: both versions' camel_to_snake_case run in Python on these names.
    const cases: [string, string | null][] = [
      ['User', 'user'],
      ['UserRole', 'user_role'],
      ['APIKey', 'api_key'],
      ['HTTPRequest', 'http_request'],
      ['OAuth2Token', 'o_auth2_token'],
      ['Item2Tag', 'item2_tag'],
      ['UserAPI', null], // 2.x: userAPI, 3.x: user_api
    ];
    for (const [name, table] of cases) assert.strictEqual(flaskTableName(name), table, name);
  });

  it('read Alembic schema changes in upgrade(), batch blocks included, and never downgrade()', async () => {
    const s = await summary(
      [
        'import sqlalchemy as sa',
        'from alembic import op',
        'revision = "b2"',
        'down_revision = ("a1", "a2")',
        'def upgrade():',
        '    op.create_table("tags", sa.Column("id", sa.Integer()), sa.PrimaryKeyConstraint("id"))',
        '    op.add_column("posts", sa.Column("body", sa.Text()))',
        '    with op.batch_alter_table("users") as batch_op:',
        '        batch_op.alter_column("mail", new_column_name="email")',
        '        batch_op.drop_column("age")',
        '        batch_op.alter_column("name", nullable=False)',
        '    op.execute("UPDATE posts SET body = \'\'")',
        '    op.rename_table("old", "new")',
        'def downgrade():',
        '    op.drop_table("tags")',
      ].join('\n'),
    );
    const rev = s.alembicRevision!;
    assert.strictEqual(rev.revision, 'b2');
    assert.deepStrictEqual(rev.downRevisions, ['a1', 'a2']);
    assert.deepStrictEqual(rev.ops, [
      { op: 'create_table', table: 'tags', columns: ['id'], open: false },
      { op: 'add_column', table: 'posts', column: 'body' },
      { op: 'rename_column', table: 'users', column: 'mail', to: 'email' },
      { op: 'drop_column', table: 'users', column: 'age' },
      { op: 'rename_table', table: 'old', to: 'new' },
    ]);
  });

  it('mark DDL in raw SQL and names built at run time as unknown', async () => {
    const s = await summary(['from alembic import op', 'revision = "x"', 'down_revision = None', 'def upgrade():', '    op.execute("ALTER TABLE users ADD COLUMN x int")', '    op.add_column(name, sa.Column("c"))'].join('\n'));
    assert.deepStrictEqual(s.alembicRevision!.ops, [{ op: 'unknown' }, { op: 'unknown' }]);
  });

  it('record relationship targets from annotations, foreign keys and column names', async () => {
    const s = await summary(
      [
        'class Article(Base):',
        '    __tablename__ = "articles"',
        '    author_id: Mapped[int] = mapped_column("author", ForeignKey("users.id"))',
        '    tags: Mapped[List["Tag"]] = relationship(back_populates="articles")',
        '    owner: Optional["User"] = Relationship()',
      ].join('\n'),
    );
    const members = new Map(s.classes[0].members.map((m) => [m.name, m]));
    assert.deepStrictEqual(s.classes[0].dunders, { __tablename__: 'articles' });
    assert.deepStrictEqual(members.get('author_id')!.callArgs!.foreignKeys!.map((f) => f.target), ['users.id']);
    assert.strictEqual(members.get('author_id')!.callArgs!.positional[0], 'author');
    assert.strictEqual(members.get('tags')!.field!.target, 'Tag');
    assert.strictEqual(members.get('owner')!.field!.target, 'User');
  });

  it('record nothing of this for files without models, tables or revisions', async () => {
    const s = await summary(['def handler(request):', '    return request.query("x").filter_by(a=1)', 'value = compute()'].join('\n'));
    for (const key of ['sqlTables', 'entityQueries', 'alembicRevision', 'modelFactories', 'ormCalls'] as const) assert.strictEqual(s[key], undefined, key);
  });
});
