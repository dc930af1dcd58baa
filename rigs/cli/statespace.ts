// `npm run statespace [-- --json] [--dot DIR]`: explores both nets, prints a table and, with --json,
// the contract line {"alice":{...},"bob":{...}} LAST. Exit 1 on any violation or deadlock, so CI
// fails when a net edit breaks a safety rule.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { checkNetSpec, type NetSpec } from '../../shared/petri/net';
import { explore } from '../statespace/explore';
import { COMMON_RULES, ROLE_RULES } from '../statespace/rules';
import { graphToDot, netToDot } from '../statespace/dot';

// A closed pipe (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const args = process.argv.slice(2);
const json = args.includes('--json');
const dotAt = args.indexOf('--dot');
const dotDir = dotAt >= 0 ? args[dotAt + 1] : undefined;
if (dotAt >= 0 && !dotDir) {
  console.error('usage: statespace [--json] [--dot DIR]');
  process.exit(2);
}

const nets: Array<['alice' | 'bob', NetSpec]> = [
  ['alice', ALICE_NET],
  ['bob', BOB_NET],
];
const out: Record<string, unknown> = {};
let bad = 0;
for (const [role, net] of nets) {
  const structural = checkNetSpec(net);
  const { report, graph } = explore(net, [...COMMON_RULES, ...ROLE_RULES[role]], { graph: dotDir !== undefined });
  const violations = report.violations + structural.length;
  bad += violations + report.deadlocks;
  out[role] = {
    places: report.places,
    transitions: report.transitions,
    reachable: report.reachable,
    terminal: report.terminal,
    deadlocks: report.deadlocks,
    violations,
    ms: report.ms,
  };
  console.log(
    `${role.padEnd(6)} places ${report.places}  transitions ${report.transitions}  reachable ${report.reachable}  edges ${report.edges}  ` +
      `terminal ${JSON.stringify(report.terminal)}  deadlocks ${report.deadlocks}  violations ${violations}  ${report.ms} ms`,
  );
  for (const v of [...structural.map((s) => ({ rule: s.kind, detail: s.message })), ...report.violationList]) console.log(`  VIOLATION ${v.rule}: ${v.detail}`);
  if (dotDir && graph) {
    mkdirSync(dotDir, { recursive: true });
    writeFileSync(join(dotDir, `${role}-net.dot`), netToDot(net));
    writeFileSync(join(dotDir, `${role}-reachability.dot`), graphToDot(role, graph));
    console.log(`  wrote ${join(dotDir, `${role}-net.dot`)} and ${join(dotDir, `${role}-reachability.dot`)}`);
  }
}
if (json) console.log(JSON.stringify(out));
process.exitCode = bad > 0 ? 1 : 0;
