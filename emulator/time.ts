// IoT Hub timestamps: UTC ISO 8601 with 7 fractional digits, as the real service emits (spec §4.1).

export function hubTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '0000Z');
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
