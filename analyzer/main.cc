// kubeproof, the analyzer: every subcommand lives in analyzer/commands/.
#include "analyzer/commands/command.h"

int main(int argc, char** argv) { return kubeproof::RunCommandLine(argc, argv); }
