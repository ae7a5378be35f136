/*
 * main.c - calm, a terminal incident console.  Everything starts in
 * cli_main (src/cli/cli.c).
 */
#include "calm/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
