// A change to the settings file that loosens safety takes effect only once the user confirms it:
// a tool (or anything else) that rewrites config.json to `"approval": "yolo"` must not get a yolo
// run next time. alex keeps what was last confirmed beside the settings; the first run, with no
// record yet, trusts the file as it is, so existing setups keep working.
//
// Not a defence against a process that also rewrites the record: it lives in the data folder,
// which file tools never write without asking, but a shell command approved under --yolo can.
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {settingsPath} from './paths.js';
import type {McpServerSettings, Permissions, Settings} from './schema.js';
import {loadSettings} from './settings.js';

/** The settings that decide what runs without asking, where requests go and what commands see. */
export const reviewedKeys = ['approval', 'permissions', 'mcpServers', 'passApiKeysToCommands', 'baseUrl', 'apiKey', 'provider'] as const;

export type ReviewedKey = (typeof reviewedKeys)[number];

/** What was last confirmed of each reviewed key; the API key only as a hash, so no copy of it is kept. */
export type Confirmed = Partial<Record<ReviewedKey, unknown>>;

export type SettingChange = {
  key: ReviewedKey;
  /** One line for people: what the change widens. */
  text: string;
};

/** A change to the settings file that loosens safety and waits for the user. */
export type SettingsReview = {
  file: string;
  changes: SettingChange[];
  /** The settings file as it was reviewed: what confirming records. */
  settings: Settings;
};

export function confirmationFile(dataDir: string): string {
  return path.join(dataDir, 'confirmed-settings.json');
}

/** JSON with object keys sorted, so equal values compare equal as text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }

  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

/** The reviewed keys of settings as they are recorded. */
export function snapshot(settings: Settings): Confirmed {
  const recorded: Confirmed = {};
  for (const key of reviewedKeys) {
    const value = settings[key];
    if (value !== undefined) {
      recorded[key] = key === 'apiKey' ? `sha256:${createHash('sha256').update(String(value)).digest('hex')}` : value;
    }
  }

  return recorded;
}

/** The last confirmed settings, or undefined when alex never recorded any (or the record is unreadable). */
export function readConfirmed(dataDir: string): Confirmed | undefined {
  try {
    const value = JSON.parse(readFileSync(confirmationFile(dataDir), 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Confirmed) : undefined;
  } catch {
    return undefined;
  }
}

/** Records `confirmed` as what the user accepted: a private file, written whole through a rename. */
export function writeConfirmed(dataDir: string, confirmed: Confirmed): void {
  const file = confirmationFile(dataDir);
  mkdirSync(dataDir, {recursive: true, mode: 0o700});
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(confirmed, null, 2)}\n`, {mode: 0o600});
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    // A full disk must not keep a half-written record in the data folder.
    rmSync(temporary, {force: true});
    throw error;
  }
}

/** A record that cannot be written (a read-only data folder) is tried again next run; the run goes on. */
function recordQuietly(dataDir: string, confirmed: Confirmed): void {
  try {
    writeConfirmed(dataDir, confirmed);
  } catch {
    // Nothing is lost: with no record the next run trusts the file again, as this one did.
  }
}

const approvalRank: Record<string, number> = {ask: 0, 'auto-edit': 1, yolo: 2};

function permissionsOf(value: unknown): Permissions {
  const rules = (value ?? {}) as Partial<Permissions>;
  return {allow: rules.allow ?? [], deny: rules.deny ?? []};
}

function serversOf(value: unknown): Record<string, McpServerSettings> {
  return (value ?? {}) as Record<string, McpServerSettings>;
}

/** The MCP servers of `after` that are not in `before` exactly as they are there. */
function newServers(before: unknown, after: unknown): string[] {
  const known = serversOf(before);
  return Object.entries(serversOf(after))
    .filter(([name, server]) => !Object.hasOwn(known, name) || canonical(known[name]) !== canonical(server))
    .map(([name]) => name);
}

/** What changing `key` from `before` to `after` widens, or undefined when it widens nothing. */
function loosening(key: ReviewedKey, before: unknown, after: unknown): string | undefined {
  if (canonical(before) === canonical(after)) {
    return undefined;
  }

  switch (key) {
    case 'approval': {
      const [from, to] = [String(before ?? 'ask'), String(after ?? 'ask')];
      return (approvalRank[to] ?? 2) > (approvalRank[from] ?? 2) ? `approval: ${from} → ${to}` : undefined;
    }

    case 'permissions': {
      const [from, to] = [permissionsOf(before), permissionsOf(after)];
      const allowed = to.allow.filter(rule => !from.allow.includes(rule)).map(rule => `allow + ${JSON.stringify(rule)}`);
      const undenied = from.deny.filter(rule => !to.deny.includes(rule)).map(rule => `deny − ${JSON.stringify(rule)}`);
      const parts = [...allowed, ...undenied];
      return parts.length > 0 ? `permissions: ${parts.join(', ')}` : undefined;
    }

    case 'mcpServers': {
      const names = newServers(before, after);
      return names.length > 0 ? `mcpServers: new or changed ${names.map(name => JSON.stringify(name)).join(', ')}` : undefined;
    }

    case 'passApiKeysToCommands': {
      return after === true ? 'passApiKeysToCommands: → true' : undefined;
    }

    case 'apiKey': {
      return after === undefined ? undefined : 'apiKey: a different key';
    }

    case 'baseUrl':
    case 'provider': {
      return `${key}: ${before === undefined ? '(default)' : JSON.stringify(before)} → ${after === undefined ? '(default)' : JSON.stringify(after)}`;
    }
  }
}

/** The value of `key` a run uses while its loosening change waits: the stricter of both versions. */
function stricter(key: ReviewedKey, confirmed: unknown, settings: Settings): unknown {
  switch (key) {
    case 'permissions': {
      const [from, to] = [permissionsOf(confirmed), permissionsOf(settings.permissions)];
      return {allow: to.allow.filter(rule => from.allow.includes(rule)), deny: [...new Set([...from.deny, ...to.deny])]};
    }

    case 'mcpServers': {
      const changed = new Set(newServers(confirmed, settings.mcpServers));
      return Object.fromEntries(Object.entries(serversOf(settings.mcpServers)).filter(([name]) => !changed.has(name)));
    }

    case 'apiKey': {
      // Only its hash was kept: a changed key is not used at all until confirmed.
      return undefined;
    }

    default: {
      return confirmed;
    }
  }
}

/** The loosening changes from what was confirmed to `settings`. */
export function changesSince(confirmed: Confirmed, settings: Settings): SettingChange[] {
  const current = snapshot(settings);
  return reviewedKeys.flatMap(key => {
    const text = loosening(key, confirmed[key], current[key]);
    return text === undefined ? [] : [{key, text}];
  });
}

/**
 * The settings a run may use: the file as it is when nothing in it loosens safety since it was
 * last confirmed (the record then follows the file), else the file with each loosened key at the
 * stricter of its confirmed and current values, and the change to review.
 */
export function reviewSettings(settings: Settings, dataDir: string, file: string): {settings: Settings; review?: SettingsReview} {
  const confirmed = readConfirmed(dataDir);
  const changes = confirmed === undefined ? [] : changesSince(confirmed, settings);
  if (confirmed === undefined || changes.length === 0) {
    const current = snapshot(settings);
    if (canonical(confirmed) !== canonical(current)) {
      recordQuietly(dataDir, current);
    }

    return {settings};
  }

  const effective: Record<string, unknown> = {...settings};
  for (const {key} of changes) {
    effective[key] = stricter(key, confirmed[key], settings);
    if (effective[key] === undefined) {
      delete effective[key];
    }
  }

  return {settings: effective as Settings, review: {file, changes, settings}};
}

/** What the settings file loosens now since it was last confirmed; no changes when it was never confirmed. */
export function pendingReview(dataDir: string): SettingsReview {
  const file = settingsPath(dataDir);
  const settings = loadSettings(file);
  const confirmed = readConfirmed(dataDir);

  return {file, settings, changes: confirmed === undefined ? [] : changesSince(confirmed, settings)};
}

/** `alex config confirm`, or yes in the TUI: records the settings that were reviewed as confirmed. */
export function confirmReview(dataDir: string, review: SettingsReview): void {
  writeConfirmed(dataDir, snapshot(review.settings));
}

function isReviewedKey(key: string): key is ReviewedKey {
  return (reviewedKeys as readonly string[]).includes(key);
}

/**
 * `alex config set key value`: the user chose that value, so it is confirmed; other keys keep
 * what was confirmed before, so a change someone else made to them still waits for review.
 */
export function confirmSetKey(dataDir: string, before: Settings, key: string, value: unknown): void {
  const confirmed: Confirmed = {...(readConfirmed(dataDir) ?? snapshot(before))};
  if (isReviewedKey(key)) {
    confirmed[key] = snapshot({[key]: value} as Settings)[key];
  }

  writeConfirmed(dataDir, confirmed);
}

/** One line for a headless run: which loosening settings it holds back, and how to accept them. */
export function heldBackLine(review: SettingsReview): string {
  const keys = [...new Set(review.changes.map(change => change.key))].join(', ');
  return `${review.file} changed since its settings were last confirmed (${keys}); this run keeps the confirmed values of those keys. Run alex config confirm to review and accept the change, or confirm it when the alex TUI asks.`;
}
