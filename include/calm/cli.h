/*
 * cli.h - subcommands: one file each (src/cli/cmd-<verb>.c), one table.
 *
 * A command is a `const struct cli_cmd` with its name, usage, help, the
 * grammar of its arguments and the preconditions the dispatcher meets
 * before exec runs (an open database, a loaded playbook).  The
 * dispatcher parses the arguments by the grammar (grammar.c); exec
 * reads them by name (cli_opt, cli_word), calls src/app, prints the
 * result to stdout and returns an enum calm_rc; the dispatcher prints a
 * failure as one line "calm: message" on stderr and exits with its
 * sysexits status.
 */
#ifndef CALM_CLI_H
#define CALM_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "calm/app.h"
#include "calm/buf.h"
#include "calm/app-read.h"
#include "calm/theme.h"
#include "calm/config.h"
#include "calm/rc.h"

enum cli_cmd_flags {
	CLI_NEEDS_DB = 1 << 0,       /* open the database before exec */
	CLI_NEEDS_PLAYBOOK = 1 << 1, /* load the playbook before exec */
	CLI_READONLY = 1 << 2,       /* open the database read-only */
	CLI_READONLY_OK = 1 << 3,    /* read-only when the file cannot be
					written (export from a 0444 copy) */
	CLI_RUNS_ANYWAY = 1 << 4,    /* a broken config file does not stop
					the command (calm run: the command
					runs, then says it cannot record) */
	CLI_QUEUES = 1 << 5,         /* a write that, when the team's server
					cannot be reached, is queued (sync.c) */
};

/* Everything a command runs with; filled by the dispatcher. */
struct cli {
	/* from the command line, environment and config file */
	const char *db_path;      /* resolved database path */
	const char *playbook_path;/* --playbook or config, NULL = built-in */
	char *author;             /* acting author */
	char **names;             /* pairing names (--as a,b or config), NULL-terminated */
	struct config config;     /* the user's config file, zeroed if none */
	bool out_tty;             /* stdout is a terminal */
	bool in_tty;              /* stdin is a terminal */
	bool readonly;            /* the database is open read-only (review):
				     the console must not offer writes */
	/* opened on demand */
	struct playbook *pb;
	struct app app;           /* the database (app_open), pb and author */
	struct calm_err err;      /* message for a failure outside app */
	struct calm_err setup_err;/* CLI_RUNS_ANYWAY: why setting up failed */
	int exit_status;          /* >= 0: exit with this (calm run: the command's) */
	struct buf stdin_text;    /* text cli_text() read from stdin ("-"): what a
				     queued write keeps in its place (sync.c) */
	struct theme theme;       /* the theme checked before a console starts,
				     handed to it (zeroed when none) */
	long long saw_id;         /* cli_saw: the incident whose stage the person */
	char *saw_stage;          /* was last shown, and that stage (sync.c) */
	const char *replay_from;  /* a replayed stage move: the stage it was made
				     from (CALM_REPLAY_STAGE), else NULL */
	int argc;                 /* calm's own arguments, for a connection */
	char **argv;              /* keeper to run them (keeper.h) */
	bool out_closed;          /* calm started with stdout closed */
	bool handed;              /* a keeper's worker ran the command */
};

/* The most options and word slots a grammar declares. */
#define CLI_MAX_OPTS 8
#define CLI_MAX_WORDS 4

enum cli_grammar_flags {
	CLI_ARGS_RAW = 1 << 0, /* no options: after a first --help every
				  argument is a word, a "--" after [ID] or
				  first is dropped (calm run [ID] [--] CMD) */
};

/*
 * The arguments a command takes, declared in its table entry (as tmux's
 * cmd_entry declares .args) and parsed by the dispatcher.
 */
struct cli_grammar {
	/* The options, space-separated: "json" a flag, "format=" one that
	 * takes a value, "output=/o" also written -o. */
	const char *opts;
	/*
	 * The words, space-separated, filled in order: NAME (needed),
	 * [NAME] (taken when words are left over for what follows), NAME...
	 * (one or more, last), [NAME...] (any number, last), a lowercase
	 * slot such as [-] is a literal the word must be.  A leading [ID]
	 * is the incident: taken when what follows can do without its word
	 * and that word is a number, or what follows could not take it
	 * ("log 3 text" names incident 3, "log 3" is the note "3").
	 */
	const char *words;
	/* The usage error when a needed word is missing (or a literal is
	 * not what it must be): "an incident id and a title are needed". */
	const char *need;
	unsigned flags;   /* enum cli_grammar_flags */
};

/* A command's arguments as parsed by its grammar; read them by name. */
struct cli_args {
	const struct cli_cmd *cmd;
	const char *opt[CLI_MAX_OPTS];   /* by option: the value ("" for a
					    flag given), NULL when not given */
	const char *word[CLI_MAX_WORDS]; /* by slot: the word, NULL when
					    absent; a NAME... slot's first */
	char **rest;                     /* the words of the NAME... slot */
	int nrest;
	char **words;                    /* what rest points into (owned) */
};

struct cli_cmd {
	const char *name;     /* "advance" */
	const char *alias;    /* short alias or NULL */
	const char *usage;    /* "advance ID [--override REASON]" */
	const char *summary;  /* one line for the command list */
	const char *help;     /* paragraphs after the usage in --help */
	unsigned flags;       /* enum cli_cmd_flags */
	struct cli_grammar args; /* what it takes */
	void (*help_more)(FILE *f); /* more help, made at run time (or NULL) */
	enum calm_rc (*exec)(struct cli *cli, const struct cli_args *args);
	/* A queued write replayed that the server has already (its first
	 * transaction went, then the connection or the process): complete
	 * what the command does in later transactions, each only if not
	 * done yet (NULL: it makes one). */
	enum calm_rc (*resume)(struct cli *cli, const struct cli_args *args);
	/* A stage move (+1 advance, -1 back; 0 for the rest): queued, it
	 * carries the stage its incident (word ID) was at as the person
	 * last saw it, and its replay is refused when the incident is no
	 * longer there (sync.c). */
	int stage_step;
};

/*
 * Parse argv[1..argc) by cmd's grammar into *a (cli_args_release it).
 * --help prints the command's help and returns CALM_OK with *help set.
 * An unknown option, a missing value, a missing word or one too many:
 * CALM_USAGE with one line naming the usage.
 */
enum calm_rc cli_args_parse(struct cli *cli, const struct cli_cmd *cmd, int argc,
			    char **argv, struct cli_args *a, bool *help);
void cli_args_release(struct cli_args *a);

/* The value of option name (as declared, without dashes) or NULL when
 * not given; whether flag name was given; the word of slot name ("ID",
 * "TITLE"), NULL when absent.  The name must be declared. */
const char *cli_opt(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
const char *cli_word(const struct cli_args *a, const char *name);

/*
 * The text a command is given as its last words: the words joined with
 * spaces, or stdin when the only word is "-" (at most APP_MAX_TEXT + 1
 * bytes, final newlines dropped); "cannot read WHAT from stdin" on
 * failure.
 */
struct buf;
enum calm_rc cli_text(struct cli *cli, const struct cli_args *a, const char *what,
		      struct buf *out);
/* AUDIENCE (internal, external, resolution) into *aud; a usage error of
 * cmd naming the three when it is none of them. */
enum calm_rc cli_audience(struct cli *cli, const struct cli_cmd *cmd, const char *word,
			  int *aud);

/* A fix attempt, action item or event number: a positive decimal. */
bool cli_number(const char *s, long long *n);

/* All of stdin into out, as cli_text reads it. */
enum calm_rc cli_read_stdin(struct cli *cli, const char *what, struct buf *out);

/* Write s from column indent, wrapped at spaces to 79 columns, each
 * further line indented by more columns (help text). */
void cli_help_wrap(FILE *f, const char *s, int indent, int more);

/*
 * Meet flags' preconditions now (the dispatcher does it before exec; a
 * command that must run first, calm run, calls it after): load the
 * playbook, open the database, wire cli->app.
 */
enum calm_rc cli_setup(struct cli *cli, unsigned flags);

/* mkdir -p with mode 0700 for the directories that do not exist; 0 or
 * -1 with errno. */
int cli_mkdirs(const char *dir);

/* The queue of writes made while the team's server could not be
 * reached, $XDG_STATE_HOME/calm/queue.db (its directory made), into
 * out (sync.c). */
enum calm_rc cli_queue_path(struct cli *cli, struct buf *out);

/* The person was shown incident id at stage (a playbook stage id): a
 * stage move they queue next is made from there (sync.c). */
void cli_saw(struct cli *cli, long long id, const char *stage);

/* $XDG_STATE_HOME/calm, else ~/.local/state/calm, appended to out. */
enum calm_rc cli_state_dir(struct cli *cli, struct buf *out);

/* Print cmd's usage and help to f. */
void cli_print_help(const struct cli_cmd *cmd, FILE *f);

/* Set cli->err to a usage error naming the command's usage line. */
enum calm_rc cli_usage(struct cli *cli, const struct cli_cmd *cmd,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Output (out.c): the only way the CLI writes to a terminal.  cli_printf
 * formats as printf, but every %s and %c argument is made inert first
 * (text.h: controls as ^X, a newline as ^J, bidi and invisible characters
 * as <U+XXXX>), and its width and precision count display columns (a
 * precision never cuts inside a character).  Numbers print as printf
 * prints them; %p and %n abort.
 */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Write untrusted text to f made inert (see text.h): TEXT_KEEP_NEWLINE
 * for text of several lines. */
void cli_put(FILE *f, const char *s, unsigned text_flags);

/* $XDG_CONFIG_HOME/calm/NAME (else ~/.config/calm/NAME), malloc'd;
 * NULL when neither is set. */
char *cli_config_file(const char *name);

/* Data for programs (JSON, a draft, the Markdown postmortem) to stdout:
 * the bytes exactly when stdout is not a terminal; on a terminal made
 * inert, newlines and tabs kept. */
void cli_write_data(const struct cli *cli, const char *s, size_t len);

/* s made inert and cut to cols columns, ending in a mark ("...") when
 * cut; malloc'd. */
char *cli_clip(const char *s, int cols);

/* The terminal's width when stdout is one, else -1. */
int cli_columns(const struct cli *cli);

/* JSON text, then tail ("]" to close what a caller opened) and a
 * newline, through cli_write_data(). */
void cli_json(const struct cli *cli, const char *json, const char *tail);

/* Start (on) or end a highlight: bold on a terminal, else [ and ]. */
void cli_emphasis(const struct cli *cli, bool on);

/* Format UTC ms as "2026-11-26 14:05:09Z" (or in the config's zone:
 * "2026-11-26 15:05:09 CET") into buf (>= 32 bytes); "?" for a time no
 * calendar holds (a damaged row). */
void cli_time(const struct cli *cli, long long ms, char *buf, size_t n);

/*
 * The console on incident id (0: the picker), run with what the command
 * line gave (cmd-open.c: the one place the CLI opens the console,
 * calm/console.h).  Needs a terminal on stdin and stdout.
 */
enum calm_rc cli_console(struct cli *cli, long long id);

/* The console's keys by where they work, wrapped to width (malloc'd):
 * `calm help keys`, from the console's own table. */
char *cli_console_keys(int width);

/* The command table, NULL-terminated (src/cli/cli.c). */
extern const struct cli_cmd *const cli_cmds[];

extern const struct cli_cmd cmd_keeper;
extern const struct cli_cmd cmd_new, cmd_list, cmd_show, cmd_log, cmd_check,
	cmd_set, cmd_advance, cmd_back, cmd_verify, cmd_open, cmd_help;

/* comms drafts, fix attempts, action items, the postmortem */
extern const struct cli_cmd cmd_draft, cmd_send, cmd_fix, cmd_outcome,
	cmd_nofix, cmd_action, cmd_action_done, cmd_export;
extern const struct cli_cmd cmd_config; /* themes and the config file */
/* looking back: search, review, roles, stats */
extern const struct cli_cmd cmd_search, cmd_review, cmd_role, cmd_roles,
	cmd_stats;
extern const struct cli_cmd cmd_seal; /* signed checkpoints of a chain */
/* writing down everything: corrections, milestones, commands, shells,
 * imports, a status line */
extern const struct cli_cmd cmd_amend, cmd_strike, cmd_mark, cmd_run, cmd_hook,
	cmd_watch, cmd_import, cmd_status;
extern const struct cli_cmd cmd_drill; /* practice: drills */

/* The drill database's path ($XDG_DATA_HOME/calm/drills.db, its
 * directory made 0700), malloc'd; CALM_USAGE when it is the team's
 * database (cli->db_path). */
enum calm_rc cli_drill_db(struct cli *cli, char **path);

/* --drills: put the drill database (made when missing) in place of the
 * team's in cli->app, for list, search and stats to read. */
enum calm_rc cli_use_drills(struct cli *cli);
extern const struct cli_cmd cmd_sync; /* offline and back */
extern const struct cli_cmd cmd_push, cmd_pull; /* moving an incident between stores */

/*
 * Run cmd (the dispatcher's last step): on a team's server, a writing
 * command first sends what the queue holds, and is itself queued when
 * the server cannot be reached (sync.c); argv is the whole command line.
 */
enum calm_rc cli_exec(struct cli *cli, const struct cli_cmd *cmd, const struct cli_args *a,
		      int argc, char **argv);

/* Entry: parse global options, dispatch, return the exit status. */
int cli_main(int argc, char **argv);

#endif
