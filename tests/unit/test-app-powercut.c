/*
 * test-app-powercut.c - power cuts during every kind of write.
 *
 * Each round runs a random workload of the actions a person takes
 * (declare, note, tick and untick, set a field, advance and go back,
 * save a draft, send it, log a fix attempt and its outcome, add an
 * action item and change its status, hand a role) through src/app, on a
 * database opened through the power-cut VFS (powercut-vfs.c), which
 * cuts the power at a random write or sync.  Every action that returned
 * CALM_OK goes into a ledger as acknowledged.  Then the files are
 * rebuilt as the cut left them (a third of the rounds keep only what was
 * synced, a third also an arbitrary subset of later writes, a third
 * every write made, as a killed process leaves them), and:
 *   - PRAGMA integrity_check says ok;
 *   - app_verify() holds: the chain, and every table recomputed from it;
 *   - every acknowledged write is there: a creation exactly once, a
 *     state (a tick, a field, the stage, an outcome, a status, a role)
 *     as last acknowledged - or as the one action the cut interrupted
 *     left it; nothing attempted after the cut is there at all.
 *
 * CALM_POWERCUT_CUTS sets the rounds (100 here, 1,000 in `make stress`),
 * CALM_POWERCUT_SEED the seed (printed, to replay a failure).  Files go
 * to /dev/shm when there is one (the VFS decides what is durable, so a
 * RAM disk loses nothing of the test and saves the real fsyncs).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "calm/app.h"
#include "calm/store.h"
#include "calm/buf.h"
#include "calm/config.h"
#include "powercut-vfs.h"

enum kind {
	K_DECLARE, K_NOTE, K_TICK, K_SET, K_STAGE, K_DRAFT, K_SEND, K_FIX,
	K_OUTCOME, K_ACTION, K_STATUS, K_ROLE, K_COUNT
};

static const char *const kind_names[K_COUNT] = {
	"declare", "note", "tick", "set", "advance/back", "draft", "send", "fix",
	"outcome", "action", "action status", "role",
};

/* A state (tick, field, stage...) rather than a row that appears once. */
static bool is_state(enum kind k)
{
	return k == K_TICK || k == K_SET || k == K_STAGE || k == K_OUTCOME ||
	       k == K_STATUS || k == K_ROLE;
}

enum when { BEFORE, DURING, AFTER }; /* the cut, relative to the action */

struct entry {
	enum kind k;
	char key[64];     /* state: which one; creation: "" */
	char value[96];   /* creation: its unique text; state: the value set */
	bool acked;
	enum when when;
};

struct round {
	struct app app;
	struct entry *v;
	size_t n;
	int id;           /* this round's number, in every text */
	int seq;
	/* the model: what the acknowledged actions made */
	int stage;
	long long fixes, actions;
	char *path;
};

/* Totals over all rounds. */
static long long acked_by_kind[K_COUNT], lost, landed_during, cuts_done, ops_total;

static struct playbook *pb;

static unsigned rnd(void)
{
	return (unsigned)rand();
}

static const char *base_dir(void)
{
	struct stat sb;
	const char *d = getenv("CALM_TEST_TMP");

	if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0)
		return "/dev/shm";
	if (!d || !*d)
		d = "/tmp";
	mkdir(d, 0700);
	return d;
}

static void add(struct round *r, enum kind k, const char *key, const char *value,
		enum calm_rc rc, bool cut_before)
{
	struct entry *e;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	e = &r->v[r->n++];
	e->k = k;
	snprintf(e->key, sizeof e->key, "%s", key ? key : "");
	snprintf(e->value, sizeof e->value, "%s", value ? value : "");
	e->acked = rc == CALM_OK;
	e->when = cut_before ? AFTER : pc_cut() ? DURING : BEFORE;
}

/* One random action on incident 1; records it in the ledger. */
static void act(struct round *r)
{
	static const char *const items[] = { "what-broken", "who-sees-it", "when-started" };
	struct app *a = &r->app;
	bool before = pc_cut();
	unsigned p = rnd() % 100;
	char text[96], key[64];
	enum calm_rc rc;
	long long n = 0;
	int rev = 0;

	snprintf(text, sizeof text, "r%d.%d-%u", r->id, ++r->seq, rnd() % 100000);
	if (p < 5) {
		rc = app_declare(a, text, 3, NULL, &n);
		add(r, K_DECLARE, NULL, text, rc, before);
	} else if (p < 35) {
		rc = app_note(a, 1, text, strlen(text), NULL);
		add(r, K_NOTE, NULL, text, rc, before);
	} else if (p < 45) {
		const char *item = items[rnd() % 3];
		bool on = rnd() % 2;

		rc = app_check(a, 1, item, on);
		add(r, K_TICK, item, on ? "1" : "0", rc, before);
	} else if (p < 53) {
		rc = app_set_field(a, 1, "impact", text, NULL);
		add(r, K_SET, "impact", text, rc, before);
	} else if (p < 60) {
		struct stage_move mv;
		bool fwd = r->stage == 0 || (r->stage < 6 && rnd() % 2);
		char to[16];

		snprintf(to, sizeof to, "%d", fwd ? r->stage + 1 : r->stage - 1);
		rc = fwd ? app_advance(a, 1, NULL, text, NULL, &mv) : app_back(a, 1, NULL, &mv);
		add(r, K_STAGE, "stage", to, rc, before);
		if (rc == CALM_OK)
			r->stage = mv.to;
	} else if (p < 68) {
		rc = app_draft_save(a, 1, AUD_INTERNAL, text, strlen(text), &rev);
		add(r, K_DRAFT, NULL, text, rc, before);
	} else if (p < 73) {
		struct app_send s = { .confirmed = true };

		rc = app_draft_save(a, 1, AUD_EXTERNAL, text, strlen(text), &rev);
		add(r, K_DRAFT, NULL, text, rc, before);
		if (rc == CALM_OK) {
			before = pc_cut();
			rc = app_send(a, 1, AUD_EXTERNAL, &s);
			app_send_release(&s);
			add(r, K_SEND, NULL, text, rc, before);
		}
	} else if (p < 81) {
		rc = app_fix_add(a, 1, text, "why not", &n);
		add(r, K_FIX, NULL, text, rc, before);
		if (rc == CALM_OK)
			r->fixes = n;
	} else if (p < 86 && r->fixes) {
		n = 1 + (long long)(rnd() % (unsigned)r->fixes);
		snprintf(key, sizeof key, "%lld", n);
		rc = app_fix_outcome(a, 1, n, "partial", text);
		add(r, K_OUTCOME, key, text, rc, before);
	} else if (p < 92) {
		rc = app_action_add(a, 1, text, NULL, NULL, NULL, &n);
		add(r, K_ACTION, NULL, text, rc, before);
		if (rc == CALM_OK)
			r->actions = n;
	} else if (p < 95 && r->actions) {
		static const char *const st[] = { "open", "done", "dropped" };
		const char *to = st[rnd() % 3];

		n = 1 + (long long)(rnd() % (unsigned)r->actions);
		snprintf(key, sizeof key, "%lld", n);
		rc = app_action_status(a, 1, n, to);
		add(r, K_STATUS, key, to, rc, before);
	} else { /* taken by the person named (to another, it is only offered) */
		const char *was = a->author;

		a->author = text;
		rc = app_role_assign(a, 1, "commander", text);
		a->author = was;
		add(r, K_ROLE, "commander", text, rc, before);
	}
}

/* ---- checking the rebuilt database ---- */

static long long q_count(sqlite3 *db, const char *sql, const char *arg)
{
	sqlite3_stmt *stmt = NULL;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* A state's value now ("" when unset); key as the ledger has it. */
static char *q_state(sqlite3 *db, enum kind k, const char *key)
{
	static const char *const sql[K_COUNT] = {
		[K_TICK] = "SELECT checked FROM checklist WHERE incident_id = 1 AND item_id = ?1",
		[K_SET] = "SELECT value FROM fields WHERE incident_id = 1 AND name = ?1",
		[K_STAGE] = "SELECT stage_index FROM incidents WHERE id = 1 AND ?1 = 'stage'",
		[K_OUTCOME] = "SELECT outcome_note FROM fixes WHERE incident_id = 1"
			      " ORDER BY id LIMIT 1 OFFSET ?1 - 1",
		[K_STATUS] = "SELECT status FROM actions WHERE incident_id = 1"
			     " ORDER BY id LIMIT 1 OFFSET ?1 - 1",
		[K_ROLE] = "SELECT person FROM roles WHERE incident_id = 1 AND role = ?1",
	};
	sqlite3_stmt *stmt = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql[k], -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
		v = xstrdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return v ? v : xstrdup("");
}

/* What a state is at first, before any action set it. */
static const char *initial(enum kind k)
{
	return k == K_TICK ? "0" : k == K_STAGE ? "0" : k == K_STATUS ? "open" : "";
}

static long long q_creation(sqlite3 *db, enum kind k, const char *text)
{
	static const char *const sql[K_COUNT] = {
		[K_DECLARE] = "SELECT count(*) FROM incidents WHERE title = ?1",
		[K_NOTE] = "SELECT count(*) FROM events WHERE kind = 'note' AND text = ?1",
		[K_DRAFT] = "SELECT count(*) FROM comms WHERE text = ?1",
		[K_SEND] = "SELECT count(*) FROM comms WHERE text = ?1 AND sent_ms IS NOT NULL",
		[K_FIX] = "SELECT count(*) FROM fixes WHERE what = ?1",
		[K_ACTION] = "SELECT count(*) FROM actions WHERE title = ?1",
	};

	return q_count(db, sql[k], text);
}

/* Every ledger entry against the rebuilt database; the lost ones. */
static long long check_ledger(struct round *r, sqlite3 *db)
{
	long long bad = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct entry *e = &r->v[i];

		if (e->acked)
			acked_by_kind[e->k]++;
		if (is_state(e->k)) {
			/* the last acknowledged value, or the interrupted one */
			const char *want = initial(e->k), *maybe = NULL;
			bool last = true;

			for (size_t j = 0; j < r->n; j++) {
				const struct entry *f = &r->v[j];

				if (f->k != e->k || strcmp(f->key, e->key) != 0)
					continue;
				if (f->acked)
					want = f->value;
				else if (f->when == DURING)
					maybe = f->value;
				if (j > i)
					last = false;
			}
			if (!last)
				continue; /* judged once, at its key's last entry */
			char *got = q_state(db, e->k, e->key);
			if (strcmp(got, want) != 0 && !(maybe && strcmp(got, maybe) == 0)) {
				print_message("round %d: %s '%s' is '%s', acknowledged '%s'%s%s\n",
					      r->id, kind_names[e->k], e->key, got, want,
					      maybe ? ", or interrupted: " : "", maybe ? maybe : "");
				bad++;
			}
			free(got);
			continue;
		}
		long long c = q_creation(db, e->k, e->value);
		bool ok = e->acked ? c == 1 : e->when == DURING ? c <= 1 : c == 0;

		if (!e->acked && e->when == DURING && c == 1)
			landed_during++;
		if (!ok) {
			print_message("round %d: %s '%s' is there %lld times (%s, cut %s it)\n",
				      r->id, kind_names[e->k], e->value, c,
				      e->acked ? "acknowledged" : "not acknowledged",
				      e->when == BEFORE ? "after" : e->when == DURING ? "during" : "before");
			bad++;
		}
	}
	return bad;
}

static void one_round(int id, long cut_at, enum pc_mode mode)
{
	struct round r = { .id = id };
	struct calm_err err = { 0 };
	struct app_verify v;
	struct store *st = NULL;
	struct buf dir = BUF_INIT;
	sqlite3 *db = NULL;
	char *ic = NULL;
	int actions = 30 + (int)(rnd() % 30);

	buf_addf(&dir, "%s/calm-powercut-XXXXXX", base_dir());
	assert_non_null(mkdtemp(dir.s));
	buf_addf(&dir, "/calm.db");
	r.path = dir.s;
	pc_arm(cut_at, rnd());
	if (store_open(&st, r.path, 0, &err) == CALM_OK) {
		long long base = 0;
		enum calm_rc rc;
		bool before = pc_cut();

		r.app = (struct app){ .st = st, .pb = pb, .author = "powercut" };
		rc = app_declare(&r.app, "powercut base", 2, NULL, &base);
		add(&r, K_DECLARE, NULL, "powercut base", rc, before);
		bool fresh = rc == CALM_OK;

		for (int i = 0; fresh && i < actions && !pc_cut(); i++)
			act(&r);
		for (int i = 0; fresh && i < 2; i++)
			act(&r); /* after the cut: never acknowledged, never there */
		app_release(&r.app);
	}
	ops_total += pc_ops();
	pc_cut_now();
	store_close(st);
	st = NULL;
	pc_restore(mode);
	cuts_done++;

	/* the rebuilt files: intact, verified, and nothing acknowledged lost */
	assert_int_equal(sqlite3_open_v2(r.path, &db, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
	{
		sqlite3_stmt *stmt = NULL;

		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		ic = xstrdup((const char *)sqlite3_column_text(stmt, 0));
		sqlite3_finalize(stmt);
	}
	if (strcmp(ic, "ok") != 0)
		fail_msg("round %d (cut at %ld): integrity_check: %s", id, cut_at, ic);
	free(ic);
	sqlite3_close(db);
	if (store_open(&st, r.path, 0, &err) != CALM_OK)
		fail_msg("round %d (cut at %ld): cannot reopen: %s", id, cut_at, err.msg);
	r.app = (struct app){ .st = st, .pb = pb, .author = "powercut" };
	if (app_verify(&r.app, 0, NULL, &v) != CALM_OK)
		fail_msg("round %d (cut at %ld): verify: %s%s%s", id, cut_at, r.app.err.msg,
			 v.ndiffs ? ": " : "", v.ndiffs ? v.diffs[0] : "");
	app_verify_release(&v);
	app_release(&r.app);
	store_close(st);
	assert_int_equal(sqlite3_open_v2(r.path, &db, SQLITE_OPEN_READONLY, "unix"), SQLITE_OK);
	lost += check_ledger(&r, db);
	sqlite3_close(db);

	/* clean up the round's files */
	{
		char *slash = strrchr(r.path, '/');
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s-wal", r.path);
		unlink(p.s);
		buf_reset(&p);
		buf_addf(&p, "%s-shm", r.path);
		unlink(p.s);
		buf_release(&p);
		unlink(r.path);
		*slash = '\0';
		rmdir(r.path);
	}
	free(r.v);
	buf_release(&dir);
}

/* A kind of write not acknowledged yet in any round, or -1. */
static int missing_kind(void)
{
	for (int k = 0; k < K_COUNT; k++)
		if (acked_by_kind[k] == 0)
			return k;
	return -1;
}

static void powercut__nothing_acknowledged_is_lost(void **state)
{
	const char *env = getenv("CALM_POWERCUT_CUTS"), *senv = getenv("CALM_POWERCUT_SEED");
	long cuts = env && *env ? strtol(env, NULL, 10) : 100;
	unsigned seed = senv && *senv ? (unsigned)strtoul(senv, NULL, 10)
				      : (unsigned)time(NULL) ^ (unsigned)getpid();
	struct calm_err err = { 0 };
	long long acked = 0;
	long rounds, i = 0;

	(void)state;
	srand(seed);
	pc_install();
	assert_int_equal(config_default(&pb, &err), CALM_OK);
	for (; i < cuts; i++)
		one_round((int)i + 1, 1 + (long)(rnd() % 400), (enum pc_mode)(i % 3));
	/* Every kind of write must have been acknowledged, cut and checked:
	 * the rare ones (an action's status needs an action first) may need
	 * more rounds than asked, up to five times as many. */
	for (; cuts >= 100 && i < cuts * 5 && missing_kind() >= 0; i++)
		one_round((int)i + 1, 1 + (long)(rnd() % 400), (enum pc_mode)(i % 3));
	rounds = i;
	playbook_free(pb);
	print_message("power cuts: %lld (seed %u; %lld writes and syncs before them), acknowledged writes checked:",
		      cuts_done, seed, ops_total);
	for (int k = 0; k < K_COUNT; k++) {
		print_message(" %s %lld%s", kind_names[k], acked_by_kind[k], k + 1 < K_COUNT ? "," : "\n");
		acked += acked_by_kind[k];
	}
	print_message("acknowledged: %lld, lost: %lld; interrupted writes that landed: %lld\n",
		      acked, lost, landed_during);
	assert_int_equal(lost, 0);
	if (cuts >= 100 && missing_kind() >= 0)
		fail_msg("no acknowledged %s in %ld rounds", kind_names[missing_kind()], rounds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(powercut__nothing_acknowledged_is_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
