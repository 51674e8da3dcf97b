// What a filter holds, and how many structured filters are set (the badge on "Filter options").
export type FilterValue<K extends string = string, D extends string = string> = {
  text?: string;
  kinds?: readonly K[];
  directions?: readonly D[];
  property?: { name: string; value?: string };
  acknowledged?: boolean;
  from?: number;
  to?: number;
};

/** How many structured filters are set (the free text aside). */
export function structuredCount(v: FilterValue): number {
  return [
    (v.kinds?.length ?? 0) > 0,
    (v.directions?.length ?? 0) > 0,
    v.property !== undefined,
    v.acknowledged !== undefined,
    v.from !== undefined,
    v.to !== undefined,
  ].filter(Boolean).length;
}
