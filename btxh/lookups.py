"""``field__any=[…]``: membership in a list of values sent as one parameter.

On PostgreSQL ``field = ANY(%s)`` with the list as one array: a roll's queries select thousands
of people by id, and ``IN (%s, %s, …)`` made psycopg adapt and PostgreSQL parse thousands of
placeholders per query. Integer ids travel as one array literal (``{1,2,3}``), which psycopg
sends as it is instead of adapting each number. Elsewhere (SQLite) it is the plain ``IN`` list.
"""

from django.db.models import Field, ForeignObject, Lookup

INTEGER_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField",
}  # fmt: skip


@Field.register_lookup
@ForeignObject.register_lookup  # (a relation keeps its own lookups)
class AnyOf(Lookup):
    lookup_name = "any"

    @property
    def integers(self) -> bool:
        field = self.lhs.output_field
        target = getattr(field, "target_field", field)
        return target.get_internal_type() in INTEGER_TYPES

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("field__any takes a list of values; a subquery goes to field__in.")
        if self.integers:
            return [int(value) for value in self.rhs]
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = self.rhs
        if connection.vendor == "postgresql":
            if self.integers:
                return f"{lhs} = ANY(%s::bigint[])", [*params, "{" + ",".join(map(str, values)) + "}"]
            return f"{lhs} = ANY(%s)", [*params, values]
        if not values:
            return "1 = 0", params
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]
