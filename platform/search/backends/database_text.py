"""The SQL that matches an expanded query (search.expansion.QueryPlan) in the database index.

One derived table per query word, `(entry_id, score)`: the entries holding any of the word's
alternatives, each scored by its best alternative -- weight x boost of the field for one-term
alternatives (one pass over their posting lists, `token IN (...)`), for multi-term ones each
term's share of the weight x the boost of its best field (a join of their terms' posting lists). The words' tables are joined on entry
(every word must match) and the scores added; scope and filters are probed per entry. A word
with only its exact term reads one posting list in entry order, as before expansion, so
PostgreSQL can still merge-join the common case.
"""
from ..models import SearchToken
from ..types import IndexSpec


def text_matching_sql(spec: IndexSpec, plan, table: str, scope: tuple[list[str], list]) -> tuple[str, list]:
    """SELECT entry_id, score of every entry matching every word of `plan` within `scope`
    (conditions on the column `w0.entry_id` and their parameters)."""
    fields = list(spec.text_fields)
    sql, params = "", []
    scores = []
    for i, word in enumerate(plan.words):
        word_sql, word_params = _word_sql(spec, fields, word, table)
        if i == 0:
            sql = f"FROM ({word_sql}) w0"
        else:
            sql += f" JOIN ({word_sql}) w{i} ON w{i}.entry_id = w0.entry_id"
        params += word_params
        scores.append(f"w{i}.score")
    conditions, condition_params = scope
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT w0.entry_id, {' + '.join(scores)} {sql}{where}", [*params, *condition_params]


def _boost_case(spec: IndexSpec, fields: list[str], alias: str) -> tuple[str, list]:
    """The boost of the field of the token row `alias`, as SQL."""
    sql = f"CASE {alias}.field " + " ".join("WHEN %s THEN CAST(%s AS DOUBLE PRECISION)" for _ in fields) + " END"
    return sql, [value for name in fields for value in (name, float(spec.text_fields[name]))]


def _word_sql(spec: IndexSpec, fields: list[str], word, table: str) -> tuple[str, list]:
    boost_case, boost_params = _boost_case(spec, fields, "t")
    in_fields = f"IN ({', '.join(['%s'] * len(fields))})"
    single = word.single_terms
    terms = sorted(single)
    if len(terms) == 1:
        weight_sql, weight_params = "CAST(%s AS DOUBLE PRECISION)", [single[terms[0]]]
        token_sql, token_params = "t.token = %s", terms
    else:
        weight_sql = "CASE t.token " + " ".join("WHEN %s THEN CAST(%s AS DOUBLE PRECISION)" for _ in terms) + " END"
        weight_params = [value for term in terms for value in (term, single[term])]
        token_sql, token_params = f"t.token IN ({', '.join(['%s'] * len(terms))})", terms
    parts = [(f"SELECT t.entry_id AS entry_id, MAX({weight_sql} * {boost_case}) AS score FROM {table} t "
              f"WHERE t.index_name = %s AND {token_sql} AND t.field {in_fields} GROUP BY t.entry_id",
              [*weight_params, *boost_params, spec.name, *token_params, *fields])]
    for phrase in word.phrases:
        # Each term counts its share of the weight times the boost of the field it occurs in (the
        # best one: the outer MAX over the rows of every field combination), as Elasticsearch does.
        boosts = [_boost_case(spec, fields, f"p{j}") for j in range(len(phrase.terms))]
        share = phrase.weight / len(phrase.terms)
        score_sql = " + ".join(f"CAST(%s AS DOUBLE PRECISION) * {case}" for case, _ in boosts)
        sql = f"SELECT p0.entry_id AS entry_id, {score_sql} AS score FROM {table} p0"
        params: list = [value for _, case_params in boosts for value in (share, *case_params)]
        for j, term in enumerate(phrase.terms[1:], start=1):
            sql += (f" JOIN {table} p{j} ON p{j}.entry_id = p0.entry_id AND p{j}.index_name = %s "
                    f"AND p{j}.token = %s AND p{j}.field {in_fields}")
            params += [spec.name, term, *fields]
        sql += f" WHERE p0.index_name = %s AND p0.token = %s AND p0.field {in_fields}"
        parts.append((sql, [*params, spec.name, phrase.terms[0], *fields]))
    if len(parts) == 1:
        return parts[0]
    union = " UNION ALL ".join(sql for sql, _ in parts)
    return (f"SELECT entry_id, MAX(score) AS score FROM ({union}) x GROUP BY entry_id",
            [value for _, params in parts for value in params])


def token_table(connection) -> str:
    return connection.ops.quote_name(SearchToken._meta.db_table)
