/*
 * scenario-build.c - a scenario from a past incident's events, through
 * the filter scenario.h states: what was seen comes through, what gives
 * the answer away does not.
 *
 * One pass over the events, in written order, gathers the declaration,
 * the notes (with their corrections), the fix attempts and their
 * outcomes, the cutoff (the first fix that worked, or "no fix
 * possible"), the first update per audience and the final cause and fix
 * fields; a second step keeps the notes that pass and sorts them by when
 * they happened.  Strings are borrowed from the events until the
 * scenario copies what it keeps.
 */
#include "calm/scenario.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A note of the original. */
struct note {
	long long id, ts_ms, at_ms; /* at_ms: when it happened */
	const char *author, *text;  /* text: the newest amendment's */
	bool struck;
};

/* Room for one more of n elements of size in *v (capacity *cap). */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(v, *cap * size);
}

/* A fix attempt of the original. */
struct attempt {
	long long n;         /* its number ("fix" in the data) */
	long long ts_ms;     /* when it was logged */
	const char *what;
	const char *outcome; /* the last one, NULL while none */
	const char *note;
};

/* What one pass gathers. */
struct gather {
	const struct scenario_event *declare;
	struct note *notes;
	size_t nnotes, notes_cap;
	struct attempt *atts;
	size_t natts, atts_cap;
	long long cutoff_ms;       /* LLONG_MAX: none */
	bool fixed;                /* an outcome "worked" was seen */
	long long fixed_ms;        /* the first one's time */
	long long fixed_n;         /* its attempt number */
	long long first_sent[AUD_COUNT]; /* when written */
	bool sent[AUD_COUNT];      /* first_sent is set */
	const char *cause, *fix;   /* the final fields, NULL when unset */
};

static const char *kv_get(const struct scenario_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nkv; i++)
		if (ev->kv[i].key && ev->kv[i].value && strcmp(ev->kv[i].key, key) == 0)
			return ev->kv[i].value;
	return NULL;
}

static long long kv_num(const struct scenario_event *ev, const char *key)
{
	const char *v = kv_get(ev, key);

	return v ? strtoll(v, NULL, 10) : 0;
}

static struct note *note_by_id(struct gather *g, long long id)
{
	for (size_t i = 0; i < g->nnotes; i++)
		if (g->notes[i].id == id)
			return &g->notes[i];
	return NULL;
}

static struct attempt *attempt_by_n(struct gather *g, long long n)
{
	for (size_t i = 0; i < g->natts; i++)
		if (g->atts[i].n == n)
			return &g->atts[i];
	return NULL;
}

static void on_fix(struct gather *g, const struct scenario_event *ev)
{
	const char *what = kv_get(ev, "what"), *outcome = kv_get(ev, "outcome");
	long long n = kv_num(ev, "fix");
	struct attempt *a;

	if (what && what[0]) {
		g->atts = grow(g->atts, g->natts, &g->atts_cap, sizeof *g->atts);
		g->atts[g->natts++] = (struct attempt){ n, ev->ts_ms, what, NULL, NULL };
		return;
	}
	if (!outcome)
		return;
	if (strcmp(outcome, "no-fix") == 0 && g->cutoff_ms == LLONG_MAX)
		g->cutoff_ms = ev->ts_ms;
	a = attempt_by_n(g, n);
	if (!a || scenario_outcome_parse(outcome) < 0)
		return;
	a->outcome = outcome;
	a->note = kv_get(ev, "note");
	if (strcmp(outcome, "worked") == 0 && !g->fixed) {
		g->fixed = true;
		g->fixed_ms = ev->ts_ms;
		g->fixed_n = n;
		if (g->cutoff_ms == LLONG_MAX)
			g->cutoff_ms = ev->ts_ms;
	}
}

static void on_event(struct gather *g, const struct scenario_event *ev)
{
	const char *k = ev->kind;

	if (strcmp(k, "note") == 0 && ev->text && ev->text[0]) {
		g->notes = grow(g->notes, g->nnotes, &g->notes_cap, sizeof *g->notes);
		g->notes[g->nnotes++] = (struct note){
			ev->id, ev->ts_ms, ev->occurred_ms ? ev->occurred_ms : ev->ts_ms,
			ev->author, ev->text, false };
	} else if (strcmp(k, "amend") == 0 || strcmp(k, "strike") == 0) {
		struct note *nt = note_by_id(g, kv_num(ev, "event"));
		if (nt && k[0] == 's')
			nt->struck = true;
		else if (nt && ev->text && ev->text[0] && ev->ts_ms < g->cutoff_ms)
			nt->text = ev->text;
	} else if (strcmp(k, "fix") == 0) {
		on_fix(g, ev);
	} else if (strcmp(k, "sent") == 0) {
		int a = audience_parse(kv_get(ev, "audience"));
		if (a >= 0 && !g->sent[a]) {
			g->first_sent[a] = ev->ts_ms;
			g->sent[a] = true;
		}
	} else if (strcmp(k, "field") == 0) {
		const char *f = kv_get(ev, "field"), *v = kv_get(ev, "value");
		if (f && strcmp(f, "cause") == 0)
			g->cause = v;
		else if (f && strcmp(f, "fix") == 0)
			g->fix = v;
	}
}

/* True when every word of `answer` is among the words of text. */
static bool tells(const char *text, const char *answer)
{
	struct buf tw = BUF_INIT, aw = BUF_INIT, one = BUF_INIT;
	bool all = true;

	if (!answer || !answer[0])
		return false;
	buf_addc(&tw, ' ');
	scenario_words(&tw, text);
	buf_addc(&tw, ' ');
	scenario_words(&aw, answer);
	if (aw.len == 0)
		all = false;
	for (const char *p = buf_cstr(&aw); all && *p;) {
		size_t n = strcspn(p, " ");
		buf_reset(&one);
		buf_addc(&one, ' ');
		buf_add(&one, p, n);
		buf_addc(&one, ' ');
		all = strstr(tw.s, one.s) != NULL;
		p += n + (p[n] == ' ');
	}
	buf_release(&tw);
	buf_release(&aw);
	buf_release(&one);
	return all;
}

static bool note_kept(const struct gather *g, const struct note *nt)
{
	if (nt->struck || nt->ts_ms >= g->cutoff_ms || nt->at_ms >= g->cutoff_ms)
		return false;
	if (tells(nt->text, g->cause) || tells(nt->text, g->fix))
		return false;
	for (size_t i = 0; i < g->natts; i++) {
		const char *o = g->atts[i].outcome;
		if (o && (strcmp(o, "worked") == 0 || strcmp(o, "partial") == 0) &&
		    tells(nt->text, g->atts[i].what))
			return false;
	}
	return true;
}

static int obs_cmp(const void *a, const void *b)
{
	const struct scenario_obs *x = a, *y = b;

	return (x->at_ms > y->at_ms) - (x->at_ms < y->at_ms);
}

/* Offset of a time from the declaration, never before it. */
static long long offset(const struct gather *g, long long ms)
{
	return ms > g->declare->ts_ms ? ms - g->declare->ts_ms : 0;
}

static void take_notes(struct scenario *sc, const struct gather *g)
{
	sc->obs = xcalloc(g->nnotes ? g->nnotes : 1, sizeof *sc->obs);
	for (size_t i = 0; i < g->nnotes; i++) {
		const struct note *nt = &g->notes[i];
		if (!note_kept(g, nt))
			continue;
		sc->obs[sc->nobs++] = (struct scenario_obs){
			offset(g, nt->at_ms),
			xstrdup(nt->author && nt->author[0] ? nt->author : "?"),
			xstrdup(nt->text) };
	}
	/* in written order already: a stable sort keeps ties that way */
	for (size_t i = 1; i < sc->nobs; i++)
		for (size_t j = i; j > 0 && obs_cmp(&sc->obs[j - 1], &sc->obs[j]) > 0; j--) {
			struct scenario_obs t = sc->obs[j];
			sc->obs[j] = sc->obs[j - 1];
			sc->obs[j - 1] = t;
		}
}

static void take_fixes(struct scenario *sc, const struct gather *g)
{
	sc->fixes = xcalloc(g->natts ? g->natts : 1, sizeof *sc->fixes);
	sc->orig_attempts = -1;
	for (size_t i = 0; i < g->natts; i++) {
		const struct attempt *a = &g->atts[i];
		if (g->fixed && a->n == g->fixed_n && sc->orig_attempts < 0)
			sc->orig_attempts = (long long)i;
		if (!a->outcome)
			continue;
		sc->fixes[sc->nfixes++] = (struct scenario_fix){
			xstrdup(a->what), NULL,
			(enum scenario_outcome)scenario_outcome_parse(a->outcome),
			a->note && a->note[0] ? xstrdup(a->note) : NULL,
			offset(g, a->ts_ms) };
	}
}

static const struct scenario_event *find_declare(const struct scenario_event *ev,
						 size_t n, int *sev)
{
	for (size_t i = 0; i < n; i++) {
		const char *t, *s;
		if (ev[i].damaged || !ev[i].kind || strcmp(ev[i].kind, "declare") != 0)
			continue;
		t = kv_get(&ev[i], "title");
		s = kv_get(&ev[i], "severity");
		if (!t || !t[0] || !s || s[0] < '1' || s[0] > '4' || s[1])
			continue;
		*sev = s[0] - '0';
		return &ev[i];
	}
	return NULL;
}

enum calm_rc scenario_from_events(const struct scenario_event *ev, size_t n,
				  const char *source, struct scenario **out,
				  struct calm_err *err)
{
	struct gather g = { .cutoff_ms = LLONG_MAX };
	struct scenario *sc;
	const char *product;
	int sev = 0;

	*out = NULL;
	g.declare = find_declare(ev, n, &sev);
	if (!g.declare)
		return calm_err_set(err, CALM_DATA,
				    "the incident has no declaration to start a drill from");
	for (size_t i = 0; i < n; i++)
		if (!ev[i].damaged && ev[i].kind)
			on_event(&g, &ev[i]);
	sc = xcalloc(1, sizeof *sc);
	sc->title = xstrdup(kv_get(g.declare, "title"));
	sc->severity = sev;
	product = kv_get(g.declare, "product");
	sc->product = product && product[0] ? xstrdup(product) : NULL;
	sc->source = xstrdup(source && source[0] ? source : "incident");
	sc->from_incident = true;
	take_notes(sc, &g);
	take_fixes(sc, &g);
	for (int a = 0; a < AUD_COUNT; a++)
		sc->orig_first_sent_ms[a] = g.sent[a] ? offset(&g, g.first_sent[a]) : -1;
	sc->orig_fix_ms = g.fixed ? offset(&g, g.fixed_ms) : -1;
	free(g.notes);
	free(g.atts);
	*out = sc;
	return CALM_OK;
}
