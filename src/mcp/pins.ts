import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {McpServerEntry} from '../config/index.js';
import {log} from '../log.js';
import {launchFingerprint} from './fingerprint.js';
import {writePrivateJson} from './private-file.js';
import {folderKey} from './trust.js';

/** A version of an MCP tool that was approved: its hash, and its description as it was shown. */
export type ApprovedTool = {hash: string; description: string};

type ServerPin = {
  /** Hash of the launch definition, pinned for project servers when the folder was trusted. */
  launch?: string;
  tools: Record<string, ApprovedTool & {at: string}>;
};

/** User servers are pinned by name; project servers by folder and name, as each folder has its own `.mcp.json`. */
type PinRecord = {
  user: Record<string, ServerPin>;
  projects: Record<string, Record<string, ServerPin>>;
};

export function pinFilePath(dataDir: string): string {
  return path.join(dataDir, 'mcp-pins.json');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a key only when the object has it itself: names come from servers, `__proto__` included. */
function own<T>(object: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets a key as the object's own, even one named `__proto__`. */
function setOwn<T>(object: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(object, key, {value, enumerable: true, writable: true, configurable: true});
  return value;
}

function readRecord(file: string): PinRecord {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return {user: {}, projects: {}};
  }

  try {
    const value = JSON.parse(raw) as Partial<PinRecord>;
    if (isObject(value.user) && isObject(value.projects)) {
      return {user: value.user, projects: value.projects};
    }
  } catch {
    // Handled below.
  }

  // Nothing is approved then: every MCP tool is asked for again, and a trusted folder's servers
  // are pinned afresh as they are now.
  log.warnOnce('pin-file', 'mcp-pins.json is not readable JSON; no MCP tool counts as approved', {file});
  return {user: {}, projects: {}};
}

/**
 * What was approved of the MCP servers of one workspace, kept in `mcp-pins.json` in the data
 * folder: per tool, the hash of its name, description and schema when a call was first approved;
 * per project server, the hash of its launch definition when the folder was trusted. A change of
 * either is a reason to ask again. Only hashes and descriptions are stored, never env or header values.
 */
export class McpPins {
  private readonly file: string;
  private readonly folder: string;
  private cached: PinRecord | undefined;

  constructor(dataDir: string, workspace: string) {
    this.file = pinFilePath(dataDir);
    this.folder = folderKey(workspace);
  }

  /** The version of a server's tool last approved, if any. */
  tool(entry: McpServerEntry, tool: string): ApprovedTool | undefined {
    const tools = this.serverPin(this.record(), entry)?.tools;
    const pinned = tools && own(tools, tool);
    if (!isObject(pinned) || typeof pinned.hash !== 'string') {
      return undefined;
    }

    return {hash: pinned.hash, description: typeof pinned.description === 'string' ? pinned.description : ''};
  }

  /** Records a version of a server's tool as approved; does nothing when it already is. */
  approveTool(entry: McpServerEntry, tool: string, approved: ApprovedTool): void {
    if (this.tool(entry, tool)?.hash === approved.hash) {
      return;
    }

    this.update(record => {
      setOwn(this.serverPin(record, entry, true)!.tools, tool, {...approved, at: new Date().toISOString()});
    });
  }

  /**
   * Project servers whose launch definition differs from the one pinned when the folder was
   * trusted, with the reason each is held back. A folder trusted before alex pinned launch
   * definitions has none: its servers are pinned as they are now.
   */
  heldBack(entries: McpServerEntry[]): Map<string, string> {
    const folder = own(this.record().projects, this.folder);
    const pinned = isObject(folder) ? folder : {};
    const anyPinned = Object.values(pinned).some(pin => isObject(pin) && pin.launch !== undefined);
    if (!anyPinned) {
      this.approveLaunches(entries);
      return new Map();
    }

    const held = new Map<string, string>();
    for (const entry of entries) {
      const pin = own(pinned, entry.name);
      const launch = isObject(pin) ? pin.launch : undefined;
      const what = 'command' in entry.settings ? 'command' : 'address';
      if (launch === undefined) {
        held.set(entry.name, 'it was added to .mcp.json after this folder was trusted');
      } else if (launch !== launchFingerprint(entry.settings)) {
        held.set(entry.name, `its ${what} in .mcp.json changed since this folder was trusted`);
      }
    }

    return held;
  }

  /** Pins the launch definitions of project servers as they are now: the folder was just trusted. */
  approveLaunches(entries: McpServerEntry[]): void {
    const projectEntries = entries.filter(entry => entry.source === 'project');
    if (projectEntries.length === 0) {
      return;
    }

    this.update(record => {
      for (const entry of projectEntries) {
        this.serverPin(record, entry, true)!.launch = launchFingerprint(entry.settings);
      }
    });
  }

  private record(): PinRecord {
    this.cached ??= readRecord(this.file);
    return this.cached;
  }

  /** The pin of a server, created when asked for; a malformed one reads as none. */
  private serverPin(record: PinRecord, entry: McpServerEntry, create = false): ServerPin | undefined {
    let servers = entry.source === 'user' ? record.user : own(record.projects, this.folder);
    if (!isObject(servers)) {
      if (!create) {
        return undefined;
      }

      servers = setOwn(record.projects, this.folder, {});
    }

    const pin = own(servers, entry.name);
    if (isObject(pin) && isObject(pin.tools)) {
      return pin;
    }

    return create ? setOwn(servers, entry.name, {tools: {}}) : undefined;
  }

  /** Reads the file again before changing it, so that pins another alex wrote meanwhile are kept. */
  private update(change: (record: PinRecord) => void): void {
    const record = readRecord(this.file);
    change(record);
    this.cached = record;
    try {
      writePrivateJson(this.file, record);
    } catch (error) {
      // The approval still holds for this process; a later run asks again.
      log.warn('could not write mcp-pins.json', {file: this.file, error: String(error)});
    }
  }
}
