/*
 * cli.c - calm's entry: global options, the command table, dispatch.
 *
 * calm [--db PATH] [--config PATH] [--playbook PATH] [--as NAME[,NAME...]]
 *      [--help] [--version] [COMMAND [ARGS...]]
 *
 * Commands resolve by exact name, then alias, then unique prefix (as
 * tmux does).  The dispatcher resolves where the data lives, who is
 * acting, opens the database and loads the playbook when the command
 * says it needs them, runs it, and turns its result into one stderr line
 * and a sysexits status.
 */
#include "calm/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calm/buf.h"
#include "calm/text.h"
#include "calm/when.h"
#include "keeper.h"

const struct cli_cmd *const cli_cmds[] = {
	&cmd_new, &cmd_list, &cmd_show, &cmd_log, &cmd_check, &cmd_set,
	&cmd_advance, &cmd_back, &cmd_verify, &cmd_open, &cmd_help,
	/* comms, fixes, actions, postmortem */
	&cmd_draft, &cmd_send, &cmd_fix, &cmd_outcome, &cmd_nofix, &cmd_action,
	&cmd_action_done, &cmd_export,
	&cmd_config, /* themes and the config file */
	/* looking back: search, review, roles, stats */
	&cmd_search, &cmd_review, &cmd_role, &cmd_roles, &cmd_stats,
	&cmd_seal, /* signed checkpoints of a chain */
	/* writing down everything */
	&cmd_amend, &cmd_strike, &cmd_mark, &cmd_run, &cmd_hook, &cmd_watch,
	&cmd_import, &cmd_status,
	&cmd_drill, /* practice */
	&cmd_sync, /* offline and back */
	&cmd_push, &cmd_pull, /* moving an incident between stores */
	&cmd_keeper, /* the connection keepers of team servers */
	NULL,
};

#define MAIN_USAGE \
	"usage: calm [--db PATH] [--config PATH] [--playbook PATH] [--as NAME[,NAME...]]\n" \
	"            [--theme NAME|PATH] [--help] [--version] [COMMAND [ARGS...]]\n"

/* CALM_NOW: a fixed clock for tests (RFC 3339 UTC or ms since the epoch). */
static long long fixed_now_ms;

static long long fixed_now(void)
{
	return fixed_now_ms;
}


/*
 * The clock and the zone: times are typed and shown in UTC unless the
 * config names a timezone (put into TZ for localtime), and CALM_NOW
 * fixes the clock for tests (a UTC time, Z or not, or ms since 1970).
 */
static enum calm_rc set_clock(struct cli *cli)
{
	const char *now = getenv("CALM_NOW");
	struct calm_err why = { 0 };

	if (cli->config.timezone && strcmp(cli->config.timezone, "UTC") != 0) {
		setenv("TZ", cli->config.timezone, 1);
		tzset();
		cli->app.when_flags = WHEN_LOCAL;
	}
	if (!now || !now[0])
		return CALM_OK;
	if (when_parse(now, WHEN_DATETIME | WHEN_EPOCH_MS, 0, &fixed_now_ms, &why) != CALM_OK)
		return calm_err_set(&cli->err, CALM_USAGE, "CALM_NOW: %s", why.msg);
	cli->app.now_ms = fixed_now;
	return CALM_OK;
}

static void print_main_help(FILE *f)
{
	cli_fprintf(f, MAIN_USAGE);
	cli_fprintf(f, "\nWith no command on a terminal, calm opens the incident console.\n"
	      "\ncommands:\n");
	for (int i = 0; cli_cmds[i]; i++) { /* usage, then what it does */
		cli_help_wrap(f, cli_cmds[i]->usage, 2, 6);
		cli_help_wrap(f, cli_cmds[i]->summary, 8, 8);
	}
	cli_fprintf(f, "\noptions:\n"
	      "  --db PATH          database file (else $CALM_DB, the config's db,\n"
	      "                     $XDG_DATA_HOME/calm/calm.db)\n"
	      "  --config PATH      config file (else $XDG_CONFIG_HOME/calm/config.yaml)\n"
	      "  --playbook PATH    playbook YAML replacing the built-in routine\n"
	      "  --theme NAME|PATH  console theme (else the config's theme, default);\n"
	      "                     'calm config --themes' lists them\n"
	      "  --as NAME[,NAME]   acting author (else $CALM_AUTHOR, the config's\n"
	      "                     author, the login name); more names for pairing\n"
	      "  --help             this help; 'calm COMMAND --help' for a command\n"
	      "  --version          print the version\n"
	      "\nexit status: 0 ok, 1 gate not met, 64 usage, 65 bad data, 66 no such\n"
	      "incident, 69 server unreachable, 74 i/o error, 75 database busy, 77 incident\n"
	      "closed, 78 config error\n");
}

/*
 * Standard output closed (`calm list >&-`): SQLite or a later open
 * would get descriptor 1 and output would go nowhere, or into the
 * database.  Put /dev/full there instead, so every write to stdout fails
 * and the exit status says so; true when it was closed.
 */
static bool guard_stdout(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) != -1 || errno != EBADF)
		return false;
	if (fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF)
		open("/dev/null", O_RDONLY | O_CLOEXEC); /* takes 0, not 1 */
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0 && fd != STDOUT_FILENO) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	return true;
}

/* Exact name, alias, then unique prefix.  NULL with cli->err set. */
static const struct cli_cmd *cmd_find(struct cli *cli, const char *name)
{
	const struct cli_cmd *found = NULL;
	struct buf cands = BUF_INIT;
	size_t len = strlen(name);
	int n = 0;

	for (int i = 0; cli_cmds[i]; i++)
		if (strcmp(cli_cmds[i]->name, name) == 0)
			return cli_cmds[i];
	for (int i = 0; cli_cmds[i]; i++)
		if (cli_cmds[i]->alias && strcmp(cli_cmds[i]->alias, name) == 0)
			return cli_cmds[i];
	for (int i = 0; len && cli_cmds[i]; i++) {
		if (strncmp(cli_cmds[i]->name, name, len) == 0) {
			found = cli_cmds[i];
			buf_addf(&cands, "%s%s", n++ ? ", " : "", found->name);
		}
	}
	char *safe = text_sanitize_dup(name, 0);
	if (n == 0)
		calm_err_set(&cli->err, CALM_USAGE,
			     "unknown command '%.40s' (see 'calm --help')", safe);
	else if (n > 1)
		calm_err_set(&cli->err, CALM_USAGE,
			     "ambiguous command '%.40s': %s", safe,
			     buf_cstr(&cands));
	free(safe);
	buf_release(&cands);
	return n == 1 ? found : NULL;
}

/* An absolute directory from env var name, or NULL. */
static const char *xdg_dir(const char *name)
{
	const char *v = getenv(name);
	return v && v[0] == '/' ? v : NULL;
}

char *cli_config_file(const char *name)
{
	const char *cfg = xdg_dir("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;

	if (cfg)
		buf_addf(&b, "%s/calm/%s", cfg, name);
	else if (home && home[0] == '/')
		buf_addf(&b, "%s/.config/calm/%s", home, name);
	else
		return NULL;
	return buf_detach(&b);
}

int cli_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static char *path_join(const char *a, const char *b)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s%s", a, b);
	return buf_detach(&p);
}

/* *path = $XDG_DATA_HOME/calm/NAME (else ~/.local/share/calm/NAME), its
 * directory made 0700; nowhere says what to set when neither is. */
static enum calm_rc data_file(struct cli *cli, const char *name, const char *nowhere,
			      char **path)
{
	const char *data = xdg_dir("XDG_DATA_HOME"), *home = getenv("HOME");
	char *dir;

	*path = NULL;
	if (data)
		dir = path_join(data, "/calm");
	else if (home && home[0] == '/')
		dir = path_join(home, "/.local/share/calm");
	else
		return calm_err_set(&cli->err, CALM_IO, "%s", nowhere);
	if (cli_mkdirs(dir) != 0) {
		calm_err_set(&cli->err, CALM_IO, "cannot create '%s': %s", dir, strerror(errno));
		free(dir);
		return CALM_IO;
	}
	*path = path_join(dir, name);
	free(dir);
	return CALM_OK;
}

/* The default database: $XDG_DATA_HOME/calm/calm.db, directory 0700. */
static enum calm_rc default_db(struct cli *cli, char **path)
{
	return data_file(cli, "/calm.db",
			 "cannot place the database: set HOME, XDG_DATA_HOME or CALM_DB, or use --db",
			 path);
}

enum calm_rc cli_drill_db(struct cli *cli, char **path)
{
	struct stat a, t;
	enum calm_rc rc = data_file(cli, "/drills.db",
				    "cannot place the drill database: set HOME or XDG_DATA_HOME",
				    path);

	if (rc != CALM_OK)
		return rc;
	/* never the team's, however it is named */
	if (cli->db_path && stat(*path, &a) == 0 && stat(cli->db_path, &t) == 0 &&
	    a.st_dev == t.st_dev && a.st_ino == t.st_ino) {
		calm_err_set(&cli->err, CALM_USAGE,
			     "the team's database is at '%s', where drills are kept: give it another --db",
			     *path);
		free(*path);
		*path = NULL;
		return CALM_USAGE;
	}
	return CALM_OK;
}

static void report_line(const char *line, void *ctx)
{
	(void)ctx;
	char *safe = text_sanitize_dup(line, 0);
	cli_fprintf(stderr, "calm: %s\n", safe);
	free(safe);
}

/* Read the config file: an explicit one must exist, the default may not. */
static enum calm_rc load_config(struct cli *cli, const char *explicit_path)
{
	const char *cfg = xdg_dir("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path = NULL, *text = NULL;
	size_t len = 0;
	enum calm_rc rc = CALM_OK;
	struct stat sb;

	if (explicit_path)
		path = xstrdup(explicit_path);
	else if (cfg)
		path = path_join(cfg, "/calm/config.yaml");
	else if (home && home[0] == '/')
		path = path_join(home, "/.config/calm/config.yaml");
	if (!path)
		return CALM_OK;
	if (!explicit_path && stat(path, &sb) != 0) {
		free(path);
		return CALM_OK;
	}
	rc = config_read_trusted(path, CONFIG_RUNS_COMMANDS, &text, &len, &cli->err);
	if (rc != CALM_OK) {
		cli->err.rc = rc = CALM_CONFIG; /* the message says why */
	} else {
		rc = config_load(path, text, len, report_line, NULL,
				 &cli->config, &cli->err);
		if (rc == CALM_CONFIG)
			cli->err.msg[0] = '\0'; /* already reported, line by line */
	}
	free(text);
	free(path);
	return rc;
}

static enum calm_rc load_playbook(struct cli *cli)
{
	char *text = NULL;
	size_t len = 0;
	enum calm_rc rc;

	if (!cli->playbook_path)
		return config_default(&cli->pb, &cli->err);
	rc = config_read_file(cli->playbook_path, &text, &len, &cli->err);
	if (rc != CALM_OK) {
		free(text);
		return CALM_CONFIG;
	}
	rc = config_load_playbook(cli->playbook_path, text, len, report_line,
				  NULL, &cli->pb, &cli->err);
	if (rc == CALM_CONFIG)
		cli->err.msg[0] = '\0'; /* already reported, line by line */
	free(text);
	return rc;
}

/* Load the chosen theme once to report its mistakes, located. */
static void report_count(const char *line, void *ctx)
{
	++*(int *)ctx;
	report_line(line, NULL);
}

/* ... and keep it for the console, which would load it again. */
static enum calm_rc check_theme(struct cli *cli, const char *name)
{
	enum calm_rc rc;
	int n = 0;

	theme_release(&cli->theme);
	rc = config_theme_load(name ? name : "default", report_count, &n, &cli->theme,
			       &cli->err);
	if (rc == CALM_CONFIG && n > 0)
		cli->err.msg[0] = '\0'; /* already reported, line by line */
	if (rc != CALM_OK)
		theme_release(&cli->theme);
	return rc;
}

/* --as a,b,c: the first acts; all are the pairing names. */
static enum calm_rc set_names(struct cli *cli, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	size_t n = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		text_trim(tok);
		if (!text_is_name(tok, strlen(tok))) {
			char *safe = text_sanitize_dup(tok, 0);
			calm_err_set(&cli->err, CALM_USAGE,
				     "bad author name '%.64s': " TEXT_NAME_RULE,
				     safe);
			free(safe);
			free(copy);
			return CALM_USAGE;
		}
		cli->names = xrealloc(cli->names, (n + 2) * sizeof *cli->names);
		cli->names[n++] = xstrdup(tok);
		cli->names[n] = NULL;
	}
	free(copy);
	if (n == 0)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "--as needs at least one name");
	free(cli->author);
	cli->author = xstrdup(cli->names[0]);
	return CALM_OK;
}

static enum calm_rc resolve_author(struct cli *cli, const char *as)
{
	const char *env = getenv("CALM_AUTHOR");
	struct passwd *pw;

	if (as)
		return set_names(cli, as);
	if (env && env[0])
		return set_names(cli, env);
	if (cli->config.author)
		cli->author = xstrdup(cli->config.author);
	else if ((pw = getpwuid(getuid())) && pw->pw_name && text_is_name(pw->pw_name, strlen(pw->pw_name)))
		cli->author = xstrdup(pw->pw_name);
	else if ((env = getenv("USER")) && text_is_name(env, strlen(env)))
		cli->author = xstrdup(env);
	else
		cli->author = xstrdup("unknown");
	if (cli->config.names) {
		size_t n = 0;
		while (cli->config.names[n])
			n++;
		cli->names = xcalloc(n + 1, sizeof *cli->names);
		for (size_t i = 0; i < n; i++)
			cli->names[i] = xstrdup(cli->config.names[i]);
	}
	return CALM_OK;
}

static void cli_release(struct cli *cli)
{
	app_close(&cli->app);
	app_release(&cli->app);
	playbook_free(cli->pb);
	config_release(&cli->config);
	free(cli->author);
	for (size_t i = 0; cli->names && cli->names[i]; i++)
		free(cli->names[i]);
	free(cli->names);
	buf_release(&cli->stdin_text);
	theme_release(&cli->theme);
	free(cli->saw_stage);
}

enum calm_rc cli_setup(struct cli *cli, unsigned flags)
{
	enum calm_rc rc = CALM_OK;

	if (cli->setup_err.rc != CALM_OK)
		return calm_err_set(&cli->err, cli->setup_err.rc, "%s", cli->setup_err.msg);
	/* A write takes a person's or a script's text: a playbook of one's
	 * own may add secrets: patterns it must be masked with, so it is
	 * loaded (and a broken one refuses the write, as for any other
	 * command).  The built-in playbook has no secrets: nothing to load. */
	if ((flags & CLI_QUEUES) && cli->playbook_path)
		flags |= CLI_NEEDS_PLAYBOOK;
	if ((flags & CLI_NEEDS_PLAYBOOK) && !cli->pb) {
		rc = load_playbook(cli);
		if (rc != CALM_OK)
			return rc;
		config_merge_blame(cli->pb, &cli->config);
	}
	if ((flags & CLI_NEEDS_DB) && !app_is_open(&cli->app)) {
		/* a file calm may not write (0444 even for root, a read-only
		 * mount): read-only */
		struct stat dsb;
		cli->readonly = (flags & CLI_READONLY) ||
				((flags & CLI_READONLY_OK) && stat(cli->db_path, &dsb) == 0 &&
				 ((dsb.st_mode & 0222) == 0 || access(cli->db_path, W_OK) != 0));
		rc = app_open(&cli->app, cli->db_path, cli->readonly);
		if (rc != CALM_OK) {
			cli->err = cli->app.err;
			return rc;
		}
	}
	cli->app.pb = cli->pb;
	cli->app.author = cli->author;
	return CALM_OK;
}

/* Value of a global option at argv[*i] ("--db x" or "--db=x"). */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
			     bool *bad)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len) != 0)
		return NULL;
	if (a[len] == '=')
		return a + len + 1;
	if (a[len] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = true;
		return NULL;
	}
	return argv[++*i];
}

/* The global options, before the command word. */
struct globals {
	const char *db, *config, *playbook, *as, *theme;
};

/*
 * Read the global options from argv[1] on into g; *i receives the index
 * of the command word (argc: none).  *done when --help or --version was
 * answered (nothing else to do).
 */
static enum calm_rc parse_globals(struct cli *cli, int argc, char **argv,
				  struct globals *g, int *i, bool *done)
{
	struct { const char *name; const char **to; } opts[] = {
		{ "--db", &g->db }, { "--config", &g->config }, { "--playbook", &g->playbook },
		{ "--as", &g->as }, { "--theme", &g->theme },
	};

	*done = false;
	for (*i = 1; *i < argc && argv[*i][0] == '-' && argv[*i][1] != '\0'; ++*i) {
		const char *a = argv[*i], *v = NULL;
		bool bad = false;

		if (strcmp(a, "--") == 0) {
			++*i;
			break;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_main_help(stdout);
			*done = true;
			return CALM_OK;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			cli_printf("calm %s\n", CALM_VERSION);
			*done = true;
			return CALM_OK;
		}
		for (size_t k = 0; !v && !bad && k < sizeof opts / sizeof opts[0]; k++)
			if ((v = opt_value(argc, argv, i, opts[k].name, &bad)))
				*opts[k].to = v;
		if (!v && !bad) {
			char *safe = text_sanitize_dup(a, 0);
			calm_err_set(&cli->err, CALM_USAGE,
				     "unknown option '%.40s' (see 'calm --help')", safe);
			free(safe);
			return CALM_USAGE;
		}
		if (bad || !v[0])
			return calm_err_set(&cli->err, CALM_USAGE,
					    "option '%.40s' needs a value", a);
	}
	return CALM_OK;
}

/* The command named by argv[i], or the console when none is named on a
 * terminal; NULL with cli->err set. */
static const struct cli_cmd *choose_cmd(struct cli *cli, int argc, char **argv, int i)
{
	if (i < argc)
		return cmd_find(cli, argv[i]);
	if (cli->in_tty && cli->out_tty)
		return &cmd_open;
	cli_fprintf(stderr, MAIN_USAGE);
	calm_err_set(&cli->err, CALM_USAGE,
		     "no command given and not on a terminal (see 'calm --help')");
	return NULL;
}

/* Where the database is: --db, $CALM_DB, the config's db, else the
 * default place (made, *alloc its malloc'd path). */
static enum calm_rc choose_db(struct cli *cli, const char *db, char **alloc)
{
	enum calm_rc rc;

	if (!db)
		db = getenv("CALM_DB");
	if (!db || !db[0])
		db = cli->config.db;
	if (!db) {
		rc = default_db(cli, alloc);
		if (rc != CALM_OK)
			return rc;
		db = *alloc;
	}
	if (strcmp(db, ":memory:") == 0)
		return calm_err_set(&cli->err, CALM_USAGE,
				    "database ':memory:' would keep nothing: give a file (--db PATH)");
	cli->db_path = db;
	return CALM_OK;
}

/* Everything before the command runs: the config file, who acts, the
 * playbook and database paths, the theme, the database and playbook the
 * command needs, the clock. */
static enum calm_rc prepare(struct cli *cli, const struct cli_cmd *cmd,
			    const struct globals *g, char **db_alloc)
{
	enum calm_rc rc = load_config(cli, g->config);

	if (rc != CALM_OK && (cmd->flags & CLI_RUNS_ANYWAY)) {
		/* the command runs; it says later that it could not record */
		cli->setup_err = cli->err;
		if (!cli->setup_err.msg[0])
			calm_err_set(&cli->setup_err, rc, "the config file has errors (above)");
		calm_err_clear(&cli->err);
		config_release(&cli->config);
		rc = CALM_OK;
	}
	if (rc == CALM_OK)
		rc = resolve_author(cli, g->as);
	cli->playbook_path = g->playbook ? g->playbook : cli->config.playbook;
	if (rc == CALM_OK)
		rc = choose_db(cli, g->db, db_alloc);
	if (rc != CALM_OK)
		return rc;
	/* a team server's command: its keeper runs it when it can */
	if ((cli->handed = keeper_handoff(cli, cmd, &cli->exit_status)))
		return CALM_OK;
	/* the theme: a bad one stops here (78), before any screen */
	if (g->theme)
		config_set_theme(&cli->config, g->theme);
	if (g->theme || cmd == &cmd_open)
		rc = check_theme(cli, cli->config.theme);
	if (rc == CALM_OK)
		rc = cli_setup(cli, cmd->flags);
	if (rc == CALM_OK)
		rc = set_clock(cli);
	return rc;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .exit_status = -1 };
	struct globals g = { 0 };
	const struct cli_cmd *cmd = NULL;
	struct cli_args args;
	bool done = false, help = false;
	char *db_alloc = NULL;
	enum calm_rc rc;
	int i;

	bool out_closed = guard_stdout();

	cli.argc = argc;
	cli.argv = argv;
	cli.out_closed = out_closed;

	/* Only the character set is taken from the environment (LC_CTYPE:
	 * wide characters, wcwidth, ncurses' UTF-8, nl_langinfo(CODESET) in
	 * chart.c, isalpha and the like).  Nothing calm does depends on the
	 * other categories: times are formatted by when.c (strftime only for
	 * %Z, which follows TZ), numbers are printed and parsed as in C,
	 * secret patterns are compiled in the C locale (secret.c), sorting
	 * is by bytes or in SQL, and messages are English, strerror's with
	 * them.  Loading every category costs a file each at every start
	 * (C.UTF-8 has no locale-archive on Debian). */
	setlocale(LC_CTYPE, "");
	cli.out_tty = isatty(STDOUT_FILENO);
	cli.in_tty = isatty(STDIN_FILENO);
	rc = parse_globals(&cli, argc, argv, &g, &i, &done);
	if (rc == CALM_OK && done)
		return 0;
	if (rc == CALM_OK && !(cmd = choose_cmd(&cli, argc, argv, i)))
		rc = CALM_USAGE;
	if (rc == CALM_OK && cmd == &cmd_status && !getenv("PGCONNECT_TIMEOUT"))
		setenv("PGCONNECT_TIMEOUT", "2", 1); /* a prompt waits on a server 2 s at most */
	if (rc == CALM_OK)
		rc = prepare(&cli, cmd, &g, &db_alloc);
	if (rc == CALM_OK && cli.handed) {
		cli_release(&cli);
		free(db_alloc);
		return cli.exit_status;
	}
	if (rc == CALM_OK) {
		/* the command's arguments, parsed by the grammar it declares */
		rc = cli_args_parse(&cli, cmd, argc - i, argv + i, &args, &help);
		if (rc == CALM_OK && !help)
			rc = cli_exec(&cli, cmd, &args, argc, argv);
		cli_args_release(&args);
	}
	if (rc != CALM_OK && cli.err.msg[0] == '\0' && cli.app.err.msg[0])
		cli.err = cli.app.err;
	if (rc != CALM_OK && cli.err.msg[0]) {
		/* messages quote paths and input: never raw to the terminal */
		char *safe = text_sanitize_dup(cli.err.msg, 0);
		cli_fprintf(stderr, "calm: %s\n", safe);
		free(safe);
	}
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == CALM_OK) {
		cli_fprintf(stderr, "calm: cannot write output: %s\n",
			out_closed ? "standard output is closed" : strerror(errno));
		rc = CALM_IO;
	}
	cli_release(&cli);
	free(db_alloc);
	return cli.exit_status >= 0 ? cli.exit_status : calm_exit_status(rc);
}
