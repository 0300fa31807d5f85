// Each file's diagnostics as last checked, and which files have some with related places in other files.
import type { Diagnostic } from '../core/types';

export class DiagnosticsByFile extends Map<string, Diagnostic[]> {
  /** Files with a diagnostic whose related places point elsewhere: few, and an edit looks at each of them. */
  readonly withRelated = new Set<string>();

  override set(file: string, list: Diagnostic[]): this {
    if (list.some((d) => d.related?.length)) this.withRelated.add(file);
    else this.withRelated.delete(file);
    return super.set(file, list);
  }

  override delete(file: string): boolean {
    this.withRelated.delete(file);
    return super.delete(file);
  }

  override clear(): void {
    this.withRelated.clear();
    super.clear();
  }
}
