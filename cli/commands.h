/* commands.h — the ccsim subcommands. Each takes the arguments after its name
 * (argv[0] is the subcommand) and returns the process exit status: 0 success,
 * 1 bad input, 2 internal or I/O error, having printed any message on stderr.
 */
#ifndef CC_COMMANDS_H
#define CC_COMMANDS_H

int cc_cmd_compare(int argc, char **argv);
int cc_cmd_erlang(int argc, char **argv);
int cc_cmd_history(int argc, char **argv);
int cc_cmd_plan(int argc, char **argv);
int cc_cmd_report(int argc, char **argv);
int cc_cmd_roster(int argc, char **argv);
int cc_cmd_simulate(int argc, char **argv);
int cc_cmd_sweep(int argc, char **argv);

#endif
