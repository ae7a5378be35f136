/*
 * pending.c - what a console shows of the writes still queued for an
 * incident while the team's server cannot be reached (app-read.h).
 *
 * The queue holds each write as the words of the command that makes it
 * (`check 1 who-affected`, `set 1 impact TEXT`, `advance 1`), whether
 * the console or the command line queued it: one form, one replay.
 * What each write changes (a tick, a field's value, a note, a move) is
 * kept beside its words when it is queued (app_queued_what) and read
 * from there, so the console can show a queued tick as ticked and
 * queued, a field as its queued value, and judge a gate offline on what
 * it has.  A row an older calm queued has its words alone: those are
 * read back into what they change (app_pending_parse).
 */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calm/app-read.h"
#include "calm/queue.h"

/* The words from argv[from] on joined by spaces (a note given as several). */
static char *joined(int argc, const char *const *argv, int from)
{
	struct buf b = BUF_INIT;

	app_words_join(&b, argc - from, argv + from);
	buf_grow(&b, 0); /* "" when there are none */
	return buf_detach(&b);
}

static char *note_text(int argc, const char *const *argv)
{
	int from = 2;

	if (from < argc && strcmp(argv[from], "--") == 0)
		from++;
	for (int i = from; i < argc; i++)
		if (strncmp(argv[i], "--", 2) == 0 && i == from)
			return NULL; /* an option (--at ...): not a plain note */
	return joined(argc, argv, from);
}

bool app_pending_parse(long long id, int argc, const char *const *argv,
		       struct app_pending_write *out)
{
	char want[32];
	const char *cmd;

	memset(out, 0, sizeof *out);
	snprintf(want, sizeof want, "%lld", id);
	if (argc < 2 || strcmp(argv[1], want) != 0)
		return false;
	cmd = argv[0];
	if (strcmp(cmd, "amend") == 0 || strcmp(cmd, "strike") == 0)
		return false; /* their number is an event's, not an incident's */
	out->kind = PENDING_OTHER;
	if (strcmp(cmd, "log") == 0) {
		out->what = note_text(argc, argv);
		out->kind = out->what ? PENDING_NOTE : PENDING_OTHER;
	} else if ((strcmp(cmd, "check") == 0 || strcmp(cmd, "tick") == 0) && argc >= 3) {
		out->kind = PENDING_CHECK;
		out->what = xstrdup(argv[2]);
		out->checked = !(argc >= 4 && strcmp(argv[3], "--undo") == 0);
	} else if (strcmp(cmd, "set") == 0 && argc >= 4) {
		out->kind = PENDING_FIELD;
		out->what = xstrdup(argv[2]);
		out->value = joined(argc, argv, 3 + (strcmp(argv[3], "--") == 0));
	} else if (strcmp(cmd, "advance") == 0) {
		out->kind = PENDING_ADVANCE;
	} else if (strcmp(cmd, "back") == 0) {
		out->kind = PENDING_BACK;
	}
	out->words = joined(argc, argv, 0);
	return true;
}

/* A write queued with what it changes: as kept, for incident id. */
static bool described(long long id, const struct app_queued *a, struct app_pending_write *out)
{
	struct buf words = BUF_INIT;
	enum app_pending_kind k = a->what.kind;

	if (a->what.incident != id)
		return false;
	*out = (struct app_pending_write){ .kind = k, .checked = a->what.checked };
	if (k == PENDING_NOTE || k == PENDING_CHECK || k == PENDING_FIELD)
		out->what = xstrdup(a->what.what ? a->what.what : "");
	if (k == PENDING_FIELD)
		out->value = xstrdup(a->what.value ? a->what.value : "");
	app_queued_words(a, &words);
	out->words = xstrdup(buf_cstr(&words));
	buf_release(&words);
	return true;
}

struct load {
	long long id;
	struct app_pending *p;
};

static int take(const struct queued *w, void *ctx)
{
	struct load *l = ctx;
	struct app_queued a;
	struct app_pending_write pw;

	app_queued_from(w, &a);
	if (a.described ? described(l->id, &a, &pw) : app_pending_parse(l->id, a.argc, a.argv, &pw)) {
		pw.from = w->stage ? xstrdup(w->stage) : NULL;
		l->p->v = xrealloc(l->p->v, (l->p->n + 1) * sizeof *l->p->v);
		l->p->v[l->p->n++] = pw;
	}
	free(a.argv);
	return 0;
}

enum calm_rc app_pending_load(const char *qpath, const char *server, long long id,
			      struct app_pending *out, struct calm_err *err)
{
	struct store_queue *q = NULL;
	struct load l = { id, out };
	enum calm_rc rc;

	memset(out, 0, sizeof *out);
	if (!qpath || access(qpath, F_OK) != 0)
		return CALM_OK; /* nothing ever queued */
	rc = app_queue_open(&q, qpath, err);
	if (rc == CALM_OK)
		rc = store_queue_waiting(q, server, take, &l, err);
	app_queue_close(q);
	return rc;
}

void app_pending_release(struct app_pending *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].what);
		free(p->v[i].value);
		free(p->v[i].from);
		free(p->v[i].words);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

int app_pending_checked(const struct app_pending *p, const char *item)
{
	int state = -1;

	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].kind == PENDING_CHECK && strcmp(p->v[i].what, item) == 0)
			state = p->v[i].checked; /* the last queued wins */
	return state;
}

const char *app_pending_field(const struct app_pending *p, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].kind == PENDING_FIELD && strcmp(p->v[i].what, name) == 0)
			v = p->v[i].value;
	return v;
}

int app_pending_stage(const struct app_pending *p, const struct playbook *pb, int stage)
{
	for (size_t i = 0; p && i < p->n && stage >= 0; i++) {
		if (p->v[i].kind == PENDING_ADVANCE && (size_t)stage + 1 < pb->nstages)
			stage++;
		else if (p->v[i].kind == PENDING_BACK && stage > 0)
			stage--;
	}
	return stage;
}

/* The names of the fields set once p is sent (last's, with p's). */
static size_t fields_after(const struct app_facts *last, const struct app_pending *p,
			   const char ***out)
{
	size_t n = 0, cap = last->nfields + p->n;
	const char **v = xcalloc(cap + 1, sizeof *v);

	for (size_t i = 0; i < last->nfields; i++) {
		const char *q = app_pending_field(p, last->fields[i]);

		if (!q || q[0]) /* cleared by a queued write: no longer set */
			v[n++] = last->fields[i];
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct app_pending_write *w = &p->v[i];
		bool seen = false;

		if (w->kind != PENDING_FIELD || !w->value[0])
			continue;
		for (size_t j = 0; j < n; j++)
			seen |= strcmp(v[j], w->what) == 0;
		if (!seen && app_pending_field(p, w->what)[0])
			v[n++] = w->what;
	}
	*out = v;
	return n;
}

void app_gate_pending(const struct playbook *pb, int last_stage, const struct app_facts *last,
		      const struct app_pending *p, bool moves, int *stage,
		      struct gate_report *out)
{
	struct gate_facts f = last->f;
	const struct stage *st;
	struct gate_item *items;
	const char **fields;
	size_t n;

	*stage = moves ? app_pending_stage(p, pb, last_stage) : last_stage;
	st = &pb->stages[*stage];
	n = *stage == last_stage ? last->nitems : st->nitems;
	items = xcalloc(n + 1, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		int q;

		if (*stage == last_stage)
			items[i] = last->items[i];
		else /* a stage the server has not reached: nothing ticked there yet */
			items[i] = (struct gate_item){ st->items[i].id, st->items[i].text,
						       st->items[i].required, false };
		q = app_pending_checked(p, items[i].id);
		if (q >= 0)
			items[i].checked = q;
	}
	f.items = items;
	f.nitems = n;
	for (size_t i = 0; i < p->n; i++)
		f.notes += p->v[i].kind == PENDING_NOTE;
	f.nfields_set = fields_after(last, p, &fields);
	f.fields_set = fields;
	gate_check(pb, *stage, &f, out);
	free(fields);
	free(items);
}
