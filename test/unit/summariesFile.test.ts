// summaries.bin's layout (host/summariesFile.ts): summaries read back equal those written, their deferred
// fields are parsed only when read, written again as the same bytes while unread, and a damaged layout is
// refused rather than half read.
import * as assert from 'assert';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { routerUsesOf } from '../../server/out/frameworks/fastapi/routerUses';
import { decodeSummaries, encodeSummaries as encodeChunks, handOverJson, keepHandedOver } from '../../server/out/host/summariesFile';
import { getParser } from '../../server/out/syntax/parser';
import { DEFERRED_FIELDS, mayHoldJson, mayMention } from '../../server/out/syntax/lazyFields';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import type { FileSummary } from '../../server/out/syntax/summary';

const ROUTES_COPIED = `from fastapi import FastAPI
from api import orders

app = FastAPI()
app.router.routes.extend(orders.router.routes)
`;
const PLAIN = `import os


def home(request, limit=3):
    return os.path.join(request.path, str(limit)).upper()


class Service:
    def run(self, x):
        return self.helper(x).strip()
`;

const ORM = `from sqlalchemy.orm import joinedload
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import User


async def show(session: AsyncSession):
    user = await session.get(User, 1)
    return user.posts


def listing(session):
    return session.execute(select(User).options(joinedload(User.posts))).scalars().all()
`;

const encodeSummaries = (...args: Parameters<typeof encodeChunks>) => Buffer.concat(encodeChunks(...args));
const isDeferred = (summary: object, field: string) => typeof Object.getOwnPropertyDescriptor(summary, field)?.get === 'function';

function decoded(body: Buffer) {
  const contents = decodeSummaries(body);
  assert.ok(!('unusable' in contents), JSON.stringify(contents));
  return contents as Exclude<typeof contents, { unusable: string }>;
}

describe('summaries file', () => {
  let summaries: [string, FileSummary][];
  before(async () => {
    const parser = await getParser();
    summaries = [
      ['routes', summarizeSource(parser, ROUTES_COPIED)],
      ['plain', summarizeSource(parser, PLAIN)],
    ];
  });

  it('reads back what it wrote, each deferred field parsed on its first read only', () => {
    const back = decoded(encodeSummaries('one', summaries, []));
    assert.strictEqual(back.id, 'one');
    const plain = back.sources.get('plain')!;
    assert.ok(plain.memberRefs.length > 0 && plain.functions.length === 1, 'the sample has references and a function');
    const deferred = DEFERRED_FIELDS.filter((f) => isDeferred(back.sources.get('routes')!, f));
    assert.ok(deferred.includes('memberRefs') && deferred.includes('moduleAttributeRefs'), `deferred: ${deferred.join(', ')}`);
    for (const [key, original] of summaries) {
      const read = back.sources.get(key)!;
      assert.deepStrictEqual(JSON.parse(JSON.stringify(read)), JSON.parse(JSON.stringify(original)), key);
      for (const f of DEFERRED_FIELDS) assert.ok(!isDeferred(read, f), `${key}.${f} is a plain value once read`);
    }
  });

  it('writes unread fields again as they were read, and read or replaced ones from their values', () => {
    const first = encodeSummaries('one', summaries, []);
    const back = decoded(first);
    const again = encodeSummaries('one', back.sources, back.projectFiles);
    assert.ok(again.equals(first), 'nothing read: the same bytes');
    assert.ok(isDeferred(back.sources.get('plain')!, 'memberRefs'), 'writing did not parse the deferred fields');
    const plain = back.sources.get('plain')!;
    plain.functions = [];
    const edited = decoded(encodeSummaries('two', back.sources, back.projectFiles)).sources.get('plain')!;
    assert.deepStrictEqual(edited.functions, []);
    assert.deepStrictEqual(edited.memberRefs, summaries[1][1].memberRefs);
  });

  it('finds `.routes` reads without parsing the lists that name no `routes`', () => {
    const back = decoded(encodeSummaries('one', summaries, []));
    const [routes, plain] = [back.sources.get('routes')!, back.sources.get('plain')!];
    assert.strictEqual(mayMention(plain, 'memberRefs', 'routes'), false);
    assert.strictEqual(mayMention(routes, 'moduleAttributeRefs', 'routes'), true);
    assert.deepStrictEqual(routerUsesOf(plain), []);
    assert.ok(isDeferred(plain, 'memberRefs') && isDeferred(plain, 'moduleAttributeRefs'), 'left unparsed');
    assert.deepStrictEqual(routerUsesOf(routes), routerUsesOf(summaries[0][1]));
    assert.ok(routerUsesOf(routes).length > 0, 'the sample copies routes');
    assert.strictEqual(mayMention(routes, 'memberRefs', 'routes'), true, 'a read field may mention anything');
  });

  it('finds the files that write another module\'s attributes without parsing the lists of those that only read them', async () => {
    const writer = summarizeSource(await getParser(), 'import settings\n\nsettings.DEBUG = True\nprint(settings.NAME)\n');
    const back = decoded(encodeSummaries('one', [...summaries, ['writer', writer]], [])).sources;
    const [routes, written] = [back.get('routes')!, back.get('writer')!];
    // Both read module attributes; one writes one.
    assert.strictEqual(mayHoldJson(routes, 'moduleAttributeRefs', '"write":true'), false);
    assert.ok(isDeferred(routes, 'moduleAttributeRefs'), 'left unparsed');
    assert.ok(routes.moduleAttributeRefs.length > 0 && routes.moduleAttributeRefs.every((r) => !r.write));
    assert.strictEqual(mayHoldJson(written, 'moduleAttributeRefs', '"write":true'), true);
    assert.deepStrictEqual(written.moduleAttributeRefs.map((r) => [r.steps.map((st) => st.name).join('.'), r.write]), [['DEBUG', true], ['NAME', false]]);
    assert.strictEqual(mayHoldJson(routes, 'moduleAttributeRefs', '"write":true'), true, 'a read field may hold anything');
  });

  it('notes the watched words (the adapters\') in the file: a word not watched when written may be in any list', () => {
    const unwatched = decoded(encodeSummaries('one', summaries, [], [])).sources;
    assert.strictEqual(mayMention(unwatched.get('plain')!, 'memberRefs', 'routes'), true);
    const rewritten = decoded(encodeSummaries('two', unwatched, [])).sources;
    assert.ok(isDeferred(rewritten.get('plain')!, 'memberRefs'), 'written again unparsed');
    // Looked for again against the words of the new file.
    assert.strictEqual(mayMention(rewritten.get('plain')!, 'memberRefs', 'routes'), false);
    assert.strictEqual(mayMention(rewritten.get('routes')!, 'moduleAttributeRefs', 'routes'), true);
  });

  it('writes a summary handed over as JSON (by a worker) from that JSON, as the same bytes as from the summary', async () => {
    const parser = await getParser();
    const real: [string, FileSummary][] = [...summaries, ['orm', summarizeSource(parser, ORM, FRAMEWORK_ADAPTERS)]];
    // Made up: a deferred field first, deferred fields side by side, last, alone, and an adapter's facts in between.
    const shapes = [
      { memberRefs: [1], imports: [] },
      { memberRefs: [1], functions: [{ name: 'f' }], imports: [2], callChains: [] },
      { imports: [], memberRefs: ['routes'], globalUses: [3] },
      { memberRefs: [] },
      { functions: [], frameworks: { sqlalchemy: { joinedReads: [1] }, django: { models: [] } }, memberRefs: [4] },
      { frameworks: { django: {}, sqlalchemy: { x: 1, asyncLazyReads: [2], ormCalls: [], y: [3] } }, imports: [] },
      { frameworks: { sqlalchemy: {} }, unboundLocals: undefined, imports: [] },
      // Not all ASCII: the offsets are bytes.
      { docstring: 'héllo ☃ 𝄞', memberRefs: ['ünïcode', 'routes'], frameworks: { sqlalchemy: { x: '☃', joinedReads: ['𝄞'], y: 'é' } }, imports: ['ä'] },
    ] as unknown as FileSummary[];
    const all: [string, FileSummary][] = [...real, ...shapes.map((s, i): [string, FileSummary] => [`shape${i}`, s])];
    assert.ok(all.some(([, s]) => (s.frameworks?.sqlalchemy as { joinedReads?: unknown[] } | undefined)?.joinedReads?.length), 'an ORM sample with a deferred fact');
    const handed = all.map(([key, summary]): [string, FileSummary] => {
      const json = handOverJson(summary);
      assert.strictEqual(json.bytes.toString('utf8'), JSON.stringify(summary), key);
      const copy = JSON.parse(json.bytes.toString('utf8')) as FileSummary;
      keepHandedOver(copy, json);
      return [key, copy];
    });
    const expected = encodeSummaries('one', all, []);
    assert.ok(encodeSummaries('one', handed, []).equals(expected), 'the same bytes');
    assert.ok(encodeSummaries('one', handed, []).equals(expected), 'again, from the summaries themselves');
    const back = decoded(expected);
    for (const [key, summary] of all) assert.deepStrictEqual(JSON.parse(JSON.stringify(back.sources.get(key))), JSON.parse(JSON.stringify(summary)), key);
  });

  it('refuses a layout that does not hold together', () => {
    const good = encodeSummaries('one', summaries, []);
    const cut = good.subarray(0, good.length - 10);
    const longHeader = Buffer.from(good);
    longHeader.writeUInt32LE(good.length, 0);
    for (const [what, body] of [
      ['cut short', cut],
      ['a header past the end', longHeader],
      ['too short', Buffer.alloc(2)],
      ['plain JSON of another layout', Buffer.from('{"id":"x","sources":[],"projectFiles":[]}')],
    ] as const) {
      assert.ok('unusable' in decodeSummaries(body), what);
    }
  });
});
