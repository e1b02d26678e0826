import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../errors.js';
import { ConcurrencyGate } from './concurrency-gate.js';

describe('ConcurrencyGate', () => {
  it('admits maxInFlight at once, queues maxQueue, and refuses the rest with OVERLOADED', async () => {
    const states: { inFlight: number; queued: number }[] = [];
    const gate = new ConcurrencyGate({ maxInFlight: 2, maxQueue: 1, onChange: (s) => states.push(s) });
    const a = await gate.acquire();
    const b = await gate.acquire();
    let waiterGranted = false;
    const waiter = gate.acquire().then((release) => {
      waiterGranted = true;
      return release;
    });
    await expect(gate.acquire()).rejects.toMatchObject({ code: 'OVERLOADED' });
    expect([gate.inFlight, gate.queued]).toEqual([2, 1]);

    a();
    a(); // a second release of the same slot changes nothing
    const c = await waiter;
    expect(waiterGranted).toBe(true);
    expect([gate.inFlight, gate.queued]).toEqual([2, 0]);
    b();
    c();
    expect([gate.inFlight, gate.queued]).toEqual([0, 0]);
    expect(states.at(-1)).toEqual({ inFlight: 0, queued: 0 });
  });

  it('serves waiters first in, first out', async () => {
    const gate = new ConcurrencyGate({ maxInFlight: 1, maxQueue: 2 });
    const first = await gate.acquire();
    const order: string[] = [];
    const second = gate.acquire().then((release) => {
      order.push('second');
      return release;
    });
    const third = gate.acquire().then((release) => {
      order.push('third');
      release();
    });
    first();
    (await second)();
    await third;
    expect(order).toEqual(['second', 'third']);
  });

  it('removes a waiter whose signal aborts', async () => {
    const gate = new ConcurrencyGate({ maxInFlight: 1, maxQueue: 1 });
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new ScenarioError('TIMEOUT', 'gave up'));
    await expect(waiting).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(gate.queued).toBe(0);
    held();
    expect(gate.inFlight).toBe(0);
  });

  it('tryAcquire takes a free slot at once and never queues', () => {
    const gate = new ConcurrencyGate({ maxInFlight: 1, maxQueue: 1 });
    const held = gate.tryAcquire();
    expect(held).toBeTypeOf('function');
    expect(gate.tryAcquire()).toBeUndefined();
    expect([gate.inFlight, gate.queued]).toEqual([1, 0]);
    held?.();
    expect(gate.inFlight).toBe(0);
  });

  it('rejects a bad configuration', () => {
    expect(() => new ConcurrencyGate({ maxInFlight: 0 })).toThrow(/maxInFlight/);
    expect(() => new ConcurrencyGate({ maxQueue: -1 })).toThrow(/maxQueue/);
  });
});
