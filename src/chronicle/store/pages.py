"""Pages of long lists, sought in the index of the list's order instead of walked to.

An offset makes the database step over every row before the page, on each request for a deep page. Here a
page starts from a place of the list known ahead (a milestone, kept every MILESTONE_EVERY rows by whoever
reads many pages, or a client's cursor), with a condition the database answers by a seek in the order's
index: keyset pagination (Winand, "Use The Index, Luke", the seek method). The order is asked for one part at
a time, the rows with a value of its first key and then those without, stated as the index states it: a
condition over a whole order that puts missing values last is no range of the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Connection, Integer, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

# rows between two milestones: a deep page steps over fewer, each one a table row read where a filter is not in
# the index (a story's merged_into); the marks of 100,000 rows are then 1,000 small tuples
MILESTONE_EVERY = 100

Mark = tuple[Any, ...]  # a row's place in an order: its values of the order's keys, then its id
Columns = Select[*tuple[Any, ...]]  # a select of any columns


@dataclass(frozen=True)
class ListOrder:
    """A list's order as an index holds it: by `keys` (each a column and whether it runs from the highest
    value), then by `id`. With `nulls_last`, the rows without a value of the one key come after all the
    others (by id)."""

    keys: tuple[tuple[Any, bool], ...]
    id: Any
    nulls_last: bool = False

    def __post_init__(self) -> None:
        if self.nulls_last and len(self.keys) != 1:
            raise ValueError("an order with missing values last has one key")

    def whole(self) -> tuple[Any, ...]:
        """The ORDER BY of the whole list."""
        missing = (self.keys[0][0].is_(None),) if self.nulls_last else ()
        return (*missing, *self.within())

    def within(self) -> tuple[Any, ...]:
        """The ORDER BY inside one part (the index's own, after its first column when that tells the parts)."""
        return (*(column.desc() if descending else column for column, descending in self.keys), self.id)

    def parts(self) -> tuple[bool, ...]:
        """The parts of the list in turn, each as whether its rows lack the key's value."""
        return (False, True) if self.nulls_last else (False,)


@dataclass(frozen=True)
class ListMilestones:
    """Where a list stands at every `every`-th row of each of its parts (the rows with a value of its order,
    then those without): the mark of the rows at places every - 1, 2 * every - 1, ... of the part."""

    every: int
    valued: int  # how many rows have a value of the order (they come first)
    valued_marks: tuple[Mark, ...]
    unvalued_marks: tuple[Mark, ...]

    def start(self, place: int) -> tuple[bool, Mark | None, int]:
        """Where the list's row at `place` is found: in the part without a value or not, after which mark
        (None: at the part's start), and how many rows past it."""
        unvalued = place >= self.valued
        place -= self.valued if unvalued else 0
        marks = self.unvalued_marks if unvalued else self.valued_marks
        mark = min(place // self.every, len(marks))
        return unvalued, marks[mark - 1] if mark else None, place - mark * self.every


def _later(order: ListOrder, mark: Mark, key: int = 0) -> ColumnElement[bool]:
    """The rows after `mark` in the order from its `key`-th key on."""
    if key == len(order.keys):
        return order.id > mark[-1]
    column, descending = order.keys[key]
    beyond = column < mark[key] if descending else column > mark[key]
    return or_(beyond, and_(column == mark[key], _later(order, mark, key + 1)))


def list_part(
    columns: Columns,
    order: ListOrder,
    conditions: list[ColumnElement[bool]],
    unvalued: bool,
    after: Mark | None,
    skip: Any,
    limit: Any,
) -> Columns:
    """`columns` of the rows meeting `conditions` in one part of the list, after a mark, `skip` rows on, at
    most `limit`, in the order."""
    found = list(conditions)
    if order.nulls_last:
        found.append(order.keys[0][0].is_(None) == unvalued)
    if after is not None and unvalued:
        found.append(order.id > after[-1])
    elif after is not None:
        first, descending = order.keys[0]
        # (the first key's bound alone is the index's range; the rest settles the rows at its edge)
        found += [first <= after[0] if descending else first >= after[0], _later(order, after)]
    return columns.where(*found).order_by(*order.within()).offset(skip).limit(limit)


class PagedList:
    """The statements that read pages of one list (`columns` of the rows meeting `conditions`, in `order`),
    each built once and then asked with a page's own values: where it starts (a mark), how many rows it skips
    and how many it keeps. Building a statement and working out its cache key costs a page more than the
    database's seek (about 0.3 ms against 0.1 ms on SQLite); a list read often is paged again and again."""

    def __init__(self, columns: Columns, order: ListOrder, conditions: list[ColumnElement[bool]]) -> None:
        self.columns, self.order, self.conditions = columns, order, conditions
        self._built: dict[tuple[bool, ...], Columns] = {}  # (a race only builds one twice)

    def _statement(self, walked: bool, unvalued: bool, marked: bool, limited: bool) -> Columns:
        key = (walked, unvalued, marked, limited)
        found = self._built.get(key)
        if found is None:
            skip = bindparam("skip", type_=Integer)
            limit: BindParameter[int] | None = bindparam("limit", type_=Integer) if limited else None
            if walked:
                listed = self.columns.where(*self.conditions).order_by(*self.order.whole())
                found = listed.offset(skip).limit(limit)
            else:
                keys = range(len(self.order.keys) + 1)
                mark: Mark | None = tuple(bindparam(f"mark_{n}") for n in keys) if marked else None
                found = list_part(self.columns, self.order, self.conditions, unvalued, mark, skip, limit)
            self._built[key] = found
        return found

    def _part_rows(
        self, connection: Connection, unvalued: bool, mark: Mark | None, skip: int, limit: int | None
    ) -> list[Any]:
        values: dict[str, Any] = {"skip": skip, "limit": limit}
        if mark is not None:
            values |= {f"mark_{n}": value for n, value in enumerate(mark)}
        statement = self._statement(False, unvalued, mark is not None, limit is not None)
        return list(connection.execute(statement, values))

    def rows(
        self,
        connection: Connection,
        offset: int,
        limit: int | None,
        after: tuple[bool, Mark] | None = None,
        milestones: ListMilestones | None = None,
    ) -> list[Any]:
        """A page of at most `limit` rows: after a mark (`after`: whether it is in the part without a value,
        and the mark), or from `offset`, sought from the milestone before it given the list's milestones,
        walked to otherwise."""
        if after is None and milestones is None:
            walked = self._statement(True, False, False, limit is not None)
            return list(connection.execute(walked, {"skip": offset, "limit": limit}))
        mark: Mark | None
        if after is not None:
            (unvalued, mark), skip = after, 0
        else:
            assert milestones is not None
            unvalued, mark, skip = milestones.start(offset)
            if unvalued and not self.order.nulls_last:  # past the end of a list whose rows all have a value
                return []
        rows = self._part_rows(connection, unvalued, mark, skip, limit)
        if unvalued or not self.order.nulls_last or (limit is not None and len(rows) >= limit):
            return rows
        # (a start in the part with values lies inside it: what the page still needs opens the other part)
        rest = None if limit is None else limit - len(rows)
        return rows + self._part_rows(connection, True, None, 0, rest)


def page_rows(
    session: Session,
    columns: Columns,
    order: ListOrder,
    conditions: list[ColumnElement[bool]],
    offset: int,
    limit: int | None,
    after: tuple[bool, Mark] | None = None,
    milestones: ListMilestones | None = None,
) -> list[Any]:
    """`columns` of a page of the rows meeting `conditions`, in the order, at most `limit` (PagedList.rows,
    for a list read once)."""
    return PagedList(columns, order, conditions).rows(session.connection(), offset, limit, after, milestones)


def list_milestones(session: Session, order: ListOrder, conditions: list[ColumnElement[bool]]) -> ListMilestones:
    """The milestones of the list of the rows meeting `conditions`: one walk of it."""
    place = func.row_number().over(order_by=order.within()).label("place")
    keys = [column for column, _ in order.keys]
    marks: dict[bool, tuple[Mark, ...]] = {}
    for unvalued in order.parts():
        placed = list_part(select(*keys, order.id, place), order, conditions, unvalued, None, 0, None).subquery()
        every = select(*placed.c[: len(keys) + 1]).where(placed.c.place % MILESTONE_EVERY == 0)
        marks[unvalued] = tuple(tuple(row) for row in session.execute(every.order_by(placed.c.place)))
    valued = list_part(select(order.id), order, conditions, False, None, 0, None).subquery()
    counted = session.scalar(select(func.count()).select_from(valued)) or 0
    return ListMilestones(MILESTONE_EVERY, counted, marks[False], marks.get(True, ()))
