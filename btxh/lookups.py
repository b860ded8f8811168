"""``field__any=[…]``: membership in a list of values sent as one parameter.

On PostgreSQL ``field = ANY(%s)`` with the list as one array: a roll's queries select thousands
of people by id, and ``IN (%s, %s, …)`` made psycopg adapt and PostgreSQL parse thousands of
placeholders per query. Elsewhere (SQLite) it is the plain ``IN`` list.
"""

from django.db.models import Field, ForeignObject, Lookup


@Field.register_lookup
@ForeignObject.register_lookup  # (a relation keeps its own lookups)
class AnyOf(Lookup):
    lookup_name = "any"

    def get_prep_lookup(self):
        prep = self.lhs.output_field.get_prep_value
        return [prep(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        if not values:
            return "1 = 0", params
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]
