import {constants, writeSync} from 'node:fs';
import {link, mkdir, open, rm, writeFile, type FileHandle} from 'node:fs/promises';
import {sessionPaths, temporaryPath} from './files.js';
import {acquireLock, type SessionLock} from './lock.js';
import {serializeRecord, type BodyRecord, type HeaderRecord} from './records.js';
import {summaryOf, writeSummary, type Tally} from './summary.js';

export type TranscriptWriterOptions = {
  /** The sessions folder. */
  directory: string;
  header: HeaderRecord;
  /** Every record of the session so far, to write the whole file when it is created or was removed. */
  allRecords: () => readonly BodyRecord[];
  /** The lock taken when a session was resumed; a new session takes it when its file is created. */
  lock: SessionLock | undefined;
  /** True when the transcript exists already (a resumed session): records are appended to it. */
  exists: boolean;
};

/** Creates `file` whole, as `createFileWhole` does; the temporary file goes whatever fails. */
async function createWhole(file: string, content: Buffer): Promise<void> {
  const temporary = temporaryPath(file);
  try {
    await writeFile(temporary, content, {mode: 0o600, flag: 'wx'});
    await link(temporary, file);
  } finally {
    await rm(temporary, {force: true}).catch(() => undefined);
  }
}

/** The one process appending to a transcript: it owns the file's lock and knows what reached the file. */
export class TranscriptWriter {
  private readonly options: TranscriptWriterOptions;
  private readonly paths;
  private handle: FileHandle | undefined;
  private lock: SessionLock | undefined;
  private exists: boolean;
  /** Bytes handed over but not written yet (a failed or partial write); they go first next time. */
  private outgoing = Buffer.alloc(0);
  private size = 0;

  constructor(options: TranscriptWriterOptions) {
    this.options = options;
    this.paths = sessionPaths(options.directory, options.header.id);
    this.lock = options.lock;
    this.exists = options.exists;
  }

  get file(): string {
    return this.paths.transcript;
  }

  /** True while bytes handed to `append` have not reached the file. */
  get hasUnwritten(): boolean {
    return this.outgoing.length > 0;
  }

  /**
   * Appends `text` (whole records) in one write, after anything left from a failed write; with
   * `sync` the data is on disk when this resolves. Throws on a write error and keeps the bytes.
   */
  async append(text: string, sync: boolean): Promise<void> {
    if (text !== '') {
      this.outgoing = this.outgoing.length === 0 ? Buffer.from(text) : Buffer.concat([this.outgoing, Buffer.from(text)]);
    }

    const handle = await this.openHandle();
    while (this.outgoing.length > 0) {
      const {bytesWritten} = await handle.write(this.outgoing, 0, this.outgoing.length);
      this.outgoing = this.outgoing.subarray(bytesWritten);
      this.size += bytesWritten;
    }

    if (sync) {
      await handle.datasync();
    }
  }

  /** Rewrites the summary beside the transcript; a failure is ignored, the summary can be rebuilt. */
  async updateSummary(counts: Tally): Promise<void> {
    if (!this.handle) {
      return;
    }

    try {
      await writeSummary(this.paths.summary, summaryOf(this.options.header, counts, this.size, new Date()));
    } catch {
      // `alex sessions list` rebuilds a missing or stale summary from the transcript.
    }
  }

  /** Closes the file and gives the lock up. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    this.lock?.release();
  }

  /** Synchronous last resort on process exit: writes what is left if no write is in flight. */
  appendSync(text: string): boolean {
    if (!this.handle) {
      return false;
    }

    writeSync(this.handle.fd, Buffer.concat([this.outgoing, Buffer.from(text)]));
    this.outgoing = Buffer.alloc(0);

    return true;
  }

  /** Gives up the lock without touching the file; for the process's exit. */
  releaseLock(): void {
    this.lock?.release();
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle) {
      const stats = await this.handle.stat();
      if (stats.nlink > 0) {
        return this.handle;
      }

      // The transcript was removed under us (its folder deleted): write the whole session anew.
      await this.handle.close().catch(() => undefined);
      this.handle = undefined;
      this.exists = false;
    }

    if (this.exists) {
      const handle = await this.openExisting();
      if (handle) {
        return handle;
      }
    }

    return this.create();
  }

  /** Opens a resumed transcript for appending; a torn last line is ended so the next record starts clean. */
  private async openExisting(): Promise<FileHandle | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.paths.transcript, constants.O_WRONLY | constants.O_APPEND);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.exists = false;
        return undefined;
      }

      throw error;
    }

    const {size} = await handle.stat();
    this.size = size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = await open(this.paths.transcript, 'r');
      await reader.read(last, 0, 1, size - 1).finally(() => reader.close());
      if (last[0] !== 0x0a) {
        this.outgoing = Buffer.concat([Buffer.from('\n'), this.outgoing]);
      }
    }

    this.handle = handle;

    return handle;
  }

  /** Creates the transcript whole (header and every record so far) and opens it for appending. */
  private async create(): Promise<FileHandle> {
    await mkdir(this.options.directory, {recursive: true, mode: 0o700});
    if (!this.lock?.isHeld()) {
      this.lock = acquireLock(this.options.directory, this.options.header.id);
    }

    const lines = [this.options.header, ...this.options.allRecords()].map(record => serializeRecord(record));
    const content = Buffer.from(lines.join(''));
    await createWhole(this.paths.transcript, content);
    this.outgoing = Buffer.alloc(0);
    this.size = content.length;
    this.exists = true;
    this.handle = await open(this.paths.transcript, constants.O_WRONLY | constants.O_APPEND);

    return this.handle;
  }
}
