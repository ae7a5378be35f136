/*
 * test-store-presence.c - who has an incident open (presence) and who
 * holds which role (src/store/role.c): entries of a dead pid on this
 * host and entries with an old heartbeat are skipped by the reader,
 * leaving removes one's own entry, a heartbeat keeps one alive.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "calm/buf.h"
#include "calm/store.h"
#include "backend.h"

#define NOW 1700000100000LL

/* The database of the test at hand (backend.h), dropped by close_mem. */
static char *mem_path;

static struct store *open_mem(void)
{
	struct calm_err err = { 0 };
	struct store *st = NULL;

	mem_path = tb_fresh("presence");
	if (store_open(&st, mem_path, 0, &err) != CALM_OK)
		fail_msg("store_open: %s", err.msg);
	return st;
}

static void close_mem(struct store *st)
{
	store_close(st);
	tb_drop(mem_path);
	mem_path = NULL;
}

static long long declare(struct store *st)
{
	struct playbook *pb = xcalloc(1, sizeof *pb);
	struct calm_err err = { 0 };
	long long id = 0;

	pb->name = xstrdup("t");
	pb->nstages = 1;
	pb->stages = xcalloc(1, sizeof *pb->stages);
	pb->stages[0].id = xstrdup("s");
	pb->stages[0].title = xstrdup("S");
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_incident_create(st, "t", 2, NOW, "a", pb, &id, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	playbook_free(pb);
	return id;
}

/* A pid that existed and is now gone (reaped). */
static long long dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	assert_true(pid > 0);
	waitpid(pid, NULL, 0);
	return pid;
}

static int collect(const struct presence *p, void *ctx)
{
	buf_addf(ctx, "%s@%s:%lld;", p->author, p->host, p->pid);
	return 0;
}

static char *who(struct store *st, long long inc, long long now)
{
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;

	if (store_presence_each(st, inc, "here", now, collect, &b, &err) != CALM_OK)
		fail_msg("presence: %s", err.msg);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void presence__dead_and_stale_expire(void **state)
{
	struct store *st = open_mem();
	struct calm_err err = { 0 };
	long long inc = declare(st), me = getpid(), dead = dead_pid();
	char *got, want[256];

	(void)state;
	assert_int_equal(store_presence_enter(st, inc, "alice", me, "here", NOW, &err), CALM_OK);
	assert_int_equal(store_presence_enter(st, inc, "ghost", dead, "here", NOW, &err), CALM_OK);
	/* another host: its pids mean nothing here, only the heartbeat counts */
	assert_int_equal(store_presence_enter(st, inc, "bob", dead, "there", NOW, &err), CALM_OK);
	got = who(st, inc, NOW + 1000);
	snprintf(want, sizeof want, "alice@here:%lld;bob@there:%lld;", me, dead);
	assert_string_equal(got, want);
	free(got);
	/* alice beats, bob does not: past the TTL only alice is left */
	assert_int_equal(store_presence_heartbeat(st, inc, me, "here", NOW + 20000, &err), CALM_OK);
	got = who(st, inc, NOW + PRESENCE_TTL_MS + 5000);
	snprintf(want, sizeof want, "alice@here:%lld;", me);
	assert_string_equal(got, want);
	free(got);
	/* leaving removes the entry */
	assert_int_equal(store_presence_leave(st, inc, me, "here", &err), CALM_OK);
	got = who(st, inc, NOW + 21000);
	snprintf(want, sizeof want, "bob@there:%lld;", dead);
	assert_string_equal(got, want);
	free(got);
	/* presence is not in the timeline */
	struct incident_counts c;
	assert_int_equal(store_incident_counts(st, inc, &c, &err), CALM_OK);
	assert_int_equal(c.events, 0);
	/* an unknown incident */
	assert_int_equal(store_presence_enter(st, 99, "x", me, "here", NOW, &err), CALM_NOTFOUND);
	close_mem(st);
}

static int collect_role(const char *role, const char *person, long long since, void *ctx)
{
	buf_addf(ctx, "%s=%s@%lld;", role, person, since);
	return 0;
}

static void roles__set_get_clear(void **state)
{
	struct store *st = open_mem();
	struct calm_err err = { 0 };
	struct buf b = BUF_INIT;
	long long inc = declare(st);
	char *p = NULL;

	(void)state;
	/* writes need a transaction */
	assert_int_equal(store_role_set(st, inc, "scribe", "bob", NOW, &err), CALM_IO);
	calm_err_clear(&err);
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_role_set(st, inc, "scribe", "bob", NOW, &err), CALM_OK);
	assert_int_equal(store_role_set(st, inc, "commander", "alice", NOW, &err), CALM_OK);
	assert_int_equal(store_role_set(st, inc, "commander", "carol", NOW + 1, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(store_role_get(st, inc, "commander", &p, &err), CALM_OK);
	assert_string_equal(p, "carol");
	free(p);
	assert_int_equal(store_role_each(st, inc, collect_role, &b, &err), CALM_OK);
	assert_string_equal(buf_cstr(&b), "commander=carol@1700000100001;scribe=bob@1700000100000;");
	assert_int_equal(store_begin(st, &err), CALM_OK);
	assert_int_equal(store_role_set(st, inc, "scribe", NULL, NOW, &err), CALM_OK);
	assert_int_equal(store_commit(st, &err), CALM_OK);
	assert_int_equal(store_role_get(st, inc, "scribe", &p, &err), CALM_OK);
	assert_null(p);
	buf_release(&b);
	close_mem(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(presence__dead_and_stale_expire),
		cmocka_unit_test(roles__set_get_clear),
	};
	return tb_run("store presence", tests, sizeof tests / sizeof tests[0]);
}
