// The edit behind "Ignore this line for <rule>", on the lines where a comment can and cannot go.
import * as assert from 'assert';
import { ignoreLineEdit } from '../../server/out/lsp/handlers/ignoreLine';
import { applyEdits } from '../support/fixtures';

const fixed = (line: string, rule = 'undefined-name', file = 'app/views.py') => {
  const edit = ignoreLineEdit(file, 0, line, rule);
  return edit ? applyEdits(line, [edit]) : null;
};

describe('ignore-this-line edit', () => {
  it('appends the comment after the code (and after another comment), trailing spaces dropped', () => {
    assert.strictEqual(fixed('x = Foo()   \n'), 'x = Foo()  # coherence: ignore[undefined-name]\n');
    assert.strictEqual(fixed('x = Foo()  # noqa: F821'), 'x = Foo()  # noqa: F821  # coherence: ignore[undefined-name]');
  });

  it('extends an existing list, or fills an empty one', () => {
    assert.strictEqual(fixed('x = a.b  # coherence: ignore[unknown-attribute]'), 'x = a.b  # coherence: ignore[unknown-attribute, undefined-name]');
    assert.strictEqual(fixed('x = a.b  #coherence:ignore[]'), 'x = a.b  #coherence:ignore[undefined-name]');
  });

  it('offers nothing where the comment would not work or would change the code', () => {
    assert.strictEqual(fixed('x = Foo()  # coherence: ignore'), null); // every rule is silenced already
    assert.strictEqual(fixed('x = f("""start'), null); // the line ends inside a string
    assert.strictEqual(fixed('x = Foo() + \\'), null); // a comment after a continuation is a syntax error
    assert.strictEqual(fixed('{{ url_for("bp.view") }}', 'unknown-url-name', 'templates/a.html'), null);
  });
});
