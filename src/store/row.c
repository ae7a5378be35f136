/*
 * row.c - statements run from tables: the parameters a statement binds
 * and the columns a row maps to are data (store-int.h: struct
 * store_arg, struct store_col), so each query says what it binds and
 * what it reads, and the prepare, bind, step, read and hand-back steps
 * are written once here.
 *
 * A row's text columns are the engine's own (sqlite3_column_text, or
 * the PostgreSQL result's): valid until the next step, as the callbacks
 * that receive them are told (store.h); a COL_DUP column is a malloc'd
 * copy the row owns.  store_q_open(), store_q_row() and store_q_close()
 * go to the engine's (st->eng); SQLite's are here, PostgreSQL's in
 * pg-engine.c.
 */
#include "calm/store.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "store-int.h"

void store_bind_args(sqlite3_stmt *stmt, const struct store_arg *args)
{
	for (int i = 0; args && args[i].kind != ARG_END; i++) {
		if (args[i].kind == ARG_INT && !args[i].null)
			sqlite3_bind_int64(stmt, i + 1, args[i].i);
		else if (args[i].kind == ARG_BLOB && args[i].s)
			sqlite3_bind_blob(stmt, i + 1, args[i].s, (int)args[i].i, SQLITE_STATIC);
		else if (args[i].kind == ARG_TEXTN && args[i].s)
			sqlite3_bind_text(stmt, i + 1, args[i].s, (int)args[i].i, SQLITE_STATIC);
		else if (args[i].kind == ARG_TEXT)
			store_bind_text(stmt, i + 1, args[i].s);
		else
			sqlite3_bind_null(stmt, i + 1);
	}
}

static void read_col(sqlite3_stmt *stmt, int i, const struct store_col *c, char *row)
{
	long long i64;
	int in;
	bool b;
	double d;
	const char *s;
	char *copy;
	size_t n;

	switch (c->kind) { /* memcpy: the field's own type, whatever row is */
	case COL_INT64:
		i64 = sqlite3_column_int64(stmt, i);
		memcpy(row + c->off, &i64, sizeof i64);
		break;
	case COL_INT:
		in = sqlite3_column_int(stmt, i);
		memcpy(row + c->off, &in, sizeof in);
		break;
	case COL_BOOL:
		b = sqlite3_column_int(stmt, i) != 0;
		memcpy(row + c->off, &b, sizeof b);
		break;
	case COL_DOUBLE:
		d = sqlite3_column_double(stmt, i);
		memcpy(row + c->off, &d, sizeof d);
		break;
	case COL_TEXT:
		s = (const char *)sqlite3_column_text(stmt, i);
		memcpy(row + c->off, &s, sizeof s);
		break;
	case COL_DUP:
		s = (const char *)sqlite3_column_text(stmt, i);
		copy = s ? xstrndup(s, (size_t)sqlite3_column_bytes(stmt, i)) : NULL;
		memcpy(row + c->off, &copy, sizeof copy);
		break;
	case COL_BYTES:
		s = sqlite3_column_blob(stmt, i);
		n = (size_t)sqlite3_column_bytes(stmt, i);
		memcpy(row + c->off, &s, sizeof s);
		memcpy(row + c->len, &n, sizeof n);
		break;
	case COL_NOTNULL:
		b = sqlite3_column_type(stmt, i) != SQLITE_NULL;
		memcpy(row + c->off, &b, sizeof b);
		break;
	case COL_HASH:
		memset(row + c->off, 0, STORE_HASH_LEN);
		if (sqlite3_column_bytes(stmt, i) == STORE_HASH_LEN)
			memcpy(row + c->off, sqlite3_column_blob(stmt, i), STORE_HASH_LEN);
		break;
	case COL_END:
		break;
	}
}

void store_read_row(sqlite3_stmt *stmt, const struct store_col *cols, void *row)
{
	for (int i = 0; cols && cols[i].kind != COL_END; i++)
		read_col(stmt, i, &cols[i], row);
}

/* ---- SQLite's (lite_engine, store.c) ---- */

void lite_q_open(struct store_q *q, const char *sql, const struct store_arg *args)
{
	q->rc = store_prep(q->st, q->id, sql, &q->stmt, q->err);
	if (q->rc == CALM_OK)
		store_bind_args(q->stmt, args);
}

bool lite_q_row(struct store_q *q, const struct store_col *cols, void *row)
{
	int src;

	src = sqlite3_step(q->stmt);
	if (src == SQLITE_ROW) {
		store_read_row(q->stmt, cols, row);
		return true;
	}
	q->done = true;
	if (src != SQLITE_DONE)
		q->rc = q->fail ? q->fail(q->st, src, q->err)
				: store_fail(q->st, src, q->writing, q->err);
	return false;
}

void lite_q_close(struct store_q *q)
{
	store_done(q->st, q->id, q->stmt);
	q->stmt = NULL;
}

/* ---- either engine ---- */

void store_q_open(struct store_q *q, struct store *st, enum store_stmt id,
		  const char *sql, const struct store_arg *args,
		  struct calm_err *err)
{
	*q = (struct store_q){ .st = st, .id = id, .err = err };
	st->eng->q_open(q, sql, args);
}

bool store_q_row(struct store_q *q, const struct store_col *cols, void *row)
{
	if (q->rc != CALM_OK || q->done)
		return false;
	return q->st->eng->q_row(q, cols, row);
}

enum calm_rc store_q_close(struct store_q *q)
{
	q->st->eng->q_close(q);
	return q->rc;
}

long long store_changes(struct store *st)
{
	return st->eng->changes(st);
}

enum calm_rc store_write_row(struct store *st, enum store_stmt id, const char *sql,
			     const struct store_arg *args, const struct store_col *cols,
			     void *row, struct calm_err *err)
{
	struct store_q q;
	enum calm_rc rc = store_writable(st, err);

	if (rc != CALM_OK)
		return rc;
	store_q_open(&q, st, id, sql, args, err);
	q.writing = true;
	store_q_row(&q, cols, row);
	while (store_q_row(&q, NULL, NULL))
		; /* a RETURNING statement finishes its work when stepped to the end */
	return store_q_close(&q);
}

enum calm_rc store_write(struct store *st, enum store_stmt id, const char *sql,
			 const struct store_arg *args, long long *ret,
			 struct calm_err *err)
{
	static const struct store_col first[] = { COL_AT(COL_INT64, 0), COL_LAST };

	return store_write_row(st, id, sql, args, ret ? first : NULL, ret, err);
}
