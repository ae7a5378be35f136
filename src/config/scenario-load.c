/*
 * scenario-load.c - a tabletop scenario from YAML, checked against its
 * schema so that what comes out meets every invariant in scenario.h.
 *
 * The format (scenarios/checkout-errors.yaml is the worked example):
 *
 *   title: TEXT             # required, one line: the premise
 *   severity: 2             # required, 1 (worst) .. 4
 *   product: TEXT           # optional, one line
 *   observations:           # required, a non-empty list
 *     - at: 5m              # required: from the drill's start, 0, 90s,
 *                           #   5m, 1h30m (h, m, s in that order; at
 *                           #   most 168h)
 *       author: dana        # optional name (default "scenario")
 *       text: TEXT          # required: what is seen
 *   fixes:                  # required, a non-empty list; one at least
 *     - what: TEXT          #   must have outcome worked
 *       also: [TEXT, ...]   # optional other wordings (or one TEXT)
 *       outcome: failed     # required: worked, partial, failed or
 *                           #   rolled-back
 *       note: TEXT          # required: what the system does
 *
 * Wordings match a trainee's attempt by the rule in scenario.h; one
 * with no words left (only stop words) and one whose words another
 * wording already has are errors.  Observations are delivered by at,
 * ties in file order.  Every mistake is reported with its place and the
 * load goes on; anything reported makes it fail as a whole.
 */
#include "calm/config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "calm/scenario.h"
#include "calm/text.h"
#include "yaml-walk.h"

/* The latest an observation may come, in hours. */
#define AT_MAX_HOURS 168
#define OUTCOMES "worked, partial, failed or rolled-back"

/* One load in progress. */
struct scload {
	struct ywalk w;                 /* the error sink */
	struct scenario *sc;            /* being filled */
	char **wordings;                /* each wording's words, for duplicates */
	const struct ynode **wording_at;
	size_t nwordings;
};

/* Text that must be one line. */
static bool one_line(struct scload *L, const char *key, const struct ynode *v,
		     char **out)
{
	if (!ywalk_text(&L->w, key, v, true, out))
		return false;
	if (strchr(*out, '\n')) {
		ywalk_error(&L->w, v, "'%s' must be one line", key);
		return false;
	}
	return true;
}

/* "0", or digits-and-unit parts h, m, s in that order: 1h30m, 90s. */
static bool parse_at(const char *s, long long *ms)
{
	static const struct { char unit; long long ms; } parts[] = {
		{ 'h', 3600000 }, { 'm', 60000 }, { 's', 1000 },
	};
	size_t next = 0;

	*ms = 0;
	if (strcmp(s, "0") == 0)
		return true;
	if (!*s)
		return false;
	while (*s) {
		long long n = 0;
		const char *start = s;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((n = n * 10 + (*s - '0')) > 1000000)
				return false;
		while (next < 3 && parts[next].unit != *s)
			next++;
		if (s == start || next == 3)
			return false;
		*ms += n * parts[next++].ms;
		s++;
	}
	return true;
}

static void load_at(struct scload *L, const struct ynode *v, long long *ms)
{
	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_SCALAR || !parse_at(v->s, ms))
		ywalk_error(&L->w, v, "'at' must be a time from the start like 0, 90s, 5m or 1h30m");
	else if (*ms > AT_MAX_HOURS * 3600000LL)
		ywalk_error(&L->w, v, "'at' is too late (at most %dh)", AT_MAX_HOURS);
}

static void load_author(struct scload *L, const struct ynode *v, char **out)
{
	if (ywalk_text(&L->w, "author", v, true, out) &&
	    !text_is_name(*out, strlen(*out)))
		ywalk_error(&L->w, v, "'author' must be a name: one line of at most 64 bytes");
}

static void load_obs(struct scload *L, const struct ynode *map,
		     struct scenario_obs *o)
{
	bool have_at = false, have_text = false;

	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "at")) {
			have_at = true;
			load_at(L, v, &o->at_ms);
		} else if (ynode_is(k, "author")) {
			load_author(L, v, &o->author);
		} else if (ynode_is(k, "text")) {
			have_text = true;
			ywalk_text(&L->w, "text", v, true, &o->text);
		} else {
			ywalk_unknown_key(&L->w, k, "observation");
		}
	}
	if (!have_at)
		ywalk_error(&L->w, map, "observation has no 'at'");
	if (!have_text)
		ywalk_error(&L->w, map, "observation has no 'text'");
	if (!o->author)
		o->author = xstrdup("scenario");
}

/* Sort observations by at, ties in file order (insertion sort: stable). */
static void sort_obs(struct scenario *sc)
{
	for (size_t i = 1; i < sc->nobs; i++)
		for (size_t j = i; j > 0 && sc->obs[j - 1].at_ms > sc->obs[j].at_ms; j--) {
			struct scenario_obs t = sc->obs[j];
			sc->obs[j] = sc->obs[j - 1];
			sc->obs[j - 1] = t;
		}
}

static void load_observations(struct scload *L, const struct ynode *v)
{
	struct scenario *sc = L->sc;

	if (!ywalk_list(&L->w, v, "observations") || sc->obs)
		return;
	if (v->nkids == 0) {
		ywalk_error(&L->w, v, "scenario has no observations");
		return;
	}
	sc->obs = xcalloc(v->nkids, sizeof *sc->obs);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *m = v->kids[i];
		if (m->kind != YN_MAP) {
			if (m->kind != YN_BAD)
				ywalk_error(&L->w, m, "an observation must be a mapping with 'at' and 'text'");
			continue;
		}
		load_obs(L, m, &sc->obs[sc->nobs++]);
	}
	sort_obs(sc);
}

/* A wording: text, with words to match, none another wording has. */
static bool load_wording(struct scload *L, const char *key, const struct ynode *v,
			 char **out)
{
	struct buf words = BUF_INIT;
	char s[160];

	if (!ywalk_text(&L->w, key, v, true, out))
		return false;
	scenario_words(&words, *out);
	if (words.len == 0) {
		ywalk_error(&L->w, v, "'%s' has no words to match (only stop words or punctuation)",
			    key);
		buf_release(&words);
		return false;
	}
	for (size_t i = 0; i < L->nwordings; i++) {
		if (strcmp(L->wordings[i], words.s) != 0)
			continue;
		ywalk_error(&L->w, v, "fix wording '%s' has the same words as the one at %d:%d",
			    ynode_show(v, s, sizeof s), L->wording_at[i]->line,
			    L->wording_at[i]->col);
		buf_release(&words);
		return false;
	}
	L->wordings = xrealloc(L->wordings, (L->nwordings + 1) * sizeof *L->wordings);
	L->wording_at = xrealloc(L->wording_at, (L->nwordings + 1) * sizeof *L->wording_at);
	L->wording_at[L->nwordings] = v;
	L->wordings[L->nwordings++] = buf_detach(&words);
	return true;
}

static void load_also(struct scload *L, const struct ynode *v, struct scenario_fix *f)
{
	size_t n = v->kind == YN_SEQ ? v->nkids : 1, got = 0;

	if (f->also || v->kind == YN_BAD)
		return;
	if (v->kind == YN_MAP) {
		ywalk_error(&L->w, v, "'also' must be text or a list of texts");
		return;
	}
	f->also = xcalloc(n + 1, sizeof *f->also);
	for (size_t i = 0; i < n; i++) {
		const struct ynode *k = v->kind == YN_SEQ ? v->kids[i] : v;
		if (k->kind != YN_SCALAR && k->kind != YN_BAD)
			ywalk_error(&L->w, k, "'also' must be text or a list of texts");
		else if (k->kind == YN_SCALAR) {
			char *w = NULL;
			if (load_wording(L, "also", k, &w))
				f->also[got++] = w;
			else
				free(w);
		}
	}
	f->also[got] = NULL;
}

static void load_fix(struct scload *L, const struct ynode *map, struct scenario_fix *f)
{
	bool have_what = false, have_outcome = false, have_note = false;
	char s[160];

	f->at_ms = -1;
	f->outcome = SC_OUTCOME_COUNT; /* none yet */
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "what")) {
			have_what = true;
			load_wording(L, "what", v, &f->what);
		} else if (ynode_is(k, "also")) {
			load_also(L, v, f);
		} else if (ynode_is(k, "outcome")) {
			int o = v->kind == YN_SCALAR ? scenario_outcome_parse(v->s) : -1;
			have_outcome = true;
			if (o >= 0)
				f->outcome = (enum scenario_outcome)o;
			else if (v->kind == YN_SCALAR)
				ywalk_error(&L->w, v, "unknown outcome '%s' (use " OUTCOMES ")",
					    ynode_show(v, s, sizeof s));
			else if (v->kind != YN_BAD)
				ywalk_error(&L->w, v, "'outcome' must be one of " OUTCOMES);
		} else if (ynode_is(k, "note")) {
			have_note = true;
			ywalk_text(&L->w, "note", v, true, &f->note);
		} else {
			ywalk_unknown_key(&L->w, k, "fix");
		}
	}
	if (!have_what)
		ywalk_error(&L->w, map, "fix has no 'what'");
	if (!have_outcome)
		ywalk_error(&L->w, map, "fix has no 'outcome'");
	if (!have_note)
		ywalk_error(&L->w, map, "fix has no 'note' (what the system does)");
}

static void load_fixes(struct scload *L, const struct ynode *v)
{
	struct scenario *sc = L->sc;
	bool works = false, unsure = false;

	if (!ywalk_list(&L->w, v, "fixes") || sc->fixes)
		return;
	if (v->nkids == 0) {
		ywalk_error(&L->w, v, "scenario has no fixes");
		return;
	}
	sc->fixes = xcalloc(v->nkids, sizeof *sc->fixes);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *m = v->kids[i];
		if (m->kind != YN_MAP) {
			if (m->kind != YN_BAD)
				ywalk_error(&L->w, m, "a fix must be a mapping with 'what', 'outcome' and 'note'");
			continue;
		}
		load_fix(L, m, &sc->fixes[sc->nfixes]);
		works = works || sc->fixes[sc->nfixes].outcome == SC_WORKED;
		unsure = unsure || sc->fixes[sc->nfixes].outcome == SC_OUTCOME_COUNT;
		sc->nfixes++;
	}
	if (sc->nfixes > 0 && !works && !unsure) /* a bad outcome was reported */
		ywalk_error(&L->w, v, "scenario has no fix that works (give one fix outcome: worked)");
}

static void load_top(struct scload *L, const struct ynode *root)
{
	const struct ynode *title = NULL, *sev = NULL, *obs = NULL, *fixes = NULL;

	for (size_t i = 0; i + 1 < root->nkids; i += 2) {
		const struct ynode *k = root->kids[i], *v = root->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "title")) {
			title = v;
			one_line(L, "title", v, &L->sc->title);
		} else if (ynode_is(k, "severity")) {
			sev = v;
			ywalk_int(&L->w, "severity", v, 1, 4, &L->sc->severity);
		} else if (ynode_is(k, "product")) {
			one_line(L, "product", v, &L->sc->product);
		} else if (ynode_is(k, "observations")) {
			obs = v;
			load_observations(L, v);
		} else if (ynode_is(k, "fixes")) {
			fixes = v;
			load_fixes(L, v);
		} else {
			ywalk_unknown_key(&L->w, k, "scenario");
		}
	}
	if (!title)
		ywalk_error(&L->w, root, "scenario has no 'title'");
	if (!sev)
		ywalk_error(&L->w, root, "scenario has no 'severity'");
	if (!obs)
		ywalk_error(&L->w, root, "scenario has no observations");
	if (!fixes)
		ywalk_error(&L->w, root, "scenario has no fixes");
}

enum calm_rc config_load_scenario(const char *path, const char *text, size_t len,
				  config_report_fn report, void *ctx,
				  struct scenario **out, struct calm_err *err)
{
	struct scload L = { .w = { .path = path, .report = report, .ctx = ctx,
				   .err = err } };
	struct ynode *root;
	bool fatal;

	assert(out);
	assert(text || len == 0);
	*out = NULL;
	root = ywalk_parse(&L.w, text, len, &fatal);
	L.sc = xcalloc(1, sizeof *L.sc);
	if (!root && !fatal)
		ywalk_error_at(&L.w, 1, 1, "scenario is empty");
	else if (root && root->kind == YN_MAP)
		load_top(&L, root);
	else if (root && root->kind != YN_BAD)
		ywalk_error(&L.w, root, "expected a mapping at the top level");
	ynode_free(root);
	for (size_t i = 0; i < L.nwordings; i++)
		free(L.wordings[i]);
	free(L.wordings);
	free(L.wording_at);
	ywalk_done(&L.w);
	if (L.w.nerrors > 0) {
		scenario_free(L.sc);
		return CALM_CONFIG;
	}
	L.sc->source = xstrdup(path ? path : "-");
	for (int a = 0; a < AUD_COUNT; a++)
		L.sc->orig_first_sent_ms[a] = -1;
	L.sc->orig_fix_ms = L.sc->orig_attempts = -1;
	*out = L.sc;
	return CALM_OK;
}

enum calm_rc config_read_scenario(const char *path, config_report_fn report,
				  void *ctx, struct scenario **out,
				  struct calm_err *err)
{
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	assert(path && out);
	*out = NULL;
	rc = config_read_file(path, &text, &len, err);
	if (rc == CALM_OK)
		rc = config_load_scenario(path, text, len, report, ctx, out, err);
	free(text);
	return rc;
}
