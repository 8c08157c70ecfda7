/**
 * The subscribe/broadcast half of OHIF's PubSubService, for services that must also run in tests:
 * the prebuilt viewer does not export @ohif/core to runtime plugins, so its class cannot be
 * extended here. Same surface: `subscribe(event, fn)` returns `{ unsubscribe }`.
 */
export type Listener<T = unknown> = (payload: T) => void;

export class PubSub<Events extends Record<string, string>> {
  readonly EVENTS: Events;
  private readonly listeners = new Map<string, Set<Listener<never>>>();

  constructor(events: Events) {
    this.EVENTS = events;
  }

  subscribe<T = unknown>(event: Events[keyof Events], listener: Listener<T>): { unsubscribe: () => void } {
    if (!Object.values(this.EVENTS).includes(event)) throw new Error(`unknown event "${event}"`);
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return { unsubscribe: () => void set.delete(listener as Listener<never>) };
  }

  protected _broadcastEvent<T>(event: Events[keyof Events], payload: T): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<T>)(payload);
      } catch (err) {
        console.error(`mrseq: a listener of ${event} failed`, err);
      }
    }
  }

  /** Drop every listener (on mode exit). */
  protected _unsubscribeAll(): void {
    this.listeners.clear();
  }
}
