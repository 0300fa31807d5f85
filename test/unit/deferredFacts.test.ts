// Framework adapters' deferred fact fields (FactCollector.deferredFields): in summaries.bin they are kept as
// text until read, as the core's per-reference lists are (SQLAlchemy's joinedReads and asyncLazyReads, which
// only the file's own check reads), and written again as the same bytes while unread.
import * as assert from 'assert';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { sqlalchemyFactsOf } from '../../server/out/frameworks/sqlalchemy/facts';
import { decodeSummaries, encodeSummaries } from '../../server/out/host/summariesFile';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import type { FileSummary } from '../../server/out/syntax/summary';

const ASYNC_AND_JOINED = `from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm import joinedload

from app.models import User

SessionLocal = sessionmaker(engine, class_=AsyncSession)


async def show(session: AsyncSession):
    user = await session.get(User, 1)
    return user.posts


def listing(session):
    return session.execute(select(User).options(joinedload(User.posts))).scalars().all()
`;

const isDeferred = (owner: object, field: string) => typeof Object.getOwnPropertyDescriptor(owner, field)?.get === 'function';

function roundTrip(summaries: [string, FileSummary][]): Map<string, FileSummary> {
  const contents = decodeSummaries(Buffer.concat(encodeSummaries('id', summaries, [])));
  assert.ok(!('unusable' in contents), JSON.stringify(contents));
  return (contents as Exclude<typeof contents, { unusable: string }>).sources;
}

describe("adapters' deferred fact fields in the summaries file", () => {
  it('are parsed only when read, equal to those written, and written again as the same bytes while unread', async () => {
    const summary = summarizeSource(await getParser(), ASYNC_AND_JOINED, FRAMEWORK_ADAPTERS);
    const facts = sqlalchemyFactsOf(summary)!;
    assert.ok(facts.joinedReads?.length && facts.asyncLazyReads?.length && facts.asyncSessionFactories?.length, JSON.stringify(facts));
    const bytes = Buffer.concat(encodeSummaries('id', [['a.py', summary]], []));
    const loaded = roundTrip([['a.py', summary]]).get('a.py')!;
    const loadedFacts = sqlalchemyFactsOf(loaded)! as Record<string, unknown>;
    assert.ok(isDeferred(loadedFacts, 'joinedReads') && isDeferred(loadedFacts, 'asyncLazyReads'), 'kept as text');
    assert.ok(!isDeferred(loadedFacts, 'asyncSessionFactories'), 'surface facts are read at once');
    assert.ok(Buffer.concat(encodeSummaries('id', [['a.py', loaded]], [])).equals(bytes), 'unread: the same bytes');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(loaded)), JSON.parse(JSON.stringify(summary)));
    assert.ok(!isDeferred(loadedFacts, 'joinedReads'), 'parsed once read');
  });
});
