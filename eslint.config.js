import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import checkFile from 'eslint-plugin-check-file';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import playwright from 'eslint-plugin-playwright';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One-way flow: iothub → device → store → panes → app (see README "Layout").
const panes = readdirSync(new URL('./src/panes', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const layerZones = [
  {
    target: './src/iothub',
    from: [
      './src/device',
      './src/store',
      './src/panes',
      './src/components',
      './src/app',
      './emulator',
    ],
    message: 'src/iothub is pure protocol code: it imports nothing from the rest of the project.',
  },
  {
    target: './src/device',
    from: ['./src/store', './src/panes', './src/components', './src/app'],
    message: 'src/device knows nothing of the store or the UI.',
  },
  {
    target: './src/store',
    from: ['./src/panes', './src/components', './src/app'],
    message: 'src/store knows nothing of the UI.',
  },
  {
    target: './src/components',
    from: ['./src/device', './src/store', './src/panes', './src/app'],
    message: 'src/components are presentational: they take props, not the store or the session.',
  },
  {
    target: './src/panes',
    from: ['./src/app'],
    message: 'Only src/app composes panes.',
  },
  {
    target: './emulator',
    from: ['./src/device', './src/store', './src/panes', './src/components', './src/app'],
    message: 'The emulator shares only src/iothub with the console.',
  },
  {
    // Features and sessions talk to a DeviceLink (emulator/link/device-link.ts); which transport
    // carries it stays behind the link (issue 10).
    target: ['./emulator/features', './emulator/link', './emulator/sessions.ts'],
    from: ['./emulator/mqtt', './emulator/amqp'],
    message: 'Features never know the transport: use the DeviceLink.',
  },
  ...panes.map((pane) => ({
    target: `./src/panes/${pane}`,
    from: './src/panes',
    except: [`./${pane}`],
    message: 'Panes never import each other; share through src/components or src/store.',
  })),
];

// Each protocol library is imported in one place (style-anchors §0.2); overrides below lift one
// restriction for the place that owns it, keeping the other.
const MQTT_ONLY_IN_DEVICE = { name: 'mqtt', message: 'mqtt is imported only in src/device/.' };
const RHEA_ONLY_IN_AMQP = { name: 'rhea', message: 'rhea is imported only in emulator/amqp/.' };
const AEDES_ONLY_IN_EMULATOR_MQTT = {
  name: 'aedes',
  message: 'aedes is imported only in emulator/mqtt/ (its internals only in aedes-internals.ts).',
};
const MONACO_ONLY_IN_EDITOR = {
  paths: [
    { name: '@monaco-editor/react', message: 'Monaco only in src/components/json-editor.tsx.' },
  ],
  patterns: [
    {
      group: ['monaco-editor', 'monaco-editor/*'],
      message: 'Monaco only in src/components/json-editor.tsx.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'playwright-report',
      'test-results',
      '.test-results',
      '.iothub-emulator',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX, 'check-file': checkFile },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.d.mts', '.json'] }),
      ],
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{ts,tsx}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            MQTT_ONLY_IN_DEVICE,
            AEDES_ONLY_IN_EMULATOR_MQTT,
            RHEA_ONLY_IN_AMQP,
            ...MONACO_ONLY_IN_EDITOR.paths,
          ],
          patterns: MONACO_ONLY_IN_EDITOR.patterns,
        },
      ],
    },
  },
  {
    files: ['emulator/mqtt/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [MQTT_ONLY_IN_DEVICE, RHEA_ONLY_IN_AMQP, ...MONACO_ONLY_IN_EDITOR.paths],
          patterns: MONACO_ONLY_IN_EDITOR.patterns,
        },
      ],
    },
  },
  {
    files: ['emulator/amqp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [MQTT_ONLY_IN_DEVICE, AEDES_ONLY_IN_EMULATOR_MQTT, ...MONACO_ONLY_IN_EDITOR.paths],
          patterns: MONACO_ONLY_IN_EDITOR.patterns,
        },
      ],
    },
  },
  {
    files: ['src/device/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [AEDES_ONLY_IN_EMULATOR_MQTT, RHEA_ONLY_IN_AMQP, ...MONACO_ONLY_IN_EDITOR.paths],
          patterns: MONACO_ONLY_IN_EDITOR.patterns,
        },
      ],
    },
  },
  {
    files: ['src/components/json-editor.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [MQTT_ONLY_IN_DEVICE, AEDES_ONLY_IN_EMULATOR_MQTT, RHEA_ONLY_IN_AMQP] },
      ],
    },
  },
  {
    // Emulator tests, conformance tests and benchmarks drive the device side with a raw MQTT client.
    files: ['emulator/**/*.test.ts', 'emulator/test/**', 'tests/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', MONACO_ONLY_IN_EDITOR],
    },
  },
  {
    // The UI reaches a device session only through store actions, which call the session port
    // (DEVELOPERS.md "The session port"); types may still be shared.
    files: ['src/panes/**', 'src/components/**', 'src/app/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/device/device-session*',
                '**/device/session-host*',
                '**/device/session-worker*',
                '**/device/*-port*',
                '**/store/default-port*',
                '**/store/bind-port*',
              ],
              allowTypeImports: true,
              message: 'Panes act as the device through store actions, never a session or port.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['e2e/**/*.ts'],
    ...playwright.configs['flat/recommended'],
  },
);
