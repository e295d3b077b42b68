/**
 * What a desired-state producer is: a value naming its section and schema version, and a function from the
 * module's own data (its explicit, small deps) to that version's payload. A module lists its producers (in its
 * manifest); the document is assembled from every list, and a version is served to the hubs that know it.
 */
import type { SectionName, SectionPayload, SectionVersion } from "../../../shared/desired-state/index.ts";

export interface SectionProducer<
  D,
  N extends SectionName = SectionName,
  V extends SectionVersion<N> = SectionVersion<N>,
> {
  section: N;
  version: V;
  produce(deps: D, siteId: string): Promise<SectionPayload<N, V>>;
}

/** Any (section, version) producer over deps `D`: the element type of a module's producer list. */
export type AnySectionProducer<D> = {
  [N in SectionName]: { [V in SectionVersion<N>]: SectionProducer<D, N, V> }[SectionVersion<N>];
}[SectionName];

/** Checks a producer's payload against its section's schema at that version, at compile time. */
export function defineProducer<D, N extends SectionName, V extends SectionVersion<N>>(
  producer: SectionProducer<D, N, V>,
): SectionProducer<D, N, V> {
  return producer;
}
