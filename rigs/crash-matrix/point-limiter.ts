// At most n crash-matrix points at once (each is two party daemons with their syncer workers and
// wallet-rpcs: on 2 cores more would turn block waits into CPU waits). A finished point hands its
// slot straight to the next waiting one. Test tooling.
export function limiter(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(f: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    else active++;
    try {
      return await f();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
