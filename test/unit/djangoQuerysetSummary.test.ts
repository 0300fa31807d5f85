// What summaries record for queryset chains: each method's chains on `self`/`super()` (the methods that keep a
// queryset's model), collection return annotations, and names refined in straight-line code.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';

// Summarized with Django's syntax part, which tells which calls name new fields (`annotate`, `alias`).
async function summary(lines: string[]) {
  return summarizeSource(await getParser(), lines.join('\n') + '\n', FRAMEWORK_ADAPTERS);
}

describe('queryset chains in summaries', () => {
  it('record the self-chains of methods whose every return is one, with annotate() names', async () => {
    const s = await summary([
      'class QS(QuerySet):',
      '    def a(self, user):',
      '        if user:',
      '            return self',
      '        return self.filter(x=1).annotate(n=Count("y"), m=F("z"))',
      '    def b(self):',
      '        return super().get_queryset().alias(k=1)',
      '    def c(self):',
      '        return list(self)',
      '    def d(self, **names):',
      '        return self.annotate(**names)',
      '    def e(self):',
      '        pass',
      '    def f(self):',
      '        def inner():',
      '            return 1',
      '        return self.b()',
    ]);
    const chains = Object.fromEntries(s.classes[0].methods.map((m) => [m.name, m.selfChains ?? null]));
    assert.deepStrictEqual(chains.a, { chains: [{ calls: [] }, { calls: ['filter', 'annotate'] }], annotates: ['n', 'm'] });
    assert.deepStrictEqual(chains.b, { chains: [{ calls: ['get_queryset', 'alias'], super: true }], annotates: ['k'] });
    assert.strictEqual(chains.c, null, 'a list is no queryset');
    assert.deepStrictEqual(chains.d, { chains: [{ calls: ['annotate'] }], annotates: null }, 'names unknown');
    assert.strictEqual(chains.e, null, 'no return');
    assert.deepStrictEqual(chains.f, { chains: [{ calls: ['b'] }], annotates: [] }, "a nested function's returns are its own");
  });

  it('record the element class of collection return annotations', async () => {
    const s = await summary([
      'def a() -> list[Device]: ...',
      'def b() -> "QuerySet[Device]": ...',
      'def c() -> tuple[Device, ...]: ...',
      'def d() -> tuple[Device, str]: ...',
      'def e() -> dict[str, Device]: ...',
      'def f() -> Optional[Device]: ...',
    ]);
    assert.deepStrictEqual(s.functions.map((f) => f.returnsElement ?? null), ['Device', 'Device', 'Device', null, null, null]);
    assert.strictEqual(s.functions[5].returns, 'Device');
  });

  it('give a name refined in straight-line code the query it holds where it is read, and nothing after a branch rebinds it', async () => {
    const s = await summary([
      'from app.models import Device',
      'def straight():',
      '    qs = Device.objects.filter(a=1)',
      '    qs.exclude(b=1)',
      '    qs = qs.exclude(c=1).order_by("x")',
      '    qs.filter(d=1)',
      'def branched(flag):',
      '    qs = Device.objects.filter(a=1)',
      '    if flag:',
      '        qs = qs.exclude(c=1)',
      '    qs.filter(d=1)',
      'def other():',
      '    qs = Device.objects.filter(a=1)',
      '    qs = Device.objects.all()',
      '    qs.filter(d=1)',
    ]);
    const receivers = s.memberRefs.filter((r) => r.receiver.kind === 'local').map((r) => [r.rootSpan[0] + 1, r.receiver]);
    const before = { kind: 'local', hint: { kind: 'query', root: 'Device', links: ['objects', 'filter'] } };
    // Line 5 reads the value before its own rebinding; after a branch or a rebinding to another query, nothing is known.
    assert.deepStrictEqual(receivers, [
      [4, before],
      [5, before],
      [6, { kind: 'local', hint: { kind: 'query', root: 'Device', links: ['objects', 'filter', 'exclude', 'order_by'] } }],
    ]);
  });

  it("give get_object_or_404() and from_queryset() their first argument through Django's value hints only", async () => {
    const text = [
      'from django.shortcuts import get_object_or_404',
      'from app.models import Device, DeviceQuerySet, BaseManager',
      'def view(pk):',
      '    device = get_object_or_404(Device, pk=pk)',
      '    device.name',
      '    manager = BaseManager.from_queryset(DeviceQuerySet)()',
      '    manager.active()',
      '',
    ].join('\n');
    const hintsOf = async (collectors: typeof FRAMEWORK_ADAPTERS) =>
      summarizeSource(await getParser(), text, collectors).memberRefs.filter((r) => r.receiver.kind === 'local').map((r) => (r.receiver as { hint: unknown }).hint);
    assert.deepStrictEqual(await hintsOf(FRAMEWORK_ADAPTERS), [
      { kind: 'call', callee: 'get_object_or_404', firstArg: 'Device' },
      { kind: 'call', callee: 'BaseManager.from_queryset', firstArg: 'DeviceQuerySet', instanceOfResult: true },
    ]);
    assert.deepStrictEqual(await hintsOf([]), [{ kind: 'call', callee: 'get_object_or_404' }], 'the core alone: a plain call, and no hint for a class built by a call');
  });
});
