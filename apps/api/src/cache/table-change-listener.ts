import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { TableGenerations } from './table-generations.js';

/** The channel of migration 20261207213000's triggers. */
export const TABLE_CHANGES_CHANNEL = 'klub_table_changes';
/** Sync markers share the channel; `~` cannot start a table name. */
const MARKER = '~';
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5_000;
/** A marker not back by then means the connection is deaf: it is dropped and made again. */
const MARKER_TIMEOUT_MS = 5_000;
/** A marker this often finds a connection that died without telling (no RST). */
const HEARTBEAT_MS = 15_000;

/**
 * The one `LISTEN klub_table_changes` connection of an API process (a dedicated `pg` client, not
 * one of the pool's): PostgreSQL's triggers announce every committed change there, whoever made
 * it. While it is down `generations.live` is false and nothing is answered from the cache; when
 * it is back, every kept answer counts as changed (what happened meanwhile was not heard).
 *
 * `sync()` resolves once every change committed before the call has been heard: it sends a
 * marker notification of its own and waits for it, and PostgreSQL delivers notifications in
 * commit order. Calls that arrive while a marker is on its way wait for the next one together.
 */
export class TableChangeListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private backoff = BACKOFF_MIN_MS;
  private readonly id = randomUUID().slice(0, 8);
  private markers = 0;
  private waiting: Array<() => void> = [];
  private readonly inFlight = new Map<string, Array<() => void>>();
  private sending = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private announcedDown = true;

  constructor(
    private readonly databaseUrl: string,
    private readonly generations: TableGenerations,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  /** Connects (and keeps reconnecting); resolves after the first attempt, up or not. */
  async start(): Promise<void> {
    await this.connect();
    this.heartbeat = setInterval(() => void this.sync(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: 'klub cache listener' });
    this.client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.down(client);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (n) => {
      if (n.channel !== TABLE_CHANGES_CHANNEL || n.payload === undefined) return;
      if (n.payload.startsWith(MARKER)) this.markerArrived(n.payload);
      else this.generations.changed(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${TABLE_CHANGES_CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (lost) return;
    this.backoff = BACKOFF_MIN_MS;
    this.generations.everything();
    this.generations.live = true;
    this.announcedDown = false;
    this.logger.info('response cache on: following table changes');
  }

  private down(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.generations.live = false;
    if (!this.announcedDown) this.logger.warn('response cache off: table-change listener lost');
    this.announcedDown = true;
    this.releaseAll();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    setTimeout(() => void this.connect(), wait).unref();
  }

  /** Resolves once every change committed before the call has been heard (at once while down). */
  sync(): Promise<void> {
    if (!this.client || !this.generations.live) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.sending) void this.sendMarkers();
    });
  }

  private async sendMarkers(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length) {
        const client = this.client;
        if (!client) return this.releaseAll();
        const batch = this.waiting;
        this.waiting = [];
        const marker = `${MARKER}${this.id}.${++this.markers}`;
        this.inFlight.set(marker, batch);
        const timer = setTimeout(() => {
          if (this.inFlight.has(marker)) this.down(client);
        }, MARKER_TIMEOUT_MS);
        timer.unref();
        batch.push(() => clearTimeout(timer));
        // Returns once the marker is committed; the waiters go when its notification arrives.
        await client.query('select pg_notify($1, $2)', [TABLE_CHANGES_CHANNEL, marker]).catch(() => this.down(client));
      }
    } finally {
      this.sending = false;
    }
  }

  private markerArrived(marker: string): void {
    const batch = this.inFlight.get(marker);
    if (!batch) return; // another process's marker
    this.inFlight.delete(marker);
    for (const resolve of batch) resolve();
  }

  private releaseAll(): void {
    const all = [...this.inFlight.values(), this.waiting];
    this.inFlight.clear();
    this.waiting = [];
    for (const batch of all) for (const resolve of batch) resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    this.generations.live = false;
    this.releaseAll();
    await client?.end().catch(() => undefined);
  }
}
