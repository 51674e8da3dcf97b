// IoT Hub quotas a device can run into (spec §7.1, twin limits §4.3). Sizes are bytes.

/** Largest telemetry (D2C) message: body plus properties, in bytes (spec §7.1). */
export const MAX_TELEMETRY_BYTES = 262144;
/** Largest C2D message in bytes (spec §7.1). */
export const MAX_C2D_BYTES = 65536;
/** C2D messages queued per device before the hub refuses more (spec §7.1, 403004). */
export const C2D_QUEUE_DEPTH = 50;
/** Largest direct method request or response payload in bytes (spec §7.1). */
export const MAX_METHOD_PAYLOAD_BYTES = 131072;
/** Direct method responseTimeoutInSeconds, in seconds (spec §5). */
export const METHOD_RESPONSE_TIMEOUT = { default: 30, min: 5, max: 300 } as const;
/** Direct method connectTimeoutInSeconds, in seconds (spec §5). */
export const METHOD_CONNECT_TIMEOUT = { default: 0, min: 0, max: 300 } as const;

/** Twin key length limit in UTF-8 bytes (spec §4.3). */
export const TWIN_MAX_KEY_BYTES = 1024;
/** Twin string value limit in UTF-8 bytes (spec §4.3). */
export const TWIN_MAX_STRING_BYTES = 4096;
/** Maximum nesting of objects under tags/desired/reported (spec §4.3). */
export const TWIN_MAX_DEPTH = 10;
/** Integer range IoT Hub accepts in twins: ±2^52 (spec §4.3). */
export const TWIN_MIN_INTEGER = -4503599627370496;
export const TWIN_MAX_INTEGER = 4503599627370495;
/** MQTT subscriptions a device may hold (spec §7.1). */
export const MAX_SUBSCRIPTIONS_PER_DEVICE = 5;
