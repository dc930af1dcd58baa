// The harness hands out free ports with the syncer's helper (one set of handed-out ports per process).
// Invariant: regtest daemons and syncer wallet-rpcs never receive the same port from this process.
export { freePort } from '../syncer/free-port';
