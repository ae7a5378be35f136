/*
 * cmd-send.c - send an update's current draft through a channel after
 * the blame check.
 */
#include "calm/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Write the OSC 52 sequence to the controlling terminal. */
static enum calm_rc emit_tty(const char *seq, size_t len, void *ctx)
{
	(void)ctx;
	int fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	size_t off = 0;

	if (fd < 0 || !isatty(fd)) {
		if (fd >= 0)
			close(fd);
		return CALM_IO;
	}
	while (off < len) {
		ssize_t w = write(fd, seq + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	return off == len ? CALM_OK : CALM_IO;
}

static enum calm_rc cmd_send_exec(struct cli *cli, const struct cli_args *a)
{
	const char *chname = cli_opt(a, "channel");
	struct app_send s = { 0 };
	const char *names[CONFIG_PEOPLE_MAX + 1];
	int aud;
	long long id;
	enum calm_rc rc;

	rc = cli_audience(cli, &cmd_send, cli_word(a, "AUDIENCE"), &aud);
	if (rc != CALM_OK)
		return rc;
	if (!chname)
		chname = cli_word(a, "AUDIENCE");
	/* a drill's update goes to the drill channel whatever is asked (app_send) */
	if (strcmp(chname, "manual") != 0 && !cli->app.drill) {
		s.channel = config_channel_find(&cli->config, chname);
		if (!s.channel)
			return calm_err_set(&cli->err, CALM_CONFIG,
					    "no channel '%.40s' in the config: add channels: %.40s: {file: PATH} (or command, clipboard), or use --channel manual",
					    chname, chname);
	}
	rc = app_resolve(&cli->app, cli_word(a, "ID"), &id);
	if (rc != CALM_OK)
		return rc;
	config_people(&cli->config, cli->names, names);
	s.confirmed = cli_flag(a, "yes");
	s.allow_missing = cli_flag(a, "allow-missing");
	s.names = names;
	s.emit = emit_tty;
	rc = app_send(&cli->app, id, aud, &s);
	if (rc == CALM_OK && cli->out_tty)
		cli_printf("sent %s update (revision %d) via %s\n", audience_name(aud),
		       s.revision, s.channel ? s.res.where : "manual");
	app_send_release(&s);
	return rc;
}
const struct cli_cmd cmd_send = {
	.name = "send",
	.alias = NULL,
	.usage = "send ID AUDIENCE [--yes] [--allow-missing] [--channel NAME]",
	.summary = "send an update's current draft and mark it sent",
	.help = "The draft is checked for blame words first (the playbook's blame\n"
		"phrases and the --as / config names); any found are named and nothing\n"
		"is sent (exit 1) unless --yes.  A resolution update also needs the\n"
		"'outstanding' and 'data-lost' fields set ('none' is an answer).  A draft\n"
		"that still holds a marker of a fact not filled in ([product: not set],\n"
		"[duration unknown: resolved-at not set]...) is refused, naming each\n"
		"(exit 1), unless --allow-missing.\n"
		"\n"
		"The text goes to the channel named like the audience in the config\n"
		"file's channels:, or to --channel NAME: a command (run without a shell,\n"
		"text on stdin, killed after its timeout), a file (appended), or the\n"
		"clipboard (OSC 52 to this terminal).  --channel manual delivers nothing\n"
		"and only marks the update sent (said on a call, pasted by hand).  Only\n"
		"a delivered update is marked sent; a failure is recorded in the\n"
		"timeline and exits 74 with the draft left unsent.\n",
	.flags = CLI_NEEDS_DB | CLI_NEEDS_PLAYBOOK,
	.args = { .opts = "yes allow-missing channel=", .words = "ID AUDIENCE",
		  .need = "an incident id and an audience are needed" },
	.exec = cmd_send_exec,
};
