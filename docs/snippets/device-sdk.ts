// Point the official Azure IoT device SDK for Node at the local emulator. Start the emulator with
// TLS (`npm start -- --tls`): it prints device-1's connection string and writes its CA to
// .iothub-emulator/tls/ca.pem. Then: npx tsx docs/snippets/device-sdk.ts "<connection string>"
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import deviceSdk from 'azure-iot-device';
import { Mqtt } from 'azure-iot-device-mqtt';

const { Client, Message } = deviceSdk; // a CommonJS package: Message is not a named ESM export

export async function sendHello(connectionString: string, caPath = '.iothub-emulator/tls/ca.pem') {
  const client = Client.fromConnectionString(connectionString, Mqtt); // mqtts://localhost:8883
  await client.setOptions({ ca: readFileSync(caPath, 'utf8') }); // trust the emulator's CA
  await client.open();
  await client.sendEvent(new Message(JSON.stringify({ hello: 'emulator' })));
  await client.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await sendHello(process.argv[2] ?? '', process.argv[3]);
}
