/*
 * grammar.c - a command's arguments parsed by the grammar its table
 * entry declares (struct cli_grammar, cli.h), the way tmux's cmd_entry
 * declares .args and cmd-parse reads them: the dispatcher parses, the
 * command reads the result by name and never looks at argv.
 *
 * Options (--name VALUE, --name=VALUE, --flag, a declared one-letter
 * form -c VALUE) go anywhere; "--" ends them; "-" is a word; --help or
 * -h prints the command's help.  A CLI_ARGS_RAW grammar (calm run) has
 * no options: after a first --help, every argument is a word.  Then the
 * words fill the declared slots in order (see cli_grammar), and what
 * does not fit is a usage error naming the command's usage line.
 */
#include "calm/cli.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "calm/text.h"

/* One declared option: "name", "name=" (takes a value), then "/c" for a
 * one-letter form. */
struct opt_spec {
	const char *name;
	size_t len;
	bool value;
	char letter;
};

/* One declared word slot: NAME, [NAME], NAME..., [NAME...], a literal
 * such as [-] that the word must equal, or NAME=a|b|c, a word that must
 * be one of the choices. */
struct slot_spec {
	const char *name;
	size_t len;
	const char *choices;  /* "a|b|c", NULL when any word goes */
	size_t choices_len;
	bool optional, many, literal;
};

/* The index-th space-separated token of spec into *tok, *len; false
 * past the last. */
static bool token(const char *spec, int index, const char **tok, size_t *len)
{
	const char *p = spec ? spec : "";

	for (int i = 0;; i++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return false;
		size_t n = strcspn(p, " ");
		if (i == index) {
			*tok = p;
			*len = n;
			return true;
		}
		p += n;
	}
}

static bool opt_at(const struct cli_grammar *g, int i, struct opt_spec *o)
{
	const char *t;
	size_t n;

	if (!token(g->opts, i, &t, &n))
		return false;
	o->name = t;
	o->len = strcspn(t, "=/");
	if (o->len > n)
		o->len = n;
	o->value = o->len < n && t[o->len] == '=';
	o->letter = 0;
	for (size_t k = 0; k + 1 < n; k++)
		if (t[k] == '/')
			o->letter = t[k + 1];
	return true;
}

static bool slot_at(const struct cli_grammar *g, int i, struct slot_spec *s)
{
	const char *t;
	size_t n;

	if (!token(g->words, i, &t, &n))
		return false;
	s->optional = n > 2 && t[0] == '[' && t[n - 1] == ']';
	if (s->optional) {
		t++;
		n -= 2;
	}
	s->many = n > 3 && strncmp(t + n - 3, "...", 3) == 0;
	if (s->many)
		n -= 3;
	s->name = t;
	s->len = strcspn(t, "=");
	if (s->len > n)
		s->len = n;
	s->choices = s->len < n ? t + s->len + 1 : NULL;
	s->choices_len = s->choices ? n - s->len - 1 : 0;
	s->literal = !isupper((unsigned char)t[0]);
	return true;
}

/* Whether w is one of s's choices. */
static bool is_choice(const struct slot_spec *s, const char *w)
{
	size_t wl = strlen(w);

	for (size_t i = 0; i < s->choices_len;) {
		size_t n = strcspn(s->choices + i, "| ");
		if (n > s->choices_len - i)
			n = s->choices_len - i;
		if (n == wl && strncmp(s->choices + i, w, n) == 0)
			return true;
		i += n + 1;
	}
	return false;
}

/* "the milestone is detected, started, mitigated or resolved" */
static enum calm_rc not_a_choice(struct cli *cli, const struct cli_cmd *cmd,
				 const struct slot_spec *s)
{
	char msg[256];
	size_t k = 0, i = 0;

	k += (size_t)snprintf(msg, sizeof msg, "the ");
	for (size_t j = 0; j < s->len && k + 1 < sizeof msg; j++)
		msg[k++] = (char)tolower((unsigned char)s->name[j]);
	msg[k] = '\0';
	while (i < s->choices_len && k + 1 < sizeof msg) {
		size_t n = strcspn(s->choices + i, "| ");
		bool last = i + n >= s->choices_len;
		k += (size_t)snprintf(msg + k, sizeof msg - k, "%s%.*s",
				      i == 0 ? " is " : last ? " or " : ", ", (int)n, s->choices + i);
		i += n + 1;
	}
	return cli_usage(cli, cmd, "%s", msg);
}

static int slot_count(const struct cli_grammar *g)
{
	struct slot_spec s;
	int n = 0;

	while (slot_at(g, n, &s))
		n++;
	return n;
}

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* A usage error "what 'w'", quoting untrusted word w. */
static enum calm_rc bad_word(struct cli *cli, const struct cli_cmd *cmd,
			     const char *what, const char *w)
{
	char *safe = text_sanitize_dup(w, 0);
	enum calm_rc rc = cli_usage(cli, cmd, "%s '%.40s'", what, safe);

	free(safe);
	return rc;
}

/* The option argv[*i] names (its '=' value, if any, in *eq). */
static enum calm_rc take_option(struct cli *cli, const struct cli_cmd *cmd,
				struct cli_args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *name = arg + (arg[1] == '-' ? 2 : 1);
	const char *eq = arg[1] == '-' ? strchr(name, '=') : NULL;
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	struct opt_spec o;
	int k;

	for (k = 0; opt_at(&cmd->args, k, &o); k++) {
		if (arg[1] == '-' ? o.len == len && strncmp(o.name, name, len) == 0
				  : o.letter && len == 1 && name[0] == o.letter)
			break;
	}
	if (!opt_at(&cmd->args, k, &o) || k >= CLI_MAX_OPTS)
		return bad_word(cli, cmd, "unknown option", arg);
	if (o.value && eq)
		a->opt[k] = eq + 1;
	else if (o.value && *i + 1 < argc)
		a->opt[k] = argv[++*i];
	else if (o.value)
		return cli_usage(cli, cmd, "option '--%.*s' needs a value", (int)o.len, o.name);
	else if (eq)
		return cli_usage(cli, cmd, "option '--%.*s' takes no value", (int)o.len, o.name);
	else
		a->opt[k] = "";
	return CALM_OK;
}

/*
 * Whether a leading [ID] slot takes the first of n words.  Before a
 * slot of choices: when the word is none of them ("mark x detected"
 * names incident 'x', and refuses it).  Else when the slots after it
 * can do without it (more than their minimum) and the word is a number
 * or they could not take it anyway (more than their most): "log 3 text"
 * names incident 3, "log 3" is the note "3", "show x" is the incident
 * id 'x'.
 */
static bool takes_id(const struct cli_grammar *g, char **w, int n)
{
	struct slot_spec s;
	int min = 0, max = 0;
	bool many = false;

	if (slot_at(g, 1, &s) && s.choices)
		return !is_choice(&s, w[0]);
	for (int i = 1; slot_at(g, i, &s); i++) {
		min += !s.optional;
		max++;
		many = many || s.many;
	}
	return n > min && (is_number(w[0]) || (!many && n > max));
}

/* Fill the slots from the words w[0..n). */
static enum calm_rc fill(struct cli *cli, const struct cli_cmd *cmd, struct cli_args *a,
			 char **w, int n)
{
	const struct cli_grammar *g = &cmd->args;
	int nslots = slot_count(g), first = 0, at = 0;
	struct slot_spec s;

	assert(nslots <= CLI_MAX_WORDS);
	if ((g->flags & CLI_ARGS_RAW) && n > 0 && strcmp(w[0], "--") == 0) {
		at = 1; /* "--" first: no ID, the rest are the words */
		first = 1;
	} else if (slot_at(g, 0, &s) && s.optional && s.len == 2 && strncmp(s.name, "ID", 2) == 0) {
		if (n > 0 && takes_id(g, w, n))
			a->word[0] = w[at++];
		first = 1;
		if ((g->flags & CLI_ARGS_RAW) && a->word[0] && at < n) {
			if (strcmp(w[at], "--") == 0)
				at++;
			else if (w[at][0] == '-')
				return cli_usage(cli, cmd, "put -- before a command that starts with '-'");
		}
	}
	for (int i = first; i < nslots; i++) {
		int later = 0;
		struct slot_spec t;

		slot_at(g, i, &s);
		for (int j = i + 1; slot_at(g, j, &t); j++)
			later += !t.optional;
		if (s.many) {
			a->rest = w + at;
			a->nrest = n - at;
			at = n;
		} else if (at < n && (!s.optional || n - at > later)) {
			a->word[i] = w[at++];
		}
		if (s.choices && a->word[i] && !is_choice(&s, a->word[i]))
			return not_a_choice(cli, cmd, &s);
		if (s.many ? a->nrest > 0 : a->word[i] != NULL) {
			if (s.literal && (s.many || strncmp(a->word[i], s.name, s.len) != 0 ||
					  a->word[i][s.len] != '\0'))
				return cli_usage(cli, cmd, "%s", g->need ? g->need : "missing words");
			if (s.many)
				a->word[i] = a->rest[0];
		} else if (!s.optional) {
			return cli_usage(cli, cmd, "%s", g->need ? g->need : "missing words");
		}
	}
	if (at < n)
		return bad_word(cli, cmd, "unexpected argument", w[at]);
	return CALM_OK;
}

enum calm_rc cli_args_parse(struct cli *cli, const struct cli_cmd *cmd, int argc,
			    char **argv, struct cli_args *a, bool *help)
{
	char **words = calloc((size_t)argc + 1, sizeof *words);
	bool only_words = (cmd->args.flags & CLI_ARGS_RAW) != 0;
	enum calm_rc rc = CALM_OK;
	int n = 0;

	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	*help = false;
	if (!words)
		return calm_err_set(&cli->err, CALM_NOMEM, "out of memory");
	for (int i = 1; rc == CALM_OK && i < argc; i++) {
		const char *arg = argv[i];
		bool first = i == 1;

		if ((!only_words || first) &&
		    (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
			cli_print_help(cmd, stdout);
			*help = true;
			break;
		}
		if (!only_words && strcmp(arg, "--") == 0)
			only_words = true;
		else if (!only_words && arg[0] == '-' && arg[1] != '\0')
			rc = take_option(cli, cmd, a, argc, argv, &i);
		else
			words[n++] = argv[i];
	}
	if (rc == CALM_OK && !*help)
		rc = fill(cli, cmd, a, words, n);
	if (rc == CALM_OK && a->nrest > 0) { /* kept: the words outlive this call */
		a->words = words;
		return CALM_OK;
	}
	free(words);
	a->rest = NULL;
	return rc;
}

void cli_args_release(struct cli_args *a)
{
	free(a->words);
	a->words = NULL;
	a->rest = NULL;
	a->nrest = 0;
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
	struct opt_spec o;

	for (int k = 0; opt_at(&a->cmd->args, k, &o); k++)
		if (o.len == strlen(name) && strncmp(o.name, name, o.len) == 0)
			return a->opt[k];
	assert(!"an option the command does not declare");
	return NULL;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	return cli_opt(a, name) != NULL;
}

const char *cli_word(const struct cli_args *a, const char *name)
{
	struct slot_spec s;

	for (int i = 0; slot_at(&a->cmd->args, i, &s); i++)
		if (s.len == strlen(name) && strncmp(s.name, name, s.len) == 0)
			return a->word[i];
	assert(!"a word the command does not declare");
	return NULL;
}
