// Public entry of the syncer layer for the daemon runtime: one supervisor per chain, its spawn port, config defaults, health.
// Invariant: callers reach workers only through a Supervisor (validated tasks in, validated events out), never the channel itself.
export { startSupervisor, type Supervisor, type SupervisorEvent, type SupervisorOptions, type SyncerHealth, type SupervisorErrorKind } from './supervisor';
export { forkSpawnPort, WORKER_ENTRY, type SpawnPort, type WorkerHandle } from './spawn-port';
export { btcWorkerConfig, xmrWorkerConfig } from './worker-config-defaults';
export { probe, type SupervisorProbe } from './supervisor-probe';
export { createJsonRpcClient, type JsonRpcClient, type RpcError, type RpcErrorKind } from './json-rpc-client';
