// The class-header part of a framework adapter (FactCollector.classHeaders, docs/adapters.md): the walk asks it what a
// class decorator registers the class for and what a base written as a call builds, and keeps the answers in the
// core's ClassInfo.registers and .builtBases only when an adapter gives them. Tried with made-up adapters.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import type { FactCollector } from '../../server/out/syntax/factCollectors';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

describe('the class-header part of framework adapters', () => {
  it('has what a class decorator registers the class for kept in ClassInfo.registers, asked of class decorators only', async () => {
    const parser = await getParser();
    const text = [
      'from gallery import catalog, Painting, Sculpture',
      '',
      '@catalog.enlist(Painting, gallery.Sculpture, wing="east")',
      '@catalog.other(Painting)',
      'class PaintingEntry:',
      '    pass',
      '',
      '@catalog.enlist(Painting)',
      'def painting_view():',
      '    class Inner:',
      '        pass',
      '',
      '@catalog.enlist()',
      'class Empty:',
      '    pass',
      '',
    ].join('\n');
    const asked: string[] = [];
    const enlists: FactCollector = {
      key: 'gallery',
      classHeaders: {
        registeredBy: (decorator, args, ctx) => {
          asked.push(decorator);
          if (!decorator.endsWith('.enlist')) return undefined;
          return args.children.filter((a) => a.type === 'identifier' || a.type === 'attribute').map((a) => ctx.dottedText(a)!);
        },
      },
    };
    const registers = (collectors: FactCollector[]) => summarizeSource(parser, text, collectors).classes.map((c) => [c.name, c.registers ?? null]);
    assert.deepStrictEqual(registers([enlists]), [['PaintingEntry', ['Painting', 'gallery.Sculpture']], ['Inner', null], ['Empty', null]]);
    // The function's decorator is not asked (nor does the class inside it take what it registers).
    assert.deepStrictEqual(asked, ['catalog.enlist', 'catalog.other', 'catalog.enlist']);
    assert.deepStrictEqual(registers([]), [['PaintingEntry', null], ['Inner', null], ['Empty', null]]);
  });

  it('has the base a call builds from a class kept in ClassInfo.builtBases, by its position among the bases', async () => {
    const parser = await getParser();
    const text = ['from shop import Keeper, ShelfSet, Mixin', '', 'class ShelfKeeper(Mixin, Keeper.built_from(ShelfSet)):', '    pass', '', 'class Plain(Keeper.other(ShelfSet)):', '    pass', ''].join('\n');
    const builds: FactCollector = {
      key: 'shop',
      classHeaders: { builtBase: (callee, firstArg) => (callee.endsWith('.built_from') ? { builder: callee.split('.')[0], argument: firstArg } : undefined) },
    };
    const built = (collectors: FactCollector[]) => summarizeSource(parser, text, collectors).classes.map((c) => [c.name, c.bases, c.builtBases ?? null]);
    assert.deepStrictEqual(built([builds]), [
      ['ShelfKeeper', ['Mixin', '?'], [{ index: 1, builder: 'Keeper', argument: 'ShelfSet' }]],
      ['Plain', ['?'], null],
    ]);
    assert.deepStrictEqual(built([]), [['ShelfKeeper', ['Mixin', '?'], null], ['Plain', ['?'], null]]);
  });
});
