// The TUI's backend: the session being recorded, the agent's compactor and the MCP servers. Nothing
// here blocks a frame: events are recorded in memory and written by the session's own writer,
// summaries run in the background, servers boot after the first frame, and the heavy modules
// (providers, tools, the MCP SDK) load only when the agent is first built.
import {once} from 'node:events';
import type {Approver} from '../agent/approval.js';
import type {AgentEvent} from '../agent/events.js';
import {mcpTable} from './mcp-view.js';
import {openRunSession, type RunSession, type SessionChoice} from '../agent/run-session.js';
import {sessionTable} from './session-view.js';
import type {RunConfig} from '../config/index.js';
import type {Compactor} from '../context/compactor.js';
import {errorMessage, UsageError} from '../errors.js';
import type {Message} from '../llm/types.js';
import type {McpServers} from '../mcp/index.js';
import {redactSecrets} from '../redact.js';
import {listSessions, resolveSessionId, startSession} from '../session/index.js';
import {visibleText} from '../terminal-text.js';
import type {ToolRegistry} from '../tools/registry.js';
import type {AgentFactory, BackendStatus, ConversationAgent, ConversationStart, TuiBackend} from './conversation-agent.js';

/** Sessions `/sessions` lists. */
const sessionsShown = 15;

/** Longest alex waits on leaving for an aborted turn to record its end, in milliseconds. */
const turnEndWaitMs = 1000;

/** What the user is asked when the session they resumed is open in another alex. */
function busyQuestion(copy: RunSession): string[] {
  const who = copy.copiedFrom!.message.replace(/; close that one first.*$/, '.');
  return [who, `Two writers would corrupt it. Continue in a copy of it (${copy.messages?.length ?? 0} messages, a new session id), or leave it to the other alex?`];
}

type Say = (text: string, tone: 'info' | 'warning' | 'error') => void;

export class TuiRuntime implements TuiBackend {
  /** Lines waiting for the TUI to attach: problems with the settings, a copied session. */
  private readonly waiting: Array<{text: string; tone: 'info' | 'warning' | 'error'}> = [];
  private sink: Say | undefined;
  private session: RunSession;
  private compactor: Compactor | undefined;
  private registry: Promise<ToolRegistry> | undefined;
  private servers: McpServers | undefined;
  private mcpStart: Promise<void> | undefined;
  /** The lines of the trust question while it waits for an answer. */
  private trustPending: string[] | undefined;
  /** A copy of a session open in another alex, while the user decides whether to continue in it. */
  private busyPending: RunSession | undefined;
  private closed = false;
  /** Aborts the turns still running when alex leaves (a signal, /exit, Ctrl+D). */
  private readonly leaving = new AbortController();
  /** Turns running now; each promise resolves once the turn's last event is recorded. */
  private readonly turns = new Set<Promise<void>>();
  private agentWarned = false;
  private snapshot: BackendStatus;
  private readonly listeners = new Set<() => void>();
  private stopWatchingSession: () => void = () => undefined;
  private stopWatchingCompactor: () => void = () => undefined;

  constructor(private readonly config: RunConfig, choice: SessionChoice) {
    const opened = openRunSession(config, choice, this.warn, {copyIfBusy: true});
    // A session open in another alex: the TUI starts empty and asks whether to continue in a copy.
    this.busyPending = opened.copiedFrom ? opened : undefined;
    this.session = opened.copiedFrom ? this.freshSession() : opened;

    for (const problem of config.mcp.problems) {
      this.waiting.push({tone: 'warning', text: visibleText(problem)});
    }

    this.snapshot = this.computeStatus();
    this.watchSession();
  }

  /** The conversation the TUI opens with. */
  get initial(): ConversationStart {
    return {sessionId: this.session.id, messages: this.session.messages};
  }

  readonly startAgent: AgentFactory = async (approver: Approver, messages?: Message[]): Promise<ConversationAgent> => {
    const session = this.session;
    const [{createAgent}, tools] = await Promise.all([import('../agent/setup.js'), this.tools()]);
    const setup = await createAgent(this.config, approver, messages, tools);
    // The agent is built again for /clear and /resume: an AGENTS.md warning is shown once.
    for (const warning of this.agentWarned ? [] : setup.warnings) {
      this.notice(visibleText(warning), 'warning');
    }

    this.agentWarned = true;

    if (session.compaction && messages === session.messages) {
      setup.compactor.restore(session.compaction);
    }

    if (session === this.session && !this.closed) {
      this.watchCompactor(setup.compactor);
    } else {
      setup.compactor.close();
    }

    const {agent} = setup;
    return {
      get model() {
        return agent.model;
      },
      setModel: (model: string) => agent.setModel(model),
      run: (prompt: string, signal: AbortSignal) => this.recordTurn(session, agent.run(prompt, AbortSignal.any([signal, this.leaving.signal]))),
    };
  };

  /** Records a turn's events as they pass; `close` waits for the end of a turn still running. */
  private async *recordTurn(session: RunSession, events: AsyncIterable<AgentEvent>): AsyncGenerator<AgentEvent> {
    let ended = () => {};
    const end = new Promise<void>(resolve => {
      ended = resolve;
    });
    this.turns.add(end);
    try {
      for await (const event of events) {
        // An in-memory append; the session's writer saves it, and syncs at the end of the turn.
        session.recorder.handle(event);
        yield event;
      }
    } finally {
      this.turns.delete(end);
      ended();
    }
  }

  /** Starts the MCP servers in the background; called after the first frame. */
  startMcp(): Promise<void> {
    this.mcpStart ??= this.bootMcp().catch((error: unknown) => this.notice(`MCP servers could not be started: ${errorMessage(error)}`, 'error'));
    return this.mcpStart;
  }

  newSession(): ConversationStart {
    this.switchTo(this.freshSession());
    return {sessionId: this.session.id};
  }

  resume(prefix: string): ConversationStart | undefined {
    const id = resolveSessionId(this.config.dataDir, prefix);
    if (id === this.session.id) {
      throw new UsageError(`Session ${id} is the one open here.`);
    }

    const next = openRunSession(this.config, {resume: id}, this.warn, {copyIfBusy: true});
    if (next.copiedFrom) {
      this.dropBusyCopy();
      this.busyPending = next;
      this.changed();
      return undefined;
    }

    this.switchTo(next);
    return {sessionId: next.id, messages: next.messages ?? [], notice: `Resumed session ${id} (${next.messages?.length ?? 0} messages).`};
  }

  answerBusy(copy: boolean): ConversationStart | undefined {
    const pending = this.busyPending;
    if (!pending) {
      return undefined;
    }

    this.busyPending = undefined;
    if (!copy) {
      void pending.recorder.close();
      this.notice(`Left session ${pending.copiedFrom!.id} to the other alex; this is session ${this.session.id}.`, 'info');
      this.changed();
      return undefined;
    }

    this.switchTo(pending);
    return {sessionId: pending.id, messages: pending.messages ?? [], notice: `Continuing in session ${pending.id}, a copy of ${pending.copiedFrom!.id} with its ${pending.messages?.length ?? 0} messages; the original stays with the other alex.`};
  }

  sessionLines(): string[] {
    const summaries = listSessions(this.config.dataDir, {directory: this.config.workspace});
    if (summaries.length === 0) {
      return [`No sessions in ${this.config.workspace} yet.`];
    }

    const lines = sessionTable(summaries.slice(0, sessionsShown), false).split('\n');
    const more = summaries.length > sessionsShown ? [`… and ${summaries.length - sessionsShown} older; alex sessions list shows them all.`] : [];
    return [...lines, ...more, '/resume <id> continues one (a unique prefix of the id is enough).'];
  }

  async compact(focus: string | undefined): Promise<string> {
    if (!this.compactor) {
      return 'Nothing to compact yet.';
    }

    const result = await this.compactor.compactNow(focus);
    return result.message;
  }

  mcp(args: string): string[] {
    const [verb = '', name] = args.trim().split(/\s+/);
    if (this.config.mcp.servers.length === 0) {
      return ['No MCP servers are configured: add them under mcpServers in the settings, or in .mcp.json at the project root.'];
    }

    const servers = this.servers;
    if (!servers) {
      return ['MCP servers are starting.'];
    }

    if (verb === 'trust') {
      if (!servers.needsTrust()) {
        return ['No project server waits for this folder to be trusted.'];
      }

      this.trustPending = undefined;
      servers.setProjectTrust(true);
      this.changed();
      return ['Trusted this folder: its .mcp.json servers start now, and on later runs until their entries change.'];
    }

    if (verb === 'restart' && name) {
      if (!servers.list().some(item => item.name === name)) {
        throw new UsageError(`No MCP server named "${visibleText(name)}"; /mcp lists them.`);
      }

      servers.restart(name);
      return [`Restarting ${visibleText(name)}.`];
    }

    if (verb !== '') {
      throw new UsageError(`Unknown /mcp argument "${visibleText(verb)}": use /mcp, /mcp trust or /mcp restart <name>.`);
    }

    const lines = mcpTable(servers.list()).split('\n');
    if (servers.needsTrust()) {
      lines.push(...this.trustQuestion(), '/mcp trust starts them (and on later runs, until their entries change).');
    }

    return lines;
  }

  statusLines(): string[] {
    const {save} = this.snapshot;
    const saved = save === undefined ? 'not recorded' : save.status === 'failing' ? `NOT SAVED: ${save.error} (${save.unsaved} records waiting; retrying)` : save.status;
    return [`Session file: ${this.session.recorder.file} (${saved})`];
  }

  status = (): BackendStatus => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Stops a running turn and waits (at most 1 s) for its end to be recorded, then saves the
   * session (bounded wait), stops a running summary and closes the MCP servers.
   */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }

    this.closed = true;
    // Aborted, a turn still records its partial reply and its end; closing the recorder first would drop them.
    this.leaving.abort(new DOMException('alex is leaving.', 'AbortError'));
    await this.turnsEnded(turnEndWaitMs);
    // A summary that came after the last request is kept, so a resume starts from it.
    for (const event of this.compactor?.settle() ?? []) {
      this.session.recorder.handle(event);
    }

    this.compactor?.close();
    this.stopWatchingSession();
    this.stopWatchingCompactor();
    this.dropBusyCopy();
    await Promise.allSettled([this.session.recorder.close(), this.mcpStart?.then(() => this.servers?.close())]);
  }

  private readonly warn = (line: string) => this.notice(redactSecrets(line), 'warning');

  private async turnsEnded(timeoutMs: number): Promise<void> {
    if (this.turns.size === 0) {
      return;
    }

    const deadline = AbortSignal.timeout(timeoutMs);
    await Promise.race([Promise.all(this.turns), once(deadline, 'abort')]);
  }

  attach(say: Say): () => void {
    this.sink = say;
    for (const {text, tone} of this.waiting.splice(0)) {
      say(text, tone);
    }

    return () => {
      if (this.sink === say) {
        this.sink = undefined;
      }
    };
  }

  private notice(text: string, tone: 'info' | 'warning' | 'error'): void {
    if (this.sink) {
      this.sink(text, tone);
    } else {
      this.waiting.push({text, tone});
    }
  }

  private tools(): Promise<ToolRegistry> {
    this.registry ??= import('../tools/registry.js').then(({ToolRegistry}) => new ToolRegistry());
    return this.registry;
  }

  private async bootMcp(): Promise<void> {
    if (this.config.mcp.servers.length === 0 || this.closed) {
      return;
    }

    const [{startMcpTools}, tools] = await Promise.all([import('../tools/mcp-tools.js'), this.tools()]);
    const servers = await startMcpTools(this.config, tools);
    if (!servers) {
      return;
    }

    if (this.closed) {
      await servers.close();
      return;
    }

    this.servers = servers;
    const reported = new Set<string>();
    const onChange = () => {
      for (const item of servers.list()) {
        if (item.state.status === 'failed' && !reported.has(item.name)) {
          reported.add(item.name);
          this.notice(`MCP server "${visibleText(item.name)}" failed: ${item.state.reason}`, 'warning');
        }

        if (item.state.status === 'ready') {
          reported.delete(item.name);
        }
      }

      this.changed();
    };

    servers.subscribe(onChange);
    onChange();
    if (!servers.needsTrust()) {
      return;
    }

    // A folder the user declined before stays declined (the answer is remembered); a new
    // folder, or one whose servers changed since it was trusted, is asked about.
    const changedSince = servers.list().some(item => item.state.status === 'untrusted' && item.state.reason !== undefined);
    if (servers.projectTrust() === 'untrusted' && !changedSince) {
      this.notice("This folder's .mcp.json servers were not started: you chose not to trust this folder. /mcp trust starts them.", 'info');
      return;
    }

    this.trustPending = this.trustQuestion();
    this.changed();
  }

  answerTrust(trusted: boolean): void {
    const servers = this.servers;
    if (!servers || this.trustPending === undefined) {
      return;
    }

    this.trustPending = undefined;
    servers.setProjectTrust(trusted);
    this.notice(trusted ? "Trusted this folder: its .mcp.json servers are starting." : "Not trusted: this folder's .mcp.json servers stay off (remembered; /mcp trust changes it).", 'info');
    this.changed();
  }

  private trustQuestion(): string[] {
    const waiting = this.servers?.list().filter(item => item.state.status === 'untrusted') ?? [];
    const entries = this.config.mcp.servers.filter(entry => waiting.some(item => item.name === entry.name));
    const launches = entries.map(({name, settings}) => `  ${visibleText(name)}: ${visibleText('url' in settings ? settings.url : [settings.command, ...(settings.args ?? [])].join(' '))}`);
    const why = waiting.some(item => item.state.status === 'untrusted' && item.state.reason) ? 'changed since this folder was trusted' : 'run only in a trusted folder';
    return [`This folder's .mcp.json has MCP servers that ${why}. Trusting the folder runs:`, ...launches];
  }

  private freshSession(): RunSession {
    const {config} = this;
    const recorder = startSession({dataDir: config.dataDir, directory: config.workspace, model: config.model, provider: config.provider, onWarning: this.warn});
    return {id: recorder.id, messages: undefined, compaction: undefined, recorder};
  }

  /** Nothing of a copy reaches the disk until it records something, so dropping it leaves no file. */
  private dropBusyCopy(): void {
    void this.busyPending?.recorder.close();
    this.busyPending = undefined;
  }

  private switchTo(next: RunSession): void {
    const previous = this.session;
    this.session = next;
    this.stopWatchingCompactor();
    this.compactor?.close();
    this.compactor = undefined;
    this.watchSession();
    this.changed();
    // Saved in the background; the writer syncs what the last turn left.
    void previous.recorder.close();
  }

  private watchSession(): void {
    this.stopWatchingSession();
    this.stopWatchingSession = this.session.recorder.subscribe(() => this.changed());
  }

  private watchCompactor(compactor: Compactor): void {
    this.stopWatchingCompactor();
    this.compactor?.close();
    this.compactor = compactor;
    this.stopWatchingCompactor = compactor.subscribe(() => this.changed());
    this.changed();
  }

  private computeStatus(): BackendStatus {
    const listed = this.servers?.list();
    const configured = this.config.mcp.servers.length;
    return {
      save: this.session.recorder.state,
      context: this.compactor?.status,
      mcp: configured === 0 ? undefined : {ready: listed?.filter(item => item.state.status === 'ready').length ?? 0, configured},
      trust: this.trustPending,
      busy: this.busyPending ? busyQuestion(this.busyPending) : undefined,
    };
  }

  private changed(): void {
    this.snapshot = this.computeStatus();
    for (const listener of this.listeners) {
      listener();
    }
  }
}
