/*
 * test-store-pgsql.c - the PostgreSQL statement table (src/store/pg-sql.c):
 * the statements marked as writes (pg_sql_writes: their failures say
 * "cannot write", what was read ahead under a lock is dropped before
 * one runs) are exactly those whose text changes rows, so a statement
 * added that writes and is not marked fails here.  No server is needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/store/pg-int.h"

/* Whether sql changes rows, read from its text: an INSERT, UPDATE,
 * DELETE or MERGE, or a WITH with a part that is one. */
static bool text_writes(const char *sql)
{
	static const char *const first[] = { "INSERT", "UPDATE", "DELETE", "MERGE" };
	static const char *const part[] = { "AS (INSERT", "AS (UPDATE", "AS (DELETE", "AS (MERGE" };

	sql += strspn(sql, " \t\n");
	for (size_t i = 0; i < 4; i++)
		if (strncmp(sql, first[i], strlen(first[i])) == 0)
			return true;
	for (size_t i = 0; strncmp(sql, "WITH", 4) == 0 && i < 4; i++)
		if (strstr(sql, part[i]))
			return true;
	return false;
}

static void pgsql__writes_marked_are_the_statements_that_write(void **state)
{
	int texts = 0, writes = 0;

	(void)state;
	for (int id = 0; id < SQ_COUNT; id++) {
		const char *sql = pg_sql_text((enum store_stmt)id);

		if (!sql)
			continue; /* SQLite's only */
		texts++;
		writes += text_writes(sql);
		if (pg_sql_writes((enum store_stmt)id) != text_writes(sql))
			fail_msg("statement %d is %s but %s: %.120s", id,
				 pg_sql_writes((enum store_stmt)id) ? "marked a write" : "not marked",
				 text_writes(sql) ? "its text writes" : "its text only reads", sql);
	}
	/* the table is read: neither side empty */
	assert_true(texts > 100);
	assert_true(writes > 30 && writes < texts);
	assert_false(pg_sql_writes(SQ_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pgsql__writes_marked_are_the_statements_that_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
