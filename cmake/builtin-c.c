/*
 * builtin-c.c - a build tool: the built-in playbook and theme
 * (playbooks/default.yaml and themes/default.yaml, compiled in as text)
 * loaded by the loaders themselves (built here to parse the YAML), then
 * written out as C data: config_builtin_playbook, which calm's
 * config_default() copies, and config_builtin_theme, which the theme
 * "default" copies, so no start pays for parsing either.  The unit tests
 * (test-config-playbook.c, test-config-theme.c) check the data equals
 * the YAML loaded.
 *
 * Usage: calm-builtin-c OUT.c
 */
#include <stdio.h>
#include <stdlib.h>

#include "calm/config.h"

/* s as a C string literal (every byte that is not plain printable ASCII
 * as a three-digit octal escape, which no following digit can extend),
 * or NULL. */
static void str(FILE *f, const char *s)
{
	if (!s) {
		fputs("NULL", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?')
			fputc(*p, f);
		else
			fprintf(f, "\\%03o", *p);
	}
	fputc('"', f);
}

/* A NULL-terminated list as an array named name, or nothing. */
static void list(FILE *f, const char *name, char *const *v)
{
	if (!v)
		return;
	fprintf(f, "static char *%s[] = {\n", name);
	for (size_t i = 0; v[i]; i++) {
		fputs("\t", f);
		str(f, v[i]);
		fputs(",\n", f);
	}
	fputs("\tNULL,\n};\n\n", f);
}

static void stage_arrays(FILE *f, const struct stage *st, size_t s)
{
	if (st->nitems) {
		fprintf(f, "static struct check_item items%zu[] = {\n", s);
		for (size_t i = 0; i < st->nitems; i++) {
			fputs("\t{ ", f);
			str(f, st->items[i].id);
			fputs(", ", f);
			str(f, st->items[i].text);
			fprintf(f, ", %s },\n", st->items[i].required ? "true" : "false");
		}
		fputs("};\n\n", f);
	}
	if (st->ngate) {
		fprintf(f, "static struct criterion gate%zu[] = {\n", s);
		for (size_t g = 0; g < st->ngate; g++) {
			fprintf(f, "\t{ (enum crit_kind)%d, %d, %d, ", (int)st->gate[g].kind,
				st->gate[g].n, st->gate[g].audience);
			str(f, st->gate[g].field);
			fputs(" },\n", f);
		}
		fputs("};\n\n", f);
	}
}

static void stages(FILE *f, const struct playbook *pb)
{
	for (size_t s = 0; s < pb->nstages; s++)
		stage_arrays(f, &pb->stages[s], s);
	fputs("static struct stage stages[] = {\n", f);
	for (size_t s = 0; s < pb->nstages; s++) {
		const struct stage *st = &pb->stages[s];

		fputs("\t{ ", f);
		str(f, st->id);
		fputs(", ", f);
		str(f, st->title);
		fputs(",\n\t  ", f);
		str(f, st->guidance);
		fprintf(f, ",\n\t  (enum pane_kind)%d, %d, ", (int)st->pane, st->audience);
		if (st->nitems)
			fprintf(f, "items%zu, %zu, ", s, st->nitems);
		else
			fputs("NULL, 0, ", f);
		if (st->ngate)
			fprintf(f, "gate%zu, %zu },\n", s, st->ngate);
		else
			fputs("NULL, 0 },\n", f);
	}
	fputs("};\n\n", f);
}

static void roles(FILE *f, const struct playbook *pb)
{
	fputs("static struct role_def roles[] = {\n", f);
	for (size_t i = 0; i < pb->nroles; i++) {
		fputs("\t{ ", f);
		str(f, pb->roles[i].id);
		fputs(", ", f);
		str(f, pb->roles[i].title);
		fputs(", ", f);
		str(f, pb->roles[i].duty);
		fputs(" },\n", f);
	}
	fputs("};\n\n", f);
}

static void top(FILE *f, const struct playbook *pb)
{
	fputs("const struct playbook config_builtin_playbook = {\n\t.name = ", f);
	str(f, pb->name);
	fputs(",\n\t.source = ", f);
	str(f, pb->source);
	fprintf(f, ",\n\t.stages = stages,\n\t.nstages = %zu,\n\t.comms = {", pb->nstages);
	for (int a = 0; a < AUD_COUNT; a++) {
		fputs("\n\t\t", f);
		str(f, pb->comms[a]);
		fputs(",", f);
	}
	fputs("\n\t},\n\t.postmortem = ", f);
	str(f, pb->postmortem);
	fprintf(f, ",\n\t.blame = %s,\n\t.secrets = %s,\n", pb->blame ? "blame" : "NULL",
		pb->secrets ? "secrets" : "NULL");
	fprintf(f, "\t.roles = %s,\n\t.nroles = %zu,\n\t.scoring = {",
		pb->nroles ? "roles" : "NULL", pb->nroles);
	for (int i = 0; i < SCORE_ITEM_COUNT; i++) {
		fputs("\n\t\t", f);
		str(f, pb->scoring[i]);
		fputs(",", f);
	}
	fputs("\n\t},\n};\n", f);
}

static void ints(FILE *f, const int *v, int n)
{
	fputs("{", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? ", " : " ", v[i]);
	fputs(" }", f);
}

static void theme(FILE *f, const struct theme *th)
{
	fputs("\nconst struct theme config_builtin_theme = {\n\t.name = ", f);
	str(f, th->name);
	fputs(",\n\t.source = ", f);
	str(f, th->source);
	fputs(",\n\t.parent = ", f);
	str(f, th->parent);
	fputs(",\n\t.description = ", f);
	str(f, th->description);
	fputs(",\n\t.role = {\n", f);
	for (int r = 0; r < ROLE_COUNT; r++) {
		fputs("\t\t{ ", f);
		ints(f, th->role[r].fg, DEPTH_COUNT);
		fputs(", ", f);
		ints(f, th->role[r].bg, DEPTH_COUNT);
		fprintf(f, ", %uu, %uu },\n", th->role[r].attrs, th->role[r].mono);
	}
	fputs("\t},\n};\n", f);
}

int main(int argc, char **argv)
{
	struct calm_err err = { 0 };
	struct playbook *pb = NULL;
	struct theme th;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: calm-builtin-c OUT.c\n");
		return 64;
	}
	if (config_default(&pb, &err) != CALM_OK) {
		fprintf(stderr, "calm-builtin-c: the built-in playbook: %s\n", err.msg);
		return 65;
	}
	if (config_load_theme("built-in", config_default_theme, config_default_theme_len,
			      NULL, NULL, &th, &err) != CALM_OK) {
		fprintf(stderr, "calm-builtin-c: the built-in theme: %s\n", err.msg);
		playbook_free(pb);
		return 65;
	}
	f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		playbook_free(pb);
		theme_release(&th);
		return 74;
	}
	fputs("/* Generated by calm-builtin-c from playbooks/default.yaml and\n"
	      " * themes/default.yaml: do not edit. */\n"
	      "#include <stdbool.h>\n#include <stddef.h>\n\n#include \"calm/config.h\"\n\n", f);
	stages(f, pb);
	list(f, "blame", pb->blame);
	list(f, "secrets", pb->secrets);
	if (pb->nroles)
		roles(f, pb);
	top(f, pb);
	theme(f, &th);
	playbook_free(pb);
	theme_release(&th);
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 74;
	}
	return 0;
}
