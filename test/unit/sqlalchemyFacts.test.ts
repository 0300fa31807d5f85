// The SQLAlchemy adapter's collector (frameworks/sqlalchemy/facts.ts): model factories from the walk's
// module-level assignments, kept under FileSummary.frameworks.sqlalchemy; nothing for files that make none.
import * as assert from 'assert';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { sqlalchemyFactsOf } from '../../server/out/frameworks/sqlalchemy/facts';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

const FACTORIES = `from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import declarative_base

Base = declarative_base(cls=Mixin)
db = SQLAlchemy(model_class=Model, **options)
Plain = declarative_base()
if TESTING:
    Other = sqlalchemy.orm.declarative_base(metadata=meta)


def make():
    Local = declarative_base(cls=Mixin)
    return Local


class Holder:
    Inner = declarative_base()
`;

describe('SQLAlchemy facts', () => {
  it('keep the keywords of module-level model factories, not those of functions or classes', async () => {
    const s = summarizeSource(await getParser(), FACTORIES, FRAMEWORK_ADAPTERS);
    assert.deepStrictEqual(sqlalchemyFactsOf(s)?.modelFactories, [
      { variable: 'Base', keywords: ['cls'] },
      { variable: 'db', keywords: ['model_class', '**'] },
      { variable: 'Plain', keywords: [] },
      { variable: 'Other', keywords: ['metadata'] },
    ]);
  });

  it('read what the later words of the text call for after an ORM call is found first (one scan of the text)', async () => {
    const text = ['def load(session):', '    return session.get(User, 1)', '', 'factory = sessionmaker(engine, class_=AsyncSession)', '', 'def init():', '    Base.metadata.create_all(engine)', ''].join('\n');
    const f = sqlalchemyFactsOf(summarizeSource(await getParser(), text, FRAMEWORK_ADAPTERS));
    assert.deepStrictEqual(f?.ormCalls?.map((c) => c.name), ['get']);
    assert.deepStrictEqual(f?.asyncSessionFactories, ['factory']);
    assert.strictEqual(f?.schemaCreations?.length, 1);
  });

  it('are absent from files that name no factory, joined loader or async session', async () => {
    const s = summarizeSource(await getParser(), 'import os\nBase = make_base()\n', FRAMEWORK_ADAPTERS);
    assert.strictEqual(s.frameworks?.sqlalchemy, undefined);
  });
});
