/*
 * drill-score.c - judging a drill against the routine: one line per
 * score item (playbook.h's enum score_item), each with its numbers, a
 * one-line finding and the playbook's guidance sentence.  The verdict
 * rules are in drill.h; the wording of the findings is here.
 */
#include "calm/drill.h"

#include <stdio.h>
#include <string.h>

#include "calm/blame.h"
#include "calm/duration.h"

/* How much of a person's answer or a reason a finding quotes, bytes. */
#define QUOTE_MAX 80

char *drill_duration(long long ms, char *buf, size_t n)
{
	if (ms < 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	return duration_format(ms, DURATION_TIGHT | DURATION_SECONDS, buf, n);
}

/* Append s as one line of at most QUOTE_MAX bytes, cut on a character. */
static void add_quote(struct buf *b, const char *s)
{
	size_t len = strlen(s);

	if (len > QUOTE_MAX) {
		len = QUOTE_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < len; i++)
		buf_addc(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
	if (len < strlen(s))
		buf_adds(b, "...");
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!strchr(" \t\r\n", *s))
			return false;
	return true;
}

static void line_init(struct drill_line *l, enum score_item item,
		      const struct playbook *pb)
{
	memset(l, 0, sizeof *l);
	l->item = item;
	l->verdict = DRILL_MISSED;
	l->drill_ms = l->original_ms = l->target_ms = -1;
	l->count = l->total = l->original_count = -1;
	l->guidance = pb ? pb->scoring[item] : NULL;
}

/* Take b as the line's text (cut on a character, with "...", when it
 * does not fit) and release it. */
static void line_text(struct drill_line *l, struct buf *b)
{
	size_t len = b->len;

	if (len >= sizeof l->text) {
		len = sizeof l->text - 4;
		while (len > 0 && ((unsigned char)b->s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(l->text, buf_cstr(b), len);
	strcpy(l->text + len, len < b->len ? "..." : "");
	buf_release(b);
}

/* Add one part of a parenthesis: " (part" first, "; part" after. */
static void add_part(struct buf *b, bool *open, const char *part)
{
	buf_adds(b, *open ? "; " : " (");
	buf_adds(b, part);
	*open = true;
}

static void first_update(struct drill_line *l, int a, const struct scenario *sc,
			 const struct drill_facts *f)
{
	struct buf b = BUF_INIT;
	char d[32], part[64];
	bool open = false;

	l->drill_ms = f->first_sent_ms[a];
	l->target_ms = f->cadence_min[a] > 0 ? f->cadence_min[a] * 60000LL : -1;
	l->original_ms = sc ? sc->orig_first_sent_ms[a] : -1;
	l->verdict = l->drill_ms >= 0 && (l->target_ms < 0 || l->drill_ms <= l->target_ms)
			     ? DRILL_MET : DRILL_MISSED;
	if (l->drill_ms >= 0)
		buf_addf(&b, "sent at %s", drill_duration(l->drill_ms, d, sizeof d));
	else
		buf_adds(&b, "not sent");
	if (sc && sc->from_incident && l->original_ms >= 0) {
		snprintf(part, sizeof part, "original %s",
			 drill_duration(l->original_ms, d, sizeof d));
		add_part(&b, &open, part);
	} else if (sc && sc->from_incident) {
		add_part(&b, &open, "the original sent none");
	}
	if (l->target_ms >= 0) {
		snprintf(part, sizeof part, "cadence %s",
			 drill_duration(l->target_ms, d, sizeof d));
		add_part(&b, &open, part);
	}
	if (open)
		buf_addc(&b, ')');
	line_text(l, &b);
}

static void gates(struct drill_line *l, const struct playbook *pb,
		  const struct drill_facts *f)
{
	struct buf b = BUF_INIT;
	long long met = 0;
	bool first = true;

	for (size_t i = 0; i < f->ngates; i++)
		met += !f->gates[i].overridden;
	l->count = met;
	l->total = (long long)f->ngates;
	l->verdict = f->ngates > 0 && met == l->total ? DRILL_MET : DRILL_MISSED;
	if (f->ngates == 0)
		buf_adds(&b, "no stage left yet");
	else
		buf_addf(&b, "%lld of %zu gate%s met", met, f->ngates, f->ngates == 1 ? "" : "s");
	if (pb && f->ngates > 0)
		buf_addf(&b, " (%zu of %zu stages done)", f->ngates, pb->nstages);
	for (size_t i = 0; i < f->ngates; i++) {
		const struct drill_gate *g = &f->gates[i];
		if (!g->overridden)
			continue;
		buf_adds(&b, first ? "; overridden: " : ", ");
		buf_adds(&b, g->stage ? g->stage : "?");
		if (g->reason && g->reason[0]) {
			buf_adds(&b, " ('");
			add_quote(&b, g->reason);
			buf_adds(&b, "')");
		}
		first = false;
	}
	line_text(l, &b);
}

/* Check one draft: its hits, and the words of the first hit draft of
 * its kind (sent or not) into words. */
static size_t check_draft(const struct drill_draft *d, const char *const *pats,
			  const char *const *names, struct buf *words)
{
	struct blame_result r;
	size_t n;
	char w[256];

	if (!d->text)
		return 0;
	n = blame_check(d->text, pats, names, &r);
	if (n > 0 && words->len == 0) {
		blame_result_words(&r, d->text, w, sizeof w);
		buf_adds(words, w);
	}
	blame_result_release(&r);
	return n;
}

static void blame(struct drill_line *l, const struct playbook *pb,
		  const struct drill_facts *f)
{
	const char *const *pats = pb ? (const char *const *)pb->blame : NULL;
	struct buf b = BUF_INIT, sent_words = BUF_INIT, draft_words = BUF_INIT;
	long long hits = 0, sent_hits = 0;

	for (size_t i = 0; i < f->ndrafts; i++) {
		const struct drill_draft *d = &f->drafts[i];
		size_t n = check_draft(d, pats, f->names, d->sent ? &sent_words : &draft_words);
		hits += (long long)n;
		if (d->sent)
			sent_hits += (long long)n;
	}
	l->count = hits;
	l->total = sent_hits;
	l->verdict = sent_hits == 0 ? DRILL_MET : DRILL_MISSED;
	if (hits == 0)
		buf_adds(&b, "no blame words in any draft");
	else if (sent_hits == 0)
		buf_addf(&b, "%lld blame word%s in drafts (%s), none in updates sent", hits,
			 hits == 1 ? "" : "s", buf_cstr(&draft_words));
	else
		buf_addf(&b, "%lld blame word%s in updates sent (%s)", sent_hits,
			 sent_hits == 1 ? "" : "s", buf_cstr(&sent_words));
	buf_release(&sent_words);
	buf_release(&draft_words);
	line_text(l, &b);
}

static void answered(struct drill_line *l, const char *value, const char *field)
{
	struct buf b = BUF_INIT;

	l->count = !blank(value);
	l->verdict = l->count ? DRILL_MET : DRILL_MISSED;
	if (l->count) {
		buf_adds(&b, "answered: ");
		add_quote(&b, value);
	} else {
		buf_addf(&b, "not answered (%s is empty)", field);
	}
	line_text(l, &b);
}

/* The trainee's attempts up to the first that fixed it (worked or
 * "no fix possible"): fills the line's numbers. */
static const struct drill_attempt *attempts_before_fix(struct drill_line *l,
						       const struct drill_facts *f)
{
	const struct drill_attempt *fix = NULL;
	size_t i;

	for (i = 0; i < f->nattempts && !fix; i++) {
		const char *o = f->attempts[i].outcome;
		if (o && (strcmp(o, "worked") == 0 || strcmp(o, "no-fix") == 0))
			fix = &f->attempts[i];
	}
	l->total = fix ? (long long)(fix - f->attempts) : (long long)f->nattempts;
	l->count = 0;
	for (long long j = 0; j < l->total; j++)
		l->count += f->attempts[j].outcome != NULL;
	return fix;
}

static void fix_log(struct drill_line *l, const struct scenario *sc,
		    const struct drill_facts *f)
{
	const struct drill_attempt *fix = attempts_before_fix(l, f);
	struct buf b = BUF_INIT;
	char d[32];
	long long bare = l->total - l->count;

	if (fix) {
		l->drill_ms = fix->outcome_ms;
		buf_addf(&b, "%s at %s after %lld attempt%s",
			 strcmp(fix->outcome, "worked") == 0 ? "fixed" : "no fix possible",
			 drill_duration(fix->outcome_ms, d, sizeof d), l->total,
			 l->total == 1 ? "" : "s");
	} else {
		buf_addf(&b, "no attempt worked (%lld logged)", l->total);
	}
	if (bare > 0)
		buf_addf(&b, ", %lld without an outcome", bare);
	else if (fix && l->total > 0)
		buf_adds(&b, ", each with its outcome");
	if (sc && sc->from_incident) {
		l->original_ms = sc->orig_fix_ms;
		l->original_count = sc->orig_attempts;
		if (sc->orig_fix_ms >= 0)
			buf_addf(&b, " (original: fixed at %s after %lld)",
				 drill_duration(sc->orig_fix_ms, d, sizeof d), sc->orig_attempts);
		else
			buf_adds(&b, " (no attempt worked in the original)");
	}
	l->verdict = fix && bare == 0 ? DRILL_MET : DRILL_MISSED;
	line_text(l, &b);
}

void drill_score(const struct scenario *sc, const struct playbook *pb,
		 const struct drill_facts *f, struct drill_report *out)
{
	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		line_init(&out->line[i], (enum score_item)i, pb);
	first_update(&out->line[SCORE_FIRST_INTERNAL], AUD_INTERNAL, sc, f);
	first_update(&out->line[SCORE_FIRST_EXTERNAL], AUD_EXTERNAL, sc, f);
	gates(&out->line[SCORE_GATES], pb, f);
	blame(&out->line[SCORE_BLAME], pb, f);
	answered(&out->line[SCORE_DATA_LOST], f->data_lost, "data-lost");
	answered(&out->line[SCORE_OUTSTANDING], f->outstanding, "outstanding");
	fix_log(&out->line[SCORE_FIX_LOG], sc, f);
	out->met = 0;
	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		out->met += out->line[i].verdict == DRILL_MET;
}
