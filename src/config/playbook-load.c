/*
 * playbook-load.c - a playbook from YAML text, checked against its schema
 * so that what comes out meets every invariant in playbook.h.
 *
 * The format (playbooks/default.yaml is the worked example):
 *
 *   name: default                  # required, text
 *   stages:                        # required, a non-empty list
 *     - id: evaluate               # required, [a-z0-9-]+, unique
 *       title: Evaluate            # required, text
 *       pane: checklist            # required: checklist | timeline | comms |
 *                                  #   fixes | actions | postmortem
 *       audience: internal         # with pane: comms only, and required
 *                                  #   there: internal | external | resolution
 *       guidance: |                # optional text, the calm prompt shown
 *         ...                      #   on entering the stage ("" if absent)
 *       checklist:                 # optional list
 *         - id: scope              # required, [a-z0-9-]+, unique in the
 *                                  #   whole playbook
 *           text: Say what is broken   # required, text
 *           required: true         # optional, true (default) or false
 *       gate:                      # optional list of one-key mappings,
 *         - checklist_complete: true   # all must hold to leave the stage:
 *         - min_notes: 1           #   integer >= 1
 *         - comms_sent: internal   #   an audience
 *         - fix_outcome: true
 *         - min_actions: 1         #   integer >= 1
 *         - field_set: cause       #   a field known to field_find()
 *         - facts_for: external    #   an audience, or postmortem
 *         - exported: true         # (the "true" criteria take only true)
 *   comms:                         # optional: a template per audience
 *     internal: |                  #   (internal, external, resolution)
 *       ...
 *   postmortem: |                  # optional template
 *     ...
 *   blame:                         # optional list of phrases for the blame
 *     - "'s fault"                 #   check; replaces the built-in list
 *     - caused by <name>           #   (blame.h); [] turns phrases off
 *   secrets:                       # optional list of POSIX extended regular
 *     - 'ticket=([A-Z0-9]+)'       #   expressions masked before anything is
 *                                  #   stored (the first group, else the
 *                                  #   match); added to the built-in ones
 *                                  #   (secret.h), which cannot be turned off
 *   roles:                         # optional, non-empty list; without it:
 *     - id: commander              #   commander, communications, fix-lead,
 *       title: incident commander  #   scribe.  id [a-z0-9-]+ unique, title
 *       duty: incident command     #   required; duty (what is handed over,
 *                                  #   "hands incident command to bob")
 *                                  #   defaults to the title
 *   scoring:                       # optional: a drill score's guidance, one
 *     first_internal: TEXT         #   line per item (playbook.h's
 *     ...                          #   enum score_item: first_internal,
 *                                  #   first_external, gates, blame,
 *                                  #   data_lost, outstanding, fix_log);
 *                                  #   items left out take the built-in
 *                                  #   playbook's (config_default_scoring)
 *
 * Templates are kept verbatim; placeholders look like {title}, and one
 * not in template.h's list is an error located at the template
 * ("unknown placeholder '{x}' in comms.internal").  Every
 * mistake is reported with its place and the load goes on, so a user
 * sees them all; anything reported makes the load fail as a whole.
 */
#include "calm/config.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/field.h"
#include "calm/secret.h"
#include "calm/template.h"
#include "calm/text.h"
#include "yaml-walk.h"

/* Longest id accepted: ids appear in commands and in the stage rail. */
#define ID_MAX 64
/* Longest blame phrase, and most phrases, accepted. */
#define BLAME_MAX_LEN 80
#define BLAME_MAX 200
/* Longest secret pattern, and most patterns, accepted. */
#define SECRET_PATTERN_MAX 400
#define SECRETS_MAX 100
/* Largest count a min_notes / min_actions criterion may ask for. */
#define COUNT_MAX 10000
/* The choices named in messages, as playbook.c spells them. */
#define AUDIENCES "internal, external or resolution"
#define PANES "checklist, timeline, comms, fixes, actions or postmortem"

/* One load in progress. */
struct pbload {
	struct ywalk w;                    /* the error sink */
	struct playbook *pb;               /* being filled */
	const struct ynode **stage_ids;    /* id node of each stage, for duplicates */
	const struct ynode **item_ids;     /* id node of each item, playbook-wide */
	size_t nitem_ids, item_ids_cap;
};

/* Check an id's characters and length; what is "stage" or "item". */
static bool check_id(struct pbload *L, const char *what, const struct ynode *v)
{
	char s[160];

	if (v->len > ID_MAX) {
		ywalk_error(&L->w, v, "%s id '%s' is too long (at most %d characters)",
			    what, ynode_show(v, s, sizeof s), ID_MAX);
		return false;
	}
	for (size_t i = 0; i < v->len; i++) {
		char c = v->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
			ywalk_error(&L->w, v,
				    "bad %s id '%s': use only a-z, 0-9 and '-'",
				    what, ynode_show(v, s, sizeof s));
			return false;
		}
	}
	return true;
}

/* An id node found twice among ids[0..n): report it, return true. */
static bool id_taken(struct pbload *L, const char *what,
		     const struct ynode **ids, size_t n, const struct ynode *v)
{
	char s[160];

	for (size_t i = 0; i < n; i++) {
		if (ids[i] && strcmp(ids[i]->s, v->s) == 0) {
			ywalk_error(&L->w, v, "duplicate %s id '%s' (first at %d:%d)",
				    what, ynode_show(v, s, sizeof s), ids[i]->line,
				    ids[i]->col);
			return true;
		}
	}
	return false;
}

/*
 * The value of key named from a closed set: parse's index for it, or -1
 * after reporting "unknown WHAT 'x' (use CHOICES)".
 */
static int parse_enum(struct pbload *L, const char *key, const struct ynode *v,
		      int (*parse)(const char *), const char *what,
		      const char *choices)
{
	char s[160];
	int i;

	if (v->kind == YN_BAD)
		return -1;
	if (v->kind != YN_SCALAR) {
		ywalk_error(&L->w, v, "'%s' must be one of %s", key, choices);
		return -1;
	}
	i = parse(v->s);
	if (i < 0)
		ywalk_error(&L->w, v, "unknown %s '%s' (use %s)", what,
			    ynode_show(v, s, sizeof s), choices);
	return i;
}

static int parse_audience(struct pbload *L, const char *key, const struct ynode *v)
{
	return parse_enum(L, key, v, audience_parse, "audience", AUDIENCES);
}

/* An audience, or "postmortem" (AUD_COUNT). */
static int facts_parse(const char *s)
{
	return strcmp(s, "postmortem") == 0 ? AUD_COUNT : audience_parse(s);
}

static void load_item(struct pbload *L, const struct ynode *map,
		      struct check_item *it)
{
	const struct ynode *id = NULL;
	bool have_text = false;

	it->required = true;
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "id")) {
			id = v;
			if (ywalk_text(&L->w, "id", v, true, &it->id) &&
			    check_id(L, "item", v) &&
			    !id_taken(L, "item", L->item_ids, L->nitem_ids, v)) {
				if (L->nitem_ids == L->item_ids_cap) {
					L->item_ids_cap = L->item_ids_cap ? 2 * L->item_ids_cap : 16;
					L->item_ids = xrealloc(L->item_ids, L->item_ids_cap *
								       sizeof *L->item_ids);
				}
				L->item_ids[L->nitem_ids++] = v;
			}
		} else if (ynode_is(k, "text")) {
			have_text = true;
			ywalk_text(&L->w, "text", v, true, &it->text);
		} else if (ynode_is(k, "required")) {
			ywalk_bool(&L->w, "required", v, &it->required);
		} else {
			ywalk_unknown_key(&L->w, k, "checklist item");
		}
	}
	if (!id)
		ywalk_error(&L->w, map, "checklist item has no 'id'");
	if (!have_text)
		ywalk_error(&L->w, map, "checklist item has no 'text'");
}

/* A criterion that takes only true: "exported: true". */
static void load_flag(struct pbload *L, const char *name, const struct ynode *v)
{
	bool b;

	if (ywalk_bool(&L->w, name, v, &b) && !b)
		ywalk_error(&L->w, v,
			    "'%s' can only be true (leave the criterion out instead)",
			    name);
}

static void load_criterion(struct pbload *L, const struct ynode *map,
			   struct criterion *c)
{
	const struct ynode *k, *v;
	char s[160];
	int kind;

	c->audience = -1;
	if (map->kind == YN_BAD)
		return;
	if (map->kind != YN_MAP || map->nkids != 2) {
		ywalk_error(&L->w, map,
			    "a gate criterion must be a mapping with one key, like 'min_notes: 1'");
		return;
	}
	k = map->kids[0];
	v = map->kids[1];
	if (k->kind != YN_SCALAR)
		return;
	kind = crit_kind_parse(k->s);
	if (kind < 0) {
		ywalk_error(&L->w, k, "unknown gate criterion '%s'", ynode_show(k, s, sizeof s));
		return;
	}
	c->kind = (enum crit_kind)kind;
	switch (c->kind) {
	case CRIT_CHECKLIST:
	case CRIT_FIX_OUTCOME:
	case CRIT_EXPORTED:
		load_flag(L, k->s, v);
		break;
	case CRIT_MIN_NOTES:
	case CRIT_MIN_ACTIONS:
		ywalk_int(&L->w, k->s, v, 1, COUNT_MAX, &c->n);
		break;
	case CRIT_COMMS_SENT:
		c->audience = parse_audience(L, "comms_sent", v);
		break;
	case CRIT_FACTS_FOR:
		c->audience = parse_enum(L, "facts_for", v, facts_parse, "text",
					 "internal, external, resolution or postmortem");
		break;
	case CRIT_FIELD_SET:
		if (v->kind == YN_SCALAR && !field_find(v->s))
			ywalk_error(&L->w, v, "unknown field '%s'", ynode_show(v, s, sizeof s));
		else if (v->kind != YN_SCALAR && v->kind != YN_BAD)
			ywalk_error(&L->w, v, "'field_set' must be a field name");
		else if (v->kind == YN_SCALAR)
			c->field = xstrdup(v->s);
		break;
	default:
		break;
	}
}

static void load_checklist(struct pbload *L, const struct ynode *v,
			   struct stage *st)
{
	if (!ywalk_list(&L->w, v, "checklist items") || st->items)
		return;
	st->items = xcalloc(v->nkids ? v->nkids : 1, sizeof *st->items);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *m = v->kids[i];
		if (m->kind != YN_MAP) {
			if (m->kind != YN_BAD)
				ywalk_error(&L->w, m, "a checklist item must be a mapping with 'id' and 'text'");
			continue;
		}
		load_item(L, m, &st->items[st->nitems++]);
	}
}

static void load_gate(struct pbload *L, const struct ynode *v, struct stage *st)
{
	if (!ywalk_list(&L->w, v, "gate criteria") || st->gate)
		return;
	st->gate = xcalloc(v->nkids ? v->nkids : 1, sizeof *st->gate);
	for (size_t i = 0; i < v->nkids; i++)
		load_criterion(L, v->kids[i], &st->gate[st->ngate++]);
}

static void load_stage(struct pbload *L, const struct ynode *map,
		       struct stage *st, size_t index)
{
	const struct ynode *id = NULL, *title = NULL, *pane = NULL, *aud = NULL;
	int p = -1;

	st->audience = -1;
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "id")) {
			id = v;
			if (ywalk_text(&L->w, "id", v, true, &st->id) &&
			    check_id(L, "stage", v) &&
			    !id_taken(L, "stage", L->stage_ids, index, v))
				L->stage_ids[index] = v;
		} else if (ynode_is(k, "title")) {
			title = v;
			ywalk_text(&L->w, "title", v, true, &st->title);
		} else if (ynode_is(k, "pane")) {
			pane = v;
			p = parse_enum(L, "pane", v, pane_kind_parse, "pane", PANES);
		} else if (ynode_is(k, "audience")) {
			aud = v;
			st->audience = parse_audience(L, "audience", v);
		} else if (ynode_is(k, "guidance")) {
			ywalk_text(&L->w, "guidance", v, false, &st->guidance);
		} else if (ynode_is(k, "checklist")) {
			load_checklist(L, v, st);
		} else if (ynode_is(k, "gate")) {
			load_gate(L, v, st);
		} else {
			ywalk_unknown_key(&L->w, k, "stage");
		}
	}
	if (!id)
		ywalk_error(&L->w, map, "stage has no 'id'");
	if (!title)
		ywalk_error(&L->w, map, "stage has no 'title'");
	if (!pane)
		ywalk_error(&L->w, map, "stage has no 'pane'");
	if (p >= 0)
		st->pane = (enum pane_kind)p;
	if (p == PANE_COMMS && !aud)
		ywalk_error(&L->w, map, "stage has no 'audience' (a comms stage needs one)");
	if (p >= 0 && p != PANE_COMMS && aud)
		ywalk_error(&L->w, aud, "'audience' is only for a stage with pane comms");
	if (p != PANE_COMMS)
		st->audience = -1;
	if (!st->guidance)
		st->guidance = xstrdup("");
}

static void load_stages(struct pbload *L, const struct ynode *v)
{
	struct playbook *pb = L->pb;

	if (!ywalk_list(&L->w, v, "stages") || pb->stages)
		return;
	if (v->nkids == 0) {
		ywalk_error(&L->w, v, "playbook has no stages");
		return;
	}
	pb->stages = xcalloc(v->nkids, sizeof *pb->stages);
	L->stage_ids = xcalloc(v->nkids, sizeof *L->stage_ids);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *m = v->kids[i];
		if (m->kind != YN_MAP) {
			if (m->kind != YN_BAD)
				ywalk_error(&L->w, m, "a stage must be a mapping with 'id', 'title' and 'pane'");
			continue;
		}
		load_stage(L, m, &pb->stages[pb->nstages], pb->nstages);
		pb->nstages++;
	}
}

/* Where a template's unknown placeholders are reported. */
struct tplcheck {
	struct pbload *L;
	const struct ynode *node; /* the template's scalar */
	const char *what;         /* "comms.internal", "postmortem" */
};

static void report_placeholder(const char *name, size_t off, int line,
			       int col, void *ctx)
{
	struct tplcheck *tc = ctx;

	(void)off;
	(void)line;
	(void)col;
	/* block scalars lose their indentation: point at the template */
	ywalk_error(&tc->L->w, tc->node, "unknown placeholder '{%s}' in %s",
		    name, tc->what);
}

/* Load a template and check its placeholders. */
static void load_template(struct pbload *L, const char *what,
			  const struct ynode *v, char **out)
{
	struct tplcheck tc = { L, v, what };

	if (ywalk_text(&L->w, what, v, false, out))
		template_check(*out, NULL, report_placeholder, &tc);
}

static void load_blame(struct pbload *L, const struct ynode *v)
{
	char **list;
	size_t n = 0;

	if (!ywalk_list(&L->w, v, "blame phrases") || L->pb->blame)
		return;
	if (v->nkids > BLAME_MAX) {
		ywalk_error(&L->w, v, "too many blame phrases (at most %d)", BLAME_MAX);
		return;
	}
	list = xcalloc(v->nkids + 1, sizeof *list);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *k = v->kids[i];
		char *s = NULL;

		if (k->kind != YN_SCALAR) {
			if (k->kind != YN_BAD)
				ywalk_error(&L->w, k, "a blame phrase must be text");
			continue;
		}
		if (!ywalk_text(&L->w, "blame", k, true, &s))
			continue;
		if (k->len > BLAME_MAX_LEN || strpbrk(s, "\n\t\r")) {
			ywalk_error(&L->w, k,
				    "a blame phrase must be one line of at most %d bytes",
				    BLAME_MAX_LEN);
			free(s);
			continue;
		}
		list[n++] = s;
	}
	L->pb->blame = list;
}

static void load_secrets(struct pbload *L, const struct ynode *v)
{
	char **list, why[160];
	size_t n = 0;

	if (!ywalk_list(&L->w, v, "secret patterns") || L->pb->secrets)
		return;
	if (v->nkids > SECRETS_MAX) {
		ywalk_error(&L->w, v, "too many secret patterns (at most %d)", SECRETS_MAX);
		return;
	}
	list = xcalloc(v->nkids + 1, sizeof *list);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *k = v->kids[i];
		char *s = NULL;

		if (k->kind != YN_SCALAR) {
			if (k->kind != YN_BAD)
				ywalk_error(&L->w, k, "a secret pattern must be text");
			continue;
		}
		if (!ywalk_text(&L->w, "secrets", k, true, &s))
			continue;
		if (k->len > SECRET_PATTERN_MAX || !secret_pattern_ok(s, why, sizeof why)) {
			ywalk_error(&L->w, k, "bad secret pattern: %s",
				    k->len > SECRET_PATTERN_MAX ? "longer than 400 bytes" : why);
			free(s);
			continue;
		}
		list[n++] = s;
	}
	L->pb->secrets = list;
}

static void load_role(struct pbload *L, const struct ynode *map,
		      struct role_def *r)
{
	bool have_id = false, have_title = false;

	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "id")) {
			have_id = true;
			if (ywalk_text(&L->w, "id", v, true, &r->id) &&
			    check_id(L, "role", v) && playbook_find_role(L->pb, r->id) != r) {
				char s[160];
				ywalk_error(&L->w, v, "duplicate role id '%s'",
					    ynode_show(v, s, sizeof s));
			}
		} else if (ynode_is(k, "title")) {
			have_title = true;
			ywalk_text(&L->w, "title", v, true, &r->title);
		} else if (ynode_is(k, "duty")) {
			ywalk_text(&L->w, "duty", v, true, &r->duty);
		} else {
			ywalk_unknown_key(&L->w, k, "role");
		}
	}
	if (!have_id)
		ywalk_error(&L->w, map, "role has no 'id'");
	if (!have_title)
		ywalk_error(&L->w, map, "role has no 'title'");
	if (!r->duty && r->title)
		r->duty = xstrdup(r->title);
}

static void load_roles(struct pbload *L, const struct ynode *v)
{
	if (!ywalk_list(&L->w, v, "roles") || L->pb->roles)
		return;
	if (v->nkids == 0) {
		ywalk_error(&L->w, v, "'roles' needs at least one role (leave it out for the defaults)");
		return;
	}
	L->pb->roles = xcalloc(v->nkids, sizeof *L->pb->roles);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *m = v->kids[i];
		if (m->kind != YN_MAP) {
			if (m->kind != YN_BAD)
				ywalk_error(&L->w, m, "a role must be a mapping with 'id' and 'title'");
			continue;
		}
		load_role(L, m, &L->pb->roles[L->pb->nroles++]);
	}
}

static void load_comms(struct pbload *L, const struct ynode *v)
{
	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(&L->w, v, "'comms' must be a mapping of audience to template");
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i];
		int a;
		if (k->kind != YN_SCALAR)
			continue;
		a = audience_parse(k->s);
		if (a < 0) {
			ywalk_unknown_key(&L->w, k, "comms");
		} else {
			char what[64];
			snprintf(what, sizeof what, "comms.%s", audience_name(a));
			load_template(L, what, v->kids[i + 1], &L->pb->comms[a]);
		}
	}
}

/* Longest scoring sentence accepted, bytes. */
#define SCORING_MAX 400

static void load_scoring(struct pbload *L, const struct ynode *v)
{
	if (v->kind == YN_BAD)
		return;
	if (v->kind != YN_MAP) {
		ywalk_error(&L->w, v, "'scoring' must be a mapping of score item to a sentence");
		return;
	}
	for (size_t i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i], *s = v->kids[i + 1];
		char what[64], **slot;
		int item;

		if (k->kind != YN_SCALAR)
			continue;
		item = score_item_parse(k->s);
		if (item < 0) {
			ywalk_unknown_key(&L->w, k, "scoring");
			continue;
		}
		snprintf(what, sizeof what, "scoring.%s", k->s);
		slot = &L->pb->scoring[item];
		if (!ywalk_text(&L->w, what, s, true, slot))
			continue;
		text_trim(*slot); /* a block scalar's newline */
		if (!**slot)
			ywalk_error(&L->w, s, "'%s' must not be empty", what);
		else if (strchr(*slot, '\n') || s->len > SCORING_MAX)
			ywalk_error(&L->w, s, "'%s' must be one line of at most %d bytes", what,
				    SCORING_MAX);
	}
}

static void load_top(struct pbload *L, const struct ynode *root)
{
	const struct ynode *name = NULL, *stages = NULL;

	for (size_t i = 0; i + 1 < root->nkids; i += 2) {
		const struct ynode *k = root->kids[i], *v = root->kids[i + 1];
		if (k->kind != YN_SCALAR)
			continue;
		if (ynode_is(k, "name")) {
			name = v;
			ywalk_text(&L->w, "name", v, true, &L->pb->name);
		} else if (ynode_is(k, "stages")) {
			stages = v;
			load_stages(L, v);
		} else if (ynode_is(k, "comms")) {
			load_comms(L, v);
		} else if (ynode_is(k, "postmortem")) {
			load_template(L, "postmortem", v, &L->pb->postmortem);
		} else if (ynode_is(k, "blame")) {
			load_blame(L, v);
		} else if (ynode_is(k, "secrets")) {
			load_secrets(L, v);
		} else if (ynode_is(k, "roles")) {
			load_roles(L, v);
		} else if (ynode_is(k, "scoring")) {
			load_scoring(L, v);
		} else {
			ywalk_unknown_key(&L->w, k, "playbook");
		}
	}
	if (!name)
		ywalk_error(&L->w, root, "playbook has no 'name'");
	if (!stages)
		ywalk_error(&L->w, root, "playbook has no stages");
}

enum calm_rc config_load_playbook(const char *path, const char *text,
				  size_t len, config_report_fn report,
				  void *ctx, struct playbook **out,
				  struct calm_err *err)
{
	struct pbload L = { .w = { .path = path, .report = report, .ctx = ctx,
				   .err = err } };
	struct ynode *root;
	bool fatal;

	assert(out);
	assert(text || len == 0);
	*out = NULL;
	root = ywalk_parse(&L.w, text, len, &fatal);
	L.pb = xcalloc(1, sizeof *L.pb);
	if (!root && !fatal)
		ywalk_error_at(&L.w, 1, 1, "playbook is empty");
	else if (root && root->kind == YN_MAP)
		load_top(&L, root);
	else if (root && root->kind != YN_BAD)
		ywalk_error(&L.w, root, "expected a mapping at the top level");
	ynode_free(root);
	free(L.stage_ids);
	free(L.item_ids);
	ywalk_done(&L.w);
	if (L.w.nerrors > 0) {
		playbook_free(L.pb);
		return CALM_CONFIG;
	}
	L.pb->source = xstrdup(path ? path : "-");
	playbook_default_roles(L.pb);
	*out = L.pb;
	return CALM_OK;
}

enum calm_rc config_default(struct playbook **out, struct calm_err *err)
{
#ifdef CALM_BUILTIN_FROM_YAML /* the generator of config_builtin_playbook */
	return config_load_playbook("built-in", config_default_playbook,
				    config_default_playbook_len, NULL, NULL,
				    out, err);
#else
	(void)err;
	*out = playbook_dup(&config_builtin_playbook);
	return CALM_OK;
#endif
}

enum calm_rc config_default_scoring(struct playbook *pb, struct calm_err *err)
{
	struct playbook *def = NULL;
	enum calm_rc rc;
	bool missing = false;

	for (int i = 0; i < SCORE_ITEM_COUNT; i++)
		missing = missing || !pb->scoring[i];
	if (!missing)
		return CALM_OK;
	rc = config_default(&def, err);
	for (int i = 0; rc == CALM_OK && i < SCORE_ITEM_COUNT; i++)
		if (!pb->scoring[i] && def->scoring[i])
			pb->scoring[i] = xstrdup(def->scoring[i]);
	playbook_free(def);
	return rc;
}
