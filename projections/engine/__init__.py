"""The engine that keeps read models current: what a read model is, and the runner's parts.

- `base`: `Notice` (an event and its log position), `Sql` (a cursor with `?` placeholders on
  both dialects) and `ReadModel`; `dialects`: `Sql` over SQLite and over PostgreSQL.
- `runner`: the `Projector`, which applies the log to every model in batches; `tracking`: each
  model's position; `claims`: which models a rebuild holds; `rebuild`: rebuilding from the
  start of the log, with `bulk` (the indexes it makes once at the end); `supervisor`: the loop
  that keeps going through database errors; `views`: the transactions on the read-model tables.
- `rows`: helpers models share: reading the rows of a batch's pilots a few hundred at a time,
  and the table of pilot titles a model keeps to name the pilot of each row it shows.

One dispatch idiom in every fold. Each read model turns an event into changes to its rows
with a fold class whose `event` method is `eventsourcing.dispatch.singledispatchmethod`: one
`@event.register` per event type it reads, and a default, documented, for every other event.
Why this one:

- A handler per event type, named by its annotation, says what that event does to the rows in
  one place; adding an event type is one method, and an event a model ignores needs nothing.
  An `isinstance` chain hides the same thing in the order of its branches.
- The fold object holds what one batch needs (rows loaded, rows to write), so the handlers are
  methods on that state rather than functions passing it along.
- It is the event-sourcing library's own idiom, and where an annotation names a class that
  cannot be resolved yet it registers the handler when the method is first used.
- Speed: looking up `fold.event` builds a new dispatching wrapper each time (about 2 µs), so
  every fold binds it once a batch (`take = fold.event`, or `base.fold_batch` for a fold
  whose handlers take the event's position) and calls `take` for each event. A
  call then costs a cached lookup of the event's class and a method call: under 1 µs, about
  0.2 µs more than a `functools.singledispatch` function, against the tens of microseconds a
  rebuild spends on each event.
"""
