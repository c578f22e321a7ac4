/** How many sends a channel may make right now: at most `perSecond` in any one-second window, on an injected clock. */
export class SendWindow {
  private readonly times: number[] = [];

  constructor(private readonly perSecond: number) {}

  available(now: number): number {
    while (this.times.length > 0 && this.times[0]! <= now - 1000) this.times.shift();
    return Math.max(0, this.perSecond - this.times.length);
  }

  record(now: number, n: number): void {
    for (let i = 0; i < n; i++) this.times.push(now);
  }
}
