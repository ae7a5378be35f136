/*
 * people.c - who is on the incident: presence and roles.
 *
 * Presence: a console that may write enters the incident's presence
 * list when it opens one (author, pid, host), beats every
 * PEOPLE_BEAT_MS from the loop's existing one-second tick (no wakeup of
 * its own) and leaves when it closes it or exits; a crashed console's
 * entry expires (store.h).  The title bar lists the others ("also:
 * bob"): re-read on every reload, which another process's commit
 * (their enter, beat or leave) triggers within a second through the
 * data_version poll, and on each beat, so an expired entry goes too.
 *
 * Roles: the playbook's roles and who holds them, shown in the title
 * bar ("IC alice · comms bob"); travelling in time, as they were.  R
 * opens a box to hand one: a digit picks the role, u cycles through the
 * known names (--as, the config's names, the people present), e types
 * one, Enter offers it (app_role_assign(): theirs once they take it),
 * - gives it to nobody; a takes the role when it was offered to the
 * acting author (app_role_accept()) and shows the hand-off brief.
 * Every step is recorded in the timeline in words.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/buf.h"

#define PEOPLE_BEAT_MS 5000

static bool may_write(const struct tui *t)
{
	return !t->opts->readonly && !app_readonly(t->app);
}

void people_release(struct people *pp)
{
	free(pp->also);
	free(pp->roles);
	pp->also = pp->roles = NULL;
}

void people_enter(struct tui *t)
{
	struct people *pp = &t->pp;

	if (pp->entered == t->id)
		return;
	people_leave(t);
	if (!pp->host[0] && gethostname(pp->host, sizeof pp->host - 1) != 0)
		snprintf(pp->host, sizeof pp->host, "localhost");
	if (!t->id || !may_write(t))
		return;
	if (app_presence_enter(t->app, t->id, (long long)getpid(), pp->host) == CALM_OK)
		pp->entered = t->id;
	pp->beat_ms = app_now(t->app);
}

void people_leave(struct tui *t)
{
	struct people *pp = &t->pp;

	if (pp->entered)
		app_presence_leave(t->app, pp->entered, (long long)getpid(), pp->host);
	pp->entered = 0;
}

void people_tick(struct tui *t, long long now_ms)
{
	struct people *pp = &t->pp;

	if (t->picking || !t->id || now_ms - pp->beat_ms < PEOPLE_BEAT_MS)
		return;
	pp->beat_ms = now_ms;
	if (pp->entered)
		app_presence_beat(t->app, pp->entered, (long long)getpid(), pp->host);
	people_load(t);
	t->dirty |= D_TITLE;
}

struct seen {
	struct buf b;
	const struct people *pp;
	long long pid;
};

static int add_present(const struct presence *p, void *ctx)
{
	struct seen *s = ctx;
	const char *name = p->author ? p->author : "?";
	const char *b = buf_cstr(&s->b);
	size_t len = strlen(name);

	if (p->pid == s->pid && p->host && strcmp(p->host, s->pp->host) == 0)
		return 0; /* this console */
	for (const char *q = strstr(b, name); q; q = strstr(q + 1, name))
		if ((q == b || q[-1] == ' ') && (q[len] == ',' || q[len] == '\0'))
			return 0; /* named already */
	buf_addf(&s->b, "%s%s", s->b.len ? ", " : "", name);
	return 0;
}

static const char *role_short(const char *id)
{
	if (strcmp(id, "commander") == 0)
		return "IC";
	if (strcmp(id, "communications") == 0)
		return "comms";
	if (strcmp(id, "fix-lead") == 0)
		return "fix";
	return id;
}

static int add_role(const char *role, const char *person, long long since, void *ctx)
{
	struct buf *b = ctx;

	(void)since;
	if (person && person[0])
		buf_addf(b, "%s%s %s", b->len ? " \u00b7 " : "", role_short(role), person);
	return 0;
}

void people_load(struct tui *t)
{
	struct people *pp = &t->pp;
	struct seen s = { BUF_INIT, pp, (long long)getpid() };
	struct buf roles = BUF_INIT;

	people_release(pp);
	if (t->picking || !t->id)
		return;
	if (!pp->host[0] && gethostname(pp->host, sizeof pp->host - 1) != 0)
		snprintf(pp->host, sizeof pp->host, "localhost");
	app_presence_each(t->app, t->id, pp->host, add_present, &s);
	if (t->tr.on) {
		for (size_t i = 0; i < t->tr.st.nroles; i++)
			add_role(t->tr.st.roles[i].role, t->tr.st.roles[i].person, 0, &roles);
	} else {
		app_roles_each(t->app, t->id, add_role, &roles);
	}
	pp->also = s.b.len ? buf_detach(&s.b) : NULL;
	pp->roles = roles.len ? buf_detach(&roles) : NULL;
	buf_release(&s.b);
	buf_release(&roles);
	t->dirty |= D_TITLE;
}

/* The names u cycles through: --as, the config's, the author. */
static size_t names(const struct tui *t, const char *v[], size_t max)
{
	char *const *lists[2] = { t->opts->names, t->opts->config->names };
	size_t n = 0;

	v[n++] = t->app->author;
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i] && n < max; i++) {
			bool dup = false;

			for (size_t k = 0; k < n; k++)
				dup |= strcmp(v[k], lists[l][i]) == 0;
			if (!dup)
				v[n++] = lists[l][i];
		}
	return n;
}

static void role_show(struct tui *t)
{
	const char *v[64];
	size_t nn = names(t, v, 64);
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < t->pb->nroles && i < 9; i++) {
		char *holder = NULL;

		app_role_holder(t->app, t->id, t->pb->roles[i].id, &holder);
		buf_addf(&b, "%s %zu %s: %s\n", (int)i == t->pp.role ? ">" : " ", i + 1,
			 t->pb->roles[i].title, holder ? holder : "nobody");
		free(holder);
	}
	if (t->pp.role >= 0)
		buf_addf(&b, "\nHand %s to: %s\n(a: take it, when it was offered to you)",
			 t->pb->roles[t->pp.role].title, v[(size_t)t->pp.who % nn]);
	else
		buf_adds(&b, "\nPress the role's digit.");
	modal_open(t, &role_modal, "Hand a role", buf_cstr(&b));
	buf_release(&b);
}

void role_open(struct tui *t)
{
	t->pp.role = -1;
	t->pp.who = 0;
	role_show(t);
}

enum calm_rc role_submit(struct tui *t, const char *person)
{
	const char *id;
	enum calm_rc rc;

	if (t->pp.role < 0 || (size_t)t->pp.role >= t->pb->nroles)
		return calm_err_set(&t->app->err, CALM_USAGE, "no role chosen");
	id = t->pb->roles[t->pp.role].id;
	rc = app_role_assign(t->app, t->id, id, person);
	if (rc == CALM_QUEUED) {
		tui_edit_end(t);
		tui_queued(t, "the role's offer");
		return CALM_OK;
	}
	if (rc != CALM_OK)
		return rc;
	tui_edit_end(t);
	tui_status(t, false, "%s: %s", t->pb->roles[t->pp.role].title,
		   person && person[0] ? person : "nobody");
	tui_reload(t);
	return CALM_OK;
}

/* a in the box: take the role offered to the acting author, then read
 * the hand-off brief. */
static void role_take(struct tui *t)
{
	const struct role_def *r = &t->pb->roles[t->pp.role];
	int cadence[AUD_COUNT] = { 0 };
	struct buf b = BUF_INIT, title = BUF_INIT;

	enum calm_rc rc;

	modal_close(t, &role_modal);
	rc = app_role_accept(t->app, t->id, r->id);
	if (rc == CALM_QUEUED) {
		tui_queued(t, "taking the role");
		return; /* the brief needs the server: read it once back */
	}
	if (rc != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	tui_reload(t);
	for (int a = 0; a < AUD_COUNT; a++)
		cadence[a] = config_cadence(t->opts->config, a, t->inc.severity);
	if (app_handoff_brief(t->app, t->id, cadence, &b) == CALM_OK) {
		buf_addf(&title, "%s is yours: the hand-off brief", r->title);
		modal_open(t, &help_modal, buf_cstr(&title), buf_cstr(&b));
	}
	tui_status(t, false, "%s: you took it", r->title);
	buf_release(&b);
	buf_release(&title);
}

static bool role_key(struct tui *t, struct modal *m, int key)
{
	const char *v[64];
	size_t nn = names(t, v, 64);

	(void)m;

	if (key >= '1' && key <= '9' && (size_t)(key - '1') < t->pb->nroles) {
		t->pp.role = key - '1';
		role_show(t);
	} else if (key == 'a' && t->pp.role >= 0) {
		role_take(t);
	} else if (key == 'u' && t->pp.role >= 0) {
		t->pp.who = (t->pp.who + 1) % (int)nn;
		role_show(t);
	} else if ((key == 'e' || key == '-' || key == '\r' || key == '\n' ||
		    key == (KEY_FN | KEY_ENTER)) && t->pp.role >= 0) {
		modal_close(t, &role_modal);
		if (key == 'e') {
			tui_edit_begin(t, EDIT_ROLE_PERSON);
			snprintf(t->ed.label, sizeof t->ed.label, "give %.30s to: ",
				 t->pb->roles[t->pp.role].title);
			t->dirty |= D_STATUS;
		} else if (role_submit(t, key == '-' ? NULL : v[(size_t)t->pp.who % nn]) != CALM_OK) {
			tui_status(t, true, "%s", t->app->err.msg);
		}
	} else if (key == 27 || key == 'q') {
		modal_close(t, &role_modal);
		tui_status(t, false, "no role handed");
	}
	return true;
}

const struct modal_ops role_modal = {
	.name = "role",
	.flags = MODAL_BOX,
	.footer = "1-9 role  u next name  e type a name  Enter hand it  - nobody  Esc cancel",
	.key = role_key,
};
