/*
 * replay.c - fold events into an incident's state (see replay.h for
 * what each kind carries).  Every string in the state is the state's
 * own copy; lists grow by doubling.  Lookups are linear: an incident
 * has tens of items, fields, fixes and roles, not thousands.
 */
#include "calm/replay.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"

/* Add one zeroed slot of size sz to the array *pp of *n; returns it.
 * The capacity is implicit: 4, then doubled whenever n reaches a power
 * of two. */
static void *grow(void *pp, size_t *n, size_t sz)
{
	void **p = pp;

	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
		size_t cap = *n ? *n * 2 : 4;
		*p = xrealloc(*p, cap * sz);
	}
	char *slot = (char *)*p + *n * sz;
	memset(slot, 0, sz);
	(*n)++;
	return slot;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* v, or NULL when v is NULL or "". */
static const char *nz(const char *v)
{
	return v && v[0] ? v : NULL;
}

static long long to_ll(const char *v)
{
	return v ? strtoll(v, NULL, 10) : 0;
}

/* A severity from data: 1 to 4, else the one before stays. */
static void set_severity(struct replay_state *s, const char *v)
{
	long long sev = to_ll(v);

	if (sev >= 1 && sev <= 4)
		s->severity = (int)sev;
}

void replay_init(struct replay_state *s)
{
	memset(s, 0, sizeof *s);
}

void replay_release(struct replay_state *s)
{
	free(s->title);
	free(s->declared_by);
	free(s->checklist);
	free(s->stage);
	for (size_t i = 0; i < s->nrevs; i++) {
		free(s->revs[i].author);
		free(s->revs[i].sha256);
		free(s->revs[i].sent_by);
		free(s->revs[i].channel);
	}
	free(s->revs);
	for (size_t i = 0; i < s->nexps; i++) {
		free(s->exps[i].format);
		free(s->exps[i].path);
		free(s->exps[i].author);
	}
	free(s->exps);
	for (size_t i = 0; i < s->nticks; i++)
		free(s->ticks[i].item);
	free(s->ticks);
	for (size_t i = 0; i < s->nfields; i++) {
		free(s->fields[i].name);
		free(s->fields[i].value);
	}
	free(s->fields);
	for (int a = 0; a < AUD_COUNT; a++)
		free(s->drafts[a].channel);
	for (size_t i = 0; i < s->nfixes; i++) {
		free(s->fixes[i].what);
		free(s->fixes[i].why);
		free(s->fixes[i].outcome);
		free(s->fixes[i].note);
		free(s->fixes[i].author);
	}
	free(s->fixes);
	for (size_t i = 0; i < s->nactions; i++) {
		struct replay_action *a = &s->actions[i];
		free(a->title);
		free(a->owner);
		free(a->category);
		free(a->due);
		free(a->status);
		free(a->author);
	}
	free(s->actions);
	for (size_t i = 0; i < s->nroles; i++) {
		free(s->roles[i].role);
		free(s->roles[i].person);
	}
	free(s->roles);
	memset(s, 0, sizeof *s);
}

/* A copy of the array p of n slots of size sz, with the capacity grow()
 * assumes for n, so the copy can grow as the original would. */
static void *dup_slots(const void *p, size_t n, size_t sz)
{
	size_t cap = 4;
	void *d;

	if (n == 0)
		return NULL;
	while (cap < n)
		cap *= 2;
	d = xcalloc(cap, sz);
	memcpy(d, p, n * sz);
	return d;
}

static char *dup_or_null(const char *v)
{
	return v ? xstrdup(v) : NULL;
}

void replay_state_copy(struct replay_state *d, const struct replay_state *s)
{
	*d = *s; /* the numbers; every string and array is copied below */
	d->title = dup_or_null(s->title);
	d->declared_by = dup_or_null(s->declared_by);
	d->checklist = dup_or_null(s->checklist);
	d->stage = dup_or_null(s->stage);
	d->ticks = dup_slots(s->ticks, s->nticks, sizeof *s->ticks);
	for (size_t i = 0; i < s->nticks; i++)
		d->ticks[i].item = dup_or_null(s->ticks[i].item);
	d->fields = dup_slots(s->fields, s->nfields, sizeof *s->fields);
	for (size_t i = 0; i < s->nfields; i++) {
		d->fields[i].name = dup_or_null(s->fields[i].name);
		d->fields[i].value = dup_or_null(s->fields[i].value);
	}
	for (int a = 0; a < AUD_COUNT; a++)
		d->drafts[a].channel = dup_or_null(s->drafts[a].channel);
	d->fixes = dup_slots(s->fixes, s->nfixes, sizeof *s->fixes);
	for (size_t i = 0; i < s->nfixes; i++) {
		struct replay_fix *f = &d->fixes[i];
		f->what = dup_or_null(f->what);
		f->why = dup_or_null(f->why);
		f->outcome = dup_or_null(f->outcome);
		f->note = dup_or_null(f->note);
		f->author = dup_or_null(f->author);
	}
	d->actions = dup_slots(s->actions, s->nactions, sizeof *s->actions);
	for (size_t i = 0; i < s->nactions; i++) {
		struct replay_action *a = &d->actions[i];
		a->title = dup_or_null(a->title);
		a->owner = dup_or_null(a->owner);
		a->category = dup_or_null(a->category);
		a->due = dup_or_null(a->due);
		a->status = dup_or_null(a->status);
		a->author = dup_or_null(a->author);
	}
	d->roles = dup_slots(s->roles, s->nroles, sizeof *s->roles);
	for (size_t i = 0; i < s->nroles; i++) {
		d->roles[i].role = dup_or_null(s->roles[i].role);
		d->roles[i].person = dup_or_null(s->roles[i].person);
	}
	d->revs = dup_slots(s->revs, s->nrevs, sizeof *s->revs);
	for (size_t i = 0; i < s->nrevs; i++) {
		struct replay_rev *r = &d->revs[i];
		r->author = dup_or_null(r->author);
		r->sha256 = dup_or_null(r->sha256);
		r->sent_by = dup_or_null(r->sent_by);
		r->channel = dup_or_null(r->channel);
	}
	d->exps = dup_slots(s->exps, s->nexps, sizeof *s->exps);
	for (size_t i = 0; i < s->nexps; i++) {
		struct replay_export *x = &d->exps[i];
		x->format = dup_or_null(x->format);
		x->path = dup_or_null(x->path);
		x->author = dup_or_null(x->author);
	}
}

const char *replay_get(const struct replay_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nkv; i++)
		if (ev->kv[i].key && strcmp(ev->kv[i].key, key) == 0)
			return ev->kv[i].value;
	return NULL;
}

bool replay_checked(const struct replay_state *s, const char *item)
{
	for (size_t i = 0; i < s->nticks; i++)
		if (strcmp(s->ticks[i].item, item) == 0)
			return s->ticks[i].checked;
	return false;
}

const char *replay_field(const struct replay_state *s, const char *name)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return s->fields[i].value;
	return NULL;
}

const char *replay_role(const struct replay_state *s, const char *role)
{
	for (size_t i = 0; i < s->nroles; i++)
		if (strcmp(s->roles[i].role, role) == 0)
			return s->roles[i].person;
	return NULL;
}

static void tick(struct replay_state *s, const char *item, bool checked)
{
	struct replay_tick *t;

	for (size_t i = 0; i < s->nticks; i++) {
		if (strcmp(s->ticks[i].item, item) == 0) {
			s->ticks[i].checked = checked;
			return;
		}
	}
	t = grow(&s->ticks, &s->nticks, sizeof *t);
	t->item = xstrdup(item);
	t->checked = checked;
}

/* Set (value non-empty) or clear a field, keeping them sorted by name. */
static void set_field(struct replay_state *s, const char *name, const char *value)
{
	size_t i = 0;

	while (i < s->nfields && strcmp(s->fields[i].name, name) < 0)
		i++;
	bool found = i < s->nfields && strcmp(s->fields[i].name, name) == 0;
	if (found && nz(value)) {
		set_str(&s->fields[i].value, value);
	} else if (found) {
		free(s->fields[i].name);
		free(s->fields[i].value);
		memmove(&s->fields[i], &s->fields[i + 1],
			(s->nfields - i - 1) * sizeof *s->fields);
		s->nfields--;
	} else if (nz(value)) {
		grow(&s->fields, &s->nfields, sizeof *s->fields);
		memmove(&s->fields[i + 1], &s->fields[i],
			(s->nfields - 1 - i) * sizeof *s->fields);
		s->fields[i].name = xstrdup(name);
		s->fields[i].value = xstrdup(value);
	}
}

static void apply_field(struct replay_state *s, const char *name, const char *value)
{
	if (!name)
		return;
	if (strcmp(name, "title") == 0) {
		if (nz(value))
			set_str(&s->title, value);
	} else if (strcmp(name, "severity") == 0) {
		if (nz(value))
			set_severity(s, value);
	} else {
		set_field(s, name, value);
	}
}

static void apply_stage(struct replay_state *s, const struct replay_event *ev)
{
	const char *to = replay_get(ev, "to");

	if (replay_get(ev, "begun")) {
		s->begun = true;
		return;
	}
	if (!to)
		return;
	if (replay_get(ev, "override"))
		s->overrides++;
	if (strcmp(to, "closed") == 0) {
		s->closed = true;
		s->closed_ms = ev->ts_ms;
	} else {
		set_str(&s->stage, to);
	}
	s->begun = false;
}

static struct replay_fix *find_fix(struct replay_state *s, long long n)
{
	for (size_t i = 0; i < s->nfixes; i++)
		if (s->fixes[i].n == n)
			return &s->fixes[i];
	struct replay_fix *f = grow(&s->fixes, &s->nfixes, sizeof *f);
	f->n = n;
	return f;
}

static void apply_fix(struct replay_state *s, const struct replay_event *ev)
{
	long long n = to_ll(replay_get(ev, "fix"));
	const char *v;
	struct replay_fix *f;

	if (n <= 0)
		return;
	f = find_fix(s, n);
	if (!f->started_ms) { /* the event that made it */
		f->started_ms = ev->ts_ms;
		set_str(&f->author, ev->author);
	}
	if ((v = replay_get(ev, "what")))
		set_str(&f->what, v);
	if ((v = replay_get(ev, "why")))
		set_str(&f->why, nz(v));
	if ((v = replay_get(ev, "outcome"))) {
		set_str(&f->outcome, v);
		f->outcome_ms = ev->ts_ms;
		const char *note = replay_get(ev, "note");
		if (!note)
			note = replay_get(ev, "lost");
		set_str(&f->note, nz(note));
		if (strcmp(v, "no-fix") == 0 && !f->what)
			f->what = xstrdup("no fix possible");
	}
}

static void apply_action(struct replay_state *s, const struct replay_event *ev)
{
	long long n = to_ll(replay_get(ev, "action"));
	struct replay_action *a = NULL;

	if (n <= 0)
		return;
	for (size_t i = 0; i < s->nactions && !a; i++)
		if (s->actions[i].n == n)
			a = &s->actions[i];
	if (!a) {
		a = grow(&s->actions, &s->nactions, sizeof *a);
		a->n = n;
		a->status = xstrdup("open");
		a->created_ms = ev->ts_ms;
		set_str(&a->author, ev->author);
	}
	for (size_t i = 0; i < ev->nkv; i++) {
		const char *k = ev->kv[i].key, *v = ev->kv[i].value;
		if (!k)
			continue;
		if (strcmp(k, "title") == 0 && nz(v))
			set_str(&a->title, v);
		else if (strcmp(k, "owner") == 0)
			set_str(&a->owner, nz(v));
		else if (strcmp(k, "category") == 0)
			set_str(&a->category, nz(v));
		else if (strcmp(k, "due") == 0)
			set_str(&a->due, nz(v));
		else if (strcmp(k, "status") == 0 && nz(v))
			set_str(&a->status, v);
	}
}

static void apply_role(struct replay_state *s, const struct replay_event *ev)
{
	const char *role = replay_get(ev, "role"), *person = nz(replay_get(ev, "person"));
	size_t i;

	if (!role)
		return;
	for (i = 0; i < s->nroles; i++)
		if (strcmp(s->roles[i].role, role) == 0)
			break;
	if (i < s->nroles && person) {
		set_str(&s->roles[i].person, person);
		s->roles[i].since_ms = ev->ts_ms;
	} else if (i < s->nroles) {
		free(s->roles[i].role);
		free(s->roles[i].person);
		memmove(&s->roles[i], &s->roles[i + 1],
			(s->nroles - i - 1) * sizeof *s->roles);
		s->nroles--;
	} else if (person) {
		struct replay_role *r = grow(&s->roles, &s->nroles, sizeof *r);
		r->role = xstrdup(role);
		r->person = xstrdup(person);
		r->since_ms = ev->ts_ms;
	}
}

static void apply_draft(struct replay_state *s, const struct replay_event *ev, bool sent)
{
	int a = audience_parse(replay_get(ev, "audience"));
	int rev = (int)to_ll(replay_get(ev, "revision"));

	if (a < 0 || rev <= 0)
		return;
	if (sent) {
		s->drafts[a].sent_revision = rev;
		set_str(&s->drafts[a].channel, replay_get(ev, "channel"));
		for (size_t i = 0; i < s->nrevs; i++) {
			struct replay_rev *r = &s->revs[i];

			if (r->audience == a && r->revision == rev) {
				r->sent_ms = ev->ts_ms;
				set_str(&r->sent_by, ev->author);
				set_str(&r->channel, replay_get(ev, "channel"));
			}
		}
	} else {
		struct replay_rev *r = grow(&s->revs, &s->nrevs, sizeof *r);

		s->drafts[a].revision = rev;
		s->drafts[a].id = to_ll(replay_get(ev, "id"));
		r->audience = a;
		r->revision = rev;
		r->created_ms = ev->ts_ms;
		set_str(&r->author, ev->author);
		set_str(&r->sha256, replay_get(ev, "sha256"));
	}
}

static void apply_export(struct replay_state *s, const struct replay_event *ev)
{
	struct replay_export *x = grow(&s->exps, &s->nexps, sizeof *x);

	s->exports++;
	x->ts_ms = ev->ts_ms;
	set_str(&x->format, replay_get(ev, "format"));
	set_str(&x->path, replay_get(ev, "path") ? replay_get(ev, "path") : "");
	set_str(&x->author, ev->author);
}

void replay_apply(struct replay_state *s, const struct replay_event *ev)
{
	const char *k = ev->kind ? ev->kind : "";

	s->event = ev->id;
	s->events++;
	if (ev->damaged) { /* nothing in it can be trusted */
		if (!s->damaged++)
			s->first_damaged = ev->id;
		return;
	}
	s->ts_ms = ev->ts_ms;
	if (strcmp(k, "declare") == 0) {
		const char *v;
		if ((v = replay_get(ev, "title")))
			set_str(&s->title, v);
		if ((v = replay_get(ev, "severity")))
			set_severity(s, v);
		if ((v = replay_get(ev, "product")))
			set_field(s, "product", v);
		if ((v = replay_get(ev, "stage")))
			set_str(&s->stage, v);
		set_str(&s->checklist, replay_get(ev, "checklist"));
		s->declared_ms = ev->ts_ms;
		set_str(&s->declared_by, ev->author);
	} else if (strcmp(k, "check") == 0) {
		const char *item = replay_get(ev, "item"), *c = replay_get(ev, "checked");
		if (item)
			tick(s, item, c && strcmp(c, "1") == 0);
	} else if (strcmp(k, "field") == 0) {
		apply_field(s, replay_get(ev, "field"), replay_get(ev, "value"));
	} else if (strcmp(k, "stage") == 0) {
		apply_stage(s, ev);
	} else if (strcmp(k, "note") == 0) {
		s->notes++;
	} else if (strcmp(k, "draft") == 0) {
		apply_draft(s, ev, false);
	} else if (strcmp(k, "sent") == 0) {
		apply_draft(s, ev, true);
	} else if (strcmp(k, "fix") == 0) {
		apply_fix(s, ev);
	} else if (strcmp(k, "action") == 0) {
		apply_action(s, ev);
	} else if (strcmp(k, "export") == 0) {
		apply_export(s, ev);
	} else if (strcmp(k, "role") == 0) {
		apply_role(s, ev);
	}
}
