/**
 * The sync batch on the wire, version 2 (compact): what every event of a batch repeats is said once. The
 * batch names its hub and site (each event's `source` has them), a table of the event types and one of the
 * source modules; each event is an array, not a map, so no key is sent per event:
 *
 *   { v: 2, hubId, siteId, lane, types: [type…], modules: [module…],
 *     events: [[seq, id, typeIndex, version, occurredAt, moduleIndex, data, correlationId?]…] }
 *
 * `occurredAt` is milliseconds since the epoch when the envelope's ISO time is the canonical one that
 * number gives back (`toISOString`), else the text itself; `correlationId` is left out when it is the
 * event's id. `data` stays a map. Version 1 is the plain `SyncBatch` map (no `v`): the cloud accepts both
 * and expands a version 2 batch into it before any check, so every check is the same for both.
 * Rule: the cloud is deployed before hubs that send a newer version; it refuses a version it does not know
 * (400), and a hub of this build sends version 2.
 */
import { decodeCbor, encodeCbor } from "../cbor/index.ts";
import { AppError } from "../errors/index.ts";
import type { EventEnvelope } from "../events/envelope.ts";
import type { SyncLane } from "./lanes.ts";

export const SYNC_WIRE_VERSION = 2;

type CompactEvent = [number, string, number, number, number | string, number, unknown, string?];

/** Builds a version 2 body event by event: `add` returns the event's encoded size, for the byte bound. */
export class CompactBatchWriter {
  private readonly types: string[] = [];
  private readonly modules: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  private readonly moduleIndex = new Map<string, number>();
  private readonly events: CompactEvent[] = [];
  private readonly head: { hubId: string; siteId: string; lane: SyncLane };

  constructor(head: { hubId: string; siteId: string; lane: SyncLane }) {
    this.head = head;
  }

  get count(): number {
    return this.events.length;
  }

  /**
   * Adds the event without measuring it: for a batch whose whole body is encoded once and measured then
   * (measuring each event encodes it twice).
   */
  append(envelope: EventEnvelope, seq: number): void {
    this.add(envelope, this.compact(envelope, seq));
  }

  /** The event as it would be written, and its encoded size (a new type or module adds its name once). */
  prepare(envelope: EventEnvelope, seq: number): { event: CompactEvent; bytes: number } {
    const event = this.compact(envelope, seq);
    let bytes = encodeCbor(event).byteLength;
    if (!this.typeIndex.has(envelope.type)) bytes += envelope.type.length + 2;
    if (!this.moduleIndex.has(envelope.source.module)) bytes += envelope.source.module.length + 2;
    return { event, bytes };
  }

  private compact(envelope: EventEnvelope, seq: number): CompactEvent {
    const at = Date.parse(envelope.occurredAt);
    const canonical = Number.isFinite(at) && new Date(at).toISOString() === envelope.occurredAt;
    const event: CompactEvent = [
      seq,
      envelope.id,
      this.index(this.typeIndex, this.types, envelope.type, false),
      envelope.version,
      canonical ? at : envelope.occurredAt,
      this.index(this.moduleIndex, this.modules, envelope.source.module, false),
      envelope.data,
    ];
    if (envelope.correlationId !== envelope.id) event.push(envelope.correlationId);
    return event;
  }

  /** Adds an event made by `prepare` (for the same envelope). */
  add(envelope: EventEnvelope, event: CompactEvent): void {
    event[2] = this.index(this.typeIndex, this.types, envelope.type, true);
    event[5] = this.index(this.moduleIndex, this.modules, envelope.source.module, true);
    this.events.push(event);
  }

  encode(): Uint8Array<ArrayBuffer> {
    return encodeCbor({
      v: SYNC_WIRE_VERSION,
      ...this.head,
      types: this.types,
      modules: this.modules,
      events: this.events,
    });
  }

  private index(map: Map<string, number>, list: string[], name: string, add: boolean): number {
    let i = map.get(name);
    if (i === undefined) {
      i = list.length;
      if (add) {
        map.set(name, i);
        list.push(name);
      }
    }
    return i;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const bad = (message: string) => new AppError("VALIDATION_ERROR", `invalid sync batch: ${message}`);

/**
 * Decodes a sync body (version 1 or 2) into the plain `SyncBatch` shape, unchecked: the caller validates it
 * with `syncBatchSchema` as it would a version 1 batch. A version 2 batch that does not hold together (an
 * index outside its table, an event that is not an array) is a VALIDATION_ERROR here.
 */
export function readSyncBody(body: Uint8Array): unknown {
  const decoded = decodeCbor(body);
  if (!isRecord(decoded) || decoded.v === undefined) return decoded;
  if (decoded.v !== SYNC_WIRE_VERSION) throw bad(`wire version ${String(decoded.v)} is not supported`);
  const { hubId, siteId, lane, types, modules, events } = decoded;
  if (!Array.isArray(types) || !Array.isArray(modules) || !Array.isArray(events))
    throw bad("types, modules and events must be arrays");
  return {
    hubId,
    siteId,
    lane,
    events: events.map((e, index) => {
      if (!Array.isArray(e) || e.length < 7 || e.length > 8)
        throw bad(`event ${index} is not an event array`);
      const [seq, id, type, version, occurredAt, module, data, correlationId] = e as CompactEvent;
      const typeName = types[type as number];
      const moduleName = modules[module as number];
      if (typeof typeName !== "string" || typeof moduleName !== "string")
        throw bad(`event ${index} names a type or module outside the batch's tables`);
      return {
        seq,
        id,
        type: typeName,
        version,
        occurredAt: typeof occurredAt === "number" ? isoOrNull(occurredAt) : occurredAt,
        correlationId: correlationId ?? id,
        source: { siteId, hubId, module: moduleName },
        data,
      };
    }),
  };
}

function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}
