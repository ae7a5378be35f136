/*
 * cmd-config.c - check the config file, playbook and theme, and say
 * where each came from; list the theme roles, themes and config keys.
 *
 * The dispatcher has already read the config file and the playbook
 * (each mistake a located line, exit 78) by the time this runs; it
 * loads the theme (--theme, the config's theme:, else default) and
 * reports.  The lists come from the same tables that drive the loaders
 * (THEME_ROLES, the config key table), so docs cannot drift from code.
 */
#include "calm/cli.h"

#include <stdlib.h>
#include <string.h>

#include "calm/buf.h"
#include "calm/theme.h"

static void put_line(const char *line, void *ctx)
{
	++*(int *)ctx;
	cli_fprintf(stderr, "calm: ");
	cli_put(stderr, line, 0);
	cli_fprintf(stderr, "\n");
}

/* The config file calm reads without --config. */
static char *default_config_path(void)
{
	const char *cfg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (cfg && cfg[0] == '/')
		buf_addf(&b, "%s/calm/config.yaml", cfg);
	else if (home && home[0] == '/')
		buf_addf(&b, "%s/.config/calm/config.yaml", home);
	else
		return NULL;
	return buf_detach(&b);
}

static enum calm_rc check(struct cli *cli)
{
	const char *name = cli->config.theme ? cli->config.theme : "default";
	struct theme th;
	enum calm_rc rc;
	int n = 0;

	if (cli->config.source) {
		cli_printf("config: ");
		cli_put(stdout, cli->config.source, 0);
		cli_printf("\n");
	} else {
		char *p = default_config_path();
		cli_printf("config: none (");
		cli_put(stdout, p ? p : "no HOME", 0);
		cli_printf(" not found; built-in defaults)\n");
		free(p);
	}
	cli_printf("playbook: ");
	cli_put(stdout, cli->pb->name, 0);
	cli_printf(" (");
	cli_put(stdout, cli->playbook_path ? cli->playbook_path : "built-in", 0);
	cli_printf(")\n");
	rc = config_theme_load(name, put_line, &n, &th, &cli->err);
	if (rc == CALM_OK) {
		cli_printf("theme: ");
		cli_put(stdout, th.name, 0);
		if (th.parent) {
			cli_printf(", inherits ");
			cli_put(stdout, th.parent, 0);
		}
		cli_printf(" (");
		cli_put(stdout, th.source, 0);
		cli_printf(")\nok\n");
	} else if (n > 0) {
		cli->err.msg[0] = '\0'; /* already reported, line by line */
	}
	theme_release(&th);
	return rc;
}

static void paths(struct cli *cli)
{
	char **dirs = config_theme_dirs();
	char *p = default_config_path();

	cli_printf("config: ");
	cli_put(stdout, cli->config.source ? cli->config.source : p ? p : "none", 0);
	cli_printf("\ndatabase: ");
	cli_put(stdout, cli->db_path, 0);
	cli_printf("\nplaybook: ");
	cli_put(stdout, cli->playbook_path ? cli->playbook_path : "built-in", 0);
	cli_printf("\n");
	for (int i = 0; dirs[i]; i++) {
		cli_printf("themes: ");
		cli_put(stdout, dirs[i], 0);
		cli_printf("\n");
	}
	config_strv_free(dirs);
	free(p);
}

static void roles(void)
{
	for (int r = 0; r < ROLE_COUNT; r++)
		cli_printf("%-14s %s\n", theme_role_name(r), theme_role_help(r));
}

static void themes(void)
{
	char **list = config_theme_list();

	for (int i = 0; list[i]; i++) {
		char *path = NULL;

		config_theme_find(list[i], &path, NULL);
		cli_printf("%-16s ", list[i]);
		cli_put(stdout, path ? path : "built-in", 0);
		cli_printf("\n");
		free(path);
	}
	config_strv_free(list);
}

static void one_key(const char *name, const char *help, void *ctx)
{
	(void)ctx;
	cli_printf("%-10s %s\n", name, help);
}

static void keys(void)
{
	config_keys_each(one_key, NULL);
	cli_printf("\nactions for keys: (default keys)\n");
	for (int a = 0; a < KEYACT_COUNT; a++)
		cli_printf("  %-10s %s\n", config_action_name(a), config_action_keys(a));
}

static enum calm_rc cmd_config_exec(struct cli *cli, const struct cli_args *a)
{
	bool f_check = cli_flag(a, "check"), f_paths = cli_flag(a, "paths"),
	     f_roles = cli_flag(a, "roles"), f_themes = cli_flag(a, "themes"),
	     f_keys = cli_flag(a, "keys");
	int nflags;
	enum calm_rc rc = CALM_OK;

	nflags = f_check + f_paths + f_roles + f_themes + f_keys;
	if (nflags > 1)
		return cli_usage(cli, &cmd_config, "give one of --check, --paths, --roles, --themes, --keys");
	if (f_paths)
		paths(cli);
	else if (f_roles)
		roles();
	else if (f_themes)
		themes();
	else if (f_keys)
		keys();
	else
		rc = check(cli);
	return rc;
}

const struct cli_cmd cmd_config = {
	.name = "config",
	.alias = NULL,
	.usage = "config [--check|--paths|--roles|--themes|--keys]",
	.summary = "check the config, playbook and theme; list roles, themes, keys",
	.help = "--check (the default) reads the config file, the playbook and the theme\n"
		"(--theme, else the config's theme:, else default), reports every mistake\n"
		"as FILE:LINE:COLUMN: message and exits 78, or prints where each came\n"
		"from and 'ok'.  --paths prints where calm looks: the config file, the\n"
		"database, the playbook and the theme directories, in order.  --roles\n"
		"lists the roles a theme colours, --themes the themes found (what T in\n"
		"the console cycles), --keys the config file's keys.\n",
	.flags = CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "check paths roles themes keys" },
	.exec = cmd_config_exec,
};
