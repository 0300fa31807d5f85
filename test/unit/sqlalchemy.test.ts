// What the summaries record for the SQLAlchemy and Alembic rules, and Flask-SQLAlchemy's table names.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { sqlalchemyDefinition } from '../../server/out/frameworks/sqlalchemy/navigation';
import { flaskTableName } from '../../server/out/frameworks/sqlalchemy/models';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { alembicRevisionOf, sqlalchemyFactsOf } from '../../server/out/frameworks/sqlalchemy/facts';
import { Workspace } from '../../server/out/host/workspace';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

async function summary(text: string) {
  return summarizeSource(await getParser(), text, FRAMEWORK_ADAPTERS);
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
    const rev = alembicRevisionOf(s)!;
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

  it('read DDL in SQL, and scope what is built at run time to the table or column still readable', async () => {
    const s = await summary(
      [
        'from alembic import op',
        'revision = "x"',
        'down_revision = None',
        'def upgrade():',
        '    op.execute("ALTER TABLE users ADD COLUMN x int, DROP COLUMN y, ALTER COLUMN z TYPE text")',
        '    op.add_column(name, sa.Column("c"))',
        '    op.add_column("users", sa.Column(name))',
        '    op.execute(f"ALTER TABLE {t} ADD COLUMN {c} text")',
        '    op.execute(f"ALTER TABLE {t} RENAME CONSTRAINT a TO b")',
        '    conn.execute(sa.text("CREATE TABLE notes (id int PRIMARY KEY, body text, CONSTRAINT u UNIQUE (body))"))',
        '    op.execute("DO $$ BEGIN IF x THEN ALTER TABLE notes RENAME COLUMN body TO text; END IF; END $$")',
        '    op.execute("UPDATE users SET x = 1; CREATE INDEX i ON users (x); DROP TABLE IF EXISTS old_a, old_b CASCADE")',
      ].join('\n'),
    );
    assert.deepStrictEqual(alembicRevisionOf(s)!.ops, [
      { op: 'add_column', table: 'users', column: 'x' },
      { op: 'drop_column', table: 'users', column: 'y' },
      { op: 'unknown', column: 'c' },
      { op: 'unknown', table: 'users' },
      { op: 'unknown' },
      { op: 'create_table', table: 'notes', columns: ['id', 'body'], open: false },
      { op: 'rename_column', table: 'notes', column: 'body', to: 'text' },
      { op: 'drop_table', table: 'old_a' },
      { op: 'drop_table', table: 'old_b' },
    ]);
  });

  it('read table names from constants and loops over literal names; a Column held in a local is a column', async () => {
    const s = await summary(
      [
        'from alembic import op',
        'revision = "x"',
        'down_revision = None',
        'TABLES = ("a", "b")',
        'def upgrade():',
        '    for table in TABLES:',
        '        with op.batch_alter_table(table) as batch_op:',
        '            batch_op.add_column(sa.Column("flag", sa.Boolean()))',
        '    for table, column in pairs():',
        '        op.drop_column(table, column)',
        '    key = sa.Column("id", sa.Integer()) if pg else sa.Column("id", sa.BigInteger())',
        '    other = make_column()',
        '    op.create_table("t", key, sa.Column("n", sa.Text()), sa.PrimaryKeyConstraint("id"))',
        '    op.create_table("u", other)',
      ].join('\n'),
    );
    assert.deepStrictEqual(alembicRevisionOf(s)!.ops, [
      { op: 'add_column', table: 'a', column: 'flag' },
      { op: 'add_column', table: 'b', column: 'flag' },
      { op: 'unknown' },
      { op: 'create_table', table: 't', columns: ['n'], open: true },
      { op: 'create_table', table: 'u', columns: [], open: true },
    ]);
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
    assert.strictEqual(sqlalchemyFactsOf(s), undefined, 'sqlTables, entityQueries, ormCalls, alembicRevision, modelFactories, joinedReads');
  });

  it('record result reads of joined loads through locals assigned once, and nothing for statements they cannot see whole', async () => {
    const s = await summary(
      [
        'async def a(session):',
        '    stmt = select(User).where(User.id == 1).options(joinedload(User.posts).joinedload(Post.tags), selectinload(User.x))',
        '    result = await session.execute(stmt)',
        '    return result.scalars().all()',
        'def b(session, stmt):',
        '    return session.execute(stmt).scalars().all()',
        'def c(session):',
        '    stmt = select(User).options(joinedload(User.posts))',
        '    stmt = stmt.where(User.id == 1)',
        '    return session.execute(stmt).scalar_one()',
        'def d(session):',
        '    return session.execute(select(User).options(joinedload(User.posts))).unique().scalars().all()',
        'def e(session):',
        '    return session.scalars(sa.select(User).options(orm.joinedload(User.posts))).first()',
        'def f(session, User):',
        '    return session.scalars(select(User).options(joinedload(User.posts))).all()',
      ].join('\n'),
    );
    assert.deepStrictEqual(sqlalchemyFactsOf(s)?.joinedReads, [
      { consumer: 'all', span: [3, 28, 3, 31], loads: [{ entity: 'User', attribute: 'posts' }, { entity: 'Post', attribute: 'tags' }] },
    ]);
  });
});

describe('SQLAlchemy go-to-definition from relationship() strings', () => {
  const root = path.join(__dirname, '..', 'fixtures', 'sqlalchemy', 'relationship-strings');
  const lines = fs.readFileSync(path.join(root, 'shop', 'models.py'), 'utf8').split('\n');
  /** Where the definition of `needle` (its `offset`-th character) on the line containing `lineText` is: that line's text. */
  const definitionOf = (ws: Workspace, lineText: string, needle: string, offset = 1) => {
    const line = lines.findIndex((l) => l.includes(lineText));
    const location = sqlalchemyDefinition(ws.project, 'shop/models.py', line, lines[line].indexOf(needle) + offset);
    return location && lines[location.span[0]].trim();
  };

  it('goes to the table of secondary=, and to the class or attribute of foreign_keys= and primaryjoin=', async () => {
    const ws = await Workspace.load({ root });
    try {
      assert.strictEqual(definitionOf(ws, 'tags = relationship("Tag", secondary="post_tags")', '"post_tags"'), '"post_tags",');
      assert.strictEqual(definitionOf(ws, 'billing_address = relationship', 'billing_address_id]'), 'billing_address_id = Column(Integer, ForeignKey("addresses.id"))');
      assert.strictEqual(definitionOf(ws, 'articles = relationship', 'Post.author_id",', 1), 'class Post(Base):');
      assert.strictEqual(definitionOf(ws, 'articles = relationship', 'author_id",'), 'author_id = Column(Integer, ForeignKey("users.id"))');
      // Inside and_(…) too: navigation needs no proof.
      assert.strictEqual(definitionOf(ws, 'drafts = relationship', 'Post.author_id,'), 'class Post(Base):');
    } finally {
      await ws.dispose();
    }
  });
});
