// FastAPI's facts come from the summarizer's walk through its adapter (frameworks/fastapi/facts.ts): the
// routers a file includes, as dotted names from module scope, and null where the router is not evident.
import * as assert from 'assert';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { FASTAPI_KEY, type FastapiFacts } from '../../server/out/frameworks/fastapi/facts';
import { routerUsesOf } from '../../server/out/frameworks/fastapi/routerUses';
import { factsOf } from '../../server/out/syntax/factCollectors';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

const MAIN = `from fastapi import APIRouter, FastAPI
from api import orders
app = FastAPI()
users_router = APIRouter()
app.include_router(orders.router, prefix="/orders")
app.include_router(prefix="/users", router=users_router)
app.mount("/static", StaticFiles(directory="static"))
app.mount("/v1", app=v1)

def wire(app, router):
    app.include_router(router)
`;

describe('FastAPI facts from the walk', () => {
  it('keeps each include_router/mount with its router as a dotted name from module scope, null when not evident', async () => {
    const s = summarizeSource(await getParser(), MAIN, FRAMEWORK_ADAPTERS);
    assert.deepStrictEqual(factsOf<FastapiFacts>(s, FASTAPI_KEY)?.routerIncludes, [
      { method: 'include_router', router: 'orders.router' },
      { method: 'include_router', router: 'users_router' },
      { method: 'mount', router: null }, // a call: not a router
      { method: 'mount', router: 'v1' },
      { method: 'include_router', router: null }, // a parameter
    ]);
    assert.deepStrictEqual(routerUsesOf(s), factsOf<FastapiFacts>(s, FASTAPI_KEY)?.routerIncludes);
  });

  it('keeps nothing for a file without includes, and nothing in the core summary without the adapter', async () => {
    const parser = await getParser();
    assert.strictEqual(factsOf(summarizeSource(parser, 'from fastapi import FastAPI\napp = FastAPI()\n', FRAMEWORK_ADAPTERS), FASTAPI_KEY), undefined);
    assert.deepStrictEqual(routerUsesOf(summarizeSource(parser, MAIN)), []);
  });

  it('gives a Depends()/Security() parameter what its provider gives, through the adapter value hints only', async () => {
    const source = 'from fastapi import Depends, Security\nfrom deps import get_service, get_user\n\ndef read(service=Depends(get_service), user=Security(get_user), other=Depends()):\n    return service.load(), user.name, other.x\n';
    const hintsOf = (collectors?: typeof FRAMEWORK_ADAPTERS) => async () =>
      summarizeSource(await getParser(), source, collectors)
        .memberRefs.map((r) => r.receiver)
        .filter((r) => r.kind === 'local');
    assert.deepStrictEqual(await hintsOf(FRAMEWORK_ADAPTERS)(), [
      { kind: 'local', hint: { kind: 'call', callee: 'get_service', injected: true } },
      { kind: 'local', hint: { kind: 'call', callee: 'get_user', injected: true } },
    ]);
    assert.deepStrictEqual(await hintsOf()(), [], 'the core alone knows no provider');
  });
});
