/*
 * pane-comms.c - the updates owed to people: one audience's draft.
 *
 * The pane shows the audience tabs (internal, external, resolution; a
 * or Right/Left switches), the state of the draft (its revision, sent
 * or not, and when, by whom and through which channel the last one
 * went), and the draft itself: the newest unsent revision, or the
 * playbook's template rendered from the incident when there is none.
 * e opens it in $VISUAL/$EDITOR (external.c); what comes back is saved
 * with app_draft_save(), each save a revision in the timeline.  s sends
 * through the config's channel named like the audience (none: a y/N box
 * offers to mark it sent without delivering): app_send() runs the blame
 * check, and when it names words a box asks "Send anyway? y/N"; a
 * failed channel is said on the status line and the draft stays unsent.
 * The clipboard channel's OSC 52 sequence is kept and written after the
 * next doupdate() (terminfo Ms when the terminal has it), never queried.
 *
 * For the resolution audience the pane says plainly when outstanding
 * issues or data lost are not stated, and o / l set them in place.
 * comms_due_load() computes the next update due per audience for the
 * title bar's countdown (the config's cadence, app_update_due()).
 */
#include "tui.h"

#include "calm/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calm/buf.h"
#include "calm/field.h"

static int walk(const struct draft *d, void *ctx)
{
	struct comms_pane *cm = ctx;

	cm->revisions++;
	if (d->sent_ms) {
		cm->sent_rev = d->revision;
		cm->sent_ms = d->sent_ms;
		free(cm->sent_by);
		free(cm->channel);
		cm->sent_by = xstrdup(d->sent_by ? d->sent_by : "?");
		cm->channel = xstrdup(d->channel ? d->channel : "?");
	}
	return 0;
}

void comms_release(struct comms_pane *cm)
{
	free(cm->text);
	free(cm->sent_by);
	free(cm->channel);
	free(cm->rev_by);
	cm->text = cm->sent_by = cm->channel = cm->rev_by = NULL;
	cm->rev = cm->sent_rev = 0;
	cm->shown_sent = false;
	cm->revisions = cm->sent_ms = 0;
}

/* A partner saved a newer revision of the draft shown: say so, once, so
 * nobody's text changes under them unnoticed (both revisions are kept). */
static void partner_saved(struct tui *t, int before)
{
	struct comms_pane *cm = &t->cm;
	const char *me = t->app->author ? t->app->author : "";

	if (cm->seen_aud != cm->aud || before <= 0 || cm->rev <= before || !cm->rev_by ||
	    strcmp(cm->rev_by, me) == 0 || t->status_warn)
		return;
	tui_status(t, true, "%s saved %s draft rev %d after rev %d: the pane shows theirs; "
			    "every revision is kept (calm draft %lld %s)",
		   cm->rev_by, audience_name(cm->aud), cm->rev, before, t->id,
		   audience_name(cm->aud));
}

void comms_load(struct tui *t)
{
	struct comms_pane *cm = &t->cm;
	struct draft d = { 0 };
	bool found = false;
	int before = cm->seen_aud == cm->aud ? cm->seen_rev : 0;

	comms_release(cm);
	if (!t->id || !t->inc.title)
		return;
	/* the newest revision, sent or not: after a send it stays readable */
	if (app_draft_latest(t->app, t->id, cm->aud, &d, &found) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
	} else if (found) {
		cm->text = d.text;
		cm->rev = d.revision;
		cm->rev_by = d.author;
		cm->shown_sent = d.sent_ms != 0;
		d.text = d.author = NULL;
	} else if (app_draft_render(t->app, t->id, cm->aud, &cm->text) != CALM_OK) {
		/* said in the pane, where it matters, not on every reload */
		cm->text = xstrdup(t->app->err.msg);
	}
	draft_release(&d);
	if (app_drafts_each(t->app, t->id, cm->aud, walk, cm) != CALM_OK)
		tui_status(t, true, "%s", t->app->err.msg);
	partner_saved(t, before);
	cm->seen_aud = cm->aud;
	cm->seen_rev = cm->rev;
}

void comms_due_load(struct tui *t)
{
	for (int a = 0; a < AUD_COUNT; a++) {
		int minutes = config_cadence(t->opts->config, a, t->inc.severity);

		t->due[a] = 0;
		if (t->id && !t->inc.closed && minutes > 0 &&
		    app_update_due(t->app, t->id, a, minutes, &t->due[a]) != CALM_OK)
			t->due[a] = 0;
	}
}

/* The value of field name as loaded by the fields pane, or NULL. */
static const char *field_value(const struct tui *t, const char *name)
{
	for (size_t i = 0; i < t->fl.n; i++)
		if (strcmp(field_defs[i].name, name) == 0)
			return t->fl.val[i] && t->fl.val[i][0] ? t->fl.val[i] : NULL;
	return NULL;
}


struct body {
	const struct rect *r;
	int y, skip, end;
};

static void body_line(const char *line, void *ctx)
{
	struct body *b = ctx;

	if (b->skip > 0) {
		b->skip--;
		return;
	}
	if (b->y < b->end)
		draw_text(b->y++, b->r->x + 1, b->r->w - 1, line,
			  theme_attr(ROLE_NORMAL), 0);
}

/* Rows above the draft text: audiences, state, last sent, for the
 * resolution audience the facts line, and a rule. */
static int head_rows(const struct tui *t)
{
	return t->cm.aud == AUD_RESOLUTION ? 5 : 4;
}

void comms_draw(struct tui *t, const struct rect *r, bool focus)
{
	struct comms_pane *cm = &t->cm;
	struct buf st = BUF_INIT;
	struct body b = { r, r->y + 1 + head_rows(t), cm->top, r->y + r->h };
	int x = r->x + 1, y = r->y + 1;
	char when[32];

	draw_fill(r->y, r->x, r->h, r->w, theme_attr(ROLE_NORMAL));
	tui_heading(t, r, V_COMMS, focus, focus ? "  a audience  e edit  s send" : "");
	if (r->h < 3)
		return;
	for (int a = 0; a < AUD_COUNT; a++) {
		char tab[32];

		snprintf(tab, sizeof tab, a == cm->aud ? "[%s]" : " %s ", audience_name(a));
		x += draw_text(y, x, r->x + r->w - x, tab,
			       theme_attr(a == cm->aud ? ROLE_HEADING : ROLE_DIM), 0) + 1;
	}
	if (cm->shown_sent)
		buf_addf(&st, "rev %d as sent below: e or i writes the next update from it, "
			      "r from the template", cm->rev);
	else if (cm->rev > 0)
		buf_addf(&st, "draft rev %d, unsent (saved by %s)", cm->rev, cm->rev_by ? cm->rev_by : "?");
	else
		buf_adds(&st, "from the template, not saved yet");
	draw_text(++y, r->x + 1, r->w - 1, buf_cstr(&st),
		  theme_attr(cm->shown_sent ? ROLE_DIM : cm->rev > 0 ? ROLE_GATE_UNMET : ROLE_DIM), 0);
	buf_reset(&st);
	if (cm->sent_rev > 0) {
		when_format(cm->sent_ms, WHEN_MINUTE, t->app->when_flags, when, sizeof when);
		buf_addf(&st, "last sent: rev %d %s by %s via %s%s", cm->sent_rev,
			 when, cm->sent_by, cm->channel,
			 cm->shown_sent ? "" : "  (v reads it)");
	} else {
		buf_adds(&st, "never sent");
	}
	if (y + 1 < r->y + r->h)
		draw_text(++y, r->x + 1, r->w - 1, buf_cstr(&st),
			  theme_attr(cm->sent_rev > 0 ? ROLE_GATE_MET : ROLE_DIM), 0);
	buf_release(&st);
	if (cm->aud == AUD_RESOLUTION && y + 1 < r->y + r->h) {
		const char *out = field_value(t, "outstanding"), *lost = field_value(t, "data-lost");

		if (!out || !lost)
			buf_addf(&st, "not stated yet:%s%s - o / l set them ('none' is an answer)",
				 out ? "" : " outstanding issues", lost ? "" : out ? " data lost" : ", data lost");
		else
			buf_addf(&st, "outstanding: %s  |  data lost: %s", out, lost);
		draw_text(++y, r->x + 1, r->w - 1, buf_cstr(&st),
			  theme_attr(out && lost ? ROLE_DIM : ROLE_WARNING), 0);
		buf_release(&st);
	}
	if (y + 1 < r->y + r->h) {
		draw_hline(y + 1, r->x + 1, r->w - 2, theme_attr(ROLE_BORDER));
	}
	draw_wrap(cm->text ? cm->text : "", r->w - 2, body_line, &b);
}

/* An OSC 52 sequence from app_send(): kept until after doupdate(). */
static enum calm_rc emit(const char *seq, size_t len, void *ctx)
{
	struct tui *t = ctx;

	free(t->cm.osc52);
	t->cm.osc52 = xmalloc(len + 1);
	memcpy(t->cm.osc52, seq, len);
	t->cm.osc52[len] = '\0';
	t->cm.osc52_len = len;
	return CALM_OK;
}

void comms_send(struct tui *t, bool confirmed)
{
	struct comms_pane *cm = &t->cm;
	struct app_send s = { 0 };
	const char *names[CONFIG_PEOPLE_MAX + 1];
	int aud = cm->aud, rev;
	enum calm_rc rc;

	/* "s sends what you see": a template not saved yet becomes rev 1 */
	if (cm->rev == 0 && cm->text &&
	    app_draft_save(t->app, t->id, aud, cm->text, strlen(cm->text), &rev) != CALM_OK) {
		tui_status(t, true, "%s", t->app->err.msg);
		return;
	}
	config_people(t->opts->config, t->opts->names, names);
	s.confirmed = confirmed;
	s.channel = cm->manual ? NULL : config_channel_find(t->opts->config, audience_name(aud));
	s.names = names;
	s.emit = emit;
	s.emit_ctx = t;
	rc = app_send(t->app, t->id, aud, &s);
	if (rc == CALM_OK) {
		tui_status(t, false, "%s update sent via %s (rev %d)", audience_name(aud),
			   s.channel ? s.res.where : "manual", s.revision);
		cm->manual = false;
	} else if (rc == CALM_GATE && s.blame.n > 0) {
		char words[300];
		struct buf body = BUF_INIT;

		blame_result_words(&s.blame, s.text, words, sizeof words);
		buf_addf(&body, "This update mentions: %s \u2014 the routine says no blame: "
				"describe what the system did, not who did it.\n\nSend anyway? y/N",
			 words);
		tui_reload(t);
		t->confirm = CONFIRM_BLAME;
		modal_open(t, &confirm_modal, "Blame check", buf_cstr(&body));
		buf_release(&body);
		app_send_release(&s);
		return;
	} else {
		cm->manual = false;
		tui_status(t, true, "%s", t->app->err.msg);
	}
	app_send_release(&s);
	tui_reload(t);
}

/* Open the line editor on field name (outstanding, data-lost). */
static void edit_field(struct tui *t, const char *name)
{
	for (size_t i = 0; i < field_ndefs; i++) {
		const char *v;

		if (strcmp(field_defs[i].name, name) != 0)
			continue;
		t->edit_field = i;
		tui_edit_begin(t, EDIT_FIELD);
		snprintf(t->ed.label, sizeof t->ed.label, "%s: ", name);
		v = i < t->fl.n ? t->fl.val[i] : NULL;
		if (v)
			edit_insert_utf8(&t->ed, v, strlen(v));
		tui_status(t, false, "%s", field_defs[i].help);
	}
}

static void edit_draft(struct tui *t)
{
	char *back = NULL;
	int rev = 0;

	external_edit(t, t->cm.text, EDIT_DRAFT, &back);
	if (!back) {
		if (!t->status_warn && !t->ed.open)
			tui_status(t, false, "the editor left the file empty: the draft is unchanged");
		return;
	}
	if (app_draft_save(t->app, t->id, t->cm.aud, back, strlen(back), &rev) == CALM_OK) {
		tui_status(t, false, "draft saved (%s, rev %d)", audience_name(t->cm.aud), rev);
	} else { /* keep it: in the line editor, to save again */
		tui_status(t, true, "%s", t->app->err.msg);
		external_back_to_line(t, EDIT_DRAFT, back);
	}
	free(back);
	tui_reload(t);
}

bool comms_action(struct tui *t, enum action a, int key, int rows)
{
	struct comms_pane *cm = &t->cm;
	const struct rect *r = tui_view_rect(t, V_COMMS);
	int text_rows = rows - head_rows(t), total, page;
	char *text = NULL;
	int rev;

	total = r ? draw_wrap(cm->text ? cm->text : "", r->w - 2, NULL, NULL) : 0;
	page = text_rows > 1 ? text_rows - 1 : 1;
	switch (a) {
	case ACT_DOWN: cm->top++; break;
	case ACT_UP: cm->top--; break;
	case ACT_PGDN: cm->top += page; break;
	case ACT_PGUP: cm->top -= page; break;
	case ACT_TOP: cm->top = 0; break;
	case ACT_BOTTOM: cm->top = total; break;
	case ACT_AUDIENCE:
		cm->aud = (cm->aud + (key == (KEY_FN | KEY_LEFT) ? AUD_COUNT - 1 : 1)) % AUD_COUNT;
		cm->top = 0;
		cm->manual = false;
		comms_load(t);
		break;
	case ACT_DRAFT_EDIT:
		edit_draft(t);
		return true;
	case ACT_DRAFT_SEND:
		if (cm->shown_sent) { /* never the same update twice */
			tui_status(t, false, "rev %d of the %s update was sent already: e or i writes "
					     "the next update from it, r one from the template",
				   cm->rev, audience_name(cm->aud));
			return true;
		}
		if (!t->app->drill && !config_channel_find(t->opts->config, audience_name(cm->aud))) {
			struct buf body = BUF_INIT;

			buf_addf(&body, "The config has no channel named '%s' (channels: in %s).\n\n"
					"Mark the %s update sent without delivering it (you pass it on "
					"yourself)? y/N",
				 audience_name(cm->aud), t->opts->config->source ? t->opts->config->source
									       : "config.yaml",
				 audience_name(cm->aud));
			t->confirm = CONFIRM_MANUAL;
			modal_open(t, &confirm_modal, "No channel", buf_cstr(&body));
			buf_release(&body);
			return true;
		}
		comms_send(t, false);
		return true;
	case ACT_DRAFT_RENDER:
		if (app_draft_render(t->app, t->id, cm->aud, &text) == CALM_OK &&
		    app_draft_save(t->app, t->id, cm->aud, text, strlen(text), &rev) == CALM_OK)
			tui_status(t, false, "draft saved from the template (%s, rev %d)",
				   audience_name(cm->aud), rev);
		else
			tui_status(t, true, "%s", t->app->err.msg);
		free(text);
		tui_reload(t);
		return true;
	case ACT_VIEW_SENT:
		comms_view_sent(t);
		return true;
	case ACT_SET_OUTSTANDING:
		edit_field(t, "outstanding");
		return true;
	case ACT_SET_LOST:
		edit_field(t, "data-lost");
		return true;
	default:
		return false;
	}
	if (cm->top > total - page)
		cm->top = total - page;
	if (cm->top < 0)
		cm->top = 0;
	t->dirty |= D_PANE;
	return true;
}
