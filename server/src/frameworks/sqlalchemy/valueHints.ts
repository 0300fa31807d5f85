// SQLAlchemy's value hints (docs/adapters.md): what an ORM call returns (`session.get(User, id)`,
// `User.query.filter_by(…).first()`, `session.scalars(select(User)).one()`) and what iterating a query or result
// gives (`for u in session.scalars(select(User))`): an instance of the entity (the core's `ormResult` hint, read
// by the model rules). Queries kept in locals are read through the walk's assigned values (queryEntities.ts).
import type { ValueHintReader } from '../../syntax/factCollectors';
import { ormElementsEntity, ormResultEntity } from './queryEntities';

export const sqlalchemyValueHints: ValueHintReader = {
  callValue(call, ctx) {
    const found = ormResultEntity(call, ctx.assignedValues());
    const entity = found && ctx.moduleLevelSpelling(found);
    return entity ? { kind: 'ormResult', entity } : undefined;
  },
  loopElements(iterable, ctx) {
    const found = ormElementsEntity(iterable, ctx.assignedValues());
    const entity = found && ctx.moduleLevelSpelling(found);
    return entity ? { kind: 'ormResult', entity } : undefined;
  },
};
