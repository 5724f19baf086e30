"""How the API is described in the OpenAPI document: every problem status a route can return,
the headers it sets, and request bodies that refuse unknown fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from litestar import delete, post

# Litestar's own Struct schema plugin, extended below; it has no public import path in 2.x.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.datastructures import ResponseHeader
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Schema

from web.access import writers_only
from web.errors import PROBLEM, Problem
from web.writes import provide_write

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Reference
    from litestar.typing import FieldDefinition

WHEN = {
    400: "Malformed or invalid input: bad JSON, an unknown or oversized field, a bad header or "
    "query value. `errors` names each field.",
    401: "No bearer token, or a token that is not valid.",
    403: "The account may not do this on this pilot, story or workshop.",
    404: "No such pilot, cycle or question (or story, workshop or workshop output). An id that is "
    "not a UUID (or a cycle number that is not a number) addresses nothing, so it is a 404 too. "
    "A story the account may not read does not exist for it.",
    409: "A rule forbids this now (for example, deciding a cycle before it has been studied), or "
    "the Idempotency-Key was already used for a different request.",
    412: "If-Match does not match the current version of the pilot (or story, or workshop); "
    "nothing was recorded.",
    413: "The body is too large.",
    503: "The database is not answering; nothing was recorded. Retry after a moment.",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """The problem+json responses for the given statuses."""
    return {
        status: ResponseSpec(
            Problem, description=WHEN[status], media_type=PROBLEM, generate_examples=False
        )
        for status in statuses
    }


# A list or one pilot's history: the path and query can be malformed, the pilot unknown.
READ = problems(400, 401, 404, 503)
# Every write to a record (a pilot, a story, a workshop) that exists.
WRITE = problems(400, 401, 403, 404, 409, 412, 413, 503)
# Registering a pilot, recording a story or a workshop: there is no record yet, so no 404 and
# no If-Match.
REGISTER = problems(400, 401, 403, 409, 413, 503)

# An answer across pilots that the client already holds (`web.etags`).
NOT_MODIFIED = {
    304: ResponseSpec(
        None,
        description="Not modified: the log has not moved since the answer whose ETag was sent "
        "in If-None-Match, so the client's copy is still the answer.",
        generate_examples=False,
    )
}
CROSS_ETAG = ResponseHeader(
    name="ETag",
    description="Names the log position, the reader and the query; send it back as "
    "If-None-Match to be answered 304 while nothing has changed.",
    documentation_only=True,
)

ETAG = ResponseHeader(
    name="ETag",
    description="The version of the record answered or written (a pilot, a story or a "
    'workshop), as `"VERSION"`; send it back as If-Match.',
    documentation_only=True,
)
LOCATION = ResponseHeader(
    name="Location", description="Where the new pilot can be read.", documentation_only=True
)


def write_route(
    path: str, *, tag: str, status_code: int = 200, method: type[post] | type[delete] = post
) -> HTTPRouteHandler:
    """A write to an existing record (a pilot, a story, a workshop): no readers, run off the
    event loop (the store blocks), given its `Write` (preconditions and idempotency), and
    documented with every status a write can answer."""
    return method(
        path,
        status_code=status_code,
        sync_to_thread=True,
        guards=[writers_only],
        dependencies={"write": Provide(provide_write)},
        responses=WRITE,
        response_headers=[ETAG],
        tags=[tag],
    )


class ClosedStructSchemas(StructSchemaPlugin):
    """Marks request Structs that refuse unknown fields with `additionalProperties: false`, so
    that a client generated from the document (or Schemathesis) never sends a field the API
    answers with 400, and documents what each field's msgspec `extra_json_schema` says (what
    the domain refuses that msgspec does not check: blank text, too few items), on the field
    and on a list's items. Register it in the app's `plugins`; it runs before Litestar's own."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return super().is_plugin_supported_field(field_definition) and bool(
            field_definition.type_.__struct_config__.forbid_unknown_fields
        )

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        struct = msgspec.inspect.type_info(field_definition.type_)
        properties = schema.properties or {}
        for field in struct.fields if isinstance(struct, msgspec.inspect.StructType) else ():
            _document(properties.get(field.encode_name), field.type)
        return schema


def _document(schema: Schema | Reference | None, kind: Any) -> None:
    """Adds to `schema` what the msgspec type `kind` says that Litestar leaves out: the
    `extra_json_schema` of a field, and the length limits of a list's text items."""
    if not isinstance(schema, Schema):
        return
    if isinstance(kind, msgspec.inspect.Metadata):
        aliases = Schema.field_aliases()
        for key, value in (kind.extra_json_schema or {}).items():
            setattr(schema, aliases.get(key, key), value)
        kind = kind.type
    if isinstance(kind, msgspec.inspect.StrType):
        schema.max_length = schema.max_length if kind.max_length is None else kind.max_length
    elif isinstance(kind, msgspec.inspect.ListType):
        _document(schema.items, kind.item_type)
    elif isinstance(kind, msgspec.inspect.UnionType):
        # Text or a Struct (an action is its text or {text, owner}): the text is the branch
        # typed string.
        texts = [branch for branch in schema.one_of or [] if _is_text(branch)]
        for part in kind.types:
            for branch in texts if _is_text_type(part) else []:
                _document(branch, part)


def _is_text(schema: Schema | Reference) -> bool:
    return isinstance(schema, Schema) and schema.type == OpenAPIType.STRING


def _is_text_type(kind: Any) -> bool:
    inner = kind.type if isinstance(kind, msgspec.inspect.Metadata) else kind
    return isinstance(inner, msgspec.inspect.StrType)
