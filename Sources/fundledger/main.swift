import FundLedgerCLI

#if canImport(Glibc)
  import Glibc
#endif

/// The `fundledger` executable: everything lives in FundLedgerCLI; this only wires up the process.
let result = CLI.run(
  Array(CommandLine.arguments.dropFirst()),
  environment: ProcessEnvironment.current,
  standardInput: { ProcessEnvironment.readStandardInput() },
  stderrIsTerminal: isatty(2) != 0)
ProcessEnvironment.write(result.stdout, to: 1)
ProcessEnvironment.write(result.stderr, to: 2)
// `result` holds any loaded state to the end (`Context.keepUntilExit`): `exit` returns the memory at once.
withExtendedLifetime(result.kept) { exit(result.exitCode.rawValue) }
