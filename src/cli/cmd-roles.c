/*
 * cmd-roles.c - who holds each role of an incident.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/jsonw.h"

/* The open offers, after the holders: who offered what to whom, and
 * the minutes left (or that it lapsed). */
struct offer_list {
	struct cli *cli;
	bool json;
	struct buf *js;
	int n;
	long long now;
};

static int print_offer(const struct offer *o, void *ctx)
{
	struct offer_list *l = ctx;
	long long left = (o->offered_ms + OFFER_TTL_MS - l->now + 59999) / 60000;

	if (l->json) {
		buf_adds(l->js, l->n++ ? ",{\"role\":" : "{\"role\":");
		jsonw_str(l->js, o->role);
		buf_adds(l->js, ",\"to\":");
		jsonw_str(l->js, o->person);
		buf_adds(l->js, ",\"by\":");
		jsonw_str(l->js, o->by);
		buf_addf(l->js, ",\"state\":\"%s\",\"minutes_left\":%lld}",
			 strcmp(o->state, "open") == 0 ? "open" : "lapsed",
			 strcmp(o->state, "open") == 0 ? left : 0);
		return 0;
	}
	cli_printf("%-16s offered to %s by %s: ", o->role, o->person, o->by);
	if (strcmp(o->state, "open") == 0)
		cli_printf("%lld min left to take (calm role %lld %s --accept)\n", left, o->incident,
			   o->role);
	else
		cli_printf("lapsed, not taken within %d minutes\n", OFFER_TTL_MS / 60000);
	return 0;
}

static enum calm_rc cmd_roles_exec(struct cli *cli, const struct cli_args *a)
{
	bool json = cli_flag(a, "json");
	struct buf js = BUF_INIT;
	long long id;
	enum calm_rc rc;

	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (json)
		buf_addc(&js, '[');
	for (size_t i = 0; rc == CALM_OK && i < cli->pb->nroles; i++) {
		const struct role_def *r = &cli->pb->roles[i];
		char *who = NULL;
		rc = app_role_holder(&cli->app, id, r->id, &who);
		if (rc != CALM_OK)
			break;
		if (json) {
			buf_adds(&js, i ? ",{\"role\":" : "{\"role\":");
			jsonw_str(&js, r->id);
			buf_adds(&js, ",\"title\":");
			jsonw_str(&js, r->title);
			buf_adds(&js, ",\"person\":");
			jsonw_str(&js, who);
			buf_addc(&js, '}');
		} else {
			cli_printf("%-16s ", r->id);
			cli_put(stdout, who ? who : "-", 0);
			cli_printf("\n");
		}
		free(who);
	}
	struct buf offers = BUF_INIT;
	struct offer_list l = { cli, json, &offers, 0, app_now(&cli->app) };
	if (rc == CALM_OK)
		rc = app_offers_each(&cli->app, id, print_offer, &l);
	if (rc == CALM_OK && json && l.n) { /* the offers, as one more entry */
		buf_adds(&js, ",{\"offers\":[");
		buf_add(&js, offers.s, offers.len);
		buf_adds(&js, "]}");
	}
	buf_release(&offers);
	if (rc == CALM_OK && json)
		cli_json(cli, buf_cstr(&js), "]");
	buf_release(&js);
	return rc;
}

const struct cli_cmd cmd_roles = {
	.name = "roles",
	.alias = NULL,
	.usage = "roles [ID] [--json]",
	.summary = "who holds each role of an incident",
	.help = "One line per playbook role: its id and who holds it ('-' for nobody),\n"
		"then each open offer: to whom, by whom, the minutes left to take it (or\n"
		"that it lapsed).  --json prints an array of {role, title, person}, and\n"
		"when there are offers a last {offers: [{role, to, by, state,\n"
		"minutes_left}]}.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK | CLI_READONLY_OK,
	.args = { .opts = "json", .words = "[ID]" },
	.exec = cmd_roles_exec,
};
