// The index part of the adapter interface that says which third-party bases make a constructor from a class's
// annotated fields (IndexedFramework.fieldModelBases, read by Symbols.fieldModel): the core knows NamedTuple's
// and Pydantic's; a made-up framework's base counts only through its part.
import * as assert from 'assert';
import { DependencyTracker, Project } from '../../server/out/index/project';
import type { FieldModelKind } from '../../server/out/index/frameworkParts';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FIELD_MODEL_BASES, FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';

describe('field-model bases (an adapter index part)', () => {
  it("make a class's constructor known from its fields only through the part that lists its base", async () => {
    const parser = await getParser();
    const project = new Project({ sourceRoots: [] });
    project.setFile('app/forms.py', summarizeSource(parser, 'from formlib import Form\nfrom pydantic import BaseModel\n\nclass Login(Form, table=True):\n    name: str\n\nclass Base(Form):\n    pass\n\nclass Signup(Base):\n    email: str\n\nclass Plain(BaseModel):\n    x: int\n'));
    const source = project.source('app/forms.py')!;
    const kindOf = (index: number, bases?: ReadonlyMap<string, FieldModelKind>) => {
      const model = project.symbols.fieldModel({ file: source, index }, new DependencyTracker(), bases);
      return model && [model.kind, model.chain.length, model.table];
    };
    const formlib = new Map<string, FieldModelKind>([['formlib.Form', 'pydanticOrTable']]);
    assert.deepStrictEqual(kindOf(0, formlib), ['pydanticOrTable', 1, true]);
    assert.deepStrictEqual(kindOf(2, formlib), ['pydanticOrTable', 2, false], 'through a project base');
    assert.strictEqual(kindOf(0), null, 'the core alone does not know the base');
    assert.deepStrictEqual(kindOf(3), ['pydantic', 1, false], "Pydantic's base is the core's");
  });

  it("are composed from the adapters' parts (SQLModel's is SQLAlchemy's)", () => {
    const listed = FRAMEWORK_ADAPTERS.filter((a) => a.fieldModelBases?.size).map((a) => a.name);
    assert.deepStrictEqual(listed, ['SQLAlchemy']);
    assert.strictEqual(FIELD_MODEL_BASES.get('sqlmodel.SQLModel'), 'pydanticOrTable');
  });
});
